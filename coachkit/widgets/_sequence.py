"""The full protocol on one objection, step by step, with the customer answering as you go."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import ipywidgets as w

from coachkit import render
from coachkit.content import load_scenarios
from coachkit.practice import SequenceSession
from coachkit.schema import Scenario
from coachkit.widgets._base import Navigation, ProgressPanel, answer_box, button, guarded, html


class SequenceExercise(w.VBox):
    """Accept and explore, then reformulate, then ask permission: each step opens when the last one passes."""

    def __init__(self, scenarios: Sequence[Scenario] | None = None, difficulty: str | None = None,
                 exercise: str | None = None, recorder=None):
        self.session = SequenceSession(scenarios if scenarios is not None else load_scenarios(), difficulty)
        self.nav = Navigation()
        if difficulty:
            self.nav.difficulty.value = difficulty
        self.prompt = html()
        self.dialogue = html(cls="ck-dialogue")
        self.step = html(cls="ck-step")
        self.rubric = html()
        self.answer = answer_box("Your next line to the customer…", rows=4)
        self.check = button("Say it", "ck-check", style="primary", tooltip="Check this step")
        self.hint = button("Show a hint", "ck-hint", disabled=True)
        self.show_model = button("Show the model answer", "ck-model", disabled=True)
        self.feedback = html(cls="ck-feedback-box")
        self.extra = html()
        self.progress = ProgressPanel(exercise, recorder)
        self.check.on_click(guarded(self.feedback, self._on_check))
        self.hint.on_click(guarded(self.feedback, self._on_hint))
        self.show_model.on_click(guarded(self.feedback, self._on_model))
        self.nav.next.on_click(guarded(self.feedback, lambda: self._move(self.session.next)))
        self.nav.previous.on_click(guarded(self.feedback, lambda: self._move(self.session.previous)))
        self.nav.difficulty.observe(guarded(self.feedback, self._on_difficulty), names="value")
        super().__init__([
            html(render.STYLE), html("<p><b>Take one objection through the whole protocol. Each step opens when the "
                                     "previous one passes; the customer answers as you go.</b></p>"),
            self.nav, self.prompt, self.dialogue, self.step, self.rubric, self.answer,
            w.HBox([self.check, self.hint, self.show_model]), self.feedback, self.extra, self.progress,
        ], layout=w.Layout(max_width="900px"))
        self.add_class("coachkit-exercise")
        self._show()

    def _show(self, keep_feedback: bool = False) -> None:
        s = self.session
        self.prompt.value = render.scenario_prompt(s.current, s.position)
        self.nav.position.value = s.position
        self.dialogue.value = render.transcript(s.transcript)
        self.step.value = f"<h4>{escape(s.title)}</h4>"
        self.rubric.value = render.rubric(s.rubric, second_opinion=True) if not s.done else ""
        self.answer.disabled = self.check.disabled = s.done
        if not keep_feedback:
            self.feedback.value = ""
        self.extra.value = ""
        self.hint.disabled = not s.hint_unlocked
        self.show_model.disabled = s.model_answer is None

    def _move(self, step) -> None:
        step()
        self.answer.value = ""
        self._show()

    def _on_difficulty(self, change=None) -> None:
        self.session.set_difficulty(self.nav.difficulty.value)
        self.answer.value = ""
        self._show()

    def _on_check(self) -> None:
        before = self.session.step
        answer = self.answer.value
        result = self.session.submit(answer)
        self.feedback.value = render.feedback(result)  # shown first; the save (an fsync) follows
        self.progress.save(f"{self.session.current.id}#{before}", answer, result)
        if self.session.step != before:
            self.answer.value = ""
        self._show(keep_feedback=True)

    def _on_hint(self) -> None:
        hint = self.session.next_hint()
        if hint:
            self.extra.value += render.message("Hint: " + hint)

    def _on_model(self) -> None:
        if self.session.model_answer:
            self.extra.value = render.message("Model answer: " + self.session.model_answer)
