"""``coachkit workshop``: the facilitator's roster from a terminal (create, list, names, release)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["add_parser"]


def _create(args: argparse.Namespace) -> int:
    from coachkit.roster import create_workshop

    expected = None if args.expect is None and not args.expect_file else list(args.expect or [])
    if args.expect_file:
        expected += [line for line in Path(args.expect_file).read_text(encoding="utf-8").splitlines() if line.strip()]
    workshop = create_workshop(args.store, args.code, args.title, args.seats, expected)
    limits = [f"{workshop.seats} seats" if workshop.seats else "", f"{len(workshop.expected)} expected names"
              if workshop.expected else ""]
    print(f"ok: workshop {workshop.code} ({workshop.label}){' — ' + ', '.join(x for x in limits if x) if any(limits) else ''}")
    print(f"learners type the code {workshop.code} on the home page, or open ?workshop={workshop.code}&learner=NAME")
    return 0


def _list(args: argparse.Namespace) -> int:
    from coachkit.roster import list_workshops, taken_names

    for workshop in list_workshops(args.store):
        seats = f"/{workshop.seats}" if workshop.seats else ""
        print(f"{workshop.code}\t{workshop.title}\t{len(taken_names(args.store, workshop))}{seats} names taken")
    return 0


def _found(args: argparse.Namespace):
    from coachkit.roster import find_workshop

    workshop = find_workshop(args.store, args.code)
    if workshop is None:
        print(f"error: no workshop has the code {args.code!r} (coachkit workshop list)", file=sys.stderr)
    return workshop


def _names(args: argparse.Namespace) -> int:
    from coachkit.roster import taken_names

    workshop = _found(args)
    if workshop is None:
        return 1
    for name in taken_names(args.store, workshop):
        print(name)
    return 0


def _release(args: argparse.Namespace) -> int:
    from coachkit.roster import release

    workshop = _found(args)
    if workshop is None:
        return 1
    if not release(args.store, workshop, args.name):
        print(f"error: nobody holds the name {args.name!r} in {workshop.code}", file=sys.stderr)
        return 1
    print(f"ok: {args.name} is free in {workshop.code}: the next browser to use it takes it (its attempts stay)")
    return 0


def _run(args: argparse.Namespace) -> int:
    from coachkit.roster import RosterError
    from coachkit.store import StoreError, open_store

    args.store = open_store(args.database)
    try:
        return args.action(args)
    except (RosterError, StoreError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def add_parser(sub) -> None:
    """Register ``coachkit workshop …`` on the command's subparsers."""
    p = sub.add_parser("workshop", help="create workshops and manage the names taken in them")
    p.add_argument("--database", help="store URL (default: $COACHKIT_DATABASE_URL or the local progress file)")
    actions = p.add_subparsers(dest="workshop_command", required=True)
    c = actions.add_parser("create", help="create a workshop (or change its title, seats and expected names)")
    c.add_argument("code", help="what learners type; case, spaces and dashes do not count")
    c.add_argument("--title", help="shown to learners: 'You are in <title> as <name>'")
    c.add_argument("--seats", type=int, help="most names that can join (0: no limit)")
    c.add_argument("--expect", action="append", metavar="NAME", help="a name expected in the room (repeat); "
                   "with expected names, only those can join")
    c.add_argument("--expect-file", help="a text file of expected names, one a line")
    c.set_defaults(action=_create)
    actions.add_parser("list", help="the workshops and how many names are taken").set_defaults(action=_list)
    n = actions.add_parser("names", help="the names taken in a workshop")
    n.add_argument("code")
    n.set_defaults(action=_names)
    r = actions.add_parser("release", help="free a name: its browser loses it, the next one to use it takes it")
    r.add_argument("code")
    r.add_argument("name")
    r.set_defaults(action=_release)
    p.set_defaults(run=_run)
