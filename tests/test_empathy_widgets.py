"""The empathy module's apps driven without a browser: set .value, .click(), read what is shown and what is saved."""

from __future__ import annotations

import json

import pytest

from coachkit.content import load_client_frames, load_openings, load_refusals, load_statements
from coachkit.empathy import ALLIANCE_DIMENSIONS, ALLIANCE_ITEMS, RULES
from coachkit.feedback import RUBRICS
from coachkit.widgets._empathy import (
    CONTRAST_HINT,
    AllianceCheck,
    ClientFrameExercise,
    DiagnoseNoExercise,
    FirstHelloExercise,
    ProjectionOrEmpathyExercise,
    RewriteProjectionExercise,
)

ATTACK = "<script>alert(1)</script><img src=x onerror=alert(2)>"
GOOD_REWRITE = "If I were this client, what could I do? It sounds like the switch worries you and your team."


def _saved(exercise: str):
    from coachkit.store import open_store

    return [r for r in open_store().attempts() if r.exercise == exercise]


@pytest.fixture(scope="module")
def statements():
    return {s.id: s for s in load_statements()}


@pytest.fixture(scope="module")
def refusal():
    """unk-cloud-accounting: motive unknown; responses B and D fit, A and C do not."""
    return next(r for r in load_refusals() if r.id == "unk-cloud-accounting")


@pytest.fixture(scope="module")
def frame():
    return next(f for f in load_client_frames() if f.id == "cf-gp-practice-manager")


@pytest.fixture(scope="module")
def opening():
    return next(o for o in load_openings() if o.id == "op-city-hotel")


# --------------------------------------------------------------------------- projection or empathy


def test_sort_right_label_names_deciding_words_and_reason(statements):
    """A right pick says so, marks the deciding words in the sentence and gives the reason."""
    s = statements["proj-if-i-were-you-sign"]
    ex = ProjectionOrEmpathyExercise([s])
    assert "" == ex.feedback.value and "What is looked for" in ex.rubric.value
    ex.picks["projection"].click()
    text = ex.feedback.value
    assert "Right: score 100%" in text and 'class="ck-evidence">If I were you</span>' in text
    assert "stands in their own shoes" in text and "1 right out of 1 answered" in text
    assert ex.hint.disabled  # nothing missed


def test_sort_wrong_and_mixed_labels(statements):
    """A wrong pick is "Not quite" and opens the hint; a mixed sentence read by its other frame is half right."""
    ex = ProjectionOrEmpathyExercise([statements["emp-this-client-could-do"], statements["proj-stretched-should"]])
    ex.picks["other"].click()
    assert "Not quite" in ex.feedback.value and "what could I do" in ex.feedback.value
    assert not ex.hint.disabled
    ex.hint.click()
    assert "Hint:" in ex.hint_text.value
    ex.nav.next.click()
    assert "" == ex.feedback.value
    ex.picks["empathy"].click()
    assert "Half right" in ex.feedback.value and "you should" in ex.feedback.value


def test_sort_keeps_the_verdict_when_coming_back(statements):
    """Going to the next sentence and back shows the earlier verdict again."""
    ex = ProjectionOrEmpathyExercise([statements["proj-my-advice"], statements["oth-price-list"]])
    ex.picks["projection"].click()
    ex.nav.next.click()
    ex.nav.previous.click()
    assert "Right" in ex.feedback.value


def test_sort_default_order_is_mixed():
    """From the data file the cards come mixed, not in runs of one label, the same order every time."""
    first = [s.label for s in ProjectionOrEmpathyExercise().session.items[:9]]
    assert len(set(first)) == 3
    assert first == [s.label for s in ProjectionOrEmpathyExercise().session.items[:9]]
    assert len(ProjectionOrEmpathyExercise().session.items) == len(load_statements())


def test_sort_saved_and_history_in_new_instance(statements):
    """Each pick is saved under the exercise id; a new app on the same exercise lists it."""
    s = statements["proj-if-i-were-you-sign"]
    ex = ProjectionOrEmpathyExercise([s], exercise="projection-or-empathy")
    ex.picks["empathy"].click()
    assert "Saved" in ex.progress.status.value
    (row,) = _saved("projection-or-empathy")
    assert (s.id, "empathy", 0.0, False) == (row.item, row.answer, row.score, row.passed)
    again = ProjectionOrEmpathyExercise([s], exercise="projection-or-empathy")
    assert "previous attempts: 1" in again.progress.past.value


def test_sort_failure_inside_kit_is_a_message(statements, monkeypatch):
    """If scoring raises, the learner sees a message, not a traceback."""
    ex = ProjectionOrEmpathyExercise([statements["proj-my-advice"]])

    def boom(_label):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(ex.session, "submit", boom)
    ex.picks["projection"].click()
    assert "could not do that" in ex.feedback.value and "kaboom" not in ex.feedback.value


# --------------------------------------------------------------------------- diagnose the no


def test_diagnose_needs_both_picks(refusal):
    """Checking without a motive, then without a response, says what to pick; nothing is saved."""
    ex = DiagnoseNoExercise([refusal], exercise="diagnose-the-no")
    ex.check.click()
    assert "Pick the motive" in ex.feedback.value
    ex.motive.value = "unknown"
    ex.check.click()
    assert "Pick one of the 4 responses" in ex.feedback.value
    assert [] == _saved("diagnose-the-no")


def test_diagnose_shows_meaning_and_two_checks(refusal):
    """Picking a motive shows its meaning; the right motive and a fitting response pass both checks."""
    ex = DiagnoseNoExercise([refusal], exercise="diagnose-the-no")
    assert 4 == len(ex.response.options) and "A" == ex.response.options[0][0]
    ex.motive.value = "control"
    assert "losing control" in ex.meaning.value
    ex.motive.value = "unknown"
    ex.response.value = 1
    ex.check.click()
    text = ex.feedback.value
    assert "Passed: score 100%" in text and "✔ Motive" in text and "✔ Response" in text
    (row,) = _saved("diagnose-the-no")
    assert row.item == refusal.id and row.answer.startswith("unknown; B.") and 2 == len(row.checks)


def test_diagnose_miss_opens_hint_and_model(refusal):
    """A wrong motive and a reflex response fail both checks; the hint and the model answer open."""
    ex = DiagnoseNoExercise([refusal])
    assert ex.hint.disabled and ex.show_model.disabled
    ex.motive.value = "budget"
    ex.response.value = 2
    ex.check.click()
    assert "✘ Motive" in ex.feedback.value and "✘ Response" in ex.feedback.value and "score 0%" in ex.feedback.value
    ex.hint.click()
    assert "status quo" in ex.hint_text.value
    ex.show_model.click()
    assert "Model answer: unknown" in ex.model_text.value


def test_diagnose_next_clears_picks():
    """Next shows another refusal with no motive and no response picked."""
    ex = DiagnoseNoExercise()
    ex.motive.value = "trust"
    ex.response.value = 0
    ex.nav.next.click()
    assert ex.motive.value is None and ex.response.value is None and "2 /" in ex.nav.position.value


# --------------------------------------------------------------------------- rewrite a projection


def test_rewrite_uses_only_projections_and_shows_rubric():
    """Every card is a projection, shown struck through, with the empathy rubric before any try."""
    ex = RewriteProjectionExercise()
    assert {"projection"} == {s.label for s in ex.statements}
    assert "<s>“" in ex.prompt.value and "What is looked for" in ex.rubric.value
    assert all(c.name in ex.rubric.value.replace("&#x27;", "'") for c in RUBRICS["empathy"])


def test_rewrite_good_passes_with_frame_reading(statements):
    """A rewrite in the client's frame passes and is read as empathy; it is saved under the exercise id."""
    ex = RewriteProjectionExercise([statements["proj-if-i-were-you-sign"]], exercise="rewrite-projection")
    ex.answer.value = GOOD_REWRITE
    ex.check.click()
    assert "Passed" in ex.feedback.value and 'data-frame="empathy"' in ex.reading.value
    assert ex.hint.disabled
    (row,) = _saved("rewrite-projection")
    assert GOOD_REWRITE == row.answer and row.passed


def test_rewrite_projection_again_gets_contrast_hint_and_no_model(statements):
    """Advice again fails; the hint is the curriculum's contrast; there is no model answer, and a note says so."""
    ex = RewriteProjectionExercise([statements["proj-if-i-were-you-sign"]])
    ex.answer.value = "If I were you, I'd sign now, you should not wait."
    ex.check.click()
    assert "Not yet" in ex.feedback.value and 'data-frame="projection"' in ex.reading.value
    ex.hint.click()
    assert "If I were this client, what could I do?" in ex.hint_text.value
    assert CONTRAST_HINT.split(".")[0] in ex.hint_text.value
    assert not hasattr(ex, "show_model") and "no model rewrite" in ex.note.value


def test_rewrite_empty_refused_and_drafts_kept():
    """An empty rewrite is refused; drafts survive Next and Previous."""
    ex = RewriteProjectionExercise()
    ex.check.click()
    assert "Write an answer first" in ex.feedback.value and "" == ex.reading.value
    ex.answer.value = "draft"
    ex.nav.next.click()
    assert "" == ex.answer.value
    ex.nav.previous.click()
    assert "draft" == ex.answer.value


def test_rewrite_script_is_escaped(statements):
    """Markup in a rewrite is shown as text in the feedback, the frame reading and the history."""
    ex = RewriteProjectionExercise([statements["proj-my-advice"]], exercise="rewrite-projection")
    ex.answer.value = "It sounds like you are tired of quotes " + ATTACK
    ex.check.click()
    for box in (ex.feedback.value, ex.reading.value, ex.progress.past.value):
        assert "<script" not in box and "<img" not in box
    assert "&lt;script&gt;" in ex.progress.past.value


# --------------------------------------------------------------------------- if I were this client


def test_client_frame_per_item_feedback(frame):
    """One feedback line per item, then the coverage check; saved under its id."""
    ex = ClientFrameExercise([frame], exercise="if-i-were-this-client")
    assert "What is looked for" in ex.rubric.value and frame.client.split(",")[0] in ex.prompt.value
    ex.answer.value = ("She fears the receptionists will feel replaced\n"
                       "She needs an answer for the partners about the cost\n"
                       "We could offer them a discount")
    ex.check.click()
    text = ex.feedback.value
    assert "Item 1" in text and "Item 2" in text and "Item 3" in text and "Could do, fear, need" in text
    assert "is about you and your offer" in text
    (row,) = _saved("if-i-were-this-client")
    assert row.item == frame.id and 4 == len(row.checks)


def test_client_frame_model_and_hint(frame):
    """The model items open after a try; the hint after a miss names the client's world."""
    ex = ClientFrameExercise([frame])
    assert ex.show_model.disabled and ex.hint.disabled
    ex.answer.value = "Our platform is the best"
    ex.check.click()
    ex.show_model.click()
    assert frame.model_items[0][:30] in ex.model_text.value.replace("&#x27;", "'")
    ex.hint.click()
    assert "receptionists" in ex.hint_text.value


def test_client_frame_refusals(frame):
    """Too many items, or an empty box, are refused with a message and not saved."""
    ex = ClientFrameExercise([frame], exercise="if-i-were-this-client")
    ex.check.click()
    assert "Write at least one item" in ex.feedback.value
    ex.answer.value = "\n".join(f"She could try option {i}" for i in range(RULES.max_items + 3))
    ex.check.click()
    assert "the limit is" in ex.feedback.value and [] == _saved("if-i-were-this-client")


def test_client_frame_script_is_escaped(frame):
    """An item holding markup is quoted as text."""
    ex = ClientFrameExercise([frame])
    ex.answer.value = "She fears the partners will blame her " + ATTACK
    ex.check.click()
    assert "<script" not in ex.feedback.value and "&lt;script&gt;" in ex.feedback.value


# --------------------------------------------------------------------------- the first hello


def test_first_hello_good_and_pitch(opening):
    """An opening about the client passes; one that starts with the offer fails "client before offer"."""
    ex = FirstHelloExercise([opening], exercise="first-hello")
    ex.answer.value = "Thanks for the time. What is on your mind most this season, with the guests and the building?"
    ex.check.click()
    assert "Passed" in ex.feedback.value
    ex.answer.value = "We sell the best energy-management system on the market. Our platform saves 30%."
    ex.check.click()
    assert "Not yet" in ex.feedback.value and "✘ Client before offer" in ex.feedback.value
    assert 2 == len(_saved("first-hello"))
    ex.show_model.click()
    assert "Model answer" in ex.model_text.value
    ex.hint.click()
    assert "hotel" in ex.hint_text.value


def test_first_hello_script_escaped_and_history(opening):
    """Markup in an opening is text; a new app shows the earlier attempt."""
    ex = FirstHelloExercise([opening], exercise="first-hello")
    ex.answer.value = "Hello! How is the hotel doing this season? " + ATTACK
    ex.check.click()
    assert "<img" not in ex.feedback.value
    again = FirstHelloExercise([opening], exercise="first-hello")
    assert "previous attempts: 1" in again.progress.past.value and "<script" not in again.progress.past.value


# --------------------------------------------------------------------------- alliance self-check


def _answer(ex: AllianceCheck, strong: bool, weak_dimension: str | None = None) -> None:
    for item in ex.items:
        good = strong and item.dimension != weak_dimension
        ex.sliders[item.id].value = (1 if item.reverse else 5) if good else (5 if item.reverse else 1)


def test_alliance_has_a_slider_per_statement():
    """One 1-5 slider per statement, grouped under the three dimensions."""
    ex = AllianceCheck()
    assert {i.id for i in ALLIANCE_ITEMS} == set(ex.sliders)
    assert {(1, 5)} == {(s.min, s.max) for s in ex.sliders.values()}
    assert "" == ex.chart.value == ex.profile.value


def test_alliance_profile_chart_and_suggestions():
    """A weak dimension is drawn red and gets its suggestion; the others do not."""
    ex = AllianceCheck(exercise="alliance-check")
    _answer(ex, strong=True, weak_dimension="empathy")
    ex.see.click()
    assert 3 == ex.chart.value.count('class="ck-alliance-bar')
    assert 'ck-alliance-bar ck-weak" data-dimension="empathy"' in ex.chart.value
    assert 1 == ex.profile.value.count('class="ck-suggestion"')
    expected = ex.result.suggestions["empathy"]
    assert expected[:40].replace("'", "&#x27;") in ex.profile.value
    assert "1 weak point" in ex.profile.value


def test_alliance_saved_as_outcome_and_resumed():
    """Saved under alliance-check: answers as JSON, score = mean of dimensions, passed = no weak point; resumed."""
    ex = AllianceCheck(exercise="alliance-check")
    _answer(ex, strong=True)
    ex.see.click()
    assert "No weak point" in ex.profile.value and "Saved" in ex.progress.status.value
    (row,) = _saved("alliance-check")
    assert json.loads(row.answer) == ex.answers and row.item == "alliance"
    assert (1.0, True) == (row.score, row.passed)
    assert set(ALLIANCE_DIMENSIONS) == {c["name"] for c in row.checks}
    again = AllianceCheck(exercise="alliance-check")
    assert again.answers == ex.answers and "are on the sliders" in again.resumed.value
    assert "previous attempts: 1" in again.progress.past.value


def test_alliance_weak_outcome_score_is_mean():
    """With every slider in the middle, every dimension is weak: not passed, score 50%."""
    ex = AllianceCheck(exercise="alliance-check")
    ex.see.click()
    (row,) = _saved("alliance-check")
    assert (0.5, False) == (row.score, row.passed)
    assert 3 == ex.profile.value.count('class="ck-suggestion"')


def test_alliance_escapes_statement_text():
    """Statements from a content file are shown as text."""
    from coachkit.schema import AllianceItem

    items = [AllianceItem(id=f"x-{d}", dimension=d, text=f"I listen {ATTACK}", suggestion=f"Try {ATTACK}")
             for d in ALLIANCE_DIMENSIONS]
    ex = AllianceCheck(items)
    ex.see.click()
    shown = "".join(getattr(c, "value", "") for c in ex.children) + ex.profile.value + ex.chart.value
    assert "<script" not in shown and "<img" not in shown and "&lt;script&gt;" in shown


def test_alliance_bad_resume_record_is_ignored(monkeypatch):
    """A stored answer that is not the expected JSON leaves the sliders in the middle."""
    from coachkit.identity import current_identity
    from coachkit.progress import Outcome, Recorder

    Recorder("alliance-check", current_identity()).save("alliance", "not json", Outcome(0.0, False))
    ex = AllianceCheck(exercise="alliance-check")
    assert {3} == set(ex.answers.values()) and "" == ex.resumed.value


def test_empty_content_is_a_clear_error():
    """An app with nothing to show says where to add content."""
    with pytest.raises(ValueError, match="statements.csv"):
        ProjectionOrEmpathyExercise([])
    with pytest.raises(ValueError, match="refusals.yaml"):
        DiagnoseNoExercise([])
    with pytest.raises(ValueError, match="alliance.yaml"):
        AllianceCheck([])


def test_only_the_apps_whose_checks_get_a_second_opinion_say_so():
    """The first hello's rubric names the second opinion; the client-frame worksheet's (judged per line) does not."""
    from coachkit.render import SECOND_OPINION_NOTE
    from coachkit.widgets import ClientFrameExercise, FirstHelloExercise

    assert SECOND_OPINION_NOTE in FirstHelloExercise().rubric.value
    assert SECOND_OPINION_NOTE not in ClientFrameExercise().rubric.value
