"""Read a reply as moves: what the seller does with each sentence, and the words that show it.

``detect_moves(text, context)`` returns one :class:`Detection` per move found, each with the
spans of the text that show it. It is deterministic, offline and pure: cues, and the words the
rules look for (the lexicon's ``constructions``), are data (``coachkit/lexicons/moves.yaml``);
structure is a handful of rules (``coachkit/_moves_rules.py``, applied sentence by sentence in
``coachkit/_moves_hits.py``): question forms, who a sentence is about, contrast, negation, word
forms through a stemmer. A learned backstop (``coachkit/_moves_model.py``, weights in
``lexicons/moves_model.json``) adds a move the rules missed when it is confident (its evidence
is the sentence whose words push that move the most, its reason names the cue words) and
overrules a cue that nothing else in the reply bears out.
"""

from __future__ import annotations

import gc

from coachkit import _moves_model
from coachkit import _moves_rules as rules
from coachkit._move_kinds import (  # noqa: F401 - the vocabulary, read as moves.*
    _LEARNED,
    ANTI_PATTERNS,
    CONTEXTS,
    GOOD_FOLLOWUP_MOVES,
    GOOD_OBJECTION_MOVES,
    Detection,
    Move,
    Span,
)
from coachkit._move_kinds import MEANING as _MEANING
from coachkit._moves_hits import _Hit, sentence_hits
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
        hits += sentence_hits(sentence, index, context)
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
