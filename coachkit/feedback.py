"""Rubric scoring: turn a learner's answer into specific, partial-credit feedback.

The parts (rubrics, checks, the verdict) are in :mod:`coachkit.rubric`; the scorers, one module per
curriculum module, read the answer sentence by sentence (:mod:`coachkit.reading`) and, where a scenario
is given, against its key points and hidden need (:mod:`coachkit.keypoints`). This module puts them
together: :data:`SCORERS` maps each exercise kind to its scoring function.
"""

from __future__ import annotations

from collections.abc import Callable

from coachkit.rubric import RUBRICS, Check, Criterion, Feedback, refusal, scorer
from coachkit.score_empathy import projection_vs_empathy
from coachkit.score_followup import followup_message
from coachkit.score_permission import permission_request
from coachkit.score_protocol import protocol_reply
from coachkit.score_reformulation import accept_and_explore, reformulation

__all__ = [
    "Check",
    "Criterion",
    "Feedback",
    "RUBRICS",
    "SCORERS",
    "accept_and_explore",
    "followup_message",
    "permission_request",
    "projection_vs_empathy",
    "protocol_reply",
    "refusal",
    "reformulation",
    "scorer",
]

#: Exercise kind -> scoring function (each takes the answer, then the scenario if it needs one).
SCORERS: dict[str, Callable[..., Feedback]] = {
    "accept_explore": accept_and_explore,
    "reformulate": reformulation,
    "ask_permission": permission_request,
    "protocol": protocol_reply,
    "followup": followup_message,
    "empathy": projection_vs_empathy,
}
