"""coachkit.questions: what kind of question a sentence asks."""

import pytest

from coachkit.moves import Move
from coachkit.questions import KINDS, asks, invites, opens_question, question_kind

NONE = frozenset()


@pytest.mark.parametrize(("text", "expected"), [
    ("Tell me about the clinic.", True),
    ("I'd really love to hear how the season went.", True),
    ("I would be very interested to know what your partners said.", True),
    ("I'd like to know if you would sign this week.", False),
    ("We'd love to hear from you.", False),
])
def test_an_invitation_hands_them_the_floor_only_with_what_it_is_about(text, expected):
    """A wish to hear them invites them to talk when what it is about follows it."""
    assert invites(text) is expected


def test_an_unpunctuated_question_is_still_asked():
    """A question typed without "?" is read from how it opens or ends."""
    assert asks("how are lunches organised at the moment")
    assert asks("so that is the budget, have i got that right")
    assert not asks("We install in a day.")


def test_leave_to_ask_then_the_question_is_an_open_question():
    """"I was wondering if you could tell me…" asks for their story."""
    assert question_kind("I was wondering if you could tell me how the last rollout went?", NONE) == "open"
    assert question_kind("Can I ask, what is selling slowest?", NONE) == "open"


def test_a_hypothesis_is_not_an_open_question_even_when_it_explores():
    """"What if we started with one ward?" is the seller's idea, not a question about them."""
    assert question_kind("What if we started with one ward?", frozenset({Move.EXPLORE})) != "open"
    assert question_kind("What matters most to your ward?", frozenset({Move.EXPLORE})) == "open"


def test_greetings_do_not_hide_how_a_question_opens():
    """"Hi, what…" opens like "What…"."""
    assert opens_question("Hi, what is on your mind this season?")
    assert not opens_question("However, our price is fixed.")


def test_every_kind_is_one_of_the_declared_kinds():
    """question_kind returns "" or one of KINDS."""
    for text in ("Right?", "Why not start small?", "May I share an idea?", "Is it the price?", "We are here."):
        assert question_kind(text, NONE) in ("", *KINDS)
