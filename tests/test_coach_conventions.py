"""Each reading of "How a coach judges a check" (shared/curriculum.md), and each case of issue 14, as a test."""

import pytest
from _coach import shares

from coachkit.config import PASS_MARK
from coachkit.feedback import (
    accept_and_explore,
    followup_message,
    permission_request,
    projection_vs_empathy,
    protocol_reply,
    reformulation,
)

NURSES_WORDS = "Every Sunday night I rebuild next week's rota by hand. Agency nurses cost us a fortune."


def test_acknowledging_is_not_agreeing(scenario_at):
    """A concession fails Accept."""
    result = accept_and_explore("Fair, our delivery times are simply too slow for you. What would you need?",
                                scenario_at["hc-retrain-nurses"])
    assert shares(result)["Accept"] == 0
    assert "agrees" in next(c.message for c in result.checks if c.name == "Accept")


def test_sarcasm_is_not_acknowledgement(scenario_at):
    """An acknowledgement said with sarcasm fails Accept."""
    result = accept_and_explore("Oh great, another budget freeze. What happened this time?", scenario_at["mfg-capex-frozen"])
    assert shares(result)["Accept"] == 0


def test_rebuttal_after_restatement_is_pushback(scenario_at):
    """Issue case: a restatement then 'But our trainers…, right?' is push-back with a pressuring tag, and poor."""
    result = reformulation("So you're saying training is hard. But our trainers come for free, so it's not a problem, "
                           "right?", scenario_at["hc-retrain-nurses"])
    s = shares(result)
    assert s["No push-back"] == 0 and s["Check"] == 0 and s["Restate"] <= 0.5
    assert not result.passed and result.blocked


@pytest.mark.parametrize("text", ["Can I tell you something? Our pumps need only 20 minutes of training.",
                                  "Can I be honest with you? Our dressings are already on three group lists."])
def test_permission_means_waiting_for_the_yes(scenario_at, text):
    """Issue case: permission followed by the view in the same message fails View held back and cannot pass."""
    result = permission_request(text, scenario_at["hc-retrain-nurses"])
    s = shares(result)
    assert s["View held back"] == 0 and s["A real question"] == 0.5
    assert not result.passed


def test_announcement_with_ok_is_not_a_real_question(scenario_at):
    """'Let me tell you…, ok?' is an announcement: it takes the floor without asking."""
    result = permission_request("Let me just tell you how other counties handled this, ok?", scenario_at["pub-procurement-rules"])
    assert shares(result)["A real question"] == 0 and shares(result)["Ask leave"] < 1


def test_a_real_permission_request_passes(scenario_at):
    """A permission question with nothing after it passes every check."""
    result = permission_request("That makes sense. Would you let me share how other hospitals handled the training?",
                                scenario_at["hc-retrain-nurses"])
    assert result.passed and set(shares(result).values()) == {1.0}


def test_order_is_read_sentence_by_sentence(scenario_at):
    """A claim before the exploring question breaks In order and means the reply did not open by accepting."""
    result = protocol_reply("Our pumps are the simplest on the market. I hear you, though. What worries you most? "
                            "So the training is the issue, is that right? May I share how others did it?",
                            scenario_at["hc-retrain-nurses"])
    s = shares(result)
    assert s["In order"] == 0 and s["Accept and explore"] == 0 and not result.passed


def test_protocol_without_exploration_does_not_pass(scenario_at):
    """Issue case: accept, a permission question and a summary, but nothing explores: it cannot pass."""
    result = protocol_reply("That's fair. Would you like me to explain how our training works? So you're worried "
                            "about retraining time, right?", scenario_at["hc-retrain-nurses"])
    assert shares(result)["Accept and explore"] < 1 and not result.passed


@pytest.mark.parametrize("question", ["Why not start with a single site?", "Which of our features caught your eye?",
                                      "If I could show you it pays for itself, would you sign?"])
def test_not_every_question_explores(scenario_at, question):
    """Advice in disguise, steering and set-up questions are not exploration."""
    result = accept_and_explore(f"I understand. {question}", scenario_at["hc-retrain-nurses"])
    assert shares(result)["Explore"] == 0


def test_a_but_that_opens_a_question_is_not_pushback(scenario_at):
    """'I understand, but tell me…' opens a question: no push-back."""
    result = accept_and_explore("I understand, but what worries you most about the switch?", scenario_at["hc-retrain-nurses"])
    assert shares(result)["No push-back"] == 1


def test_parroting_earns_partial_restate(scenario_at):
    """Copying the customer's sentence back is partial Restate at best."""
    sc = scenario_at["hc-retrain-nurses"]
    result = reformulation(f"So: {sc.objection} Is that right?", sc)
    assert shares(result)["Restate"] == 0.5


def test_key_points_in_any_wording(scenario_at):
    """Issue case: 'fluent on today's pumps' carries 'the nurses know the current pumps'; both ideas are there."""
    result = reformulation("So your nurses are fluent on today's pumps, and moving to new ones means training four "
                           "hundred people — and underneath, I imagine you're thinking about patient safety while they "
                           "learn. Is that right?", scenario_at["hc-retrain-nurses"])
    assert shares(result)["Key points"] == 1 and result.passed


def test_off_limits_carries_cant_order(scenario_at):
    """Issue case: 'anything off their list is off-limits for you' carries 'she can't order directly'."""
    result = reformulation("So everything goes through the group, and anything off their list is off-limits for you. "
                           "Is that right?", scenario_at["hc-purchasing-group"])
    assert shares(result)["Key points"] == 1


def test_a_check_question_checks_the_summary(scenario_at):
    """A question that hands the summary back checks; a short one after a summary does too."""
    sc = scenario_at["mfg-unit-price"]
    for ending in ("Have I got that right?", "Did I get it?"):
        result = reformulation(f"So at your volumes, eight percent more per unit adds up to real money. {ending}", sc)
        assert shares(result)["Check"] == 1, ending


def test_empathy_is_about_the_clients_frame():
    """'If I were this client…' is empathy; 'if I were you' and third-person advice are projection."""
    good = projection_vs_empathy("If I were this client, facing four hundred nurses to retrain, I'd need to know "
                                 "patients stay safe during the switch.")
    assert shares(good)["No projection"] == 1 and shares(good)["Client's frame"] == 1
    for bad in ("If I were you I'd sign this month.", "He ought to get a project manager in before buying."):
        assert shares(projection_vs_empathy(bad))["No projection"] == 0, bad


def test_advice_in_disguise_is_projection():
    """Issue case: 'It sounds like…, so the best thing is probably to start with a pilot' is projection, not 100%."""
    result = projection_vs_empathy("It sounds like the switch feels risky right now, so the best thing is probably to "
                                   "start with a small pilot.")
    assert shares(result)["No projection"] == 0 and not result.passed


def test_client_side_that_ends_praising_the_offer_is_about_the_seller():
    """A sentence that starts from the client but ends praising the offer is about the seller: About them fails and
    the rewrite does not pass, though the client's side it took still counts."""
    result = projection_vs_empathy("You're worried your competitors are moving faster, and our new line is exactly "
                                   "the answer for this.")
    assert shares(result)["About them"] == 0 and not result.passed


def test_a_followup_without_new_value_is_tied_to_nothing():
    """Issue case: 'just following up on my proposal from last week' is not tied to their words ('last', 'week')."""
    result = followup_message("just following up on my proposal from last week",
                              "We'll look at the proposal after the board meets next week.")
    s = shares(result)
    assert s["Tied to their words"] == 0 and s["No chasing"] == 0 and not result.passed


@pytest.mark.parametrize("text", ["Attached.", "Hi Maya, Dana here from Woundex."])
def test_a_greeting_is_not_chasing(text):
    """Issue case: a bare greeting or 'Attached.' is not pressure (it brings nothing either)."""
    result = followup_message(text, NURSES_WORDS)
    assert shares(result)["No chasing"] == 1 and shares(result)["New value"] == 0


def test_news_about_the_seller_is_not_value():
    """An award or a newsletter is news about the seller, not value for the customer."""
    result = followup_message("Great news: we've just been named supplier of the year! Happy to talk when you're ready.",
                              NURSES_WORDS)
    assert shares(result)["New value"] == 0 and "news about you" in result.checks[0].message


def test_softeners_around_a_checkin_still_chase():
    """'No rush at all, just wondering…' is still chasing."""
    result = followup_message("No rush at all! Just checking in to see if you've had a chance to look.", NURSES_WORDS)
    assert shares(result)["No chasing"] == 0


def test_followup_feedback_speaks_the_followup_language():
    """Follow-up messages never mention objections or asking permission."""
    for text in ("just checking in, any news?", "You said Sunday nights go on the rota, so I drafted a four-week "
                 "rolling template you only check each week.", "Our price ends on Friday, sign before then."):
        for check in followup_message(text, NURSES_WORDS).checks:
            assert "objection" not in check.message.lower() and "permission" not in check.message.lower()


def test_new_value_tied_to_their_words_passes():
    """A message that brings something new for their problem, in their words, passes."""
    result = followup_message("You said Sunday nights go on rebuilding the rota by hand, so I drafted a four-week "
                              "rolling rota template you only check each week.", NURSES_WORDS)
    assert result.passed and set(shares(result).values()) == {1.0}


def test_the_verdict_is_a_coachs_not_a_sum(scenario_at):
    """An answer that commits the anti-pattern does not pass, and the verdict says why (not only the score)."""
    result = reformulation("So your nurses know the current pumps by heart, and switching means retraining four "
                           "hundred people, while you answer for patient safety during the transition. Have I got that "
                           "right? Though to be honest our pumps take twenty minutes to learn.", scenario_at["hc-retrain-nurses"])
    assert not result.passed and result.blocked == "A rebuttal or pitch slipped into the reformulation."


def test_every_message_names_its_words(scenario_at):
    """Failed checks on push-back quote the words that triggered them."""
    result = reformulation("So you're saying training is hard. But our trainers come for free, so it's not a problem, "
                           "right?", scenario_at["hc-retrain-nurses"])
    pushback = next(c for c in result.checks if c.name == "No push-back")
    assert pushback.evidence and any("trainers" in e for e in pushback.evidence)


def test_a_planned_touch_whose_new_value_is_an_analysis_brings_something_new():
    """Issue case: a planner touch whose new value is 'agency cost analysis by shift' brings something new."""
    from coachkit.content import load_situations
    from coachkit.planner import customer_words

    situation = next(s for s in load_situations() if s.id == "hospital-rostering")
    result = followup_message("Quick call to go over it. agency cost analysis by shift", customer_words(situation))
    assert shares(result)["New value"] == 1 and shares(result)["Tied to their words"] == 1


def test_if_i_were_this_client_speaks_in_their_voice():
    """In "if I were this client…, I'd…" the "I" is the client's: the sentence is about them."""
    result = projection_vs_empathy("If I were this client, I would want the details clear before I sign, because "
                                   "afterwards the details are my problem.")
    assert shares(result)["About them"] == 1 and shares(result)["No projection"] == 1


def test_the_sellers_decision_in_the_clients_voice_is_projection():
    """"If I were the client, I'd sign today…" puts the seller's decision in the client's mouth."""
    result = projection_vs_empathy("If I were the client, I'd sign today because this deal is too good to pass up.")
    assert shares(result)["No projection"] == 0 and not result.passed


def test_saying_you_understand_is_only_half_the_clients_frame():
    """"I totally understand how you feel" says the seller listened, not what the client faces: it does not pass."""
    result = projection_vs_empathy("I totally understand how you feel about the pilot.")
    assert shares(result)["Client's frame"] == 0.5 and not result.passed


def test_a_first_hello_that_introduces_the_seller_first_is_not_client_first():
    """"A bit about me first…" or "I am from X, we are leader…" before the client breaks Client before offer."""
    from coachkit.content import load_openings
    from coachkit.empathy import score_opening

    opening = load_openings()[0]
    result = score_opening("Hello, thanks for your time. I am from Enerlux, we are leader in energy management for "
                           "hotels. How much do you pay for energy today?", opening)
    assert shares(result)["Client before offer"] == 0 and shares(result)["No pitch"] == 0 and not result.passed
    named = score_opening("Thanks for having me. Before I show you our energy software, how is the hotel doing this "
                          "season?", opening)
    assert shares(named)["No pitch"] == 1 and shares(named)["Client before offer"] == 0.5
    held = score_opening("Thanks for having me. Before I say anything about what we do, how is the hotel doing this "
                         "season?", opening)
    assert shares(held)["Client before offer"] == 1 and held.passed


def test_a_first_hello_with_a_set_up_question_does_not_open_the_conversation():
    """"What if you could…?" sets up the pitch: no open question, and it does not pass."""
    from coachkit.content import load_openings
    from coachkit.empathy import score_opening

    result = score_opening("Hi, hotels waste energy every night. What if you could cut your bills by a third?",
                           load_openings()[0])
    assert shares(result)["Open question"] == 0 and not result.passed


def test_restating_the_objection_may_name_the_offer(scenario_at):
    """"At our price you'd have to sell at six euros…" is the customer's view restated, not a pitch."""
    result = reformulation("At our wholesale price you'd have to put it on the shelf at six euros, your customers "
                           "won't go that high and there's nothing left for you. And with rents going up, every line "
                           "has to pull its weight. Is that right?", scenario_at["ret-margin-too-thin"])
    s = shares(result)
    assert s["Restate"] == 1 and s["No push-back"] == 1 and s["Key points"] == 1 and result.passed


@pytest.mark.parametrize("tail", ["Yes, but honestly generic inboxes are a black hole.",
                                  "Though to be honest an internal team rarely has the outside view.",
                                  "I'm just afraid if you wait, the overtime will make even more nurses go."])
def test_a_strong_contrast_or_a_fear_appeal_after_the_summary_is_pushback(scenario_at, tail):
    """"Yes, but…", "though to be honest…" and "if you wait…" turn a good summary into an argument."""
    result = reformulation(f"So you've got your own team and they could run this in-house, and you'd rather back them. "
                           f"Is that fair? {tail}", scenario_at["ps-inhouse-team"])
    assert shares(result)["No push-back"] == 0 and not result.passed


def test_the_customers_own_words_are_not_the_need_underneath(scenario_at):
    """A hidden-need cue the customer already said ("justify") is not better than they did; it cannot pass."""
    result = reformulation("It is way too expensive for a team your size and you can't justify that kind of money. "
                           "Right?", scenario_at["sw-price-small-team"])
    assert shares(result)["Better than they did"] == 0 and not result.passed and result.blocked


def test_anything_said_after_asking_is_the_view_but_courtesy_is_not(scenario_at):
    """After the question, "over their life they cost you less" is the view, "I think it changes the picture" promises
    it (half: blind sets 3 and 29 judged it so), "if not, no problem at all" is courtesy."""
    sc = scenario_at["mfg-unit-price"]
    opinion = permission_request("May I show you something on the life-cycle cost? Over their life our bearings cost "
                                 "you less.", sc)
    assert shares(opinion)["View held back"] == 0 and not opinion.passed
    teaser = permission_request("May I show you something on the life-cycle cost? I think it changes the picture.", sc)
    assert shares(teaser)["View held back"] == 0.5 and not teaser.passed
    polite = permission_request("May I tell you how other plants looked at it? If not, no problem at all.", sc)
    assert polite.passed and shares(polite)["View held back"] == 1


def test_a_request_made_by_its_ending_is_half_a_question(scenario_at):
    """"I'd like to share how others did it, if that's ok" tells before it asks: half of Ask leave and of a question."""
    result = permission_request("I'd like to share how other theatre teams handled a first trial, if that's ok.",
                                scenario_at["hc-theatre-safety"])
    assert shares(result)["Ask leave"] == 0.5 and shares(result)["A real question"] == 0.5


def test_an_announcement_takes_the_floor_but_does_not_say_the_view(scenario_at):
    """"Let me explain our process, ok?" is no real question, yet the view itself is not given."""
    result = permission_request("Let me explain our confidentiality process, ok?", scenario_at["ps-works-for-competitors"])
    assert shares(result)["A real question"] == 0 and shares(result)["View held back"] == 1 and not result.passed


def test_leave_for_a_sales_step_is_not_leave_to_share_a_view(scenario_at):
    """"Would you be up for a call so I can walk you through the programme?" asks for a sales step: half."""
    result = permission_request("Would you be up for a call with your training lead so I can walk you both through the "
                                "programme?", scenario_at["ps-inhouse-team"])
    assert shares(result)["Ask leave"] == 0.5


def test_an_open_question_is_half_of_accept_and_explore(scenario_at):
    """A closed question or a question asked after an argument earns half, and the reply does not pass."""
    sc = scenario_at["hc-retrain-nurses"]
    closed = accept_and_explore("That's a fair concern. Is it the timing?", sc)
    assert shares(closed)["Explore"] == 0.5 and closed.score < PASS_MARK and not closed.passed and closed.blocked
    after = accept_and_explore("Totally get it, 400 people is a lot! But honestly the interface is intuitive. What else "
                               "is holding you back?", sc)
    assert shares(after)["Explore"] == 0.5 and shares(after)["Accept"] == 0.5 and not after.passed


def test_giving_their_objection_back_accepts_it(scenario_at):
    """"Nine months instead of six weeks — that cost you a lot" accepts the objection without a marker phrase."""
    result = accept_and_explore("Nine months in place of six weeks — that cost you a lot. What happened in that project?",
                                scenario_at["sw-burned-by-implementation"])
    assert shares(result)["Accept"] == 1 and result.passed


def test_content_passed_on_as_a_pretext_is_half_the_value():
    """"Came across this article, thought you might like it" is a pretext: half the value, and it does not pass."""
    result = followup_message("Hi Maya, came across this article on rota planning, thought you might like it.",
                              NURSES_WORDS)
    assert shares(result)["New value"] == 0.5 and not result.passed


def test_an_open_door_is_half_chasing_only_without_real_value():
    """"Happy to talk when you're ready" after real value is fine; after a pretext it is half of No chasing."""
    real = followup_message("You said Sunday nights go on rebuilding the rota by hand, so I drafted a four-week "
                            "rolling rota template you only check each week. Happy to talk when you're ready.",
                            NURSES_WORDS)
    assert shares(real)["No chasing"] == 1 and shares(real)["New value"] == 1
    pretext = followup_message("Came across this article on rota planning, thought you might like it. Happy to talk "
                               "when you're ready.", NURSES_WORDS)
    assert shares(pretext)["No chasing"] == 0.5 and shares(pretext)["Tied to their words"] <= 0.5


def test_a_quote_of_their_words_ties_the_value_that_follows():
    """The value is tied to their words when the message quotes them, even if the idea itself uses other words."""
    result = followup_message("You told me agency nurses cost a fortune when someone calls in sick. I've worked out "
                              "what a bank of your own staff would have saved last year.", NURSES_WORDS)
    assert shares(result)["Tied to their words"] == 1 and result.passed


def test_a_deadline_or_guilt_is_not_value():
    """"We need your signature this month" and "I've sent a couple of emails already" chase; they bring nothing."""
    for text in ("Remember that your grant must be spent by June, so we need your signature this month.",
                 "I've sent a couple of emails already, would be great to get a quick yes or no so I can plan."):
        result = followup_message(text, NURSES_WORDS)
        assert shares(result)["New value"] == 0 and shares(result)["No chasing"] == 0, text


def test_a_full_reply_reads_each_step_as_its_own_exercise(scenario_at):
    """An argument before the question halves accept-and-explore; a demo request halves permission; a bare summary
    with its check, next to that argument, is half the reformulation step."""
    sc = scenario_at["ret-shelves-full"]
    result = protocol_reply("I understand your shelves are full. But this range sells way faster than most. What are "
                            "your slowest lines right now? So space is the issue, right? Can I show you a quick demo?", sc)
    s = shares(result)
    assert s["Accept and explore"] <= 0.5 and s["Ask permission"] == 0.5 and s["Reformulate"] == 0.5
    assert not result.passed


def test_a_choice_question_is_half_an_exploration(scenario_at):
    """"What worries you most, the delivery or the returns?" offers the seller's options: half of accept-and-explore."""
    result = protocol_reply("I understand, it's a real question for a buyer. What worries you most, the delivery or the "
                            "returns? So you're two years old to them, and their summer order is on the line. Right? "
                            "May I tell you how I see it?", scenario_at["ret-young-brand-returns"])
    assert shares(result)["Accept and explore"] == 0.5


def test_a_question_is_read_for_a_figure_only_by_how_it_opens(scenario_at):
    """"How does it work for you…?" is open; "How many…?" asks for a figure (half)."""
    sc = scenario_at["hc-purchasing-group"]
    open_one = accept_and_explore("That makes sense. How does it work on your side when the nurses ask for something "
                                  "that's not on the list?", sc)
    figure = accept_and_explore("That makes sense. How many products do you buy off the list?", sc)
    assert shares(open_one)["Explore"] == 1 and shares(figure)["Explore"] == 0.5


def test_describing_what_they_face_with_the_reason_takes_their_side():
    """"She needs figures she can stand behind, because she's the one who gets the questions" is their frame."""
    result = projection_vs_empathy("With a finance director who'll go through every number, she needs figures she can "
                                   "stand behind herself, because she's the one who gets the questions.")
    assert shares(result)["Client's frame"] == 1 and result.passed
