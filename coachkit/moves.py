"""Read a reply as moves: what the seller does with each sentence, and the words that show it.

``detect_moves(text, context)`` returns one :class:`Detection` per move found, each with the
spans of the text that show it. It is deterministic, offline and pure: cues, and the words the
rules look for (the lexicon's ``constructions``), are data (``coachkit/lexicons/moves.yaml``); structure is a
handful of rules (``coachkit/_moves_rules.py``, and below): question forms, who a sentence is about,
contrast, negation, word forms through a stemmer. A learned backstop (``coachkit/_moves_model.py``, weights in
``lexicons/moves_model.json``) adds a move the rules missed when it is confident (its evidence
is the sentence whose words push that move the most, its reason names the cue words) and
overrules a cue that nothing else in the reply bears out.
"""

from __future__ import annotations

import enum
import gc
from dataclasses import dataclass

from coachkit import _moves_model
from coachkit import _moves_rules as rules
from coachkit._moves_rules import construction  # the words a rule looks for, by name (moves.yaml)

__all__ = [
    "ANTI_PATTERNS",
    "CONTEXTS",
    "Detection",
    "GOOD_FOLLOWUP_MOVES",
    "GOOD_OBJECTION_MOVES",
    "Move",
    "Span",
    "construction",
    "detect_moves",
    "warm_up",
]


class Move(str, enum.Enum):
    """The ten moves of the kit's vocabulary (see curriculum.md)."""

    ACKNOWLEDGE = "acknowledge"
    EXPLORE = "explore"
    REFORMULATE = "reformulate"
    ASK_PERMISSION = "ask_permission"
    EMPATHY = "empathy"
    COUNTER_ARGUMENT = "counter_argument"
    PITCH = "pitch"
    PROJECTION = "projection"
    PRESSURE = "pressure"
    NEW_VALUE = "new_value"

    def __str__(self) -> str:
        return self.value


#: Where a reply is said: answering an objection, following up after a proposal, a first meeting.
CONTEXTS = ("objection", "followup", "first_contact")
GOOD_OBJECTION_MOVES = frozenset({Move.ACKNOWLEDGE, Move.EXPLORE, Move.REFORMULATE, Move.ASK_PERMISSION, Move.EMPATHY})
GOOD_FOLLOWUP_MOVES = frozenset({Move.NEW_VALUE, Move.ACKNOWLEDGE, Move.EMPATHY})
ANTI_PATTERNS = (Move.COUNTER_ARGUMENT, Move.PITCH, Move.PROJECTION, Move.PRESSURE)


@dataclass(frozen=True)
class Span:
    """Words of the reply: ``text == reply[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Detection:
    """A move found in a reply, with the words that show it."""

    move: Move
    evidence: tuple[Span, ...]
    sentence: int
    reason: str

    @property
    def learned(self) -> bool:
        """Found by the learned backstop, not by a rule (its reason says so)."""
        return _LEARNED in self.reason


#: How a move found by the learned backstop says so in its reason.
_LEARNED = "read by the learned model"


@dataclass(frozen=True)
class _Hit:
    move: Move
    start: int
    end: int
    sentence: int
    source: str
    reason: str


_MEANING = {
    Move.ACKNOWLEDGE: "accepts the objection as legitimate",
    Move.ASK_PERMISSION: "asks leave before giving the seller's view",
    Move.PRESSURE: "pushes or chases without bringing anything new",
    Move.EXPLORE: "an open question that invites the customer to say more",
    Move.REFORMULATE: "restates the customer's view",
    Move.EMPATHY: "names the customer's feeling or situation",
    Move.PITCH: "presents the offer without being asked",
    Move.PROJECTION: "advice from the seller's frame",
    Move.COUNTER_ARGUMENT: "argues back against the objection",
    Move.NEW_VALUE: "brings something new for the customer's problem",
}


def _hit(move: Move, piece: rules.Piece, m, sentence: int, source: str, reason: str = "") -> _Hit:
    start, end = piece.start + m.start(), piece.start + m.end()
    return _Hit(move, start, end, sentence, source, reason or _MEANING.get(move, move.value))


def _lexicon_hits(clause: rules.Piece, index: int, context: str) -> list[_Hit]:
    groups, _ = rules.lexicon()
    hits: list[_Hit] = []
    text = clause.text
    starts, plain = rules.clause_cues(text)  # the few word starts where a cue may match; whether another may
    if not starts and not plain:
        return hits
    letters = {letter for _, letter in starts}
    for group in groups:
        if group.contexts is not None and context not in group.contexts:
            continue
        for pattern in group.patterns:
            if isinstance(pattern, rules.Bucketed):
                if letters.isdisjoint(pattern.by_letter):  # none of its cues starts with a letter found there
                    continue
                found = pattern.finditer(text, starts)
            elif plain:
                found = pattern.finditer(text)
            else:
                continue
            for m in found:
                if m.end() == m.start():
                    continue
                if group.negatable and rules.negated(text, m.start()):
                    continue
                hits.append(_hit(Move(group.move), clause, m, index, "lexicon", group.meaning))
    return hits


def _question_hits(sentence: rules.Piece, clause: rules.Piece, index: int) -> list[_Hit]:
    text = clause.text
    is_question = text.rstrip().endswith("?") or (
        sentence.text.rstrip().endswith("?") and clause.end == sentence.end)
    unpunctuated = not is_question and sentence.text.rstrip()[-1:] not in ".!"
    hits: list[_Hit] = []
    # look at the clause and at each part after a comma ("I hear you, what worries you?")
    parts = [(0, text)] + [(i + 1, text[i + 1:]) for i, ch in enumerate(text) if ch == ","]
    if is_question or unpunctuated:
        for offset, part in parts:
            piece = rules.Piece(clause.start + offset, clause.end, part)
            leading = construction("leading_question").search(part)
            if leading:
                if is_question:
                    hits.append(_hit(Move.PRESSURE, piece, leading, index, "leading",
                                     "a leading question: it pushes the seller's view instead of asking"))
                break
            if rules.proposal(part):
                hits.append(_hit(Move.NEW_VALUE, piece, rules.proposal(part), index, "proposal",
                                 "puts forward a concrete option"))
                break
            if construction("not_open").search(part):
                break
            m = construction("open_question").search(part)
            if m and (is_question or len(part.split()) <= 14):
                if rules.our_claim(part) or rules.promo(part):
                    hits.append(_hit(Move.PITCH, piece, m, index, "disguised",
                                     "a question that presents the offer"))
                else:
                    mark = part.find("?")
                    end = piece.start + (mark + 1 if mark >= 0 else len(part.rstrip()))
                    hits.append(_Hit(Move.EXPLORE, piece.start + m.start(1), end, index, "open-question",
                                     _MEANING[Move.EXPLORE]))
                break
            m = construction("anything_else").search(part) if is_question else None
            if m:
                hits.append(_hit(Move.EXPLORE, piece, m, index, "open-question", _MEANING[Move.EXPLORE]))
                break
    if is_question:
        tag = construction("right_tag").search(text)
        if tag:
            knowing = construction("you_know").search(text)
            if (rules.SECOND_PERSON.search(text[:tag.start()]) and not rules.FIRST_PERSON.search(text[:tag.start()])
                    and not knowing):
                hits.append(_hit(Move.REFORMULATE, clause, tag, index, "check", "checks a summary of their view"))
            else:
                hits.append(_hit(Move.PRESSURE, clause, tag, index, "leading",
                                 "a leading question: it pushes the seller's view instead of asking"))
    return hits


def _structure_hits(clause: rules.Piece, index: int, context: str) -> list[_Hit]:
    text = clause.text
    hits: list[_Hit] = []
    m = rules.you_statement(text)
    if not m:  # "Your surgeons like it and you don't want to be the one who…"
        joined = construction("and_you").search(text)
        if joined:
            part = rules.Piece(clause.start + joined.end(), clause.end, text[joined.end():])
            m = rules.you_statement(part.text)
            if m:
                clause, text = part, part.text
    if m:
        labelled = construction("sounds_like").match(text)
        if labelled:  # "Sounds like you've been let down": a label of their experience, not a summary
            hits.append(_hit(Move.EMPATHY, clause, m, index, "label", "labels the customer's feeling"))
        else:
            hits.append(_hit(Move.REFORMULATE, clause, m, index, "you-statement",
                             "restates the customer's view (a statement about them)"))
    m = rules.your_statement(text)
    if m:
        hits.append(_hit(Move.REFORMULATE, clause, m, index, "your-statement",
                         "restates a fact of the customer's situation"))
    if not text.rstrip().endswith("?"):
        about_them = (rules.SECOND_PERSON.search(text) or construction("about_them").search(text)
                      or construction("i_know_them").match(text))
        if about_them and not construction("seller_subject").match(text):
            for f in rules.feeling_words(text):
                if not rules.negated(text, f.start()):
                    hits.append(_hit(Move.EMPATHY, clause, f, index, "feeling", "names a feeling or strain on their side"))
    m = rules.so_summary(text)
    if m:
        hits.append(_hit(Move.REFORMULATE, clause, m, index, "so-summary", "sums up the customer's situation"))
    m = rules.making(text)
    if m:
        hits.append(_hit(Move.NEW_VALUE, clause, m, index, "making",
                         "brings something concrete the seller made or found for them"))
    m = rules.promo(text)
    if m:
        hits.append(_hit(Move.PITCH, clause, m, index, "promo", "sends the seller's promotion, not something new"))
    m = rules.our_claim(text)
    if m:
        hits.append(_hit(Move.PITCH, clause, m, index, "our-claim", _MEANING[Move.PITCH]))
    return hits


def _sentence_hits(sentence: rules.Piece, index: int, context: str) -> list[_Hit]:
    hits: list[_Hit] = []
    for clause in rules.clauses(sentence):
        hits += _lexicon_hits(clause, index, context)
        hits += _question_hits(sentence, clause, index)
        hits += _structure_hits(clause, index, context)
    text = sentence.text
    framed = [h.start for h in hits if h.move is Move.REFORMULATE]
    frames = [h.start for h in hits if h.move is Move.REFORMULATE and h.source == "lexicon"]
    if frames:
        # inside a restatement ("so if I follow you, the worry is…") claims and "but" are the customer's, and a
        # feeling word names the topic; a feeling said of the person ("you're scared") is still empathy
        said_of = construction("feeling_of_person")
        hits = [h for h in hits if not (h.move is Move.EMPATHY and h.source == "feeling" and not said_of.search(
            text[max(0, h.start - sentence.start - 30):h.start - sentence.start]))]
        hits = [h for h in hits if not (h.move is Move.COUNTER_ARGUMENT and h.start > min(frames))]
        hits = [h for h in hits if not (h.move is Move.PITCH and h.source == "our-claim" and h.start > min(frames))]
        hits = [h for h in hits if not (h.move is Move.PRESSURE and h.source == "lexicon" and h.start > min(frames))]
    # contrast: "I understand, but…" argues back; the acknowledgement before it no longer counts
    for c in rules.contrasts(text):
        if not rules.rebuttal_after(text, c.start()):
            continue
        at = sentence.start + c.start()
        if any(f < at for f in framed):
            continue
        before = [h for h in hits if h.start < at]
        after = text[c.start():]
        conceded = any(h.move in (Move.ACKNOWLEDGE, Move.EMPATHY) for h in before)
        claims = rules.FIRST_PERSON.search(after) or construction("claim_after_but").search(after)
        chasing = any(h.move is Move.PRESSURE and h.start > at for h in hits)
        if (conceded or (claims and c.start() > 0)) and not chasing:
            end = next((p.end for p in rules.clauses(sentence) if p.end > at), sentence.end)
            hits = [h for h in hits if not (h.move in (Move.ACKNOWLEDGE, Move.EMPATHY) and h.start < at)]
            hits = [h for h in hits if not (h.move is Move.PROJECTION and h.start > at)]
            hits.append(_Hit(Move.COUNTER_ARGUMENT, at, end, index, "contrast",
                             "concedes, then argues back after the “but”"))
            break
    # a "but" that opens a clause argues back only where the contrast rule says so
    hits = [h for h in hits if not (
        h.move is Move.COUNTER_ARGUMENT and h.source == "lexicon"
        and construction("opens_with_contrast").match(text[h.start - sentence.start:])
        and (not rules.rebuttal_after(text, h.start - sentence.start) or any(f < h.start for f in framed)))]
    if text.rstrip().endswith("?") or any(h.move is Move.ASK_PERMISSION for h in hits):
        hits = [h for h in hits if not (h.move is Move.COUNTER_ARGUMENT and h.source == "lexicon"
                                        and construction("emphasis").fullmatch(text[h.start - sentence.start:
                                                                                   h.end - sentence.start]))]
    moves = {h.move for h in hits}
    if Move.COUNTER_ARGUMENT in moves:
        # a concession followed by a rebuttal is a rebuttal; restating inside it is part of the argument
        hits = [h for h in hits if not (h.move is Move.PITCH and h.source == "our-claim")]
        hits = [h for h in hits if h.move is not Move.ACKNOWLEDGE]
        hits = [h for h in hits if not (h.move is Move.REFORMULATE and (h.source != "lexicon" or construction("you_said").search(
            text[h.start - sentence.start:h.end - sentence.start])))]
    if moves & {Move.PROJECTION, Move.PRESSURE, Move.NEW_VALUE, Move.COUNTER_ARGUMENT}:
        # a feeling word inside advice, chasing or an offer is not empathy ("before the busy season")
        hits = [h for h in hits if not (h.move is Move.EMPATHY and h.source == "feeling")]
    if Move.PRESSURE in moves:
        hits = [h for h in hits if not (h.move is Move.PITCH and h.source == "our-claim")]
    if rules.promo(text):
        hits = [h for h in hits if h.move is not Move.NEW_VALUE]
    if moves & {Move.PROJECTION, Move.ASK_PERMISSION}:
        hits = [h for h in hits if not (h.move is Move.EMPATHY and construction("in_your").search(
            text[h.start - sentence.start:h.end - sentence.start]))]
    permission = [h.start for h in hits if h.move is Move.ASK_PERMISSION]
    before_i = construction("before_i").search(text)
    if permission or before_i:
        first = min(permission + ([sentence.start + before_i.start()] if before_i else []))
        hits = [h for h in hits if not (h.move is Move.PITCH and h.start >= first)]
    if Move.NEW_VALUE in moves and context == "followup":
        hits = [h for h in hits if not (h.move is Move.PITCH and h.source != "promo")]
    # reported thought ("you feel you should wait") is a restatement, not advice
    hits = [h for h in hits if not (h.move is Move.PROJECTION and h.source == "lexicon"
                                    and construction("reported_thought").search(text[max(0, h.start - sentence.start - 40):
                                                                          h.start - sentence.start]))]
    # "what would you need to see…?" asks about their needs: not advice
    questions = [(h.start, h.end) for h in hits if h.move is Move.EXPLORE and h.source == "open-question"]
    hits = [h for h in hits if not (h.move in (Move.PROJECTION, Move.REFORMULATE) and h.source == "lexicon"
                                    and any(a <= h.start < b for a, b in questions))]
    # a leading question is not an exploration
    if any(h.source == "leading" for h in hits):
        hits = [h for h in hits if not (h.move is Move.EXPLORE and h.source == "open-question")]
    return hits


#: What the sentence shown as evidence must look like before the backstop may name a move there:
#: an exploration is a question or an invitation to talk; an acknowledgement is not a question; a
#: counter-argument is not read inside the customer's own view restated or inside advice, and an
#: exploration not inside a request for leave (the rules already read those sentences); and never
#: where the lexicon's ``backstop: rules_out`` names a construction that only looks like the move.


def _fits(move: Move, sentence: rules.Piece, ruled: set[Move]) -> bool:
    guard = rules.guards().rules_out.get(move.value)
    if guard is not None and guard.search(sentence.text):
        return False
    question = sentence.text.rstrip().endswith("?")
    if move is Move.EXPLORE:
        return (question or bool(construction("invites").search(sentence.text))) and Move.ASK_PERMISSION not in ruled
    if move is Move.ACKNOWLEDGE:
        return not question
    if move is Move.COUNTER_ARGUMENT:
        return not ruled & {Move.REFORMULATE, Move.PROJECTION}
    return True


def _backstop(context: str, sentences: list[rules.Piece], hits: list[_Hit],
              reading: _moves_model.Reading) -> list[Detection]:
    """Moves the rules missed that the learned model is confident about, each shown by its sentence."""
    model, scores = reading.model, reading.reply
    found = {h.move for h in hits}
    missing = [m for m in Move if m not in found and scores[m.value] > model.threshold]
    if len(sentences) > 1:  # a sentence the rules could not read, clearly the move alone, drowned by the others
        read = {h.sentence for h in hits}
        unread = [i for i in range(len(sentences)) if i not in read]
        missing += [m for m in Move if m not in found and m not in missing and any(
            reading.sentence(i)[m.value] > model.sentence_threshold for i in unread)]
    if not missing or not sentences:
        return []
    ruled = [{h.move for h in hits if h.sentence == i} for i in range(len(sentences))]
    detections = []
    for move in missing:
        fitting = [i for i, piece in enumerate(sentences) if _fits(move, piece, ruled[i])]
        if not fitting:
            continue
        # the evidence: the sentence whose words push the reply's score for the move the most
        shares = reading.shares(move.value, fitting)
        index = max(fitting, key=lambda i: (shares[i], -i))
        piece = sentences[index]
        cues = model.cues(piece.text, context, move.value)
        shown = ", ".join(f"“{c}”" for c in cues) or "its wording as a whole"
        reason = (f"{_MEANING.get(move, move.value)} ({_LEARNED} from words like {shown}): "
                  f"“{piece.text}”")
        detections.append(Detection(move, (Span(piece.start, piece.end, piece.text),), index, reason))
    return detections


def warm_up() -> None:
    """Compile the cues and read the learned weights now (in the background, as the learner starts writing),
    not on the learner's first check; then freeze the collector (as the kernels' template does): the ≈ 60,000
    objects alive now (compiled cues, phrase lists, modules) live as long as the process, and a full collection,
    which each reply's garbage sets off every twenty replies or so, walked them all (10-35 ms added to that reply:
    the slowest replies' whole extra cost)."""
    rules.lexicon()
    rules.guards()
    detect_moves("Thanks for saying so. What matters most to you here?")
    from coachkit import phrase_lists  # the reading's phrase lists too (the reading imports this module)

    phrase_lists.prepare()
    gc.collect()  # only what is still in use is frozen
    gc.freeze()


def detect_moves(text: str, context: str = "objection") -> list[Detection]:
    """The moves of a reply, one Detection per move, in the order they first appear."""
    return _detect(text, context, _moves_model.model())


def _detect(text: str, context: str, model: _moves_model.Model | None) -> list[Detection]:
    if context not in CONTEXTS:
        raise ValueError(f"unknown context {context!r}; choose one of {', '.join(CONTEXTS)}")
    if not isinstance(text, str) or not text.strip():
        return []
    hits: list[_Hit] = []
    sentences = rules.sentences(text)
    for index, sentence in enumerate(sentences):
        hits += _sentence_hits(sentence, index, context)
    moves = {h.move for h in hits}
    if context == "followup" and Move.NEW_VALUE in moves:
        # "You mentioned X, so I prepared Y": the restatement ties the value to their words
        hits = [h for h in hits if h.move is not Move.REFORMULATE]
    reading = _moves_model.Reading(model, sentences, context) if model is not None else None
    if reading is not None:
        # the rules' cue matched, but nothing else reads like that move, in the reply or in the
        # hit's own sentence (other sentences must not drown it)
        firm = rules.guards().firm
        hits = [h for h in hits if reading.reply[h.move.value] >= model.veto
                or reading.sentence(h.sentence)[h.move.value] >= model.veto
                or (h.move.value in firm and firm[h.move.value].search(sentences[h.sentence].text))]
    by_move: dict[Move, list[_Hit]] = {}
    for h in sorted(hits, key=lambda h: (h.start, h.end)):
        by_move.setdefault(h.move, []).append(h)
    detections = []
    for move, group in by_move.items():
        merged: list[list[int]] = []
        for h in group:  # sorted by start: overlapping evidence becomes one span
            if merged and h.start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], h.end)
            else:
                merged.append([h.start, h.end])
        spans = tuple(Span(a, b, text[a:b]) for a, b in merged)
        first = group[0]
        detections.append(Detection(move, spans, first.sentence, f"{first.reason}: “{spans[0].text}”"))
    if reading is not None:
        detections += _backstop(context, sentences, hits, reading)
    return sorted(detections, key=lambda d: d.evidence[0].start)
