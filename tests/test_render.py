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


def test_bidi_controls_cannot_turn_a_quote_around():
    """A right-to-left override pasted into an answer is left out where the answer is quoted."""
    html = render.feedback(accept_and_explore("I hear you.\u202e What worries you most?\u202c"))
    assert "\u202e" not in html and "\u202c" not in html and "What worries you most?" in html


def test_the_rubric_says_when_a_second_opinion_reads_its_checks():
    """A rubric whose checks get the second opinion says so under its lines; the others do not."""
    from coachkit.feedback import RUBRICS

    assert render.SECOND_OPINION_NOTE in render.rubric(RUBRICS["reformulate"], second_opinion=True)
    assert render.SECOND_OPINION_NOTE not in render.rubric(RUBRICS["reformulate"])
