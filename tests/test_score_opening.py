"""The first hello read as a coach reads it (coachkit.score_opening)."""

import pytest
from _coach import shares

from coachkit.score_opening import score_opening


@pytest.mark.parametrize("item, text, offer", [
    ("op-physio-clinic", "What made you open your own clinic? Our software was built by a physio so I know the pain "
                         "of admin", "Our software"),
    ("op-arable-farm", "hows the harvest been? our sensors helped a farm ur size get 8% more yield", "our sensors"),
    ("op-furniture-logistics", "Congratulations on the new role! New directors usually want quick wins, and route "
                               "planning is an easy one. What are your priorities?", "route planning is an easy one"),
])
def test_the_offer_after_a_client_start_is_half_client_first(opening_at, item, text, offer):
    """Starting from them, then bringing in the offer in the same hello, is half of Client before offer."""
    result = score_opening(text, opening_at[item])
    check = result.checks[0]
    assert check.name == "Client before offer" and shares(result)["Client before offer"] == 0.5
    assert offer.lower() in " ".join(check.evidence).lower() and not result.passed


def test_a_client_start_with_the_offer_held_back_stays_client_first(opening_at):
    """'Before I say anything about what we do, how is the season going?' holds the offer back: full credit."""
    result = score_opening("Before I say anything about what we do, how has the season been on the farm for you?",
                           opening_at["op-arable-farm"])
    assert shares(result)["Client before offer"] == 1


def test_every_model_opening_starts_from_the_client(opening_at):
    """Each model opening keeps full credit for Client before offer."""
    for item in opening_at.values():
        assert shares(score_opening(item.model_opening, item))["Client before offer"] == 1, item.id


@pytest.mark.parametrize(("item", "hello"), [
    ("op-furniture-logistics", "hi thanks for ur time! i know ur new so i won't take long. is route planning something ur "
                               "looking at?"),
    ("op-children-charity", "Hi, lovely to meet you. I'm guessing you're not super happy with your current donor "
                            "database if you agreed to meet?"),
])
def test_a_first_question_about_what_you_sell_is_half_client_first(opening_at, item, hello):
    """'Is route planning something you're looking at?' asks about the offer's kind, not their world: half."""
    result = score_opening(hello, opening_at[item])
    assert shares(result)["Client before offer"] == 0.5


def test_the_offer_in_the_question_next_to_their_world_is_client_first(opening_at):
    """'How many patients do you see, and do you use any booking software?' brings their world in with it."""
    result = score_opening("Thanks for having me. How many patients do you see in a week, and do you use any booking "
                           "software at the moment?", opening_at["op-physio-clinic"])
    assert shares(result)["Client before offer"] == 1


def test_one_reading_of_the_sellers_introduction_serves_both_checks(opening_at):
    """'we supply…' after their world is the seller naming what they sell, for Client before offer as for No pitch."""
    result = score_opening("Your guests must keep the rooms busy all winter. We supply heat pumps to hotels. What is "
                           "on your mind this season?", opening_at["op-city-hotel"])
    before = next(c for c in result.checks if c.name == "Client before offer")
    assert before.credit == before.weight / 2 and "name yourself or your offer" in before.message
