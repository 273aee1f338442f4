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
from functools import lru_cache, partial, reduce
from itertools import chain, compress, repeat
from operator import add, gt, is_not, itemgetter, mul, sub, truediv
from pathlib import Path

from coachkit._moves_rules import BUILDING
from coachkit.sentences import Piece, sentences
from coachkit.wordforms import STOPWORDS, WORD

MODEL_PATH = Path(__file__).with_name("lexicons") / "moves_model.json"

_CHAR_SIZES = (3, 4, 5)


def words(text: str) -> list[tuple[str, int, int]]:
    """Lower-cased words with their offsets; curly apostrophes read as straight ones."""
    return [(m.group().lower().replace("’", "'"), m.start(), m.end()) for m in WORD.finditer(text)]


def _plain_words(text: str) -> tuple[str, ...]:
    """The words of ``words(text)`` without their offsets (an ASCII text is lower-cased whole: the same words)."""
    if text.isascii():
        return tuple(WORD.findall(text.lower()))
    return tuple(w.lower().replace("’", "'") for w in WORD.findall(text))


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
        ws = _plain_words(piece.text)
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


def _total(block, column) -> float:
    """One block's dot product with one column of weights (scaled by idf)."""
    gather, again, extra, _norm = block
    if again is None:
        return sum(gather(column))
    return sum(gather(column)) + sum(map(mul, extra, again(column)))


class _Lazy(Mapping):
    """A move's probability, computed on first use from prepared blocks (see ``Model.lazy_scores``)."""

    def __init__(self, model: Model, blocks: list):
        self._model, self._blocks, self._known = model, blocks, {}

    def __getitem__(self, move: str) -> float:
        value = self._known.get(move)
        if value is None:
            j = self._model.moves.index(move)
            column = self._model._columns[j]
            s = self._model.bias[j]
            for block in self._blocks:
                s = s + _total(block, column) / block[3]
            value = self._known[move] = 1.0 / (1.0 + math.exp(-s))
        return value

    def __iter__(self):
        return iter(self._model.moves)

    def __len__(self) -> int:
        return len(self._model.moves)


def _gatherer(ats: list[int]):
    """A function that takes the values at ``ats`` from a column, as a tuple (``itemgetter`` gives a bare value for one)."""
    if len(ats) > 1:
        return itemgetter(*ats)
    at = ats[0]
    return lambda column: (column[at],)


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
        (``itemgetter``, ``map``) for speed; every sum adds the same floats in the same order."""
        blocks = [b for b in map(self._block, features) if b is not None]
        sums = list(self.bias)
        for block in blocks:
            norm = block[3]
            sums = [s + total / norm for s, total in zip(sums, map(partial(_total, block), self._columns), strict=True)]
        return {m: 1.0 / (1.0 + math.exp(-s)) for m, s in zip(self.moves, sums, strict=True)}

    def lazy_scores(self, features: tuple[Counter, Counter]) -> Mapping[str, float]:
        """``scores_of(features)``, each move's probability worked out when it is first asked for (the same
        float): a sentence is usually asked about one move."""
        return _Lazy(self, [b for b in map(self._block, features) if b is not None])

    def _block(self, counts: Counter):
        """What a block of feature counts needs for its dot products: the gatherers of its known features and of
        those seen more than once, their extra counts (1 + log(c) - 1) and the block's norm; None if none is known."""
        ats = list(map(self._index.get, counts))
        if None in ats:  # features the model does not know
            known = list(map(is_not, ats, repeat(None)))
            ats, tally = list(compress(ats, known)), list(compress(counts.values(), known))
        else:
            tally = list(counts.values())
        if not ats:
            return None
        gather, idf2 = _gatherer(ats), self._idf2
        squares = sum(gather(idf2))
        many = list(map(gt, tally, repeat(1)))
        if not any(many):
            return gather, None, None, math.sqrt(squares)
        # a feature seen c times counts 1 + log(c) times its value: add the difference
        again = _gatherer(list(compress(ats, many)))
        tfs = list(map(add, repeat(1.0), map(math.log, compress(tally, many))))
        squares += sum(map(mul, map(sub, map(mul, tfs, tfs), repeat(1.0)), again(idf2)))
        return gather, again, list(map(sub, tfs, repeat(1.0))), math.sqrt(squares)

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


class Shares:
    """How much each sentence adds to a reply's score for a move: each feature's push (its tf-idf value in the reply
    times its weight) split among the sentences it occurs in. What every move has in common is worked out once: each
    sentence's known features and, for each, its value in the reply times the sentence's part of its count; a move
    then only gathers its weights (in C) and adds the products in the features' order (the same floats, in the same
    order, as adding them one by one)."""

    def __init__(self, model: Model, pieces: list[Part], counts: tuple[Counter, Counter]):
        word_counts, char_counts = counts  # ``combined(pieces, context)``: the reply's counts
        x = {**weigh(word_counts, model.idf), **weigh(char_counts, model.idf)}
        total = {**word_counts, **char_counts}  # word and character features never share a name ("c:…")
        self._model, self._rows, self._columns = model, [], {}
        for part in pieces:
            mine = Counter(chain(part.word_features, part.char_features))
            known = list(compress(mine, map(x.__contains__, mine)))
            splits = map(truediv, map(mine.__getitem__, known), map(total.__getitem__, known))
            self._rows.append((_gatherer(list(map(model._index.__getitem__, known))) if known else None,
                               list(map(mul, splits, map(x.__getitem__, known)))))

    def of(self, move: str, among: Iterable[int]) -> dict[int, float]:
        """The share of each sentence of ``among`` (their indices) in the reply's score for ``move``."""
        column = self._columns.get(move)
        if column is None:  # the move's raw weights, one per feature
            column = self._columns[move] = self._model._raw[self._model.moves.index(move)::len(self._model.moves)]
        out = {}
        for i in among:
            gather, pushes = self._rows[i]
            out[i] = reduce(add, map(mul, pushes, gather(column)), 0.0) if gather else 0.0
        return out


class Reading:
    """The learned model's scores for a reply and, read once on demand, for each of its sentences (a sentence's
    score for a move is worked out when first asked for: usually one move is)."""

    def __init__(self, model: Model, sentences: list[Piece], context: str):
        self.model, self.context = model, context
        self.parts = parts(sentences)
        self._counts = combined(self.parts, context)
        self.reply = model.scores_of(self._counts)
        self._alone: dict[int, Mapping[str, float]] = {}
        self._shares: Shares | None = None

    def sentence(self, index: int) -> Mapping[str, float]:
        """The scores of sentence ``index`` read on its own (the reply's, in a reply of one sentence)."""
        if len(self.parts) == 1:
            return self.reply
        if index not in self._alone:
            self._alone[index] = self.model.lazy_scores(alone(self.parts[index], self.context))
        return self._alone[index]

    def shares(self, move: str, among: list[int]) -> dict[int, float]:
        """How much each sentence of ``among`` adds to the reply's score for ``move`` (0 in a reply of one)."""
        if len(self.parts) == 1:
            return dict.fromkeys(among, 0.0)
        if self._shares is None:
            self._shares = Shares(self.model, self.parts, self._counts)
        return self._shares.of(move, among)


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
