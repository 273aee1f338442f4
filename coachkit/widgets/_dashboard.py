"""Workshop mode: the facilitator's live dashboard, and the learner's own "My progress" app.

* :class:`Dashboard` — create a workshop code, pick a workshop, and watch the room: who tried and
  finished each exercise, the moves and anti-patterns in the answers (inline SVG), anonymised
  answers for the debrief with a "Show on screen" button each, CSV and xAPI exports. It refreshes
  itself every few seconds from a timer on the kernel's own event loop, so it stays live in Voilà
  with no page reload.
* :class:`MyProgress` — a learner's attempts summed up, their report (HTML) and data (JSON) to
  download, and "Delete my data" with a confirmation step.

Thin views over :mod:`coachkit.dashboard` and :mod:`coachkit.report`; all text is escaped there.
Testable without a browser: set ``.value``, call ``.click()`` or ``refresh()``, read the HTML boxes.
"""

from __future__ import annotations

import importlib
import logging
import re
from collections.abc import Callable
from contextlib import contextmanager
from html import escape
from types import ModuleType

import ipywidgets as w

from coachkit import render
from coachkit import report as rep
from coachkit.identity import Identity, clean_name, current_identity
from coachkit.store import Store, StoreError, open_store
from coachkit.widgets._base import button, html
from coachkit.widgets._ticker import Ticker

__all__ = ["Dashboard", "MyProgress"]

log = logging.getLogger("coachkit")


def _dash() -> ModuleType:
    """:mod:`coachkit.dashboard`, imported on first use (it brings pandas; "My progress" does not need it)."""
    return importlib.import_module("coachkit.dashboard")


def _safely(target: w.HTML, action: Callable[[], None], what: str) -> Callable[..., None]:
    """Run a callback; if it fails, say so in ``target`` instead of raising into the page."""

    def run(*_args: object) -> None:
        try:
            action()
        except StoreError as exc:  # the reason alone: nothing of the learner's answer is at stake here
            target.value = render.message(f"Could not {what}: {exc.why}." if exc.why else f"Could not {what}: {exc}",
                                          warn=True)
        except Exception as exc:  # nobody in the room sees a traceback
            log.exception("dashboard callback failed")
            target.value = render.message(f"Sorry, the kit could not {what} ({type(exc).__name__}). Try again; if it "
                                          "keeps happening, restart the app.", warn=True)

    return run


def _filename(text: str) -> str:
    return re.sub(r"[^\w.-]+", "-", text).strip("-") or "workshop"


# --------------------------------------------------------------------------- the facilitator's dashboard


class Dashboard(w.VBox):
    """The facilitator's live view of a workshop room."""

    def __init__(self, workshop: str | None = None, refresh_seconds: float | None = None, store: Store | None = None,
                 examples_per_kind: int | None = None, xapi_base_iri: str | None = None):
        dash = _dash()
        prefer = workshop if workshop is not None else current_identity().workshop  # ?workshop=CODE in the address
        if not dash.facilitator_allowed():
            # rendered by the learners' server: show nothing of the room, read nothing from the store
            super().__init__([html(render.STYLE), html(render.message(
                "The workshop dashboard opens only on the facilitator's server (python -m coachkit.facilitate).",
                warn=True), cls="ck-status")])
            self.ticker = Ticker(0, lambda: None)
            return
        self.store = store or open_store()
        self.refresh_seconds = dash.REFRESH_SECONDS if refresh_seconds is None else refresh_seconds
        self.examples_per_kind = examples_per_kind or dash.EXAMPLES_PER_KIND
        self.xapi_base_iri = xapi_base_iri or dash.XAPI_BASE_IRI
        self.titles = rep.exercise_titles()
        self._signature: tuple | None = None
        self._updating = False
        self._shown_examples: list = []

        self.new_code = w.Text(placeholder="e.g. ACME-MARCH", description="New code",
                               layout=w.Layout(width="260px"))
        self.new_code.add_class("ck-new-code")
        self.new_title = w.Text(placeholder="optional", description="Title", layout=w.Layout(width="300px"))
        self.new_title.add_class("ck-new-title")
        self.create = button("Create workshop", "ck-create-workshop", style="primary",
                             tooltip="Register this workshop code; learners type it on the home page")
        self.created = html(cls="ck-create-status")
        self.workshop = w.Dropdown(options=[], description="Workshop", layout=w.Layout(width="360px"))
        self.workshop.add_class("ck-workshop")
        self.refresh_button = button("Refresh now", "ck-refresh", tooltip="Read the room again now")
        self.status = html(cls="ck-status")
        self.table = html(cls="ck-participation")
        self.moves_chart = html(cls="ck-moves-chart")
        self.anti_chart = html(cls="ck-anti-chart")
        self.exercise = w.Dropdown(options=[("All exercises", "")], value="", description="Examples from",
                                   style={"description_width": "initial"}, layout=w.Layout(width="420px"))
        self.exercise.add_class("ck-example-filter")
        self.examples_box = w.VBox()
        self.examples_box.add_class("ck-examples")
        self.screen = w.HTML(layout=w.Layout(width="100%"))
        self.screen.add_class("ck-screen")
        self.close_screen = button("Close ✕", "ck-screen-close", tooltip="Back to the dashboard")
        self.screen_box = w.VBox([self.close_screen, self.screen], layout=w.Layout(display="none"))
        self.screen_box.add_class("ck-screen-box")
        self.exports = html(cls="ck-exports")
        self.prepare_exports = button("Prepare the exports", "ck-prepare-exports",
                                      tooltip="Build the CSV and xAPI files of this workshop's attempts now")

        from coachkit.widgets._roster import RosterPanel

        self.roster = RosterPanel(self.store, lambda: self.code)
        self.create.on_click(_safely(self.created, self._on_create, "create the workshop"))
        self.refresh_button.on_click(_safely(self.status, self.reload, "read the room"))
        self.workshop.observe(_safely(self.status, self._on_pick, "read the room"), names="value")
        self.exercise.observe(_safely(self.status, self._on_filter, "pick the examples"), names="value")
        self.close_screen.on_click(_safely(self.status, self.hide_screen, "close the screen"))
        self.prepare_exports.on_click(_safely(self.exports, self.build_exports, "prepare the exports"))

        self.main = w.VBox([
            html("<h2>Workshop</h2>"), w.HBox([self.new_code, self.new_title, self.create]), self.created,
            w.HBox([self.workshop, self.refresh_button], layout=w.Layout(align_items="center")), self.status,
            self.roster,
            html("<h2>Who is where</h2>"), self.table,
            html("<h2>What the room does</h2>"), w.HBox([self.moves_chart, self.anti_chart],
                                                         layout=w.Layout(flex_flow="row wrap")),
            html("<h2>Answers for the debrief</h2><p class=\"ck-status\">Names are replaced by letters, and names "
                 "written inside answers are masked. <b>Show on screen</b> puts one answer large for the room.</p>"),
            self.exercise, self.examples_box,
            html("<h2>Exports</h2><p class=\"ck-status\">With the learners' names: for you and your learning record "
                 "store, not for the room's screen. Built when you ask (they hold every attempt).</p>"),
            self.prepare_exports, self.exports,
        ])
        self.main.add_class("ck-dashboard-main")
        super().__init__([html(render.STYLE + dash.STYLE + _SCREEN_STYLE), self.screen_box, self.main],
                         layout=w.Layout(max_width="1000px"))
        self.add_class("coachkit-dashboard")
        self.add_class("ck-dashboard")

        _safely(self.status, lambda: (self._load_codes(prefer=prefer), self.refresh()), "read the progress store")()
        self.ticker = Ticker(self.refresh_seconds, _safely(self.status, self._tick, "read the room"))
        self.ticker.start()

    # ------------------------------------------------------------------ reading the room

    @property
    def code(self) -> str:
        return self.workshop.value or ""

    def _load_codes(self, prefer: str | None = None) -> None:
        """Offer every workshop code; keep the one picked (or pick ``prefer``) without a refresh in between."""
        codes = _dash().workshop_codes(self.store)
        if prefer and prefer not in codes:
            codes = [prefer, *codes]
        target = prefer or self.workshop.value or (codes[0] if codes else None)
        if list(self.workshop.options) != codes:
            with self._quiet():
                self.workshop.options = codes
                self.workshop.value = None if not codes else (target if target in codes else codes[0])
            self._signature = None
        if target in codes and self.workshop.value != target:
            self.workshop.value = target  # a real change of workshop: the observer refreshes

    @contextmanager
    def _quiet(self):
        """Change the pickers' options without their observers reading the room for each step."""
        self._updating = True
        try:
            yield
        finally:
            self._updating = False

    def _on_pick(self, *_args: object) -> None:
        if not self._updating:
            self.refresh()
            self.roster.show()

    def _tick(self) -> None:
        if self.comm is None:  # the widget was closed
            self.ticker.stop()
            return
        self.reload()

    def reload(self) -> None:
        """Read the workshop codes and the picked workshop's attempts again (what the timer does)."""
        self._load_codes()
        self.refresh()
        self.roster.show()

    def refresh(self, *_args: object) -> None:
        """Read the workshop's attempts again and update every panel that changed."""
        dash = _dash()
        code = self.code
        every = f"refreshes every {self.refresh_seconds:g} s" if self.refresh_seconds > 0 else "press Refresh now"
        if not code:
            self.status.value = ('<span class="ck-status">No workshop yet: create a code above, then give it to '
                                 f"the room. ({every})</span>")
            self.table.value = self.moves_chart.value = self.anti_chart.value = self.exports.value = ""
            self._show_examples([])
            return
        records = self.store.attempts(workshop=code)
        summary = dash.room_summary(records)
        latest = summary["latest"].astimezone().strftime("%H:%M:%S") if summary["latest"] else "—"
        self.status.value = (f'<span class="ck-status">Workshop <b>{escape(code)}</b> · {summary["learners"]} learner'
                             f'{"s" * (summary["learners"] != 1)} · {summary["attempts"]} attempt'
                             f'{"s" * (summary["attempts"] != 1)} · last answer {latest} · {every}'
                             "</span>")
        signature = (code, self.exercise.value, len(records), max((r.id or 0 for r in records), default=0))
        if signature == self._signature:
            return
        self._signature = signature
        self.table.value = dash.participation_html(dash.participation(records, titles=self.titles))
        self.moves_chart.value = dash.moves_svg(dash.move_distribution(records))
        self.anti_chart.value = dash.anti_patterns_svg(dash.anti_patterns(records))
        self._update_filter(records)
        self._show_examples(dash.examples(records, exercise=self.exercise.value or None, n=self.examples_per_kind,
                                          titles=self.titles))
        if self.exports.value:  # links built earlier no longer hold every attempt: built again only when asked
            self.exports.value = ""

    def build_exports(self, *_args: object) -> None:
        """The CSV and xAPI download links of the picked workshop (only on demand: they hold every attempt)."""
        code = self.code
        if not code:
            self.exports.value = render.message("Pick a workshop first.", warn=True)
            return
        self.exports.value = self._exports(self.store.attempts(workshop=code))

    def _update_filter(self, records) -> None:
        seen = dict.fromkeys(r.exercise for r in records)
        options = [("All exercises", "")] + [(t, e) for e, t in self.titles.items()] + [
            (e, e) for e in seen if e not in self.titles]
        if list(self.exercise.options) != options:
            value = self.exercise.value
            with self._quiet():
                self.exercise.options = options
                self.exercise.value = value if value in [v for _, v in options] else ""

    def _on_filter(self, *_args: object) -> None:
        if not self._updating:
            self._signature = None
            self.refresh()

    def _exports(self, records) -> str:
        dash = _dash()
        name = _filename(self.code)
        csv_link = rep.download_link(dash.attempts_csv(records), "text/csv", f"coachkit-{name}-attempts.csv",
                                     f"Attempts (CSV, {len(records)} row{'s' * (len(records) != 1)})", "ck-export-csv")
        xapi_link = rep.download_link(dash.xapi_jsonl(records, base_iri=self.xapi_base_iri, titles=self.titles),
                                      "application/x-ndjson", f"coachkit-{name}-xapi.jsonl", "xAPI statements (JSON lines)",
                                      "ck-export-xapi")
        return f"<div>{csv_link}{xapi_link}</div>"

    # ------------------------------------------------------------------ examples and the room's screen

    def _show_examples(self, examples: list) -> None:
        if [e.key for e in examples] == [e.key for e, _ in self._shown_examples]:
            return
        old = self.examples_box.children
        rows, shown = [], []
        for example in examples:
            show = button("Show on screen", "ck-show-on-screen", tooltip="Show this answer large for the room")
            show.on_click(_safely(self.status, lambda ex=example: self.show_on_screen(ex), "show the answer"))
            text = html(_dash().example_html(example), cls="ck-example-box")
            rows.append(w.HBox([text, show], layout=w.Layout(align_items="center")))
            shown.append((example, show))
        if not examples:
            rows.append(html('<p class="ck-status">No answer in this workshop yet.</p>'))
        self.examples_box.children = rows
        self._shown_examples = shown
        for row in old:
            for child in getattr(row, "children", ()):
                child.close()
            row.close()

    @property
    def example_buttons(self) -> list[w.Button]:
        """The "Show on screen" buttons, in the order the examples are listed."""
        return [b for _, b in self._shown_examples]

    @property
    def shown_examples(self) -> list:
        return [e for e, _ in self._shown_examples]

    def show_on_screen(self, example) -> None:
        """Put one answer large on screen for the debrief: the dashboard steps aside until Close."""
        self.screen.value = _dash().example_html(example, large=True)
        self.screen_box.layout.display = "flex"
        self.main.layout.display = "none"

    def hide_screen(self) -> None:
        self.screen_box.layout.display = "none"
        self.main.layout.display = "flex"
        self.screen.value = ""

    # ------------------------------------------------------------------ creating a workshop

    def _on_create(self) -> None:
        code = clean_name(self.new_code.value)
        if not code:
            self.created.value = render.message("Type a workshop code first (letters, digits, dashes).", warn=True)
            return
        from coachkit.roster import create_workshop

        code = create_workshop(self.store, code, clean_name(self.new_title.value)).code
        self.new_code.value = self.new_title.value = ""
        self._load_codes(prefer=code)
        self.created.value = render.message(
            f"Workshop {code} is ready. Learners type the code {code} with their name on the kit's home page "
            f"(or open it with ?workshop={code} at the end of its address).")
        self.refresh()
        self.roster.show()

    def close(self) -> None:
        self.ticker.stop()
        super().close()


_SCREEN_STYLE = """<style>
.ck-screen-box{min-height:70vh;padding:2vh 2vw;background:#fff}
.ck-screen-box .ck-screen-close{align-self:flex-end}
</style>"""


# --------------------------------------------------------------------------- the learner's own progress


class MyProgress(w.VBox):
    """A learner's attempts, their report and data to download, and deleting them (with a confirmation)."""

    def __init__(self, identity: Identity | None = None, store: Store | None = None):
        self.identity = identity or current_identity()
        self._store = store
        self.titles = rep.exercise_titles()
        self.records: list = []
        who = escape(self.identity.learner)
        where = f" in workshop <b>{escape(self.identity.workshop)}</b>" if self.identity.workshop else ""
        self.heading = html(f"<p>Attempts of <b>{who}</b>{where}.</p>", cls="ck-my-heading")
        self.summary = html(cls="ck-my-summary")
        self.downloads = html(cls="ck-my-downloads")
        self.refresh_button = button("Refresh", "ck-refresh", tooltip="Read my attempts again")
        self.delete = button("Delete my data", "ck-delete", style="danger", tooltip="Delete my stored attempts")
        self.question = html(cls="ck-delete-question")
        self.confirm = button("Yes, delete them", "ck-delete-confirm", style="danger",
                              tooltip="Delete my attempts for good")
        self.cancel = button("Cancel", "ck-delete-cancel", tooltip="Keep my attempts")
        self.confirm_box = w.VBox([self.question, w.HBox([self.confirm, self.cancel])], layout=w.Layout(display="none"))
        self.confirm_box.add_class("ck-delete-box")
        self.status = html(cls="ck-my-status")
        self.refresh_button.on_click(_safely(self.status, self.refresh, "read your attempts"))
        self.delete.on_click(_safely(self.status, self._ask, "prepare the deletion"))
        self.confirm.on_click(_safely(self.status, self._delete, "delete your attempts"))
        self.cancel.on_click(_safely(self.status, self._cancel, "cancel"))
        super().__init__([html(render.STYLE + _MY_STYLE), self.heading, self.summary, self.downloads,
                          w.HBox([self.refresh_button, self.delete]), self.confirm_box, self.status],
                         layout=w.Layout(max_width="900px"))
        self.add_class("coachkit-exercise")
        self.add_class("ck-my-progress")
        _safely(self.status, self.refresh, "read your attempts")()

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = open_store()
        return self._store

    @property
    def scope(self) -> str | None:
        """The workshop whose attempts are shown and deleted: a hub user's own account covers every
        workshop; a name typed in a link covers only that link's workshop."""
        return None if self.identity.source == "hub" else self.identity.workshop

    def refresh(self, *_args: object) -> None:
        self.records = self.store.attempts(learner=self.identity.learner, workshop=self.scope)
        lines = rep.exercise_summary(self.records, self.titles)
        if not lines:
            self.summary.value = render.message("No attempt stored yet: open an exercise from the home page.")
            self.downloads.value = ""
            self.delete.disabled = True
            return
        rows = "".join(f"<tr><td>{escape(s.title)}</td><td>{s.attempts}</td><td>{s.best:.0%}</td>"
                       f'<td><span class="ck-badge ck-{s.status}">{s.status}</span></td></tr>' for s in lines)
        done = sum(s.status == "done" for s in lines)
        self.summary.value = (f'<div class="ck-card"><b>{len(self.records)} attempt{"s" * (len(self.records) != 1)} on '
                              f"{len(lines)} exercise{'s' * (len(lines) != 1)}, {done} done</b>"
                              '<table class="ck-my-table"><thead><tr><th>Exercise</th><th>Attempts</th><th>Best</th>'
                              f"<th>Status</th></tr></thead><tbody>{rows}</tbody></table></div>")
        name = _filename(self.identity.learner)
        report = rep.learner_report_html(self.records, self.identity.learner, self.identity.workshop, self.titles)
        self.downloads.value = (rep.download_link(report, "text/html", f"coachkit-report-{name}.html",
                                                  "Download my report", "ck-report-link")
                                + rep.download_link(rep.learner_export_json(self.records, self.identity.learner),
                                                    "application/json", f"coachkit-data-{name}.json", "Export my data",
                                                    "ck-export-link"))
        self.delete.disabled = False

    def _ask(self) -> None:
        where = f" in workshop {self.identity.workshop}" if self.scope else ""
        count = len(self.store.attempts(learner=self.identity.learner, workshop=self.scope))
        self.question.value = render.message(
            f"Delete all {count} stored attempt{'s' * (count != 1)} of {self.identity.learner}{where}? "
            "This cannot be undone: download your report first if you want to keep it.", warn=True)
        self.confirm_box.layout.display = "flex"
        self.status.value = ""

    def _cancel(self) -> None:
        self.confirm_box.layout.display = "none"
        self.question.value = ""
        self.status.value = render.message("Nothing was deleted.")

    def _delete(self) -> None:
        if self.confirm_box.layout.display != "flex":  # only after the question was asked
            return
        count = self.store.delete_learner(self.identity.learner, self.scope)
        self.confirm_box.layout.display = "none"
        self.question.value = ""
        self.refresh()
        self.status.value = render.message(f"Deleted {count} attempt{'s' * (count != 1)}.")


_MY_STYLE = """<style>
.ck-my-table{border-collapse:collapse;margin-top:6px}
.ck-my-table th,.ck-my-table td{border-bottom:1px solid #d0d7de;padding:3px 10px;text-align:left}
.ck-badge{font-size:.85em;padding:1px 8px;border-radius:10px}.ck-badge.ck-done{background:#dafbe1;color:#1b7f3b}
.ck-badge.ck-tried{background:#fff8c5;color:#7a5a00}
</style>"""
