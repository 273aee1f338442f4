"""The dashboard's refresh timer: a callback every few seconds on the kernel's own event loop, paused while no page
is connected to the kernel (as the server's room says through :mod:`coachkit.page_presence`)."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from pathlib import Path

from coachkit import page_presence

__all__ = ["Ticker"]



def _server_log(message: str) -> None:
    """One line to the kernel process's own stderr (the server's log); ``sys.stderr`` would reach the page."""
    print(f"[coachkit kernel] {message}", file=sys.__stderr__, flush=True)


class Ticker:
    """Calls ``callback`` every ``seconds`` on the kernel's running event loop (none: never, e.g. in tests).

    While the server says no page is connected to this kernel (:mod:`coachkit.page_presence`: the tab died, the
    network dropped), a tick does not call ``callback``: no store read, no message, the kernel goes idle (the
    culler and the room see it so). Ticks resume calling it when a page connects again within the grace.
    """

    def __init__(self, seconds: float, callback: Callable[[], None], marker: Path | None = None):
        self.seconds = seconds
        self.callback = callback
        self.running = False
        self.paused = False
        self.marker = marker
        self._loop: asyncio.AbstractEventLoop | None = None
        self._handle: asyncio.TimerHandle | None = None

    def start(self) -> bool:
        if self.seconds <= 0 or self.running:
            return self.running
        try:
            self._loop = asyncio.get_running_loop()  # the kernel's loop, while a cell runs
        except RuntimeError:
            return False
        if self.marker is None:
            self.marker = page_presence.kernel_marker()
        self.running = True
        self._schedule()
        return True

    def _schedule(self) -> None:
        if self.running and self._loop is not None and not self._loop.is_closed():
            self._handle = self._loop.call_later(self.seconds, self._run)

    def _run(self) -> None:
        if not self.running:
            return
        try:
            gone = page_presence.page_gone(self.marker)
            if gone != self.paused:
                self.paused = gone
                _server_log("dashboard: no page connected, refreshing paused" if gone
                            else "dashboard: its page is back, refreshing again")
            if not gone:
                self.callback()
        finally:
            self._schedule()

    def stop(self) -> None:
        self.running = False
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
