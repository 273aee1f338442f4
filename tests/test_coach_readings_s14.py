"""Readings taken in session 14 from blind sets 64-69 and the open sets: each convention of
``shared/curriculum.md`` ("How a coach judges a check") the kit now follows, tested by name."""

from _coach import shares

from coachkit.empathy import score_client_frame
from coachkit.feedback import (
    accept_and_explore,
    followup_message,
    permission_request,
    projection_vs_empathy,
    reformulation,
)
from coachkit.score_protocol import protocol_reply


def test_what_the_seller_would_do_in_your_position_is_advice():
    """'In your position Madam, I would simply tell the finance director…': words between the seat and the 'I would'
    do not hide the decision made for the client."""
    result = shares(projection_vs_empathy("In your position Madam, I would simply tell the finance director that ROI is "
                                          "clearly there."))
    assert result["No projection"] == 0


def test_the_items_own_in_your_position_statement_is_projection():
    """The exercise's own 'In your position, I would tell the finance director…' fails No projection, not half."""
    result = shares(projection_vs_empathy("In your position, I would tell the finance director the numbers speak for "
                                          "themselves."))
    assert result["No projection"] == 0


def test_a_feeling_in_your_shoes_is_the_sellers_own_frame_not_advice():
    """'in your shoes I'd probably be nervous about…' puts the seller's feeling in their seat: half, not advice."""
    result = shares(projection_vs_empathy("in your shoes I'd probably be nervous about dropping the old supplier "
                                          "tomorrow to be honest"))
    assert result["No projection"] == 0.5


def test_wanting_something_of_their_people_from_their_seat_is_a_decision():
    """'In your position, facing the finance director, I'd want the numbers to do the talking': a wish about what
    others should do is the seller's plan; 'I'd want to know…' stays the seller's own feeling."""
    assert shares(projection_vs_empathy("In your position, facing the finance director, I'd want the numbers to do "
                                        "the talking."))["No projection"] == 0
    assert shares(projection_vs_empathy("In your position, I'd want to know nothing falls over during the "
                                        "move."))["No projection"] == 0.5


def test_asking_whether_they_have_taken_the_decision_chases():
    """'…and ask if she has taken decision' in a planner touch asks for the verdict: a chase."""
    result = shares(followup_message("Call Chloe to tell her we won supplier of the year award and ask if she has "
                                     "taken decision.", "The queue on Friday evenings is the problem."))
    assert result["No chasing"] == 0


def test_telling_them_their_figure_is_not_correct_pushes_back(scenario_at):
    """'Nearly double is not correct, it is 70% higher…' corrects the customer: no acceptance, push-back."""
    result = shares(accept_and_explore("Nearly double is not correct, it is 70% higher than the average day rate in "
                                       "your sector. What did the other consultants deliver for their rate?",
                                       scenario_at["ps-day-rate"]))
    assert result["No push-back"] == 0 and result["Accept"] == 0


def test_asking_when_to_call_back_explores_nothing(scenario_at):
    """'When will be the good time to call you back?' asks for a date, not into the objection."""
    result = shares(accept_and_explore("Totally understand ma'am, december is crazy time for you people. When will be "
                                       "the good time to call you back?", scenario_at["ret-after-christmas"]))
    assert result["Explore"] == 0


def test_calling_one_choice_rational_is_advice():
    """'…locking it now is simply the rational choice for you' and 'Better do it this year.' advise."""
    assert shares(projection_vs_empathy("Price goes up in Q3 with the steel index. So locking it now is simply the "
                                        "rational choice for you."))["No projection"] == 0
    assert shares(projection_vs_empathy("Your competitors are upgrading, so the risk is that you stay behind. Better do "
                                        "it this year."))["No projection"] == 0


def test_a_discount_for_confirming_this_week_ends_on_the_seller():
    """'My manager can give special discount if you confirm this week itself' is the seller's deadline: not about them."""
    result = shares(projection_vs_empathy("Budgets are tight for you this year, I understand. My manager can give "
                                          "special discount if you confirm this week itself."))
    assert result["About them"] == 0


def test_a_view_after_an_announcement_before_the_request_is_not_held_back(scenario_at):
    """'I will tell you one thing, per seat we are cheapest in market only. Shall I send…?': the view came first."""
    result = shares(permission_request("Sir I will tell you one thing, per seat we are cheapest in market only. Shall "
                                       "I send you comparison sheet?", scenario_at["sw-price-small-team"]))
    assert result["View held back"] == 0


def test_asking_to_send_material_is_a_step_of_the_sale(scenario_at):
    """'Can I send you something short in the meantime?' asks leave to send material, not to share a view: half."""
    result = shares(protocol_reply("Totally get it, December is mad. When would suit you in January? So it's really "
                                   "just the timing. Can I send you something short in the meantime?",
                                   scenario_at["ret-after-christmas"]))
    assert result["Ask permission"] == 0.5


def test_a_ritual_ask_with_the_view_right_after_is_half_a_request(scenario_at):
    """'May I say something? We install in one weekend…': a ritual ask said on the way to the view earns half Ask
    leave; a request naming what it asks leave for ('May I share how I see it?') keeps it whole."""
    ritual = shares(permission_request("May I say something? We install in one weekend, Saturday morning to Sunday "
                                       "night, so the line does not stop in the week.", scenario_at["mfg-downtime-risk"]))
    named = shares(permission_request("May I share how I see it? We install in one weekend, Saturday morning to "
                                      "Sunday night, so the line does not stop in the week.", scenario_at["mfg-downtime-risk"]))
    assert ritual["Ask leave"] == 0.5 and named["Ask leave"] == 1
    assert ritual["View held back"] == named["View held back"] == 0


def test_indian_english_progressive_acknowledges(scenario_at):
    """'Sir I am totally understanding, … every rupee has to be justified' accepts the objection; it is not argued."""
    result = shares(accept_and_explore("Sir I am totally understanding, for a 25 member team every rupee has to be "
                                       "justified and this is not small amount. Kindly tell me, when you are saying "
                                       "expensive, what are you comparing it against?",
                                       scenario_at["sw-price-small-team"]))
    assert result["Accept"] == 1 and result["No push-back"] == 1


def test_the_last_thing_you_want_names_the_need(scenario_at):
    """'…and the last thing you want is your team losing selling time…' says the stake underneath."""
    result = shares(reformulation("If I am getting you right sir, you already have a CRM, it has its flaws but your 80 "
                                  "reps know it well, and the last thing you want is your team losing selling time "
                                  "relearning a new system. Is that a fair summary?",
                                  scenario_at["sw-already-have-crm"]))
    assert result["Better than they did"] == 1


def test_you_had_said_recalls_their_words_and_does_not_chase():
    """'you had said you can't sign anything that needs money upfront' is the tie of the message, not a chase."""
    result = shares(followup_message("2025-10-02, email: Hi Priya, you had said you can't sign anything that needs "
                                     "money upfront. I checked with our finance partner and we can do the LED and "
                                     "fridge doors on a pay-from-savings model, zero upfront and a monthly fee lower "
                                     "than the saving. Sharing a one page example with numbers for one store.",
                                     "We can't sign anything that needs money up front."))
    assert result["No chasing"] == 1


def test_an_order_deadline_set_by_the_seller_chases():
    """'We can still deliver in time if you order before 15 May.' sets a date for their answer: a chase."""
    result = shares(followup_message("Hi Sofia, end of June comes close and grant money is lost if not spent. We can "
                                     "still deliver in time if you order before 15 May.",
                                     "The grant must be spent by the end of June."))
    assert result["No chasing"] == 0


def test_a_step_sold_as_relief_is_soft_advice():
    """'so pushing go live back a month could take some pressure off' sells the seller's plan as relief: half."""
    result = shares(projection_vs_empathy("sounds like ur team is stretched, so pushing go live back a month could "
                                          "take some pressure off"))
    assert result["No projection"] == 0.5


def test_the_sales_process_is_not_new_value():
    """'Proposed agenda: 1. Your feedback 2. Commercial alignment 3. Mutual action plan to signature.' brings nothing."""
    result = shares(followup_message("Oct 1, call: Hi Priya, following up on my previous emails as your budget window "
                                     "opens today. Proposed agenda: 1. Your feedback 2. Commercial alignment 3. Mutual "
                                     "action plan to signature.", "We can't sign anything that needs money up front."))
    assert result["New value"] == 0


def test_which_is_where_we_add_value_turns_agreement_into_a_pitch(scenario_at):
    """'The real issue, in my experience, is governance…, and that's exactly where our framework has kept…' argues."""
    result = shares(accept_and_explore("Totally hear you, no one wants to be tomorrow's headline. The real issue, in my "
                                       "experience, is governance rather than technology, and that's exactly where our "
                                       "delivery framework has kept forty-plus councils out of the press. What worries "
                                       "you most?", scenario_at["pub-front-page-risk"]))
    assert result["No push-back"] == 0


def test_the_counter_argument_supposed_in_a_question_argues(scenario_at):
    """'but what if this one actually replaced two of them?' asks the exercise's own counter-argument: In order fails."""
    result = shares(protocol_reply("totally get it, 3 tools in 18 months is a lot!! but what if this one actually "
                                   "replaced two of them? so ur team is tired of change, right? can i show u how it "
                                   "would work?", scenario_at["sw-change-fatigue"]))
    assert result["In order"] == 0


def test_a_request_after_a_leading_time_clause_still_asks_leave(scenario_at):
    """'before i send it over, would it be ok if i shared one quick thought…?' asks leave; the clause before it waits."""
    result = shares(permission_request("totally get ur slammed. before i send it over, would it be ok if i shared one "
                                       "quick thought on what might be worth looking at in it?",
                                       scenario_at["sw-send-brochure"]))
    assert result["Ask leave"] == 1 and result["View held back"] == 1


def test_a_request_that_goes_on_to_say_its_claim_is_half_a_question(scenario_at):
    """'can I just quickly tell you that we are ISO 27001 certified…?' asks and answers in one breath."""
    result = shares(permission_request("Ma'am before you decide not to try, can I just quickly tell you that we are ISO "
                                       "27001 certified and data is encrypted end to end?",
                                       scenario_at["sw-security-review"]))
    assert result["Ask leave"] == 0.5 and result["A real question"] == 0.5


def test_naming_what_we_do_differently_hints_at_the_view(scenario_at):
    """'can i tell u what we do differently?' already claims the difference: half of holding the view back."""
    result = shares(permission_request("can i tell u what we do differently? 👀", scenario_at["ps-report-in-a-drawer"]))
    assert result["View held back"] == 0.5


def test_others_who_wont_go_for_it_is_not_advice(scenario_at):
    """'so u like it but the partners wont go for it…' describes the partners; 'go for it' there advises no one."""
    result = shares(reformulation("so u like it but the partners wont go for it bc they see it as soft skills. right?",
                                  scenario_at["ps-partners-will-laugh"]))
    assert result["No push-back"] == 1 and result["Check"] == 1


def test_their_own_but_with_a_word_of_theirs_about_doing_better_is_not_a_claim(scenario_at):
    """'…but listing them isn't your call… when you know your own shoppers better than anyone': 'better' is theirs."""
    result = shares(reformulation("So you genuinely like the beers, but listing them isn't your call, it's head office "
                                  "that decides the range — and I imagine that's frustrating when you know your own "
                                  "shoppers better than anyone at head office does.",
                                  scenario_at["ret-head-office-decides"]))
    assert result["No push-back"] == 1 and result["Key points"] == 1


def test_on_top_of_everything_they_carry_is_a_stake_not_a_superlative(scenario_at):
    """'…on top of everything they already carry, and with patients depending on them…' says what is at stake."""
    result = shares(reformulation("If I'm hearing you correctly, your nurses have the current pumps down to muscle "
                                  "memory, and moving to a new platform would mean putting four hundred people back "
                                  "through training, on top of everything they already carry. Have I captured that "
                                  "fairly?", scenario_at["hc-retrain-nurses"]))
    assert result["Better than they did"] == 1


def test_what_the_seller_imagines_they_face_takes_their_side():
    """'…and I imagine you're torn between protecting the software spend and not leaving your team…' says what they
    face: the seller's 'I imagine' opens it, it does not replace it."""
    result = shares(projection_vs_empathy("Every line of the budget matters to you right now, and I imagine you're torn "
                                          "between protecting the software spend and not leaving your team to figure "
                                          "the new system out on their own."))
    assert result["Client's frame"] == 1


def test_the_clients_own_i_know_in_their_voice_is_not_the_sellers():
    """'If I were this client, … people I know…': the 'I know' is the client's, inside the frame the seller took."""
    result = shares(projection_vs_empathy("If I were this client, with years of history with the old supplier, I'd be "
                                          "weighing loyalty to people I know against the pressure to get better terms."))
    assert result["Client's frame"] == 1


def test_a_deal_plan_is_not_the_clients_frame():
    """'Amira is the key decision-maker and our champion / … into a demo / Next step: exec sponsor call': the sale's
    plan, item by item, is about the seller."""
    from coachkit.content import load_client_frames

    frame = next(f for f in load_client_frames() if "Amira" in f.client)
    result = score_client_frame("Amira is the key decision-maker and our champion\nPartners split: need to get the two "
                                "sceptics into a demo\nNext step: exec sponsor call with senior partner", frame)
    assert [c.credit for c in result.checks if c.name.startswith("Item ")] == [0, 0, 0]


def test_you_need_to_know_what_names_their_need_not_advice():
    """'You need to know what you win and what you lose before you decide anything.' is their need, not an order."""
    result = shares(projection_vs_empathy("Moving the launch is not a small thing for you: you promised a date to people "
                                          "and the team already works towards it. You need to know what you win and "
                                          "what you lose before you decide anything."))
    assert result["No projection"] == 1 and result["About them"] == 1


def test_polite_reminders_of_unanswered_emails_chase():
    """'I have sent two emails… Please kindly reply when you have time.' is the guilt chaser, politely said."""
    result = shares(followup_message("Dear Priya, I am very sorry to trouble you. I have sent two emails but I "
                                     "understand you are very busy. Please kindly reply when you have time.",
                                     "We can't sign anything that needs money up front."))
    assert result["No chasing"] == 0


def test_asking_if_she_read_the_proposal_chases():
    """'Call Maya to ask if she read the proposal…' asks for the verdict: a chase, and nothing new."""
    result = shares(followup_message("Call Maya to ask if she read the proposal and if there is question about agency "
                                     "nurse cost.", "Agency nurses cost us a fortune."))
    assert result["No chasing"] == 0 and result["New value"] == 0


def test_i_think_it_would_really_help_you_is_advice():
    """'I think a project manager would really help you.' recommends: the original advice, said softly."""
    result = shares(projection_vs_empathy("You're probably stretched already managing your team, and a project like this "
                                          "comes on top of everything. I think a project manager would really help you."))
    assert result["No projection"] == 0


def test_how_about_a_trial_is_advice_dressed_as_a_question():
    """'How about a one week trial?' is the card's 'why don't you' said again."""
    result = shares(projection_vs_empathy("Your team is already busy and you're not sure they will find time to learn a "
                                          "new tool. How about a one week trial?"))
    assert result["No projection"] == 0


def test_ending_on_what_we_can_prepare_for_them_is_about_the_seller():
    """'…Maybe you need material that board can understand easily, we can prepare it for you.' ends on the seller."""
    result = shares(projection_vs_empathy("You may feel the decision is heavy to carry alone, and the board opinion is "
                                          "important for you. Maybe you need material that board can understand easily, "
                                          "we can prepare it for you."))
    assert result["About them"] == 0


def test_allow_me_to_show_you_announces_and_the_view_follows(scenario_at):
    """'allow me to show you the numbers, you will see the margin is better…': an announcement that says the view."""
    result = shares(permission_request("Madam I beg, allow me to show you the numbers, you will see the margin is "
                                       "better than on the juices you have now.", scenario_at["ret-margin-too-thin"]))
    assert result["View held back"] == 0


def test_a_worry_of_theirs_in_words_of_its_own_goes_past_their_objection(scenario_at):
    """'…You dont want to promise me something that is not in your hands to deliver.' adds what they did not say."""
    result = shares(reformulation("So you liked the beers yourself, but what goes on the shelf is decided at head "
                                  "office, not by you as the store manager. You dont want to promise me something that "
                                  "is not in your hands to deliver.", scenario_at["ret-head-office-decides"]))
    assert result["Better than they did"] == 1


def test_a_courtesy_after_the_request_is_not_the_view(scenario_at):
    """'…may I share a different way of looking at it? If now is not a good time, no wahala at all.' leaves them free."""
    result = shares(permission_request("Before you decide, may I share a different way of looking at it? If now is not "
                                       "a good time, no wahala at all.", scenario_at["ret-head-office-decides"]))
    assert result["View held back"] == 1 and result["A real question"] == 1


def test_i_respect_the_rules_acknowledges(scenario_at):
    """'I respect the tender rules, Sir.' before the request accepts; it says no view."""
    result = shares(permission_request("I respect the tender rules, Sir. Would it be okay if I told you how I see it?",
                                       scenario_at["pub-procurement-rules"]))
    assert result["View held back"] == 1
