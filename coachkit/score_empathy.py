"""Scorer of the empathy module's written rewrite: a projection said again from the client's frame.

A coach reads (``shared/curriculum.md``): "If I were this client / in her place…, I'd need…" is
empathy, the seeds' own move; "if I were you", "you should" and advice about the client in the third
person are projection, and so is advice without those words ("the best thing is probably to…");
a sentence that starts from the client but ends praising the offer is about the seller.
"""

from __future__ import annotations

import re

from coachkit.feedback import _check, _quoted, _rubric, scorer
from coachkit.moves import Move
from coachkit.reading import Reading, find

__all__ = ["projection_vs_empathy"]

_ABOUT_ME = re.compile(r"\b(i|we|our|us|my)\b", re.IGNORECASE)
_ABOUT_THEM = re.compile(r"\b(you|your|you're|yours|they|their|them|she|her|he|his|him)\b", re.IGNORECASE)


def _projection(reading: Reading) -> tuple[str, ...]:
    words = []
    for s in reading.sentences:
        frame = find("client_frame_opening", s.text)
        words += [m.group() for m in find("projection_disguise", s.text)]
        words += [m.group() for m in find("third_person_advice", s.text)]
        if Move.PROJECTION in s.moves and not frame:
            words += [sp.text for d in reading.detections if d.move is Move.PROJECTION for sp in d.evidence
                      if s.start <= sp.start < s.end + 1]
        if s.question == "advice":
            words.append(s.text)
    return tuple(dict.fromkeys(w for w in words if w))


@scorer("empathy", "objection")
def projection_vs_empathy(text: str, reading: Reading):
    """Score a statement meant to take the client's frame rather than project the seller's."""
    r = _rubric("empathy")
    frame = [s for s in reading.sentences if s.moves & {Move.EMPATHY, Move.REFORMULATE} or find("client_frame_opening", s.text)]
    praise = tuple(m.group() for s in reading.sentences for m in find("offer_praise", s.text))
    projection = _projection(reading)
    if frame and not projection and not praise:
        checks = [_check(r["Client's frame"], 1, f"“{frame[0].text[:80]}” takes the client's side.", (frame[0].text,))]
    elif frame:
        checks = [_check(r["Client's frame"], 0.5, f"“{frame[0].text[:60]}” starts from the client, then "
                         + ("turns to advice." if projection else "turns to your offer."), (frame[0].text,))]
    else:
        checks = [_check(r["Client's frame"], 0, "Name what the client feels, needs or is up against: “It sounds "
                         "like…”, “From where you sit…”, “If I were this client, I'd need…”.")]
    if projection:
        checks.append(_check(r["No projection"], 0, f"{_quoted(projection, 2)} is advice from your frame, however "
                             "softly put. Say what they face, not what they should do.", projection))
    else:
        checks.append(_check(r["No projection"], 1, "No advice from your own frame."))
    me, them = len(_ABOUT_ME.findall(text)), len(_ABOUT_THEM.findall(text))
    if praise:
        checks.append(_check(r["About them"], 0, f"{_quoted(praise, 2)} ends on your offer: the sentence is about "
                             "you after all.", praise))
    elif them >= me:
        checks.append(_check(r["About them"], 1, "The sentence is about the client."))
    else:
        checks.append(_check(r["About them"], 0.5 if them else 0, "The sentence talks more about you (I, we, our) "
                             "than about the client. Turn it round: start from them."))
    block = "It is still advice from your frame." if projection else ""
    return checks, block
