"""Scorer of the follow-up module: one message to a customer after a proposal.

A coach asks three things of it (``shared/curriculum.md``): does it bring something new for the
customer's problem, is that new thing tied to what the customer said, and is it free of chasing.
A bare check-in is tied to nothing even when it quotes the customer; news about the seller is not
value for the customer; softeners around a check-in are still chasing. Feedback speaks the
follow-up module's language (value, their words, chasing), not the objection module's.
"""

from __future__ import annotations

import re

from coachkit import persons
from coachkit.moves import Move
from coachkit.reading import Reading, find
from coachkit.rubric import _check, _quoted, _rubric, scorer
from coachkit.wordforms import STOPWORDS, tokens

__all__ = ["followup_message", "value_of"]

#: Why value is half when it is content anyone could send anyone: then the tie to their words is half too (a promise
#: of ideas or the product itself can still answer what they said).
_GENERIC = "content anyone could send anyone: say what in it answers their problem"
#: Why the seller's own news is half value when it touches what they said (a new feature for their problem).
_NEWS = "news about your offer that touches their problem: say what in it answers what they told you"
_PERSONS = persons.words("you", "you_chat", "i", "i_chat", "we")


def _checkins(text: str) -> tuple[re.Match, ...]:
    """The check-ins of a sentence, without check-in as arriving ("so guests can check in on their phone") and
    without a chase named only to be set aside ("rather than resending the brochure, here is…")."""
    arrivals = [(m.start(), m.end()) for m in find("arrival_check_in", text)]
    return tuple(m for m in find("checkin", text) if not any(m.start() < b and a < m.end() for a, b in arrivals)
                 and not re.search(r"\b(?:rather\s+than|instead\s+of)\s+$", text[:m.start()], re.IGNORECASE))


def _recalled(sentence: str, chase: re.Match) -> bool:
    """The chase words are the customer's own, recalled ("you said the lawyers log hours only at the end of the
    month."): a statement that gives their words back asks for nothing."""
    return "?" not in sentence and any(
        m.end() <= chase.start() and not re.search(r"[,;]|\b(?:so|but|if)\b", sentence[m.end():chase.start()], re.I)
        for m in find("their_words_recalled", sentence))  # "…, so if we don't sign by August" is the seller's again


def _chasing(reading: Reading, value: tuple[str, ...]) -> tuple[str, ...]:
    """Words that chase: check-ins, reminders, deadlines, guilt. The detector's reading of pressure counts where the
    message brings nothing (a greeting alone is not a chase), or in a sentence that brings nothing itself."""
    words = [m.group() for s in reading.sentences for m in _checkins(s.text) + find("deadline_pressure", s.text)
             if not s.text.lower().startswith(("no need", "no reply")) and not _recalled(s.text, m)]
    if not value:  # "Kindly let us know a suitable time for a call to take things forward": a call asked for nothing
        words += [m.group() for s in reading.sentences for m in find("meeting_push", s.text)]
    for d in reading.detections:
        if d.move is not Move.PRESSURE or not d.evidence:
            continue
        sentence = d.evidence[0].text
        if (d.learned and len(sentence.split()) <= 8 and not words) or find("soft_close", sentence):
            continue  # "Hi Maya, Dana here from Woundex." is a greeting; "happy to talk" is an open door
        if d.learned and find("their_words_recalled", sentence) and "?" not in sentence:
            continue  # "you said the Friday queue is the worst." is the tie of the message, not a chase
        if value and (any(sentence in v or v in sentence for v in value) or find("value_nouns", sentence)):
            continue
        if d.learned and value and "?" not in sentence and (not _PERSONS.search(sentence)
                                                                     or find("pleasantry", sentence)):
            continue  # "budget window opens this month." or "I hope you and the team are ok" beside a one-pager
        words += [s.text for s in d.evidence]
    return tuple(dict.fromkeys(w.strip() for w in words if w.strip()))


def _recalls(sentence: str, customer_words: str) -> bool:
    """The sentence only gives the customer's words back ("I know peak starts in October and you can never hire fast
    enough"): it recalls what they said, or says the seller knows it, and most of its words are theirs."""
    if not customer_words or not (find("their_words_recalled", sentence) or find("seller_understanding", sentence)):
        return False
    if find("value_nouns", sentence) or find("idea_offered", sentence):
        return False
    content = [t for t in tokens(sentence) if t.text.lower() not in STOPWORDS and len(t.text) > 2
               and not find("generic_followup_words", t.text)]
    return bool(content) and len(_tie(sentence, customer_words)) >= 0.5 * len({t.text for t in content})


def _before_the_chase(sentence: str) -> str:
    """What a sentence says before it turns to chasing ("We could send Kwame a checklist of what inspectors ask to
    see, and maybe ask if he's had any more thoughts on the app?"): the whole of it when it does not chase, "" when
    the chase takes its whole clause ("I know agency nurses cost a fortune, which is why I'm keen to move forward")."""
    chase = _checkins(sentence)
    return _head_before(sentence, chase[0].start()) if chase else sentence


def _head_before(sentence: str, at: int) -> str:
    """The clauses of ``sentence`` that end before ``at`` (a comma may open "which is why…", so it does not cut)."""
    head = sentence[:at]
    cuts = list(re.finditer(r"[;:—–]|\s-\s|\band\b", head, re.IGNORECASE))
    return head[:cuts[-1].start()].rstrip() if cuts else ""


def value_of(reading: Reading, customer_words: str = "") -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """The sentences that bring something new, the seller's own news passed off as value, and why the value is only
    half there ("" when it is whole): content passed on as a pretext or not about their problem, a promise of ideas,
    or the product itself."""
    news = tuple(dict.fromkeys(m.group() for s in reading.sentences for m in find("seller_news", s.text)))
    value, half = [], ""
    for s in reading.sentences:
        text = _before_the_chase(s.text)
        offered = find("generic_offer", text)
        text = _head_before(text, offered[0].start()) if offered and find("value_nouns", text) else text  # "We have a
        # checklist… - please let me know if you have any questions": the checklist is value, the offer of help is not
        if len(tokens(text)) < 3 or _checkins(text) or find("generic_offer", text) or find("sales_process", text) or find(
                "scheduling_question", text) or (find("meeting_push", text) and not find("value_nouns", text)) or (
                find("deadline_pressure", text) and not find("value_nouns", text)):
            continue  # "Attached." says nothing of what is attached; a check-in or help for anything is not value
        if _recalls(text, customer_words):
            continue  # "you said you need records you can trust": their words given back, nothing new
        promised = find("value_promise", text)
        if ((Move.NEW_VALUE in s.moves and text == s.text) or find("value_nouns", text) or promised
                or find("generic_content", text) or find("idea_offered", text)):
            if find("seller_news", text) and not find("value_nouns", text):
                if not _tie(text, customer_words):
                    continue
                half = half or _NEWS  # "we just launched some financing options": theirs only if they hear why
            value.append(text)
            generic = [m for m in find("generic_content", text) if not re.search(r"\b(your|ur)\s+$", text[:m.start()],
                                                                                 re.IGNORECASE)]
            if find("pretext", text) or (generic and len(_tie(text, customer_words)) < 2):
                half = half or _GENERIC
            elif promised and Move.NEW_VALUE not in s.moves:
                half = half or "a promise of ideas, not the ideas: put one in the message"
            elif Move.PITCH in s.moves and not find("value_nouns", text):
                half = half or "your product, not something new for their problem"
    return tuple(value), news, half


def _tie(text: str, customer_words: str) -> tuple[str, ...]:
    """The words of the message that the customer used too, less the words every follow-up uses."""
    shared = {t.stem for t in tokens(customer_words) if t.text.lower() not in STOPWORDS and len(t.text) > 2
              and not find("generic_followup_words", t.text)}
    return tuple(dict.fromkeys(t.text for t in tokens(text) if t.stem in shared))


@scorer("followup", "followup")
def followup_message(text: str, reading: Reading, customer_words: str = ""):
    """Score a follow-up message: new value tied to what the customer said, no chasing."""
    r = _rubric("followup")
    value, news, half = value_of(reading, customer_words)
    chasing = _chasing(reading, value)
    door = tuple(m.group() for s in reading.sentences for m in find("soft_close", s.text))
    soft = tuple(m.group() for s in reading.sentences for name in ("softener", "generic_offer") for m in find(name, s.text))
    if value and half:
        checks = [_check(r["New value"], 0.5, f"“{value[0][:80]}” is {half}.", value[:1])]
    elif value:
        checks = [_check(r["New value"], 1, f"“{value[0][:90]}” brings something new.", value[:1])]
    elif news:
        checks = [_check(r["New value"], 0, f"{_quoted(news)} is news about you, not something for their problem. "
                         "Bring an idea, an option or information for what they told you.", news)]
    else:
        checks = [_check(r["New value"], 0, "Bring something new for their problem: an idea, an option, a piece of "
                         "information. If you have nothing new yet, hold an idea meeting before you write.")]
    if not value:
        checks.append(_check(r["Tied to their words"], 0, "With nothing new in it, the message is tied to nothing, "
                             "even if it quotes them. Answer one of their problems with something new."))
    elif not customer_words:
        checks.append(_check(r["Tied to their words"], 1, "No customer words given to tie to."))
    else:
        untied = text
        for w in chasing:  # "just checking in" ties to nothing, even to a customer who spoke of check-in
            untied = untied.replace(w, " ")
        words = _tie(untied, customer_words)
        generic = half in (_GENERIC, _NEWS)
        checks.append(_check(r["Tied to their words"], 0.5 if generic else 1, f"{_quoted(words)} "
                             + ("names what the customer said, but what you bring is not theirs yet." if generic else
                                "answers what the customer said."), words)
                      if words else
                      _check(r["Tied to their words"], 0, "Link the new value to something the customer said "
                             f"(“{customer_words[:80]}”): “You mentioned…”."))
    if chasing:
        checks.append(_check(r["No chasing"], 0, f"{_quoted(chasing, 2)} chases: it asks for their attention or an "
                             "answer. Drop it and let the new value speak; softeners around it still chase.", chasing))
    elif door and (half or not value):
        checks.append(_check(r["No chasing"], 0.5, f"{_quoted(door, 1)} leaves the door open, but asks them to come "
                             "back to you: let the value be the reason they answer.", door))
    elif soft:
        checks.append(_check(r["No chasing"], 0.5, f"{_quoted(soft, 1)} still leans on them (a softener names the "
                             "pressure it denies; help offered for anything asks them to come back). Drop it and let "
                             "the value speak.", soft))
    else:
        checks.append(_check(r["No chasing"], 1, "Nothing chases: the message gives, it asks for nothing."))
    block = ("The message chases; that is the habit this module removes." if chasing else
             "Nothing new in it: a follow-up that brings nothing is a chase." if not value else
             "The value is only half there: a coach would ask for something of your own for their problem." if half
             else "")
    return checks, block
