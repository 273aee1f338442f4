"""A learner's own record: a self-contained HTML report and a JSON export of their attempts.

Pure functions, no widgets and no pandas (the learners' "My progress" app stays light).

* :func:`learner_report_html` — one HTML page with inline CSS and no external resource (no
  script, no font, no image to fetch), readable offline and safe to e-mail: every piece of text
  a learner or a content file wrote is escaped, and the page's Content-Security-Policy forbids
  scripts anyway;
* :func:`learner_export_json` — every stored field of every attempt, for the learner to keep;
* :func:`data_url` / :func:`download_link` — hand a file to the browser from a kernel, as a
  ``data:`` link, with no server route.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape

from coachkit.config import PASS_MARK
from coachkit.store import AttemptRecord

__all__ = [
    "ExerciseSummary",
    "data_url",
    "download_link",
    "exercise_summary",
    "exercise_titles",
    "is_done",
    "learner_export_json",
    "learner_report_html",
]

#: Version of the JSON export's layout (bumped when a field changes meaning).
EXPORT_FORMAT = 1

def _e(text: object) -> str:
    return escape(str(text), quote=True)


def exercise_titles() -> dict[str, str]:
    """Exercise id -> title, in the catalogue's teaching order ({} if the catalogue cannot be read)."""
    from coachkit.content import ContentInvalid, load_catalogue

    try:
        catalogue = load_catalogue()
    except (ContentInvalid, OSError):
        return {}
    return {e.id: e.title for m in catalogue.modules for e in m.exercises}


def is_done(record: AttemptRecord) -> bool:
    """Whether an attempt counts as done (as on the home page): passed, or scored at least the pass mark."""
    return bool(record.passed) or record.score >= PASS_MARK


@dataclass(frozen=True)
class ExerciseSummary:
    """A learner's attempts on one exercise, summed up."""

    exercise: str
    title: str
    attempts: int
    best: float
    status: str  # "done" or "tried"
    last: datetime


def exercise_summary(records: Iterable[AttemptRecord], titles: Mapping[str, str] | None = None) -> list[ExerciseSummary]:
    """One line per exercise tried: catalogue order first, then any other exercise in the order first tried."""
    titles = exercise_titles() if titles is None else titles
    groups: dict[str, list[AttemptRecord]] = {}
    for record in records:
        groups.setdefault(record.exercise, []).append(record)
    order = [e for e in titles if e in groups] + [e for e in groups if e not in titles]
    return [ExerciseSummary(e, titles.get(e, e), len(groups[e]), max(r.score for r in groups[e]),
                            "done" if any(is_done(r) for r in groups[e]) else "tried", max(r.created for r in groups[e]))
            for e in order]


def _checks(record: AttemptRecord) -> list[dict]:
    """The report's lines for an attempt's checks: mark, class, name, credit, weight and message."""
    lines = []
    for check in record.checks:
        if not isinstance(check, Mapping):
            continue
        credit, weight = float(check.get("credit", 0) or 0), float(check.get("weight", 1) or 1)
        cls, mark = ("pass", "✔") if check.get("passed") else (("partial", "◐") if credit > 0 else ("fail", "✘"))
        lines.append({"cls": cls, "mark": mark, "name": check.get("name", ""), "credit": credit, "weight": weight,
                      "message": check.get("message") or ""})
    return lines


def _moves(record: AttemptRecord) -> str:
    return ", ".join(m.replace("_", " ") for m in record.moves) or "none recognised"


def learner_report_html(records: Sequence[AttemptRecord], learner: str, workshop: str = "",
                        titles: Mapping[str, str] | None = None, generated: datetime | None = None) -> str:
    """A self-contained HTML page: a learner's attempts, exercise by exercise, with the feedback of every check
    (``templates/report.html.j2``, autoescaped)."""
    from coachkit.pages import render_page

    titles = exercise_titles() if titles is None else titles
    generated = generated or datetime.now(UTC)
    mine = [r for r in records if r.learner == learner]
    return render_page("report.html.j2", learner=learner, workshop=workshop, attempts=mine,
                       summary=exercise_summary(mine, titles), generated=generated.strftime("%d %b %Y %H:%M %Z"),
                       checks_of=_checks, moves_of=_moves)


def learner_export_json(records: Sequence[AttemptRecord], learner: str | None = None) -> str:
    """Every stored field of a learner's attempts, as indented JSON (UTF-8 text)."""
    learners = sorted({r.learner for r in records})
    data = {
        "format": EXPORT_FORMAT,
        "exported": datetime.now(UTC).isoformat(),
        "learner": learner if learner is not None else (learners[0] if len(learners) == 1 else learners),
        "attempts": [r.as_dict() for r in records],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def data_url(text: str, mime: str) -> str:
    """A ``data:`` URL holding ``text`` (UTF-8, base64), for a link the browser downloads."""
    return f"data:{mime};charset=utf-8;base64,{base64.b64encode(text.encode('utf-8')).decode('ascii')}"


def download_link(text: str, mime: str, filename: str, label: str, cls: str = "") -> str:
    """An ``<a download>`` link, styled as a button, that hands ``text`` to the browser as a file."""
    return (f'<a class="ck-download {_e(cls)}" download="{_e(filename)}" href="{_e(data_url(text, mime))}" '
            'style="display:inline-block;padding:4px 12px;margin:2px 6px 2px 0;border:1px solid #d0d7de;'
            f'border-radius:6px;background:#f6f8fa;color:#0b5cad;font-weight:600;text-decoration:none">{_e(label)}</a>')
