"""Word forms: tokens, stems and phrase matching that ignore inflection.

"worried", "worries" and "worry" share a stem, so a key point listed as "worry" is found in
"you're worried about…". Stemming is snowballstemmer's English stemmer: deterministic and
offline.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import snowballstemmer
import yaml

__all__ = ["Token", "tokens", "stem", "find_phrase", "phrase_spans", "STOPWORDS", "WORD", "content_stems", "forget",
           "text_phrase_spans", "word_spans", "word_stems"]

#: A word: letters and digits, with inner apostrophes ("don't", "customer’s"); shared by the detector's model.
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
# snowballstemmer's stemmers keep their working string on the object: two threads sharing one get each
# other's words back (or an IndexError). One stemmer per thread (the kernel's, the detector's warm-up).
_LOCAL = threading.local()


def _stemmer():
    stemmer = getattr(_LOCAL, "stemmer", None)
    if stemmer is None:
        stemmer = _LOCAL.stemmer = snowballstemmer.stemmer("english")
    return stemmer


#: Function words that carry no topic: ignored when comparing what two texts talk about.
STOPWORDS = frozenset(
    """a an the and or but so of to in on at for with from by about as into than then that this these those
    it its it's is are was were be been being am do does did have has had i me my we our us you your yours
    he she they them their his her not no yes if when what how why who which there here just very really
    can could would should will shall may might must also too more most some any all one up out over again
    get got let me s t""".split()
)


@dataclass(frozen=True)
class Token:
    """A word of a text, with its position and its stem."""

    text: str
    start: int
    end: int
    stem: str


def _numbers() -> dict[str, str]:
    text = resources.files("coachkit").joinpath("lexicons/numbers.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))["numbers"]  # noqa: S506 - a safe loader


#: Number words and the figure each names (``lexicons/numbers.yaml``): "six" and "6" have one stem.
NUMBERS: dict[str, str] = _numbers()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The stem of one word (lower-cased, apostrophes normalised; a number word's stem is its figure)."""
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    return _stem(word)


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    # by the word as normalised: "Worried", "worried" and "worried's" run the stemmer once (≈ 30 µs a word)
    return NUMBERS.get(word) or _stemmer().stemWord(word)


def tokens(text: str) -> list[Token]:
    """The words of ``text`` with their offsets and stems (a fresh list; the reading of a text is kept)."""
    return list(_tokens(text))


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[Token, ...]:
    # feedback reads the same sentence for key points, the need, parroting: tokenised once
    return tuple(_token(m.group(), m.start(), m.end()) for m in WORD.finditer(text))


@lru_cache(maxsize=4096)
def word_stems(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words of ``text`` and their stems, as ``tokens`` reads them, without their offsets: a reader that only
    compares stems (parroting, the claim's words, the need's cues in a whole reply) builds no Token per word."""
    words = tuple(WORD.findall(text))
    return words, tuple(map(stem, words))


def word_spans(text: str) -> list[tuple[int, int]]:
    """The offsets of the words of ``text`` (of ``word_stems(text)``, one by one)."""
    return [m.span() for m in WORD.finditer(text)]


def forget() -> None:
    """Forget the words of every text read (benchmarks measure a reply read from scratch)."""
    _tokens.cache_clear()
    word_stems.cache_clear()


_NEW, _SET = object.__new__, object.__setattr__


def _token(word: str, start: int, end: int) -> Token:
    """``Token(word, start, end, stem(word))``, its fields set in one go (a frozen dataclass's ``__init__`` sets
    them one by one through ``object.__setattr__``: four times slower, and a long reply has thousands)."""
    token = _NEW(Token)
    _SET(token, "__dict__", {"text": word, "start": start, "end": end, "stem": stem(word)})
    return token


@lru_cache(maxsize=4096)
def _phrase_stems(phrase: str) -> tuple[str, ...]:
    return tuple(t.stem for t in tokens(phrase))


def find_phrase(phrase: str, toks: list[Token]) -> tuple[int, int] | None:
    """Offsets of the first place where the words of ``phrase`` occur in order, in any word form."""
    wanted = _phrase_stems(phrase)
    if not wanted:
        return None
    n, first = len(wanted), wanted[0]
    for i, t in enumerate(toks):
        if t.stem == first and (n == 1 or tuple(x.stem for x in toks[i:i + n]) == wanted):
            return t.start, toks[i + n - 1].end
    return None


def phrase_spans(phrase: str, toks: list[Token]) -> list[tuple[int, int]]:
    """Offsets of every place where the words of ``phrase`` occur in order, in any word form."""
    wanted = _phrase_stems(phrase)
    if not wanted:
        return []
    stems = [t.stem for t in toks]
    n, out, i = len(wanted), [], 0
    while True:
        try:
            i = stems.index(wanted[0], i)
        except ValueError:
            return out
        if stems[i:i + n] == list(wanted):
            out.append((toks[i].start, toks[i + n - 1].end))
        i += 1


def text_phrase_spans(phrase: str, text: str) -> list[tuple[int, int]]:
    """``phrase_spans(phrase, tokens(text))``: the offsets are read only where the phrase is."""
    wanted = _phrase_stems(phrase)
    if not wanted:
        return []
    stems = word_stems(text)[1]
    n, out, i, places = len(wanted), [], 0, None
    while True:
        try:
            i = stems.index(wanted[0], i)
        except ValueError:
            return out
        if stems[i:i + n] == wanted:
            places = places or word_spans(text)
            out.append((places[i][0], places[i + n - 1][1]))
        i += 1


def content_stems(text: str) -> set[str]:
    """The stems of the words of ``text`` that carry meaning (function words left out)."""
    return {t.stem for t in tokens(text) if t.text.lower() not in STOPWORDS and len(t.text) > 2}
