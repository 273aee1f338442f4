"""coachkit.dashboard: what the facilitator sees of a workshop, from a store filled here."""

from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from coachkit import dashboard
from coachkit.store import AttemptRecord, Store

ATTACK = "<script>alert(1)</script><img src=x onerror=alert(2)>"
T0 = datetime(2025, 3, 4, 9, 0, tzinfo=UTC)


def _attempt(learner, exercise, answer, score, moves=(), workshop="W", minutes=0, item="", checks=()):
    return AttemptRecord(learner=learner, workshop=workshop, exercise=exercise, item=item, answer=answer, score=score,
                         passed=score >= 0.7, moves=tuple(moves), checks=tuple(checks),
                         created=T0 + timedelta(minutes=minutes))


@pytest.fixture
def store(tmp_path):
    """A workshop W of three learners, plus one attempt in another workshop."""
    s = Store(f"sqlite:///{tmp_path / 'room.sqlite'}")
    s.create_workshop("W", "Test room")
    s.save_many([
        _attempt("Ana Lopez", "accept-explore", "That's fair, Bob. What worries you most?", 0.9,
                 ("acknowledge", "explore"), minutes=1, item="sw-price-small-team",
                 checks=({"name": "Acknowledge", "passed": True, "credit": 1.0, "weight": 1.0, "message": "ok"},)),
        _attempt("Bob", "accept-explore", "But our price is the best on the market, ask ana lopez.", 0.1,
                 ("counter_argument", "pitch"), minutes=2),
        _attempt("Bob", "accept-explore", "I hear you. What would make it worth it?", 0.8, ("acknowledge", "explore"),
                 minutes=3),
        _attempt("Chloé", "reformulate", "You should buy now, the offer ends Friday. If I were you I'd sign.", 0.0,
                 ("pressure", "projection", "pitch"), minutes=4),
        _attempt("Chloé", "accept-explore", ATTACK + " What worries you?", 0.4, ("explore",), minutes=5),
        _attempt("Dan", "accept-explore", "Other room", 1.0, ("acknowledge",), workshop="OTHER", minutes=6),
    ])
    return s


def test_participation_lists_catalogue_in_order_with_counts(store):
    """One row per catalogue exercise in teaching order; learners tried / done and attempts per exercise."""
    table = dashboard.participation(store, "W")
    from coachkit.report import exercise_titles

    titles = exercise_titles()
    assert list(table["exercise"])[: len(titles)] == list(titles)
    row = table.set_index("exercise").loc["accept-explore"]
    assert (row["tried"], row["done"], row["attempts"]) == (3, 2, 4)
    assert row["title"] == titles["accept-explore"]
    row = table.set_index("exercise").loc["reformulate"]
    assert (row["tried"], row["done"], row["attempts"]) == (1, 0, 1)
    assert table["attempts"].sum() == 5  # the other workshop is not counted


def test_participation_keeps_exercises_outside_the_catalogue(store):
    """An exercise the catalogue does not list (yet) still shows, after the catalogue's, under its id."""
    store.save(_attempt("Ana Lopez", "not-in-catalogue", "x", 0.5))
    table = dashboard.participation(store, "W").set_index("exercise")
    assert table.index[-1] == "not-in-catalogue" and table.loc["not-in-catalogue", "title"] == "not-in-catalogue"


def test_move_distribution_counts_answers_per_move(store):
    """Each answer counts once per move it shows; every vocabulary move is listed."""
    moves = dashboard.move_distribution(store, "W")
    assert moves["acknowledge"] == 2 and moves["explore"] == 3 and moves["pitch"] == 2
    assert moves["new_value"] == 0 and len(moves) >= 10
    assert dashboard.move_distribution(store, "W", exercise="reformulate")["pressure"] == 1


def test_anti_patterns_most_common_first(store):
    """Only the four anti-patterns, most common first, none that nobody made."""
    anti = dashboard.anti_patterns(store, "W")
    assert list(anti.index) == ["pitch", "counter_argument", "projection", "pressure"]
    assert list(anti) == [2, 1, 1, 1]
    assert set(anti.index) <= set(dashboard.ANTI_PATTERN_MOVES)
    assert dashboard.anti_patterns(store, "OTHER").empty


def test_functions_accept_attempts_already_read(store):
    """A refresh reads the store once and passes the attempts to each function: same results."""
    records = store.attempts(workshop="W")
    assert dashboard.participation(records).equals(dashboard.participation(store, "W"))
    assert dashboard.anti_patterns(records).equals(dashboard.anti_patterns(store, "W"))


def test_examples_are_anonymised_consistently(store):
    """Learners become Learner A/B/C in order of their first attempt, the same letter everywhere."""
    shown = dashboard.examples(store, "W", n=5)
    labels = {e.learner for e in shown}
    assert labels <= {"Learner A", "Learner B", "Learner C"}
    text = " ".join(e.learner + e.answer + e.item for e in shown)
    for name in ("Ana", "Lopez", "Bob", "Chloé"):
        assert name.lower() not in text.lower()
    by_answer = {e.answer: e.learner for e in shown}
    assert by_answer["I hear you. What would make it worth it?"] == "Learner B"  # Bob tried second
    only_reformulate = dashboard.examples(store, "W", exercise="reformulate")
    assert [e.learner for e in only_reformulate] == ["Learner C"]  # Chloé keeps her letter in a filtered view


def test_names_inside_answers_are_masked(store):
    """Any learner's name written in an answer (any case, full or in part) is replaced by their label."""
    answers = [e.answer for e in dashboard.examples(store, "W", n=5)]
    assert "That's fair, [Learner B]. What worries you most?" in answers
    anon = dashboard.anonymiser(store.attempts(workshop="W"))
    assert anon.mask("ask ANA LOPEZ or lopez, not Bobby") == "ask [Learner A] or [Learner A], not Bobby"


def test_anonymiser_leaves_the_local_learner_and_short_parts_alone():
    """ "me" (the self-paced learner) and name parts under three letters are not masked as words."""
    records = [_attempt("me", "x", "a", 0.1), _attempt("Jo de Vries", "x", "b", 0.1)]
    anon = dashboard.anonymiser(records)
    assert anon.label("me") == "Learner A" and anon.label("Jo de Vries") == "Learner B"
    assert anon.mask("Let me ask Jo de Vries and de Vries") == "Let me ask [Learner B] and de [Learner B]"
    assert anon.mask("Tell me, jo") == "Tell me, jo"


def test_examples_good_and_weak_one_per_learner(store):
    """Good (done) answers best first, weak ones lowest first, each learner at most once per kind."""
    shown = dashboard.examples(store, "W", n=3)
    good = [e for e in shown if e.kind == "good"]
    weak = [e for e in shown if e.kind == "weak"]
    assert [e.score for e in good] == [0.9, 0.8]
    assert [e.score for e in weak] == [0.0, 0.1]  # Chloé's 0.4 is her second weak one: left out
    assert len({e.learner for e in weak}) == len(weak)
    assert [e.kind for e in dashboard.examples(store, "W", n=1)] == ["good", "weak"]


def test_example_html_escapes(store):
    """An answer holding markup is shown as text, small or large."""
    example = next(e for e in dashboard.examples(store, "W", "accept-explore", n=5) if "script" in e.answer)
    for markup in (dashboard.example_html(example), dashboard.example_html(example, large=True)):
        assert "<script>" not in markup and "<img" not in markup and "&lt;script&gt;" in markup


def test_csv_has_every_attempt(store):
    """The CSV holds one row per attempt of the workshop, with the answer intact."""
    rows = list(csv.DictReader(io.StringIO(dashboard.attempts_csv(store, "W"))))
    assert len(rows) == 5 == len(store.attempts(workshop="W"))
    assert {r["learner"] for r in rows} == {"Ana Lopez", "Bob", "Chloé"}
    assert any(r["answer"] == ATTACK + " What worries you?" for r in rows)
    assert rows[0]["moves"] == "acknowledge explore" and json.loads(rows[0]["checks"])[0]["name"] == "Acknowledge"


def test_csv_quotes_spreadsheet_formulas(tmp_path):
    """A cell a spreadsheet would run as a formula starts with an apostrophe."""
    rows = list(csv.DictReader(io.StringIO(dashboard.attempts_csv([_attempt("=cmd()", "x", "=HYPERLINK(1)", 0.1)]))))
    assert rows[0]["learner"] == "'=cmd()" and rows[0]["answer"] == "'=HYPERLINK(1)"


def test_xapi_statements_are_complete(store):
    """Every statement has actor, verb, object, result and an ISO 8601 timestamp, and the workshop in context."""
    statements = dashboard.xapi_statements(store, "W", base_iri="https://lrs.test/coachkit/")
    assert len(statements) == 5
    for s in statements:
        assert {"id", "actor", "verb", "object", "result", "timestamp", "context"} <= set(s)
        uuid.UUID(s["id"])
        assert s["actor"]["account"]["homePage"] == "https://lrs.test/coachkit/" and s["actor"]["account"]["name"]
        assert s["verb"]["id"] == "http://adlnet.gov/expapi/verbs/answered"
        assert s["object"]["id"].startswith("https://lrs.test/coachkit/exercises/")
        assert -1 <= s["result"]["score"]["scaled"] <= 1 and isinstance(s["result"]["success"], bool)
        assert datetime.fromisoformat(s["timestamp"].replace("Z", "+00:00")).tzinfo is not None
        assert s["context"]["extensions"]["https://lrs.test/coachkit/extensions/workshop"] == "W"
    first = statements[0]
    assert first["object"]["id"] == "https://lrs.test/coachkit/exercises/accept-explore"
    assert first["result"] == {"score": {"scaled": 0.9}, "success": True, "completion": True,
                               "response": "That's fair, Bob. What worries you most?"}
    assert first["timestamp"] == "2025-03-04T09:01:00.000Z"
    assert [s["id"] for s in dashboard.xapi_statements(store, "W")] == [
        s["id"] for s in dashboard.xapi_statements(store, "W")]  # the same ids when exported again


def test_xapi_jsonl_one_json_per_line(store):
    """The JSON lines export parses line by line, one statement per attempt."""
    text = dashboard.xapi_jsonl(store, "W")
    lines = text.splitlines()
    assert len(lines) == 5 and text.endswith("\n")
    parsed = [json.loads(line) for line in lines]
    assert parsed[-1]["result"]["response"] == ATTACK + " What worries you?"
    assert parsed == dashboard.xapi_statements(store, "W")


def test_svg_charts_escape_labels():
    """Chart labels and titles are escaped; a bar per item; an empty chart says so."""
    svg = dashboard.bar_chart_svg([(ATTACK, 3), ("pitch", 1)], title="<b>moves</b>")
    assert "<script>" not in svg and "<img" not in svg and "<b>" not in svg
    assert "&lt;script&gt;" in svg and svg.count('class="ck-bar"') == 2
    assert "No answers yet" in dashboard.bar_chart_svg([], title="t")


def test_moves_and_anti_pattern_charts(store):
    """The room's charts: every move, anti-patterns in red."""
    svg = dashboard.moves_svg(dashboard.move_distribution(store, "W"))
    assert svg.count('class="ck-bar"') >= 10 and 'data-label="counter argument" data-value="1"' in svg
    anti = dashboard.anti_patterns_svg(dashboard.anti_patterns(store, "W"))
    assert anti.count('class="ck-bar"') == 4 and dashboard.ANTI_COLOUR in anti
    assert "No anti-pattern" in dashboard.anti_patterns_svg(dashboard.anti_patterns(store, "OTHER"))


def test_participation_html_escapes():
    """Titles in the table are escaped."""
    import pandas as pd

    table = pd.DataFrame([{"exercise": "x", "title": ATTACK, "tried": 2, "done": 1, "attempts": 3}])
    markup = dashboard.participation_html(table)
    assert "<script>" not in markup and "&lt;script&gt;" in markup and "<td class=\"ck-num\">3</td>" in markup


def test_workshop_codes_registered_and_typed(store):
    """Codes to pick: registered ones, then codes learners typed without registration."""
    assert dashboard.workshop_codes(store) == ["W", "OTHER"]


def test_room_shown_only_outside_the_learners_voila():
    """Voilà apps show the room only when the facilitator's server started them; JupyterLab and scripts always."""
    assert dashboard.facilitator_allowed({})
    assert not dashboard.facilitator_allowed({"SERVER_SOFTWARE": "voila/0.5.13"})
    assert dashboard.facilitator_allowed({"SERVER_SOFTWARE": "voila/0.5.13", dashboard.FACILITATOR_ENV: "1"})
