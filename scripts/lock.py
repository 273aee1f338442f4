"""Write, or check (``--check``), the pip locks made from pyproject.toml with ``uv pip compile``.

* ``requirements/runtime.txt``: the runtime dependencies only (``make serve``, the image, Binder);
* ``requirements/hub.txt``: the runtime and the ``hub`` extra (the JupyterHub single-user image);
* ``requirements/test.txt``: everything ``make test`` installs (the ``test`` extra, which holds ``hub`` and ``train``);
* ``binder/requirements.txt``: the runtime lock and the kit itself, which Binder (repo2docker) installs.

The hub and test locks are constrained by the runtime lock, so a package has one version in all of them. The locks
are universal (any platform) for Python 3.11. ``--check`` compiles again into a temporary folder, starting from
the committed pins (uv keeps a pin that still fits), and fails naming every lock that differs: a requirement was
added, removed or changed in pyproject.toml without ``make lock``. It does not upgrade anything; ``--upgrade``
does (``make lock-upgrade``).
"""

from __future__ import annotations

import argparse
import difflib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON_VERSION = "3.11"
#: lock file -> extras it adds to the runtime, and the locks that constrain it
LOCKS = {
    "requirements/runtime.txt": ((), ()),
    "requirements/hub.txt": (("hub",), ("requirements/runtime.txt",)),
    "requirements/test.txt": (("test",), ("requirements/runtime.txt", "requirements/hub.txt")),
}
BINDER = "binder/requirements.txt"
BINDER_HEADER = """\
# Binder (repo2docker) installs this file: the runtime lock (requirements/runtime.txt) and then the kit itself (".",
# the repository). Written by `make lock` (scripts/lock.py); `make test` fails when it is out of step.
"""


def _uv() -> str:
    for candidate in (shutil.which("uv"), str(Path(sys.executable).with_name("uv"))):
        if candidate and Path(candidate).exists():
            return candidate
    sys.exit("error: uv is needed to compile the locks: pip install uv (it is in the test extra)")


def _compile(lock: str, out: Path, upgrade: bool) -> None:
    extras, constraints = LOCKS[lock]
    args = [_uv(), "pip", "compile", "-q", "pyproject.toml", "--universal", "--python-version", PYTHON_VERSION,
            "--custom-compile-command", "make lock", "-o", str(out)]
    for extra in extras:
        args += ["--extra", extra]
    for constraint in constraints:
        args += ["-c", constraint]
    if upgrade:
        args.append("--upgrade")
    subprocess.run(args, cwd=ROOT, check=True)


def binder_text(runtime: str) -> str:
    """``binder/requirements.txt`` for a given runtime lock."""
    pins = [line for line in runtime.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return BINDER_HEADER + "\n".join(pins) + "\n.\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--check", action="store_true", help="only report the locks that are out of date")
    group.add_argument("--upgrade", action="store_true", help="take the newest versions pyproject.toml allows")
    args = parser.parse_args(argv)
    if not args.check:
        for lock in LOCKS:
            (ROOT / lock).parent.mkdir(parents=True, exist_ok=True)
            _compile(lock, ROOT / lock, args.upgrade)
            print(f"wrote {lock}")
        (ROOT / BINDER).parent.mkdir(exist_ok=True)
        (ROOT / BINDER).write_text(binder_text((ROOT / "requirements/runtime.txt").read_text()), encoding="utf-8")
        print(f"wrote {BINDER}")
        return 0
    stale = []
    with tempfile.TemporaryDirectory(prefix="coachkit-lock-") as tmp:
        fresh = {}
        for lock in LOCKS:
            out = Path(tmp) / lock
            out.parent.mkdir(parents=True, exist_ok=True)
            if (ROOT / lock).exists():
                shutil.copy(ROOT / lock, out)  # the committed pins are uv's preferences
            _compile(lock, out, upgrade=False)
            fresh[lock] = out.read_text(encoding="utf-8")
        fresh[BINDER] = binder_text((ROOT / "requirements/runtime.txt").read_text(encoding="utf-8")
                                    if (ROOT / "requirements/runtime.txt").exists() else fresh["requirements/runtime.txt"])
        for lock, text in fresh.items():
            committed = (ROOT / lock).read_text(encoding="utf-8") if (ROOT / lock).exists() else ""
            if committed != text:
                stale.append(lock)
                sys.stderr.writelines(difflib.unified_diff(committed.splitlines(True), text.splitlines(True),
                                                           f"{lock} (committed)", f"{lock} (from pyproject.toml)", n=1))
    if stale:
        print(f"error: out of date with pyproject.toml: {', '.join(stale)}; run `make lock`", file=sys.stderr)
        return 1
    print(f"ok: {', '.join([*LOCKS, BINDER])} are up to date with pyproject.toml")
    return 0


if __name__ == "__main__":
    sys.exit(main())
