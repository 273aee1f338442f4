"""coachkit.store: attempts kept on SQLite and PostgreSQL, transactional, concurrent, with clear errors."""

from __future__ import annotations

import multiprocessing
import os
import uuid

import pytest

from coachkit.store import SCHEMA_VERSION, AttemptRecord, Store, StoreError

PG_URL = os.environ.get("COACHKIT_TEST_DATABASE_URL", "")


def _pg_or_skip() -> str:
    if PG_URL:
        return PG_URL
    if os.environ.get("CI"):
        pytest.fail("COACHKIT_TEST_DATABASE_URL is not set: `make test` starts PostgreSQL for these tests")
    pytest.skip("no PostgreSQL: set COACHKIT_TEST_DATABASE_URL (make test does it as root)")


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    if request.param == "sqlite":
        s = Store(f"sqlite:///{tmp_path / 'p.sqlite'}")
        yield s
        s.close()
        return
    s = Store(_pg_or_skip())
    s.workshop = f"t-{uuid.uuid4().hex[:8]}"  # each test writes into its own workshop
    yield s
    s.close()


def _record(store, **kw) -> AttemptRecord:
    base = dict(learner="ann", exercise="accept-explore", answer="What worries you?", score=0.5, passed=False,
                workshop=getattr(store, "workshop", ""), moves=("explore",),
                checks=({"name": "Explore", "passed": True, "credit": 1, "weight": 1, "message": "ok"},))
    base.update(kw)
    return AttemptRecord(**base)


def test_save_and_read_back(store):
    """An attempt is read back with every field it was saved with."""
    record = _record(store)
    new_id = store.save(record)
    (back,) = store.attempts(learner="ann", workshop=record.workshop)
    assert (new_id, record.answer, record.moves, record.checks, record.score) == (
        back.id, back.answer, back.moves, back.checks, back.score)


def test_unicode_and_markup_kept_verbatim(store):
    """Answers with markup and any unicode are stored exactly as typed."""
    text = "<script>alert(1)</script> — ça va ? 你好 🙂"
    store.save(_record(store, answer=text))
    assert [text] == [r.answer for r in store.attempts(workshop=getattr(store, "workshop", ""))]


def test_progress_done_tried(store):
    """An exercise is done once an attempt passes, tried otherwise."""
    w = getattr(store, "workshop", "")
    store.save(_record(store, exercise="a", score=0.2, passed=False))
    store.save(_record(store, exercise="b", score=0.2, passed=False))
    store.save(_record(store, exercise="b", score=1.0, passed=True))
    assert {"a": "tried", "b": "done"} == store.progress("ann", w)


def test_delete_learner(store):
    """Deleting a learner's data removes all their attempts and no one else's."""
    w = getattr(store, "workshop", "")
    store.save(_record(store))
    store.save(_record(store, learner="bob"))
    assert 1 == store.delete_learner("ann", w)
    assert ["bob"] == [r.learner for r in store.attempts(workshop=w)]


def test_workshop_codes(store):
    """Creating a workshop twice keeps one code."""
    code = f"w-{uuid.uuid4().hex[:6]}"
    store.create_workshop(code)
    store.create_workshop(code)
    assert 1 == store.workshop_codes().count(code)


def test_schema_version_recorded(tmp_path):
    """A new store records the kit's schema version."""
    from sqlalchemy import text

    s = Store(f"sqlite:///{tmp_path / 'v.sqlite'}")
    with s.engine.connect() as conn:
        assert SCHEMA_VERSION == conn.execute(text("select max(version) from coachkit_schema")).scalar()


def test_sqlite_uses_wal(tmp_path):
    """The embedded store runs in WAL mode."""
    from sqlalchemy import text

    s = Store(f"sqlite:///{tmp_path / 'w.sqlite'}")
    with s.engine.connect() as conn:
        assert "wal" == conn.execute(text("pragma journal_mode")).scalar()


def test_created_on_first_use(tmp_path):
    """The store file and its folder are created on first use."""
    path = tmp_path / "deep" / "folder" / "p.sqlite"
    Store(f"sqlite:///{path}").save(AttemptRecord("ann", "x", "a", 1.0, True))
    assert path.exists()


def test_read_only_store_gives_message(tmp_path):
    """A read-only store refuses with a message that says the answer is still on screen."""
    path = tmp_path / "ro.sqlite"
    Store(f"sqlite:///{path}").save(AttemptRecord("ann", "x", "a", 1.0, True))
    read_only = Store(f"sqlite:///file:{path}?mode=ro&uri=true")
    with pytest.raises(StoreError) as info:
        read_only.save(AttemptRecord("ann", "x", "b", 1.0, True))
    assert "read-only" in str(info.value) and "still on screen" in str(info.value)
    assert ["a"] == [r.answer for r in Store(f"sqlite:///{path}").attempts()]


def test_broken_store_gives_message(tmp_path):
    """A file that is not a database is reported clearly, never with a traceback."""
    path = tmp_path / "broken.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError) as info:
        Store(f"sqlite:///{path}").save(AttemptRecord("ann", "x", "a", 1.0, True))
    assert "damaged" in str(info.value) and "still on screen" in str(info.value)


def test_newer_schema_refused(tmp_path):
    """A store written by a newer kit is refused with advice to update."""
    from datetime import UTC, datetime

    from sqlalchemy import insert

    from coachkit.store import versions

    s = Store(f"sqlite:///{tmp_path / 'n.sqlite'}")
    with s.engine.begin() as conn:
        conn.execute(insert(versions).values(version=SCHEMA_VERSION + 1, applied=datetime.now(UTC)))
    with pytest.raises(StoreError, match="newer coachkit"):
        Store(s.url).save(AttemptRecord("ann", "x", "a", 1.0, True))


def _writer(url: str, learner: str, count: int, workshop: str) -> None:
    store = Store(url)
    for i in range(count):
        store.save(AttemptRecord(learner, "accept-explore", f"answer {i}", 0.5, False, workshop=workshop))
    store.close()


def _hammer(url: str, processes: int, each: int, workshop: str) -> Store:
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_writer, args=(url, f"learner-{n}", each, workshop)) for n in range(processes)]
    for p in workers:
        p.start()
    for p in workers:
        p.join(300)
    assert [0] * processes == [p.exitcode for p in workers]
    return Store(url)


def test_concurrent_sqlite_loses_nothing(tmp_path):
    """50 processes saving 100 attempts each into one SQLite store: all 5,000 are there and readable."""
    store = _hammer(f"sqlite:///{tmp_path / 'c.sqlite'}", 50, 100, "room")
    rows = store.attempts(workshop="room")
    assert 5000 == len(rows)
    assert {f"learner-{n}" for n in range(50)} == {r.learner for r in rows}


def test_concurrent_postgresql_loses_nothing():
    """20 processes saving 100 attempts each into PostgreSQL: all 2,000 are there."""
    url = _pg_or_skip()
    workshop = f"room-{uuid.uuid4().hex[:8]}"
    store = _hammer(url, 20, 100, workshop)
    assert 2000 == len(store.attempts(workshop=workshop))


def test_a_new_sqlite_store_is_private_and_durable(tmp_path):
    """A new store's folder is 0700, its file 0600, and SQLite syncs every commit (synchronous=FULL)."""
    import stat

    from sqlalchemy import text

    from coachkit.store import Store

    path = tmp_path / "private" / "progress.sqlite"
    store = Store(f"sqlite:///{path}")
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # 2 is FULL
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_store_that_cannot_be_written_is_called_read_only(tmp_path, monkeypatch):
    """A folder or file this user may not write ("unable to open database file") is reported as read-only."""
    from coachkit import store as store_module

    path = tmp_path / "ro" / "p.sqlite"
    path.parent.mkdir()
    s = Store(f"sqlite:///{path}")
    monkeypatch.setattr(store_module.os, "access", lambda p, mode: mode != store_module.os.W_OK)
    message = s._explain(Exception("(sqlite3.OperationalError) unable to open database file"))
    assert "read-only" in message and "could not be reached" not in message


def test_reading_a_broken_store_never_says_an_answer_was_lost(tmp_path):
    """Opening an app on a store that cannot be opened says the attempts could not be read, not 'not saved'."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    broken = Store(f"sqlite:///{blocker / 'p.sqlite'}")
    with pytest.raises(StoreError) as info:
        broken.attempts(learner="ann")
    assert str(info.value).startswith("Your earlier attempts could not be read") and "not saved" not in str(info.value)
    with pytest.raises(StoreError) as info:
        broken.save(AttemptRecord("ann", "x", "a", 1.0, True))
    assert str(info.value).startswith("Your answer was not saved")


def test_prepare_compiles_an_apps_read_and_save_and_keeps_no_row(store):
    """After prepare the store holds no new row, and an app's read and save find their statements compiled."""
    before = len(store.attempts(workshop=getattr(store, "workshop", "")))
    count = store.count()
    store.prepare()
    assert store.count() == count
    cache = store.engine._compiled_cache
    compiled = len(cache)
    store.attempts(learner="ann", workshop=getattr(store, "workshop", ""), exercise="accept-explore")
    store.save(_record(store))
    assert len(cache) == compiled
    assert len(store.attempts(workshop=getattr(store, "workshop", ""))) == before + 1
