"""Solution notebooks assert: each prints the verdict of its own model answer and nbval compares it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from coachkit.authoring import CHECKED_TAG, FACILITATOR_TAG
from coachkit.rubric import Feedback
from coachkit.verdict import PASSED, verdict

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = sorted((ROOT / "solutions").rglob("*.ipynb"))


def _check_cells(path: Path) -> list[dict]:
    nb = nbformat.read(path, as_version=4)
    return [c for c in nb["cells"] if c["cell_type"] == "code" and CHECKED_TAG in c["metadata"].get("tags", [])]


def test_verdict_passes_only_when_everything_passes():
    """Passed for passing results and true bools; the first failure named with its score and reason otherwise."""
    assert verdict(True, [True, True]) == PASSED
    assert verdict(Feedback(refused="Write an answer first: the box is empty.")) == (
        "Not passed: refused: Write an answer first: the box is empty.")
    line = verdict([True, Feedback(blocked="It adds nothing underneath.")])
    assert line == "Not passed: 1 of 2 fail; the first, number 2, blocked: It adds nothing underneath."
    assert verdict([]) == "Not passed: nothing was scored"


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.relative_to(ROOT / "solutions").as_posix())
def test_every_solution_compares_an_output(path):
    """Each solution notebook has a facilitator cell whose saved output nbval compares."""
    cells = _check_cells(path)
    assert cells, f"{path.name}: no cell tagged {CHECKED_TAG}"
    for cell in cells:
        assert FACILITATOR_TAG in cell["metadata"]["tags"], "a checked cell must not reach the learner's notebook"
        assert cell["execution_count"], "nbval refuses an unrun reference cell with outputs"
        text = "".join(o.get("text", "") for o in cell["outputs"] if o["output_type"] == "stream")
        assert text.strip(), "the saved output is what nbval compares"
        assert not text.startswith("Not passed"), "the saved verdict must be the passing one"


def test_exercises_print_no_model_answer():
    """The learner's notebooks carry no checked cell, so no model answer's verdict."""
    for path in sorted((ROOT / "exercises").rglob("*.ipynb")):
        assert not _check_cells(path), path


def _nbval(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "--nbval-lax", "-p", "no:cacheprovider", "-c", "/dev/null",
                           "--rootdir", str(folder), str(folder)], cwd=folder, capture_output=True, text=True, timeout=300)


def test_a_wrong_model_answer_makes_nbval_fail(tmp_path):
    """nbval passes the solution as committed and fails once its model answer is replaced by a wrong one."""
    source = ROOT / "solutions" / "reformulation" / "accept_and_explore.ipynb"
    good, bad = tmp_path / "good", tmp_path / "bad"
    good.mkdir(), bad.mkdir()
    shutil.copy(source, good / source.name)
    text = source.read_text(encoding="utf-8")
    wrong = "Actually our price is the lowest on the market, you should just sign today."
    start = text.index('answer = \\"', text.index("### BEGIN SOLUTION"))
    end = text.index('\\n",', start)
    (bad / source.name).write_text(text[:start] + f'answer = \\"{wrong}\\"' + text[end:], encoding="utf-8")
    assert wrong in (bad / source.name).read_text(encoding="utf-8")

    passed = _nbval(good)
    assert passed.returncode == 0, passed.stdout[-3000:]
    failed = _nbval(bad)
    assert failed.returncode == 1, failed.stdout[-3000:]
    assert "Cell outputs differ" in failed.stdout and "Not passed" in failed.stdout
