"""The reading lexicon (``lexicons/reading.yaml``): each list as one compiled pattern, and the lookups every reader uses.

A list's ``phrases`` are matched as whole words, case-blind, with straight or curly apostrophes; "worr*" matches any
ending, a word in round brackets ("i'd (really) love to hear") may be left out, and every word accepts its chat
shorthand ("u" for "you"). A list's ``words`` are single words, read with :func:`words`. Which list applies where in
a sentence is the readers' business (:mod:`coachkit.reading`, :mod:`coachkit.questions`, the scorers).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib import resources

import yaml

from coachkit import _phrases
from coachkit._phrases import Index

__all__ = ["APOSTROPHES", "clear_caches", "find", "lead_in", "lexicon", "may_hold", "opens_with", "pattern", "prepare",
           "straight", "words"]

APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})


def straight(text: str) -> str:
    """``text`` with curly apostrophes and backticks made straight (the text itself when it has none: most do, and a
    scan is far cheaper than a translation)."""
    return text.translate(APOSTROPHES) if ("’" in text or "‘" in text or "`" in text) else text


_GAP = r"[\s,]+"  # "yes, but" is "yes but"


def _word(word: str, shorthand: dict[str, list[str]]) -> str:
    """One word of a phrase as a pattern: "worr*" any ending, an optional apostrophe, its shorthand forms."""
    if word.endswith("*"):
        return re.escape(word[:-1]) + r"\w*"
    kept = word.lower() in words("apostrophe_kept")  # "we'll" never matches "well"
    forms = [re.escape(word) if kept else re.escape(word).replace("'", "'?")] + [
        re.escape(f) for f in shorthand.get(word, ())]
    return forms[0] if len(forms) == 1 else "(?:" + "|".join(forms) + ")"


def _body(phrase: str, shorthand: dict[str, list[str]]) -> str:
    """The words of a phrase joined by spaces or commas; a word in round brackets may be left out (not the first or
    the last, so that a phrase still starts and ends at a word it always has)."""
    words = phrase.split()
    if words[0].startswith("(") or words[-1].startswith("("):
        raise ValueError(f"phrase {phrase!r}: an optional word cannot open or close a phrase")
    body = _word(words[0], shorthand)
    for w in words[1:]:
        body += f"(?:{_GAP}{_word(w[1:-1], shorthand)})?" if w.startswith("(") else _GAP + _word(w, shorthand)
    return body


def pattern(phrases: list[str], shorthand: dict[str, list[str]] | None = None) -> re.Pattern:
    """A list of phrases as one case-blind pattern, longest phrase first, each a whole word at both ends."""
    alts = []
    for phrase in sorted(phrases, key=len, reverse=True):
        left = r"(?<![\w'])" if phrase[:1].isalnum() else ""
        right = r"(?![\w'])" if phrase[-1:].isalnum() else ""
        alts.append(left + _body(phrase, shorthand or {}) + right)
    return re.compile("|".join(alts), re.IGNORECASE)


@cache
def _lists() -> dict[str, dict]:
    text = resources.files("coachkit").joinpath("lexicons/reading.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - a safe loader


@cache
def words(name: str) -> frozenset[str]:
    """A list of single words of ``lexicons/reading.yaml`` (its ``words``), lower case."""
    return frozenset(w.lower() for w in _lists()[name]["words"])


def _compiled(name: str, phrases: list[str], short: dict[str, list[str]]) -> re.Pattern:
    """One list's pattern; a malformed phrase is reported with the file, the list and the field that hold it."""
    try:
        return pattern(phrases, short)
    except ValueError as error:
        raise ValueError(f"lexicons/reading.yaml, list {name!r}, field 'phrases': {error}") from None


@cache
def lexicon() -> dict[str, re.Pattern]:
    """Each list of ``lexicons/reading.yaml`` as one compiled pattern (subjects and modals: :func:`_advice`; subjects,
    auxiliaries and verbs: :func:`_acts`)."""
    raw = _lists()
    short = {k: list(v) for k, v in raw["shorthand"]["words"].items()}
    out = {name: _compiled(name, spec["phrases"], short) for name, spec in raw.items() if "phrases" in spec}
    out |= {name: _advice(spec, short) for name, spec in raw.items() if "modals" in spec}
    out |= {name: _acts(spec, short) for name, spec in raw.items() if "verbs" in spec}
    return out


def _advice(spec: dict, shorthand: dict[str, list[str]]) -> re.Pattern:
    """A list of ``subjects`` and ``modals``: a subject, maybe "really", "just" or "probably", then a modal, unless an
    inner state follows ("she needs to feel the decision is hers" names a need; "she needs to get a PM in" is
    advice)."""
    subjects = pattern(spec["subjects"], shorthand).pattern
    modals = "|".join(re.escape(m).replace(r"\ ", r"\s+") for m in spec["modals"])
    states = pattern(spec["inner_states"]).pattern
    return re.compile(rf"(?:{subjects})\s*(?:really\s+|just\s+|probably\s+)?(?:{modals})\b(?!\s+(?:{states}))",
                      re.IGNORECASE)


def _acts(spec: dict, shorthand: dict[str, list[str]]) -> re.Pattern:
    """A list of ``subjects``, ``auxiliaries`` and ``verbs``: a subject, maybe an auxiliary ("'d", "could"), maybe one
    more word ("we could easily offer…"), then one of the verbs ("we could offer them…", "I'd pitch…")."""
    subjects = "|".join(re.escape(w) for w in sorted(spec["subjects"], key=len, reverse=True))
    aux = "|".join(re.escape(a).replace(r"\ ", r"\s+") if a.startswith("'") else r"\s+" + re.escape(a)
                   for a in spec["auxiliaries"])
    verbs = pattern(spec["verbs"], shorthand).pattern
    return re.compile(rf"(?<![\w'])(?:{subjects})(?:{aux})?\s+(?:\w+\s+)?(?:{verbs})", re.IGNORECASE)


def find(name: str, text: str) -> tuple[re.Match, ...]:
    """Every place a list of the reading lexicon occurs in ``text`` (apostrophes normalised)."""
    if name not in _lists_in(text):  # most lists hold none of the sentence's words: nothing to search or keep
        return ()
    return _find(name, text)


def may_hold(name: str, text: str) -> bool:
    """Whether a list may occur in ``text`` at all (its words are there): when not, it occurs in no part of it either
    (a part cut at spaces or punctuation holds only words of the whole)."""
    return name in _lists_in(text)


@cache
def _index() -> Index:
    return Index(lexicon())


def prepare() -> None:
    """Plan every list and index their words now (as the detector warms up), not on the learner's first check."""
    _phrases.prepare(lexicon().values())
    _index()


@lru_cache(maxsize=4096)
def _lists_in(text: str) -> frozenset[str]:
    # the readers ask each sentence about a hundred lists: which of them it may hold is found once, from its words
    return _index().lists_in(straight(text))


@lru_cache(maxsize=16384)
def _find(name: str, text: str) -> tuple[re.Match, ...]:
    # the scorers ask the same sentence about the same list several times: asked once, kept
    return tuple(_index().finditer(name, straight(text)))  # = pattern.finditer, faster


@cache
def _lead_in() -> re.Pattern:
    return re.compile(rf"^\W*(?:(?:{lexicon()['lead_in'].pattern})\W*)*", re.IGNORECASE)


def lead_in(text: str) -> int:
    """Where a sentence really starts, after the words it may open with ("so", "and", "ok", "hi"…: ``lead_in``)."""
    return _lead_in().match(straight(text)).end()


def opens_with(name: str, text: str) -> str:
    """The words of a list that open ``text`` (after "so", "and", "ok"…), or ""."""
    found = find(name, text)
    if not found:  # most sentences hold none of a list: no need to find where they start
        return ""
    start = lead_in(text)
    return next((m.group() for m in found if m.start() == start), "")


def clear_caches() -> None:
    """Forget every list lookup."""
    _find.cache_clear()
    _lists_in.cache_clear()
    _phrases.forget()
