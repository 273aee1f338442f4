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
