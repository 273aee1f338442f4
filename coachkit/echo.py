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
from coachkit.phrase_lists import words
from coachkit.reading import ABOUT_THEM
from coachkit.schema import Scenario
from coachkit.wordforms import STOPWORDS, content_stems, stem, tokens

__all__ = ["counter_echo", "seller_claim"]

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
    claim = _claim(scenario)
    shared = [t.text for t in tokens(said) if t.stem in claim]
    return tuple(dict.fromkeys(shared)) if len({stem(w) for w in shared}) >= ECHO_WORDS else ()


def seller_claim(text: str, scenario: Scenario) -> tuple[str, ...]:
    """The counter-argument said again as the seller's own statement: in the seller's voice ("we", "our", "I"), about
    no one on the customer's side ("the displays take 10 mins to set up"), or with three of its words ("Servers are in
    certified national data centres.")."""
    shared = counter_echo(text, scenario)
    if shared and (len({stem(w) for w in shared}) >= 3 or _SELLER.search(text) or not ABOUT_THEM.search(text)):
        return shared
    return ()
