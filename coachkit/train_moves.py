"""Train the move detector's learned backstop: ``python -m coachkit.train_moves [--check]``.

Reads every labelled set in ``data/labelled/`` (columns ``id,context,text,moves,optional``)
and the kit's own labelled replies (``data/replies.csv``), fits one logistic regression per
move over the features of ``coachkit._moves_model`` and writes ``lexicons/moves_model.json``.
``--check`` retrains in memory and fails when the shipped file no longer matches the data
(a labelled set was edited but the model was not rebuilt).

Needs scikit-learn (the ``test`` extra); the kit itself scores with the written weights only.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from coachkit import _moves_model as mm
from coachkit.config import (
    MOVE_MODEL_C,
    MOVE_MODEL_MIN_DF,
    MOVE_MODEL_SENTENCE_THRESHOLD,
    MOVE_MODEL_THRESHOLD,
    MOVE_MODEL_VETO,
)
from coachkit.eval import Row
from coachkit.moves import Move

__all__ = ["labelled_rows", "main", "train"]

#: The content kind (``data/labelled/*.csv``) the model is trained on, beside the kit's own replies.
LABELLED_KIND = "labelled"
#: Predictions of a retrained model may differ from the shipped one on this share of
#: (reply, move) pairs at most before ``--check`` calls the file stale (floating-point noise
#: across BLAS builds moves a handful of borderline scores, nothing more).
CHECK_TOLERANCE = 0.002
#: Log-odds given to a move no labelled reply shows (or every reply shows): certain, in practice.
NO_EVIDENCE_LOGIT = 20.0


def labelled_rows(root: Path | None = None) -> list[Row]:
    """Every labelled reply the model learns from: the sets in data/labelled/ and data/replies.csv,
    read and validated as content (``coachkit validate`` reports a bad file by file, row and field)."""
    from coachkit.content import load, load_replies

    rows = [Row(r.id, r.context, r.text, frozenset(r.moves), frozenset(r.optional)) for r in load(LABELLED_KIND, root)]
    rows += [Row(r.id, r.context, r.text, frozenset(r.moves), frozenset()) for r in load_replies(root)]
    return rows


def _idf(docs: Sequence[tuple[Counter, Counter]]) -> dict[str, float]:
    n = len(docs)
    vocab: dict[str, float] = {}
    for block, min_df in ((0, MOVE_MODEL_MIN_DF[0]), (1, MOVE_MODEL_MIN_DF[1])):
        df: Counter = Counter()
        for doc in docs:
            df.update(doc[block].keys())
        vocab.update({f: math.log((1 + n) / (1 + d)) + 1.0 for f, d in df.items() if d >= min_df})
    return vocab


def train(rows: Iterable[Row]) -> mm.Model:
    """Fit one balanced logistic regression per move; optional labels carry no weight."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    rows = list(rows)
    docs = [mm.raw_features(r.text, r.context) for r in rows]
    idf = _idf(docs)
    features = sorted(idf)
    column = {f: i for i, f in enumerate(features)}
    data, indices, indptr = [], [], [0]
    for counts in docs:
        x = {**mm.weigh(counts[0], idf), **mm.weigh(counts[1], idf)}
        for f in sorted(x, key=column.__getitem__):
            indices.append(column[f])
            data.append(x[f])
        indptr.append(len(indices))
    matrix = csr_matrix((np.array(data), np.array(indices), np.array(indptr)), shape=(len(rows), len(features)))
    moves = tuple(m.value for m in Move)
    coefs, bias = [], []
    for move in Move:
        y = np.array([1 if move in r.moves else 0 for r in rows])
        weight = np.array([1e-6 if move in r.optional else 1.0 for r in rows])
        if y.min() == y.max():  # no example either way: the move is always (or never) there
            coefs.append(np.zeros(len(features)))
            bias.append(NO_EVIDENCE_LOGIT if y.max() else -NO_EVIDENCE_LOGIT)
            continue
        fit = LogisticRegression(C=MOVE_MODEL_C, class_weight="balanced", max_iter=5000)
        fit.fit(matrix, y, sample_weight=weight)
        coefs.append(fit.coef_[0])
        bias.append(float(fit.intercept_[0]))
    weights = {f: tuple(float(c[i]) for c in coefs) for i, f in enumerate(features)}
    return mm.Model(moves, idf, weights, tuple(bias), MOVE_MODEL_THRESHOLD, MOVE_MODEL_VETO,
                    MOVE_MODEL_SENTENCE_THRESHOLD)


def _disagreement(a: mm.Model, b: mm.Model, rows: Sequence[Row]) -> float:
    differ = total = 0
    for r in rows:
        sa, sb = a.scores(r.text, r.context), b.scores(r.text, r.context)
        for move in a.moves:
            total += 1
            differ += (sa[move] > a.threshold) != (sb.get(move, 0.0) > b.threshold)
    return differ / total if total else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coachkit.train_moves", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the shipped model does not match the data")
    args = parser.parse_args(argv)
    from coachkit.content import ContentInvalid

    try:
        rows = labelled_rows()
    except ContentInvalid as exc:
        print(f"error: the labelled data is not valid (run coachkit validate):\n{exc}", file=sys.stderr)
        return 1
    fresh = train(rows)
    if args.check:
        if not mm.MODEL_PATH.exists():
            print(f"{mm.MODEL_PATH}: missing; run python -m coachkit.train_moves", file=sys.stderr)
            return 1
        shipped = mm.Model.from_json(json.loads(mm.MODEL_PATH.read_text(encoding="utf-8")))
        same_shape = shipped.moves == fresh.moves and set(shipped.idf) == set(fresh.idf)
        share = _disagreement(shipped, fresh, rows) if same_shape else 1.0
        if not same_shape or share > CHECK_TOLERANCE:
            print(f"{mm.MODEL_PATH}: out of date with the labelled data ({share:.1%} of predictions differ); "
                  "run python -m coachkit.train_moves", file=sys.stderr)
            return 1
        print(f"{mm.MODEL_PATH.name}: up to date ({len(rows)} labelled replies, {len(fresh.idf)} features)")
        return 0
    text = json.dumps(fresh.to_json(), separators=(",", ":"))
    mm.MODEL_PATH.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {mm.MODEL_PATH} ({len(rows)} labelled replies, {len(fresh.idf)} features, {len(text) // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
