"""Private helpers of the move detector: the lexicon and structural rules (sentences and clauses: coachkit.sentences).

The lexicon (coachkit/lexicons/moves.yaml) lists the cues a move is said with, and the constructions
(word-bearing patterns, each with its meaning) these rules look for. What a list cannot hold is here,
each rule with the principle it encodes:

* open questions invite the customer to talk; leading or closed ones do not;
* who a sentence is about: "you" + a verb of thinking or feeling, said as a statement, is a
  restatement of the customer's view; "our" + the offer + a claim is a pitch;
* contrast: "I understand, but…" turns the acknowledgement into a rebuttal, while
  "not only… but also" and "but tell me…" do not;
* negation: "no pressure" is not pressure;
* making or finding something for the customer (I prepared a plan, I found a way) is new value.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from coachkit import persons
from coachkit._cues import Bucketed, combined, cue_starts, scan_of, word_starts  # noqa: F401 - Bucketed, word_starts: API
from coachkit._needs import may_match, needs
from coachkit.sentences import Piece, clauses, sentences  # noqa: F401 - the detector's pieces, read as rules.*
from coachkit.wordforms import stem

FLAGS = re.IGNORECASE | re.UNICODE


# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class CueGroup:
    move: str
    meaning: str
    patterns: tuple  # compiled regexes and Bucketed tables, each with finditer(text)
    negatable: bool
    contexts: frozenset[str] | None  # None: every context


@lru_cache(maxsize=1)
def _raw() -> dict:
    """moves.yaml, read once (with libyaml's loader when it is there: ten times faster than pure Python)."""
    text = resources.files("coachkit").joinpath("lexicons/moves.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - a safe loader


#: Held while cues are compiled: a learner's first check waits for a background warm-up already under
#: way instead of compiling everything a second time beside it.
BUILDING = threading.RLock()


@lru_cache(maxsize=1)
def lexicon() -> tuple[tuple[CueGroup, ...], dict[str, frozenset[str]]]:
    """The cue groups (one combined regex each) and the word lists as sets of stems (or of words, as written)."""
    with BUILDING:
        return _lexicon()


@lru_cache(maxsize=1)
def _lexicon() -> tuple[tuple[CueGroup, ...], dict[str, frozenset[str]]]:
    raw = _raw()
    groups = tuple(
        CueGroup(g["move"], g["meaning"], combined(g["patterns"]),
                 bool(g.get("negatable", False)), frozenset(g["contexts"]) if g.get("contexts") else None)
        for g in raw["groups"]
    )
    words = {name: frozenset(w if spec.get("as_written") else stem(w) for w in spec["words"])
             for name, spec in raw["word_lists"].items()}
    return groups, words


@dataclass(frozen=True)
class Guards:
    """Constructions the learned backstop may not overrule, per move (see ``backstop`` in moves.yaml)."""

    rules_out: dict[str, re.Pattern]
    firm: dict[str, re.Pattern]


@lru_cache(maxsize=1)
def guards() -> Guards:
    """The backstop's guards, one combined regex per move and kind."""
    with BUILDING:
        return _guards()


@lru_cache(maxsize=1)
def _guards() -> Guards:
    raw = _raw()
    section = raw.get("backstop") or {}

    def table(kind: str) -> dict[str, re.Pattern]:
        by_move: dict[str, list[str]] = {}
        for entry in section.get(kind) or ():
            by_move.setdefault(entry["move"], []).extend(entry["patterns"])
        return {move: re.compile("|".join(f"(?:{p})" for p in patterns), FLAGS) for move, patterns in by_move.items()}

    return Guards(table("rules_out"), table("firm"))


_REFERENCE = re.compile(r"\{([a-z_]+)\}")  # "{name}" in a construction: the construction so named


@lru_cache(maxsize=1)
def constructions() -> dict[str, re.Pattern]:
    """The ``constructions`` of moves.yaml by name, each compiled once (see the section's header there)."""
    with BUILDING:
        return _constructions()


@lru_cache(maxsize=1)
def _constructions() -> dict[str, re.Pattern]:
    section = _raw()["constructions"]

    def text(name: str, within: tuple[str, ...] = ()) -> str:
        if name in within:
            raise ValueError(f"construction {name!r} refers to itself")
        pattern = section[name]["pattern"]
        pattern = "".join(pattern) if isinstance(pattern, list) else pattern
        return _REFERENCE.sub(lambda m: text(m.group(1), (*within, name)), pattern)

    return {name: re.compile(text(name), FLAGS) for name in section}


def construction(name: str) -> re.Pattern:
    """One construction of moves.yaml (a KeyError for a name it does not hold)."""
    return constructions()[name]


def words(name: str) -> frozenset[str]:
    return lexicon()[1][name]


_SCAN: tuple = ((), None)  # the cue groups the scan was built from, and the scan


def clause_cues(text: str) -> tuple[list[tuple[int, str]], bool]:
    """The word starts of a clause where a bucketed cue may match, with their letter, and whether another cue
    may match somewhere (see ``coachkit._cues``)."""
    global _SCAN
    groups = lexicon()[0]
    built, scan = _SCAN
    if built is not groups:  # built once per lexicon (a test may rebuild the lexicon), one thread at a time
        with BUILDING:
            built, scan = _SCAN
            if built is not groups:
                scan = scan_of([p for g in groups for p in g.patterns])
                _SCAN = (groups, scan)
    return cue_starts(scan, text)


# --------------------------------------------------------------------------- structure

def negated(sentence: str, start: int) -> bool:
    """Whether a cue starting at ``start`` is preceded closely by a negation ("no pressure")."""
    before = sentence[max(0, start - 30):start]
    return bool(construction("negation").search(before)) and not construction("negation_in_question").search(before)


SECOND_PERSON = persons.words("you")
FIRST_PERSON = persons.words("i", "we")


def you_statement(clause: str) -> re.Match | None:
    """A declarative clause about the customer's own state or view ("You're worried that…")."""
    if clause.rstrip().endswith("?") or construction("you_directive").search(clause):
        return None
    m = construction("you_state").search(clause)
    if not m:
        return None
    verb = m.group("verb").lower()
    if verb == "not":
        return m if construction("not_state").match(clause[m.start("verb"):]) else None
    if stem(verb) in words("mental_verbs") | words("feelings") or verb in words("you_states"):
        return m
    return None


def your_statement(clause: str) -> re.Match | None:
    """A declarative clause restating a fact of the customer's situation ("Your budget is frozen")."""
    if clause.rstrip().endswith("?") or FIRST_PERSON.search(clause):
        return None
    m = construction("your_state").search(clause)
    if not m:
        return None
    if m.group(1).lower() == "the" and not construction("ack_start").search(clause):
        return None
    return m


def making(clause: str) -> re.Match | None:
    """The seller made, found or proposes something concrete for the customer (a construction is searched only in a
    clause that holds a word it needs: most hold none)."""
    if promo(clause):
        return None
    lowered = clause.lower()
    for pattern in (construction("made_strong"), construction("idea"), construction("news"), construction("case_result"),
                    construction("opening")):
        m = pattern.search(clause) if may_match(needs(pattern), clause, lowered) else None
        if m:
            return m
    weak = construction("made_weak")
    if not may_match(needs(weak), clause, lowered):
        return None
    for m in weak.finditer(clause):
        tail = clause[m.end():m.end() + 120]
        tail_stems = {stem(w) for w in re.findall(r"[^\W_]+", tail)[:12]}
        if tail_stems & words("artefacts"):
            return m
    return None


def promo(clause: str) -> re.Match | None:
    return construction("promo_material").search(clause)


def our_claim(clause: str) -> re.Match | None:
    """"Our" + the offer (or our clients) + a claim verb: the seller presenting the offer."""
    claims = words("claim_verbs")
    for m in construction("our_offer").finditer(clause):
        after = [stem(w) for w in re.findall(r"[\w%-]+", m.group(1))]
        noun_at = next((i for i, w in enumerate(after[:4]) if w in words("offer_nouns")), None)
        if noun_at is None and after and after[0] not in words("shared_nouns"):
            noun_at = next((i for i, w in enumerate(after[:3]) if w not in claims), None)
        if noun_at is None or construction("our_conceded").search(m.group(1)):
            continue  # "our range isn't cheap" concedes rather than claims
        following = re.findall(r"[\w%-]+", m.group(1))[noun_at + 1:noun_at + 4]
        if any(stem(w) in claims or (w.lower().endswith("s") and w.lower() not in words("not_claim_verbs") and len(w) > 3)
               for w in following[:2]) or any(stem(w) in claims for w in following):
            return m
    return None


def rebuttal_after(clause_text: str, contrast_start: int) -> bool:
    """Whether the part from a "but" on argues back (rather than asks, or adds "also")."""
    if construction("not_only").search(clause_text[:contrast_start]):
        return False
    after = clause_text[contrast_start:]
    if construction("hard_question").search(after):
        return True
    if construction("soft_after_but").search(after) or after.rstrip().endswith("?"):
        return False
    rest = construction("contrast_word").sub("", after, count=1)
    return not (you_statement(rest) and not FIRST_PERSON.search(rest))


def contrasts(text: str) -> list[re.Match]:
    return list(construction("contrast_word").finditer(text))


def so_summary(clause: str) -> re.Match | None:
    """"So the contract runs until March…": a statement that sums up the customer's situation."""
    if clause.rstrip().endswith("?") or FIRST_PERSON.search(clause):
        return None
    return construction("so_summary").search(clause)


def proposal(clause: str) -> re.Match | None:
    """"How about we start with a pilot?": an option put forward."""
    return construction("proposal_question").search(clause) if clause.rstrip().endswith("?") else None


def feeling_words(clause: str) -> list[re.Match]:
    """Words naming a feeling or strain, in any word form."""
    feelings = words("feelings")
    return [m for m in re.finditer(r"[^\W_]+", clause) if stem(m.group()) in feelings]
