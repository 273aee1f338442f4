"""The schema of the kit's content: what a facilitator may write in ``data/``.

Each model is one entry of a content file. ``coachkit.content`` reads the files and turns
pydantic's errors into messages that name the file, the entry and the field.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from coachkit.moves import Move

__all__ = [
    "Catalogue",
    "CustomerLines",
    "Exercise",
    "HiddenNeed",
    "Hints",
    "KeyPoint",
    "ModelAnswers",
    "Module",
    "Reply",
    "Scenario",
    "STEPS",
    "BudgetWindow",
    "CHANNELS",
    "FollowupMessage",
    "PlannedTouch",
    "Situation",
]

#: A non-empty line of text (surrounding white space removed).
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
#: An identifier: lower case letters, digits and dashes, as used in links and file names.
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)]

#: The protocol's steps, in the order they must come.
STEPS = ("acknowledge_explore", "reformulate", "ask_permission", "respond")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class KeyPoint(_Strict):
    """An idea a good reformulation carries, with the words that show it."""

    idea: Text = Field(description="the idea in a few words, shown to the learner when missing")
    synonyms: list[Text] = Field(
        min_length=1, description="words or short phrases that carry the idea (word forms match)"
    )


class HiddenNeed(_Strict):
    """What the customer did not say: the need or feeling a level-4 reformulation adds."""

    text: Text = Field(description="the need, in a sentence, as a coach would put it")
    cues: list[Text] = Field(min_length=1, description="words that show a reply names this need")


class ModelAnswers(_Strict):
    """A model answer for each step of the protocol."""

    acknowledge_explore: Text
    reformulate: Text
    ask_permission: Text
    respond: Text


class Hints(_Strict):
    """Hints per step, unlocked one by one after a failed attempt."""

    acknowledge_explore: list[Text] = Field(min_length=1)
    reformulate: list[Text] = Field(min_length=1)
    ask_permission: list[Text] = Field(min_length=1)
    respond: list[Text] = Field(min_length=1)


class CustomerLines(_Strict):
    """What the simulated customer says in the role-play, in their own words."""

    elaborate: Text = Field(description="says more, when the seller explores")
    repeat: Text = Field(description="says the objection again, harder, when not heard")
    thats_right: Text = Field(description="confirms a reformulation that got it right")
    grant_permission: Text = Field(description="lets the seller give their view")
    disengage: Text = Field(description="closes the conversation")


class Scenario(_Strict):
    """A customer objection to practise on."""

    id: Slug
    context: Slug = Field(description="the field or industry, e.g. software, retail")
    title: Text
    customer: Text = Field(description="who is speaking: role and organisation")
    situation: Text = Field(description="what has happened so far, in a sentence or two")
    objection: Text = Field(description="the customer's words")
    counter_argument: Text = Field(description="the reflex answer a seller gives: a rebuttal to rewrite")
    difficulty: Literal["easy", "medium", "hard"]
    key_points: list[KeyPoint] = Field(min_length=1)
    hidden_need: HiddenNeed
    model_answers: ModelAnswers
    hints: Hints
    customer_lines: CustomerLines


class Reply(_Strict):
    """A seller's reply to classify in a "spot the move" exercise."""

    id: Slug
    context: Literal["objection", "followup", "first_contact"]
    difficulty: Literal["easy", "medium", "hard"] = "medium"
    customer: str = Field(default="", description="what the customer said just before (optional)")
    text: Text
    moves: list[Move] = Field(min_length=1)
    explanation: Text = Field(description="why these moves: shown after the attempt")

    @field_validator("moves", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(";") if part.strip()]
        return value


class Exercise(_Strict):
    """One exercise app, listed on the home page."""

    id: Slug
    title: Text
    summary: Text = Field(description="one line shown on the home page")
    notebook: Text = Field(description="path of the solution notebook, from solutions/")


class Module(_Strict):
    """A module: a lesson and its exercises, in order."""

    id: Slug
    title: Text
    summary: Text
    lesson: str = Field(default="", description="path of the lesson notebook, from notebooks/")
    exercises: list[Exercise] = Field(default_factory=list)


class Catalogue(_Strict):
    """The kit's table of contents: the modules in the order they are taught."""

    title: Text
    modules: list[Module] = Field(min_length=1)


# --------------------------------------------------------------------------- follow-up planning

#: The ways a seller can reach a customer, as written in plans and content files.
CHANNELS = ("email", "phone", "meeting", "video", "message", "post")


def _known_channel(value: object) -> object:
    if not isinstance(value, str):
        return value  # pydantic then reports the wrong type
    name = value.strip().lower()
    if name not in CHANNELS:
        raise ValueError(f"'{value.strip()}' is not a channel; use one of: {', '.join(CHANNELS)}")
    return name


#: One of :data:`CHANNELS` (case and surrounding spaces ignored).
Channel = Annotated[str, BeforeValidator(_known_channel)]


class FollowupMessage(_Strict):
    """A follow-up message to sort: does it bring something new, or does it only chase?"""

    id: Slug
    situation: Text = Field(description="what the customer said, or the last contact, before this message")
    text: Text = Field(description="the seller's message")
    label: Literal["pressure", "new_value"]
    why: Text = Field(description="why it is pressure or new value: shown after the attempt")


class BudgetWindow(_Strict):
    """When the customer has money to spend: the moment to be present."""

    opens: date
    closes: date

    @field_validator("closes")
    @classmethod
    def _after_opening(cls, value: date, info: ValidationInfo) -> date:
        opens = info.data.get("opens")
        if opens is not None and value < opens:
            raise ValueError(f"closes on {value.isoformat()}, before it opens on {opens.isoformat()}")
        return value


class PlannedTouch(_Strict):
    """One touch of a model follow-up plan."""

    day_offset: int = Field(ge=0, description="days after the last meeting")
    channel: Channel
    message: Text = Field(description="what the seller sends or says")
    new_value: Text = Field(description="the new thing this touch brings: an idea, an option, information")
    answers: Text = Field(description="the customer's words (from the last meeting) that this touch answers")


class Situation(_Strict):
    """A customer after a proposal: what they said, their problems and their calendar."""

    id: Slug
    customer: Text = Field(description="who the seller follows up with: name and role")
    company: Text
    last_meeting: date = Field(description="the day of the last meeting; plan days count from it")
    last_meeting_words: list[Text] = Field(min_length=1, description="the customer's own words, quoted")
    problems: list[Text] = Field(min_length=1, description="the problems the customer raised, in short")
    budget_window: BudgetWindow
    decision_date: date = Field(description="when the customer expects to decide")
    proposal: Text = Field(description="what the seller proposed, in a sentence")
    channels_preferred: list[Channel] | None = Field(default=None, description="channels the customer prefers")
    model_plan: list[PlannedTouch] = Field(min_length=1, description="a good plan, shown after the attempt")

    @field_validator("decision_date")
    @classmethod
    def _decided_after_meeting(cls, value: date, info: ValidationInfo) -> date:
        met = info.data.get("last_meeting")
        if met is not None and value < met:
            raise ValueError(f"is {value.isoformat()}, before the last meeting on {met.isoformat()}")
        return value


# --------------------------------------------------------------------------- empathy framing (module 2)

__all__ += [
    "AllianceItem",
    "ClientFrame",
    "FRAME_LABELS",
    "MOTIVES",
    "Opening",
    "Refusal",
    "RefusalResponse",
    "Statement",
]

#: The frames a seller's sentence can speak from, as labelled in ``data/statements.csv``.
FRAME_LABELS = ("projection", "empathy", "other")

#: What each motive of a refusal protects, in the words shown to the learner (see :class:`Refusal`).
MOTIVES: dict[str, str] = {
    "unknown": "fear of the unknown: they cannot picture what happens after a yes",
    "control": "fear of losing control: the decision, the pace or their own way of working taken out of their hands",
    "commitment": "fear of committing: being bound with no easy way back",
    "trust": "no trust yet: in you, your company or your promises",
    "timing": "not now: the moment is wrong, other things come first",
    "budget": "the money is not there, or not theirs to spend",
    "status_quo": "what they have works well enough: changing costs more effort than it seems to bring",
}


_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


def _in_text(phrase: str, text: str) -> bool:
    """Whether ``phrase`` occurs in ``text`` as whole words (case and curly quotes ignored)."""
    phrase, text = phrase.translate(_QUOTES).strip().lower(), text.translate(_QUOTES).lower()
    at = text.find(phrase)
    while phrase and at >= 0:
        before, after = text[at - 1:at], text[at + len(phrase):at + len(phrase) + 1]
        if not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_"):
            return True
        at = text.find(phrase, at + 1)
    return False


class Statement(_Strict):
    """A seller's sentence to sort by whose frame it speaks from.

    ``projection``: the seller's own frame, advice ("if I were you…", "you should…").
    ``empathy``: the client's frame, their reasons, constraints and feelings ("it sounds like…",
    "if I were this client, what could I do?"). ``other``: neither (information, a pitch, a
    question). A sentence that holds two frames is labelled by the one that decides what the
    client hears, and ``reason`` says why.
    """

    id: Slug
    text: Text = Field(description="what the seller says")
    label: Literal["projection", "empathy", "other"]
    deciding_words: list[Text] = Field(
        min_length=1, description="the words of the text that decide the label (';'-separated in the CSV)")
    reason: Text = Field(description="why this label, in a coach's words: shown after the attempt")

    @field_validator("deciding_words", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(";") if part.strip()]
        return value

    @field_validator("deciding_words")
    @classmethod
    def _quoted_from_text(cls, value: list[str], info: ValidationInfo) -> list[str]:
        text = info.data.get("text")
        if text is None:
            return value  # the text itself is wrong: pydantic reports it
        missing = [w for w in value if not _in_text(w, text)]
        if missing:
            raise ValueError(", ".join(f"'{w}'" for w in missing) + " not found in the text; quote the words "
                             "exactly as they appear in it")
        return value


class RefusalResponse(_Strict):
    """A seller's possible answer to a refusal, and whether it fits the motive behind it."""

    text: Text
    fits: bool
    why: Text = Field(description="why it fits the motive or not: shown after the attempt")


class Refusal(_Strict):
    """A customer's "no", the motive behind it and possible answers ("diagnose the no").

    "No" is a reflex said before thinking; it protects something. The motives:

    * ``unknown`` — fear of the unknown: the customer cannot picture what the change looks like
      or what happens after a yes (never done it, no one like them has).
    * ``control`` — fear of losing control: being hurried, having the decision, the pace or their
      own way of working taken out of their hands, depending on the seller.
    * ``commitment`` — fear of committing: being bound (a long contract, a public promise, a step
      that cannot be undone) with no easy way back.
    * ``trust`` — no trust yet in the seller, the company or its promises (burned before,
      claims not yet shown).
    * ``timing`` — not now: the moment is wrong, other priorities come first, the decision
      belongs to a later date.
    * ``budget`` — the money is not there, or not the customer's to spend.
    * ``status_quo`` — attachment to what works: the current way is good enough and changing
      costs effort and risk for a gain they do not feel (status-quo bias).

    Every refusal has at least three responses, of which one or two fit the motive.
    """

    id: Slug
    context: Text = Field(description="who the customer is and what was proposed")
    customer_words: Text = Field(description="the customer's 'no', in their words")
    motive: Literal["unknown", "control", "commitment", "trust", "timing", "budget", "status_quo"]
    motive_clue: Text = Field(description="what in the customer's words points to the motive: shown after the attempt")
    also: list[Literal["unknown", "control", "commitment", "trust", "timing", "budget", "status_quo"]] = Field(
        default_factory=list, description="a second motive the same words carry, accepted as right too")
    responses: list[RefusalResponse] = Field(min_length=3)

    @field_validator("responses")
    @classmethod
    def _one_or_two_fit(cls, value: list[RefusalResponse]) -> list[RefusalResponse]:
        fitting = sum(r.fits for r in value)
        if fitting == 0:
            raise ValueError("no response fits; mark the one or two that do with 'fits: true'")
        if fitting > 2:
            raise ValueError(f"{fitting} responses fit; only one or two may (set 'fits: false' on the others)")
        return value


class ClientFrame(_Strict):
    """A client to think about from their side: "if I were this client, what could I do?"."""

    id: Slug
    client: Text = Field(description="who the client is: role and organisation")
    situation: Text = Field(description="where they stand, in a sentence or two")
    frame_hints: list[Text] = Field(
        min_length=3, description="words of the client's world (constraints, fears, needs); word forms match")
    model_items: list[Text] = Field(
        min_length=4, max_length=6, description="what the client could do, fear or need: shown after the attempt")


class Opening(_Strict):
    """A first meeting to open: the first "hello", where the negotiation already starts."""

    id: Slug
    meeting: Text = Field(description="who the seller meets and why")
    client_cues: list[Text] = Field(min_length=1, description="words about the client's world; word forms match")
    offer_cues: list[Text] = Field(default_factory=list, description="words that name what the seller sells: a first "
                                   "question about them asks about the offer, not the client's world")
    model_opening: Text = Field(description="a good first few sentences: shown after the attempt")


class AllianceItem(_Strict):
    """One statement of the alliance self-check, answered from 1 (not at all me) to 5 (very much me)."""

    id: Slug
    dimension: Literal["authenticity", "respect", "empathy"]
    text: Text = Field(description="what the seller rates themself on, in the first person")
    reverse: bool = Field(default=False, description="true when agreeing shows a weak point (scored 6 minus the answer)")
    suggestion: Text = Field(description="one concrete thing to try when this statement scores low")


# --------------------------------------------------------------------------- labelled replies (move detector)

__all__ += ["LabelledReply"]


class LabelledReply(_Strict):
    """A reply labelled with its moves: what the move detector's learned backstop learns from."""

    id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]+$", max_length=60)]
    context: Literal["objection", "followup", "first_contact"]
    text: Text
    moves: list[Move] = Field(default_factory=list, description="the moves the reply makes")
    optional: list[Move] = Field(default_factory=list, description="moves a fair judge could read either way")

    @field_validator("moves", "optional", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(";") if part.strip()]
        return value

    @model_validator(mode="after")
    def _disjoint(self) -> LabelledReply:
        both = sorted(set(self.moves) & set(self.optional))
        if both:
            raise ValueError(f"{', '.join(m.value for m in both)} is both a move and optional; keep it in one column")
        return self
