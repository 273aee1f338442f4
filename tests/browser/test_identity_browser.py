"""Names and workshop codes in two real browsers: a name is its first browser's, a mistyped code loses nothing."""

from __future__ import annotations

import uuid
from urllib.parse import quote

from coachkit.store import Store

APP_TIMEOUT = 90_000
EXERCISE = "voila/render/exercises/reformulation/accept_and_explore.ipynb"
MY_PROGRESS = "voila/render/exercises/my_progress.ipynb"


def _join(page, server, name: str, code: str) -> None:
    page.goto(server)
    page.fill("input[name=learner]", name)
    page.fill("input[name=workshop]", code)
    page.click("form.who button")


def test_a_taken_name_is_refused_to_a_second_browser(page, other_page, server, server_store, make_workshop, shot):
    """Ana joins from the home page and opens an app; another browser typing her name (other case) is refused on
    the home page and on the app's address, and no app starts for it."""
    code = make_workshop(server_store, f"ROOM-{uuid.uuid4().hex[:4]}", "Tuesday's room")
    ana = f"Ana {uuid.uuid4().hex[:6]}"
    _join(page, server, ana, code.lower().replace("-", " "))
    assert f"You are in Tuesday's room as {ana}." == page.text_content(".ck-in")
    assert f"workshop={code}" in page.url  # the workshop's own spelling
    page.click("a[data-exercise='accept-explore']")
    page.wait_for_selector(".ck-check", timeout=APP_TIMEOUT)
    page.wait_for_selector(f'.ck-in-workshop:has-text("You are in Tuesday\'s room as {ana}")', timeout=15_000)

    _join(other_page, server, ana.upper(), code)
    assert "is already taken in Tuesday's room" in other_page.text_content(".ck-problem")
    assert ana.upper() == other_page.input_value("input[name=learner]")
    assert 0 == other_page.locator(".ck-in").count()
    response = other_page.goto(server + EXERCISE + f"?workshop={quote(code)}&learner={quote(ana)}")
    assert 403 == response.status and 0 == other_page.locator(".ck-check").count()
    assert "already taken" in other_page.text_content(".ck-refused")
    shot("name-taken")
    page.close(run_before_unload=True)


def test_my_progress_acts_only_for_the_owner(page, other_page, server, server_store, make_workshop):
    """Ana saves an attempt; another browser opening My progress with her name gets no report, no export and no
    delete button, and her attempt stays; under its own name it sees only its own (none)."""
    code = make_workshop(server_store, f"PROG-{uuid.uuid4().hex[:4]}", "Progress room")
    ana, eve = f"Ana {uuid.uuid4().hex[:6]}", f"Eve {uuid.uuid4().hex[:6]}"
    page.goto(server + EXERCISE + f"?workshop={quote(code)}&learner={quote(ana)}")
    page.wait_for_selector(".ck-check", timeout=APP_TIMEOUT)
    page.fill(".ck-answer textarea", "Ana's own words: I hear you. What matters most to you?")
    page.click(".ck-check")
    page.wait_for_selector(".ck-save-status :text('Saved')", timeout=15_000)
    page.goto(server)  # Ana leaves the app by navigation

    for typed in (ana, ana.lower(), ana.replace(" ", " \u200b")):
        response = other_page.goto(server + MY_PROGRESS + f"?workshop={quote(code)}&learner={quote(typed)}")
        assert 403 == response.status, typed
        assert 0 == other_page.locator(".ck-report-link, .ck-export-link, .ck-delete").count()
        assert "Ana's own words" not in other_page.content()
    other_page.goto(server + MY_PROGRESS + f"?workshop={quote(code)}&learner={quote(eve)}")
    other_page.wait_for_selector(".ck-my-summary :text('No attempt stored yet')", timeout=APP_TIMEOUT)
    assert eve in other_page.text_content(".ck-my-heading")
    db = Store(f"sqlite:///{server_store}")
    try:
        assert [ana] == [r.learner for r in db.attempts(workshop=code)]
    finally:
        db.close()
    other_page.close(run_before_unload=True)


def test_a_mistyped_code_says_so_and_keeps_what_was_typed(page, server, server_store, make_workshop):
    """A code nobody created gets a clear message with the name and the code still in their boxes; fixing the
    code joins the workshop."""
    code = make_workshop(server_store, f"TYPO-{uuid.uuid4().hex[:4]}", "The real room")
    name = f"Zoé {uuid.uuid4().hex[:6]}"
    _join(page, server, name, code + "X")
    assert f"No workshop has the code “{code}X”" in page.text_content(".ck-problem")
    assert (name, code + "X") == (page.input_value("input[name=learner]"), page.input_value("input[name=workshop]"))
    assert "workshop=" not in (page.get_attribute("a[data-exercise='accept-explore']", "href") or "")
    page.fill("input[name=workshop]", code)
    page.click("form.who button")
    assert f"You are in The real room as {name}." == page.text_content(".ck-in")


def test_the_personal_link_opens_the_name_in_another_browser(page, other_page, server, server_store, make_workshop):
    """The personal link shown on joining gives the name to another device, which can then leave the workshop."""
    code = make_workshop(server_store, f"LINK-{uuid.uuid4().hex[:4]}")
    name = f"Bo {uuid.uuid4().hex[:6]}"
    _join(page, server, name, code)
    link = page.input_value(".ck-personal input")
    assert "key=" in link
    other_page.goto(link)
    assert "key=" not in other_page.url and f"You are in {code} as {name}." == other_page.text_content(".ck-in")
    other_page.click(".ck-leave button")
    assert "You left" in other_page.text_content(".ck-notice")
    response = other_page.goto(server + f"?workshop={quote(code)}&learner={quote(name)}")
    assert 200 == response.status and "already taken" in other_page.text_content(".ck-problem")
