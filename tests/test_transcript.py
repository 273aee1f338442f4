"""Tests for coachkit.transcript: only what the customer would hear is judged."""

from _coach import shares

from coachkit.feedback import accept_and_explore
from coachkit.transcript import spoken, undictated


def test_the_customers_lines_and_the_learners_labels_are_dropped():
    """'Me: … / Client: … / Me: …' keeps the learner's two lines, without 'Me:'."""
    script = "Me: Four hundred people is a lot.\nClient: (explains)\nMe: What would a switch look like for you?"
    assert spoken(script) == "Four hundred people is a lot.\nWhat would a switch look like for you?"


def test_trainer_notes_are_dropped_and_content_in_brackets_is_kept():
    """'(I'd pause here)' and '[not sure about this one]' are notes; '(about 20% less)' is part of what is said."""
    assert spoken("That sounds hard. (I'd pause here and let him talk) What happened?") == "That sounds hard. What " \
                                                                                            "happened?"
    assert spoken("Hi. [not sure about this one] What matters most?") == "Hi. What matters most?"
    assert spoken("Our price (about 20% less) is fixed.") == "Our price (about 20% less) is fixed."


def test_a_note_of_what_would_be_said_is_judged_as_said():
    """'[I'd mention we work with 50+ charities]' is what the customer would hear."""
    assert "we work with 50+ charities" in spoken("Great to meet you. [I'd mention we work with 50+ charities] What "
                                                  "matters most this year?")


def test_an_answer_without_script_or_notes_is_unchanged():
    """Plain answers, 'Option A: …' and an answer made only of notes come back as they were."""
    for text in ("plain answer.", "Option A: fine. Option B: not fine.", "[no idea]", "Client: We only buy direct."):
        assert spoken(text) == text


def test_a_scripted_reply_is_scored_on_the_learners_lines(scenario_at):
    """The stage direction before the question no longer hides that it explores."""
    result = accept_and_explore("That sounds really frustrating, paying for two hundred pages and then watching nothing "
                                "change. (I'd pause here and let him talk) What were you hoping would change back then?",
                                scenario_at["ps-report-in-a-drawer"])
    assert shares(result)["Explore"] == 1


def test_dictated_punctuation_is_read_as_marks():
    """'comma', 'question mark', 'full stop' and 'new line' said to a phone's dictation become the marks."""
    assert undictated("fair enough comma what happened question mark") == "fair enough, what happened?"
    assert undictated("we dont discount full stop what matters to you question mark") == ("we dont discount. what "
                                                                                          "matters to you?")
    assert undictated("is that right question mark new line may I share") == "is that right?\nmay I share"


def test_words_that_only_contain_a_dictated_mark_stay():
    """'commas', 'full stops' and an answer without dictation come back as they were."""
    for text in ("Use commas in the list.", "no dictation here ", "Full stops matter."):
        assert undictated(text) == text


def test_a_dictated_reply_is_scored_as_the_punctuated_one(scenario_at):
    """A question dictated with 'question mark' explores as the typed question does."""
    typed = accept_and_explore("That sounds tough, losing two agents. What has it been like for the team?",
                               scenario_at["sw-change-fatigue"])
    dictated = accept_and_explore("that sounds tough comma losing two agents full stop what has it been like for the "
                                  "team question mark", scenario_at["sw-change-fatigue"])
    assert shares(dictated) == shares(typed)


def test_a_new_line_of_products_is_not_a_line_break():
    """'…how other shops tested a new line?' names a product line, not a break said to dictation."""
    text = "can i share how a couple of other small shops tested a new line?"
    assert undictated(text) == text
