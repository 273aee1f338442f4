"""Readings of call-centre reps and senior account executives (blind sets 28-29): permission, hidden push-back."""

import pytest
from _coach import shares

from coachkit.feedback import (
    accept_and_explore,
    permission_request,
    projection_vs_empathy,
    protocol_reply,
    reformulation,
)
from coachkit.reading import find, read
from coachkit.score_opening import score_opening


def held_back(text, scenario_at, item="ret-no-click-collect"):
    return shares(permission_request(text, scenario_at[item]))["View held back"]


def test_a_promise_of_how_they_will_take_the_view_is_half(scenario_at):
    """'…? I think you'll like what's coming.' foretells their reaction: a hint of the view, not the view itself."""
    assert held_back("Would you mind if I showed you our roadmap? I think you'll like what's coming.", scenario_at) == 0.5
    assert held_back("Would you mind if I showed you our roadmap? It's live in three of your competitors' shops.",
                     scenario_at) == 0


def test_an_announcement_that_goes_on_to_say_the_view_fails(scenario_at):
    """'Let me tell you how I see it, click-and-collect is actually on our roadmap' says the view after its comma."""
    assert held_back("Let me tell you how I see it, click-and-collect is actually on our roadmap for next quarter.",
                     scenario_at) == 0
    assert held_back("Let me share how other stores have handled this, ok? Most of them order through the app.",
                     scenario_at) == 0


def test_an_announcement_alone_still_holds_the_view_back(scenario_at):
    """'let me tell you how we handle the training part' takes the floor (Ask leave) but says nothing of the view yet."""
    result = shares(permission_request("let me tell you how we handle the training part", scenario_at["hc-retrain-nurses"]))
    assert result["View held back"] == 1 and result["Ask leave"] < 1


@pytest.mark.parametrize("way_out", ["Only if you have a moment, of course.", "You are perfectly free to say not today.",
                                     "If you'd rather just have the figure, that's fine too."])
def test_a_way_out_after_the_request_is_not_the_view(scenario_at, way_out):
    """A courtesy after the question leaves them free; it does not say the view."""
    assert held_back(f"Would you mind if I told you how I see it? {way_out}", scenario_at) == 1


def test_actually_in_a_request_is_the_view_only_when_it_claims(scenario_at):
    """'…you'd actually like to hear it?' asks; '…found our tool actually reduced the change?' hints at the answer."""
    assert held_back("Before I give you my two penn'orth on click-and-collect, can I check you'd actually like to hear "
                     "it?", scenario_at) == 1
    assert held_back("Would you be open to hearing why some teams found our tool actually reduced the change for them?",
                     scenario_at, "sw-change-fatigue") == 0.5


def test_agreement_turned_into_the_sellers_reason_is_push_back(scenario_at):
    """'I completely get that, and that's precisely why I'd walk Finance through cost per patient' is a rebuttal
    dressed as agreement."""
    result = shares(accept_and_explore("I completely get that, and that's precisely why I'd love to walk Finance through "
                                       "the cost-per-patient picture rather than the unit price. What does Finance "
                                       "usually look at?", scenario_at["hc-dressings-twice-price"]))
    assert result["No push-back"] == 0
    assert not read("After last year, that's exactly why you're careful with new suppliers.").sentences[0].rebuttal


def test_an_offer_praised_after_their_worry_is_about_the_seller_not_projection():
    """'…which is exactly why our upgrade path is so simple' ends on the offer (About them), it gives no advice."""
    result = shares(projection_vs_empathy("From where you sit, falling behind competitors must be stressful, which is "
                                          "exactly why we made our upgrade path so simple."))
    assert result["No projection"] == 1 and result["About them"] < 1


@pytest.mark.parametrize(("reply", "item"), [
    ("i hear you 8 percent at your volumes adds up fast but have you looked at what the bearings cost you over their "
     "whole life", "mfg-unit-price"),
    ("no worries mate, to be fair most store managers can get a few local lines through themselves, have you asked "
     "your area manager", "ret-head-office-decides"),
])
def test_a_contrast_followed_by_advice_or_the_sellers_opinion_pushes_back(scenario_at, reply, item):
    """'…but have you looked at…' and '…to be fair most store managers can…' argue after the acknowledgement."""
    assert shares(accept_and_explore(reply, scenario_at[item]))["No push-back"] == 0


def test_sarcasm_alone_pushes_back_by_half(scenario_at):
    """'heaven forbid your team should learn anything new' mocks the objection: Accept fails, push-back is half."""
    result = shares(accept_and_explore("Of course, heaven forbid your team should have to learn anything new. What "
                                       "exactly would have to happen for them to be ready?",
                                       scenario_at["sw-change-fatigue"]))
    assert result["Accept"] == 0 and result["No push-back"] == 0.5


@pytest.mark.parametrize(("hello", "item"), [
    ("Good morning. Would you be interested in cutting your fertiliser costs by 15%?", "op-arable-farm"),
    ("Hi thanks for having me! What would a 30 percent lower energy bill mean for the hotel?", "op-city-hotel"),
])
def test_a_percentage_in_the_first_hello_is_the_offers_promise(opening_at, hello, item):
    """'…by 15%?' promises what the offer brings before the client has said a word: a pitch."""
    assert shares(score_opening(hello, opening_at[item]))["No pitch"] == 0
    assert shares(score_opening("Good morning. How has the season been on the farm?", opening_at["op-arable-farm"]))[
        "No pitch"] == 1


@pytest.mark.parametrize("rewrite", [
    "I totally hear you that upgrading is a big spend, but you really do need to keep up with your competitors.",
    "Your team is stretched so the go live should probably move back a month.",
])
def test_advice_after_their_side_is_still_projection(rewrite):
    """'…but you really do need to keep up' and '…should probably move back' tell them what to do."""
    assert shares(projection_vs_empathy(rewrite))["No projection"] == 0


def test_their_own_constraint_is_not_advice():
    """'u have to walk into finance n defend numbers…' gives their situation back; 'you need to be sure' names a need."""
    assert shares(projection_vs_empathy("u have to walk into finance n defend numbers they might pick apart line by "
                                        "line"))["No projection"] == 1
    assert shares(projection_vs_empathy("Switching mid-year feels risky, and you really need to be sure nothing falls "
                                        "over during the move."))["No projection"] == 1


def test_a_gain_promised_by_the_offer_is_about_the_seller():
    """'…and the bigger package covers you either way' ends on what the offer does for them."""
    assert shares(projection_vs_empathy("Choosing between packages when you don't know your volumes must be a headache, "
                                        "and the bigger package covers you either way."))["About them"] < 1


@pytest.mark.parametrize("question", ["What price were u expecting?", "What sort of number were you thinking?"])
def test_asking_for_their_price_opens_a_haggle(scenario_at, question):
    """'What price were you expecting?' explores only half: it asks for a figure to bargain over, not their view."""
    result = shares(accept_and_explore(f"Fair enough, 8% is a lot at your volumes. {question}",
                                       scenario_at["mfg-unit-price"]))
    assert result["Explore"] == 0.5


def test_courtesy_and_their_own_words_are_not_read_as_push_back():
    """'if you don't mind me asking' is no threat; 'keeping the wards covered' and '…worth it for you?' are theirs."""
    assert not read("What did the audit bring up, if you don't mind me asking?").sentences[0].rebuttal
    assert read("If you don't sign now, you'll lose the slot.").sentences[0].rebuttal
    assert not find("minimiser", "What's been hardest for you in keeping the wards covered?")
    assert find("minimiser", "Every consultant signs an NDA by the way, so that's covered.")


def test_an_open_question_about_what_makes_it_worth_it_keeps_the_order(scenario_at):
    """'What would make the price feel worth it for you?' explores; it is not the seller's view coming first."""
    result = shares(protocol_reply("I hear you, it's a big spend for a team your size. What would make the price feel "
                                   "worth it for you? So you need to be able to justify it to the owner, is that "
                                   "right? May I share how I see it?", scenario_at["sw-price-small-team"]))
    assert result["In order"] == 1


def test_taking_the_clients_position_by_role_is_their_frame():
    """'If I were in this client's position, I'd be worried about…' is the seeds' empathy move, not 'if I were you'."""
    result = shares(projection_vs_empathy("If I were in this client's position, with nobody internally to run the "
                                          "project, I'd be worried about buying something no one has time to make "
                                          "work."))
    assert result["No projection"] == 1


@pytest.mark.parametrize(("summary", "item"), [
    ("So you like what you saw, but you're expecting IT to block anything that puts client data in the cloud, and "
     "you'd rather not spend your own credibility pushing for it. Have I got that right?", "sw-security-review"),
    ("So your current drapes have a clean record, and anything new means a risk that you would personally own in "
     "theatre. Have I understood you correctly?", "hc-theatre-safety"),
])
def test_what_it_costs_them_personally_is_the_need_underneath(scenario_at, summary, item):
    """'your own credibility', 'a risk you would personally own' name what lies underneath: better than they did."""
    assert shares(reformulation(summary, scenario_at[item]))["Better than they did"] == 1
