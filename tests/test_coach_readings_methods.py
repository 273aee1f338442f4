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
