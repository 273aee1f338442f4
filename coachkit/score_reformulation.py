"""Scorers of the reformulation module: accept and explore, and reformulate (ask permission and the full reply are in
:mod:`coachkit.score_permission` and :mod:`coachkit.score_protocol`).

Each reads the reply sentence by sentence (:func:`coachkit.reading.read`) and judges every rubric
line as ``shared/curriculum.md`` ("How a coach judges a check") says a coach does: acknowledging is
not agreeing; a rebuttal after a good step is push-back; permission means waiting for the yes; order
is read sentence by sentence; not every question explores; restating is in your own words; a check
question checks the summary. A reply that commits the anti-pattern its exercise removes cannot pass.
"""

from __future__ import annotations

import re

from coachkit import persons
from coachkit.echo import asks_the_counter_argument, claim_clauses, counter_echo, says_the_counter_argument
from coachkit.keypoints import key_points, need_in, need_spans, parroting
from coachkit.moves import Move
from coachkit.reading import ABOUT_THEM, Reading, SentenceReading, find, opens_with, our_offer, seller_voice, shrinking
from coachkit.rubric import Check, _check, _quoted, _rubric, scorer
from coachkit.schema import Scenario
from coachkit.wordforms import content_stems, tokens

__all__ = ["accept_and_explore", "reformulation"]

ACCEPTING = (Move.ACKNOWLEDGE, Move.EMPATHY, Move.REFORMULATE)
RESTATING = (Move.REFORMULATE, Move.EMPATHY)
NOT_EXPLORING = {
    "advice": "is advice dressed as a question: it hands them your plan, not the floor",
    "steer": "steers to your offer or the next step of the sale",
    "setup": "only sets up your next argument",
    "tag": "asks them to agree with you",
    "check": "checks a summary; it does not invite them to say more",
}


def _pushback(reading: Reading, *, questions: bool = True, scenario: Scenario | None = None) -> list[str]:
    """The words of every push-back: counter-arguments, pitches, advice, pressure, rebuttals, steering questions.

    A concession is not push-back (it fails Accept instead); pressure or advice the detector reads inside a
    restatement ("you don't want to start a fight…") or a question about when to talk again is the customer's side."""
    words = [s.rebuttal or s.view for s in reading.sentences if s.view and not (s.concession and not s.rebuttal)]
    if questions:
        words += [s.text for s in reading.sentences if s.question in ("advice", "steer", "setup", "tag")]
    words += [s.text for s in reading.sentences if find("meeting_push", s.text)]  # "…let's grab 20 mins Thursday"
    words += [s.text for s in reading.sentences if says_the_counter_argument(s, scenario)]
    for s in reading.sentences:
        if (s.moves & set(RESTATING) and not s.view) or find("scheduling_question", s.text):
            continue
        words += [sp.text for d in reading.detections if d.move in (Move.PRESSURE, Move.PROJECTION)
                  for sp in d.evidence if s.start <= sp.start < s.end + 1]
    return list(dict.fromkeys(w.strip() for w in words if w.strip()))


def _no_pushback(criterion, reading: Reading, questions: bool = True, scenario: Scenario | None = None) -> Check:
    words = tuple(_pushback(reading, questions=questions, scenario=scenario))
    mocked = next((s.sarcasm for s in reading.sentences if s.sarcasm), "")
    if not words and mocked:
        return _check(criterion, 0.5, f"“{mocked}” mocks their objection: sarcasm pushes back without an argument.",
                      (mocked,))
    if not words:
        return _check(criterion, 1, "Nothing pushes back: the customer can keep talking.")
    return _check(criterion, 0, f"{_quoted(words, 2)} pushes back: it argues, sells, advises or presses instead of "
                  "listening. Take it out; your view can wait until you have asked permission.", words)


def _accepting(reading: Reading, scenario: Scenario | None = None) -> tuple[SentenceReading | None, str]:
    """The sentence that accepts the objection, or why none does (concession, sarcasm). Besides acknowledgements,
    a sentence that gives their objection back in any words ("nine months instead of six weeks — that cost you")
    accepts it."""
    for s in reading.sentences:
        if s.concession:
            return None, f"“{s.concession}” agrees with the objection: acknowledging is not agreeing. Say it is a fair " \
                         "concern, not that it is true."
        if s.sarcasm:
            return None, f"“{s.sarcasm}” reads as sarcasm: the customer hears mockery, not acceptance."
        if s.moves & set(ACCEPTING) and not s.question:
            return s, ""
    for s in reading.sentences:  # "ok, the GPO list, got it.", "nine months instead of six weeks, no wonder…"
        if s.view or s.question not in ("", "check", "tag"):
            continue
        if find("acceptance", s.text) or find("client_state", s.text) or (scenario and key_points(s.text, scenario)[0]):
            return s, ""
    return None, ""


def _open_question(reading: Reading) -> tuple[SentenceReading | None, SentenceReading | None]:
    """The first question that explores, and the first question that only looks like one. A question about when to
    talk again, or whom to go to instead, explores nothing, however open its words ("When would be a better time for
    you?", "Who at head office should I reach out to?")."""
    good = next((s for s in reading.sentences if Move.EXPLORE in s.moves and s.question in ("open", "")
                 and not find("scheduling_question", s.text) and not find("contact_question", s.text)), None)
    bad = next((s for s in reading.sentences if s.question in NOT_EXPLORING), None)
    return good, bad


@scorer("accept_explore", "objection")
def accept_and_explore(text: str, reading: Reading, scenario: Scenario | None = None):
    """Score an acknowledgement followed by an open question; an argument anywhere takes part of both back."""
    r = _rubric("accept_explore")
    accept, why = _accepting(reading, scenario)
    argued = next((s for s in reading.sentences if s.rebuttal or (s.view and not s.concession)
                   or says_the_counter_argument(s, scenario) or asks_the_counter_argument(s, scenario)), None)
    if accept and argued:
        words = argued.rebuttal or argued.text
        checks = [_check(r["Accept"], 0.5, f"You accept, then “{words[:60]}” takes it back: a “but” turns the "
                         "acknowledgement into a rebuttal.", (words,))]
    elif accept and len(tokens(accept.text)) == 1:
        checks = [_check(r["Accept"], 0.5, f"“{accept.text[:80]}” receives the objection, but a word alone does not show "
                         "you take it seriously: say what you heard (“Eight percent at your volumes is real money.”).",
                         (accept.text,))]
    elif accept:
        checks = [_check(r["Accept"], 1, f"“{accept.text[:80]}” accepts the objection without arguing.", (accept.text,))]
    else:
        checks = [_check(r["Accept"], 0, why or "Start by taking the objection as legitimate, e.g. “That's a fair "
                         "concern.” Acknowledging is not agreeing.")]
    good, bad = _open_question(reading)
    half = _half_exploring(reading, good, argued) if good else ""
    fact = good is not None and (_for_a_fact(good) or re.match(r"\W*(?:so\s+)?which\b", good.text, re.IGNORECASE))
    if good and not half:
        checks.append(_check(r["Explore"], 1, f"“{good.text[:80]}” invites the customer to say more.", (good.text,)))
    elif good and fact and argued is not None and argued.index <= good.index:
        checks.append(_check(r["Explore"], 0, f"“{good.text[:80]}” asks for a fact after your argument: it gathers "
                             "data for your point, not their view. Ask what the objection means for them.",
                             (good.text,)))
    elif good:
        checks.append(_check(r["Explore"], 0.5, f"“{good.text[:80]}” {half} Ask what it means for them.",
                             (good.text,)))
    elif bad:
        checks.append(_check(r["Explore"], 0, f"“{bad.text[:80]}” {NOT_EXPLORING[bad.question]}. Ask about their "
                             "view: “What makes this the sticking point for you?”", (bad.text,)))
    elif around := next((s for s in reading.sentences if s.question and (
            find("way_round", s.text) or find("seller_offer_question", s.text) or find("contact_question", s.text)
            or re.match(r"\W*but\b", s.text, re.IGNORECASE))), None):
        checks.append(_check(r["Explore"], 0, f"“{around.text[:80]}” looks for a way round their objection, not into "
                             "it: nothing of theirs is left to explore. Ask what the objection means for them.",
                             (around.text,)))
    elif closed := next((s for s in reading.sentences if s.question and (
            find("scheduling_question", s.text) or find("permission_to_sell", s.text) or s.sarcasm
            or any(x.sarcasm or x is argued for x in reading.sentences[:s.index]))), None):
        checks.append(_check(r["Explore"], 0, f"“{closed.text[:80]}” asks for a yes, a date or a step of the sale "
                             "after your own point: it leaves nothing of theirs to explore. Ask what the objection "
                             "means for them.", (closed.text,)))
    elif any(s.question for s in reading.sentences):
        checks.append(_check(r["Explore"], 0.5, "You ask a question, but it can be answered with yes or no. Open it "
                             "up: start with “What…”, “How…” or “Tell me more about…”."))
    else:
        checks.append(_check(r["Explore"], 0, "Add an open question about their view, e.g. “What makes this the "
                             "sticking point for you?”"))
    checks.append(_no_pushback(r["No push-back"], reading, scenario=scenario))
    block = ("It pushes back on the objection, the habit this exercise removes." if checks[-1].credit == 0 else
             "No open question yet: exploring is half of this exercise." if checks[1].credit < 1 else "")
    return checks, block


def _for_a_fact(question: SentenceReading) -> bool:
    """A question for a number, a yes/no fact or a date ("how many…?", "when would be a good time…?")."""
    return bool(opens_with("quantity_question", question.text) and not opens_with("invitation", question.text)
                or find("scheduling_question", question.text))


def _half_exploring(reading: Reading, good: SentenceReading, argued: SentenceReading | None) -> str:
    """Why an open question explores only half ("" when it explores fully): after the seller's argument or a
    mocking start, asking for a fact or a date, asking what it would take to buy, or offering the seller's options."""
    if argued is not None and argued.index <= good.index:
        return "comes after your argument: it reads as the next step of it."
    if any(x.sarcasm for x in reading.sentences[:good.index + 1]):
        return "comes after a mocking start: the customer will not hear it as a real question."
    if _for_a_fact(good):
        return "asks for a fact or a date, not their view."
    if find("price_question", good.text):
        return "asks for a price or a budget: it opens a haggle, not their view."
    if find("conditions_question", good.text):
        return "asks what it would take to buy: it steers to the sale before you know their view."
    if find("weak_spot_probe", good.text):
        return "digs for the weak spot your offer would fill: it explores for you, not their view."
    if _choice(good):
        return "offers your options: it leaves them less room than a question about what matters to them."
    return ""


_SELLERS = persons.words("we")


def _need(text: str, reading: Reading, scenario: Scenario,
          arguing: list[SentenceReading] | None = None) -> tuple[str, ...]:
    """Hidden-need cues said about the customer (not in the seller's own view or worry), found in one pass."""
    arguing = _arguing(reading, scenario) if arguing is None else arguing
    spans = [(s.start, s.end) for s in arguing]
    argued_at = min((s.start for s in arguing), default=len(text))  # a need named after the seller argued sets up
    cued = [text[a:b] for a, b in need_spans(text, scenario)  # the pitch ("…so you're looking for a partner who stays")
            if not any(x <= a < y for x, y in spans) and a < argued_at]
    framed = [s.text for s in reading.sentences if s not in arguing and not s.view and s.question != "open" and (
              find("need_frame", s.text) and not seller_voice(s.text) or find("certainty_need", s.text))
              and not find("seller_opinion", s.text) and not find("view_teaser", s.text)
              and not find("superlative", s.text)]  # "what you're really after is a figure you can hold to"
    past = [s.text for s in reading.sentences if s not in arguing and not s.view and not any(
            a.index < s.index for a in arguing) and (_past_their_words(s, scenario) or _guessed(s, scenario))]
    return tuple(dict.fromkeys(cued + framed + past))


def _guessed(sentence: SentenceReading, scenario: Scenario) -> bool:
    """The seller's guess at what lies under it for them, in words of its own ("I guess after getting 80 reps to use a
    system, starting over is pretty painful?"): "I imagine / I'm guessing…", about them, saying more than their
    objection said."""
    guess = find("reading_them", sentence.text)
    if not guess or sentence.question not in ("", "closed") or _SELLERS.search(sentence.text):
        return False
    after = sentence.text[guess[0].end():]
    said = {t.stem for t in tokens(scenario.objection)}
    return bool(ABOUT_THEM.search(after)) and len({t.stem for t in tokens(after) if len(t.text) > 3} - said) >= 3


def _past_their_words(sentence: SentenceReading, scenario: Scenario) -> bool:
    """A sentence about the customer, with nothing of the seller's, that names a stake, need or pressure in words
    their objection did not use ("…and you can't let your customers down")."""
    text = sentence.text
    if not ABOUT_THEM.search(text) or _SELLERS.search(text) or sentence.question not in ("", "closed") or any(
            find(name, text) for name in ("seller_opinion", "view_teaser", "superlative")):
        return False
    said = {t.stem for t in tokens(scenario.objection)}
    restated = [(p.start, p.end) for p in key_points(text, scenario)[0]]  # "you don't trust anyone's timeline": theirs
    return any(not ({t.stem for t in tokens(m.group())} <= said) and not any(a <= m.start() < b for a, b in restated)
               and not (m.group().lower().startswith("need") and _NEGATED.search(text, 0, m.start()))
               for m in find("stake_word", text)) or any(  # "you do not want to lose the trust you built": a worry
        len(content_stems(re.split(r"[,;.?!]", text[m.end():])[0]) - said - _points_said(scenario)) >= UNSAID_WORRY_WORDS
        for m in find("their_worry", text))  # in words of its own, not those of a key point


def _points_said(scenario: Scenario) -> frozenset[str]:
    """The stems of the scenario's key points and their listed synonyms: their objection, in other words."""
    return frozenset(content_stems(" ".join(w for p in scenario.key_points for w in (p.idea, *p.synonyms))))


#: Words of its own a worry of theirs must say to go past their objection ("you do not want to lose the trust you built").
UNSAID_WORRY_WORDS = 3
#: "a risk you don't need": a need denied says no stake ("you can't let them down" still does)
_NEGATED = re.compile(r"(?:n[’']t|\bnot|\bno)\s+$", re.IGNORECASE)


def _arguing(reading: Reading, scenario: Scenario) -> list[SentenceReading]:
    """Sentences that argue or sell. A sentence that names the offer only to restate the objection ("at our price
    you'd have to sell at six euros") is the customer's view, not the seller's: it carries a key point or the need
    underneath, with no rebuttal, no minimiser and no claim of what the offer brings."""
    out = []
    checked = False
    for s in reading.sentences:
        if s.rebuttal and not checked and _their_but(s, scenario):
            continue  # "…you have to stay neutral, but the payroll errors still need fixing": their own "but"
        shrinks = shrinking(s.text, s.moves) and s.question not in ("open", "check")  # "…worth it for you?" asks
        if s.rebuttal or shrinks or find("good_news", s.text) or find("seller_conclusion", s.text) or (
                s.view and (find("benefit_claim", s.text) or checked)):
            out.append(s)  # after the check question the summary is over: a view there is the seller's
        elif s.question in ("advice", "steer", "setup"):
            out.append(s)
        elif s.view and (seller_voice(s.text) or find("seller_opinion", s.text) or not (
                key_points(s.text, scenario)[0] or need_in(s.text, scenario))):
            out.append(s)  # "I promise you we're different": the seller's word, whatever of theirs it names
        elif s.question == "tag" and (out or find("benefit_claim", s.text) or our_offer(s.text)):
            out.append(s)
        elif says_the_counter_argument(s, scenario) or asks_the_counter_argument(s, scenario):
            out.append(s)
        checked = checked or s.question == "check"
    return out


def _their_but(sentence: SentenceReading, scenario: Scenario) -> bool:
    """A "but" inside the restatement that gives the customer's own other side ("…but the payroll errors still need
    fixing whoever wins"): what follows carries one of their ideas or their need, and nothing of the seller's."""
    after = sentence.rebuttal
    head = sentence.text[:len(sentence.text) - len(after)]
    if len(head.split()) < 4 or not (sentence.moves & set(RESTATING) or ABOUT_THEM.search(head)):
        return False  # "But there's always money left at year end.": the seller's "but", opening the sentence
    if _SELLERS.search(after) or re.search(r"\bactually\b", after, re.IGNORECASE) or find(
            "strong_contrast", after) or find("seller_view", after) or find("minimiser", after) or any(
            not _said_of_them(after, m.start()) for m in find("benefit_claim", after)) or find(
            "seller_opinion", after) or find("view_teaser", after) or find(
            "seller_conclusion", after) or counter_echo(after, scenario):
        return False
    return bool(key_points(after, scenario)[0] or need_in(after, scenario))


def _said_of_them(text: str, at: int) -> bool:
    """The clause around ``at`` is about the customer ("when you know your own shoppers better than anyone"): a word of
    benefit there is theirs, not the offer's."""
    clause = re.split(r"[,;:—–]|\s-\s|\b(?:and|but|when|because)\b", text[:at], flags=re.IGNORECASE)[-1]
    return bool(ABOUT_THEM.search(clause))


def _head(sentence: SentenceReading) -> str:
    """What an arguing sentence says before its "but", its reassurance or its conclusion for the offer: that part still
    gives their view back."""
    cuts = [len(sentence.text) - len(sentence.rebuttal)] if sentence.rebuttal else []
    cuts += [m.start() for m in find("minimiser", sentence.text) + find("seller_conclusion", sentence.text)
             + find("good_news", sentence.text)]
    return sentence.text[:min(cuts)] if cuts else ""


def _restated_then_rebutted(reading: Reading, scenario: Scenario) -> bool:
    """A sentence that opens by giving their view back before its "but" ("If I understand, the 8% is a lot at your
    volumes, but…"): a restatement, taken back by the rebuttal."""
    for s in reading.sentences:
        head = _head(s)
        if head and (s.moves & set(RESTATING) or key_points(head, scenario)[0]):
            return True
    return False


def _check_question(r, reading: Reading, arguing: list[SentenceReading] | None = None) -> Check:
    last = next((s for s in reversed(reading.sentences) if s.question), None)
    if last is None:
        return _check(r["Check"], 0, "End with a check question, e.g. “Have I got that right?”, so the customer can "
                      "confirm or correct you.")
    argued = [s for s in reading.sentences if s.view] if arguing is None else arguing
    before = reading.sentences[last.index - 1] if last.index else None
    if last.question == "check" and before is not None and before in argued and not before.question:
        return _check(r["Check"], 0, f"“{last.text[:80]}” comes right after your argument, so it asks them to agree "
                      "with it, not to confirm your summary. Hand the summary back before anything of yours.",
                      (last.text,))
    if last.question == "check" and not last.rebuttal:
        return _check(r["Check"], 1, f"“{last.text[:80]}” lets the customer confirm or correct you.", (last.text,))
    if last.question == "tag" and (last in argued or any(s in argued for s in reading.sentences[:last.index])):
        return _check(r["Check"], 0, f"“{last.text[:80]}” asks them to agree with your argument: that is pressure, not "
                      "a check. Hand the summary back: “Have I got that right?”", (last.text,))
    if last.question != "check" and (last in argued or any(s in argued for s in reading.sentences[:last.index])):
        return _check(r["Check"], 0, f"“{last.text[:80]}” follows your argument: it asks about your point, not about "
                      "your summary. Hand the summary back: “Have I got that right?”", (last.text,))
    return _check(r["Check"], 0.5, f"You ask “{last.text[:80]}”, but it does not hand your summary back for them to "
                  "confirm. Try “Have I got that right?”", (last.text,))


@scorer("reformulate", "objection")
def reformulation(text: str, reading: Reading, scenario: Scenario):
    """Score a reformulation against the scenario's key points and hidden need (level 4)."""
    r = _rubric("reformulate")
    arguing = _arguing(reading, scenario)
    # a step of the sale ("I can send them samples", "let's grab 20 mins") argues here, not in `_arguing`: the full
    # reply shares that, and there "Sure, I'll send it over" does what the customer asked (54 checks worse there)
    arguing += [s for s in reading.sentences if s not in arguing and not s.moves & set(RESTATING) and (
        find("seller_steps", s.text) or find("meeting_push", s.text))]
    restating = [s for s in reading.sentences if s not in arguing and (s.moves & set(RESTATING) or s.view)]
    summary = " ".join(s.text if s not in arguing else _head(s) for s in reading.sentences)
    found, missing = key_points(summary, scenario)
    parrot = parroting(text, scenario.objection)
    rebutted = bool(arguing)
    if restating and not parrot and not rebutted:
        checks = [_check(r["Restate"], 1, f"“{restating[0].text[:80]}” restates the customer's view.", (restating[0].text,))]
    elif restating or parrot or _restated_then_rebutted(reading, scenario):
        why = (f"“{parrot[:60]}” copies their words back: say it in yours." if parrot else
               "You restate their view, then a rebuttal follows: the summary no longer reads as listening.")
        checks = [_check(r["Restate"], 0.5, why, (parrot,) if parrot else ())]
    elif found:
        shown = summary[found[0].start:found[0].end]
        checks = [_check(r["Restate"], 0.5, f"“{shown[:60]}” carries their idea, but not yet as their view: give it "
                         "back about them (“So for you…”, “You're worried that…”).", (shown,))]
    else:
        checks = [_check(r["Restate"], 0, "Put their view in your own words, about them: “So for you…”, “You're "
                         "worried that…”.")]
    evidence = tuple(summary[p.start:p.end] for p in found)
    total = len(scenario.key_points)
    checks.append(_check(r["Key points"], len(found) / total, f"You carry {len(found)} of {total} ideas. Missing: "
                         f"{'; '.join(missing)}." if missing else f"Every idea is there ({_quoted(evidence)}).", evidence))
    need = _need(text, reading, scenario, arguing)
    feeling = [s for s in reading.sentences if Move.EMPATHY in s.moves and not s.view
               and not key_points(s.text, scenario)[0]]  # "you're worried we're too young": their objection again
    if need:
        checks.append(_check(r["Better than they did"], 1, f"{_quoted(need)} names what they did not say: that is "
                             "what makes a customer answer “that's right”.", need))
    else:
        checks.append(_check(r["Better than they did"], 0.5 if feeling else 0,
                             ("You name a feeling, but not the need underneath. " if feeling else "")
                             + "Go one step past their words: what are they afraid of, or what do they need? Hint: "
                             + scenario.hints.reformulate[-1]))
    checks.append(_check_question(r, reading, arguing))
    words = tuple(dict.fromkeys([(x.rebuttal or x.text).strip() for x in arguing] + claim_clauses(reading, scenario)))
    checks.append(_check(r["No push-back"], 0, f"{_quoted(words, 2)} argues or sells inside the summary: the customer "
                         "stops feeling heard. Keep the summary theirs; your view can wait for permission.", words)
                  if words else _check(r["No push-back"], 1, "Nothing pushes back: the summary is all theirs."))
    block = ("A rebuttal or pitch slipped into the reformulation." if checks[-1].credit == 0 else
             "It restates what they said but adds nothing underneath: this exercise asks for better than they did."
             if checks[2].credit == 0 else "")
    return checks, block


def _choice(question: SentenceReading) -> bool:
    """A question that offers the seller's options ("what worries you most, the delivery or the returns?")."""
    return bool(re.search(r",[^,?]*\bor\b[^,?]*\?\s*$", question.text))
