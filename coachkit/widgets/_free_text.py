"""A free-text exercise: the customer's words, the rubric, an answer box, feedback, hint, model answer."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import ipywidgets as w

from coachkit import render
from coachkit.content import load_scenarios
from coachkit.practice import FreeTextSession
from coachkit.schema import Scenario
from coachkit.widgets._base import (
    Navigation,
    ProgressPanel,
    UnlocksFromAttempts,
    answer_box,
    button,
    guarded,
    html,
)


class FreeTextExercise(UnlocksFromAttempts, w.VBox):
    """Answer scenarios in writing and get feedback per rubric line."""

    def __init__(self, kind: str, scenarios: Sequence[Scenario] | None = None, difficulty: str | None = None,
                 exercise: str | None = None, recorder=None):
        self.session = FreeTextSession(kind, scenarios if scenarios is not None else load_scenarios(), difficulty)
        self._drafts: dict[str, str] = {}
        self.instruction = html(f"<p><b>{escape(self.session.kind.instruction)}</b></p>")
        self.nav = Navigation()
        if difficulty:
            self.nav.difficulty.value = difficulty
        self.prompt = html(cls="ck-prompt-box")
        self.rubric = html(render.rubric(self.session.kind.rubric, second_opinion=True))
        self.answer = answer_box("Write what you would say to the customer…", rows=5)
        self.check = button("Check", "ck-check", style="primary", tooltip="Check my answer")
        self.feedback = html(cls="ck-feedback-box")
        self._unlock_controls("Hints open after a try that misses")
        self.progress = ProgressPanel(exercise, recorder)
        self.check.on_click(guarded(self.feedback, self._on_check))
        self.nav.next.on_click(guarded(self.feedback, lambda: self._move(self.session.next)))
        self.nav.previous.on_click(guarded(self.feedback, lambda: self._move(self.session.previous)))
        self.nav.difficulty.observe(guarded(self.feedback, self._on_difficulty), names="value")
        super().__init__([
            html(render.STYLE), self.instruction, self.nav, self.prompt, self.rubric,
            w.Label("Your reply:"), self.answer, w.HBox([self.check, self.hint, self.show_model]),
            self.feedback, self.hint_text, self.model_text, self.progress,
        ], layout=w.Layout(max_width="900px"))
        self.add_class("coachkit-exercise")
        self._show()

    def _show(self) -> None:
        s = self.session
        self.prompt.value = render.scenario_prompt(s.current, s.position, counter=s.kind.rewrite)
        self.nav.position.value = s.position
        self.answer.value = self._drafts.get(s.current.id, "")
        self.feedback.value = ""
        self.hint_text.value = ""
        self.model_text.value = ""
        self._unlocks()

    def _unlocks(self) -> None:
        self.hint.disabled = not (self.session.hint_unlocked and self.session.hints_left > 0)
        self.show_model.disabled = not self.session.model_answer_unlocked

    def _move(self, step) -> None:
        self._drafts[self.session.current.id] = self.answer.value
        step()
        self._show()

    def _on_difficulty(self, change=None) -> None:
        self._drafts[self.session.current.id] = self.answer.value
        self.session.set_difficulty(self.nav.difficulty.value)
        self._show()

    def _on_check(self) -> None:
        result = self.session.submit(self.answer.value)
        self.feedback.value = render.feedback(result)
        self._unlocks()
        self.progress.save(self.session.current.id, self.answer.value, result)

    def _on_hint(self) -> None:
        hint = self.session.next_hint()
        if hint:
            self.hint_text.value += render.message("Hint: " + hint)
        self._unlocks()
