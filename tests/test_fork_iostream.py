"""A forked kernel's stdout and stderr wait for ipykernel's IO thread only when they hold output
(coachkit.kernels.iostream): no hand-off after a message that printed nothing, output still before the idle status."""

from __future__ import annotations

import os
import sys
import time

import pytest
import zmq
from ipykernel.iostream import IOPubThread, OutStream
from jupyter_client import KernelManager
from jupyter_client.session import Session

from coachkit.kernels import provisioner as fork
from coachkit.kernels.iostream import flush_only_output
from coachkit.server import FORK_KERNELS_ROOT


@pytest.fixture
def stream(monkeypatch):
    """An ipykernel stdout stream on a real IO thread and PUB socket; a SUB socket reading it; the thread's hand-offs
    counted. ``OutStream.flush`` is restored afterwards."""
    monkeypatch.setattr(OutStream, "flush", OutStream.flush)
    context = zmq.Context()
    pub, sub = context.socket(zmq.PUB), context.socket(zmq.SUB)
    port = pub.bind_to_random_port("tcp://127.0.0.1")
    sub.connect(f"tcp://127.0.0.1:{port}")
    sub.setsockopt(zmq.SUBSCRIBE, b"")
    thread = IOPubThread(pub)
    thread.start()
    handoffs: list[object] = []
    schedule = thread.schedule

    def counted(f):
        handoffs.append(f)
        schedule(f)

    thread.schedule = counted
    out = OutStream(Session(), thread, "stdout", watchfd=False)
    time.sleep(0.2)  # the SUB socket is connected before anything is published
    yield out, handoffs, sub
    out.close()
    thread.stop()
    thread.close()
    sub.close(linger=0)
    context.term()


def _texts(sub, seconds: float = 2.0) -> list[str]:
    texts, end = [], time.monotonic() + seconds
    while time.monotonic() < end:
        if sub.poll(100):
            frames = sub.recv_multipart()
            texts.append(frames[-1].decode())
    return texts


def test_a_flush_with_nothing_written_hands_nothing_to_the_io_thread(stream):
    out, handoffs, _sub = stream
    out.flush()
    assert len(handoffs) == 2, "ipykernel's own flush hands a flush and an event to its IO thread"
    handoffs.clear()
    assert flush_only_output() and flush_only_output()  # once per process, in place
    for _ in range(3):
        out.flush()
    assert [] == handoffs


def test_what_was_written_is_still_sent_when_flush_returns(stream):
    out, handoffs, sub = stream
    flush_only_output()
    out.write("printed by the app")
    out.flush()  # returns once the IO thread has sent it
    assert handoffs and any('"printed by the app"' in text for text in _texts(sub))
    handoffs.clear()
    out.flush()  # nothing new
    assert [] == handoffs


@pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "darwin", reason="forking is Linux only")
def test_a_forked_kernel_sends_its_output_before_idle_and_skips_the_empty_flushes(monkeypatch):
    monkeypatch.setenv("JUPYTER_PATH", str(FORK_KERNELS_ROOT))
    template = fork.prestart()
    template.start().result(120)
    km = KernelManager(kernel_name="python3")
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        assert type(km.provisioner).__name__ == "ForkProvisioner"
        msg_id = kc.execute("print('first'); import sys; print('second', file=sys.stderr)")
        seen = []
        while not seen or seen[-1] != ("status", "idle"):
            msg = kc.get_iopub_msg(timeout=30)
            if msg["parent_header"].get("msg_id") == msg_id:
                content = msg["content"]
                seen.append((msg["msg_type"], content.get("text", content.get("execution_state", "")).strip()))
        assert ("stream", "first") in seen and ("stream", "second") in seen and seen[-1] == ("status", "idle")
        reply = kc.execute_interactive(
            "import sys\nn = []\nt = sys.stdout.pub_thread\ns = t.schedule\nt.schedule = lambda f: (n.append(f), s(f))\n"
            "sys.stdout.flush(); sys.stderr.flush()\nt.schedule = s\nprint(len(n))", timeout=30,
            output_hook=lambda m: seen.append(m["content"].get("text", "")) if m["msg_type"] == "stream" else None)
        assert "ok" == reply["content"]["status"] and "0" == seen[-1].strip()
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        template.stop()
