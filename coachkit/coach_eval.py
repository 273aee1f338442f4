"""Measure the kit's feedback against a coach: ``python -m coachkit.coach_eval FILE.yaml [...]``.

Each file is a set of coach-judged answers (:class:`coachkit.judged.JudgedAnswer`). Every answer
is scored by the kit's own scorer for its kind; each check's credit becomes a level (all of it:
pass, none: fail, some: partial) and is compared with the coach's. Printed per kind and per check:
agreement (same level), false praise (coach fail, kit pass), false blame (coach pass, kit fail);
then, over all checks, the same figures; the pass agreement (the kit passes exactly the answers the
coach calls good); and every disagreement, with the kit's message, so it can be read and argued.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from coachkit import content
from coachkit.feedback import Check, Feedback
from coachkit.judged import JUDGED_CHECKS, JudgedAnswer
from coachkit.second_opinion import level, rules_only  # level: a check's credit as a coach's level

__all__ = ["CoachReport", "Outcome", "evaluate", "judge", "level", "main", "read_sets"]


@cache
def _items() -> dict[str, object]:
    """Every item an answer can name, by id: scenarios, statements, openings, clients, situations."""
    found: dict[str, object] = {}
    for kind in ("scenarios", "statements", "openings", "client_frames", "situations"):
        found.update({x.id: x for x in content.load(kind)})
    return found


def _followup_words(situation) -> str:
    from coachkit.planner import customer_words

    return customer_words(situation)


def _scorers() -> dict[str, Callable[[str, object], Feedback]]:
    from coachkit import empathy, feedback
    from coachkit.score_opening import score_opening

    return {
        "accept_explore": lambda text, item: feedback.accept_and_explore(text, item),
        "reformulate": lambda text, item: feedback.reformulation(text, item),
        "ask_permission": lambda text, item: feedback.permission_request(text, item),
        "protocol": lambda text, item: feedback.protocol_reply(text, item),
        "empathy": lambda text, item: feedback.projection_vs_empathy(text),
        "opening": lambda text, item: score_opening(text, item),
        "client_frame": lambda text, item: empathy.score_client_frame(text, item),
        "followup": lambda text, item: feedback.followup_message(text, _followup_words(item)),
    }


def judge(answer: JudgedAnswer) -> tuple[Feedback, dict[str, tuple[str, Check | None]]]:
    """The kit's feedback on one answer, and its level per judged check (with the check that decided it)."""
    item = _items().get(answer.item)
    if item is None:
        raise KeyError(f"{answer.id}: item {answer.item!r} is not in data/")
    result = _scorers()[answer.kind](answer.answer, item)
    levels: dict[str, tuple[str, Check | None]] = {}
    for name in JUDGED_CHECKS[answer.kind]:
        checks = [c for c in result.checks if c.name == name or (name == "In their frame" and c.name.startswith("Item "))]
        if not checks:
            levels[name] = ("fail", None)
            continue
        shares = [level(c.credit, c.weight) for c in checks]
        passed = shares.count("pass") / len(shares)  # one check per item: pass if all, fail if most are not
        lvl = shares[0] if len(set(shares)) == 1 else "partial" if len(checks) == 1 or passed >= 0.5 else "fail"
        worst = min(checks, key=lambda c: c.credit / c.weight if c.weight else 0)
        levels[name] = (lvl, worst)
    return result, levels


@dataclass
class Tally:
    """Agreement counts for one check (or for all checks together)."""

    n: int = 0
    agree: int = 0
    false_praise: int = 0
    false_blame: int = 0

    def add(self, coach: str, kit: str) -> None:
        self.n += 1
        self.agree += coach == kit
        self.false_praise += coach == "fail" and kit == "pass"
        self.false_blame += coach == "pass" and kit == "fail"

    def row(self, label: str) -> str:
        n = self.n or 1
        return (f"{label:<40}{self.n:>5}{self.agree / n:>10.3f}{self.false_praise / n:>8.3f}"
                f"{self.false_blame / n:>8.3f}")


@dataclass(frozen=True)
class Outcome:
    """One answer as the coach and the kit judged it."""

    answer: JudgedAnswer
    feedback: Feedback
    levels: dict[str, tuple[str, Check | None]]

    @property
    def kit_passed(self) -> bool:
        return self.feedback.passed

    @property
    def coach_passed(self) -> bool:
        return self.answer.overall == "good"


@dataclass
class CoachReport:
    """Per-kind, per-check tallies, the pass agreement, and every outcome."""

    outcomes: list[Outcome] = field(default_factory=list)
    checks: dict[tuple[str, str], Tally] = field(default_factory=dict)
    total: Tally = field(default_factory=Tally)

    @property
    def check_agreement(self) -> float:
        return self.total.agree / self.total.n if self.total.n else 0.0

    @property
    def false_praise(self) -> float:
        return self.total.false_praise / self.total.n if self.total.n else 0.0

    @property
    def false_blame(self) -> float:
        return self.total.false_blame / self.total.n if self.total.n else 0.0

    @property
    def pass_agreement(self) -> float:
        n = len(self.outcomes)
        return sum(o.kit_passed == o.coach_passed for o in self.outcomes) / n if n else 0.0

    @property
    def passes_poor(self) -> int:
        """Answers the coach calls poor that the kit passes: the worst error there is."""
        return sum(o.kit_passed and o.answer.overall == "poor" for o in self.outcomes)


def evaluate(answers: Iterable[JudgedAnswer]) -> CoachReport:
    """Score every answer with the kit and tally its agreement with the coach."""
    report = CoachReport()
    for answer in answers:
        result, levels = judge(answer)
        report.outcomes.append(Outcome(answer, result, levels))
        for name, coach in answer.checks.items():
            kit = levels[name][0]
            report.checks.setdefault((answer.kind, name), Tally()).add(coach, kit)
            report.total.add(coach, kit)
    return report


def format_report(report: CoachReport, disagreements: bool = True) -> str:
    lines = [f"{'kind / check':<40}{'n':>5}{'agree':>10}{'praise':>8}{'blame':>8}"]
    for kind in JUDGED_CHECKS:
        for name in JUDGED_CHECKS[kind]:
            if (kind, name) in report.checks:
                lines.append(report.checks[(kind, name)].row(f"{kind} / {name}"))
    lines.append(report.total.row("all checks"))
    if disagreements:
        lines += ["", "disagreements (coach → kit):"]
        for o in report.outcomes:
            for name, coach in o.answer.checks.items():
                kit, check = o.levels[name]
                if kit != coach:
                    said = check.message if check else "(no such check)"
                    lines.append(f"  {o.answer.id} {o.answer.kind} / {name}: {coach} → {kit} | {o.answer.answer!r} | kit: {said}")
            if o.kit_passed != o.coach_passed:
                lines.append(f"  {o.answer.id} {o.answer.kind} / verdict: {o.answer.overall} → "
                             f"{'pass' if o.kit_passed else 'no pass'} ({o.feedback.score:.2f}) | {o.answer.answer!r}")
    lines.append("")
    lines.append(f"answers {len(report.outcomes)}; check agreement {report.check_agreement:.3f}; "
                 f"false praise {report.false_praise:.3f}; false blame {report.false_blame:.3f}; "
                 f"pass agreement {report.pass_agreement:.3f}; poor answers passed {report.passes_poor}")
    return "\n".join(lines)


def read_sets(paths: Iterable[Path]) -> list[JudgedAnswer]:
    """The answers of each file, validated; raises ContentInvalid naming file, entry and field."""
    answers: list[JudgedAnswer] = []
    errors = []
    for path in paths:
        models, problems = content._load_files("judged", [Path(path)], None)
        answers += models
        errors += problems
    if errors:
        raise content.ContentInvalid(errors)
    return answers


def compare_coaches(first: Iterable[JudgedAnswer], second: Iterable[JudgedAnswer]) -> CoachReport:
    """How two coaches agree on the answers both judged (matched by id): the ceiling the kit is measured against.

    The first coach is read as the reference, the second as the one measured (in the kit's place)."""
    reference = {a.id: a for a in first}
    report = CoachReport()
    for other in second:
        answer = reference.get(other.id)
        if answer is None:
            continue
        levels = {name: (level_, None) for name, level_ in other.checks.items()}
        verdict = Feedback((Check("overall", True, 1.0, 1.0, other.overall),)) if other.overall == "good" else Feedback(
            blocked=f"the second coach calls it {other.overall}")
        report.outcomes.append(Outcome(answer, verdict, levels))
        for name, coach in answer.checks.items():
            report.checks.setdefault((answer.kind, name), Tally()).add(coach, other.checks[name])
            report.total.add(coach, other.checks[name])
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coachkit.coach_eval",
                                     description="How often the kit's feedback agrees with a coach, check by check.")
    parser.add_argument("files", nargs="+", type=Path, help="coach-judged sets (YAML, 'answers:' list)")
    parser.add_argument("--kind", action="append", choices=sorted(JUDGED_CHECKS), help="only these kinds")
    parser.add_argument("--quiet", action="store_true", help="figures only, no list of disagreements")
    parser.add_argument("--second-coach", type=Path, metavar="FILE",
                        help="instead of the kit, measure a second coach's verdicts on the same answers (by id)")
    parser.add_argument("--rules-only", action="store_true",
                        help="score without the checks' second opinion (coachkit.second_opinion): the rules alone")
    args = parser.parse_args(argv)
    try:
        answers = read_sets(args.files)
        if args.kind:
            answers = [a for a in answers if a.kind in args.kind]
        with rules_only() if args.rules_only else nullcontext():
            report = (compare_coaches(answers, read_sets([args.second_coach])) if args.second_coach
                      else evaluate(answers))
    except (content.ContentInvalid, KeyError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(format_report(report, disagreements=not args.quiet))
    return 0


if __name__ == "__main__":
    sys.exit(main())
