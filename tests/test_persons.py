"""Tests for coachkit.persons: the person words the scorers and the detector share."""

import yaml

from coachkit import persons
from coachkit.config import PACKAGE_DIR


def test_every_list_says_what_it_means():
    """Each list of lexicons/persons.yaml has a meaning and lower-case words, read by the pure-Python loader too."""
    raw = yaml.load((PACKAGE_DIR / "lexicons" / "persons.yaml").read_text(), Loader=yaml.SafeLoader)
    assert {"you", "they", "i", "we"} <= set(raw)
    for name, spec in raw.items():
        assert spec["meaning"].strip(), name
        assert spec["words"] and all(w == w.lower() for w in spec["words"]), name


def test_a_pattern_matches_whole_words_only():
    """"you" is found in "you're" and "your team", never inside "youth"; case does not matter."""
    you = persons.words("you")
    assert [m.group() for m in you.finditer("You're sure your youth team is ready?")] == ["You're", "your"]


def test_lists_join_and_the_longest_form_wins():
    """Joining lists keeps every word once, and "you're" is read whole rather than as "you"."""
    pattern = persons.words("you", "you_chat")
    assert pattern.search("ur team").group() == "ur"
    assert pattern.search("you're right").group() == "you're"
    assert persons.alternation("we", "we").count("ours") == 1


def test_the_seller_and_the_customer_are_told_apart():
    """"our price" speaks of the seller's company, "their board" of the customer's people; neither of the other."""
    assert persons.words("we").search("our price") and not persons.words("we").search("their board")
    assert persons.words("they").search("their board") and not persons.words("they").search("our price")
