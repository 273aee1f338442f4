"""coachkit.phrase_lists: the reading lexicon's lists, their patterns and the lookups readers share."""

import re
from pathlib import Path

import pytest
import yaml

from coachkit import phrase_lists
from coachkit.phrase_lists import find, lead_in, opens_with, pattern, words

ROOT = Path(__file__).resolve().parent.parent
SHAPES = ({"meaning", "phrases"}, {"meaning", "words"}, {"meaning", "subjects", "modals", "inner_states"},
          {"meaning", "subjects", "auxiliaries", "verbs"})


def _raw():
    return yaml.safe_load((ROOT / "coachkit" / "lexicons" / "reading.yaml").read_text(encoding="utf-8"))


def test_an_optional_word_may_be_left_out():
    """A word in round brackets matches with or without it, and nothing else changes."""
    wish = pattern(["i'd (really) love to hear"])
    assert wish.fullmatch("I'd love to hear") and wish.fullmatch("id really love to hear")
    assert not wish.fullmatch("I'd love hear") and not wish.fullmatch("I'd truly love to hear")


@pytest.mark.parametrize("phrase", ["(really) love to hear", "love to (hear)"])
def test_an_optional_word_cannot_open_or_close_a_phrase(phrase):
    """A phrase must start and end on a word it always has, or its word boundaries would mean nothing."""
    with pytest.raises(ValueError, match="optional word"):
        pattern([phrase])


def test_a_malformed_phrase_names_the_file_the_list_and_the_field(monkeypatch):
    """A phrase that cannot compile is reported with lexicons/reading.yaml, its list and 'phrases', not a bare error."""
    raw = {"shorthand": {"meaning": "m", "words": {}}, "broken_list": {"meaning": "m", "phrases": ["(champion"]}}
    monkeypatch.setattr(phrase_lists, "_lists", lambda: raw)
    phrase_lists.lexicon.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"lexicons/reading\.yaml, list 'broken_list', field 'phrases'"):
            phrase_lists.lexicon()
    finally:
        phrase_lists.lexicon.cache_clear()


def test_every_list_has_a_meaning_and_one_shape():
    """Each list says what it means and holds phrases, words, the subjects and modals of advice, or the subjects,
    auxiliaries and verbs of an act."""
    for name, spec in _raw().items():
        assert isinstance(spec.get("meaning"), str) and spec["meaning"].strip(), name
        assert set(spec) in SHAPES, name


def test_every_list_is_read_somewhere():
    """No list is dead data: each name is asked for by a module of the kit."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "coachkit").rglob("*.py"))
    unused = [name for name in _raw() if not re.search(rf"[\"']{name}[\"']", source)]
    assert unused == []


def test_lead_in_words_are_skipped_when_asking_how_a_sentence_opens():
    """"So", "and", "ok", "hi" open a sentence without being its start."""
    assert lead_in("So, and okay, what matters?") == len("So, and okay, ")
    assert opens_with("question_opener", "Hi! What's keeping you busy?") == "What's"
    assert opens_with("question_opener", "Our price: what a deal.") == ""


def test_words_lists_are_lower_case_sets():
    """A ``words`` list is read as a set of lower-case words."""
    assert "how" in words("invitation_topic") and "How" not in words("invitation_topic")


def test_the_third_person_advice_keeps_needs_apart():
    """"She needs to get a PM in" is advice; "she needs to feel the decision is hers" names a need."""
    assert find("third_person_advice", "She needs to get a PM in.")
    assert not find("third_person_advice", "She needs to feel the decision is hers.")


def test_an_apostrophe_that_makes_another_word_is_kept():
    """'we'll' may not lose its apostrophe ('well enough' is not the seller speaking); 'don't' still may ('dont')."""
    assert pattern(["we'll"]).fullmatch("we'll") and not pattern(["we'll"]).search("you know them well enough")
    assert not pattern(["we're"]).search("they were late") and pattern(["don't"]).fullmatch("dont")
    assert not find("seller_view", "you know your IT people well enough")


def test_curly_apostrophes_are_found_like_straight_ones():
    """A list finds "I’d love to hear" as it finds "I'd love to hear"."""
    phrase_lists.clear_caches()
    assert find("invitation_wish", "I’d really love to hear") and find("invitation_wish", "I'd really love to hear")


def test_an_act_is_a_subject_maybe_an_auxiliary_and_its_verb():
    """"We could easily offer them…" and "I'd pitch…" are the seller's acts; "I offered" and "they offer" are not."""
    assert find("seller_acts", "We could easily offer them a pilot")
    assert find("seller_acts", "I'd pitch the pilot") and find("seller_acts", "we propose a discount")
    assert not find("seller_acts", "I offered coffee") and not find("seller_acts", "they offer a pilot")
    assert not find("seller_acts", "hi offer them a pilot")  # the "i" of "hi" is not "I"


def test_an_order_about_the_client_is_not_what_they_should_be():
    """"She should sign" is an order; "when he should be in the kitchen" and "she needs to…" are not."""
    assert find("client_item_advice", "She should sign before the audit.")
    assert not find("client_item_advice", "Scared of a screen when he should be in the kitchen")
    assert not find("client_item_advice", "She needs to keep the firm running")


def test_chat_shorthand_is_read_in_every_list():
    """'tho', 'coz', 'thru' are 'though', 'because', 'through' wherever a list has them."""
    assert find("contrast", "fair enough tho we stick around") and find("contrast", "fair enough though we stick around")
    assert pattern(["because of the audit"], {"because": ["coz"]}).search("coz of the audit")


def test_straight_makes_curly_apostrophes_straight_and_keeps_plain_text():
    """'don’t' and 'don‘t' read as "don't"; a text with no curly apostrophe comes back as it is."""
    from coachkit.phrase_lists import straight

    assert straight("don’t ‘quote’ `tick`") == "don't 'quote' 'tick'"
    plain = "don't worry"
    assert straight(plain) is plain
