"""The move detector's learned backstop: a linear model over word and character n-grams.

The rules in ``_moves_rules.py`` read structure and cues and explain every finding; what they
miss is wording nobody foresaw. This model, trained by ``python -m coachkit.train_moves`` on the
labelled replies in ``data/labelled/`` and ``data/replies.csv``, scores each move from the words
of a reply (unigrams, pairs, sentence openings and character n-grams that survive typos and
inflection). The detector adds a move the rules missed when the model is confident, and drops a
rule finding the model sees nothing of (``config.MOVE_MODEL_*``; docs/architecture.md). Pure
Python at run time: weights are data (``lexicons/moves_model.json``), so scoring is deterministic
and offline.
"""

from __future__ import annotations

import base64
import json
import math
import sys
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from operator import itemgetter
from pathlib import Path

from coachkit._moves_rules import BUILDING, Piece, sentences
from coachkit.wordforms import STOPWORDS, WORD

MODEL_PATH = Path(__file__).with_name("lexicons") / "moves_model.json"

_CHAR_SIZES = (3, 4, 5)


def words(text: str) -> list[tuple[str, int, int]]:
    """Lower-cased words with their offsets; curly apostrophes read as straight ones."""
    return [(m.group().lower().replace("’", "'"), m.start(), m.end()) for m in WORD.finditer(text)]


@dataclass(frozen=True)
class Part:
    """What one sentence contributes: its words, its word features and its character n-grams."""

    words: tuple[str, ...]
    word_features: tuple[str, ...]
    char_features: tuple[str, ...]


def parts(pieces: Iterable[Piece]) -> list[Part]:
    """The features of each sentence (as split by the rules), read once for reply and sentences.

    Word features: words, word pairs, and how the sentence opens (who or what it is about:
    "you…", "we…", "so…") and, for a question, the question form ("what…?" invites, "can I…?"
    asks leave, "don't you…?" leads).
    """
    out = []
    for piece in pieces:
        ws = tuple(w for w, _, _ in words(piece.text))
        feats = [f"w:{w}" for w in ws]
        feats += [f"w:{a} {b}" for a, b in zip(ws, ws[1:], strict=False)]
        if ws:
            opening = ws[:2]
            for mark in ("s", "q") if piece.text.rstrip().endswith("?") else ("s",):
                feats += [f"{mark}0:{opening[0]}", f"{mark}01:{' '.join(opening)}"]
        out.append(Part(ws, tuple(feats), tuple(chain.from_iterable(map(_grams, ws)))))
    return out


def combined(pieces: list[Part], context: str) -> tuple[Counter, Counter]:
    """The features of a reply made of these sentences (pairs across sentence ends included)."""
    across = (f"w:{a.words[-1]} {b.words[0]}" for a, b in zip(pieces, pieces[1:], strict=False) if a.words and b.words)
    word_counts = Counter(chain(chain.from_iterable(p.word_features for p in pieces), across, (f"ctx:{context}",)))
    return word_counts, Counter(chain.from_iterable(p.char_features for p in pieces))


def alone(part: Part, context: str) -> tuple[Counter, Counter]:
    """The features of one sentence read on its own."""
    return Counter(chain(part.word_features, (f"ctx:{context}",))), Counter(part.char_features)


def raw_features(text: str, context: str) -> tuple[Counter, Counter]:
    """Counts of word features and of character n-grams of a whole text (see ``parts``)."""
    return combined(parts(sentences(text)), context)


@lru_cache(maxsize=1 << 16)
def _grams(word: str) -> tuple[str, ...]:
    """The character n-grams of a word padded with a space on each side."""
    padded = f" {word} "
    return tuple(f"c:{padded[i:i + n]}" for n in _CHAR_SIZES for i in range(len(padded) - n + 1))


def weigh(counts: Counter, idf: dict[str, float]) -> dict[str, float]:
    """Sublinear tf-idf over the known features, scaled to unit length."""
    values = {f: (1.0 + math.log(c)) * idf[f] for f, c in counts.items() if f in idf}
    norm = math.sqrt(sum(v * v for v in values.values()))
    return {f: v / norm for f, v in values.items()} if norm else {}


def vector(text: str, context: str, idf: dict[str, float]) -> dict[str, float]:
    """The feature vector of a reply: word block and character block, each of unit length."""
    word_counts, char_counts = raw_features(text, context)
    return {**weigh(word_counts, idf), **weigh(char_counts, idf)}


class _Rows(Mapping):
    """feature -> its weights, one per move, read from the model's flat array."""

    def __init__(self, index: dict[str, int], flat: array, width: int):
        self._index, self._flat, self._width = index, flat, width

    def __getitem__(self, feature: str) -> tuple[float, ...]:
        at = self._index[feature] * self._width
        return tuple(self._flat[at:at + self._width])

    def __iter__(self):
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)


class Model:
    """Per-move weights over shared features; ``scores`` gives each move's logistic probability.

    Weights live in one flat array of doubles (features x moves), scaled by each feature's idf so a
    feature seen once adds its row as it is: a fraction of the memory of Python floats."""

    def __init__(self, moves: tuple[str, ...], idf: dict[str, float], weights, bias: tuple[float, ...],
                 threshold: float, veto: float = 0.0, sentence_threshold: float = 1.0):
        self.moves, self.bias, self.threshold, self.veto = tuple(moves), tuple(bias), threshold, veto
        self.sentence_threshold = sentence_threshold
        self.idf = idf
        width = len(self.moves)
        self._index = {f: i for i, f in enumerate(idf)}
        self._idf = array("d", idf.values())
        if isinstance(weights, array):
            self._raw = weights
        else:
            self._raw = array("d", (w for f in idf for w in weights[f]))
        # one column per move, weights scaled by idf (a feature seen once adds its value as it is)
        self._columns = [array("d", (self._raw[at * width + j] * self._idf[at] for at in range(len(self._idf))))
                         for j in range(width)]
        self._idf2 = array("d", (v * v for v in self._idf))
        self.weights = _Rows(self._index, self._raw, width)

    def replace(self, **changes) -> Model:
        """A copy with other settings (``threshold``, ``veto``, ``sentence_threshold``), sharing the weights."""
        settings = {"threshold": self.threshold, "veto": self.veto, "sentence_threshold": self.sentence_threshold,
                    **changes}
        return Model(self.moves, self.idf, self._raw, self.bias, **settings)

    def scores(self, text: str, context: str) -> dict[str, float]:
        """The probability of each move for a reply (or a sentence of it)."""
        return self.scores_of(raw_features(text, context))

    def scores_of(self, features: tuple[Counter, Counter]) -> dict[str, float]:
        """The probability of each move from the feature counts of the word block and the
        character block: ``vector`` dotted with the weights, gathered column by column in C
        (``itemgetter``) for speed."""
        get, idf2, columns = self._index.get, self._idf2, self._columns
        sums = list(self.bias)
        for counts in features:
            found = [(at, c) for at, c in zip(map(get, counts.keys()), counts.values(), strict=True) if at is not None]
            if not found:
                continue
            ats = [at for at, _ in found]
            repeated = [(at, 1.0 + math.log(c)) for at, c in found if c > 1]
            gather = itemgetter(*ats) if len(ats) > 1 else (lambda column, at=ats[0]: (column[at],))
            squares = sum(gather(idf2))
            if repeated:  # a feature seen c times counts 1 + log(c) times its value: add the difference
                squares += sum((tf * tf - 1.0) * idf2[at] for at, tf in repeated)
                totals = [sum(gather(column)) + sum((tf - 1.0) * column[at] for at, tf in repeated) for column in columns]
            else:
                totals = [sum(gather(column)) for column in columns]
            norm = math.sqrt(squares)
            sums = [s + total / norm for s, total in zip(sums, totals, strict=True)]
        return {m: 1.0 / (1.0 + math.exp(-s)) for m, s in zip(self.moves, sums, strict=True)}

    def shares(self, pieces: list[Part], context: str, move: str) -> list[float]:
        """How much each sentence adds to the reply's score for ``move``: each feature's push
        (its tf-idf value in the reply times its weight) split among the sentences it occurs in."""
        i, width = self.moves.index(move), len(self.moves)
        word_counts, char_counts = combined(pieces, context)
        x = {**weigh(word_counts, self.idf), **weigh(char_counts, self.idf)}
        out = []
        for part in pieces:
            mine = Counter(chain(part.word_features, part.char_features))
            total = 0.0
            for f, c in mine.items():
                if f in x:
                    share = c / (word_counts[f] or char_counts[f])
                    total += share * x[f] * self._raw[self._index[f] * width + i]
            out.append(total)
        return out

    def cues(self, text: str, context: str, move: str, limit: int = 3) -> list[str]:
        """The words of the text (not bare function words) that push most towards ``move``, strongest first."""
        i, width = self.moves.index(move), len(self.moves)
        word_counts, _ = raw_features(text, context)
        x = weigh(word_counts, self.idf)
        pushed = sorted(((v * self._raw[self._index[f] * width + i], f[2:]) for f, v in x.items()
                         if f.startswith("w:") and not set(f[2:].split()) <= STOPWORDS), reverse=True)
        return [w for push, w in pushed[:limit] if push > 0]

    def to_json(self) -> dict:
        """Settings and feature names as JSON; idf and weights as little-endian float32, base64."""
        return {"moves": list(self.moves), "threshold": self.threshold, "veto": self.veto,
                "sentence_threshold": self.sentence_threshold,
                "bias": [round(b, 6) for b in self.bias], "features": list(self.idf),
                "idf": _pack(self._idf), "weights": _pack(self._raw)}

    @classmethod
    def from_json(cls, data: dict) -> Model:
        features = data["features"]
        idf = dict(zip(features, _unpack(data["idf"]), strict=True))
        return cls(tuple(data["moves"]), idf, _unpack(data["weights"]), tuple(data["bias"]),
                   data["threshold"], data.get("veto", 0.0), data.get("sentence_threshold", 1.0))


def _pack(values: array) -> str:
    packed = array("f", values)
    if sys.byteorder != "little":
        packed.byteswap()
    return base64.b64encode(packed.tobytes()).decode("ascii")


def _unpack(text: str) -> array:
    packed = array("f")
    packed.frombytes(base64.b64decode(text))
    if sys.byteorder != "little":
        packed.byteswap()
    return array("d", packed)


@lru_cache(maxsize=1)
def model() -> Model:
    """The shipped model, read once (a second thread waits for the first instead of reading it again)."""
    with BUILDING:
        return _model()


@lru_cache(maxsize=1)
def _model() -> Model:
    return Model.from_json(json.loads(MODEL_PATH.read_text(encoding="utf-8")))
