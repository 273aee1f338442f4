"""Progress in a real browser: a workshop learner's answer survives a reload and shows on the home page."""

from __future__ import annotations

import uuid

APP_TIMEOUT = 90_000


def test_answer_survives_reload_and_marks_home(page, server, server_store, make_workshop, shot):
    """Answer, reload: the attempt is listed; the home page marks the exercise for that learner."""
    make_workshop(server_store, "BROWSER-1", "Browser room")
    learner = f"Ana {uuid.uuid4().hex[:6]}"
    page.goto(server)
    page.fill("input[name=learner]", learner)
    page.fill("input[name=workshop]", "BROWSER-1")
    page.click("form.who button")
    page.click("a[data-exercise='accept-explore']")
    page.wait_for_selector(".ck-check", timeout=APP_TIMEOUT)
    assert "learner=Ana" in page.url and "workshop=BROWSER-1" in page.url
    page.wait_for_selector(f".ck-in-workshop:has-text('You are in Browser room as {learner}')", timeout=15_000)
    page.fill(".ck-answer textarea", "That's a fair concern. What would make the cost feel justified for you?")
    page.click(".ck-check")
    page.wait_for_selector(".ck-save-status :text('Saved')", timeout=15_000)
    page.reload()
    page.wait_for_selector(".ck-history-box :text('previous attempts: 1')", timeout=APP_TIMEOUT)
    shot("progress-after-reload")
    page.goto(server + "?" + page.url.split("?", 1)[1])
    assert "done" == page.get_attribute("a[data-exercise='accept-explore'] + .badge", "data-status")
    assert "not-started" == page.get_attribute("a[data-exercise='reformulate'] + .badge", "data-status")


def test_script_answer_shown_as_text_in_history(page, server):
    """An answer with <script> and an onerror image is listed as text in the learner's history."""
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(server + f"voila/render/exercises/reformulation/accept_and_explore.ipynb?learner=x{uuid.uuid4().hex[:6]}")
    page.wait_for_selector(".ck-check", timeout=APP_TIMEOUT)
    page.fill(".ck-answer textarea", "<script>alert(1)</script><img src=x onerror=alert(2)> What worries you?")
    page.click(".ck-check")
    page.wait_for_selector(".ck-history-box :text('previous attempts: 1')", timeout=15_000)
    assert [] == dialogs and 0 == page.locator(".ck-history-box img").count()
    assert "<script>alert(1)</script>" in page.text_content(".ck-history-box")
