"""A pasted document is cut by the answer box itself: the page stays connected and Check keeps working."""

import pytest

from coachkit.config import MAX_ANSWER_CHARS, MAX_PASTE_CHARS

pytestmark = pytest.mark.browser

APP = "voila/render/exercises/reformulation/accept_and_explore.ipynb"


def _feedback(page) -> str:
    return page.locator(".ck-feedback-box").first.inner_text()


def test_a_huge_paste_is_cut_by_the_box_and_the_app_goes_on(page, server):
    """1 MiB pasted: the box keeps MAX_PASTE_CHARS, Check says it is too long, then a real answer is read."""
    page.goto(server + APP)
    box = page.wait_for_selector(".ck-answer textarea", timeout=90_000)
    page.wait_for_function(f"() => document.querySelector('.ck-answer textarea').maxLength === {MAX_PASTE_CHARS}",
                           timeout=15_000)
    box.focus()
    page.keyboard.insert_text("x" * (1 << 20))
    assert page.eval_on_selector(".ck-answer textarea", "b => b.value.length") == MAX_PASTE_CHARS
    page.click(".ck-check")
    page.wait_for_function("() => document.querySelector('.ck-feedback-box')"
                           f" && document.querySelector('.ck-feedback-box').innerText.includes('{MAX_ANSWER_CHARS:,}')",
                           timeout=30_000)
    page.fill(".ck-answer textarea", "That's a fair concern. What worries you most about retraining everyone?")
    page.click(".ck-check")
    page.wait_for_function("() => !document.querySelector('.ck-feedback-box').innerText.includes('"
                           f"{MAX_ANSWER_CHARS:,}')", timeout=30_000)
    assert "Accept" in _feedback(page)
