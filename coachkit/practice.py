"""Exercise sessions: the state of one learner working through one exercise.

Plain Python, no widgets: which scenario is on screen, the difficulty filter, the attempts
made, when the hint and the model answer unlock. The widgets in ``coachkit.widgets`` only show
a session and forward clicks to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from coachkit.config import DIFFICULTIES, WRONG_TICK_COST
from coachkit.feedback import RUBRICS, SCORERS, Criterion, Feedback
from coachkit.moves import _MEANING, Move
from coachkit.schema import Reply, Scenario

__all__ = [
    "Attempt",
    "ChoiceFeedback",
    "ChoiceResult",
    "FREE_TEXT_KINDS",
    "FreeTextKind",
    "FreeTextSession",
    "SEQUENCE",
    "SequenceSession",
    "SpotSession",
    "score_choice",
]

T = TypeVar("T")


@dataclass(frozen=True)
class FreeTextKind:
    """A kind of free-text exercise: what is asked, how it is scored, which model answer it shows."""

    kind: str
    instruction: str
    steps: tuple[str, ...]  # the protocol steps whose model answers and hints apply, in order
    scorer: str = ""  # the rubric and scorer (default: the kind itself)
    rewrite: bool = False  # the prompt also shows the seller's counter-argument to rewrite

    @property
    def rubric(self) -> tuple[Criterion, ...]:
        return RUBRICS[self.scorer or self.kind]

    def score(self, text: str, scenario: Scenario) -> Feedback:
        return SCORERS[self.scorer or self.kind](text, scenario)

    def hints(self, scenario: Scenario) -> list[str]:
        return [h for step in self.steps for h in getattr(scenario.hints, step)]

    def model_answer(self, scenario: Scenario) -> str:
        return " ".join(getattr(scenario.model_answers, step) for step in self.steps)


#: The free-text exercises on a scenario, by kind.
FREE_TEXT_KINDS: dict[str, FreeTextKind] = {
    k.kind: k
    for k in (
        FreeTextKind("accept_explore", "Reply to the customer: accept the objection, then ask one open question "
                     "about their view.", ("acknowledge_explore",)),
        FreeTextKind("reformulate", "Restate the customer's objection better than they did: every idea they "
                     "expressed, the need underneath, and a check question.", ("reformulate",)),
        FreeTextKind("ask_permission", "Ask the customer's permission to give your view.", ("ask_permission",)),
        FreeTextKind("protocol", "Write your whole reply: accept and explore, reformulate, ask permission — "
                     "in that order.", ("acknowledge_explore", "reformulate", "ask_permission")),
        FreeTextKind("rewrite", "A seller answered this objection with a counter-argument. Rewrite the reply so it "
                     "follows the protocol: accept and explore, reformulate, then ask permission.",
                     ("acknowledge_explore", "reformulate", "ask_permission"), scorer="protocol", rewrite=True),
    )
}


@dataclass(frozen=True)
class Attempt:
    """One answer and what it got."""

    item_id: str
    answer: str
    feedback: object


class _Navigator(Generic[T]):
    """Next / Previous over a list of items, with an optional difficulty filter."""

    def __init__(self, items: Sequence[T], difficulty: str | None = None):
        if not items:
            raise ValueError("This exercise has no items: add some to data/ and run `coachkit validate`.")
        self._all = list(items)
        self.index = 0
        self.difficulty: str | None = None
        self.set_difficulty(difficulty)

    @property
    def items(self) -> list[T]:
        if self.difficulty is None:
            return self._all
        return [i for i in self._all if getattr(i, "difficulty", None) == self.difficulty]

    def set_difficulty(self, difficulty: str | None) -> None:
        """Show only items of one difficulty (None or "all": every item); back to the first."""
        difficulty = None if difficulty in (None, "", "all") else difficulty
        if difficulty is not None and difficulty not in DIFFICULTIES:
            raise ValueError(f"unknown difficulty {difficulty!r}; choose one of {', '.join(DIFFICULTIES)}")
        if difficulty is not None and not any(getattr(i, "difficulty", None) == difficulty for i in self._all):
            raise ValueError(f"no item has difficulty {difficulty!r}")
        self.difficulty = difficulty
        self.index = 0

    @property
    def current(self) -> T:
        return self.items[self.index]

    @property
    def position(self) -> str:
        return f"{self.index + 1} / {len(self.items)}"

    def next(self) -> T:
        self.index = (self.index + 1) % len(self.items)
        return self.current

    def previous(self) -> T:
        self.index = (self.index - 1) % len(self.items)
        return self.current


class _Attempted(_Navigator[T]):
    """A navigator that remembers the attempts on each item and unlocks hints and model answers from them."""

    def __init__(self, items: Sequence[T], difficulty: str | None = None):
        super().__init__(items, difficulty)
        self.attempts: list[Attempt] = []

    def _mine(self) -> list[Attempt]:
        return [a for a in self.attempts if a.item_id == self.current.id]

    def _keep(self, answer: str, feedback: Feedback) -> Feedback:
        """Remember an attempt on the current item (a refused answer is not an attempt)."""
        if not feedback.refused:
            self.attempts.append(Attempt(self.current.id, answer, feedback))
        return feedback

    @property
    def tried(self) -> bool:
        return bool(self._mine())

    @property
    def best_score(self) -> float | None:
        scores = [a.feedback.score for a in self._mine()]
        return max(scores) if scores else None

    @property
    def hint_unlocked(self) -> bool:
        """Hints open after a failed attempt on the current item."""
        return any(not a.feedback.passed for a in self._mine())

    @property
    def model_answer_unlocked(self) -> bool:
        """The model answer opens after any attempt, never before."""
        return self.tried


class FreeTextSession(_Attempted[Scenario]):
    """A learner answering scenarios in writing, one at a time."""

    def __init__(self, kind: str, scenarios: Sequence[Scenario], difficulty: str | None = None):
        if kind not in FREE_TEXT_KINDS:
            raise ValueError(f"unknown exercise kind {kind!r}; choose one of {', '.join(FREE_TEXT_KINDS)}")
        super().__init__(scenarios, difficulty)
        self.kind = FREE_TEXT_KINDS[kind]
        self._hints_shown: dict[str, int] = {}

    def submit(self, answer: str) -> Feedback:
        """Score an answer to the current scenario and remember it (a refused answer is not an attempt)."""
        return self._keep(answer, self.kind.score(answer, self.current))

    def next_hint(self) -> str | None:
        """The next hint for the current scenario, or None while hints are locked or all are shown."""
        if not self.hint_unlocked:
            return None
        hints = self.kind.hints(self.current)
        shown = self._hints_shown.get(self.current.id, 0)
        if shown >= len(hints):
            return None
        self._hints_shown[self.current.id] = shown + 1
        return hints[shown]

    @property
    def hints_left(self) -> int:
        return len(self.kind.hints(self.current)) - self._hints_shown.get(self.current.id, 0)

    @property
    def model_answer(self) -> str | None:
        """The model answer for the current scenario, once unlocked."""
        if not self.model_answer_unlocked:
            return None
        return self.kind.model_answer(self.current)


@dataclass(frozen=True)
class ChoiceResult:
    """Feedback on one move the learner could tick."""

    move: str
    picked: bool
    expected: bool

    @property
    def correct(self) -> bool:
        return self.picked == self.expected

    @property
    def message(self) -> str:
        name = self.move.replace("_", " ")
        if self.picked and self.expected:
            return f"Yes: the reply does {name}."
        if self.picked:
            return f"Not {name} here: nothing in the reply {_MEANING[Move(self.move)]}."
        if self.expected:
            return f"Missed: the reply also does {name}."
        return ""


@dataclass(frozen=True)
class ChoiceFeedback:
    """Feedback on a "spot the move" answer, one result per move."""

    results: tuple[ChoiceResult, ...]
    explanation: str
    refused: str = ""

    @property
    def score(self) -> float:
        """Partial credit: moves ticked right over the moves to find, less half as much per wrong tick (0..1)."""
        expected = sum(r.expected for r in self.results)
        right = sum(r.picked and r.expected for r in self.results)
        wrong = sum(r.picked and not r.expected for r in self.results)
        return round(max(0.0, (right - WRONG_TICK_COST * wrong) / expected), 3) if expected else 0.0

    @property
    def passed(self) -> bool:
        return not self.refused and all(r.correct for r in self.results)


def score_choice(reply: Reply, picked: set[str] | Sequence[str]) -> ChoiceFeedback:
    """Compare the moves a learner picked for a reply with the expected ones."""
    picked = set(picked)
    if not picked:
        return ChoiceFeedback((), reply.explanation, refused="Pick at least one move first.")
    unknown = picked - {m.value for m in Move}
    if unknown:
        return ChoiceFeedback((), reply.explanation, refused=f"Unknown move: {', '.join(sorted(unknown))}.")
    expected = {m.value for m in reply.moves}
    results = tuple(ChoiceResult(m.value, m.value in picked, m.value in expected) for m in Move
                    if m.value in picked or m.value in expected)
    return ChoiceFeedback(results, reply.explanation)


class SpotSession(_Navigator[Reply]):
    """A learner naming the moves of given replies."""

    def __init__(self, replies: Sequence[Reply]):
        super().__init__(replies)
        self.attempts: list[Attempt] = []

    def submit(self, picked: set[str] | Sequence[str]) -> ChoiceFeedback:
        feedback = score_choice(self.current, picked)
        if not feedback.refused:
            self.attempts.append(Attempt(self.current.id, ";".join(sorted(picked)), feedback))
        return feedback


#: The steps the full-sequence exercise walks through: the protocol step (for model answers and
#: hints), its scorer, and what the customer says once the step is met.
SEQUENCE = (
    ("acknowledge_explore", "accept_explore", "elaborate", "1. Accept and explore"),
    ("reformulate", "reformulate", "thats_right", "2. Reformulate, better than they did"),
    ("ask_permission", "ask_permission", "grant_permission", "3. Ask permission"),
)


class SequenceSession(_Navigator[Scenario]):
    """The protocol on one objection, step by step: each step must pass before the next opens."""

    def __init__(self, scenarios: Sequence[Scenario], difficulty: str | None = None):
        super().__init__(scenarios, difficulty)
        self._reset()

    def _reset(self) -> None:
        self.step = 0
        self.attempts: list[Attempt] = []
        self.transcript: list[tuple[str, str]] = [("customer", self.current.objection)]
        self._hints_shown = 0

    def set_difficulty(self, difficulty: str | None) -> None:
        super().set_difficulty(difficulty)
        if hasattr(self, "step"):
            self._reset()

    def next(self) -> Scenario:
        super().next()
        self._reset()
        return self.current

    def previous(self) -> Scenario:
        super().previous()
        self._reset()
        return self.current

    @property
    def done(self) -> bool:
        return self.step >= len(SEQUENCE)

    @property
    def title(self) -> str:
        return "Done: the customer has given you the floor." if self.done else SEQUENCE[self.step][3]

    @property
    def rubric(self) -> tuple[Criterion, ...]:
        return () if self.done else RUBRICS[SEQUENCE[self.step][1]]

    def _mine(self) -> list[Attempt]:
        return [a for a in self.attempts if a.item_id == f"{self.current.id}#{self.step}"]

    def submit(self, answer: str) -> Feedback:
        """Score the answer to the current step; a passing answer moves the dialogue on."""
        if self.done:
            return Feedback(refused="This customer has already given you the floor: press Next for another one.")
        step, scorer, line, _title = SEQUENCE[self.step]
        feedback = SCORERS[scorer](answer, self.current)
        if feedback.refused:
            return feedback
        self.attempts.append(Attempt(f"{self.current.id}#{self.step}", answer, feedback))
        if feedback.passed:
            said = getattr(self.current.customer_lines, line)
            if step == "reformulate" and feedback.score < 1:
                said = self.current.customer_lines.elaborate  # close, but not yet "that's right"
            self.transcript += [("seller", answer), ("customer", said)]
            self.step += 1
            self._hints_shown = 0
        return feedback

    @property
    def hint_unlocked(self) -> bool:
        return any(not a.feedback.passed for a in self._mine())

    def next_hint(self) -> str | None:
        if self.done or not self.hint_unlocked:
            return None
        hints = getattr(self.current.hints, SEQUENCE[self.step][0])
        if self._hints_shown >= len(hints):
            return None
        self._hints_shown += 1
        return hints[self._hints_shown - 1]

    @property
    def model_answer(self) -> str | None:
        """The model answer of the step just tried (after an attempt on it)."""
        tried = [a for a in self.attempts if a.item_id.startswith(f"{self.current.id}#")]
        if not tried:
            return None
        index = int(tried[-1].item_id.rsplit("#", 1)[1])
        return getattr(self.current.model_answers, SEQUENCE[index][0])
