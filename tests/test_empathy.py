"""coachkit.empathy: whose frame, diagnosing the no, the client's frame, the first hello, the alliance."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coachkit.config import MAX_ANSWER_CHARS
from coachkit.content import load_alliance, load_client_frames, load_openings, load_refusals, load_statements
from coachkit.empathy import (
    ALLIANCE_ITEMS,
    EMPATHY_RUBRICS,
    RULES,
    ClientFrameSession,
    DiagnoseSession,
    OpeningSession,
    SortSession,
    classify_statement,
    item_kinds,
    read_frame,
    score_alliance,
    score_client_frame,
    score_diagnosis,
    score_opening,
    score_sort,
)
from coachkit.feedback import Feedback, projection_vs_empathy
from coachkit.schema import FRAME_LABELS, MOTIVES, Statement

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def statements() -> dict[str, Statement]:
    return {s.id: s for s in load_statements(DATA)}


@pytest.fixture(scope="module")
def refusal():
    """unk-cloud-accounting: motive unknown; responses 1 and 3 fit, 0 and 2 do not."""
    return next(r for r in load_refusals(DATA) if r.id == "unk-cloud-accounting")


@pytest.fixture(scope="module")
def frame():
    """cf-gp-practice-manager: Amira, practice manager of a GP surgery."""
    return next(f for f in load_client_frames(DATA) if f.id == "cf-gp-practice-manager")


@pytest.fixture(scope="module")
def opening():
    """op-city-hotel: the general manager of a city hotel; cues hotel, rooms, guests, building, season."""
    return next(o for o in load_openings(DATA) if o.id == "op-city-hotel")


def shares(feedback: Feedback) -> dict[str, float]:
    return {c.name: round(c.credit / c.weight, 3) for c in feedback.checks}


def all_answers(value: int) -> dict[str, int]:
    return {i.id: value for i in load_alliance(DATA)}


# --------------------------------------------------------------------------- whose frame


def test_if_i_were_you_is_projection():
    """"If I were you, I'd…" is the seller's frame, and the deciding words say so."""
    assert ("projection", ("If I were you",)) == classify_statement("If I were you, I'd wait until spring.")


def test_if_i_were_this_client_what_could_i_do_is_empathy():
    """"If I were this client, what could I do?" takes the client's frame: empathy, not projection."""
    label, words = classify_statement("If I were this client, what could I do?")
    assert "empathy" == label
    assert "If I were this client" in words


def test_in_their_position_question_is_empathy():
    """"If I were in their position, what would I fear?" is the client's frame."""
    assert "empathy" == classify_statement("If I were in their position, what would I fear most?")[0]


def test_client_position_then_seller_decision_is_projection():
    """Borrowing the client's position only to announce a purchase ("…I'd sign today") is still projection."""
    assert ("projection", ("I'd sign today",)) == classify_statement("If I were the client, I'd sign today.")


def test_feeling_then_advice_is_projection():
    """A mixed sentence that names a feeling, then advises, is labelled by the advice."""
    reading = read_frame("It sounds like your team is stretched, so you should delay the launch.")
    assert "projection" == reading.label
    assert ("you should",) == reading.deciding
    assert "It sounds like" in reading.client


def test_feeling_then_pitch_is_other():
    """A mixed sentence that names a pain, then presents the offer, lands on the offer: other."""
    label, words = classify_statement("It sounds like onboarding hurts; our new module cuts it to one afternoon.")
    assert ("other", ("our new module cuts it to one afternoon",)) == (label, words)


def test_quoted_advice_does_not_count():
    """Advice in quotes is reported, not given: the client's question decides."""
    text = "My reflex was to say 'just sign', but if I were this client, what could I do with no IT team?"
    assert "empathy" == classify_statement(text)[0]


def test_reported_advice_does_not_count():
    """"People will tell you that you should…" reports advice; the seller's own words are empathy."""
    assert "empathy" == classify_statement("People will tell you that you should sign, but it sounds like the "
                                           "timing is hard for you.")[0]


def test_set_aside_advice_does_not_count():
    """"I won't tell you what I'd do in your shoes" sets projection aside."""
    assert "empathy" == classify_statement("I won't tell you what I'd do in your shoes; from where you sit, "
                                           "what feels risky?")[0]


def test_if_i_were_to_sum_up_is_other():
    """"If I were to sum up the proposal" takes no frame at all."""
    assert "other" == classify_statement("If I were to sum up the proposal: two sites, one contract.")[0]


def test_neutral_information_is_other_with_no_deciding_words():
    """Plain information is other, with nothing that decides a frame."""
    assert ("other", ()) == classify_statement("The delivery is booked for Tuesday morning.")


def test_curly_apostrophes_read_like_straight_ones():
    """"If I were you, I’d…" (typographic apostrophe) reads like the straight one."""
    assert "projection" == classify_statement("In your shoes I’d switch now.")[0]


def test_empty_text_is_other():
    """An empty text is other, with no deciding words."""
    assert ("other", ()) == classify_statement("   ")


# --------------------------------------------------------------------------- sort


def test_sort_right_label_names_the_deciding_words(statements):
    """The right label scores full marks and the message quotes the curated deciding words and the reason."""
    s = statements["proj-if-i-were-you-sign"]
    result = score_sort(s, "projection")
    assert 1.0 == result.score and result.passed
    assert "“If I were you”, “I'd sign”" in result.checks[0].message
    assert s.reason in result.checks[0].message


def test_sort_mixed_statement_half_right_gets_partial_credit(statements):
    """Sorting a feeling-then-advice statement as empathy earns part credit and names both sides."""
    result = score_sort(statements["proj-stretched-should"], "empathy")
    assert RULES.mixed_frame_credit == result.score
    assert "Half right" in result.checks[0].message
    assert "“It sounds like”" in result.checks[0].message and "“you should”" in result.checks[0].message


def test_sort_wrong_label_gets_nothing(statements):
    """A label whose frame is not in the sentence scores 0 and says which label it is."""
    result = score_sort(statements["emp-sounds-like-weekends"], "other")
    assert 0.0 == result.score
    assert "this is empathy (the client's frame)" in result.checks[0].message


def test_sort_if_i_were_this_client_as_projection_is_wrong(statements):
    """Calling "if I were this client, what could I do" projection gets no credit: the "if I were" leads in."""
    assert 0.0 == score_sort(statements["emp-this-client-could-do"], "projection").score


def test_sort_unknown_label_is_refused(statements):
    """A label outside projection / empathy / other is refused with the list of labels."""
    result = score_sort(statements["oth-award"], "advice")
    assert result.refused and all(label in result.refused for label in FRAME_LABELS)


def test_sort_rubric_is_one_line():
    """The sort rubric has one line, "Whose frame", and each scored sort gives exactly one check."""
    assert ["Whose frame"] == [c.name for c in EMPATHY_RUBRICS["sort"]]


# --------------------------------------------------------------------------- projection vs empathy rewrite


def test_rewrite_mixing_projection_and_empathy_gets_partial_credit():
    """A rewrite that names the client's strain but still advises gets some credit, not all: the advice is the
    seller's plan for them, so it is only half about them."""
    result = projection_vs_empathy("It sounds like your team is stretched, so you should push the go-live back.")
    assert {"Client's frame": 0.5, "No projection": 0.0, "About them": 0.5} == shares(result)
    assert 0 < result.score < 1


def test_rewrite_empathy_then_if_i_were_you_gets_partial_credit():
    """Empathy followed by "if I were you" in a second sentence keeps the frame credit and loses the projection one."""
    result = projection_vs_empathy("From where you sit, the launch lands in your busiest month. If I were you I'd move it.")
    assert 0 < result.score < 1
    assert 0.0 == shares(result)["No projection"]


def test_rewrite_pure_empathy_gets_full_credit():
    """A rewrite wholly in the client's frame scores full marks."""
    assert 1.0 == projection_vs_empathy("It sounds like the launch date worries your team.").score


def test_rewrite_if_i_were_this_client_is_not_projection():
    """The rewrite scorer should not take "if I were this client, what could I do?" for projection."""
    assert 1.0 == shares(projection_vs_empathy("If I were this client, what could I do?"))["No projection"]


# --------------------------------------------------------------------------- diagnose the no


def test_diagnosis_right_motive_and_fitting_response(refusal):
    """The right motive and a fitting response score full marks, each message saying why."""
    result = score_diagnosis(refusal, "unknown", 1)
    assert {"Motive": 1.0, "Response": 1.0} == shares(result)
    assert refusal.motive_clue in result.checks[0].message
    assert refusal.responses[1].why in result.checks[1].message


def test_diagnosis_right_motive_wrong_response_gets_partial_credit(refusal):
    """The right motive with a response that does not fit gets half, and the message shows one that fits."""
    result = score_diagnosis(refusal, "unknown", 0)
    assert 0.5 == result.score
    assert {"Motive": 1.0, "Response": 0.0} == shares(result)
    assert "does not fit" in result.checks[1].message and refusal.responses[1].text in result.checks[1].message


def test_diagnosis_wrong_motive_names_the_right_one(refusal):
    """A wrong motive is named, with what it would mean and what the customer's words point to."""
    result = score_diagnosis(refusal, "budget", 3)
    assert {"Motive": 0.0, "Response": 1.0} == shares(result)
    message = result.checks[0].message
    assert "Not budget" in message and "That points to unknown" in message and MOTIVES["unknown"] in message


def test_diagnosis_accepts_spaced_motive_names(refusal):
    """"Status quo" and "status-quo" are read as status_quo (and scored, not refused)."""
    assert not score_diagnosis(refusal, "Status quo", 0).refused
    assert not score_diagnosis(refusal, "status-quo", 0).refused


def test_diagnosis_unknown_motive_is_refused(refusal):
    """A motive outside the list is refused with the list of motives."""
    result = score_diagnosis(refusal, "laziness", 0)
    assert "Pick the motive" in result.refused and "status quo" in result.refused


@pytest.mark.parametrize("index", [-1, 4, True, "1", None])
def test_diagnosis_bad_response_index_is_refused(refusal, index):
    """A response index outside 0..n-1 (or not an int) is refused with the number of responses."""
    assert "Pick one of the 4 responses." == score_diagnosis(refusal, "unknown", index).refused


# --------------------------------------------------------------------------- if I were this client


def test_client_item_about_the_seller_fails_with_a_message(frame):
    """"We could offer them a discount" and "our platform…" are about the seller: 0, with a message saying so."""
    result = score_client_frame(["We could offer them a discount.", "Our platform saves her time."], frame)
    assert {"Item 1": 0.0, "Item 2": 0.0} == {k: v for k, v in shares(result).items() if k.startswith("Item")}
    assert "is about you and your offer, not the client" in result.checks[0].message
    assert "“Our platform saves her time”" in result.checks[1].message


def test_client_item_with_advice_fails(frame):
    """"She should sign soon" is advice from the seller's frame, not what she could do."""
    result = score_client_frame(["She should sign soon."], frame)
    assert 0.0 == shares(result)["Item 1"]
    assert "advice from your frame" in result.checks[0].message


def test_client_item_in_their_world_passes(frame):
    """An item that touches the client's world (a frame hint, any word form) scores full and names it."""
    result = score_client_frame(["She fears the receptionist will feel replaced."], frame)
    assert 1.0 == shares(result)["Item 1"]
    assert "“receptionist”" in result.checks[0].message


def test_an_item_that_says_what_they_fear_is_in_their_frame(frame):
    """A fear, need or could-do about the client is in their frame, as a coach reads it, even in general words."""
    result = score_client_frame(["They fear change."], frame)
    assert 1.0 == shares(result)["Item 1"]
    assert "about them" in result.checks[0].message


def test_client_frame_needs_could_fear_and_need(frame):
    """Items that hold a could-do and a fear but no need get two thirds of the coverage, and are told to add a need."""
    result = score_client_frame(["She could ask for a trial on repeat prescriptions.",
                                 "She fears the partners will blame her."], frame)
    assert pytest.approx(2 / 3, abs=1e-3) == shares(result)["Could do, fear, need"]
    assert "Add a need" in result.checks[-1].message


def test_client_frame_full_answer_scores_full(frame):
    """A could-do, a fear and a need, each tied to the client's world, score full marks."""
    result = score_client_frame("She could keep the phone line for older patients.\n"
                                "She fears the receptionists feel replaced.\n"
                                "She needs a monthly cost the partners accept.", frame)
    assert 1.0 == result.score


def test_item_kinds_follow_the_documented_order():
    """An item is a fear before a need before a could-do: "she could be blamed" is a fear."""
    assert [("fear",), ("need",), ("could",), ()] == [item_kinds(t) for t in (
        "She could be blamed by patients.", "She needs a cheaper option.", "She could wait.", "Partners.")]


def test_client_frame_refuses_empty_and_overlong_lists(frame):
    """No item at all, or more than the limit, is refused with a message (nothing scored)."""
    assert "at least one item" in score_client_frame(["", "  "], frame).refused
    assert f"the limit is {RULES.max_items}" in score_client_frame(["She needs time."] * (RULES.max_items + 1), frame).refused
    assert "Item 1:" in score_client_frame(["x" * (MAX_ANSWER_CHARS + 1)], frame).refused


# --------------------------------------------------------------------------- the first hello


def test_opening_that_pitches_first_fails_client_before_offer(opening):
    """An opening that starts with the offer fails "client before offer" and quotes the offer words; the question
    after the pitch reads as qualifying, so it earns only part of the open-question credit."""
    result = score_opening("Our energy system cuts hotel bills by 30%. What are your bills like?", opening)
    assert {"Client before offer": 0.0, "Open question": RULES.closed_question_credit, "No pitch": 0.0} == shares(result)
    assert not result.passed and result.blocked
    assert "“Our energy system” comes before anything about them" in result.checks[0].message
    assert "hotel, rooms or guests" in result.checks[0].message


def test_opening_from_the_client_with_open_question_passes(opening):
    """Client first, an open question, no pitch: full marks."""
    result = score_opening("Thanks for your time. How is the hotel doing this season, with the guests?", opening)
    assert 1.0 == result.score


def test_opening_offer_named_after_the_client_is_half_of_no_pitch_and_cannot_pass(opening):
    """The client first, then the offer named: "client before offer" and "no pitch" are half, and it cannot pass."""
    result = score_opening("How is the hotel this season? We sell energy-management systems.", opening)
    assert {"Client before offer": 0.5, "Open question": 1.0, "No pitch": 0.5} == shares(result)
    assert not result.passed


def test_opening_closed_question_does_not_open(opening):
    """A yes/no question does not open the conversation: no open-question credit, advice to open it, no pass."""
    result = score_opening("Is the hotel busy this season?", opening)
    assert 0.0 == shares(result)["Open question"] and not result.passed
    assert "What…" in result.checks[1].message


def test_opening_question_for_a_figure_gets_part_credit(opening):
    """An open question that asks for a figure earns part of the open-question credit."""
    result = score_opening("Thanks for your time. How many rooms does the hotel fill in a normal week?", opening)
    assert RULES.closed_question_credit == shares(result)["Open question"]


def test_opening_thank_you_is_not_about_the_client(opening):
    """"Thank you" alone does not count as starting from the client."""
    result = score_opening("Thank you. We install energy systems.", opening)
    assert 0.0 == shares(result)["Client before offer"]


def test_opening_empty_is_refused(opening):
    """An empty opening is refused, as every free-text answer is."""
    assert score_opening("", opening).refused


# --------------------------------------------------------------------------- alliance


def test_alliance_all_strong_has_no_weak_point():
    """Agreeing with every positive statement and disagreeing with every reversed one leaves no weak point."""
    answers = {i.id: 1 if i.reverse else 5 for i in ALLIANCE_ITEMS}
    result = score_alliance(answers)
    assert {"authenticity": 1.0, "respect": 1.0, "empathy": 1.0} == result.scores
    assert () == result.weak and {} == result.suggestions and result.passed


def test_alliance_reversed_items_count_the_other_way():
    """Answering 5 everywhere scores reversed statements as 0: each dimension gets 2/3."""
    assert {"authenticity": 0.667, "respect": 0.667, "empathy": 0.667} == score_alliance(all_answers(5)).scores


def test_alliance_each_weak_point_gets_one_suggestion():
    """Every weak dimension gets exactly one suggestion: that of its lowest-scoring statement."""
    items = {i.id: i for i in ALLIANCE_ITEMS}
    answers = {i.id: 1 if i.reverse else 5 for i in ALLIANCE_ITEMS}
    answers.update({"al-their-pace": 2, "al-finish-sentences": 5, "al-advice-reflex": 5, "al-name-feelings": 2})
    result = score_alliance(answers)
    assert ("respect", "empathy") == result.weak
    assert {"respect": items["al-finish-sentences"].suggestion,
            "empathy": items["al-advice-reflex"].suggestion} == result.suggestions


def test_alliance_threshold_is_declared_once():
    """A dimension exactly at the threshold is not weak; just below it is."""
    items = [i.model_copy(update={"reverse": False}) for i in ALLIANCE_ITEMS if i.dimension == "respect"]
    at = {i.id: 3 for i in items}  # (3 - 1) / 4 = 0.5
    assert (("respect",) if 0.5 < RULES.weak_below else ()) == score_alliance(at, items).weak


def test_alliance_missing_answers_are_refused():
    """A self-check with statements left unanswered is refused, naming how many are left."""
    answers = all_answers(3)
    del answers["al-own-words"]
    assert "1 left (al-own-words)" in score_alliance(answers).refused


@pytest.mark.parametrize("value", [0, 6, 2.5, "4", True])
def test_alliance_answer_outside_scale_is_refused(value):
    """An answer that is not a whole number from 1 to 5 is refused."""
    answers = all_answers(3) | {"al-own-words": value}
    assert "whole number from 1 to 5" in score_alliance(answers).refused


def test_alliance_unknown_statement_is_refused():
    """An answer to a statement that does not exist is refused."""
    assert "Unknown statement: al-nope" in score_alliance(all_answers(3) | {"al-nope": 3}).refused


def test_alliance_record_is_plain_json():
    """to_record gives a plain dict that survives a JSON round trip unchanged."""
    record = score_alliance(all_answers(2)).to_record()
    assert record == json.loads(json.dumps(record))
    assert {"kind", "answers", "scores", "weak", "suggestions", "weak_below"} == set(record)
    assert ["authenticity", "respect", "empathy"] == record["weak"]


def test_alliance_items_are_read_lazily_from_data():
    """ALLIANCE_ITEMS holds the nine validated statements of data/alliance.yaml."""
    assert [i.id for i in load_alliance(DATA)] == [i.id for i in ALLIANCE_ITEMS]


# --------------------------------------------------------------------------- sessions


def test_sort_session_unlocks_model_answer_after_an_attempt(statements):
    """The model answer is locked before any attempt, open after one; the hint opens after a failed one."""
    session = SortSession([statements["proj-smart-move"], statements["emp-no-wonder-wary"]])
    assert None is session.model_answer and None is session.hint
    session.submit("projection")
    assert session.model_answer.startswith("projection: “The smart move”") and None is session.hint
    session.next()
    session.submit("other")
    assert session.hint is not None and 0.0 == session.best_score


def test_refused_answers_are_not_attempts(statements, refusal, frame, opening):
    """A refused answer leaves every session untried."""
    sessions = [(SortSession([statements["oth-award"]]), ("nonsense",)), (DiagnoseSession([refusal]), ("nope", 0)),
                (ClientFrameSession([frame]), ([],)), (OpeningSession([opening]), ("",))]
    for session, args in sessions:
        assert session.submit(*args).refused
        assert not session.tried and session.model_answer is None


def test_diagnose_session_shows_motive_and_fitting_responses(refusal):
    """After an attempt the model answer names the motive and the fitting responses."""
    session = DiagnoseSession([refusal])
    session.submit("control", 0)
    assert session.model_answer.startswith("unknown") and refusal.responses[3].text in session.model_answer
    assert "commitment" in session.hint


def test_client_frame_and_opening_sessions_show_model_answers(frame, opening):
    """Model items and the model opening open after an attempt; hints carry the frame hints and cues."""
    cf = ClientFrameSession([frame])
    cf.submit("Our tool is great.")
    assert tuple(frame.model_items) == cf.model_answer and "receptionists" in cf.hint
    op = OpeningSession([opening])
    op.submit("We sell energy systems.")
    assert opening.model_opening == op.model_answer and "guests" in op.hint
    assert EMPATHY_RUBRICS["opening"] == op.rubric


# --------------------------------------------------------------------------- any text


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_classifier_returns_a_label_and_words_of_the_text(text):
    """For any text the classifier gives one of the three labels, and every deciding word is in the text."""
    label, words = classify_statement(text)
    assert label in FRAME_LABELS
    assert all(w and w in text for w in words)


def _sound(result: Feedback) -> bool:
    if result.refused:
        return isinstance(result.refused, str) and not result.checks
    return bool(result.checks) and 0.0 <= result.score <= 1.0 and all(c.message for c in result.checks)


@settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=300), label=st.text(max_size=20), index=st.integers(-3, 8))
def test_every_scorer_returns_a_result_or_a_clear_refusal(text, label, index):
    """Any text given to any scorer gives either scored checks with messages or a refusal that says why."""
    statement = load_statements(DATA)[0]
    refusal = load_refusals(DATA)[0]
    frame = load_client_frames(DATA)[0]
    opening = load_openings(DATA)[0]
    assert _sound(score_sort(statement, label))
    assert _sound(score_diagnosis(refusal, label, index))
    assert _sound(score_client_frame([text, label], frame))
    assert _sound(score_client_frame(text, frame))
    assert _sound(score_opening(text, opening))


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(st.sampled_from([i.id for i in load_alliance(DATA)] + ["other"]),
                       st.one_of(st.integers(-2, 8), st.floats(allow_nan=True), st.text(max_size=3))))
def test_alliance_returns_a_result_or_a_clear_refusal(answers):
    """Any answers dict gives scores in 0..1 with one suggestion per weak point, or a refusal."""
    result = score_alliance(answers)
    if result.refused:
        assert not result.scores
    else:
        assert all(0.0 <= v <= 1.0 for v in result.scores.values())
        assert set(result.weak) == set(result.suggestions)


def test_diagnosis_accepts_either_motive_of_a_refusal_that_carries_two():
    """"Not today, I don't like being rushed" is control and timing: both are right, and the other is named."""
    from coachkit.content import load_refusals

    refusal = next(r for r in load_refusals() if r.id == "ctl-rushed-decision")
    fitting = next(i for i, x in enumerate(refusal.responses) if x.fits)
    for motive in ("control", "timing"):
        result = score_diagnosis(refusal, motive, fitting)
        assert result.passed and 1.0 == shares(result)["Motive"], motive
    assert "timing too" in score_diagnosis(refusal, "control", fitting).checks[0].message
    assert 0.0 == shares(score_diagnosis(refusal, "budget", fitting))["Motive"]
