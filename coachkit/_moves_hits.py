"""Where the rules find moves in one sentence of a reply: its cues, its questions, its structure, and
the order of what it says (a "but" after a concession, a pitch after a request for leave).

Each finder returns ``_Hit``s (a move, where it is, which rule found it, why); ``coachkit.moves`` merges
them into detections and lets the learned backstop veto or add.
"""

from __future__ import annotations

from dataclasses import dataclass

from coachkit import _moves_rules as rules
from coachkit._move_kinds import MEANING as _MEANING
from coachkit._move_kinds import Move
from coachkit._moves_rules import construction


@dataclass(frozen=True)
class _Hit:
    move: Move
    start: int
    end: int
    sentence: int
    source: str
    reason: str


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


def sentence_hits(sentence: rules.Piece, index: int, context: str) -> list[_Hit]:
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
