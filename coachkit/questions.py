"""What a sentence asks, as a coach hears it: a check of a summary, a pressuring tag, advice or a set-up dressed as a
question, a request for permission, an open question about them, or a closed one.

The words are lists of ``lexicons/reading.yaml`` (:mod:`coachkit.phrase_lists`); this module holds the order in which
they are asked about: the first reading that fits a sentence is its kind.
"""

from __future__ import annotations

import re

from coachkit.moves import Move
from coachkit.phrase_lists import find, lead_in, may_hold, opens_with, straight, words

__all__ = ["KINDS", "announced_tag", "asks", "invites", "opens_question", "question_kind", "wondered_suggestion"]

#: The kinds of question a sentence can ask ("" is a statement).
KINDS = ("check", "tag", "advice", "steer", "setup", "permission", "open", "closed")
_LEADING = (("setup_question", "setup"), ("steer_question", "steer"), ("advice_question", "advice"))


def opens_question(text: str) -> bool:
    """The sentence opens like a question about them ("what…", "how…", "tell me…", after "so", "and", "hi"…)."""
    return bool(opens_with("question_opener", text))


def invites(text: str) -> bool:
    """The sentence hands them the floor without a question mark ("Tell me about the clinic.", "I'd love to hear how
    the season went.", "…, just want to hear how lunch works"): an invitation needs what it is about after its wish
    (``invitation_topic``); it may open the sentence or a clause after a comma."""
    if not (may_hold("invitation_imperative", text) or may_hold("invitation_wish", text)):
        return False  # most sentences hold neither list: no clause of theirs opens with one
    return any(_invites(clause) for clause in re.split(r",\s*|\s+(?:and|but|so)\s+", text))


def _invites(text: str) -> bool:
    if opens_with("invitation_imperative", text):
        return True
    wish = opens_with("invitation_wish", text)
    if not wish:
        return False
    rest = straight(text)[lead_in(text) + len(wish):].split()
    return bool(rest) and rest[0].strip(".,;:!?").lower() in words("invitation_topic")


def asks(text: str) -> bool:
    """A question: it ends with "?"; or, unpunctuated, it opens like one ("how are lunches organised at the moment")
    or ends with a check, maybe a few words after it ("…have I got that right", "…have I understood that properly");
    or it invites them to talk ("Tell me about the clinic.")."""
    stripped = text.rstrip()
    if ":" in stripped and opens_with("permission_cue", text.split(":", 1)[0]):
        return True  # "May I add one point: documentation alone will not…": asked, then said after the colon
    return stripped.endswith("?") or invites(text) or _bare_tag(text) or (stripped[-1:] not in ".!" and bool(
        opens_question(text) or opens_with("permission_cue", text) or find("permission_out", text)
        or _ends_on_check(stripped) or _yes_no(text)))


def _ends_on_check(stripped: str) -> bool:
    """A check question near the end, a few words after it at most ("…have I understood that properly", "…is that
    where you are with it"), and no "but" after it."""
    return any(len(stripped[m.end():].split()) <= 3 and not re.search(r"\bbut\b", stripped[m.end():], re.I)
               for m in find("check_question", stripped))


def _yes_no(text: str) -> bool:
    """Opens like a yes/no question ("have you thought about letting the team try it", "would it help if…"): with no
    question mark, a chat line or a dictated one still asks."""
    first = re.match(r"([\w']+)\s+([\w']+)", straight(text)[lead_in(text):])
    return bool(first) and first.group(1).lower() in words("yes_no_opener") and first.group(2).lower() in words(
        "yes_no_subject")


def _is_tag(tail: str) -> bool:
    """The end of a question is a pressuring tag (", right?", ", no?"), not words that merely contain one ("no
    obligation")."""
    tag = next(iter(find("pressure_tag", tail)), None)
    return bool(tag) and tag.start() == 0 and (tag.end() == len(tail) or tag.group().lower() != "no")


def _tagged(text: str) -> bool:
    """The question ends on a short tag after a comma or a dash ("…, right?"), or is the tag alone ("Agreed?"); in a
    chat message the "?" may be missing (:func:`_bare_tag`)."""
    tail = re.search(r"(?:,|\s[-–—])\s*([^,–—-]{1,30})\?\s*$", text) or re.match(r"^\W*([^,]{1,14})\?\s*$", text)
    return bool(tail) and len(tail.group(1).split()) <= 4 and _is_tag(tail.group(1).strip()) or _bare_tag(text)


def _bare_tag(text: str) -> bool:
    """A chat message's tag without its "?": after a dash at the end ("…cos orders have to go out - right"), or a last
    line that is only "right" or "correct"."""
    stripped = text.strip()
    if "?" in text or stripped.endswith((".", "!")):
        return False  # "Right." says it, it does not ask
    tail = re.search(r"\s[-–—]+\s*([^,–—-]{1,20})$", stripped)
    if tail:
        return len(tail.group(1).split()) <= 3 and _is_tag(tail.group(1).strip())
    return stripped.lower() in words("tag_line")


def announced_tag(text: str) -> bool:
    """An announcement that ends on a tag, comma or not, "?" or not ("let me run something by you real quick ok?",
    "let me walk you thru how training works with us ok"): it asks for a yes it does not wait for."""
    opens = opens_with("announcement", text) or opens_with("soft_announcement", text)
    last = re.search(r"(\w+\s+)?(\w+)\W*$", straight(text))
    # "is that ok?" asks; "…, if that's ok?" after an announcement only tags it
    if_ok = re.search(r"\bif\s+(?:that's|thats|that\s+is|it's|its)\s+\w+\W*$", straight(text), re.IGNORECASE)
    return bool(opens and last and len(text.split()) > len(opens.split()) + 1 and _is_tag(last.group(2))
                and (if_ok or (last.group(1) or "").strip().lower() not in ("that", "it", "that's", "thats", "is")))


def _asks_leave_then_opens(text: str) -> bool:
    """ "can I ask, what is selling slowest?": leave to ask, then the question, which is what counts."""
    preface = next((m for m in find("question_preface", text) if m.start() == lead_in(text)), None)
    if not preface:
        return False
    rest = text[preface.end():].lstrip(" ,:;-–—")
    return opens_question(rest) or bool(opens_with("indirect_invitation", rest))  # "…if you could tell me…"


def wondered_suggestion(text: str) -> bool:
    """ "I wonder if pushing it back a month might take the pressure off?": musing aloud that puts an option forward
    (a modal after ``wonder_opener``) is advice; leave to speak or a request for their story after it is not."""
    opener = opens_with("wonder_opener", text)
    if not opener or find("permission_cue", text):
        return False
    rest = straight(text)[lead_in(text) + len(opener):]
    if opens_with("indirect_invitation", rest):
        return False
    modals = words("suggestion_modal")
    return any(w in modals or any(w.endswith(m) for m in modals if m.startswith("'"))
               for w in re.findall(r"[\w']+", rest.lower()))


def _after_lead_clause(text: str) -> str:
    """What follows a leading time clause ("before i send it over, would it be ok if i shared…"), or ""."""
    first = re.match(r"\W*([\w']+)", text)
    if not first or first.group(1).lower() not in words("lead_clause") or "," not in text:
        return ""
    return text.split(",", 1)[1].strip()


def question_kind(text: str, moves: frozenset[Move]) -> str:
    """The kind of question ``text`` asks (one of :data:`KINDS`), or "" for a statement."""
    if not asks(text):
        return ""
    text = straight(text)
    if find("check_question", text):
        return "check"
    if _tagged(text) or announced_tag(text):
        return "tag"
    if find("permission_out", text):
        return "permission"  # "…, or would you rather leave it for today?": they are free to say no
    if _asks_leave_then_opens(text):
        return "open"
    if wondered_suggestion(text):
        return "advice"
    for name, kind in _LEADING:
        if opens_with(name, text):
            return kind
    if find("implication_question", text):
        return "setup"  # "What would another year of breakdowns cost you compared to the kit?": the seller's sum
    if invites(text) and (not text.rstrip().endswith("?") or not any(find(name, text) for name, _ in _LEADING)):
        return "open"  # "I'd be really interested to hear how the season has gone for you.": an invitation to talk
    if Move.EXPLORE in moves and opens_question(text) and not opens_with("hypothetical_opener", text):
        return "open"  # "What are your priorities, and would it help if I showed you…?" opens on their view
    after = re.split(r":|\s[—–-]+\s|—", text)[-1]
    if after != text and opens_question(after) and not find("setup_question", text):
        return "open"  # "Before anything on my side: how does energy show up…?", "…hear about you — how do bookings work?"
    last = text.rsplit(",", 1)[-1]
    if "," in text and text.rstrip().endswith("?") and opens_question(last) and not opens_with(
            "hypothetical_opener", last) and not any(find(name, text) for name, _ in _LEADING):
        return "open"  # "I'm with FreshPlate, we do school catering, how's everything going this term?"
    if opens_with("permission_cue", text) or opens_with("permission_cue", _after_lead_clause(text)):
        return "permission"  # "would it help if I showed you how others do it?": asked first, whatever follows
    for name, kind in _LEADING:
        if find(name, text):
            return kind
    if find("projection_disguise", text) and not find("permission_cue", text):
        return "advice"  # "Perhaps the most elegant route would be to present it as…?": advice with a question mark
    if Move.ASK_PERMISSION in moves or find("permission_cue", text):
        return "permission"
    if Move.EXPLORE not in moves and _checks_understanding(text):
        return "check"  # "Am I correct Madam?", "Is my understanding correct?": the summary handed back
    return "open" if Move.EXPLORE in moves else "closed"


def _checks_understanding(text: str) -> bool:
    """A closed question that asks whether the seller understood ("Am I correct?", "Have I well understood?", "Is my
    understanding correct?", "Is that a fair picture?"): it opens on the seller or the summary (``check_opener``) and
    asks about getting it right (``check_word``), in a few words."""
    said = straight(text)[lead_in(text):]
    if len(said.split()) > 6 or not opens_with("check_opener", said):
        return False
    return bool(find("check_word", said))
