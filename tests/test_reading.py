"""The reading of a reply, sentence by sentence: question kinds, rebuttals, concessions, reflections, shorthand."""

import pytest

from coachkit.moves import Move
from coachkit.reading import find, opens_with, read


def kinds(text):
    return [s.question for s in read(text).sentences]


@pytest.mark.parametrize(("text", "kind"), [
    ("Have I got that right?", "check"),
    ("Our pumps take twenty minutes, so that's not a problem, right?", "tag"),
    ("Why not start with a single site?", "advice"),
    ("Which of our features caught your eye?", "steer"),
    ("If I could show you it pays for itself, would you sign?", "setup"),
    ("May I share how other clinics handled it?", "permission"),
    ("What makes the timing hard for your team?", "open"),
    ("how are lunches organised at the moment", "open"),
])
def test_question_kinds(text, kind):
    """Each kind of question is told apart, an unpunctuated one too."""
    assert kinds(text)[-1] == kind


def test_a_rebuttal_after_a_good_start_is_found():
    """"Yes, but…" followed by the seller's point is a rebuttal; "but what worries you…?" is not."""
    assert read("I hear you. Yes, but honestly the interface is intuitive.").sentences[-1].rebuttal
    assert not read("I understand, but what worries you most?").sentences[0].rebuttal


def test_a_concession_and_sarcasm_are_heard():
    """Agreeing with the objection and mocking it are both read."""
    assert read("You're right, we're too expensive.").sentences[0].concession
    assert read("Oh great, another budget freeze.").sentences[0].sarcasm


def test_shorthand_is_read_like_the_full_words():
    """"u" is "you" and "id" is "i'd" in every word list."""
    assert find("check_question", "did i get u right?") or find("decision_in_their_mouth", "id sign today")
    assert find("decision_in_their_mouth", "if i were the client id sign today")


def test_a_reflection_without_marker_words_is_read():
    """"And you'd be the one under pressure…" and "you need something…, not a week" give their side back."""
    theirs = {Move.EMPATHY, Move.REFORMULATE}
    assert theirs & read("And you'd be the one under pressure if the tills go down on a Saturday.").sentences[0].moves
    assert theirs & read("You want proof from a clinic your size, not a teaching hospital.").sentences[0].moves
    assert not theirs & read("Our tills never go down on a Saturday.").sentences[0].moves


def test_an_acknowledgement_is_not_turned_into_empathy():
    """After "That's a fair concern.", a short yes/no question is not taken for a check of a summary."""
    assert kinds("That's a fair concern. Is it the timing?")[-1] == "closed"


def test_opens_with_reads_the_start_only():
    """A list opens a text only at its first words, after "so", "and", "ok"."""
    assert opens_with("quantity_question", "So how many donors do you have?")
    assert not opens_with("quantity_question", "How does it work on your side?")


def test_a_promise_of_their_delight_is_not_their_side():
    """After "but", "you'll love how quickly it goes" is the seller's promise; "you can't be seen bending the rules" is
    their own side."""
    from coachkit.reading import _their_side

    assert not _their_side(" you'll love how quickly it goes")
    assert not _their_side(" I hear you, I think you'll love it")
    assert _their_side(" you can't be seen bending the rules")
