"""Readings of second-language and rambling writing that blind sets 17-18 showed the kit missed: one test each."""

import pytest
from _coach import shares

from coachkit.feedback import accept_and_explore, followup_message, permission_request, projection_vs_empathy
from coachkit.reading import read


@pytest.mark.parametrize("ask", ["Do you permit me to tell you how I see this?",
                                 "Is it ok for you if I say you one idea about this? If not, no problem."])
def test_a_request_in_translated_english_asks_leave(scenario_at, ask):
    """'Do you permit me…?', 'Is it ok for you if I…?' ask leave as plainly as 'May I…?'."""
    result = permission_request(ask, scenario_at["hc-retrain-nurses"])
    assert shares(result) == {"Ask leave": 1, "A real question": 1, "View held back": 1} and result.passed


@pytest.mark.parametrize("check", ["Do I see it correct?", "Is that so?", "Have I got it?", "Is this correct?"])
def test_a_check_in_other_words_checks_the_summary(check):
    """A summary handed back as 'Do I see it correct?' or 'Is that so?' is a check question."""
    assert read(f"So you cannot stop the line for some days. {check}").sentences[-1].question == "check"


def test_still_inside_a_clause_is_not_a_contrast():
    """'we are still here' is an adverb: the restatement around it is not a rebuttal."""
    sentence = read("You are not sure we are still here for the summer order because we are young.").sentences[0]
    assert sentence.rebuttal == ""
    assert read("Still, we are young and we deliver.").sentences[0].rebuttal


def test_respect_for_their_loyalty_accepts(scenario_at):
    """'12 years is long time, respect for that.' takes the objection as legitimate."""
    result = accept_and_explore("12 years is long time, respect for that. what makes them so good for you?",
                                scenario_at["mfg-supplier-locked"])
    assert shares(result)["Accept"] == 1 and shares(result)["No push-back"] == 1


def test_asking_for_news_about_the_proposal_chases():
    """'Do you have some news about our proposal?' is a status request, whatever came before it."""
    result = followup_message("Hello Tomás, last time you told me the October peak is always difficult for hiring. "
                              "Do you have some news about our proposal?", "pickers walk miles; peak season October")
    assert shares(result)["No chasing"] == 0 and not result.passed


@pytest.mark.parametrize("ending", ["We did it already 50 times without problem.", "this we can give."])
def test_empathy_that_ends_on_what_we_did_is_about_the_seller(ending):
    """Their risk named, then 'we did it already 50 times' or 'this we can give': it ends on the seller."""
    result = projection_vs_empathy(f"From your side it must feel risky and if the switch goes wrong it is your name. {ending}")
    assert shares(result)["About them"] == 0 and not result.passed
