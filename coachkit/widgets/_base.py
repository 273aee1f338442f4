"""Controls shared by the exercise widgets."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import ipywidgets as w
from ipywidgets.widgets.widget_string import HTMLStyle
from traitlets import Unicode

from coachkit import render

log = logging.getLogger("coachkit")

FULL_WIDTH = w.Layout(width="100%", max_width="860px")
#: The layout and style models shared by every prose box and button the helpers below make (pass ``layout=`` for one
#: of its own to change): each model is sent to the page and relayed by the server, and a free-text app made 61 of
#: them, 21 layouts and 18 styles all alike (bench/RESULTS.md, section 5). Never change these in place.
PROSE = w.Layout(max_width="860px")
AUTO_WIDTH = w.Layout(width="auto")
_HTML_STYLE = HTMLStyle()
_BUTTON_STYLE = w.ButtonStyle()


_warming: threading.Thread | None = None


def _detector_read() -> bool:
    """Whether this process has read the detector's cues and weights (a kernel forked from the warm template has)."""
    from coachkit import _moves_model, _moves_rules

    return all(f.cache_info().currsize for f in (_moves_rules.lexicon, _moves_rules.guards, _moves_model.model))


def warm_up_detector() -> threading.Thread | None:
    """Read the move detector's cues and weights in a background thread, once per kernel; no thread when they are
    read already (a kernel forked from the warm template, or the template itself, which must start no thread)."""
    global _warming
    if _warming is None and not _detector_read():
        from coachkit.moves import warm_up

        _warming = threading.Thread(target=warm_up, name="coachkit-warm-up", daemon=True)
        _warming.start()
    return _warming


def warm_up_on_first_edit(box: w.Textarea) -> None:
    """Warm the detector when the learner starts writing in ``box``: long before their first "Check",
    and never while Voilà is still sending the page (a room opening 30 apps at once stays as fast)."""

    def started(_change: object) -> None:
        box.unobserve(started, "value")
        warm_up_detector()

    box.observe(started, "value")


class AnswerBox(w.Textarea):
    """A Textarea whose text, as the page sends it, is not sent back to the page. ipywidgets 8 answers every value a
    page sets with an ``echo_update`` message holding the same value (for other views of the widget): the page sends
    the box's whole text at each keystroke, and the server relayed it back as many times, to the page that typed it.
    An app's answer box has one view; what the kernel itself puts in the box (a draft, an emptied box) is still sent."""

    value = Unicode(help="String value").tag(sync=True, echo_update=False)


def answer_box(placeholder: str, rows: int, cls: str = "ck-answer", **kwargs) -> AnswerBox:
    """The box a learner writes in (:class:`AnswerBox`), full width, warming the detector at the first edit."""
    box = AnswerBox(placeholder=placeholder, rows=rows, layout=kwargs.pop("layout", FULL_WIDTH), **kwargs)
    warm_up_on_first_edit(box)
    box.add_class(cls)
    return box


def html(value: str = "", cls: str = "", layout: w.Layout | None = None) -> w.HTML:
    box = w.HTML(value, layout=layout or PROSE, style=_HTML_STYLE)
    if cls:
        box.add_class(cls)
    return box


def button(label: str, cls: str, style: str = "", disabled: bool = False, tooltip: str = "",
           layout: w.Layout | None = None) -> w.Button:
    b = w.Button(description=label, button_style=style, disabled=disabled, tooltip=tooltip or label,
                 layout=layout or AUTO_WIDTH, style=_BUTTON_STYLE)
    b.add_class(cls)
    return b


def guarded(target: w.HTML, action: Callable[[], None]) -> Callable[..., None]:
    """Run a callback; if the kit fails, say so in ``target`` instead of raising into the page."""

    def run(*_args: object) -> None:
        try:
            action()
        except Exception as exc:  # a learner never sees a traceback
            log.exception("exercise callback failed")
            target.value = render.message(
                f"Sorry, the kit could not do that ({type(exc).__name__}). Your answer is still in the box; "
                "try again, and tell your facilitator if it keeps happening.", warn=True)

    return run


class Navigation(w.HBox):
    """Previous / Next buttons, the position, and an optional difficulty filter."""

    def __init__(self, with_difficulty: bool = True):
        self.previous = button("◀ Previous", "ck-previous", tooltip="Previous item")
        self.next = button("Next ▶", "ck-next", tooltip="Next item")
        self.position = w.Label()
        self.difficulty = w.Dropdown(options=[("All levels", "all"), ("Easy", "easy"), ("Medium", "medium"),
                                              ("Hard", "hard")], value="all", description="Level",
                                     layout=w.Layout(width="200px"))
        self.difficulty.add_class("ck-difficulty")
        children = [self.previous, self.next, self.position]
        if with_difficulty:
            children.append(self.difficulty)
        super().__init__(children, layout=w.Layout(align_items="center"))


class UnlocksFromAttempts:
    """Hint and model-answer buttons that open as the session's attempts allow.

    For a widget with ``session`` (a ``practice`` session), ``hint`` / ``show_model`` buttons and
    ``hint_text`` / ``model_text`` boxes; a widget whose hints or model answers look different
    overrides the method concerned.
    """

    def _unlock_controls(self, hint_tooltip: str, model_tooltip: str = "The model answer opens after your first try",
                         model_label: str = "Show the model answer") -> None:
        """Build the hint and model-answer buttons and their boxes, wired to ``_on_hint`` / ``_on_model``
        (call once ``self.feedback`` exists: a failure is shown there)."""
        self.hint = button("Show a hint", "ck-hint", disabled=True, tooltip=hint_tooltip)
        self.hint_text = html(cls="ck-hint-box")
        self.show_model = button(model_label, "ck-model", disabled=True, tooltip=model_tooltip)
        self.model_text = html(cls="ck-model-box")
        self.hint.on_click(guarded(self.feedback, self._on_hint))
        self.show_model.on_click(guarded(self.feedback, self._on_model))

    def _unlocks(self) -> None:
        self.hint.disabled = not self.session.hint_unlocked
        self.show_model.disabled = not self.session.model_answer_unlocked

    def _on_hint(self) -> None:
        hint = self.session.hint
        if hint:
            self.hint_text.value = render.message("Hint: " + hint)

    def _on_model(self) -> None:
        answer = self.session.model_answer
        if answer:
            self.model_text.value = render.message("Model answer: " + answer)


class _Part:
    """One part of a :class:`ProgressPanel` (its save status, its earlier attempts) with an HTML widget's ``value``:
    setting it draws the panel again."""

    def __init__(self, panel: ProgressPanel, cls: str):
        self._panel = panel
        self.cls = cls
        self._value = ""

    @property
    def value(self) -> str:
        return self._value

    @value.setter
    def value(self, text: str) -> None:
        self._value = text
        self._panel.draw()


class ProgressPanel(w.HTML):
    """Saves each attempt for the current learner and shows their earlier attempts (resume).

    One HTML widget: the save status (``status``) above the earlier attempts (``past``), each a part with a ``value``
    as an HTML widget has. A save changes both and sends them to the page in one message (two widgets sent two, each
    relayed by the server, at every first Check of a room)."""

    def __init__(self, exercise: str | None, recorder=None):
        from coachkit.progress import Recorder

        super().__init__(layout=PROSE, style=_HTML_STYLE)
        self.add_class("ck-progress")
        self.recorder = recorder or (Recorder(exercise) if exercise else None)
        self.status = _Part(self, "ck-save-status")
        self.past = _Part(self, "ck-history-box")
        self.refresh()

    def draw(self) -> None:
        self.value = "".join(f'<div class="{part.cls}">{part.value}</div>' for part in (self.status, self.past))

    def save(self, item: str, answer: str, feedback) -> bool:
        """Record an attempt; on failure say so (the answer stays in its box)."""
        if self.recorder is None or getattr(feedback, "refused", ""):
            return False
        result = self.recorder.save(item, answer, feedback)
        with self.hold_sync():
            self.status.value = (f'<span class="ck-meta">✓ Saved for {render._e(self.recorder.identity.learner)}</span>'
                                 if result.saved else render.message(result.message, warn=True))
            self.refresh()
        return result.saved

    def refresh(self) -> None:
        if self.recorder is None:
            return
        records, problem = self.recorder.history()
        self.past.value = render.message(problem, warn=True) if problem else render.history(records)
