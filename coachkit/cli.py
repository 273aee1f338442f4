"""The ``coachkit`` command: validate content, build exercises, clean notebooks, manage workshops, serve the kit."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from coachkit.config import KIT_ENV, data_dir, kit_dir

__all__ = ["main"]


def _validate(args: argparse.Namespace) -> int:
    from coachkit.content import validate

    counts, errors = validate(args.path or data_dir())
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    summary = ", ".join(f"{n} {kind}" for kind, n in counts.items()) or "no content files"
    if errors:
        print(f"{len(errors)} problem(s) found ({summary} valid).", file=sys.stderr)
        return 1
    print(f"ok: {summary}")
    return 0


def _build(args: argparse.Namespace) -> int:
    from coachkit.authoring import MarkerError, build_exercises

    try:
        report = build_exercises(Path(args.solutions), Path(args.exercises), check=args.check)
    except MarkerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.check:
        if report.up_to_date:
            print("ok: exercises/ is up to date with solutions/")
            return 0
        for path in report.changed:
            print(f"stale: {path}", file=sys.stderr)
        for path in report.removed:
            print(f"no solution for: {path}", file=sys.stderr)
        print("exercises/ is out of date: run `coachkit build-exercises`.", file=sys.stderr)
        return 1
    for path in report.changed:
        print(f"wrote {path}")
    for path in report.removed:
        print(f"removed {path}")
    print(f"ok: {len(report.changed)} written, {len(report.removed)} removed")
    return 0


def _strip(args: argparse.Namespace) -> int:
    """A thin alias of the pre-commit hook: nbstripout with the kit's options on the given or all kit notebooks."""
    import importlib.util
    import subprocess

    from coachkit.authoring import NBSTRIPOUT_ARGS

    if importlib.util.find_spec("nbstripout") is None:
        print("error: nbstripout is not installed: it is in the test extra (pip install 'coachkit[test]')", file=sys.stderr)
        return 2
    paths = [str(p) for p in args.paths] or [
        str(p) for folder in ("notebooks", "solutions", "exercises", "facilitator")
        for p in sorted((kit_dir() / folder).rglob("*.ipynb"))]
    command = [sys.executable, "-m", "nbstripout", *NBSTRIPOUT_ARGS, *(["--verify"] if args.check else []), *paths]
    return subprocess.run(command).returncode


def _serve(args: argparse.Namespace) -> int:
    from coachkit.server import main as serve

    serve(args.voila_args, kit=args.kit)
    return 0


def _kit_option(argv: list[str]) -> tuple[str | None, list[str]]:
    """``--kit PATH`` or ``--kit=PATH`` taken out of the serve options; the rest belongs to Voilà."""
    kit, rest, items = None, [], iter(argv)
    for item in items:
        if item == "--kit":
            kit = next(items, None)
            if kit is None:
                raise SystemExit("error: --kit needs a folder")
        elif item.startswith("--kit="):
            kit = item.split("=", 1)[1]
        else:
            rest.append(item)
    return kit, rest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="coachkit", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="check content files (default: the data folder)")
    p.add_argument("path", nargs="?", help="a content file or folder")
    p.set_defaults(run=_validate)

    p = sub.add_parser("build-exercises", help="generate exercises/ from solutions/")
    p.add_argument("--check", action="store_true", help="only report whether exercises/ is up to date")
    p.add_argument("--solutions", default=str(kit_dir() / "solutions"))
    p.add_argument("--exercises", default=str(kit_dir() / "exercises"))
    p.set_defaults(run=_build)

    p = sub.add_parser("strip", help="remove outputs and widget state from notebooks (nbstripout, as the pre-commit hook)")
    p.add_argument("paths", nargs="*")
    p.add_argument("--check", action="store_true", help="only report notebooks that are not clean")
    p.set_defaults(run=_strip)

    from coachkit.workshop_command import add_parser as add_workshop_parser

    add_workshop_parser(sub)

    p = sub.add_parser("serve", help=f"serve the kit with Voilà: --kit PATH names the kit folder (default: ${KIT_ENV}, "
                       "else the checkout); extra options go to Voilà")
    p.add_argument("--kit", help="the kit folder (data/, notebooks/, exercises/, optionally voila.json)")
    p.add_argument("voila_args", nargs=argparse.REMAINDER)
    p.set_defaults(run=_serve)

    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["serve"]:  # everything after `serve` belongs to Voilà, options included
        args = parser.parse_args(["serve"])
        args.kit, args.voila_args = _kit_option(argv[1:])
    else:
        args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
