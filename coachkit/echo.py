"""The exercise's own counter-argument, said again: the reflex the reformulation module exists to remove.

Every scenario carries the answer a seller gives by reflex (``Scenario.counter_argument``); the rewrite exercise
shows it to the learner. A statement that says that claim again in the seller's voice argues, whatever words
frame it: "btw were on the national framework so you can order direct" after a good summary, or "May I share
something, our platform is ISO 27001 certified" in the request itself. The claim is told by the counter-argument's
own words that the customer never said: not in the objection, the situation or a key point, and not a word any reply
might use (``claim_filler`` in ``lexicons/reading.yaml``). Two of them in one statement say it again.
"""

from __future__ import annotations

import re

from coachkit import persons
from coachkit.keypoints import key_points, need_in
from coachkit.moves import Move
from coachkit.phrase_lists import opens_with, words
from coachkit.reading import ABOUT_THEM, Reading, SentenceReading, find
from coachkit.schema import Scenario
from coachkit.wordforms import STOPWORDS, content_stems, stem, word_stems

__all__ = ["asks_the_counter_argument", "claim_clauses", "counter_echo", "says_the_counter_argument", "seller_claim"]

#: How many of the claim's own words a statement shares with the counter-argument to say it again.
ECHO_WORDS = 2

_SELLER = persons.words("i", "i_chat", "we")
_PARTS = re.compile(r"\s[-–—]\s|[:;]|,\s")  # a request and the claim it carries: "may I say something - we are…"
_CLAIMS: dict[str, frozenset[str]] = {}


def _claim(scenario: Scenario) -> frozenset[str]:
    """The stems of the counter-argument's words that only the seller says (kept by scenario id)."""
    found = _CLAIMS.get(scenario.id)
    if found is None:
        theirs = content_stems(scenario.objection) | content_stems(scenario.situation)
        for point in scenario.key_points:
            theirs |= content_stems(" ".join([point.idea, *point.synonyms]))
        filler = {stem(w) for w in words("claim_filler")}
        found = _CLAIMS[scenario.id] = frozenset(
            s for s in content_stems(scenario.counter_argument) - theirs - filler
            if s not in STOPWORDS and (len(s) > 2 or s.isdigit()))  # "ten minutes": its figure counts
    return found


def counter_echo(text: str, scenario: Scenario) -> tuple[str, ...]:
    """The words of the counter-argument's claim that a statement says again, or ().

    Only what is stated counts: the parts of a sentence that do not end on a question mark ("can i tell you why i
    think they'll say yes - we're iso 27001 certified" states its claim after the dash; "May I show you a
    cost-per-patient calculation?" only names it)."""
    parts = _PARTS.split(text)
    said = " ".join(p for i, p in enumerate(parts) if not (i == len(parts) - 1 and p.rstrip().endswith("?")))
    return _claim_words(said, scenario)


def _claim_words(text: str, scenario: Scenario) -> tuple[str, ...]:
    """The claim's own words in ``text``, when it holds ECHO_WORDS of them, or ()."""
    claim = _claim(scenario)
    shared = [(word, s) for word, s in zip(*word_stems(text), strict=True) if s in claim]
    return tuple(dict.fromkeys(word for word, _ in shared)) if len({s for _, s in shared}) >= ECHO_WORDS else ()


def seller_claim(text: str, scenario: Scenario) -> tuple[str, ...]:
    """The counter-argument said again as the seller's own statement: in the seller's voice ("we", "our", "I"), about
    no one on the customer's side ("the displays take 10 mins to set up"), or with three of its words ("Servers are in
    certified national data centres.")."""
    shared = counter_echo(text, scenario)
    if shared and (len({stem(w) for w in shared}) >= 3 or _SELLER.search(text) or not ABOUT_THEM.search(text)):
        return shared
    return ()


_RESTATING = frozenset({Move.REFORMULATE, Move.EMPATHY})
_TURN = re.compile(r"\W*(?:but|though)\b", re.IGNORECASE)
_CLAUSE = re.compile(r",\s*(?=(?:but|though|which|because|so|and)\b)|\s(?=(?:but|though|because)\s)|[;—–]|\s-\s",
                     re.IGNORECASE)


def says_the_counter_argument(s: SentenceReading, scenario: Scenario | None) -> bool:
    """A statement that says the exercise's own counter-argument again ("btw were on the national framework so you can
    order direct"), unless it gives their need back ("what you'd need is someone who stays until it runs")."""
    return bool(scenario and s.question not in ("open", "check") and not s.moves & _RESTATING
                and seller_claim(s.text, scenario) and not (ABOUT_THEM.search(s.text) and need_in(s.text, scenario)))


def asks_the_counter_argument(s: SentenceReading, scenario: Scenario | None) -> tuple[str, ...]:
    """A question that carries the counter-argument's claim as a supposition ("but what if this one actually replaced
    two of them?", "did you know we're on the national framework?"): the argument, asked. Its words, or ()."""
    if not (scenario and s.question and opens_with("claim_question", re.sub(r"^\W*(?:but|and|so)\b\W*", "", s.text,
                                                                             flags=re.IGNORECASE))):
        return ()
    return _claim_words(s.text, scenario)


def claim_clauses(reading: Reading, scenario: Scenario) -> list[str]:
    """Clauses of a summary that go on into the counter-argument ("…nothing left this year, which is a shame because
    youd save loads of caseworker hours with this", "…but per seat it is cheaper than the other tools, right?"): the
    summary before them still gives their view back."""
    found = []
    for s in reading.sentences:
        if s.question != "check" and not s.moves & _RESTATING:
            continue
        joined = reading.text[reading.sentences[s.index - 1].end:s.start] if s.index else ""  # "…, but when you…"
        for i, clause in enumerate(_CLAUSE.split(s.text)):
            turned = bool(_TURN.match(clause) or (not i and _TURN.search(joined)))
            if not (i or turned) or not (seller_claim(clause, scenario) or (turned and counter_echo(clause, scenario))):
                continue
            if not (key_points(clause, scenario)[0] or need_in(clause, scenario) or find("need_frame", clause)
                    or find("reading_them", clause)):
                found.append(clause.strip(" ,"))
    return found
