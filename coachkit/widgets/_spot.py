"""A "spot the move" exercise: tick the moves a seller's reply makes."""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as w

from coachkit import render
from coachkit.content import load_replies
from coachkit.moves import Move
from coachkit.practice import SpotSession
from coachkit.schema import Reply
from coachkit.widgets._base import Navigation, ProgressPanel, button, guarded, html


class SpotTheMoveExercise(w.VBox):
    """Read a reply, tick its moves, get feedback on each choice."""

    def __init__(self, replies: Sequence[Reply] | None = None, context: str | None = None,
                 exercise: str | None = None, recorder=None):
        replies = list(replies if replies is not None else load_replies())
        if context:
            replies = [r for r in replies if r.context == context]
        self.session = SpotSession(replies)
        self.nav = Navigation()
        self.prompt = html()
        self.choices = {m.value: w.Checkbox(description=m.value.replace("_", " "), value=False, indent=False,
                                            layout=w.Layout(width="190px")) for m in Move}
        for name, box in self.choices.items():
            box.add_class(f"ck-move-{name}")
        self.check = button("Check", "ck-check", style="primary", tooltip="Check my choice")
        self.feedback = html(cls="ck-feedback-box")
        self.progress = ProgressPanel(exercise, recorder)
        self.check.on_click(guarded(self.feedback, self._on_check))
        self.nav.next.on_click(guarded(self.feedback, lambda: self._move(self.session.next)))
        self.nav.previous.on_click(guarded(self.feedback, lambda: self._move(self.session.previous)))
        self.nav.difficulty.observe(guarded(self.feedback, self._on_difficulty), names="value")
        grid = w.GridBox(list(self.choices.values()), layout=w.Layout(grid_template_columns="repeat(4, 200px)"))
        super().__init__([
            html(render.STYLE), html("<p><b>Which moves does the seller make? Tick every one that applies.</b></p>"),
            self.nav, self.prompt, grid, self.check, self.feedback, self.progress,
        ], layout=w.Layout(max_width="900px"))
        self.add_class("coachkit-exercise")
        self._show()

    @property
    def picked(self) -> set[str]:
        return {name for name, box in self.choices.items() if box.value}

    def _show(self) -> None:
        self.prompt.value = render.reply_prompt(self.session.current, self.session.position)
        self.nav.position.value = self.session.position
        for box in self.choices.values():
            box.value = False
        self.feedback.value = ""

    def _move(self, step) -> None:
        step()
        self._show()

    def _on_difficulty(self, change=None) -> None:
        self.session.set_difficulty(self.nav.difficulty.value)
        self._show()

    def _on_check(self) -> None:
        picked = self.picked
        result = self.session.submit(picked)
        self.feedback.value = render.choice_feedback(result)
        self.progress.save(self.session.current.id, ";".join(sorted(picked)), result)
