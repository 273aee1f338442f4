"""The role-play: a simulated customer whose resistance answers to your moves."""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as w

from coachkit import render
from coachkit.charts import resistance_svg
from coachkit.content import load_scenarios
from coachkit.roleplay import DEFAULT_RULES, Dialogue
from coachkit.roleplay_debrief import debrief, resistance_chart
from coachkit.schema import Scenario
from coachkit.widgets._base import Navigation, ProgressPanel, answer_box, button, guarded, html


def _chart(dialogue: Dialogue) -> str:
    return resistance_svg(resistance_chart(dialogue), limit=DEFAULT_RULES.limit,
                          permission_below=DEFAULT_RULES.permission_below)


def _transcript(dialogue: Dialogue) -> str:
    lines = [("customer", dialogue.opening)]
    for turn in dialogue.turns:
        lines += [("seller", turn.text), ("customer", turn.reply)]
    return render.transcript(lines)


class RoleplayExercise(w.VBox):
    """Talk to a customer who objects; watch their resistance per turn; read the debrief at the end."""

    def __init__(self, scenarios: Sequence[Scenario] | None = None, difficulty: str | None = None,
                 exercise: str | None = None, recorder=None):
        self.scenarios = list(scenarios if scenarios is not None else load_scenarios())
        self.nav = Navigation()
        self._index = 0
        self.dialogue = Dialogue(self.scenarios[0])
        self.prompt = html()
        self.talk = html(cls="ck-dialogue")
        self.chart = html(cls="ck-chart-box")
        self.answer = answer_box("What do you say to the customer?", rows=3)
        self.check = button("Say it", "ck-check", style="primary", tooltip="Say this to the customer")
        self.restart = button("Start again", "ck-restart")
        self.feedback = html(cls="ck-feedback-box")
        self.summary = html(cls="ck-debrief")
        self.progress = ProgressPanel(exercise, recorder)
        self.check.on_click(guarded(self.feedback, self._on_say))
        self.restart.on_click(guarded(self.feedback, self._on_restart))
        self.nav.next.on_click(guarded(self.feedback, lambda: self._move(+1)))
        self.nav.previous.on_click(guarded(self.feedback, lambda: self._move(-1)))
        self.nav.difficulty.observe(guarded(self.feedback, self._on_difficulty), names="value")
        super().__init__([
            html(render.STYLE), html("<p><b>The customer has objected. Reply as you would in the meeting. Their "
                                     "resistance rises with push-back and falls when they feel heard; the conversation "
                                     "ends when they give you the floor — or leave.</b></p>"),
            self.nav, self.prompt, w.HBox([self.talk, self.chart]), self.answer, w.HBox([self.check, self.restart]),
            self.feedback, self.summary, self.progress,
        ], layout=w.Layout(max_width="1100px"))
        self.add_class("coachkit-exercise")
        if difficulty:
            self.nav.difficulty.value = difficulty
        self._show()

    @property
    def _pool(self) -> list[Scenario]:
        level = self.nav.difficulty.value
        return [s for s in self.scenarios if level == "all" or s.difficulty == level] or self.scenarios

    def _move(self, step: int) -> None:
        self._index = (self._index + step) % len(self._pool)
        self._on_restart()

    def _on_difficulty(self, change=None) -> None:
        self._index = 0
        self._on_restart()

    def _on_restart(self) -> None:
        self.dialogue = Dialogue(self._pool[self._index])
        self.answer.value = ""
        self.feedback.value = ""
        self._show()

    def _show(self) -> None:
        scenario = self.dialogue.scenario
        self.nav.position.value = f"{self._index + 1} / {len(self._pool)}"
        self.prompt.value = render.scenario_prompt(scenario, self.nav.position.value)
        self.talk.value = _transcript(self.dialogue)
        self.chart.value = _chart(self.dialogue)
        self.answer.disabled = self.check.disabled = self.dialogue.over
        self.summary.value = render.bullet_list("Debrief", debrief(self.dialogue)) if self.dialogue.over else ""

    def _on_say(self) -> None:
        try:
            turn = self.dialogue.say(self.answer.value)
        except ValueError as exc:
            self.feedback.value = render.message(str(exc), warn=True)
            return
        moves = ", ".join(m.replace("_", " ") for m in turn.moves) or "no move recognised"
        self.feedback.value = render.message(f"Turn {turn.number}: {moves} — {turn.why}")
        self.answer.value = ""
        self._show()
        if self.dialogue.over:
            self.progress.save(self.dialogue.scenario.id, _said(self.dialogue), _Outcome(self.dialogue))


def _said(dialogue: Dialogue) -> str:
    return "\n".join(turn.text for turn in dialogue.turns)


class _Outcome:
    """A finished dialogue seen as an attempt: passed when the customer gave the floor."""

    refused = ""

    def __init__(self, dialogue: Dialogue):
        self.passed = dialogue.status == "success"
        self.score = 1.0 if self.passed else 0.0
        self.move_names = tuple(dict.fromkeys(m for t in dialogue.turns for m in t.moves))
        self.checks = ()


#: The lesson's demo: what each button makes the seller say, taken from the scenario.
DEMO_MOVES = (
    ("Counter-argue", "counter_argument"),
    ("Accept and explore", "acknowledge_explore"),
    ("Reformulate", "reformulate"),
    ("Ask permission", "ask_permission"),
    ("Give your view now", "respond"),
)


class RoleplayDemo(w.VBox):
    """Pick the seller's next move and watch the customer's resistance react."""

    def __init__(self, scenario: Scenario | None = None):
        self.scenario = scenario or load_scenarios()[0]
        self.dialogue = Dialogue(self.scenario)
        self.talk = html(cls="ck-dialogue")
        self.chart = html(cls="ck-chart-box")
        self.feedback = html(cls="ck-feedback-box")
        self.buttons = []
        for label, source in DEMO_MOVES:
            b = button(label, f"ck-demo-{source.replace('_', '-')}")
            b.on_click(guarded(self.feedback, lambda source=source: self.play(source)))
            self.buttons.append(b)
        self.restart = button("Start again", "ck-restart")
        self.restart.on_click(guarded(self.feedback, self._on_restart))
        super().__init__([html(render.STYLE), w.HBox(self.buttons + [self.restart]), w.HBox([self.talk, self.chart]),
                          self.feedback], layout=w.Layout(max_width="1100px"))
        self.add_class("coachkit-demo")
        self._show()

    def line(self, source: str) -> str:
        if source == "counter_argument":
            return self.scenario.counter_argument
        return getattr(self.scenario.model_answers, source)

    def play(self, source: str) -> None:
        if self.dialogue.over:
            self.feedback.value = render.message("The conversation is over: press Start again.", warn=True)
            return
        turn = self.dialogue.say(self.line(source))
        self.feedback.value = render.message(f"Turn {turn.number}: {turn.why}")
        self._show()

    def _on_restart(self) -> None:
        self.dialogue = Dialogue(self.scenario)
        self.feedback.value = ""
        self._show()

    def _show(self) -> None:
        self.talk.value = _transcript(self.dialogue)
        self.chart.value = _chart(self.dialogue)
        for b in self.buttons:
            b.disabled = self.dialogue.over

