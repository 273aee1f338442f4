"""The progress store: every attempt a learner makes, kept safe.

One small schema, run by SQLAlchemy Core on an embedded SQLite file by default (WAL mode,
created on first use) or on PostgreSQL for hosted cohorts (``COACHKIT_DATABASE_URL``). The kit
creates and migrates its own tables. Each write is one transaction: it is either all stored
and acknowledged, or refused with a :class:`StoreError` whose message a learner can read — the
widget then keeps the answer on screen.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from coachkit.config import PASS_MARK

__all__ = [
    "AttemptRecord",
    "SCHEMA_VERSION",
    "Store",
    "StoreError",
    "default_url",
    "open_store",
]

#: Version of the tables below; :meth:`Store.migrate` brings an older store up to it.
SCHEMA_VERSION = 1
#: Seconds a SQLite writer waits for another one before giving up (a room of learners writes at once).
SQLITE_BUSY_TIMEOUT_S = 30
#: SQLite's durability: FULL syncs the write-ahead log at every commit, so a save the learner was told about survives
#: a power loss or an OS crash (NORMAL, faster, may drop the last commits then). One fsync per saved attempt.
SQLITE_SYNCHRONOUS = "FULL"
#: How many times creating the tables is tried when other processes are creating them at the same moment.
MIGRATE_TRIES = 10
#: Longest text kept in a column that names things (learner, workshop, exercise, item).
NAME_LENGTH = 200

metadata = MetaData()

attempts = Table(
    "coachkit_attempts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("learner", String(NAME_LENGTH), nullable=False, index=True),
    Column("workshop", String(NAME_LENGTH), nullable=False, default="", index=True),
    Column("exercise", String(NAME_LENGTH), nullable=False, index=True),
    Column("item", String(NAME_LENGTH), nullable=False, default=""),
    Column("answer", Text, nullable=False),
    Column("moves", Text, nullable=False, default="[]"),  # JSON list of move names
    Column("checks", Text, nullable=False, default="[]"),  # JSON list of {name, passed, credit, weight, message}
    Column("score", Float, nullable=False),
    Column("passed", Boolean, nullable=False),
    Column("created", DateTime(timezone=True), nullable=False),
)

workshops = Table(
    "coachkit_workshops",
    metadata,
    Column("code", String(NAME_LENGTH), primary_key=True),
    Column("title", String(NAME_LENGTH), nullable=False, default=""),
    Column("created", DateTime(timezone=True), nullable=False),
)

versions = Table(
    "coachkit_schema",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("applied", DateTime(timezone=True), nullable=False),
)


class StoreError(RuntimeError):
    """The store could not do what was asked; the message is meant for the learner, ``why`` is the reason alone."""

    def __init__(self, message: str, why: str = ""):
        super().__init__(message)
        self.why = why


#: What the learner is told, by what was being done when the store failed ({why}: the reason).
SAVE_FAILED = ("Your answer was not saved: {why}. It is still on screen — copy it somewhere safe, and tell your "
               "facilitator.")
READ_FAILED = ("Your earlier attempts could not be read: {why}. What is on screen is kept; try again in a moment, and "
               "tell your facilitator if it goes on.")


@dataclass(frozen=True)
class AttemptRecord:
    """One attempt, as stored."""

    learner: str
    exercise: str
    answer: str
    score: float
    passed: bool
    workshop: str = ""
    item: str = ""
    moves: tuple[str, ...] = ()
    checks: tuple[dict, ...] = ()
    created: datetime = field(default_factory=lambda: datetime.now(UTC))
    id: int | None = None

    def as_dict(self) -> dict:
        data = asdict(self)
        data["created"] = self.created.isoformat()
        data["moves"] = list(self.moves)
        data["checks"] = list(self.checks)
        return data


def default_url() -> str:
    """``$COACHKIT_DATABASE_URL``, else a SQLite file at ``$COACHKIT_STORE`` or ``~/.coachkit/progress.sqlite``."""
    url = os.environ.get("COACHKIT_DATABASE_URL")
    if url:
        return url
    path = Path(os.environ.get("COACHKIT_STORE", Path.home() / ".coachkit" / "progress.sqlite"))
    return f"sqlite:///{path}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}")
    cursor.execute(f"PRAGMA synchronous={SQLITE_SYNCHRONOUS}")
    cursor.close()


def _private_file(path: Path) -> None:
    """Create the store's folder (0700) and file (0600) if they are new: names and answers are for the learner and
    the facilitator, not for every account on the machine. Existing ones keep the modes their owner gave them."""
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700)
        path.parent.chmod(0o700)  # mkdir's mode is filtered by the umask
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        path.chmod(0o600)


def _clip(value: str) -> str:
    return (value or "")[:NAME_LENGTH]


class Store:
    """Attempts and workshops in one database."""

    def __init__(self, url: str | None = None):
        self.url = url or default_url()
        self._engine: Engine | None = None
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ connection

    @property
    def engine(self) -> Engine:
        with self._lock:
            if self._engine is None:
                self._engine = self._connect()
            return self._engine

    def _connect(self) -> Engine:
        try:
            if self.url.startswith("sqlite"):
                path = self.url.split("///", 1)[-1]
                if path and path != ":memory:" and not path.startswith("file:"):
                    _private_file(Path(path))
                engine = create_engine(self.url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})
                event.listen(engine, "connect", _sqlite_pragmas)
            else:
                engine = create_engine(self.url, pool_pre_ping=True, pool_size=5, max_overflow=10)
            self.migrate(engine)
            return engine
        except (SQLAlchemyError, OSError) as exc:
            raise StoreError(self._explain(exc), self._why(exc)) from exc

    def migrate(self, engine: Engine) -> int:
        """Create missing tables and record the schema version; returns the version in place.

        Many kernels may open a new store at the same moment: a creation that loses the race to
        another process is simply tried again, and then finds the tables in place.
        """
        for attempt in range(MIGRATE_TRIES):
            try:
                metadata.create_all(engine)
                with engine.begin() as conn:
                    current = conn.execute(select(func.max(versions.c.version))).scalar()
                    if current is not None and current > SCHEMA_VERSION:
                        raise StoreError(f"This progress store was written by a newer coachkit (schema {current}); "
                                         "update the kit before using it.")
                    if current is None or current < SCHEMA_VERSION:
                        conn.execute(insert(versions).values(version=SCHEMA_VERSION, applied=datetime.now(UTC)))
                return SCHEMA_VERSION
            except SQLAlchemyError:
                if attempt == MIGRATE_TRIES - 1:
                    raise
                time.sleep(0.05 * (attempt + 1))
        return SCHEMA_VERSION

    def _read_only(self) -> bool:
        """Whether this is an SQLite file (or the folder it needs) that this process may not write."""
        path = self.url.split("///", 1)[-1] if self.url.startswith("sqlite") else ""
        if not path or path == ":memory:" or path.startswith("file:"):
            return False
        file, folder = Path(path), Path(path).parent
        return (file.exists() and not os.access(file, os.W_OK)) or (folder.exists() and not os.access(folder, os.W_OK))

    def _why(self, exc: BaseException) -> str:
        """The reason a store operation failed, in the learner's words (read-only, full, busy, damaged, unreachable)."""
        text = str(exc).lower()
        if "readonly" in text or "read-only" in text or "permission denied" in text or self._read_only():
            return "the progress file is read-only"
        if "disk" in text and ("full" in text or "i/o" in text):
            return "the disk is full"
        if "locked" in text or "busy" in text:
            return "the store is busy"
        if "not a database" in text or "malformed" in text:
            return "the progress file is damaged"
        return "the store could not be reached"

    def _explain(self, exc: BaseException) -> str:
        return SAVE_FAILED.format(why=self._why(exc))

    def close(self) -> None:
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None

    # ------------------------------------------------------------------ writing

    def save(self, record: AttemptRecord) -> int:
        """Store one attempt in its own transaction; returns its id once it is safely written."""
        try:
            with self.engine.begin() as conn:
                return int(conn.execute(INSERT_ATTEMPT, _row(record)).inserted_primary_key[0])
        except SQLAlchemyError as exc:
            raise StoreError(self._explain(exc), self._why(exc)) from exc

    def prepare(self) -> None:
        """Compile, on this store's engine, the statements an app runs (its read of a learner's attempts on an
        exercise, its save), keeping no row: a read of a learner no one can be (a name longer than any stored) and a
        save rolled back. For the kernels' warm template (coachkit.kernels.warm): each kernel forked from it finds
        them in the engine's compiled cache instead of compiling them as its learner opens an app."""
        nobody = "#" * (NAME_LENGTH + 1)  # longer than any stored name; PostgreSQL refuses NUL characters
        self.attempts(learner=nobody, workshop=nobody, exercise=nobody)
        record = AttemptRecord(learner="", workshop="", exercise="", item="", answer="", score=0.0, passed=False)
        try:
            with self.engine.connect() as conn:
                transaction = conn.begin()
                try:
                    conn.execute(INSERT_ATTEMPT, _row(record)).inserted_primary_key  # noqa: B018 - as save reads it
                finally:
                    transaction.rollback()
        except SQLAlchemyError as exc:  # a read-only store: saving fails in the kernels too, and says why
            raise StoreError(self._explain(exc), self._why(exc)) from exc

    def save_many(self, records: Iterable[AttemptRecord]) -> int:
        """Store several attempts in one transaction (imports, benchmarks)."""
        count = 0
        for record in records:
            self.save(record)
            count += 1
        return count

    def create_workshop(self, code: str, title: str = "") -> str:
        """Register a workshop code (idempotent)."""
        code = _clip(code.strip())
        if not code:
            raise StoreError("A workshop code cannot be empty.")
        try:
            with self.engine.begin() as conn:
                exists = conn.execute(select(workshops.c.code).where(workshops.c.code == code)).first()
                if not exists:
                    conn.execute(insert(workshops).values(code=code, title=_clip(title), created=datetime.now(UTC)))
        except SQLAlchemyError as exc:
            raise StoreError(self._explain(exc), self._why(exc)) from exc
        return code

    def delete_learner(self, learner: str, workshop: str | None = None) -> int:
        """Delete every attempt of a learner (in one workshop, or everywhere); returns how many."""
        query = delete(attempts).where(attempts.c.learner == learner)
        if workshop is not None:
            query = query.where(attempts.c.workshop == workshop)
        try:
            with self.engine.begin() as conn:
                return conn.execute(query).rowcount
        except SQLAlchemyError as exc:
            raise StoreError(self._explain(exc), self._why(exc)) from exc

    # ------------------------------------------------------------------ reading

    def attempts(self, learner: str | None = None, workshop: str | None = None,
                 exercise: str | None = None) -> list[AttemptRecord]:
        """Attempts, oldest first, filtered by learner, workshop and exercise when given."""
        query = select(attempts).order_by(attempts.c.id)
        for column, value in ((attempts.c.learner, learner), (attempts.c.workshop, workshop),
                              (attempts.c.exercise, exercise)):
            if value is not None:
                query = query.where(column == value)
        try:
            with self.engine.connect() as conn:
                rows = conn.execute(query).mappings().all()
        except StoreError as exc:  # the store could not be opened: nothing was being saved
            raise StoreError(READ_FAILED.format(why=exc.why or "the store could not be reached"), exc.why) from exc
        except SQLAlchemyError as exc:
            raise StoreError(READ_FAILED.format(why=self._why(exc)), self._why(exc)) from exc
        return [AttemptRecord(learner=r["learner"], workshop=r["workshop"], exercise=r["exercise"], item=r["item"],
                              answer=r["answer"], moves=tuple(json.loads(r["moves"] or "[]")),
                              checks=tuple(json.loads(r["checks"] or "[]")), score=r["score"], passed=r["passed"],
                              created=_aware(r["created"]), id=r["id"]) for r in rows]

    def count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(attempts)).scalar())

    def workshop_codes(self) -> list[str]:
        with self.engine.connect() as conn:
            return [r[0] for r in conn.execute(select(workshops.c.code).order_by(workshops.c.created))]

    def progress(self, learner: str, workshop: str = "") -> dict[str, str]:
        """Per exercise: "done" (an attempt reached the pass mark), "tried", absent when not started."""
        status: dict[str, str] = {}
        for record in self.attempts(learner=learner, workshop=workshop):
            if record.passed or record.score >= PASS_MARK:
                status[record.exercise] = "done"
            else:
                status.setdefault(record.exercise, "tried")
        return status


#: The statement that stores one attempt, built once: each save only binds a row to it (building an ``insert()`` with
#: its values for every save walked the table's columns and the values to make the statement's cache key).
INSERT_ATTEMPT = insert(attempts)


def _row(record: AttemptRecord) -> dict:
    """The values of one attempt, as stored."""
    return {"learner": _clip(record.learner), "workshop": _clip(record.workshop), "exercise": _clip(record.exercise),
            "item": _clip(record.item), "answer": record.answer, "moves": json.dumps(list(record.moves)),
            "checks": json.dumps(list(record.checks)), "score": float(record.score), "passed": bool(record.passed),
            "created": record.created}


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


_STORES: dict[str, Store] = {}


def open_store(url: str | None = None) -> Store:
    """The store for a URL (default: :func:`default_url`), shared within a process."""
    url = url or default_url()
    if url not in _STORES:
        _STORES[url] = Store(url)
    return _STORES[url]
