"""Questions a sentence runs on into: where a coach hears a new question start inside one sentence.

Chat messages and dictated replies often run an acknowledgement straight into the question ("I hear you its a big
number … what would make it feel justifiable for you", "yeah i hear you, what's been the worst of it?"). A coach hears
two sentences there: the acceptance, then the question. :func:`asked_apart` splits them so each is read as what it
is. The words that decide where a question starts are lists of ``lexicons/reading.yaml`` (``question_auxiliary``,
``wh_complement``, ``yes_no_opener``); this module holds the order in which they are asked about.
"""

from __future__ import annotations

import re
from functools import cache

from coachkit import persons
from coachkit.moves import construction
from coachkit.phrase_lists import find, lead_in, lexicon, opens_with, straight, words
from coachkit.questions import asks, opens_question
from coachkit.sentences import Piece

__all__ = ["asked_apart", "question_start"]

_PRONOUNS = frozenset(persons.lists()["object_pronoun"])


@cache
def _question_word() -> re.Pattern:
    """A question word at a word start (after a space or a comma), with the word after it."""
    alternatives = "|".join(sorted(words("question_word")))
    return re.compile(rf"(?:^|(?<=\s)|(?<=[,;:—–]))({alternatives})\b(?:\s*('s|s|\w+))?", re.IGNORECASE)


@cache
def _fillers() -> tuple[re.Pattern, re.Pattern]:
    """A comma or dash, maybe with spoken lead-in words ("…, so um what…"), that ends the text before a question; and
    the same words trailing at the end of the sentence left before it, to be dropped."""
    spoken = lexicon()["lead_in"].pattern
    return (re.compile(rf"[,;:—–-]\s*(?:(?:{spoken})\s+)*$", re.IGNORECASE),
            re.compile(rf"(?:[\s,;:—–-]+(?:{spoken}))*[\s,;:—–-]*$", re.IGNORECASE))


def question_start(piece: Piece) -> int:
    """Where a question starts inside a sentence that runs on into it, or 0: an invitation after a comma ("…, but first
    tell me…"); after a comma or a dash in a sentence that ends with "?" ("I hear you, what worries you most?"); or, with
    no punctuation, at a question word followed by an auxiliary ("…justify it to someone what would make it feel
    justifiable"). Not where the question word belongs to the clause before it ("I know what would…", "let me show
    you how it works", ``wh_complement``), nor in leave to ask ("can I ask, what…") or a yes/no question."""
    text = straight(piece.text)
    at = _start(text)
    if not at:
        return 0
    first = re.match(r"([\w']+)", text[lead_in(text):])
    if opens_with("question_preface", text) or find("check_question", text) or (
            first and first.group(1).lower() in words("yes_no_opener")):
        return 0  # "have you thought about using what's left…": one question, whatever it holds
    return at


def _start(text: str) -> int:
    """Where a question could start, before asking whether the whole sentence is one question already (the cheap
    tests first: most sentences hold no question word at all)."""
    asked = text.rstrip().endswith("?")
    invitations = [m for m in find("invitation_imperative", text) if m.start()] if re.search(r"\bme\b", text, re.I) else []
    for m in invitations:  # "…it could really help you, but first tell me what your days are like"
        if _fillers()[0].search(text[:m.start()]) and len(re.findall(r"[\w']+", text[:m.start()])) >= 3:
            return m.start()
    for m in (m for m in _question_word().finditer(text) if m.start()):
        head = text[:m.start()]
        before = re.findall(r"[\w']+", head.lower())
        if len(before) < 3:
            continue
        punctuated = _fillers()[0].search(head)
        prior = before[-2] if before[-1] in _PRONOUNS and len(before) > 1 else before[-1]
        if not punctuated and (prior in words("wh_complement") or before[-1] in words("wh_complement")):
            continue
        follower = (m.group(2) or "").lower()
        run_on = m.group(1).lower() in words("run_on_question_word") and follower in words("question_auxiliary")
        if not ((punctuated and asked) or (run_on and (asked or not re.search(r"[.!?]", text)))):
            continue
        tail = text[m.start():]
        if construction("not_open").search(tail) or opens_with("hypothetical_opener", tail):
            continue  # "…, so what if they just tried it for a week?": a proposal, read with what comes before it
        if not (opens_question(head) or asks(head.strip())):
            return m.start()
    return 0


def asked_apart(pieces: list[Piece]) -> tuple[list[Piece], set[int]]:
    """The sentences, with a question that a sentence runs on into read as a sentence of its own; and which of them
    are such questions."""
    out, asked = [], set()
    for p in pieces:
        at = question_start(p)
        if at:
            head = _fillers()[1].sub("", p.text[:at])
            asked.add(len(out) + 1)
            out += [Piece(p.start, p.start + len(head), head), Piece(p.start + at, p.end, p.text[at:])]
        else:
            out.append(p)
    return out, asked
