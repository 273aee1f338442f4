"""Find a phrase list (one big case-blind alternation) in a sentence quickly, with exactly its own matches.

A list of the reading lexicon is one regex of many alternatives, each starting at a word start
(``(?<![\\w'])``) or at a given character. ``pattern.finditer`` tries every alternative at every character
of a sentence; :func:`finditer` first finds, in C, the few places where an alternative can start (its
first letters, after a word boundary when it needs one), tries the regex there only, and returns the
same matches, leftmost first and never overlapping, as ``pattern.finditer`` would. A regex it cannot read
that way (an alternative that may start with any character, or match nothing) is searched as it is.
Before that, a sentence holding none of the words one of which every match of the list must hold (found
once per list from its regex; the sentence's words found once for all lists) is not searched at all.
:class:`Index` does that for many lists at once (which lists a sentence may hold, found once from its words), and
searches a list through only those of its alternatives that hold a word of the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from re import _constants as _C  # the parser's op codes
from re import _parser as _P

from coachkit import _word_starts as starts
from coachkit._cues import _first_chars, _top_level
from coachkit._word_starts import first_letters
from coachkit.wordforms import STOPWORDS

__all__ = ["Index", "finditer", "forget", "prepare"]

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
    return _top_level(pattern) or [pattern]


_FLAGS = re.compile(r"\(\?[aiLmsux-]")  # inline flags: they belong to the whole regex


@dataclass(frozen=True)
class _Plan:
    candidates: re.Pattern  # one character at every place where the pattern can start a match
    by_letter: dict[str, re.Pattern]  # the alternatives that can start with a letter, in order, as one regex
    words: frozenset[str] | None = None  # words one of which every match holds (None: not known)
    prefixes: tuple[str, ...] = ()  # or beginnings of words (a phrase's word written "worr*")
    #: when the regex splits into alternatives: each one, with the words (and beginnings) one of which its matches
    #: hold, or None when not known, and the letters it opens with at a word start (``_word_starts``), or None
    alternatives: tuple[tuple[str, tuple[frozenset[str], tuple[str, ...]] | None, tuple[str, ...] | None], ...] = ()


_ASCII_WORD = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_'")


def _ends_word(item) -> bool:
    """Whether ``item`` matches only where a word (a run of word characters and apostrophes) has ended."""
    op, av = item
    if op is _C.ASSERT_NOT and av[0] == 1:  # (?![\w']) and the like
        return _is_word_start((_C.ASSERT_NOT, (-1, av[1])))
    if op is _C.LITERAL:
        return chr(av) not in _ASCII_WORD and not chr(av).isalnum()
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT) and av[0] >= 1 and len(av[2]) == 1:
        sub_op, sub_av = list(av[2])[0]
        if sub_op is _C.IN:
            return all((kind is _C.CATEGORY and value is _C.CATEGORY_SPACE)
                       or (kind is _C.LITERAL and not chr(value).isalnum() and chr(value) not in "_'")
                       for kind, value in sub_av)
        return _ends_word((sub_op, sub_av))
    return False


def _paths(items: list, word: str = "", done: tuple = ()) -> set[tuple[tuple[str, bool], ...]] | None:
    """The words (lower case, apostrophes kept) every match of ``items`` from a word start holds, one tuple per way
    through the regex, each word with whether it is only the beginning of a word; None when a way holds none."""
    for i, (op, av) in enumerate(items):
        if op is _C.LITERAL and chr(av).lower() in _ASCII_WORD and chr(av).isascii():
            word += chr(av).lower()
            continue
        if op is _C.SUBPATTERN and not av[1] and not av[2]:
            return _paths(list(av[3]) + items[i + 1:], word, done)
        if op is _C.BRANCH or (op is _C.MAX_REPEAT and av[0] == 0 and av[1] == 1):  # alternatives, "don'?t"
            ways = av[1] if op is _C.BRANCH else [av[2], []]
            out: set[tuple[tuple[str, bool], ...]] = set()
            for way in ways:
                found = _paths(list(way) + items[i + 1:], word, done)
                if found is None:
                    return None
                out |= found
            return out
        if not _ends_word((op, av)):
            break  # anything else may go on with more of the word: what was read is its beginning
        if word:  # the word has ended; the next letter starts another
            done, word = (*done, (word, False)), ""
    if word:
        done = (*done, (word, True))
    return {done} if done else None


def _key(path: tuple[tuple[str, bool], ...]) -> tuple[str, bool]:
    """The word of a way through the regex to look for (the rarest, as far as one can tell): a whole word before a
    beginning, a word that carries meaning before a function word ("you", "the"), the longest."""
    return max(path, key=lambda w: (not w[1], w[0] not in STOPWORDS, len(w[0])))


def _opening_words(items: list) -> tuple[frozenset[str], tuple[str, ...]] | None:
    """Words (and beginnings of words) one of which every match of the parsed regex ``items`` holds, each as a run
    of word characters and apostrophes of its own, or None. Known when each alternative opens at a word start."""
    alternatives = [list(b) + items[1:] for b in items[0][1][1]] if items and items[0][0] is _C.BRANCH else [items]
    found: set[tuple[str, bool]] = set()
    for alt in alternatives:
        if not alt or not _is_word_start(alt[0]):
            return None
        paths = _paths(alt[1:])
        if paths is None or len(paths) > 4096:
            return None
        found |= set(map(_key, paths))
    return frozenset(w for w, part in found if not part), tuple(sorted({w for w, part in found if part}))


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
    each: tuple = ()
    if len(alternatives) > 1 and not pattern.groups and not _FLAGS.match(pattern.pattern):
        parsed_alts = [list(_P.parse(alt, pattern.flags)) for alt in alternatives]
        firsts = [_starts(alt) for alt in parsed_alts]
        if all(f is not None for f in firsts):
            letters = [set().union(*(chars for _, chars in f)) for f in firsts]
            for letter in sorted(after_word | anywhere):
                alts = [alt for alt, chars in zip(alternatives, letters, strict=True) if letter in chars]
                by_letter[letter] = re.compile("|".join(alts), pattern.flags)
            each = tuple(zip(alternatives, map(_opening_words, parsed_alts),
                             (first_letters(alt, _is_word_start) for alt in parsed_alts), strict=True))
    opening = _opening_words(list(parsed))
    return _Plan(re.compile("|".join(branches) or r"(?!)", pattern.flags), by_letter,
                 *(opening if opening is not None else (None, ())), alternatives=each)


#: Plans by the identity of their pattern: hashing a compiled pattern (as ``_plan``'s cache does) hashes its whole
#: code, up to 15 µs for a long list, and the scorers look a list up about a thousand times in a long reply.
_BY_ID: dict[int, tuple[re.Pattern, _Plan | None]] = {}


def _plan_of(pattern: re.Pattern) -> _Plan | None:
    entry = _BY_ID.get(id(pattern))
    if entry is not None and entry[0] is pattern:  # the pattern is kept in the entry: its id cannot be reused
        return entry[1]
    plan = _plan(pattern)
    if len(_BY_ID) >= 256:
        _BY_ID.clear()
    _BY_ID[id(pattern)] = (pattern, plan)
    return plan


def finditer(pattern: re.Pattern, text: str) -> Iterator[re.Match]:
    """The matches of ``pattern.finditer(text)``, tried only where one can start, with the alternatives that can
    start there."""
    plan = _plan_of(pattern)
    if plan is None:
        yield from pattern.finditer(text)
        return
    words = _words_of(text) if plan.words is not None else None
    if words is not None:  # none of the words a match opens with is in the text: no match
        if plan.words.isdisjoint(words) and not (plan.prefixes and any(w.startswith(plan.prefixes) for w in words)):
            return
    yield from _scan(pattern, plan, text)


def _scan(pattern: re.Pattern, plan: _Plan, text: str) -> Iterator[re.Match]:
    end, by_letter = 0, plan.by_letter
    for c in plan.candidates.finditer(text):
        at = c.start()
        if at < end:
            continue
        m = by_letter.get(text[at].lower(), pattern).match(text, at)
        if m:
            yield m
            end = m.end()


_TOKEN = re.compile(r"[\w']+")
_WORDS: dict[str, frozenset[str] | None] = {}
#: The characters outside ASCII that a case-blind regex takes for an ASCII letter ("K", the Kelvin sign, for "k"; "ſ"
#: for "s"; "İ" and "ı" for "i"): a text holding one may match a word it does not spell in ASCII.
_LOOKALIKES = re.compile("[\u0130\u0131\u017f\u212a]")


def _words_of(text: str) -> frozenset[str] | None:
    """The words of a text, lower-cased, apostrophes kept inside ("don't"): each run of word characters and
    apostrophes, as a phrase's first word meets it; None when the text holds a letter a case-blind regex reads as
    another (:data:`_LOOKALIKES`). A text outside ASCII ("it’s fine — really", "café") has its runs found as the
    regex finds them, then each lower-cased, so that no letter's lower case can move a run's ends. Kept for the next
    lists asked about the same sentence (a long reply has a hundred and more sentences and clauses, each asked about
    many lists)."""
    if text in _WORDS:
        return _WORDS[text]
    if len(_WORDS) >= 1024:
        _WORDS.clear()
    starts.forget()
    if text.isascii():
        words = frozenset(_TOKEN.findall(text.lower()))
    else:
        words = None if _LOOKALIKES.search(text) else frozenset(w.lower() for w in _TOKEN.findall(text))
    _WORDS[text] = words
    return words


class Index:
    """Which of many named patterns a text may match at all, found once per text rather than once per pattern; and,
    for a pattern that may match, which of its alternatives may.

    A reader asks a sentence about a hundred lists, and most of them hold none of its words: checking each list
    against the sentence's words (as :func:`finditer` does) costs a lookup, a generator and a set test per list.
    The index maps each word (and beginning of a word) a list's matches must hold to the lists that need it, so a
    sentence's possible lists are the union of its words' entries, plus the lists whose words are not known. A list
    left out would have been rejected by :func:`finditer` for the same reason. Of a list that is searched, usually
    only a few of its phrases hold a word of the sentence: the others cannot match anywhere in it, so leaving them
    out of the alternation changes no match, and those few are searched alone (:func:`_merged`)."""

    def __init__(self, patterns: Mapping[str, re.Pattern]):
        self._patterns = {name: (pattern, _plan_of(pattern)) for name, pattern in patterns.items()}
        self._all = frozenset(self._patterns)
        always: set[str] = set()
        self._by_word: dict[str, set[str]] = {}
        self._by_prefix: dict[str, set[str]] = {}
        for name, (_, plan) in self._patterns.items():
            if plan is None or plan.words is None:
                always.add(name)
                continue
            for word in plan.words:
                self._by_word.setdefault(word, set()).add(name)
            for prefix in plan.prefixes:
                self._by_prefix.setdefault(prefix, set()).add(name)
        self._always = frozenset(always)
        self._prefixes = tuple(self._by_prefix)
        self._alternatives = {name: _Alternatives(plan.alternatives, pattern.flags)
                              for name, (pattern, plan) in self._patterns.items() if plan is not None and plan.alternatives}

    def lists_in(self, text: str) -> frozenset[str]:
        """The names of the patterns that may match ``text`` (all of them when its words cannot tell: :func:`_words_of`)."""
        words = _words_of(text)
        if words is None:
            return self._all
        found = set(self._always)
        by_word, prefixes = self._by_word, self._prefixes
        for word in words:
            names = by_word.get(word)
            if names is not None:
                found |= names
            if prefixes and word.startswith(prefixes):
                for prefix in prefixes:
                    if word.startswith(prefix):
                        found |= self._by_prefix[prefix]
        return frozenset(found)

    def finditer(self, name: str, text: str) -> Iterator[re.Match]:
        """The matches of the pattern ``name`` in ``text``, as its own ``finditer`` gives them."""
        pattern, plan = self._patterns[name]
        if plan is None:
            return pattern.finditer(text)
        alternatives = self._alternatives.get(name)
        words = _words_of(text) if alternatives is not None else None
        if words is not None:
            live = alternatives.live(words)
            if live is not None:
                return _merged(live, text)
        return _scan(pattern, plan, text)


class _Alternatives:
    """The alternatives of one list, by the words one of which each one's matches hold, each compiled alone as the
    index is built (as the detector warms up: compiled on a learner's check, a reply with new words cost up to 350
    compilations, 40 ms)."""

    MOST = 8  # more alternatives than this, searched one by one, cost more than the whole list read at once

    def __init__(self, alternatives, flags: int):
        self._compiled = [(re.compile(alt, flags), letters) for alt, _, letters in alternatives]
        always: list[int] = []
        self._by_word: dict[str, list[int]] = {}
        by_prefix: dict[str, list[int]] = {}
        for i, (_, opening, _) in enumerate(alternatives):
            if opening is None:
                always.append(i)
                continue
            for word in opening[0]:
                self._by_word.setdefault(word, []).append(i)
            for prefix in opening[1]:
                by_prefix.setdefault(prefix, []).append(i)
        self._always, self._by_prefix = always, tuple(by_prefix.items())
        self._words, self._prefixes = frozenset(self._by_word), tuple(by_prefix)

    def live(self, words: frozenset[str]) -> list[tuple[re.Pattern, tuple[str, ...] | None]] | None:
        """The alternatives that may match a text of ``words``, in their order (each with the letters it can start
        with at a word start, or None), or None when too many may."""
        live = set(self._always)
        for word in words & self._words:
            live.update(self._by_word[word])
        if self._prefixes and any(w.startswith(self._prefixes) for w in words):
            for prefix, found in self._by_prefix:
                if any(w.startswith(prefix) for w in words):
                    live.update(found)
        if len(live) > self.MOST:
            return None
        compiled = self._compiled
        return [compiled[i] for i in sorted(live)]


def _merged(patterns: list[tuple[re.Pattern, tuple[str, ...] | None]], text: str) -> Iterator[re.Match]:
    """The matches of the alternation of ``patterns`` (in that order) in ``text``, as its ``finditer`` gives them:
    the leftmost match, of the first alternative that matches there, then on from its end. Each alternative's next
    match is searched again only once the last match has passed its start; one that opens at a word start with
    known letters is tried only at those words (``_word_starts``: the text holds no look-alike letter here)."""
    nexts = [p.search(text) if letters is None else starts.search(p, letters, text) for p, letters in patterns]
    while True:
        best = None
        for m in nexts:
            if m is not None and (best is None or m.start() < best.start()):
                best = m
        if best is None:
            return
        yield best
        end = best.end()
        nexts = [m if m is None or m.start() >= end else p.search(text, end) if letters is None else
                 starts.search(p, letters, text, end) for (p, letters), m in zip(patterns, nexts, strict=True)]


def forget() -> None:
    """Forget the words of every text read (benchmarks measure a reply read from scratch)."""
    _WORDS.clear()
    starts.forget()


def prepare(patterns) -> None:
    """Plan each pattern now (as the detector warms up) rather than on the learner's first check."""
    for pattern in patterns:
        _plan(pattern)

