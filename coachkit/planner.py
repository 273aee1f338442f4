"""Follow-up planning: always present, never heavy.

A plan is a table of touches (:data:`PLAN_COLUMNS`): when, through which channel, what the seller
says, what new thing it brings and which of the customer's words it answers. :func:`score_plan`
reads it against a :class:`~coachkit.schema.Situation` and returns two gauges:

* **presence** (0..1): touches that bring something new, with no long silence between the last
  meeting and the decision, and one of them inside the customer's budget window;
* **heaviness** (0..1): touches too close together, too many in a week, chasing or empty
  messages, the same content again, the same channel again and again ("more of the same").

Every threshold and weight is declared once, with its meaning, in :class:`PlannerRules`. Each
touch is judged by the feedback engine (:func:`coachkit.feedback.followup_message`). The plan
functions are pure: they return new frames and never change the one they are given.

Plans travel as CSV (:func:`to_csv`, :func:`from_csv`) and as iCalendar files (:func:`to_ics`,
:func:`from_ics`); a file that cannot be read raises :class:`PlanImportError`, which lists every
problem with its row (or event) number and field.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from coachkit.feedback import RUBRICS, Feedback, followup_message
from coachkit.schema import CHANNELS, Situation
from coachkit.wordforms import content_stems

__all__ = [
    "CHANNELS",
    "DEFAULT_RULES",
    "PLAN_COLUMNS",
    "PRODID",
    "PlanImportError",
    "PlanProblem",
    "PlanScore",
    "PlannerRules",
    "TouchFeedback",
    "add_touch",
    "customer_words",
    "edit_touch",
    "empty_plan",
    "from_csv",
    "model_plan",
    "remove_touch",
    "score_plan",
    "timeline",
    "to_csv",
    "touch_colour",
]

#: The columns of a plan, in order. ``date`` is a day (datetime64, midnight); ``answers`` holds
#: the customer's words that the touch answers.
PLAN_COLUMNS = ("date", "channel", "message", "new_value", "answers")

#: Columns a plan file must have; ``new_value`` and ``answers`` may be left out (read as empty).
REQUIRED_COLUMNS = ("date", "channel", "message")

#: The dtype of the ``date`` column: whole days stored at second resolution (which, unlike
#: nanoseconds, holds any year from 1 to 9999).
DATE_DTYPE = "datetime64[s]"

#: The product identifier written in exported calendars.
PRODID = "-//coachkit//follow-up planner//EN"

#: How each channel is named in sentences ("the call on Mon 3 Mar") and in calendar titles.
_NOUN = {"email": "email", "phone": "call", "meeting": "meeting", "video": "video call", "message": "message",
         "post": "post"}
_TITLE = {"email": "Email", "phone": "Call", "meeting": "Meeting", "video": "Video call", "message": "Message",
          "post": "Post"}


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class PlannerRules:
    """Every threshold and weight of plan scoring, each declared once with its meaning."""

    #: Two touches fewer than this many days apart feel like chasing (heavy).
    min_gap_days: int = 3
    #: A silence of more than this many days without a touch that brings something new feels like
    #: absence: the customer moves on without you.
    max_gap_days: int = 21
    #: The first touch with new value should come within this many days of the last meeting.
    first_touch_days: int = 7
    #: More touches than this in any seven days crowd the customer (heavy).
    max_touches_per_week: int = 2
    #: Presence is judged from the start up to the decision date, but never over more than this
    #: many days.
    horizon_days: int = 120
    #: Two touches whose words overlap this much (shared meaningful words over all their
    #: meaningful words, 0..1) say the same thing again: "more of the same".
    same_content_overlap: float = 0.6
    #: This many touches in a row through the same channel are "more of the same".
    same_channel_run: int = 3
    #: Touches with new value needed for the full "value" share of presence.
    target_value_touches: int = 3
    #: Presence at or above this reads as "present".
    present_mark: float = 0.7
    #: Heaviness at or below this reads as "light".
    light_mark: float = 0.3
    #: Presence = weighted mean of three parts (weights need not sum to 1): no long silences...
    presence_weight_coverage: float = 0.5
    #: ...enough touches that bring something new...
    presence_weight_value: float = 0.25
    #: ...and one of them inside the budget window (left out when the window closed before the start).
    presence_weight_budget: float = 0.25
    #: Heaviness = sum of these (capped at 1): per pair of touches closer than ``min_gap_days``...
    heavy_close_gap: float = 0.2
    #: ...per touch over ``max_touches_per_week`` in the most crowded week...
    heavy_extra_in_week: float = 0.15
    #: ...per touch that chases (pressure, urgency, "just checking in")...
    heavy_pressure_touch: float = 0.2
    #: ...per touch that brings nothing new tied to the customer's words...
    heavy_empty_touch: float = 0.1
    #: ...per touch that repeats an earlier one...
    heavy_repeat: float = 0.15
    #: ...per touch beyond the first ``same_channel_run - 1`` of a run on one channel...
    heavy_same_channel: float = 0.1
    #: ...and per touch on a channel the customer did not list among the ones they prefer.
    heavy_unpreferred_channel: float = 0.05

    def __post_init__(self) -> None:
        problems = []
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                problems.append(f"{f.name} must be a number ≥ 0 (got {value!r})")
        if not problems:
            if self.min_gap_days > self.max_gap_days:
                problems.append("min_gap_days must not exceed max_gap_days")
            if self.max_touches_per_week < 1 or self.same_channel_run < 2 or self.target_value_touches < 1:
                problems.append("max_touches_per_week and target_value_touches must be ≥ 1, same_channel_run ≥ 2")
            for name in ("present_mark", "light_mark", "same_content_overlap"):
                if getattr(self, name) > 1:
                    problems.append(f"{name} must be between 0 and 1")
            if self.presence_weight_coverage + self.presence_weight_value + self.presence_weight_budget <= 0:
                problems.append("at least one presence weight must be above 0")
        if problems:
            raise ValueError("; ".join(problems))


#: The rules the kit scores with.
DEFAULT_RULES = PlannerRules()


# --------------------------------------------------------------------------- plans


def _day(value: Any) -> date:
    """A day from a date, datetime, Timestamp, numpy datetime64 or ISO text; ValueError otherwise."""
    if value is None or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        raise ValueError("is empty: write the day as YYYY-MM-DD")
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, np.datetime64):
        if np.isnat(value):
            raise ValueError("is empty: write the day as YYYY-MM-DD")
        return _day(str(value.astype("datetime64[D]")))
    if isinstance(value, str):
        text = value.strip()
        if not text:
            raise ValueError("is empty: write the day as YYYY-MM-DD")
        for parse in (date.fromisoformat, lambda t: datetime.fromisoformat(t).date()):
            try:
                return parse(text)
            except ValueError:
                continue
        raise ValueError(f"'{text[:40]}' is not a date: write it as YYYY-MM-DD, e.g. 2025-03-04")
    raise ValueError(f"{value!r} is not a date")


def _touch_problems(touch: Mapping[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """A touch cleaned up (day, lower-case channel, stripped texts), and its problems as (field, message)."""
    clean: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    try:
        clean["date"] = _day(touch.get("date"))
    except ValueError as exc:
        problems.append(("date", str(exc)))
    channel = touch.get("channel")
    channel = channel.strip().lower() if isinstance(channel, str) else ""
    if channel not in CHANNELS:
        shown = str(touch.get("channel") or "").strip()
        problems.append(("channel", f"'{shown[:40]}' is not a channel; use one of: {', '.join(CHANNELS)}"
                         if shown else f"is empty; use one of: {', '.join(CHANNELS)}"))
    clean["channel"] = channel
    for name in ("message", "new_value", "answers"):
        value = touch.get(name)
        text = "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)
        clean[name] = text.replace("\r\n", "\n").replace("\r", "\n").strip().lstrip("\ufeff").strip()  # one kind of
        # line break; a byte-order mark pasted in front is no part of the message (calendar readers drop it too)
    if not clean["message"]:
        problems.append(("message", "is empty: say what you will tell the customer"))
    return clean, problems


def _frame(touches: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """A plan from clean touches, sorted by date (touches on the same day keep their order)."""
    rows = sorted(touches, key=lambda t: t["date"])  # sorted() is stable
    days = np.array([t["date"].isoformat() for t in rows], dtype="datetime64[D]").astype(DATE_DTYPE)
    data: dict[str, Any] = {"date": pd.Series(days, dtype=DATE_DTYPE)}
    for name in PLAN_COLUMNS[1:]:
        data[name] = pd.Series([t[name] for t in rows], dtype=str)
    return pd.DataFrame(data, columns=list(PLAN_COLUMNS))


def _touches(plan: pd.DataFrame) -> list[dict[str, Any]]:
    """The touches of a plan, in row order, as plain dicts with ``date`` as a ``datetime.date``."""
    missing = [c for c in PLAN_COLUMNS if c not in plan.columns]
    if missing:
        raise ValueError(f"not a plan: missing column(s) {', '.join(missing)}; start from empty_plan()")
    touches = []
    for record in plan[list(PLAN_COLUMNS)].to_dict("records"):
        clean, problems = _touch_problems(record)
        if problems:
            raise ValueError("; ".join(f"{name} {message}" for name, message in problems))
        touches.append(clean)
    return touches


def empty_plan() -> pd.DataFrame:
    """A plan with no touches yet."""
    return _frame([])


def add_touch(plan: pd.DataFrame, date: Any, channel: str, message: str, new_value: str = "",
              answers: str = "") -> pd.DataFrame:
    """A new plan with one more touch, sorted by date. ValueError names the field that is wrong."""
    clean, problems = _touch_problems({"date": date, "channel": channel, "message": message,
                                       "new_value": new_value, "answers": answers})
    if problems:
        raise ValueError("; ".join(f"{name} {msg}" for name, msg in problems))
    return _frame([*_touches(plan), clean])


def _position(plan: pd.DataFrame, index: int) -> int:
    if isinstance(index, bool) or not isinstance(index, int | np.integer):
        raise TypeError(f"index must be a row number, not {index!r}")
    if not 0 <= index < len(plan):
        raise IndexError(f"no touch {index}: the plan has {len(plan)} (numbered from 0)")
    return int(index)


def edit_touch(plan: pd.DataFrame, index: int, **changes: Any) -> pd.DataFrame:
    """A new plan where touch ``index`` (row number, from 0) has the given fields changed."""
    unknown = sorted(set(changes) - set(PLAN_COLUMNS))
    if unknown:
        raise ValueError(f"unknown field(s) {', '.join(unknown)}; a touch has {', '.join(PLAN_COLUMNS)}")
    touches = _touches(plan)
    position = _position(plan, index)
    clean, problems = _touch_problems({**touches[position], **changes})
    if problems:
        raise ValueError("; ".join(f"{name} {msg}" for name, msg in problems))
    touches[position] = clean
    return _frame(touches)


def remove_touch(plan: pd.DataFrame, index: int) -> pd.DataFrame:
    """A new plan without touch ``index`` (row number, from 0)."""
    touches = _touches(plan)
    del touches[_position(plan, index)]
    return _frame(touches)


def model_plan(situation: Situation) -> pd.DataFrame:
    """The situation's model plan, dated from its last meeting."""
    return _frame({"date": situation.last_meeting + timedelta(days=t.day_offset), "channel": t.channel,
                   "message": t.message, "new_value": t.new_value, "answers": t.answers}
                  for t in situation.model_plan)


def customer_words(situation: Situation) -> str:
    """What the customer said and the problems they raised: what every touch should answer."""
    return " ".join([*situation.last_meeting_words, *situation.problems])


# --------------------------------------------------------------------------- scoring


@dataclass(frozen=True)
class TouchFeedback:
    """How one touch of a plan reads."""

    index: int  # row number in the plan, from 0
    date: date
    channel: str
    value: float  # the feedback engine's score of the message and its new value, 0..1
    colour: str  # "value": new and tied to their words; "weak": nothing new or not tied; "pressure": chases
    issues: list[str]
    feedback: Feedback


@dataclass(frozen=True)
class PlanScore:
    """The two gauges of a plan, the reasons behind them and the feedback on each touch."""

    presence: float  # 0..1: there with something new, no long silences, in the budget window
    heaviness: float  # 0..1: too close, too many, chasing, "more of the same"
    reasons: list[str]
    touches: list[TouchFeedback]
    present: bool  # presence >= rules.present_mark
    light: bool  # heaviness <= rules.light_mark
    start: date
    end: date  # the last day judged: the decision date, or the horizon if sooner
    budget_window: tuple[date, date]


_NEW_VALUE, _TIED, _NO_CHASING = (c.name for c in RUBRICS["followup"])


@lru_cache(maxsize=4096)
def _judge(text: str, words: str) -> Feedback:
    return followup_message(text, words)


def _check(feedback: Feedback, name: str):
    return next((c for c in feedback.checks if c.name == name), None)


def touch_colour(feedback: Feedback) -> str:
    """How a follow-up message reads: "value" (new and tied to their words), "weak" or "pressure" (chases)."""
    if feedback.refused:
        return "weak"
    chasing = _check(feedback, _NO_CHASING)
    if chasing is not None and not chasing.passed:
        return "pressure"
    value, tied = _check(feedback, _NEW_VALUE), _check(feedback, _TIED)
    return "value" if value is not None and value.passed and tied is not None and tied.passed else "weak"


def _show(d: date, year: bool = False) -> str:
    return f"{d:%a} {d.day} {d:%b}" + (f" {d.year}" if year else "")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}es" if word.endswith("ch") else f"{n} {word}s"


def _verb(items: list[Any], one: str, many: str) -> str:
    return one if len(items) == 1 else many


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _quotes(words: Iterable[str], limit: int = 2) -> str:
    return ", ".join(f"“{w}”" for w in list(dict.fromkeys(words))[:limit])


def _overlap(a: set[str], b: set[str]) -> float:
    if not a and not b:
        return 1.0  # two messages with nothing in them say the same nothing
    return len(a & b) / len(a | b)


def score_plan(plan: pd.DataFrame, situation: Situation, start: date | None = None,
               rules: PlannerRules = DEFAULT_RULES) -> PlanScore:
    """Presence and heaviness of ``plan`` for ``situation``, counted from ``start`` (default: the last meeting)."""
    start = _day(start) if start is not None else situation.last_meeting
    rows = _touches(plan)
    order = sorted(range(len(rows)), key=lambda i: rows[i]["date"])  # stable: same-day touches keep their order
    years = len({start.year, situation.decision_date.year, *(r["date"].year for r in rows)}) > 1
    words = customer_words(situation)

    def show(d: date) -> str:
        return _show(d, years)

    def name(i: int) -> str:
        return f"the {_NOUN[rows[i]['channel']]} on {show(rows[i]['date'])}"

    def names(indices: list[int]) -> str:
        if len({rows[i]["channel"] for i in indices}) == 1 and len(indices) > 1:
            return f"the {_NOUN[rows[indices[0]]['channel']]}s on {_and([show(rows[i]['date']) for i in indices])}"
        return _and([name(i) for i in indices])

    issues: dict[int, list[str]] = {i: [] for i in range(len(rows))}
    heavy: list[str] = []
    absent: list[str] = []
    good: list[str] = []
    load = 0.0

    # -- each touch, through the feedback engine
    feedback = {i: _judge(f"{r['message']} {r['new_value']}".strip(), words) for i, r in enumerate(rows)}
    colour = {i: touch_colour(fb) for i, fb in feedback.items()}
    groups: dict[str, list[int]] = {"refused": [], "chase+value": [], "chase": [], "untied": [], "empty": []}
    evidence: list[str] = []
    for i in order:
        fb = feedback[i]
        has_value = (c := _check(fb, _NEW_VALUE)) is not None and c.passed
        if fb.refused:
            issues[i].append(fb.refused)
            groups["refused"].append(i)
        elif colour[i] == "pressure":
            chasing = _check(fb, _NO_CHASING)
            words_seen = list(chasing.evidence) if chasing else []
            evidence += words_seen
            quoted = _quotes(words_seen) or "its wording"
            issues[i].append(f"chases ({quoted})" + (" even though it brings something new" if has_value
                                                     else " with nothing new"))
            groups["chase+value" if has_value else "chase"].append(i)
        elif colour[i] == "weak":
            issues[i].append("brings something, but not tied to what the customer said" if has_value
                             else "brings nothing new")
            groups["untied" if has_value else "empty"].append(i)
    quoted = _quotes(evidence) or "its wording"
    if groups["refused"]:
        heavy.append(f"{_cap(names(groups['refused']))} could not be read: {feedback[groups['refused'][0]].refused}")
    if groups["chase"]:
        heavy.append(f"{_cap(names(groups['chase']))} {_verb(groups['chase'], 'chases', 'chase')} ({quoted}) and "
                     f"{_verb(groups['chase'], 'brings', 'bring')} nothing new: every contact needs a reason that "
                     "helps the customer.")
    if groups["chase+value"]:
        heavy.append(f"{_cap(names(groups['chase+value']))} {_verb(groups['chase+value'], 'chases', 'chase')} "
                     f"({quoted}) even though {_verb(groups['chase+value'], 'it carries', 'they carry')} something "
                     "new: drop the chasing words and let the new idea speak.")
    if groups["untied"]:
        heavy.append(f"{_cap(names(groups['untied']))} {_verb(groups['untied'], 'brings', 'bring')} something, but "
                     "nothing ties it to what the customer said: link it to their words (e.g. "
                     f"“{situation.last_meeting_words[0][:60]}”).")
    if groups["empty"]:
        heavy.append(f"{_cap(names(groups['empty']))} {_verb(groups['empty'], 'brings', 'bring')} nothing new: "
                     "hold an idea meeting first and come back with something for their problem.")
    load += rules.heavy_pressure_touch * (len(groups["chase"]) + len(groups["chase+value"]))
    load += rules.heavy_empty_touch * (len(groups["refused"]) + len(groups["untied"]) + len(groups["empty"]))

    # -- spacing: touches too close together, too many in a week
    close = []
    for a, b in zip(order, order[1:], strict=False):
        gap = (rows[b]["date"] - rows[a]["date"]).days
        if gap < rules.min_gap_days:
            close.append((a, b, gap))
            issues[b].append(f"{_plural(gap, 'day')} after the previous touch (fewer than {rules.min_gap_days})")
    if close:
        pairs = _and([f"{show(rows[a]['date'])} and {show(rows[b]['date'])} "
                      f"({'same day' if gap == 0 else _plural(gap, 'day')})" for a, b, gap in close])
        heavy.append(f"{_cap(_plural(len(close), 'pair'))} of touches closer than {rules.min_gap_days} days: "
                     f"{pairs}. Contacts this close feel like chasing.")
        load += rules.heavy_close_gap * len(close)
    worst, worst_at = 0, None
    for k, i in enumerate(order):
        week = [j for j in order[k:] if (rows[j]["date"] - rows[i]["date"]).days < 7]
        if len(week) > worst:
            worst, worst_at = len(week), week
    if worst > rules.max_touches_per_week and worst_at:
        first, last = rows[worst_at[0]]["date"], rows[worst_at[-1]]["date"]
        heavy.append(f"{worst} touches between {show(first)} and {show(last)}: more than "
                     f"{rules.max_touches_per_week} in a week crowds the customer.")
        load += rules.heavy_extra_in_week * (worst - rules.max_touches_per_week)

    # -- more of the same: repeated content, the same channel again and again
    stems = {i: content_stems(f"{rows[i]['message']} {rows[i]['new_value']}") for i in order}
    repeats: dict[int, list[int]] = {}
    for k, i in enumerate(order):
        earlier = next((j for j in order[:k] if _overlap(stems[i], stems[j]) >= rules.same_content_overlap), None)
        if earlier is not None:
            issues[i].append(f"says much the same as {name(earlier)}")
            repeats.setdefault(earlier, []).append(i)
            load += rules.heavy_repeat
    for earlier, later in repeats.items():
        heavy.append(f"{_cap(names(later))} {_verb(later, 'says', 'say')} much the same as {name(earlier)}: more of "
                     "the same. Bring a new angle instead.")
    run: list[int] = []
    for i in [*order, None]:
        if i is not None and run and rows[i]["channel"] == rows[run[-1]]["channel"]:
            run.append(i)
            continue
        if len(run) >= rules.same_channel_run:
            channel = rows[run[0]]["channel"]
            dates = ", ".join(show(rows[j]["date"]) for j in run)
            for j in run[rules.same_channel_run - 1:]:
                issues[j].append(f"one {_NOUN[channel]} too many in a row")
            heavy.append(f"{len(run)} {_NOUN[channel]}s in a row ({dates}): more of the same; switch channel.")
            load += rules.heavy_same_channel * (len(run) - rules.same_channel_run + 1)
        run = [i] if i is not None else []
    if situation.channels_preferred:
        liked = ", ".join(situation.channels_preferred)
        unasked = [i for i in order if rows[i]["channel"] not in situation.channels_preferred]
        for i in unasked:
            issues[i].append(f"not a channel the customer prefers ({liked})")
        if unasked:
            heavy.append(f"{_cap(names(unasked))} {_verb(unasked, 'uses a channel', 'use channels')} "
                         f"{situation.customer} did not ask for (they prefer: {liked}).")
            load += rules.heavy_unpreferred_channel * len(unasked)

    # -- presence: no long silences without new value, enough value, the budget window
    end = min(situation.decision_date, start + timedelta(days=rules.horizon_days))
    for i in order:
        if rows[i]["date"] < start:
            issues[i].append(f"dated before the start ({show(start)})")
            absent.append(f"{_cap(name(i))} is dated before the plan starts ({show(start)}): it does not "
                          "count.")
        elif rows[i]["date"] > situation.decision_date:
            issues[i].append(f"after the decision date ({show(situation.decision_date)})")
            absent.append(f"{_cap(name(i))} comes after the decision date "
                          f"({show(situation.decision_date)}): too late to help.")
    valued = [i for i in order if colour[i] == "value" and start <= rows[i]["date"] <= end]
    period = (end - start).days
    missing_days = 0
    if period <= 0:
        coverage = 1.0
        absent.append(f"The decision date ({show(situation.decision_date)}) is not after the start "
                      f"({show(start)}): there is no time left to plan for.")
    else:
        if not valued:
            missing_days = max(0, period - rules.first_touch_days)
            absent.append(f"No touch brings something new between {show(start)} and {show(end)}: the customer "
                          "hears nothing useful from you." if rows else
                          "The plan has no touches yet: add one that brings something new for their problem.")
        else:
            first_gap = (rows[valued[0]]["date"] - start).days
            if first_gap > rules.first_touch_days:
                missing_days += first_gap - rules.first_touch_days
                absent.append(f"The first touch with something new is {name(valued[0])}, {first_gap} days after "
                              f"{show(start)} (more than {rules.first_touch_days}): follow up while the meeting is "
                              "fresh.")
            for a, b in zip(valued, valued[1:], strict=False):
                gap = (rows[b]["date"] - rows[a]["date"]).days
                if gap > rules.max_gap_days:
                    missing_days += gap - rules.max_gap_days
                    absent.append(f"{gap} days with nothing new between {show(rows[a]['date'])} and "
                                  f"{show(rows[b]['date'])} (more than {rules.max_gap_days}): a long silence feels "
                                  "like absence.")
            last_gap = (end - rows[valued[-1]]["date"]).days
            if last_gap > rules.max_gap_days:
                missing_days += last_gap - rules.max_gap_days
                until = (f"the decision on {show(end)}" if end == situation.decision_date
                         else f"{show(end)}, the end of the planning horizon")
                absent.append(f"{last_gap} days with nothing new from {show(rows[valued[-1]]['date'])} to {until} "
                              f"(more than {rules.max_gap_days}): be there before they decide.")
        coverage = max(0.0, 1 - missing_days / period)
    value_share = min(1.0, len(valued) / rules.target_value_touches)

    window = situation.budget_window
    span = f"{show(window.opens)} to {show(window.closes)}"
    parts = [(rules.presence_weight_coverage, coverage), (rules.presence_weight_value, value_share)]
    if window.closes < start:
        good.append(f"The budget window ({span}) closed before the plan starts, so it is not counted.")
    else:
        inside = [i for i in order if window.opens <= rows[i]["date"] <= window.closes]
        hit = [i for i in inside if colour[i] == "value"]
        if hit:
            good.append(f"{_cap(name(hit[0]))} lands inside the budget window ({span}): you are there when "
                        "the money is.")
        elif inside:
            absent.append(f"{_cap(name(inside[0]))} falls in the budget window ({span}) but brings nothing "
                          "new tied to their words: make that touch count.")
        else:
            absent.append(f"No touch falls in the budget window ({span}): plan one with something new for when "
                          "it opens.")
        parts.append((rules.presence_weight_budget, 1.0 if hit else 0.0))
    if valued:
        good.append(f"{len(valued)} of {_plural(len(rows), 'touch')} {_verb(valued, 'brings', 'bring')} something "
                    "new tied to what the customer said.")
    total = sum(w for w, _ in parts)
    presence = round(sum(w * v for w, v in parts) / total, 3) if total else 0.0
    heaviness = round(min(1.0, load), 3)

    touches = [TouchFeedback(i, rows[i]["date"], rows[i]["channel"], feedback[i].score, colour[i], issues[i],
                             feedback[i]) for i in range(len(rows))]
    return PlanScore(presence, heaviness, heavy + absent + good, touches, presence >= rules.present_mark,
                     heaviness <= rules.light_mark, start, end, (window.opens, window.closes))


def timeline(plan: pd.DataFrame, score: PlanScore) -> list[dict[str, Any]]:
    """One dict per touch, in date order, for drawing the plan: date, channel, value score and colour class."""
    rows = _touches(plan)
    if len(rows) != len(score.touches) or any(r["date"] != t.date or r["channel"] != t.channel
                                               for r, t in zip(rows, score.touches, strict=True)):
        raise ValueError("the score belongs to another version of the plan: score the plan again")
    points = [{"index": t.index, "date": t.date, "channel": t.channel, "value": t.value, "colour": t.colour,
               "message": rows[t.index]["message"]} for t in score.touches]
    return sorted(points, key=lambda p: p["date"])


# --------------------------------------------------------------------------- import / export


@dataclass(frozen=True)
class PlanProblem:
    """One problem in an imported plan: where (row of the file, header = row 1; or event number) and which field."""

    row: int
    field: str
    message: str
    unit: str = "row"

    def __str__(self) -> str:
        where = f"{self.unit} {self.row}" if self.row else "the file"
        return f"{where}, field '{self.field}': {self.message}" if self.field else f"{where}: {self.message}"


class PlanImportError(ValueError):
    """A plan file that cannot be read; ``problems`` lists every problem found."""

    def __init__(self, problems: list[PlanProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def to_csv(plan: pd.DataFrame) -> str:
    """The plan as CSV text: a header row, then one row per touch with the date as YYYY-MM-DD."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180, as spreadsheets write it
    writer.writerow(PLAN_COLUMNS)
    for t in _touches(plan):
        writer.writerow([t["date"].isoformat(), *(t[c] for c in PLAN_COLUMNS[1:])])
    return out.getvalue()


def _decode(data: str | bytes, unit: str) -> str:
    if isinstance(data, bytes | bytearray):
        try:
            return bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise PlanImportError([PlanProblem(line, "", "is not UTF-8 text: save the file as UTF-8", "line")]) \
                from None
    if not isinstance(data, str):
        raise PlanImportError([PlanProblem(0, "", f"expected the text of a file, got {type(data).__name__}", unit)])
    return data.removeprefix("\ufeff")


def from_csv(text: str | bytes) -> pd.DataFrame:
    """A plan read from CSV text (as written by :func:`to_csv` or a spreadsheet); PlanImportError if it is wrong."""
    text = _decode(text, "row")
    reader = csv.reader(io.StringIO(text, newline=""))
    records: list[list[str]] = []
    try:
        for record in reader:
            records.append(record)
    except csv.Error as exc:
        raise PlanImportError([PlanProblem(len(records) + 1, "", f"is not valid CSV ({exc})")]) from None
    if not records or not any(cell.strip() for cell in records[0]):
        raise PlanImportError([PlanProblem(1, "", "must be the header row, naming the columns: "
                                           + ", ".join(PLAN_COLUMNS))])
    header = [cell.strip().lower() for cell in records[0]]
    problems = [PlanProblem(1, name, "is missing from the header row") for name in REQUIRED_COLUMNS
                if name not in header]
    seen: set[str] = set()
    for name in header:
        if name and name not in PLAN_COLUMNS:
            problems.append(PlanProblem(1, name[:40], "is not a known column; the columns are "
                                        + ", ".join(PLAN_COLUMNS)))
        elif name in seen:
            problems.append(PlanProblem(1, name, "appears twice in the header row"))
        seen.add(name)
    if problems:
        raise PlanImportError(problems)
    touches = []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue  # blank line
        if len(record) > len(header):
            problems.append(PlanProblem(number, "", f"has {len(record)} cells; the header has {len(header)}"))
            continue
        cells = dict(zip(header, record, strict=False))
        stray = cells.pop("", "")
        if stray.strip():
            problems.append(PlanProblem(number, "", "has a value in a column with no name in the header row"))
        clean, found = _touch_problems(cells)
        problems += [PlanProblem(number, name, message) for name, message in found]
        touches.append(clean)
    if problems:
        raise PlanImportError(problems)
    return _frame(touches)


def __getattr__(name: str):
    """The calendar export and import live in :mod:`coachkit.planner_ics`; ``coachkit.planner.to_ics`` still works."""
    if name in ("to_ics", "from_ics"):
        from coachkit import planner_ics

        return getattr(planner_ics, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
