"""Readings of recruiters moving into account sales, fast and warm (blind set 39, tuned on in session 9's third
round; 37-38 held out)."""

import pytest
from _coach import shares

from coachkit.feedback import accept_and_explore, permission_request, projection_vs_empathy, protocol_reply, reformulation
from coachkit.score_opening import score_opening


@pytest.mark.parametrize("reply, item", [
    ("Totally get it, love that you're across the process! Tbh loads of clinics order off-contract for specialist "
     "products like ours so it's not really a blocker. What would you need from me to make that happen?",
     "hc-purchasing-group"),
    ("Fair enough, three tools in 18 months is madness, I'd be fed up too! That's actually why I think you'll like this "
     "one, it's dead simple. Which tools did you bring in?", "sw-change-fatigue"),
])
def test_tbh_and_thats_actually_why_turn_the_nod_into_a_rebuttal(scenario_at, reply, item):
    """'Tbh … it's not really a blocker' shrinks the objection; 'That's actually why I think you'll like this one'
    turns the agreement into the pitch."""
    assert shares(accept_and_explore(reply, scenario_at[item]))["No push-back"] == 0


def test_reassurance_inside_a_reflection_is_the_sellers(scenario_at):
    """'…bang for your buck, which you absolutely will with our senior guys. Fair?' answers the worry it names."""
    result = shares(reformulation("Totally hear you, nearly double is a big jump! Sounds like you want to be sure "
                                  "you're getting bang for your buck, which you absolutely will with our senior guys. "
                                  "Fair?", scenario_at["ps-day-rate"]))
    assert result["No push-back"] == 0


def test_in_the_clients_seat_a_second_worry_after_but_is_theirs():
    """'If I were this client, I'd be torn: the budget is tight, but I'd worry about…' weighs two worries of theirs."""
    result = shares(projection_vs_empathy("If I were this client, I'd be torn: the budget is tight, but I'd worry about "
                                          "handing my staff software nobody has shown them how to use."))
    assert result["No projection"] == 1


def test_a_question_after_the_introduction_opens_the_conversation(opening_at):
    """'…we do school catering, how's everything going at the school this term?' asks about them after the comma."""
    result = shares(score_opening("Hi Janet, lovely to meet you! I'm with FreshPlate, we do school catering, how's "
                                  "everything going at the school this term?", opening_at["op-school-bursar"]))
    assert result["Open question"] > 0


def test_can_you_tell_me_is_an_invitation_not_a_figure(opening_at):
    """'…can you tell me a bit about how the clinic runs?' invites; 'can you' alone would ask for a yes."""
    result = shares(score_opening("hi, thanks for having me. can you tell me a bit about how the clinic runs?",
                                  opening_at["op-physio-clinic"]))
    assert result["Open question"] == 1


def test_a_claim_before_so_in_a_question_is_said(scenario_at):
    """'We've delivered 40+ portals with no delays, so what worries you most?' makes the claim, then asks."""
    result = shares(protocol_reply("I totally get it, nobody wants to be front page news! We've actually delivered 40+ "
                                   "portals with no delays, so what is it that worries you most? So you're worried "
                                   "about delays, right? Can I tell you more about our track record?",
                                   scenario_at["pub-front-page-risk"]))
    assert result["In order"] == 0


def test_a_view_asked_as_a_question_after_the_request_is_said(scenario_at):
    """'Mind if I throw something at you? We're usually 10-15% cheaper … so could be worth a side by side?' gives the
    view before the yes, question mark or not."""
    result = shares(permission_request("Mind if I throw something at you? We're usually 10-15% cheaper with quicker "
                                       "delivery so could be worth a side by side?", scenario_at["mfg-supplier-locked"]))
    assert result["View held back"] == 0


def test_a_push_for_a_meeting_moves_past_their_view(scenario_at):
    """'…hear the full story! Would be great to grab a coffee next week' books the next step instead of listening."""
    result = shares(accept_and_explore("Twelve years, amazing, that's real loyalty and I totally respect it. What's kept "
                                       "you with them all that time? Would be great to grab a coffee next week and hear "
                                       "the full story!", scenario_at["mfg-supplier-locked"]))
    assert result["No push-back"] == 0


def test_trying_to_reach_you_chases():
    """'I've been trying to reach you for a few weeks now' reminds them of their silence: a chase."""
    from coachkit.feedback import followup_message

    result = shares(followup_message("Hi Priya, I've been trying to reach you for a few weeks now and totally get you're "
                                     "busy!", "Fridge doors would cut our energy bill but there is no budget until "
                                     "October."))
    assert result["No chasing"] == 0
