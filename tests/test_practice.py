"""coachkit.practice: sessions, navigation, unlocking hints and model answers, spot-the-move scoring."""

from __future__ import annotations

import pytest

from coachkit.practice import FreeTextSession, SpotSession, score_choice

GOOD = "That's a fair concern. What would the tool need to give you for the cost to feel justified?"
BAD = "But our price is actually lower than what you pay today."


def test_navigation_wraps(scenarios):
    """Next after the last item comes back to the first; Previous from the first goes to the last."""
    s = FreeTextSession("accept_explore", scenarios)
    first = s.current
    s.previous()
    assert scenarios[-1] == s.current
    s.next()
    assert first == s.current


def test_difficulty_filter(scenarios):
    """Filtering keeps only items of that difficulty and goes back to the first."""
    s = FreeTextSession("accept_explore", scenarios)
    s.set_difficulty("hard")
    assert {"hard"} == {x.difficulty for x in s.items}
    s.set_difficulty("all")
    assert len(scenarios) == len(s.items)
    with pytest.raises(ValueError):
        s.set_difficulty("extreme")


def test_model_answer_locked_until_attempt(scenario):
    """The model answer is hidden before the first attempt and shown after it."""
    s = FreeTextSession("accept_explore", [scenario])
    assert s.model_answer is None
    s.submit(GOOD)
    assert scenario.model_answers.acknowledge_explore == s.model_answer


def test_hint_unlocks_after_failed_attempt(scenario):
    """Hints stay locked after a passing attempt and open, one by one, after a failing one."""
    s = FreeTextSession("accept_explore", [scenario])
    s.submit(GOOD)
    assert (False, None) == (s.hint_unlocked, s.next_hint())
    s.submit(BAD)
    hints = scenario.hints.acknowledge_explore
    assert hints == [s.next_hint() for _ in hints]
    assert s.next_hint() is None


def test_empty_answer_is_not_an_attempt(scenario):
    """An empty answer is refused with a message and unlocks nothing."""
    s = FreeTextSession("accept_explore", [scenario])
    result = s.submit("   ")
    assert "Write an answer first" in result.refused
    assert (False, []) == (s.tried, s.attempts)


def test_best_score(scenario):
    """The best score is the highest of the attempts on the scenario."""
    s = FreeTextSession("accept_explore", [scenario])
    low = s.submit(BAD).score
    high = s.submit(GOOD).score
    assert low < high == s.best_score


def test_unknown_kind():
    """An unknown exercise kind is refused with the known ones listed."""
    with pytest.raises(ValueError, match="accept_explore"):
        FreeTextSession("nope", [])


def test_score_choice_per_move():
    """Each move picked or expected gets its own verdict."""
    from coachkit.content import load_replies

    reply = next(r for r in load_replies() if len(r.moves) == 2)
    a, b = (m.value for m in reply.moves)
    result = score_choice(reply, {a, "pitch" if "pitch" not in (a, b) else "pressure"})
    verdicts = {r.move: r.correct for r in result.results}
    assert verdicts[a] is True and verdicts[b] is False
    assert 0.25 == result.score and not result.passed
    assert score_choice(reply, {a, b}).passed


def test_score_choice_one_right_one_wrong_earns_part_credit_with_a_reason():
    """One right tick and one wrong on a one-move reply earn half, and the wrong tick says why it is wrong."""
    from coachkit.content import load_replies

    reply = next(r for r in load_replies() if len(r.moves) == 1)
    (right,) = (m.value for m in reply.moves)
    wrong = "pitch" if right != "pitch" else "explore"
    result = score_choice(reply, {right, wrong})
    assert 0.5 == result.score and not result.passed
    message = next(r.message for r in result.results if r.move == wrong)
    assert message.startswith(f"Not {wrong} here: nothing in the reply ") and len(message) > 30


def test_score_choice_refuses_nothing_picked():
    """Checking with nothing ticked asks to pick a move."""
    from coachkit.content import load_replies

    assert "Pick at least one" in score_choice(load_replies()[0], set()).refused


def test_spot_session_records_attempts():
    """A spot-the-move attempt is recorded with the moves picked."""
    from coachkit.content import load_replies

    s = SpotSession(load_replies())
    s.submit({"pitch"})
    assert ["pitch"] == [a.answer for a in s.attempts]


def test_rewrite_kind_scores_with_protocol(scenario):
    """The rewrite exercise shows a counter-argument and scores with the protocol rubric."""
    from coachkit.feedback import RUBRICS

    s = FreeTextSession("rewrite", [scenario])
    assert s.kind.rewrite and RUBRICS["protocol"] == s.kind.rubric
    s.submit(scenario.counter_argument)
    assert s.model_answer.startswith(scenario.model_answers.acknowledge_explore)


def test_sequence_walks_the_protocol(scenario):
    """Each passing step opens the next and the customer answers in the scenario's words."""
    from coachkit.practice import SequenceSession

    s = SequenceSession([scenario])
    for step in ("acknowledge_explore", "reformulate", "ask_permission"):
        assert s.submit(getattr(scenario.model_answers, step)).passed
    assert s.done
    said = [text for who, text in s.transcript if who == "customer"]
    assert [scenario.objection, scenario.customer_lines.elaborate, scenario.customer_lines.thats_right,
            scenario.customer_lines.grant_permission] == said


def test_sequence_failed_step_stays_and_unlocks_hint(scenario):
    """A failing answer keeps the step, unlocks the hint and the model answer of that step."""
    from coachkit.practice import SequenceSession

    s = SequenceSession([scenario])
    assert not s.submit(scenario.counter_argument).passed
    assert 0 == s.step and s.hint_unlocked
    assert scenario.hints.acknowledge_explore[0] == s.next_hint()
    assert scenario.model_answers.acknowledge_explore == s.model_answer


def test_sequence_next_starts_over(scenarios):
    """Next moves to another customer and starts the dialogue again."""
    from coachkit.practice import SequenceSession

    s = SequenceSession(scenarios)
    s.submit(s.current.model_answers.acknowledge_explore)
    s.next()
    assert (0, [("customer", s.current.objection)]) == (s.step, s.transcript)
