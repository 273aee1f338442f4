"""coachkit._cues: the scan finds every place a cue matches, in any case and alphabet, and nothing is lost."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from coachkit import _moves_rules as rules
from coachkit._cues import Bucketed, _lower_case, _trie, _uncaptured, combined, cue_starts, scan_of

ROOT = Path(__file__).resolve().parent.parent


def _replies() -> list[str]:
    texts = []
    for path in sorted((ROOT / "data" / "labelled").glob("moves_*.csv")):
        with path.open(newline="", encoding="utf-8") as f:
            texts += [row["text"] for row in csv.DictReader(f)]
    return texts


def _variants(text: str) -> list[str]:
    return [text, text.upper(), text.title(), text.replace("'", "’"), text.replace("s", "ſ"), text.replace("k", "K"),
            text.replace("i", "ı"), "«" + text.swapcase() + "»"]


def _clauses(texts: list[str]) -> list[str]:
    return [c.text for t in texts for s in rules.sentences(t) for c in rules.clauses(s)]


def test_scan_finds_every_cue_of_the_lexicon():
    """Every word start where a bucketed cue matches is a candidate, and a clause where another cue matches is
    flagged, in ASCII and Unicode text of any case."""
    groups = rules.lexicon()[0]
    tables = [p for g in groups for p in g.patterns if isinstance(p, Bucketed)]
    plain = [p for g in groups for p in g.patterns if not isinstance(p, Bucketed)]
    checked = 0
    for text in _clauses([v for t in _replies()[::4] for v in _variants(t)]):
        starts, maybe = rules.clause_cues(text)
        assert [(m.start(), m.group().lower()) for m in re.finditer(r"\b\w", text) if m.start() in dict(starts)] \
            == starts, text
        found = {m.start() for t in tables for m in t.finditer(text)}
        assert found <= set(dict(starts)), text
        if any(p.search(text) for p in plain):
            assert maybe, text
        checked += bool(found)
    assert checked > 500  # the cues did match: the check is not vacuous


def test_uncaptured_keeps_the_meaning():
    """Capturing groups become non-capturing; escaped brackets and sets are left alone."""
    cases = {r"\b(a|b)\(x\)[(]c": r"\b(?:a|b)\(x\)[(]c", r"[]()]+(d)": r"[]()]+(?:d)", r"[^]()](e)": r"[^]()](?:e)",
             r"[\]()](f)": r"[\]()](?:f)", r"(?P<n>g)(?=h)(i)": r"(?:g)(?=h)(?:i)", r"(?:j)(?!k)(?<=l)": r"(?:j)(?!k)(?<=l)"}
    for pattern, expected in cases.items():
        assert _uncaptured(pattern) == expected
        assert re.compile(expected).groups == 0
    for alt in (p.pattern for g in rules.lexicon()[0] for t in g.patterns if isinstance(t, Bucketed)
                for p in t.by_letter.values()):
        assert re.compile(_uncaptured(alt), re.IGNORECASE).groups == 0


@pytest.mark.parametrize(("pattern", "safe"), [
    (r"\bi\s+hear\s+you\b", True), (r"^\W*(so|and)\b(?=x)(?!y)(?<=z)(?<!w)", True), (r"\bI\s+see", False),
    (r"\x41b", False), (r"(?i)ab", False), (r"\\Ab", False), (r"\Aab", False)])
def test_lower_case_only_when_safe(pattern, safe):
    """Only a cue written in lower case, with no character named by code and no inline flag, is scanned
    lower-cased."""
    assert _lower_case(pattern) is safe


def test_a_cue_with_capitals_is_scanned_ignoring_case():
    """A cue that cannot be read lower-cased falls back to the case-blind scan, and is still found."""
    scan = scan_of(list(combined([r"\bNASA\s+uses\b", r"\bsorry\b", r"^\W*well\b"])))
    assert scan.starts_lowered is None
    assert cue_starts(scan, "Well, nasa uses it, sorry") == ([(6, "n"), (20, "s")], True)
    assert cue_starts(scan, "Nothing here") == ([], False)


def test_cues_sharing_their_first_characters_are_written_once():
    """In the scan, cues opening with the same plain characters share them ("h(?:at's|e real)"), and the joined
    regex matches where one of the cues does; a quantified first character is left as written."""
    cues = [r"hat's\b", r"he\s+real", r"h?m", r"(a|b)c", r"that", r"x|y", "h"]
    joined = _trie(cues)
    assert joined.startswith("h(?:") and r"h?m" in joined and "x|y" in joined
    for text in ("hat's", "he  real", "m", "hm", "bc", "that", "y", "h", "ha", "q", "he", "thx"):
        assert bool(re.match(f"(?:{joined})", text)) == any(re.match(c, text) for c in cues), text
