"""The exercise's own counter-argument said again (coachkit.echo): read as arguing wherever it comes."""

import pytest
from _coach import shares

from coachkit.echo import counter_echo, seller_claim
from coachkit.feedback import accept_and_explore, protocol_reply, reformulation


def test_the_claim_is_told_by_the_sellers_own_words(scenario_at):
    """'national framework … order direct' says pub-procurement-rules' counter-argument again."""
    assert set(counter_echo("btw were on the national framework so you can order direct",
                            scenario_at["pub-procurement-rules"])) >= {"national", "framework"}


def test_the_customers_words_are_not_the_claim(scenario_at):
    """'tender' and 'threshold' are the customer's words: naming them says nothing of the seller's."""
    assert counter_echo("So anything over the threshold has to go to tender and you can't just buy from us.",
                        scenario_at["pub-procurement-rules"]) == ()


def test_a_request_that_only_names_the_claim_does_not_say_it(scenario_at):
    """'May I show you a cost-per-patient calculation?' asks; what follows a dash states."""
    assert counter_echo("May I show you how the cost per patient comes out?", scenario_at["hc-dressings-twice-price"]) == ()
    assert counter_echo("can i tell you why i think they'll say yes - we're iso 27001 certified",
                        scenario_at["sw-security-review"])


def test_a_restatement_of_their_side_is_not_the_sellers_claim(scenario_at):
    """'…you need reassurance that we're financially solid' gives their worry back; it shares one word at most."""
    assert seller_claim("and i get that you need reassurance that we're financially solid.",
                        scenario_at["ret-young-brand-returns"]) == ()


def test_the_counter_argument_after_a_good_summary_breaks_the_order(scenario_at):
    """Three good steps, then 'btw were on the national framework…' without leave: the view before the yes."""
    reply = ("makes sense, tender rules are there for a reason. how do you normally handle stuff near the threshold? "
             "so youd like it but your hands are tied by the rules and you dont want to stick your neck out. right? "
             "btw were on the national framework so you can order direct")
    assert shares(protocol_reply(reply, scenario_at["pub-procurement-rules"]))["In order"] == 0


def test_the_counter_argument_inside_the_request_breaks_the_order(scenario_at):
    """'May I share something, our platform is ISO 27001 certified…' gives the view in the request itself."""
    reply = ("That is a real concern, IT security has to be strict with client data. What is it your IT team usually "
             "objects to with cloud tools? So you liked the demo but you feel IT will block client data in the cloud, "
             "correct? May I share something, our platform is ISO 27001 certified and encrypted end to end.")
    assert shares(protocol_reply(reply, scenario_at["sw-security-review"]))["In order"] == 0


def test_an_opinion_that_says_the_counter_argument_again_pushes_back(scenario_at):
    """'I'd only say that an outside perspective does bring something…' is the rebuttal, however softly put."""
    result = shares(accept_and_explore("That's great that you have an in-house team. I'd only say that an outside "
                                       "perspective does bring something an in-house team can't. How experienced are "
                                       "they with programmes for new managers?", scenario_at["ps-inhouse-team"]))
    assert result["No push-back"] == 0


@pytest.mark.parametrize("reply, item", [
    ("So the day rate looks steep next to what you've paid before, but bear in mind you're getting senior people who'll "
     "find savings many times the fee, right?", "ps-day-rate"),
    ("You're dealing with a 12% cut and nurses leaving faster than you can hire, so any new system looks like a burden; "
     "which is exactly why a scheduling tool that reduces agency spend could be relevant. Does that sound right?",
     "hc-cuts-and-departures"),
])
def test_the_counter_argument_inside_a_summary_pushes_back(scenario_at, reply, item):
    """A summary that goes on into the counter-argument ('but bear in mind … senior people … savings') argues."""
    assert shares(reformulation(reply, scenario_at[item]))["No push-back"] == 0
