"""Recording attempts for one learner in one exercise, and reading them back (resume).

The widgets call a :class:`Recorder`; it turns feedback into a stored attempt and never raises
into the page: a failing store becomes a message, and the answer stays where it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from coachkit.identity import Identity, current_identity
from coachkit.save_rate import SaveRate
from coachkit.store import AttemptRecord, Store, StoreError, open_store

__all__ = ["Outcome", "Recorder", "SaveResult"]


@dataclass(frozen=True)
class SaveResult:
    saved: bool
    message: str
    id: int | None = None


def _checks(feedback) -> tuple[dict, ...]:
    if hasattr(feedback, "checks"):
        return tuple(dict(c) if isinstance(c, dict) else {"name": c.name, "passed": c.passed, "credit": c.credit,
                                                          "weight": c.weight, "message": c.message}
                     for c in feedback.checks)
    return tuple({"name": r.move, "passed": r.correct, "credit": float(r.correct), "weight": 1.0,
                  "message": r.message} for r in getattr(feedback, "results", ()))


#: Saves per learner over the last minute, for every recorder of this kernel.
SAVE_RATE = SaveRate()


class Recorder:
    """Saves and reads the attempts of the current learner on one exercise."""

    def __init__(self, exercise: str, identity: Identity | None = None, store: Store | None = None):
        self.exercise = exercise
        self.identity = identity or current_identity()
        self._store = store

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = open_store()
        return self._store

    def save(self, item: str, answer: str, feedback) -> SaveResult:
        """Store one attempt; a failure (or one save too many this minute) is reported, never raised."""
        if not SAVE_RATE.allow((self.identity.learner, self.identity.workshop)):
            return SaveResult(False, SAVE_RATE.message())
        record = AttemptRecord(
            learner=self.identity.learner, workshop=self.identity.workshop, exercise=self.exercise, item=item,
            answer=answer, score=float(feedback.score), passed=bool(feedback.passed),
            moves=tuple(getattr(feedback, "move_names", ())), checks=_checks(feedback))
        try:
            return SaveResult(True, "Saved.", self.store.save(record))
        except StoreError as exc:
            return SaveResult(False, str(exc))

    def history(self) -> tuple[list[AttemptRecord], str]:
        """This learner's earlier attempts on the exercise, and a message if they could not be read."""
        try:
            return self.store.attempts(learner=self.identity.learner, workshop=self.identity.workshop,
                                       exercise=self.exercise), ""
        except StoreError as exc:
            return [], str(exc)


@dataclass(frozen=True)
class Outcome:
    """An attempt's result for exercises whose feedback is not a rubric (a pick, a plan, a dialogue)."""

    score: float
    passed: bool
    move_names: tuple[str, ...] = ()
    checks: tuple = ()
    refused: str = ""
