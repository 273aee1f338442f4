"""Readings of buyers cross-trained to sell, terse and numbers-first (blind set 40, tuned on in session 9's third
round; 37-38 held out)."""

import pytest
from _coach import shares

from coachkit.feedback import accept_and_explore, followup_message, permission_request, projection_vs_empathy, protocol_reply


@pytest.mark.parametrize("request_", [
    "Permission to propose an option: fund it from the maintenance opex budget instead of capex.",
    "Noted. Permission to propose an approach for the partners: position it as a revenue programme, not soft skills.",
])
def test_a_permission_label_then_the_view_after_its_colon(scenario_at, request_):
    """'Permission to propose an option: fund it from opex' labels a request and answers it: half of Ask leave, and
    the view after the colon is said before any yes."""
    result = shares(permission_request(request_, scenario_at["mfg-capex-frozen"]))
    assert result["Ask leave"] == 0.5 and result["View held back"] == 0


def test_recommend_taking_it_is_advice():
    """'Recommend taking it to the board with a 1-page summary' is the seller's plan, subject left out."""
    assert shares(projection_vs_empathy("Recommend taking it to the board with a 1-page summary; I can provide "
                                        "one."))["No projection"] == 0


def test_is_a_non_starter_concedes(scenario_at):
    """'Fair enough, retraining 400 nurses is a non-starter' agrees the objection settles it."""
    result = shares(accept_and_explore("Fair enough, retraining 400 nurses is a non-starter. Which pumps are you "
                                       "running now and when does that contract end?", scenario_at["hc-retrain-nurses"]))
    assert result["Accept"] == 0


def test_a_claim_before_the_acceptance_breaks_accept_and_explore(scenario_at):
    """'What's your budget per patient? Our dressings stay on 3x longer. So your concern is…' accepts only after the
    pitch: the reply did not open by accepting."""
    result = shares(protocol_reply("What's your budget per patient? Our dressings stay on 3x longer. So your concern is "
                                   "that finance only looks at unit price. Correct? May I walk you through the numbers?",
                                   scenario_at["hc-dressings-twice-price"]))
    assert result["Accept and explore"] < 1


def test_a_meeting_to_answer_questions_brings_nothing_new():
    """'I'd like to set up a meeting to go through the platform and answer any questions. Are you available next
    week?' asks for time; neither sentence is value."""
    result = shares(followup_message("Amira, I'd like to set up a meeting to go through the onboarding platform and "
                                     "answer any questions. Are you available next week?",
                                     "New hires spend their first week hunting for passwords and forms."))
    assert result["New value"] == 0 and result["Tied to their words"] == 0
