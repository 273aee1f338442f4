"""An exercise whose content is broken shows the file, entry and field to fix instead of raising into the page."""

import ipywidgets as w

import coachkit.widgets as widgets
from coachkit.content import ContentError, ContentInvalid


def test_broken_content_gives_the_list_to_fix(monkeypatch):
    """A content error while building an exercise gives an HTML notice naming file, entry and field."""
    from coachkit.widgets import _free_text

    def broken(*_args, **_kwargs):
        raise ContentInvalid([ContentError("data/scenarios/retail.yaml", "entry 3 (id 'ret-x')", "objection",
                                           "Field required <script>")])

    monkeypatch.setattr(_free_text.FreeTextExercise, "__init__", broken)
    shown = widgets.FreeTextExercise("accept_explore", exercise="accept-explore")
    assert isinstance(shown, w.HTML) and "ck-content-error" in shown._dom_classes
    assert "data/scenarios/retail.yaml" in shown.value and "field &#x27;objection&#x27;" in shown.value
    assert "<script>" not in shown.value and "cannot open" in shown.value


def test_sound_content_builds_the_exercise():
    """With sound content the exercise is the exercise itself, and works as before."""
    from coachkit.widgets._free_text import FreeTextExercise

    exercise = widgets.FreeTextExercise("accept_explore", exercise="accept-explore")
    assert isinstance(exercise, FreeTextExercise) and not isinstance(exercise, w.HTML)
    exercise.answer.value = "That's a fair concern. What worries you most about the switch?"
    exercise.check.click()
    assert "ck-" in exercise.feedback.value
