"""coachkit.roleplay: the simulated customer, its rules, the debrief and the chart points."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coachkit.config import MAX_ANSWER_CHARS
from coachkit.content import load_scenarios
from coachkit.moves import detect_moves
from coachkit.roleplay import (
    DEFAULT_RULES,
    EVENTS,
    Dialogue,
    Rules,
    Turn,
    debrief,
    resistance_chart,
)

SCENARIOS = load_scenarios()

# One reply per move, each read as that move alone (checked by test_sample_replies_read_as_their_move).
COUNTER = "But our price is actually lower than what you pay today."
PITCH = "Our platform solves exactly that."
PROJECTION = "If I were you, I would start with the whole team."
PRESSURE = "Just following up again — any news?"
ACK = "That's a fair concern."
EXPLORE = "What makes the price the main issue for you?"
EMPATHY = "It sounds like this landed at a hard moment for your team."
PERMISSION = "May I tell you how I see it?"
NEW_VALUE = "I found a way to phase the roll-out so it fits your Q3 budget."
NEUTRAL = "Okay."
MIXED = "That's a fair concern. Our platform solves exactly that."
# Reformulations of the first scenario (sw-price-small-team): every key point and the need; no need; one point.
FULL = "So if I follow you, the price is hard to justify to the owner for a team your size. Have I got that right?"
NO_NEED = "So if I follow you, the price is too high for a team your size. Have I got that right?"
ONE_POINT = "So if I follow you, the price is hard to justify to the owner. Have I got that right?"

SAMPLES = {
    COUNTER: {"counter_argument"},
    PITCH: {"pitch"},
    PROJECTION: {"projection"},
    PRESSURE: {"pressure"},
    ACK: {"acknowledge"},
    EXPLORE: {"explore"},
    EMPATHY: {"empathy"},
    PERMISSION: {"ask_permission"},
    NEW_VALUE: {"new_value"},
    NEUTRAL: set(),
    MIXED: {"acknowledge", "pitch"},
}


def play(scenario, texts, rules=DEFAULT_RULES) -> Dialogue:
    d = Dialogue(scenario, rules)
    for text in texts:
        if d.over:
            break
        d.say(text)
    return d


def protocol(scenario) -> list[str]:
    a = scenario.model_answers
    return [a.acknowledge_explore, a.reformulate, a.ask_permission]


def outcome(dialogue: Dialogue) -> tuple:
    return dialogue.status, tuple((t.resistance_after, t.event) for t in dialogue.turns)


@pytest.mark.parametrize("text", list(SAMPLES))
def test_sample_replies_read_as_their_move(text):
    """The replies these tests use are read as the move they stand for (a precondition of the tests below)."""
    assert SAMPLES[text] == {d.move.value for d in detect_moves(text, "objection")}


# --------------------------------------------------------------------------- Rules


def test_default_rules_are_valid():
    """The default rules start below the limit and above the permission threshold."""
    r = DEFAULT_RULES
    assert 0 <= r.permission_below < r.start < r.limit
    assert Rules() == DEFAULT_RULES


@pytest.mark.parametrize("change", [
    {"start": 1.0}, {"start": -0.1}, {"limit": 0}, {"permission_below": 0}, {"max_turns": 0},
    {"repeat_factor": 0.9}, {"mixed_share": 1.5}, {"counter_argument": -0.1}, {"explore": 0.1},
    {"thats_right": 0.1}, {"permission_too_early": -0.1},
])
def test_invalid_rules_are_refused(change):
    """Rules that contradict the model (a bad move that calms, a start past the limit…) raise ValueError."""
    with pytest.raises(ValueError, match="Invalid role-play rules"):
        Rules(**change)


# Each field, a script on the first scenario, and a new value: the new value must change the outcome.
FIELD_CASES = {
    "start": ([ACK], 0.5),
    "limit": ([COUNTER] * 4, 0.9),
    "permission_below": ([EXPLORE, PERMISSION], 0.6),
    "max_turns": ([NEUTRAL] * 3, 3),
    "counter_argument": ([COUNTER], 0.2),
    "pitch": ([PITCH], 0.2),
    "projection": ([PROJECTION], 0.2),
    "pressure": ([PRESSURE], 0.2),
    "repeat_factor": ([COUNTER, COUNTER], 2.0),
    "permission_too_early": ([PERMISSION], 0.2),
    "acknowledge": ([ACK], -0.2),
    "empathy": ([EMPATHY], -0.2),
    "explore": ([EXPLORE], -0.2),
    "reformulate": ([FULL], -0.2),
    "ask_permission": (["model-protocol"], -0.3),
    "new_value": ([NEW_VALUE], 0.1),
    "thats_right": ([FULL], -0.3),
    "mixed_share": ([MIXED], 0.0),
}


def test_every_rules_field_has_a_case():
    """Every field of Rules is exercised by test_every_rules_field_is_used."""
    assert {f.name for f in dataclasses.fields(Rules)} == set(FIELD_CASES)


@pytest.mark.parametrize("name", sorted(FIELD_CASES))
def test_every_rules_field_is_used(name, scenario):
    """Changing any one field of Rules changes the dialogue the same replies produce."""
    script, value = FIELD_CASES[name]
    texts = []
    for text in script:
        if text == "model-protocol":
            texts += protocol(scenario)
        else:
            texts.append(text)
    changed = dataclasses.replace(DEFAULT_RULES, **{name: value})
    assert outcome(play(scenario, texts)) != outcome(play(scenario, texts, changed))


# --------------------------------------------------------------------------- Dialogue


def test_opening_is_the_objection(scenario):
    """The dialogue opens on the customer's objection, at the starting resistance, open."""
    d = Dialogue(scenario)
    assert (scenario.objection, DEFAULT_RULES.start, [DEFAULT_RULES.start], "open", ()) == (
        d.opening, d.resistance, d.series, d.status, d.turns)


def test_more_of_the_same_rises_faster(scenario):
    """Three counter-arguments in a row raise resistance more than counter-argument, pitch, projection once each."""
    same = play(scenario, [COUNTER] * 3)
    mixed = play(scenario, [COUNTER, PITCH, PROJECTION])
    assert same.resistance > mixed.resistance
    assert ["pushed back", "more of the same", "more of the same"] == [t.event for t in same.turns]
    assert ["pushed back"] * 3 == [t.event for t in mixed.turns]
    rises = [t.change for t in same.turns]
    assert rises[0] < rises[1] < rises[2]


@pytest.mark.parametrize("s", SCENARIOS, ids=lambda s: s.id)
def test_protocol_succeeds_on_every_scenario(s):
    """Explore, then reformulate, then ask permission with the scenario's model answers reaches success."""
    d = play(s, protocol(s))
    assert ("success", "permission granted", s.customer_lines.grant_permission) == (
        d.status, d.turns[-1].event, d.turns[-1].reply)
    assert d.resistance < DEFAULT_RULES.start


def test_permission_too_early_is_refused(scenario):
    """Asking permission before the customer has felt heard is refused, raises resistance and does not end it."""
    d = Dialogue(scenario)
    turn = d.say(PERMISSION)
    assert ("permission refused", "open") == (turn.event, d.status)
    assert turn.reply in (scenario.customer_lines.repeat, scenario.customer_lines.elaborate)
    assert DEFAULT_RULES.start + DEFAULT_RULES.permission_too_early == pytest.approx(d.resistance)


def test_acknowledging_alone_does_not_earn_permission(scenario):
    """Acknowledgement lowers resistance but the customer must have said more or been restated first."""
    rules = dataclasses.replace(DEFAULT_RULES, permission_below=0.59)
    d = play(scenario, [ACK, PERMISSION], rules)
    assert (["heard", "permission refused"], "open") == ([t.event for t in d.turns], d.status)


def test_permission_with_a_pitch_is_refused(scenario):
    """Asking permission and giving one's view in the same turn is refused, even after listening."""
    a = scenario.model_answers
    d = play(scenario, [a.acknowledge_explore, a.reformulate, PERMISSION + " " + PITCH])
    assert ("permission refused", "open") == (d.turns[-1].event, d.status)


def test_pushing_until_disengagement_ends_the_dialogue(scenario):
    """Counter-arguing until resistance reaches the limit ends the dialogue; saying more raises ValueError."""
    d = Dialogue(scenario)
    while d.status == "open":
        d.say(COUNTER)
    assert ("disengaged", DEFAULT_RULES.limit, scenario.customer_lines.disengage) == (
        d.status, d.resistance, d.turns[-1].reply)
    assert "disengaged" == d.turns[-1].event
    with pytest.raises(ValueError, match="The conversation is over"):
        d.say(EXPLORE)
    assert 4 == len(d.turns)


def test_saying_after_success_raises(scenario):
    """Once permission is granted the dialogue is over: saying more raises ValueError."""
    d = play(scenario, protocol(scenario))
    with pytest.raises(ValueError, match="The conversation is over"):
        d.say(EXPLORE)


def test_turn_cap_ends_the_dialogue(scenario):
    """An open dialogue ends, disengaged, at the turn cap."""
    d = play(scenario, [NEUTRAL] * DEFAULT_RULES.max_turns)
    assert ("disengaged", "disengaged", ["neutral"] * (DEFAULT_RULES.max_turns - 1)) == (
        d.status, d.turns[-1].event, [t.event for t in d.turns[:-1]])


def test_same_replies_same_dialogue(scenario):
    """The same replies give the same turns, replies and resistance."""
    texts = [COUNTER, ACK, EXPLORE, PERMISSION, scenario.model_answers.reformulate, PERMISSION]
    assert play(scenario, texts).turns == play(scenario, texts).turns


@pytest.mark.parametrize("text", ["", "   \n\t", "x" * (MAX_ANSWER_CHARS + 1), None],
                         ids=["empty", "blank", "too-long", "not-text"])
def test_unreadable_reply_changes_nothing(scenario, text):
    """An empty or over-long reply raises ValueError with a message and leaves the dialogue as it was."""
    d = play(scenario, [EXPLORE])
    before = (d.turns, d.resistance, d.series, d.status, d.heard)
    with pytest.raises(ValueError, match=r"empty|limit is"):
        d.say(text)
    assert before == (d.turns, d.resistance, d.series, d.status, d.heard)


def test_longest_reply_is_read(scenario):
    """A reply exactly at the length limit is read."""
    text = (EXPLORE + " ") * (MAX_ANSWER_CHARS // (len(EXPLORE) + 1))
    assert isinstance(Dialogue(scenario).say(text[:MAX_ANSWER_CHARS]), Turn)


def test_thats_right_needs_every_key_point_and_the_need(scenario):
    """"That's right" comes only after a reformulation carrying every key point and the hidden need."""
    lines = scenario.customer_lines
    no_need, one_point, full = NO_NEED, ONE_POINT, FULL
    replies = {text: Dialogue(scenario).say(text) for text in (no_need, one_point, full)}
    assert {"reformulate"} <= set(replies[no_need].moves) and {"reformulate"} <= set(replies[one_point].moves)
    assert [("heard", lines.elaborate)] * 2 == [(replies[t].event, replies[t].reply) for t in (no_need, one_point)]
    assert ("that's right", lines.thats_right) == (replies[full].event, replies[full].reply)
    assert "left out" in replies[no_need].why and "need underneath" in replies[no_need].why


def test_thats_right_bonus_counts_once(scenario):
    """The "that's right" fall is given once; the same reformulation again lowers resistance by less."""
    d = play(scenario, [FULL] * 2)
    assert d.turns[0].change < d.turns[1].change < 0


def test_push_back_weakens_the_listening(scenario):
    """An acknowledgement in a turn that also pitches counts for less."""
    turn = Dialogue(scenario).say(MIXED)
    expected = DEFAULT_RULES.pitch + DEFAULT_RULES.acknowledge * DEFAULT_RULES.mixed_share
    assert ("pushed back", pytest.approx(expected)) == (turn.event, turn.change)


def test_customer_speaks_only_scenario_words(scenario):
    """Every reply of the customer is one of the scenario's lines or its objection."""
    texts = [ACK, EMPATHY, NEUTRAL, COUNTER, PITCH, EXPLORE, PERMISSION, PRESSURE, PROJECTION, NEW_VALUE]
    allowed = set(scenario.customer_lines.model_dump().values()) | {scenario.objection}
    d = Dialogue(scenario)
    for text in texts:
        if d.status == "open":
            d.say(text)
    assert set() == {t.reply for t in d.turns} - allowed
    assert set() == {t.event for t in d.turns} - set(EVENTS)


# --------------------------------------------------------------------------- debrief and chart


def test_debrief_names_the_biggest_rise(scenario):
    """The debrief names the turn with the biggest rise and the words that caused it."""
    d = play(scenario, [EXPLORE, PITCH, COUNTER, COUNTER])
    lines = debrief(d)
    biggest = max(d.turns, key=lambda t: t.change)
    words = next(w for cause, _, w in biggest.causes if cause == "counter_argument")
    rise = next(line for line in lines if line.startswith("Biggest rise"))
    quoted = words.split(" … ")
    assert (4, True, True, True) == (
        biggest.number, "turn 4" in rise, bool(words) and words in rise, all(q in COUNTER for q in quoted))


def test_debrief_names_streaks_and_ending(scenario):
    """A pushed dialogue's debrief names the streak and the customer leaving, then one suggestion."""
    lines = debrief(play(scenario, [COUNTER] * 4))
    assert any("More of the same: counter argument in turns 1–4" in line for line in lines)
    assert "Turn 4: the customer left" in lines[-2]
    assert lines[-1].startswith("Try next:") and 1 == sum(line.startswith("Try next:") for line in lines)


def test_debrief_of_a_success(scenario):
    """A protocol dialogue's debrief names the "that's right" moment and the permission granted."""
    a = scenario.model_answers
    lines = debrief(play(scenario, [a.acknowledge_explore, FULL, a.ask_permission]))
    assert "Resistance never rose: nothing you said pushed back." in lines
    assert any(line.startswith("Turn 2: “that's right”") for line in lines)
    assert any(line.startswith("Turn 3: permission granted") for line in lines)
    assert lines[-1].startswith("Try next:")


def test_debrief_before_any_turn(scenario):
    """Before any turn the debrief still ends with a suggestion."""
    assert debrief(Dialogue(scenario))[-1].startswith("Try next:")


def test_resistance_chart(scenario):
    """The chart points are (turn, resistance, event) from the opening, one per turn."""
    d = play(scenario, [COUNTER, EXPLORE])
    assert [(0, d.series[0], "opening")] + [(t.number, t.resistance_after, t.event) for t in d.turns] == (
        resistance_chart(d))
    assert [p[1] for p in resistance_chart(d)] == d.series


# --------------------------------------------------------------------------- properties

_replies = st.one_of(
    st.text(max_size=200),
    st.sampled_from(list(SAMPLES)),
    st.lists(st.sampled_from(list(SAMPLES)), min_size=1, max_size=3).map(" ".join),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(_replies, max_size=15))
def test_any_text_gives_a_turn_or_a_value_error(scenario, texts):
    """Any reply either plays a turn or raises ValueError; resistance stays within [0, limit]."""
    d = Dialogue(scenario)
    for text in texts:
        try:
            turn = d.say(text)
        except ValueError:
            assert d.over or not text.strip()
            continue
        assert isinstance(turn, Turn) and turn.event in EVENTS
        assert 0 <= d.resistance <= DEFAULT_RULES.limit
    assert all(0 <= x <= DEFAULT_RULES.limit for x in d.series)
    assert d.status in ("open", "success", "disengaged")


def test_a_check_question_is_not_a_permission_request():
    """"May I check that's where you are?" hands the summary back: the customer does not give the floor."""
    from coachkit.content import load_scenarios
    from coachkit.roleplay import Dialogue

    scenario = next(s for s in load_scenarios() if s.id == "hc-cuts-and-departures")
    dialogue = Dialogue(scenario)
    dialogue.say("That sounds like a brutal year. What is it like on the wards right now?")
    turn = dialogue.say("So with the budget cut and nurses leaving, a new system is the last thing you need, and you "
                        "want to protect the ones who stay. May I check that's where you are?")
    assert "ask_permission" not in turn.moves and turn.event != "permission granted"
    assert turn.reply != scenario.customer_lines.grant_permission
