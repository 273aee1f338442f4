"""Readings of field reps writing English as a second language (blind set 34, tuned on in session 9; 35 held out)."""

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
from coachkit.reading import find


def test_with_us_is_different_after_a_summary_pushes_back(scenario_at):
    """'With us is different, we stay with you…' answers the objection the summary had just given back."""
    result = shares(reformulation("I understand perfectly. The other consultants made a big report, went away and "
                                  "nothing changed. With us is different, we stay with you until the process is "
                                  "working. You agree?", scenario_at["ps-report-in-a-drawer"]))
    assert result["No push-back"] == 0 and result["Better than they did"] < 1


def test_is_possible_i_explain_asks_leave(scenario_at):
    """'Is possible I explain you one thing?' asks leave; the framework claim after it is the view said too soon."""
    result = shares(permission_request("Sure, I understand the rules of the tender. Is possible I explain you one "
                                       "thing? We are in the national framework, so you can buy direct.",
                                       scenario_at["pub-procurement-rules"]))
    assert result["Ask leave"] > 0 and result["View held back"] == 0


@pytest.mark.parametrize("rewrite", [
    "I understand the decision is difficult for you, but the best is to take the proposal to the board and they decide.",
    "I understand that change is difficult, but you need to upgrade because your competitors are moving very fast.",
])
def test_advice_after_but_is_projection(rewrite):
    """'…but the best is to…' and '…but you need to upgrade…' answer their difficulty with what they must do."""
    assert shares(projection_vs_empathy(rewrite))["No projection"] == 0


def test_a_need_after_but_is_still_theirs():
    """'…but you need to feel sure of it' names what they need: the contrast is no advice."""
    assert not [m for m in find("advice_after_contrast", " you need to feel sure the team can cope")]


def test_a_supplier_like_us_ends_on_the_seller():
    """'…somebody I can trust, like a supplier with good references as us' turns the client's need into the offer."""
    result = shares(projection_vs_empathy("If I were this client, I would be tired of comparing so many quotes and I "
                                          "would need somebody I can trust, like a supplier with good references as "
                                          "us."))
    assert result["About them"] < 1


def test_i_would_think_the_same_concedes(scenario_at):
    """'Frankly I would think the same, when is cheaper something is missing' agrees that cheaper means worse."""
    result = shares(accept_and_explore("Frankly I would think the same, when is cheaper something is missing. What "
                                       "happened exactly with the batch that was rejected?",
                                       scenario_at["mfg-cheaper-means-cut"]))
    assert result["Accept"] == 0


def test_had_the_opportunity_to_review_is_a_check_in():
    """'I write only to know if you had the opportunity to review our proposal' asks for news, brings none."""
    result = shares(followup_message("Hello Tomás, I hope you are very well. I write only to know if you had the "
                                     "opportunity to review our proposal. No rush at all, but remember that the peak "
                                     "season starts in October!", "Peak starts in October and we can never hire fast "
                                     "enough."))
    assert result["New value"] == 0 and result["No chasing"] == 0


def test_their_own_deadline_words_recalled_do_not_chase():
    """'you said the lawyers log hours only at the end of the month' gives their words back; it asks for nothing."""
    result = shares(followup_message("Helen, you said the lawyers log hours only at the end of the month. Idea: a "
                                     "2-minute reminder on Friday that pre-fills entries from their calendar, they only "
                                     "confirm. I can set it for one team as a free test in April.",
                                     "Our lawyers log their hours at the end of the month and half of it is guesswork."))
    assert result["No chasing"] == 1


def test_an_order_to_the_seller_is_not_the_clients_frame(client_frame_at):
    """'Show her the software saves time', 'Offer discount if she signs' are the seller's plan, not her options."""
    from coachkit.score_client_frame import score_client_frame

    checks = score_client_frame("Show her the software saves time in tax season\nOffer discount if she signs before "
                                "tax season", client_frame_at["cf-accounting-partner"]).checks
    assert [c.credit for c in checks[:2]] == [0, 0]


def test_an_announcement_with_a_tag_is_half_a_permission_in_the_full_reply(scenario_at):
    """'Let me tell you one thing about the displays, ok?' at the end of a full reply asks by half, in its place."""
    result = shares(protocol_reply("Of course, December is crazy in the store, I can see it. What is taking most of "
                                   "your time these days? So you cannot think straight now and you want me to come "
                                   "back after Christmas, is that right? Let me tell you one thing about the displays, "
                                   "ok?", scenario_at["ret-after-christmas"]))
    assert result["Ask permission"] == 0.5 and result["In order"] == 1
    feedback = protocol_reply("Of course, December is crazy in the store. What is taking most of your time these days? "
                              "So you cannot think straight now, is that right? Let me tell you one thing about the "
                              "displays, ok?", scenario_at["ret-after-christmas"])
    assert "half there" in feedback.blocked  # the half step blocks the pass, not a counter-argument that is not there


@pytest.mark.parametrize("reply", [
    "budget was voted in october, nothing left, you cant reopen it and you can't be seen bending the process. but your "
    "team managers need this tool, so maybe there is end of year money somewhere?",
    "ok let me see if I got all of it. five years feels too long to you because automation moves so fast. what you "
    "really need then is our premium remote support package. right?",
])
def test_saying_they_need_the_offer_is_the_sellers_conclusion(scenario_at, reply):
    """'…but your team managers need this tool', 'what you really need then is our…': the seller's conclusion, not
    their need; the summary turns into push-back."""
    assert shares(reformulation(reply, scenario_at["pub-budget-voted"]))["No push-back"] == 0


@pytest.mark.parametrize("reply", [
    "Sure, I'll send it over. Just so you know a live demo only takes 20 minutes though - can I book you in for one?",
    "sure i'll send it, but honestly docs sent to a generic inbox never get read. can i just grab 20 min to show you "
    "live?",
])
def test_a_view_said_beside_a_courtesy_or_inside_a_booking_is_said(scenario_at, reply):
    """'…only takes 20 minutes though - can I book you in?' and '…i'll send it, but honestly docs never get read'
    give the view before any yes: the courtesy or the question mark does not hold it back."""
    assert shares(permission_request(reply, scenario_at["sw-send-brochure"]))["View held back"] == 0


def test_a_courtesy_after_the_question_is_still_no_view(scenario_at):
    """'…? If not, no problem at all.' leaves them free: the view still waits."""
    assert shares(permission_request("Would you be open to me sharing how a couple of other municipalities handled "
                                      "contracts before a vote? If not, no problem at all.",
                                      scenario_at["pub-election-freeze"]))["View held back"] == 1


@pytest.mark.parametrize("request_, held", [
    ("I'd like to share how other plants handled the install, if that's ok.", 1),
    ("I'd like to share how other plants handled the install, if that's ok, our crew does it over a weekend.", 0),
    ("Let me explain how we install, if that's ok with you, it only takes a weekend.", 0),
])
def test_after_a_permission_tail_its_comma_leads_to_the_view(scenario_at, request_, held):
    """A statement turned into a request by '…, if that's ok' is judged like an announcement: what follows its comma
    ('our crew does it over a weekend') is the view said before the yes."""
    result = shares(permission_request(request_, scenario_at["mfg-downtime-risk"]))
    assert result["Ask leave"] == 0.5 and result["View held back"] == held
