"""coachkit.render: learner text is escaped wherever it is shown as HTML."""

from __future__ import annotations

from coachkit import render
from coachkit.feedback import accept_and_explore

ATTACK = '<script>alert(1)</script><img src=x onerror=alert(1)> What worries you?'


def test_feedback_escapes_learner_words():
    """Evidence quoted from an answer with HTML in it comes out escaped."""
    html = render.feedback(accept_and_explore("I hear you. What worries you most about <script>alert(1)</script>?"))
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_refused_answer_is_a_message():
    """An empty answer renders as a notice, not as a score."""
    html = render.feedback(accept_and_explore(""))
    assert "Write an answer first" in html and "score" not in html


def test_message_escapes():
    """A notice escapes its text."""
    assert "&lt;img" in render.message(ATTACK)
    assert "<img" not in render.message(ATTACK)


def test_rubric_lists_every_criterion():
    """The rubric shows each criterion with its points."""
    from coachkit.feedback import RUBRICS

    html = render.rubric(RUBRICS["accept_explore"])
    assert all(f"<b>{c.name}</b>" in html for c in RUBRICS["accept_explore"])
