"""Read a reply as a coach does: sentence by sentence, each with its moves and what it does.

The move detector says which moves a reply makes; a coach also hears *where* and *how*: a
restatement followed by "but" and the seller's argument, a permission question followed by the
view in the same message, a tag question after a claim, a question that is advice in disguise,
an acknowledgement that concedes or mocks. :func:`read` returns one :class:`SentenceReading` per
sentence with those readings, and the scorers in :mod:`coachkit.feedback` judge from it.

Word lists are data (``lexicons/reading.yaml``, each with its meaning); this module holds the
structure: which list applies where in a sentence.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from coachkit import persons, phrase_lists, wordforms
from coachkit.moves import Detection, Move, construction, detect_moves
from coachkit.phrase_lists import find, lead_in, lexicon, opens_with, straight, words
from coachkit.questions import asks, opens_question, question_kind
from coachkit.run_on import asked_apart
from coachkit.sentences import _sentences, sentences
from coachkit.wordforms import stem

__all__ = ["Reading", "SentenceReading", "find", "lexicon", "opens_with", "our_offer", "read", "shrinking", "their_need", "words"]

VIEW_MOVES = frozenset({Move.PITCH, Move.COUNTER_ARGUMENT, Move.PROJECTION})


def ordered(text: str) -> tuple[str, ...]:
    """Orders to the customer that open the sentence or one of its clauses ("Just order a few cases…", "…, lock in
    now"): advice from the seller's frame."""
    start = lead_in(text)
    first = re.match(r"(\w+)\W+", straight(text)[start:])
    if first and first.group(1).lower() in words("hedge"):
        start += first.end()  # "Maybe just order a few cases…": softened, still an order
    return tuple(m.group() for m in find("imperative_advice", text)
                 if m.start() == start or _clause_start().search(text[:m.start()]))


@cache
def _clause_start() -> re.Pattern:
    """Where a clause starts: after a comma, a colon or a dash (maybe "and" or "so"), or after "so"; a hedge may
    follow ("…, so maybe get a pm in first": softened, still an order)."""
    hedges = "|".join(sorted(words("hedge")))
    return re.compile(rf"(?:[,;:—–-]\s*(?:and\s+|so\s+)?|\bso\s+)(?:(?:{hedges})\s+)?$", re.IGNORECASE)


def clear_caches() -> None:
    """Forget every reading and every list lookup (benchmarks measure a reply read from scratch)."""
    read.cache_clear()
    phrase_lists.clear_caches()
    wordforms.forget()
    _sentences.cache_clear()


@dataclass(frozen=True, eq=False)
class SentenceReading:
    """One sentence of a reply and what a coach hears in it (each is itself: compared by identity, not by fields)."""

    index: int
    start: int
    end: int
    text: str
    moves: frozenset[Move]
    question: str  # "" (a statement), "check", "tag", "advice", "steer", "setup", "permission", "open" or "closed"
    rebuttal: str  # the words that turn the sentence into push-back ("but our trainers…"), or ""
    concession: str  # words that agree with the objection or admit the flaw, or ""
    sarcasm: str  # words that mock, or ""
    view: str  # the seller's view, claim, pitch or advice said in this sentence, or ""

    @property
    def is_question(self) -> bool:
        return bool(self.question)


@dataclass(frozen=True)
class Reading:
    """A whole reply, sentence by sentence, with the detector's moves."""

    text: str
    sentences: tuple[SentenceReading, ...]
    detections: tuple[Detection, ...]

    def first(self, *moves: Move) -> int | None:
        """Index of the first sentence holding one of ``moves``."""
        return next((s.index for s in self.sentences if s.moves & set(moves)), None)

    def views(self) -> list[SentenceReading]:
        """Sentences that give the seller's view, claim, pitch or advice."""
        return [s for s in self.sentences if s.view]

    def where(self, attr: str) -> list[SentenceReading]:
        return [s for s in self.sentences if getattr(s, attr)]

    @property
    def last(self) -> SentenceReading | None:
        return self.sentences[-1] if self.sentences else None


def _words(matches: list[re.Match], text: str) -> str:
    return text[matches[0].start():matches[0].end()] if matches else ""


def _feared(before: str) -> bool:
    """The words before a threat name it as a fear ("I'd be worried about |falling behind"): the fear is theirs."""
    tail = before[-30:].rstrip()
    return any(m.end() == len(tail) for m in find("fear_of", tail))


def _rebuttal(text: str, moves: frozenset[Move]) -> str:
    """The contrast and argument that turn a sentence into push-back, when the seller's view follows it."""
    norm = straight(text)
    voiced = find("client_frame_opening", text)  # "if I were this client…": the "I" after it is the client's
    for strong, m in sorted([(True, m) for m in find("strong_contrast", text)]
                            + [(False, m) for m in find("contrast", text)], key=lambda x: x[1].start()):
        after = norm[m.end():]
        word = m.group().lower()
        if word in words("clause_start_contrast") and not re.search(r"(^|[,;:—–-])\s*$", norm[:m.start()]):
            continue  # "we are still here", "could you realistically absorb": an adverb inside the clause
        if word == "though" and re.search(r"\bas\s*$", norm[:m.start()], re.IGNORECASE):
            continue  # "It sounds as though the launch date is squeezing your team": no contrast at all
        if opens_with("concession", after):
            continue  # "…and honestly you're right, twice the price is a big ask": it concedes, it does not rebut
        if voiced and _FIRST_PERSON.match(after) and not _OURS.search(after):
            continue  # "If I were this client I'd be torn: …, but my team still has to learn it": their own "but"
        if opens_question(after) or opens_with("question_to_them", after):
            continue  # "but tell me more…", "but what worries you…": the contrast opens a question
        if strong and re.search(r"\w", after) or find("minimiser", after) or find("seller_view", after) or any(
                m.start() <= 3 for name in ("advice_after_contrast", "reframe_after_contrast")
                for m in find(name, after)) or find(
                "benefit_claim", after) or find("seller_opinion", after) or (word in words("plain_contrast") and (
                    _OURS.search(after) or find("view_teaser", after))):  # "…, though you'd be surprised how much…"
            return text[m.start():].strip()
        if opens_with("advice_question", after) or opens_with("setup_question", after):
            return text[m.start():].strip()  # "…but have you looked at what the bearings cost over their life"
        if moves & {Move.COUNTER_ARGUMENT, Move.PITCH} and not _their_side(after):
            return text[m.start():].strip()
    turn = next(iter(find("reframe_turn", text)), None)
    if turn and re.search(r"\w", norm[turn.end():]) and not _their_side(norm[turn.end():]):
        return text[turn.start():].strip()  # "…and that's precisely why I'd walk Finance through cost per patient"
    opening = next((m for m in find("opening_contrast", text) if m.start() == lead_in(norm)), None)
    if opening and re.match(r"\s*,?\s*\w", norm[opening.end():]) and not _their_side(norm[opening.end():].lstrip(" ,")) \
            and not opens_question(norm[opening.end():].lstrip(" ,")):  # "Anyway, how are you finding it so far?"
        return text[opening.start():].strip()  # "Still, prices are going up in January."
    threat = [m for m in find("consequence_threat", text) if not re.match(r"\s+mind\b", text[m.end():])  # "if you don't
              and not _feared(text[:m.start()])]  # mind me asking" is a courtesy; "worried about falling behind" theirs
    if threat and not (Move.REFORMULATE in moves and not moves & {Move.PRESSURE, Move.PITCH, Move.COUNTER_ARGUMENT}
                       and not _OURS.search(text) and len(find("their_loss", text)) == len(threat)):
        return text[threat[0].start():].strip()
    shrunk = shrinking(text, moves)
    if shrunk and len(text.split()) <= 4 and find("acceptance", text):
        return ""  # "Sure, no problem.": doing what they asked, not shrinking their objection
    if shrunk and (not text.rstrip().endswith("?") or Move.COUNTER_ARGUMENT in moves):
        return _words(shrunk, text)
    return ""


_OURS = persons.words("we")  # "…although they lack the view we bring"
_HEARD = frozenset({Move.ACKNOWLEDGE, Move.EMPATHY})
_FIRST_PERSON = re.compile(rf"\W*(?:{persons.alternation('i', 'i_chat')})\b", re.IGNORECASE)
_HEARING = re.compile(rf"\W*(?:at\s+all\W*)?i\s+(?:can\s+|totally\s+|fully\s+)?(?:{persons.alternation('perceiving')})\b",
                      re.IGNORECASE)  # "…, I know how…", "…, I can imagine…"


def shrinking(text: str, moves: frozenset[Move]) -> tuple[re.Match, ...]:
    """The words that shrink the objection (``minimiser``), unless the sentence says them as the customer's view ("From
    where you sit there's no problem to solve": ``their_view_frame`` before them, nothing of the seller's) or opens on
    them only to agree before it hears the customer out."""
    shrunk = find("minimiser", text)
    if shrunk and any(f.end() <= shrunk[0].start() for f in find("their_view_frame", text)) and not (
            moves & {Move.PITCH, Move.COUNTER_ARGUMENT} or _OURS.search(text)):
        return ()
    lead = text[:shrunk[0].start()] if shrunk else ""
    if shrunk and (not re.search(r"\w", lead) or opens_with("acceptance", lead) and len(lead.split()) <= 2) and (
            _HEARING.match(text[shrunk[0].end():]) and moves <= _HEARD and not _OURS.search(text)):
        return ()  # "No problem, I know how the days between meetings are.": agreeing to their request, then hearing it
    if len(shrunk) == 1 and not re.search(r"\w", text[shrunk[0].end():]) and moves <= _HEARD and not (
            _OURS.search(text) or find("contrast", text)) and find("courtesy", shrunk[0].group()):
        return ()  # "With pleasure I send it, no problem.": doing what they asked
    return shrunk


def _their_side(clause: str) -> bool:
    """What follows a plain "but" is the customer's own side ("…but you can't be seen bending the rules", "…but I hear
    you"): it starts from them, and nothing of the seller's follows."""
    sellers = (find("seller_opinion", clause) or find("view_teaser", clause)  # "…but I think you'll love it"
               or find("seller_conclusion", clause))  # "…but your team managers need this tool"
    if (opens_with("turn_to_them", clause.lstrip(" ,")) or opens_with("second_worry", clause.lstrip(" ,"))) and not sellers:
        return True
    start = _FROM_THEM.match(clause)
    return bool(start) and not _SELLER.search(clause[start.end():]) and not sellers


def _their_contrast(text: str) -> bool:
    """Every "but" of a sentence with nothing of the seller's in it opens the customer's own side."""
    contrasts = find("contrast", text)
    norm = straight(text)
    return bool(contrasts) and not _OURS.search(text) and all(_their_side(norm[m.end():]) for m in contrasts)


_FROM_THEM = re.compile(rf"\W*(?:{persons.alternation('you', 'you_chat', 'they', 'they_chat')}"
                        rf"|i\s+(?:{persons.alternation('perceiving')}))\b", re.IGNORECASE)


def their_need(text: str) -> bool:
    """A "you need to / you have to" that names the customer's need or dilemma, not a step for them ("You need to be
    absolutely sure…", "what you need is to keep patients safe", "you have to decide between software and training")."""
    return bool((find("certainty_need", text) or find("their_dilemma", text) or find("need_named", text) and not (
        _OURS.search(text))) and not find("projection_disguise", text))


def _view(text: str, moves: frozenset[Move], question: str) -> str:
    if question == "open" and moves & VIEW_MOVES == {Move.COUNTER_ARGUMENT} and not (
            find("minimiser", text) or find("seller_view", text)):
        return ""  # "I understand, but what worries you most?": the contrast opens a question
    if moves & VIEW_MOVES == {Move.PROJECTION} and their_need(text):
        return ""  # "You need to be absolutely sure you'd never be in that position again.": their need, not advice
    if moves & VIEW_MOVES == {Move.COUNTER_ARGUMENT} and moves & _RESTATING and not question and _their_contrast(text):
        return ""  # "So, nice pieces, but your shelves are full and you don't have room": their own "but", given back
    if moves & VIEW_MOVES:
        return text
    if question in ("", "tag") and (find("projection_disguise", text) or find("third_person_advice", text)
                                    or ordered(text)):
        return text
    if question in ("", "tag") and (shrinking(text, moves) or find("good_news", text) or find("seller_conclusion", text)
                                    or find("concession_offer", text)):
        return text
    if question == "closed" and find("concession_offer", text):
        return text  # "I can offer you a 15% discount if that helps?": the offer, asked
    if question == "tag" and not moves & _RESTATING and any(find(name, text) for name in (
            "seller_view", "benefit_claim", "minimiser")):
        return text  # "You get what you pay for tho, wouldn't you agree?": the seller's claim, pressed
    if not question and seller_voice(text) and not moves & _LISTENING:
        return text  # "Our dressings stay longer on the wound.": the seller's claim, whatever the detector saw
    if not question and find("seller_opinion", text) and _OURS.search(text) and not moves & _RESTATING:
        return text  # "I promise you we're different, we'll hold your hand all the way.": the seller's word on the offer
    head = text.rsplit(",", 1)[0] if question == "open" and "," in text else ""
    if head and seller_voice(head):
        return head  # "We've delivered 40+ portals with no delays, so what worries you most?": the claim, then asked
    return ""


_LISTENING = frozenset({Move.ACKNOWLEDGE, Move.EMPATHY, Move.REFORMULATE, Move.EXPLORE, Move.ASK_PERMISSION})
_RESTATING = frozenset({Move.REFORMULATE, Move.EMPATHY})


def seller_voice(text: str) -> bool:
    """A sentence whose subject is the seller or the offer, with nothing about the customer in it ("Our price is
    fixed, really fixed."): the seller's claim, even where it repeats the customer's topic. A short label before a
    colon ("Quick context: our juices retail at…") is not the subject."""
    label = re.match(r"\W*(?:[\w'-]+\s+){0,2}[\w'-]+\s*:\s*", text)
    text = text[label.end():] if label else text
    frank = opens_with("candour_preface", text)  # "look ill be straight with you, we dont do that"
    if frank:  # found on the text with straight apostrophes, which keeps every offset
        text = text[straight(text).lower().index(frank.lower()) + len(frank):].lstrip(" ,;:—–-")
    lead_in = re.match(r"\W*(\w+\s+)?", text)
    first = lead_in.end() if lead_in.group(1) and lead_in.group(1).strip().lower() in words("claim_lead_in") else (
        re.match(r"\W*", text).end())
    # no "so" before it: "So our dressings are double…" gives their view back; "because our range…" is ours
    if not any(m.start() == first for m in find("seller_subject", text)):
        return False
    said = re.split(r"\s+so\s+(?=(?:you|u)\b)", text, maxsplit=1, flags=re.IGNORECASE)[0]
    said = re.sub(r"\b(?:with|for|to|beside|alongside)\s+(?:you|u)\b", "", said, flags=re.IGNORECASE)  # "we stay with you"
    return not _THEIRS.search(said)  # "Our displays set up in ten minutes so you won't notice us": what it does for them


_OUR = re.compile(r"\b(?:our|my)\s+((?:[\w-]+\s+){0,2}[\w-]+)", re.IGNORECASE)


@cache
def _offer_stems() -> frozenset[str]:
    return frozenset(stem(w) for w in words("offer_words"))


def our_offer(text: str) -> list[tuple[int, str]]:
    """Where "our" or "my" names what the seller sells, within three words (``offer_words``, any word form: "our new
    platforms", "my proposal"): each place with the words up to the offer."""
    found = []
    for m in _OUR.finditer(straight(text)):
        said = m.group(1).split()
        at = next((i for i, w in enumerate(said) if stem(w) in _offer_stems()), None)
        if at is not None:
            found.append((m.start(), text[m.start():m.start(1) + len(" ".join(said[:at + 1]))]))
    return found


_SELLER = re.compile(rf"\b(?:{persons.alternation('we')})\b|"
                     rf"\b(?:{persons.alternation('i_subject')})\b(?!\s+(?:{persons.alternation('perceiving')}))", re.IGNORECASE)
_THEIRS = persons.words("you", "you_chat")
#: Words that speak of the customer, second or third person ("you", "their", "she"…).
ABOUT_THEM = persons.words("you", "you_chat", "they", "they_chat")


@cache
def _position() -> re.Pattern:
    """The customer's position given back: "you('d) (really) need / can't / had to…", "not the…", ", not a week"."""
    verbs = lexicon()["position_verbs"].pattern
    return re.compile(rf"\byou(?:'d|\s+would)?\s+(?:really\s+|just\s+)?(?:{verbs})|{lexicon()['not_this_but_that'].pattern}"
                      r"|,\s*not\s+\w+", re.IGNORECASE)


def _about_them_only(text: str) -> bool:
    """A statement about the customer with nothing of the seller's in it ("You have bought from the same supplier for
    12 years and see no reason to change."): a summary, when a short question follows it."""
    return not text.rstrip().endswith("?") and bool(_THEIRS.search(text)) and not _SELLER.search(text)


def _reflection(text: str) -> frozenset[Move]:
    """A reflection said without marker words ("and you'd be the one fielding the calls", "you need something the
    lads can learn in a shift, not a week"): a statement about the customer, nothing of the seller's in it. Naming
    their state reads as empathy; giving their position back as a restatement."""
    if _SELLER.search(text) or find("seller_view", text) or find("projection_disguise", text) or ordered(text):
        return frozenset()
    if find("client_state", text) or find("feeling_named", text):
        return frozenset({Move.EMPATHY})  # "mm. exhausting, after the merger and everything"
    if not _THEIRS.search(text):
        return frozenset()
    if _position().search(text):
        return frozenset({Move.REFORMULATE})
    return frozenset()


_ASKING = frozenset({Move.EXPLORE, Move.ASK_PERMISSION})


@lru_cache(maxsize=512)
def read(text: str, context: str = "objection") -> Reading:
    """The reply read sentence by sentence (cached: scorers and the eval read the same text often)."""
    detections = tuple(detect_moves(text, context))
    pieces, asked = asked_apart(sentences(text))
    starts = [p.start for p in pieces]
    found: list[set[Move]] = [set() for _ in pieces]
    ruled: list[set[Move]] = [set() for _ in pieces]  # the moves a rule found, not only the learned backstop
    for d in detections:  # each piece of evidence belongs to the sentence it starts in
        for span in d.evidence:
            at = bisect.bisect_right(starts, span.start) - 1
            if at >= 0 and span.start < pieces[at].end + 1 + (at + 1 in asked):
                found[at].add(d.move)
                if not d.learned:
                    ruled[at].add(d.move)
    for i, piece in enumerate(pieces):  # "I respect 12 years, that's loyalty.": the model's guess of an argument in a
        # sentence that accepts, with nothing of the seller's in it, is the acceptance it heard
        if {Move.ACKNOWLEDGE, Move.COUNTER_ARGUMENT} <= found[i] and Move.COUNTER_ARGUMENT not in ruled[i] and not (
                _OURS.search(piece.text) or find("contrast", piece.text) or seller_voice(piece.text)):
            found[i].discard(Move.COUNTER_ARGUMENT)
    for i in asked:  # the detector heard the question in the whole run-on sentence: it belongs to the question
        found[i] |= found[i - 1] & _ASKING
        found[i - 1] -= _ASKING
    for i, piece in enumerate(pieces):
        if not found[i] & _ASKING and construction("open_question").search(piece.text) and asks(piece.text) and not (
                construction("not_open").search(piece.text) or opens_with("hypothetical_opener", piece.text)):
            found[i].add(Move.EXPLORE)  # "…something new um what would you need to see": unpunctuated, still open
    out: list[SentenceReading] = []
    seen_view = False
    for i, piece in enumerate(pieces):
        moves = frozenset(found[i])
        question = question_kind(piece.text, moves)
        rebuttal = _rebuttal(piece.text, moves)
        concession = _words(tuple(m for m in find("concession", piece.text)  # "you're right to be sceptical" validates
                                  if not re.match(r"\s+to\b", piece.text[m.end():])), piece.text)
        sarcasm = _words(find("sarcasm", piece.text), piece.text)
        view = _view(piece.text, moves, question) or rebuttal
        if question == "tag" and (view or rebuttal or (seen_view and not moves & _RESTATING)
                                  or our_offer(piece.text)):  # "…the number in our proposal is that number, isn't it?"
            view = view or piece.text
        elif question == "tag" and moves & _RESTATING:
            question = "check"  # "So you're worried about the time, right?" hands a summary back
        elif question in ("closed", "tag") and not view and len(piece.text.split()) <= 8 and any(
                o.moves & _RESTATING and not o.view for o in out) or (
                question in ("closed", "tag") and out and not view and len(piece.text.split()) <= 3
                and not out[-1].view and _about_them_only(out[-1].text)):
            question = "check"  # "…and a margin of nothing. Did I get it?": a short question after a summary
        if question in ("", "tag") and find("announcement", piece.text):
            view = view or piece.text
        if not question and not view and not concession and not sarcasm and not moves & {
                Move.REFORMULATE, Move.EMPATHY, Move.ACKNOWLEDGE}:
            moves |= _reflection(piece.text)
        seen_view = seen_view or bool(view)
        out.append(SentenceReading(i, piece.start, piece.end, piece.text, moves, question, rebuttal, concession,
                                   sarcasm, view))
    return Reading(text, tuple(out), detections)

