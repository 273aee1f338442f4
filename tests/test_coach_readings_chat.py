"""Readings of scripted and chat-style writing that blind sets 15-16 showed the kit missed: one test each."""

import pytest
from _coach import shares

from coachkit.feedback import (
    accept_and_explore,
    followup_message,
    permission_request,
    projection_vs_empathy,
    reformulation,
)
from coachkit.reading import read
from coachkit.score_opening import score_opening


def test_saying_no_is_fine_leaves_the_view_held_back(scenario_at):
    """'If it's a no, that's completely fine' after the request frees the customer: it is not the view."""
    result = permission_request("totally hear u. would it be alright if i shared one thought before we hang up? if "
                                "it's a no, that's completely fine", scenario_at["hc-retrain-nurses"])
    assert shares(result)["View held back"] == 1 and shares(result)["A real question"] == 1 and result.passed


def test_totally_agreeing_is_a_concession(scenario_at):
    """'totally agree, your shelves are packed' concedes the objection: no credit for Accept."""
    result = accept_and_explore("totally agree, ur shelves are packed. so theres really no room at all?",
                                scenario_at["ret-shelves-full"])
    assert shares(result)["Accept"] == 0


@pytest.mark.parametrize("tag", ["correct?", "Correct?"])
def test_correct_after_a_summary_checks_it(tag):
    """', correct?' at the end of a summary hands it back, like ', right?'."""
    sentences = read(f"So the price is double the generic one and finance will say no, {tag}").sentences
    assert sentences[-1].question in ("check", "tag")
    assert read(f"So finance will say no to double the price, {tag}").sentences[-1].question == "check"


def test_a_check_right_after_an_argument_fails_the_check(scenario_at):
    """'…though honestly most of our clients said the same! Does that sound right?' asks them to agree with the
    argument, not to confirm the summary (coaches on the open sets: fail 22, partial 15, pass 6)."""
    result = reformulation("so u have a CRM, the team knows it, and u don't want to rip it out. though honestly most "
                           "of our clients said the same before switching! does that sound right?",
                           scenario_at["sw-already-have-crm"])
    assert shares(result)["Check"] == 0 and shares(result)["No push-back"] == 0 and not result.passed


def test_asking_leave_to_ask_is_the_question_that_follows():
    """'can i ask, what's selling slowest?' is an open question, not a request to give the view."""
    assert read("can i ask, what's selling slowest at the moment?").sentences[-1].question == "open"


def test_a_permission_opening_stays_a_request_whatever_follows():
    """'would it help if I showed you how other shops…?' asks first: a request, not a set-up."""
    assert read("would it help if i showed u how other shops price it?").sentences[-1].question == "permission"


def test_the_good_news_is_a_pitch(scenario_at):
    """'the good news is our fixed price really is fixed, ok?' is the seller's pitch: push-back in a reformulation."""
    result = reformulation("so ur tired of suppliers quoting low and then adding change requests. the good news is "
                           "our fixed price really is fixed, ok?", scenario_at["ps-scope-creep"])
    assert shares(result)["No push-back"] == 0


def test_ending_on_choosing_the_seller_is_about_the_seller():
    """'…which is why upgrading now with us is the best option' ends on the offer: About them fails."""
    result = projection_vs_empathy("it must feel like ur competitors are moving faster and u don't want to be left "
                                   "behind, which is why upgrading now with us is the best option")
    assert shares(result)["About them"] == 0 and not result.passed


def test_recalling_their_words_is_not_a_chase():
    """'u said the friday evening queue is the worst.' ties the message; the idea that follows is the value."""
    result = followup_message("hi chloé, u said the friday evening queue is the worst. one idea: we switch on mobile "
                              "check-in for friday arrivals only at first, so ur team only has one new thing to learn.",
                              "The Friday evening queue at reception is the worst part of the week.")
    assert shares(result)["No chasing"] == 1 and shares(result)["New value"] == 1


def test_closing_the_quarter_is_a_chase():
    """'we're closing the quarter so would be great to know where u are' chases, after any value."""
    result = followup_message("hi helen, u mentioned clients querying invoices. here's a sample itemised invoice so u "
                              "can see how a client would read it. btw we're closing the quarter so would be great to "
                              "know where u are.", "Clients keep querying our invoices.")
    assert shares(result)["No chasing"] == 0 and not result.passed


def test_offering_help_is_not_yet_about_them(opening_at):
    """'How can I help you today?' offers the seller's help: half of Client before offer and of Open question."""
    result = score_opening("Good morning! How can I help you today?", opening_at["op-law-firm"])
    assert shares(result)["Client before offer"] == 0.5 and shares(result)["Open question"] == 0.5
    assert not result.passed


def test_a_demo_offered_first_is_the_offer_first(opening_at):
    """'do u mind if i show u a quick demo so u know what we do? then…' brings the offer in: No pitch fails."""
    result = score_opening("thanks for meeting me. before we start, do u mind if i show u a quick 5 min demo so u know "
                           "what we do? then i'd love to hear about ur fundraising", opening_at["op-children-charity"])
    assert shares(result)["No pitch"] == 0 and shares(result)["Client before offer"] < 1


def test_a_figure_asked_after_a_comma_is_still_a_figure(opening_at):
    """'…must be a headache, how many donors do u have on it?' asks for a number: half an open question."""
    result = score_opening("hi, i know every hour counts in a charity. ur donor database must be a headache, how many "
                           "donors do u have on it?", opening_at["op-children-charity"])
    assert shares(result)["Open question"] < 1 and not result.passed


def test_calling_from_the_company_is_an_introduction(opening_at):
    """'I'm calling from Brightplate Catering, we do school meals…' introduces the seller before the client."""
    result = score_opening("Hello! I'm calling from Brightplate Catering, we do school meals for over 200 schools. "
                           "How is lunch going at the school this term?", opening_at["op-school-bursar"])
    assert shares(result)["Client before offer"] < 1


def test_mind_if_i_is_a_request(scenario_at):
    """'mind if i share how i see the numbers' asks leave, unpunctuated and without 'do you'."""
    result = permission_request("mind if i share how i see the numbers", scenario_at["mfg-unit-price"])
    assert shares(result)["Ask leave"] == 1 and shares(result)["A real question"] == 1


def test_if_you_are_interested_turns_a_statement_into_half_a_request(scenario_at):
    """'I have a view on it, if you're interested.' asks, but only half a question."""
    result = permission_request("I have a view on the click-and-collect point, if you're interested.",
                                scenario_at["ret-no-click-collect"])
    assert shares(result)["A real question"] == 0.5


def test_admitting_the_price_is_a_concession(scenario_at):
    """'Yeah, we're pricey, no getting round that.' agrees with the objection."""
    result = accept_and_explore("Yeah, we're pricey, no getting round that. What worries you most about the price?",
                                scenario_at["mfg-unit-price"])
    assert shares(result)["Accept"] == 0


@pytest.mark.parametrize(("text", "kind"), [
    ("so it's not only about a portal that works. have i got that right", "check"),
    ("Tell me about the clinic.", "open"),
    ("Before anything on my side: how does energy show up in your week?", "open"),
])
def test_questions_without_their_usual_punctuation(text, kind):
    """An unpunctuated check, an invitation ending in a full stop, a question after a colon."""
    assert read(text).sentences[-1].question == kind


@pytest.mark.parametrize("text", [
    "Understood, it's head office's call. Just order a few cases and let the sales do the talking.",
    "i understand prices are going up everywhere and that's stressful, lock in now and u won't have to worry!",
])
def test_an_order_to_the_customer_is_advice(text):
    """'Just order a few cases…' or '…, lock in now' is the seller's advice: a view, and a projection."""
    assert read(text).sentences[-1].view
    assert shares(projection_vs_empathy(text))["No projection"] == 0


def test_a_question_after_an_argument_checks_nothing(scenario_at):
    """'…our servers are in certified data centres. Does that help at all?' asks about the argument: no Check."""
    result = reformulation("So citizen data has to stay under your control. Just so you know, our servers are in "
                           "certified national data centres, so that part is covered. Does that help at all?",
                           scenario_at["pub-data-sovereignty"])
    assert shares(result)["Check"] == 0 and not result.passed


@pytest.mark.parametrize("check", ["I have it right?", "do I understand correct?", "Is that a fair reading?",
                                   "is this how you see it?", "Is that how it feels from where you sit?"])
def test_a_check_in_other_words_checks(check):
    """Non-native and formal ways of handing a summary back are check questions."""
    assert read(f"So you need something ready for the next budget round. {check}").sentences[-1].question == "check"


@pytest.mark.parametrize("need", ["What you're really after is a final figure you can hold to.",
                                  "And you'd be the one answering for it if anything went wrong in theatre."])
def test_the_need_underneath_in_any_words_is_better_than_they_did(scenario_at, need):
    """A need or stake of theirs said in other words than the scenario's cues still goes past their words."""
    result = reformulation(f"So the budget was voted in October and there's nothing left. {need} Have I got that right?",
                           scenario_at["pub-budget-voted"])
    assert shares(result)["Better than they did"] == 1


def test_the_best_of_the_offer_as_their_need_is_not_better(scenario_at):
    """'I think what you really want is the best protection available' is the seller's reading of their interest."""
    result = reformulation("So a new product nobody here has tried is a risk you don't need. I think what you really "
                           "want is the best barrier protection available. Right?", scenario_at["hc-theatre-safety"])
    assert shares(result)["Better than they did"] < 1


def test_a_bare_summary_next_to_an_argument_is_half_a_reformulation(scenario_at):
    """In a full reply that argues, 'So you worry about the training, right?' without their need is half."""
    from coachkit.feedback import protocol_reply

    result = protocol_reply("I understand, but the interface is very intuitive, 20 minutes is enough. What do you "
                            "think? So you worry about the training, right? May I show you how it works?",
                            scenario_at["hc-retrain-nurses"])
    assert shares(result)["Reformulate"] == 0.5


def test_key_points_without_a_restatement_are_half_restated(scenario_at):
    """'Your nurses know the current pumps by heart and switching means retraining four hundred.' carries their
    ideas without giving them back as their view: half of Restate."""
    result = reformulation("Your nurses know the current pumps by heart and switching would mean retraining four "
                           "hundred people. Correct?", scenario_at["hc-retrain-nurses"])
    assert shares(result)["Restate"] == 0.5


def test_an_argument_inside_the_permission_request_breaks_the_order(scenario_at):
    """'But we're ISO certified, so may I explain how it works?' argues before the customer's yes: In order fails."""
    from coachkit.feedback import protocol_reply

    result = protocol_reply("I get it, IT is a tough sell. What have they turned down before? So IT won't approve it "
                            "because of the cloud, right? But we're ISO certified, so may I explain how it works?",
                            scenario_at["sw-security-review"])
    assert shares(result)["In order"] == 0 and not result.passed


@pytest.mark.parametrize("message", [
    "hi kwame, you said you need records you can trust for the spring inspection. let me know when you want to chat.",
    "Hi Tomás, no rush at all, I know peak season starts in October and you can never hire fast enough!",
])
def test_their_words_given_back_are_not_new_value(message):
    """'you said you need records you can trust…' recalls their words: nothing new, tied to nothing."""
    words = ("I need records I can trust for the spring inspection. Peak season starts in October and we can never "
             "hire fast enough.")
    result = followup_message(message, words)
    assert shares(result)["New value"] == 0 and shares(result)["Tied to their words"] == 0 and not result.passed


def test_a_video_for_their_problem_is_new_value():
    """'We have a short video of mobile check-in' after recalling the Friday queue brings something new."""
    result = followup_message("Dear Chloé, you mentioned the queues at check-in on Friday evenings. Here is a short "
                              "video showing mobile check-in at a hotel like yours.",
                              "The queues at check-in on Friday evenings are the worst part of the week.")
    assert shares(result)["New value"] > 0 and shares(result)["Tied to their words"] > 0


def test_resending_is_a_chase():
    """'resending the proposal below in case it got buried' chases."""
    result = followup_message("Hi Helen, resending the proposal below in case it got buried.", "My lawyers forget "
                              "to log their hours.")
    assert shares(result)["No chasing"] == 0


@pytest.mark.parametrize("text", ["sounds like the budget is tight.", "big call for u", "It must be a difficult decision."])
def test_a_state_named_in_passing_is_half_their_frame(text):
    """A few words naming their state, with nothing of what they face, is half of Client's frame."""
    result = projection_vs_empathy(text)
    assert shares(result)["Client's frame"] == 0.5 and not result.passed


def test_what_they_would_carry_is_their_frame():
    """'…and you'd carry all of it if orders start going out wrong' says what they face, without marker words."""
    result = projection_vs_empathy("Three warehouses going live at once means three teams learning something new in the "
                                   "same week, and you'd carry all of it if orders start going out wrong.")
    assert shares(result)["Client's frame"] == 1 and result.passed


@pytest.mark.parametrize("text", ["Still, prices are going up in January.",
                                  "Anyway the course is very good, everybody who did it liked it."])
def test_a_sentence_that_opens_on_a_contrast_is_a_rebuttal(text):
    """'Still, …' or 'Anyway …' after their side turns to the seller's counterpoint."""
    assert read(f"From where you sit this feels rushed. {text}").sentences[-1].rebuttal


def test_advice_with_a_question_mark_is_advice():
    """'Perhaps the most elegant route would be to present it as a negotiation programme?' advises."""
    assert read("Perhaps the most elegant route would be to present it to them as a negotiation programme?"
                ).sentences[-1].question == "advice"


def test_the_offer_drawn_as_their_conclusion_is_a_pitch(scenario_at):
    """'…which makes a tool that reduces agency costs even more relevant, doesn't it?' pitches inside the summary."""
    result = reformulation("So you've had a 12% cut and nurses are leaving, which makes a tool that reduces agency costs "
                           "even more relevant, doesn't it?", scenario_at["hc-cuts-and-departures"])
    s = shares(result)
    assert s["No push-back"] == 0 and s["Check"] == 0 and s["Restate"] == 0.5


def test_our_side_after_although_is_a_rebuttal(scenario_at):
    """'Makes sense, although they probably don't have the outside view we bring' argues for the seller."""
    result = reformulation("So you have your own training team and they could build this in-house. Makes sense, "
                           "although they probably don't have the outside view we bring. Is that fair?",
                           scenario_at["ps-inhouse-team"])
    assert shares(result)["No push-back"] == 0


def test_a_deadline_of_ours_is_not_new_value():
    """'so if we don't sign by August the scanners won't be in' presses with the seller's date: nothing new given."""
    result = followup_message("Hi Tomás, October comes round fast and you said you can never hire fast enough, so if "
                              "we don't sign by August the scanners won't be in for your temps.",
                              "Peak starts in October and we can never hire fast enough.")
    assert shares(result)["New value"] == 0 and not result.passed


def test_having_looked_into_it_is_a_promise_of_value():
    """'I looked into what inspectors usually ask to see. Thought you'd want to know.' promises what it does not give."""
    result = followup_message("Kwame, I looked into what inspectors usually ask to see for toolbox talks. Thought you'd "
                              "want to know.", "I need records I can trust for the spring inspection of toolbox talks.")
    assert shares(result)["New value"] == 0.5


@pytest.mark.parametrize("text", ["Is it ok if I show you some numbers that might change your mind on the price?",
                                  "Could I share one thought on how you might fund this from maintenance instead of capex?",
                                  "Would you like to hear how we're different?"])
def test_a_request_that_hints_at_the_view_half_holds_it_back(scenario_at, text):
    """A permission request whose words already hint at what the view will say: half of View held back."""
    result = permission_request(text, scenario_at["mfg-capex-frozen"])
    assert shares(result)["Ask leave"] == 1 and shares(result)["View held back"] == 0.5 and not result.passed


@pytest.mark.parametrize("question", ["So what isn't perfect about it?", "and what happens with the breakdowns meanwhile?"])
def test_digging_for_the_weak_spot_explores_half(scenario_at, question):
    """A question that digs for the gap the offer would fill explores for the seller: half of Explore."""
    result = accept_and_explore(f"Makes sense, the team knows it. {question}", scenario_at["sw-already-have-crm"])
    assert shares(result)["Explore"] == 0.5 and not result.passed


def test_their_objection_said_as_a_worry_adds_nothing_underneath(scenario_at):
    """'you're worried we're too young to deliver the summer order' names the objection itself as a feeling: nothing
    past their words, so no credit for Better than they did."""
    result = reformulation("you're worried we're too young to deliver the summer order. is that right?",
                           scenario_at["ret-young-brand-returns"])
    assert shares(result)["Better than they did"] == 0
