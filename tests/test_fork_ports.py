"""coachkit.kernels.ports: kernel ports drawn outside the ephemeral range, never twice, never one held."""

from __future__ import annotations

import random
import socket

import pytest
from jupyter_client.connect import LocalPortCache

from coachkit.kernels import ports


@pytest.mark.parametrize(("text", "expected"), [("32768\t60999\n", (61000, 65535)), ("40000 65535", (1024, 39999)),
                                                ("1024 65000", None), ("nonsense", None)])
def test_free_range_is_above_the_ephemeral_range_else_below_it(tmp_path, text, expected):
    """Above the ephemeral range when 1000 ports are there, else below it; None when neither or unreadable."""
    path = tmp_path / "ip_local_port_range"
    path.write_text(text)
    assert ports.free_range("", path) == expected
    assert ports.free_range("20000-20999", path) == (20000, 20999)


def test_pick_skips_ports_held_or_handed_out():
    """A port something listens on, and one this server already handed out, are never picked."""
    low = next(p for p in range(61000, 65000, 7) if all(ports._bindable("127.0.0.1", p + i) for i in range(3)))
    cache = LocalPortCache()
    cache.currently_used_ports.add(low + 1)
    with socket.socket() as held:
        held.bind(("127.0.0.1", low))
        held.listen()
        picked = ports.pick("127.0.0.1", (low, low + 2), cache, count=1, rng=random.Random(0))
    assert picked == [low + 2] and low + 2 in cache.currently_used_ports
    with pytest.raises(RuntimeError, match="no free port"):
        ports.pick("127.0.0.1", (low + 1, low + 2), cache, count=1)
