"""Exercise widgets driven without a browser: set .value, .click(), read what is shown."""

from __future__ import annotations

from coachkit.widgets import FreeTextExercise, SpotTheMoveExercise

GOOD = "That's a fair concern. What would the tool need to give you for the cost to feel justified?"


def test_check_shows_feedback_per_rubric_line(scenarios):
    """Clicking Check shows one line per rubric criterion and the score."""
    ex = FreeTextExercise("accept_explore", scenarios)
    ex.answer.value = GOOD
    ex.check.click()
    assert "score" in ex.feedback.value
    assert all(c.name in ex.feedback.value for c in ex.session.kind.rubric)


def test_rubric_shown_before_attempt(scenarios):
    """The rubric is on screen before any answer."""
    ex = FreeTextExercise("accept_explore", scenarios)
    assert "What is looked for" in ex.rubric.value and "" == ex.feedback.value


def test_model_answer_button_unlocks(scenario):
    """The model answer button is disabled until the first attempt, then shows the answer."""
    ex = FreeTextExercise("accept_explore", [scenario])
    assert ex.show_model.disabled
    ex.answer.value = GOOD
    ex.check.click()
    assert not ex.show_model.disabled
    ex.show_model.click()
    assert "Model answer" in ex.model_text.value


def test_hint_after_miss(scenario):
    """A missed attempt enables the hint button, which shows the first hint."""
    ex = FreeTextExercise("accept_explore", [scenario])
    ex.answer.value = "But our price is actually lower than what you pay today."
    ex.check.click()
    assert not ex.hint.disabled
    ex.hint.click()
    assert scenario.hints.acknowledge_explore[0].split()[0] in ex.hint_text.value


def test_empty_answer_message(scenarios):
    """Checking an empty box says to write an answer first."""
    ex = FreeTextExercise("accept_explore", scenarios)
    ex.check.click()
    assert "Write an answer first" in ex.feedback.value


def test_huge_answer_refused_and_kept(scenarios):
    """A 1 MB answer is refused with a message and stays in the box untouched."""
    ex = FreeTextExercise("accept_explore", scenarios)
    big = "word " * 200_000
    ex.answer.value = big
    ex.check.click()
    assert "limit" in ex.feedback.value and big == ex.answer.value


def test_script_in_answer_is_escaped(scenarios):
    """HTML in an answer is shown as text in the feedback."""
    ex = FreeTextExercise("accept_explore", scenarios)
    ex.answer.value = "I hear you <img src=x onerror=alert(1)>. What worries you most?"
    ex.check.click()
    assert "<img" not in ex.feedback.value


def test_next_keeps_drafts(scenarios):
    """Moving to the next scenario and back keeps what was typed."""
    ex = FreeTextExercise("accept_explore", scenarios)
    ex.answer.value = "draft one"
    ex.nav.next.click()
    assert "" == ex.answer.value
    ex.nav.previous.click()
    assert "draft one" == ex.answer.value


def test_difficulty_dropdown_filters(scenarios):
    """Choosing a level shows only scenarios of that level."""
    ex = FreeTextExercise("accept_explore", scenarios)
    ex.nav.difficulty.value = "medium"
    assert "medium" == ex.session.current.difficulty
    assert "medium" in ex.prompt.value


def test_failure_inside_kit_is_a_message(scenarios, monkeypatch):
    """If scoring raises, the learner sees a message and keeps the answer."""
    ex = FreeTextExercise("accept_explore", scenarios)

    def boom(_text):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(ex.session, "submit", boom)
    ex.answer.value = GOOD
    ex.check.click()
    assert "could not do that" in ex.feedback.value and GOOD == ex.answer.value


def test_spot_the_move_feedback():
    """Ticking the expected moves of a reply passes; each choice gets a line."""
    ex = SpotTheMoveExercise()
    for move in ex.session.current.moves:
        ex.choices[move.value].value = True
    ex.check.click()
    assert "All right" in ex.feedback.value


def test_spot_the_move_next_clears_ticks():
    """Next shows a new reply with every box unticked."""
    ex = SpotTheMoveExercise()
    ex.choices["pitch"].value = True
    ex.nav.next.click()
    assert set() == ex.picked


def test_rewrite_prompt_shows_the_counter_argument(scenario):
    """The rewrite exercise shows the seller's counter-argument to rewrite."""
    ex = FreeTextExercise("rewrite", [scenario])
    assert "The seller answered" in ex.prompt.value


def test_sequence_exercise_advances(scenario):
    """A passing step clears the box, shows the customer's answer and the next step."""
    from coachkit.widgets import SequenceExercise

    ex = SequenceExercise([scenario])
    ex.answer.value = scenario.model_answers.acknowledge_explore
    ex.check.click()
    assert "" == ex.answer.value and "2. Reformulate" in ex.step.value
    assert scenario.customer_lines.elaborate.split(",")[0] in ex.dialogue.value


def test_roleplay_turn_and_chart(scenario):
    """Saying a line adds a turn to the dialogue and a point to the chart."""
    from coachkit.widgets import RoleplayExercise

    ex = RoleplayExercise([scenario])
    ex.answer.value = "I hear you. What makes the cost the sticking point?"
    ex.check.click()
    assert 2 == ex.chart.value.count('class="ck-point"') and "Turn 1" in ex.feedback.value


def test_roleplay_empty_line_is_refused(scenario):
    """An empty line gets a message and no turn."""
    from coachkit.widgets import RoleplayExercise

    ex = RoleplayExercise([scenario])
    ex.check.click()
    assert "empty" in ex.feedback.value and () == ex.dialogue.turns


def test_roleplay_ends_with_debrief(scenario):
    """Counter-arguing until the customer leaves ends the dialogue and shows the debrief."""
    from coachkit.widgets import RoleplayExercise

    ex = RoleplayExercise([scenario])
    while not ex.dialogue.over:
        ex.answer.value = scenario.counter_argument
        ex.check.click()
    assert ex.check.disabled and "Debrief" in ex.summary.value


def test_demo_more_of_the_same(scenario):
    """In the lesson demo, repeating counter-arguments drives the customer away; the protocol wins the floor."""
    from coachkit.widgets import RoleplayDemo

    demo = RoleplayDemo(scenario)
    while not demo.dialogue.over:
        demo.buttons[0].click()
    assert "disengaged" == demo.dialogue.status
    demo.restart.click()
    for index in (1, 2, 3):
        demo.buttons[index].click()
    assert "success" == demo.dialogue.status


def test_spot_the_move_difficulty_filter():
    """The level filter keeps only replies of that difficulty."""
    ex = SpotTheMoveExercise()
    ex.nav.difficulty.value = "hard"
    assert {"hard"} == {r.difficulty for r in ex.session.items}
    assert "hard" in ex.prompt.value


def test_free_text_apps_stay_lean():
    """An objection app's kernel imports no pandas, numpy or plotting library (lean kernels)."""
    import subprocess
    import sys

    code = ("import sys\nfrom coachkit.widgets import FreeTextExercise, SpotTheMoveExercise, RoleplayExercise, "
            "SequenceExercise\nFreeTextExercise('accept_explore', exercise='accept-explore'); SpotTheMoveExercise(); "
            "RoleplayExercise(); SequenceExercise()\n"
            "print(sorted(m for m in ('pandas', 'numpy', 'matplotlib', 'icalendar') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "[]" == out.strip()


def test_writing_an_answer_warms_the_detector_in_the_background(scenarios):
    """The first keystroke in the answer box starts one background read of the cues and weights; opening does not."""
    from coachkit import _moves_model, _moves_rules
    from coachkit.widgets import _base

    for cached in (_moves_rules.lexicon, _moves_rules._lexicon, _moves_model.model, _moves_model._model):
        cached.cache_clear()
    _base._warming = None
    ex = FreeTextExercise("reformulate", scenarios[:2])
    assert (None, 0) == (_base._warming, _moves_rules.lexicon.cache_info().currsize)
    ex.answer.value = "S"
    thread = _base._warming
    thread.join(timeout=30)
    ex.answer.value = "So"
    FreeTextExercise("reformulate", scenarios[:2]).answer.value = "Hi"
    assert (False, thread, 1, 1) == (thread.is_alive(), _base._warming, _moves_rules.lexicon.cache_info().currsize,
                                     _moves_model.model.cache_info().currsize)


def test_an_app_shares_its_prose_and_button_layouts_and_styles(scenarios):
    """Every prose box and button of an app shares one layout and one style model, and its progress panel is one HTML
    widget (not a box of two): 30 models instead of 61."""
    from ipywidgets.widgets import widget

    before = set(widget._instances)
    app = FreeTextExercise("accept_explore", scenarios)
    made = [widget._instances[k] for k in set(widget._instances) - before]
    boxes = [app.feedback, app.hint_text, app.model_text, app.progress]
    assert len({id(b.layout) for b in boxes}) == 1 and len({id(b.style) for b in boxes}) == 1
    assert app.check.layout is app.hint.layout and app.check.style is app.show_model.style
    assert len(made) <= 32
