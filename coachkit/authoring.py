"""Author once: generate the learner notebooks in ``exercises/`` from ``solutions/``.

A solution notebook holds everything: the exercise, its model answers and the facilitator's
notes. Each transformation that turns it into the learner's notebook is one nbconvert
preprocessor, applied in order by :func:`to_exercise`:

* :class:`RemoveFacilitatorCells` drops cells tagged ``facilitator``;
* :class:`ClearSolutions` replaces the text between solution markers by a learner stub,
  and fails loudly, naming the notebook and the cell, on unbalanced markers;
* :class:`StripOutputs` clears outputs, except in cells whose output nbval checks;
* :class:`StripWidgetState` drops saved widget state.

Committed notebooks are cleaned by nbstripout with :data:`NBSTRIPOUT_ARGS` (the pre-commit hook of
``.pre-commit-config.yaml``; ``coachkit strip`` is an alias): a cell whose output nbval checks also carries the
``keep_output`` tag, which nbstripout honours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbconvert.preprocessors import Preprocessor

__all__ = [
    "ClearSolutions",
    "MarkerError",
    "RemoveFacilitatorCells",
    "StripOutputs",
    "StripWidgetState",
    "NBSTRIPOUT_ARGS",
    "build_exercises",
    "to_exercise",
]

#: Marker lines, as in nbgrader. Code cells use ``### BEGIN SOLUTION``; markdown cells use the
#: same words inside an HTML comment so that they stay invisible when rendered.
BEGIN = re.compile(r"^\s*(?:###|<!--)\s*BEGIN SOLUTION\s*(?:-->)?\s*$")
END = re.compile(r"^\s*(?:###|<!--)\s*END SOLUTION\s*(?:-->)?\s*$")
#: What the learner sees in place of a solution.
CODE_STUB = "# YOUR ANSWER HERE"
MARKDOWN_STUB = "*Your answer here.*"
#: Tags with a meaning for the kit.
FACILITATOR_TAG = "facilitator"
CHECKED_TAG = "nbval-check-output"
CHECKED_COMMENT = "NBVAL_CHECK_OUTPUT"
KEEP_OUTPUT_TAG = "keep_output"
#: nbstripout's options for committed notebooks (the pre-commit hook runs the same): cell ids and the execution
#: counts nbval needs in checked cells are kept; every output goes but those of cells tagged ``keep_output``.
NBSTRIPOUT_ARGS = ("--keep-count", "--keep-id")


class MarkerError(ValueError):
    """A solution notebook whose markers do not pair up."""


class RemoveFacilitatorCells(Preprocessor):
    """Drop the cells tagged ``facilitator`` (notes for the person running the workshop)."""

    def preprocess(self, nb, resources):
        nb.cells = [c for c in nb.cells if FACILITATOR_TAG not in c.get("metadata", {}).get("tags", [])]
        return nb, resources


class ClearSolutions(Preprocessor):
    """Replace every BEGIN/END SOLUTION region by a stub, keeping its indentation."""

    def preprocess_cell(self, cell, resources, index):
        lines = cell.source.splitlines()
        out: list[str] = []
        inside = False
        name = resources.get("notebook", "notebook")
        for number, line in enumerate(lines, start=1):
            if BEGIN.match(line):
                if inside:
                    raise MarkerError(f"{name}: cell {index}: line {number}: BEGIN SOLUTION inside another solution")
                inside = True
                indent = line[: len(line) - len(line.lstrip())]
                stub = CODE_STUB if cell.cell_type == "code" else MARKDOWN_STUB
                out.append(indent + stub)
            elif END.match(line):
                if not inside:
                    raise MarkerError(f"{name}: cell {index}: line {number}: END SOLUTION without BEGIN SOLUTION")
                inside = False
            elif not inside:
                out.append(line)
        if inside:
            raise MarkerError(f"{name}: cell {index}: BEGIN SOLUTION is never closed by END SOLUTION")
        cell.source = "\n".join(out)
        return cell, resources


def _checked(cell) -> bool:
    return CHECKED_COMMENT in cell.get("source", "") or CHECKED_TAG in cell.get("metadata", {}).get("tags", [])


class StripOutputs(Preprocessor):
    """Clear outputs and execution counts, except where nbval checks the output."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and not _checked(cell):
            cell.outputs = []
            cell.execution_count = None
        cell.get("metadata", {}).pop("execution", None)
        return cell, resources


class StripWidgetState(Preprocessor):
    """Drop the widget state a notebook saves when it is run in JupyterLab."""

    def preprocess(self, nb, resources):
        nb.metadata.pop("widgets", None)
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, index):
        for output in cell.get("outputs", []):
            output.get("data", {}).pop("application/vnd.jupyter.widget-view+json", None)
        return cell, resources


CLEANERS = (StripOutputs, StripWidgetState)
EXERCISE_STEPS = (RemoveFacilitatorCells, ClearSolutions, *CLEANERS)


def _apply(nb, steps, name: str):
    resources = {"notebook": name}
    for step in steps:
        nb, resources = step().preprocess(nb, resources)
    return nb


def _dump(nb) -> str:
    return nbformat.writes(nb, version=4) + "\n"


def to_exercise(solution: Path, name: str | None = None) -> str:
    """The learner notebook made from one solution notebook, as the text to write."""
    nb = nbformat.read(solution, as_version=4)
    nb.metadata["coachkit"] = {"generated_from": str(name or solution.name),
                               "note": "Generated by `coachkit build-exercises`: edit the solution notebook instead."}
    return _dump(_apply(nb, EXERCISE_STEPS, str(name or solution)))


@dataclass(frozen=True)
class BuildReport:
    """What a build wrote, or (with check) what is out of date."""

    changed: tuple[str, ...]
    removed: tuple[str, ...]

    @property
    def up_to_date(self) -> bool:
        return not self.changed and not self.removed


def build_exercises(solutions: Path, exercises: Path, check: bool = False) -> BuildReport:
    """Regenerate ``exercises/`` from ``solutions/``; with ``check``, only report what differs."""
    solutions, exercises = Path(solutions), Path(exercises)
    changed, expected = [], set()
    for source in sorted(solutions.rglob("*.ipynb")):
        if ".ipynb_checkpoints" in source.parts:
            continue
        rel = source.relative_to(solutions)
        target = exercises / rel
        expected.add(target)
        text = to_exercise(source, f"solutions/{rel.as_posix()}")
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            changed.append(str(target))
            if not check:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
    stale = [p for p in sorted(exercises.rglob("*.ipynb")) if p not in expected and ".ipynb_checkpoints" not in p.parts]
    if not check:
        for path in stale:
            path.unlink()
    return BuildReport(tuple(changed), tuple(str(p) for p in stale))
