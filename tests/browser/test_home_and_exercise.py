"""The served kit in headless Chromium: home page, an exercise end to end, refused paths."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from coachkit.content import load_catalogue

APP_TIMEOUT = 90_000  # ms: a Voilà app starts a kernel and runs the notebook before it shows


def _open_exercise(page, server: str, exercise_id: str) -> None:
    page.goto(server)
    page.click(f"a[data-exercise='{exercise_id}']")
    page.wait_for_selector(".ck-check", timeout=APP_TIMEOUT)


def test_home_lists_modules_and_exercises_in_order(page, server, shot):
    """The home page lists every exercise of the catalogue, in order, each with a link."""
    page.goto(server)
    shown = page.eval_on_selector_all("a.ck-exercise", "links => links.map(a => a.dataset.exercise)")
    expected = [e.id for m in load_catalogue().modules for e in m.exercises]
    assert expected == shown
    shot("home")


def test_accept_and_explore_gives_feedback(page, server, shot):
    """Follow the link, type an answer, click Check: the feedback lines and a score appear."""
    _open_exercise(page, server, "accept-explore")
    page.fill(".ck-answer textarea", "That's a fair concern. What would make the cost feel justified for you?")
    page.click(".ck-check")
    page.wait_for_selector(".ck-feedback-box :text('score')", timeout=15_000)
    text = page.inner_text(".ck-feedback-box")
    assert "Accept" in text and "Explore" in text and "No push-back" in text
    assert "Traceback" not in page.content()
    shot("accept-explore")


def test_an_answer_that_pushes_back_is_told_it_cannot_pass(page, server, shot):
    """A reply with a hidden rebuttal scores some checks but the page says it cannot pass, and why."""
    _open_exercise(page, server, "accept-explore")
    page.fill(".ck-answer textarea", "That's a fair concern. What worries you most? Honestly though, our price is "
                                     "lower than anyone's.")
    page.click(".ck-check")
    page.wait_for_selector(".ck-feedback-box .ck-blocked", timeout=15_000)
    text = page.inner_text(".ck-feedback-box")
    assert "Not yet" in text and "cannot pass" in text and "pushes back" in text
    shot("accept-explore-blocked")


def test_script_in_answer_is_shown_as_text(page, server):
    """An answer holding <script> and an onerror image is never run."""
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    _open_exercise(page, server, "accept-explore")
    page.fill(".ck-answer textarea", "I hear you <script>alert(1)</script><img src=x onerror=alert(2)>. What worries you?")
    page.click(".ck-check")
    page.wait_for_selector(".ck-feedback-box :text('score')", timeout=15_000)
    assert [] == dialogs
    assert 0 == page.locator(".ck-feedback-box img").count()


def test_spot_the_move_gives_feedback(page, server, shot):
    """Tick a move and check: a verdict per move appears."""
    _open_exercise(page, server, "spot-the-move")
    page.click(".ck-move-pitch input")
    page.click(".ck-check")
    page.wait_for_selector(".ck-feedback-box :text('score')", timeout=15_000)
    shot("spot-the-move")


@pytest.mark.parametrize("path", [
    "voila/render/solutions/reformulation/accept_and_explore.ipynb",
    "voila/tree",
    "voila/tree/solutions",
    "voila/render/data/catalogue.yaml",
    "voila/files/solutions/reformulation/accept_and_explore.ipynb",
    "voila/api/contents/solutions",
])
def test_learners_server_refuses_other_folders(server, path):
    """Solutions, data and directory listings are refused with 403."""
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(server + path, timeout=10)
    assert 403 == info.value.code


@pytest.mark.parametrize("path", [
    "voila/render/exercises/../solutions/reformulation/reformulate.ipynb",
    "voila/render/exercises/%2e%2e/solutions/reformulation/reformulate.ipynb",
    "voila/render/notebooks/..%2Fsolutions/reformulation/reformulate.ipynb",
    "voila/files/exercises/../data/catalogue.yaml",
])
def test_climbing_paths_are_refused(server, path):
    """A path that climbs out of exercises/ or notebooks/, plain or encoded, is refused with 403."""
    import http.client
    from urllib.parse import urlparse

    url = urlparse(server)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    conn.request("GET", "/" + path)  # sent as is: no client-side normalisation of ".."
    assert 403 == conn.getresponse().status


def test_a_link_out_of_the_learner_folders_is_refused(server):
    """A symlink in exercises/ that points into solutions/ (a file or a folder) is refused, not served."""
    from pathlib import Path

    root = Path(__file__).parents[2]
    links = {root / "exercises" / "zz_link_test.ipynb": root / "solutions" / "reformulation" / "reformulate.ipynb",
             root / "exercises" / "zz_link_dir": root / "solutions"}
    try:
        for link, target in links.items():
            link.symlink_to(target)
        for path in ("voila/render/exercises/zz_link_test.ipynb", "voila/files/exercises/zz_link_test.ipynb",
                     "voila/render/exercises/zz_link_dir/reformulation/reformulate.ipynb",
                     "voila/api/contents/exercises/zz_link_dir"):
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(server + path, timeout=60)
            assert refused.value.code == 403, path
        with urllib.request.urlopen(server + "voila/render/exercises/reformulation/reformulate.ipynb", timeout=120) as ok:
            assert ok.status == 200
    finally:
        for link in links:
            link.unlink(missing_ok=True)
