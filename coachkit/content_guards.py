"""Checks on content files that a schema cannot make: how deep a YAML file nests, which values its parser
cannot build (an impossible date), and whether the notebooks the catalogue names exist.

Each returns :class:`coachkit.content.ContentError` values naming the file, where in it, and what to do, so
``coachkit validate`` and the loaders report them like any other problem and never stop on a traceback.
"""

from __future__ import annotations

import re
from pathlib import Path

from coachkit.config import MAX_YAML_NESTING

__all__ = ["nesting_problem", "notebook_problems", "unreadable_value"]

_OPEN, _CLOSE = "[{", "]}"
_DATE = re.compile(r"(?<![\w-])(\d{4})-(\d{2})-(\d{2})(?![\w-])")


def nesting_problem(text: str) -> tuple[int, str] | None:
    """(line, message) where the text nests deeper than :data:`MAX_YAML_NESTING` levels, or None.

    Counts flow brackets outside quoted strings and block indentation (two spaces or a list dash a level)."""
    depth, quote, line = 0, "", 1
    for ch in text:
        if ch == "\n":
            line += 1
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch in _OPEN:
            depth += 1
            if depth > MAX_YAML_NESTING:
                return line, f"nests more than {MAX_YAML_NESTING} levels deep; content files need a few levels at most"
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
    for number, row in enumerate(text.splitlines(), start=1):
        indent = len(row) - len(row.lstrip(" -"))
        if indent // 2 > MAX_YAML_NESTING:
            return number, f"is indented more than {MAX_YAML_NESTING} levels deep; content files need a few at most"
    return None


def unreadable_value(text: str, exc: Exception) -> tuple[int, str]:
    """(line, message) for a value YAML reads but cannot build, such as the date 2025-02-30."""
    for number, row in enumerate(text.splitlines(), start=1):
        for m in _DATE.finditer(row.split("#", 1)[0]):
            year, month, day = (int(g) for g in m.groups())
            try:
                __import__("datetime").date(year, month, day)
            except ValueError:
                return number, f"{m.group()} is not a real date ({exc}); write it as YYYY-MM-DD"
    return 0, f"holds a value that cannot be read ({exc})"


def notebook_problems(catalogue, shown: str, data_root: Path) -> list[tuple[str, str, str]]:
    """(entry, field, message) for every notebook the catalogue names that is not in the checkout.

    Checked only where the data folder sits in a kit folder that has ``solutions/`` and ``notebooks/``."""
    kit = data_root.parent
    solutions, lessons = kit / "solutions", kit / "notebooks"
    if not (solutions.is_dir() and lessons.is_dir()):
        return []
    problems = []
    for i, module in enumerate(catalogue.modules, start=1):
        if module.lesson and not (lessons / module.lesson).is_file():
            problems.append((f"modules[{i}] (id '{module.id}')", "lesson",
                             f"notebooks/{module.lesson} does not exist; fix the path or add the lesson"))
        for j, exercise in enumerate(module.exercises, start=1):
            if not (solutions / exercise.notebook).is_file():
                problems.append((f"modules[{i}].exercises[{j}] (id '{exercise.id}')", "notebook",
                                 f"solutions/{exercise.notebook} does not exist; fix the path or write the notebook"))
    return problems
