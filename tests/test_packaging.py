"""The project files agree with each other: dependencies, commands, CI."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _spec(requirement: str) -> str:
    return requirement.strip().replace(" ", "")


def test_environment_mirrors_pyproject():
    """environment.yml lists exactly pyproject's dependencies and test extra, with the same versions."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["test"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = [d for d in env["dependencies"] if isinstance(d, str) and _name(d) not in {"python", "pip"}]
    pip_part = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    pip_only = [p.split("#")[0].strip() for p in pip_part if p.strip() != "-e ."]
    as_conda = {_name(r): _spec(r).replace("==", "=") for r in wanted}
    listed = {_name(d): _spec(d) for d in conda} | {_name(p): _spec(p).replace("==", "=") for p in pip_only}
    assert as_conda == listed
    assert "-e ." in pip_part


def test_front_end_is_pinned():
    """voila and ipywidgets are pinned to one version each."""
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    pins = {_name(d): d for d in deps if "==" in d}
    assert {"voila", "ipywidgets"} <= set(pins)


def test_ci_runs_the_readme_test_command():
    """.ci/run calls `make test`, the command the README gives."""
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make test" in readme and "make serve" in readme
