"""The follow-up plan as a calendar: one all-day event per touch (``to_ics``), and a calendar read back as a plan
(``from_ics``), with coachkit's own X- properties so a round trip keeps every field exactly."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import pandas as pd
from icalendar import vText

from coachkit.planner import (
    _TITLE,
    PLAN_COLUMNS,
    PRODID,
    PlanImportError,
    PlanProblem,
    _decode,
    _frame,
    _touch_problems,
    _touches,
)
from coachkit.schema import CHANNELS, Situation

__all__ = ["ExactText", "from_ics", "to_ics"]


class ExactText(vText):
    """A TEXT value escaped as RFC 5545 says, backslashes first. icalendar's own escaping leaves a typed "\\N" as is,
    which every reader then takes for an escaped newline."""

    def to_ical(self) -> bytes:
        text = str(self).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n").encode("utf-8")


def _text(component: Any, name: str) -> str:
    value = component.get(name)
    if value is None:
        return ""
    if isinstance(value, list):  # a property given several times: keep the first
        value = value[0]
    return str(value)


#: How :func:`to_ics` writes a touch's DESCRIPTION (read back when coachkit's own X- fields are missing).
_DESCRIPTION = re.compile(r"(?s)^(?P<message>.*?)(?:\n\nNew value: (?P<new_value>.*?))?"
                          r"(?:\nAnswers: (?P<answers>.*))?$")


def _description(touch: Mapping[str, str]) -> str:
    text = touch["message"]
    if touch["new_value"]:
        text += f"\n\nNew value: {touch['new_value']}"
    if touch["answers"]:
        text += f"\nAnswers: {touch['answers']}"
    return text


def to_ics(plan: pd.DataFrame, situation: Situation, stamp: datetime | None = None) -> bytes:
    """The plan as an iCalendar file: one all-day event per touch (DTSTAMP: ``stamp``, default now)."""
    from icalendar import Calendar, Event

    stamp = stamp or datetime.now(UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"Follow-ups: {situation.customer}, {situation.company}")
    for index, touch in enumerate(_touches(plan)):
        day = touch["date"]
        event = Event()
        event.add("uid", f"{situation.id}-{index}-{day:%Y%m%d}@coachkit")
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("summary", f"{_TITLE[touch['channel']]}: {situation.customer} ({situation.company})")
        event.add("description", _description(touch))
        event.add("categories", [touch["channel"]])
        event.add("transp", "TRANSPARENT")  # a reminder to act, not time taken
        for name in PLAN_COLUMNS[1:]:
            event.add(f"x-coachkit-{name.replace('_', '-')}", ExactText(touch[name]))
        cal.add_component(event)
    return cal.to_ical()


_ESCAPED = re.compile(r"\\([nN,;\\])")



def _own(event: Any, name: str) -> str:
    """One of coachkit's own X- properties, unescaped (the parser keeps unknown properties as written)."""
    value = event.get(name)
    if isinstance(value, list):
        value = value[0]
    if value is None:
        return ""
    raw = value.to_ical() if hasattr(value, "to_ical") else str(value)
    raw = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    return _ESCAPED.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), raw)  # RFC 5545 TEXT, one pass


def _channel_of(event: Any) -> str:
    channel = _own(event, "x-coachkit-channel")
    if channel:
        return channel
    categories = event.get("categories")
    for item in categories if isinstance(categories, list) else [categories] if categories else []:
        for cat in getattr(item, "cats", [item]):
            if str(cat).strip().lower() in CHANNELS:
                return str(cat)
    title = _text(event, "summary").split(":", 1)[0].strip().lower()
    return {t.lower(): c for c, t in _TITLE.items()}.get(title, title)


def from_ics(data: str | bytes) -> pd.DataFrame:
    """A plan read back from an iCalendar file, one touch per event; PlanImportError if it is wrong."""
    from icalendar import Calendar

    text = _decode(data, "event")
    try:
        calendar = Calendar.from_ical(text)
        events = list(calendar.walk("VEVENT"))
    except Exception as exc:  # the parser raises several kinds of error for a damaged file
        raise PlanImportError([PlanProblem(0, "", f"is not an iCalendar file ({str(exc)[:120]})", "event")]) \
            from None
    problems: list[PlanProblem] = []
    touches = []
    for number, event in enumerate(events, start=1):
        try:
            start = event.decoded("dtstart") if event.get("dtstart") is not None else None
        except Exception:  # a DTSTART the parser cannot decode
            start = None
        parts = _DESCRIPTION.match(_text(event, "description")) or _DESCRIPTION.match("")
        touch = {
            "date": start if start is not None else "",
            "channel": _channel_of(event),
            "message": _own(event, "x-coachkit-message") or parts["message"],
            "new_value": _own(event, "x-coachkit-new-value") or parts["new_value"] or "",
            "answers": _own(event, "x-coachkit-answers") or parts["answers"] or "",
        }
        clean, found = _touch_problems(touch)
        problems += [PlanProblem(number, "DTSTART" if name == "date" else name, message, "event")
                     for name, message in found]
        touches.append(clean)
    if problems:
        raise PlanImportError(problems)
    return _frame(touches)
