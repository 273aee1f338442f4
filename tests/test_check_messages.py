"""What one Check sends to the page: every widget message is relayed by the server, and in a room 30 learners check at
once (bench/bench_check.py, bench/RESULTS.md section 5). Typing sends nothing back; a Check sends the feedback first,
then one message per widget whose value changed (the progress panel's save status and history together); the save
comes after the feedback, and every attempt is still stored."""

from __future__ import annotations

import pytest

from coachkit.kernels.rehearse import SAMPLE_ANSWERS

#: Every app where the learner writes an answer and checks it: (name, how to build it with its progress store).
WRITTEN_APPS = {
    "accept-explore": lambda w: w.FreeTextExercise("accept_explore", exercise="accept-explore"),
    "reformulate": lambda w: w.FreeTextExercise("reformulate", exercise="reformulate"),
    "ask-permission": lambda w: w.FreeTextExercise("ask_permission", exercise="ask-permission"),
    "rewrite-counter-argument": lambda w: w.FreeTextExercise("rewrite", exercise="rewrite-counter-argument"),
    "rewrite-projection": lambda w: w.RewriteProjectionExercise(exercise="rewrite-projection"),
    "if-i-were-this-client": lambda w: w.ClientFrameExercise(exercise="if-i-were-this-client"),
    "first-hello": lambda w: w.FirstHelloExercise(exercise="first-hello"),
    "rewrite-chaser": lambda w: w.RewriteChaserExercise(exercise="rewrite-chaser"),
    "full-sequence": lambda w: w.SequenceExercise(exercise="full-sequence"),
    "roleplay": lambda w: w.RoleplayExercise(exercise="roleplay"),
}
#: The apps whose every Check is an attempt saved (the role-play saves its dialogue when the conversation ends).
CHECKED_APPS = sorted(set(WRITTEN_APPS) - {"roleplay"})


@pytest.fixture
def sent(monkeypatch):
    """Every widget message the kernel would send to the page, in order: (widget, method, state), and ``("save", …)``
    where the store saves an attempt."""
    import comm

    from coachkit import store

    events: list[tuple] = []

    class Recording(comm.DummyComm):
        def publish_msg(self, msg_type, data=None, metadata=None, buffers=None, **keys):
            if msg_type == "comm_msg":
                from ipywidgets.widgets.widget import _instances

                events.append((_instances.get(self.comm_id), data.get("method"), data.get("state", {})))

    saving = store.Store.save

    def save(self, record):
        events.append(("save", record.exercise, record.answer))
        return saving(self, record)

    monkeypatch.setattr(comm, "create_comm", lambda *a, **k: Recording(*a, **k))
    monkeypatch.setattr(store.Store, "save", save)
    return events


def _from_page(widget, data: dict) -> None:
    """A message of the page to ``widget``, as its comm delivers it."""
    widget._handle_msg({"content": {"data": data}, "buffers": []})


def _type(app, text: str) -> None:
    _from_page(app.answer, {"method": "update", "state": {"value": text}, "buffer_paths": []})


def _click(button) -> None:
    _from_page(button, {"method": "custom", "content": {"event": "click"}})


@pytest.mark.parametrize("name", sorted(WRITTEN_APPS))
def test_typing_sends_nothing_back_to_the_page(name, sent):
    """The page sends the box's whole text at each keystroke; the kernel takes it and sends none of it back
    (ipywidgets 8 echoed it: one more message per keystroke, relayed by the server to the page that typed it)."""
    import coachkit.widgets as w

    app = WRITTEN_APPS[name](w)
    sent.clear()
    for text in ("T", "Th", "That's a fair concern"):
        _type(app, text)
    assert [] == sent and "That's a fair concern" == app.answer.value


def test_what_the_kernel_puts_in_the_answer_box_still_reaches_the_page(sent):
    """A draft put back or a box emptied by the kernel is still sent: only the page's own text is not echoed."""
    import coachkit.widgets as w

    app = w.FreeTextExercise("accept_explore", exercise="accept-explore")
    _type(app, "my draft")
    _click(app.nav.next)
    assert (app.answer, "update", {"value": ""}) in sent
    sent.clear()
    _click(app.nav.previous)
    assert (app.answer, "update", {"value": "my draft"}) in sent


@pytest.mark.parametrize("name", CHECKED_APPS)
def test_a_check_shows_the_feedback_first_then_saves(name, sent):
    """The feedback is the first message of a Check and goes out before the save (an fsync, and in a room a wait for
    the store's lock); the attempt is stored all the same."""
    import coachkit.widgets as w

    app = WRITTEN_APPS[name](w)
    _type(app, SAMPLE_ANSWERS[0])
    sent.clear()
    _click(app.check)
    first_message = next(e for e in sent if e[0] != "save")
    assert (app.feedback, "update") == first_message[:2] and first_message[2]["value"]
    assert [e[0] for e in sent].index("save") > sent.index(first_message)
    assert [("save", name, SAMPLE_ANSWERS[0])] == [e for e in sent if e[0] == "save"]


@pytest.mark.parametrize("name", CHECKED_APPS)
def test_a_check_sends_one_message_per_changed_widget(name, sent):
    """No widget sends twice in a Check: the progress panel's save status and history go in one message."""
    import coachkit.widgets as w

    app = WRITTEN_APPS[name](w)
    _type(app, SAMPLE_ANSWERS[0])
    sent.clear()
    _click(app.check)
    widgets = [e[0] for e in sent if e[0] != "save"]
    assert len(widgets) == len(set(map(id, widgets))), [type(x).__name__ for x in widgets]
    (panel,) = [e[2]["value"] for e in sent if e[0] is app.progress]
    assert "Saved for" in panel and "previous attempts: 1" in panel
    assert app.progress.value == panel


def test_a_failed_save_is_told_in_the_same_message_and_the_answer_kept(sent, monkeypatch):
    """A store that cannot save: the feedback still shows first, the panel's one message says the answer was not
    saved, and the answer stays in its box."""
    import coachkit.widgets as w
    from coachkit import store

    def full(self, record):
        sent.append(("save", record.exercise, record.answer))
        raise store.StoreError(store.SAVE_FAILED.format(why="the disk is full"), "the disk is full")

    app = w.FreeTextExercise("accept_explore", exercise="accept-explore")
    monkeypatch.setattr(store.Store, "save", full)
    _type(app, SAMPLE_ANSWERS[0])
    sent.clear()
    _click(app.check)
    assert sent[0][0] is app.feedback and "score" in sent[0][2]["value"]
    (panel,) = [e[2]["value"] for e in sent if e[0] is app.progress]
    assert "not saved: the disk is full" in panel and SAMPLE_ANSWERS[0] == app.answer.value
