"""coachkit.authoring: exercises generated from solutions, markers, clean notebooks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from coachkit.authoring import CHECKED_TAG, CODE_STUB, KEEP_OUTPUT_TAG, NBSTRIPOUT_ARGS, MarkerError, build_exercises, to_exercise

ROOT = Path(__file__).resolve().parents[1]


def _save(path: Path, cells) -> Path:
    nb = new_notebook(cells=cells)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def _cells(text: str):
    return nbformat.reads(text, as_version=4).cells


def test_solution_replaced_by_stub(tmp_path):
    """Code between the markers becomes the learner stub; the rest stays."""
    src = _save(tmp_path / "s.ipynb", [new_code_cell('x = ""\n### BEGIN SOLUTION\nx = "secret"\n### END SOLUTION\nprint(x)')])
    (cell,) = _cells(to_exercise(src))
    assert f'x = ""\n{CODE_STUB}\nprint(x)' == cell.source


def test_markdown_solution_and_facilitator_cells_removed(tmp_path):
    """Markdown solutions become a stub and facilitator cells disappear."""
    notes = new_markdown_cell("Debrief here")
    notes.metadata["tags"] = ["facilitator"]
    src = _save(tmp_path / "s.ipynb", [
        new_markdown_cell("Q?\n<!-- BEGIN SOLUTION -->\nthe answer\n<!-- END SOLUTION -->"), notes])
    cells = _cells(to_exercise(src))
    assert ["Q?\n*Your answer here.*"] == [c.source for c in cells]


@pytest.mark.parametrize("source, problem", [
    ("### BEGIN SOLUTION\nx = 1", "never closed"),
    ("x = 1\n### END SOLUTION", "without BEGIN"),
    ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION", "inside another"),
])
def test_unbalanced_markers_fail_loudly(tmp_path, source, problem):
    """Unbalanced markers raise an error naming the notebook and the cell."""
    src = _save(tmp_path / "broken.ipynb", [new_markdown_cell("intro"), new_code_cell(source)])
    with pytest.raises(MarkerError) as info:
        to_exercise(src, "solutions/broken.ipynb")
    assert "solutions/broken.ipynb: cell 1" in str(info.value)
    assert problem in str(info.value)


def _nbstripout(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nbstripout", *NBSTRIPOUT_ARGS, *args], capture_output=True, text=True)


def test_outputs_and_widget_state_are_stripped(tmp_path):
    """nbstripout with the kit's options: outputs go except in cells tagged keep_output; widget state goes."""
    plain = new_code_cell("1 + 1", outputs=[new_output("execute_result", {"text/plain": "2"}, execution_count=1)])
    checked = new_code_cell("1 + 1", execution_count=1, metadata={"tags": [CHECKED_TAG, KEEP_OUTPUT_TAG]},
                            outputs=[new_output("execute_result", {"text/plain": "2"}, execution_count=1)])
    path = _save(tmp_path / "n.ipynb", [plain, checked])
    nb = nbformat.read(path, as_version=4)
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    nbformat.write(nb, path)
    assert _nbstripout("--verify", str(path)).returncode == 1
    assert _nbstripout(str(path)).returncode == 0
    cleaned = nbformat.read(path, as_version=4)
    assert [0, 1] == [len(c.outputs) for c in cleaned.cells]
    assert cleaned.cells[1].execution_count == 1, "nbval refuses a reference cell with outputs but no count"
    assert "widgets" not in cleaned.metadata
    assert _nbstripout("--verify", str(path)).returncode == 0


def test_pre_commit_hook_runs_the_same_nbstripout():
    """The pre-commit hook and `coachkit strip` give nbstripout the same options."""
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    assert hooks["nbstripout"]["entry"].split() == ["nbstripout", *NBSTRIPOUT_ARGS]
    assert hooks["ruff"]["entry"] == "ruff check"


def test_checked_cells_keep_their_output():
    """Every cell nbval checks is also tagged keep_output, so nbstripout leaves the output it compares."""
    for folder in ("notebooks", "solutions", "facilitator"):
        for path in sorted((ROOT / folder).rglob("*.ipynb")):
            for cell in nbformat.read(path, as_version=4).cells:
                if CHECKED_TAG in cell.metadata.get("tags", []):
                    assert KEEP_OUTPUT_TAG in cell.metadata["tags"], path


def test_build_then_check(tmp_path):
    """A build writes exercises; check then finds them up to date, and stale after a change."""
    sol, ex = tmp_path / "solutions", tmp_path / "exercises"
    _save(sol / "m" / "a.ipynb", [new_code_cell("### BEGIN SOLUTION\n1\n### END SOLUTION")])
    assert build_exercises(sol, ex).changed == (str(ex / "m" / "a.ipynb"),)
    assert build_exercises(sol, ex, check=True).up_to_date
    _save(sol / "m" / "a.ipynb", [new_code_cell("2")])
    assert not build_exercises(sol, ex, check=True).up_to_date


def test_orphan_exercise_is_stale(tmp_path):
    """An exercise with no solution makes the check fail, and a build removes it."""
    sol, ex = tmp_path / "solutions", tmp_path / "exercises"
    sol.mkdir()
    _save(ex / "old.ipynb", [new_code_cell("1")])
    assert (str(ex / "old.ipynb"),) == build_exercises(sol, ex, check=True).removed
    build_exercises(sol, ex)
    assert not (ex / "old.ipynb").exists()


def test_repository_exercises_are_up_to_date():
    """exercises/ in the repository is exactly what solutions/ generates."""
    report = build_exercises(ROOT / "solutions", ROOT / "exercises", check=True)
    assert ((), ()) == (report.changed, report.removed)


def test_repository_notebooks_are_clean():
    """No committed notebook holds widget state or outputs nbval does not check (nbstripout --verify)."""
    paths = [str(p) for folder in ("notebooks", "solutions", "exercises", "facilitator")
             for p in sorted((ROOT / folder).rglob("*.ipynb"))]
    result = _nbstripout("--verify", *paths)
    assert result.returncode == 0, result.stdout + result.stderr


def test_exercises_hold_no_solution_text():
    """No generated exercise contains a solution marker or a facilitator note."""
    for path in (ROOT / "exercises").rglob("*.ipynb"):
        text = path.read_text(encoding="utf-8")
        assert "BEGIN SOLUTION" not in text and "Facilitator notes" not in text, path
