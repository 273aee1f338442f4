"""coachkit.moves: each move from principles, tricky cases, evidence, robustness, determinism."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coachkit.moves import CONTEXTS, Detection, Move, Span, detect_moves


def moves(text: str, context: str = "objection") -> set[str]:
    return {d.move.value for d in detect_moves(text, context)}


@pytest.mark.parametrize("text", [
    "Good question, and a fair one.",
    "That's a reasonable worry to have.",
    "Thank you for being so direct about it.",
    "Fair point.",
    "You're right to bring that up now.",
])
def test_acknowledge(text):
    """Granting the objection its legitimacy is read as acknowledge."""
    assert "acknowledge" in moves(text)


@pytest.mark.parametrize("text", [
    "What would a good outcome look like for your team?",
    "How are you handling the overtime at the moment?",
    "Walk me through what happened with the previous installer.",
    "I'm curious how the board usually looks at a spend like this.",
    "tell me more about the audit",
])
def test_explore(text):
    """Open questions and invitations to say more are read as explore."""
    assert "explore" in moves(text)


@pytest.mark.parametrize("text", [
    "Don't you think your staff deserve better tools?",
    "Wouldn't you agree the old process is a waste of time?",
    "Isn't it obvious the savings cover the fee?",
])
def test_leading_question_is_not_explore(text):
    """A leading question pushes the seller's view: pressure, never explore."""
    found = moves(text)
    assert "explore" not in found and "pressure" in found


@pytest.mark.parametrize("text", [
    "So, if I've got you right, the hardware is fine but the training time worries you. Is that it?",
    "What I'm hearing is that the board wants proof before a full roll-out.",
    "You're concerned that the switch will land in the middle of harvest.",
    "In other words, the price matters less than knowing who picks up the phone.",
])
def test_reformulate(text):
    """Restating the customer's view, with or without a frame word, is read as reformulate."""
    assert "reformulate" in moves(text)


@pytest.mark.parametrize("text", [
    "May I tell you how two other clinics dealt with this?",
    "Would it be all right if I suggested a different starting point?",
    "Do you mind if I share a thought?",
    "Would you be open to hearing another option?",
])
def test_ask_permission(text):
    """Asking leave before giving a view is read as ask_permission."""
    assert "ask_permission" in moves(text)


@pytest.mark.parametrize("text", [
    "It sounds like the last quarter has been exhausting for everyone.",
    "That must have been a difficult call to make.",
    "I can imagine how stretched your planners are right now.",
    "From where you sit, this probably looks like one more risk.",
])
def test_empathy(text):
    """Naming the customer's feeling or situation from their side is read as empathy."""
    assert "empathy" in moves(text)


@pytest.mark.parametrize("text", [
    "I understand, but the figures are clear on this.",
    "Okay, but you're forgetting the maintenance savings.",
    "That's simply not how the licence works.",
    "Actually, we are cheaper than your current supplier.",
    "I hear you. However, our uptime is far better than theirs.",
])
def test_counter_argument(text):
    """Rebutting or correcting the objection, including 'I understand, but…', is counter_argument."""
    found = moves(text)
    assert "counter_argument" in found
    assert "acknowledge" not in found or not text.startswith("I understand,")


def test_not_only_but_also_is_not_a_rebuttal():
    """'but' in 'not only… but also' does not make a counter-argument."""
    assert "counter_argument" not in moves("You want not only a lower price but also less paperwork, is that right?")


def test_but_followed_by_a_question_is_not_a_rebuttal():
    """'but tell me…' keeps the conversation open: no counter-argument."""
    assert "counter_argument" not in moves("I hear you, but tell me more about what happened last time.")


@pytest.mark.parametrize("text", [
    "Our scheduling engine handles all of that automatically.",
    "We are the leading supplier in the region.",
    "Let me walk you through our new dashboard.",
    "Have you seen our mobile app?",
])
def test_pitch(text):
    """Presenting the offer unasked, even as a question, is pitch."""
    assert "pitch" in moves(text)


@pytest.mark.parametrize("text", [
    "If I were in your position, I'd lock in the price today.",
    "You should talk to your finance director this week.",
    "My advice: start small and scale later.",
])
def test_projection(text):
    """Advice from the seller's own frame is projection."""
    assert "projection" in moves(text)


@pytest.mark.parametrize("text", [
    "Just circling back on this one.",
    "Any thoughts on the quote yet?",
    "The discount expires on Friday, so I need an answer soon.",
    "This is my third email about the renewal.",
])
def test_pressure(text):
    """Chasing without anything new is pressure."""
    assert "pressure" in moves(text, "followup")


@pytest.mark.parametrize("text", [
    "You said training time was the blocker, so I put together a two-hour onboarding plan for your shift leads.",
    "I found a grant that covers half the cost of energy audits for firms your size.",
    "Here is a short comparison of the three financing options we discussed.",
])
def test_new_value(text):
    """A follow-up that brings something concrete for their problem is new_value, not reformulate."""
    found = moves(text, "followup")
    assert "new_value" in found and "reformulate" not in found


def test_no_pressure_is_not_pressure():
    """A negated cue ("I'm not chasing you") is not read as pressure."""
    assert "pressure" not in moves("I'm not checking in for the sake of it: I found a cheaper delivery route for you.",
                                   "followup")


def test_several_moves_in_order():
    """One reply can hold several moves, returned in the order they appear."""
    found = [d.move for d in detect_moves("I get it. What makes the timing so tight for you?")]
    assert [Move.ACKNOWLEDGE, Move.EXPLORE] == found


def test_evidence_offsets_are_the_text():
    """Each evidence span's text is the slice of the reply at its offsets."""
    text = "That's a fair concern — what worries you most? May I share how others handled it?"
    for detection in detect_moves(text):
        assert isinstance(detection, Detection) and detection.reason
        for span in detection.evidence:
            assert isinstance(span, Span) and text[span.start:span.end] == span.text


def test_move_is_a_str_enum():
    """A Detection's move compares equal to its name."""
    (detection,) = detect_moves("Fair enough.")
    assert "acknowledge" == detection.move


def test_deterministic():
    """The same text gives the same detections."""
    text = "I understand, but you have to act now. Our platform is the best."
    assert detect_moves(text) == detect_moves(text)


def test_empty_text():
    """Empty or blank text has no moves."""
    assert [] == detect_moves("") == detect_moves("  \n\t")


def test_unknown_context():
    """An unknown context is refused, naming the allowed ones."""
    with pytest.raises(ValueError, match="objection"):
        detect_moves("Hello", "party")


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=2000), context=st.sampled_from(CONTEXTS))
def test_any_text_is_read(text, context):
    """Any unicode text returns a list of detections without raising."""
    result = detect_moves(text, context)
    assert all(text[s.start:s.end] == s.text for d in result for s in d.evidence)


def test_hundred_kilobytes():
    """A 100 KB text is read without error."""
    text = ("I understand, but our price is lower. What worries you? " * 2000)[:100_000]
    assert {"counter_argument", "explore"} <= {d.move.value for d in detect_moves(text)}


def test_bucketed_cues_match_plain_patterns(monkeypatch):
    """The first-letter cue tables find exactly the moves the plain patterns find."""
    import csv
    import re
    from pathlib import Path

    import yaml

    from coachkit import _moves_rules as rules

    texts = [row["text"] for row in csv.DictReader(open(Path(__file__).parents[1] / "data" / "labelled" / "moves_heldout.csv"))]
    fast = [detect_moves(t) for t in texts]
    raw = yaml.safe_load((Path(rules.__file__).parent / "lexicons" / "moves.yaml").read_text(encoding="utf-8"))
    plain = tuple(rules.CueGroup(g["move"], g["meaning"],
                                 (re.compile("|".join(f"(?:{p})" for p in g["patterns"]), rules.FLAGS),),
                                 bool(g.get("negatable", False)), frozenset(g["contexts"]) if g.get("contexts") else None)
                  for g in raw["groups"])
    words = rules.lexicon()[1]
    monkeypatch.setattr(rules, "lexicon", lambda: (plain, words))
    assert [{d.move for d in r} for r in fast] == [{d.move for d in detect_moves(t)} for t in texts]


def test_cues_are_compiled_once_when_two_threads_ask_together(monkeypatch):
    """A check arriving while the background warm-up compiles waits for it instead of compiling again."""
    import threading
    import time

    from coachkit import _moves_rules

    calls = []
    original = _moves_rules._lexicon.__wrapped__

    def slow():
        calls.append(1)
        time.sleep(0.2)
        return original()

    monkeypatch.setattr(_moves_rules, "_lexicon", __import__("functools").lru_cache(maxsize=1)(slow))
    _moves_rules.lexicon.cache_clear()
    threads = [threading.Thread(target=_moves_rules.lexicon) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    _moves_rules.lexicon.cache_clear()
    assert 1 == len(calls)


def test_a_detection_says_whether_the_learned_model_found_it():
    """A rule's detection is not learned; the backstop's guess is, and its reason says so."""
    guessed = [d for d in detect_moves("I respect 12 years, that's loyalty.", "objection") if d.learned]
    assert guessed and all("learned model" in d.reason for d in guessed)
    ruled = detect_moves("May I share how I see it?", "objection")
    assert ruled and not any(d.learned for d in ruled)


def test_the_warm_up_freezes_what_it_built():
    """What the warm-up compiled lives as long as the process: the collector's full collections no longer walk it."""
    import gc

    from coachkit import _moves_rules
    from coachkit.moves import warm_up

    warm_up()
    walked = {id(o) for o in gc.get_objects()}
    assert gc.get_freeze_count() > 0 and id(_moves_rules.constructions()) not in walked
