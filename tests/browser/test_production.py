"""Production settings of the learners' server: preheated kernels, and a cap on live kernels."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid

import pytest

APP = "voila/render/exercises/reformulation/accept_and_explore.ipynb"
OTHER = "voila/render/exercises/reformulation/reformulate.ipynb"
APP_TIMEOUT = 90_000


def test_room_full_page_and_others_keep_working(page, tmp_path, shot, start_server):
    """With the cap reached, one more learner gets the 'room is full' page; the learner already in carries on."""
    with start_server(tmp_path / "p.sqlite", "--VoilaConfiguration.preheat_kernel=False",
                        "--RoomPolicy.max_kernels=1", log_name="voila-capped") as url:
        page.goto(url + APP + "?learner=first")
        page.wait_for_selector(".ck-check", timeout=APP_TIMEOUT)
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(url + OTHER, timeout=30)
        assert 503 == info.value.code
        body = info.value.read().decode()
        assert "The room is full" in body and "try again in a minute" in body
        page.fill(".ck-answer textarea", "I hear you. What makes the timing hard for you?")
        page.click(".ck-check")
        page.wait_for_selector(".ck-feedback-box :text('score')", timeout=15_000)
        second = page.context.new_page()
        second.goto(url + OTHER)
        assert "The room is full" in second.inner_text("body")
        shot("room-full-first-learner")


def test_preheated_kernel_serves_the_learner_with_their_identity(page, tmp_path, start_server, artifacts, make_workshop):
    """A preheated app opens and records the attempt under the learner named in the link."""
    from coachkit.store import Store

    pools = json.dumps({"default": {"pool_size": 0}, "exercises/reformulation/accept_and_explore.ipynb": {"pool_size": 1}})
    store = tmp_path / "p.sqlite"
    make_workshop(store, "PRE")
    with start_server(store, "--VoilaConfiguration.preheat_kernel=True", f"--VoilaKernelManager.kernel_pools_config={pools}",
                        log_name="voila-preheat") as url:
        learner = f"pre-{uuid.uuid4().hex[:6]}"
        page.wait_for_timeout(8000)  # let the pool fill
        page.goto(url + APP + f"?workshop=PRE&learner={learner}")
        page.wait_for_selector(".ck-check", timeout=APP_TIMEOUT)
        page.fill(".ck-answer textarea", "I hear you. What makes the timing hard for you?")
        page.click(".ck-check")
        page.wait_for_selector(".ck-save-status :text('Saved')", timeout=15_000)
    assert [(learner, "PRE")] == [(r.learner, r.workshop) for r in Store(f"sqlite:///{store}").attempts()]
    assert "Using pre-heated kernel" in (artifacts / "voila-preheat.log").read_text()
