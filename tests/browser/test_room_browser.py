"""The room holds (coachkit.room): pages left free their kernels, no client fills the room, the cap holds under a
burst, /voila/query cannot stall the next learner, and the lessons' demos render on the first open after a start.

Kernels are checked through ``/api/kernels/<id>`` (Voilà's own route: 200 while the kernel lives, 404 once it is
gone) with the id the page carries in its ``jupyter-config-data``.
"""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import json
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest

APP = "voila/render/exercises/reformulation/accept_and_explore.ipynb"
APP_TIMEOUT = 90_000
FAST_REAP = ("--RoomPolicy.reap_interval=1",)
KERNEL_ID = re.compile(r'"kernelId": "([0-9a-f-]{36})"')


def _kernel_alive(url: str, kernel_id: str) -> bool:
    try:
        urllib.request.urlopen(f"{url}api/kernels/{kernel_id}", timeout=10)
        return True
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return False
        raise


def _gone_within(url: str, kernel_id: str, seconds: float) -> float:
    """Seconds until the kernel was gone; fails if it still lives after ``seconds``."""
    start = time.monotonic()
    while _kernel_alive(url, kernel_id):
        if time.monotonic() - start > seconds:
            pytest.fail(f"kernel {kernel_id} still alive {seconds} s after its page was left")
        time.sleep(0.5)
    return time.monotonic() - start


def _page_kernel(page) -> str:
    return page.evaluate("JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")


def _open_app(page, url: str, query: str = "") -> str:
    page.set_default_navigation_timeout(APP_TIMEOUT)  # a page of a loaded 2-core machine, not a stalled one
    page.goto(url + APP + query)
    page.wait_for_selector(".ck-check", timeout=APP_TIMEOUT)
    return _page_kernel(page)


def _get(url: str, source: str = "127.0.0.1") -> tuple[int, str]:
    """GET ``url`` from the local address ``source`` (another 127.x address is another client); status and body."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=180, source_address=(source, 0))
    try:
        conn.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def _all_at_once(calls) -> list:
    """Run the calls in threads released together; their results in order."""
    results, barrier = [None] * len(calls), threading.Barrier(len(calls))

    def run(i, call):
        barrier.wait()
        try:
            results[i] = call()
        except BaseException as exc:  # reported in the test, not lost in the thread
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(240)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results


def test_app_left_by_navigation_or_tab_close_frees_its_kernel_without_403(page, tmp_path, start_server, artifacts):
    """Leaving an app (navigating away, closing the tab with unload) shuts its kernel at once; no 403 in the log."""
    with start_server(tmp_path / "p.sqlite", "--VoilaConfiguration.preheat_kernel=False",
                      "--RoomPolicy.unconnected_grace=600", "--RoomPolicy.disconnected_grace=600",
                      log_name="voila-room-unload") as url:
        first = _open_app(page, url)
        assert _kernel_alive(url, first)
        page.goto(url)  # navigation: the unload beacon is the only way this kernel ends before 10 minutes
        _gone_within(url, first, 20)
        tab = page.context.new_page()
        second = _open_app(tab, url)
        tab.close(run_before_unload=True)
        _gone_within(url, second, 20)
    log = (artifacts / "voila-room-unload.log").read_text()
    assert f"Kernel shutdown: {first}" in log and f"Kernel shutdown: {second}" in log
    assert not re.search(r"\b403\b.*shutdown|shutdown.*\b403\b", log), log[-3000:]
    assert "_xsrf" not in log


def test_gets_without_websockets_cannot_fill_the_room_and_left_kernels_go_after_the_grace(page, tmp_path, start_server):
    """A client fetching pages holds at most its share, freed after the grace; a learner still gets in; a tab
    closed without unload frees its kernel after the grace too."""
    with start_server(tmp_path / "p.sqlite", "--VoilaConfiguration.preheat_kernel=False", *FAST_REAP,
                      "--RoomPolicy.max_kernels=3", "--RoomPolicy.max_kernels_per_client=2",
                      "--RoomPolicy.unconnected_grace=4", "--RoomPolicy.disconnected_grace=4",
                      log_name="voila-room-gets") as url:
        fetched = _all_at_once([lambda: _get(url + APP, "127.0.0.2")] * 4)
        statuses = sorted(status for status, _ in fetched)
        assert [200, 200, 429, 429] == statuses, statuses
        assert all("Too many apps open" in body for status, body in fetched if status == 429)
        held = [KERNEL_ID.search(body).group(1) for status, body in fetched if status == 200]
        mine = _open_app(page, url, "?learner=ann")  # the room is not full for anyone else
        for kernel_id in held:  # never connected: freed after the grace
            _gone_within(url, kernel_id, 30)
        assert 200 == _get(url + APP, "127.0.0.2")[0]
        assert _kernel_alive(url, mine)  # connected: kept
        page.close()  # no unload beacon: the connection just ends
        assert _kernel_alive(url, mine)
        _gone_within(url, mine, 30)


def test_twice_the_cap_at_once_never_starts_more_than_the_cap(tmp_path, start_server, artifacts):
    """Six simultaneous requests at a cap of 3: at most 3 pages and 3 kernels start; the others get 'room is full'."""
    with start_server(tmp_path / "p.sqlite", "--VoilaConfiguration.preheat_kernel=False",
                      "--RoomPolicy.max_kernels=3", "--RoomPolicy.max_kernels_per_client=0",
                      log_name="voila-room-burst") as url:
        results = _all_at_once([lambda: _get(url + APP)] * 6)
        statuses = [status for status, _ in results]
        assert 1 <= statuses.count(200) <= 3 and statuses.count(503) == 6 - statuses.count(200), statuses
        assert all("The room is full" in body for status, body in results if status == 503)
    assert len(re.findall(r"Kernel started: ", (artifacts / "voila-room-burst.log").read_text())) <= 3


async def _query_attack(url: str) -> list:
    """Two websockets on a made-up kernel id at /voila/query, the first closed: what each received."""
    from tornado.websocket import websocket_connect

    target = url.replace("http://", "ws://") + f"voila/query/{uuid.uuid4()}"
    first, second = await websocket_connect(target), await websocket_connect(target)
    first.close()
    try:
        answers = [await asyncio.wait_for(second.read_message(), 10)]
    except TimeoutError:
        answers = ["still open"]  # upstream's handler keeps it, and has just forgotten another kernel's waiter
    second.close()
    return answers


def _wait_until_waiting(url: str, log, deadline: float) -> None:
    """Until the newest kernel (the preheated one) has opened its /voila/query socket: it waits for its learner."""
    import psutil

    kernel = re.findall(r"Kernel started: ([0-9a-f-]{36})", log.read_text())[-1]
    port = urllib.parse.urlsplit(url).port
    while True:
        for proc in psutil.process_iter(["cmdline"]):
            if any(kernel in part for part in proc.info["cmdline"] or ()):
                try:
                    if any(c.raddr and c.raddr.port == port and c.status == psutil.CONN_ESTABLISHED
                           for c in proc.net_connections(kind="tcp")):
                        return
                except psutil.Error:
                    pass
        assert time.monotonic() < deadline, "the preheated kernel never waited for its learner"
        time.sleep(0.5)


def _attack(url: str) -> list:
    """:func:`_query_attack` on its own thread (Playwright's loop runs on this one)."""
    return _all_at_once([lambda: asyncio.run(_query_attack(url))])[0]


def test_query_attack_leaves_the_next_learners_app_opening(page, tmp_path, start_server, artifacts, make_workshop):
    """Sockets on a made-up id at /voila/query are refused; the next learner's preheated app opens and saves as them."""
    from coachkit.store import Store

    pools = json.dumps({"default": {"pool_size": 0}, "exercises/reformulation/accept_and_explore.ipynb": {"pool_size": 1}})
    store = tmp_path / "p.sqlite"
    make_workshop(store, "Q")
    log = artifacts / "voila-room-query.log"
    # stock kernels: the attack is on Voilà's query socket, and a stock kernel is found by its command line
    with start_server(store, "--VoilaConfiguration.preheat_kernel=True", f"--VoilaKernelManager.kernel_pools_config={pools}",
                      "--ForkProvisioner.fork=False", log_name="voila-room-query") as url:
        deadline = time.monotonic() + 120
        while "accept_and_explore.ipynb is filled" not in log.read_text():
            assert time.monotonic() < deadline, "the pool did not fill"
            time.sleep(0.5)
        _wait_until_waiting(url, log, deadline + 120)
        assert [None] == _attack(url)  # the server closed the socket, sending nothing
        for learner in ("ann", "bob"):  # the second one takes the kernel preheated after the attack's aftermath
            if learner == "bob":  # the pool refilled: its new kernel waits on /voila/query for its learner
                while log.read_text().count("accept_and_explore.ipynb is filled") < 2:
                    assert time.monotonic() < deadline + 240, "the pool did not refill"
                    time.sleep(0.5)
                _wait_until_waiting(url, log, deadline + 360)
                _attack(url)
            tab = page.context.new_page()
            _open_app(tab, url, f"?workshop=Q&learner={learner}")
            tab.fill(".ck-answer textarea", "I hear you. What makes the timing hard for you?")
            tab.click(".ck-check")
            tab.wait_for_selector(".ck-save-status :text('Saved')", timeout=15_000)
            tab.close(run_before_unload=True)
    assert ["ann", "bob"] == sorted(r.learner for r in Store(f"sqlite:///{store}").attempts())
    assert "Using pre-heated kernel" in log.read_text()


def test_lessons_show_their_demos_on_the_first_open_after_a_start(page, tmp_path, start_server):
    """With voila.json as shipped (every app preheated at start), each lesson's first open shows its live demo."""
    with start_server(tmp_path / "p.sqlite", log_name="voila-room-lessons") as url:
        for module in ("reformulation", "empathy", "followup"):
            tab = page.context.new_page()
            tab.set_default_navigation_timeout(180_000)
            tab.goto(url + f"voila/render/notebooks/{module}/lesson.ipynb")
            tab.wait_for_selector(".coachkit-exercise, .coachkit-demo", timeout=APP_TIMEOUT)
            tab.close(run_before_unload=True)


@contextlib.contextmanager
def _facilitator(tmp_path, log_path, *options: str):
    """``coachkit facilitate`` on a free port with its own store and token; yields (url, token)."""
    import os
    import secrets
    import socket
    import subprocess
    import sys
    from pathlib import Path

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    token, root = secrets.token_urlsafe(18), Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if k not in ("COACHKIT_DATABASE_URL", "JUPYTERHUB_USER")}
    env.update(COACHKIT_STORE=str(tmp_path / "p.sqlite"), COACHKIT_FACILITATOR_TOKEN=token)
    url = f"http://127.0.0.1:{port}/"
    with open(log_path, "w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "coachkit.facilitate", f"--port={port}", "--no-browser", *options],
                                cwd=root, stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(url + "login", timeout=2)
                    break
                except OSError:
                    assert proc.poll() is None and time.monotonic() < deadline, "the facilitator's server did not start"
                    time.sleep(0.3)
            yield url, token
        finally:
            proc.terminate()
            proc.wait(15)


def test_unattended_dashboard_kernel_is_freed_although_it_refreshes(page, tmp_path, artifacts):
    """A facilitator's dashboard whose tab died (no unload) is freed after the disconnected grace on the
    facilitator's server too, though closed at once after connecting (the room hears of the websocket at its open:
    no reap tick needs to have seen it; the unconnected grace here would keep it ten minutes)."""
    log_path = artifacts / "facilitator-room.log"
    with _facilitator(tmp_path, log_path, *FAST_REAP, "--RoomPolicy.disconnected_grace=4",
                      "--RoomPolicy.unconnected_grace=600") as (url, token):
        page.goto(f"{url}?token={token}")
        page.wait_for_selector(".ck-create-workshop", timeout=APP_TIMEOUT)
        kernel = _page_kernel(page)
        alive = lambda: _kernel_alive(url, f"{kernel}?token={token}")  # noqa: E731
        page.close()  # the tab dies: no unload beacon, the websocket just ends
        assert alive()
        deadline = time.monotonic() + 30
        while alive():
            assert time.monotonic() < deadline, "the unattended dashboard's kernel is still alive"
            time.sleep(0.5)
    assert f"freeing kernel {kernel}" in log_path.read_text()


def test_a_dashboard_refreshes_only_while_its_page_is_connected(page, tmp_path, artifacts):
    """The dashboard's refresh timer pauses when its page's connection ends (network cut, then the tab closed) and
    resumes when the page reconnects; the room hears of each websocket at once (no reap tick runs in this test)."""
    from _relay import Relay

    log_path = artifacts / "facilitator-presence.log"
    paused, resumed = "dashboard: no page connected, refreshing paused", "dashboard: its page is back, refreshing again"

    def wait_log(text: str, count: int, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while log_path.read_text().count(text) < count:
            assert time.monotonic() < deadline, f"no {count} x {text!r} in the facilitator's log"
            time.sleep(0.3)

    with _facilitator(tmp_path, log_path, "--RoomPolicy.reap_interval=3600") as (url, token):
        relay = Relay(url)
        try:
            page.goto(f"{relay.url}?token={token}")
            page.wait_for_selector(".ck-create-workshop", timeout=APP_TIMEOUT)
            time.sleep(7)  # more than one refresh period: a connected page's dashboard keeps refreshing
            assert paused not in log_path.read_text()
            relay.cut()
            wait_log(paused, 1, 20)
            relay.restore()
            page.wait_for_function("() => document.querySelector('.ck-connection').innerText.includes('Connected')",
                                   timeout=60_000)
            wait_log(resumed, 1, 20)
            page.close()  # the tab dies: no unload beacon
            wait_log(paused, 2, 20)
        finally:
            relay.close()
