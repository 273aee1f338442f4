"""coachkit.widgets._ticker: the dashboard's timer calls back on the kernel's loop, paused while no page is connected."""

from __future__ import annotations

import asyncio

from coachkit import page_presence
from coachkit.widgets._ticker import Ticker


def test_ticks_pause_while_no_page_is_connected_and_resume_when_it_is_back(tmp_path, capfd):
    """With the room's 'no page' marker present no tick calls back (no store read, no message); once a page connects
    again the ticks call back again; each change is one line in the server's log, none on the page (sys.stderr)."""
    connection_file = tmp_path / "kernel-k1.json"
    calls, seen = [], []

    async def scenario():
        ticker = Ticker(0.02, lambda: calls.append(1), marker=page_presence.marker(connection_file))
        assert ticker.start()
        await asyncio.sleep(0.2)
        seen.append(len(calls))
        page_presence.mark_gone(connection_file)  # the page's last websocket closed
        await asyncio.sleep(0.06)
        paused_at = len(calls)
        await asyncio.sleep(0.3)
        seen.append(len(calls) - paused_at)
        assert ticker.paused and ticker.running
        page_presence.mark_back(connection_file)  # it reconnected
        await asyncio.sleep(0.2)
        seen.append(len(calls) - paused_at)
        ticker.stop()

    asyncio.run(scenario())
    assert seen[0] >= 3 and seen[1] == 0 and seen[2] >= 3, seen
    err = capfd.readouterr().err
    assert "refreshing paused" in err and "refreshing again" in err


def test_without_a_room_the_ticks_never_pause(tmp_path):
    """Outside a room (no marker path: a test, a notebook, JupyterHub) the timer keeps calling back."""
    calls = []

    async def scenario():
        ticker = Ticker(0.02, lambda: calls.append(1))
        assert ticker.start() and ticker.marker is None  # not in a kernel: no connection file
        await asyncio.sleep(0.2)
        ticker.stop()

    asyncio.run(scenario())
    assert len(calls) >= 3
