"""Readings of apologetic renewal and account managers (blind set 35, held out in round one, tuned on in round two)."""

import pytest
from _coach import shares

from coachkit.feedback import accept_and_explore, followup_message, permission_request, projection_vs_empathy, reformulation


@pytest.mark.parametrize("reply, item", [
    ("I completely understand, and I'm sorry the quote came in higher than you expected! What if I talked to my "
     "manager about getting you a better price for the first year?", "sw-price-small-team"),
    ("Oh absolutely, after an audit I can only imagine how stressful that was. Can I ask what came up in the audit? "
     "And wouldn't something certified actually be safer than the CDs and emails the doctors use now?",
     "hc-data-after-audit"),
])
def test_a_better_price_or_a_leading_question_pushes_back(scenario_at, reply, item):
    """'What if I talked to my manager about a better price?' concedes and sells; 'wouldn't something certified be
    safer…?' argues with a question mark."""
    assert shares(accept_and_explore(reply, scenario_at[item]))["No push-back"] == 0


def test_id_love_to_show_you_after_but_is_the_argument(scenario_at):
    """'I completely get that. But I'd love to show you how the longer lifespan…' turns the summary into a pitch."""
    result = shares(reformulation("So basically, our price is 8% higher than what you pay now, and with the volumes you "
                                  "buy that adds up to a significant amount. I completely get that. But I'd love to "
                                  "show you how the longer lifespan actually brings the cost down.",
                                  scenario_at["mfg-unit-price"]))
    assert result["No push-back"] == 0


def test_do_you_want_me_to_asks_leave(scenario_at):
    """'Do you want me to talk you through our security certifications?' is a question they can refuse."""
    result = shares(permission_request("I hear how frustrating that must be. Do you want me to talk you through our "
                                       "security certifications?", scenario_at["sw-security-review"]))
    assert result["Ask leave"] > 0 and result["A real question"] > 0


def test_hopefully_that_can_be_us_ends_on_the_seller():
    """'…you just want to be able to trust whoever you pick. Hopefully that can be us!' turns their need into the
    offer."""
    result = shares(projection_vs_empathy("It sounds like comparing all these quotes has been exhausting and you just "
                                          "want to be able to trust whoever you pick. Hopefully that can be us!"))
    assert result["About them"] == 0


def test_sorry_to_bother_you_again_and_a_sign_up_deadline_chase():
    """'I'm so sorry to bother you again' asks for their attention; 'a special price for March sign-ups only' sets
    a date for their answer."""
    words = "We throw away a third of the evening bake."
    assert shares(followup_message("Hi Jonas, I'm so sorry to bother you again, I know you've got a lot going on.",
                                   words))["No chasing"] == 0
    assert shares(followup_message("Hi Chloé, guests can now check in on their phone before they arrive. We're "
                                   "offering it at a special price for March sign-ups only.",
                                   "Friday check-in is a queue out of the door."))["No chasing"] == 0


def test_a_promise_of_ideas_can_still_answer_their_words():
    """Value only promised is half value, but 'what you said about the evening bake' still ties the message to them;
    content anyone could send anyone ties by half."""
    words = "We throw away a third of the evening bake."
    promised = shares(followup_message("Jonas, you said a third of the evening bake gets thrown away. We have a few "
                                       "ideas that could help you there.", words))
    assert promised["New value"] == 0.5 and promised["Tied to their words"] == 1
