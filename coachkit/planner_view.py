"""What the follow-up module's apps show: pure functions that return escaped HTML or SVG.

No widgets and no pandas here: the apps in :mod:`coachkit.widgets._followup` call the planner
and the feedback engine, then hand plain values (dates, strings, the planner's ``timeline``
points, a ``PlanScore``) to these functions. Every piece of text that a learner or a content
file wrote is escaped, so an idea or a touch holding ``<script>`` is shown as text, never run.

* :func:`timeline_svg` draws a plan as an inline SVG: one mark per touch, coloured by what the
  touch brings (:data:`TOUCH_COLOURS`), with the budget window and the decision date;
* :func:`gauge` / :func:`gauges` draw presence and heaviness as CSS bars;
* :func:`plan_table`, :func:`reasons`, :func:`situation_card`, :func:`import_problems` and
  :func:`download_link` make the rest of the planner's screen;
* :func:`engine_reading`, :func:`classify_feedback`, :func:`chaser_prompt` and
  :func:`idea_item` serve the three smaller exercises;
* :func:`idea_links` and :func:`pair_chasers` are the two small pieces of matching those
  exercises need, built on :func:`coachkit.wordforms.content_stems`.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from html import escape
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from coachkit.feedback import Feedback
from coachkit.schema import FollowupMessage, Situation
from coachkit.wordforms import content_stems, tokens

if TYPE_CHECKING:  # the planner imports pandas; this module must not
    from coachkit.planner import PlanScore

__all__ = [
    "STYLE",
    "TOUCH_COLOURS",
    "TOUCH_LABELS",
    "chaser_prompt",
    "classify_feedback",
    "day_label",
    "download_link",
    "engine_reading",
    "followup_prompt",
    "gauge",
    "gauges",
    "idea_item",
    "idea_links",
    "idea_summary",
    "import_problems",
    "pair_chasers",
    "plan_table",
    "reasons",
    "situation_card",
    "situation_sources",
    "timeline_svg",
]

#: The colour of a touch on the timeline and in the table, by what the planner read in it.
TOUCH_COLOURS = {
    "value": "#1b7f3b",  # brings something new, tied to the customer's words
    "weak": "#c77700",  # nothing new, or something new that is not tied to their words
    "pressure": "#b3261e",  # chases: "just checking in", urgency, guilt
}
#: How each colour is named in the legend and in tooltips.
TOUCH_LABELS = {"value": "new value", "weak": "weak: nothing new or not tied", "pressure": "chasing"}
#: Marks of a kind the view does not know (never expected from the planner) are grey.
UNKNOWN_COLOUR = "#6e7781"

GOOD, MIDDLE, BAD = "#1b7f3b", "#c77700", "#b3261e"

STYLE = """<style>
.ck-gauges{display:flex;gap:24px;flex-wrap:wrap;max-width:860px}
.ck-gauge{flex:1 1 300px}
.ck-gauge-head{display:flex;justify-content:space-between;font-size:.95em;margin-bottom:3px}
.ck-gauge-track{position:relative;height:16px;border-radius:8px;background:#eaeef2;overflow:hidden}
.ck-gauge-fill{height:100%;border-radius:8px;transition:width .3s}
.ck-gauge-mark{position:absolute;top:0;bottom:0;width:2px;background:#1f2328;opacity:.55}
.ck-reasons li{margin:3px 0}
.ck-plan-table{border-collapse:collapse;width:100%;max-width:860px;font-size:.92em}
.ck-plan-table th,.ck-plan-table td{border-bottom:1px solid #d0d7de;padding:4px 6px;text-align:left;vertical-align:top}
.ck-plan-table th{background:#f6f8fa}
.ck-dot{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:4px;vertical-align:middle}
.ck-issues{color:#57606a;font-size:.9em;margin:2px 0 0 0;padding-left:1.1em}
.ck-download{display:inline-block;padding:5px 12px;margin:2px 8px 2px 0;border:1px solid #0b5cad;border-radius:6px;
 color:#0b5cad;font-weight:600;text-decoration:none;background:#fff}
.ck-download:hover{background:#eef5ff}
.ck-timeline svg{max-width:100%;height:auto;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.ck-idea{border-left:4px solid #d0d7de;padding:4px 10px;margin:4px 0;background:#fff}
.ck-idea.ck-linked{border-left-color:#1b7f3b}
.ck-idea.ck-unlinked{border-left-color:#c77700}
.ck-idea.ck-chasing{border-left-color:#b3261e}
.ck-idea-text{font-weight:600}
.ck-words li{margin:2px 0}
</style>"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _day(value: Any) -> date:
    """A ``datetime.date`` from a date, a datetime or a pandas Timestamp (anything with ``.date()``)."""
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if hasattr(value, "date"):
        return value.date()
    return date.fromisoformat(str(value)[:10])


def day_label(value: Any, year: bool = True) -> str:
    """A day as the kit writes it: "Fri 7 Mar 2025" (without the year when ``year`` is false)."""
    return _show(_day(value), year)


def _show(d: date, year: bool = False) -> str:
    return f"{d:%a} {d.day} {d:%b}" + (f" {d.year}" if year else "")


def _colour_class(colour: object) -> str:
    return colour if colour in TOUCH_COLOURS else "unknown"


def _quotes(words: Iterable[str], limit: int = 4) -> str:
    return ", ".join(f"“{_e(w)}”" for w in list(dict.fromkeys(words))[:limit])


# --------------------------------------------------------------------------- the timeline


def timeline_svg(points: Sequence[Mapping[str, Any]], start: date, end: date,
                 budget_window: tuple[date, date] | None = None, decision: date | None = None,
                 width: int = 760) -> str:
    """The plan on a time axis, as an inline SVG.

    ``points`` are the planner's :func:`~coachkit.planner.timeline` dicts (``index``, ``date``,
    ``channel``, ``value``, ``colour``, ``message``). Each touch is one circle of class
    ``ck-tl-touch ck-tl-<colour>`` numbered like the plan's rows (``index + 1``), with a tooltip
    naming its date, channel, reading and message. Touches too close to tell apart stack upwards. The
    axis runs from ``start`` (the last meeting) to ``end`` and stretches to hold any touch
    outside it; the budget window is a shaded band, the decision date a dashed line.
    """
    start, end = _day(start), _day(end)
    days = [_day(p["date"]) for p in points]
    candidates = [start, end, *days] + ([_day(decision)] if decision else [])
    lo, hi = min(candidates), max(candidates)
    if (hi - lo).days < 7:
        hi = lo + timedelta(days=7)
    years = len({d.year for d in candidates}) > 1
    span = (hi - lo).days
    left, right, radius = 24, 24, 10

    def x(d: date) -> float:
        return round(left + (d - lo).days / span * (width - left - right), 1)

    # a mark that would overlap one already placed goes one row up (touches a day or two apart, the same day)
    placed: list[list[float]] = []  # the x positions of the marks on each row
    level = []
    for d in days:
        row = next((r for r, xs in enumerate(placed) if all(abs(x(d) - other) > 2 * radius + 2 for other in xs)),
                   len(placed))
        if row == len(placed):
            placed.append([])
        placed[row].append(x(d))
        level.append(row)
    tallest = max(len(placed), 1)
    axis = 64 + (tallest - 1) * (2 * radius + 4) + radius  # y of the axis line
    height = axis + 44

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="ck-timeline-svg" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" role="img" aria-label="{_e(_summary(points, start, end))}">',
             f"<title>{_e(_summary(points, start, end))}</title>"]
    # legend
    lx = left
    for key, colour in TOUCH_COLOURS.items():
        parts.append(f'<circle class="ck-tl-legend" cx="{lx + 6}" cy="14" r="6" fill="{colour}"/>'
                     f'<text x="{lx + 16}" y="18" font-size="12" fill="#1f2328">{_e(TOUCH_LABELS[key])}</text>')
        lx += 28 + 7 * len(TOUCH_LABELS[key])
    # budget window
    if budget_window:
        opens, closes = _day(budget_window[0]), _day(budget_window[1])
        a, b = max(opens, lo), min(closes + timedelta(days=1), hi)
        if a <= b:
            parts.append(f'<rect class="ck-tl-budget" x="{x(a)}" y="30" width="{max(2.0, round(x(b) - x(a), 1))}" '
                         f'height="{axis - 30}" fill="#ddeaff" opacity="0.8">'
                         f"<title>{_e(f'Budget window: {_show(opens, years)} to {_show(closes, years)}')}</title></rect>"
                         f'<text x="{x(a) + 4}" y="44" font-size="11" fill="#0b5cad">budget window</text>')
    # axis and month ticks
    parts.append(f'<line x1="{left}" y1="{axis}" x2="{width - right}" y2="{axis}" stroke="#57606a" stroke-width="1.5"/>')
    month = date(lo.year, lo.month, 1)
    while month <= hi:
        if month >= lo:
            label = f"{month:%b}" + (f" {month.year}" if years and month.month == 1 else "")
            parts.append(f'<line x1="{x(month)}" y1="{axis}" x2="{x(month)}" y2="{axis + 5}" stroke="#57606a"/>'
                         f'<text class="ck-tl-month" x="{x(month)}" y="{axis + 18}" font-size="11" fill="#57606a" '
                         f'text-anchor="middle">{_e(label)}</text>')
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    # the last meeting and the decision
    parts.append(f'<line class="ck-tl-start" x1="{x(start)}" y1="26" x2="{x(start)}" y2="{axis}" stroke="#1f2328" '
                 f'stroke-width="1.5"/><text x="{x(start) + 3}" y="{axis + 34}" font-size="11" fill="#1f2328">'
                 f"{_e('last meeting ' + _show(start, years))}</text>")
    if decision:
        d = _day(decision)
        parts.append(f'<line class="ck-tl-decision" x1="{x(d)}" y1="26" x2="{x(d)}" y2="{axis}" stroke="#b3261e" '
                     f'stroke-dasharray="4 3" stroke-width="1.5"/><text x="{x(d) - 3}" y="{axis + 34}" font-size="11" '
                     f'fill="#b3261e" text-anchor="end">{_e("decision " + _show(d, years))}</text>')
    # the touches
    if not points:
        parts.append(f'<text class="ck-tl-empty" x="{width / 2}" y="{axis - 14}" font-size="13" fill="#57606a" '
                     'text-anchor="middle">No touches yet: add one with something new for the customer.</text>')
    for p, d, up in zip(points, days, level, strict=True):
        cls = _colour_class(p.get("colour"))
        cy = axis - radius - 4 - up * (2 * radius + 4)
        number = int(p.get("index", 0)) + 1
        value = float(p.get("value", 0) or 0)
        tip = (f"{number}. {_show(d, years)} · {p.get('channel', '')} · {TOUCH_LABELS.get(cls, 'unread')} "
               f"(score {value:.0%}): {str(p.get('message', ''))[:160]}")
        parts.append(f'<g class="ck-tl-mark"><circle class="ck-tl-touch ck-tl-{cls}" data-index="{number - 1}" '
                     f'cx="{x(d)}" cy="{cy}" r="{radius}" fill="{TOUCH_COLOURS.get(cls, UNKNOWN_COLOUR)}" '
                     f'stroke="#fff" stroke-width="1.5"><title>{_e(tip)}</title></circle>'
                     f'<text x="{x(d)}" y="{cy + 4}" font-size="11" font-weight="700" fill="#fff" text-anchor="middle" '
                     f'pointer-events="none">{number}</text></g>')
    parts.append("</svg>")
    return f'<div class="ck-timeline">{"".join(parts)}</div>'


def _summary(points: Sequence[Mapping[str, Any]], start: date, end: date) -> str:
    counts = {k: sum(1 for p in points if p.get("colour") == k) for k in TOUCH_COLOURS}
    read = ", ".join(f"{n} {TOUCH_LABELS[k].split(':')[0]}" for k, n in counts.items() if n)
    return (f"Timeline of the plan from {_show(start, True)} to {_show(end, True)}: "
            f"{len(points)} touch{'es' if len(points) != 1 else ''}" + (f" ({read})" if read else ""))


# --------------------------------------------------------------------------- gauges and reasons


def gauge(name: str, share: float, mark: float, higher_is_better: bool, verdict: str, meaning: str) -> str:
    """One gauge as a CSS bar: ``share`` (0..1) filled, a tick at ``mark``, green when on the good side."""
    share = max(0.0, min(1.0, float(share)))
    good = share >= mark if higher_is_better else share <= mark
    halfway = share >= mark / 2 if higher_is_better else share <= (1 + mark) / 2
    colour = GOOD if good else (MIDDLE if halfway else BAD)
    slug = _e(name.lower().replace(" ", "-"))
    percent = round(share * 100)
    return (f'<div class="ck-gauge ck-gauge-{slug}" role="meter" aria-label="{_e(name)}" aria-valuemin="0" '
            f'aria-valuemax="100" aria-valuenow="{percent}" data-value="{share:.3f}">'
            f'<div class="ck-gauge-head"><span><b>{_e(name)}</b> <span class="ck-gauge-value">{percent}%</span></span>'
            f'<span class="ck-gauge-verdict" style="color:{colour}">{_e(verdict)}</span></div>'
            f'<div class="ck-gauge-track"><div class="ck-gauge-fill" style="width:{percent}%;background:{colour}"></div>'
            f'<div class="ck-gauge-mark" style="left:{round(mark * 100)}%" title="{_e(f"mark: {mark:.0%}")}"></div></div>'
            f'<div class="ck-meta">{_e(meaning)}</div></div>')


def gauges(score: PlanScore, present_mark: float, light_mark: float) -> str:
    """Presence and heaviness side by side."""
    presence = gauge("Presence", score.presence, present_mark, True,
                     "present" if score.present else "not present enough",
                     "there with something new, no long silences, inside the budget window")
    heaviness = gauge("Heaviness", score.heaviness, light_mark, False, "light" if score.light else "heavy",
                      "too close, too many, chasing, more of the same")
    return f'<div class="ck-gauges">{presence}{heaviness}</div>'


def reasons(score: PlanScore) -> str:
    """The reasons behind the two gauges, as a list."""
    items = "".join(f"<li>{_e(r)}</li>" for r in score.reasons)
    return f'<div class="ck-card ck-reasons"><b>Why these gauges</b><ul>{items}</ul></div>'


# --------------------------------------------------------------------------- the plan table and its screen


def plan_table(rows: Sequence[Mapping[str, Any]], score: PlanScore | None = None) -> str:
    """The touches as a table, numbered from 1, each with the planner's reading (colour and issues)."""
    if not rows:
        return '<div class="ck-plan-table ck-meta">The plan is empty: fill in the form below and press Add.</div>'
    touches = list(score.touches) if score is not None else []
    body = []
    for i, row in enumerate(rows):
        t = touches[i] if i < len(touches) else None
        cls = _colour_class(t.colour if t else None)
        reading = (f'<span class="ck-dot" style="background:{TOUCH_COLOURS.get(cls, UNKNOWN_COLOUR)}"></span>'
                   f"{_e(TOUCH_LABELS.get(cls, 'not read'))}")
        if t and t.issues:
            reading += '<ul class="ck-issues">' + "".join(f"<li>{_e(issue)}</li>" for issue in t.issues) + "</ul>"
        body.append(f'<tr class="ck-touch-row ck-row-{cls}"><td>{i + 1}</td><td>{_e(_show(_day(row["date"]), True))}</td>'
                    f'<td>{_e(row.get("channel", ""))}</td><td>{_e(row.get("message", ""))}</td>'
                    f'<td>{_e(row.get("new_value", ""))}</td><td>{_e(row.get("answers", ""))}</td><td>{reading}</td></tr>')
    head = "".join(f"<th>{h}</th>" for h in ("#", "date", "channel", "message", "new value", "answers", "reading"))
    return f'<table class="ck-plan-table"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def situation_sources(situation: Situation) -> list[str]:
    """What every touch or idea should answer: the customer's own words, then the problems they raised."""
    return [*situation.last_meeting_words, *situation.problems]


def situation_card(situation: Situation, with_calendar: bool = True) -> str:
    """The customer after the proposal: their words, their problems and (for planning) their calendar."""
    words = "".join(f'<li class="ck-customer">“{_e(w)}”</li>' for w in situation.last_meeting_words)
    problems = "".join(f"<li>{_e(p)}</li>" for p in situation.problems)
    calendar = ""
    if with_calendar:
        window = situation.budget_window
        liked = ", ".join(situation.channels_preferred or []) or "not said"
        calendar = (f'<div class="ck-meta">Last meeting: {_e(_show(situation.last_meeting, True))} · budget window: '
                    f"{_e(_show(window.opens, True))} to {_e(_show(window.closes, True))} · decision expected: "
                    f"{_e(_show(situation.decision_date, True))} · prefers: {_e(liked)}</div>")
    return (f'<div class="ck-card ck-situation"><div><b>{_e(situation.customer)}</b>, {_e(situation.company)}</div>'
            f'<div class="ck-meta">You proposed: {_e(situation.proposal)}</div>'
            f'<div>What they said at the last meeting:</div><ul class="ck-words">{words}</ul>'
            f"<div>The problems they raised:</div><ul>{problems}</ul>{calendar}</div>")


def import_problems(filename: str, problems: Iterable[object]) -> str:
    """Why a plan file could not be imported: one line per problem, naming its row (or event) and field."""
    items = "".join(f"<li>{_e(p)}</li>" for p in problems)
    return (f'<div class="ck-message ck-warn ck-import-error" role="alert">{_e(filename)} could not be imported; '
            f"nothing was changed. Fix these and import it again:<ul>{items}</ul></div>")


def download_link(label: str, filename: str, mime: str, content: str | bytes, cls: str) -> str:
    """A link that saves ``content`` as ``filename``: a base64 data: URL, so it needs no server route."""
    data = content.encode("utf-8") if isinstance(content, str) else bytes(content)
    href = f"data:{mime};charset=utf-8;base64,{base64.b64encode(data).decode('ascii')}"
    return (f'<a class="ck-download {_e(cls)}" href="{href}" download="{_e(quote(filename, safe=" ._-"))}" '
            f'target="_blank" rel="noopener">{_e(label)}</a>')


# --------------------------------------------------------------------------- heavy or helpful


def followup_prompt(message: FollowupMessage, position: str = "") -> str:
    """The moment before the message, and the seller's message to sort."""
    meta = f'<div class="ck-meta">{_e(position)}</div>' if position else ""
    return (f'<div class="ck-card ck-prompt">{meta}<div class="ck-meta">Before: {_e(message.situation)}</div>'
            f'<div class="ck-customer">Seller: “{_e(message.text)}”</div></div>')


def engine_reading(result: Feedback) -> str:
    """What the feedback engine read in a message: its moves with the words that show them, and its checks."""
    if result.refused:
        return f'<div class="ck-message ck-warn">{_e(result.refused)}</div>'
    moves = "".join(f"<li><b>{_e(d.move.value.replace('_', ' '))}</b>: {_quotes(s.text for s in d.evidence) or '—'}</li>"
                    for d in result.moves) or "<li>no move recognised</li>"
    checks = "".join(f'<li style="color:{GOOD if c.passed else (MIDDLE if c.credit > 0 else BAD)}">'
                     f"{'✔' if c.passed else '✘'} <b>{_e(c.name)}</b> — {_e(c.message)}</li>" for c in result.checks)
    return (f'<div class="ck-card ck-engine"><b>What the feedback engine read</b><ul>{moves}</ul>'
            f'<div class="ck-meta">Its checks on this message:</div><ul>{checks}</ul></div>')


def classify_feedback(message: FollowupMessage, picked: str, result: Feedback, tally: str = "") -> str:
    """Right or not, why (the coach's reason), and what the engine read."""
    names = {"pressure": "pressure", "new_value": "new value"}
    right = picked == message.label
    verdict = (f"Right: this is {names[message.label]}." if right
               else f"Not quite: you said {names.get(picked, picked)}, but this is {names[message.label]}.")
    colour = GOOD if right else BAD
    extra = f'<div class="ck-meta ck-tally">{_e(tally)}</div>' if tally else ""
    return (f'<div class="ck-card ck-feedback ck-{"right" if right else "wrong"}">'
            f'<div class="ck-score" style="color:{colour}">{_e(verdict)}</div>'
            f'<div class="ck-why"><b>Why:</b> {_e(message.why)}</div>{extra}</div>{engine_reading(result)}')


# --------------------------------------------------------------------------- rewrite the chaser


def pair_chasers(situations: Sequence[Situation],
                 followups: Sequence[FollowupMessage]) -> list[tuple[Situation, FollowupMessage]]:
    """Each situation with a chasing message to rewrite: the unused ``pressure`` message whose setting
    shares the most words with the customer (their name, company, words and problems); ties go to the
    earlier message. When every chaser is used, they are used again in the same way."""
    chasers = [f for f in followups if f.label == "pressure"]
    if not chasers:
        return []
    used: set[str] = set()
    pairs = []
    for s in situations:
        theirs = content_stems(" ".join([s.customer, s.company, *situation_sources(s)]))
        free = [f for f in chasers if f.id not in used] or chasers
        best = max(free, key=lambda f: len(content_stems(f.situation) & theirs))  # max keeps the first of ties
        used.add(best.id)
        pairs.append((s, best))
    return pairs


def chaser_prompt(situation: Situation, chaser: FollowupMessage, position: str = "") -> str:
    """The customer, their words and the chasing message the learner was about to send."""
    meta = f'<div class="ck-meta">{_e(position)}</div>' if position else ""
    return (f'<div class="ck-prompt-box">{meta}{situation_card(situation, with_calendar=False)}'
            f'<div class="ck-card ck-chaser"><div class="ck-meta">The message you were about to send:</div>'
            f'<div class="ck-customer">“{_e(chaser.text)}”</div></div></div>')


# --------------------------------------------------------------------------- idea meetings


def idea_links(idea: str, sources: Sequence[str]) -> list[tuple[str, tuple[str, ...]]]:
    """The sources (customer's words or problems) an idea shares meaningful words with, and the idea's
    words that make each link (any word form: "rotas" links to "rota"), in the sources' order."""
    toks = tokens(idea)
    links = []
    for source in sources:
        shared = content_stems(idea) & content_stems(source)
        if shared:
            words = tuple(dict.fromkeys(t.text for t in toks if t.stem in shared))
            links.append((source, words))
    return links


def idea_item(idea: str, links: Sequence[tuple[str, Sequence[str]]], chasing: Sequence[str] = ()) -> str:
    """One idea with its message: what it answers, or why it is not yet a reason to call."""
    if chasing:
        cls, note = "ck-chasing", (f"✘ Reads as chasing ({_quotes(chasing)}): an idea meeting produces reasons to call "
                                   "that help the customer, not reminders to answer you.")
    elif links:
        answered = "; ".join(f"“{_e(source)}” (through {_quotes(words)})" for source, words in links[:2])
        cls, note = "ck-linked", f"✔ A reason to call: it answers {answered}."
    else:
        cls, note = "ck-unlinked", ("✘ No link to what they said yet. Which of their words or problems does this idea "
                                    "help with? Say it in their terms.")
    return (f'<div class="ck-idea {cls}"><div class="ck-idea-text">{_e(idea)}</div>'
            f'<div class="ck-idea-note">{note}</div></div>')


def idea_summary(count: int, linked: int, uncovered: Sequence[str]) -> str:
    """How many ideas are reasons to call, and which of the customer's words no idea answers yet."""
    if not count:
        return ('<div class="ck-message ck-idea-summary">No ideas yet. Aim for at least one idea per thing the '
                "customer said or problem they raised.</div>")
    gaps = ("Nothing yet for: " + "; ".join(f"“{_e(u)}”" for u in uncovered) + ".") if uncovered else \
        "Every one of their words and problems has at least one idea: you have reasons to call."
    return (f'<div class="ck-message ck-idea-summary">{linked} of {count} idea{"s" if count != 1 else ""} '
            f"{'is a reason' if linked == 1 else 'are reasons'} to call. {gaps}</div>")
