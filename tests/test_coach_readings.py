"""Readings a coach gives that the blind sets showed the kit missed: one test each (shared/curriculum.md conventions)."""

import pytest
from _coach import shares

from coachkit.content import load_openings
from coachkit.feedback import (
    accept_and_explore,
    followup_message,
    permission_request,
    projection_vs_empathy,
    protocol_reply,
    reformulation,
)
from coachkit.score_opening import score_opening

NURSES_WORDS = "Every Sunday night I rebuild next week's rota by hand. Agency nurses cost us a fortune."


@pytest.mark.parametrize("text", [
    "would it help if i showed u how we'd build the timeline, or would u rather not get into that today",
    "can i tell you what i see in other small shops, or is not the moment",
    "I have a few thoughts on how other councils handled it, but only if you want them. Would that be useful, or would "
    "you rather leave it there for today?"])
def test_a_request_with_a_way_out_is_a_real_question(scenario_at, text):
    """An alternative that lets the customer decline makes a request, punctuated or not."""
    result = permission_request(text, scenario_at["sw-burned-by-implementation"])
    assert shares(result)["Ask leave"] == 1 and shares(result)["A real question"] == 1 and result.passed


@pytest.mark.parametrize("out", ["Only if it's useful to you.", "Happy to park it if now's not the time.",
                                 "You'd be the judge of whether it's any use."])
def test_freeing_the_customer_after_asking_is_not_the_view(scenario_at, out):
    """Courtesy that leaves them free after the question keeps the view held back."""
    result = permission_request(f"Would you be open to me sharing how two other hospitals went about it? {out}",
                                scenario_at["hc-retrain-nurses"])
    assert shares(result)["View held back"] == 1 and shares(result)["A real question"] == 1


def test_leave_asked_and_taken_at_once_fails_the_wait(scenario_at):
    """'May I say something? Our crew installs over a weekend.': it asks, then does not wait for the yes. As the
    convention says, View held back fails and the question is only half a question; and since session 14 a ritual ask
    said on the way to the view earns half Ask leave (coaches: partial 24, pass 7; the rubric says so)."""
    result = permission_request("May I say something? Our crew installs the machine over one weekend.",
                                scenario_at["mfg-downtime-risk"])
    assert shares(result)["Ask leave"] == 0.5 and shares(result)["A real question"] == 0.5
    assert shares(result)["View held back"] == 0 and not result.passed


def test_a_question_that_already_says_the_view_is_half_asked(scenario_at):
    """'Would you like to hear why click and collect matters less than you think?' carries the answer."""
    result = permission_request("Would you like to hear why click and collect matters less than you think?",
                                scenario_at["ret-no-click-collect"])
    assert shares(result)["Ask leave"] == 0.5 and shares(result)["View held back"] == 0


def test_a_tail_that_merely_contains_no_is_not_a_pressuring_tag(scenario_at):
    """', no obligation?' ends a permission request; it is not ', no?'."""
    result = permission_request("Would you be open to me sharing a thought, no obligation?",
                                scenario_at["mfg-supplier-locked"])
    assert shares(result)["Ask leave"] == 1 and shares(result)["A real question"] == 1


def test_permission_after_the_view_is_half_in_a_full_reply(scenario_at):
    """In a full reply, asking leave after arguing no longer holds the view back."""
    result = protocol_reply("I understand, but per seat we are still cheaper than most tools. What budget did you have "
                            "in mind? So you find it too expensive for 25 people, right? Can I show you the ROI?",
                            scenario_at["sw-price-small-team"])
    assert shares(result)["Ask permission"] == 0.5 and shares(result)["In order"] == 0


@pytest.mark.parametrize("text", [
    "Haha sure, Christmas is always 'too busy' for everybody. So when exactly is a good time then?",
    "Fair enough, twelve years is a long time. But our tracking is better. Would you be open to a quick demo?"])
def test_a_yes_no_question_after_your_point_explores_nothing(scenario_at, text):
    """A closed question after sarcasm or an argument, or proposing a sales step, earns nothing for Explore."""
    result = accept_and_explore(text, scenario_at["ret-after-christmas"])
    assert shares(result)["Explore"] == 0 and not result.passed


def test_a_plain_closed_question_is_still_half_an_exploration(scenario_at):
    """With nothing of the seller's before it, a yes/no question about their view is half."""
    result = accept_and_explore("That's a fair concern with the election coming. Is it the length of the contract that "
                                "worries you?", scenario_at["pub-election-freeze"])
    assert shares(result)["Explore"] == 0.5


def test_a_claim_after_the_check_question_is_pushback(scenario_at):
    """The summary ends at its check: 'Did I get that right? Because our crew…' argues."""
    result = reformulation("You can't stop the line for days because orders have to go out, and a late delivery "
                           "costs you penalties. Did I get that right? Because our crew can do the whole install over "
                           "a weekend.", scenario_at["mfg-downtime-risk"])
    assert shares(result)["No push-back"] == 0 and not result.passed


def test_advice_as_a_question_in_a_reformulation_is_pushback(scenario_at):
    """'how about you just order a few cases…?' after a summary is the seller's plan."""
    result = reformulation("you like the beers but head office decides the range, got it. how about you just order a "
                           "few cases as a test?", scenario_at["ret-head-office-decides"])
    assert shares(result)["No push-back"] == 0


def test_politeness_is_not_starting_from_the_client():
    """'I know you're busy: we make sensors…' opens with the offer: the 'you' is politeness."""
    opening = load_openings()[0]
    result = score_opening("Good morning! I'll keep it short as I know you're busy: we make sensors that cut your "
                           "energy bill by a third. Would that be of interest?", opening)
    assert shares(result)["Client before offer"] == 0 and not result.passed


def test_help_offered_for_anything_is_not_new_value():
    """'Happy to answer any questions' brings nothing new, and a check-in around it still chases."""
    result = followup_message("Hi Helen, no rush at all, just wanted to see if you've had time to think it over. Happy "
                              "to answer any questions.", NURSES_WORDS)
    assert shares(result)["New value"] == 0 and shares(result)["No chasing"] == 0


def test_asking_to_stay_on_their_list_chases():
    """'just wanted to make sure we're still on your list' is a check-in."""
    result = followup_message("Amira, with your budget opening in January I just wanted to make sure we're still on "
                              "your list. Happy new year!", NURSES_WORDS)
    assert shares(result)["No chasing"] == 0 and not result.passed


@pytest.mark.parametrize("text", ["You could maybe take the proposal to your board and see what they think? Just a "
                                  "suggestion.",
                                  "I can see the training worries her, but if she just sends everyone at once she'll "
                                  "get it out of the way."])
def test_a_soft_suggestion_is_still_projection(text):
    """'You could maybe…' or 'if she just…' is advice from the seller's frame."""
    result = projection_vs_empathy(text)
    assert shares(result)["No projection"] == 0 and not result.passed


def test_the_customers_own_but_is_not_a_rebuttal(scenario_at):
    """'…your managers want it, but you can't be the one seen bending the process' is their side, not push-back."""
    result = reformulation("so next year's budget was voted in october, there's nothing left and you can't reopen it "
                           "for one tool. and it puts you in an awkward spot because your team managers clearly want "
                           "it, but you can't be the one seen bending the budget process. did i get that right",
                           scenario_at["pub-budget-voted"])
    assert shares(result)["No push-back"] == 1


def test_a_restatement_before_the_but_is_half_a_restatement(scenario_at):
    """'If I understand, the 8% is a lot at your volumes, but our bearings come out cheaper' restates, then argues."""
    result = reformulation("If I understand, you feel the 8% is a lot of money at your volumes, and I totally get "
                           "that, but if you look at the lifetime cost our bearings actually come out cheaper, right?",
                           scenario_at["mfg-unit-price"])
    s = shares(result)
    assert s["Restate"] == 0.5 and s["No push-back"] == 0 and not result.passed


def test_saying_their_worry_is_no_issue_is_a_view(scenario_at):
    """'downtime really isnt an issue' before the steps breaks the full reply's order."""
    result = protocol_reply("our crew installs everything over a weekend so downtime really isnt an issue. but i hear "
                            "you, shipping on time is critical. whats your shipping schedule like next quarter? so you "
                            "need the line running, got it. can i walk you through the weekend plan?",
                            scenario_at["mfg-downtime-risk"])
    assert shares(result)["Accept and explore"] == 0 and not result.passed


@pytest.mark.parametrize("text", ["You are quite right, and regrettably there is nothing either of us can do. What else "
                                  "is on your mind?",
                                  "Of course, heaven forbid your team should have to learn anything new. What would "
                                  "have to happen for them to be ready?"])
def test_gracious_agreement_or_mockery_is_not_acceptance(scenario_at, text):
    """'You are quite right' concedes; 'heaven forbid' mocks: neither accepts the objection."""
    assert shares(accept_and_explore(text, scenario_at["sw-change-fatigue"]))["Accept"] == 0


@pytest.mark.parametrize("text", ["Would you be interested to hear that click-and-collect is on our roadmap for next "
                                  "quarter?",
                                  "If you would permit me, I should like to offer a different perspective: the forty "
                                  "councils we have served have not experienced a single delay."])
def test_a_courteous_request_that_carries_the_view_does_not_hold_it_back(scenario_at, text):
    """However politely asked, a request that already says the view fails View held back."""
    result = permission_request(text, scenario_at["ret-no-click-collect"])
    assert shares(result)["View held back"] < 1 and not result.passed


def test_a_reassurance_inside_a_summary_is_pushback_but_the_summary_counts(scenario_at):
    """'…; may I reassure you that our consultants sign an NDA' argues, and what came before still carries the ideas."""
    result = reformulation("You are concerned that, because we also advise your competitors, your figures could find "
                           "their way into their strategy; may I reassure you that every one of our consultants signs "
                           "a non-disclosure agreement?", scenario_at["ps-works-for-competitors"])
    s = shares(result)
    assert s["No push-back"] == 0 and s["Key points"] > 0 and not result.passed


def test_a_deadline_in_a_message_that_brings_value_still_chases():
    """'…but only if we confirm by next Friday' sets the customer a date."""
    result = followup_message("Sofia, since your grant has to be spent by the end of June, I have checked our "
                              "installation calendar and we can still fit all eight schools in before then, but only "
                              "if we confirm by next Friday.", "The grant has to be spent by the end of June.")
    assert shares(result)["No chasing"] == 0 and shares(result)["New value"] > 0


def test_gracious_advice_is_still_projection():
    """'Perhaps the kindest thing would be to push the go-live back' advises from the seller's frame."""
    result = projection_vs_empathy("It sounds like your team is already stretched thin, so perhaps the kindest thing "
                                   "would be to push the go-live back by a month.")
    assert shares(result)["No projection"] == 0 and not result.passed


def test_every_model_answer_is_what_a_coach_would_pass(scenario_at):
    """Each scenario's model steps score full marks alone, do not parrot the customer, and pass as one full reply."""
    from coachkit.keypoints import parroting

    for s in scenario_at.values():
        m = s.model_answers
        assert not parroting(m.reformulate, s.objection), s.id
        assert reformulation(m.reformulate, s).score == 1.0, s.id
        full = protocol_reply(" ".join([m.acknowledge_explore, m.reformulate, m.ask_permission]), s)
        assert full.passed and not full.blocked, s.id


def test_a_full_reply_with_a_step_half_done_is_not_yet_passed(scenario_at):
    """A full reply whose reformulation has no check question is 'mixed': the protocol needs every step whole."""
    result = protocol_reply("That's a fair concern, four hundred nurses is a lot. What worries you most about the "
                            "switch? So your nurses know today's pumps and retraining them all is a big load. May I "
                            "share how other hospitals went about it?", scenario_at["hc-retrain-nurses"])
    assert result.score >= 0.9 and not result.passed and "only half there" in result.blocked


@pytest.mark.parametrize("text", ["I can see the training worries you, but honestly once everyone's done the course "
                                  "you'll wonder why you were ever worried.",
                                  "I know from your side it feels risky, but believe me, we've done hundreds of "
                                  "switches and it's painless."])
def test_a_counter_argument_after_empathy_is_the_sellers_frame(text):
    """Their side, then 'but honestly…': No projection fails, however gentle the start."""
    result = projection_vs_empathy(text)
    assert shares(result)["No projection"] == 0 and not result.passed


@pytest.mark.parametrize("text", ["In your shoes I'd be nervous too about dropping a supplier who's been there for years.",
                                  "It sounds like your team is stretched, so maybe one month later for the go-live "
                                  "would be better for them."])
def test_own_feeling_or_a_soft_plan_is_half_projection(text):
    """'In your shoes I'd…' or 'maybe … would be better for them' speak from the seller's seat: half."""
    assert shares(projection_vs_empathy(text))["No projection"] == 0.5


def test_if_i_were_this_client_stays_empathy():
    """The seeds' own move is not the seller's seat."""
    result = projection_vs_empathy("If I were this client, facing a switch with a stretched team, I'd need to know "
                                   "nobody gets left behind.")
    assert shares(result)["No projection"] == 1


@pytest.mark.parametrize("text", ["Twelve years, that's a real partnership. What would have to happen for you to "
                                  "consider a second source?",
                                  "Of course, heaven forbid your team should learn anything new. What exactly would "
                                  "have to happen for them to be ready?",
                                  "I hear you. What do they usually look at when they compare: the price per box, or "
                                  "the cost per patient?"])
def test_a_question_that_steers_mocks_or_offers_your_options_half_explores(scenario_at, text):
    """What it would take to buy, a question after mockery, or a choice of the seller's options: half of Explore."""
    assert shares(accept_and_explore(text, scenario_at["mfg-supplier-locked"]))["Explore"] == 0.5


def test_offering_help_with_anything_else_explores_nothing(scenario_at):
    """'Is there anything else I might help you with today?' closes the topic instead of opening it."""
    result = accept_and_explore("I understand, the threshold is the threshold. Is there anything else I might help you "
                                "with today?", scenario_at["pub-procurement-rules"])
    assert shares(result)["Explore"] == 0 and not result.passed


def test_the_reading_lexicon_parses_without_libyaml():
    """The word lists load with PyYAML's pure-Python loader too (an install without libyaml)."""
    import yaml

    from coachkit.config import PACKAGE_DIR

    lists = yaml.load((PACKAGE_DIR / "lexicons" / "reading.yaml").read_text(), Loader=yaml.SafeLoader)
    assert "soft_advice" in lists and "conditions_question" in lists
