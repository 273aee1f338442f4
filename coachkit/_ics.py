"""iCalendar TEXT written exactly: what a learner typed comes back as typed (used by the planner's export)."""

from __future__ import annotations

from icalendar import vText

__all__ = ["ExactText"]


class ExactText(vText):
    """A TEXT value escaped as RFC 5545 says, backslashes first. icalendar's own escaping leaves a typed "\\N" as is,
    which every reader then takes for an escaped newline."""

    def to_ical(self) -> bytes:
        text = str(self).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n").encode("utf-8")
