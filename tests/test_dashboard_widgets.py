"""The facilitator's Dashboard and the learner's MyProgress, driven without a browser."""

from __future__ import annotations

import asyncio
import base64
import json
import re
import subprocess
import sys
import threading

import pytest

from coachkit.identity import Identity
from coachkit.store import AttemptRecord, Store, open_store
from coachkit.widgets._dashboard import Dashboard, MyProgress

ATTACK = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def _attempt(learner, answer, score, workshop="W", exercise="accept-explore", moves=("explore",)):
    return AttemptRecord(learner=learner, workshop=workshop, exercise=exercise, answer=answer, score=score,
                         passed=score >= 0.7, moves=moves)


def _data(html: str, cls: str) -> str:
    """The text a download link of class ``cls`` carries."""
    href = re.search(rf'class="ck-download {cls}"[^>]*href="data:[^;]+;charset=utf-8;base64,([^"]+)"', html).group(1)
    return base64.b64decode(href).decode("utf-8")


@pytest.fixture
def store():
    return open_store()  # the test's private store (tests/conftest.py)


def test_create_workshop_and_see_an_attempt_after_refresh(store):
    """Create a code; an attempt saved in it shows in the table, the charts and the examples after refresh()."""
    board = Dashboard(store=store, refresh_seconds=0)
    assert "No workshop yet" in board.status.value
    board.new_code.value = "  ACME  MARCH "
    board.create.click()
    assert board.code == "ACME MARCH" and "ACME MARCH" in store.workshop_codes()
    assert "is ready" in board.created.value
    store.save(_attempt("Ana Lopez", ATTACK + " What worries you, Ana?", 0.4, workshop="ACME MARCH",
                        moves=("explore", "counter_argument")))
    board.refresh()
    assert "1 learner" in board.status.value and "1 attempt" in board.status.value
    assert 'data-exercise="accept-explore"' in board.table.value
    assert 'data-label="counter argument" data-value="1"' in board.anti_chart.value
    shown = board.examples_box.children[0].children[0].value
    assert "Learner A" in shown and "[Learner A]?" in shown and "Ana" not in shown
    assert "<script>" not in shown and "<img" not in shown and "&lt;script&gt;" in shown
    assert "<script>" not in board.table.value + board.status.value


def test_refresh_picks_up_new_learners_and_keeps_the_workshop(store):
    """A second learner and a newly typed workshop code appear; the picked workshop stays picked."""
    store.create_workshop("W")
    store.save(_attempt("Ana", "I hear you. What matters most?", 0.9))
    board = Dashboard(workshop="W", store=store, refresh_seconds=0)
    assert "1 learner" in board.status.value
    store.save(_attempt("Bob", "But it is cheap.", 0.1))
    store.save(_attempt("Cy", "x", 0.1, workshop="TYPED"))
    board._tick()
    assert board.code == "W" and "TYPED" in board.workshop.options
    assert "2 learners" in board.status.value and len(board.shown_examples) == 2
    board.workshop.value = "TYPED"
    assert "1 learner" in board.status.value and board.shown_examples[0].learner == "Learner A"


def test_show_on_screen_puts_one_answer_large(store):
    """Each example has a button; it shows that one answer large over the dashboard; Close hides it."""
    store.save(_attempt("Ana", "I hear you. What matters most?", 0.9))
    store.save(_attempt("Bob", ATTACK, 0.1))
    board = Dashboard(workshop="W", store=store, refresh_seconds=0)
    assert board.screen_box.layout.display == "none"
    assert len(board.example_buttons) == 2
    board.example_buttons[1].click()
    assert board.screen_box.layout.display == "flex" and board.main.layout.display == "none"
    assert "ck-example-large" in board.screen.value and "&lt;script&gt;" in board.screen.value
    assert "I hear you" not in board.screen.value and "<script>" not in board.screen.value
    board.close_screen.click()
    assert board.screen_box.layout.display == "none" and board.screen.value == ""
    assert board.main.layout.display == "flex"


def test_example_filter_by_exercise(store):
    store.save(_attempt("Ana", "Accept answer", 0.9))
    store.save(_attempt("Bob", "Reformulate answer", 0.9, exercise="reformulate"))
    board = Dashboard(workshop="W", store=store, refresh_seconds=0)
    board.exercise.value = "reformulate"
    assert [e.answer for e in board.shown_examples] == ["Reformulate answer"]
    assert board.shown_examples[0].learner == "Learner B"


def test_exports_are_data_links(store):
    """CSV and xAPI exports are download links holding every attempt of the workshop."""
    store.save(_attempt("Ana", ATTACK, 0.9))
    store.save(_attempt("Bob", "b", 0.1))
    board = Dashboard(workshop="W", store=store, refresh_seconds=0, xapi_base_iri="https://lrs.test/ck")
    assert "" == board.exports.value  # built only when asked for
    board.prepare_exports.click()
    assert 'download="coachkit-W-attempts.csv"' in board.exports.value
    assert _data(board.exports.value, "ck-export-csv").count("\n") == 3
    lines = _data(board.exports.value, "ck-export-xapi").splitlines()
    assert [json.loads(line)["actor"]["account"]["name"] for line in lines] == ["Ana", "Bob"]
    assert json.loads(lines[0])["object"]["id"] == "https://lrs.test/ck/exercises/accept-explore"


def test_exports_follow_the_room_only_when_asked_again(store):
    """Links prepared before a new attempt are cleared at the next refresh (stale files are never offered)."""
    store.save(_attempt("Ana", "a", 0.9))
    board = Dashboard(workshop="W", store=store, refresh_seconds=0)
    board.prepare_exports.click()
    assert _data(board.exports.value, "ck-export-csv").count("\n") == 2
    store.save(_attempt("Bob", "b", 0.9))
    board.refresh()
    assert "" == board.exports.value
    board.prepare_exports.click()
    assert _data(board.exports.value, "ck-export-csv").count("\n") == 3


def test_refresh_payload_stays_small_at_25000_attempts(store, monkeypatch):
    """What one refresh sends to the page (every widget message, measured) stays under 100 KB at 25,000 attempts."""
    import comm

    sent: list[int] = []

    class Recording(comm.DummyComm):
        def publish_msg(self, msg_type, data=None, metadata=None, buffers=None, **keys):
            sent.append(len(json.dumps(data or {}, default=str)) + sum(len(b) for b in buffers or ()))

    monkeypatch.setattr(comm, "create_comm", lambda *a, **k: Recording(*a, **k))
    exercises = ["accept-explore", "reformulate", "ask-permission", "spot-the-move", "full-sequence", "roleplay"]
    store.save_many(_attempt(f"Learner {i % 30}", f"That's a fair concern, number {i}. What would make the cost feel "
                             "justified for your team this quarter?", (i % 10) / 10, exercise=exercises[i % 6],
                             moves=("acknowledge", "explore")[: 1 + i % 2]) for i in range(25_000))
    board = Dashboard(workshop="W", store=store, refresh_seconds=0)
    store.save(_attempt("Learner 1", "one more", 0.9))
    sent.clear()
    board.refresh()
    assert sent, "the refresh sent nothing: the measure would prove nothing"
    assert sum(sent) < 100_000, f"{sum(sent)} bytes in one refresh"
    board.prepare_exports.click()  # asked for: the exports do hold the 25,001 attempts
    assert _data(board.exports.value, "ck-export-csv").count("\n") == 25_002


def test_empty_code_is_refused(store):
    board = Dashboard(store=store, refresh_seconds=0)
    board.new_code.value = "   "
    board.create.click()
    assert "Type a workshop code first" in board.created.value and store.workshop_codes() == []


def test_store_failure_is_a_message(tmp_path, monkeypatch):
    """A store that cannot be read gives a message in the status line, not a traceback; the app still opens."""
    from coachkit import store as store_module

    monkeypatch.setattr(store_module, "MIGRATE_TRIES", 1)
    (tmp_path / "not-a-db.sqlite").write_text("this is not a database " * 100)
    board = Dashboard(store=Store(f"sqlite:///{tmp_path / 'not-a-db.sqlite'}"), refresh_seconds=0)
    assert "Could not read the progress store" in board.status.value and "damaged" in board.status.value
    board.refresh_button.click()
    assert "Could not read the room" in board.status.value
    app = MyProgress(identity=Identity("Ana", "W", "link"), store=Store(f"sqlite:///{tmp_path / 'not-a-db.sqlite'}"))
    assert "Could not read your attempts" in app.status.value


def _in_a_fresh_thread(run):
    """Run ``run()`` in a thread of its own, away from any event loop of the test session (Playwright's)."""
    result: list = []
    thread = threading.Thread(target=lambda: result.append(run()))
    thread.start()
    thread.join(30)
    return result[0]


def test_refreshes_itself_on_the_running_loop(store):
    """Inside a running event loop (as in a kernel) the dashboard refreshes on its own; close() stops it."""
    store.create_workshop("W")

    async def scenario():
        board = Dashboard(workshop="W", store=store, refresh_seconds=0.05)
        assert board.ticker.running and "0 attempts" in board.status.value
        store.save(_attempt("Ana", "I hear you.", 0.9))
        await asyncio.sleep(0.3)
        seen = board.status.value
        board.close()
        assert not board.ticker.running
        return seen

    assert "1 attempt" in _in_a_fresh_thread(lambda: asyncio.run(scenario()))


def test_dashboard_rendered_by_the_learners_server_shows_nothing(store, monkeypatch):
    """In a Voilà kernel the facilitator's server did not start, the dashboard reads nothing and says where to go."""
    from coachkit.dashboard import FACILITATOR_ENV

    store.save(_attempt("Ana", "secret answer", 0.9))
    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5.13")
    monkeypatch.delenv(FACILITATOR_ENV, raising=False)
    board = Dashboard(workshop="W", store=store)
    shown = " ".join(getattr(c, "value", "") for c in board.children)
    assert "only on the facilitator&#x27;s server" in shown and "secret" not in shown and not board.ticker.running
    board.close()
    monkeypatch.setenv(FACILITATOR_ENV, "1")
    assert "1 learner" in Dashboard(workshop="W", store=store, refresh_seconds=0).status.value


def test_no_timer_without_a_running_loop(store):
    """Outside a kernel (no running event loop) nothing is scheduled: refresh() is called by hand."""
    assert not _in_a_fresh_thread(lambda: Dashboard(store=store).ticker.running)


# --------------------------------------------------------------------------- MyProgress


def test_my_progress_summary_and_downloads(store):
    """A learner sees their attempts per exercise; the report and the export hold them, escaped in the report."""
    store.save(_attempt("Ana", ATTACK, 0.4))
    store.save(_attempt("Ana", "I hear you.", 0.9))
    store.save(_attempt("Bob", "Bob's answer", 0.9))
    store.save(_attempt("Ana", "elsewhere", 0.9, workshop="OTHER"))
    app = MyProgress(identity=Identity("Ana", "W", "link"), store=store)
    assert "2 attempts on 1 exercise, 1 done" in app.summary.value
    page = _data(app.downloads.value, "ck-report-link")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>" not in page and "<img" not in page
    assert "Bob" not in page and "elsewhere" not in page
    data = json.loads(_data(app.downloads.value, "ck-export-link"))
    assert [a["answer"] for a in data["attempts"]] == [ATTACK, "I hear you."]


def test_delete_asks_first_then_deletes_only_mine(store):
    """Delete my data asks for confirmation; Cancel keeps everything; Yes deletes this learner's attempts here."""
    store.save(_attempt("Ana", "a", 0.4))
    store.save(_attempt("Ana", "b", 0.4, workshop="OTHER"))
    store.save(_attempt("Bob", "c", 0.4))
    app = MyProgress(identity=Identity("Ana", "W", "link"), store=store)
    app.confirm.click()  # not asked yet: nothing happens
    assert len(store.attempts(learner="Ana")) == 2
    app.delete.click()
    assert app.confirm_box.layout.display == "flex" and "Delete all 1 stored attempt of Ana in workshop W" in (
        app.question.value)
    app.cancel.click()
    assert app.confirm_box.layout.display == "none" and "Nothing was deleted" in app.status.value
    assert len(store.attempts(learner="Ana")) == 2
    app.delete.click()
    app.confirm.click()
    assert "Deleted 1 attempt." in app.status.value and "No attempt stored yet" in app.summary.value
    assert [r.workshop for r in store.attempts(learner="Ana")] == ["OTHER"]
    assert len(store.attempts(learner="Bob")) == 1
    assert app.delete.disabled


def test_my_progress_uses_the_current_identity(store, monkeypatch):
    """Without an identity given, the learner and workshop come from the page's address."""
    monkeypatch.setenv("QUERY_STRING", "learner=Zo%C3%A9&workshop=W")
    store.save(_attempt("Zoé", "mine", 0.9))
    app = MyProgress(store=store)
    assert app.identity == Identity("Zoé", "W", "link") and "1 attempt on 1 exercise" in app.summary.value
    assert "Zoé" in app.heading.value


def test_my_progress_hub_user_covers_every_workshop(store):
    store.save(_attempt("ana", "a", 0.4))
    store.save(_attempt("ana", "b", 0.4, workshop=""))
    app = MyProgress(identity=Identity("ana", "", "hub"), store=store)
    assert "2 attempts" in app.summary.value


def test_my_progress_starts_without_pandas(tmp_path):
    """The learners' app stays light: pandas comes in only with the facilitator's dashboard."""
    code = ("import sys\nfrom coachkit.identity import Identity\nfrom coachkit.store import Store\n"
            "from coachkit.widgets._dashboard import Dashboard, MyProgress\n"
            f"store = Store('sqlite:///{tmp_path / 'p.sqlite'}')\n"
            "MyProgress(identity=Identity('Ana', 'W', 'link'), store=store); print('pandas' in sys.modules)\n"
            "Dashboard(store=store, refresh_seconds=0); print('pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert ["False", "True"] == out


def test_roster_panel_sets_seats_and_frees_a_name(store):
    """The dashboard's roster keeps seats and expected names, lists taken names and frees one."""
    from coachkit.roster import check, claim, find_workshop

    board = Dashboard(refresh_seconds=0, store=store)
    board.new_code.value, board.new_title.value = "ROOM-1", "Room one"
    board.create.click()
    board.roster.seats.value, board.roster.expected.value = 2, "Ana Lima\nBo\n"
    board.roster.save.click()
    workshop = find_workshop(store, "room1")
    assert (2, ("Ana Lima", "Bo")) == (workshop.seats, workshop.expected)
    secret = claim(store, workshop, "ana lima").secret
    board.reload()
    assert "1</b> name taken of 2 seats: Ana Lima" in board.roster.taken.value
    board.roster.name.value = "Ana Lima"
    board.roster.free.click()
    assert "Ana Lima is free" in board.roster.status.value and "free" == check(store, workshop, "Ana Lima", [secret]).status
