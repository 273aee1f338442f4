"""coachkit.train_moves: the learned backstop is rebuilt from the labelled data, and a stale file is caught."""

from __future__ import annotations

import csv
import json
import shutil

import pytest

pytest.importorskip("sklearn")

from coachkit import _moves_model as mm  # noqa: E402
from coachkit import train_moves  # noqa: E402
from coachkit.config import DATA_DIR  # noqa: E402


def test_shipped_model_matches_the_labelled_data(capsys):
    """``--check`` passes on the repository as committed."""
    assert 0 == train_moves.main(["--check"]), capsys.readouterr().err
    assert "up to date" in capsys.readouterr().out


def test_check_fails_when_a_label_changed(tmp_path, monkeypatch, capsys):
    """Relabelling replies without retraining makes ``--check`` fail and say what to run."""
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR / "labelled", data / "labelled")
    shutil.copy(DATA_DIR / "replies.csv", data / "replies.csv")
    path = data / "labelled" / "moves_blind5.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    # every pressure label of the set is taken away (still valid content): the model learnt from the old labels
    for row in rows:
        row["moves"] = ";".join(m for m in row["moves"].split(";") if m != "pressure")
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    monkeypatch.setenv("COACHKIT_DATA", str(data))
    assert 1 == train_moves.main(["--check"])
    assert "out of date" in capsys.readouterr().err


def test_training_writes_a_model_the_detector_reads(tmp_path, monkeypatch):
    """Training writes JSON that loads into a model with every move and the configured threshold."""
    target = tmp_path / "moves_model.json"
    monkeypatch.setattr(mm, "MODEL_PATH", target)
    assert 0 == train_moves.main([])
    model = mm.Model.from_json(json.loads(target.read_text(encoding="utf-8")))
    assert (tuple(m.value for m in train_moves.Move), 0.6, 0.25, 0.8) == (
        model.moves, model.threshold, model.veto, model.sentence_threshold)


def test_labelled_rows_include_the_kits_own_replies():
    """The kit's replies.csv (with a context column) is part of what the model learns from."""
    ids = {r.id for r in train_moves.labelled_rows()}
    assert {"r001", "r002"} <= ids


def test_a_bad_labelled_file_is_named_not_trained_on(tmp_path, monkeypatch, capsys):
    """An unknown move in a labelled set stops training with the file, row and field, and writes no model."""
    data = tmp_path / "data"
    (data / "labelled").mkdir(parents=True)
    (data / "labelled" / "mine.csv").write_text("id,context,text,moves,optional\nx1,objection,What worries you?,exploring,\n",
                                                encoding="utf-8")
    target = tmp_path / "moves_model.json"
    monkeypatch.setattr(mm, "MODEL_PATH", target)
    monkeypatch.setenv("COACHKIT_DATA", str(data))
    assert 1 == train_moves.main([])
    err = capsys.readouterr().err
    assert ("mine.csv", "row 2", "moves[0]", False) == (
        "mine.csv" if "mine.csv" in err else err, "row 2" if "row 2" in err else err,
        "moves[0]" if "moves[0]" in err else err, target.exists())
