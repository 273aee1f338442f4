"""coachkit.room: seats reserved under the cap and per client, given back on failure, freed after the graces."""

from __future__ import annotations

import asyncio

from coachkit.room import Room, RoomPolicy, Seat


class Kernels:
    """The parts of a kernel manager the room reads: membership, connection counts, shutdown."""

    def __init__(self):
        self.ids: set[str] = set()
        self._kernel_connections: dict[str, int] = {}

    def __contains__(self, kernel_id) -> bool:
        return kernel_id in self.ids

    def start(self, kernel_id: str) -> str:
        self.ids.add(kernel_id)
        self._kernel_connections[kernel_id] = 0
        return kernel_id

    async def shutdown_kernel(self, kernel_id: str) -> None:
        self.ids.discard(kernel_id)


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _room(**policy) -> tuple[Room, Kernels, Clock]:
    kernels, clock = Kernels(), Clock()
    return Room(RoomPolicy(**policy), kernels, clock=clock), kernels, clock


def test_cap_is_reserved_before_any_kernel_starts_and_given_back_on_failure():
    """Seats are taken at once (no kernel yet): the cap+1-th is refused; a page failing before its kernel frees its."""
    room, kernels, _ = _room(max_kernels=3, max_kernels_per_client=0)
    seats = [room.reserve(f"10.0.0.{i}") for i in range(6)]
    assert [isinstance(s, Seat) for s in seats] == [True] * 3 + [False] * 3 and seats[3] == "full"
    room.rendered(seats[0])  # failed before a kernel existed
    assert 2 == room.taken() and isinstance(room.reserve("10.0.0.9"), Seat)


def test_a_seat_counts_while_its_kernel_lives():
    """A bound seat counts until its kernel is gone (shut by a beacon or the culler), then frees its place."""
    room, kernels, _ = _room(max_kernels=1)
    seat = room.reserve("a")
    room.bind(seat, kernels.start("k1"))
    room.rendered(seat)
    assert "full" == room.reserve("b") and room.holds("k1")
    kernels.ids.discard("k1")
    assert isinstance(room.reserve("b"), Seat) and not room.holds("k1")


def test_one_client_holds_at_most_its_share():
    """Past max_kernels_per_client one address is refused ('client') while another still gets a seat."""
    room, _, _ = _room(max_kernels=10, max_kernels_per_client=2)
    assert [isinstance(room.reserve("a"), Seat) for _ in range(2)] == [True, True]
    assert "client" == room.reserve("a")
    assert isinstance(room.reserve("b"), Seat)


def test_kernels_without_a_page_are_freed_after_their_grace():
    """Never connected: freed after unconnected_grace; connected then closed: after disconnected_grace; connected:
    kept; still rendering: kept."""
    room, kernels, clock = _room(unconnected_grace=30, disconnected_grace=60)
    seats = {}
    for name in ("never", "left", "here", "rendering"):
        seats[name] = room.reserve(name)
        room.bind(seats[name], kernels.start(name))
    for name in ("never", "left", "here"):
        room.rendered(seats[name])
    kernels._kernel_connections.update(left=1, here=1)
    assert [] == room.to_free()
    kernels._kernel_connections["left"] = 0
    clock.now = 31
    assert ["never"] == room.to_free()
    asyncio.run(room.reap())
    assert "never" not in kernels and 3 == room.taken()
    clock.now = 31 + 59
    assert [] == room.to_free()
    clock.now = 31 + 61
    assert ["left"] == room.to_free()
    kernels._kernel_connections["here"] = 0  # its page reconnects within the grace: kept
    clock.now += 10
    room.to_free()
    kernels._kernel_connections["here"] = 1
    clock.now += 100
    assert "here" not in room.to_free() and "rendering" not in room.to_free()


class FileKernels(Kernels):
    """Kernels with connection files (``kernel-<id>.json`` in a folder), as jupyter_server's have."""

    def __init__(self, folder):
        super().__init__()
        self.folder = folder

    def get_kernel(self, kernel_id: str):
        return type("K", (), {"connection_file": str(self.folder / f"kernel-{kernel_id}.json")})()


def test_a_page_is_connected_from_its_websocket_open_and_idle_from_its_last_close(tmp_path):
    """Told at open and close (no reap tick in between): a tab closed at once gets the disconnected grace, and the
    kernel sees a 'no page' marker from the last close until a page connects again or the kernel ends."""
    kernels, clock = FileKernels(tmp_path), Clock()
    room = Room(RoomPolicy(unconnected_grace=600, disconnected_grace=5), kernels, clock=clock)
    seat = room.reserve("a")
    room.bind(seat, kernels.start("k1"))
    room.rendered(seat)
    marker = tmp_path / "kernel-k1.nopage"
    assert marker.exists()  # sent, not connected yet
    kernels._kernel_connections["k1"] = 1
    room.connected("k1")
    assert not marker.exists() and seat.connected_once
    clock.now = 1
    kernels._kernel_connections["k1"] = 0
    room.disconnected("k1")  # closed within the same tick it opened in
    assert marker.exists()
    clock.now = 6.5
    assert ["k1"] == room.to_free()  # the disconnected grace, not the unconnected one
    kernels._kernel_connections["k1"] = 1
    room.connected("k1")  # a reconnect within the grace keeps it
    assert [] == room.to_free() and not marker.exists()
    kernels._kernel_connections["k1"] = 0
    room.disconnected("k1")
    kernels.ids.discard("k1")  # ended (beacon, culler, reaper)
    room.taken()
    assert not marker.exists()


def test_one_of_two_websockets_closing_leaves_the_page_connected(tmp_path):
    """Two tabs of one page's kernel (or a reconnect that opened before the old socket closed): one closing is not
    the page leaving."""
    kernels = FileKernels(tmp_path)
    room = Room(RoomPolicy(), kernels, clock=Clock())
    seat = room.reserve("a")
    room.bind(seat, kernels.start("k1"))
    kernels._kernel_connections["k1"] = 2
    room.rendered(seat)
    room.connected("k1")
    kernels._kernel_connections["k1"] = 1
    room.disconnected("k1")
    assert seat.idle_since is None and not (tmp_path / "kernel-k1.nopage").exists()

