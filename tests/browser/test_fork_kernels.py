"""The served kit's kernels are forked from its warm template: an app runs end to end on one; idle ones are culled."""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psutil
import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = pytest.mark.browser
APP_TIMEOUT = 90_000  # ms


def _template(server: str) -> psutil.Process:
    """The fork template of the ``coachkit serve`` answering on ``server``'s port."""
    port = urllib.parse.urlsplit(server).port
    for proc in psutil.Process().children(recursive=True):
        try:
            if f"--port={port}" in proc.cmdline():
                for child in proc.children():
                    if "coachkit.kernels.template" in child.cmdline():
                        return child
        except psutil.Error:
            continue
    raise AssertionError(f"no fork template under the server on port {port}")


def _kernel_runs(server: str, kernel_id: str) -> bool:
    """Whether the server still has this kernel (``GET /api/kernels/ID``)."""
    try:
        with urllib.request.urlopen(f"{server}api/kernels/{kernel_id}", timeout=10) as answer:
            return json.load(answer)["id"] == kernel_id
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return False
        raise


def _wait(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return predicate()


def test_a_forked_kernel_runs_an_app_end_to_end(browser, server):
    """Open an exercise, answer, get feedback: its kernel is a child of the template; shut down, it is reaped."""
    template = _template(server)
    before = {p.pid for p in template.children()}
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_navigation_timeout(120_000)
    page.goto(server)
    page.click("a[data-exercise='accept-explore']")
    page.wait_for_selector(".ck-check", timeout=APP_TIMEOUT)
    kernel_id = page.evaluate("JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")
    kernels = [p for p in template.children() if p.pid not in before]
    assert len(kernels) == 1 and kernels[0].ppid() == template.pid
    assert kernels[0].num_threads() > 1 and template.num_threads() == 1  # the kernel's threads are its own
    page.fill(".ck-answer textarea", "That's a fair concern. What would make the cost feel justified for you?")
    page.click(".ck-check")
    page.wait_for_selector(".ck-feedback-box :text('score')", timeout=15_000)
    text = page.inner_text(".ck-feedback-box")
    assert "Accept" in text and "Explore" in text
    assert "Traceback" not in page.content()
    page.close(run_before_unload=True)
    context.close()
    # Voilà's own shutdown on unload is refused here (no _xsrf in its POST): shut the kernel down through the server
    token = "f" * 32  # Tornado's XSRF check: the same token as cookie and header
    urllib.request.urlopen(urllib.request.Request(f"{server}api/kernels/{kernel_id}", method="DELETE", headers={
        "Cookie": f"_xsrf={token}", "X-XSRFToken": token}), timeout=30)
    assert _wait(lambda: not kernels[0].is_running() or kernels[0].status() == psutil.STATUS_ZOMBIE, 30)
    assert _wait(lambda: kernels[0].pid not in {p.pid for p in template.children()}, 5)  # reaped, no <defunct>
    assert not _kernel_runs(server, kernel_id)


def test_an_idle_forked_kernel_is_culled(start_server, tmp_path):
    """With a short cull timeout, a kernel no page talks to is culled: gone from the server and reaped by the template."""
    with start_server(tmp_path / "store.sqlite", "--VoilaConfiguration.preheat_kernel=False",
                      "--MappingKernelManager.cull_idle_timeout=3", "--MappingKernelManager.cull_interval=1",
                      log_name="voila-cull") as url:
        template = _template(url)
        with urllib.request.urlopen(f"{url}voila/render/exercises/reformulation/accept_and_explore.ipynb", timeout=120) as r:
            html = r.read().decode()
        kernel_id = re.search(r'"kernelId": "([0-9a-f-]{36})"', html).group(1)
        assert _kernel_runs(url, kernel_id)
        assert len(template.children()) == 1
        assert _wait(lambda: not _kernel_runs(url, kernel_id) and not template.children(), 30)
    assert "Culling kernel" in (ARTIFACTS / "voila-cull.log").read_text()
