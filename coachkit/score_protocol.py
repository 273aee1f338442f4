"""Scorer of the reformulation module's full reply: accept and explore, reformulate, ask permission, in that order.

Each step is read as its own exercise reads it (:mod:`coachkit.score_reformulation`,
:mod:`coachkit.score_permission`), and the order sentence by sentence: nothing of the seller's before the exploring
question and the permission request, nothing after the request.
"""

from __future__ import annotations

from coachkit.keypoints import parroting
from coachkit.questions import announced_tag
from coachkit.reading import Reading, find, seller_voice
from coachkit.rubric import _check, _rubric, scorer
from coachkit.schema import Scenario
from coachkit.score_permission import _asks, _cue_at, _views_around
from coachkit.score_reformulation import (
    NOT_EXPLORING,
    RESTATING,
    _accepting,
    _arguing,
    _choice,
    _need,
    _open_question,
)

__all__ = ["protocol_reply"]


@scorer("protocol", "objection")
def protocol_reply(text: str, reading: Reading, scenario: Scenario | None = None):
    """Score a full reply: accept and explore, reformulate, ask permission, in that order, nothing of yours before.

    Each step is read as its own exercise reads it: an argument before the exploring question makes it half; a
    restatement that names the offer only to give the objection back is theirs; anything said after the permission
    question, or leave asked for a sales step, makes the request half."""
    r = _rubric("protocol")
    s = reading.sentences
    accept, why = _accepting(reading, scenario)
    good, bad = _open_question(reading)
    arguing = _arguing(reading, scenario) if scenario else [x for x in s if x.view or x.rebuttal]
    ask = _asks(reading)
    tagged = next((x for x in s if x.question == "tag" and announced_tag(x.text)), None) if not ask else None
    restate = next((x for x in s if x not in arguing and x is not ask and (x.moves & set(RESTATING) or (
        scenario and x.view))), None)
    check = next((x for x in s if x.question == "check" and x not in arguing), None)
    _, after, _ = _views_around(reading, ask)
    view_at = next((x.index for x in s if (x in arguing and x is not ask and x is not tagged)
                    or x.question in ("advice", "steer", "setup")), None)
    first_good = min((x.index for x in (accept, good) if x is not None), default=None)
    if view_at is not None and (first_good is None or view_at < first_good):
        checks = [_check(r["Accept and explore"], 0, f"“{s[view_at].text[:80]}” comes first: the reply does not open by "
                         "accepting. Start by taking the objection as legitimate, then ask about it.", (s[view_at].text,))]
    elif accept and good and (view_at is None or view_at > max(good.index, accept.index)) and not _choice(good):
        checks = [_check(r["Accept and explore"], 1, f"You open by accepting (“{accept.text[:50]}”) and exploring "
                         f"(“{good.text[:50]}”).", (accept.text, good.text))]
    elif accept or good:
        missing = ("an open question about their view" if not good else
                   "a question that leaves the answer to them, not a choice of yours" if _choice(good) else
                   "the question before any argument of yours" if view_at is not None else
                   why or "an acknowledgement of the objection")
        checks = [_check(r["Accept and explore"], 0.5, f"Half there: add {missing}."
                         + (f" “{bad.text[:60]}” {NOT_EXPLORING[bad.question]}." if bad and not good else ""))]
    else:
        checks = [_check(r["Accept and explore"], 0, why or "Open by accepting the objection and asking an open "
                         "question about it.")]
    parrot = parroting(restate.text if restate else text, scenario.objection) if scenario else ""
    need = _need(text, reading, scenario, arguing) if scenario else ()  # praised when there, not required here
    argued = [x for x in arguing if ask is None or x.index <= ask.index]  # after the request: Ask permission's matter
    if restate and check and not parrot and argued and not need:
        checks.append(_check(r["Reformulate"], 0.5, f"“{restate.text[:80]}” restates their view, but next to your "
                             "argument a bare summary reads as a formality: name what lies underneath for them.",
                             (restate.text,)))
    elif restate and check and not parrot:
        checks.append(_check(r["Reformulate"], 1, f"“{restate.text[:80]}” restates their view and you check it"
                             + ("." if need else "; naming what lies underneath would make it better than they did."),
                             (restate.text,)))
    elif restate:
        checks.append(_check(r["Reformulate"], 0.5, "You restate their view; " + (
            "in their own words, though: say it in yours." if parrot else
            "now check it: “Have I got that right?”")))
    else:
        checks.append(_check(r["Reformulate"], 0, "Restate their view in your words before going further, and check "
                             "it."))
    if ask and view_at is not None and view_at < ask.index and not after:
        checks.append(_check(r["Ask permission"], 0.5, f"“{ask.text[:80]}” asks leave, but your view came earlier: "
                             "permission holds your view back only if it comes first.", (ask.text,)))
    elif ask and not after and not find("permission_to_sell", ask.text):
        checks.append(_check(r["Ask permission"], 1, f"“{ask.text[:80]}” asks leave before you give your view.",
                             (ask.text,)))
    elif ask:
        checks.append(_check(r["Ask permission"], 0.5, "You ask leave, then give your view without waiting for the "
                             "yes: stop at the question." if after else "You ask leave for a step of the sale (a demo, "
                             "a walk-through), not to share your view."))
    elif tagged:
        checks.append(_check(r["Ask permission"], 0.5, f"“{tagged.text[:80]}” announces your view and tags a yes on: "
                             "ask instead (“May I share how I see it?”) and wait.", (tagged.text,)))
    else:
        checks.append(_check(r["Ask permission"], 0, "Ask permission before you give your view: “May I share how I "
                             "see it?”"))
    steps = [x.index for x in (accept or good, restate, ask or tagged) if x is not None]
    if view_at is not None and (ask is None or view_at < ask.index or (first_good is None or view_at < first_good)):
        words = (s[view_at].text,)
        checks.append(_check(r["In order"], 0, f"“{words[0][:80]}” gives your view before you have explored and "
                             "asked permission: that is the counter-argument reflex.", words))
    elif [x for x in after if x is not ask]:
        late = next(x for x in after if x is not ask)
        checks.append(_check(r["In order"], 0, f"“{late.text[:80]}” comes before the customer's yes: the view "
                             "waits for their answer.", (late.text,)))
    elif ask in after and (ask.rebuttal or seller_voice(ask.text[:_cue_at(ask)])):
        said = ask.rebuttal or ask.text[:_cue_at(ask)].strip(" ,")
        checks.append(_check(r["In order"], 0, f"“{said[:80]}” argues inside your request: your view comes "
                             "before the customer's yes.", (said,)))
    elif steps != sorted(steps):
        checks.append(_check(r["In order"], 0.5, "The steps are there but out of order: accept and explore, then "
                             "reformulate, then ask permission."))
    elif len(steps) < 3:
        checks.append(_check(r["In order"], 1 if len(steps) >= 2 else 0.5, "Nothing of yours comes early; "
                             + ("the steps you have come in order." if len(steps) >= 2 else "add the missing steps.")))
    else:
        checks.append(_check(r["In order"], 1, "The steps come in order, nothing of yours before."))
    block = ("Your view or an argument comes before the customer's yes: the counter-argument reflex."
             if checks[-1].credit == 0 or (any(x is not tagged for x in arguing) and not ask) else
             "Nothing explores the objection: respond never comes before explore." if not good else
             f"{half[0].name} is only half there: the protocol works when every step is whole."
             if (half := [c for c in checks[:3] if c.credit < c.weight]) else "")
    return checks, block
