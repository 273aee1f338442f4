"""coachkit._needs: a text skipped for lacking what a regex's every match spells never held a match."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from coachkit import _moves_rules as rules
from coachkit._needs import may_match, needs
from coachkit.sentences import clauses, sentences

ROOT = Path(__file__).resolve().parent.parent


def _clauses() -> list[str]:
    texts = []
    for path in sorted((ROOT / "data" / "labelled").glob("moves_*.csv"))[:3]:
        with path.open(newline="", encoding="utf-8") as f:
            texts += [row["text"] for row in csv.DictReader(f)]
    variants = [v for t in texts for v in (t, t.upper(), t.replace("k", "\u212a"))]
    return [c.text for t in variants for s in sentences(t) for c in clauses(s)]


def test_no_construction_matches_a_clause_it_would_skip():
    """Every construction of moves.yaml, on every clause of three labelled sets (upper case and Kelvin signs too)."""
    texts, skipped = _clauses(), 0
    for name, pattern in rules.constructions().items():
        wanted = needs(pattern)
        for text in texts:
            if not may_match(wanted, text, text.lower()):
                skipped += 1
                assert not pattern.search(text), (name, text)
    assert skipped > 10000  # the check is not vacuous


def test_needs_reads_alternatives_groups_and_repeats():
    # the parser writes the "p" both verbs open with once, before the alternatives: "repared" or "together" is there
    assert needs(re.compile(r"\b(?:i|we)\s+(prepared|put\s+together)\b", re.I)) == ("repared", "together")
    assert needs(re.compile(r"\b(?:we|our\s+team)\s+(?:built|made)", re.I)) == ("built", "made")
    assert needs(re.compile(r"(?:made|built)+|x?", re.I)) is None  # an alternative that needs nothing
    assert needs(re.compile(r"prepared")) is None  # case kept: the lower-cased text cannot tell
    assert needs(re.compile("\u212aind", re.I)) == ("ind",)  # a letter outside ASCII is no plain letter


def test_a_text_outside_ascii_is_always_searched():
    assert may_match(("kind",), "\u212aind", "\u212aind".lower())
    assert not may_match(("kind",), "mild", "mild")
