"""Scorer of "if I were this client" (empathy module): what the client could do, fear and need.

Each item of the answer is one check: in the client's frame when it touches their world (a hint of the item, any word
form) or says a fear, a need or an option of theirs; half when it could be said of any client; none when it is about
the seller or the offer, or is advice. The last check asks for at least one could-do, one fear and one need.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

import yaml

from coachkit import persons
from coachkit.config import MAX_ANSWER_CHARS
from coachkit.empathy import _APOSTROPHES, EMPATHY_RUBRICS, FLAGS, RULES, _check, _distinct, _listed, _quoted
from coachkit.moves import Detection, Move, detect_moves
from coachkit.reading import find, opens_with, our_offer
from coachkit.rubric import Check, Feedback
from coachkit.rubric import refusal as unreadable
from coachkit.schema import ClientFrame
from coachkit.transcript import undictated
from coachkit.wordforms import content_stems, find_phrase, tokens

__all__ = ["ITEM_KINDS", "item_kinds", "score_client_frame"]



def _item_kinds() -> dict[str, tuple[str, ...]]:
    text = resources.files("coachkit").joinpath("lexicons/client_frame.yaml").read_text(encoding="utf-8")
    raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - a safe loader
    return {kind: tuple(spec["cues"]) for kind, spec in raw.items()}


#: How an item of a client-frame answer is sorted (``lexicons/client_frame.yaml``, each kind with its meaning): a
#: **fear** when it names one, else a **need**, else something they **could do**; one item counts once, for the
#: first kind it shows in that order.
ITEM_KINDS: dict[str, tuple[str, ...]] = _item_kinds()
_KIND_PHRASES = {k: "something they could do" if k == "could" else f"a {k}" for k in ITEM_KINDS}

#: "I" or "we" and, within a few words, the client as the object of the seller's act ("we'd get them on a call").
_ON_CLIENT = re.compile(rf"\b(?:i|we)\b[^.?!]{{0,30}}?\b(?:{persons.alternation('they_object')})\b", FLAGS)
_CLIENT_WORDS = persons.words("they", "they_chat", "client", "i")  # about a client, or the client's seat ("I", "my")


#: "push her to decide", "give them the ROI": the seller acting on the client, not an option of theirs.
_ON_THEM = re.compile(rf"^\W*(?:[\w'-]+\s+){{1,2}}(?:{persons.alternation('they_object')})\b", FLAGS)


def item_kinds(item: str) -> tuple[str, ...]:
    """The kind of a client-frame item: ("fear",), ("need",), ("could",) or () (see :data:`ITEM_KINDS`); an item that
    opens with a verb of the client's options ("push the migration after the audit") is something they could do."""
    toks = tokens(item.translate(_APOSTROPHES))
    for kind, cues in ITEM_KINDS.items():
        if any(find_phrase(cue, toks) for cue in cues):
            return (kind,)
    if opens_with("could_do_verbs", item) and not find("sales_step", item) and not _ON_THEM.match(item):
        return ("could",)  # "run a trial on one doctor's list": an option of theirs, said without its subject
    return ()


def _about_seller(item: str, fear: bool, moves: list[Detection]) -> tuple[str, ...]:
    """The words that make an item about the seller or their offer ("our product", "we could offer them…"); an item
    that names a fear is theirs whatever it names ("FEAR: a new system falling over in the middle of peak")."""
    norm = item.translate(_APOSTROPHES)
    found = [item[m.start():m.end()] for name in ("seller_acts", "choose_us", "deal_plan") for m in find(name, norm)]
    found += [said for said in [opens_with("seller_imperative", norm)] if said]  # "Show her the software saves time"
    found += [item[m.start():m.end()] for m in _ON_CLIENT.finditer(norm)]
    found += [said for _, said in our_offer(item)]
    if not fear:  # the detector's reading of the item without its "If I were Marta, …" seat
        found += [s.text for d in moves if d.move is Move.PITCH for s in d.evidence]
    return _distinct(found)


@lru_cache(maxsize=64)
def _seat(client: str) -> re.Pattern | None:
    """The "If I were Marta, …" lead-in for this client (their first name, full name or surname)."""
    name = client.split(",")[0].strip()
    names = "|".join(re.escape(n) for n in sorted({name, *name.split()}, key=len, reverse=True) if len(n) > 2)
    return re.compile(rf"^\W*if\s+i\s+(?:were|was)\s+(?:{names})\b\W*", FLAGS) if names else None


def _as_the_client(item: str, frame: ClientFrame) -> str:
    """The item without its "If I were Marta, …" lead-in: taking this client's seat by name is their frame, not the
    seller's "if I were you"."""
    seat = _seat(frame.client)
    return seat.sub("", item) if seat else item


def _as_items(items: object) -> tuple[list[str] | None, str]:
    if isinstance(items, str):
        items = undictated(items).splitlines()  # "…going wrong new line mostly temps…" said to a phone
    if not isinstance(items, Sequence) or any(not isinstance(i, str) for i in items):
        return None, "Write your items as text, one per line."
    kept = [i.strip() for i in items if i.strip()]
    if not kept:
        return None, "Write at least one item: something the client could do, fear or need, one per line."
    if len(kept) > RULES.max_items:
        return None, (f"That is {len(kept)} items; the limit is {RULES.max_items}. Keep the ones that matter most to "
                      "this client — nothing was scored yet.")
    for i, item in enumerate(kept, start=1):
        why = unreadable(item)
        if why:
            return None, f"Item {i}: {why}"
    total = sum(len(i) for i in kept)
    if total > MAX_ANSWER_CHARS:
        return None, (f"Your items are {total:,} characters long together; the limit is {MAX_ANSWER_CHARS:,}. Keep "
                      "each to a line — nothing was cut or lost.")
    return kept, ""


def _situation(frame: ClientFrame) -> frozenset[str]:
    """The stems of the client's own situation as the card tells it ("two restaurants", "a regional food warehouse",
    "the works council"), without what the seller proposed ("You proposed a stock-ordering tool.")."""
    theirs = " ".join([frame.client, *(x for x in re.split(r"(?<=\.)\s+", frame.situation)
                                        if not re.match(r"\W*you\b", x, re.IGNORECASE))])
    return frozenset(s for s in content_stems(theirs) if len(s) > 3)


def score_client_frame(items: list[str] | str, frame: ClientFrame) -> Feedback:
    """Score "if I were this client, what could I do / fear / need?": one check per item, then the coverage.

    ``items`` is a list of short texts (or one text, one item per line). An item is in the client's
    frame when it touches their world (one of ``frame.frame_hints``, any word form); it gets part
    credit when it is about a client in general (a fear, a need, an option, "they…") but not this one;
    none when it is about the seller or the offer ("we could offer them…", "our platform…") or is
    advice ("they should…"). The last check asks for at least one could-do, one fear and one need.
    """
    kept, why = _as_items(items)
    if kept is None:
        return Feedback(refused=why)
    r = {c.name: c for c in EMPATHY_RUBRICS["client_frame"]}
    hints = list(frame.frame_hints)
    situation = _situation(frame)
    checks: list[Check] = []
    kinds_found: dict[str, str] = {}
    all_moves: list[Detection] = []
    for i, item in enumerate(kept, start=1):
        name = f"Item {i}"
        seated = _as_the_client(item, frame)
        moves = detect_moves(seated.translate(_APOSTROPHES), "objection")
        all_moves += moves
        kind = item_kinds(seated)
        seller = _about_seller(item, kind == ("fear",), moves)
        if seller:
            checks.append(_check(r["In their frame"], 0, f"{_quoted(seller)} is about you and your offer, not the client. "
                                 f"Turn it round: what could {frame.client.split(',')[0]} do, fear or need? Think of their "
                                 f"{_listed(hints[:3])}.", seller, name))
            continue
        advice = _distinct([s.text for d in moves if d.move is Move.PROJECTION for s in d.evidence]
                           + [m.group() for m in find("client_item_advice", item)]
                           + [m.group() for m in find("buying_decision", item)])  # "if I were Priya I'd just go for it"
        if advice:
            checks.append(_check(r["In their frame"], 0, f"{_quoted(advice)} is advice from your frame. Say what they "
                                 "could do, fear or need, not what they should do.", advice, name))
            continue
        toks = tokens(item.translate(_APOSTROPHES))
        touched = tuple(item[a:b] for h in hints if (span := find_phrase(h.translate(_APOSTROPHES), toks))
                        for a, b in [span])
        if not touched and not kind:  # "He has two restaurants to run…": the card's own situation, not any client's
            touched = tuple(t.text for t in toks if t.stem in situation)
        for k in kind:
            kinds_found.setdefault(k, item)
        what = f" ({_KIND_PHRASES[kind[0]]})" if kind else ""
        if touched or kind:
            checks.append(_check(r["In their frame"], 1, f"{_quoted(touched)} is part of their world{what}." if touched
                                 else f"It is about them{what}.", touched, name))
        elif _CLIENT_WORDS.search(item):
            checks.append(_check(r["In their frame"], RULES.generic_item_credit, f"About a client{what}, but it could be "
                                 f"said of any client. Tie it to this one: their {_listed(hints[:3])}.", (), name))
        else:
            checks.append(_check(r["In their frame"], 0, "This does not say what the client could do, fear or need. "
                                 f"Start from them: “They could…”, “They fear…”, “They need…”, with their "
                                 f"{_listed(hints[:3])}.", (), name))
    missing = [k for k in ITEM_KINDS if k not in kinds_found]
    found_msg = "; ".join(f"{_KIND_PHRASES[k]}: “{v}”" for k, v in kinds_found.items())
    if not missing:
        checks.append(_check(r["Could do, fear, need"], 1, f"You cover all three: {found_msg}."))
    else:
        examples = {"could": "“They could ask for…”", "fear": "“They fear that…”", "need": "“They need…”"}
        checks.append(_check(r["Could do, fear, need"], len(kinds_found) / len(ITEM_KINDS),
                             ("You have " + found_msg + ". " if kinds_found else "")
                             + "Add " + " and ".join(f"{_KIND_PHRASES[k]} ({examples[k]})" for k in missing) + "."))
    return Feedback(tuple(checks), tuple(all_moves))
