"""Shared fixtures, and a summary of how many tests ran in each layer."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(autouse=True)
def private_store(tmp_path, monkeypatch):
    """Every test writes to its own progress store, never the user's."""
    from coachkit import store

    monkeypatch.setenv("COACHKIT_STORE", str(tmp_path / "progress.sqlite"))
    monkeypatch.delenv("COACHKIT_DATABASE_URL", raising=False)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.setattr(store, "_STORES", {})
    from coachkit import progress
    from coachkit.save_rate import SaveRate

    monkeypatch.setattr(progress, "SAVE_RATE", SaveRate())  # each test starts with no save counted
    return tmp_path / "progress.sqlite"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where tests keep screenshots and logs (kept by CI as test artifacts)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def scenarios():
    from coachkit.content import load_scenarios

    return load_scenarios()


@pytest.fixture(scope="session")
def scenario(scenarios):
    """The first scenario of the bank (software, price)."""
    return next(s for s in scenarios if s.id == "sw-price-small-team")


@pytest.fixture(scope="session")
def scenario_at(scenarios):
    """Every scenario of the bank, by its id."""
    return {s.id: s for s in scenarios}


@pytest.fixture(scope="session")
def opening_at():
    """Every first meeting to open, by its id."""
    from coachkit.content import load_openings

    return {o.id: o for o in load_openings()}


@pytest.fixture(scope="session")
def client_frame_at():
    """Every client to think about from their side, by its id."""
    from coachkit.content import load_client_frames

    return {c.id: c for c in load_client_frames()}


# --------------------------------------------------------------------------- browser


def chromium_path() -> str | None:
    for candidate in (os.environ.get("COACHKIT_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser",
                      shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server_store(tmp_path_factory) -> Path:
    """The progress store of the test server."""
    return tmp_path_factory.mktemp("server") / "progress.sqlite"


@pytest.fixture(scope="session")
def make_workshop():
    """Create a workshop (code, optional title) in a server's store, as a facilitator would before the room."""

    def make(store: Path, code: str, title: str | None = None, **roster) -> str:
        from coachkit.roster import create_workshop
        from coachkit.store import Store

        db = Store(f"sqlite:///{store}")
        try:
            return create_workshop(db, code, title, **roster).code
        finally:
            db.close()

    return make


@contextlib.contextmanager
def running_server(store: Path, *voila_args: str, log_name: str = "voila-server"):
    """Run ``coachkit serve`` on a free port with its own store; yield its base URL."""
    port = free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in ("COACHKIT_DATABASE_URL", "JUPYTERHUB_USER")}
    env["COACHKIT_STORE"] = str(store)
    with open(ARTIFACTS / f"{log_name}.log", "w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "coachkit.cli", "serve", f"--port={port}", "--no-browser",
                                 *voila_args], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
        tls = any(arg.startswith("--CoachkitVoila.certfile=") for arg in voila_args)
        url = f"{'https' if tls else 'http'}://127.0.0.1:{port}/"
        ready = ssl._create_unverified_context() if tls else None  # readiness only: the TLS test checks the certificate
        try:
            deadline = time.monotonic() + 90
            while True:
                try:
                    urllib.request.urlopen(url, timeout=2, context=ready)
                    break
                except OSError:
                    if proc.poll() is not None:
                        raise RuntimeError(f"the server stopped: see {ARTIFACTS / log_name}.log") from None
                    if time.monotonic() > deadline:
                        raise RuntimeError("the server did not answer within 90 s") from None
                    time.sleep(0.3)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()


@pytest.fixture(scope="session")
def server(server_store):
    """The learners' server (``coachkit serve``) on a free port; yields its base URL.

    It does not preheat kernels: tests/browser/test_production.py checks preheating on its own. Every page of the
    session comes from this machine's one address: no per-client limit (tests/browser/test_room_browser.py checks it).
    """
    with running_server(server_store, "--VoilaConfiguration.preheat_kernel=False",
                        "--RoomPolicy.max_kernels_per_client=0") as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright. Fails (never skips) under CI when missing."""
    executable = chromium_path()
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("no Chromium found: `make test` installs it (apt-get install chromium)")
        pytest.skip("no Chromium found: install Debian's chromium or set COACHKIT_CHROMIUM")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"])
        yield b
        b.close()


@contextlib.contextmanager
def offline_page(browser):
    """A page in a browser context of its own (its own cookies), kept off the internet: anything not on this machine
    is answered at once. A Voilà app runs its notebook before the page loads: on a busy 2-core machine that can take
    well over Playwright's default 30 s, so navigation gets the same budget as an app's first render."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1")
                  else route.abort())
    pg = context.new_page()
    pg.set_default_navigation_timeout(120_000)
    try:
        yield pg
    finally:
        context.close()


@pytest.fixture
def page(browser):
    with offline_page(browser) as pg:
        yield pg


@pytest.fixture
def other_page(browser):
    """A second browser (another person in the room: its own cookies), kept off the internet like ``page``."""
    with offline_page(browser) as pg:
        yield pg


@pytest.fixture
def shot(page, artifacts):
    """Save a full-page screenshot of the page under test-artifacts/."""
    return lambda name: page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)


@pytest.fixture(scope="session")
def start_server():
    """A context manager that runs another ``coachkit serve`` with given Voilà options."""
    return running_server
