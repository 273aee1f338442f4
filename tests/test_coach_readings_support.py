"""Readings of support agents moved into upselling, veteran directors writing formally and European second-language
trainees (blind sets 47-49, first seen untuned in session 10, read in session 11; 50-53 held out)."""

import pytest
from _coach import shares

from coachkit.feedback import (
    accept_and_explore,
    followup_message,
    permission_request,
    projection_vs_empathy,
    reformulation,
)
from coachkit.questions import question_kind
from coachkit.score_opening import score_opening


@pytest.mark.parametrize("reply, item", [
    ("If I follow you, the machine isn't the problem. Stopping the line for days would hold up orders you've "
     "promised, and you can't let your customers down. Have I got that right?", "mfg-downtime-risk"),
    ("You tell me the installation would stop production for several days and that is impossible with orders to "
     "ship. For you the priority is to keep your customers delivered on time. Is it like this?", "mfg-downtime-risk"),
    ("So you've lost 12% of the budget, nurses leave faster than you can replace them, and a new system is the last "
     "thing your team has energy for. Is that where you are?", "hc-cuts-and-departures"),
])
def test_a_stake_said_past_their_words_is_better_than_they_did(scenario_at, reply, item):
    """'…and you can't let your customers down': a stake, need or pressure of theirs that their objection did not say,
    in a sentence about them with nothing of the seller's, goes past their words."""
    assert shares(reformulation(reply, scenario_at[item]))["Better than they did"] == 1


@pytest.mark.parametrize("reply, item", [
    ("So stopping the line for several days isn't possible because you have orders to ship. Is that right?",
     "mfg-downtime-risk"),
    ("So stopping the line is impossible with orders to ship. What would you need to feel safe about an "
     "installation?", "mfg-downtime-risk"),
    ("So you have orders to ship and can't stop the line. I think what you need is a supplier who installs at "
     "weekends. Right?", "mfg-downtime-risk"),
    ("I hear you. But our team installs in a weekend. So stopping the line is the worry, and you can't let your "
     "customers down. Is that it?", "mfg-downtime-risk"),
])
def test_no_stake_past_their_words_without_a_sentence_of_theirs_that_names_it(scenario_at, reply, item):
    """Their objection said back, a question that asks for the need, the seller's opinion of what they need, or a
    stake named only after the seller argued: not better than they did."""
    assert shares(reformulation(reply, scenario_at[item]))["Better than they did"] < 1


@pytest.mark.parametrize("message", [
    "Sept 1, phone call: Hi Jonas, just calling to see where you are with the decision.",
    "Hi Sofia, we can install the access points in two schools during the May holidays. But we need your answer "
    "quickly to keep the slot!",
    "Hi Jonas, the budget window is open now, so it would be a great time to move forward.",
])
def test_asking_where_they_are_or_for_a_quick_answer_chases(message):
    """'just calling to see where you are with the decision', 'we need your answer quickly': a status request or a
    deadline the seller sets chases, beside value or not."""
    assert shares(followup_message(message, "The grant must be spent by June; lessons can't be lost."))["No chasing"] == 0


def test_the_offer_named_with_the_gain_it_promises_is_a_pitch(opening_at):
    """'You know, with sensors you can save a lot of water': the offer named as the means of a gain promised to the
    customer is said, even with no 'we' in the sentence."""
    reply = "Good morning. 400 hectares, that is big! You know, with sensors you can save a lot of water. How do you manage it?"
    assert shares(score_opening(reply, opening_at["op-arable-farm"]))["No pitch"] == 0
    held = "Good morning. 400 hectares, that is big! How do you decide when to water, and what do you measure today?"
    assert shares(score_opening(held, opening_at["op-arable-farm"]))["No pitch"] == 1


@pytest.mark.parametrize("rewrite", [
    "youve got enough on without running the project yourself, so maybe get a pm in first",
    "He ought to get a PM on board before buying anything, he's got nobody to run it.",
    "It sounds like your team is really stretched, so I'd push the go-live back a month if I were you.",
])
def test_their_side_beside_the_advice_is_half_their_frame(rewrite):
    """'youve got enough on…, so maybe get a pm in first': what weighs on them, said beside the advice, is half of
    their frame; the advice still fails No projection."""
    result = shares(projection_vs_empathy(rewrite))
    assert result["Client's frame"] == 0.5
    assert result["No projection"] == 0


@pytest.mark.parametrize("rewrite", [
    "You should take it to the board, they will love it honestly",
    "If I were you I'd take it to the board with a clear summary so they can decide quickly.",
])
def test_advice_that_only_names_them_touches_nothing_of_theirs(rewrite):
    """'You should take it to the board, they will love it': the client named, nothing of what weighs on them."""
    assert shares(projection_vs_empathy(rewrite))["Client's frame"] == 0


@pytest.mark.parametrize("reply, accepted", [
    ("Noted. What happened in the audit?", 0.5),
    ("understood. when does the line actually slow down?", 0.5),
    ("Understood, the audit was hard on everyone. What happened in it?", 1),
])
def test_a_word_alone_half_accepts(scenario_at, reply, accepted):
    """'Noted.' receives the objection; it does not yet show it is taken seriously: half of Accept."""
    assert shares(accept_and_explore(reply, scenario_at["hc-data-after-audit"]))["Accept"] == accepted


@pytest.mark.parametrize("hello, item", [
    ("hi great to see you again after the fair! busy season?", "op-city-hotel"),
    ("Hi, lovely to meet you. What does fundraising look like for you at the moment?", "op-children-charity"),
    ("hey congrats on the new job! so whats the biggest headache with deliveries rn?", "op-furniture-logistics"),
])
def test_a_greeting_with_nothing_of_ours_is_no_pitch(opening_at, hello, item):
    """'hi great to see you again after the fair!': a sentence with no 'we', no offer named and no claim is a greeting
    or their world, whatever the learned model guesses."""
    assert shares(score_opening(hello, opening_at[item]))["No pitch"] == 1


def test_a_greeting_does_not_hide_the_offer_said_after_it(opening_at):
    """The guard is for sentences with nothing of ours: 'we do booking software for clinics' is still said."""
    hello = "Hi, lovely to meet you. We do booking and billing software for clinics. How do you handle bookings today?"
    assert shares(score_opening(hello, opening_at["op-physio-clinic"]))["No pitch"] < 1


@pytest.mark.parametrize("rewrite, about", [
    ("He's clearly stretched thin. He ought to get a project manager in before taking on anything new.", 1),
    ("he ought to get a pm in before buying anything tbh", 0.5),
    ("You're clearly stretched thin, so you should get a project manager in first.", 0.5),
])
def test_advice_about_the_client_who_is_seen_is_about_them(rewrite, about):
    """'He's clearly stretched thin. He ought to get a PM in…': third-person advice beside what weighs on him is about
    him (it still fails No projection); bare advice, or advice to their face, is your plan for them."""
    result = shares(projection_vs_empathy(rewrite))
    assert result["About them"] == about
    assert result["No projection"] == 0


@pytest.mark.parametrize("rewrite", [
    "If I were the client, I would definitely sign today since the benefits are so clear.",
    "Locking in now is 100% the smart play, prices are only going one way!!",
    "Prices are going up next quarter, so locking now will be a smart decision for you.",
])
def test_the_sellers_decision_said_any_way_is_projection(rewrite):
    """'If I were the client, I would definitely sign today', 'the smart play': the seller's decision, with a word
    before the verb or as the verdict on a plan, is advice from their frame."""
    assert shares(projection_vs_empathy(rewrite))["No projection"] == 0


def test_wanting_details_before_signing_in_their_place_is_their_frame():
    """'If I were this client, I'd want the details sorted before I sign': a need said in their voice, not a decision."""
    rewrite = "If I were this client, I'd want the details sorted before I sign, because the details are my problem later."
    assert shares(projection_vs_empathy(rewrite))["No projection"] == 1


def test_asking_for_a_call_with_nothing_new_chases():
    """'Kindly let us know a suitable time for a call to take things forward' after news about the seller: a call asked
    for, with no value for them, chases."""
    message = ("Dear Chloe, very happy to inform you that our company has won the Best Hospitality Tech Partner award! "
               "Kindly let us know a suitable time for a call to take things forward.")
    assert shares(followup_message(message, "Friday check-in queues are the worst."))["No chasing"] == 0


@pytest.mark.parametrize("rewrite", [
    "She has to face the finance director with figures she can defend, and it's her credibility on the table.",
    "He has to juggle three sites and a team that's already stretched.",
])
def test_what_they_have_to_face_is_their_constraint_not_advice(rewrite):
    """'She has to face the finance director…': what the client has to face or juggle is their constraint, not the
    seller's advice ('He ought to think about…' still is)."""
    assert shares(projection_vs_empathy(rewrite))["No projection"] == 1


def test_a_soft_plan_for_them_is_half_a_projection():
    """'…so maybe worth starting with one?': a plan offered as a possibility is half advice."""
    rewrite = "Doing all three warehouses at once must feel like a massive risk, so maybe worth starting with one?"
    assert shares(projection_vs_empathy(rewrite))["No projection"] == 0.5


def test_a_promise_of_their_reaction_after_asking_hints_at_the_view(scenario_at):
    """'Might surprise you how flexible it can be': after the request, a promise of how they will take the view hints
    at it (half), it does not say it."""
    reply = "Would you be open to hearing my thoughts on the GPO side of things? Might surprise you how flexible it can be."
    assert shares(permission_request(reply, scenario_at["hc-purchasing-group"]))["View held back"] == 0.5


@pytest.mark.parametrize("question, kind", [
    ("Am I correct Madam?", "check"),
    ("Have I well understood?", "check"),
    ("Is my understanding correct?", "check"),
    ("Is that something you would consider?", "closed"),
    ("Do I need to call back?", "closed"),
])
def test_a_short_question_about_getting_it_right_checks(question, kind):
    """'Am I correct Madam?', 'Have I well understood?': a short question on the seller's understanding hands the
    summary back, whatever its exact words."""
    assert question_kind(question, frozenset()) == kind
