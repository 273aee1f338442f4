"""A network blip: the page's connections are cut by the network (not the page left), the learner answers meanwhile,
the connection comes back: nothing saved is lost, the page says what is happening, and no traceback shows.

The browser reaches the server through a small TCP relay of the test: cutting it closes every connection it carries
(as a dropped Wi-Fi or a restarted switch does) and refuses new ones until it is back. Chromium's offline emulation
is not used: it leaves an open websocket open.
"""

from __future__ import annotations

import time
import uuid

import pytest
from _relay import Relay

pytestmark = pytest.mark.browser

APP = "voila/render/exercises/reformulation/accept_and_explore.ipynb"
APP_TIMEOUT = 90_000


@pytest.fixture
def relay(server):
    r = Relay(server)
    yield r
    r.close()


def _saved(store_path, tag: str) -> list[str]:
    from coachkit.store import Store

    store = Store(f"sqlite:///{store_path}")
    try:
        return [r.answer for r in store.attempts() if tag in r.answer]
    finally:
        store.close()


def _wait_saved(store_path, tag: str, count: int, seconds: float = 30) -> list[str]:
    deadline = time.monotonic() + seconds
    while len(found := _saved(store_path, tag)) < count and time.monotonic() < deadline:
        time.sleep(0.3)
    return found


def _connection_line(page) -> str:
    return page.locator(".ck-connection").inner_text()


def test_a_network_blip_loses_nothing_and_the_page_says_so(page, relay, server_store):
    """Connections cut mid-session: 'reconnecting… your saved answers are safe'; the answer checked during the cut
    is checked once the network is back; both attempts are in the store; then 'connected again'; no traceback."""
    tag = uuid.uuid4().hex[:8]
    first = f"That's a fair concern. What worries you most about retraining? ({tag} one)"
    second = f"I hear you. What would make the change easier for your nurses? ({tag} two)"
    page.goto(relay.url + APP)
    page.wait_for_selector(".ck-check", timeout=APP_TIMEOUT)
    assert "" == _connection_line(page).strip()
    page.fill(".ck-answer textarea", first)
    page.click(".ck-check")
    page.wait_for_function("() => document.querySelector('.ck-feedback-box').innerText.includes('Accept')",
                           timeout=30_000)
    assert [first] == _wait_saved(server_store, tag, 1)

    relay.cut()
    page.wait_for_function("() => document.querySelector('.ck-connection').innerText.includes('reconnecting')",
                           timeout=15_000)
    line = _connection_line(page)
    assert "saved answers are safe" in line
    page.fill(".ck-answer textarea", second)  # the learner carries on while the network is down
    page.click(".ck-check")
    time.sleep(2)
    assert [first] == _saved(server_store, tag)  # nothing reached the kernel yet
    relay.restore()

    page.wait_for_function("() => document.querySelector('.ck-connection').innerText.includes('Connected again')",
                           timeout=60_000)
    assert [first, second] == _wait_saved(server_store, tag, 2)
    page.wait_for_function("() => document.querySelector('.ck-feedback-box').innerText.includes('easier')",
                           timeout=30_000)
    assert second == page.eval_on_selector(".ck-answer textarea", "b => b.value")
    body = page.inner_text("body")
    assert "Traceback" not in body and "Error" not in body
    # and the page keeps working after the blip: one more answer is checked and saved
    third = f"Fair enough. What would a good first week look like for your team? ({tag} three)"
    page.fill(".ck-answer textarea", third)
    page.click(".ck-check")
    assert [first, second, third] == _wait_saved(server_store, tag, 3)
    page.wait_for_function("() => document.querySelector('.ck-connection').innerText.trim() === ''", timeout=15_000)


def test_a_page_back_after_its_kernel_was_freed_is_told_to_reload(page, tmp_path, start_server):
    """Connections cut longer than the room's disconnected grace: the kernel is freed; once the network is back the
    page says its session ended and to reload (not 'reconnecting' forever); what was saved is still in the store."""
    import urllib.error
    import urllib.request

    store = tmp_path / "p.sqlite"
    tag = uuid.uuid4().hex[:8]
    saved = f"That's a fair concern. What worries you most about retraining? ({tag})"
    with start_server(store, "--VoilaConfiguration.preheat_kernel=False", "--RoomPolicy.max_kernels_per_client=0",
                      "--RoomPolicy.disconnected_grace=2", "--RoomPolicy.reap_interval=1",
                      log_name="voila-reconnect-ended") as url:
        relay = Relay(url)
        try:
            page.goto(relay.url + APP)
            page.wait_for_selector(".ck-check", timeout=APP_TIMEOUT)
            kernel = page.evaluate("JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")
            page.fill(".ck-answer textarea", saved)
            page.click(".ck-check")
            assert [saved] == _wait_saved(store, tag, 1)
            relay.cut()
            page.wait_for_function("() => document.querySelector('.ck-connection').innerText.includes('reconnecting')",
                                   timeout=15_000)
            deadline = time.monotonic() + 30
            while True:  # the room frees the kernel once the disconnected grace is over
                try:
                    urllib.request.urlopen(f"{url}api/kernels/{kernel}", timeout=10)
                except urllib.error.HTTPError as exc:
                    if exc.code == 404:
                        break
                    raise
                assert time.monotonic() < deadline, "the kernel of the cut page was not freed"
                time.sleep(0.5)
            relay.restore()
            page.wait_for_function("() => document.querySelector('.ck-connection').innerText.includes('session has "
                                   "ended')", timeout=90_000)
            line = _connection_line(page)
            assert "saved answers are safe" in line and "reload this page" in line
            assert "Traceback" not in page.inner_text("body")
        finally:
            relay.close()
    assert [saved] == _saved(store, tag)
