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

import snowballstemmer

__all__ = ["Token", "tokens", "stem", "find_phrase", "STOPWORDS", "WORD", "content_stems"]

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


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The stem of one word (lower-cased, apostrophes normalised)."""
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    return _stemmer().stemWord(word)


def tokens(text: str) -> list[Token]:
    """The words of ``text`` with their offsets and stems."""
    return [Token(m.group(), m.start(), m.end(), stem(m.group())) for m in WORD.finditer(text)]


@lru_cache(maxsize=4096)
def _phrase_stems(phrase: str) -> tuple[str, ...]:
    return tuple(t.stem for t in tokens(phrase))


def find_phrase(phrase: str, toks: list[Token]) -> tuple[int, int] | None:
    """Offsets of the first place where the words of ``phrase`` occur in order, in any word form."""
    wanted = _phrase_stems(phrase)
    if not wanted:
        return None
    n = len(wanted)
    for i in range(len(toks) - n + 1):
        if all(toks[i + k].stem == wanted[k] for k in range(n)):
            return toks[i].start, toks[i + n - 1].end
    return None


def content_stems(text: str) -> set[str]:
    """The stems of the words of ``text`` that carry meaning (function words left out)."""
    return {t.stem for t in tokens(text) if t.text.lower() not in STOPWORDS and len(t.text) > 2}
