"""Workshop mode in a real browser: the facilitator's server (token, live dashboard, escaping), the learners' server
keeping the dashboard out, and the learner's "My progress" report."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

import pytest

from coachkit.dashboard import REFRESH_SECONDS

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
APP_TIMEOUT = 90_000
ATTACK = "<script>alert(1)</script><img src=x onerror=alert(2)>"
ANSWER = ATTACK + " What worries you most about the price?"
EXERCISE = "voila/render/exercises/reformulation/accept_and_explore.ipynb"
#: The dashboard must show a new answer within its refresh interval (plus the time to draw it).
LIVE_TIMEOUT = (REFRESH_SECONDS + 10) * 1000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _status(url: str) -> tuple[int, str]:
    """The status of a GET without following redirects, and where a redirect points."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(url, timeout=30) as response:
            return response.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Location", "")


@pytest.fixture(scope="session")
def facilitator(server_store):
    """``python -m coachkit.facilitate`` on a free port, with a known token, on the learners' server's store."""
    token = secrets.token_urlsafe(18)
    port = _free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log = open(ARTIFACTS / "facilitator-server.log", "w")
    env = {k: v for k, v in os.environ.items() if k not in ("COACHKIT_DATABASE_URL", "JUPYTERHUB_USER")}
    env.update(COACHKIT_STORE=str(server_store), COACHKIT_FACILITATOR_TOKEN=token)
    proc = subprocess.Popen([sys.executable, "-m", "coachkit.facilitate", f"--port={port}", "--no-browser"], cwd=ROOT,
                            stdout=log, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "login", timeout=2)
            break
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(f"the facilitator's server stopped: see {ARTIFACTS / 'facilitator-server.log'}") from None
            time.sleep(0.3)
    else:
        proc.terminate()
        raise RuntimeError("the facilitator's server did not answer within 60 s")
    yield SimpleNamespace(url=url, token=token)
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture
def learner_page(browser):
    """A second browser (another person in the room), kept off the internet like ``page``."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1")
                  else route.abort())
    pg = context.new_page()
    yield pg
    context.close()


def _answer(page, server, learner: str, workshop: str) -> None:
    page.goto(server + EXERCISE + f"?learner={quote(learner)}&workshop={quote(workshop)}")
    page.wait_for_selector(".ck-check", timeout=APP_TIMEOUT)
    page.fill(".ck-answer textarea", ANSWER)
    page.click(".ck-check")
    page.wait_for_selector(".ck-save-status :text('Saved')", timeout=15_000)


def test_dashboard_shows_a_room_answer_live_as_text(page, learner_page, server, facilitator, shot):
    """Open the dashboard with the token, create W; a learner answers with markup in W; the dashboard shows it as
    text within its refresh interval, with no dialog and no image; Show on screen puts it large."""
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    learner_page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    workshop = f"W-{uuid.uuid4().hex[:6]}"
    learner = f"Ana {uuid.uuid4().hex[:6]}"

    page.goto(f"{facilitator.url}?token={facilitator.token}")
    page.wait_for_selector(".ck-create-workshop", timeout=APP_TIMEOUT)
    assert "/voila/render/facilitator/dashboard.ipynb" in page.url and facilitator.token not in page.url
    page.fill(".ck-new-code input", workshop)
    page.click(".ck-create-workshop")
    page.wait_for_selector(f".ck-status :text('Workshop {workshop}')", timeout=15_000)

    _answer(learner_page, server, learner, workshop)
    page.wait_for_function("text => [...document.querySelectorAll('.ck-examples .ck-example-answer')]"
                           ".some(e => e.textContent.includes(text))", arg=ATTACK, timeout=LIVE_TIMEOUT)
    assert page.text_content("tr[data-exercise='accept-explore'] td:nth-child(2)").strip() == "1"
    assert "1 learner" in page.text_content(".ck-status")
    examples = page.text_content(".ck-examples")
    assert "Learner A" in examples and learner not in examples
    assert 0 == page.locator(".ck-examples img, .ck-dashboard img").count()
    shot("facilitator-dashboard")

    page.click(".ck-show-on-screen")
    page.wait_for_selector(".ck-screen .ck-example-large", timeout=15_000)
    assert ATTACK in page.text_content(".ck-screen") and 0 == page.locator(".ck-screen img").count()
    page.wait_for_selector(".ck-dashboard-main", state="hidden", timeout=15_000)  # the answer alone, in view
    box = page.locator(".ck-screen .ck-example-large").bounding_box()
    assert 0 <= box["y"] and box["y"] + box["height"] <= 900
    page.screenshot(path=str(ARTIFACTS / "facilitator-on-screen.png"))
    page.click(".ck-screen-close")
    page.wait_for_selector(".ck-screen-box", state="hidden", timeout=15_000)
    page.wait_for_selector(".ck-dashboard-main", state="visible", timeout=15_000)
    assert [] == dialogs


def test_facilitator_server_refuses_without_the_token(page, facilitator):
    """No token or a wrong one: sent to the login page, never the dashboard; other folders refused even with it."""
    dashboard = facilitator.url + "voila/render/facilitator/dashboard.ipynb"
    for url in (facilitator.url, dashboard, dashboard + "?token=wrong", facilitator.url + "voila/tree/facilitator"):
        code, location = _status(url)
        assert code in (302, 403) and (code == 403 or "/login" in location), (url, code, location)
    assert _status(f"{facilitator.url}?token={facilitator.token}")[0] == 302
    for path in ("voila/render/solutions/reformulation/reformulate.ipynb", "voila/render/exercises/my_progress.ipynb",
                 "voila/render/facilitator/../solutions/reformulation/reformulate.ipynb",
                 "voila/render/facilitator/%2e%2e/solutions/reformulation/reformulate.ipynb",
                 "voila/files/data/catalogue.yaml", "voila/api/contents/solutions"):
        assert _status(f"{facilitator.url}{path}?token={facilitator.token}")[0] == 403, path
    page.goto(dashboard)
    page.wait_for_load_state()
    assert "/login" in page.url and 0 == page.locator(".ck-dashboard").count()


def test_learners_server_refuses_the_dashboard(server):
    """The learners' server never serves the facilitator's folder."""
    assert _status(server + "voila/render/facilitator/dashboard.ipynb")[0] == 403
    assert _status(server + "voila/tree/facilitator")[0] == 403


def test_learners_server_refuses_a_climbing_path_to_the_dashboard(server):
    """Not even by climbing out of a served folder ('..', '%2e%2e': raw clients send them as they are)."""
    for path in ("voila/render/exercises/../facilitator/dashboard.ipynb",
                 "voila/render/exercises/%2e%2e/facilitator/dashboard.ipynb"):
        assert _status(server + path)[0] == 403, path


def test_my_progress_report_escapes_the_answer(page, server, server_store, make_workshop, shot):
    """A learner answers with markup, opens My progress and downloads the report: the markup is escaped in it."""
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    learner, workshop = f"Zoé {uuid.uuid4().hex[:6]}", make_workshop(server_store, f"P-{uuid.uuid4().hex[:6]}")
    _answer(page, server, learner, workshop)
    page.goto(server + f"voila/render/exercises/my_progress.ipynb?learner={quote(learner)}&workshop={quote(workshop)}")
    page.wait_for_selector(".ck-report-link", timeout=APP_TIMEOUT)
    assert "1 attempt on 1 exercise" in page.text_content(".ck-my-summary")
    with page.expect_download(timeout=15_000) as download:
        page.click(".ck-report-link")
    report = Path(download.value.path()).read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in report
    assert "<script" not in report and "<img" not in report
    shot("my-progress")
    page.click(".ck-delete")
    page.wait_for_selector(".ck-delete-question :text('Delete all 1 stored attempt')", timeout=15_000)
    page.click(".ck-delete-confirm")
    page.wait_for_selector(".ck-my-status :text('Deleted 1 attempt')", timeout=15_000)
    assert [] == dialogs


def test_the_token_never_reaches_the_facilitators_log(facilitator):
    """Requests that fail (404, 403, a wrong sign-in) with the right or a wrong token leave no token in the log."""
    wrong = "not-the-token-" + secrets.token_urlsafe(8)
    for token in (facilitator.token, wrong):
        for path in ("nope", "voila/files/data/catalogue.yaml", "voila/render/solutions/x.ipynb"):
            _status(f"{facilitator.url}{path}?token={token}")
    time.sleep(1)  # the server writes its log as it goes
    log = (ARTIFACTS / "facilitator-server.log").read_text()
    assert "/nope" in log  # the failed requests were logged…
    assert facilitator.token not in log and wrong not in log  # …without their token


def test_sign_in_attempts_are_limited(page, facilitator):
    """Typing wrong tokens on the sign-in page: after a few, the server asks to wait instead of answering."""
    statuses = []
    for _ in range(7):
        page.goto(facilitator.url + "login")
        page.fill("input[name=password]", "wrong-" + secrets.token_urlsafe(6))
        with page.expect_navigation():
            page.click("button[type=submit], input[type=submit]")
        statuses.append(page.evaluate("document.title + ' ' + document.body.innerText.slice(0, 200)"))
    assert any("429" in s or "Too many" in s for s in statuses[5:]), statuses
    assert not any("429" in s or "Too many" in s for s in statuses[:5]), statuses
