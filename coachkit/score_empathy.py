"""Scorer of the empathy module's written rewrite: a projection said again from the client's frame.

A coach reads (``shared/curriculum.md``): "If I were this client / in her place…, I'd need…" is
empathy, the seeds' own move; "if I were you", "you should" and advice about the client in the third
person are projection, and so is advice without those words ("the best thing is probably to…");
a sentence that starts from the client but ends praising the offer is about the seller.
"""

from __future__ import annotations

import re

from coachkit import persons
from coachkit.config import PASSING_MENTION_WORDS
from coachkit.moves import Move
from coachkit.phrase_lists import words as list_words
from coachkit.reading import ABOUT_THEM, Reading, find, ordered, their_need
from coachkit.rubric import _check, _quoted, _rubric, scorer
from coachkit.wordforms import content_stems

__all__ = ["projection_vs_empathy"]

_ABOUT_ME = persons.words("i", "i_chat", "we")


_THEIR_VOICE = persons.words("i", "i_chat")
_SECOND = persons.words("you", "you_chat")
_THIRD = persons.words("they", "they_chat")
_WISHES = ("want", "need")  # "I'd want everyone on the course": a wish about their people, unless seat_own_wish follows
_SEAT_GLANCE = 3  # words read after the seller's "I would" in the client's seat, for a feeling ("I'd probably be…")
_UNDERSTOOD_WORDS = 7  # content words after "I imagine / I can see" that say what they face, not only that they feel


def _from_your_seat(text: str) -> tuple[str, str]:
    """What the seller says from the client's own seat, words apart ("In your position Madam, I would simply tell the
    finance director…"): (the decision for them, "") or ("", the seller's own feeling there: "I'd be nervous"). One
    "would" there that is not a feeling ("I'd be frustrated too and would start looking…") makes it a decision."""
    seat = find("your_seat", text)
    speakers = [m for m in find("seat_speaker", text) if seat and m.start() > seat[0].start()]
    feeling = ""
    for m in speakers:
        after = re.findall(r"[\w']+", text[m.end():].lower())[:_SEAT_GLANCE]
        if not after:
            continue
        wish = next((i for i, w in enumerate(after) if w in _WISHES), None)
        if not set(after) & list_words("seat_feeling") or (
                wish is not None and after[wish + 1:wish + 2] and after[wish + 1] not in list_words("seat_own_wish")):
            return text[seat[0].start():], ""
        feeling = feeling or text[seat[0].start():m.end()]
    return "", feeling


def _relief_step(text: str) -> str:
    """A step for the client sold as relief ("so pushing go live back a month could take some pressure off"): the clause
    opens on the step as a gerund and ends on what it would bring them (relief_after_step). Soft advice."""
    for m in find("relief_after_step", text):
        clause = re.split(r"[,;.:!?—–]|\s-\s|\b(?:so|and|but|because)\b", text[:m.start()], flags=re.IGNORECASE)[-1]
        first = next(iter(re.findall(r"[\w']+", clause.lower())), "")
        if first.endswith("ing") and first not in list_words("not_a_step"):
            return (clause + m.group()).strip()
    return ""


def _projection(reading: Reading) -> tuple[str, ...]:
    """Advice from the seller's frame in any form: the formulas, disguised advice, advice about them, an
    advice question, a rebuttal, or the seller's decision said in the client's voice."""
    words = []
    for s in reading.sentences:
        frame = find("client_frame_opening", s.text)
        words += [m.group() for m in find("projection_disguise", s.text)]
        words += [m.group() for name in ("third_person_advice", "second_person_advice") for m in find(name, s.text)]
        words += list(ordered(s.text))
        words += [m.group() for name in ("decision_in_their_mouth", "decision_acts") for m in find(name, s.text)]
        seat, feeling = _from_your_seat(s.text)
        words.append(seat)
        if Move.PROJECTION in s.moves and not frame and not feeling and not _in_their_voice(reading, s) and not (
                their_need(s.text)):  # "You need to know…", "you have to decide between…"
            words += [sp.text for d in reading.detections if d.move is Move.PROJECTION for sp in d.evidence
                      if s.start <= sp.start < s.end + 1]
        if s.question == "advice":
            words.append(s.text)
    return tuple(dict.fromkeys(w for w in words if w))


def _in_their_voice(reading: Reading, sentence) -> bool:
    """A first-person sentence right after "if I were this client…" goes on in the client's voice ("I'd need…")."""
    before = reading.sentences[sentence.index - 1] if sentence.index else None
    return bool(before is not None and (find("client_frame_opening", before.text) or _in_their_voice(reading, before))
                and _THEIR_VOICE.match(sentence.text.strip()))


def _about_me_and_them(reading: Reading) -> tuple[int, int]:
    """First- and second/third-person words; in "if I were this client / you / in her place…" the "I" is theirs."""
    me = them = 0
    for s in reading.sentences:
        voice = len(_THEIR_VOICE.findall(s.text)) if find("client_frame_opening", s.text) or _in_their_voice(
            reading, s) or re.search(r"\bif\s+i\s+(?:were|was|am)\b|\bwere\s+i\b", s.text, re.IGNORECASE) else 0
        me += max(0, len(_ABOUT_ME.findall(s.text)) - voice - len(find("reading_them", s.text)))
        them += len(ABOUT_THEM.findall(s.text)) + voice
    return me, them


def _frame(reading: Reading) -> tuple[list, list]:
    """Sentences that take the client's side, and those that only name their state (or say the seller understands).

    A sentence that describes what they face from their side, with the reason ("she needs figures she can stand
    behind, because she's the one who gets the questions"), takes their side; the seller's decision said in their
    voice ("if I were the client I'd sign today") does not."""
    full, half = [], []
    for s in reading.sentences:
        if find("decision_in_their_mouth", s.text) or find("decision_acts", s.text):
            continue
        voiced = find("client_frame_opening", s.text)  # "if I were this client, … people I know": their "I"
        named = s.moves & {Move.EMPATHY, Move.REFORMULATE} or voiced
        state = find("client_state", s.text) or find("load_on_them", s.text)  # "…is a real ask", "you've got enough on"
        reasoned = len(state) >= 1 and ABOUT_THEM.search(s.text) and re.search(
            r"\b(because|since|before|when|with|if)\b", s.text, re.IGNORECASE)
        if reasoned or (named and (voiced or not find("seller_understanding", s.text) or _understood_what(s.text))):
            full.append(s)
        elif named or (state and (ABOUT_THEM.search(s.text) or find("seller_understanding", s.text))):
            half.append(s)
    return full, half


def _understood_what(text: str) -> bool:
    """The seller's understanding goes on to say what the client faces ("I imagine you're torn between protecting the
    software spend and…"): a state of theirs, about them, after "I imagine / I can see"."""
    seen = find("seller_understanding", text)
    if not seen:
        return False
    rest = re.split(r"\b(?:but|though|however)\b|\s[-–—]\s", text[seen[-1].end():], flags=re.IGNORECASE)[0]
    if _ABOUT_ME.search(rest):
        return False  # "…and I'm so grateful you're willing to champion us": back to the seller
    return bool(ABOUT_THEM.search(rest) and find("client_state", rest) and len(content_stems(rest)) >= _UNDERSTOOD_WORDS)


def _beside_the_advice(reading: Reading, projection: tuple[str, ...]) -> str:
    """What a sentence that advises says of the client besides the advice ("youve got enough on without running the
    project yourself, so maybe get a pm in first"): a clause about them with words of its own, or ""."""
    for s in reading.sentences:
        rest = s.text
        for words in projection:
            rest = rest.replace(words, " | ")
        for part in re.split(r"\s*(?:\||,|;| - | so | and | but )\s*", rest):
            if ABOUT_THEM.search(part) and len(content_stems(part)) >= 2 and (
                    find("client_state", part) or find("stake_word", part) or find("load_on_them", part)):
                return part.strip()
    return ""


def _advises(sentence, projection: tuple[str, ...]) -> bool:
    return any(p in sentence.text for p in projection)


@scorer("empathy", "objection")
def projection_vs_empathy(text: str, reading: Reading):
    """Score a statement meant to take the client's frame rather than project the seller's."""
    r = _rubric("empathy")
    full, half = _frame(reading)
    voiced = any(find("client_frame_opening", s.text) for s in reading.sentences)  # their own dates, in their voice
    praise = tuple(m.group() for s in reading.sentences for name in ("offer_praise", "offer_foretold", "deadline_pressure")
                   for m in find(name, s.text) if not (voiced and name == "deadline_pressure"))
    praise += tuple(s.rebuttal or s.text for s in reading.sentences if s.rebuttal or s.moves & {Move.PITCH})
    projection = _projection(reading)
    clean = [x for x in full if not _advises(x, projection)]
    if clean and not praise and max(len(x.text.split()) for x in clean) <= PASSING_MENTION_WORDS:
        checks = [_check(r["Client's frame"], 0.5, f"“{clean[0].text[:80]}” names their state in passing: say what they "
                         "face, and why, from where they sit.", (clean[0].text,))]
    elif clean and not praise:
        checks = [_check(r["Client's frame"], 1, f"“{clean[0].text[:80]}” takes the client's side.", (clean[0].text,))]
    elif full and projection:
        checks = [_check(r["Client's frame"], 0.5, f"“{full[0].text[:60]}” starts from the client, then turns to "
                         "advice.", (full[0].text,))]
    elif full:  # the offer at the end is about the seller: it costs About them, not the frame already taken
        checks = [_check(r["Client's frame"], 1, f"“{full[0].text[:60]}” takes the client's side; ending on your offer "
                         "costs the next check.", (full[0].text,))]
    elif half:
        checks = [_check(r["Client's frame"], 0.5, f"“{half[0].text[:60]}” names their state, but from your side "
                         "or in passing: say what they face, from where they sit.", (half[0].text,))]
    elif projection and (side := _beside_the_advice(reading, projection)):
        checks = [_check(r["Client's frame"], 0.5, f"“{side[:60]}” touches their side, but the advice stays: say what "
                         "they face, from where they sit.", (side,))]
    else:
        checks = [_check(r["Client's frame"], 0, "Name what the client feels, needs or is up against: “It sounds "
                         "like…”, “From where you sit…”, “If I were this client, I'd need…”.")]
    argued = tuple(x.rebuttal for x in reading.sentences if x.rebuttal and not any(  # "…which is exactly why our
        m.start() == 0 for m in find("reframe_turn", x.rebuttal)))  # package…" praises the offer (About them), no advice
    own = tuple(m.group() for x in reading.sentences for m in find("own_frame", x.text) + find("soft_advice", x.text))
    own += tuple(f for x in reading.sentences if (f := _from_your_seat(x.text)[1]) or (f := _relief_step(x.text)))
    if projection:
        checks.append(_check(r["No projection"], 0, f"{_quoted(projection, 2)} is advice from your frame, however "
                             "softly put. Say what they face, not what they should do.", projection))
    elif argued:
        checks.append(_check(r["No projection"], 0, f"{_quoted(argued, 2)} answers their worry from your frame: "
                             "a counter-argument, not their side.", argued))
    elif own:
        checks.append(_check(r["No projection"], 0.5, f"{_quoted(own, 2)} speaks from your seat (your feeling in "
                             "their place, or a plan for them): say what they feel and face, from where they sit.",
                             own))
    else:
        checks.append(_check(r["No projection"], 1, "No advice from your own frame."))
    me, them = _about_me_and_them(reading)
    if praise:
        checks.append(_check(r["About them"], 0, f"{_quoted(praise, 2)} ends on your offer: the sentence is about "
                             "you after all.", praise))
    elif them >= me:
        planned = projection and not (_THIRD.search(text) and not _SECOND.search(text) and checks[0].credit > 0
                                      and not praise)  # "he ought to…, he's got nobody to run it": about him
        checks.append(_check(r["About them"], 0.5 if planned else 1, "The sentence is about the client"
                             + (", but what it says is your plan for them." if planned else ".")))
    else:
        checks.append(_check(r["About them"], 0.5 if them else 0, "The sentence talks more about you (I, we, our) "
                             "than about the client. Turn it round: start from them."))
    block = "It is still advice from your frame." if projection else (
        "It ends on your offer: the sentence is about you." if praise else
        "It does not yet say what the client faces, from their side: the point of the rewrite." if not full else "")
    return checks, block
