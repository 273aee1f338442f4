"""Readings of blunt trade sellers typing in lower case (blind set 36, tuned on in session 9; 34-35 held out)."""

import pytest
from _coach import shares

from coachkit.feedback import (
    accept_and_explore,
    followup_message,
    permission_request,
    projection_vs_empathy,
    protocol_reply,
)
from coachkit.questions import announced_tag
from coachkit.score_opening import score_opening


@pytest.mark.parametrize("request_", [
    "let me run something by you real quick ok?",
    "let me walk you thru how training works with us ok",
    "no dramas. let me give you my 2 cents on getting it past head office yeah?",
    "ill tell you how other firms got it past IT if you want",
])
def test_an_announcement_with_a_tag_asks_leave_by_half(scenario_at, request_):
    """'let me run something by you real quick ok?' announces and tags a yes on: half of Ask leave, not none."""
    assert shares(permission_request(request_, scenario_at["mfg-downtime-risk"]))["Ask leave"] == 0.5


def test_a_tag_needs_an_announcement_before_it():
    """'…quick ok?' after 'let me' is a tag; 'is that ok?' asks, and 'ok' alone announces nothing."""
    assert announced_tag("let me run something by you real quick ok?")
    assert not announced_tag("I want to tell you how we usually do the installation, is that ok?")
    assert not announced_tag("ok")


def test_what_the_offer_does_for_them_is_still_the_sellers_claim():
    """'Our displays take ten minutes to set up so you won't even notice us': the seller's subject, the customer only
    in what it does for them, so the claim comes before any exploring and breaks In order."""
    from coachkit.reading import seller_voice

    assert seller_voice("Our displays take ten minutes to set up so you won't even notice us.")
    assert not seller_voice("So our dressings are double the price for you.")


def test_she_typed_without_an_apostrophe_is_still_the_client():
    """'shes the one left holding the bag' speaks of the client as 'she's' does."""
    from coachkit.reading import ABOUT_THEM

    assert ABOUT_THEM.search("shes the one left holding the bag if it flops")
    assert ABOUT_THEM.search("theyre stretched") and not ABOUT_THEM.search("the bread was shed")


def test_a_claim_of_what_the_offer_does_for_them_breaks_the_order(scenario_at):
    """A claim before the exploring question, even one that ends on the customer ('so you won't even notice us'),
    is the counter-argument reflex: In order fails."""
    reply = ("Oh totally, December is mad!! Our displays take ten minutes to set up so you won't even notice us. "
             "What's your busiest day? So you're super busy and want me back in January, is that right? Can I tell "
             "you a bit more about the displays?")
    assert shares(protocol_reply(reply, scenario_at["ret-after-christmas"]))["In order"] == 0


def test_guests_checking_in_is_not_the_seller_checking_in():
    """'a text so guests check in on their phone' is the hotel's process, the idea itself: no chase."""
    result = shares(followup_message(
        "chloe, thought about your friday queue. what if guests got a text thursday to check in on their phone, then "
        "friday its just key pickup. want to grab 15 min and sketch it out with your desk lead?",
        "Friday check-in is a queue out of the door."))
    assert result["No chasing"] == 1
    assert shares(followup_message("Hi Chloe, just checking in on the proposal.", "Friday check-in is a queue out of "
                                   "the door."))["No chasing"] == 0


def test_a_bare_fact_of_their_timing_beside_value_is_no_chase():
    """'budget window opens this month.' asks nothing of anyone; beside a one-pager it is context, not pressure."""
    result = shares(followup_message(
        "touch 2 early oct: priya, budget window opens this month. sent you a one pager on how two other chains got "
        "the fridge doors with zero upfront on an energy savings contract. if useful i can walk finance thru it",
        "Fridge doors would cut our energy bill but there is no budget until October."))
    assert result["No chasing"] == 1


def test_or_is_now_a_bad_time_lets_them_decline(scenario_at):
    """'…if youre open to it, is that ok or is now a bad time' is a request they can refuse, not a view said."""
    result = shares(permission_request("i hear you. id like to share a thought on that if youre open to it, is that ok "
                                       "or is now a bad time", scenario_at["mfg-downtime-risk"]))
    assert result["View held back"] == 1


def test_theres_a_way_after_the_question_is_the_view(scenario_at):
    """'you want to hear it? theres a way to buy off contract' answers before their yes."""
    result = shares(permission_request("i got an idea on the gpo thing, you want to hear it? theres a way to buy off "
                                       "contract", scenario_at["hc-purchasing-group"]))
    assert result["View held back"] == 0


def test_a_second_worry_after_but_is_still_their_side():
    """'I'd be worried about falling behind but just as worried about the cost': a fear weighed, not a threat."""
    result = shares(projection_vs_empathy("if i were this client id be worried about falling behind but just as "
                                          "worried about the cost and the hassle of switching"))
    assert result["No projection"] == 1 and result["About them"] == 1


def test_now_really_makes_sense_is_advice_in_disguise():
    """'…so upgrading now really makes sense' recommends from the seller's frame after naming their worry."""
    result = shares(projection_vs_empathy("It sounds like you're worried about falling behind your competitors, so "
                                          "upgrading now really makes sense."))
    assert result["No projection"] == 0


def test_a_promise_of_frankness_opens_the_sellers_claim(scenario_at):
    """'look ill be straight with you, we dont do that.' denies their experience: push-back, whatever the courtesy."""
    result = shares(accept_and_explore("cant blame you, 6 weeks to 9 months is a kick in the teeth. look ill be straight "
                                       "with you, we dont do that. whats it gonna take for you to believe us",
                                       scenario_at["sw-burned-by-implementation"]))
    assert result["No push-back"] == 0 and result["Explore"] < 1


def test_just_want_to_hear_invites_them_to_talk(opening_at):
    """'just want to hear how lunch works at your school' hands them the floor without a question mark."""
    result = shares(score_opening("hi, jane gave me your name. im not gonna sell you anything today, just want to hear "
                                  "how lunch works at your school and whats a headache for you",
                                  opening_at["op-school-bursar"]))
    assert result["Open question"] == 1


def test_thats_what_we_fix_after_the_question_is_a_pitch(opening_at):
    """'…is it a pain to keep updated? cause thats what we fix' sells in the first hello."""
    result = shares(score_opening("hi thanks. quick question, how many donors you got in your system and is it a pain "
                                  "to keep updated? cause thats what we fix", opening_at["op-children-charity"]))
    assert result["No pitch"] == 0


def test_an_offer_promised_for_later_is_half_a_pitch(opening_at):
    """'…and then I can show you how we simplify that' trails the offer in the first hello: half, not none."""
    result = shares(score_opening("Thanks for having me! I know running a clinic means tons of admin, so I'd love to "
                                  "hear how you're handling bookings and billing today, and then I can show you how we "
                                  "simplify that.", opening_at["op-physio-clinic"]))
    assert result["No pitch"] == 0.5 and result["Client before offer"] == 0.5 and result["Open question"] == 1


@pytest.mark.parametrize("rewrite", [
    "youve got enough on without running the project yourself, so maybe get a pm in first",
    "youre probably sick of the old supplier by now so just drop em and come with us mate",
    "sounds like your team is stretched, so pushing the go live back a month is probably the best thing",
    "You're under a lot of pressure to keep up with competitors, and upgrading now is the only way to not get left behind",
])
def test_advice_after_naming_their_load_is_still_projection(rewrite):
    """'…, so maybe get a pm in first', '…is probably the best thing', '…the only way to…': the label is theirs, the
    plan is the seller's."""
    assert shares(projection_vs_empathy(rewrite))["No projection"] == 0


def test_the_quickest_win_in_a_first_hello_is_a_pitch(opening_at):
    """'…route planning is usually the quickest win for someone new' sells the offer before they have said a word."""
    result = shares(score_opening("Congratulations on the new role! I imagine you're looking at everything with fresh "
                                  "eyes. Honestly, route planning is usually the quickest win for someone new, so that "
                                  "might be a great place to start. What do you think?",
                                  opening_at["op-furniture-logistics"]))
    assert result["No pitch"] < 1


@pytest.mark.parametrize("reply, item", [
    ("totally get it mate. what if i knock 15% off and throw in the onboarding for free, would that get us over the "
     "line?", "sw-price-small-team"),
    ("I really appreciate you saying that you personally think it's great. I wonder whether perhaps it might help if "
     "we framed it for the partners as a commercial skill rather than a 'soft' one, would that be something they'd "
     "respond to?", "ps-partners-will-laugh"),
])
def test_a_discount_or_a_reframe_asked_as_a_question_pushes_back(scenario_at, reply, item):
    """'what if i knock 15% off…, would that get us over the line?' and '…it might help if we framed it…?' answer the
    objection with the seller's move, question mark or not."""
    assert shares(accept_and_explore(reply, scenario_at[item]))["No push-back"] == 0


def test_a_promise_of_frankness_with_curly_apostrophes():
    """'look, I’ll be straight with you, we don’t do that.' reads as the straight-apostrophe version does."""
    from coachkit.reading import seller_voice

    assert seller_voice("look, I’ll be straight with you, we don’t do that.")
    assert seller_voice("look ill be straight with you, we dont do that.")
