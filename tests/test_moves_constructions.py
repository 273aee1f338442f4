"""The constructions of the move detector's lexicon: the words its rules look for are data, each with its meaning."""

import re
from pathlib import Path

import pytest
import yaml

from coachkit import _moves_rules as rules
from coachkit.moves import Move, detect_moves

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = re.compile(r"\{([a-z_]+)\}")


def _raw() -> dict:
    return yaml.safe_load((ROOT / "coachkit" / "lexicons" / "moves.yaml").read_text(encoding="utf-8"))


def _texts(spec) -> list:
    return spec if isinstance(spec, list) else [spec]


def test_every_construction_says_what_it_means_and_compiles():
    """Each construction has a meaning in words, and a pattern (one string, or its pieces) that compiles."""
    section = _raw()["constructions"]
    assert len(section) > 40
    compiled = rules.constructions()
    for name, spec in section.items():
        assert set(spec) == {"meaning", "pattern"}, name
        assert isinstance(spec["meaning"], str) and len(spec["meaning"].split()) >= 5, name
        assert all(isinstance(p, str) and p for p in _texts(spec["pattern"])), name
        assert compiled[name].flags == re.compile("", rules.FLAGS).flags, name


def test_every_construction_is_used():
    """No construction is dead data: each is asked for by name in the kit's code, or is a piece of another."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "coachkit").rglob("*.py"))
    section = _raw()["constructions"]
    pieces = {ref for spec in section.values() for p in _texts(spec["pattern"]) for ref in REFERENCE.findall(p)}
    unused = [name for name in section
              if name not in pieces and not re.search(rf"construction\(\s*[\"']{name}[\"']\s*\)", source)]
    assert unused == []
    assert pieces <= set(section)  # every {name} is a construction


def test_pieces_are_joined_as_they_are_written():
    """A pattern given in pieces is the pieces joined with nothing between, and a {name} is the named pattern,
    verbatim; a counted repeat like {0,3} stays a repeat."""
    section = _raw()["constructions"]
    filler = "".join(_texts(section["question_filler"]["pattern"]))
    open_question = rules.construction("open_question").pattern
    assert open_question == "".join(_texts(section["open_question"]["pattern"])).replace("{question_filler}", filler)
    assert "{0,3}" in rules.construction("your_state").pattern
    for name, pattern in rules.constructions().items():
        # words are parted by \s, never by a space or a line break a folded YAML line would add
        assert not re.search(r"[ \n]", pattern.pattern), name
        assert not REFERENCE.search(pattern.pattern), name


def test_a_construction_that_names_itself_is_refused(monkeypatch):
    """A loop of {name} references is an error, not a hang."""
    raw = {"constructions": {"a": {"meaning": "m", "pattern": "x{b}"}, "b": {"meaning": "m", "pattern": ["y", "{a}"]}}}
    try:
        with monkeypatch.context() as patched:
            patched.setattr(rules, "_raw", lambda: raw)
            rules.constructions.cache_clear()
            rules._constructions.cache_clear()
            with pytest.raises(ValueError, match="refers to itself"):
                rules.constructions()
            raw["constructions"]["b"]["pattern"] = ["y", "{0,2}z"]
            assert rules.construction("a").pattern == "xy{0,2}z"
    finally:
        rules.constructions.cache_clear()
        rules._constructions.cache_clear()
    assert rules.construction("negation").search("not ")  # the real lexicon again


def test_words_are_words_and_kept_as_written_where_asked():
    """Every listed word is a string (an unquoted 'on' or 'no' would be read by YAML as true or false); a list marked
    as_written keeps its words, the others their stems."""
    lists = _raw()["word_lists"]
    for name, spec in lists.items():
        assert all(isinstance(w, str) and w == w.lower() for w in spec["words"]), name
    assert "on" in rules.words("you_states") and "services" in rules.words("not_claim_verbs")
    assert "halv" in rules.words("claim_verbs") and "halve" not in rules.words("claim_verbs")


@pytest.mark.parametrize(("rule", "clause", "found"), [
    ("you_statement", "You're on a tight budget this year.", True),  # 'on' in you_states, as written
    ("you_statement", "You're ons the list.", False),
    ("you_statement", "You should try it.", False),  # you_directive
    ("our_claim", "Our tool cuts admin by half.", True),  # our_offer + claim_verbs
    ("our_claim", "Our team answers.", True),
    ("our_claim", "Our team analytics.", False),  # not_claim_verbs
    ("our_claim", "Our last call helps a lot.", False),  # shared_nouns
    ("our_claim", "Our range isn't cheap.", False),  # our_conceded
    ("making", "I found a case study for you.", True),  # made_weak + artefacts
    ("making", "I saw your post.", False),
    ("proposal", "How about we start with a pilot?", True),  # proposal_question
])
def test_the_rules_read_the_constructions(rule, clause, found):
    """The rules find (or rule out) their reading through the constructions and word lists they name."""
    assert bool(getattr(rules, rule)(clause)) is found, clause


def test_the_detector_reads_through_them():
    """A whole reply: the open question, the contrast after a concession, the leading tag."""
    assert Move.EXPLORE in {d.move for d in detect_moves("So what worries you most?")}
    assert Move.COUNTER_ARGUMENT in {d.move for d in detect_moves("I hear you, but it's the best on the market.")}
    assert Move.PRESSURE in {d.move for d in detect_moves("Don't you think it's time to decide?")}
