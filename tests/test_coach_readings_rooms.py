"""Readings of hospitality sellers and start-up founders (blind sets 30-31, held out in session 8, then tuned on)."""

import pytest
from _coach import shares

from coachkit.feedback import accept_and_explore, followup_message, permission_request, projection_vs_empathy
from coachkit.score_opening import score_opening


@pytest.mark.parametrize("rewrite", [
    "Maybe take it to your board and let them have a look? No pressure!! 😊",
    "She's clearly stretched and ought to get a PM in before buying anything.",
    "Locking the price now is smart, prices go up in Q1.",
])
def test_softened_or_elliptic_advice_is_still_projection(rewrite):
    """'Maybe take it to…', '…and ought to get a PM in', '…is smart' tell them what to do, however softly."""
    assert shares(projection_vs_empathy(rewrite))["No projection"] == 0


def test_sending_the_proposal_again_chases():
    """'sending you again the proposal in case it got lost' brings nothing new and asks for their answer."""
    result = shares(followup_message("Hi Jonas, sending you again the proposal in case it got lost. Do you have any "
                                     "questions?", "We throw away a third of the evening bake."))
    assert result["No chasing"] == 0 and result["New value"] == 0


def test_what_other_clients_do_after_a_contrast_pushes_back(scenario_at):
    """'Honestly loads of clinics order off-contract…' answers the objection with the seller's social proof."""
    result = shares(accept_and_explore("Ah the dreaded GPO list 😅 Honestly loads of clinics order off-contract for "
                                       "specialist stuff, is that something you'd ever consider?",
                                       scenario_at["hc-purchasing-group"]))
    assert result["No push-back"] == 0


@pytest.mark.parametrize("request_", ["I want to tell you how we usually do the installation, is that ok?",
                                      "I'll share my perspective on where the data sits, if that's alright?",
                                      "I'd just like to give you my take on it."])
def test_a_statement_of_what_you_will_do_asks_leave_by_half(scenario_at, request_):
    """'I want to tell you…, is that ok?' says what the seller will do and only then asks: half of Ask leave."""
    assert shares(permission_request(request_, scenario_at["mfg-downtime-risk"]))["Ask leave"] == 0.5


def test_an_announcement_promising_their_delight_says_the_view(scenario_at):
    """'Let me walk you through how our weekend installs work, you'll love it' announces and answers for them."""
    assert shares(permission_request("Totally understand!! Let me walk you through how our weekend installs work, "
                                     "you'll love it 😊", scenario_at["mfg-downtime-risk"]))["View held back"] == 0


def test_a_figure_after_the_question_is_the_offer(scenario_at):
    """'Can I propose something on the price? I can go 15% lower…' gives the offer before the yes."""
    assert shares(permission_request("Can I propose something on the price? I can go 15% lower for the first order.",
                                     scenario_at["mfg-unit-price"]))["View held back"] == 0


def test_naming_a_way_round_in_the_request_hints_at_the_view(scenario_at):
    """'Let me show you a quick way to fund this from opex, ok?' already says where the view will go: half."""
    assert shares(permission_request("Let me show you a quick way to fund this from opex, ok?",
                                     scenario_at["mfg-capex-frozen"]))["View held back"] == 0.5


def test_a_hold_covers_its_own_sentence_only(opening_at):
    """'Before I tell you anything about us, how's fundraising going? We've got amazing features…': the pitch after
    the question is said, not held back."""
    result = shares(score_opening("Lovely to meet you! Before I tell you anything about us, how's fundraising going "
                                  "this year? We've got some amazing features for charities I can't wait to show you!",
                                  opening_at["op-children-charity"]))
    assert result["Client before offer"] == 0.5


def test_the_sellers_name_and_company_first_is_an_introduction(opening_at):
    """'Hi! I'm Sam from ClinicFlow.' puts the seller first, whatever follows."""
    result = shares(score_opening("Hi! I'm Sam from ClinicFlow. How do you handle booking at the moment?",
                                  opening_at["op-physio-clinic"]))
    assert result["Client before offer"] < 1
