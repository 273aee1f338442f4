"""The line a solution notebook prints under its model answer, so that nbval can compare it.

Each solution notebook ends with a facilitator cell (tagged ``facilitator``, ``voila-hide`` and
``nbval-check-output``) that scores its own model answer and prints :func:`verdict`. The saved output is
``Passed``; the day a model answer stops passing its own rubric, the printed line says why and nbval fails
on the difference. The cell is dropped from the learner's notebook with the other facilitator cells.
"""

from __future__ import annotations

from collections.abc import Iterable

from coachkit.config import PASS_MARK

__all__ = ["PASSED", "verdict"]

#: What the check cell prints (and what its saved output says) when every result passes.
PASSED = "Passed"


def _why(result: object) -> str:
    if isinstance(result, bool):
        return "not as expected"
    for reason in ("refused", "blocked"):
        text = getattr(result, reason, "")
        if text:
            return f"{reason}: {text}"
    score = getattr(result, "score", None)
    if isinstance(score, int | float):
        return f"{score:.0%} (the pass mark is {PASS_MARK:.0%})"
    return "not passed"


def verdict(*results: object | Iterable[object]) -> str:
    """``Passed`` when every result passes (a bool, or anything with ``.passed``), else which failed and why.

    An iterable argument counts as its items (a list of feedbacks, one per statement of a sorting exercise).
    """
    items: list[object] = []
    for result in results:
        if isinstance(result, bool) or hasattr(result, "passed"):
            items.append(result)
        else:
            items.extend(result)  # type: ignore[arg-type]
    if not items:
        return "Not passed: nothing was scored"
    failed = [(n, r) for n, r in enumerate(items, start=1) if not (r if isinstance(r, bool) else r.passed)]
    if not failed:
        return PASSED
    number, first = failed[0]
    where = "" if len(items) == 1 else f"{len(failed)} of {len(items)} fail; the first, number {number}, "
    return f"Not passed: {where}{_why(first)}"
