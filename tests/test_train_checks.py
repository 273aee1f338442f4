"""coachkit.train_checks: the second opinion is rebuilt from the open judged sets, and a stale file is caught."""

import json
from pathlib import Path

import pytest

pytest.importorskip("sklearn")

from coachkit import second_opinion, train_checks  # noqa: E402

OPEN = sorted((Path(__file__).parents[1] / "data" / "labelled").glob("judged_set*.yaml"))


def test_the_shipped_file_was_trained_on_todays_sets(capsys):
    """``--check`` passes: the file's recorded sets and hashes are the open judged sets of data/labelled."""
    assert 0 == train_checks.main(["--check"]), capsys.readouterr().err


def test_an_edited_set_makes_the_file_stale(tmp_path, monkeypatch, capsys):
    """A judged set edited (or added) after training is named by ``--check``."""
    edited = tmp_path / OPEN[0].name
    edited.write_text(OPEN[0].read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    monkeypatch.setattr(train_checks, "judged_sets", lambda root=None: [edited, *OPEN[1:]])
    assert 1 == train_checks.main(["--check"])
    assert OPEN[0].name in capsys.readouterr().err


def test_training_reads_words_and_the_rules_levels():
    """Trained on two sets: one regression per judged check, word and level features, a file that reads back."""
    rows = train_checks.examples(OPEN[:2])
    assert rows and all(r.kind in train_checks.KINDS for r in rows)
    model = train_checks.train(rows, {"sets": {}})
    assert set(model.judged) <= set(train_checks.KINDS) and model.checks
    features = {f for m in model.checks.values() for f in m.weights}
    assert any(f.startswith("=self:") for f in features) and any(not f.startswith("=") for f in features)
    again = second_opinion.Model.from_json(json.loads(json.dumps(model.to_json())))
    (kind, name), check = next(iter(model.checks.items()))
    x = second_opinion.features({"so", "you"}, name, dict.fromkeys(model.judged[kind], "partial"), model.level_weight)
    assert again.checks[kind, name].probabilities(x) == pytest.approx(check.probabilities(x), abs=1e-4)
