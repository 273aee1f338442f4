"""The empathy module's lesson and six apps, served by Voilà, in headless Chromium: each answers its main interaction."""

from __future__ import annotations

APP_TIMEOUT = 90_000  # ms: a Voilà app starts a kernel and runs the notebook before it shows
FEEDBACK_TIMEOUT = 20_000
ATTACK = "<script>alert(1)</script><img src=x onerror=alert(2)>"
GOOD_REWRITE = ("It sounds like the switch itself is what worries you this month. From where you sit, what would need to "
                "be true for a change of supplier to feel safe? ")


def _open(page, server: str, path: str, ready: str) -> None:
    page.goto(server + "voila/render/" + path)
    page.wait_for_selector(ready, timeout=APP_TIMEOUT)


def _app(page, server: str, name: str, ready: str) -> None:
    _open(page, server, f"exercises/empathy/{name}.ipynb", ready)


def _no_error(page) -> None:
    body = page.inner_text("body")
    assert "Traceback" not in body and "could not do that" not in body, body[:2000]


def _watch_dialogs(page) -> list[str]:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    return dialogs


def test_lesson(page, server, shot):
    """The lesson shows its sections and further reading; its sorting example answers a pick."""
    _open(page, server, "notebooks/empathy/lesson.ipynb", ".ck-pick-projection")
    body = page.inner_text("body")
    assert "where selling starts" in body and "The alliance" in body and "Selling Starts When the Customer Says" in body
    assert "load_statements" not in body  # the setup cell stays hidden
    page.click(".ck-pick-projection")
    page.wait_for_selector(".ck-sort-feedback", timeout=FEEDBACK_TIMEOUT)
    assert "Right" in page.inner_text(".ck-sort-feedback") and page.locator(".ck-sort-feedback .ck-evidence").count()
    _no_error(page)
    shot("empathy-lesson")


def test_projection_or_empathy(page, server, shot):
    """A pick gets a verdict with the deciding words marked and the reason; Next clears it."""
    _app(page, server, "projection_or_empathy", ".ck-pick-empathy")
    assert "What is looked for" in page.inner_text(".coachkit-exercise")
    page.click(".ck-pick-empathy")
    page.wait_for_selector(".ck-sort-feedback", timeout=FEEDBACK_TIMEOUT)
    text = page.inner_text(".ck-sort-feedback")
    assert "Whose frame" in text and "the words that decide" in text and "1 answered" in text
    page.wait_for_selector(".ck-save-status :text('Saved')", timeout=FEEDBACK_TIMEOUT)
    shot("empathy-projection-or-empathy")
    page.click(".ck-next")
    page.wait_for_function("() => !document.querySelector('.ck-feedback-box').innerText.trim()", timeout=FEEDBACK_TIMEOUT)
    _no_error(page)


def test_diagnose_the_no(page, server, shot):
    """Pick a motive (its meaning shows), then a response: two checks of feedback."""
    _app(page, server, "diagnose_the_no", ".ck-motive")
    page.locator(".ck-motive button", has_text="unknown").click()
    page.wait_for_selector(".ck-meaning-box :text('fear of the unknown')", timeout=FEEDBACK_TIMEOUT)
    page.locator(".ck-response button").nth(1).click()
    page.click(".ck-check")
    page.wait_for_selector(".ck-feedback-box :text('score')", timeout=FEEDBACK_TIMEOUT)
    text = page.inner_text(".ck-feedback-box")
    assert "Motive" in text and "Response" in text and "Passed" in text
    page.wait_for_selector(".ck-model:not([disabled])", timeout=FEEDBACK_TIMEOUT)
    page.click(".ck-model")
    page.wait_for_selector(".ck-model-box :text('Model answer')", timeout=FEEDBACK_TIMEOUT)
    _no_error(page)
    shot("empathy-diagnose-the-no")


def test_rewrite_projection(page, server, shot):
    """A rewrite gets a line per check and the frame reading; a script in it is shown as text; no model answer."""
    dialogs = _watch_dialogs(page)
    _app(page, server, "rewrite_projection", ".ck-answer textarea")
    assert "no model rewrite" in page.inner_text(".coachkit-exercise") and 0 == page.locator(".ck-model").count()
    page.fill(".ck-answer textarea", GOOD_REWRITE + ATTACK)
    page.click(".ck-check")
    page.wait_for_selector(".ck-feedback-box :text('score')", timeout=FEEDBACK_TIMEOUT)
    text = page.inner_text(".ck-feedback-box")
    assert "Client's frame" in text and "No projection" in text and "About them" in text
    assert "Empathy" in page.inner_text(".ck-reading-box")
    page.wait_for_selector(".ck-history-box :text('previous attempts')", timeout=FEEDBACK_TIMEOUT)
    assert "<script>" in page.text_content(".ck-history-box")  # shown as text
    assert 0 == page.locator(".coachkit-exercise img").count() and [] == dialogs
    _no_error(page)
    shot("empathy-rewrite-projection")


def test_client_frame(page, server, shot):
    """Items one per line: a feedback line each, then the could-do / fear / need check."""
    _app(page, server, "client_frame", ".ck-answer textarea")
    page.fill(".ck-answer textarea", "She could ask for a trial on repeat prescriptions\n"
                                     "She fears the receptionists will feel replaced\n"
                                     "She needs a cost she can defend to the partners")
    page.click(".ck-check")
    page.wait_for_selector(".ck-feedback-box :text('score')", timeout=FEEDBACK_TIMEOUT)
    text = page.inner_text(".ck-feedback-box")
    assert "Item 1" in text and "Item 3" in text and "Could do, fear, need" in text
    _no_error(page)
    shot("empathy-client-frame")


def test_first_hello(page, server, shot):
    """An opening gets the three checks; the model answer opens after the try."""
    _app(page, server, "first_hello", ".ck-answer textarea")
    assert page.is_disabled(".ck-model")
    page.fill(".ck-answer textarea", "Thanks for your time after the fair. How is this season going for the hotel and "
                                     "its guests?")
    page.click(".ck-check")
    page.wait_for_selector(".ck-feedback-box :text('score')", timeout=FEEDBACK_TIMEOUT)
    text = page.inner_text(".ck-feedback-box")
    assert "Client before offer" in text and "Open question" in text and "No pitch" in text
    page.wait_for_selector(".ck-model:not([disabled])", timeout=FEEDBACK_TIMEOUT)
    page.click(".ck-model")
    page.wait_for_selector(".ck-model-box :text('Model answer')", timeout=FEEDBACK_TIMEOUT)
    _no_error(page)
    shot("empathy-first-hello")


def test_alliance_check(page, server, shot):
    """Move a slider, see the profile: a bar per dimension, suggestions for weak points, the attempt saved."""
    _app(page, server, "alliance_check", ".ck-profile")
    handle = page.locator(".ck-alliance-al-own-words .noUi-handle")
    handle.focus()
    handle.press("ArrowRight")
    handle.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('.ck-alliance-al-own-words').innerText.includes('5')",
                           timeout=FEEDBACK_TIMEOUT)
    page.click(".ck-profile")
    page.wait_for_selector(".ck-alliance-chart-box svg .ck-alliance-bar", timeout=FEEDBACK_TIMEOUT)
    assert 3 == page.locator(".ck-alliance-chart-box .ck-alliance-bar").count()
    assert page.locator(".ck-alliance-profile .ck-suggestion").count() >= 1
    page.wait_for_selector(".ck-save-status :text('Saved')", timeout=FEEDBACK_TIMEOUT)
    _no_error(page)
    shot("empathy-alliance-check")
