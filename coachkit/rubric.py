"""What feedback is made of: rubrics, checks, the verdict, and the decorator every scorer shares.

Each exercise kind has a rubric declared once in :data:`RUBRICS` (shown to the learner before the
attempt). A scorer (``coachkit.score_*``) returns one :class:`Check` per rubric line, each naming the
words that triggered it or saying what is missing, and the reason, if any, why a coach would not pass
the answer whatever its checks earn. :mod:`coachkit.feedback` puts the scorers together.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from coachkit import second_opinion
from coachkit.config import MAX_ANSWER_CHARS, PASS_MARK
from coachkit.moves import Detection
from coachkit.reading import read
from coachkit.transcript import spoken

__all__ = ["Check", "Criterion", "Feedback", "RUBRICS", "refusal", "scorer"]


@dataclass(frozen=True)
class Criterion:
    """One line of a rubric: what is looked for, and how much it is worth."""

    name: str
    weight: float
    looks_for: str


@dataclass(frozen=True)
class Check:
    """The outcome of one rubric line for one answer."""

    name: str
    passed: bool
    credit: float
    weight: float
    message: str
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Feedback:
    """Everything the learner is told about one answer."""

    checks: tuple[Check, ...] = ()
    moves: tuple[Detection, ...] = ()
    refused: str = ""  # set when the answer was not read at all (empty, too long); says why
    blocked: str = ""  # set when the answer commits the anti-pattern its exercise removes: it cannot pass

    @property
    def score(self) -> float:
        """Earned share of the available credit, 0..1."""
        available = sum(c.weight for c in self.checks)
        return round(sum(c.credit for c in self.checks) / available, 3) if available else 0.0

    @property
    def passed(self) -> bool:
        """Whether a coach would pass it: the pass mark reached and no anti-pattern of its exercise committed."""
        return not self.refused and not self.blocked and self.score >= PASS_MARK

    @property
    def move_names(self) -> tuple[str, ...]:
        return tuple(d.move.value for d in self.moves)

    def _repr_html_(self) -> str:
        from coachkit.render import feedback

        return feedback(self)


# --------------------------------------------------------------------------- rubrics

RUBRICS: dict[str, tuple[Criterion, ...]] = {
    "accept_explore": (
        Criterion("Accept", 1, "You take the objection as legitimate (acknowledge it or name the feeling), "
                  "without agreeing, conceding or mocking it."),
        Criterion("Explore", 1, "You ask an open question (what, how, tell me more) that invites the customer "
                  "to say more about their view; advice, steering or leading questions do not count."),
        Criterion("No push-back", 1, "No counter-argument, pitch, advice from your own frame or pressure, "
                  "not even after a good start (\"I see, but…\")."),
    ),
    "reformulate": (
        Criterion("Restate", 1, "You restate the customer's view in your own words (copying their sentence back "
                  "earns half)."),
        Criterion("Key points", 2, "Your restatement carries every idea the customer expressed."),
        Criterion("Better than they did", 1, "You add the need, feeling or constraint underneath, which they did not "
                  "say: theirs, not your reading of their interest."),
        Criterion("Check", 1, "You end with a question that hands your summary back (\"Have I got that right?\"); any "
                  "question right after an argument (\"…right?\", \"Does that sound right?\") asks them to agree with it."),
        Criterion("No push-back", 1, "No counter-argument or pitch slipped into the reformulation (a \"but\" "
                  "after the summary counts)."),
    ),
    "ask_permission": (
        Criterion("Ask leave", 2, "You ask permission before giving your view (\"May I share how I see it?\"); a "
                  "\"May I say something?\" or a bare \"May I?\" with the view said right after it is a habit of "
                  "speech, half."),
        Criterion("A real question", 1, "It is a question the customer can refuse, not an announcement (\"let me…\", "
                  "\"…ok?\"), nor squeezed (\"two minutes max, promise\")."),
        Criterion("View held back", 1, "Nothing of your view or offer in the same message: you wait for the yes."),
    ),
    "protocol": (
        Criterion("Accept and explore", 1, "You open by accepting the objection and exploring it."),
        Criterion("Reformulate", 1, "You restate the customer's view and check it; next to an argument of yours, a "
                  "summary without their need underneath is half."),
        Criterion("Ask permission", 1, "You ask leave before giving your view."),
        Criterion("In order", 2, "Read sentence by sentence: nothing of yours (a claim, a pitch, advice) before "
                  "you have explored and asked, and nothing after your question."),
    ),
    "followup": (
        Criterion("New value", 2, "The message brings something new: an idea, an option, information."),
        Criterion("Tied to their words", 1, "The new value answers something the customer said (a check-in that "
                  "quotes them is tied to nothing)."),
        Criterion("No chasing", 1, "No \"just checking in\", no urgency or guilt; softeners (\"no rush\") around "
                  "a check-in still chase; beside real value they, and help offered for anything (\"happy to answer "
                  "any questions\"), still lean (half)."),
    ),
    "empathy": (
        Criterion("Client's frame", 2, "You describe the situation from the client's side: their feeling, need "
                  "or constraint."),
        Criterion("No projection", 1, "No advice from your own frame (\"if I were you\", \"you should\", \"the best "
                  "thing would be\", \"she ought to\"); \"if I were this client\" is empathy."),
        Criterion("About them", 1, "The sentence is about the client and does not end on you or your offer."),
    ),
}


def refusal(text: object) -> str:
    """Why an answer cannot be read, or "" when it can."""
    if not isinstance(text, str) or not text.strip():
        return "Write an answer first: the box is empty."
    if len(text) > MAX_ANSWER_CHARS:
        return (f"This answer is {len(text):,} characters long; the limit is {MAX_ANSWER_CHARS:,}. "
                "Shorten it to what you would really say to the customer — nothing was cut or lost.")
    return ""


# --------------------------------------------------------------------------- helpers


def _quoted(words: tuple[str, ...], limit: int = 3) -> str:
    return ", ".join(f"“{w}”" for w in words[:limit])


def _check(criterion: Criterion, share: float, message: str, evidence: tuple[str, ...] = ()) -> Check:
    share = max(0.0, min(1.0, share))
    return Check(criterion.name, share >= 0.999, round(criterion.weight * share, 3), criterion.weight, message, evidence)


def _rubric(kind: str) -> dict[str, Criterion]:
    return {c.name: c for c in RUBRICS[kind]}


@cache
def _looks_for(kind: str) -> dict[str, str]:
    """What each check of a kind looks for, from its rubric here or the empathy module's (read once per kind:
    the scorers ask on every reply)."""
    if kind in RUBRICS:
        return {c.name: c.looks_for for c in RUBRICS[kind]}
    from coachkit.empathy import EMPATHY_RUBRICS  # it builds on this module

    return {c.name: c.looks_for for c in EMPATHY_RUBRICS.get(kind, ())}


def scorer(kind: str, context: str):
    """Decorator: refuse empty or oversized answers, keep what the customer would hear (:func:`coachkit.transcript.spoken`),
    read the reply sentence by sentence once, then score.

    The scoring function returns its checks and, when the answer commits the anti-pattern its exercise
    exists to remove, why it cannot pass whatever its checks earn ("" otherwise). Each check then gets the
    second opinion of :mod:`coachkit.second_opinion`, which may drop it one level (never raise it, never lift a block).
    """

    def wrap(score: Callable[..., tuple[list[Check], str]]) -> Callable[..., Feedback]:
        def run(text: str, *args, **kwargs) -> Feedback:
            why = refusal(text)
            if why:
                return Feedback(refused=why)
            text = spoken(text)  # a scripted dialogue or trainer notes: only what the customer would hear is judged
            reading = read(text, context)
            checks, blocked = score(text, reading, *args, **kwargs)
            checks = second_opinion.revise(kind, text, checks, _looks_for(kind))
            return Feedback(tuple(checks), reading.detections, blocked=blocked)

        run.__name__ = score.__name__
        run.__doc__ = score.__doc__
        run.kind = kind  # type: ignore[attr-defined]
        return run

    return wrap
