"""coachkit.content: loading the data folder, and errors that name file, entry and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from coachkit.content import ContentInvalid, load_replies, load_scenarios, validate
from coachkit.schema import Scenario

GOOD = Path(__file__).resolve().parents[1] / "data"


def _one_scenario() -> dict:
    data = yaml.safe_load((GOOD / "scenarios" / "software.yaml").read_text(encoding="utf-8"))
    return data["scenarios"][0]


def _write(folder: Path, entries: list[dict], name: str = "retail.yaml") -> Path:
    path = folder / "scenarios" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump({"scenarios": entries}, sort_keys=False), encoding="utf-8")
    return path


def test_shipped_data_is_valid():
    """The data folder of the repository validates without a single problem."""
    counts, errors = validate(GOOD)
    assert [] == [str(e) for e in errors]
    assert counts["scenarios"] >= 6
    assert counts["replies"] >= 10


def test_loader_returns_models():
    """load_scenarios gives Scenario objects with unique ids."""
    scenarios = load_scenarios(GOOD)
    assert all(isinstance(s, Scenario) for s in scenarios)
    assert len({s.id for s in scenarios}) == len(scenarios)


def test_missing_field_names_file_entry_and_field(tmp_path):
    """A scenario without its objection is reported with file, entry and field."""
    entry = _one_scenario()
    del entry["objection"]
    path = _write(tmp_path, [entry])
    counts, errors = validate(path)
    assert 1 == len(errors)
    message = str(errors[0])
    assert "retail.yaml" in message
    assert "entry 1 (id 'sw-price-small-team')" in message
    assert "field 'objection'" in message
    assert "missing" in message


def test_wrong_type_names_nested_field(tmp_path):
    """A synonyms list written as a number points at key_points[0].synonyms."""
    entry = _one_scenario()
    entry["key_points"][0]["synonyms"] = 42
    errors = validate(_write(tmp_path, [entry]))[1]
    assert ["key_points[0].synonyms"] == [e.field for e in errors]


def test_unknown_difficulty_is_refused(tmp_path):
    """Difficulty must be one of easy, medium, hard."""
    entry = _one_scenario()
    entry["difficulty"] = "impossible"
    (error,) = validate(_write(tmp_path, [entry]))[1]
    assert "difficulty" == error.field


def test_duplicate_ids_are_refused(tmp_path):
    """Two scenarios may not share an id, even in different files."""
    entry = _one_scenario()
    _write(tmp_path, [entry], "a.yaml")
    _write(tmp_path, [entry], "b.yaml")
    errors = validate(tmp_path)[1]
    assert ["id"] == [e.field for e in errors]
    assert "already used by" in errors[0].message


def test_bad_yaml_gives_line(tmp_path):
    """A YAML syntax error names the line."""
    path = tmp_path / "scenarios" / "broken.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("scenarios:\n  - id: x\n    title: [unclosed\n", encoding="utf-8")
    (error,) = validate(path)[1]
    assert "line" in error.entry and "not valid YAML" in error.message


def test_wrong_encoding_is_named(tmp_path):
    """A file saved in Latin-1 is reported as not UTF-8 instead of crashing."""
    path = tmp_path / "scenarios" / "latin.yaml"
    path.parent.mkdir(parents=True)
    path.write_bytes("scenarios:\n  - id: caf\xe9\n".encode("latin-1"))
    (error,) = validate(path)[1]
    assert "UTF-8" in error.message


def test_csv_row_and_field(tmp_path):
    """A replies row with an unknown move names the row number and the field."""
    src = (GOOD / "replies.csv").read_text(encoding="utf-8").splitlines()
    src.insert(2, 'rzz,objection,easy,,"Some reply.",shouting,"why"')
    path = tmp_path / "replies.csv"
    path.write_text("\n".join(src) + "\n", encoding="utf-8")
    (error,) = validate(path)[1]
    assert "row 3 (id 'rzz')" == error.entry
    assert error.field.startswith("moves")


def test_csv_missing_column(tmp_path):
    """A replies file without the explanation column is refused at its header."""
    path = tmp_path / "replies.csv"
    path.write_text("id,context,text,moves\nr1,objection,Hello,pitch\n", encoding="utf-8")
    errors = validate(path)[1]
    assert [("header", "explanation")] == [(e.entry, e.field) for e in errors]


def test_loader_raises_with_every_error(tmp_path):
    """load_scenarios refuses a bad folder and lists each problem."""
    entry = _one_scenario()
    del entry["title"]
    del entry["hidden_need"]
    _write(tmp_path, [entry])
    with pytest.raises(ContentInvalid) as info:
        load_scenarios(tmp_path)
    assert {"title", "hidden_need"} == {e.field for e in info.value.errors}


def test_stray_file_is_reported(tmp_path):
    """A content file the kit does not know is reported rather than ignored."""
    shutil.copytree(GOOD, tmp_path / "data")
    (tmp_path / "data" / "scenarioz.yaml").write_text("x: 1\n", encoding="utf-8")
    errors = validate(tmp_path / "data")[1]
    assert ["data/scenarioz.yaml"] == [e.file for e in errors]


def test_replies_split_moves():
    """Moves written as 'a;b' in the CSV become a list of moves."""
    replies = load_replies(GOOD)
    assert any(len(r.moves) > 1 for r in replies)


@pytest.mark.parametrize(("folder", "kinds"), [("scenarios", ["scenarios"]), ("labelled", ["labelled", "judged"])])
def test_a_kinds_own_folder_validates(folder, kinds):
    """`coachkit validate data/scenarios` reads the folder as its kinds (labelled replies, judged answers), not as strays."""
    from coachkit.config import DATA_DIR

    counts, errors = validate(DATA_DIR / folder)
    assert ([], kinds) == (errors, list(counts))
