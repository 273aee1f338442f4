"""Helpers of the install tests: a copy of the repository as a clean clone has it, a fresh venv, a served URL.

The venvs are made with uv (from the test lock, beside the running Python) outside the checkout, with the locks
as constraints: uv's cache makes the second and later installs take seconds.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: What the learners' runtime must not carry (tests/test_packaging.py checks the locks for the same names).
NOT_RUNTIME = ("pytest", "nbval", "playwright", "hypothesis", "scikit-learn", "scipy", "jupyterhub", "jupyterlab", "ruff")


def uv() -> str:
    for candidate in (str(Path(sys.executable).with_name("uv")), shutil.which("uv")):
        if candidate and Path(candidate).exists():
            return candidate
    raise RuntimeError("uv is not installed: it is in the test extra (make test installs it)")


def clean_clone(target: Path) -> Path:
    """The repository's files (tracked, and new ones not ignored, as in the working tree) copied to ``target``."""
    listing = ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"]
    files = subprocess.run(listing, cwd=ROOT, check=True, capture_output=True).stdout.split(b"\0")
    for name in filter(None, files):
        source = ROOT / os.fsdecode(name)
        if source.is_file():
            (target / os.fsdecode(name)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / os.fsdecode(name))
    return target


def fresh_venv(where: Path, *install: str, cwd: Path | None = None) -> Path:
    """A new venv at ``where`` with ``install`` (uv pip install arguments); returns its bin folder."""
    subprocess.run([uv(), "venv", "-q", "--python", sys.executable, str(where)], check=True, capture_output=True)
    subprocess.run([uv(), "pip", "install", "-q", "--python", str(where / "bin" / "python"), *install],
                   check=True, capture_output=True, cwd=cwd)
    return where / "bin"


def installed(bin_dir: Path) -> set[str]:
    """The distributions installed in a venv, by normalised name."""
    code = ("import importlib.metadata as m; print('\\n'.join(d.metadata['Name'].lower().replace('_', '-') "
            "for d in m.distributions()))")
    return set(subprocess.run([str(bin_dir / "python"), "-c", code], check=True, capture_output=True,
                              text=True).stdout.split())


def clean_env(**extra: str) -> dict[str, str]:
    """The environment of a process that must not see the checkout or the test venv."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "COACHKIT_HOME", "COACHKIT_DATA", "COACHKIT_DATABASE_URL",
                        "JUPYTER_PATH", "JUPYTER_CONFIG_PATH", "JUPYTERHUB_USER")}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if not p.startswith(str(ROOT)))
    return {**env, **extra}


@contextlib.contextmanager
def serving(command: list[str], url: str, log: Path, cwd: Path, env: dict[str, str], timeout: float = 120):
    """Run a server until ``url`` answers (any HTTP status); stop it afterwards."""
    with open(log, "w") as out:
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    urllib.request.urlopen(url, timeout=3)
                    break
                except urllib.error.HTTPError:
                    break
                except OSError:
                    if proc.poll() is not None:
                        raise RuntimeError(f"the server stopped: see {log}") from None
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"the server did not answer within {timeout:.0f} s: see {log}") from None
                    time.sleep(0.3)
            yield proc
        finally:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
