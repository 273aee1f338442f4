"""The room's serving policy: every seat (kernel) taken by a page is counted, limited and freed when the page ends.

A *seat* is one kernel serving one app page. :class:`RoomPolicy` holds every tunable (Voilà ``configuration.py``
style, set in ``voila.json`` or ``--RoomPolicy.<name>=…``); :class:`Room` applies it for one server:

* **the cap, reserved atomically**: a seat is taken (synchronously, no ``await`` between the count and the taking)
  before the kernel starts, and given back if the page fails before its kernel exists — so 2× ``max_kernels``
  simultaneous requests never start more than ``max_kernels`` kernels;
* **a per-client limit**: one remote address holds at most ``max_kernels_per_client`` seats;
* **freed when the page ends**: Voilà's unload beacon needs the ``_xsrf`` cookie (upstream voila#1458), which the
  seat handler now sets; and a kernel whose page never connected its websocket, or whose connections all closed,
  is shut down after a grace (``unconnected_grace`` / ``disconnected_grace``), whatever it is doing — an unattended
  dashboard refreshing itself included. The room learns of each kernel websocket the moment it opens or closes
  (:mod:`coachkit.room_sockets`, jupyter_server's kernel websocket connection class), and tells the kernel while no
  page is connected to it (:mod:`coachkit.page_presence`: the dashboard's timer pauses then);
* ``/voila/query/<id>`` (how a preheated kernel learns its learner's request) accepts only ids of kernels Voilà
  preheated, one socket each, and a closing socket forgets only itself (upstream's ``on_close`` deleted whichever
  waiter came last: two sockets on a made-up id stalled the next learner at "Executing 2 of 5").

The handlers are mixins (:class:`SeatMixin`), kept apart from other checks a handler's ``get`` may gain.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

from jupyter_core.utils import ensure_async
from tornado import web
from tornado.ioloop import IOLoop, PeriodicCallback
from traitlets import Float, Int
from traitlets.config import Configurable
from voila.request_info_handler import RequestInfoSocketHandler
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.tornado.handler import TornadoVoilaHandler

from coachkit import page_presence
from coachkit.config import SAVES_PER_MINUTE, SAVES_PER_MINUTE_ENV

__all__ = ["PooledQuerySocket", "Room", "RoomApp", "RoomPolicy", "Seat", "SeatMixin", "SeatShutdownHandler",
           "SeatedVoilaHandler"]


class RoomPolicy(Configurable):
    """How many kernels the learners' server holds, for whom, and how soon a left page frees its kernel."""

    max_kernels = Int(60, config=True, help="""Most kernels serving pages at once (0: no cap). Each open app holds
    one kernel (~130 MB); once the cap is reached a new page gets the 'room is full' page (503, it retries by
    itself) and those already working carry on. Preheated kernels waiting in Voilà's pool are not counted.""")
    max_kernels_per_client = Int(8, config=True, help="""Most kernels one remote address holds at once (0: no
    limit). A learner has one or two apps open; a script fetching pages cannot take the room. Behind a proxy or
    NAT the whole room shares one address: raise it (or 0) there.""")
    unconnected_grace = Float(120, config=True, help="""Seconds a kernel is kept after its page was sent if the page
    never connects its websocket (a fetch without a browser, a page closed while loading).""")
    disconnected_grace = Float(120, config=True, help="""Seconds a kernel is kept after its page's last websocket
    closed (tab closed without unload, network lost, laptop asleep); a page that reconnects within it keeps it.""")
    reap_interval = Float(10, config=True, help="Seconds between two passes looking for kernels to free.")
    retry_after = Int(30, config=True, help="Seconds after which the 'room is full' page tries again by itself.")
    saves_per_minute = Int(SAVES_PER_MINUTE, config=True, help="""Most attempts one learner saves per minute in
    one app (0: no limit); one more gets 'slow down' and stays on screen. Passed to kernels as
    $COACHKIT_SAVES_PER_MINUTE.""")

    def export_to_kernels(self) -> None:
        """Kernels read the save limit from their environment, which they inherit from this process."""
        os.environ[SAVES_PER_MINUTE_ENV] = str(self.saves_per_minute)


@dataclass(eq=False)
class Seat:
    """One page's kernel: who asked, which kernel, and since when nobody is connected to it."""

    client: str
    kernel_id: str | None = None
    rendered: bool = False
    idle_since: float | None = None
    connected_once: bool = False
    taken_at: float = field(default_factory=time.monotonic)
    connection_file: str = ""


class Room:
    """The seats of one server, under a :class:`RoomPolicy`."""

    def __init__(self, policy: RoomPolicy, kernel_manager, log=None, clock=time.monotonic):
        self.policy = policy
        self.kernel_manager = kernel_manager
        self.log = log
        self.clock = clock
        self.seats: list[Seat] = []
        self._reaper: PeriodicCallback | None = None

    # ------------------------------------------------------------------ counting and reserving

    def _alive(self, seat: Seat) -> bool:
        return seat.kernel_id is None and not seat.rendered or seat.kernel_id in self.kernel_manager

    def _prune(self) -> None:
        for seat in self.seats:
            if not self._alive(seat):
                page_presence.mark_back(seat.connection_file)  # the kernel ended: no marker left behind
        self.seats = [s for s in self.seats if self._alive(s)]

    def taken(self, client: str | None = None) -> int:
        """Seats held now (kernels alive or starting), by everyone or by one client."""
        self._prune()
        return sum(1 for s in self.seats if client is None or s.client == client)

    def reserve(self, client: str) -> Seat | str:
        """Take a seat for ``client`` at once, or say why not ("full" or "client")."""
        cap, per_client = self.policy.max_kernels, self.policy.max_kernels_per_client
        if cap and self.taken() >= cap:
            return "full"
        if per_client and self.taken(client) >= per_client:
            return "client"
        seat = Seat(client)
        self.seats.append(seat)
        return seat

    def bind(self, seat: Seat, kernel_id: str) -> None:
        seat.kernel_id = kernel_id
        try:
            seat.connection_file = self.kernel_manager.get_kernel(kernel_id).connection_file or ""
        except Exception:  # a kernel manager without files (tests), or the kernel already gone
            seat.connection_file = ""

    def rendered(self, seat: Seat) -> None:
        """The page was sent (or failed): its grace clock starts; a seat with no kernel is given back."""
        seat.rendered = True
        if seat.kernel_id is None:
            if seat in self.seats:
                self.seats.remove(seat)
            return
        if self.connections(seat.kernel_id) <= 0:  # sent, its websocket not open yet (or never)
            seat.idle_since = self.clock()
            page_presence.mark_gone(seat.connection_file)

    def _seat_of(self, kernel_id: str) -> Seat | None:
        return next((s for s in self.seats if s.kernel_id == kernel_id), None)

    def connected(self, kernel_id: str) -> None:
        """A websocket of this kernel's page opened: the page is connected from this moment (no tick to wait)."""
        seat = self._seat_of(kernel_id)
        if seat is not None:
            seat.connected_once, seat.idle_since = True, None
            page_presence.mark_back(seat.connection_file)

    def disconnected(self, kernel_id: str) -> None:
        """A websocket of this kernel's page closed: if it was the last, the disconnected grace starts now."""
        seat = self._seat_of(kernel_id)
        if seat is not None and self.connections(kernel_id) <= 0:
            seat.idle_since = self.clock()
            page_presence.mark_gone(seat.connection_file)

    def holds(self, kernel_id: str) -> bool:
        return any(s.kernel_id == kernel_id for s in self.seats)

    # ------------------------------------------------------------------ freeing

    def connections(self, kernel_id: str) -> int:
        return getattr(self.kernel_manager, "_kernel_connections", {}).get(kernel_id, 0)

    def to_free(self) -> list[str]:
        """Kernels whose page never connected, or whose connections all closed, for longer than the grace."""
        now, due = self.clock(), []
        self._prune()
        for seat in self.seats:
            if not seat.rendered or seat.kernel_id is None:
                continue
            if self.connections(seat.kernel_id) > 0:
                seat.connected_once, seat.idle_since = True, None
                continue
            if seat.idle_since is None:  # a close the room was not told of (another connection class)
                seat.idle_since = now
                page_presence.mark_gone(seat.connection_file)
            grace = self.policy.disconnected_grace if seat.connected_once else self.policy.unconnected_grace
            if now - seat.idle_since >= grace:
                due.append(seat.kernel_id)
        return due

    async def reap(self) -> None:
        for kernel_id in self.to_free():
            if self.log:
                self.log.info("coachkit: freeing kernel %s (no page connected to it)", kernel_id)
            try:
                await ensure_async(self.kernel_manager.shutdown_kernel(kernel_id))
            except Exception:  # already gone (the culler, an unload beacon): nothing to free
                pass
        self._prune()

    def start(self) -> None:
        """Look for kernels to free every ``reap_interval`` seconds on the server's loop."""
        if self._reaper is None:
            self._reaper = PeriodicCallback(self.reap, self.policy.reap_interval * 1000)
            self._reaper.start()


# --------------------------------------------------------------------------- handlers

ROOM_FULL = """<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="{wait}">
<title>{title}</title><style>body{{font-family:system-ui,sans-serif;max-width:640px;margin:4em auto;padding:0 1em;
color:#1f2328;line-height:1.5}}</style></head><body><main><h1>{title}</h1>
<p>{why} This page tries again by itself in {wait} seconds; nothing you saved is lost. If it keeps happening, tell
your facilitator.</p><p><a href="">Try again now</a></p></main></body></html>"""

REFUSALS = {
    "full": (503, "The room is full — try again in a minute", "Every seat of this workshop server is taken right now."),
    "client": (429, "Too many apps open — close one and try again",
               "This computer already has {n} apps open on the workshop server: close a tab you no longer use."),
}


class _SeatedKernels:
    """The kernel manager as one page's handler sees it: the kernel it starts or takes from the pool is its seat's."""

    def __init__(self, kernel_manager, room: Room, seat: Seat):
        self._km, self._room, self._seat = kernel_manager, room, seat

    def __getattr__(self, name):
        return getattr(self._km, name)

    def __contains__(self, kernel_id) -> bool:
        return kernel_id in self._km

    async def start_kernel(self, *args, **kwargs):
        kernel_id = await ensure_async(self._km.start_kernel(*args, **kwargs))
        self._room.bind(self._seat, kernel_id)
        return kernel_id

    async def get_rendered_notebook(self, *args, **kwargs):
        result = await self._km.get_rendered_notebook(*args, **kwargs)
        self._room.bind(self._seat, result[2])
        return result


class SeatMixin:
    """Mixed into Voilà's app handler: a page takes a seat before its kernel starts and keeps it until freed."""

    _seat: Seat | None = None

    @property
    def room(self) -> Room:
        return self.settings["coachkit_room"]

    @property
    def kernel_manager(self):
        km = self.settings["kernel_manager"]
        return _SeatedKernels(km, self.room, self._seat) if self._seat is not None else km

    def take_seat(self) -> bool:
        """Reserve this page's seat, or answer with the reason there is none (and return False)."""
        seat = self.room.reserve(self.request.remote_ip or "")
        if isinstance(seat, Seat):
            self._seat = seat
            _ = self.xsrf_token  # sets the _xsrf cookie Voilà's unload beacon reads (voila#1458)
            return True
        status, title, why = REFUSALS[seat]
        wait = self.room.policy.retry_after
        self.set_status(status)
        self.set_header("Retry-After", str(wait))
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(ROOM_FULL.format(wait=wait, title=title, why=why.format(n=self.room.policy.max_kernels_per_client)))
        return False

    def page_sent(self) -> None:
        if self._seat is not None:
            self.room.rendered(self._seat)


class SeatShutdownHandler(VoilaShutdownKernelHandler):
    """Voilà's unload beacon, for a kernel that serves a page only: a pooled kernel or an unknown id is left alone."""

    @web.authenticated
    async def post(self, kernel_id):
        room: Room | None = self.settings.get("coachkit_room")
        if room is not None and not room.holds(kernel_id):
            raise web.HTTPError(404, "no such page's kernel")
        return await super().post(kernel_id)


class PooledQuerySocket(RequestInfoSocketHandler):
    """``/voila/query/<id>``: only for kernels Voilà preheated, one socket each; closing forgets only itself."""

    def _preheated(self, kernel_id: str) -> bool:
        data = getattr(self.settings["kernel_manager"], "notebook_data", {}) or {}
        return any(kernel_id in entry.get("kernel_ids", ()) for entry in data.values())

    def open(self, kernel_id: str) -> None:
        if not self._preheated(kernel_id) or kernel_id in RequestInfoSocketHandler._waiters:
            self.close(code=1008, reason="not a preheated kernel waiting for its page")
            return
        self._kernel_id = kernel_id
        super().open(kernel_id)

    def on_close(self) -> None:
        kernel_id = getattr(self, "_kernel_id", None)
        if kernel_id is not None and RequestInfoSocketHandler._waiters.get(kernel_id) is self:
            del RequestInfoSocketHandler._waiters[kernel_id]
            RequestInfoSocketHandler._cache.pop(kernel_id, None)


class SeatedVoilaHandler(SeatMixin, TornadoVoilaHandler):
    """Voilà's app handler with a seat: refused politely when there is none, freed by the room when the page ends."""

    async def get(self, path=None):
        if not self.take_seat():
            return
        try:
            return await super().get(path)
        finally:
            self.page_sent()


#: Voilà's handlers and the room's own in their place.
REPLACED = {TornadoVoilaHandler: SeatedVoilaHandler, VoilaShutdownKernelHandler: SeatShutdownHandler,
            RequestInfoSocketHandler: PooledQuerySocket}


class RoomApp:
    """Mixed into a Voilà application: its pages take seats of one :class:`Room` under the :class:`RoomPolicy`."""

    room: Room | None = None

    def init_settings(self) -> dict:
        from coachkit.room_sockets import RoomWebsocketConnection, ZMQChannelsWebsocketConnection

        if self.kernel_websocket_connection_class is ZMQChannelsWebsocketConnection:  # not configured otherwise
            self.kernel_websocket_connection_class = RoomWebsocketConnection  # read by Voilà's init_settings
        settings = super().init_settings()
        self.room_policy = RoomPolicy(parent=self)
        self.room_policy.export_to_kernels()
        self.room = Room(self.room_policy, self.kernel_manager, log=self.log)
        settings["coachkit_room"] = self.room
        return settings

    def seated(self, handlers: list, app_handler: type = SeatedVoilaHandler) -> list:
        """``handlers`` with Voilà's app, unload-beacon and query handlers replaced by the room's."""
        replaced = {**REPLACED, TornadoVoilaHandler: app_handler}
        return [(pattern, replaced.get(handler, handler), *rest) for pattern, handler, *rest in handlers]

    def start(self) -> None:
        IOLoop.current().add_callback(lambda: self.room.start())  # the room exists once init_settings ran
        super().start()
