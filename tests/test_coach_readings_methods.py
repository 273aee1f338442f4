"""Readings of plain-spoken retail reps and of sellers trained in other methods (blind sets 21-22): one test each."""

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
from coachkit.moves import Move, detect_moves
from coachkit.reading import read


def test_an_emoji_closes_a_chat_sentence(scenario_at):
    """'Got it, capex freezes are real 👍 quick q…': the acknowledgement ends at the emoji and still accepts."""
    result = accept_and_explore("Got it, capex freezes are real 👍 quick q though, how is the line coping with the "
                                "freeze?", scenario_at["mfg-capex-frozen"])
    assert shares(result)["Accept"] == 1
    assert [s.text for s in read("Totally hear you 👍 what worries you most?").sentences][0] == "Totally hear you 👍"


def test_respecting_their_reason_is_no_counter_argument():
    """'Twelve years is real loyalty, I respect that' grants their reason: the learned model may not read an argument."""
    moves = {d.move for d in detect_moves("twelve years is a long time thats real loyalty and I respect that")}
    assert Move.COUNTER_ARGUMENT not in moves and Move.ACKNOWLEDGE in moves
    assert Move.COUNTER_ARGUMENT in {d.move for d in detect_moves("I respect that, but our bolts are cheaper.")}


@pytest.mark.parametrize("question", [
    "So if we could phase it into next year's cycle, would that work for you?",
    "What if we set up a quick call with your compliance officer?",
])
def test_a_trial_close_steers_to_the_sale(question):
    """'If we could phase it…, would that work for you?' proposes the seller's step: it steers, it does not explore."""
    assert read(question).sentences[0].question == "steer"


@pytest.mark.parametrize("question", [
    "What would another 12 months of breakdowns cost you compared to the sensor kit?",
    "Have you looked at it per patient though?",
])
def test_an_implication_question_sets_up_the_argument(question):
    """'What would … cost you compared to the sensor kit?' and 'have you looked at it per patient?' set up the seller's
    point."""
    assert read(question).sentences[0].question == "setup"


def test_a_request_for_a_contact_is_a_step_of_the_sale(scenario_at):
    """'Is it possible that you give me the contact…?' asks for the seller's next step: nothing of theirs is explored,
    and nothing is argued."""
    result = accept_and_explore("Ok I understand you work with the group. Is it possible that you give me the contact "
                                "of the responsible person in the group?", scenario_at["hc-purchasing-group"])
    assert shares(result)["Explore"] == 0 and shares(result)["No push-back"] == 1


@pytest.mark.parametrize("need", [
    "Sounds like you need a juice that earns its spot in the fridge without scaring off the customers you've built up.",
    "I'm guessing you don't want to be the one going out on a limb with them upstairs.",
    "What you actually need is a figure you can trust to still be the figure twelve months from now.",
])
def test_a_need_said_in_plain_words_is_better_than_they_did(scenario_at, need):
    """'Sounds like you need…', 'you don't want to be the one…', 'what you actually need is…' name the need
    underneath, in the learner's own words."""
    result = reformulation(f"So your regulars won't pay six euros and there'd be nothing left for you. {need} Have I "
                           "got that right?", scenario_at["ret-margin-too-thin"])
    assert shares(result)["Better than they did"] == 1


def test_the_real_question_after_but_is_a_rebuttal_and_its_tag_presses(scenario_at):
    """'But the real question is cost per shift… so it's not really expensive, right?' argues, and its tag presses."""
    result = reformulation("So what you're saying is the price feels high for a 25-person team. But the real question "
                           "is cost per shift scheduled, which works out under €2 a day — so it's not really expensive, "
                           "right?", scenario_at["sw-price-small-team"])
    assert shares(result)["No push-back"] == 0 and shares(result)["Check"] == 0


def test_which_is_exactly_what_we_do_pitches_and_a_lone_tag_after_it_presses(scenario_at):
    """'…which is exactly what we do. Right?': the summary turns into a pitch, and 'Right?' asks to agree with it."""
    result = reformulation("So basically you got burned by a cheaper supplier and now a low price is a red flag. What "
                           "you really want is a supplier that gives you the savings without the quality risk, which "
                           "is exactly what we do. Right?", scenario_at["mfg-cheaper-means-cut"])
    assert shares(result)["No push-back"] == 0 and shares(result)["Check"] == 0


def test_a_label_before_a_colon_does_not_hide_the_sellers_claim(scenario_at):
    """'Quick context: our juices retail at…' before the exploring question breaks the order of a full reply."""
    result = protocol_reply("Ok, I hear you, 6 euros is a number. Quick context: our juices retail at 5.50 to 6.50 in "
                            "most organic stores. What does your customer usually spend on a juice? So you're worried "
                            "it won't move and you'd make nothing on it, is that right? Can I show you some numbers?",
                            scenario_at["ret-margin-too-thin"])
    assert shares(result)["In order"] == 0


@pytest.mark.parametrize("after", ["Sorry, I know you're flat out.", "If it's not useful, tell me."])
def test_an_apology_or_a_way_out_after_asking_is_not_the_view(scenario_at, after):
    """After 'Would it be ok if I shared a quick thought…?', 'Sorry, I know you're flat out.' or 'If it's not useful,
    tell me.' leaves them free: the view is still held back."""
    result = permission_request(f"Would it be ok if I shared a quick thought on the space side of things? {after}",
                                scenario_at["ret-shelves-full"])
    assert shares(result)["View held back"] == 1 and shares(result)["A real question"] == 1


def test_can_i_push_back_asks_leave_and_the_reason_after_it_is_the_view(scenario_at):
    """'Can I push back on that a little? Because 8% isn't the whole story…': asked, then said: the view is not held."""
    result = permission_request("Can I push back on that a little? Because 8% on the unit price isn't the whole story "
                                "once you factor in lifetime.", scenario_at["mfg-unit-price"])
    assert shares(result)["View held back"] == 0 and shares(result)["Ask leave"] > 0


def test_needing_to_be_sure_is_their_need_not_advice():
    """'…you need to be sure it won't disrupt your team' names a need; 'you need to be bold' is still advice."""
    result = projection_vs_empathy("It sounds like the switch feels risky right now, and you need to be sure it won't "
                                   "disrupt your team before you commit to anything.")
    assert shares(result) == {"Client's frame": 1, "No projection": 1, "About them": 1}
    assert Move.PROJECTION in {d.move for d in detect_moves("You need to be bold and switch now.")}


def test_the_sellers_own_habit_is_projection():
    """'I'd still go for spring tho, it's what I always do' is the seller's decision, after a good start."""
    result = projection_vs_empathy("Moving the launch is a tough call for you, there are commitments already made. I'd "
                                   "still go for spring tho, it's what I always do.")
    assert shares(result)["No projection"] == 0 and not result.passed


def test_ours_at_the_end_praises_the_offer():
    """'…and honestly, ours speak for themselves' ends the client's side on the seller's offer."""
    result = projection_vs_empathy("It sounds like you need numbers you can put in front of your finance director, and "
                                   "honestly, ours speak for themselves.")
    assert shares(result)["About them"] == 0 and not result.passed


def test_our_team_made_something_for_them_is_new_value():
    """'Our team sketched a quick re-slot using your top 50 SKUs' brings something made for them."""
    result = followup_message("Hi Tomás, you said your pickers walk miles because the fast movers are at the back. Our "
                              "team sketched a quick re-slot using just your top 50 SKUs that could be in place before "
                              "October.", "Our pickers walk miles because the fast movers sit at the back.")
    assert shares(result)["New value"] == 1


@pytest.mark.parametrize("push", ["the sooner the better!", "let me know whether you're ready to go ahead."])
def test_hurrying_their_answer_chases(push):
    """'The sooner the better' and 'whether you're ready to go ahead' press for their answer: they chase."""
    result = followup_message("Hi Helen, here is an example of an itemised invoice from the system so you can see what "
                              f"your clients would see, {push}", "Clients query every invoice that is not itemised.")
    assert shares(result)["No chasing"] < 1


# --------------------------------------------------------------------------- advisers and brokers (blind set 23)


@pytest.mark.parametrize("reassurance", [
    "I can promise you, hand on heart, that nothing you share with us would ever go anywhere.",
    "Just so you know, everything sits in UK data centres so you'd be in safe hands there.",
])
def test_reassurance_answers_the_worry_from_the_sellers_side(scenario_at, reassurance):
    """'Hand on heart…', 'you'd be in safe hands there' answer their worry with the seller's word: push-back."""
    result = accept_and_explore(f"That's a very fair question. {reassurance} What worries you most?",
                                scenario_at["ps-works-for-competitors"])
    assert shares(result)["No push-back"] == 0


def test_a_concession_after_honestly_is_no_rebuttal():
    """'…and honestly you're right, twice the price is a big ask' concedes: it is not a rebuttal."""
    sentence = read("Oh I completely hear you, and honestly you're right, twice the price is a big ask.").sentences[0]
    assert sentence.rebuttal == "" and sentence.concession


def test_can_you_tell_me_hands_them_the_floor(scenario_at):
    """'Can you tell me what happened with that supplier…?' asks for their story, not for a fact."""
    result = accept_and_explore("After your own customer rejected half a batch, it makes sense that a lower price sets "
                                "off alarm bells. Can you tell me what happened with that supplier?",
                                scenario_at["mfg-cheaper-means-cut"])
    assert shares(result)["Explore"] == 1


def test_their_own_loss_given_back_is_no_threat(scenario_at):
    """'You're losing nurses faster than you can replace them' restates their loss; 'you're losing money every day
    you wait' is still the seller's warning."""
    result = reformulation("So if I've understood you properly: you've lost twelve percent of your budget and you're "
                           "losing nurses faster than you can replace them. Have I got that right?",
                           scenario_at["hc-cuts-and-departures"])
    assert shares(result)["No push-back"] == 1
    assert read("You're losing money every day you wait.").sentences[0].rebuttal


def test_the_worry_underneath_is_better_than_they_did(scenario_at):
    """'It sounds like the worry underneath is being the person who tied the next council's hands' names the need."""
    result = reformulation("So with the election eight months off, nobody wants to sign a four-year commitment a new "
                           "administration would inherit. It sounds like the worry underneath is being the person who "
                           "tied the next council's hands. Is that where you are?", scenario_at["pub-election-freeze"])
    assert shares(result)["Better than they did"] == 1


def test_a_promise_to_be_brief_after_asking_is_not_the_view(scenario_at):
    """'Would you permit me to share how I see the risk question? I promise I'll keep it brief.' holds the view back."""
    result = permission_request("Would you permit me to share how I see the risk question? I promise I'll keep it "
                                "brief.", scenario_at["hc-theatre-safety"])
    assert shares(result)["View held back"] == 1


def test_in_my_experience_after_but_rebuts(scenario_at):
    """'…, but in my experience it's the total cost that matters' before the exploring question breaks the order."""
    result = protocol_reply("I appreciate you being upfront, and I know eight percent sounds a lot, but in my experience "
                            "it's the total cost that matters. What volumes are we talking about each year? So you're "
                            "worried about the extra spend, is that right? Would you let me explain?",
                            scenario_at["mfg-unit-price"])
    assert shares(result)["In order"] == 0 and not result.passed


def test_it_might_be_best_is_advice_in_disguise():
    """'…, so it might be best to let the board weigh in' hands them the seller's plan."""
    result = projection_vs_empathy("It sounds like you're not comfortable making this call on your own, so it might be "
                                   "best to let the board weigh in.")
    assert shares(result)["No projection"] == 0


def test_a_hotel_check_in_is_no_chase():
    """'…so regular guests can check in on their phones' is the idea, not 'just checking in'."""
    result = followup_message("Dear Chloé, thinking about your Friday evening queues, I wondered about a simple idea: a "
                              "pre-arrival text so regular guests can check in on their phones, leaving the desk free.",
                              "Friday evening queues at the front desk are our worst moment.")
    assert shares(result)["No chasing"] == 1 and shares(result)["New value"] == 1
    assert shares(followup_message("Hi Chloé, just wanted to check in with you about the proposal.",
                                   "Friday evening queues at the front desk are our worst moment."))["No chasing"] == 0


# --------------------------------------------------------------------------- first-job graduates (blind set 25)


def test_a_stage_direction_between_quoted_lines_is_no_part_of_a_sentence(scenario_at):
    """'…Is that right?" (if yes) "Would you be open to me sharing one idea?"': the direction is dropped, the check and
    the request are read as they are."""
    from coachkit.sentences import sentences

    text = '"So there is no capex until next year. Is that right?" (if yes) "Would you be open to me sharing one idea?"'
    assert [p.text for p in sentences(text)][1:] == ['Is that right?"', '"Would you be open to me sharing one idea?"']
    result = protocol_reply('"I hear you, a freeze is a freeze. How is it playing out on your side?" (listen) "So if '
                            "I've got it right, the problem on the line hasn't gone away, but there's no capex until next "
                            "year and you'd rather not be seen pushing for money that isn't there. Is that right?\" (if "
                            'yes) "Would you be open to me sharing one idea on that?"', scenario_at["mfg-capex-frozen"])
    assert shares(result)["Ask permission"] == 1


def test_their_own_deadline_is_no_chase():
    """'…so you have measured results before the grant deadline in June' is their date, not the seller's pressure."""
    result = followup_message("Hi Sofia, thinking about the ten minutes teachers lose every lesson, we had an idea: test "
                              "the new access points in one classroom in May, so you have measured results before the "
                              "grant deadline in June.", "Teachers lose ten minutes every lesson to the wifi.")
    assert shares(result)["No chasing"] == 1 and shares(result)["New value"] == 1


def test_being_left_behind_unless_they_act_is_a_threat():
    """'…you might be left behind if you do not do the needful soon' warns them into buying: it is not their frame."""
    result = projection_vs_empathy("Kindly understand that your competitors are upgrading and you might be left behind if "
                                   "you do not do the needful soon.")
    assert shares(result)["No projection"] == 0 and not result.passed


@pytest.mark.parametrize("need", ["so you cant risk letting them down", "or would want to be seen doing"])
def test_a_risk_they_cannot_take_is_the_need_underneath(scenario_at, need):
    """'…so you can't risk letting them down', '…or would want to be seen doing' name what is at stake for them."""
    result = reformulation(f"So the installation would stop the line for days and you have orders to ship, {need}. Did "
                           "I get it right?", scenario_at["mfg-downtime-risk"])
    assert shares(result)["Better than they did"] == 1


# --------------------------------------------------------------------------- engineers turned sellers (blind set 24)


def test_to_correct_one_point_is_a_rebuttal(scenario_at):
    """'To correct one point: the installation is normally done in a weekend…' argues back after the acknowledgement."""
    result = accept_and_explore("I understand that downtime is critical when you have orders to ship. To correct one "
                                "point: the installation is normally done by our crew within one weekend. How do you plan "
                                "maintenance today?", scenario_at["mfg-downtime-risk"])
    assert shares(result)["No push-back"] == 0


def test_do_you_agree_after_an_argument_presses(scenario_at):
    """'…However, the total cost should be compared with the savings. Do you agree?' asks them to agree, not to check."""
    result = reformulation("So the main issue is that our day rate is about twice what you paid before, which is hard to "
                           "justify internally. However, the total cost should be compared with the expected savings. "
                           "Do you agree?", scenario_at["ps-day-rate"])
    assert shares(result)["Check"] == 0


def test_a_bare_correct_after_a_summary_about_them_checks_it(scenario_at):
    """'You have bought from the same supplier for 12 years and see no reason to change. Correct?' hands it back."""
    result = reformulation("You have bought your fasteners from the same supplier for 12 years and you do not see any "
                           "reason to change. Correct?", scenario_at["mfg-supplier-locked"])
    assert shares(result)["Check"] == 1


def test_a_permission_cue_before_a_colon_asks_and_says_at_once(scenario_at):
    """'May I add one point: documentation alone will not show you the accuracy, which is 98 % in our installations.'
    asks leave and gives the view in the same breath."""
    result = permission_request("I will send it to the generic address today. May I add one point: documentation alone "
                                "will not show you the counting accuracy, which is 98 % in our reference installations.",
                                scenario_at["pub-send-documentation"])
    assert shares(result)["Ask leave"] == 0.5 and shares(result)["View held back"] == 0


@pytest.mark.parametrize(("hello", "credit"), [
    ("Hello, I am from X, we make soil moisture and nitrogen sensors. What crops do you grow?", 0.5),
    ("Hello, I'm from AgriSense, we make sensors that save you 20 % on fertiliser. What crops do you grow?", 0),
])
def test_a_plain_introduction_is_half_a_pitch_and_a_claim_is_a_pitch(opening_at, hello, credit):
    """Naming yourself and what you sell puts you first (half); a benefit or a figure makes it a pitch (none)."""
    from coachkit.score_opening import score_opening

    result = score_opening(hello, opening_at["op-arable-farm"])
    assert shares(result)["No pitch"] == credit and not result.passed


def test_taking_this_clients_seat_by_name_is_their_frame(client_frame_at):
    """'If I were Marta, I could: postpone the switch until after tax season' speaks from her seat, not the seller's."""
    from coachkit.score_client_frame import score_client_frame

    frame = next(f for f in client_frame_at.values() if f.client.startswith("Marta"))
    result = score_client_frame(["If I were Marta, I could: postpone the switch until after tax season",
                                 "If I were Marta, I would fear: losing what the two retiring staff know",
                                 "If I were Marta, I would need: the system running before they leave"], frame)
    assert all(c.credit == c.weight for c in result.checks)
    advice = score_client_frame(["If I were Marta I'd just go for it"], frame)
    assert advice.checks[0].credit == 0


@pytest.mark.parametrize("advice", [
    "It would be advisable for the client to hire a project manager before purchasing the software.",
    "Price development is uncertain for you, therefore locking in the price now is the logical step.",
])
def test_impersonal_advice_is_still_projection(advice):
    """'It would be advisable…', '…is the logical step' hand the client the seller's plan, impersonally."""
    assert shares(projection_vs_empathy(advice))["No projection"] == 0


def test_a_reminder_of_the_offers_validity_chases():
    """'…remind her that the offer is valid until 31 October. Ask whether a decision has been made.' chases."""
    result = followup_message("Call Ms Nair to remind her that the budget window is open now and that the offer is valid "
                              "until 31 October. Ask whether a decision has been made.", "Our energy bills doubled.")
    assert shares(result)["No chasing"] == 0


# --------------------------------------------------------------------------- account managers, scripted answers (26-27)


@pytest.mark.parametrize("offer", [
    "Honestly I can probably match your current price for the first year as a goodwill gesture.",
    "Like we did with our other clinic customers, we'd put a dedicated onboarding manager on it so it won't happen again.",
])
def test_a_favour_offered_before_they_have_talked_is_push_back(scenario_at, offer):
    """A price match or a promise ('…so it won't happen again') answers the objection with the offer."""
    result = accept_and_explore(f"8% is a lot at your volumes, I get it. {offer} What matters most to you here?",
                                scenario_at["mfg-unit-price"])
    assert shares(result)["No push-back"] == 0 and not result.passed


def test_you_are_right_to_be_sceptical_validates_without_conceding():
    """'You're right to be sceptical' grants their feeling; 'you're right, we are expensive' concedes."""
    assert read("You're absolutely right to be careful with something new.").sentences[0].concession == ""
    assert read("You're right, we are expensive.").sentences[0].concession


def test_a_reply_after_asking_that_speaks_of_us_is_the_view(scenario_at):
    """'May I share something that might help? We're actually on the national framework…' answers before the yes."""
    result = permission_request("May I share something that might help? We're actually on the national framework "
                                "agreement, so you could order from us directly without a tender.",
                                scenario_at["pub-procurement-rules"])
    assert shares(result)["View held back"] == 0


def test_a_scripted_summary_is_scored_without_its_labels(scenario_at):
    """'Me: So if I've got this right: … Is that right?' restates and checks as if said."""
    result = reformulation("Me: So if I've got this right: you've lost twelve percent of your budget and nurses are "
                           "leaving faster than you can replace them. Is that right?\nClient: Yes.",
                           scenario_at["hc-cuts-and-departures"])
    assert shares(result)["Restate"] == 1 and shares(result)["Check"] == 1 and shares(result)["No push-back"] == 1


@pytest.mark.parametrize("ending", ["while you try us out.", "and I hope after all this time that's us!"])
def test_ending_on_trying_us_is_about_the_seller(ending):
    """'…while you try us out', '…I hope that's us' end the client's side on the seller."""
    result = projection_vs_empathy(f"Dropping a supplier you've known for years isn't easy, {ending}")
    assert shares(result)["About them"] == 0


def test_a_market_trend_that_suits_the_offer_is_a_pitch(opening_at):
    """'Most charities are moving to a proper donor database and it makes a huge difference' pitches before asking."""
    from coachkit.score_opening import score_opening

    result = score_opening("Hi, thanks for your time! As you probably know, most charities are moving to a proper donor "
                           "database and it makes a huge difference to retention. What system are you using now?",
                           opening_at["op-charity-fundraising"] if "op-charity-fundraising" in opening_at
                           else next(o for o in opening_at.values() if "charity" in o.meeting))
    assert shares(result)["No pitch"] == 0 and not result.passed
