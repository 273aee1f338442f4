"""Readings of formal, hedged and scripted writing that blind sets 19-20 showed the kit missed: one test each."""

import pytest
from _coach import shares

from coachkit.feedback import (
    accept_and_explore,
    followup_message,
    permission_request,
    projection_vs_empathy,
    protocol_reply,
    reformulation,
)
from coachkit.keypoints import key_points
from coachkit.reading import read
from coachkit.score_opening import score_opening


def test_it_sounds_as_though_is_no_contrast():
    """'It sounds as though the launch date is squeezing your team' names their state; 'though' contrasts nothing."""
    result = projection_vs_empathy("It sounds as though the launch date is squeezing your team, and you're weighing up "
                                   "whether they can realistically be ready in time.")
    assert shares(result) == {"Client's frame": 1, "No projection": 1, "About them": 1} and result.passed
    assert read("It sounds as though you're under pressure.").sentences[0].rebuttal == ""


def test_realistically_inside_a_question_is_no_rebuttal(scenario_at):
    """'How many days of downtime could you realistically absorb?' asks; 'realistically' argues nothing there."""
    result = accept_and_explore("Understood, the orders have to go out no matter what. How many days of downtime could "
                                "you realistically absorb?", scenario_at["mfg-downtime-risk"])
    assert shares(result)["No push-back"] == 1
    assert read("Realistically, our crew installs it in a weekend.").sentences[0].rebuttal


@pytest.mark.parametrize("ask", [
    "Before I say anything further, I wonder whether you'd be open to my sharing a thought on that?",
    "I wonder if I might share how one or two other clinics have handled this?",
])
def test_a_hedged_request_asks_leave(scenario_at, ask):
    """'I wonder whether you'd be open to my sharing a thought' asks leave, however formally."""
    assert shares(permission_request(ask, scenario_at["hc-purchasing-group"]))["Ask leave"] == 1


def test_i_imagine_introduces_their_state_not_the_seller():
    """'I imagine there is a certain degree of concern…' is about them: the 'I' only introduces the guess."""
    result = projection_vs_empathy("I imagine there is a certain degree of concern about keeping pace with competitors.")
    assert shares(result)["About them"] == 1


def test_which_is_exactly_why_we_turns_the_summary_into_a_pitch(scenario_at):
    """'…didn't stick around, which is exactly why we stay until the process is live. Makes sense, right?' sells."""
    result = reformulation("So what I'm hearing is the last consultants didn't stick around after the report, which is "
                           "exactly why we stay until the process is live. Makes sense, right?",
                           scenario_at["ps-report-in-a-drawer"])
    assert shares(result)["No push-back"] == 0 and shares(result)["Check"] == 0 and not result.passed


def test_wouldnt_it_be_worth_is_advice_not_a_check(scenario_at):
    """'Wouldn't it be worth at least seeing what a modern one could do?' steers: no check, and it pushes."""
    result = reformulation("So what I'm hearing is you have a CRM that isn't perfect. Wouldn't it be worth at least "
                           "seeing what a modern one could do for your reps?", scenario_at["sw-already-have-crm"])
    assert shares(result)["Check"] == 0 and shares(result)["No push-back"] == 0


def test_id_be_interested_to_hear_how_invites_them_to_talk(opening_at):
    """'I'd be really interested to hear how the season has gone for you' opens the conversation without a '?'."""
    result = score_opening("Thanks very much for having me out. I'd be really interested to hear how the season has "
                           "gone for you, and what the big decisions on the farm are at this time of year.",
                           opening_at["op-arable-farm"])
    assert shares(result)["Open question"] == 1 and result.passed


def test_at_your_earliest_convenience_chases_politely():
    """'I would be grateful for your thoughts on the proposal at your earliest convenience' still chases."""
    result = followup_message("Dear Priya, please find attached our latest white paper on energy trends. I would be "
                              "grateful for your thoughts on the proposal at your earliest convenience.",
                              "fridges run all night; no money up front")
    assert shares(result)["No chasing"] == 0 and not result.passed


def test_i_was_wondering_whether_you_could_tell_me_explores(scenario_at):
    """'I was wondering whether you could tell me a little more about how it works…?' is an open invitation."""
    result = accept_and_explore("That's entirely understandable. I was wondering whether you could tell me a little more "
                                "about how it works when the nurses ask for a product that isn't on the list?",
                                scenario_at["hc-purchasing-group"])
    assert shares(result)["Explore"] == 1 and result.passed


def test_advice_put_as_might_it_be_worth_is_projection():
    """'…might it be worth having a conversation about whether the go-live date is still realistic?' advises."""
    result = projection_vs_empathy("It sounds like your team is rather stretched at present - might it be worth having a "
                                   "conversation about whether the go-live date is still realistic?")
    assert shares(result)["No projection"] == 0 and not result.passed


@pytest.mark.parametrize("said", ["for a team of twenty-five the cost is too high to justify",
                                  "for a 25 person team the number is hard to justify"])
def test_the_team_size_said_as_a_number_carries_the_small_team(scenario_at, said):
    """'a team of twenty-five', 'a 25 person team' carry 'the team is small'; 'the number' carries the price."""
    found, missing = key_points(said, scenario_at["sw-price-small-team"])
    assert not missing and len(found) == 2


@pytest.mark.parametrize(("item", "said"), [
    ("mfg-unit-price", "so we're 8% more per unit and at your volumes that adds up fast"),
    ("sw-already-have-crm", "you have a CRM the team knows and you don't want to rip it out"),
    ("ret-young-brand-returns", "you're not sure we'll still be around to deliver the summer order"),
])
def test_a_key_point_in_the_words_learners_use(scenario_at, item, said):
    """'8% more per unit', 'rip it out', 'still be around': each carries its idea as the customer's words do."""
    found, missing = key_points(said, scenario_at[item])
    assert found and len(missing) <= len(scenario_at[item].key_points) - len(found)
    assert not any(m in missing for m in ("the unit price is higher", "replacing it would be disruptive",
                                          "the brand is young"))


def test_their_own_but_inside_the_summary_is_no_rebuttal(scenario_at):
    """'…you have to stay neutral, but the payroll errors still need fixing whoever wins' gives their other side."""
    result = reformulation("So, with the election eight months away, nobody will sign a four-year contract. As a civil "
                           "servant you have to stay neutral and not tie the next team's hands, but the payroll errors "
                           "still need fixing whoever wins. Have I got that right?", scenario_at["pub-election-freeze"])
    assert shares(result)["No push-back"] == 1 and shares(result)["Better than they did"] == 1 and result.passed
    rebutted = reformulation("So your people are worn out and this isn't the moment, even though ours would actually "
                             "replace two of those tools. Is that right?", scenario_at["sw-change-fatigue"])
    assert shares(rebutted)["No push-back"] == 0


def test_spending_their_credit_with_head_office_is_the_need(scenario_at):
    """'you don't want to spend your credit with them on something that might get knocked back' adds their need."""
    result = reformulation("You like the beers, head office decides. And you'd rather not burn your credit with them on "
                           "a range they might knock back. Right so far?", scenario_at["ret-head-office-decides"])
    assert shares(result)["Better than they did"] == 1


@pytest.mark.parametrize(("item", "reply"), [
    ("mfg-downtime-risk", "Ok, understood, orders have to ship. How much notice would you need for a stop? [he answers] "
                          "Got it. Our crew can do the whole install over a weekend, so can I walk you through the plan?"),
    ("ret-shelves-full", "sorry!! i know ur shelves are full. can i ask, what's selling slowest at the moment? because "
                         "our range could replace it."),
    ("hc-dressings-twice-price", "I understand, but you're only looking at the unit price. What does finance usually look at "
                            "when they sign off? So if I get it right, price is the issue. Can I show you the cost per "
                            "patient?"),
    ("ps-inhouse-team", "With all respect to your team, an outside programme brings a perspective they can't. What does "
                        "your team have on its plate? So you'd rather keep it in-house, is that right? May I share how "
                        "we'd work alongside them?"),
])
def test_the_view_slipped_in_anywhere_breaks_the_order(scenario_at, item, reply):
    """A claim before the request in the same sentence, 'because our range…', 'you're only looking at…', 'with all
    respect…': the seller's view comes before the customer's yes, so In order fails."""
    result = protocol_reply(reply, scenario_at[item])
    assert shares(result)["In order"] == 0 and not result.passed


@pytest.mark.parametrize("idea", [
    "Maya, on agency costs: what if open shifts went to your own nurses on the app first, before agency gets called?",
    "Helen, re lawyers forgetting to log hours till month end: have you considered having entries auto-suggested from "
    "their calendars?",
])
def test_an_idea_asked_as_what_if_is_new_value(idea):
    """In a follow-up, 'what if open shifts went to your own nurses first?' offers an idea: new value, tied to them."""
    result = followup_message(idea, "Agency nurses cost us a fortune; lawyers forget to log their hours until month end")
    assert shares(result)["New value"] == 1 and shares(result)["Tied to their words"] == 1


def test_a_gentle_suggestion_is_still_projection():
    """'I would gently suggest that, were I in your position, locking in the price would be the prudent course.'"""
    result = projection_vs_empathy("I would gently suggest that, were I in your position, locking in the current price "
                                   "would be the prudent course of action.")
    assert shares(result)["No projection"] == 0 and not result.passed


def test_advice_asked_at_the_first_hello_is_a_pitch(opening_at):
    """'…have you thought about going fully digital?' at the first hello pushes the offer: No pitch fails."""
    result = score_opening("Thanks for meeting me. 25 lawyers must generate a mountain of paper. Have you thought about "
                           "going fully digital?", opening_at["op-law-firm"])
    assert shares(result)["No pitch"] == 0 and not result.passed
