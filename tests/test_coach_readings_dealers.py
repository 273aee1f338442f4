"""Readings of car-dealership and real-estate salespeople and of charity fundraisers turned sellers (blind sets 41-42,
tuned on in session 10; 43-44 held out)."""

import pytest
from _coach import shares

from coachkit.feedback import (
    accept_and_explore,
    followup_message,
    permission_request,
    projection_vs_empathy,
    reformulation,
)
from coachkit.questions import announced_tag, question_kind, wondered_suggestion
from coachkit.score_opening import score_opening


@pytest.mark.parametrize("reply", [
    "Totally get it, end of year is mayhem! When would be a better time for you?",
    "no problem at all, sorry to catch you mid-rush. When would be a better time for me to call you back?",
])
def test_a_question_about_when_to_talk_again_explores_nothing(scenario_at, reply):
    """'When would be a better time for you?' asks for a date, however open its words: nothing of theirs is explored."""
    assert shares(accept_and_explore(reply, scenario_at["ret-after-christmas"]))["Explore"] == 0


@pytest.mark.parametrize("musing, advice", [
    ("I wonder if pushing the go-live back a month might take some of the pressure off?", True),
    ("But I wonder if finance would see it differently with the cost per patient in front of them?", True),
    ("I wonder if we could find a budget line together?", True),
    ("I was wondering if you could tell me how the last rollout went?", False),
    ("I wonder if I might share how one or two other clinics handled it?", False),
    ("I wonder if you're worried about the nurses?", False),
])
def test_musing_that_puts_an_option_forward_is_advice(musing, advice):
    """'I wonder if pushing it back might take the pressure off?' suggests; a request for their story or leave to speak
    after 'I wonder if' does not."""
    assert wondered_suggestion(musing) is advice
    assert (question_kind(musing, frozenset()) == "advice") is advice


def test_a_wondered_suggestion_is_projection_in_a_rewrite():
    """A hedged plan for the client is still the seller's plan in the rewrite of a projection."""
    result = shares(projection_vs_empathy("It sounds like your team is stretched. I wonder if starting with one "
                                          "warehouse might make it easier for them?"))
    assert result["No projection"] == 0


def test_a_wondered_rebuttal_after_a_summary_pushes_back(scenario_at):
    """'So finance won't accept twice the price. But I wonder if they'd look at it differently…?' rebuts the summary."""
    result = shares(accept_and_explore("I hear you, twice the price is a hard sell to finance. But I wonder if they "
                                       "would look at it differently if they saw the cost per patient?",
                                       scenario_at["hc-dressings-twice-price"]))
    assert result["No push-back"] == 0


@pytest.mark.parametrize("advice", [
    "Locking in now means you're protected, which is honestly the smartest thing you can do.",
    "Perhaps it would be best to start with one warehouse first, so your team can get used to it?",
])
def test_the_smartest_thing_and_it_would_be_best_are_advice(advice):
    """'…the smartest thing you can do', 'Perhaps it would be best to…' hand over the seller's plan."""
    assert shares(projection_vs_empathy(advice))["No projection"] == 0


def test_a_great_place_to_start_pitches_in_a_first_hello(opening_at):
    """'…so route planning is a great place to start' tells a new director where to begin: the offer, first."""
    result = shares(score_opening("Congrats on the new role! New directors always want a quick win, so route planning "
                                  "is a great place to start. How many vans do you run?",
                                  opening_at["op-furniture-logistics"]))
    assert result["No pitch"] == 0


@pytest.mark.parametrize("reply", [
    "That sounds like a rough year. What has been hardest for the team? Because scheduling is exactly where we can help!",
    "I hear you. What's been the hardest part? We can definately help with that.",
])
def test_where_we_can_help_is_a_pitch(scenario_at, reply):
    """'…exactly where we can help', 'we can definately help with that' sell, misspelt or not."""
    assert shares(accept_and_explore(reply, scenario_at["hc-cuts-and-departures"]))["No push-back"] == 0


def test_a_wish_to_hear_after_and_invites_them_to_talk(opening_at):
    """'I work with a few schools and I was hoping to learn how lunches work at yours?' asks for their story."""
    result = shares(score_opening("Hi, Amy passed on your name. I work with a few schools and I was hoping to learn how "
                                  "lunches work at yours?", opening_at["op-school-bursar"]))
    assert result["Open question"] == 1


def test_a_question_after_a_dash_is_the_question(opening_at):
    """'…but first I want to hear about you — how do bookings work here at the moment?': the question after the dash
    is what is asked."""
    result = shares(score_opening("Hi, I'm Kerry. I'll be honest, I'm here about booking software, but first I want to "
                                  "hear about you — how do bookings work here at the moment?",
                                  opening_at["op-physio-clinic"]))
    assert result["Open question"] == 1


@pytest.mark.parametrize("text", [
    "I'd love to tell you a little about how we handle confidentiality, if that's ok?",
    "I'm going to share how I look at the risk side, right?",
])
def test_an_announcement_with_a_tag_is_half_a_request(scenario_at, text):
    """'I'd love to tell you…, if that's ok?' and 'I'm going to share…, right?' announce, then ask for a yes they do
    not wait for: half of Ask leave."""
    assert announced_tag(text)
    assert shares(permission_request(text, scenario_at["ps-works-for-competitors"]))["Ask leave"] == 0.5


def test_is_that_ok_after_an_announcement_is_still_a_question():
    """'Let me share one thing, is that ok?' asks; only 'if that's ok?' is a tag."""
    assert not announced_tag("I'd love to share one thing about the contract, is that ok?")


def test_a_call_to_see_if_he_wants_to_go_ahead_chases():
    """'call Kwame to see if the date has been confirmed and if he wants to get the app in' asks for news."""
    result = shares(followup_message("call Kwame to see if the inspector date has been confirmed and see if he wants to "
                                     "get the app in before then", "The inspector comes in spring."))
    assert result["No chasing"] == 0


def test_a_chase_does_not_tie_the_message_to_their_words():
    """'Just checking in…' does not count as their words, even for a customer who spoke of checking in."""
    result = shares(followup_message("Just checking in on the proposal. Also attaching a rota template for your wards.",
                                     "Guests wait twenty minutes to check in on a Friday."))
    assert result["Tied to their words"] == 0


def test_a_need_for_certainty_is_theirs_not_advice(scenario_at):
    """'You need to be absolutely sure you'd never be in that position again.' names their need underneath: better
    than they did, and no push-back, though it says 'you need to'."""
    result = shares(reformulation("It sounds like last year's audit was painful, and patient data outside your walls "
                                  "brings it all back. You need to be absolutely sure you'd never be in that position "
                                  "again. Is that fair?", scenario_at["hc-data-after-audit"]))
    assert result["Better than they did"] == 1 and result["No push-back"] == 1


def test_a_need_for_certainty_may_speak_of_the_seller(scenario_at):
    """'…and youd need to be 100% sure what you share with us stays with us' is their need, though it names us."""
    result = shares(reformulation("so your worried your figures could end up with your competitors, and youd need to be "
                                  "100% sure that what you share with us stays with us. did i get that right",
                                  scenario_at["ps-works-for-competitors"]))
    assert result["Better than they did"] == 1


def test_a_hope_you_are_well_beside_new_value_does_not_chase():
    """'I hope you and the team are doing ok' is a greeting beside a video of another ward's Sunday, not a chase."""
    result = shares(followup_message("Hi Maya, I hope you and the team are doing ok, I know March is a hard month on the "
                                     "wards. You said you rebuild the rota by hand every Sunday night: I could send a "
                                     "two-minute video of how another hospital cut that to twenty minutes.",
                                     "Every Sunday night I rebuild next week's rota by hand."))
    assert result["No chasing"] == 1


def test_how_we_would_make_it_lighter_hints_at_the_view(scenario_at):
    """'Can I share one thing about how we'd make this lighter for your team?' already says what the view will be."""
    result = shares(permission_request("I hear you. Can I just share one thing about how we'd make this lighter for "
                                       "your team?", scenario_at["sw-change-fatigue"]))
    assert result["View held back"] == 0.5


@pytest.mark.parametrize("reply", [
    "I respect 12 years, that's loyalty. Would you be open to hearing how I see it, and if it's not relevant you can "
    "tell me straight?",
    "I get it, 25 seats is real money for a company your size. Would you be open to hearing how I see it?",
])
def test_an_acceptance_the_model_hears_as_an_argument_is_an_acceptance(scenario_at, reply):
    """'I respect 12 years, that's loyalty.' accepts: a guess of the learned model alone, in a sentence that accepts
    with nothing of the seller's in it, is not the view said before asking."""
    assert shares(permission_request(reply, scenario_at["mfg-supplier-locked"]))["View held back"] == 1
