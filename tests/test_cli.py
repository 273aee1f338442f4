"""The coachkit command: exit codes and messages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "coachkit.cli", *args], capture_output=True, text=True, cwd=ROOT)


def test_validate_ok():
    """`coachkit validate data/` exits 0 and counts the entries."""
    result = _run("validate", "data")
    assert 0 == result.returncode, result.stderr
    assert result.stdout.startswith("ok:")


def test_validate_bad_file(tmp_path):
    """A scenario with a wrong type exits non-zero, naming file, entry and field."""
    data = yaml.safe_load((ROOT / "data" / "scenarios" / "software.yaml").read_text(encoding="utf-8"))
    data["scenarios"][0]["key_points"] = "price"
    path = tmp_path / "scenarios" / "bad.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = _run("validate", str(path))
    assert 1 == result.returncode
    assert "bad.yaml" in result.stderr and "entry 1" in result.stderr and "key_points" in result.stderr


def test_build_exercises_check_on_main():
    """`coachkit build-exercises --check` exits 0 on the repository."""
    result = _run("build-exercises", "--check")
    assert 0 == result.returncode, result.stderr


def test_build_exercises_reports_unbalanced_markers(tmp_path):
    """An unbalanced marker stops the build with exit 2 and names notebook and cell."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    sol = tmp_path / "solutions"
    sol.mkdir()
    nbformat.write(new_notebook(cells=[new_code_cell("### BEGIN SOLUTION\nx = 1")]), sol / "x.ipynb")
    result = _run("build-exercises", "--solutions", str(sol), "--exercises", str(tmp_path / "ex"))
    assert 2 == result.returncode
    assert "solutions/x.ipynb: cell 0" in result.stderr


def test_serve_takes_the_kit_option_out_of_voilas():
    """`coachkit serve --kit PATH` (or --kit=PATH) names the kit; every other option goes to Voilà."""
    from coachkit.cli import _kit_option

    assert _kit_option(["--kit", "/k", "--port=1"]) == ("/k", ["--port=1"])
    assert _kit_option(["--port=1", "--kit=/k"]) == ("/k", ["--port=1"])
    assert _kit_option(["--no-browser"]) == (None, ["--no-browser"])


def test_serve_refuses_a_folder_without_a_kit(tmp_path):
    """`coachkit serve --kit` on a folder with no data/catalogue.yaml stops with a message, not a traceback."""
    result = _run("serve", "--kit", str(tmp_path), "--no-browser")
    assert result.returncode == 1
    assert "is not a coachkit kit" in result.stderr and "Traceback" not in result.stderr
