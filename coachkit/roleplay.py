"""The role-play's simulated customer: a resistance that answers to the seller's moves.

The customer opens with the scenario's objection at a starting resistance (0 = open, 1 = gone).
Each seller turn is read as moves, sentence by sentence (:func:`coachkit.reading.read`); every move kind found
in the turn changes the resistance once, by the amount :class:`Rules` gives it:

* push-back (counter-argument, pitch, projection, pressure) raises it, and raises it faster when
  the same kind comes back turn after turn: "more of the same" feeds the resistance;
* listening (acknowledge, explore, reformulate, empathy) lowers it, by less when the same turn
  also pushes back ("yes, but…");
* a reformulation that carries every key point of the scenario and its hidden need earns the
  "that's right" moment, with an extra fall (once per dialogue);
* a permission request is granted only when it is earned, and ends the dialogue with success.

**Earned permission** (the rule, decided here): the request is granted when (1) the customer has
already felt heard, i.e. an *earlier* turn explored (open question) or restated their view
(reformulation) without pushing back in the same turn — acknowledging alone eases the resistance
but does not open the door —, (2) the same turn holds no push-back (the view waits for the
"yes"), and (3) the resistance, after the rest of the turn, is strictly below
:attr:`Rules.permission_below`. Otherwise it is refused and the resistance rises a little.

The customer speaks only the scenario's own words (``customer_lines`` and the objection), and
the reply depends on the turn alone: the same replies always give the same dialogue.

Pure logic: no widgets, no plotting; :func:`resistance_chart` gives the points to draw.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from coachkit.config import MAX_ANSWER_CHARS
from coachkit.keypoints import key_points
from coachkit.moves import Detection, Move
from coachkit.reading import read
from coachkit.schema import Scenario
from coachkit.wordforms import find_phrase, tokens

__all__ = [
    "BAD_MOVES",
    "DEFAULT_RULES",
    "EVENTS",
    "GOOD_MOVES",
    "STATUSES",
    "Dialogue",
    "Rules",
    "Turn",
]

#: Moves that push back: each raises the resistance.
BAD_MOVES = (Move.COUNTER_ARGUMENT, Move.PITCH, Move.PROJECTION, Move.PRESSURE)
#: Moves that listen: each lowers the resistance (ask_permission only when the request is granted).
GOOD_MOVES = (Move.ACKNOWLEDGE, Move.EXPLORE, Move.REFORMULATE, Move.EMPATHY, Move.ASK_PERMISSION)

#: What a turn did, as the customer lived it (one per turn).
EVENTS = (
    "heard", "explored", "that's right", "pushed back", "more of the same",
    "permission granted", "permission refused", "disengaged", "neutral",
)
#: The states of a dialogue.
STATUSES = ("open", "success", "disengaged")


@dataclass(frozen=True)
class Rules:
    """Every constant of the customer model. Resistance is on a 0..``limit`` scale (0 = open).

    Move fields are signed changes of resistance, in resistance units, applied once per turn
    in which the move is found: positive for push-back, negative (or zero) for listening.
    """

    # -- the scale and the ending
    #: resistance when the customer states the objection (0..limit): guarded, not hostile
    start: float = 0.6
    #: resistance at which the customer disengages and leaves; also the top of the scale
    limit: float = 1.0
    #: a permission request can be granted only while resistance (after the rest of the turn) is strictly below this
    permission_below: float = 0.45
    #: seller turns (count) after which an open dialogue ends: the customer has no more time
    max_turns: int = 12

    # -- push-back: rise of resistance per turn holding the move (resistance units, >= 0)
    #: rebutting, correcting or minimising the objection
    counter_argument: float = 0.08
    #: presenting the offer or one's view without having asked
    pitch: float = 0.06
    #: advice from the seller's frame ("if I were you", "you should")
    projection: float = 0.06
    #: urgency, chasing, guilt
    pressure: float = 0.08
    #: "more of the same" (multiplier, >= 1): a push-back kind that was also in the previous turn rises
    #: x this once per repeat (x1.5 the 2nd turn in a row, x2.25 the 3rd, ...)
    repeat_factor: float = 1.5
    #: rise (resistance units) when permission is asked before it is earned and refused: it feels like a set-up
    permission_too_early: float = 0.05

    # -- listening: change of resistance per turn holding the move (resistance units, <= 0)
    #: accepting the objection as legitimate, without agreeing
    acknowledge: float = -0.05
    #: naming their feeling, need or situation from their frame
    empathy: float = -0.05
    #: an open question inviting them to say more
    explore: float = -0.08
    #: restating their view in the seller's words
    reformulate: float = -0.08
    #: asking leave to give one's view; applied only when the request is granted
    ask_permission: float = -0.10
    #: bringing something new: neither helps nor hurts before the customer has given the floor
    new_value: float = 0.0
    #: extra fall, once per dialogue, for a reformulation with every key point and the hidden need ("that's right")
    thats_right: float = -0.15
    #: share (0..1) of the listening falls kept when the same turn also pushes back ("yes, but...")
    mixed_share: float = 0.5

    def __post_init__(self) -> None:
        problems = []
        if not 0 < self.limit:
            problems.append("limit must be above 0")
        if not 0 <= self.start < self.limit:
            problems.append("start must be in [0, limit)")
        if not 0 < self.permission_below <= self.limit:
            problems.append("permission_below must be in (0, limit]")
        if self.max_turns < 1:
            problems.append("max_turns must be at least 1")
        if self.repeat_factor < 1:
            problems.append("repeat_factor must be at least 1 (repeating never calms the customer)")
        if not 0 <= self.mixed_share <= 1:
            problems.append("mixed_share must be in [0, 1]")
        if self.permission_too_early < 0:
            problems.append("permission_too_early must be >= 0")
        problems += [f"{m.value} must be >= 0 (it pushes back)" for m in BAD_MOVES if self.effect(m) < 0]
        problems += [f"{m.value} must be <= 0 (it listens)" for m in GOOD_MOVES if self.effect(m) > 0]
        if self.thats_right > 0:
            problems.append("thats_right must be <= 0")
        if problems:
            raise ValueError("Invalid role-play rules: " + "; ".join(problems))

    def effect(self, move: Move | str) -> float:
        """The signed change of resistance for one move (before repeats and mixing)."""
        return float(getattr(self, Move(move).value))


DEFAULT_RULES = Rules()


@dataclass(frozen=True)
class Turn:
    """One exchange: what the seller said, how it moved the customer, and what the customer replied."""

    number: int  # 1 for the seller's first reply
    text: str  # the seller's words
    moves: tuple[str, ...]  # move names found in them, in the order of Move
    resistance_before: float
    resistance_after: float
    reply: str  # the customer's answer, from the scenario's own lines
    event: str  # one of EVENTS
    why: str  # the change, in plain words
    causes: tuple[tuple[str, float, str], ...] = ()  # (cause, signed change, the seller's words that caused it)

    @property
    def change(self) -> float:
        """Resistance after minus before."""
        return round(self.resistance_after - self.resistance_before, 4)


# --------------------------------------------------------------------------- reading a turn

_LABELS = {
    Move.COUNTER_ARGUMENT: "you argued back",
    Move.PITCH: "you pitched your offer",
    Move.PROJECTION: "you advised from your own frame",
    Move.PRESSURE: "you pushed",
    Move.ACKNOWLEDGE: "you accepted the objection",
    Move.EMPATHY: "you named their side of it",
    Move.EXPLORE: "you invited them to say more",
    Move.REFORMULATE: "you restated their view",
    Move.ASK_PERMISSION: "you asked leave to give your view",
    Move.NEW_VALUE: "you brought something new",
}


def _words(detections: Iterable[Detection], move: Move) -> str:
    found = dict.fromkeys(span.text for d in detections if d.move == move for span in d.evidence)
    return " … ".join(found)


def _signed(x: float) -> str:
    return f"{x:+.2f}".replace("-", "−")


def _ordinal(n: int) -> str:
    return {2: "2nd", 3: "3rd"}.get(n, f"{n}th")


def _coverage(text: str, scenario: Scenario) -> tuple[list[str], bool]:
    """The scenario's ideas missing from ``text``, and whether it names the hidden need.

    Same matching as the reformulation rubric: a key point counts in any wording that carries it
    (:func:`coachkit.keypoints.key_points`); the need when any of its cues occurs in any word form.
    """
    _, missing = key_points(text, scenario)
    toks = tokens(text)
    need = any(find_phrase(c, toks) for c in scenario.hidden_need.cues)
    return missing, need


def _clamp(x: float, top: float) -> float:
    return round(max(0.0, min(top, x)), 4)


def _refusal(text: object) -> str:
    if not isinstance(text, str) or not text.strip():
        return "Say something to the customer first: your reply is empty."
    if len(text) > MAX_ANSWER_CHARS:
        return (f"Your reply is {len(text):,} characters long; the limit is {MAX_ANSWER_CHARS:,}. Shorten it to "
                "what you would really say to the customer — nothing was said yet.")
    return ""


# --------------------------------------------------------------------------- the dialogue


class Dialogue:
    """A role-play on one scenario: say something, watch the customer's resistance move."""

    def __init__(self, scenario: Scenario, rules: Rules = DEFAULT_RULES):
        self.scenario = scenario
        self.rules = rules
        self._turns: list[Turn] = []
        self._start = self._resistance = _clamp(rules.start, rules.limit)
        self._status = "open"
        self._heard = False  # an earlier turn explored or reformulated without pushing back
        self._thats_right_given = False
        self._streaks: dict[Move, int] = {}  # push-back kind -> consecutive turns it has appeared in

    # ---- state

    @property
    def opening(self) -> str:
        """The customer's objection, which opens the dialogue."""
        return self.scenario.objection

    @property
    def turns(self) -> tuple[Turn, ...]:
        return tuple(self._turns)

    @property
    def resistance(self) -> float:
        """The customer's current resistance (0..rules.limit)."""
        return self._resistance

    @property
    def series(self) -> list[float]:
        """Resistance at the start, then after each turn."""
        return [self._start] + [t.resistance_after for t in self._turns]

    @property
    def status(self) -> str:
        """"open", "success" (permission granted) or "disengaged" (the customer left)."""
        return self._status

    @property
    def over(self) -> bool:
        return self._status != "open"

    @property
    def heard(self) -> bool:
        """Whether the customer has felt heard (an exploration or reformulation without push-back)."""
        return self._heard

    # ---- a turn

    def say(self, text: str) -> Turn:
        """Play one seller turn; returns it. Raises ValueError (nothing changes) when it cannot be read."""
        if self.over:
            ending = ("the customer gave you the floor" if self._status == "success" else "the customer has left")
            raise ValueError(f"The conversation is over: {ending}. Start a new dialogue to practise again.")
        why_not = _refusal(text)
        if why_not:
            raise ValueError(why_not)

        r, sc = self.rules, self.scenario
        reading = read(text, "objection")
        detections = list(reading.detections)
        found = {d.move for d in detections}
        if Move.ASK_PERMISSION in found and not any(x.question == "permission" for x in reading.sentences):
            found.discard(Move.ASK_PERMISSION)  # "Is that where you are?" checks a summary; it asks no leave
        moves = [m for m in Move if m in found]
        bad = [m for m in moves if m in BAD_MOVES]
        listening = [m for m in moves if m not in BAD_MOVES and m != Move.ASK_PERMISSION]
        before = self._resistance
        causes: list[tuple[str, float, str]] = []
        notes: list[str] = []

        # push-back, faster when the same kind came in the previous turn
        streaks = {m: self._streaks.get(m, 0) + 1 for m in bad}
        repeated = [m for m in bad if streaks[m] > 1]
        for m in bad:
            change = r.effect(m) * r.repeat_factor ** (streaks[m] - 1)
            causes.append((m.value, change, _words(detections, m)))
            note = f"{_LABELS[m]} ({_signed(change)})"
            if streaks[m] > 1:
                note += (f", {_ordinal(streaks[m])} turn in a row: ×{r.repeat_factor ** (streaks[m] - 1):.2f}, "
                         "more of the same")
            notes.append(note)

        # listening, weakened when the same turn pushes back
        share = r.mixed_share if bad else 1.0
        for m in listening:
            change = r.effect(m) * share
            if change:
                causes.append((m.value, change, _words(detections, m)))
                notes.append(f"{_LABELS[m]} ({_signed(change)}{', weakened by the push-back' if bad else ''})")

        # the reformulation: every idea and the need underneath earns "that's right"
        thats_right = False
        missing: list[str] = []
        if Move.REFORMULATE in found:
            missing, need = _coverage(text, sc)
            thats_right = not missing and need and not bad
            if thats_right and not self._thats_right_given:
                causes.append(("that's right", r.thats_right, _words(detections, Move.REFORMULATE)))
                notes.append(f"every idea and the need underneath: “that's right” ({_signed(r.thats_right)})")
            elif not thats_right and not bad:
                gaps = missing + ([] if need else ["the need underneath"])
                notes.append("it left out " + "; ".join(gaps))

        resistance = before + sum(c for _, c, _ in causes)

        # the permission request
        granted = asked = Move.ASK_PERMISSION in found
        if asked:
            granted = self._heard and not bad and resistance < r.permission_below
            if granted:
                causes.append((Move.ASK_PERMISSION.value, r.ask_permission, _words(detections, Move.ASK_PERMISSION)))
                resistance += r.ask_permission
                notes.append(f"{_LABELS[Move.ASK_PERMISSION]} once they felt heard ({_signed(r.ask_permission)}): "
                             "permission granted")
            else:
                reason = ("you gave your view in the same breath" if bad else
                          "they have not felt heard yet: explore or restate their view first" if not self._heard else
                          f"resistance is still {_clamp(resistance, r.limit):.2f}, not below {r.permission_below:.2f}")
                causes.append(("permission refused", r.permission_too_early, _words(detections, Move.ASK_PERMISSION)))
                resistance += r.permission_too_early
                notes.append(f"{_LABELS[Move.ASK_PERMISSION]} too early ({_signed(r.permission_too_early)}): {reason}")

        after = _clamp(resistance, r.limit)
        number = len(self._turns) + 1

        # what happened, and what the customer says
        lines = sc.customer_lines
        if after >= r.limit:
            event, reply, status = "disengaged", lines.disengage, "disengaged"
            notes.append(f"resistance reached {r.limit:.2f}: the customer leaves")
        elif asked and granted:
            event, reply, status = "permission granted", lines.grant_permission, "success"
        elif asked:
            event, status = "permission refused", "open"
            reply = lines.elaborate if not bad and after < r.permission_below else lines.repeat
        elif thats_right:
            event, reply, status = "that's right", lines.thats_right, "open"
        elif repeated:
            event, reply, status = "more of the same", lines.repeat, "open"
        elif bad:
            event, reply, status = "pushed back", lines.repeat, "open"
        elif Move.REFORMULATE in found:
            event, reply, status = "heard", lines.elaborate, "open"
        elif Move.EXPLORE in found:
            event, reply, status = "explored", lines.elaborate, "open"
        elif found & {Move.ACKNOWLEDGE, Move.EMPATHY}:
            event, reply, status = "heard", sc.objection, "open"
        else:
            event, reply, status = "neutral", sc.objection, "open"
        if status == "open" and number >= r.max_turns:
            event, reply, status = "disengaged", lines.disengage, "disengaged"
            notes.append(f"that was turn {number} of {r.max_turns}: the customer has no more time")

        if not notes:
            notes.append("nothing in it moved the customer: no listening, no push-back")
        why = "; ".join(notes)
        why = f"{why[0].upper()}{why[1:]}. Resistance {before:.2f} → {after:.2f}."
        turn = Turn(number, text, tuple(m.value for m in moves), before, after, reply, event, why,
                    tuple((c, round(x, 4), w) for c, x, w in causes))

        # commit (only now: a refused or failing turn leaves nothing half-done)
        self._turns.append(turn)
        self._resistance = after
        self._status = status
        self._streaks = streaks
        if thats_right:
            self._thats_right_given = True
        if (found & {Move.EXPLORE, Move.REFORMULATE}) and not bad:
            self._heard = True
        return turn

    def __repr__(self) -> str:
        return (f"Dialogue({self.scenario.id!r}, turns={len(self._turns)}, resistance={self._resistance:.2f}, "
                f"status={self._status!r})")


def __getattr__(name: str):
    """What is read after the dialogue lives in :mod:`coachkit.roleplay_debrief`; ``coachkit.roleplay.debrief`` still
    works."""
    if name in ("debrief", "resistance_chart"):
        from coachkit import roleplay_debrief

        return getattr(roleplay_debrief, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
