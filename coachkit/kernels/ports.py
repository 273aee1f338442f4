"""TCP ports for kernels that no outgoing connection can take before the kernel binds them.

jupyter_client picks a kernel's five ports by binding port 0 and closing the socket (``LocalPortCache``); the kernel
binds them a moment later. Port 0 gives a port of the machine's *ephemeral* range
(``/proc/sys/net/ipv4/ip_local_port_range``, 32768-60999 on Linux by default), the very range from which every
outgoing connection takes its source port: in a room of 30-50 learners arriving at once, the server's own
connections to other kernels (5 each) and the learners' connections to the server are made in that window, and one
of them can take a port just handed to a kernel. The kernel then fails to bind (``ZMQError: Address already in
use``) and dies; jupyter_client's port cache only stops one server from handing the same port out twice.

:func:`pick` draws ports *outside* the ephemeral range (by default above it), checks each is free by binding it,
and records it in jupyter_client's ``LocalPortCache`` (so the server never hands it out twice, and it is returned
when the kernel is shut down). Only a program binding that exact port on purpose could still take it.
"""

from __future__ import annotations

import random
import socket
from pathlib import Path

__all__ = ["EPHEMERAL_RANGE", "ephemeral_range", "free_range", "pick"]

EPHEMERAL_RANGE = Path("/proc/sys/net/ipv4/ip_local_port_range")

#: Fewer ports than this outside the ephemeral range (above it, else below it down to 1024): use jupyter_client's
#: own choice (port 0), as before.
MIN_PORTS = 1000


def ephemeral_range(path: Path = EPHEMERAL_RANGE) -> tuple[int, int] | None:
    """The machine's ephemeral port range (first, last), None where it cannot be read (not Linux)."""
    try:
        low, high = (int(x) for x in path.read_text().split()[:2])
    except (OSError, ValueError):
        return None
    return low, high


def free_range(configured: str = "", path: Path = EPHEMERAL_RANGE) -> tuple[int, int] | None:
    """The ports kernels take (first, last): ``configured`` ("LOW-HIGH") if given, else the ports above the ephemeral
    range, else those below it; None when neither holds :data:`MIN_PORTS` ports or the range is unknown."""
    if configured.strip():
        low, _, high = configured.partition("-")
        return int(low), int(high)
    ephemeral = ephemeral_range(path)
    if ephemeral is None:
        return None
    if 65535 - ephemeral[1] >= MIN_PORTS:
        return ephemeral[1] + 1, 65535
    if ephemeral[0] - 1024 >= MIN_PORTS:
        return 1024, ephemeral[0] - 1
    return None


def _bindable(ip: str, port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind((ip, port))
        except OSError:
            return False
    return True


def pick(ip: str, ports: tuple[int, int], cache, count: int = 5, rng: random.Random | None = None) -> list[int]:
    """``count`` ports of ``ports`` that this server has not handed out (``cache``: jupyter_client's LocalPortCache,
    which records them) and that nothing holds now."""
    rng = rng or random.SystemRandom()
    low, high = ports
    chosen: list[int] = []
    for _ in range(50 * count):
        if len(chosen) == count:
            break
        port = rng.randint(low, high)
        if port in cache.currently_used_ports or not _bindable(ip, port):
            continue
        cache.currently_used_ports.add(port)
        chosen.append(port)
    else:
        if len(chosen) < count:
            for port in chosen:
                cache.return_port(port)
            raise RuntimeError(f"no free port found in {low}-{high}")
    return chosen
