"""The runtime install, before and after: packages, MiB on disk, and the import time of an app kernel.

Two fresh virtual environments are made in the same run (uv, in a temporary folder): the *baseline* from the
runtime dependencies of ``pyproject.toml`` at a git revision (``--before``, default ``main``), the *candidate*
from the working tree's runtime lock (``requirements/runtime.txt``, or ``pyproject.toml``'s runtime dependencies
with ``--no-lock``). Neither gets an extra. For each it prints:

* the number of installed distributions and the size of ``site-packages`` in MiB;
* whether a test, training or hub tool (pytest, Playwright, scikit-learn, SciPy, JupyterHub, JupyterLab) came in;
* the wall time of ``import ipykernel.kernelapp, coachkit.widgets`` in a new interpreter (what an app kernel
  imports before its first cell runs), median of ``--runs`` runs, the two environments interleaved. The kit's code
  is the working tree's in both (``PYTHONPATH``), so only the installed closure differs.

``--image`` compares the JupyterHub single-user images instead: the baseline installs the runtime and the test
extra at ``--before`` (what the old image installed), the candidate ``requirements/hub.txt``.

Usage: ``python bench/bench_runtime.py [--before REV] [--runs N] [--no-lock] [--image]`` (needs ``uv``, the test
extra's).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ("pytest", "playwright", "scikit-learn", "scipy", "jupyterhub", "jupyterlab")
IMPORT = "import time; t = time.perf_counter(); import ipykernel.kernelapp, coachkit.widgets; print(time.perf_counter() - t)"


def _uv() -> str:
    found = shutil.which("uv") or str(Path(sys.executable).with_name("uv"))
    if not Path(found).exists():
        sys.exit("uv is needed: pip install uv (it is in the test extra)")
    return found


def _runtime_requirements(rev: str | None, extras: tuple[str, ...] = ()) -> list[str]:
    text = (subprocess.run(["git", "show", f"{rev}:pyproject.toml"], cwd=ROOT, check=True, capture_output=True,
                           text=True).stdout if rev else (ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = tomllib.loads(text)["project"]
    return project["dependencies"] + [r for e in extras for r in project["optional-dependencies"][e]]


def _make(where: Path, requirements: list[str] | Path) -> Path:
    uv = _uv()
    subprocess.run([uv, "venv", "-q", "--python", sys.executable, str(where)], check=True)
    python = where / "bin" / "python"
    args = ["-r", str(requirements)] if isinstance(requirements, Path) else requirements
    subprocess.run([uv, "pip", "install", "-q", "--python", str(python), *args], check=True)
    return python


def _closure(python: Path) -> tuple[int, float, list[str]]:
    code = ("import importlib.metadata as m, json; print(json.dumps(sorted({d.metadata['Name'].lower().replace('_', '-') "
            "for d in m.distributions()})))")
    names = __import__("json").loads(subprocess.run([str(python), "-c", code], check=True, capture_output=True,
                                                    text=True).stdout)
    site = next((python.parent.parent / "lib").glob("python3*/site-packages"))
    size = sum(f.stat().st_size for f in site.rglob("*") if f.is_file() and not f.is_symlink())
    return len(names), size / 2**20, [t for t in TOOLS if t in names]


def _import_time(python: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    return float(subprocess.run([str(python), "-c", IMPORT], check=True, capture_output=True, text=True, env=env,
                                cwd=tempfile.gettempdir()).stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="main", help="git revision of the baseline pyproject.toml (default: main)")
    parser.add_argument("--runs", type=int, default=7, help="import-time runs per environment (default: 7)")
    parser.add_argument("--no-lock", action="store_true", help="candidate from pyproject.toml, not the runtime lock")
    parser.add_argument("--image", action="store_true", help="the hub images: old runtime + test extra vs hub lock")
    args = parser.parse_args(argv)
    lock = ROOT / "requirements" / "runtime.txt"
    started = time.monotonic()
    print(f"load average at start: {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(prefix="coachkit-bench-runtime-") as tmp:
        if args.image:
            sides = {"baseline": _make(Path(tmp) / "before", _runtime_requirements(args.before, ("test",))),
                     "candidate": _make(Path(tmp) / "after", ROOT / "requirements" / "hub.txt")}
        else:
            sides = {"baseline": _make(Path(tmp) / "before", _runtime_requirements(args.before)),
                     "candidate": _make(Path(tmp) / "after", _runtime_requirements(None)
                                        if args.no_lock or not lock.exists() else lock)}
        closures = {name: _closure(python) for name, python in sides.items()}
        for python in sides.values():
            _import_time(python)  # compile the kit's bytecode once, in both, before timing
        times: dict[str, list[float]] = {name: [] for name in sides}
        for _ in range(args.runs):
            for name, python in sides.items():
                times[name].append(_import_time(python))
    base_n, base_mib, _ = closures["baseline"]
    base_t = statistics.median(times["baseline"])
    print(f"{'':10} {'packages':>9} {'MiB':>8} {'import s':>9}  tools installed")
    for name in sides:
        n, mib, tools = closures[name]
        t = statistics.median(times[name])
        print(f"{name:10} {n:9d} {mib:8.1f} {t:9.3f}  {', '.join(tools) or 'none'}")
        if name != "baseline":
            print(f"{'ratio':10} {n / base_n:9.2f} {mib / base_mib:8.2f} {t / base_t:9.2f}")
    print(f"({args.runs} import runs each, interleaved; {time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
