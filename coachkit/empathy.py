"""Empathy framing (module 2): whose frame a sentence speaks from, why a customer says "no",
what the client could do, fear and need, the first "hello", and the alliance self-check.

Plain Python, no widgets: every scorer returns a :class:`coachkit.feedback.Feedback` (one
:class:`~coachkit.feedback.Check` per rubric line, partial credit, messages that name the words
that decided) or a Feedback whose ``refused`` says why the answer was not read. The rubrics are
declared once in :data:`EMPATHY_RUBRICS`, shown before the attempt; the numbers the scoring uses
are declared once in :data:`RULES`, each with its meaning.

Whose frame? (:func:`read_frame`, :func:`classify_statement`)

* **projection**: advice from the seller's frame. "If I were you, I'd…", "you should…", "what
  I'd do is…", and also "if I were the client, I'd sign": borrowing the client's position only
  to announce the seller's decision.
* **empathy**: the client's frame. "It sounds like…", "from where you sit…", and "if I were this
  client / in their position / them" followed by a question about *their* options, fears or
  needs ("…what could I do?"). "If I were" is not projection by itself: what follows decides.
* **other**: neither: information, a pitch, a question that gathers facts.

A sentence that holds several frames is labelled by the one the client is left with: advice
overrides a feeling named before it ("it sounds like you're stretched, so you should…" is
advice), and a pitch overrides it too (the sentence lands on the offer). Advice that is only
reported or set aside does not count: in quotes ("my reflex was to say 'just switch'"),
reported ("people will tell you that you should…") or refused ("I won't tell you what I'd do").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from coachkit import persons
from coachkit.config import data_dir
from coachkit.content import load_alliance
from coachkit.moves import Detection, Move, detect_moves
from coachkit.practice import _Attempted
from coachkit.rubric import Check, Criterion, Feedback
from coachkit.schema import FRAME_LABELS, MOTIVES, AllianceItem, ClientFrame, Opening, Refusal, Statement

__all__ = [
    "ALLIANCE_DIMENSIONS",
    "ALLIANCE_ITEMS",
    "AllianceResult",
    "ClientFrameSession",
    "DiagnoseSession",
    "EMPATHY_RUBRICS",
    "EmpathyRules",
    "FrameReading",
    "OpeningSession",
    "RULES",
    "SortSession",
    "classify_statement",
    "read_frame",
    "score_alliance",
    "score_diagnosis",
    "score_sort",
]

FLAGS = re.IGNORECASE | re.UNICODE
T = TypeVar("T")


@dataclass(frozen=True)
class EmpathyRules:
    """The numbers of module 2's scoring, declared once with their meaning."""

    #: Share of the sort credit for a label whose frame is in the sentence without deciding it:
    #: a mixed sentence read half right ("it sounds like… so you should…" sorted as empathy).
    mixed_frame_credit: float = 0.5
    #: Share of an item's credit when it is in a client's frame in general (a fear, a need, an
    #: option) but not tied to this client's situation (none of its frame hints).
    generic_item_credit: float = 0.5
    #: Share of the open-question credit, in a first hello, for an open question that asks for a figure ("how many
    #: donors…?") or comes after a pitch (it reads as qualifying). A yes/no question earns none: it does not open.
    closed_question_credit: float = 0.5
    #: Most items read in a client-frame answer; a longer list is refused with a message (the
    #: exercise asks for a handful of items that matter, not an inventory).
    max_items: int = 12
    #: An alliance dimension scoring below this share (0..1) is a weak point: on average the
    #: seller does not quite agree that they do it (0.6 is an answer of 3.4 on the 1-5 scale).
    weak_below: float = 0.6
    #: The answer scale of the alliance self-check: 1 = not at all me, 5 = very much me.
    scale: tuple[int, int] = (1, 5)


RULES = EmpathyRules()

# --------------------------------------------------------------------------- rubrics

EMPATHY_RUBRICS: dict[str, tuple[Criterion, ...]] = {
    "sort": (
        Criterion("Whose frame", 1, "You say whose frame the sentence speaks from: the seller's (projection), "
                  "the client's (empathy), or neither (other: information, a pitch, a factual question)."),
    ),
    "diagnose": (
        Criterion("Motive", 1, "You name what the \"no\" protects: the unknown, control, commitment, trust, timing, "
                  "budget or the status quo."),
        Criterion("Response", 1, "You pick a response that answers that motive, without arguing, pitching or "
                  "pushing."),
    ),
    "client_frame": (
        Criterion("In their frame", 1, "Each item is about the client in their situation (their constraints, fears, "
                  "needs), not about you or your offer. One check per item."),
        Criterion("Could do, fear, need", 2, "Among your items there is at least one thing the client could do, one "
                  "thing they fear and one thing they need."),
    ),
    "opening": (
        Criterion("Client before offer", 2, "You start from the client and their world and stay there: your offer "
                  "coming first fails, brought in after them is half."),
        Criterion("Open question", 1, "You ask an open question (what, how, tell me) about them."),
        Criterion("No pitch", 1, "No pitch, advice or pressure: the first hello is about them."),
    ),
}


def _check(criterion: Criterion, share: float, message: str, evidence: Iterable[str] = (), name: str = "") -> Check:
    share = max(0.0, min(1.0, share))
    return Check(name or criterion.name, share >= 0.999, round(criterion.weight * share, 3), criterion.weight,
                 message, tuple(dict.fromkeys(evidence)))


def _quoted(words: Iterable[str], limit: int = 3) -> str:
    return ", ".join(f"“{w}”" for w in list(dict.fromkeys(words))[:limit])


def _distinct(words: Iterable[str]) -> tuple[str, ...]:
    """The words, without repeats and without any that another one already contains."""
    words = list(dict.fromkeys(words))
    return tuple(w for w in words if not any(w != o and w.lower() in o.lower() for o in words))


def _listed(words: Sequence[str], limit: int = 4) -> str:
    """"a, b or c" (at most ``limit`` words)."""
    words = list(words)[:limit]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " or " + words[-1]


# --------------------------------------------------------------------------- whose frame

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})

#: Who "the client" can be, after "if I were…": this client, the buyer, them, her, a name.
_CLIENT_REF = (r"(?:(?:this|the|that|such\s+a|a)\s+(?:[\w-]+\s+){0,2}?(?:client|customer|buyer|prospect|patient|user|"
               r"owner|manager|director|head|person|woman|man|chair|lead|team)s?|them|him|her|"
               r"(?-i:(?!You\b|In\b|To\b|So\b)[A-Z][a-z]+))")
#: A place in the client's position: the seat, the shoes, the side of someone other than "you".
_SEAT = (r"(?:(?:their|his|her)\s+(?:own\s+)?|(?:the|this|that)\s+(?:[\w-]+\s+){0,2}?[\w-]+(?:'s|s')\s+)"
         r"(?:position|shoes|place|seat|chair|situation|side|end|point\s+of\s+view|perspective|world)")
#: Taking the client's position: "if I were this client", "in their position", "thinking as the buyer".
_POSITION = re.compile(
    r"\b(?:if\s+i\s+(?:were|was)|were\s+i|as\s+if\s+i\s+(?:were|was)|"
    r"(?:think|thinking|speak|speaking|reason|reasoning|looking\s+at\s+it|seeing\s+it)\s+as)\s+" + _CLIENT_REF + r"\b"
    r"|\b(?:(?:if\s+i\s+(?:were|was)\s+|put\s+(?:myself|yourself)\s+|putting\s+(?:myself|yourself)\s+|sitting\s+|"
    r"standing\s+)?(?:in|into|from|on)\s+)" + _SEAT + r"\b"
    r"|\bfor\s+(?:them|her|him)\s*,", FLAGS)
#: After taking the client's position, the seller's decision said for them: still projection.
_DECISION_FOR_THEM = re.compile(
    r"\bi(?:'d|\s+would|'ll|\s+will)\s+(?:just\s+|definitely\s+|simply\s+|certainly\s+)?(?:sign|buy|order|go\s+(?:with|for|"
    r"ahead)|choose|pick|switch|accept|say\s+yes|book|commit|drop|stop|upgrade|jump|grab|take\s+(?:it|the|this|that|your|"
    r"our|the\s+deal))\b(?:\s+(?:it|now|today|tomorrow|this\s+\w+|straight\s+away|the\s+\w+))?", FLAGS)
#: A question about the client's own options, fears or needs ("what could I do", "what would they need").
_CLIENT_QUESTION = re.compile(
    r"\b(?:what|how|which|where|who|whom)\b[^.?!;:]{0,40}?\b(?:could|would|might|can|will|do|did|should)\s+"
    r"(?:i|they|she|he)\b(?:\s+(?:actually|really|even|still|be|\w+ing))*(?:\s+[\w']+){0,2}"
    r"|\bhow\s+(?:do\s+)?i\s+(?:explain|tell|justify|defend|sell|face|handle)\b(?:\s+[\w']+){0,2}", FLAGS)
#: Client-side questions that stand alone, about a third person: "what could they fear?".
_THEIR_QUESTION = re.compile(
    r"\b(?:what|how|which)\b[^.?!;:]{0,30}?\b(?:could|would|might|will|do|does|did)\s+(?:they|she|he|the\s+client|"
    r"the\s+customer|the\s+buyer)\s+(?:\w+\s+)?(?:do|fear|need|want|lose|worry|feel|risk|be\s+afraid|hope|expect)\b", FLAGS)
#: A fear or feeling said of the client in the third person: "she could fear…", "they worry…".
_THEIR_STATE = re.compile(
    r"\b(?:they|she|he)\s+(?:could|might|may|must|would|will)\s+(?:\w+\s+)?(?:fear|feel|worry|dread|be\s+(?:afraid|worried|"
    r"scared|wary|anxious|nervous|torn|stuck|blamed))\b|\b(?:they|she|he)\s+(?:fears?|worr(?:y|ies)|dreads?)\b", FLAGS)
#: Advice from the seller's frame that the move detector can drop after a "but", or does not hold.
_SELLER = re.compile(
    r"\bif\s+i\s+(?:were|was)\s+you\b|\bwere\s+i\s+you\b|\bin\s+your\s+(?:shoes|position|place|seat)\s*,?\s+i(?:'d|\s+would)\b"
    r"|\bwhat\s+i(?:'d|\s+would)\s+do\b|\bdo\s+what\s+i\s+(?:did|do|would\s+do|always\s+do)\b"
    r"|\b(?:that's|that\s+is|this\s+is|it's)\s+what\s+i\s+(?:always\s+)?(?:do|did|would\s+do)\b"
    r"|\btake\s+it\s+from\s+me\b|\bmy\s+(?:honest\s+)?advice\b|\bif\s+it\s+(?:were|was)\s+(?:up\s+to\s+)?me\b"
    r"|\byou\s+(?:really\s+|just\s+)?(?:should|ought\s+to)\b", FLAGS)
#: Advice set aside before it is given: "I won't tell you what I'd do", "rather than say…".
_SET_ASIDE = re.compile(
    r"(?:won't|will\s+not|wouldn't|would\s+not|not\s+going\s+to|don't\s+want\s+to|rather\s+than|instead\s+of|no\s+point\s+in|"
    r"not\s+here\s+to)\s+(?:just\s+)?(?:tell(?:ing)?|say(?:ing)?|giv(?:e|ing)|advis(?:e|ing))\b[^.?!;]*$", FLAGS)
#: Advice reported as what others say: "people will tell you that you should…".
_REPORTED = re.compile(
    r"\b(?:people|others|everyone|everybody|some|colleagues|friends|competitors|salespeople|sellers|they|many|most|the\s+\w+)"
    r"\s+(?:will\s+|would\s+|may\s+|might\s+|could\s+|often\s+|usually\s+|probably\s+)?(?:tell|told|say|said|advise|advised|"
    r"recommend|recommended|suggest|suggested)\s+(?:you\s+)?(?:that\s+)?$"
    r"|\b(?:you|they|she|he)\s+(?:feel|feels|felt|think|thinks|thought|believe|believes|worry|worries|fear|fears|said|say|"
    r"mentioned)\s+(?:that\s+)?$", FLAGS)
_QUOTED = re.compile(r"\"[^\"]*\"|(?<!\w)'[^']+'(?!\w)")
_SENTENCE_END = re.compile(r"[.!?;:]+(?=\s|$)|\n")
_ABOUT_CLIENT = persons.words("you", "they", "they_chat")


@dataclass(frozen=True)
class FrameReading:
    """Whose frame a text speaks from, with the words that show each frame."""

    label: str
    deciding: tuple[str, ...]  # the words that decide the label, as they appear in the text
    seller: tuple[str, ...] = ()  # advice from the seller's frame (not reported, quoted or set aside)
    client: tuple[str, ...] = ()  # the client's frame: their position, feelings, options
    offer: tuple[str, ...] = ()  # the seller's offer (a pitch)
    other: tuple[str, ...] = ()  # other moves: questions, information, chasing
    moves: tuple[Detection, ...] = ()

    def shows(self, label: str) -> tuple[str, ...]:
        """The words that show ``label``'s frame in the text (empty when it is not there)."""
        return {"projection": self.seller, "empathy": self.client, "other": self.offer}.get(label, ())


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    right = next((m.start() for m in _SENTENCE_END.finditer(text, end)), len(text))
    return left, right


def _set_aside(text: str, start: int, end: int, quotes: list[tuple[int, int]]) -> bool:
    """Whether advice at text[start:end] is quoted, reported or refused rather than given."""
    if any(a <= start and end <= b for a, b in quotes):
        return True
    left, _ = _sentence_bounds(text, start, end)
    before = text[max(left, start - 60):start]
    return bool(_SET_ASIDE.search(before) or _REPORTED.search(before))


def _overlaps(a: tuple[int, int], b: tuple[int, int], slack: int = 0) -> bool:
    return a[0] < b[1] + slack and b[0] < a[1] + slack


def read_frame(text: str) -> FrameReading:
    """Read whose frame ``text`` speaks from: the seller's (projection), the client's (empathy) or neither."""
    if not isinstance(text, str):
        raise TypeError(f"read_frame reads text, not {type(text).__name__}")
    if not text.strip():
        return FrameReading("other", ())
    norm = text.translate(_APOSTROPHES)  # same length: offsets hold in both
    moves = tuple(detect_moves(norm, "objection"))
    quotes = [(m.start(), m.end()) for m in _QUOTED.finditer(norm)]

    def spans(move: Move) -> list[tuple[int, int]]:
        return [(s.start, s.end) for d in moves if d.move is move for s in d.evidence]

    # the client's position, and what follows it: their question, or the seller's decision in their clothes
    seller: list[tuple[int, int]] = []
    client: list[tuple[int, int]] = []
    positions = [(m.start(), m.end()) for m in _POSITION.finditer(norm)]
    for a, b in positions:
        _, right = _sentence_bounds(norm, a, b)
        decided = _DECISION_FOR_THEM.search(norm, b, right)
        if decided and not _CLIENT_QUESTION.search(norm, b, decided.start()):
            seller.append((decided.start(), decided.end()))
        else:
            client.append((a, b))
            asked = _CLIENT_QUESTION.search(norm, b, right)
            if asked:
                client.append((asked.start(), asked.end()))
    client += [(m.start(), m.end()) for p in (_THEIR_QUESTION, _THEIR_STATE) for m in p.finditer(norm)]
    client += spans(Move.EMPATHY)
    for a, b in spans(Move.REFORMULATE):  # a restatement counts when it is about the client, not the offer,
        left, right = _sentence_bounds(norm, a, b)  # and only where nothing else in its sentence shows their frame
        if _ABOUT_CLIENT.search(norm, left, right) and not any(left <= c < right for c, _ in client):
            client.append((a, b))

    advice = spans(Move.PROJECTION) + [(m.start(), m.end()) for m in _SELLER.finditer(norm)]
    for span in advice:
        if any(_overlaps(span, p, slack=1) for p in positions):
            continue  # "if I were" that leads into the client's position: what follows decides
        if _set_aside(norm, *span, quotes):
            continue
        seller.append(span)
    offer = spans(Move.PITCH)
    other = [(s.start, s.end) for d in moves if d.move not in (Move.PROJECTION, Move.EMPATHY, Move.PITCH, Move.REFORMULATE)
             for s in d.evidence]

    def words(found: list[tuple[int, int]]) -> tuple[str, ...]:
        merged: list[list[int]] = []
        for a, b in sorted(found):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        return tuple(dict.fromkeys(text[a:b].strip(" ,;:") for a, b in merged if text[a:b].strip(" ,;:")))

    seller_w, client_w, offer_w, other_w = words(seller), words(client), words(offer), words(other)
    if seller_w:
        label, deciding = "projection", seller_w
    elif offer_w:
        label, deciding = "other", offer_w
    elif client_w:
        label, deciding = "empathy", client_w
    else:
        label, deciding = "other", other_w
    return FrameReading(label, deciding, seller_w, client_w, offer_w, other_w, moves)


def classify_statement(text: str) -> tuple[str, tuple[str, ...]]:
    """The label of a seller's sentence (projection, empathy or other) and the words that decide it."""
    reading = read_frame(text)
    return reading.label, reading.deciding


# --------------------------------------------------------------------------- sort


_FRAME_NAMES = {
    "projection": "projection (the seller's frame)",
    "empathy": "empathy (the client's frame)",
    "other": "other (neither frame)",
}


def score_sort(statement: Statement, picked_label: str) -> Feedback:
    """Score a learner's label for a statement; the message names the words that decide it."""
    c = EMPATHY_RUBRICS["sort"][0]
    picked = picked_label.strip().lower() if isinstance(picked_label, str) else ""
    if picked not in FRAME_LABELS:
        return Feedback(refused="Pick one label: " + ", ".join(FRAME_LABELS) + ".")
    reading = read_frame(statement.text)
    deciding = tuple(statement.deciding_words)
    right = statement.label
    if picked == right:
        check = _check(c, 1, f"Yes: {_FRAME_NAMES[right]}. The words that decide: {_quoted(deciding)}. "
                       f"{statement.reason}", deciding)
    elif reading.shows(picked):
        seen = reading.shows(picked)
        check = _check(c, RULES.mixed_frame_credit,
                       f"Half right: {_FRAME_NAMES[picked]} is there ({_quoted(seen)}), but the sentence is "
                       f"{_FRAME_NAMES[right]}: {_quoted(deciding)} decides what the client hears. {statement.reason}",
                       deciding + seen)
    else:
        check = _check(c, 0, f"Not {picked}: this is {_FRAME_NAMES[right]}. Look at {_quoted(deciding)}. "
                       f"{statement.reason}", deciding)
    return Feedback((check,), reading.moves)


# --------------------------------------------------------------------------- diagnose the no


def _motive_name(motive: str) -> str:
    return motive.replace("_", " ")


def score_diagnosis(refusal: Refusal, motive: str, response_index: int) -> Feedback:
    """Score a diagnosis of a refusal: the motive named, and the response picked (0-based index).

    Each check is worth half: the right motive with a response that does not fit scores 0.5.
    """
    r = {c.name: c for c in EMPATHY_RUBRICS["diagnose"]}
    picked = re.sub(r"[\s-]+", "_", motive.strip().lower()) if isinstance(motive, str) else ""
    if picked not in MOTIVES:
        return Feedback(refused="Pick the motive behind the no: " + ", ".join(_motive_name(m) for m in MOTIVES) + ".")
    count = len(refusal.responses)
    if isinstance(response_index, bool) or not isinstance(response_index, int) or not 0 <= response_index < count:
        return Feedback(refused=f"Pick one of the {count} responses.")
    right = refusal.motive
    if picked == right or picked in refusal.also:
        other = [m for m in (right, *refusal.also) if m != picked]
        checks = [_check(r["Motive"], 1, f"Yes: {_motive_name(picked)}, {MOTIVES[picked]}. {refusal.motive_clue}"
                         + (f" The same words carry {_motive_name(other[0])} too." if other else ""))]
    else:
        checks = [_check(r["Motive"], 0, f"Not {_motive_name(picked)} ({MOTIVES[picked]}). {refusal.motive_clue} "
                         f"That points to {_motive_name(right)}: {MOTIVES[right]}.")]
    chosen = refusal.responses[response_index]
    if chosen.fits:
        checks.append(_check(r["Response"], 1, f"“{chosen.text}” fits: {chosen.why}", (chosen.text,)))
    else:
        fitting = next(x for x in refusal.responses if x.fits)
        checks.append(_check(r["Response"], 0, f"“{chosen.text}” does not fit: {chosen.why} A response that fits: "
                             f"“{fitting.text}”", (chosen.text,)))
    return Feedback(tuple(checks), tuple(detect_moves(chosen.text, "objection")))


# --------------------------------------------------------------------------- the first hello


_MOVED = {"score_opening": "coachkit.score_opening", "score_client_frame": "coachkit.score_client_frame",
          "item_kinds": "coachkit.score_client_frame", "ITEM_KINDS": "coachkit.score_client_frame"}


def __getattr__(name: str):
    """The first hello's and the client frame's scorers live in :mod:`coachkit.score_opening` and
    :mod:`coachkit.score_client_frame`; ``coachkit.empathy.score_opening`` and the like still work."""
    if name in _MOVED:
        import importlib

        return getattr(importlib.import_module(_MOVED[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# --------------------------------------------------------------------------- alliance self-check

#: The three qualities the alliance rests on, with what each means for a seller.
ALLIANCE_DIMENSIONS: dict[str, str] = {
    "authenticity": "being yourself with the client: saying what you think, promising only what you can keep",
    "respect": "treating the client's pace, words and \"no\" as theirs",
    "empathy": "seeing the decision from the client's side: what they could do, fear and need",
}


@dataclass(frozen=True)
class AllianceResult:
    """The alliance self-check, scored: per-dimension scores, weak points and one suggestion each."""

    scores: dict[str, float] = field(default_factory=dict)  # dimension -> 0..1
    weak: tuple[str, ...] = ()  # dimensions below RULES.weak_below, in ALLIANCE_DIMENSIONS order
    suggestions: dict[str, str] = field(default_factory=dict)  # weak dimension -> one concrete suggestion
    answers: dict[str, int] = field(default_factory=dict)
    refused: str = ""

    @property
    def passed(self) -> bool:
        """No weak point."""
        return not self.refused and not self.weak

    def to_record(self) -> dict[str, Any]:
        """A plain, JSON-ready dict for the progress store."""
        if self.refused:
            return {"kind": "alliance", "refused": self.refused}
        return {
            "kind": "alliance",
            "answers": dict(self.answers),
            "scores": dict(self.scores),
            "weak": list(self.weak),
            "suggestions": dict(self.suggestions),
            "weak_below": RULES.weak_below,
        }


class _AllianceItems(Sequence[AllianceItem]):
    """The statements of ``data/alliance.yaml`` (or ``$COACHKIT_DATA``), read on first use, not at import."""

    def __init__(self) -> None:
        self._read: dict[str, tuple[AllianceItem, ...]] = {}

    def _items(self) -> tuple[AllianceItem, ...]:
        root = str(data_dir())
        if root not in self._read:
            self._read[root] = tuple(load_alliance())
        return self._read[root]

    def __getitem__(self, index):  # type: ignore[override]
        return self._items()[index]

    def __len__(self) -> int:
        return len(self._items())

    def __repr__(self) -> str:
        return f"ALLIANCE_ITEMS({len(self)} statements from {data_dir() / 'alliance.yaml'})"


#: The alliance self-check's statements, validated by :class:`coachkit.schema.AllianceItem`.
ALLIANCE_ITEMS: Sequence[AllianceItem] = _AllianceItems()


def score_alliance(answers: Mapping[str, int], items: Sequence[AllianceItem] | None = None) -> AllianceResult:
    """Score the alliance self-check: ``answers`` maps each item id to 1..5 (``items``: default ALLIANCE_ITEMS).

    A dimension's score is the mean of its items, each mapped to 0..1 (a reversed item counts
    6 minus the answer). A dimension below :attr:`EmpathyRules.weak_below` is a weak point and gets
    one suggestion: that of its lowest-scoring item (the first in file order on a tie).
    """
    items = tuple(items if items is not None else ALLIANCE_ITEMS)
    low, high = RULES.scale
    if not isinstance(answers, Mapping):
        return AllianceResult(refused="Answer each statement with a number from 1 to 5.")
    known = {i.id for i in items}
    unknown = sorted(str(k) for k in answers if k not in known)
    if unknown:
        return AllianceResult(refused="Unknown statement: " + ", ".join(unknown[:5]) + ".")
    left = [i.id for i in items if i.id not in answers]
    if left:
        return AllianceResult(refused=f"Answer every statement first: {len(left)} left ({', '.join(left[:3])}"
                              + ("…" if len(left) > 3 else "") + ").")
    for item_id, value in answers.items():
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            return AllianceResult(refused=f"Answer “{item_id}” with a whole number from {low} to {high}.")
    points = {i.id: ((high - answers[i.id]) if i.reverse else (answers[i.id] - low)) / (high - low) for i in items}
    scores, weak, suggestions = {}, [], {}
    for dimension in ALLIANCE_DIMENSIONS:
        mine = [i for i in items if i.dimension == dimension]
        if not mine:
            continue
        scores[dimension] = round(sum(points[i.id] for i in mine) / len(mine), 3)
        if scores[dimension] < RULES.weak_below:
            weak.append(dimension)
            lowest = min(mine, key=lambda i: points[i.id])  # min keeps the first on a tie
            suggestions[dimension] = lowest.suggestion
    return AllianceResult(scores, tuple(weak), suggestions, {k: int(v) for k, v in answers.items()})


# --------------------------------------------------------------------------- sessions


class _Practice(_Attempted[T]):
    """Next / Previous over items, the attempts made, and when the hint and model answer unlock."""

    kind = ""

    @property
    def rubric(self) -> tuple[Criterion, ...]:
        """What is looked for: shown before the attempt."""
        return EMPATHY_RUBRICS[self.kind]


class SortSession(_Practice[Statement]):
    """Sort sellers' sentences into projection, empathy and other."""

    kind = "sort"

    def submit(self, picked_label: str) -> Feedback:
        return self._keep(str(picked_label), score_sort(self.current, picked_label))

    @property
    def hint(self) -> str | None:
        if not self.hint_unlocked:
            return None
        return ("Ask whose frame it speaks from. Advice from the seller's position (“if I were you”, “you should”) is "
                "projection, even after a kind word; the client's position and their options, fears or needs is empathy.")

    @property
    def model_answer(self) -> str | None:
        if not self.model_answer_unlocked:
            return None
        s = self.current
        return f"{s.label}: {_quoted(s.deciding_words)}. {s.reason}"


class DiagnoseSession(_Practice[Refusal]):
    """Diagnose customers' refusals: the motive behind the "no" and the response that fits."""

    kind = "diagnose"

    def submit(self, motive: str, response_index: int) -> Feedback:
        return self._keep(f"{motive};{response_index}", score_diagnosis(self.current, motive, response_index))

    @property
    def hint(self) -> str | None:
        if not self.hint_unlocked:
            return None
        return "What does the “no” protect? " + "; ".join(f"{_motive_name(m)}: {v}" for m, v in MOTIVES.items()) + "."

    @property
    def model_answer(self) -> str | None:
        if not self.model_answer_unlocked:
            return None
        r = self.current
        fits = " / ".join(f"“{x.text}”" for x in r.responses if x.fits)
        also = "".join(f" Also {_motive_name(m)} ({MOTIVES[m]})." for m in r.also)
        return f"{_motive_name(r.motive)} ({MOTIVES[r.motive]}).{also} {r.motive_clue} Fits: {fits}"


class ClientFrameSession(_Practice[ClientFrame]):
    """"If I were this client, what could I do?": list what the client could do, fear and need."""

    kind = "client_frame"

    def submit(self, items: list[str] | str) -> Feedback:
        answer = items if isinstance(items, str) else "\n".join(str(i) for i in items)
        from coachkit.score_client_frame import score_client_frame

        return self._keep(answer, score_client_frame(items, self.current))

    @property
    def hint(self) -> str | None:
        if not self.hint_unlocked:
            return None
        return "Think about their " + _listed(list(self.current.frame_hints), 7) + "."

    @property
    def model_answer(self) -> tuple[str, ...] | None:
        return tuple(self.current.model_items) if self.model_answer_unlocked else None


class OpeningSession(_Practice[Opening]):
    """The first hello: open a first meeting from the client's side."""

    kind = "opening"

    def submit(self, text: str) -> Feedback:
        from coachkit.score_opening import score_opening

        return self._keep(text, score_opening(text, self.current))

    @property
    def hint(self) -> str | None:
        if not self.hint_unlocked:
            return None
        return "Start from their world: " + _listed(list(self.current.client_cues), 5) + ". Then ask one open question."

    @property
    def model_answer(self) -> str | None:
        return self.current.model_opening if self.model_answer_unlocked else None
