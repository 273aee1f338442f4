"""Scorer of the first hello (empathy module): open a first meeting from the client's side.

A coach reads it sentence by sentence: the client before the offer (the seller's introduction, a claim or a
pitch coming first breaks it; naming the offer only to hold it back, or bringing it in after a start from
them, is half), one open question about them
(not after a pitch, not a set-up or a steer; asking for a figure is half), and nothing of the offer said.
A pitch, or no question that opens the conversation, cannot pass.
"""

from __future__ import annotations

import re
from functools import cache

from coachkit import persons
from coachkit.empathy import (
    _APOSTROPHES,
    EMPATHY_RUBRICS,
    FLAGS,
    RULES,
    _check,
    _distinct,
    _listed,
    _quoted,
)
from coachkit.moves import Detection, Move, construction
from coachkit.reading import Reading, find, lexicon, opens_with, our_offer, words
from coachkit.rubric import scorer
from coachkit.schema import Opening
from coachkit.wordforms import find_phrase, phrase_spans, tokens

__all__ = ["score_opening"]

_YOU = persons.words("you", "you_chat")
_SELLER = persons.words("we", "i")
_WE = persons.words("we")
_OURS = re.compile(r"\b(?:our|my)\s+\w", FLAGS)  # "before I show you our software…" names what it holds back
#: the customer's gain promised after the offer is named ("with sensors you can save a lot of water")
_PROMISED = re.compile(r"\byou\s*(?:can|could|will|'ll|would|'d)\b", re.IGNORECASE)


@cache
def _we_sell() -> re.Pattern:
    """The seller saying what their company does ("we supply…", "let me walk you through what we do")."""
    verbs = "|".join(sorted(words("presenting_verbs")))
    return re.compile(rf"\b(?:i|we)\s+(?:can\s+|could\s+)?(?:{lexicon()['selling_verbs'].pattern})"
                      rf"|\b(?:{verbs})\s+you\s+(?:\w+\s+){{0,2}}(?:about|through)\s+(?:our|my|what\s+we)\b", FLAGS)


#: The seller's name and company: "I'm Sam from ClinicFlow", "I am Dana Weiss with Woundex".
_NAMED_INTRO = re.compile(r"\bi(?:'m|\s+am)\s+(?-i:[A-Z][a-z]+)(?:\s+(?-i:[A-Z][a-z]+))?\s+(?:from|at|with)\b", FLAGS)


def _introduction(text: str) -> bool:
    """The sentence introduces the seller or what they sell ("I'm Dana from Woundex", "we supply hotels…")."""
    norm = text.translate(_APOSTROPHES)
    return bool(find("seller_intro", text) or _NAMED_INTRO.search(norm) or _we_sell().search(norm))


def _offer_mentions(text: str, moves: list[Detection], opening: Opening) -> list[tuple[int, str]]:
    norm = text.translate(_APOSTROPHES)
    found = [(s.start, s.text) for d in moves if d.move is Move.PITCH for s in d.evidence
             if not (d.learned and _nothing_of_ours(s.text, opening))]
    found += [(m.start(), text[m.start():m.end()]) for m in _we_sell().finditer(norm)]
    found += [(m.start(), text[m.start():m.end()]) for m in find("sales_step", norm)]  # "a quick demo", "a quote"
    found += our_offer(text)
    return sorted(found)


def _names_offer(sentence: str, opening: Opening) -> bool:
    """A statement in which the seller names what they sell ("we do route planning software and I think it could
    help you"): the offer said, whatever verb says it."""
    norm = sentence.translate(_APOSTROPHES)
    if find("offer_held_back", norm):
        return False
    said = tokens(norm)
    spans = [span for c in opening.offer_cues if (span := find_phrase(c.translate(_APOSTROPHES), said))]
    if not spans:
        return False
    return bool(_SELLER.search(norm)) or bool(_PROMISED.search(norm, min(a for a, _ in spans)))


def _nothing_of_ours(sentence: str, opening: Opening) -> bool:
    """A sentence with nothing of the seller in it ("hi great to see you again after the fair!", "25 lawyers is a lot
    of paper"): no "we" or "our", no offer named, no claim. The learned model's guess of a pitch there is a greeting or
    their world, not the offer."""
    norm = sentence.translate(_APOSTROPHES)
    return not (_WE.search(norm) or _names_offer(norm, opening) or _claims(norm))


def _qualifying(question) -> bool:
    """After a pitch, a question about what they spend or use now ("What are you using today?") qualifies them for the
    offer; one about their priorities or how they work ("What are your main challenges this season?") still listens."""
    return bool(find("price_question", question.text) or find("current_setup_question", question.text))


def _figure(question) -> bool:
    """An open question that asks for a figure, in whole or after its comma ("…must be a headache, how many donors…?")."""
    return _asks_figure(question.text) or _asks_figure(question.text.rsplit(",", 1)[-1].strip())


def _asks_figure(text: str) -> bool:
    """The question opens by asking for a number or a yes ("how many…", "can you…"), not with a longer invitation
    that starts the same way ("can you tell me a bit about how the clinic runs?")."""
    quantity = opens_with("quantity_question", text)
    return bool(quantity) and len(opens_with("question_opener", text)) <= len(quantity)


def _claims(text: str) -> bool:
    """Anything in the first hello that claims what the offer brings (a benefit, a figure, a problem shrunk): then
    the seller's introduction ("Hi, I'm Sven from DocuSafe, we help law firms…") is part of a pitch."""
    return bool(find("benefit_claim", text) or find("minimiser", text) or find("seller_conclusion", text)
                or find("good_news", text) or find("value_promise", text) or find("offer_claim", text)
                or re.search(r"\d", text))


#: A question of this many words or fewer that asks for their verdict ("What do you think?") asks about the offer.
REACTION_WORDS = 6


def _reaction(question, opening: Opening) -> bool:
    """A question for their verdict on what was said ("What do you think?") or on the offer ("What do you think about
    online booking?"), not about their world."""
    return bool(find("reaction_question", question.text)) and (len(tokens(question.text)) <= REACTION_WORDS
                                                               or _offer_cue_in(question.text, opening))


def _offer_cue_in(text: str, opening: Opening) -> bool:
    """Whether ``text`` names what the seller sells (one of the opening's offer cues), whoever says it."""
    said = tokens(text.translate(_APOSTROPHES))
    return any(find_phrase(c.translate(_APOSTROPHES), said) for c in opening.offer_cues)


def _view_of_ours(sentence, reading: Reading, opening: Opening) -> bool:
    """The sentence says the seller's view, unless only the learned model heard one in a sentence with nothing of the
    seller in it ("The first months in a new role are always intense." is their world, not a pitch)."""
    if not sentence.view:
        return False
    learned = [d for d in reading.detections if any(sentence.start <= sp.start <= sentence.end for sp in d.evidence)]
    return not (learned and all(d.learned and d.move is Move.PITCH for d in learned)
                and _nothing_of_ours(sentence.text, opening) and not _offer_cue_in(sentence.text, opening))


def _about_the_offer(reading: Reading, opening: Opening, toks) -> tuple[str, str] | None:
    """The first question, when it asks about the kind of thing the seller sells ("Are you happy with your current
    caterer?", "Is route planning something you're looking at?"), and the words that say so."""
    first = next((x for x in reading.sentences if x.question), None)
    if first is None:
        return None
    said = reading.text[:first.end].translate(_APOSTROPHES)
    words = tokens(said)  # "donor database" names the offer: its "donor" is not their world
    for a, b in [span for cue in opening.offer_cues for span in phrase_spans(cue.translate(_APOSTROPHES), words)]:
        said = said[:a] + " " * (b - a) + said[b:]
    so_far = tokens(said)
    if find("offer_held_back", reading.text[:first.end]) or any(
            find_phrase(c.translate(_APOSTROPHES), so_far) for c in opening.client_cues):
        return None  # "How many patients a week, and do you use booking software?": their world comes in too
    asked = tokens(first.text.translate(_APOSTROPHES))
    cue = next((c for c in opening.offer_cues if find_phrase(c.translate(_APOSTROPHES), asked)), None)
    return (first.text, cue) if cue else None


@scorer("opening", "first_contact")
def score_opening(text: str, reading: Reading, opening: Opening):
    """Score a first hello read sentence by sentence: the client before the offer (a pitch, a claim or the seller's
    own introduction coming first breaks it), one open question about them (not after a pitch, not a set-up or a
    steer), and nothing of the offer said. A pitch, or no question that opens the conversation, cannot pass."""
    r = {c.name: c for c in EMPATHY_RUBRICS["opening"]}
    norm = text.translate(_APOSTROPHES)
    greetings = [(m.start(), m.end()) for m in find("greeting", norm)] + [
        (m.start(), m.end()) for m in find("pleasantry", norm)]  # "I know you're busy" is politeness, not their world
    service = [x for x in reading.sentences if find("service_question", x.text)]  # "How can I help you?"
    greetings += [(x.start, x.end) for x in service]
    toks = tokens(norm)
    client = [(a, text[a:b]) for cue in opening.client_cues if (span := find_phrase(cue.translate(_APOSTROPHES), toks))
              for a, b in [span]]
    client += [(m.start(), m.group()) for m in _YOU.finditer(norm) if not any(a <= m.start() < b for a, b in greetings)]
    client += [(x.start, x.text) for x in reading.sentences if x.question == "open" and x not in service]
    client.sort()
    said = [x for x in reading.sentences if (not x.question and (_view_of_ours(x, reading, opening) or _introduction(
        x.text) or _names_offer(x.text, opening))) or x.question in ("setup", "steer")]
    offers = sorted(_offer_mentions(text, list(reading.detections), opening) + [(x.start, x.text) for x in said])
    # "before I say anything about what we do…" holds the offer back; "before I show you our software…" names it
    held = [m for m in find("offer_held_back", norm)]
    named = [m for m in held if _OURS.search(norm[m.end():m.end() + 40])]
    # what the hold names, in its own sentence, waits; a pitch in a later sentence is said ("…? We've got features…")
    held_end = next((x.end for x in reading.sentences if held and x.start <= held[0].start() < x.end + 1), len(text))

    def waits(at: int) -> bool:
        return bool(held) and held[0].start() <= at < held_end

    unheld = [w for at, w in offers if not waits(at)]  # the offer said, not held back
    cues = _listed(list(opening.client_cues)[:3])
    if offers and (not client or offers[0][0] < client[0][0]) and not waits(offers[0][0]):
        checks = [_check(r["Client before offer"], 0, f"“{offers[0][1][:60]}” comes before anything about them. Open "
                         f"with their world (their {cues}) and keep your offer for later.", (offers[0][1],))]
    elif not client and service:
        checks = [_check(r["Client before offer"], 0.5, f"“{service[0].text[:60]}” offers your help, but nothing here is "
                         f"about them yet. Start from their world: their {cues}.", (service[0].text,))]
    elif not client:
        checks = [_check(r["Client before offer"], 0, f"Nothing here is about the client yet. Start from them: their {cues}.")]
    elif named or _introduction(text):
        checks = [_check(r["Client before offer"], 0.5, "You come to them, but you name yourself or your offer first: "
                         f"let their world (their {cues}) open the meeting.")]
    elif trail := find("offer_trailed", norm):
        checks = [_check(r["Client before offer"], 0.5, f"You start from them, then promise your offer (“{trail[0].group()}”): "
                         f"stay in their world (their {cues}) until they have told you what they need.",
                         (trail[0].group(),))]
    elif unheld:
        checks = [_check(r["Client before offer"], 0.5, f"You start from them, then bring in your offer (“{unheld[0][:60]}”): "
                         f"stay in their world (their {cues}) until they have told you what they need.", (unheld[0],))]
    elif about_offer := _about_the_offer(reading, opening, toks):
        checks = [_check(r["Client before offer"], 0.5, f"“{about_offer[0][:60]}” asks about what you sell "
                         f"(“{about_offer[1]}”), not yet about their world (their {cues}).", about_offer)]
    else:
        mine = [w for _, w in client if w.lower() not in persons.lists()["you"]]
        shown = tuple(mine[:2] or [client[0][1]])
        checks = [_check(r["Client before offer"], 1, f"You start from them ({_quoted(shown)}) before anything about your "
                         "offer.", shown)]
    pitched_at = min((x.index for x in reading.sentences if x.view), default=None)
    booked = [x for x in reading.sentences if x.question == "open" and find("scheduling_question", x.text)]
    asked = [x for x in reading.sentences if x.question == "open" and x not in booked and not _reaction(x, opening)]
    # "how long have you had the clinic? whats the part of running it that eats most of your day": the second opens
    good = next((x for x in asked if not _figure(x)), asked[0] if asked else None)
    bad = next((x for x in reading.sentences if x.question in ("setup", "steer", "advice", "tag")), None)
    figure = good and _figure(good)
    if good and good in service:
        checks.append(_check(r["Open question"], RULES.closed_question_credit, f"“{good.text[:80]}” offers your help: "
                             "ask about them instead (“What…”, “How…”, “Tell me about…”).", (good.text,)))
    elif good and not figure and (pitched_at is None or pitched_at > good.index or not _qualifying(good)):
        checks.append(_check(r["Open question"], 1, f"“{good.text[:80]}” invites them to talk about their world.",
                             (good.text,)))
    elif good:
        checks.append(_check(r["Open question"], RULES.closed_question_credit, f"“{good.text[:80]}” "
                             + ("comes after your pitch: it reads as qualifying, not listening." if pitched_at is not None
                                and pitched_at < good.index else "asks for a figure; ask what it is like for them.")))
    elif booked:  # "When would suit you?": a close, not a question about them
        checks.append(_check(r["Open question"], 0, f"“{booked[0].text[:80]}” books a time: it asks nothing about them. "
                             "Ask about their world: “What…”, “How…”, “Tell me about…”.", (booked[0].text,)))
    elif bad:
        checks.append(_check(r["Open question"], 0, f"“{bad.text[:80]}” leads them to your answer. Ask about them: "
                             "“What…”, “How…”, “Tell me about…”.", (bad.text,)))
    elif "?" in text:
        checks.append(_check(r["Open question"], 0, "You ask a question, but it can be answered with yes or no: it "
                             "does not open the conversation. Open it: “What…”, “How…”, “Tell me about…”."))
    else:
        checks.append(_check(r["Open question"], 0, f"Ask one open question about them, e.g. about their {cues}: "
                             "“What is on your mind most this season?”"))
    pushed = [sp.text for d in reading.detections if d.move in (Move.PITCH, Move.PRESSURE, Move.PROJECTION,
              Move.COUNTER_ARGUMENT) for sp in d.evidence if not any(q.start <= sp.start < q.end and q.question == "open"
                                                                  for q in reading.sentences)
              and not (d.learned and _nothing_of_ours(sp.text, opening))]
    pushed = list(_distinct(pushed + unheld
                            + [x.text for x in reading.sentences if x.question in ("setup", "steer", "advice")]
                            + [m.group() for m in construction("percent_promise").finditer(text)]))
    if pushed and not _claims(text) and all(_introduction(x.text) for x in reading.sentences
                                            if any(p in x.text for p in pushed)):
        checks.append(_check(r["No pitch"], 0.5, f"{_quoted(pushed)} introduces you and what you sell: brief, but it "
                             "puts you first. Keep it for after they have told you about their world.", pushed))
    elif pushed:
        checks.append(_check(r["No pitch"], 0, f"{_quoted(pushed)} talks about your offer or pushes. The first hello is "
                             "about them: keep it until they have told you what they need.", pushed))
    elif trailed := [m.group() for m in find("offer_trailed", norm)]:
        checks.append(_check(r["No pitch"], 0.5, f"{_quoted(trailed)} trails your offer: even its promise puts you in "
                             "their first hello. Let them talk first.", tuple(trailed)))
    else:
        checks.append(_check(r["No pitch"], 1, "No pitch: the conversation is theirs."))
    block = ("It pitches: the first hello is about them." if pushed and checks[-1].credit == 0 else
             "It starts from you: the first hello is about them." if pushed else
             "Nothing opens the conversation: ask them an open question." if checks[1].credit == 0 else "")
    return checks, block
