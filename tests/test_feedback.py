"""coachkit.feedback: each rubric's checks, partial credit, specific messages, refusals."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coachkit.config import MAX_ANSWER_CHARS, PASS_MARK
from coachkit.feedback import (
    RUBRICS,
    SCORERS,
    accept_and_explore,
    followup_message,
    permission_request,
    projection_vs_empathy,
    protocol_reply,
    reformulation,
)


def checks(feedback) -> dict[str, float]:
    return {c.name: c.credit / c.weight for c in feedback.checks}


def test_every_rubric_line_gets_a_check(scenario):
    """Each scorer returns exactly one check per line of its rubric, in order."""
    for kind, scorer in SCORERS.items():
        args = {"reformulate": (scenario,), "followup": ("the customer said onboarding is slow",)}.get(kind, ())
        result = scorer("I hear you. What worries you most?", *args)
        assert [c.name for c in RUBRICS[kind]] == [c.name for c in result.checks]


def test_accept_and_explore_full_marks():
    """An acknowledgement plus an open question scores full marks and names its words."""
    result = accept_and_explore("That's a fair concern. What would make the timing work for you?")
    assert 1.0 == result.score and result.passed
    assert "That's a fair concern" in result.checks[0].message


def test_accept_and_explore_closed_question_gets_half():
    """A closed question earns half the explore credit, with advice to open it."""
    result = accept_and_explore("Fair enough. Is it the price?")
    assert 0.5 == checks(result)["Explore"]
    assert "What…" in result.checks[1].message


def test_accept_and_explore_rebuttal_loses_credit():
    """'I understand, but…' loses the accept and no-push-back credit and quotes the words."""
    result = accept_and_explore("I understand, but our price is lower than theirs.")
    assert 0 == checks(result)["No push-back"]
    assert "but our price is lower than theirs" in result.checks[2].message
    assert not result.passed


def test_reformulation_level_four(scenario):
    """Carrying every key point and the hidden need, with a check question, scores full marks."""
    result = reformulation(scenario.model_answers.reformulate, scenario)
    assert 1.0 == result.score


def test_reformulation_word_forms(scenario):
    """Key points are found in other word forms (costs → cost) and synonyms."""
    result = reformulation("So the costs feel too high for a team of your size, and you'd have to justify them "
                           "to the owner. Is that right?", scenario)
    assert 1.0 == checks(result)["Key points"]


def test_reformulation_level_three_gets_partial(scenario):
    """A restatement without the hidden need gets no 'better than they did' credit and a hint."""
    result = reformulation("So the price is too high for a small team. Is that right?", scenario)
    assert 0 == checks(result)["Better than they did"]
    assert scenario.hints.reformulate[-1] in result.checks[2].message
    assert 0 < result.score < 1


def test_reformulation_missing_point_named(scenario):
    """A missing key point is named in the message."""
    result = reformulation("So you'd have to justify it to the owner. Is that right?", scenario)
    assert "the team is small" in result.checks[1].message or "price" in result.checks[1].message
    assert checks(result)["Key points"] < 1


def test_reformulation_without_check_question(scenario):
    """No check question at the end: the check line says to add one."""
    result = reformulation("So the price is too much for a small team and you must justify it to the owner.", scenario)
    assert 0 == checks(result)["Check"]


def test_permission_request():
    """A real permission question scores full; an announcement does not."""
    assert 1.0 == permission_request("Would it be all right if I shared what other teams did?").score
    announced = permission_request("Let me tell you what other teams did.")
    assert 0 == checks(announced)["Ask leave"] and 0 == checks(announced)["A real question"]


def test_permission_after_a_pitch():
    """Giving the view before asking loses the 'view held back' credit."""
    result = permission_request("Our platform is the market leader. May I explain why?")
    assert 0 == checks(result)["View held back"]


def test_protocol_in_order():
    """Explore, reformulate, then ask permission, in that order, scores full marks."""
    result = protocol_reply("I hear you. What makes the timing hard? So the real issue is the busy season for your "
                            "team, is that right? Would you let me share an idea?")
    assert 1.0 == result.score


def test_protocol_respond_before_explore():
    """A pitch before exploring fails the order check, quoting the pitch."""
    result = protocol_reply("Our tool solves exactly that. What worries you? May I explain?")
    assert 0 == checks(result)["In order"]
    assert "Our tool solves" in result.checks[3].message


def test_followup_value_tied_to_words():
    """New value that echoes the customer's words passes; a chaser fails with advice."""
    words = "Onboarding new drivers takes us three weeks."
    good = followup_message("You said onboarding drivers takes three weeks, so I drafted a one-week onboarding plan.",
                            words)
    bad = followup_message("Just checking in, any news?", words)
    assert good.passed and 1.0 == checks(good)["Tied to their words"]
    assert 0 == checks(bad)["New value"] and 0 == checks(bad)["No chasing"]
    assert "idea meeting" in bad.checks[0].message


def test_followup_value_not_tied():
    """New value unrelated to what the customer said loses the tie credit."""
    result = followup_message("I prepared a summary of our new features.", "Our warehouse floods every spring.")
    assert 0 == checks(result)["Tied to their words"]


def test_empathy_vs_projection():
    """Taking the client's frame passes; 'if I were you' fails, and a mix gets partial credit."""
    empathy = projection_vs_empathy("It sounds like you're stuck between the board and your team.")
    projection = projection_vs_empathy("If I were you, I would sign now.")
    mixed = projection_vs_empathy("It sounds like a hard spot for you, but you should sign now.")
    assert empathy.passed and not projection.passed
    assert 0 < mixed.score < empathy.score


@pytest.mark.parametrize("text", ["", "   \n", None])
def test_empty_answer(text):
    """An empty answer is refused with a clear message and no checks."""
    result = accept_and_explore(text)
    assert "Write an answer first" in result.refused and () == result.checks and not result.passed


def test_oversized_answer_refused_not_truncated():
    """An answer over the limit is refused, saying its length and the limit."""
    result = accept_and_explore("a" * (MAX_ANSWER_CHARS + 1))
    assert f"{MAX_ANSWER_CHARS:,}" in result.refused and "nothing was cut" in result.refused


def test_pass_mark():
    """Passing means reaching the pass mark with nothing that blocks the verdict (here: no open question)."""
    result = accept_and_explore("Fair enough. Is it the price?")
    assert result.blocked and not result.passed
    good = accept_and_explore("Fair enough. What makes the price the sticking point for you?")
    assert good.passed == (good.score >= PASS_MARK) and not good.blocked


def test_deterministic(scenario):
    """The same answer gets the same feedback."""
    text = "So the price worries you because of the owner. Right?"
    assert reformulation(text, scenario) == reformulation(text, scenario)


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=600))
def test_any_text_gets_feedback(text, scenario):
    """Any text gets feedback or a refusal, never an exception."""
    for kind, scorer in SCORERS.items():
        args = {"reformulate": (scenario,), "followup": ("budget",)}.get(kind, ())
        result = scorer(text, *args)
        assert result.refused or result.checks
