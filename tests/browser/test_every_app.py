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
            yield pytest.param(f"{module.id}-lesson", f"section#{module.id} a.ck-lesson", id=f"{module.id}-lesson")
        for exercise in module.exercises:
            yield pytest.param(exercise.id, f"a[data-exercise='{exercise.id}']", id=exercise.id)


@pytest.mark.parametrize("name, link", list(_apps()))
def test_app_opens_and_answers(page, server, shot, name, link):
    """Opened from the home page, the app renders, shows no error text, and gives feedback when an answer is tried."""
    page.goto(server)
    page.click(link)
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


def test_exercise_completed_with_the_keyboard_alone(page, server, shot):
    """Tab to the answer box, type, Tab to Check, press Enter: the feedback appears, no mouse used."""
    page.goto(server + "voila/render/exercises/reformulation/accept_and_explore.ipynb")
    page.wait_for_selector(".ck-check", timeout=APP_TIMEOUT)
    page.focus("body")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement && document.activeElement.tagName === 'TEXTAREA'"):
            break
    else:
        pytest.fail("the answer box cannot be reached with Tab")
    page.keyboard.type("That's a fair concern. What would make the cost feel justified for you?")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement && document.activeElement.classList.contains('ck-check')"):
            break
    else:
        pytest.fail("the Check button cannot be reached with Tab")
    page.keyboard.press("Enter")
    page.wait_for_selector(".ck-feedback-box :text('score')", timeout=15_000)
    shot("keyboard-only")
