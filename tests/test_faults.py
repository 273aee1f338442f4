"""Fault and bad-input tests: broken content files, fuzzed widget callbacks, killed writers, failing stores."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from _faults import FAULTS, corpus, fault
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coachkit.content import validate

#: Broken content files, one per fault, each under the folder its kind is read from.
CONTENT = FAULTS / "content"
#: Hostile or faulty answers, one per fault.
ANSWERS = FAULTS / "answers"


def _content_copy(names, target: Path) -> Path:
    """The payloads of ``names`` written under ``target`` at their own relative paths (headers removed)."""
    for name in names:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).write_bytes(fault(CONTENT / name)[1])
    return target


@pytest.mark.parametrize("name", corpus(CONTENT))
def test_broken_file_is_named_with_entry_and_field(name, tmp_path):
    """Every broken content file is refused with its file name, the entry and the field its header expects."""
    header = fault(CONTENT / name)[0]
    counts, errors = validate(_content_copy([name], tmp_path) / name)
    assert errors, f"{name} was accepted"
    entry, field = header["expect-entry"] if "expect-entry" in header else "", header.get("expect-field", "")
    first = errors[0]
    assert Path(name).name in first.file
    assert entry in first.entry, str(first)
    assert field == "" or any(e.field.startswith(field) for e in errors), [str(e) for e in errors]


def test_broken_folder_lists_every_problem(tmp_path):
    """Validating the folder reports a problem for each broken file, none silently skipped."""
    names = [n for n in corpus(CONTENT) if n.startswith("scenarios/")]
    _, errors = validate(_content_copy(names, tmp_path) / "scenarios")
    named = {Path(e.file).name for e in errors}
    assert {Path(n).name for n in names} == named


def test_cli_exit_code_on_broken_folder(tmp_path):
    """`coachkit validate` exits non-zero on the broken corpus."""
    folder = _content_copy([n for n in corpus(CONTENT) if n.startswith("scenarios/")], tmp_path) / "scenarios"
    result = subprocess.run([sys.executable, "-m", "coachkit.cli", "validate", str(folder)],
                            capture_output=True, text=True)
    assert 1 == result.returncode and "missing_objection.yaml" in result.stderr


def answer(name: str) -> tuple[dict[str, str], str]:
    """A faulty answer of the corpus and its header (``repeat-to``: the payload repeated to that length;
    ``escapes: yes``: Python escapes such as ``\\x00`` read as the characters they name)."""
    header, payload = fault(ANSWERS / name)
    text = payload.decode("utf-8")
    if header.get("escapes") == "yes":
        text = text.encode("ascii").decode("unicode_escape")
    if "repeat-to" in header:
        size = int(header["repeat-to"])
        text = (text * (size // max(1, len(text)) + 1))[:size]
    return header, text


@pytest.mark.parametrize("name", corpus(ANSWERS))
def test_every_faulty_answer_gets_its_message_and_stays_in_the_box(name, scenarios):
    """Each answer of the corpus gets the message its header expects, never a piece of its markup unescaped, never a
    traceback; what was typed stays in the box."""
    from coachkit.widgets import FreeTextExercise

    header, text = answer(name)
    ex = FreeTextExercise("accept_explore", scenarios[:3])
    ex.answer.value = text
    ex.check.click()
    shown = ex.feedback.value + ex.progress.status.value
    assert header["expect"] in shown, shown[:400]
    assert "never" not in header or header["never"] not in shown
    assert "Traceback" not in shown and "could not do that" not in shown
    assert text == ex.answer.value


TEXT = st.text(max_size=400) | st.sampled_from(["", " ", "<script>alert(1)</script>", "a" * 6000, "\x00\ud7ff",
                                                "I understand, but no.", "What worries you?",
                                                *(answer(n)[1] for n in corpus(ANSWERS) if "repeat-to" not in
                                                  fault(ANSWERS / n)[0])])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT, kind=st.sampled_from(["accept_explore", "reformulate", "ask_permission", "protocol", "rewrite"]))
def test_free_text_callbacks_never_raise(text, kind, scenarios):
    """Any text in any free-text exercise gives feedback or a clear message, and stays in the box."""
    from coachkit.widgets import FreeTextExercise

    ex = FreeTextExercise(kind, scenarios[:3])
    ex.answer.value = text
    ex.check.click()
    assert "score" in ex.feedback.value or "ck-message" in ex.feedback.value
    ex.hint.click()
    ex.show_model.click()
    assert "could not do that" not in ex.feedback.value
    ex.nav.next.click()
    ex.nav.previous.click()
    assert text == ex.answer.value


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(TEXT, min_size=1, max_size=6))
def test_roleplay_and_sequence_callbacks_never_raise(texts, scenario):
    """Any sequence of lines in the role-play and the full sequence gives a turn or a message."""
    from coachkit.widgets import RoleplayExercise, SequenceExercise

    play, seq = RoleplayExercise([scenario]), SequenceExercise([scenario])
    for text in texts:
        for widget in (play, seq):
            widget.answer.value = text
            widget.check.click()
            assert "could not do that" not in widget.feedback.value


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(picked=st.sets(st.sampled_from(["acknowledge", "explore", "pitch", "pressure", "new_value"])))
def test_spot_the_move_callbacks_never_raise(picked):
    """Any set of ticks gives a verdict per move or asks to pick one."""
    from coachkit.widgets import SpotTheMoveExercise

    ex = SpotTheMoveExercise()
    for name in picked:
        ex.choices[name].value = True
    ex.check.click()
    assert ("score" in ex.feedback.value) == bool(picked)


WRITER = """
import sys
from coachkit.store import AttemptRecord, Store
store = Store(sys.argv[1])
i = 0
while True:
    store.save(AttemptRecord("ann", "accept-explore", f"answer {i}", 0.5, False))
    print(i, flush=True)  # printed only once the save has returned: acknowledged
    i += 1
"""


def test_killed_writer_loses_no_acknowledged_attempt(tmp_path):
    """A process killed in the middle of saving loses none of the attempts it had acknowledged."""
    from sqlalchemy import text

    from coachkit.store import Store

    url = f"sqlite:///{tmp_path / 'k.sqlite'}"
    proc = subprocess.Popen([sys.executable, "-c", WRITER, url], stdout=subprocess.PIPE, text=True)
    acknowledged = []
    deadline = time.monotonic() + 60
    while len(acknowledged) < 200 and time.monotonic() < deadline:
        acknowledged.append(int(proc.stdout.readline()))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    store = Store(url)
    saved = {r.answer for r in store.attempts()}
    assert {f"answer {i}" for i in acknowledged} <= saved
    with store.engine.connect() as conn:
        assert "ok" == conn.execute(text("pragma integrity_check")).scalar()


def test_full_store_message_keeps_answer(scenarios, tmp_path):
    """A full store says so, the feedback still shows, and the answer stays on screen."""
    from sqlalchemy import event

    from coachkit.identity import Identity
    from coachkit.progress import Recorder
    from coachkit.store import AttemptRecord, Store
    from coachkit.widgets import FreeTextExercise

    store = Store(f"sqlite:///{tmp_path / 'full.sqlite'}")
    store.save(AttemptRecord("ann", "x", "first", 1.0, True))
    pages = store.engine.connect().exec_driver_sql("pragma page_count").scalar()

    def cap(dbapi_connection, _record):
        dbapi_connection.execute(f"pragma max_page_count={pages}")

    event.listen(store.engine, "connect", cap)
    store.engine.dispose()
    ex = FreeTextExercise("accept_explore", scenarios, recorder=Recorder("x", Identity("ann"), store))
    answer = "I hear you. What worries you most? " * 120
    ex.answer.value = answer
    ex.check.click()
    assert "disk is full" in ex.progress.status.value and answer == ex.answer.value
    assert "score" in ex.feedback.value
    assert ["first"] == [r.answer for r in store.attempts()]


def test_a_catalogue_naming_a_missing_notebook_is_refused(tmp_path):
    """A catalogue entry whose notebook does not exist in solutions/ is named with its entry and field."""
    import shutil

    root = Path(__file__).parents[1]
    for folder in ("data", "notebooks", "solutions"):
        shutil.copytree(root / folder, tmp_path / folder)
    catalogue = tmp_path / "data" / "catalogue.yaml"
    catalogue.write_text(catalogue.read_text().replace("reformulation/roleplay.ipynb", "reformulation/nope.ipynb"))
    _, errors = validate(tmp_path / "data")
    assert [(e.field, "nope.ipynb" in e.message) for e in errors] == [("notebook", True)], [str(e) for e in errors]
    assert "id 'roleplay'" in errors[0].entry


#: Store faults: one file per fault (setup, operation, the message's pieces).
STORE = FAULTS / "store"


def _faulty_store(setup: str, payload: bytes, header: dict, tmp_path: Path):
    """The store of a store fault, made the way its header's ``setup`` says."""
    from coachkit.store import AttemptRecord, Store

    path = tmp_path / "p.sqlite"
    if setup == "file":
        size = int(header.get("repeat-to", len(payload)))
        path.write_bytes((payload * (size // max(1, len(payload)) + 1))[:size])
    elif setup == "read-only":
        Store(f"sqlite:///{path}").save(AttemptRecord("ann", "x", "kept", 1.0, True))
        return Store(f"sqlite:///file:{path}?mode=ro&uri=true")
    elif setup == "folder-is-a-file":
        (tmp_path / "a-file").write_text("not a folder")
        path = tmp_path / "a-file" / "p.sqlite"
    elif setup == "truncated":
        import sqlite3

        healthy = Store(f"sqlite:///{path}")
        healthy.save_many(AttemptRecord("ann", "x", "a" * 4000, 1.0, True) for _ in range(30))
        healthy.close()
        with sqlite3.connect(path) as conn:
            conn.execute("pragma wal_checkpoint(TRUNCATE)")
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    else:
        raise AssertionError(f"unknown setup {setup!r}")
    return Store(f"sqlite:///{path}")


@pytest.mark.parametrize("name", corpus(STORE))
def test_every_store_fault_gets_its_message(name, tmp_path):
    """Each store fault of the corpus: the operation fails with a StoreError whose message holds every piece its header
    expects (and none it must never say), never a traceback; a read-only store keeps what it held."""
    from coachkit.store import AttemptRecord, Store, StoreError

    header, payload = fault(STORE / name)
    store = _faulty_store(header["setup"], payload, header, tmp_path)
    with pytest.raises(StoreError) as info:
        if header["operation"] == "save":
            store.save(AttemptRecord("ann", "x", "new answer", 1.0, True))
        else:
            store.attempts(learner="ann")
    message = str(info.value)
    assert all(piece in message for piece in header["expect"].split(" | ")), message
    assert "never" not in header or header["never"] not in message, message
    assert "Traceback" not in message and "sqlite3." not in message and "File " not in message, message
    if header["setup"] == "read-only":
        assert ["kept"] == [r.answer for r in Store(f"sqlite:///{tmp_path / 'p.sqlite'}").attempts()]
