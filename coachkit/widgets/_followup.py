"""The follow-up module's apps: always present, never heavy.

* :class:`HeavyOrHelpfulExercise` — sort follow-up messages into pressure and new value;
* :class:`RewriteChaserExercise` — turn a chasing message into one that brings something new;
* :class:`IdeaMeetingExercise` — list reasons to call, each checked against the customer's words;
* :class:`PlannerApp` — plan the touches after a proposal, with presence and heaviness gauges, a
  timeline, CSV / iCalendar download and CSV import.

Thin views: the feedback engine (:mod:`coachkit.feedback`) and the planner
(:mod:`coachkit.planner`) do the judging; :mod:`coachkit.planner_view` makes the escaped HTML.
The planner brings pandas, so it is imported only by the apps that need it, when they start.
Testable without a browser: set the controls' ``.value``, call ``.click()``, read the HTML boxes.

Given ``exercise`` (its catalogue id) or a ``recorder``, each app saves the learner's attempts to the
progress store and shows the earlier ones at the bottom (:class:`~coachkit.widgets._base.ProgressPanel`):
a pick, a checked rewrite, an idea added, a plan saved with "Save my plan".
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from datetime import timedelta
from types import ModuleType
from typing import Any

import ipywidgets as w

from coachkit import planner_view as view
from coachkit import render
from coachkit.content import load_followups, load_situations
from coachkit.feedback import RUBRICS, followup_message, refusal
from coachkit.schema import CHANNELS, FollowupMessage, Situation
from coachkit.widgets._base import FULL_WIDTH, Navigation, ProgressPanel, answer_box, button, guarded, html

__all__ = ["HeavyOrHelpfulExercise", "IdeaMeetingExercise", "PlannerApp", "RewriteChaserExercise"]

#: Largest plan file, in bytes, the planner imports. A plan of a few months is a few kilobytes; the
#: cap keeps a wrong file (a spreadsheet export of a whole CRM) from stalling the learner's kernel.
MAX_IMPORT_BYTES = 200_000

_NO_CHASING = RUBRICS["followup"][2].name  # the rubric line that flags chasing words


def _planner() -> ModuleType:
    """:mod:`coachkit.planner`, imported on first use (it brings pandas)."""
    return importlib.import_module("coachkit.planner")


def _chasing_words(result) -> tuple[str, ...]:
    """The words the engine read as chasing, if its "No chasing" check failed."""
    check = next((c for c in result.checks if c.name == _NO_CHASING), None)
    return tuple(check.evidence) if check is not None and not check.passed else ()


def _outcome(score: float, passed: bool, checks: Sequence[dict] = (), move_names: Sequence[str] = ()):
    """An attempt's result for the progress store (:class:`coachkit.progress.Outcome`)."""
    from coachkit.progress import Outcome

    return Outcome(score=float(score), passed=bool(passed), move_names=tuple(move_names),
                   checks=tuple(_Check(c) for c in checks))


class _Check(dict):
    """One stored check, ``{name, passed, credit, weight, message}``: a dict also readable as attributes,
    the way the recorder reads a rubric's checks."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def _none_left(what: str, where: str) -> ValueError:
    return ValueError(f"This exercise has no {what}: add some to data/{where} and run `coachkit validate`.")


# --------------------------------------------------------------------------- heavy or helpful


class HeavyOrHelpfulExercise(w.VBox):
    """Read a follow-up message and say whether it chases (pressure) or brings something new."""

    def __init__(self, messages: Sequence[FollowupMessage] | None = None, limit: int | None = None,
                 exercise: str | None = None, recorder=None):
        items = list(messages if messages is not None else load_followups())
        self.messages = items[:limit] if limit else items
        if not self.messages:
            raise _none_left("messages", "followups.csv")
        self.index = 0
        self.picks: dict[str, str] = {}
        self.nav = Navigation(with_difficulty=False)
        self.prompt = html(cls="ck-prompt-box")
        self.pressure = button("Pressure: it chases", "ck-pick-pressure", tooltip="This message only chases")
        self.new_value = button("New value: it brings something", "ck-pick-new-value",
                                tooltip="This message brings the customer something new")
        self.feedback = html(cls="ck-feedback-box")
        self.progress = ProgressPanel(exercise, recorder)
        self.pressure.on_click(guarded(self.feedback, lambda: self._pick("pressure")))
        self.new_value.on_click(guarded(self.feedback, lambda: self._pick("new_value")))
        self.nav.next.on_click(guarded(self.feedback, lambda: self._move(1)))
        self.nav.previous.on_click(guarded(self.feedback, lambda: self._move(-1)))
        super().__init__([
            html(render.STYLE + view.STYLE),
            html("<p><b>Heavy or helpful? Does the seller's message only chase, or does it bring the customer "
                 "something new?</b></p>"),
            self.nav, self.prompt, w.HBox([self.pressure, self.new_value]), self.feedback, self.progress,
        ], layout=w.Layout(max_width="900px"))
        self.add_class("coachkit-exercise")
        self._show()

    @property
    def current(self) -> FollowupMessage:
        return self.messages[self.index]

    @property
    def position(self) -> str:
        return f"{self.index + 1} / {len(self.messages)}"

    def _tally(self) -> str:
        right = sum(self.picks.get(m.id) == m.label for m in self.messages)
        return f"{right} right out of {len(self.picks)} answered ({len(self.messages)} messages in all)."

    def _show(self) -> None:
        self.nav.position.value = self.position
        self.prompt.value = view.followup_prompt(self.current)
        picked = self.picks.get(self.current.id)
        self.feedback.value = self._feedback(picked) if picked else ""

    def _feedback(self, picked: str) -> str:
        result = followup_message(self.current.text, self.current.situation)
        return view.classify_feedback(self.current, picked, result, self._tally())

    def _pick(self, label: str) -> None:
        self.picks[self.current.id] = label
        self.feedback.value = self._feedback(label)
        right = label == self.current.label
        self.progress.save(self.current.id, label, _outcome(1.0 if right else 0.0, right))

    def _move(self, step: int) -> None:
        self.index = (self.index + step) % len(self.messages)
        self._show()


# --------------------------------------------------------------------------- rewrite the chaser


class RewriteChaserExercise(w.VBox):
    """Rewrite a chasing message so that it brings something new tied to the customer's words."""

    def __init__(self, situations: Sequence[Situation] | None = None,
                 followups: Sequence[FollowupMessage] | None = None, exercise: str | None = None, recorder=None):
        self.pairs = view.pair_chasers(list(situations if situations is not None else load_situations()),
                                       list(followups if followups is not None else load_followups()))
        if not self.pairs:
            raise _none_left("situations or chasing messages", "situations.yaml and data/followups.csv")
        self._customer_words = _planner().customer_words
        self.index = 0
        self._drafts: dict[str, str] = {}
        self._tried: set[str] = set()
        self.nav = Navigation(with_difficulty=False)
        self.prompt = html(cls="ck-prompt-box")
        self.rubric = html(render.rubric(RUBRICS["followup"], second_opinion=True))
        self.answer = answer_box("Write the message you will send instead…", rows=5)
        self.check = button("Check", "ck-check", style="primary", tooltip="Check my message")
        self.feedback = html(cls="ck-feedback-box")
        self.show_model = button("Show a model answer", "ck-model", disabled=True,
                                 tooltip="The model answer opens after your first try")
        self.model_text = html(cls="ck-model-box")
        self.progress = ProgressPanel(exercise, recorder)
        self.check.on_click(guarded(self.feedback, self._on_check))
        self.show_model.on_click(guarded(self.feedback, self._on_model))
        self.nav.next.on_click(guarded(self.feedback, lambda: self._move(1)))
        self.nav.previous.on_click(guarded(self.feedback, lambda: self._move(-1)))
        super().__init__([
            html(render.STYLE + view.STYLE),
            html("<p><b>Rewrite the chasing message: bring the customer something new for a problem they raised, "
                 "in their words, with no chasing.</b></p>"),
            self.nav, self.prompt, self.rubric, w.Label("Your message:"), self.answer,
            w.HBox([self.check, self.show_model]), self.feedback, self.model_text, self.progress,
        ], layout=w.Layout(max_width="900px"))
        self.add_class("coachkit-exercise")
        self._show()

    @property
    def situation(self) -> Situation:
        return self.pairs[self.index][0]

    @property
    def chaser(self) -> FollowupMessage:
        return self.pairs[self.index][1]

    @property
    def position(self) -> str:
        return f"{self.index + 1} / {len(self.pairs)}"

    def _show(self) -> None:
        self.nav.position.value = self.position
        self.prompt.value = view.chaser_prompt(self.situation, self.chaser)
        self.answer.value = self._drafts.get(self.situation.id, "")
        self.feedback.value = ""
        self.model_text.value = ""
        self.show_model.disabled = self.situation.id not in self._tried

    def _move(self, step: int) -> None:
        self._drafts[self.situation.id] = self.answer.value
        self.index = (self.index + step) % len(self.pairs)
        self._show()

    def _on_check(self) -> None:
        result = followup_message(self.answer.value, self._customer_words(self.situation))
        self.feedback.value = render.feedback(result)
        if not result.refused:
            self._tried.add(self.situation.id)
        self.show_model.disabled = self.situation.id not in self._tried
        self.progress.save(self.situation.id, self.answer.value, result)

    def _on_model(self) -> None:
        if self.situation.id not in self._tried:
            return
        touch = self.situation.model_plan[0]
        self.model_text.value = (
            render.message(f"Model answer ({touch.channel}, {touch.day_offset} days after the meeting): {touch.message}")
            + render.message(f"What it brings: {touch.new_value}. What it answers: “{touch.answers}”"))


# --------------------------------------------------------------------------- idea meeting


class IdeaMeetingExercise(w.VBox):
    """Hold an idea meeting: list reasons to call a customer, each checked for a link to their words."""

    def __init__(self, situations: Sequence[Situation] | None = None, exercise: str | None = None, recorder=None):
        self.situations = list(situations if situations is not None else load_situations())
        if not self.situations:
            raise _none_left("situations", "situations.yaml")
        self.index = 0
        self.ideas: dict[str, list[str]] = {}
        self.nav = Navigation(with_difficulty=False)
        self.prompt = html(cls="ck-prompt-box")
        self.idea = answer_box("An idea, an option or a piece of information for this customer…", rows=2,
                               cls="ck-idea-input")
        self.add = button("Add", "ck-add-idea", style="primary", tooltip="Add this idea to the list")
        self.notice = html(cls="ck-idea-message")
        self.list = w.VBox(layout=w.Layout(max_width="860px"))
        self.list.add_class("ck-idea-list")
        self.summary = html(cls="ck-idea-summary-box")
        self.progress = ProgressPanel(exercise, recorder)
        self.add.on_click(guarded(self.notice, self._on_add))
        self.nav.next.on_click(guarded(self.notice, lambda: self._move(1)))
        self.nav.previous.on_click(guarded(self.notice, lambda: self._move(-1)))
        super().__init__([
            html(render.STYLE + view.STYLE),
            html("<p><b>Idea meeting: before you call, find reasons to call. Add ideas that answer something this "
                 "customer said or a problem they raised; each is checked for a link to their words.</b></p>"),
            self.nav, self.prompt, w.Label("Your idea:"), self.idea, w.HBox([self.add]), self.notice, self.list, self.summary,
            self.progress,
        ], layout=w.Layout(max_width="900px"))
        self.add_class("coachkit-exercise")
        self._show()

    @property
    def situation(self) -> Situation:
        return self.situations[self.index]

    @property
    def current_ideas(self) -> list[str]:
        return self.ideas.setdefault(self.situation.id, [])

    def _move(self, step: int) -> None:
        self.index = (self.index + step) % len(self.situations)
        self.idea.value = ""
        self._show()

    def _show(self) -> None:
        self.nav.position.value = f"{self.index + 1} / {len(self.situations)}"
        self.prompt.value = view.situation_card(self.situation, with_calendar=False)
        self.notice.value = ""
        self._redraw()

    def _on_add(self) -> None:
        text = self.idea.value.strip()
        why = "Write an idea first: the box is empty." if not text else refusal(text)
        if why:
            self.notice.value = render.message(why, warn=True)
            return
        if text.casefold() in (i.casefold() for i in self.current_ideas):
            self.notice.value = render.message("That idea is already on the list: add a different one.", warn=True)
            return
        self.current_ideas.append(text)
        self.idea.value = ""
        self.notice.value = ""
        self._redraw()
        self.progress.save(self.situation.id, text, self._idea_outcome(text))

    def _read(self, idea: str) -> tuple[list[tuple[str, tuple[str, ...]]], tuple[str, ...], Any]:
        """An idea's links to the customer's words, the words that read as chasing, and the engine's feedback."""
        sources = view.situation_sources(self.situation)
        result = followup_message(idea, " ".join(sources))
        return view.idea_links(idea, sources), _chasing_words(result), result

    def _idea_outcome(self, idea: str):
        """The idea's check as an attempt: passed when it links to their words and does not chase."""
        links, chasing, result = self._read(idea)
        linked = "; ".join(f"“{source}” (through {', '.join(words)})" for source, words in links)
        checks = (
            {"name": "Linked to their words", "passed": bool(links), "credit": float(bool(links)), "weight": 1.0,
             "message": f"answers {linked}" if links else "no link to what the customer said"},
            {"name": "No chasing", "passed": not chasing, "credit": float(not chasing), "weight": 1.0,
             "message": f"reads as chasing ({', '.join(chasing)})" if chasing else "no chasing words"},
        )
        reason = bool(links) and not chasing
        return _outcome(1.0 if reason else 0.0, reason, checks, result.move_names)

    def _remove(self, position: int) -> None:
        ideas = self.current_ideas
        if 0 <= position < len(ideas):
            del ideas[position]
        self.notice.value = ""
        self._redraw()

    def _redraw(self) -> None:
        sources = view.situation_sources(self.situation)
        rows, covered, linked = [], set(), 0
        for position, idea in enumerate(self.current_ideas):
            links, chasing, _ = self._read(idea)
            covered.update(source for source, _ in links)
            linked += bool(links) and not chasing
            remove = button("Remove", "ck-remove-idea", tooltip="Take this idea off the list",
                            layout=w.Layout(width="auto", flex="0 0 auto", min_width="90px"))
            remove.on_click(guarded(self.notice, lambda p=position: self._remove(p)))
            box = html(view.idea_item(idea, links, chasing), cls="ck-idea-box",
                       layout=w.Layout(max_width="860px", flex="1 1 auto"))
            rows.append(w.HBox([box, remove], layout=w.Layout(align_items="center")))
        self.list.children = rows
        self.summary.value = view.idea_summary(len(self.current_ideas), linked,
                                               [s for s in sources if s not in covered])


# --------------------------------------------------------------------------- the planner


class PlannerApp(w.VBox):
    """Plan the follow-ups after a proposal: a table of touches, presence and heaviness, a timeline, files.

    ``model_plan_button=True`` (the solutions notebook) adds a "Load the model plan" button; learners
    start from an empty plan.
    """

    def __init__(self, situations: Sequence[Situation] | None = None, model_plan_button: bool = False,
                 exercise: str | None = None, recorder=None):
        self.planner = _planner()
        self.situations = {s.id: s for s in (situations if situations is not None else load_situations())}
        if not self.situations:
            raise _none_left("situations", "situations.yaml")
        self.plans: dict[str, Any] = {}
        self._quiet = False
        self.choose = w.Dropdown(options=[(f"{s.customer} — {s.company}", s.id) for s in self.situations.values()],
                                 description="Customer", layout=w.Layout(width="100%", max_width="600px"))
        self.choose.add_class("ck-situation")
        self.situation_box = html(cls="ck-situation-box")
        self.gauges = html(cls="ck-gauges-box")
        self.timeline = html(cls="ck-timeline-box")
        self.reasons = html(cls="ck-reasons-box")
        self.table = html(cls="ck-plan-box")
        self.rows = w.Select(options=[], rows=5, description="Touch", layout=w.Layout(width="100%", max_width="860px"))
        self.rows.add_class("ck-touch-list")
        self.date = w.DatePicker(description="Date")
        self.date.add_class("ck-touch-date")
        self.channel = w.Dropdown(options=list(CHANNELS), description="Channel", layout=w.Layout(width="240px"))
        self.channel.add_class("ck-touch-channel")
        self.message = answer_box("What you will send or say…", rows=3, cls="ck-touch-message", description="Message")
        self.new_value = w.Text(placeholder="The new thing it brings: an idea, an option, information",
                                description="New value", layout=FULL_WIDTH)
        self.new_value.add_class("ck-touch-new-value")
        self.answers = w.Combobox(placeholder="Which of their words does it answer? (pick or type)",
                                  description="Answers", ensure_option=False, layout=FULL_WIDTH)
        self.answers.add_class("ck-touch-answers")
        self.add = button("Add", "ck-add-touch", style="primary", tooltip="Add this touch to the plan")
        self.update = button("Update", "ck-update-touch", disabled=True, tooltip="Save the form into the chosen touch")
        self.remove = button("Remove", "ck-remove-touch", disabled=True, tooltip="Take the chosen touch off the plan")
        self.notice = html(cls="ck-plan-message")
        self.save_plan = button("Save my plan", "ck-save-plan", style="success",
                                tooltip="Save this plan and its gauges to your progress")
        self.downloads = html(cls="ck-downloads")
        self.upload = w.FileUpload(accept=".csv,.ics", multiple=False, description="Import CSV",
                                   layout=w.Layout(width="auto"))
        self.upload.add_class("ck-import")
        self.import_message = html(cls="ck-import-message")
        self.load_model = button("Load the model plan", "ck-load-model", tooltip="Replace the plan by the model plan") \
            if model_plan_button else None
        self.progress = ProgressPanel(exercise, recorder)

        self.choose.observe(guarded(self.notice, self._on_situation), names="value")
        self.rows.observe(guarded(self.notice, self._on_row), names="value")
        self.add.on_click(guarded(self.notice, self._on_add))
        self.update.on_click(guarded(self.notice, self._on_update))
        self.remove.on_click(guarded(self.notice, self._on_remove))
        self.upload.observe(guarded(self.import_message, self._on_upload), names="value")
        self.save_plan.on_click(guarded(self.progress.status, self._on_save))
        if self.load_model is not None:
            self.load_model.on_click(guarded(self.notice, self._on_load_model))

        files = [w.HBox([self.save_plan]), self.downloads,
                 w.HBox([self.upload], layout=w.Layout(align_items="center")), self.import_message,
                 html('<div class="ck-meta">Import a CSV with the columns date (YYYY-MM-DD), channel, message, '
                      "new_value, answers — as the download writes it — or a calendar (.ics) the planner saved. "
                      "It replaces the plan of this customer.</div>")]
        super().__init__([
            html(render.STYLE + view.STYLE),
            html("<p><b>Plan your follow-ups: every touch brings something new for a problem the customer raised, "
                 "spaced so you are always present and never heavy, with one inside the budget window.</b></p>"),
            self.choose, self.situation_box, self.gauges, self.timeline, self.reasons,
            html("<h4>The plan</h4>"), self.table,
            html("<h4>Add or change a touch</h4>"), self.rows, self.date, self.channel, self.message, self.new_value,
            self.answers, w.HBox([self.add, self.update, self.remove]), self.notice,
            html("<h4>Save or bring back your plan</h4>"), *files,
            *([self.load_model] if self.load_model is not None else []), self.progress,
        ], layout=w.Layout(max_width="900px"))
        self.add_class("coachkit-exercise")
        self.add_class("ck-planner")
        self._on_situation()

    # -- state

    @property
    def situation(self) -> Situation:
        return self.situations[self.choose.value]

    @property
    def plan(self):
        """The plan of the customer on screen (a pandas DataFrame, see :mod:`coachkit.planner`)."""
        return self.plans.setdefault(self.situation.id, self.planner.empty_plan())

    @plan.setter
    def plan(self, value) -> None:
        self.plans[self.situation.id] = value

    @property
    def score(self):
        return self.planner.score_plan(self.plan, self.situation)

    # -- callbacks

    def _on_situation(self, change=None) -> None:
        s = self.situation
        self.situation_box.value = view.situation_card(s)
        self.answers.options = tuple(view.situation_sources(s))
        self.date.value = s.last_meeting + timedelta(days=self.planner.DEFAULT_RULES.min_gap_days)
        self._clear_form()
        self.notice.value = ""
        self.import_message.value = ""
        self._refresh()

    def _on_row(self, change=None) -> None:
        if self._quiet:
            return
        chosen = self.rows.value
        self.update.disabled = self.remove.disabled = chosen is None
        if chosen is None:
            return
        row = self.plan.iloc[chosen]
        self.date.value = row["date"].date()
        self.channel.value = row["channel"]
        self.message.value, self.new_value.value, self.answers.value = row["message"], row["new_value"], row["answers"]

    def _form(self) -> dict[str, Any] | None:
        if self.date.value is None:
            self.notice.value = render.message("Pick the day of this touch in the Date box first.", warn=True)
            return None
        return {"date": self.date.value, "channel": self.channel.value, "message": self.message.value,
                "new_value": self.new_value.value, "answers": self.answers.value}

    def _change(self, make, done: str) -> None:
        """Apply a planner function; a ValueError (a field that is wrong) is shown, the plan kept."""
        try:
            self.plan = make()
        except ValueError as exc:
            self.notice.value = render.message(f"Not changed: {exc}.", warn=True)
            return
        self.notice.value = render.message(done)
        self._clear_form()
        self._refresh()

    def _on_add(self) -> None:
        touch = self._form()
        if touch is not None:
            self._change(lambda: self.planner.add_touch(self.plan, **touch),
                         f"Added the {touch['channel']} on {view.day_label(touch['date'])}.")

    def _on_update(self) -> None:
        chosen, touch = self.rows.value, self._form()
        if chosen is not None and touch is not None:
            self._change(lambda: self.planner.edit_touch(self.plan, chosen, **touch), f"Updated touch {chosen + 1}.")

    def _on_remove(self) -> None:
        chosen = self.rows.value
        if chosen is not None:
            self._change(lambda: self.planner.remove_touch(self.plan, chosen), f"Removed touch {chosen + 1}.")

    def _on_load_model(self) -> None:
        self.plan = self.planner.model_plan(self.situation)
        self.notice.value = render.message(f"Loaded the model plan for {self.situation.customer}: "
                                           f"{len(self.plan)} touches.")
        self._clear_form()
        self._refresh()

    def _on_upload(self, change=None) -> None:
        files = self.upload.value
        if not files:
            return
        file = files[-1]
        name = str(file.get("name") or "the file")
        try:
            content = bytes(file["content"])
            if len(content) > MAX_IMPORT_BYTES:
                self.import_message.value = render.message(
                    f"{name} is {len(content):,} bytes; a plan file is at most {MAX_IMPORT_BYTES:,}. Nothing was "
                    "changed: is it the right file?", warn=True)
                return
            read = self.planner.from_ics if name.lower().endswith(".ics") else self.planner.from_csv
            try:
                plan = read(content)
            except self.planner.PlanImportError as exc:
                self.import_message.value = view.import_problems(name, exc.problems)
                return
            self.plan = plan
            self.import_message.value = render.message(f"Imported {len(plan)} touch{'es' if len(plan) != 1 else ''} "
                                                       f"from {name}.")
            self._clear_form()
            self._refresh()
        finally:
            self.upload.value = ()  # the same file can be imported again after a fix

    def _on_save(self) -> None:
        plan = self.plan
        if self.progress.recorder is None:
            self.progress.status.value = render.message(
                "This planner is not linked to an exercise, so it cannot save: use Download CSV instead.", warn=True)
            return
        if not len(plan):
            self.progress.status.value = render.message("The plan is empty: add a touch before you save it.", warn=True)
            return
        score = self.planner.score_plan(plan, self.situation)
        passed = score.present and score.light
        checks = [{"name": "Why these gauges", "passed": passed, "credit": float(passed), "weight": 1.0,
                   "message": reason} for reason in score.reasons]
        self.progress.save(self.situation.id, self.planner.to_csv(plan),
                           _outcome(round(score.presence * (1 - score.heaviness), 3), passed, checks))

    # -- drawing

    def _clear_form(self) -> None:
        self._quiet = True
        try:
            self.rows.value = None
        finally:
            self._quiet = False
        self.update.disabled = self.remove.disabled = True
        self.message.value = self.new_value.value = self.answers.value = ""

    def _refresh(self) -> None:
        p, s = self.planner, self.situation
        plan = self.plan
        score = p.score_plan(plan, s)
        rules = p.DEFAULT_RULES
        self.gauges.value = view.gauges(score, rules.present_mark, rules.light_mark)
        self.reasons.value = view.reasons(score)
        self.timeline.value = view.timeline_svg(p.timeline(plan, score), score.start, score.end, score.budget_window,
                                                s.decision_date)
        records = plan.to_dict("records")
        self.table.value = view.plan_table(records, score)
        self._quiet = True
        try:
            self.rows.value = None
            self.rows.options = [(f"{i + 1}. {view.day_label(r['date'])} · {r['channel']} · {r['message'][:60]}", i)
                                 for i, r in enumerate(records)]
            self.rows.value = None
        finally:
            self._quiet = False
        self.update.disabled = self.remove.disabled = True
        stem = f"followups-{s.id}"
        self.downloads.value = (
            view.download_link("Download CSV", f"{stem}.csv", "text/csv", p.to_csv(plan), "ck-download-csv")
            + view.download_link("Download .ics (calendar)", f"{stem}.ics", "text/calendar", p.to_ics(plan, s),
                                 "ck-download-ics"))
