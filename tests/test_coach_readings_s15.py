"""Readings taken in session 15 from blind sets 72, 73, 76 and 77 and the open sets: each convention of
``shared/curriculum.md`` ("How a coach judges a check") the kit now follows, tested by name."""

from _coach import shares

from coachkit.empathy import score_opening
from coachkit.feedback import (
    accept_and_explore,
    followup_message,
    permission_request,
    projection_vs_empathy,
    reformulation,
)
from coachkit.reading import read
from coachkit.rubric import _rubric
from coachkit.score_protocol import protocol_reply


def test_an_announcement_whose_object_is_the_claim_gives_the_view():
    """'Kindly allow me to explain you how our dressing can be cheaper per patient.' announces the claim itself: the
    view is not held back."""
    result = shares(permission_request("Kindly allow me to explain you how our dressing can be cheaper per patient."))
    assert result["View held back"] == 0


def test_an_announcement_of_a_walkthrough_does_not_give_the_view():
    """'Let me show you around our platform, if you don't mind?' takes the floor but claims nothing."""
    result = shares(permission_request("Let me show you around our platform, if you don't mind?"))
    assert result["View held back"] > 0


def test_a_softener_beside_real_value_still_leans():
    """'No pressure at all, just let me know.' after a real option is half No chasing: it names the pressure."""
    result = followup_message("Dear Sofia, about the grant that must be spent before end of June: our finance team "
                              "confirmed we can invoice in two parts, the access points in May and the tablet service "
                              "after, so the grant part is covered on time. No pressure at all, just let me know.",
                              "The grant has to be spent before the end of June.")
    assert shares(result)["No chasing"] == 0.5
    assert "No pressure" in next(c.message for c in result.checks if c.name == "No chasing")


def test_the_softener_convention_is_in_the_rubric_before_the_attempt():
    """The learner reads that softeners beside value still lean, before writing."""
    assert "beside real value" in _rubric("followup")["No chasing"].looks_for


def test_value_without_a_softener_is_free_of_chasing():
    """The same option without 'no pressure' asks for nothing."""
    result = shares(followup_message("Dear Sofia, our finance team confirmed we can invoice in two parts, the access "
                                     "points in May and the tablet service after, so the grant part is covered on "
                                     "time.", "The grant has to be spent before the end of June."))
    assert result["No chasing"] == 1


def test_is_this_what_you_mean_checks_the_summary(scenario_at):
    """'…Is this what you mean?' hands the summary back like 'Is that what you mean?'."""
    result = shares(reformulation("If I understand you, because our firm also serves your competitors, you are "
                                  "worried your numbers can reach them. Is this what you mean?",
                                  scenario_at["ps-works-for-competitors"]))
    assert result["Check"] == 1


def test_no_problem_then_hearing_them_is_not_a_rebuttal():
    """'No problem, I know how the days between meetings are.' agrees to their request, then hears them; 'no problem
    at all, its only 20 minutes' still shrinks the objection."""
    heard = read("No problem, I know how the days between meetings are.").sentences[0]
    shrunk = read("no problem at all, its only 20 minutes").sentences[0]
    assert not heard.rebuttal and not heard.view
    assert shrunk.rebuttal


def test_can_you_kindly_share_what_happened_invites_their_story(scenario_at):
    """'Can you kindly share with me what happened in that audit…?' hands them the floor: not a yes/no fact."""
    result = shares(accept_and_explore("I can feel that the audit was a very hard experience for all of you. Can you "
                                       "kindly share with me what happened in that audit and what it changed for you?",
                                       scenario_at["hc-data-after-audit"]))
    assert result["Explore"] == 1


def test_a_reframe_after_but_is_push_back_not_a_check(scenario_at):
    """'So you're saying… - totally get it - but if you look at cost per patient… it comes out lower, right?': the
    other way of looking at it, after 'but', is the counter-view; the 'right?' presses for agreement."""
    result = shares(reformulation("So you're saying our dressings are 2x the generics and finance won't approve it - "
                                  "totally get it - but if you look at cost per patient instead of the unit price it "
                                  "actually comes out lower, right?", scenario_at["hc-dressings-twice-price"]))
    assert result["No push-back"] == 0 and result["Check"] == 0 and result["Restate"] == 0.5


def test_a_promised_surprise_in_a_tag_hints_at_the_view():
    """'…can I share how I see it? I think you might be surprised by the math, right?' foretells their reaction: half
    View held back, even with a tag."""
    result = shares(permission_request("ok can I share how I see it? I think you might be surprised by the math, "
                                       "right?"))
    assert result["View held back"] == 0.5


def test_a_real_ask_on_top_of_everything_takes_their_side():
    """'Asking your team to try one more thing this week, on top of everything else, is a real ask - and you'd be the
    one fielding their complaints if it flops.' says what weighs on them, and why."""
    result = shares(projection_vs_empathy("Asking your team to try one more thing this week, on top of everything "
                                          "else, is a real ask - and you'd be the one fielding their complaints if it "
                                          "flops."))
    assert result["Client's frame"] == 1


def test_maybe_start_by_is_advice_in_disguise():
    """'…- maybe start by bringing on a PM?' hands them the seller's plan, however softly."""
    result = shares(projection_vs_empathy("Buying anything right now probably feels premature when nobody on your side "
                                          "owns the project yet - maybe start by bringing on a PM?"))
    assert result["No projection"] == 0


def test_wouldnt_it_be_great_is_the_offer_asked(opening_at):
    """'Wouldn't it be great to know exactly what's happening in every field…?' is the value proposition as a question:
    the first hello does not start from them."""
    result = shares(score_opening("Thanks for having me! Wouldn't it be great to know exactly what's happening in "
                                  "every field without having to drive out and check?", opening_at["op-arable-farm"]))
    assert result["Client before offer"] == 0


def test_product_news_that_touches_their_problem_is_half_value():
    """'we have a new feature for itemised invoices' to a customer whose clients query invoices is the seller's news,
    but it touches their problem: half New value, half Tied; an award alone is still nothing for them."""
    said = "Our clients keep querying invoices because they cannot see what the hours were spent on."
    result = followup_message("Dear Helen, instead of sending the brochure again, I wanted to share that we have a new "
                              "feature for itemised invoices. Happy to discuss.", said)
    assert shares(result)["New value"] == 0.5 and shares(result)["Tied to their words"] == 0.5
    assert "touches their problem" in result.checks[0].message
    assert shares(followup_message("Dear Helen, we just won supplier of the year!", said))["New value"] == 0


def test_a_promise_that_it_is_quick_leans_but_is_not_the_view():
    """'…would it be ok if i just quickly told you what the displays do? two mins tops, promise' squeezes a yes: half
    A real question; the view is still held back."""
    result = shares(permission_request("totally get it. would it be ok if i just quickly told you what the displays "
                                       "do? two mins tops, promise"))
    assert result["A real question"] == 0.5 and result["View held back"] == 1


def test_though_youd_be_surprised_takes_the_acceptance_back(scenario_at):
    """'twelve years is a good run to be fair, though you'd be surprised how much prices have moved' rebuts, and
    'when did you last get them benchmarked?' sets up the price argument."""
    result = shares(accept_and_explore("twelve years is a good run to be fair, though you'd be surprised how much "
                                       "prices have moved since then. when did you last get them benchmarked?",
                                       scenario_at["mfg-supplier-locked"]))
    assert result["No push-back"] == 0 and result["Explore"] == 0


def test_of_course_no_problem_then_hearing_them_accepts():
    """'Of course, no problem, I can hear you are between two meetings!' agrees to their request and hears them."""
    sentence = read("Of course, no problem, I can hear you are between two meetings!").sentences[0]
    assert not sentence.rebuttal and not sentence.view


def test_a_plain_question_about_their_side_argues_nothing(scenario_at):
    """'Are they leaving mainly because of the workload?' asks about them: no counter-argument, whatever the learned
    backstop hears."""
    result = shares(accept_and_explore("God, twelve percent is brutal, I'm sorry. Are they leaving mainly because of "
                                       "the workload?", scenario_at["hc-cuts-and-departures"]))
    assert result["No push-back"] == 1 and result["Accept"] == 1


def test_reminding_them_the_time_is_short_chases():
    """'I wanted to remember you that the time is short and we need the order until May' sets the seller's date."""
    result = shares(followup_message("Hi Sofia! I know the grant has to be spent until end of June, so I wanted to "
                                     "remember you that the time is short and we need the order until May to install "
                                     "in time.", "The grant must be spent before the end of June."))
    assert result["No chasing"] == 0


def test_asking_if_he_already_talked_to_them_is_a_check_in():
    """'Call Jonas to ask if he already talked with his bakers about the proposal and if he has some doubt…' asks for
    news: no value, and it chases."""
    result = shares(followup_message("Call Jonas to ask if he already talked with his bakers about the proposal and if "
                                     "he has some doubt we can answer", "My bakers start at 4am and hate new tools."))
    assert result["No chasing"] == 0 and result["New value"] == 0


def test_a_heatmap_before_the_check_in_is_still_value():
    """'send Tomás a heatmap from a similar warehouse…, and ask if he's had a chance…': the heatmap is new for them; the
    check-in after it chases."""
    result = shares(followup_message("1 July, call: send Tomás a heatmap from a similar warehouse where the fast movers "
                                     "were moved to the front, and ask if he's had a chance to review the proposal",
                                     "Our fast movers sit at the back of the warehouse."))
    assert result["New value"] == 1 and result["No chasing"] == 0


def test_spring_is_probably_the_way_to_go_advises():
    """'Spring's probably the way to go.' is the seller's recommendation, contracted."""
    result = shares(projection_vs_empathy("With the launch date bearing down and your team already flat out, you need "
                                          "a timeline you can actually deliver on. Spring's probably the way to go."))
    assert result["No projection"] == 0


def test_well_make_sure_ends_on_the_seller():
    """'…it's your desk that gets the calls. We'll make sure that doesn't happen.' ends on the seller's promise."""
    result = shares(projection_vs_empathy("From where you're sitting the switch feels risky, if the phones drop it's "
                                          "your desk that gets the calls. We'll make sure that doesn't happen."))
    assert result["About them"] == 0 and result["Client's frame"] == 1


def test_isnt_easy_names_what_they_face():
    """'Dropping a supplier you've worked with for years isn't easy.' takes their side like 'is not easy'."""
    result = shares(projection_vs_empathy("Dropping a supplier you've worked with for years isn't easy, there's "
                                          "relationships there and you know what you're getting."))
    assert result["Client's frame"] == 1


def test_a_sentence_of_their_world_is_not_a_pitch_whatever_the_model_hears(opening_at):
    """'The first months in a new role are always intense.' has nothing of the seller: the learned model's guess of a
    pitch does not put the offer first; naming the offer ('route planning is an easy one') still does."""
    ok = shares(score_opening("Congratulations on the new position! The first months in a new role are always "
                              "intense. Tell me, what did you find when you arrived, what are the biggest challenges "
                              "in the deliveries?", opening_at["op-furniture-logistics"]))
    assert ok["Client before offer"] == 1 and ok["No pitch"] == 1
    named = shares(score_opening("Congratulations on the new role! New directors usually want quick wins, and route "
                                 "planning is an easy one. What are your priorities for the first months?",
                                 opening_at["op-furniture-logistics"]))
    assert named["No pitch"] < 1


def test_a_claim_pressed_with_a_tag_is_the_view():
    """'You get what you pay for tho, wouldn't you agree?' is the seller's claim, pressed: the view comes before
    exploring; a restatement tagged 'right?' is not."""
    claim = read("Absolutely hear you! You get what you pay for tho, wouldn't you agree?").sentences[1]
    summary = read("So our dressings cost twice what you pay for the generic ones and finance will never accept "
                   "that, right?").sentences[0]
    assert claim.view and not summary.view


def test_what_you_need_is_to_be_certain_names_their_need(scenario_at):
    """'…What you need is to be certain before anything new goes near your theatres. Did I capture that correctly?'
    names their need: no push-back, a real check."""
    result = shares(reformulation("If I'm following you, the drapes you use now have a clean record, not one incident, "
                                  "and ours is a product nobody on your team has used in theatre. What you need is to "
                                  "be certain before anything new goes near your theatres. Did I capture that "
                                  "correctly?", scenario_at["hc-theatre-safety"]))
    assert result["No push-back"] == 1 and result["Check"] == 1


def test_what_you_need_is_to_switch_is_still_advice():
    """'What you need is to switch to a modern system now.' prescribes a step: the seller's view."""
    assert read("What you need is to switch to a modern system now.").sentences[0].view


def test_you_say_opens_a_restatement():
    """'You say our unit price is 8 % above your actual price…' gives their words back, not a pitch."""
    sentence = read("You say our unit price is 8 % above your actual price and at your volumes this is a lot of "
                    "money.").sentences[0]
    assert not sentence.view


def test_a_bare_may_i_with_the_view_at_once_is_half_ask_leave():
    """'May I? We did more than forty portals without delay…' names nothing it asks leave for: a habit of speech."""
    result = permission_request("May I? We did more than forty portals without delay, so don't worry.")
    assert shares(result)["Ask leave"] == 0.5 and "May I?" in result.checks[0].message


def test_the_bare_ask_and_the_squeeze_are_in_the_rubric_before_the_attempt():
    """The learner reads both conventions before writing."""
    rubric = _rubric("ask_permission")
    assert "May I?" in rubric["Ask leave"].looks_for and "promise" in rubric["A real question"].looks_for


def test_asking_whom_to_go_to_instead_explores_nothing(scenario_at):
    """'So who at head office should I reach out to?' looks for a way round the customer, not into the objection."""
    result = accept_and_explore("Thank you Sir, glad you liked the beers! I understand it's not your call. So who at "
                                "head office should I reach out to?", scenario_at["ret-head-office-decides"])
    assert shares(result)["Explore"] == 0 and "way round" in result.checks[1].message


def test_the_clients_own_but_in_their_voice_is_not_a_rebuttal():
    """'If I were this client… I'd be torn: the software is the visible part, but my team still has to learn it…': the
    'but' is the client's own, said in their voice."""
    result = shares(projection_vs_empathy("If I were this client with a fixed budget I'd be torn: the software is the "
                                          "visible part, but my team still has to learn it, and I'd be worried about "
                                          "paying for a tool nobody uses properly."))
    assert result["No projection"] == 1 and result["About them"] == 1


def test_tiring_names_their_state():
    """'I understand that comparing quotes is tiring Ma'am.' names their state, in passing: half Client's frame."""
    assert shares(projection_vs_empathy("I understand that comparing quotes is tiring Ma'am."))["Client's frame"] == 0.5


def test_what_do_you_think_after_a_pitch_asks_for_a_verdict(opening_at):
    """A first hello that pitches, then asks 'What do you think?', asks about the offer, not their world."""
    result = shares(score_opening("Good morning! I know farmers are very busy so I go direct: our sensors tell you "
                                  "exactly where to put water and fertilizer. What do you think?",
                                  opening_at["op-arable-farm"]))
    assert result["Open question"] == 0


def test_asking_if_she_can_sign_before_january_chases():
    """'…remember her the proposal…, and ask if she can sign before January.' is a reminder with a date."""
    result = shares(followup_message("Call Amira in December to say happy holidays and remember her the proposal, and "
                                     "ask if she can sign before January.", "My managers have no time to onboard."))
    assert result["No chasing"] == 0


def test_doing_what_they_asked_with_no_problem_is_not_a_rebuttal():
    """'With pleasure I send it, no problem.' does what they asked; 'Retraining is no problem.' shrinks the objection."""
    assert not read("With pleasure I send it, no problem.").sentences[0].rebuttal
    assert read("Retraining is no problem.").sentences[0].rebuttal


def test_their_clients_will_not_buy_it_carries_the_refusal_to_pay(scenario_at):
    """'…your clients will not buy it, and even if they buy you almost don't win nothing' carries her customers'
    refusal and her vanishing margin, in words of the learner's own."""
    from coachkit.keypoints import key_points
    found, missing = key_points("at this price your clients will not buy it, and even if they buy you almost don't "
                                "win nothing", scenario_at["ret-margin-too-thin"])
    assert {"her customers won't pay the shelf price", "her margin would vanish"} <= {f.idea for f in found}


def test_if_you_say_no_it_is_also_ok_leaves_them_free():
    """'May I tell you how I see the topic from our side? If you say no, it is also ok.' is courtesy, not the view."""
    result = shares(permission_request("May I tell you how I see the topic from our side? If you say no, it is also "
                                       "ok."))
    assert result["View held back"] == 1 and result["A real question"] == 1


def test_losing_their_trust_and_being_at_the_limit_name_what_is_underneath(scenario_at):
    """'…you're worried about losing their trust on price' and '…your team is already at the limit' say a stake their
    objection did not."""
    trust = shares(reformulation("So at six euros a bottle you feel your customers just won't go there, and you're "
                                 "worried about losing their trust on price. Have I got that right?",
                                 scenario_at["ret-margin-too-thin"]))
    limit = shares(reformulation("So after the 12 % budget cut a new system is for you in this moment one more burden, "
                                 "your team is already at the limit. Did I understand right?",
                                 scenario_at["hc-cuts-and-departures"]))
    assert trust["Better than they did"] == 1 and limit["Better than they did"] == 1


def test_offering_a_shorter_contract_as_a_question_advises(scenario_at):
    """'Would a shorter contract that ends before the new lot come in make it easier?' proposes the seller's option:
    no exploring, and it pushes."""
    result = shares(accept_and_explore("Completely get that, elections make everything a bit frozen. Would a shorter "
                                       "contract that ends before the new lot come in make it easier?",
                                       scenario_at["pub-election-freeze"]))
    assert result["Explore"] == 0 and result["No push-back"] == 0


def test_waiting_your_kind_reply_chases():
    """'Waiting your kind reply.' asks for an answer."""
    assert shares(followup_message("Dear Chloé, we won the supplier of the year award! Waiting your kind reply.",
                                   "The Friday queue is the problem."))["No chasing"] == 0


def test_thats_why_in_our_case_turns_the_summary_into_a_pitch(scenario_at):
    """'…And you feel all vendors say the same in the demo. That's why in our case we put the timeline in the
    contract, right?' answers their worry with the offer."""
    result = shares(reformulation("The last vendor promised 6 weeks and it took 9 months. And you feel all vendors say "
                                  "the same in the demo. That's why in our case we put the timeline in the contract, "
                                  "right?", scenario_at["sw-burned-by-implementation"]))
    assert result["No push-back"] == 0


def test_naming_the_counter_frame_in_the_request_hints_at_the_view():
    """'Could I share how I see the 8 percent, from the total cost side?' already names the seller's angle: half View
    held back."""
    assert shares(permission_request("Could I share how I see the 8 percent, from the total cost side?"))[
        "View held back"] == 0.5


def test_asking_what_they_would_improve_with_their_supplier_probes_the_weak_spot(scenario_at):
    """'Is there anything at all you would want to improve with your current supplier?' explores for the seller: half."""
    result = shares(accept_and_explore("Twelve years is a long relationship Sir, I respect that. Is there anything at "
                                       "all you would want to improve with your current supplier?",
                                       scenario_at["mfg-supplier-locked"]))
    assert result["Explore"] == 0.5


def test_i_think_pilot_is_good_idea_advises():
    """'…I think pilot is good idea.' and '…I think you will be happy if you move to spring' are the seller's advice."""
    assert shares(projection_vs_empathy("You probably want some proof before you commit whole company, but pilot also "
                                        "eats time of your people. I think pilot is good idea."))["No projection"] == 0
    assert shares(projection_vs_empathy("In my experience spring is always the best time for launch, I think you will "
                                        "be happy if you move to spring :)"))["No projection"] == 0


def test_happy_to_sign_quickly_in_their_voice_is_the_sellers_decision():
    """'If I were the client I would also be happy to sign quickly, because our offer is very good…' puts the
    seller's decision in the client's mouth."""
    result = shares(projection_vs_empathy("If I were the client I would also be happy to sign quickly, because our "
                                          "offer is very good and the details our team can sort out later."))
    assert result["No projection"] == 0 and result["Client's frame"] == 0


def test_a_special_promotion_answers_the_objection_with_the_offer(scenario_at):
    """'…We have special promotion this month: buy 10 cartons get 2 free…' is the offer before anything is explored."""
    result = shares(protocol_reply("Dear Madam, thank you for your time. I understand 6 euro is expensive for your "
                                   "customer. We have special promotion this month: buy 10 cartons get 2 free, so your "
                                   "margin will be better :) Can I send you the promotion detail?",
                                   scenario_at["ret-margin-too-thin"]))
    assert result["In order"] == 0


def test_please_allow_me_to_share_is_half_a_request():
    """'Please allow me to share one idea about the budget before you go' asks politely, as a statement: half Ask
    leave, like 'I'd like to share…'."""
    assert shares(permission_request("Noted Sir. Please allow me to share one idea about the budget before you go"))[
        "Ask leave"] == 0.5


def test_what_do_you_think_about_the_offer_asks_for_a_verdict(opening_at):
    """'What do you think about online booking for your patients?' asks what they think of the offer."""
    result = shares(score_opening("Hello, very nice clinic! What do you think about online booking for your patients?",
                                  opening_at["op-physio-clinic"]))
    assert result["Open question"] == 0


def test_having_to_choose_between_is_their_dilemma_not_advice():
    """'You have limited budget and you must choose between software and training.' says the choice they are caught
    in: no projection."""
    result = shares(projection_vs_empathy("You have limited budget and you must choose between software and training. "
                                          "Maybe you are worried if you cut training your people cannot use the "
                                          "software well. It is a hard choice for you."))
    assert result["No projection"] == 1 and result["About them"] == 1


def test_help_offered_for_anything_beside_value_leans():
    """'We have checklist… - I will send you offer with it this week, please let me know if you have any questions':
    the checklist is value; the offer of help for anything is half No chasing."""
    result = shares(followup_message("Hello Amira, you said managers have no time to onboard anyone. We have checklist "
                                     "which manager can go through in 10 minutes per new hire - I will send you offer "
                                     "with it this week, please let me know if you have any questions about it.",
                                     "My managers have no time to onboard anyone."))
    assert result["New value"] == 1 and result["No chasing"] == 0.5
