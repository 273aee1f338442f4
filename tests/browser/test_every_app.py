"""Every app on the home page, in headless Chromium: it opens without an error and answers an attempt."""

from __future__ import annotations

import pytest

from coachkit.content import load_catalogue

APP_TIMEOUT = 90_000
ERRORS = ("Traceback", "Error:", "Exception")
ANSWER = "I hear you. What makes this the sticking point for you right now?"


def _apps():
    for module in load_catalogue().modules:
        if module.lesson:
            yield pytest.param(f"{module.id}-lesson", f"voila/render/notebooks/{module.lesson}", id=f"{module.id}-lesson")
        for exercise in module.exercises:
            yield pytest.param(exercise.id, f"voila/render/exercises/{exercise.notebook}", id=exercise.id)


@pytest.mark.parametrize("name, path", list(_apps()))
def test_app_opens_and_answers(page, server, shot, name, path):
    """The app renders its widgets, shows no error text, and gives feedback when an answer is tried."""
    page.goto(server + path)
    page.wait_for_selector(".coachkit-exercise, .coachkit-demo, .widget-box", timeout=APP_TIMEOUT)
    if page.locator(".ck-answer textarea").count() and page.locator(".ck-check").count():
        page.fill(".ck-answer textarea", ANSWER)
        page.click(".ck-check")
        page.wait_for_function("() => [...document.querySelectorAll('.ck-feedback-box')]"
                               ".some(e => e.innerText.trim().length > 0)", timeout=15_000)
    elif page.locator(".ck-move-acknowledge input").count():
        page.click(".ck-move-acknowledge input")
        page.click(".ck-check")
        page.wait_for_selector(".ck-feedback-box :text('score')", timeout=15_000)
    elif page.locator(".coachkit-demo button").count():
        page.locator(".coachkit-demo button").first.click()
        page.wait_for_selector(".coachkit-demo .ck-feedback-box :text('Turn 1')", timeout=15_000)
    body = page.inner_text("body")
    assert not [e for e in ERRORS if e in body], body[:2000]
    shot(f"app-{name}")
