"""Workshop mode for the facilitator: what the room did, read from the progress store.

Pure logic (pandas, no widgets): the facilitator's dashboard (:mod:`coachkit.widgets._dashboard`)
shows what these functions return.

* :func:`participation` — per exercise, in teaching order: learners who tried, learners done, attempts;
* :func:`move_distribution` / :func:`anti_patterns` — the moves read in the room's answers;
* :func:`examples` — anonymised answers for the debrief, good and weak ones: learners become
  "Learner A", "Learner B"… (the same letter for the same person everywhere) and any learner's
  name written inside an answer is masked;
* :func:`attempts_csv`, :func:`xapi_statements` / :func:`xapi_jsonl` — exports (these keep the
  learners' names: they are for the facilitator and the organisation's learning record store);
* :func:`bar_chart_svg`, :func:`participation_html`, :func:`example_html` — escaped markup.

Every function reading the room takes ``source``: a :class:`~coachkit.store.Store` (its attempts in
``workshop`` are read) or the attempts already read (a refresh reads the store once and passes the
list to each function).
"""

from __future__ import annotations

import io
import json
import os
import re
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from urllib.parse import quote

import pandas as pd
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from coachkit.identity import LOCAL_LEARNER
from coachkit.moves import ANTI_PATTERNS, GOOD_FOLLOWUP_MOVES, GOOD_OBJECTION_MOVES, Move
from coachkit.report import exercise_titles, is_done
from coachkit.store import AttemptRecord, Store, StoreError

__all__ = [
    "ANTI_PATTERN_MOVES",
    "EXAMPLES_PER_KIND",
    "FACILITATOR_ENV",
    "Anonymiser",
    "Example",
    "REFRESH_SECONDS",
    "XAPI_BASE_IRI",
    "XAPI_VERB",
    "anonymiser",
    "anti_patterns",
    "attempts_csv",
    "bar_chart_svg",
    "example_html",
    "examples",
    "facilitator_allowed",
    "move_distribution",
    "participation",
    "participation_html",
    "room_summary",
    "workshop_codes",
    "xapi_jsonl",
    "xapi_statements",
]

#: Seconds between two automatic refreshes of the live dashboard: short enough that an answer typed
#: in the room shows while the facilitator is still talking about it, long enough that a room of
#: forty learners costs the store one read of the workshop's attempts every few seconds.
REFRESH_SECONDS = 5

#: How many good and how many weak answers the debrief panel offers (each from a different learner).
EXAMPLES_PER_KIND = 3

#: Base IRI of the kit's xAPI activities and extensions: an exercise is ``<base>/exercises/<id>``,
#: the workshop code travels in the context extension ``<base>/extensions/workshop``. The ``.example``
#: name is reserved: set ``COACHKIT_XAPI_BASE_IRI`` (or pass ``base_iri``) to an address your
#: organisation controls before sending statements to a learning record store.
XAPI_BASE_IRI = os.environ.get("COACHKIT_XAPI_BASE_IRI", "https://coachkit.example/xapi")

#: The xAPI verb of every statement: the learner answered an exercise (passed or not is
#: ``result.success``).
XAPI_VERB = {"id": "http://adlnet.gov/expapi/verbs/answered", "display": {"en-US": "answered"}}

#: Set (to "1") by the facilitator's server (:mod:`coachkit.facilitate`) for its kernels. A dashboard
#: rendered by Voilà without it — i.e. by the learners' server — shows nothing of the room.
FACILITATOR_ENV = "COACHKIT_FACILITATOR_SERVER"

#: The anti-pattern moves (what a seller should stop doing), as stored in attempts.
ANTI_PATTERN_MOVES = tuple(m.value for m in ANTI_PATTERNS)

#: Shortest part of a learner's name masked on its own inside answers ("Ana" in "Ana Lopez"); shorter
#: parts ("Jo", "de") are masked only as part of the full name, so common words survive.
MIN_NAME_PART = 3

_GOOD_MOVES = {m.value for m in GOOD_OBJECTION_MOVES | GOOD_FOLLOWUP_MOVES}
GOOD_COLOUR, ANTI_COLOUR, OTHER_COLOUR = "#1b7f3b", "#b3261e", "#8c959f"

Source = Store | Iterable[AttemptRecord]


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _records(source: Source, workshop: str | None) -> list[AttemptRecord]:
    """The attempts of a workshop, oldest first, from a store or from attempts already read."""
    if hasattr(source, "attempts") and callable(source.attempts):
        return source.attempts(workshop=workshop)
    return [r for r in source if workshop is None or r.workshop == workshop]


def _order(records: Iterable[AttemptRecord]) -> list[AttemptRecord]:
    return sorted(records, key=lambda r: (r.id is None, r.id or 0, r.created))


def _titles(titles: Mapping[str, str] | None) -> Mapping[str, str]:
    return exercise_titles() if titles is None else titles


def facilitator_allowed(environ: Mapping[str, str] | None = None) -> bool:
    """Whether the room may be shown here: anywhere but in a Voilà app that the facilitator's server
    did not start (JupyterLab, nbval and plain Python are the facilitator's own tools)."""
    environ = os.environ if environ is None else environ
    return not environ.get("SERVER_SOFTWARE", "").startswith("voila") or environ.get(FACILITATOR_ENV) == "1"


def workshop_codes(store: Store) -> list[str]:
    """Workshop codes to pick from: the registered ones (newest first), then codes learners typed."""
    registered = list(reversed(store.workshop_codes()))
    from coachkit.store import attempts as table

    try:
        with store.engine.connect() as conn:
            seen = [r[0] for r in conn.execute(select(table.c.workshop).where(table.c.workshop != "").distinct())]
    except SQLAlchemyError as exc:
        why = store._why(exc)
        raise StoreError(f"The workshops could not be read: {why}.", why) from exc
    return registered + sorted(set(seen) - set(registered))


# --------------------------------------------------------------------------- the room


def room_summary(source: Source, workshop: str | None = None) -> dict:
    """Learners, attempts and the time of the latest attempt in a workshop."""
    records = _records(source, workshop)
    return {"learners": len({r.learner for r in records}), "attempts": len(records),
            "latest": max((r.created for r in records), default=None)}


def participation(source: Source, workshop: str | None = None, titles: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Per exercise: learners who tried, learners done (passed or at the pass mark), attempts.

    Every exercise of the catalogue is listed, in teaching order (zeros included), then any other
    exercise the room tried, in the order first tried.
    """
    titles = _titles(titles)
    records = _records(source, workshop)
    order = list(titles) + [e for e in dict.fromkeys(r.exercise for r in _order(records)) if e not in titles]
    rows = []
    for exercise in order:
        mine = [r for r in records if r.exercise == exercise]
        rows.append({"exercise": exercise, "title": titles.get(exercise, exercise),
                     "tried": len({r.learner for r in mine}),
                     "done": len({r.learner for r in mine if is_done(r)}), "attempts": len(mine)})
    return pd.DataFrame(rows, columns=["exercise", "title", "tried", "done", "attempts"])


def move_distribution(source: Source, workshop: str | None = None, exercise: str | None = None) -> pd.Series:
    """How many of the room's answers show each move: the kit's ten moves in vocabulary order (zeros
    included), then any other move name found."""
    records = [r for r in _records(source, workshop) if exercise is None or r.exercise == exercise]
    counts = Counter(m for r in records for m in dict.fromkeys(r.moves))
    names = [m.value for m in Move] + sorted(set(counts) - {m.value for m in Move})
    return pd.Series([counts.get(n, 0) for n in names], index=pd.Index(names, name="move"), name="answers",
                     dtype="int64")


def anti_patterns(source: Source, workshop: str | None = None, exercise: str | None = None) -> pd.Series:
    """The anti-pattern moves (counter-argument, pitch, projection, pressure) found in the room's
    answers, most common first; moves nobody made are left out."""
    counts = move_distribution(source, workshop, exercise).reindex(list(ANTI_PATTERN_MOVES), fill_value=0)
    order = sorted(ANTI_PATTERN_MOVES, key=lambda m: (-int(counts[m]), ANTI_PATTERN_MOVES.index(m)))
    counts = counts[order]
    return counts[counts > 0].astype("int64")


# --------------------------------------------------------------------------- anonymised examples


def _letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA (as spreadsheet columns)."""
    letters, index = "", index + 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True)
class Anonymiser:
    """Learner names -> "Learner A/B/…" (in order of first attempt), and names masked inside text."""

    labels: dict[str, str]
    _terms: dict[str, str]
    _pattern: re.Pattern | None

    def label(self, learner: str) -> str:
        return self.labels.get(learner, "A learner")

    def mask(self, text: str) -> str:
        """The text with every learner's name (and each longer part of it) replaced by their label."""
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda m: self._terms.get(m.group(0).casefold(), "[name]"), text)


def anonymiser(records: Iterable[AttemptRecord]) -> Anonymiser:
    """The anonymiser of a room: labels in order of each learner's first attempt, stable as the room grows."""
    learners = list(dict.fromkeys(r.learner for r in _order(records)))
    labels = {name: f"Learner {_letters(i)}" for i, name in enumerate(learners)}
    owners: dict[str, set[str]] = {}
    for name in learners:
        if name == LOCAL_LEARNER:  # "me", the self-paced learner: not a name, and a common word
            continue
        full = " ".join(name.split())
        terms = {full} | {p for p in re.split(r"[\W_]+", full) if len(p) >= MIN_NAME_PART}
        for term in terms:
            if term.strip():
                owners.setdefault(term.casefold(), set()).add(name)
    terms = {term: f"[{labels[next(iter(who))]}]" if len(who) == 1 else "[name]" for term, who in owners.items()}
    if not terms:
        return Anonymiser(labels, {}, None)
    alternatives = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in sorted(terms, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
    return Anonymiser(labels, terms, pattern)


@dataclass(frozen=True)
class Example:
    """One anonymised answer for the debrief."""

    kind: str  # "good" (done) or "weak" (not yet)
    learner: str  # the label, never the name
    exercise: str
    title: str
    item: str
    answer: str  # names masked
    score: float
    passed: bool
    created: datetime
    id: int | None = None

    @property
    def key(self) -> tuple:
        """What identifies the example on screen (its attempt and its kind)."""
        return (self.id, self.kind, self.answer)


def examples(source: Source, workshop: str | None = None, exercise: str | None = None, n: int = EXAMPLES_PER_KIND,
             titles: Mapping[str, str] | None = None) -> list[Example]:
    """Up to ``n`` good answers (done, best score first) then up to ``n`` weak ones (lowest first),
    at most one per learner in each kind, anonymised."""
    titles = _titles(titles)
    records = _records(source, workshop)
    anon = anonymiser(records)  # over the whole room, so a learner has the same letter on every exercise
    chosen = [r for r in records if (exercise is None or r.exercise == exercise) and r.answer.strip()]
    newest = {id(r): -i for i, r in enumerate(_order(chosen))}
    good = sorted((r for r in chosen if is_done(r)), key=lambda r: (-r.score, newest[id(r)]))
    weak = sorted((r for r in chosen if not is_done(r)), key=lambda r: (r.score, newest[id(r)]))
    result: list[Example] = []
    for kind, pool in (("good", good), ("weak", weak)):
        seen: set[str] = set()
        for r in pool:
            if len(seen) >= n:
                break
            if r.learner in seen:
                continue
            seen.add(r.learner)
            result.append(Example(kind, anon.label(r.learner), r.exercise, titles.get(r.exercise, r.exercise),
                                  anon.mask(r.item), anon.mask(r.answer), r.score, r.passed, r.created, r.id))
    return result


# --------------------------------------------------------------------------- exports


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    """Text safe to open in a spreadsheet: a leading formula character is quoted (CSV injection)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def attempts_csv(source: Source, workshop: str | None = None) -> str:
    """Every attempt of the workshop, one row each, oldest first (names kept: for the facilitator only).

    Text cells that a spreadsheet would read as a formula start with an apostrophe.
    """
    rows = [{"id": r.id, "created": r.created.isoformat(), "learner": _cell(r.learner), "workshop": _cell(r.workshop),
             "exercise": _cell(r.exercise), "item": _cell(r.item), "score": round(float(r.score), 4),
             "passed": bool(r.passed), "moves": " ".join(r.moves), "answer": _cell(r.answer),
             "checks": json.dumps(list(r.checks), ensure_ascii=False)}
            for r in _order(_records(source, workshop))]
    columns = ["id", "created", "learner", "workshop", "exercise", "item", "score", "passed", "moves", "answer", "checks"]
    buffer = io.StringIO()
    pd.DataFrame(rows, columns=columns).to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


def _iri(base: str, *parts: str) -> str:
    return "/".join([base.rstrip("/"), *(quote(p, safe="") for p in parts)])


def _timestamp(moment: datetime) -> str:
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def xapi_statements(source: Source, workshop: str | None = None, base_iri: str = XAPI_BASE_IRI,
                    home_page: str | None = None, titles: Mapping[str, str] | None = None) -> list[dict]:
    """One xAPI 1.0.3 statement per attempt: the learner (an account on ``home_page``, by default the
    base IRI) *answered* the exercise; the score, whether it passed and the answer are the result.

    Statement ids are derived from the attempt, so exporting twice gives the same ids (a learning
    record store then keeps one copy).
    """
    titles = _titles(titles)
    home_page = home_page or base_iri
    workshop_key, item_key = _iri(base_iri, "extensions", "workshop"), _iri(base_iri, "extensions", "item")
    statements = []
    for r in _order(_records(source, workshop)):
        identity = f"{base_iri}|{r.id}|{r.learner}|{r.workshop}|{r.exercise}|{r.created.isoformat()}"
        extensions = {workshop_key: r.workshop}
        if r.item:
            extensions[item_key] = r.item
        statements.append({
            "id": str(uuid.uuid5(uuid.NAMESPACE_URL, identity)),
            "actor": {"objectType": "Agent", "account": {"homePage": home_page, "name": r.learner}},
            "verb": dict(XAPI_VERB),
            "object": {"objectType": "Activity", "id": _iri(base_iri, "exercises", r.exercise),
                       "definition": {"name": {"en-US": titles.get(r.exercise, r.exercise)},
                                      "type": "http://adlnet.gov/expapi/activities/question"}},
            "result": {"score": {"scaled": round(max(-1.0, min(1.0, float(r.score))), 4)},
                       "success": bool(r.passed), "completion": True, "response": r.answer},
            "timestamp": _timestamp(r.created),
            "context": {"platform": "coachkit", "extensions": extensions},
        })
    return statements


def xapi_jsonl(source: Source, workshop: str | None = None, base_iri: str = XAPI_BASE_IRI,
               home_page: str | None = None, titles: Mapping[str, str] | None = None) -> str:
    """The statements of :func:`xapi_statements`, one JSON object per line."""
    return "".join(json.dumps(s, ensure_ascii=False) + "\n"
                   for s in xapi_statements(source, workshop, base_iri, home_page, titles))


# --------------------------------------------------------------------------- markup

BAR_HEIGHT, BAR_GAP, LABEL_WIDTH, CHART_WIDTH = 22, 6, 170, 560


def bar_chart_svg(bars: Sequence[tuple[str, float]] | Mapping[str, float] | pd.Series, title: str,
                  colours: Sequence[str] | str = "#0b5cad", empty: str = "No answers yet.", cls: str = "ck-bars") -> str:
    """A horizontal bar chart as inline SVG: one bar per (label, value), labels and title escaped."""
    items = list(bars.items()) if isinstance(bars, Mapping | pd.Series) else list(bars)
    colours = [colours] * len(items) if isinstance(colours, str) else list(colours)
    top = 28
    height = top + max(len(items), 1) * (BAR_HEIGHT + BAR_GAP) + 8
    span = CHART_WIDTH - LABEL_WIDTH - 50
    peak = max((float(v) for _, v in items), default=0) or 1
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="ck-chart {_e(cls)}" role="img" width="{CHART_WIDTH}" '
             f'height="{height}" viewBox="0 0 {CHART_WIDTH} {height}" aria-label="{_e(title)}">',
             f"<title>{_e(title)}</title>",
             f'<text x="0" y="16" font-size="13" font-weight="600">{_e(title)}</text>']
    if not items:
        parts.append(f'<text x="0" y="{top + 16}" font-size="12" fill="#57606a">{_e(empty)}</text>')
    for i, ((label, value), colour) in enumerate(zip(items, colours, strict=False)):
        y = top + i * (BAR_HEIGHT + BAR_GAP)
        length = span * float(value) / peak
        text = f"{value:g}" if isinstance(value, float) else str(value)
        parts.append(f'<g class="ck-bar" data-label="{_e(label)}" data-value="{_e(text)}">'
                     f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT * 0.7:.1f}" font-size="12" text-anchor="end">'
                     f"{_e(label)}</text>"
                     f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" rx="3" fill="{_e(colour)}">'
                     f"<title>{_e(label)}: {_e(text)}</title></rect>"
                     f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{y + BAR_HEIGHT * 0.7:.1f}" font-size="12">'
                     f"{_e(text)}</text></g>")
    parts.append("</svg>")
    return "".join(parts)


def _move_label(move: str) -> str:
    return move.replace("_", " ")


def moves_svg(counts: pd.Series) -> str:
    """The room's moves, good ones green, anti-patterns red."""
    colours = [GOOD_COLOUR if m in _GOOD_MOVES else ANTI_COLOUR if m in ANTI_PATTERN_MOVES else OTHER_COLOUR
               for m in counts.index]
    return bar_chart_svg([(_move_label(m), int(v)) for m, v in counts.items()], "Moves in the room's answers",
                         colours, cls="ck-moves")


def anti_patterns_svg(counts: pd.Series) -> str:
    """The most common anti-patterns, in red."""
    return bar_chart_svg([(_move_label(m), int(v)) for m, v in counts.items()], "Anti-patterns to debrief",
                         ANTI_COLOUR, empty="No anti-pattern in the room's answers yet.", cls="ck-anti")


def participation_html(table: pd.DataFrame) -> str:
    """The participation table as escaped HTML, with a bar of done / tried per exercise."""
    rows = []
    for row in table.itertuples(index=False):
        share = row.done / row.tried if row.tried else 0
        rows.append(f'<tr data-exercise="{_e(row.exercise)}"><td>{_e(row.title)}</td><td class="ck-num">{row.tried}</td>'
                    f'<td class="ck-num">{row.done}</td><td class="ck-num">{row.attempts}</td>'
                    f'<td><div class="ck-meter" title="{share:.0%} of those who tried are done">'
                    f'<div style="width:{share * 100:.0f}%"></div></div></td></tr>')
    return ('<table class="ck-participation-table"><thead><tr><th>Exercise</th><th>Tried</th><th>Done</th>'
            f'<th>Attempts</th><th>Done / tried</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')


def example_html(example: Example, large: bool = False) -> str:
    """One anonymised answer: who (a label), where, the score, the answer; ``large`` for the room's screen."""
    verdict = "done" if example.kind == "good" else "not yet"
    item = f" · {_e(example.item)}" if example.item else ""
    return (f'<div class="ck-example{" ck-example-large" if large else ""} ck-{_e(example.kind)}">'
            f'<div class="ck-meta">{_e(example.learner)} · {_e(example.title)}{item} · {verdict}, {example.score:.0%}'
            f'</div><div class="ck-example-answer">{_e(example.answer)}</div></div>')


STYLE = """<style>
.ck-dashboard h2{margin:.8em 0 .3em;font-size:1.15em}
.ck-participation-table{border-collapse:collapse;width:100%;max-width:860px}
.ck-participation-table th,.ck-participation-table td{border-bottom:1px solid #d0d7de;padding:4px 8px;text-align:left}
.ck-participation-table .ck-num{text-align:right;font-variant-numeric:tabular-nums}
.ck-meter{background:#f6f8fa;border:1px solid #d0d7de;border-radius:4px;height:10px;width:120px}
.ck-meter div{background:#1b7f3b;height:100%;border-radius:3px}
.ck-example{border:1px solid #d0d7de;border-left:4px solid #8c959f;border-radius:6px;padding:6px 10px;margin:4px 0;
background:#fff;white-space:pre-wrap;max-width:820px}
.ck-example.ck-good{border-left-color:#1b7f3b}.ck-example.ck-weak{border-left-color:#b3261e}
.ck-example .ck-meta{color:#57606a;font-size:.9em;white-space:normal}
.ck-example-large{font-size:1.9em;line-height:1.35;padding:18px 24px;max-width:none}
.ck-example-large .ck-meta{font-size:.55em}
.ck-status{color:#57606a}
</style>"""
