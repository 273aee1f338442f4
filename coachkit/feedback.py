"""Rubric scoring: turn a learner's answer into specific, partial-credit feedback.

Each exercise kind has a rubric declared once in :data:`RUBRICS` (shown to the learner before
the attempt) and one scoring function that returns a :class:`Feedback` with one
:class:`Check` per rubric line. Every check names the words that triggered it, or says what is
missing and what to try. Scoring reads the answer as moves (:func:`coachkit.moves.detect_moves`)
and, where a scenario is given, against its key points and hidden need.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from coachkit.config import MAX_ANSWER_CHARS, PASS_MARK
from coachkit.moves import ANTI_PATTERNS, Detection, Move, detect_moves
from coachkit.schema import Scenario
from coachkit.wordforms import content_stems, find_phrase, tokens

__all__ = [
    "Check",
    "Criterion",
    "Feedback",
    "RUBRICS",
    "accept_and_explore",
    "followup_message",
    "permission_request",
    "projection_vs_empathy",
    "protocol_reply",
    "refusal",
    "reformulation",
    "SCORERS",
]


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

    @property
    def score(self) -> float:
        """Earned share of the available credit, 0..1."""
        available = sum(c.weight for c in self.checks)
        return round(sum(c.credit for c in self.checks) / available, 3) if available else 0.0

    @property
    def passed(self) -> bool:
        """Whether the answer reaches the pass mark."""
        return not self.refused and self.score >= PASS_MARK

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
                  "without agreeing or arguing."),
        Criterion("Explore", 1, "You ask an open question (what, how, tell me more) that invites the customer "
                  "to say more about their view."),
        Criterion("No push-back", 1, "No counter-argument, pitch, advice from your own frame or pressure."),
    ),
    "reformulate": (
        Criterion("Restate", 1, "You restate the customer's view in your own words (\"so if I follow you…\")."),
        Criterion("Key points", 2, "Your restatement carries every idea the customer expressed."),
        Criterion("Better than they did", 1, "You add the need or feeling underneath, which they did not say."),
        Criterion("Check", 1, "You end with a check question (\"Have I got that right?\")."),
        Criterion("No push-back", 1, "No counter-argument or pitch slipped into the reformulation."),
    ),
    "ask_permission": (
        Criterion("Ask leave", 2, "You ask permission before giving your view (\"May I share how I see it?\")."),
        Criterion("A real question", 1, "It is a question the customer can refuse, not an announcement."),
        Criterion("View held back", 1, "You do not give your view or pitch before the customer says yes."),
    ),
    "protocol": (
        Criterion("Accept and explore", 1, "You open by accepting the objection and exploring it."),
        Criterion("Reformulate", 1, "You restate the customer's view and check it."),
        Criterion("Ask permission", 1, "You ask leave before giving your view."),
        Criterion("In order", 2, "The steps come in order: nothing of yours before you have explored and asked."),
    ),
    "followup": (
        Criterion("New value", 2, "The message brings something new: an idea, an option, information."),
        Criterion("Tied to their words", 1, "The new value answers something the customer said."),
        Criterion("No chasing", 1, "No \"just checking in\", no urgency or guilt."),
    ),
    "empathy": (
        Criterion("Client's frame", 2, "You describe the situation from the client's side: their feeling, need "
                  "or constraint."),
        Criterion("No projection", 1, "No advice from your own frame (\"if I were you\", \"you should\")."),
        Criterion("About them", 1, "The sentence is about the client, not about you or your offer."),
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


def _quote(detections: Iterable[Detection]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(span.text for d in detections for span in d.evidence))


def _pick(moves: list[Detection], *wanted: Move) -> list[Detection]:
    return [d for d in moves if d.move in wanted]


def _quoted(words: tuple[str, ...], limit: int = 3) -> str:
    return ", ".join(f"“{w}”" for w in words[:limit])


def _check(criterion: Criterion, share: float, message: str, evidence: tuple[str, ...] = ()) -> Check:
    share = max(0.0, min(1.0, share))
    return Check(criterion.name, share >= 0.999, round(criterion.weight * share, 3), criterion.weight, message, evidence)


def _rubric(kind: str) -> dict[str, Criterion]:
    return {c.name: c for c in RUBRICS[kind]}


def _no_pushback(criterion: Criterion, moves: list[Detection], bad: tuple[Move, ...] = tuple(ANTI_PATTERNS)) -> Check:
    found = _pick(moves, *bad)
    if not found:
        return _check(criterion, 1, "Nothing pushes back: the customer can keep talking.")
    names = ", ".join(sorted({d.move.value.replace("_", " ") for d in found}))
    words = _quote(found)
    return _check(criterion, 0, f"{_quoted(words)} reads as {names}: it answers the objection instead of "
                  "listening to it. Take it out; your view can wait until you have asked permission.", words)


_CHECK_QUESTION = re.compile(
    r"(\b(is that (it|right|correct|fair)|did i (get|understand)|have i (got|understood)|am i right|"
    r"does that (sound|fit)|would you say|is this (it|right)|right|correct|yes)\b[^.?!]*\?)\s*$",
    re.IGNORECASE,
)


def _ends_with_check(text: str) -> str:
    last = re.split(r"(?<=[.!?])\s+", text.strip())[-1]
    if not last.rstrip().endswith("?"):
        return ""
    return last.strip()


def _key_points(text: str, scenario: Scenario) -> tuple[list[str], list[str], tuple[str, ...]]:
    toks = tokens(text)
    found, missing, evidence = [], [], []
    for point in scenario.key_points:
        hit = next(((s, span) for s in point.synonyms if (span := find_phrase(s, toks))), None)
        if hit:
            found.append(point.idea)
            evidence.append(text[hit[1][0]:hit[1][1]])
        else:
            missing.append(point.idea)
    return found, missing, tuple(evidence)


def _hidden_need(text: str, scenario: Scenario) -> tuple[str, ...]:
    toks = tokens(text)
    return tuple(text[a:b] for cue in scenario.hidden_need.cues if (span := find_phrase(cue, toks)) for a, b in [span])


# --------------------------------------------------------------------------- scorers


def _guarded(kind: str, context: str):
    """Decorator: refuse empty or oversized answers, read the moves once, then score."""

    def wrap(score: Callable[..., list[Check]]) -> Callable[..., Feedback]:
        def run(text: str, *args, **kwargs) -> Feedback:
            why = refusal(text)
            if why:
                return Feedback(refused=why)
            moves = detect_moves(text, context)
            return Feedback(tuple(score(text, moves, *args, **kwargs)), tuple(moves))

        run.__name__ = score.__name__
        run.__doc__ = score.__doc__
        run.kind = kind  # type: ignore[attr-defined]
        return run

    return wrap


@_guarded("accept_explore", "objection")
def accept_and_explore(text: str, moves: list[Detection], scenario: Scenario | None = None) -> list[Check]:
    """Score an acknowledgement followed by an open question."""
    r = _rubric("accept_explore")
    accept = _pick(moves, Move.ACKNOWLEDGE, Move.EMPATHY)
    checks = [
        _check(r["Accept"], 1, f"{_quoted(_quote(accept))} accepts the objection without arguing.", _quote(accept))
        if accept
        else _check(r["Accept"], 0, "Start by taking the objection as legitimate, e.g. “That's a fair concern.” "
                    "Acknowledging is not agreeing.")
    ]
    explore = _pick(moves, Move.EXPLORE)
    if explore:
        checks.append(_check(r["Explore"], 1, f"{_quoted(_quote(explore))} invites the customer to say more.",
                             _quote(explore)))
    elif "?" in text:
        checks.append(_check(r["Explore"], 0.5, "You ask a question, but it can be answered with yes or no, or it "
                             "leads the customer. Open it up: start with “What…”, “How…” or “Tell me more about…”."))
    else:
        checks.append(_check(r["Explore"], 0, "Add an open question about their view, e.g. “What makes this the "
                             "sticking point for you?”"))
    checks.append(_no_pushback(r["No push-back"], moves))
    return checks


@_guarded("reformulate", "objection")
def reformulation(text: str, moves: list[Detection], scenario: Scenario) -> list[Check]:
    """Score a reformulation against the scenario's key points and hidden need (level 4)."""
    r = _rubric("reformulate")
    restate = _pick(moves, Move.REFORMULATE)
    checks = [
        _check(r["Restate"], 1, f"{_quoted(_quote(restate))} restates the customer's view.", _quote(restate))
        if restate
        else _check(r["Restate"], 0, "Put their view in your own words, about them: “So if I follow you, …”, "
                    "“What I'm hearing is…”.")
    ]
    found, missing, evidence = _key_points(text, scenario)
    share = len(found) / len(scenario.key_points)
    if missing:
        checks.append(_check(r["Key points"], share, f"You carry {len(found)} of {len(scenario.key_points)} ideas. "
                             f"Missing: {'; '.join(missing)}.", evidence))
    else:
        checks.append(_check(r["Key points"], 1, f"Every idea is there ({_quoted(evidence)}).", evidence))
    need = _hidden_need(text, scenario)
    if need:
        checks.append(_check(r["Better than they did"], 1, f"{_quoted(need)} names what they did not say: "
                             "that is what makes a customer answer “that's right”.", need))
    else:
        feeling = _pick(moves, Move.EMPATHY)
        checks.append(_check(
            r["Better than they did"], 0.5 if feeling else 0,
            ("You name a feeling, but not the need underneath. " if feeling else "")
            + "Go one step past their words: what are they afraid of, or what do they need? Hint: "
            + scenario.hints.reformulate[-1], _quote(feeling)))
    last = _ends_with_check(text)
    if last and (_CHECK_QUESTION.search(last) or _pick(detect_moves(last), Move.REFORMULATE)):
        checks.append(_check(r["Check"], 1, f"“{last}” lets the customer confirm or correct you.", (last,)))
    elif last:
        checks.append(_check(r["Check"], 0.5, f"You end on a question, “{last}”, but it does not check your "
                             "summary. Try “Have I got that right?”", (last,)))
    else:
        checks.append(_check(r["Check"], 0, "End with a check question, e.g. “Have I got that right?”, so the "
                             "customer can confirm or correct you."))
    checks.append(_no_pushback(r["No push-back"], moves, (Move.COUNTER_ARGUMENT, Move.PITCH, Move.PRESSURE)))
    return checks


@_guarded("ask_permission", "objection")
def permission_request(text: str, moves: list[Detection], scenario: Scenario | None = None) -> list[Check]:
    """Score a request for permission to give the seller's view."""
    r = _rubric("ask_permission")
    asked = _pick(moves, Move.ASK_PERMISSION)
    checks = [
        _check(r["Ask leave"], 1, f"{_quoted(_quote(asked))} asks leave before you speak.", _quote(asked))
        if asked
        else _check(r["Ask leave"], 0, "Ask before you give your view: “Would you let me share how I see it?”, "
                    "“May I tell you what other clients did?”")
    ]
    checks.append(_check(r["A real question"], 1, "It is a question: the customer is free to say no.")
                  if "?" in text else
                  _check(r["A real question"], 0, "Make it a question the customer can answer, ending with “?”: "
                         "an announcement (“Let me tell you…”) takes the floor without asking."))
    first_ask = min((d.evidence[0].start for d in asked), default=len(text))
    early = [d for d in _pick(moves, Move.PITCH, Move.COUNTER_ARGUMENT, Move.PROJECTION)
             if d.evidence[0].start < first_ask]
    checks.append(_check(r["View held back"], 0, f"{_quoted(_quote(early))} gives your view before the customer "
                         "has said yes. Keep it for after.", _quote(early))
                  if early else _check(r["View held back"], 1, "Your view waits for the customer's yes."))
    return checks


def _first(moves: list[Detection], *wanted: Move) -> int | None:
    positions = [d.evidence[0].start for d in moves if d.move in wanted and d.evidence]
    return min(positions) if positions else None


@_guarded("protocol", "objection")
def protocol_reply(text: str, moves: list[Detection], scenario: Scenario | None = None) -> list[Check]:
    """Score a full reply: the protocol's steps present and in order (never respond before exploring)."""
    r = _rubric("protocol")
    explore = _first(moves, Move.ACKNOWLEDGE, Move.EXPLORE, Move.EMPATHY)
    refo = _first(moves, Move.REFORMULATE)
    ask = _first(moves, Move.ASK_PERMISSION)
    respond = _first(moves, Move.PITCH, Move.COUNTER_ARGUMENT, Move.PROJECTION, Move.PRESSURE)
    checks = [
        _check(r["Accept and explore"], 1 if explore is not None else 0,
               "You open by accepting and exploring." if explore is not None else
               "Open by accepting the objection and asking an open question about it."),
        _check(r["Reformulate"], 1 if refo is not None else 0,
               "You restate their view." if refo is not None else
               "Restate their view in your words before going further, and check it."),
        _check(r["Ask permission"], 1 if ask is not None else 0,
               "You ask leave before giving your view." if ask is not None else
               "Ask permission before you give your view."),
    ]
    present = [(p, name) for p, name in ((explore, "accept/explore"), (refo, "reformulate"), (ask, "ask permission"))
               if p is not None]
    in_order = [name for _, name in sorted(present)] == [name for _, name in present]
    early = respond is not None and (explore is None or respond < explore or ask is None or respond < ask)
    if early:
        words = _quote(_pick(moves, Move.PITCH, Move.COUNTER_ARGUMENT, Move.PROJECTION, Move.PRESSURE))
        checks.append(_check(r["In order"], 0, f"{_quoted(words)} gives your view before you have explored and "
                             "asked permission: that is the counter-argument reflex. Move it after the customer's "
                             "yes.", words))
    elif not in_order:
        checks.append(_check(r["In order"], 0.5, "The steps are there but out of order: accept and explore, then "
                             "reformulate, then ask permission."))
    else:
        checks.append(_check(r["In order"], 1, "The steps come in order."))
    return checks


@_guarded("followup", "followup")
def followup_message(text: str, moves: list[Detection], customer_words: str = "") -> list[Check]:
    """Score a follow-up message: new value tied to what the customer said, no chasing."""
    r = _rubric("followup")
    value = _pick(moves, Move.NEW_VALUE)
    checks = [
        _check(r["New value"], 1, f"{_quoted(_quote(value))} brings something new.", _quote(value))
        if value
        else _check(r["New value"], 0, "Bring something new for their problem: an idea, an option, a piece of "
                    "information. If you have nothing new yet, hold an idea meeting before you call.")
    ]
    shared = sorted(content_stems(text) & content_stems(customer_words)) if customer_words else []
    if not customer_words:
        checks.append(_check(r["Tied to their words"], 1 if value else 0, "No customer words given to tie to."))
    elif shared:
        words = tuple(t.text for t in tokens(text) if t.stem in shared)
        checks.append(_check(r["Tied to their words"], 1, f"{_quoted(tuple(dict.fromkeys(words)))} links back to "
                             "what the customer said.", tuple(dict.fromkeys(words))))
    else:
        checks.append(_check(r["Tied to their words"], 0, "Link the message to something the customer said "
                             f"(“{customer_words[:80]}”): “You mentioned…”."))
    checks.append(_no_pushback(r["No chasing"], moves, (Move.PRESSURE, Move.PROJECTION)))
    return checks


_ABOUT_ME = re.compile(r"\b(i|we|our|us|my)\b", re.IGNORECASE)
_ABOUT_YOU = re.compile(r"\b(you|your|you're|yours|they|their|them)\b", re.IGNORECASE)


@_guarded("empathy", "objection")
def projection_vs_empathy(text: str, moves: list[Detection]) -> list[Check]:
    """Score a statement meant to take the client's frame rather than project the seller's."""
    r = _rubric("empathy")
    empathy = _pick(moves, Move.EMPATHY, Move.REFORMULATE)
    checks = [
        _check(r["Client's frame"], 1, f"{_quoted(_quote(empathy))} takes the client's side.", _quote(empathy))
        if empathy
        else _check(r["Client's frame"], 0, "Name what the client feels, needs or is up against: “It sounds "
                    "like…”, “From where you sit…”.")
    ]
    checks.append(_no_pushback(r["No projection"], moves, (Move.PROJECTION, Move.PRESSURE)))
    me, you = len(_ABOUT_ME.findall(text)), len(_ABOUT_YOU.findall(text))
    checks.append(_check(r["About them"], 1, "The sentence is about the client.") if you >= me else
                  _check(r["About them"], 0.5 if you else 0, "The sentence talks more about you (I, we, our) than "
                         "about the client. Turn it round: start from “you” or “it sounds like”."))
    return checks


#: Exercise kind -> scoring function (each takes the answer, then the scenario if it needs one).
SCORERS: dict[str, Callable[..., Feedback]] = {
    "accept_explore": accept_and_explore,
    "reformulate": reformulation,
    "ask_permission": permission_request,
    "protocol": protocol_reply,
    "followup": followup_message,
    "empathy": projection_vs_empathy,
}
