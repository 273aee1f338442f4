"""The project files agree with each other: dependencies, locks, commands, CI."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _spec(requirement: str) -> str:
    return requirement.strip().replace(" ", "")


def _pinned(lock: str) -> dict[str, str]:
    """name -> version of every package a lock pins (any marker)."""
    pins = re.findall(r"^([A-Za-z0-9._-]+)==([^\s;]+)", (ROOT / lock).read_text(encoding="utf-8"), re.M)
    return {name.lower().replace("_", "-"): version for name, version in pins}


#: What the learners' runtime must not carry: test, browser-driving, training and hub tools.
NOT_RUNTIME = ("pytest", "nbval", "playwright", "hypothesis", "scikit-learn", "scipy", "jupyterhub", "jupyterlab", "ruff")


def test_runtime_holds_no_test_training_or_hub_tool():
    """Neither pyproject's runtime dependencies nor the runtime lock bring pytest, Playwright, scikit-learn, JupyterHub."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert not {_name(r) for r in project["dependencies"]} & set(NOT_RUNTIME)
    runtime = _pinned("requirements/runtime.txt")
    assert not set(runtime) & set(NOT_RUNTIME), set(runtime) & set(NOT_RUNTIME)
    assert {"voila", "ipywidgets", "ipykernel", "pandas"} <= set(runtime)
    test = _pinned("requirements/test.txt")
    assert set(NOT_RUNTIME) <= set(test)
    assert {k: test[k] for k in runtime} == runtime, "a package has one version in every lock"


def test_conda_environment_takes_the_pip_lock():
    """environment.yml takes Python and pip from conda, everything else (Python Playwright too) from the test lock."""
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    assert {_name(d) for d in conda} == {"python", "pip"}
    pip_part = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert pip_part == ["-r requirements/test.txt", "-e ."]
    assert "playwright" in _pinned("requirements/test.txt")


def _lock_check(tmp_path: Path, extra: str = "") -> subprocess.CompletedProcess:
    for rel in ("pyproject.toml", "README.md", "scripts/lock.py", *LOCKS):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / rel, tmp_path / rel)
    if extra:
        text = (tmp_path / "pyproject.toml").read_text(encoding="utf-8")
        (tmp_path / "pyproject.toml").write_text(text.replace('dependencies = [\n', f'dependencies = [\n    "{extra}",\n', 1))
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run([sys.executable, "scripts/lock.py", "--check"], cwd=tmp_path, capture_output=True, text=True,
                          env=env, timeout=300)


LOCKS = ("requirements/runtime.txt", "requirements/hub.txt", "requirements/test.txt", "binder/requirements.txt")


def test_locks_are_up_to_date(tmp_path):
    """The committed locks are what pyproject.toml compiles to; a new dependency makes the check fail, naming the locks."""
    fresh = _lock_check(tmp_path / "same")
    assert fresh.returncode == 0, fresh.stderr
    stale = _lock_check(tmp_path / "stale", "tabulate>=0.9")
    assert stale.returncode == 1
    assert "out of date with pyproject.toml: requirements/runtime.txt" in stale.stderr and "+tabulate==" in stale.stderr


def test_binder_installs_the_runtime_lock():
    """binder/requirements.txt is the runtime lock's pins and the kit itself, nothing else."""
    binder = _pinned("binder/requirements.txt")
    assert binder == _pinned("requirements/runtime.txt")
    lines = [x for x in (ROOT / "binder" / "requirements.txt").read_text(encoding="utf-8").splitlines()
             if x and not x.startswith("#")]
    assert lines[-1] == "."


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
