"""coachkit.run_on and unpunctuated replies: a question a sentence runs on into is read as a sentence of its own, and a
chat or dictated line asks without its question mark."""

import pytest
from _coach import shares

from coachkit.empathy import score_client_frame
from coachkit.feedback import accept_and_explore, permission_request, projection_vs_empathy, reformulation
from coachkit.reading import read
from coachkit.score_opening import score_opening


def texts(reply):
    return [s.text for s in read(reply).sentences]


@pytest.mark.parametrize("reply, head, question", [
    ("I hear you, what is worrying you most?", "I hear you", "what is worrying you most?"),
    ("I understand, but what worries you most?", "I understand", "what worries you most?"),
    ("I hear you its a big number for a team your size what would make it feel justifiable for you?",
     "I hear you its a big number for a team your size", "what would make it feel justifiable for you?"),
    ("that is a fair point theatre is the last place to try something new um what would you need to see first",
     "that is a fair point theatre is the last place to try something new", "what would you need to see first"),
])
def test_an_acceptance_run_into_a_question_is_two_sentences(reply, head, question):
    """The acceptance and the question it runs into are read apart, spoken fillers between them dropped."""
    assert texts(reply) == [head, question]


@pytest.mark.parametrize("reply", [
    "I know what you mean, it is hard.",
    "Can I ask, what is selling slowest?",
    "have you thought about using what's left on the training line",
    "ngl a pilot feels like extra work, which is why most clients skip it",
    "It's a lot to ask of your team, so what if they just tried it for a week?",
    "let me show you how it works",
])
def test_a_question_word_inside_a_clause_starts_nothing(reply):
    """'I know what…', leave to ask, a yes/no question, a relative 'which', a proposal and 'show you how' stay whole."""
    assert texts(reply) == [reply]


def test_the_question_keeps_the_move_the_detector_heard(scenario_at):
    """'I hear you, what is worrying you most?' accepts and explores: the acceptance is no longer lost in a question."""
    result = shares(accept_and_explore("I hear you, what is worrying you most?", scenario_at["sw-price-small-team"]))
    assert result["Accept"] == 1 and result["Explore"] == 1


def test_an_unpunctuated_question_line_explores(scenario_at):
    """A chat line that opens with 'how' and has no '?' is still an open question."""
    result = shares(accept_and_explore("yeah i hear you, double is a big jump\nhow did you land on what a fair day rate "
                                       "looks like for something like this", scenario_at["ps-day-rate"]))
    assert result["Explore"] == 1


def test_a_check_a_few_words_before_the_end_still_checks(scenario_at):
    """'…have I understood that properly' ends a dictated summary: it hands the summary back."""
    result = shares(reformulation("so if I've got this right your nurses know the pumps inside out and switching means "
                                  "retraining four hundred of them on a busy ward have I understood that properly",
                                  scenario_at["hc-retrain-nurses"]))
    assert result["Check"] == 1


def test_a_chat_tag_without_its_question_mark_is_heard(scenario_at):
    """'…cos orders have to go out - right' hands the summary back as a tag, '?' or not."""
    result = shares(reformulation("so stopping the line for days just isnt an option for you cos orders have to go out "
                                  "- right", scenario_at["mfg-downtime-risk"]))
    assert result["Check"] > 0
    assert [s.question for s in read("If I follow you, the budget is closed. Right.").sentences][-1] == ""


def test_a_spoken_um_before_the_question_opens_it(opening_at):
    """'…um so how's the farm going?' opens the conversation as 'How's the farm going?' does."""
    result = shares(score_opening("hi, thanks for meeting me, um so how's the farm going?", opening_at["op-arable-farm"]))
    assert result["Open question"] == 1


def test_an_invitation_after_but_first_is_the_question(opening_at):
    """'we do route planning and I think it could help you, but first tell me what your deliveries look like' pitches,
    then invites them to talk: the invitation is read apart from the pitch (an open question about their world; the
    pitch costs Client before offer and No pitch)."""
    result = shares(score_opening("hi so I'll be quick we do route planning software and I think it could really help "
                                  "you, but first tell me what your deliveries look like at the moment",
                                  opening_at["op-furniture-logistics"]))
    assert result["Open question"] == 1 and result["No pitch"] == 0 and result["Client before offer"] == 0


def test_an_unpunctuated_yes_no_question_asks(scenario_at):
    """'would you be ok if i shared how i look at the cost side of it' asks leave without its '?'."""
    result = shares(permission_request("would you be ok if i shared how i look at the cost side of it",
                                       scenario_at["sw-price-small-team"]))
    assert result["Ask leave"] == 1 and result["A real question"] == 1


def test_have_you_thought_about_without_a_question_mark_is_advice():
    """'have you thought about letting the team try it for a week' hands over the seller's plan, '?' or not."""
    assert shares(projection_vs_empathy("have you thought about letting the team try it for a week"))["No projection"] == 0


def test_a_loaded_request_that_is_also_advice_says_the_view(scenario_at):
    """'can I just say … our fasteners are cheaper … so it might be worth a look' gives the view, asked or not."""
    result = shares(permission_request("can I just say twelve years is amazing loyalty and our fasteners are cheaper "
                                       "with faster delivery so it might be worth a look",
                                       scenario_at["mfg-supplier-locked"]))
    assert result["View held back"] == 0


def test_dictated_new_lines_separate_client_frame_items(client_frame_at):
    """'…going wrong new line mostly temps…' said to a phone gives two items, as two typed lines do."""
    frame = client_frame_at["cf-warehouse-operations"]
    dictated = score_client_frame("he fears anything going wrong in peak new line he needs something temps learn in a "
                                  "day", frame)
    typed = score_client_frame("he fears anything going wrong in peak\nhe needs something temps learn in a day", frame)
    assert [c.name for c in dictated.checks] == [c.name for c in typed.checks]
