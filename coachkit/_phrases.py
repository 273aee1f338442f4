"""Find a phrase list (one big case-blind alternation) in a sentence quickly, with exactly its own matches.

A list of the reading lexicon is one regex of many alternatives, each starting at a word start
(``(?<![\\w'])``) or at a given character. ``pattern.finditer`` tries every alternative at every character
of a sentence; :func:`finditer` first finds, in C, the few places where an alternative can start (its
first letters, after a word boundary when it needs one), tries the regex there only, and returns the
same matches, leftmost first and never overlapping, as ``pattern.finditer`` would. A regex it cannot read
that way (an alternative that may start with any character, or match nothing) is searched as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from re import _constants as _C  # the parser's op codes
from re import _parser as _P

from coachkit._cues import _first_chars

__all__ = ["finditer", "prepare"]

_WORD_START = list(_P.parse(r"(?<![\w'])"))[0]  # the lookbehind each phrase that starts with a word opens with


def _is_word_start(item) -> bool:
    op, av = item
    return op is _WORD_START[0] and av[0] == _WORD_START[1][0] and list(av[1]) == list(_WORD_START[1][1])


def _starts(items: list) -> list[tuple[bool, frozenset[str]]] | None:
    """Where the pattern ``items`` can start a match: per alternative, whether after a word start, and its
    first letters (lower case); None when some alternative could start anywhere."""
    if not items:
        return None
    op, av = items[0]
    if _is_word_start(items[0]):
        first = _first_chars(items[1:])
        return None if first is None else [(True, first)]
    if op is _C.SUBPATTERN and not av[1] and not av[2]:  # a group, no flag changed in it
        return _starts(list(av[3]) + items[1:])
    if op is _C.BRANCH:
        out: list[tuple[bool, frozenset[str]]] = []
        for branch in av[1]:
            found = _starts(list(branch) + items[1:])
            if found is None:
                return None
            out += found
        return out
    first = _first_chars(items)
    return None if first is None else [(False, first)]


def _charset(letters: set[str]) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(letters)) + "]"


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regex (split at each ``|`` outside groups and sets)."""
    out, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":  # a "]" right after "[" or "[^" is a character of the set
            i += 1 + pattern.startswith("^", i + 1)
            i += pattern.startswith("]", i)
            in_class = True
            continue
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
        i += 1
    return out + [pattern[start:]]


_FLAGS = re.compile(r"\(\?[aiLmsux-]")  # inline flags: they belong to the whole regex


@dataclass(frozen=True)
class _Plan:
    candidates: re.Pattern  # one character at every place where the pattern can start a match
    by_letter: dict[str, re.Pattern]  # the alternatives that can start with a letter, in order, as one regex


@lru_cache(maxsize=256)
def _plan(pattern: re.Pattern) -> _Plan | None:
    """How to find ``pattern`` quickly, or None when it cannot be read that way."""
    if not pattern.flags & re.IGNORECASE:  # first letters are gathered in lower case: sound only ignoring case
        return None
    parsed = _P.parse(pattern.pattern, pattern.flags)
    if parsed.getwidth()[0] == 0:  # an empty match would make finditer step differently
        return None
    starts = _starts(list(parsed))
    if starts is None:
        return None
    after_word = set().union(*(f for w, f in starts if w))
    anywhere = set().union(*(f for w, f in starts if not w))
    branches = ([r"(?<![\w'])" + _charset(after_word)] if after_word else []) + (
        [_charset(anywhere)] if anywhere else [])
    by_letter: dict[str, re.Pattern] = {}
    alternatives = _alternatives(pattern.pattern)
    if len(alternatives) > 1 and not pattern.groups and not _FLAGS.match(pattern.pattern):
        firsts = [_starts(list(_P.parse(alt, pattern.flags))) for alt in alternatives]
        if all(f is not None for f in firsts):
            letters = [set().union(*(chars for _, chars in f)) for f in firsts]
            for letter in sorted(after_word | anywhere):
                alts = [alt for alt, chars in zip(alternatives, letters, strict=True) if letter in chars]
                by_letter[letter] = re.compile("|".join(alts), pattern.flags)
    return _Plan(re.compile("|".join(branches) or r"(?!)", pattern.flags), by_letter)


def finditer(pattern: re.Pattern, text: str) -> Iterator[re.Match]:
    """The matches of ``pattern.finditer(text)``, tried only where one can start, with the alternatives that can
    start there."""
    plan = _plan(pattern)
    if plan is None:
        yield from pattern.finditer(text)
        return
    end, by_letter = 0, plan.by_letter
    for c in plan.candidates.finditer(text):
        at = c.start()
        if at < end:
            continue
        m = by_letter.get(text[at].lower(), pattern).match(text, at)
        if m:
            yield m
            end = m.end()


def prepare(patterns) -> None:
    """Plan each pattern now (as the detector warms up) rather than on the learner's first check."""
    for pattern in patterns:
        _plan(pattern)
