"""The detector's vocabulary: the ten moves, where a reply is said, and what a found move carries.

Kept apart from the rules that find moves (``coachkit/_moves_hits.py``) so that every part of the kit can
name a move without loading the detector; ``coachkit.moves`` re-exports all of it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Move(str, enum.Enum):
    """The ten moves of the kit's vocabulary (see curriculum.md)."""

    ACKNOWLEDGE = "acknowledge"
    EXPLORE = "explore"
    REFORMULATE = "reformulate"
    ASK_PERMISSION = "ask_permission"
    EMPATHY = "empathy"
    COUNTER_ARGUMENT = "counter_argument"
    PITCH = "pitch"
    PROJECTION = "projection"
    PRESSURE = "pressure"
    NEW_VALUE = "new_value"

    def __str__(self) -> str:
        return self.value


#: Where a reply is said: answering an objection, following up after a proposal, a first meeting.
CONTEXTS = ("objection", "followup", "first_contact")
GOOD_OBJECTION_MOVES = frozenset({Move.ACKNOWLEDGE, Move.EXPLORE, Move.REFORMULATE, Move.ASK_PERMISSION, Move.EMPATHY})
GOOD_FOLLOWUP_MOVES = frozenset({Move.NEW_VALUE, Move.ACKNOWLEDGE, Move.EMPATHY})
ANTI_PATTERNS = (Move.COUNTER_ARGUMENT, Move.PITCH, Move.PROJECTION, Move.PRESSURE)


@dataclass(frozen=True)
class Span:
    """Words of the reply: ``text == reply[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Detection:
    """A move found in a reply, with the words that show it."""

    move: Move
    evidence: tuple[Span, ...]
    sentence: int
    reason: str

    @property
    def learned(self) -> bool:
        """Found by the learned backstop, not by a rule (its reason says so)."""
        return _LEARNED in self.reason


#: How a move found by the learned backstop says so in its reason.
_LEARNED = "read by the learned model"


#: What each move means, said in a reason when nothing more specific is known.
MEANING = {
    Move.ACKNOWLEDGE: "accepts the objection as legitimate",
    Move.ASK_PERMISSION: "asks leave before giving the seller's view",
    Move.PRESSURE: "pushes or chases without bringing anything new",
    Move.EXPLORE: "an open question that invites the customer to say more",
    Move.REFORMULATE: "restates the customer's view",
    Move.EMPATHY: "names the customer's feeling or situation",
    Move.PITCH: "presents the offer without being asked",
    Move.PROJECTION: "advice from the seller's frame",
    Move.COUNTER_ARGUMENT: "argues back against the objection",
    Move.NEW_VALUE: "brings something new for the customer's problem",
}
