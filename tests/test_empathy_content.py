"""Empathy-framing content (module 2): the shipped files, their balance, and how bad entries are refused."""

from __future__ import annotations

import typing
from collections import Counter
from pathlib import Path

import yaml

from coachkit.content import (
    load_alliance,
    load_client_frames,
    load_openings,
    load_refusals,
    load_statements,
    validate,
)
from coachkit.empathy import ALLIANCE_DIMENSIONS, classify_statement, score_client_frame, score_opening
from coachkit.moves import ANTI_PATTERNS, detect_moves
from coachkit.schema import MOTIVES, Refusal

GOOD = Path(__file__).resolve().parents[1] / "data"
FILES = ("statements.csv", "refusals.yaml", "client_frames.yaml", "openings.yaml", "alliance.yaml")

#: Share of statements.csv labels the classifier must agree with.
AGREEMENT = 0.85


def _entries(name: str, key: str) -> list[dict]:
    return yaml.safe_load((GOOD / name).read_text(encoding="utf-8"))[key]


def _write(folder: Path, name: str, key: str, entries: list[dict]) -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump({key: entries}, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- shipped content


def test_shipped_empathy_content_is_valid():
    """The five module-2 files validate without a problem, with enough entries of each kind."""
    counts, errors = validate(GOOD)
    assert [] == [str(e) for e in errors if e.file.endswith(FILES)]
    assert counts["statements"] >= 42
    assert counts["refusals"] >= 24
    assert counts["client_frames"] >= 8
    assert counts["openings"] >= 6
    assert 9 == counts["alliance"]


def test_statements_mix_the_three_labels():
    """About 16 projection, 16 empathy and 10 other statements (each within a few)."""
    labels = Counter(s.label for s in load_statements(GOOD))
    assert 14 <= labels["projection"] <= 20
    assert 14 <= labels["empathy"] <= 20
    assert 8 <= labels["other"] <= 14


def test_statements_include_mixed_ones():
    """At least six statements are mixed (their reason says so), on every side of the sort."""
    mixed = Counter(s.label for s in load_statements(GOOD) if s.reason.startswith("Mixed"))
    assert sum(mixed.values()) >= 6
    assert min(mixed["projection"], mixed["empathy"]) >= 2 and mixed["other"] >= 1


def test_every_motive_has_three_refusals():
    """Each motive of Refusal is diagnosed in at least three refusals."""
    motives = Counter(r.motive for r in load_refusals(GOOD))
    assert {m: 3 for m in MOTIVES} == {m: min(3, motives[m]) for m in MOTIVES}


def test_motives_are_declared_and_documented_once():
    """MOTIVES lists exactly the motives the schema accepts, and the Refusal docstring explains each."""
    accepted = typing.get_args(Refusal.model_fields["motive"].annotation)
    assert sorted(accepted) == sorted(MOTIVES)
    assert [] == [m for m in MOTIVES if f"``{m}``" not in (Refusal.__doc__ or "")]


def test_fitting_responses_hold_no_anti_pattern():
    """No response marked as fitting argues, pitches, projects or pushes (as the move detector reads it)."""
    wrong = [(r.id, x.text, [d.move.value for d in detect_moves(x.text) if d.move in ANTI_PATTERNS])
             for r in load_refusals(GOOD) for x in r.responses if x.fits]
    assert [] == [w for w in wrong if w[2]]


def test_model_client_items_score_full_marks():
    """Every client frame's model items pass their own rubric with full marks."""
    scores = {f.id: score_client_frame(list(f.model_items), f).score for f in load_client_frames(GOOD)}
    assert {} == {k: v for k, v in scores.items() if v < 1.0}


def test_model_openings_score_full_marks():
    """Every model opening starts from the client, asks an open question and holds the offer back."""
    scores = {o.id: score_opening(o.model_opening, o).score for o in load_openings(GOOD)}
    assert {} == {k: v for k, v in scores.items() if v < 1.0}


def test_alliance_has_three_statements_per_dimension():
    """The self-check holds three statements for each of authenticity, respect and empathy."""
    per = Counter(i.dimension for i in load_alliance(GOOD))
    assert {d: 3 for d in ALLIANCE_DIMENSIONS} == dict(per)


def test_classifier_agrees_with_statement_labels():
    """classify_statement agrees with the labels of statements.csv on at least 85% of rows."""
    statements = load_statements(GOOD)
    got = {s.id: classify_statement(s.text) for s in statements}
    disagreements = [s for s in statements if got[s.id][0] != s.label]
    agreement = 1 - len(disagreements) / len(statements)
    print(f"\nstatements.csv: the classifier agrees with {agreement:.0%} of {len(statements)} labels")
    for s in disagreements:
        print(f"  {s.id}: labelled {s.label}, read as {got[s.id][0]} from {got[s.id][1]}: {s.text}")
    assert agreement >= AGREEMENT


def test_classifier_deciding_words_overlap_the_curated_ones():
    """Where the classifier agrees, its deciding words share a word with the curated ones on most rows."""
    statements = load_statements(GOOD)
    agreed = [(s, classify_statement(s.text)) for s in statements]
    agreed = [(s, words) for s, (label, words) in agreed if label == s.label and s.label != "other"]
    shared = [s.id for s, words in agreed
              if {w.lower() for d in s.deciding_words for w in d.split()} & {w.lower() for d in words for w in d.split()}]
    assert len(shared) >= 0.85 * len(agreed)


# --------------------------------------------------------------------------- bad content is refused


def test_deciding_word_not_in_text_is_refused(tmp_path):
    """A deciding word that the text does not hold is reported with file, row and field."""
    path = tmp_path / "statements.csv"
    path.write_text("id,text,label,deciding_words,reason\n"
                    "st-one,\"You should sign today.\",projection,You should;if I were you,Advice.\n", encoding="utf-8")
    (error,) = validate(path)[1]
    assert ("statements.csv", "row 2 (id 'st-one')", "deciding_words") == (Path(error.file).name, error.entry, error.field)
    assert "'if I were you' not found in the text" in error.message


def test_deciding_words_match_whole_words_only(tmp_path):
    """"sign" is not found inside "signature": deciding words are whole words of the text."""
    path = tmp_path / "statements.csv"
    path.write_text("id,text,label,deciding_words,reason\n"
                    "st-one,Your signature is needed.,other,sign,Information.\n", encoding="utf-8")
    (error,) = validate(path)[1]
    assert "deciding_words" == error.field


def test_unknown_statement_label_is_refused(tmp_path):
    """A label other than projection / empathy / other points at the label column."""
    path = tmp_path / "statements.csv"
    path.write_text("id,text,label,deciding_words,reason\n"
                    "st-one,You should sign.,advice,You should,Advice.\n", encoding="utf-8")
    (error,) = validate(path)[1]
    assert "label" == error.field


def test_refusal_without_fitting_response_is_refused(tmp_path):
    """A refusal where no response fits is reported on its responses field."""
    entry = _entries("refusals.yaml", "refusals")[0]
    for response in entry["responses"]:
        response["fits"] = False
    (error,) = validate(_write(tmp_path, "refusals.yaml", "refusals", [entry]))[1]
    assert ("refusals.yaml", "entry 1 (id 'unk-cloud-accounting')", "responses") == (
        Path(error.file).name, error.entry, error.field)
    assert "no response fits" in error.message


def test_refusal_where_every_response_fits_is_refused(tmp_path):
    """Every response marked as fitting is too many: one or two must fit."""
    entry = _entries("refusals.yaml", "refusals")[0]
    for response in entry["responses"]:
        response["fits"] = True
    (error,) = validate(_write(tmp_path, "refusals.yaml", "refusals", [entry]))[1]
    assert "responses" == error.field
    assert "4 responses fit; only one or two may" in error.message


def test_unknown_motive_is_refused(tmp_path):
    """A motive outside the declared list points at the motive field and lists the allowed ones."""
    entry = _entries("refusals.yaml", "refusals")[0]
    entry["motive"] = "laziness"
    (error,) = validate(_write(tmp_path, "refusals.yaml", "refusals", [entry]))[1]
    assert ("entry 1 (id 'unk-cloud-accounting')", "motive") == (error.entry, error.field)
    assert "status_quo" in error.message


def test_refusal_with_two_responses_is_refused(tmp_path):
    """A refusal needs at least three responses to choose from."""
    entry = _entries("refusals.yaml", "refusals")[1]
    entry["responses"] = entry["responses"][:2]
    (error,) = validate(_write(tmp_path, "refusals.yaml", "refusals", [entry]))[1]
    assert "responses" == error.field


def test_client_frame_with_too_few_model_items_is_refused(tmp_path):
    """A client frame needs four to six model items."""
    entry = _entries("client_frames.yaml", "client_frames")[0]
    entry["model_items"] = entry["model_items"][:3]
    (error,) = validate(_write(tmp_path, "client_frames.yaml", "client_frames", [entry]))[1]
    assert "model_items" == error.field


def test_opening_without_cues_is_refused(tmp_path):
    """An opening needs at least one client cue."""
    entry = _entries("openings.yaml", "openings")[0]
    entry["client_cues"] = []
    (error,) = validate(_write(tmp_path, "openings.yaml", "openings", [entry]))[1]
    assert ("entry 1 (id 'op-city-hotel')", "client_cues") == (error.entry, error.field)


def test_alliance_item_with_unknown_dimension_is_refused(tmp_path):
    """An alliance statement must belong to authenticity, respect or empathy."""
    entry = _entries("alliance.yaml", "alliance")[0]
    entry["dimension"] = "charisma"
    (error,) = validate(_write(tmp_path, "alliance.yaml", "alliance", [entry]))[1]
    assert "dimension" == error.field
