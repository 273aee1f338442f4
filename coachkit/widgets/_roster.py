"""The dashboard's roster panel: a workshop's seats and expected names, the names taken, and freeing one."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import ipywidgets as w

from coachkit import render
from coachkit.roster import create_workshop, find_workshop, release, taken_names
from coachkit.store import Store
from coachkit.widgets._base import button, html

__all__ = ["RosterPanel"]


class RosterPanel(w.VBox):
    """Seats, expected names and taken names of the workshop ``code()`` names; a name can be freed."""

    def __init__(self, store: Store, code: Callable[[], str | None]):
        self.store, self.code = store, code
        self.seats = w.BoundedIntText(value=0, min=0, max=10_000, description="Seats", layout=w.Layout(width="180px"),
                                      tooltip="Most names that can join (0: no limit)")
        self.seats.add_class("ck-roster-seats")
        self.expected = w.Textarea(placeholder="Expected names, one a line (empty: any name can join)",
                                   layout=w.Layout(width="420px", height="70px"))
        self.expected.add_class("ck-roster-expected")
        self.save = button("Save seats and names", "ck-roster-save", tooltip="Keep these seats and expected names")
        self.taken = html(cls="ck-roster-taken")
        self.name = w.Dropdown(options=[], description="Name", layout=w.Layout(width="300px"))
        self.name.add_class("ck-roster-name")
        self.free = button("Free this name", "ck-roster-release", style="warning",
                           tooltip="The browser holding it loses it; the next one to use it takes it (attempts stay)")
        self.status = html(cls="ck-roster-status")
        self.save.on_click(self._guard(self._on_save))
        self.free.on_click(self._guard(self._on_free))
        super().__init__([w.HBox([self.seats, self.expected, self.save]), self.taken, w.HBox([self.name, self.free]),
                          self.status])
        self.add_class("ck-roster")

    def _guard(self, action: Callable[[], None]) -> Callable[..., None]:
        def run(*_args: object) -> None:
            try:
                action()
            except Exception as exc:  # the facilitator reads a message, never a traceback
                self.status.value = render.message(f"The roster could not be changed: {exc}", warn=True)
        return run

    def show(self) -> None:
        """Read the picked workshop's roster again."""
        workshop = find_workshop(self.store, self.code() or "")
        if workshop is None:
            self.taken.value, self.name.options = "", []
            return
        self.seats.value = workshop.seats
        self.expected.value = "\n".join(workshop.expected)
        names = taken_names(self.store, workshop)
        limit = f" of {workshop.seats} seats" if workshop.seats else ""
        self.taken.value = (f'<p class="ck-status"><b>{len(names)}</b> name{"s" * (len(names) != 1)} taken{limit}: '
                            f'{", ".join(escape(n) for n in names) or "none yet"}</p>')
        if list(self.name.options) != names:
            self.name.options = names

    def _on_save(self) -> None:
        code = self.code()
        if not code:
            self.status.value = render.message("Create or pick a workshop first.", warn=True)
            return
        workshop = create_workshop(self.store, code, seats=self.seats.value, expected=self.expected.value.splitlines())
        self.status.value = render.message(f"Saved: {workshop.seats or 'no limit of'} seats, "
                                           f"{len(workshop.expected) or 'any'} expected names.")
        self.show()

    def _on_free(self) -> None:
        workshop, name = find_workshop(self.store, self.code() or ""), self.name.value
        if workshop is None or not name:
            self.status.value = render.message("Pick a name to free.", warn=True)
            return
        freed = release(self.store, workshop, name)
        self.status.value = render.message(f"{name} is free: the next browser to use it takes it." if freed
                                           else f"{name} was not taken.")
        self.show()
