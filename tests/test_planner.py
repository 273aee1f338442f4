"""coachkit.planner: plan editing, presence and heaviness, timeline, CSV and iCalendar exchange."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coachkit.content import load_situations
from coachkit.planner import (
    CHANNELS,
    DEFAULT_RULES,
    PLAN_COLUMNS,
    PRODID,
    PlanImportError,
    PlannerRules,
    add_touch,
    edit_touch,
    empty_plan,
    from_csv,
    from_ics,
    model_plan,
    remove_touch,
    score_plan,
    timeline,
    to_csv,
    to_ics,
)
from coachkit.schema import Situation

GOOD = Path(__file__).resolve().parents[1] / "data"
MET = date(2025, 3, 3)
CHECKING_IN = "Just checking in, any news on the proposal?"


@pytest.fixture(scope="module")
def situation() -> Situation:
    return Situation.model_validate({
        "id": "dairy-cold-chain",
        "customer": "Ines Duarte, logistics lead",
        "company": "Valmonte Dairy",
        "last_meeting": MET,
        "last_meeting_words": ["Our trucks lose cold on the long rural routes.",
                               "Drivers skip the temperature log when they are late."],
        "problems": ["milk spoiled on rural routes", "temperature logs left blank"],
        "budget_window": {"opens": date(2025, 4, 1), "closes": date(2025, 4, 30)},
        "decision_date": date(2025, 5, 16),
        "proposal": "Temperature sensors in every truck, with alerts and automatic logs.",
        "channels_preferred": ["email", "phone", "video", "meeting"],
        "model_plan": [{"day_offset": 3, "channel": "email", "message": "m", "new_value": "v", "answers": "a"}],
    })


VALUE_TOUCHES = [
    (date(2025, 3, 6), "email",
     "You said the trucks lose cold on the long rural routes: I've mapped your three longest routes and found "
     "where the doors open most often.", "a map of where the cold is lost on the rural routes"),
    (date(2025, 3, 20), "phone",
     "On the blank temperature logs: I've drafted a one-tap template for drivers that fills itself from the "
     "sensor, so a late driver has nothing to write.", "a self-filling temperature log for drivers"),
    (date(2025, 4, 8), "meeting",
     "As your April budget opens, here is an option: fit sensors on the rural routes first, where the milk "
     "spoiled, and the other trucks later.", "a first phase on the rural routes"),
    (date(2025, 4, 29), "video",
     "I found a case study from a dairy with the same rural routes: spoiled milk fell by half in a year once "
     "drivers had automatic temperature logs.", "results from a dairy with the same routes"),
]


def _plan(touches) -> pd.DataFrame:
    plan = empty_plan()
    for day, channel, message, value in touches:
        plan = add_touch(plan, day, channel, message, value, "")
    return plan


def _checking_in(days: list[date], channels: list[str] | None = None) -> pd.DataFrame:
    return _plan((day, (channels or ["phone"] * len(days))[i], CHECKING_IN, "") for i, day in enumerate(days))


# --------------------------------------------------------------------------- plans


def test_empty_plan_has_the_plan_columns():
    """An empty plan has exactly the plan columns, the date as a datetime64 column."""
    plan = empty_plan()
    assert list(PLAN_COLUMNS) == list(plan.columns)
    assert 0 == len(plan)
    assert pd.api.types.is_datetime64_any_dtype(plan["date"])


def test_add_touch_sorts_by_date_and_leaves_the_original():
    """add_touch returns a new plan sorted by date; the plan it was given is unchanged."""
    first = add_touch(empty_plan(), "2025-03-20", "Email", "second", "", "")
    second = add_touch(first, date(2025, 3, 10), "phone", "first", "", "")
    assert ["first", "second"] == second["message"].tolist()
    assert [date(2025, 3, 10), date(2025, 3, 20)] == second["date"].dt.date.tolist()
    assert ["email"] == first["channel"].tolist()
    assert 1 == len(first)


def test_edit_and_remove_return_new_plans():
    """edit_touch re-sorts after a date change and remove_touch drops one row; inputs stay as they were."""
    plan = _plan(VALUE_TOUCHES)
    moved = edit_touch(plan, 0, date=date(2025, 5, 1), channel="post")
    assert "post" == moved["channel"].iloc[-1]
    assert VALUE_TOUCHES[0][2] == moved["message"].iloc[-1]
    assert VALUE_TOUCHES[0][2] == plan["message"].iloc[0]
    shorter = remove_touch(plan, 1)
    assert [t[2] for i, t in enumerate(VALUE_TOUCHES) if i != 1] == shorter["message"].tolist()
    assert 4 == len(plan)


@pytest.mark.parametrize("fields, wrong", [
    ({"channel": "fax"}, "channel"),
    ({"message": "   "}, "message"),
    ({"date": "next tuesday"}, "date"),
])
def test_bad_touch_is_refused_naming_the_field(fields, wrong):
    """add_touch refuses an unknown channel, an empty message or a date it cannot read, naming the field."""
    touch = {"date": MET, "channel": "email", "message": "hello", **fields}
    with pytest.raises(ValueError, match=wrong):
        add_touch(empty_plan(), **touch)


def test_edit_refuses_unknown_field_and_index():
    """edit_touch refuses a field that is not a plan column, and remove_touch an index out of range."""
    plan = _plan(VALUE_TOUCHES)
    with pytest.raises(ValueError, match="unknown field"):
        edit_touch(plan, 0, colour="red")
    with pytest.raises(IndexError):
        remove_touch(plan, 4)


# --------------------------------------------------------------------------- scoring


def test_five_check_ins_in_ten_days_are_heavy(situation):
    """Five "just checking in" calls in ten days score heavy and absent, with reasons naming the dates."""
    plan = _checking_in([MET + timedelta(days=d) for d in (1, 3, 5, 7, 9)])
    score = score_plan(plan, situation, MET)
    assert (False, False) == (score.light, score.present)
    assert score.heaviness >= 0.9
    assert score.presence < 0.3
    text = "\n".join(score.reasons)
    for expected in ("chase", "closer than 3 days", "Tue 4 Mar and Thu 6 Mar", "in a week", "much the same",
                     "calls in a row", "No touch brings something new", "budget window"):
        assert expected in text
    assert ["pressure"] * 5 == [t.colour for t in score.touches]


def test_spaced_value_touches_are_present_and_light(situation):
    """Spaced touches that bring value, one in the budget window, score present and light."""
    score = score_plan(_plan(VALUE_TOUCHES), situation, MET)
    assert (True, True) == (score.present, score.light)
    assert 0.0 == score.heaviness
    assert score.presence >= 0.9
    assert ["value"] * 4 == [t.colour for t in score.touches]
    assert any("inside the budget window" in r and "Tue 8 Apr" in r for r in score.reasons)


def test_value_in_empty_budget_window_raises_presence(situation):
    """Adding a valuable touch inside a budget window with none raises presence."""
    before = _plan(VALUE_TOUCHES[:2])
    after = add_touch(before, *VALUE_TOUCHES[2])
    assert score_plan(after, situation, MET).presence > score_plan(before, situation, MET).presence
    assert any("No touch falls in the budget window" in r for r in score_plan(before, situation, MET).reasons)


def test_check_in_a_day_after_raises_heaviness(situation):
    """Adding "just checking in" one day after a touch raises heaviness and is named in the reasons."""
    before = _plan(VALUE_TOUCHES)
    after = add_touch(before, date(2025, 3, 21), "email", CHECKING_IN)
    scored = score_plan(after, situation, MET)
    assert scored.heaviness > score_plan(before, situation, MET).heaviness
    assert any("Thu 20 Mar and Fri 21 Mar (1 day)" in r for r in scored.reasons)
    assert "pressure" == scored.touches[2].colour


def test_same_channel_in_a_row_is_more_of_the_same(situation):
    """Three touches in a row on one channel are flagged, naming the channel and dates."""
    touches = [(day, "email", message, value) for day, _, message, value in VALUE_TOUCHES]
    score = score_plan(_plan(touches), situation, MET)
    assert any(r.startswith("4 emails in a row (Thu 6 Mar, Thu 20 Mar, Tue 8 Apr, Tue 29 Apr)") for r in score.reasons)
    assert score.heaviness > 0


def test_near_duplicate_message_is_more_of_the_same(situation):
    """A touch that repeats an earlier message in other order is flagged as the same content."""
    day, channel, message, value = VALUE_TOUCHES[0]
    plan = add_touch(_plan(VALUE_TOUCHES[:2]), date(2025, 4, 2), "video", message.replace("I've mapped", "I mapped"),
                     value)
    score = score_plan(plan, situation, MET)
    assert any("says much the same as the email on Thu 6 Mar" in i for i in score.touches[2].issues)


def test_late_first_touch_is_absent(situation):
    """A first touch three weeks after the meeting is named as too late."""
    score = score_plan(_plan(VALUE_TOUCHES[1:]), situation, MET)
    assert any(r.startswith("The first touch with something new is the call on Thu 20 Mar, 17 days after")
               for r in score.reasons)


def test_unpreferred_channel_is_noted(situation):
    """A post to a customer who prefers email, phone, video or meeting is noted on that touch."""
    day, _, message, value = VALUE_TOUCHES[0]
    plan = add_touch(_plan(VALUE_TOUCHES[1:]), day, "post", message, value)
    assert any("not a channel the customer prefers" in i for i in score_plan(plan, situation, MET).touches[0].issues)


def test_empty_plan_is_absent_and_light(situation):
    """A plan with no touch is light but absent, and says so."""
    score = score_plan(empty_plan(), situation, MET)
    assert (0.0, False) == (score.heaviness, score.present)
    assert any("no touches yet" in r for r in score.reasons)


def test_thresholds_change_the_outcome(situation):
    """Changing one threshold of PlannerRules turns the verdict round."""
    spaced = _plan(VALUE_TOUCHES)
    assert score_plan(spaced, situation, MET).present
    assert not score_plan(spaced, situation, MET, replace(DEFAULT_RULES, max_gap_days=5)).present
    close = _plan([VALUE_TOUCHES[0], (date(2025, 3, 8), "video", *VALUE_TOUCHES[1][2:]), *VALUE_TOUCHES[2:]])
    assert 0.2 == score_plan(close, situation, MET).heaviness
    assert 0.0 == score_plan(close, situation, MET, replace(DEFAULT_RULES, min_gap_days=2)).heaviness
    assert not score_plan(close, situation, MET, replace(DEFAULT_RULES, light_mark=0.1)).light


def test_rules_refuse_nonsense():
    """PlannerRules refuses a minimum gap above the maximum, and negative values."""
    with pytest.raises(ValueError, match="min_gap_days"):
        PlannerRules(min_gap_days=30, max_gap_days=10)
    with pytest.raises(ValueError, match="heavy_repeat"):
        PlannerRules(heavy_repeat=-1)


def test_every_model_plan_is_present_and_light():
    """Each situation's model plan, dated from its last meeting, scores present and light."""
    verdicts = {}
    for situation in load_situations(GOOD):
        score = score_plan(model_plan(situation), situation, situation.last_meeting)
        if not (score.present and score.light):
            verdicts[situation.id] = (score.presence, score.heaviness, score.reasons)
    assert {} == verdicts


def test_timeline_lists_touches_with_colour(situation):
    """timeline gives one plain dict per touch, in date order, with its colour class."""
    plan = add_touch(_plan(VALUE_TOUCHES[:2]), date(2025, 3, 21), "email", CHECKING_IN)
    points = timeline(plan, score_plan(plan, situation, MET))
    assert [(date(2025, 3, 6), "email", "value"), (date(2025, 3, 20), "phone", "value"),
            (date(2025, 3, 21), "email", "pressure")] == [(p["date"], p["channel"], p["colour"]) for p in points]
    assert all(0 <= p["value"] <= 1 for p in points)


def test_timeline_refuses_a_stale_score(situation):
    """A score from another version of the plan is refused."""
    plan = _plan(VALUE_TOUCHES)
    with pytest.raises(ValueError, match="score the plan again"):
        timeline(remove_touch(plan, 0), score_plan(plan, situation, MET))


# --------------------------------------------------------------------------- CSV


def test_csv_round_trip():
    """A plan written with to_csv reads back identical."""
    plan = add_touch(_plan(VALUE_TOUCHES), date(2025, 4, 2), "message", 'A "quoted", multi\nline message', "",
                     "Drivers skip the temperature log")
    text = to_csv(plan)
    assert "date,channel,message,new_value,answers" == text.splitlines()[0]
    pd.testing.assert_frame_equal(plan, from_csv(text))


def test_csv_bad_rows_give_row_and_field():
    """A bad date, an unknown channel and an empty message are refused with their row numbers and fields."""
    text = ("date,channel,message,new_value,answers\n"
            "2025-03-06,email,fine,,\n"
            "06/03/2025,email,bad date,,\n"
            "2025-03-08,fax,bad channel,,\n"
            "\n"
            "2025-03-09,phone,  ,,\n")
    with pytest.raises(PlanImportError) as caught:
        from_csv(text)
    assert [(3, "date"), (4, "channel"), (6, "message")] == [(p.row, p.field) for p in caught.value.problems]
    assert "row 3, field 'date': '06/03/2025' is not a date" in str(caught.value)
    assert "'fax' is not a channel" in str(caught.value)


def test_csv_missing_column_is_named():
    """A CSV without a channel column is refused on row 1, naming the column."""
    with pytest.raises(PlanImportError) as caught:
        from_csv("date,message\n2025-03-06,hello\n")
    assert [(1, "channel")] == [(p.row, p.field) for p in caught.value.problems]


def test_csv_without_optional_columns_reads():
    """new_value and answers may be left out; channel case and a byte-order mark are forgiven."""
    plan = from_csv("\ufeffDate,Channel,Message\n2025-03-06,EMAIL,hello\n")
    assert [("email", "hello", "", "")] == list(plan[["channel", "message", "new_value", "answers"]].itertuples(
        index=False, name=None))


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_from_csv_raises_only_plan_import_error(text):
    """from_csv on any text returns a plan or raises PlanImportError, nothing else."""
    try:
        plan = from_csv(text)
    except PlanImportError as exc:
        assert exc.problems
    else:
        assert list(PLAN_COLUMNS) == list(plan.columns)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1).map(str.strip).filter(bool))
def test_from_csv_with_header_and_any_cell(cell):
    """A header row followed by any cell text still gives a plan or a PlanImportError."""
    try:
        from_csv(f"date,channel,message\n2025-03-06,email,{cell}\n{cell},{cell},{cell}\n")
    except PlanImportError:
        pass


def _kept(text: str) -> str:
    """What the planner keeps of a typed text: no spaces or byte-order mark around it."""
    return text.strip().lstrip("\ufeff").strip()


_touch = st.tuples(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)),
    st.sampled_from(CHANNELS),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1).map(_kept).filter(bool),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",))).map(_kept),
)


@settings(max_examples=100, deadline=None)
@given(st.lists(_touch, max_size=6))
def test_any_plan_survives_csv(touches):
    """Any plan written as CSV reads back identical."""
    plan = _plan(touches)
    pd.testing.assert_frame_equal(plan, from_csv(to_csv(plan)))


# --------------------------------------------------------------------------- iCalendar


def test_ics_parses_back_to_the_same_events(situation):
    """The .ics has one all-day VEVENT per touch that icalendar reads, and from_ics gives the plan back."""
    plan = add_touch(_plan(VALUE_TOUCHES), date(2025, 4, 2), "message", "Line one\nline two; with, commas",
                     "a note", "Drivers skip the temperature log when they are late.")
    data = to_ics(plan, situation, stamp=datetime(2025, 3, 3, 12, tzinfo=UTC))
    calendar = icalendar.Calendar.from_ical(data)
    assert PRODID == str(calendar["PRODID"])
    events = list(calendar.walk("VEVENT"))
    assert plan["date"].dt.date.tolist() == [e.decoded("DTSTART") for e in events]
    assert [d + timedelta(days=1) for d in plan["date"].dt.date] == [e.decoded("DTEND") for e in events]
    assert "Email: Ines Duarte, logistics lead (Valmonte Dairy)" == str(events[0]["SUMMARY"])
    assert str(events[0]["DESCRIPTION"]).startswith(VALUE_TOUCHES[0][2])
    assert f"New value: {VALUE_TOUCHES[0][3]}" in str(events[0]["DESCRIPTION"])
    assert "dairy-cold-chain-0-20250306@coachkit" == str(events[0]["UID"])
    pd.testing.assert_frame_equal(plan, from_ics(data))


def test_ics_uids_are_stable(situation):
    """Two exports of the same plan give the same UIDs."""
    plan = _plan(VALUE_TOUCHES)
    uids = [[str(e["UID"]) for e in icalendar.Calendar.from_ical(to_ics(plan, situation)).walk("VEVENT")]
            for _ in range(2)]
    assert uids[0] == uids[1]
    assert len(set(uids[0])) == 4


def test_ics_from_another_calendar_reads():
    """A timed event without coachkit's own fields reads from its categories and description."""
    data = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//other//EN\r\nBEGIN:VEVENT\r\nUID:a@b\r\n"
            "DTSTAMP:20250301T000000Z\r\nDTSTART:20250306T093000\r\nDTEND:20250306T100000\r\n"
            "SUMMARY:Call: Ines\r\nDESCRIPTION:Bring the route map.\\n\\nNew value: route map\\nAnswers: cold\r\n"
            "END:VEVENT\r\nEND:VCALENDAR\r\n")
    plan = from_ics(data)
    assert [(date(2025, 3, 6), "phone", "Bring the route map.", "route map", "cold")] == [
        (d.date(), c, m, v, a) for d, c, m, v, a in plan.itertuples(index=False, name=None)]


def test_ics_garbage_is_refused():
    """Text that is not a calendar raises PlanImportError; an event without a date names DTSTART."""
    with pytest.raises(PlanImportError):
        from_ics(b"hello, I am not a calendar")
    data = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Email: x\r\n"
            "DESCRIPTION:hi\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    with pytest.raises(PlanImportError) as caught:
        from_ics(data)
    assert [(1, "DTSTART")] == [(p.row, p.field) for p in caught.value.problems]


def test_typed_backslashes_survive_ics(situation):
    """A message or value with a typed "\\N", "\\," or "\\;" reads back as typed (icalendar alone turns "\\N" into a
    newline)."""
    plan = _plan([(date(2025, 1, 6), "email", "0", "\\N"), (date(2025, 1, 7), "email", "a\\N\\,b;c", "x\\\\y")])
    pd.testing.assert_frame_equal(plan, from_ics(to_ics(plan, situation)))


@settings(max_examples=100, deadline=None)
@given(touches=st.lists(_touch, max_size=5))
def test_any_plan_survives_ics(situation, touches):
    """Any plan written as .ics reads back identical through from_ics."""
    plan = _plan(touches)
    pd.testing.assert_frame_equal(plan, from_ics(to_ics(plan, situation)))


def test_a_byte_order_mark_in_front_of_a_message_is_dropped(situation):
    """A message pasted with a byte-order mark in front keeps its words and nothing else, and survives the .ics;
    one that is nothing but the mark is empty."""
    plan = add_touch(empty_plan(), date(2000, 1, 1), "email", "\ufeffsent the route map", "", "")
    assert plan.iloc[0]["message"] == "sent the route map"
    pd.testing.assert_frame_equal(plan, from_ics(to_ics(plan, situation)))
    with pytest.raises(ValueError, match="message is empty"):
        add_touch(empty_plan(), date(2000, 1, 1), "email", "\ufeff", "", "")
