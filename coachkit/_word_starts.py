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

_ASCII = frozenset(map(chr, range(128)))
#: Each place after a character that is neither a word character nor an apostrophe (or at the start), with the
#: character found there: where a phrase that opens with ``(?<![\w'])`` can start.
_STARTS = re.compile(r"(?<![\w'])(?s:.)")
_BY_TEXT: dict[str, dict[str, list[int]]] = {}
#: Texts whose word starts are kept at once (a long reply has a hundred sentences, clauses and tails).
KEPT = 1024


def first_letters(items: list, is_word_start) -> tuple[str, ...] | None:
    """The first letters (lower case, ASCII) of a parsed alternative that can match only at a word start, or None when
    it may start elsewhere or with another character (``is_word_start``: whether a parsed item is ``(?<![\\w'])``)."""
    if not items or not is_word_start(items[0]):
        return None
    first = _first_chars(items[1:])
    return tuple(sorted(first)) if first is not None and first <= _ASCII else None


def _starts(text: str) -> dict[str, list[int]]:
    found = _BY_TEXT.get(text)
    if found is None:
        if len(_BY_TEXT) >= KEPT:
            _BY_TEXT.clear()
        found = _BY_TEXT[text] = {}
        for m in _STARTS.finditer(text):
            found.setdefault(m.group().lower(), []).append(m.start())
    return found


def search(pattern: re.Pattern, letters: tuple[str, ...], text: str, pos: int = 0) -> re.Match | None:
    """``pattern.search(text, pos)`` for a pattern that can match only at a word start beginning with one of
    ``letters``."""
    starts = _BY_TEXT.get(text)
    if starts is None:
        starts = _starts(text)
    if len(letters) == 1:
        places = starts.get(letters[0], ())
    else:
        places = sorted(at for letter in letters for at in starts.get(letter, ()))
    for at in places:
        if at >= pos:
            m = pattern.match(text, at)
            if m:
                return m
    return None


def forget() -> None:
    """Forget the word starts of every text read."""
    _BY_TEXT.clear()
