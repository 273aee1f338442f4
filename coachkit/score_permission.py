"""Scorer of the reformulation module's permission request: ask leave, as a real question, and wait for the yes.

As ``shared/curriculum.md`` says a coach reads it: asking leave and giving the view in the same message fails
*View held back* and makes the question only half a question; an announcement dressed with "ok?" is not a question
the customer can refuse. The helpers that find the request and the view around it serve the full reply too.
"""

from __future__ import annotations

import re

from coachkit import persons
from coachkit.moves import Move
from coachkit.questions import announced_tag
from coachkit.reading import Reading, SentenceReading, find, opens_with, ordered, seller_voice
from coachkit.rubric import _check, _quoted, _rubric, scorer
from coachkit.schema import Scenario

__all__ = ["permission_request"]


def _asks(reading: Reading) -> SentenceReading | None:
    return next((s for s in reading.sentences if s.question == "permission"), None)


def _cue_at(ask: SentenceReading) -> int:
    """Where the request itself starts in its sentence ("Our crew installs in a weekend, so |can I walk you…")."""
    cue = next(iter(find("permission_cue", ask.text)), None) or next(iter(find("request_opening", ask.text)), None)
    return cue.start() if cue else 0


def _view_inside(ask: SentenceReading) -> bool:
    """A permission question that already says the view ("Can I explain why this won't happen with us?"), or says it
    before asking in the same sentence ("Our crew installs in a weekend, so can I walk you through it?") or after
    ("May I make a suggestion, drop one of your slower lines?")."""
    at = _cue_at(ask)
    before = ask.text[:at]
    after = (re.split(r"[,:;—–]|\s-\s", ask.text[at:], maxsplit=1) + [""])[1].strip()
    return bool(ask.rebuttal or _told(ask) or ask.moves & {Move.COUNTER_ARGUMENT, Move.PITCH} or find("minimiser", ask.text)
                or find("loaded_permission", ask.text) or _said_after_colon(ask.text)
                or (before and seller_voice(before)) or (after and (ordered(after) or seller_voice(after))))


def _told(ask: SentenceReading) -> str:
    """The claim a request goes on to say ("can I just quickly tell you that we are ISO 27001 certified…?"), or ""."""
    at = _cue_at(ask)
    told = next((ask.text[m.end():].strip() for m in find("told_that", ask.text) if m.start() >= at), "")
    return told if told and (seller_voice(told) or _claims(told)) else ""


#: Lists whose words make a sentence the seller's claim ("we've served forty councils", "it only takes a weekend").
_CLAIMS = ("seller_view", "benefit_claim", "minimiser")


def _claims(text: str) -> bool:
    return any(find(name, text) for name in _CLAIMS)


def _said_after_colon(text: str) -> bool:
    """"If you would permit me, a different perspective: the forty councils we served…" says it after the colon."""
    _, colon, rest = text.partition(":")
    return bool(colon and _claims(rest))


def _views_around(reading: Reading, ask: SentenceReading | None
                  ) -> tuple[list[SentenceReading], list[SentenceReading], list[SentenceReading]]:
    """The seller's view said before the permission question, said with or after it, and only promised after it.

    After asking, anything of substance the seller adds is the view (courtesy such as "if not, no problem" is not); a
    sentence that only promises how they will take it ("I think you'll like it", "it will put your mind at rest") hints
    at it; an announcement ("let me explain…, ok?") takes the floor without saying the view, so it is judged as a
    request."""
    before, after, teasers = [], [], []
    for s in reading.sentences:
        if ask is not None and s.index > ask.index and _squeeze(s):
            continue  # "it's super quick I promise": it leans on them (A real question), it says nothing of the view
        if s is ask:
            if _announced_view(ask) if ask.question != "permission" else _view_inside(ask):
                after.append(s)
            continue
        said = (not find("courtesy", s.text) or s.rebuttal and not find("courtesy", s.rebuttal)) and (  # a way out is
            # not the view ("I'll keep it brief."), unless the view follows it ("sure i'll send it, but honestly…")
            (s.rebuttal or s.view) and not ((find("announcement", s.text) or find("soft_announcement", s.text))
                                            and not (ask is not None and s.index < ask.index and _announced_view(s)))
            or find("seller_opinion", s.text) or find("view_teaser", s.text) or s.question == "advice"  # "have you
            # thought about funding it from maintenance?": the advice is the view, asked
            or not s.question and find("way_round", s.text))  # "there's usually a line with a little left in it"
        listening = (s.moves and s.moves <= _LISTENING and not _WE.search(s.text) and not re.search(r"\d", s.text)
                     and not _claims(s.text))  # "theres a way to buy off contract" claims, whatever was heard
        # "…? Sorry, I know you're flat out." listens; "I can go 15% lower…" is the offer, whatever the detector heard
        if ask is not None and s.index > ask.index and s.question in ("", "tag") and _teaser(s):
            teasers.append(s)
        elif ask is not None and s.index > ask.index and (not s.question or s.question in _SAYING and (
                s.view or s.question == "advice")) and not find(
                "courtesy", s.text) and (
                said or (len(s.text.split()) >= 6 and not listening)):
            after.append(s)
        elif said and (not s.question or ask is None and s.question in ("steer", "setup", "closed", "advice")):
            # with nothing asked, a question that carries the view says it ("…only takes 20 minutes though - can I
            # book you in?")
            (before if ask is not None and s.index < ask.index else after).append(s)
    return before, after, teasers


def _announced_view(s: SentenceReading) -> bool:
    """An announcement that goes on to say the view ("Let me tell you how I see it, click-and-collect is actually on
    our roadmap."): after its comma, colon or dash, the seller's opinion, a claim, or a statement of substance (six
    words or more, not a courtesy)."""
    start = min((m.end() for name in ("announcement", "soft_announcement") for m in find(name, s.text)), default=0)
    announced = s.text[start:]
    rest = (re.split(r"[,:;—–]|\s-\s", announced, maxsplit=1) + [""])[1]
    return bool(_said_after_colon(s.text) or find("loaded_permission", announced) or _claim_announced(s, announced)
                or rest and not (
        find("permission_tail", rest) and len(rest.split()) <= 8) and (
        _claims(rest) or any(find(name, rest) for name in ("seller_opinion", "loaded_permission", "view_teaser"))
        or seller_voice(rest.strip())
        or (len(rest.split()) >= 6 and "?" not in rest and not find("courtesy", rest))))


def _claim_announced(s: SentenceReading, announced: str) -> bool:
    """The claim is the announcement's own object ("Kindly allow me to explain you how our dressing can be cheaper per
    patient."): the sentence pitches or argues, and what it announces claims a benefit or plays the cost down."""
    return bool(s.moves & {Move.PITCH, Move.COUNTER_ARGUMENT} and any(
        find(name, announced) for name in ("benefit_claim", "minimiser")))


#: An ask of this many words or fewer names nothing it asks leave for ("May I?", "Can I?").
BARE_ASK_WORDS = 2


def _bare(ask: SentenceReading) -> list[str]:
    """The ask itself when it names nothing ("May I?"), else nothing."""
    return [ask.text.strip()] if len(re.findall(r"[\w']+", ask.text)) <= BARE_ASK_WORDS else []


def _squeeze(s: SentenceReading) -> bool:
    """A sentence that only promises it will be quick ("Two minutes max.", "it's super quick I promise")."""
    return bool(find("time_squeeze", s.text) and not (s.rebuttal or s.view or _claims(s.text) or _teaser(s)))


def _teaser(s: SentenceReading) -> bool:
    """A sentence that promises how the customer will take the view without saying it ("I really think it will put
    your mind at rest."): their reaction foretold, no claim of the offer, no figure, no "but"."""
    return bool(find("view_teaser", s.text) and not (
        s.rebuttal or s.moves & {Move.PITCH, Move.COUNTER_ARGUMENT} or _WE.search(s.text) or re.search(r"\d", s.text)
        or _claims(s.text)))


_LISTENING = frozenset({Move.ACKNOWLEDGE, Move.EMPATHY, Move.REFORMULATE})
#: Questions that can carry the view after the request ("We're 10-15% cheaper, so could be worth a side by side?").
_SAYING = ("closed", "tag", "steer", "setup", "advice")
_WE = persons.words("we")


@scorer("ask_permission", "objection")
def permission_request(text: str, reading: Reading, scenario: Scenario | None = None):
    """Score a request for permission to give the seller's view: a real question, and the view kept for after."""
    r = _rubric("ask_permission")
    ask = _asks(reading)
    tail = next((s for s in reading.sentences if not s.question and find("permission_tail", s.text)), None)
    steer = next((s for s in reading.sentences if s.question == "steer" and Move.ASK_PERMISSION in s.moves), None)
    announced = next((s for s in reading.sentences if find("announcement", s.text) or find("soft_announcement", s.text)
                      or (Move.ASK_PERMISSION in s.moves and s.question in ("tag", ""))), None)
    before, after, teasers = _views_around(reading, ask or tail or announced)
    views = before + after
    asked = ask or tail
    if asked and re.search(r",\s*(do you|don't you|right|won't you|will you|ok|okay)\s*\?\s*$|\bor not\s*\?\s*$",
                           asked.text, re.IGNORECASE):
        checks = [_check(r["Ask leave"], 0.5, f"“{asked.text[:80]}” asks, but its ending presses for a yes: leave "
                         "them free to refuse.", (asked.text,))]
    elif asked and find("permission_to_sell", asked.text):
        checks = [_check(r["Ask leave"], 0.5, f"“{asked.text[:80]}” asks leave for a step of the sale (a call, a demo, "
                         "questions), not to share your view.", (asked.text,))]
    elif ask and (opens_with("announcement", ask.text) or opens_with("soft_announcement", ask.text)):
        checks = [_check(r["Ask leave"], 0.5, f"“{asked.text[:80]}” says what you will do and asks leave only at the "
                         "end: ask first (“May I share…?”).", (asked.text,))]
    elif ask and ask in after:
        checks = [_check(r["Ask leave"], 0.5, f"“{asked.text[:80]}” already says your view: ask leave to share it, "
                         "and keep what it is for after their yes.", (asked.text,))]
    elif ask and after and (ritual := [m.group() for m in find("ritual_ask", ask.text)] or _bare(ask)):
        checks = [_check(r["Ask leave"], 0.5, f"“{ritual[0]}”, with your view said at once, is a habit of "
                         "speech, not a request: ask leave to share your view, then wait.", (asked.text,))]
    elif ask and after:
        checks = [_check(r["Ask leave"], 1, f"“{asked.text[:80]}” asks leave; what you say after it is the trouble "
                         "(see below).", (asked.text,))]  # the convention: the view said after fails View held back
    elif ask:
        checks = [_check(r["Ask leave"], 1, f"“{asked.text[:80]}” asks leave before you speak.", (asked.text,))]
    elif asked:
        checks = [_check(r["Ask leave"], 0.5, f"“{asked.text[:80]}” says what you will do and asks leave only at the "
                         "end: ask first (“May I share…?”).", (asked.text,))]
    elif cued := next((s for s in reading.sentences if not s.question and find("permission_cue", s.text)), None):
        inside = _view_inside(cued)  # "Can I just tell you, we don't cut anything…": asked and answered in one breath
        checks = [_check(r["Ask leave"], 0.5 if inside else 1, f"“{cued.text[:80]}” asks leave"
                         + (", and says the view in the same breath." if inside else " before you speak."), (cued.text,))]
    elif steer:
        checks = [_check(r["Ask leave"], 0, f"“{steer.text[:80]}” offers your product, not your view: ask if they "
                         "want to hear how you see it.", (steer.text,))]
    elif announced and (announced.question == "tag" or find("soft_announcement", announced.text)
                        or announced_tag(announced.text)):
        checks = [_check(r["Ask leave"], 0.5, f"“{announced.text[:80]}” announces your view rather than asking leave.",
                         (announced.text,))]
    else:
        checks = [_check(r["Ask leave"], 0, "Ask before you give your view: “Would you let me share how I see it?”, "
                         "“May I tell you what other clients did?”")]
    if ask and ask in after and "?" not in ask.text:
        checks.append(_check(r["A real question"], 0, f"“{ask.text[:80]}” asks and answers in one breath, with no "
                             "question they could refuse: stop after the request, with a “?”, and wait.", (ask.text,)))
    elif ask and ([s for s in after if s is not ask] or _said_after_colon(ask.text) or _told(ask)):
        checks.append(_check(r["A real question"], 0.5, "You ask, then answer for them: a question followed by your "
                             "view is only half a question. Stop at the “?” and wait."))
    elif ask and (squeezed := [s for s in reading.sentences if s.index > ask.index and _squeeze(s)]):
        checks.append(_check(r["A real question"], 0.5, f"“{squeezed[0].text[:60]}” leans on them to say yes: stop at "
                             "the “?” and leave them free to refuse.", (squeezed[0].text,)))
    elif ask:
        checks.append(_check(r["A real question"], 1, "It is a question: the customer is free to say no."))
    elif tail:
        checks.append(_check(r["A real question"], 0.5, f"“{tail.text[:80]}” tells them what you will do, then asks: "
                             "turn it round and ask first (“May I tell you…?”)."))
    else:
        checks.append(_check(r["A real question"], 0, "Make it a question the customer can refuse: an announcement "
                             "(“Let me tell you…”, “…ok?”) takes the floor without asking."))
    said = after + [s for s in before if s.moves & {Move.PITCH, Move.COUNTER_ARGUMENT} or find("minimiser", s.text)]
    if said:
        words = tuple(s.text for s in said)
        checks.append(_check(r["View held back"], 0, f"{_quoted(words, 2)} gives your view before the customer has "
                             "said yes. Permission means waiting for the yes: keep it for after.", words))
    elif before:
        checks.append(_check(r["View held back"], 0.5, f"“{before[0].text[:80]}” hints at your view before you ask.",
                             (before[0].text,)))
    elif teasers:
        checks.append(_check(r["View held back"], 0.5, f"“{teasers[0].text[:80]}” promises how they will take your view: "
                             "that already leans on them. Ask, and let the view speak for itself after their yes.",
                             (teasers[0].text,)))
    elif (request := ask or announced) and (hint := find("view_hint", request.text) or find("view_teaser", request.text)
                                             or find("way_round", request.text)
                                             or [m for x in reading.sentences[:request.index]
                                                 for m in find("view_hint", x.text)]):  # "I may have a way round…"
        checks.append(_check(r["View held back"], 0.5, f"“{hint[0].group()}” already hints at what your view will say: "
                             "ask to share it, and keep its content for after their yes.", (hint[0].group(),)))
    else:
        checks.append(_check(r["View held back"], 1, "Your view waits for the customer's yes."))
    block = "Your view comes before the customer's yes." if views and checks[-1].credit == 0 else ""
    return checks, block
