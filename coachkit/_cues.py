"""The move detector's cues compiled for speed: each cue is tried only where it can match.

Most cues of ``lexicons/moves.yaml`` start with ``\\b`` and a word. They are bucketed by the letters
they can start with (:class:`Bucketed`: one regex per letter) and tried only at the start of a word
with that letter; the rest are joined into one regex per kind of anchor (:func:`combined`). A
clause is first scanned once, in C, for the word starts where any cue of any list could match
(:func:`scan_of`, :func:`cue_starts`): the detector tries its buckets at those few places only, and
finds exactly what trying every word start would find. In the scan, a letter's cues are written as a trie
of their first plain characters ("hat's…|he real…" is "h(?:at's…|e real…)"), so that the regex engine
drops most of them on one character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from re import _constants as sre_constants  # the parser's op codes, to find a cue's first letters
from re import _parser as sre_parse

from coachkit._needs import may_match, needs

__all__ = ["Bucketed", "Scan", "combined", "cue_starts", "scan_of", "word_starts"]

FLAGS = re.IGNORECASE | re.UNICODE
_P = sre_parse
_C = sre_constants
_WORDISH = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def _first_chars(items: list) -> frozenset[str] | None:
    """Lower-case characters a parsed pattern can start with; None when it could start with anything."""
    for i, (op, av) in enumerate(items):
        if op in (_C.AT, _C.ASSERT, _C.ASSERT_NOT):
            continue  # zero-width: a word boundary or a lookaround consumes nothing
        if op in (_C.LITERAL, _C.LITERAL_IGNORE, _C.LITERAL_UNI_IGNORE):
            return frozenset({chr(av).lower(), chr(av).upper().lower()})
        if op is _C.SUBPATTERN:
            inner = _first_chars(list(av[3]) + items[i + 1:])
            return inner
        if op is _C.BRANCH:
            out: set[str] = set()
            for branch in av[1]:
                first = _first_chars(list(branch) + items[i + 1:])
                if first is None:
                    return None
                out |= first
            return frozenset(out)
        if op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT):
            low, _high, sub = av
            first = _first_chars(list(sub))
            if low == 0:
                rest = _first_chars(items[i + 1:])
                return None if first is None or rest is None else first | rest
            return first
        if op is _C.IN:
            chars: set[str] = set()
            for kind, value in av:
                if kind is _C.LITERAL:
                    chars.add(chr(value).lower())
                elif kind is _C.RANGE and value[1] - value[0] < 64:
                    chars |= {chr(c).lower() for c in range(value[0], value[1] + 1)}
                else:
                    return None
            return frozenset(chars)
        return None
    return None


@dataclass(frozen=True)
class Bucketed:
    """Cues that start at a word: one small regex per first letter, tried only where a word starts."""

    by_letter: dict[str, re.Pattern]

    def finditer(self, text: str, starts: list[tuple[int, str]] | None = None):
        """Matches at word starts; ``starts`` (from ``word_starts`` or ``cue_starts``) saves re-scanning the text."""
        for at, letter in word_starts(text) if starts is None else starts:
            pattern = self.by_letter.get(letter)
            if pattern is not None:
                m = pattern.match(text, at)
                if m:
                    yield m


_WORD_START = re.compile(r"\b\w")


def word_starts(text: str) -> list[tuple[int, str]]:
    """Where each word of a text starts, with its first letter lower-cased."""
    return [(m.start(), m.group().lower()) for m in _WORD_START.finditer(text)]


def combined(patterns: list[str]) -> tuple:
    """Cues grouped so each is tried only where it can match.

    Most cues start with ``\\b`` and a word: they are bucketed by the letters they can start
    with and tried only at the start of a word with that letter. The rest are joined into one
    regex per kind of anchor.
    """
    bounded = [p[2:] for p in patterns if p.startswith(r"\b")]
    anchored = [p[1:] for p in patterns if p.startswith("^")]
    other = [p for p in patterns if not p.startswith((r"\b", "^"))]
    out: list = []
    if bounded:
        firsts = [_first_chars(list(_P.parse(p, FLAGS))) for p in bounded]
        anywhere = [p for p, f in zip(bounded, firsts, strict=True) if f is None or not f <= _WORDISH]
        if anywhere:
            out.append(re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in anywhere) + ")", FLAGS))
        letters = sorted(set().union(*(f for f in firsts if f is not None and f <= _WORDISH)))
        table: dict[str, re.Pattern] = {}
        for letter in letters:
            alts = [p for p, f in zip(bounded, firsts, strict=True) if f is not None and f <= _WORDISH and letter in f]
            table[letter] = re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in alts) + ")", FLAGS)
        out.append(Bucketed(table))
    if anchored:
        out.append(re.compile(r"^(?:" + "|".join(f"(?:{p})" for p in anchored) + ")", FLAGS))
    if other:
        out.append(re.compile("|".join(f"(?:{p})" for p in other), FLAGS))
    return tuple(out)


@dataclass(frozen=True)
class Scan:
    """Where the cues of a lexicon may match a clause: a regex tried once, and up to two (see :func:`scan_of`)."""

    starts: re.Pattern  # the bucketed cues as written, case ignored: for any text
    starts_lowered: re.Pattern | None  # the same, case kept, for ASCII text lower-cased (faster); None: not safe
    plain: tuple[re.Pattern, ...]  # the other cues, case ignored: whether any of them may match
    plain_lowered: tuple[re.Pattern, ...] | None
    #: per regex of ``plain``, the strings one of which its every match holds (``_needs``), or None: a clause that
    #: holds none of them is not searched (the loose cues' regex is tried at every character)
    plain_needs: tuple[tuple[str, ...] | None, ...] = ()


def scan_of(patterns: list) -> Scan:
    """The scans of a lexicon's compiled cues (regexes and :class:`Bucketed` tables, as :func:`combined` makes).

    ``starts`` finds, without consuming anything, every word start where a bucketed cue may match: each
    letter's branch first checks the letter, so a word start tries only its own letter's cues (the commonest
    letters first). ``plain`` finds whether any other cue may match. Both find a superset of what the cues
    find (a place is always confirmed by the cue's own regex). Cues written in lower case match an ASCII text
    ignoring case exactly where they match it lower-cased keeping case: that form skips failing cues quicker.
    """
    by_letter: dict[str, list[str]] = {}
    plain: list[str] = []
    for pattern in patterns:
        if isinstance(pattern, Bucketed):
            for letter, regex in pattern.by_letter.items():
                by_letter.setdefault(letter, []).append(_uncaptured(regex.pattern))
        else:
            plain.append(_uncaptured(pattern.pattern))
    order = sorted(by_letter, key=lambda letter: (_COMMON.find(letter) % 64, letter))
    branches = "|".join(_letter_branch(letter, by_letter[letter]) for letter in order)
    starts = r"\b(?=[^\W_])(?=" + branches + ")" if branches else r"(?!)"
    # cues anchored at the start are joined apart: mixed with the others, they were tried at every character
    anchored = [p[1:] for p in plain if p.startswith("^") and list(_P.parse(p, FLAGS))[:1] == [(_C.AT, _C.AT_BEGINNING)]]
    loose = [p for p in plain if not (p.startswith("^") and p[1:] in anchored)]
    others = ([f"^(?:{'|'.join(f'(?:{p})' for p in anchored)})"] if anchored else []) + (
        ["|".join(f"(?:{p})" for p in loose)] if loose else [])
    lower = all(_lower_case(alt) for alts in by_letter.values() for alt in alts)
    compiled = tuple(re.compile(p, FLAGS) for p in others)
    return Scan(re.compile(starts, FLAGS), re.compile(starts, re.UNICODE) if lower else None, compiled,
                tuple(re.compile(p, re.UNICODE) for p in others) if all(map(_lower_case, plain)) else None,
                tuple(map(needs, compiled)))


def _letter_branch(letter: str, sources: list[str]) -> str:
    """The scan's branch for one letter: the cues that start with the letter written as it is are tried after it, so
    that each fails on its own next character at once (the regex engine checks an alternative's first character
    before entering it); the others are tried as they are."""
    after, others = [], []
    for source in sources:  # each list's regex for the letter: r"\b(?:(?:cue)|(?:cue)…)"
        cues = _top_level(source[len(r"\b(?:"):-1]) if source.startswith(r"\b(?:") and source.endswith(")") else None
        if cues is None or not all(c.startswith("(?:") and c.endswith(")") for c in cues):
            others.append(source)
            continue
        for cue in (c[3:-1] for c in cues):
            if cue[:1] == letter and cue[1:2] not in ("*", "+", "?", "{") and len(_top_level(cue) or ()) == 1:
                after.append(cue[1:])
            else:
                others.append(cue)
    parts = ([f"{re.escape(letter)}(?:{_trie(after)})"] if after else []) + others
    return f"(?={re.escape(letter)})(?:{'|'.join(parts)})"


_PLAIN_CHAR = frozenset("abcdefghijklmnopqrstuvwxyz0123456789' ")


def _trie(cues: list[str], depth: int = 4) -> str:
    """Cues (alternatives of a lookahead: their order does not matter) joined with the plain characters they start
    with written once: "hat's|he real" is "h(?:at's|e real)"."""
    by_first: dict[str, list[str]] = {}
    rest = []
    for cue in cues:
        if depth and cue[:1] in _PLAIN_CHAR and cue[1:2] not in ("*", "+", "?", "{") and len(_top_level(cue) or ()) == 1:
            by_first.setdefault(cue[0], []).append(cue[1:])
        else:
            rest.append(cue)
    parts = [f"{re.escape(c)}(?:{_trie(tails, depth - 1)})" if len(tails) > 1 else re.escape(c) + tails[0]
             for c, tails in by_first.items()]
    return "|".join(parts + rest)


def _top_level(pattern: str) -> list[str] | None:
    """The top-level alternatives of a regex (split at each ``|`` outside groups and sets); None if unbalanced."""
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
            if depth < 0:
                return None
        elif ch == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
        i += 1
    return out + [pattern[start:]] if depth == 0 and not in_class else None


#: Letters by how often English words start with them: a word start finds its letter's branch sooner.
_COMMON = "tiaswobhcfmdyplnregukvjqxz0123456789"
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)


def _lower_case(pattern: str) -> bool:
    """Whether a pattern means the same with case ignored as with case kept on lower-cased ASCII text: no
    upper-case letter, no escape naming a character by code, no inline flag or back-reference."""
    bare = _ESCAPE.sub(lambda m: "" if m.group(1) in "sSwWdDbB" or not m.group(1).isalnum() else "A", pattern)
    return not re.search(r"[A-Z]|\(\?(?![:=!]|<=|<!)", bare)


def _uncaptured(pattern: str) -> str:
    """The pattern with its capturing groups made non-capturing: the same matches, found without the cost of
    saving hundreds of groups at each try (cues use no back-references)."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":  # a set: "(" inside is a character; a "]" right after "[" or "[^" is one too
            j = i + 1 + pattern.startswith("^", i + 1)
            j += pattern.startswith("]", j)
            out.append(pattern[i:j])
            i, in_class = j, True
            continue
        elif ch == "(" and pattern.startswith("?P<", i + 1):
            ch, i = "(?:", pattern.index(">", i)
        elif ch == "(" and not pattern.startswith("?", i + 1):
            ch = "(?:"
        out.append(ch)
        i += 1
    return "".join(out)


def cue_starts(scan: Scan, text: str) -> tuple[list[tuple[int, str]], bool]:
    """The word starts of ``text`` where a bucketed cue may match (with their letter), and whether another cue
    may match somewhere (``scan`` from :func:`scan_of`)."""
    if text.isascii():
        lowered = text.lower()
        if scan.starts_lowered is not None:
            found = [(at, lowered[at]) for at in map(re.Match.start, scan.starts_lowered.finditer(lowered))]
        else:
            found = [(at, text[at].lower()) for at in map(re.Match.start, scan.starts.finditer(text))]
        if scan.plain_lowered is not None:
            return found, any(may_match(wanted, text, lowered) and p.search(lowered)
                              for p, wanted in zip(scan.plain_lowered, scan.plain_needs, strict=True))
        return found, any(may_match(wanted, text, lowered) and p.search(text)
                          for p, wanted in zip(scan.plain, scan.plain_needs, strict=True))
    found = [(at, text[at].lower()) for at in map(re.Match.start, scan.starts.finditer(text))]
    return found, any(p.search(text) for p in scan.plain)
