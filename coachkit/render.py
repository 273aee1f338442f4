"""HTML for what the exercises show: prompts, rubrics, feedback. Pure functions, no widgets.

Every piece of text that a learner or a content file wrote is escaped here, so an answer
holding ``<script>`` is shown as text, never run.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from coachkit.feedback import Criterion, Feedback
from coachkit.practice import ChoiceFeedback
from coachkit.schema import Reply, Scenario

__all__ = ["bullet_list", "choice_feedback", "history", "feedback", "message", "reply_prompt", "rubric", "scenario_prompt",
           "STYLE",
           "transcript"]

#: Colours of the feedback lines, with their meaning.
PASS_COLOUR = "#1b7f3b"  # a check fully met
PARTIAL_COLOUR = "#a15c00"  # some credit
FAIL_COLOUR = "#b3261e"  # no credit

STYLE = """<style>
.ck-card{border:1px solid #d0d7de;border-radius:8px;padding:12px 16px;margin:8px 0;background:#fff;max-width:860px}
.ck-customer{font-size:1.15em;font-style:italic;margin:6px 0}
.ck-meta{color:#57606a;font-size:.9em}
.ck-rubric li,.ck-feedback li{margin:3px 0}
.ck-score{font-weight:600;font-size:1.1em}
.ck-evidence{background:#fff8c5;padding:0 2px;border-radius:3px}
.ck-message{padding:6px 10px;border-radius:6px;background:#f6f8fa}
.ck-message.ck-warn{background:#fff1e5;color:#7a3a00}
.ck-counter{color:#7a0d0d;margin-top:6px}
.ck-line{margin:4px 0}.ck-says-customer b{color:#57606a}.ck-says-seller b{color:#0b5cad}
</style>"""


#: Bidirectional embedding, override and isolate controls: pasted into an answer, they would turn the text shown after
#: them around (a quote of the learner's words must read as typed), so they are left out where text is shown.
_BIDI = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def _e(text: object) -> str:
    return escape(str(text).translate(_BIDI), quote=True)


def scenario_prompt(scenario: Scenario, position: str = "", counter: bool = False) -> str:
    """The customer, the situation and the objection (and, to rewrite, the seller's counter-argument)."""
    meta = " · ".join(_e(p) for p in (scenario.context.replace("-", " "), scenario.difficulty, position) if p)
    rebuttal = (f'<div class="ck-counter">The seller answered: <s>“{_e(scenario.counter_argument)}”</s></div>'
                if counter else "")
    return (
        f'<div class="ck-card ck-prompt"><div class="ck-meta">{meta}</div>'
        f"<div><b>{_e(scenario.customer)}</b> — {_e(scenario.situation)}</div>"
        f'<div class="ck-customer">“{_e(scenario.objection)}”</div>{rebuttal}</div>'
    )


def transcript(lines: Iterable[tuple[str, str]], customer: str = "Customer") -> str:
    """A dialogue, one line per turn: who speaks and what they say."""
    rows = "".join(
        f'<div class="ck-line ck-says-{_e(who)}"><b>{_e(customer if who == "customer" else "You")}:</b> {_e(text)}</div>'
        for who, text in lines)
    return f'<div class="ck-card ck-transcript">{rows}</div>'


def history(records, limit: int = 5) -> str:
    """A learner's earlier attempts on an exercise: count, best score, the latest few (escaped)."""
    if not records:
        return ""
    best = max(r.score for r in records)
    rows = "".join(
        f"<li>{_e(r.created.strftime('%d %b %H:%M'))} · {r.score:.0%} · “{_e(r.answer[:200])}"
        f"{'…' if len(r.answer) > 200 else ''}”</li>" for r in reversed(records[-limit:]))
    return (f'<details class="ck-card ck-history"><summary>Your previous attempts: {len(records)} · best score '
            f"{best:.0%}</summary><ul>{rows}</ul></details>")


def bullet_list(title: str, items: Iterable[str], cls: str = "") -> str:
    """A titled list of short lines (a debrief, reasons)."""
    lis = "".join(f"<li>{_e(i)}</li>" for i in items)
    return f'<div class="ck-card {_e(cls)}"><b>{_e(title)}</b><ul>{lis}</ul></div>'



def reply_prompt(reply: Reply, position: str = "") -> str:
    """A seller's reply to classify, with what the customer said before it."""
    before = f'<div class="ck-meta">Customer: “{_e(reply.customer)}”</div>' if reply.customer else ""
    meta = " · ".join(_e(p) for p in (reply.context.replace("_", " "), reply.difficulty, position) if p)
    return (f'<div class="ck-card ck-prompt"><div class="ck-meta">{meta}</div>{before}'
            f'<div class="ck-customer">Seller: “{_e(reply.text)}”</div></div>')


#: Said under a rubric whose checks get the second opinion (:mod:`coachkit.second_opinion`).
SECOND_OPINION_NOTE = ("Each check is read by the rules of the kit, then compared with how coaches judged answers worded "
                       "like yours: where they held back, the check can drop one level, and it then names the words.")


def rubric(criteria: Iterable[Criterion], second_opinion: bool = False) -> str:
    """The rubric, shown before the attempt (with a line on the second opinion where its checks get one)."""
    items = "".join(f"<li><b>{_e(c.name)}</b> ({c.weight:g} pt) — {_e(c.looks_for)}</li>" for c in criteria)
    note = f'<div class="ck-meta">{_e(SECOND_OPINION_NOTE)}</div>' if second_opinion else ""
    return f'<div class="ck-card ck-rubric"><b>What is looked for</b><ul>{items}</ul>{note}</div>'


def message(text: str, warn: bool = False) -> str:
    """A short notice (a refused answer, an error of the kit)."""
    return f'<div class="ck-message{" ck-warn" if warn else ""}" role="status">{_e(text)}</div>'


def _colour(credit: float, weight: float) -> str:
    if credit >= weight:
        return PASS_COLOUR
    return PARTIAL_COLOUR if credit > 0 else FAIL_COLOUR


def feedback(result: Feedback) -> str:
    """One line per check: passed or not, its credit, its message; then the score and the moves read."""
    if result.refused:
        return message(result.refused, warn=True)
    lines = []
    for c in result.checks:
        mark = "✔" if c.passed else ("◐" if c.credit > 0 else "✘")
        lines.append(f'<li style="color:{_colour(c.credit, c.weight)}"><b>{mark} {_e(c.name)}</b> '
                     f"({c.credit:g}/{c.weight:g}) — {_e(c.message)}</li>")
    moves = ", ".join(_e(m.replace("_", " ")) for m in result.move_names) or "none recognised"
    verdict = "Passed" if result.passed else "Not yet"
    blocked = f'<div class="ck-blocked">{_e(result.blocked)} It cannot pass as it stands.</div>' if result.blocked else ""
    return (f'<div class="ck-card ck-feedback"><div class="ck-score">{verdict}: score {result.score:.0%}</div>{blocked}'
            f"<ul>{''.join(lines)}</ul><div class=\"ck-meta\">Moves read in your answer: {moves}</div></div>")


def choice_feedback(result: ChoiceFeedback) -> str:
    """Feedback on a "spot the move" answer, one line per move picked or expected."""
    if result.refused:
        return message(result.refused, warn=True)
    lines = "".join(
        f'<li style="color:{PASS_COLOUR if r.correct else FAIL_COLOUR}">{"✔" if r.correct else "✘"} '
        f"{_e(r.message)}</li>" for r in result.results
    )
    verdict = "All right" if result.passed else "Not yet"
    return (f'<div class="ck-card ck-feedback"><div class="ck-score">{verdict}: score {result.score:.0%}</div>'
            f"<ul>{lines}</ul><div>{_e(result.explanation)}</div></div>")
