"""Sentences and clauses of a reply, with their offsets: where a coach hears one thought end and the next begin.

A sentence ends at its stop, at a line break, or at an emoji that closes it in chat; a clause at a semicolon, a colon,
a dash or a linking comma ("…, but", "…, so"). The move detector and the reading split a reply the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Piece", "clauses", "sentences"]

FLAGS = re.IGNORECASE | re.UNICODE


@dataclass(frozen=True)
class Piece:
    """A sentence or clause: its offsets in the whole text and its own text."""

    start: int
    end: int
    text: str


#: A sentence ends at its stop, at a line break, or at an emoji that closes it in chat ("capex freezes are real 👍 quick q…");
#: a stage direction after a sentence ("…is that right?" (if yes) "Would you…") is part of the break, not of the next.
_BOUNDARY = re.compile(r"(?P<stop>[.!?…]+[\"”’')\]]*(?=\s|$))(?:\s*[(\[][^()\[\]\n]{1,30}[)\]])*"
                       r"|[\U0001F300-\U0001FAFF\u2600-\u27BF]+(?=\s)|\n+")


def sentences(text: str) -> list[Piece]:
    """Split a text into sentences, keeping offsets (a fresh list; the split of a text is kept)."""
    return list(_sentences(text))


@lru_cache(maxsize=512)
def _sentences(text: str) -> tuple[Piece, ...]:
    # the detector and the reading split the same reply: split once
    out: list[Piece] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        _add(out, text, start, m.end("stop") if m.group("stop") else m.end())
        start = m.end()
    _add(out, text, start, len(text))
    return tuple(out)


def _add(out: list[Piece], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start and any(ch.isalnum() for ch in text[start:end]):
        out.append(Piece(start, end, text[start:end]))


_CLAUSE = re.compile(r"\s*(?:;|:|—|–|\s-\s)\s*|,\s*(?=(?:but|so|and then|then|and)\b)", FLAGS)


def clauses(sentence: Piece) -> list[Piece]:
    """Split a sentence at semicolons, dashes and linking commas."""
    out: list[Piece] = []
    start = 0
    for m in _CLAUSE.finditer(sentence.text):
        _add(out, sentence.text, start, m.start())
        start = m.end()
    _add(out, sentence.text, start, len(sentence.text))
    return [Piece(sentence.start + p.start, sentence.start + p.end, p.text) for p in out]
