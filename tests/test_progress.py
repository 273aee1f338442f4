"""coachkit.progress and the widgets' saving: attempts recorded, resume, a failing store never loses the answer."""

from __future__ import annotations

from coachkit.identity import Identity
from coachkit.progress import Recorder
from coachkit.store import Store

GOOD = "That's a fair concern. What would make the cost feel justified for you?"


def test_recorder_saves_feedback(tmp_path):
    """A recorder stores the answer, its moves and its per-check feedback."""
    from coachkit.feedback import accept_and_explore

    store = Store(f"sqlite:///{tmp_path / 'p.sqlite'}")
    rec = Recorder("accept-explore", Identity("ann", "W"), store)
    assert rec.save("s1", GOOD, accept_and_explore(GOOD)).saved
    (row,) = store.attempts()
    assert ("ann", "W", "accept-explore", "s1") == (row.learner, row.workshop, row.exercise, row.item)
    assert {"acknowledge", "explore"} <= set(row.moves) and 3 == len(row.checks)


def test_widget_saves_and_shows_history(scenarios):
    """Checking an answer saves it; a new widget on the same exercise shows it (resume)."""
    from coachkit.widgets import FreeTextExercise

    ex = FreeTextExercise("accept_explore", scenarios, exercise="accept-explore")
    ex.answer.value = GOOD
    ex.check.click()
    assert "Saved" in ex.progress.status.value
    again = FreeTextExercise("accept_explore", scenarios, exercise="accept-explore")
    assert "previous attempts: 1" in again.progress.past.value and "best score 100%" in again.progress.past.value


def test_refused_answer_not_saved(scenarios):
    """An empty answer is not recorded."""
    from coachkit.widgets import FreeTextExercise

    ex = FreeTextExercise("accept_explore", scenarios, exercise="accept-explore")
    ex.check.click()
    assert "" == ex.progress.status.value and [] == ex.progress.recorder.history()[0]


def test_failing_store_keeps_answer(scenarios, tmp_path):
    """With a broken store the learner sees why, gets feedback anyway, and the answer stays in the box."""
    from coachkit.widgets import FreeTextExercise

    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"garbage" * 100)
    rec = Recorder("accept-explore", Identity("ann"), Store(f"sqlite:///{broken}"))
    ex = FreeTextExercise("accept_explore", scenarios, recorder=rec)
    ex.answer.value = GOOD
    ex.check.click()
    assert "score" in ex.feedback.value
    assert "not saved" in ex.progress.status.value and GOOD == ex.answer.value


def test_history_escapes_answers(scenarios):
    """Earlier answers with markup are shown as text."""
    from coachkit.widgets import FreeTextExercise

    ex = FreeTextExercise("accept_explore", scenarios, exercise="accept-explore")
    ex.answer.value = "I hear you <img src=x onerror=alert(1)>. What worries you?"
    ex.check.click()
    assert "<img" not in ex.progress.past.value and "&lt;img" in ex.progress.past.value


def test_spot_and_roleplay_are_recorded(scenario):
    """Spot-the-move choices and finished role-plays are stored too."""
    from coachkit.store import open_store
    from coachkit.widgets import RoleplayExercise, SpotTheMoveExercise

    spot = SpotTheMoveExercise(exercise="spot-the-move")
    spot.choices["pitch"].value = True
    spot.check.click()
    play = RoleplayExercise([scenario], exercise="roleplay")
    while not play.dialogue.over:
        play.answer.value = scenario.counter_argument
        play.check.click()
    assert {"spot-the-move", "roleplay"} == {r.exercise for r in open_store().attempts()}


def test_home_page_shows_progress():
    """The home page marks exercises done, tried or not started, and keeps the identity on links."""
    from coachkit.server import home_page

    html = home_page("/", "workshop=W1&learner=Ana", progress={"accept-explore": "done", "reformulate": "tried"})
    assert 'data-exercise="accept-explore"' in html and 'data-status="done"' in html and 'data-status="tried"' in html
    assert "workshop=W1&amp;learner=Ana" in html
    assert "1 of" in html


def test_catalogue_notebooks_record_under_their_id():
    """Each exercise notebook passes its catalogue id, so progress is stored under it."""
    from coachkit.config import PROJECT_DIR
    from coachkit.content import load_catalogue

    for module in load_catalogue().modules:
        for exercise in module.exercises:
            text = (PROJECT_DIR / "solutions" / exercise.notebook).read_text(encoding="utf-8")
            assert f'exercise=\\"{exercise.id}\\"' in text, exercise.notebook


def test_home_page_progress_is_read_for_the_learner_in_the_link(tmp_path, monkeypatch):
    """The home page reads the progress of the learner its link names; a broken store becomes a message."""
    from coachkit.server import learner_progress

    good = tmp_path / "good.sqlite"
    monkeypatch.delenv("COACHKIT_DATABASE_URL", raising=False)
    monkeypatch.setenv("COACHKIT_STORE", str(good))
    rec = Recorder("accept-explore", Identity("ana", "W1"), Store(f"sqlite:///{good}"))
    rec.save("item-1", GOOD, type("F", (), {"score": 1.0, "passed": True})())
    assert ({"accept-explore": "done"}, "") == learner_progress("workshop=W1&learner=ana", None)
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"garbage" * 100)
    monkeypatch.setenv("COACHKIT_STORE", str(broken))
    progress, problem = learner_progress("workshop=W1&learner=ana", None)
    assert ({}, True) == (progress, problem.startswith("Your earlier attempts could not be read"))
