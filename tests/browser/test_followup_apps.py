"""The follow-up module's four apps, served by Voilà, in headless Chromium: each answers its main interaction."""

from __future__ import annotations

import re
import uuid

import icalendar

from coachkit import planner

APP_TIMEOUT = 90_000  # ms: a Voilà app starts a kernel and runs the notebook before it shows
FEEDBACK_TIMEOUT = 20_000
ATTACK = "<script>alert(1)</script><img src=x onerror=alert(2)>"
GOOD_REWRITE = ("You said Sunday nights go on rebuilding the rota by hand: I've drafted a rolling four-week rota for a "
                "ward your size, so Sunday becomes a quick check.")


def _open(page, server: str, name: str, ready: str, query: str = "") -> None:
    page.goto(server + f"voila/render/exercises/followup/{name}.ipynb" + (f"?{query}" if query else ""))
    page.wait_for_selector(ready, timeout=APP_TIMEOUT)


def _no_error(page) -> None:
    body = page.inner_text("body")
    assert "Traceback" not in body and "could not do that" not in body, body[:2000]


def _gauge(page, name: str) -> float:
    return float(page.get_attribute(f".ck-gauge-{name}", "data-value"))


def test_heavy_or_helpful(page, server, shot):
    """Pick a label: the verdict, the coach's reason and the engine's reading appear; Next moves on."""
    _open(page, server, "heavy_or_helpful", ".ck-pick-pressure")
    page.click(".ck-pick-new-value")
    page.wait_for_selector(".ck-feedback-box .ck-why", timeout=FEEDBACK_TIMEOUT)
    text = page.inner_text(".ck-feedback-box")
    assert re.search(r"Right|Not quite", text) and "What the feedback engine read" in text
    shot("followup-heavy-or-helpful")
    page.click(".ck-next")
    page.wait_for_function("() => !document.querySelector('.ck-feedback-box').innerText.trim()",
                           timeout=FEEDBACK_TIMEOUT)
    _no_error(page)


def test_rewrite_chaser(page, server, shot):
    """The rubric shows first; a rewrite gets a line per check; the model answer opens after the try."""
    _open(page, server, "rewrite_chaser", ".ck-check")
    assert "What is looked for" in page.inner_text(".coachkit-exercise")
    assert page.is_disabled(".ck-model")
    page.fill(".ck-answer textarea", GOOD_REWRITE)
    page.click(".ck-check")
    page.wait_for_selector(".ck-feedback-box :text('score')", timeout=FEEDBACK_TIMEOUT)
    text = page.inner_text(".ck-feedback-box")
    assert "New value" in text and "Tied to their words" in text and "No chasing" in text
    page.wait_for_selector(".ck-model:not([disabled])", timeout=FEEDBACK_TIMEOUT)
    page.click(".ck-model")
    page.wait_for_selector(".ck-model-box :text('Model answer')", timeout=FEEDBACK_TIMEOUT)
    _no_error(page)
    shot("followup-rewrite-chaser")


def test_idea_meeting(page, server, shot):
    """Add ideas: each gets a message about its link to the customer's words; a script in one is shown as text."""
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    _open(page, server, "idea_meeting", ".ck-add-idea")
    page.fill(".ck-idea-input textarea", "A rolling rota template, so Sunday night is a check " + ATTACK)
    page.click(".ck-add-idea")
    page.wait_for_selector(".ck-idea.ck-linked", timeout=FEEDBACK_TIMEOUT)
    page.fill(".ck-idea-input textarea", "Our new dashboard has a dark mode")
    page.click(".ck-add-idea")
    page.wait_for_selector(".ck-idea.ck-unlinked", timeout=FEEDBACK_TIMEOUT)
    assert "1 of 2 ideas is a reason to call" in page.inner_text(".ck-idea-summary")
    assert "<script>" in page.inner_text(".ck-idea.ck-linked .ck-idea-text")  # shown as text
    assert 0 == page.locator(".ck-idea img").count() and [] == dialogs
    _no_error(page)
    shot("followup-idea-meeting")
    page.locator(".ck-remove-idea").nth(1).click()
    page.wait_for_function("() => document.querySelectorAll('.ck-idea').length === 1", timeout=FEEDBACK_TIMEOUT)


def test_planner(page, server, shot):
    """Add a touch: the gauges and the timeline change; the .ics download parses back to the plan."""
    _open(page, server, "planner", ".ck-add-touch")
    assert 0 == page.locator(".ck-load-model").count()  # learners start from an empty plan
    presence = _gauge(page, "presence")
    page.fill(".ck-touch-date input", "2025-03-07")
    page.locator(".ck-touch-channel select").select_option(label="email")
    page.fill(".ck-touch-message textarea", GOOD_REWRITE)
    page.fill(".ck-touch-new-value input", "a rolling rota template")
    page.fill(".ck-touch-answers input", "Every Sunday night I rebuild next week's rota by hand.")
    page.click(".ck-add-touch")
    page.wait_for_selector(".ck-timeline-box .ck-tl-touch", timeout=FEEDBACK_TIMEOUT)
    assert 1 == page.locator(".ck-timeline-box .ck-tl-touch.ck-tl-value").count()
    assert _gauge(page, "presence") > presence
    assert "Added the email" in page.inner_text(".ck-plan-message")
    with page.expect_download(timeout=FEEDBACK_TIMEOUT) as info:
        page.click("a.ck-download-ics")
    download = info.value
    assert download.suggested_filename.endswith(".ics")
    data = open(download.path(), "rb").read()
    events = list(icalendar.Calendar.from_ical(data).walk("VEVENT"))
    assert 1 == len(events)
    plan = planner.from_ics(data)
    assert [GOOD_REWRITE] == list(plan["message"]) and "2025-03-07" == str(plan["date"].iloc[0].date())
    _no_error(page)
    shot("followup-planner")


def test_planner_saved_plan_survives_reload(page, server, shot):
    """"Save my plan" stores the plan for this learner; after a reload the app lists it as a previous attempt."""
    _open(page, server, "planner", ".ck-add-touch", query=f"learner=planner-{uuid.uuid4().hex[:8]}")
    page.fill(".ck-touch-date input", "2025-03-07")
    page.locator(".ck-touch-channel select").select_option(label="email")
    page.fill(".ck-touch-message textarea", GOOD_REWRITE)
    page.fill(".ck-touch-new-value input", "a rolling rota template")
    page.click(".ck-add-touch")
    page.wait_for_selector(".ck-timeline-box .ck-tl-touch", timeout=FEEDBACK_TIMEOUT)
    page.click(".ck-save-plan")
    page.wait_for_selector(".ck-save-status :text('Saved')", timeout=FEEDBACK_TIMEOUT)
    page.reload()
    page.wait_for_selector(".ck-history-box :text('previous attempts: 1')", timeout=APP_TIMEOUT)
    assert "rolling four-week rota" in page.text_content(".ck-history-box")
    _no_error(page)
    shot("followup-planner-saved")
