"""Fault and bad-input tests: broken content files, fuzzed widget callbacks, killed writers, failing stores."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coachkit.content import validate

BROKEN = Path(__file__).parent / "data" / "broken"

#: Each broken file, named for what is wrong, and the entry and field its error must name.
CASES = {
    "scenarios/missing_objection.yaml": ("entry 1 (id 'sw-price-small-team')", "objection"),
    "scenarios/difficulty_is_a_number.yaml": ("entry 1 (id 'sw-price-small-team')", "difficulty"),
    "scenarios/key_points_not_a_list.yaml": ("entry 1 (id 'sw-price-small-team')", "key_points"),
    "scenarios/empty_hint_list.yaml": ("entry 1 (id 'sw-price-small-team')", "hints.reformulate"),
    "scenarios/blank_objection.yaml": ("entry 1 (id 'sw-price-small-team')", "objection"),
    "scenarios/unknown_field.yaml": ("entry 1 (id 'sw-price-small-team')", "tone"),
    "scenarios/duplicate_ids.yaml": ("entry 2 (id 'sw-price-small-team')", "id"),
    "scenarios/bad_yaml_syntax.yaml": ("line 4", ""),
    "scenarios/latin1_encoding.yaml": ("line 2", ""),
    "scenarios/no_scenarios_key.yaml": ("", "scenarios"),
    "bad_move/replies.csv": ("row 2 (id 'r1')", "moves[0]"),
    "missing_column/replies.csv": ("header", "explanation"),
    "extra_cell/replies.csv": ("row 2", ""),
    "labelled/move_both_required_and_optional.csv": ("row 2 (id 'x1')", ""),
    "labelled/unknown_move.csv": ("row 2 (id 'x1')", "moves[0]"),
    "scenarios/nested_too_deep.yaml": ("line 3", ""),
    "impossible_date/situations.yaml": ("line 13", ""),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_file_is_named_with_entry_and_field(name):
    """Every broken content file is refused with its file name, the entry and the field."""
    counts, errors = validate(BROKEN / name)
    assert errors, f"{name} was accepted"
    entry, field = CASES[name]
    first = errors[0]
    assert Path(name).name in first.file
    assert entry in first.entry, str(first)
    assert field == "" or any(e.field.startswith(field) for e in errors), [str(e) for e in errors]


def test_broken_folder_lists_every_problem():
    """Validating the folder reports a problem for each broken file, none silently skipped."""
    _, errors = validate(BROKEN / "scenarios")
    named = {Path(e.file).name for e in errors}
    assert {Path(n).name for n in CASES if n.startswith("scenarios/")} == named


def test_cli_exit_code_on_broken_folder():
    """`coachkit validate` exits non-zero on the broken corpus."""
    result = subprocess.run([sys.executable, "-m", "coachkit.cli", "validate", str(BROKEN / "scenarios")],
                            capture_output=True, text=True)
    assert 1 == result.returncode and "missing_objection.yaml" in result.stderr


TEXT = st.text(max_size=400) | st.sampled_from(["", " ", "<script>alert(1)</script>", "a" * 6000, "\x00\ud7ff",
                                                "I understand, but no.", "What worries you?"])


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
