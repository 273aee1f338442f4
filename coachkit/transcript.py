"""What the learner would say to the customer, out of an answer written as a script.

Learners often write a reply as a little dialogue ("Me: … / Client: … / Me: …") or add notes for the trainer ("(I'd
pause here)", "[not sure about this one]"). A coach judges only what the customer would hear: the learner's own lines,
without their speaker label and without the notes. The labels and the words that open a stage direction are data
(``lexicons/reading.yaml``: ``seller_label``, ``customer_label``, ``stage_direction``).
"""

from __future__ import annotations

import re
from functools import cache

from coachkit.phrase_lists import pattern
from coachkit.reading import opens_with, words

__all__ = ["spoken", "undictated"]

_LABEL = re.compile(r"^\s*[-*•]?\s*([A-Za-z']{1,12})\s*:\s*", re.MULTILINE)
_SQUARE = re.compile(r"\s*\[[^\[\]\n]*\]")
_ROUND = re.compile(r"\s*\(([^()\n]*)\)")


def _said(match: re.Match) -> str:
    """A note in square brackets is dropped, unless it says what would be said ("[I'd mention we work with…]")."""
    note = match.group()[match.group().index("[") + 1:-1]
    lead = opens_with("said_note", note)
    return " " + note[note.lower().index(lead.lower()) + len(lead):].strip(" ,:") + "." if lead else ""


def _note(match: re.Match) -> str:
    first = re.match(r"\W*([\w']+)", match.group(1))
    return "" if first and first.group(1).lower() in words("stage_direction") else match.group()


#: Punctuation said aloud to a phone's dictation, by the list that holds its words, and the mark it stands for.
_DICTATED = (("dictated_question_mark", "?"), ("dictated_full_stop", "."), ("dictated_comma", ","),
             ("dictated_exclamation", "!"), ("dictated_new_line", "\n"))


@cache
def _dictation() -> re.Pattern:
    """Every dictated mark in one pattern, one named group per list, with the spaces around it."""
    groups = "|".join(f"(?P<m{i}>{pattern(sorted(words(name))).pattern})" for i, (name, _) in enumerate(_DICTATED))
    return re.compile(rf"[ \t]*(?:{groups})[ \t]*[.,?!]?", re.IGNORECASE)


def undictated(text: str) -> str:
    """Punctuation dictated as words put back as marks ("fair enough comma what happened question mark" → "fair
    enough, what happened?"); a text with none comes back unchanged."""
    flat = " ".join(text.lower().split())  # most texts hold no dictated mark: plain substring tests say so at once
    if not any(said in flat for name, _ in _DICTATED for said in words(name)):
        return text

    def put(m: re.Match) -> str:
        before = re.search(r"([\w']+)\W{0,3}$", text[max(0, m.start() - 40):m.start()])
        if before and before.group(1).lower() in words("determiner"):
            return m.group()  # "tested a new line", "a comma": a thing named, not a mark said
        mark = next(mark for i, (_, mark) in enumerate(_DICTATED) if m.group(f"m{i}"))
        return mark + ("" if mark == "\n" else " ")

    out = re.sub(r"[ \t]+\n", "\n", _dictation().sub(put, text))
    return out.rstrip(" ") if out != text else text


def spoken(text: str) -> str:
    """The learner's words to the customer: customer lines and trainer notes dropped, the learner's labels removed.

    An answer with no speaker labels and no notes comes back unchanged; one whose every line is dropped comes back
    unchanged too (there is nothing else to judge)."""
    said_aloud = undictated(text)
    if said_aloud != text:
        return spoken(said_aloud)
    lines = text.splitlines() or [text]
    kept = []
    for line in lines:
        label = _LABEL.match(line)
        name = label.group(1).lower() if label else ""
        if name in words("customer_label"):
            continue
        kept.append(line[label.end():] if name in words("seller_label") else line)
    said = _ROUND.sub(_note, _SQUARE.sub(_said, "\n".join(kept)))
    said = "\n".join(line.rstrip() for line in said.splitlines() if line.strip())
    return said if said.strip() and said != text.strip() else text
