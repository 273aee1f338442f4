"""Workshops and the names taken in them: the room's roster, kept in the progress store.

* A facilitator creates a workshop (:func:`create_workshop`): a code, a title, and optionally a number of seats
  or the list of expected names. Codes are matched by :func:`coachkit.names.code_key` (case, spaces, dashes
  do not count) and always shown with the spelling the facilitator gave.
* The first browser to use a name in a workshop takes it (:func:`claim`) and receives a secret; only the
  SHA-256 of the secret is stored. Whoever presents the secret again is that learner (:func:`check`); the
  facilitator can free a name (:func:`release`), after which the next browser to use it takes it.

Two tables of their own (created on first use next to the attempts); workshops created before the roster
existed (the ``coachkit_workshops`` table) are still found.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import threading
import time
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from coachkit.names import clean_name, code_key, name_key
from coachkit.store import NAME_LENGTH, Store, StoreError
from coachkit.store import workshops as legacy_workshops

__all__ = ["Claim", "RosterError", "Workshop", "check", "claim", "create_workshop", "find_workshop", "list_workshops",
           "release", "taken_names"]

#: Bytes of randomness in a learner's secret (the cookie and the personal link carry it, URL-safe base64).
SECRET_BYTES = 24
#: Most expected names a workshop may list.
MAX_EXPECTED = 500

metadata = MetaData()

roster = Table(
    "coachkit_roster",
    metadata,
    Column("key", String(NAME_LENGTH), primary_key=True),  # code_key(code)
    Column("code", String(NAME_LENGTH), nullable=False),  # as the facilitator wrote it
    Column("title", String(NAME_LENGTH), nullable=False, default=""),
    Column("seats", Integer, nullable=False, default=0),  # 0: no limit
    Column("expected", Text, nullable=False, default="[]"),  # JSON list of names; empty: any name
    Column("created", DateTime(timezone=True), nullable=False),
)

names = Table(
    "coachkit_names",
    metadata,
    Column("workshop", String(NAME_LENGTH), primary_key=True),  # code_key of the workshop
    Column("key", String(NAME_LENGTH), primary_key=True),  # name_key(name)
    Column("name", String(NAME_LENGTH), nullable=False),  # as first typed (cleaned)
    Column("secret_hash", String(64), nullable=False),
    Column("claimed", DateTime(timezone=True), nullable=False),
)


class RosterError(ValueError):
    """A roster request that cannot be done; the message is meant for the person who asked."""


@dataclass(frozen=True)
class Workshop:
    code: str
    title: str = ""
    seats: int = 0
    expected: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return code_key(self.code)

    @property
    def label(self) -> str:
        """How the workshop is named to a learner: its title, else its code."""
        return self.title or self.code


@dataclass(frozen=True)
class Claim:
    """The outcome of using a name in a workshop."""

    status: str  # "free" (check only), "new" (taken now), "owner", "taken", "full", "not-expected"
    name: str = ""  # the name's own spelling (as first taken)
    secret: str = ""  # the learner's secret ("new" and "owner")

    @property
    def ok(self) -> bool:
        return self.status in ("new", "owner")


_READY: weakref.WeakSet = weakref.WeakSet()
_READY_LOCK = threading.Lock()


def _engine(store: Store):
    engine = store.engine
    with _READY_LOCK:
        if store not in _READY:
            for attempt in range(5):
                try:
                    metadata.create_all(engine)
                    break
                except SQLAlchemyError:
                    if attempt == 4:
                        raise
                    time.sleep(0.05 * (attempt + 1))
            _READY.add(store)
    return engine


def _fail(store: Store, exc: SQLAlchemyError, what: str) -> StoreError:
    why = store._why(exc)
    return StoreError(f"{what}: {why}.", why)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _row_workshop(row) -> Workshop:
    return Workshop(row["code"], row["title"], int(row["seats"] or 0), tuple(json.loads(row["expected"] or "[]")))


def create_workshop(store: Store, code: str, title: str | None = None, seats: int | None = None,
                    expected: Iterable[str] | None = None) -> Workshop:
    """Create a workshop, or change the title, seats or expected names of the one with that code (what is not
    given stays as it was)."""
    code = clean_name(code)
    if not code_key(code):
        raise RosterError("A workshop code needs at least one letter or digit.")
    if seats is not None and seats < 0:
        raise RosterError("The number of seats cannot be negative (0 means no limit).")
    values: dict[str, object] = {}
    if title is not None:
        values["title"] = clean_name(title)
    if seats is not None:
        values["seats"] = seats
    if expected is not None:
        names_given = tuple(dict.fromkeys(n for n in (clean_name(e) for e in expected) if n))
        if len(names_given) > MAX_EXPECTED:
            raise RosterError(f"At most {MAX_EXPECTED} expected names.")
        if len({name_key(n) for n in names_given}) != len(names_given):
            raise RosterError("Two expected names are the same name (they differ only by case or invisible "
                              "characters).")
        values["expected"] = json.dumps(list(names_given), ensure_ascii=False)
    try:
        with _engine(store).begin() as conn:
            row = conn.execute(select(roster).where(roster.c.key == code_key(code))).mappings().first()
            if row:
                if values:
                    conn.execute(update(roster).where(roster.c.key == row["key"]).values(**values))
            else:
                conn.execute(insert(roster).values(key=code_key(code), code=code, created=datetime.now(UTC),
                                                   **{"title": "", "seats": 0, "expected": "[]", **values}))
            row = conn.execute(select(roster).where(roster.c.key == code_key(code))).mappings().first()
    except SQLAlchemyError as exc:
        raise _fail(store, exc, "The workshop was not created") from exc
    workshop = _row_workshop(row)
    store.create_workshop(workshop.code, workshop.title)  # the dashboard's list of workshops
    return workshop


def find_workshop(store: Store, typed: str) -> Workshop | None:
    """The workshop a typed code means (whatever its case, spaces and dashes), or None."""
    key = code_key(typed)
    if not key:
        return None
    try:
        with _engine(store).connect() as conn:
            row = conn.execute(select(roster).where(roster.c.key == key)).mappings().first()
            if row:
                return _row_workshop(row)
            for legacy in conn.execute(select(legacy_workshops.c.code, legacy_workshops.c.title)).mappings():
                if code_key(legacy["code"]) == key:
                    return Workshop(legacy["code"], legacy["title"] or "")
    except SQLAlchemyError as exc:
        raise _fail(store, exc, "The workshop could not be read") from exc
    return None


def list_workshops(store: Store) -> list[Workshop]:
    """Every workshop, the most recent first (the roster's, then older ones created before it)."""
    try:
        with _engine(store).connect() as conn:
            rows = [_row_workshop(r) for r in conn.execute(select(roster).order_by(roster.c.created.desc())).mappings()]
            known = {w.key for w in rows}
            for legacy in conn.execute(select(legacy_workshops).order_by(legacy_workshops.c.created.desc())).mappings():
                if code_key(legacy["code"]) not in known:
                    rows.append(Workshop(legacy["code"], legacy["title"] or ""))
    except SQLAlchemyError as exc:
        raise _fail(store, exc, "The workshops could not be read") from exc
    return rows


def check(store: Store, workshop: Workshop, name: str, secrets_held: Iterable[str] = ()) -> Claim:
    """Whether ``name`` is free in the workshop ("free"), owned by one of ``secrets_held`` ("owner") or by
    someone else ("taken"); the name's own spelling comes back with it."""
    try:
        with _engine(store).connect() as conn:
            row = conn.execute(select(names).where(names.c.workshop == workshop.key,
                                                   names.c.key == name_key(name))).mappings().first()
    except SQLAlchemyError as exc:
        raise _fail(store, exc, "Your name could not be checked") from exc
    if row is None:
        return Claim("free", clean_name(name))
    for secret in secrets_held:
        if secret and hmac.compare_digest(row["secret_hash"], hash_secret(secret)):
            return Claim("owner", row["name"], secret)
    return Claim("taken", row["name"])


def claim(store: Store, workshop: Workshop, name: str, secrets_held: Iterable[str] = ()) -> Claim:
    """Use ``name`` in the workshop: the owner keeps it, a free name is taken now (with a new secret), a name
    taken by someone else, beyond the seats or off the expected list is refused."""
    secrets_held = list(secrets_held)
    name = clean_name(name)
    if not name_key(name):
        raise RosterError("Type your name to join the workshop.")
    current = check(store, workshop, name, secrets_held)
    if current.status != "free":
        return current
    if workshop.expected:
        spelling = {name_key(n): n for n in workshop.expected}
        if name_key(name) not in spelling:
            return Claim("not-expected", name)
        name = spelling[name_key(name)]  # the facilitator's spelling
    secret = secrets.token_urlsafe(SECRET_BYTES)
    try:
        with _engine(store).begin() as conn:
            if workshop.seats:
                count = conn.execute(select(func.count()).select_from(names).where(
                    names.c.workshop == workshop.key)).scalar()
                if count >= workshop.seats:
                    return Claim("full", name)
            conn.execute(insert(names).values(workshop=workshop.key, key=name_key(name), name=name,
                                              secret_hash=hash_secret(secret), claimed=datetime.now(UTC)))
    except IntegrityError:  # another browser took it at the same moment
        return check(store, workshop, name, secrets_held)
    except SQLAlchemyError as exc:
        raise _fail(store, exc, "Your name could not be recorded") from exc
    return Claim("new", name, secret)


def release(store: Store, workshop: Workshop, name: str) -> bool:
    """Free a name in a workshop (its attempts stay); True if it was taken."""
    try:
        with _engine(store).begin() as conn:
            return bool(conn.execute(delete(names).where(names.c.workshop == workshop.key,
                                                         names.c.key == name_key(name))).rowcount)
    except SQLAlchemyError as exc:
        raise _fail(store, exc, "The name was not released") from exc


def taken_names(store: Store, workshop: Workshop) -> list[str]:
    """The names taken in a workshop, in the order they were taken."""
    try:
        with _engine(store).connect() as conn:
            return [r[0] for r in conn.execute(select(names.c.name).where(names.c.workshop == workshop.key)
                                               .order_by(names.c.claimed))]
    except SQLAlchemyError as exc:
        raise _fail(store, exc, "The names could not be read") from exc
