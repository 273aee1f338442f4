"""Coach-judged answers: what a sales coach said of each rubric check of a learner's answer.

A content kind of its own (``data/labelled/judged_*.yaml``, sealed sets in ``tests/data/sealed/``):
each entry is one answer to one item of one exercise kind, with the coach's verdict per check
(pass / partial / fail) and overall (good / mixed / poor). ``python -m coachkit.coach_eval``
scores the kit against them. Sets are written by people who never saw the scorers.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from coachkit.schema import Text, _Strict

__all__ = ["JUDGED_CHECKS", "JudgedAnswer", "LEVELS", "VERDICTS"]

#: What a check can be worth to a coach: ticked, half there, absent or broken.
LEVELS = ("pass", "partial", "fail")
#: A coach's verdict on a whole answer: good passes as it stands; mixed asks for another try;
#: poor commits the habit the exercise removes, or misses the point.
VERDICTS = ("good", "mixed", "poor")

#: The checks a coach judges, per exercise kind: the rubric lines the learner sees.
JUDGED_CHECKS: dict[str, tuple[str, ...]] = {
    "accept_explore": ("Accept", "Explore", "No push-back"),
    "reformulate": ("Restate", "Key points", "Better than they did", "Check", "No push-back"),
    "ask_permission": ("Ask leave", "A real question", "View held back"),
    "protocol": ("Accept and explore", "Reformulate", "Ask permission", "In order"),
    "empathy": ("Client's frame", "No projection", "About them"),
    "opening": ("Client before offer", "Open question", "No pitch"),
    "client_frame": ("In their frame", "Could do, fear, need"),
    "followup": ("New value", "Tied to their words", "No chasing"),
}

#: Which exercise of a kind the answer was written for, where a kind serves several.
EXERCISES: dict[str, tuple[str, ...]] = {
    "protocol": ("full", "rewrite"),
    "followup": ("rewrite-chaser", "idea-meeting", "planner-touch"),
}


class JudgedAnswer(_Strict):
    """One learner answer with a coach's verdict on each check and overall."""

    id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]+$", max_length=60)]
    kind: Literal[tuple(JUDGED_CHECKS)]  # type: ignore[valid-type]
    item: Text = Field(description="the id of the scenario, statement, meeting, client or situation answered")
    exercise: str = Field(default="", description="for kinds that serve several exercises: which one")
    answer: Text = Field(description="the learner's text exactly as typed (client_frame: one item per line)")
    checks: dict[str, Literal[LEVELS]] = Field(description="the coach's verdict per rubric check")  # type: ignore[valid-type]
    overall: Literal[VERDICTS]  # type: ignore[valid-type]
    why: str = Field(default="", description="the coach's note on the verdict")

    @model_validator(mode="after")
    def _every_check(self) -> JudgedAnswer:
        expected = JUDGED_CHECKS[self.kind]
        missing = [c for c in expected if c not in self.checks]
        unknown = [c for c in self.checks if c not in expected]
        if missing or unknown:
            raise ValueError("checks must be exactly " + ", ".join(expected)
                             + (f"; missing {', '.join(missing)}" if missing else "")
                             + (f"; unknown {', '.join(unknown)}" if unknown else ""))
        allowed = EXERCISES.get(self.kind, ())
        if self.exercise and self.exercise not in allowed:
            raise ValueError(f"exercise {self.exercise!r} is not one of {', '.join(allowed) or '(none for this kind)'}")
        return self
