"""Where a phrase of a list can start in a sentence: the alternative tried only at the word starts that begin with one
of its first letters, not searched at every character.

An alternative of a reading list opens with ``(?<![\\w'])`` and a letter (``_phrases``): it can match only where a word
starts with one of its first letters. A sentence's word starts are found once, in C, by their first letter (lower
case); ``pattern.search(text, pos)`` is then the first of those places from ``pos`` on where ``pattern.match``
succeeds: the same match, found with a few tries instead of a scan of the whole sentence (a sentence is asked about
a hundred lists, each through a few alternatives). Used only where a letter's lower case tells every character a
case-blind regex takes for it: ASCII first letters, in a text without a look-alike (``_phrases._LOOKALIKES``, which
the caller has ruled out).
"""

from __future__ import annotations

import re

from coachkit._cues import _first_chars

__all__ = ["first_letters", "forget", "search"]

#: The characters a word of a sentence (a run of word characters and apostrophes) can start with, as a phrase's
#: first letters are known (``_first_chars``, lower case): only these are looked for at word starts.
_FIRSTS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789'")
_RUN = re.compile(r"[\w']+")  # each run starts where ``(?<![\w'])`` holds, on a word character or an apostrophe
_START = re.Match.start
_BY_TEXT: dict[str, tuple[list[int], str]] = {}
#: Texts whose word starts are kept at once (a long reply has a hundred sentences, clauses and tails).
KEPT = 1024


def first_letters(items: list, is_word_start) -> tuple[str, ...] | None:
    """The first letters (lower case, ASCII) of a parsed alternative that can match only at a word start, or None when
    it may start elsewhere or with another character (``is_word_start``: whether a parsed item is ``(?<![\\w'])``)."""
    if not items or not is_word_start(items[0]):
        return None
    first = _first_chars(items[1:])
    return tuple(sorted(first)) if first is not None and first <= _FIRSTS else None


def _starts(text: str) -> tuple[list[int], str]:
    """Where the words of ``text`` start, and the first letter of each in lower case (one character each)."""
    if len(_BY_TEXT) >= KEPT:
        _BY_TEXT.clear()
    places = list(map(_START, _RUN.finditer(text)))
    if text.isascii():
        lowered = text.lower()
        firsts = "".join(map(lowered.__getitem__, places))
    else:  # a letter whose lower case is longer keeps its first character: one more place tried, none missed
        firsts = "".join(text[at].lower()[:1] for at in places)
    found = _BY_TEXT[text] = (places, firsts)
    return found


def search(pattern: re.Pattern, letters: tuple[str, ...], text: str, pos: int = 0) -> re.Match | None:
    """``pattern.search(text, pos)`` for a pattern that can match only at a word start beginning with one of
    ``letters``."""
    places, firsts = _BY_TEXT.get(text) or _starts(text)
    if len(letters) == 1:
        letter = letters[0]
        k = firsts.find(letter)
        while k >= 0:
            at = places[k]
            if at >= pos:
                m = pattern.match(text, at)
                if m:
                    return m
            k = firsts.find(letter, k + 1)
        return None
    for at in [at for at, first in zip(places, firsts, strict=True) if first in letters]:
        if at >= pos:
            m = pattern.match(text, at)
            if m:
                return m
    return None


def forget() -> None:
    """Forget the word starts of every text read."""
    _BY_TEXT.clear()
