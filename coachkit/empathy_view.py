"""What the empathy module's apps show: pure functions that return escaped HTML or SVG.

No widgets here: the apps in :mod:`coachkit.widgets._empathy` call :mod:`coachkit.empathy` and
:mod:`coachkit.feedback`, then hand plain values (a statement, a refusal, a ``FrameReading``, an
``AllianceResult``) to these functions. Every piece of text that a learner or a content file wrote
is escaped, so an answer holding ``<script>`` is shown as text, never run.

* :func:`statement_prompt`, :func:`sort_feedback` and :func:`marked` serve "projection or empathy?";
* :func:`refusal_prompt` and :func:`motive_meaning` serve "diagnose the no";
* :func:`projection_prompt` and :func:`frame_reading` serve the rewrite of a projection;
* :func:`client_frame_prompt` and :func:`opening_prompt` show a client and a first meeting;
* :func:`alliance_svg` draws the alliance self-check as an inline SVG bar chart of its three
  dimensions, with the weak-point line; :func:`alliance_profile` adds the scores in words and one
  suggestion per weak point.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape

from coachkit.empathy import ALLIANCE_DIMENSIONS, RULES, AllianceResult, FrameReading
from coachkit.feedback import Feedback
from coachkit.schema import MOTIVES, ClientFrame, Opening, Refusal, Statement

__all__ = [
    "FRAME_COLOURS",
    "FRAME_TITLES",
    "STYLE",
    "alliance_profile",
    "alliance_svg",
    "client_frame_prompt",
    "frame_reading",
    "marked",
    "motive_label",
    "motive_meaning",
    "opening_prompt",
    "projection_prompt",
    "refusal_prompt",
    "response_letter",
    "sort_feedback",
    "statement_prompt",
]

#: How each frame is named on the buttons, in feedback and in the frame reading.
FRAME_TITLES = {
    "projection": "Projection: the seller's frame",
    "empathy": "Empathy: the client's frame",
    "other": "Other: neither frame",
}
#: The colour each frame is shown in (projection pushes, empathy opens, other is neutral).
FRAME_COLOURS = {"projection": "#b3261e", "empathy": "#1b7f3b", "other": "#57606a"}

GOOD, MIDDLE, BAD = "#1b7f3b", "#a15c00", "#b3261e"

STYLE = """<style>
.ck-seller{font-size:1.12em;margin:6px 0}
.ck-projection-said{color:#7a0d0d;margin-top:6px}
.ck-frame-reading{margin:6px 0}
.ck-responses{margin:6px 0;padding-left:0;list-style:none}
.ck-responses li{margin:4px 0;padding:6px 10px;border:1px solid #d0d7de;border-radius:6px;background:#f6f8fa}
.ck-letter{font-weight:700;margin-right:6px}
.ck-alliance-item{margin:10px 0 2px}
.ck-alliance-profile li{margin:4px 0}
.ck-alliance-scale{color:#57606a;font-size:.9em}
</style>"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _card(body: str, cls: str, meta: str = "") -> str:
    head = f'<div class="ck-meta">{_e(meta)}</div>' if meta else ""
    return f'<div class="ck-card {cls}">{head}{body}</div>'


def marked(text: str, words: Iterable[str]) -> str:
    """``text``, escaped, with every occurrence of ``words`` (case and curly quotes ignored) highlighted."""
    flat = text.translate(_QUOTES).lower()
    spans: list[tuple[int, int]] = []
    for word in dict.fromkeys(w for w in words if w and w.strip()):
        needle = word.translate(_QUOTES).lower().strip()
        for m in re.finditer(re.escape(needle), flat):
            spans.append((m.start(), m.end()))
    merged: list[list[int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    out, at = [], 0
    for a, b in merged:
        out.append(_e(text[at:a]) + f'<span class="ck-evidence">{_e(text[a:b])}</span>')
        at = b
    return "".join(out) + _e(text[at:])


_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})  # same length: offsets hold


# --------------------------------------------------------------------------- projection or empathy


def statement_prompt(statement: Statement, position: str = "") -> str:
    """A seller's sentence to sort by whose frame it speaks from."""
    return _card(f'<div class="ck-seller">Seller: “{_e(statement.text)}”</div>', "ck-prompt ck-statement", position)


def sort_feedback(statement: Statement, picked: str, result: Feedback, tally: str = "") -> str:
    """The verdict on a label: right, half right or not; the deciding words marked in the sentence; the reason."""
    if result.refused:
        return f'<div class="ck-message ck-warn" role="status">{_e(result.refused)}</div>'
    check = result.checks[0]
    if check.passed:
        verdict, colour, cls = "Right", GOOD, "ck-right"
    elif check.credit > 0:
        verdict, colour, cls = "Half right", MIDDLE, "ck-half"
    else:
        verdict, colour, cls = "Not quite", BAD, "ck-wrong"
    right = statement.label
    words = ", ".join(f"“{_e(w)}”" for w in statement.deciding_words)
    foot = f'<div class="ck-meta ck-tally">{_e(tally)}</div>' if tally else ""
    return (f'<div class="ck-card ck-feedback ck-sort-feedback {cls}">'
            f'<div class="ck-score" style="color:{colour}">{verdict}: score {result.score:.0%}</div>'
            f'<div class="ck-why" style="color:{colour}">{_e(check.message)}</div>'
            f'<div class="ck-frame-reading">The sentence: “{marked(statement.text, statement.deciding_words)}”</div>'
            f'<div><b>Whose frame:</b> <span style="color:{FRAME_COLOURS[right]}">{_e(FRAME_TITLES[right])}</span> · '
            f"<b>the words that decide:</b> {words}</div>"
            f'<div class="ck-meta">You picked: {_e(FRAME_TITLES.get(picked, picked))}</div>{foot}</div>')


# --------------------------------------------------------------------------- diagnose the no


def motive_label(motive: str) -> str:
    """A motive's short name, as on its button: "status quo"."""
    return motive.replace("_", " ")


def motive_meaning(motive: str | None) -> str:
    """One line saying what the picked motive means (empty before a pick)."""
    if not motive or motive not in MOTIVES:
        return '<div class="ck-meta">Pick the motive: hover a button to read what it means.</div>'
    return f'<div class="ck-meta ck-motive-meaning"><b>{_e(motive_label(motive))}</b> — {_e(MOTIVES[motive])}</div>'


def response_letter(index: int) -> str:
    """A, B, C… for the responses of a refusal."""
    return chr(ord("A") + index)


def refusal_prompt(refusal: Refusal, position: str = "") -> str:
    """The customer, their "no", and the responses to choose from, lettered A, B, C…"""
    responses = "".join(f'<li><span class="ck-letter">{response_letter(i)}.</span>“{_e(r.text)}”</li>'
                        for i, r in enumerate(refusal.responses))
    return _card(f"<div>{_e(refusal.context)}</div>"
                 f'<div class="ck-customer">“{_e(refusal.customer_words)}”</div>'
                 f'<div class="ck-meta">Possible responses:</div><ul class="ck-responses">{responses}</ul>',
                 "ck-prompt ck-refusal", position)


# --------------------------------------------------------------------------- rewrite a projection


def projection_prompt(statement: Statement, position: str = "") -> str:
    """A projection to rewrite: the seller's sentence, struck through, with the words that make it advice."""
    words = ", ".join(f"“{_e(w)}”" for w in statement.deciding_words)
    return _card(f'<div class="ck-projection-said">The seller said: <s>“{_e(statement.text)}”</s></div>'
                 f'<div class="ck-meta">The words that make it advice from the seller\'s frame: {words}</div>',
                 "ck-prompt ck-projection", position)


def frame_reading(reading: FrameReading) -> str:
    """Whose frame the kit reads in a sentence, with the words that decided."""
    colour = FRAME_COLOURS.get(reading.label, "#57606a")
    words = ", ".join(f"“{_e(w)}”" for w in reading.deciding[:3]) or "no words of either frame"
    return (f'<div class="ck-card ck-frame-reading" data-frame="{_e(reading.label)}"><b>Whose frame the kit reads in your '
            f'sentence:</b> <span style="color:{colour}">{_e(FRAME_TITLES.get(reading.label, reading.label))}</span> '
            f"({words})</div>")


# --------------------------------------------------------------------------- client frame, first hello


def client_frame_prompt(frame: ClientFrame, position: str = "") -> str:
    """The client to think about from their side."""
    return _card(f"<div><b>{_e(frame.client)}</b></div><div>{_e(frame.situation)}</div>"
                 '<div class="ck-customer">If I were this client, what could I do? What would I fear? What would I need?'
                 "</div>", "ck-prompt ck-client-frame", position)


def opening_prompt(opening: Opening, position: str = "") -> str:
    """The first meeting to open."""
    return _card(f"<div>{_e(opening.meeting)}</div>", "ck-prompt ck-opening", position)


# --------------------------------------------------------------------------- alliance self-check

WIDTH, ROW, LEFT, RIGHT, TOP = 560, 46, 120, 70, 34


def _dimension_title(name: str) -> str:
    return name[:1].upper() + name[1:]


def alliance_svg(result: AllianceResult, title: str = "Your alliance profile") -> str:
    """A bar per dimension (0-100 %), weak points in red, with the line under which a dimension is weak.

    A refused or empty result gives a small chart that says so (nothing to draw yet).
    """
    dims = [d for d in ALLIANCE_DIMENSIONS if d in result.scores] + [d for d in result.scores if d not in ALLIANCE_DIMENSIONS]
    height = TOP + ROW * max(len(dims), 1) + 30
    span = WIDTH - LEFT - RIGHT

    def x(share: float) -> float:
        return LEFT + span * max(0.0, min(1.0, share))

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="ck-chart ck-alliance-chart" role="img" width="{WIDTH}" '
             f'height="{height}" viewBox="0 0 {WIDTH} {height}" aria-label="{_e(title)}">',
             f"<title>{_e(title)}</title>",
             f'<text x="{LEFT}" y="18" font-size="12" font-weight="600">{_e(title)}</text>']
    if result.refused or not dims:
        parts.append(f'<text x="{LEFT}" y="{TOP + 20}" font-size="12" fill="#57606a">No profile yet: answer every '
                     "statement, then press the button.</text></svg>")
        return "".join(parts)
    for tick in (0, 0.25, 0.5, 0.75, 1):
        parts.append(f'<line x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="{TOP - 4}" y2="{height - 26}" stroke="#eaeef2"/>'
                     f'<text x="{x(tick):.1f}" y="{height - 12}" font-size="10" text-anchor="middle" '
                     f'fill="#57606a">{tick:.0%}</text>')
    for row, dim in enumerate(dims):
        share = float(result.scores[dim])
        weak = dim in result.weak
        colour = BAD if weak else GOOD
        y = TOP + row * ROW
        label = _dimension_title(dim)
        state = "weak point" if weak else "solid"
        parts.append(f'<text x="{LEFT - 8}" y="{y + 20}" font-size="12" text-anchor="end">{_e(label)}</text>'
                     f'<rect x="{LEFT}" y="{y + 6}" width="{span}" height="22" rx="4" fill="#f6f8fa" stroke="#d0d7de"/>'
                     f'<rect class="ck-alliance-bar {"ck-weak" if weak else "ck-solid"}" data-dimension="{_e(dim)}" '
                     f'data-score="{share:.3f}" x="{LEFT}" y="{y + 6}" width="{x(share) - LEFT:.1f}" height="22" rx="4" '
                     f'fill="{colour}"><title>{_e(label)}: {share:.0%} ({state})</title></rect>'
                     f'<text x="{x(1) + 6:.1f}" y="{y + 21}" font-size="12" fill="{colour}">{share:.0%}</text>')
    limit = x(RULES.weak_below)
    parts.append(f'<line class="ck-weak-line" x1="{limit:.1f}" x2="{limit:.1f}" y1="{TOP}" y2="{height - 26}" '
                 f'stroke="#24292f" stroke-dasharray="4 3"/>'
                 f'<text x="{limit + 4:.1f}" y="{TOP - 2}" font-size="10" fill="#24292f">weak below '
                 f"{RULES.weak_below:.0%}</text></svg>")
    return "".join(parts)


def alliance_profile(result: AllianceResult) -> str:
    """The profile in words: each dimension's score and meaning, then one suggestion per weak point."""
    if result.refused:
        return f'<div class="ck-message ck-warn" role="status">{_e(result.refused)}</div>'
    rows = "".join(
        f'<li class="ck-dimension" data-dimension="{_e(d)}"><b>{_e(_dimension_title(d))}</b> '
        f'<span style="color:{BAD if d in result.weak else GOOD}">{result.scores[d]:.0%}'
        f'{" · a weak point" if d in result.weak else ""}</span> — {_e(ALLIANCE_DIMENSIONS.get(d, ""))}</li>'
        for d in result.scores)
    if result.weak:
        tips = "".join(f'<li class="ck-suggestion" data-dimension="{_e(d)}"><b>{_e(_dimension_title(d))}:</b> '
                       f"{_e(result.suggestions.get(d, ''))}</li>" for d in result.weak)
        advice = f"<div><b>One thing to try for each weak point</b></div><ul>{tips}</ul>"
        verdict = f"{len(result.weak)} weak point{'s' if len(result.weak) != 1 else ''}"
    else:
        advice = ('<div class="ck-suggestion-none">No weak point: every dimension is at or above '
                  f"{RULES.weak_below:.0%}. Ask a colleague who has seen you with clients whether they agree.</div>")
        verdict = "No weak point"
    mean = sum(result.scores.values()) / len(result.scores) if result.scores else 0.0
    return (f'<div class="ck-card ck-alliance-profile"><div class="ck-score">{verdict} · overall {mean:.0%}</div>'
            f"<ul>{rows}</ul>{advice}</div>")
