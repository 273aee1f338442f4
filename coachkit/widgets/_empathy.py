"""The empathy module's apps: "no" is where selling starts.

* :class:`ProjectionOrEmpathyExercise` — sort sellers' sentences: projection, empathy or other;
* :class:`DiagnoseNoExercise` — a customer's "no": pick the motive behind it, then the response that fits;
* :class:`RewriteProjectionExercise` — turn advice from the seller's frame into the client's frame;
* :class:`ClientFrameExercise` — "if I were this client": what they could do, fear and need, one per line;
* :class:`FirstHelloExercise` — open a first meeting from the client's side;
* :class:`AllianceCheck` — the alliance self-check: a slider per statement, a profile chart, a
  suggestion per weak point.

Thin views: :mod:`coachkit.empathy` and :mod:`coachkit.feedback` do the judging;
:mod:`coachkit.empathy_view` and :mod:`coachkit.render` make the escaped HTML and SVG. Testable
without a browser: set the controls' ``.value``, call ``.click()``, read the HTML boxes.

Given ``exercise`` (its catalogue id) or a ``recorder``, each app saves the learner's attempts to the
progress store and shows the earlier ones at the bottom (:class:`~coachkit.widgets._base.ProgressPanel`).
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from html import escape

import ipywidgets as w

from coachkit import empathy_view as view
from coachkit import render
from coachkit.content import load_client_frames, load_openings, load_refusals, load_statements
from coachkit.empathy import (
    ALLIANCE_DIMENSIONS,
    ALLIANCE_ITEMS,
    RULES,
    AllianceResult,
    ClientFrameSession,
    DiagnoseSession,
    OpeningSession,
    SortSession,
    read_frame,
    score_alliance,
)
from coachkit.feedback import RUBRICS, Check, Feedback, projection_vs_empathy
from coachkit.schema import FRAME_LABELS, MOTIVES, AllianceItem, ClientFrame, Opening, Refusal, Statement
from coachkit.widgets._base import (
    Navigation,
    ProgressPanel,
    UnlocksFromAttempts,
    answer_box,
    button,
    guarded,
    html,
)

__all__ = [
    "AllianceCheck",
    "ClientFrameExercise",
    "DiagnoseNoExercise",
    "FirstHelloExercise",
    "ProjectionOrEmpathyExercise",
    "RewriteProjectionExercise",
]

#: The question a learner is sent back to when a rewrite still projects (the curriculum's contrast).
CONTRAST_HINT = ("Swap the question you ask yourself. Not “If I were you, I'd…” (your frame, your decision) but "
                 "“If I were this client, what could I do?” Answer it in your head, then tell the client what you see "
                 "from their side (“It sounds like…”, “From where you sit…”): what they are up against, fear or need.")
#: Said once under the rewrite exercise: the data holds projections, not rewrites of them.
NO_MODEL_NOTE = ("There is no model rewrite for these sentences: many rewrites work, and the kit does not keep one per "
                 "sentence. The feedback names the words that take the client's side; compare your rewrite with a "
                 "partner's or your facilitator's.")
#: The order of the sort cards: the same for everyone (a room can talk about card 5), mixed so the
#: labels do not come in runs as they do in the data file.
SORT_SEED = 2


def _none_left(what: str, where: str) -> ValueError:
    return ValueError(f"This exercise has no {what}: add some to data/{where} and run `coachkit validate`.")


def _mixed(items: Sequence[Statement]) -> list[Statement]:
    return random.Random(SORT_SEED).sample(list(items), len(items))


class _Written(UnlocksFromAttempts, w.VBox):
    """A written exercise over a :mod:`coachkit.empathy` session: prompt, rubric, answer box, Check, hint, model."""

    instruction = ""
    placeholder = ""
    label = "Your answer:"
    rows = 5
    second_opinion = True  # its scorer's checks get coachkit.second_opinion (the client-frame worksheet's do not)

    def __init__(self, session, exercise: str | None, recorder):
        self.session = session
        self._drafts: dict[str, str] = {}
        self.nav = Navigation(with_difficulty=False)
        self.prompt = html(cls="ck-prompt-box")
        self.rubric = html(render.rubric(session.rubric, second_opinion=self.second_opinion))
        self.answer = answer_box(self.placeholder, rows=self.rows)
        self.check = button("Check", "ck-check", style="primary", tooltip="Check my answer")
        self.feedback = html(cls="ck-feedback-box")
        self._unlock_controls("The hint opens after a try that misses")
        self.progress = ProgressPanel(exercise, recorder)
        self.check.on_click(guarded(self.feedback, self._on_check))
        self.nav.next.on_click(guarded(self.feedback, lambda: self._move(self.session.next)))
        self.nav.previous.on_click(guarded(self.feedback, lambda: self._move(self.session.previous)))
        super().__init__([
            html(render.STYLE + view.STYLE), html(f"<p><b>{self.instruction}</b></p>"), self.nav, self.prompt,
            self.rubric, w.Label(self.label), self.answer, w.HBox([self.check, self.hint, self.show_model]),
            self.feedback, self.hint_text, self.model_text, self.progress,
        ], layout=w.Layout(max_width="900px"))
        self.add_class("coachkit-exercise")
        self._show()

    def _prompt(self) -> str:
        raise NotImplementedError

    def _show(self) -> None:
        self.prompt.value = self._prompt()
        self.nav.position.value = self.session.position
        self.answer.value = self._drafts.get(self.session.current.id, "")
        self.feedback.value = self.hint_text.value = self.model_text.value = ""
        self._unlocks()

    def _move(self, step) -> None:
        self._drafts[self.session.current.id] = self.answer.value
        step()
        self._show()

    def _on_check(self) -> None:
        result = self.session.submit(self.answer.value)
        self.feedback.value = render.feedback(result)
        self._unlocks()
        self.progress.save(self.session.current.id, self.answer.value, result)


# --------------------------------------------------------------------------- projection or empathy


class ProjectionOrEmpathyExercise(UnlocksFromAttempts, w.VBox):
    """Read a seller's sentence and say whose frame it speaks from: projection, empathy or other.

    ``statements`` defaults to ``data/statements.csv``, shown in a fixed mixed order; statements passed
    in (a lesson's chosen examples) are shown in the order given.
    """

    def __init__(self, statements: Sequence[Statement] | None = None, exercise: str | None = None, recorder=None):
        items = list(statements) if statements is not None else _mixed(load_statements())
        if not items:
            raise _none_left("sentences", "statements.csv")
        self.session = SortSession(items)
        self.results: dict[str, tuple[str, Feedback]] = {}
        self.nav = Navigation(with_difficulty=False)
        self.prompt = html(cls="ck-prompt-box")
        self.rubric = html(render.rubric(self.session.rubric))
        tips = {"projection": "Advice or a decision from the seller's position",
                "empathy": "The client's position: their feelings, options, fears or needs",
                "other": "Neither: information, a pitch, a factual question"}
        self.picks = {label: button(view.FRAME_TITLES[label], f"ck-pick-{label}", tooltip=tips[label])
                      for label in FRAME_LABELS}
        self.feedback = html(cls="ck-feedback-box")
        self.hint = button("Show a hint", "ck-hint", disabled=True, tooltip="The hint opens after a pick that misses")
        self.hint_text = html(cls="ck-hint-box")
        self.progress = ProgressPanel(exercise, recorder)
        for label, pick in self.picks.items():
            pick.on_click(guarded(self.feedback, lambda label=label: self._pick(label)))
        self.hint.on_click(guarded(self.feedback, self._on_hint))
        self.nav.next.on_click(guarded(self.feedback, lambda: self._move(self.session.next)))
        self.nav.previous.on_click(guarded(self.feedback, lambda: self._move(self.session.previous)))
        super().__init__([
            html(render.STYLE + view.STYLE),
            html("<p><b>Whose frame does the seller speak from? Their own (projection), the client's (empathy), or "
                 "neither (other)?</b></p>"),
            self.nav, self.prompt, self.rubric, w.HBox([*self.picks.values(), self.hint]), self.feedback,
            self.hint_text, self.progress,
        ], layout=w.Layout(max_width="900px"))
        self.add_class("coachkit-exercise")
        self._show()

    @property
    def current(self) -> Statement:
        return self.session.current

    def _tally(self) -> str:
        right = sum(result.passed for _, result in self.results.values())
        return f"{right} right out of {len(self.results)} answered ({len(self.session.items)} sentences in all)."

    def _show(self) -> None:
        self.prompt.value = view.statement_prompt(self.current, self.session.position)
        self.nav.position.value = self.session.position
        done = self.results.get(self.current.id)
        self.feedback.value = view.sort_feedback(self.current, done[0], done[1], self._tally()) if done else ""
        self.hint_text.value = ""
        self.hint.disabled = not self.session.hint_unlocked

    def _move(self, step) -> None:
        step()
        self._show()

    def _pick(self, label: str) -> None:
        result = self.session.submit(label)
        if not result.refused:
            self.results[self.current.id] = (label, result)
        self.feedback.value = view.sort_feedback(self.current, label, result, self._tally())
        self.hint.disabled = not self.session.hint_unlocked
        self.progress.save(self.current.id, label, result)


# --------------------------------------------------------------------------- diagnose the no


class DiagnoseNoExercise(UnlocksFromAttempts, w.VBox):
    """Read a customer's "no", pick the motive behind it, then the response that fits; two checks."""

    def __init__(self, refusals: Sequence[Refusal] | None = None, exercise: str | None = None, recorder=None):
        items = list(refusals if refusals is not None else load_refusals())
        if not items:
            raise _none_left("refusals", "refusals.yaml")
        self.session = DiagnoseSession(items)
        self.nav = Navigation(with_difficulty=False)
        self.prompt = html(cls="ck-prompt-box")
        self.rubric = html(render.rubric(self.session.rubric))
        self.motive = w.ToggleButtons(options=[(view.motive_label(m), m) for m in MOTIVES], value=None,
                                      tooltips=[MOTIVES[m] for m in MOTIVES], style={"button_width": "auto"})
        self.motive.add_class("ck-motive")
        self.meaning = html(view.motive_meaning(None), cls="ck-meaning-box")
        self.response = w.ToggleButtons(options=[], value=None, style={"button_width": "48px"})
        self.response.add_class("ck-response")
        self.check = button("Check", "ck-check", style="primary", tooltip="Check my diagnosis")
        self.feedback = html(cls="ck-feedback-box")
        self._unlock_controls("The hint opens after a try that misses")
        self.progress = ProgressPanel(exercise, recorder)
        self.motive.observe(guarded(self.feedback, self._on_motive), names="value")
        self.check.on_click(guarded(self.feedback, self._on_check))
        self.nav.next.on_click(guarded(self.feedback, lambda: self._move(self.session.next)))
        self.nav.previous.on_click(guarded(self.feedback, lambda: self._move(self.session.previous)))
        super().__init__([
            html(render.STYLE + view.STYLE),
            html("<p><b>Diagnose the no. What is the customer protecting? Pick the motive, then the response that "
                 "answers it.</b></p>"),
            self.nav, self.prompt, self.rubric,
            w.Label("1. The motive behind the no:"), self.motive, self.meaning,
            w.Label("2. The response that fits:"), self.response,
            w.HBox([self.check, self.hint, self.show_model]), self.feedback, self.hint_text, self.model_text,
            self.progress,
        ], layout=w.Layout(max_width="900px"))
        self.add_class("coachkit-exercise")
        self._show()

    @property
    def current(self) -> Refusal:
        return self.session.current

    def _show(self) -> None:
        refusal = self.current
        self.prompt.value = view.refusal_prompt(refusal, self.session.position)
        self.nav.position.value = self.session.position
        self.motive.value = None
        self.response.options = [(view.response_letter(i), i) for i in range(len(refusal.responses))]
        self.response.tooltips = [r.text for r in refusal.responses]
        self.response.value = None
        self.feedback.value = self.hint_text.value = self.model_text.value = ""
        self._unlocks()

    def _move(self, step) -> None:
        step()
        self._show()

    def _on_motive(self, change=None) -> None:
        self.meaning.value = view.motive_meaning(self.motive.value)

    def _answer(self, motive: str, index: int) -> str:
        responses = self.current.responses
        picked = f"{view.response_letter(index)}. {responses[index].text}" if 0 <= index < len(responses) else "no response"
        return f"{view.motive_label(motive) or 'no motive'}; {picked}"

    def _on_check(self) -> None:
        motive = self.motive.value or ""
        index = self.response.value if self.response.value is not None else -1
        result = self.session.submit(motive, index)
        self.feedback.value = render.feedback(result)
        self._unlocks()
        self.progress.save(self.current.id, self._answer(motive, index), result)


# --------------------------------------------------------------------------- rewrite a projection


class RewriteProjectionExercise(w.VBox):
    """Rewrite a seller's projection ("if I were you, I'd…") so it speaks from the client's frame.

    Scored with :func:`coachkit.feedback.projection_vs_empathy`; the kit also says whose frame it reads
    in the rewrite (:func:`coachkit.empathy.read_frame`). The data holds no model rewrite, so the
    exercise has a hint (the curriculum's contrast question) and no model answer: a note says so.
    """

    def __init__(self, statements: Sequence[Statement] | None = None, exercise: str | None = None, recorder=None):
        self.statements = [s for s in (statements if statements is not None else load_statements())
                           if s.label == "projection"]
        if not self.statements:
            raise _none_left("projections to rewrite", "statements.csv (label: projection)")
        self.index = 0
        self._drafts: dict[str, str] = {}
        self._missed: set[str] = set()
        self.nav = Navigation(with_difficulty=False)
        self.prompt = html(cls="ck-prompt-box")
        self.rubric = html(render.rubric(RUBRICS["empathy"], second_opinion=True))
        self.answer = answer_box("Say it again from the client's side…", rows=4)
        self.check = button("Check", "ck-check", style="primary", tooltip="Check my rewrite")
        self.feedback = html(cls="ck-feedback-box")
        self.reading = html(cls="ck-reading-box")
        self.hint = button("Show a hint", "ck-hint", disabled=True, tooltip="The hint opens after a try that misses")
        self.hint_text = html(cls="ck-hint-box")
        self.note = html(f'<div class="ck-meta ck-no-model">{escape(NO_MODEL_NOTE)}</div>')
        self.progress = ProgressPanel(exercise, recorder)
        self.check.on_click(guarded(self.feedback, self._on_check))
        self.hint.on_click(guarded(self.feedback, self._on_hint))
        self.nav.next.on_click(guarded(self.feedback, lambda: self._move(1)))
        self.nav.previous.on_click(guarded(self.feedback, lambda: self._move(-1)))
        super().__init__([
            html(render.STYLE + view.STYLE),
            html("<p><b>Rewrite the seller's advice so it speaks from the client's frame: their situation, their "
                 "feelings, their options, not your decision.</b></p>"),
            self.nav, self.prompt, self.rubric, w.Label("Your rewrite:"), self.answer, w.HBox([self.check, self.hint]),
            self.feedback, self.reading, self.hint_text, self.note, self.progress,
        ], layout=w.Layout(max_width="900px"))
        self.add_class("coachkit-exercise")
        self._show()

    @property
    def current(self) -> Statement:
        return self.statements[self.index]

    @property
    def position(self) -> str:
        return f"{self.index + 1} / {len(self.statements)}"

    def _show(self) -> None:
        self.prompt.value = view.projection_prompt(self.current, self.position)
        self.nav.position.value = self.position
        self.answer.value = self._drafts.get(self.current.id, "")
        self.feedback.value = self.reading.value = self.hint_text.value = ""
        self.hint.disabled = self.current.id not in self._missed

    def _move(self, step: int) -> None:
        self._drafts[self.current.id] = self.answer.value
        self.index = (self.index + step) % len(self.statements)
        self._show()

    def _on_check(self) -> None:
        text = self.answer.value
        result = projection_vs_empathy(text)
        self.feedback.value = render.feedback(result)
        self.reading.value = "" if result.refused else view.frame_reading(read_frame(text))
        if not result.refused and not result.passed:
            self._missed.add(self.current.id)
        self.hint.disabled = self.current.id not in self._missed
        self.progress.save(self.current.id, text, result)

    def _on_hint(self) -> None:
        if self.current.id in self._missed:
            self.hint_text.value = render.message("Hint: " + CONTRAST_HINT)


# --------------------------------------------------------------------------- if I were this client


class ClientFrameExercise(_Written):
    """"If I were this client, what could I do?": list what the client could do, fear and need, one per line."""

    instruction = ("If I were this client, what could I do? Put yourself in their position and list, one per line, "
                   "what they could do, what they fear and what they need. Each line gets its own feedback.")
    placeholder = "One item per line, e.g.\nShe could ask for…\nShe fears that…\nShe needs…"
    label = "Your items, one per line:"
    rows = 6
    second_opinion = False

    def __init__(self, frames: Sequence[ClientFrame] | None = None, exercise: str | None = None, recorder=None):
        items = list(frames if frames is not None else load_client_frames())
        if not items:
            raise _none_left("clients", "client_frames.yaml")
        super().__init__(ClientFrameSession(items), exercise, recorder)

    def _prompt(self) -> str:
        return view.client_frame_prompt(self.session.current, self.session.position)

    def _on_model(self) -> None:
        items = self.session.model_answer
        if items:
            self.model_text.value = render.bullet_list("Model answer: what this client could do, fear and need", items,
                                                       "ck-model-items")


# --------------------------------------------------------------------------- the first hello


class FirstHelloExercise(_Written):
    """Write the first few sentences of a first meeting: the client before the offer, an open question, no pitch."""

    instruction = ("The negotiation starts at “hello”. Write the first few sentences you would say at this first "
                   "meeting: start from the client, ask one open question, keep your offer for later.")
    placeholder = "Your first few sentences…"
    label = "Your opening:"

    def __init__(self, openings: Sequence[Opening] | None = None, exercise: str | None = None, recorder=None):
        items = list(openings if openings is not None else load_openings())
        if not items:
            raise _none_left("first meetings", "openings.yaml")
        super().__init__(OpeningSession(items), exercise, recorder)

    def _prompt(self) -> str:
        return view.opening_prompt(self.session.current, self.session.position)


# --------------------------------------------------------------------------- alliance self-check


def alliance_outcome(result: AllianceResult):
    """The self-check's result for the progress store: score = mean of the dimensions, passed = no weak point."""
    from coachkit.progress import Outcome

    scores = result.scores
    checks = tuple(Check(d, d not in result.weak, float(s), 1.0,
                         result.suggestions.get(d, "") if d in result.weak else "Not a weak point.")
                   for d, s in scores.items())
    mean = round(sum(scores.values()) / len(scores), 3) if scores else 0.0
    return Outcome(score=mean, passed=result.passed, checks=checks, refused=result.refused)


class AllianceCheck(w.VBox):
    """The alliance self-check: rate each statement from 1 to 5, then see a profile of the three dimensions.

    Saved as one attempt per press of "See my profile" (item ``alliance``, answer = the answers as
    JSON). A learner coming back finds their last answers on the sliders.
    """

    item = "alliance"

    def __init__(self, items: Sequence[AllianceItem] | None = None, exercise: str | None = None, recorder=None):
        self.items = tuple(items if items is not None else ALLIANCE_ITEMS)
        if not self.items:
            raise _none_left("statements", "alliance.yaml")
        low, high = RULES.scale
        self.sliders: dict[str, w.IntSlider] = {}
        rows: list[w.Widget] = []
        for dimension, meaning in ALLIANCE_DIMENSIONS.items():
            mine = [i for i in self.items if i.dimension == dimension]
            if not mine:
                continue
            rows.append(html(f"<h4>{escape(dimension.capitalize())}</h4>"
                             f'<div class="ck-meta">{escape(meaning)}</div>'))
            for item in mine:
                slider = w.IntSlider(value=(low + high) // 2, min=low, max=high, step=1, continuous_update=False,
                                     layout=w.Layout(width="260px"))
                slider.add_class("ck-alliance-slider")
                slider.add_class(f"ck-alliance-{item.id}")
                self.sliders[item.id] = slider
                rows.append(html(f'<div class="ck-alliance-item">{escape(item.text)}</div>'))
                rows.append(w.HBox([w.Label("not at all me"), slider, w.Label("very much me")],
                                   layout=w.Layout(align_items="center")))
        self.see = button("See my profile", "ck-profile", style="primary", tooltip="Score my answers and draw my profile")
        self.chart = html(cls="ck-alliance-chart-box")
        self.profile = html(cls="ck-feedback-box")
        self.resumed = html(cls="ck-resume-box")
        self.progress = ProgressPanel(exercise, recorder)
        self.see.on_click(guarded(self.profile, self._on_see))
        super().__init__([
            html(render.STYLE + view.STYLE),
            html("<p><b>The alliance self-check. How true is each statement of you with clients? Move each slider, "
                 "then press “See my profile”.</b></p>"
                 f'<div class="ck-alliance-scale">{low} = not at all me · {high} = very much me. Nobody else sees your '
                 "answers unless you show them.</div>"),
            self.resumed, *rows, w.HBox([self.see]), self.chart, self.profile, self.progress,
        ], layout=w.Layout(max_width="900px"))
        self.add_class("coachkit-exercise")
        self._resume()

    @property
    def answers(self) -> dict[str, int]:
        return {item_id: int(slider.value) for item_id, slider in self.sliders.items()}

    @property
    def result(self) -> AllianceResult:
        return score_alliance(self.answers, self.items)

    def _resume(self) -> None:
        """Put the learner's last saved answers back on the sliders."""
        recorder = self.progress.recorder
        if recorder is None:
            return
        records, problem = recorder.history()
        if problem or not records:
            return
        try:
            last = json.loads(records[-1].answer)
        except (TypeError, ValueError):
            return
        if not isinstance(last, dict):
            return
        low, high = RULES.scale
        put = 0
        for item_id, value in last.items():
            if item_id in self.sliders and isinstance(value, int) and low <= value <= high:
                self.sliders[item_id].value = value
                put += 1
        if put:
            when = records[-1].created.strftime("%d %b %H:%M")
            self.resumed.value = render.message(f"Your answers from {when} are on the sliders: move any that have changed.")

    def _on_see(self) -> None:
        result = self.result
        self.chart.value = view.alliance_svg(result)
        self.profile.value = view.alliance_profile(result)
        if not result.refused:
            self.progress.save(self.item, json.dumps(self.answers, sort_keys=True), alliance_outcome(result))
