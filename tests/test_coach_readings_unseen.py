"""False praise on unseen writers, read in session 13: what a coach failed and the kit passed in blind sets 58 and 60
at their first sight (scored with the session's starting scorers)."""

from _coach import shares

from coachkit.empathy import score_client_frame
from coachkit.feedback import (
    accept_and_explore,
    followup_message,
    permission_request,
    projection_vs_empathy,
    reformulation,
)
from coachkit.score_opening import score_opening


def test_matching_their_best_number_is_a_concession(scenario_at):
    """'send me the best number anyone's given you and I'll match it': the price given away, not the worry heard."""
    result = shares(accept_and_explore("Fair call. Tell you what, send me the best number anyone's given you and I'll "
                                       "match it, no change requests.", scenario_at["ps-scope-creep"]))
    assert result["No push-back"] == 0


def test_most_of_my_clients_said_the_same_is_the_view(scenario_at):
    """'Most of my clients said the same and then found room…' after the request: the view, not waiting for a yes."""
    result = shares(permission_request("Can I be straight with you mate? Most of my clients said the same and then "
                                       "found room once they saw how fast it moved.", scenario_at["ret-shelves-full"]))
    assert result["View held back"] == 0


def test_asking_if_they_have_given_it_more_thought_chases():
    """'…whether he's given any more thought to the scanners' asks for the decision: a chase."""
    result = shares(followup_message("Reason to call: ask Tomás how hiring for October is going and whether he's "
                                     "given any more thought to the scanners.", "We're hiring for October."))
    assert result["No chasing"] == 0


def test_value_before_the_chase_still_counts():
    """'We could send Kwame a checklist…, and maybe ask if he's had any more thoughts': the checklist is new value;
    the chase after it costs No chasing only."""
    result = shares(followup_message("We could send Kwame a checklist of what inspectors usually ask to see for "
                                     "toolbox talk records, and maybe ask if he's had any more thoughts on the app?",
                                     "The inspector always asks for our toolbox talk records."))
    assert result["New value"] == 1
    assert result["No chasing"] < 1


def test_a_chase_that_takes_the_whole_clause_leaves_no_value():
    """'I know agency nurses cost a fortune, which is why I'm keen to move forward': nothing new before the chase."""
    result = shares(followup_message("Hi Maya, hope you are well! I know agency nurses cost a fortune, which is why "
                                     "I'm keen to move forward.", "Agency nurses cost us a fortune."))
    assert result["New value"] == 0


def test_their_own_but_given_back_is_not_a_rebuttal(scenario_at):
    """'So, nice pieces, but your shelves are full…' copies their 'but': parroting costs Restate, not No push-back or
    the check that follows it."""
    result = shares(reformulation("So, nice pieces, but your shelves are full and you don't have room for another "
                                  "brand. Right?", scenario_at["ret-shelves-full"]))
    assert result["No push-back"] == 1
    assert result["Restate"] == 0.5


def test_a_summary_with_the_pronouns_swapped_is_still_a_copy(scenario_at):
    """'So our dressings cost twice what you pay…' is the customer's sentence with 'your' and 'we' swapped."""
    result = shares(reformulation("So our dressings cost twice what you pay for the generic ones and finance will "
                                  "never accept that, right?", scenario_at["hc-dressings-twice-price"]))
    assert result["Restate"] == 0.5


def test_one_phrase_of_theirs_inside_own_words_is_not_parroting(scenario_at):
    """'…nurses are leaving faster than you can hire…' inside a summary in the seller's own words restates."""
    result = shares(reformulation("ok so you've lost 12% of your budget, nurses are leaving faster than you can hire, "
                                  "and a new system right now just isnt on the cards. did i get that right?",
                                  scenario_at["hc-cuts-and-departures"]))
    assert result["Restate"] == 1


def test_they_must_have_looked_after_you_guesses_it_does_not_advise(scenario_at):
    """'they must have looked after you pretty well' respects the loyalty: no advice, nothing pushed back."""
    result = shares(accept_and_explore("Twelve years is a long run with anyone, they must have looked after you pretty "
                                       "well. What's kept you with them all that time?",
                                       scenario_at["mfg-supplier-locked"]))
    assert result == {"Accept": 1, "Explore": 1, "No push-back": 1}


def test_anyway_opening_a_question_is_not_a_turn_against_them(opening_at):
    """'Anyway, how are you finding it so far?' asks about them; 'anyway' only closes the seller's aside."""
    result = shares(score_opening("Mate, good to meet you. Anyway, how are you finding it so far?",
                                  opening_at["op-furniture-logistics"]))
    assert result["Open question"] == 1


def test_the_open_question_after_a_warm_up_count(opening_at):
    """'how long have you had the clinic? whats the part of running it that eats most of your day': the second opens."""
    result = shares(score_opening("how long have you had the clinic? whats the part of running it that eats most of "
                                  "your day", opening_at["op-physio-clinic"]))
    assert result["Open question"] == 1


def test_an_item_about_the_clients_own_situation_is_in_their_frame(client_frame_at):
    """'He has two restaurants to run and no time to learn a system' is Luca's, from the card: not any client's."""
    result = score_client_frame(["He fears losing the deals he has with his suppliers",
                                 "He has two restaurants to run and no time to learn a system"],
                                client_frame_at["cf-restaurant-owner"])
    assert [c.credit for c in result.checks if c.name.startswith("Item ")] == [1, 1]


def test_a_chase_set_aside_does_not_chase():
    """'rather than resending the brochure: here is a short note on how itemised invoices cut client queries' gives."""
    result = shares(followup_message("Helen, rather than resending the brochure: here is a short note on how itemised "
                                     "invoices cut down client queries.", "Clients keep querying our invoices."))
    assert result["No chasing"] == 1
    assert result["New value"] > 0


def test_a_need_said_beside_our_name_is_still_theirs(scenario_at):
    """'…you don't want to be the one…' is their need, though the summary says 'we're not on their list'."""
    result = shares(reformulation("So if I understand, all your purchasing goes through the GPO, and since we're not on "
                                  "their list you simply have no way to order from us, and you don't want to be the one "
                                  "who goes around the rules. Did I get that right?", scenario_at["hc-purchasing-group"]))
    assert result["Better than they did"] == 1


def test_a_guess_at_what_lies_under_it_is_better_than_they_did(scenario_at):
    """'which I'm guessing was pretty painful for you' goes past their words: the seller's guess at their state."""
    result = shares(reformulation("so patient data going outside is a no because of last year's audit, which I'm "
                                  "guessing was pretty painful for you and your whole team. have i got that right?",
                                  scenario_at["hc-data-after-audit"]))
    assert result["Better than they did"] == 1


def test_a_key_point_in_a_learners_words_is_carried(scenario_at):
    """'got a document instead of change' carries 'nothing changed' (a synonym learners wrote, now in the scenario)."""
    result = shares(reformulation("What I'm hearing: you paid for advice last time and got a document instead of "
                                  "change. Did I get that right?", scenario_at["ps-report-in-a-drawer"]))
    assert result["Key points"] == 1


def test_after_a_pitch_a_question_about_their_world_still_opens(opening_at):
    """'…our system cuts bills by 20%. What are your main challenges this season?' costs No pitch, not the question."""
    result = shares(score_opening("Thanks for your time. Our system cuts hotel energy bills by 20%. What are your main "
                                  "challenges this season?", opening_at["op-city-hotel"]))
    assert result["Open question"] == 1
    assert result["No pitch"] < 1


def test_after_a_pitch_a_question_about_their_spend_qualifies(opening_at):
    """'…our system cuts bills by 20%. What's your current monthly spend on energy?' qualifies them for the offer."""
    result = shares(score_opening("Thanks for your time. Our system cuts hotel energy bills by 20%. What's your "
                                  "current monthly spend on energy?", opening_at["op-city-hotel"]))
    assert result["Open question"] == 0.5


def test_correcting_their_figure_pushes_back(scenario_at):
    """'Just to be exact: … it is 7,6 percent, not eight percent.' corrects the customer: a rebuttal, not acceptance
    (blind set 62's first sight)."""
    result = shares(accept_and_explore("Just to be exact: with the price you told me last week it is 7,6 percent, not "
                                       "eight percent. What volume do you order per year?", scenario_at["mfg-unit-price"]))
    assert result["No push-back"] == 0 and result["Accept"] == 0


def test_booking_a_call_pushes_back(scenario_at):
    """'can I just grab 5 mins tmrw…, what time suits?' and 'shall I pop you down for a call' push for the next step."""
    for reply, item in (("no worries will do! can I just grab 5 mins tmrw to walk you thru it tho, what time suits?",
                         "sw-send-brochure"),
                        ("course, totally, no one wants to sign something the next lot might just bin. so shall I pop "
                         "you down for a call after the election", "pub-election-freeze")):
        assert shares(accept_and_explore(reply, scenario_at[item]))["No push-back"] == 0, reply


def test_a_summary_that_turns_into_the_counter_argument_pushes_back(scenario_at):
    """'…, but when you calculate it per seat it is cheaper than the other tools, right?' and '…, which is a shame
    because youd save loads of caseworker hours': the summary goes on into the counter-argument."""
    for reply, item in (("You find it too expensive for a team of 25 people and you can not justify the money, but "
                         "when you calculate it per seat it is cheaper than the other tools, right?", "sw-price-small-team"),
                        ("so the budget's set and theres nothing left this year, which is a shame because youd save "
                         "loads of caseworker hours with this. have I got that right?", "pub-budget-voted")):
        result = shares(reformulation(reply, scenario_at[item]))
        assert result["No push-back"] == 0 and result["Restate"] > 0, reply


def test_advice_with_the_customers_yes_foretold_is_about_the_offer():
    """'You should take it to the board, they'll love it' and '…, because reagent prices go up in January': the
    advice's reason is the seller's, so the sentence is about the offer (About them fails)."""
    for reply in ("You should take it to the board, they'll love it",
                  "If I were you I would lock the price now, because reagent prices go up in January."):
        assert shares(projection_vs_empathy(reply))["About them"] == 0, reply


def test_telling_them_they_overpay_rebuts(scenario_at):
    """'But you might be paying over the odds by now' speaks of them only to make the seller's case."""
    result = shares(accept_and_explore("I understand, 12 yrs is a long time. But you might be paying over the odds by "
                                       "now, what are you paying per unit at the moment?",
                                       scenario_at["mfg-supplier-locked"]))
    assert result["No push-back"] == 0


def test_a_wish_to_share_with_its_permission_tail_is_the_request(scenario_at):
    """'I would like to share my view on this, if this is okay for you.' asks (half a question); it says no view."""
    result = shares(permission_request("I understand the team knows the system and you don't want to rip it out. I would "
                                       "like to share my view on this, if this is okay for you.",
                                       scenario_at["sw-already-have-crm"]))
    assert result["View held back"] == 1 and result["A real question"] == 0.5


def test_leave_asked_and_answered_in_one_breath_is_no_question(scenario_at):
    """'can I just quickly say, we dont cut anything…' has no question to refuse: half of Ask leave, no real question."""
    result = shares(permission_request("can I just quickly say, we dont cut anything, all our coatings are certified to "
                                       "aerospace std", scenario_at["mfg-cheaper-means-cut"]))
    assert result["Ask leave"] == 0.5 and result["A real question"] == 0 and result["View held back"] == 0
