"""Readings of second-language and rambling writing that blind sets 17-18 showed the kit missed: one test each."""

import pytest
from _coach import shares

from coachkit.feedback import (
    accept_and_explore,
    followup_message,
    permission_request,
    projection_vs_empathy,
    protocol_reply,
)
from coachkit.reading import read, seller_voice
from coachkit.score_opening import score_opening


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


def test_a_claim_about_our_offer_is_not_their_view_given_back(scenario_at):
    """'Our price is fixed, really fixed.' between accepting and exploring is the seller's claim: out of order."""
    result = protocol_reply("Ok, I understand, nobody likes surprises on the invoice. Our price is fixed, really fixed. "
                            "What happened with the last audit? [he answers] So you want to know exactly what you pay. "
                            "Right? Can I explain how our fixed price works?", scenario_at["ps-scope-creep"])
    assert shares(result)["In order"] == 0 and not result.passed
    assert seller_voice("Our price is fixed, really fixed.")
    assert not seller_voice("So our dressings are double the generic price and finance will say no.")


def test_rather_hearing_it_from_them_is_no_pitch(opening_at):
    """'I've read a little about the firm but I'd much rather hear it from you' turns to listening: no pitch."""
    result = score_opening("Thank you for fitting me in. I've read a little about the firm but I'd much rather hear it "
                           "from you. How do documents move around the office day to day?", opening_at["op-law-firm"])
    assert shares(result)["No pitch"] == 1 and result.passed


def test_i_know_the_song_mocks_the_objection(scenario_at):
    """'nobody likes change, I know the song' is said with a sigh: no credit for Accept, and it cannot pass."""
    result = accept_and_explore("Ok ok, I heard, no more tools, nobody likes change, I know the song. What is the "
                                "problem exactly with the tools you have now?", scenario_at["sw-change-fatigue"])
    assert shares(result)["Accept"] == 0 and not result.passed


def test_for_what_its_worth_before_the_request_is_the_view(scenario_at):
    """'For what it's worth, we've seen rota tools bring overtime down' said before asking is the view already."""
    result = permission_request("For what it's worth, we've seen tools like this bring overtime down a lot. Could I "
                                "take two minutes to explain how?", scenario_at["hc-retrain-nurses"])
    assert shares(result)["View held back"] < 1 and not result.passed


def test_who_is_actually_going_to_carry_it_is_not_a_rebuttal():
    """'…it's who is actually going to carry it' names their real question; 'actually' there rebuts nothing."""
    result = projection_vs_empathy("It sounds like a lot is landing on you at once. I imagine the question in your head "
                                   "isn't really which software, it's who is actually going to carry it day to day.")
    assert shares(result)["No projection"] == 1 and shares(result)["About them"] == 1


def test_their_own_wish_given_back_is_not_a_chase():
    """'you don't want your bakers doing more paperwork' recalls their words; it presses nothing."""
    result = followup_message("Good morning Mr Weber, you don't want your bakers doing more paperwork, I understand "
                              "well. I asked our technician: the forecast can print directly on the bakery printer in "
                              "the evening, nothing to fill.", "Bakers hate paperwork; forecasts of what sells")
    assert shares(result)["No chasing"] == 1


def test_lmk_if_you_have_questions_is_an_open_door_not_a_chase():
    """'lmk if u have any qs' offers help; 'lmk' on its own still asks for an answer."""
    text = "hey jonas u said ur bakers dont want more paperwork. the forecast shows up on the till every morning."
    assert shares(followup_message(text + " lmk if u have any qs", "bakers paperwork"))["No chasing"] == 1
    assert shares(followup_message(text + " lmk by friday", "bakers paperwork"))["No chasing"] == 0


def test_their_article_list_is_their_data_not_a_generic_article():
    """'With your article list we ran a simulation…' uses their data: whole new value, not an article anyone gets."""
    result = followup_message("Hi Tomás, you said your pickers walk miles. With your article list we did a quick "
                              "simulation: moving the top 50 references to the front cuts walking about 30%.",
                              "Our pickers walk miles a day because the fast movers are at the back.")
    assert shares(result)["New value"] == 1


def test_admitting_the_flaw_is_a_concession_not_push_back(scenario_at):
    """'is true, our service in your region is not the best' agrees with the objection: it fails Accept, and pushes
    nothing back, so the question after it still explores."""
    result = accept_and_explore("Yes two hours is far, is true, our service in your region is not the best. What would "
                                "you need when a robot stops in the night?", scenario_at["mfg-downtime-risk"])
    assert shares(result) == {"Accept": 0, "Explore": 1, "No push-back": 1}


def test_what_is_important_for_them_said_in_translated_english_is_their_frame():
    """'I imagine for you is important that the price stays stable' names their need: credit for Client's frame."""
    result = projection_vs_empathy("I imagine for you is important that the price stays stable.")
    assert shares(result)["Client's frame"] > 0


def test_a_better_option_offered_as_a_question_is_still_advice():
    """'…maybe spring is a better option?' is a plan for them with a question mark: no full credit for No projection."""
    result = projection_vs_empathy("I understand the launch date is stressful for you, maybe spring is a better option?")
    assert shares(result)["No projection"] < 1


@pytest.mark.parametrize("tail", [" - correct?", " — right?"])
def test_a_check_after_a_dash_hands_the_summary_back(tail):
    """'…you need the shipping untouched - correct?' checks the summary as ', correct?' does."""
    text = "So if I understand, a late delivery means penalties and it falls on you personally" + tail
    assert read(text).sentences[-1].question == "check"


def test_congratulating_them_on_the_new_job_is_no_pitch(opening_at):
    """'hey congrats on the new job!' opens on them: it is neither the offer nor a pitch."""
    result = score_opening("hey congrats on the new job! so whats the biggest headache with deliveries rn?",
                           opening_at["op-furniture-logistics"])
    assert shares(result)["No pitch"] == 1 and shares(result)["Client before offer"] == 1
