"""Tests of coachkit.keypoints: an idea of the customer's recognised in any wording."""

import pytest

from coachkit.keypoints import key_points


@pytest.mark.parametrize("summary, item, idea", [
    ("five years when automation moves this fast", "mfg-five-year-contract", "the technology moves fast"),
    ("tied in for five years when the tech is changing so fast", "mfg-five-year-contract", "the technology moves fast"),
])
def test_a_word_of_degree_inside_a_listed_phrase_still_carries_it(scenario_at, summary, item, idea):
    """'changing so fast' carries 'changing fast': a word of degree between two words of a phrase changes nothing."""
    found, _ = key_points(summary, scenario_at[item])
    assert idea in [p.idea for p in found]


def test_a_clipped_word_is_read_as_the_word_it_clips(scenario_at):
    """'the tech 2 hrs away' carries 'two hours' (and 'tech', technology): clipped words are the whole words."""
    found, _ = key_points("the tech 2 hrs away", scenario_at["mfg-five-year-contract"])
    assert {"support is too far away", "the technology moves fast"} <= {p.idea for p in found}


def test_a_word_of_degree_does_not_join_unrelated_words(scenario_at):
    """'changing, so fast food' is not a phrase with a degree word inside it: only one degree word, between two
    words of the same listed phrase, is skipped."""
    found, _ = key_points("the menu keeps changing and so on, fast food", scenario_at["mfg-five-year-contract"])
    assert "the technology moves fast" not in [p.idea for p in found]


@pytest.mark.parametrize("summary, item, idea", [
    ("the last lot wrote you 200 pages and walked out, and nothing moved", "ps-report-in-a-drawer", "nothing changed"),
    ("you can see the value yourself, but the partners won't pay for it", "ps-partners-will-laugh",
     "she likes it herself"),
    ("your own team could build something like this in-house", "ps-inhouse-team", "the team can do it themselves"),
    ("if we're not on their list your hands are tied", "hc-purchasing-group", "she can't order directly"),
    ("you cannot open it again just for one tool", "pub-budget-voted", "she can't reopen it"),
])
def test_ideas_said_in_the_ways_learners_say_them(scenario_at, summary, item, idea):
    """Each idea's listed words cover the ways blind learners said it ('your hands are tied', 'nothing moved')."""
    found, _ = key_points(summary, scenario_at[item])
    assert idea in [p.idea for p in found]
