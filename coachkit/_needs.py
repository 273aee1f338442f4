"""What a regex's every match must spell: skip searching a text that cannot hold a match.

A construction such as ``made_strong`` (``{maker}(prepared|drafted|…)``) can match only where one of its verbs is
written; a clause holding none of them is not searched at all. :func:`needs` reads that from the regex itself (so
the word lists stay in ``lexicons/moves.yaml``): the plain strings one of which every match holds, in lower case.
:func:`may_match` checks them against a lower-cased ASCII text with ``in`` (a few µs, where searching a long
alternation at every character costs ten times that). A text outside ASCII is always searched: a case-blind regex
reads some letters there as ASCII ones ("K", the Kelvin sign, as "k").
"""

from __future__ import annotations

import re
from functools import cache
from re import _constants as _C  # the parser's op codes
from re import _parser as _P

__all__ = ["may_match", "needs"]

_REPEATS = (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT)
#: More strings than this cost more to look for one by one than the regex's own search (``made_strong``: 65 verbs,
#: 9 µs against 7; ``news``: 33, 5 µs against 18): such a regex is searched as it is.
MOST = 48


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """The more telling of two sets of strings (either is required): the longer shortest string, then fewer strings."""
    if a is None or b is None:
        return a if b is None else b
    return max(a, b, key=lambda s: (min(map(len, s)), -len(s)))


def _needs(items) -> frozenset[str] | None:
    """Strings one of which every match of the parsed items holds, or None when none is known."""
    best: frozenset[str] | None = None
    run = ""
    for op, av in list(items) + [(None, None)]:  # a last, empty item ends the last run of letters
        if op is _C.LITERAL and chr(av).isascii():  # a letter outside ASCII may match an ASCII one ("K" a "k")
            run += chr(av).lower()
            continue
        if run:
            best, run = _better(best, frozenset({run})), ""
        if op is _C.SUBPATTERN:
            best = _better(best, _needs(av[3]))
        elif op is _C.BRANCH:
            ways = [_needs(way) for way in av[1]]
            if all(w is not None for w in ways):
                best = _better(best, frozenset().union(*ways))
        elif op in _REPEATS and av[0] >= 1:
            best = _better(best, _needs(av[2]))
    return best


def needs(pattern: re.Pattern) -> tuple[str, ...] | None:
    """The lower-case strings one of which every match of a case-blind ``pattern`` holds, or None (not known)."""
    return _needs_of(pattern.pattern, pattern.flags)


@cache
def _needs_of(source: str, flags: int) -> tuple[str, ...] | None:
    # by the regex's text (its hash is kept on the string), not its compiled form (hashing that hashes its whole code)
    if not flags & re.IGNORECASE:  # the strings are checked against the lower-cased text
        return None
    found = _needs(_P.parse(source, flags))
    return tuple(sorted(found)) if found and len(found) <= MOST else None


def may_match(wanted: tuple[str, ...] | None, text: str, lowered: str) -> bool:
    """Whether a match may be in ``text`` (``lowered``: the text in lower case): one of the ``wanted`` strings is."""
    return wanted is None or not text.isascii() or any(map(lowered.__contains__, wanted))
