"""Train the checks' second opinion: ``python -m coachkit.train_checks [--check]``.

Reads the open coach-judged sets (``data/labelled/judged_set*.yaml``; never the sealed ones under
``tests/data/sealed/``) and the kit's own model answers (each passed on every check), scores every answer with
the rules alone, and fits, for each judged check of each
exercise kind the scorers share (:func:`coachkit.rubric.scorer`), one L1-penalised multinomial logistic
regression from the answer's words and the rules' levels to the coach's level. Writes
``coachkit/lexicons/check_model.json`` with the sets it learned from and their hashes. ``--check`` fails
when the judged sets or the model answers no longer match those hashes (a set was added or edited, a model
answer rewritten, but the model not rebuilt).

Needs scikit-learn (the ``test`` extra); the kit itself scores with the written weights only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from coachkit import second_opinion as so
from coachkit.config import (
    CHECK_MODEL_ANCHOR_WEIGHT,
    CHECK_MODEL_C,
    CHECK_MODEL_LEVEL_WEIGHT,
    CHECK_MODEL_MIN_DF,
    CHECK_MODEL_MIN_ITEMS,
    CHECK_MODEL_MIN_WORD_PUSH,
    CHECK_MODEL_THRESHOLD,
)

__all__ = ["Example", "examples", "judged_sets", "main", "model_answers", "train"]

#: Exercise kinds the second opinion covers: those scored through ``rubric.scorer`` (the client-frame
#: worksheet is judged per item line, which one answer-level opinion cannot place).
KINDS = ("accept_explore", "reformulate", "ask_permission", "protocol", "empathy", "opening", "followup")
ABOUT = {
    "what": "the checks' second opinion (coachkit.second_opinion): per exercise kind and judged check, an "
            "L1 logistic regression from an answer's words and the rules' levels to a coach's level",
    "source": "coach-judged answers of data/labelled/judged_set*.yaml, written and judged for this kit by writers "
              "who never saw its code (docs/coach_sets.md); trained by python -m coachkit.train_checks",
    "licence": "BSD-3-Clause, as the kit",
}


@dataclass(frozen=True)
class Example:
    """One judged answer as the trainer reads it: its words, the rules' levels, the coach's levels."""

    kind: str
    item: str
    found: frozenset[str]
    rules: dict[str, str]
    coach: dict[str, str]
    weight: float = 1.0  # a model answer's is CHECK_MODEL_ANCHOR_WEIGHT


def judged_sets(root: Path | None = None) -> list[Path]:
    """The open coach-judged sets, in name order."""
    from coachkit.config import data_dir

    return sorted((root or data_dir()).joinpath("labelled").glob("judged_set*.yaml"))


def _digest(paths: Iterable[Path]) -> dict[str, str]:
    """Each judged set's hash, and the kit's model answers' (``model answers``): what the file was trained on."""
    found = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()[:16] for p in paths}
    anchors = "\n".join(f"{a.id}\t{a.answer}" for a in model_answers())
    found["model answers"] = hashlib.sha256(anchors.encode()).hexdigest()[:16]
    return found


#: The kit's own model answers (shown after an attempt) by exercise kind: the protocol steps joined, as the
#: practice app shows them, and each meeting's model opening. A coach passes them on every check.
MODEL_STEPS = {
    "accept_explore": ("acknowledge_explore",),
    "reformulate": ("reformulate",),
    "ask_permission": ("ask_permission",),
    "protocol": ("acknowledge_explore", "reformulate", "ask_permission"),
}


def model_answers() -> list:
    """The kit's model answers as judged answers passed on every check (the trainer's anchors)."""
    from coachkit import content
    from coachkit.judged import JUDGED_CHECKS, JudgedAnswer

    out = []
    for scenario in content.load("scenarios"):
        for kind, steps in MODEL_STEPS.items():
            text = " ".join(getattr(scenario.model_answers, step) for step in steps)
            out.append(JudgedAnswer(id=f"model-{scenario.id}-{kind}", kind=kind, item=scenario.id, answer=text,
                                    checks=dict.fromkeys(JUDGED_CHECKS[kind], "pass"), overall="good"))
    for opening in content.load("openings"):
        out.append(JudgedAnswer(id=f"model-{opening.id}", kind="opening", item=opening.id, answer=opening.model_opening,
                                checks=dict.fromkeys(JUDGED_CHECKS["opening"], "pass"), overall="good"))
    return out


def examples(paths: Sequence[Path], anchors: bool = True) -> list[Example]:
    """Every answer of the sets, scored by the rules alone; then the kit's model answers (``anchors``)."""
    from coachkit.coach_eval import judge, read_sets
    from coachkit.transcript import spoken

    out = []
    with so.rules_only():
        weighed = [(a, 1.0) for a in read_sets(list(paths))]
        weighed += [(a, CHECK_MODEL_ANCHOR_WEIGHT) for a in (model_answers() if anchors else [])]
        for answer, weight in weighed:
            if answer.kind not in KINDS:
                continue
            _, levels = judge(answer)
            out.append(Example(answer.kind, answer.item, frozenset(so.words(spoken(answer.answer))),
                               {k: v[0] for k, v in levels.items()}, dict(answer.checks),
                               weight))
    return out


def train(rows: Sequence[Example], about: dict | None = None) -> so.Model:
    """Fit one regression per (kind, judged check); words in fewer than CHECK_MODEL_MIN_DF answers, or met
    under fewer than CHECK_MODEL_MIN_ITEMS items, are left out."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    by_kind: dict[str, list[Example]] = defaultdict(list)
    for r in rows:
        by_kind[r.kind].append(r)
    judged, checks = {}, {}
    for kind, group in sorted(by_kind.items()):
        names = tuple(group[0].rules)
        judged[kind] = names
        df = Counter(w for r in group for w in r.found)
        items: dict[str, set[str]] = defaultdict(set)
        for r in group:
            for w in r.found:
                items[w].add(r.item)
        common = {w for w, n in df.items() if n >= CHECK_MODEL_MIN_DF and len(items[w]) >= CHECK_MODEL_MIN_ITEMS}
        for name in names:
            xs = [so.features(r.found & common, name, r.rules, CHECK_MODEL_LEVEL_WEIGHT) for r in group]
            ys = [r.coach[name] for r in group]
            if len(set(ys)) < 2:
                continue
            vec = DictVectorizer()
            fit = LogisticRegression(C=CHECK_MODEL_C, l1_ratio=1.0, solver="saga", max_iter=3000, random_state=0)
            matrix = vec.fit_transform(xs).tocsr()
            matrix.indices, matrix.indptr = matrix.indices.astype("int32"), matrix.indptr.astype("int32")
            fit.fit(matrix, ys, sample_weight=[r.weight for r in group])
            coef, bias = fit.coef_, fit.intercept_
            if len(fit.classes_) == 2:  # one logit w·x + b for the second class: as two softmax rows, ∓ half of it
                coef, bias = [-coef[0] / 2, coef[0] / 2], [-bias[0] / 2, bias[0] / 2]
            weights = {f: tuple(float(c[i]) for c in coef) for i, f in enumerate(vec.feature_names_)
                       if any(abs(c[i]) > 1e-9 for c in coef)}
            checks[kind, name] = so.CheckModel(tuple(str(c) for c in fit.classes_), tuple(float(b) for b in bias),
                                               weights)
    return so.Model(CHECK_MODEL_THRESHOLD, CHECK_MODEL_LEVEL_WEIGHT, CHECK_MODEL_MIN_WORD_PUSH, judged, checks,
                    about or {})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coachkit.train_checks", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the shipped model was not trained on today's sets")
    args = parser.parse_args(argv)
    paths = judged_sets()
    sources = _digest(paths)
    target = Path(str(so.path()))
    if args.check:
        if not target.is_file():
            print(f"{target}: missing; run python -m coachkit.train_checks", file=sys.stderr)
            return 1
        shipped = json.loads(target.read_text(encoding="utf-8")).get("about", {}).get("sets", {})
        if shipped != sources:
            changed = sorted(set(shipped.items()) ^ set(sources.items()))
            names = ", ".join(sorted({name for name, _ in changed}))
            print(f"{target}: out of date with the judged sets ({names}); run python -m coachkit.train_checks",
                  file=sys.stderr)
            return 1
        print(f"{target.name}: up to date ({len(paths)} judged sets and the model answers)")
        return 0
    rows = examples(paths)
    fresh = train(rows, {**ABOUT, "answers": len(rows), "sets": sources})
    text = json.dumps(fresh.to_json(), separators=(",", ":"), ensure_ascii=False)
    target.write_text(text + "\n", encoding="utf-8")
    cues = sum(len(m.weights) for m in fresh.checks.values())
    print(f"wrote {target} ({len(rows)} answers of {len(paths)} sets, {len(fresh.checks)} checks, {cues} weights, "
          f"{len(text) // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
