"""Recognise an idea of the customer's in any wording: key points and the hidden need.

A key point is found when the answer carries one of its listed synonyms, or a word that shares a
group of near-synonyms with one (``lexicons/concepts.yaml``), or enough of the idea's own content
words and of the customer's own words for it. Words are compared by their stems, so word forms
do not matter. A hidden-need cue said about the seller (their worry, their reading of the
customer's interest) does not count: what is added must be the customer's need.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from coachkit import persons
from coachkit.schema import KeyPoint, Scenario
from coachkit.wordforms import (
    STOPWORDS,
    Token,
    _phrase_stems,
    find_phrase,
    stem,
    text_phrase_spans,
    tokens,
    word_spans,
    word_stems,
)

__all__ = ["PointFound", "concept_of", "find_point", "key_points", "parroting"]


@cache
def _lexicon() -> dict:
    text = resources.files("coachkit").joinpath("lexicons/concepts.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - a safe loader


@cache
def _degree() -> frozenset[str]:
    """Words of degree that may sit inside a listed phrase ("changing so fast")."""
    return frozenset(w.lower() for w in _lexicon()["degree_words"]["words"])


@cache
def _clipped() -> dict[str, str]:
    """Clipped words and the stem of the word each clips ("hrs": the stem of "hours")."""
    return {k.lower(): tokens(v)[0].stem for k, v in _lexicon()["clippings"]["words"].items()}


def _unclipped(toks: list[Token]) -> list[Token]:
    """The tokens with a clipped word ("2 hrs", "the tech") given the stem of the word it clips."""
    clipped = _clipped()
    return [Token(t.text, t.start, t.end, clipped[t.text.lower()]) if t.text.lower() in clipped else t for t in toks]


def _loose(phrase: str, toks: list[Token]) -> tuple[int, int] | None:
    """Where the words of ``phrase`` occur in order with at most one word of degree between two of them."""
    wanted = [t.stem for t in tokens(phrase)]
    if len(wanted) < 2:
        return None
    degree = _degree()
    for i, t in enumerate(toks):
        if t.stem != wanted[0]:
            continue
        j, k = i + 1, 1
        while k < len(wanted) and j < len(toks):
            if toks[j].stem == wanted[k]:
                j, k = j + 1, k + 1
            elif toks[j].text.lower() in degree and j + 1 < len(toks) and toks[j + 1].stem == wanted[k]:
                j += 1
            else:
                break
        if k == len(wanted):
            return t.start, toks[j - 1].end
    return None


@cache
def _concepts() -> tuple[dict[str, frozenset[int]], dict[tuple[str, ...], frozenset[int]]]:
    """Single-word stems and multi-word phrases (as stem tuples), each with the groups it belongs to."""
    raw = _lexicon()
    words: dict[str, set[int]] = {}
    phrases: dict[tuple[str, ...], set[int]] = {}
    for i, group in enumerate(raw["groups"]):
        for w in group["words"]:
            stems = tuple(t.stem for t in tokens(str(w)))
            if len(stems) == 1:
                words.setdefault(stems[0], set()).add(i)
            elif stems:
                phrases.setdefault(stems, set()).add(i)
    return ({k: frozenset(v) for k, v in words.items()}, {k: frozenset(v) for k, v in phrases.items()})


def concept_of(phrase: str) -> frozenset[int]:
    """The near-synonym groups a word or phrase belongs to."""
    words, phrases = _concepts()
    stems = tuple(t.stem for t in tokens(phrase))
    if len(stems) == 1:
        return words.get(stems[0], frozenset())
    return phrases.get(stems, frozenset())


@cache
def _phrases_by_first() -> dict[str, list[tuple[tuple[str, ...], frozenset[int]]]]:
    """The multi-word near-synonyms, by their first stem: a text is scanned once, not once per phrase."""
    table: dict[str, list[tuple[tuple[str, ...], frozenset[int]]]] = {}
    for stems, groups in _concepts()[1].items():
        table.setdefault(stems[0], []).append((stems, groups))
    return table


def _concept_spans(toks: list[Token]) -> list[tuple[frozenset[int], int, int]]:
    words, _ = _concepts()
    by_first = _phrases_by_first()
    out = [(words[t.stem], t.start, t.end) for t in toks if t.stem in words]
    for i, t in enumerate(toks):
        for stems, groups in by_first.get(t.stem, ()):
            n = len(stems)
            if tuple(x.stem for x in toks[i:i + n]) == stems:
                out.append((groups, t.start, toks[i + n - 1].end))
    return out


def _content(text: str) -> list[Token]:
    return [t for t in tokens(text) if t.text.lower() not in STOPWORDS and len(t.text) > 2]


@dataclass(frozen=True)
class PointFound:
    """Where an idea was found, and how (listed word, near-synonym, own words)."""

    idea: str
    start: int
    end: int
    how: str


def find_point(text: str, point: KeyPoint, toks: list[Token] | None = None,
               spans: list[tuple[frozenset[int], int, int]] | None = None) -> PointFound | None:
    """Where ``text`` carries the key point, or None (``toks`` and ``spans``: the text's tokens and near-synonym
    groups, when the caller looks for several points in one text)."""
    toks = _unclipped(tokens(text)) if toks is None else toks
    present = {t.stem for t in toks}
    for synonym in point.synonyms:
        wanted = _phrase_stems(synonym)
        if not wanted or wanted[0] not in present:
            continue  # both readings of a synonym start at its first word: not in the text, not found
        span = find_phrase(synonym, toks) or _loose(synonym, toks)
        if span:
            return PointFound(point.idea, span[0], span[1], "listed")
    wanted: set[int] = set()
    for synonym in point.synonyms:
        wanted |= concept_of(synonym)
    for groups, a, b in _concept_spans(toks) if spans is None else spans:
        if groups & wanted:
            return PointFound(point.idea, a, b, "near-synonym")
    idea = {t.stem for t in _content(point.idea)}
    hits = [t for t in toks if t.stem in idea]
    if idea and len({t.stem for t in hits}) >= min(2, len(idea)):
        return PointFound(point.idea, hits[0].start, hits[-1].end, "own words")
    return None


def key_points(text: str, scenario: Scenario) -> tuple[list[PointFound], list[str]]:
    """The key points the text carries, and the ideas it misses."""
    toks = _unclipped(tokens(text))
    spans = _concept_spans(toks)
    found, missing = [], []
    for point in scenario.key_points:
        hit = find_point(text, point, toks, spans)
        if hit:
            found.append(hit)
        else:
            missing.append(point.idea)
    return found, missing


#: The share of a reply's words that rows copied from the customer must make up to be parroting.
PARROT_SHARE = 0.4


@cache
def _given_back() -> dict[str, str]:
    """The stem of each of the customer's person words, and the stem of the seller's word for it (persons.yaml)."""
    return dict((stem(a), stem(b)) for a, b in (pair.split() for pair in persons.lists()["given_back"]))


def parroting(text: str, said: str, run: int = 6) -> str:
    """The customer's words copied back (any word form, "my" given back as "your"): the first row of ``run`` or more
    words, when such rows make up at least ``PARROT_SHARE`` of the reply, or "". One phrase of theirs inside a
    summary in the seller's own words is not parroting."""
    back = _given_back()
    theirs = [back.get(t.stem, t.stem) for t in tokens(said)]
    if len(theirs) < run:
        return ""
    starts: dict[tuple[str, ...], list[int]] = {}
    for k in range(len(theirs) - run + 1):
        starts.setdefault(tuple(theirs[k:k + run]), []).append(k)
    stems = [back.get(s, s) for s in word_stems(text)[1]]  # "our dressings" copies the customer's "your dressings" too
    firsts = {row[0] for row in starts}  # a row of theirs can start only at one of their words: the others are skipped
    rows, i = [], 0
    while i <= len(stems) - run:
        if stems[i] not in firsts:
            i += 1
            continue
        longest = 0
        for k in starts.get(tuple(stems[i:i + run]), ()):
            j, kk = i + run, k + run
            while j < len(stems) and kk < len(theirs) and stems[j] == theirs[kk]:
                j, kk = j + 1, kk + 1
            longest = max(longest, j - i)
        if longest:
            rows.append((i, i + longest))
            i += longest
        else:
            i += 1
    if not rows or sum(b - a for a, b in rows) < PARROT_SHARE * len(stems):
        return ""
    a, b = rows[0]
    places = word_spans(text)
    return text[places[a][0]:places[b - 1][1]]


def need_spans(text: str, scenario: Scenario) -> list[tuple[int, int]]:
    """Every place in ``text`` that names the hidden need (its cues, any word form); a cue the customer already said is
    not "better than they did"."""
    said = tokens(scenario.objection)
    return sorted(span for cue in scenario.hidden_need.cues if not find_phrase(cue, said)
                  for span in text_phrase_spans(cue, text))


def need_in(text: str, scenario: Scenario) -> tuple[str, ...]:
    """The words of ``text`` that name the hidden need."""
    return tuple(text[a:b] for a, b in need_spans(text, scenario))
