"""coachkit._phrases: a phrase list is found with exactly pattern.finditer's matches, only faster."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from coachkit import phrase_lists, reading
from coachkit._phrases import _LOOKALIKES, Index, _alternatives, _plan, _words_of, finditer
from coachkit.sentences import sentences

ROOT = Path(__file__).resolve().parent.parent


def _sentences() -> list[str]:
    texts = []
    for path in sorted((ROOT / "data" / "labelled").glob("moves_*.csv"))[:2]:
        with path.open(newline="", encoding="utf-8") as f:
            texts += [row["text"] for row in csv.DictReader(f)][::3]
    variants = [v for t in texts for v in (t, t.upper(), t.replace("s", "ſ"), t.replace("k", "K"), f"«{t.swapcase()}»")]
    return [phrase_lists.straight(s.text) for t in variants for s in sentences(t)]


def test_every_list_of_the_reading_lexicon_finds_what_its_regex_finds():
    """Each list of lexicons/reading.yaml is read through its first letters, and finds the same matches."""
    found = 0
    texts = _sentences()
    spec = phrase_lists._lists()
    for name, pattern in reading.lexicon().items():
        assert _plan(pattern) is not None, name  # the quick way is taken, not the fallback
        # subjects with modals or verbs are one regex, not a list of alternatives; a list of one phrase has nothing to split
        split = len(spec[name].get("phrases", ())) > 1
        assert bool(_plan(pattern).by_letter) is split, name
        for text in texts:
            expected = [(m.span(), m.group()) for m in pattern.finditer(text)]
            assert [(m.span(), m.group()) for m in finditer(pattern, text)] == expected, (name, text)
            found += len(expected)
    assert found > 1000


def test_leftmost_and_never_overlapping():
    """Overlapping phrases give the leftmost match and resume after it, as finditer does."""
    pattern = re.compile(r"(?<![\w'])(?:to be fair|be fair|fair enough|enough)(?![\w'])|!+", re.IGNORECASE)
    assert _plan(pattern) is not None
    for text in ("To be fair enough, enough!! Be fair.", "unfair enough;be FAIR!", "", "!!!"):
        assert [m.span() for m in finditer(pattern, text)] == [m.span() for m in pattern.finditer(text)]
        # the same through an index, which searches only the alternatives holding a word of the text, one by one
        assert [m.span() for m in Index({"x": pattern}).finditer("x", text)] == [m.span() for m in pattern.finditer(text)]


def test_what_it_cannot_read_is_searched_as_it_is():
    """A pattern that may start anywhere, match nothing, or keep case is searched with its own finditer."""
    for pattern in (re.compile(r"\w+ing", re.I), re.compile(r"(?:so)?", re.I), re.compile(r"(?<![\w'])Sorry")):
        assert _plan(pattern) is None
        text = "Sorry, so sorry for calling"
        assert [m.span() for m in finditer(pattern, text)] == [m.span() for m in pattern.finditer(text)]


def test_alternatives_split_only_at_the_top():
    """A regex splits at each top-level bar, not inside groups, sets or escapes."""
    assert _alternatives(r"a(b|c)|[|]d|\|e|[]|]f|[^]|]g|h") == ["a(b|c)", "[|]d", r"\|e", "[]|]f", "[^]|]g", "h"]


def test_the_warm_up_plans_every_list():
    """The detector's warm-up also plans the reading's lists, so the learner's first check does not."""
    from coachkit.moves import warm_up

    _plan.cache_clear()
    warm_up()
    assert _plan.cache_info().currsize == len(reading.lexicon())


def test_a_sentence_without_the_words_a_match_holds_is_skipped():
    """A list is not tried on a sentence that holds none of the words one of which each of its matches holds."""
    pattern = re.compile(r"(?<![\w'])i[\s,]+don'?t[\s,]+know(?![\w'])|(?<![\w'])worr\w*[\s,]+about(?![\w'])", re.I)
    plan = _plan(pattern)
    assert plan.words == frozenset({"don't", "dont"}) and plan.prefixes == ("worr",)  # the longest whole word, or a beginning
    for text in ("I dont KNOW.", "i, don't know", "Worried about it", "I don't think so", "known about-ness", ""):
        assert [m.span() for m in finditer(pattern, text)] == [m.span() for m in pattern.finditer(text)]


def test_the_index_leaves_out_only_lists_that_find_nothing():
    """The lists an index says a sentence may hold are those finditer searches: every other one finds nothing, and
    the index's own search finds what the regex finds."""
    lists = reading.lexicon()
    index = Index(lists)
    skipped = 0
    for text in _sentences():
        possible = index.lists_in(text)
        for name, pattern in lists.items():
            expected = [(m.span(), m.group()) for m in pattern.finditer(text)]
            if name in possible:
                assert [(m.span(), m.group()) for m in index.finditer(name, text)] == expected, (name, text)
            else:
                assert not expected and not list(finditer(pattern, text)), (name, text)
                skipped += 1
    assert skipped > len(lists) * len(_sentences()) / 3  # most, though a third of the variants are not ASCII


def test_the_lookalikes_are_every_letter_a_case_blind_regex_reads_as_ascii():
    """A text outside ASCII is read by its words unless it holds a letter that a case-blind regex takes for an ASCII
    one: those letters are exactly the lookalikes."""
    ascii_word = re.compile(r"[a-z0-9_']", re.IGNORECASE)
    read_as_ascii = {c for c in map(chr, range(128, 0x110000)) if ascii_word.fullmatch(c)}
    assert read_as_ascii == {c for c in map(chr, range(128, 0x110000)) if _LOOKALIKES.fullmatch(c)}
    assert _words_of("It’s fine — really, Café") == frozenset({"it", "s", "fine", "really", "café"})
    assert _words_of("Oh \u212aay") is None  # the Kelvin sign, read as "k"
