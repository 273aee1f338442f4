"""The follow-up module's apps driven without a browser: set .value, .click(), read what is shown."""

from __future__ import annotations

import base64
import re
import subprocess
import sys
from datetime import UTC, date, datetime

import icalendar
import pytest

from coachkit import planner
from coachkit.content import load_followups, load_situations
from coachkit.widgets._followup import (
    MAX_IMPORT_BYTES,
    HeavyOrHelpfulExercise,
    IdeaMeetingExercise,
    PlannerApp,
    RewriteChaserExercise,
)

ATTACK = "<script>alert(1)</script><img src=x onerror=alert(2)>"
GOOD_REWRITE = ("You said Sunday nights go on rebuilding the rota by hand: I've drafted a rolling four-week rota for a "
                "ward your size, so Sunday becomes a quick check.")


@pytest.fixture(scope="module")
def situations():
    return load_situations()


@pytest.fixture(scope="module")
def hospital(situations):
    return next(s for s in situations if s.id == "hospital-rostering")


def _number(html: str, name: str) -> float:
    """The value a gauge shows (0..1), read from its data-value attribute."""
    return float(re.search(rf'ck-gauge-{name}"[^>]*data-value="([0-9.]+)"', html).group(1))


def _download(html: str, cls: str) -> bytes:
    href = re.search(rf'class="ck-download {cls}" href="([^"]+)"', html).group(1)
    assert href.startswith("data:")
    return base64.b64decode(href.split("base64,", 1)[1])


def _upload(app: PlannerApp, name: str, content: bytes) -> None:
    app.upload.value = ({"name": name, "type": "text/csv", "size": len(content), "content": memoryview(content),
                         "last_modified": datetime(2025, 1, 1, tzinfo=UTC)},)


# --------------------------------------------------------------------------- heavy or helpful


def test_heavy_or_helpful_right_and_wrong():
    """Picking a label shows right or wrong, the coach's reason and what the engine read."""
    messages = load_followups()
    ex = HeavyOrHelpfulExercise(messages)
    first = messages[0]
    assert "" == ex.feedback.value
    wrong = "pressure" if first.label == "new_value" else "new_value"
    (ex.pressure if wrong == "pressure" else ex.new_value).click()
    assert "Not quite" in ex.feedback.value and "What the feedback engine read" in ex.feedback.value
    (ex.pressure if first.label == "pressure" else ex.new_value).click()
    assert "Right" in ex.feedback.value and "1 right out of 1 answered" in ex.feedback.value
    assert first.why.split()[0] in ex.feedback.value


def test_heavy_or_helpful_navigation_keeps_answers():
    """Next shows a fresh card; Previous comes back to the answered card with its feedback."""
    ex = HeavyOrHelpfulExercise(limit=3)
    assert "1 / 3" == ex.nav.position.value
    ex.pressure.click()
    ex.nav.next.click()
    assert "2 / 3" == ex.nav.position.value and "" == ex.feedback.value
    ex.nav.previous.click()
    assert "What the feedback engine read" in ex.feedback.value
    ex.nav.previous.click()
    assert "3 / 3" == ex.nav.position.value


def test_heavy_or_helpful_escapes_content():
    """A message holding markup is shown as text."""
    message = load_followups()[0].model_copy(update={"text": ATTACK, "why": ATTACK})
    ex = HeavyOrHelpfulExercise([message])
    ex.new_value.click()
    assert "<script" not in ex.prompt.value + ex.feedback.value and "&lt;script&gt;" in ex.prompt.value


# --------------------------------------------------------------------------- rewrite the chaser


def test_rewrite_rubric_before_model_after(hospital):
    """The rubric shows before any attempt; the model answer opens only after one."""
    ex = RewriteChaserExercise([hospital])
    assert "What is looked for" in ex.rubric.value and "New value" in ex.rubric.value
    assert ex.show_model.disabled and "“" in ex.prompt.value
    ex.answer.value = "Hi Maya, any news since last week?"
    ex.check.click()
    assert "No chasing" in ex.feedback.value and "Not yet" in ex.feedback.value
    assert not ex.show_model.disabled
    ex.show_model.click()
    assert "Model answer" in ex.model_text.value and "What it brings" in ex.model_text.value


def test_rewrite_good_message_passes(hospital):
    """A rewrite with new value tied to the customer's words passes every line."""
    ex = RewriteChaserExercise([hospital])
    ex.answer.value = GOOD_REWRITE
    ex.check.click()
    assert "Passed" in ex.feedback.value and "✘" not in ex.feedback.value


def test_rewrite_empty_is_not_an_attempt(hospital):
    """An empty box gets a message and does not unlock the model answer."""
    ex = RewriteChaserExercise([hospital])
    ex.check.click()
    assert "Write an answer first" in ex.feedback.value and ex.show_model.disabled


def test_rewrite_keeps_drafts_and_escapes(situations):
    """Moving on and back keeps the draft; markup in an answer is shown as text."""
    ex = RewriteChaserExercise(situations)
    ex.answer.value = "draft " + ATTACK
    ex.check.click()
    assert "<script" not in ex.feedback.value
    ex.nav.next.click()
    assert "" == ex.answer.value and ex.show_model.disabled
    ex.nav.previous.click()
    assert ex.answer.value.startswith("draft") and not ex.show_model.disabled


# --------------------------------------------------------------------------- idea meeting


def test_idea_meeting_add_check_remove(hospital):
    """Each idea gets a message: linked to the customer's words, not linked, or chasing; Remove takes it off."""
    ex = IdeaMeetingExercise([hospital])
    assert "No ideas yet" in ex.summary.value
    for idea in ("A rolling rota template so Sunday is a check", "Our new dashboard has dark mode",
                 "Call to ask if there is any news"):
        ex.idea.value = idea
        ex.add.click()
    notes = [row.children[0].value for row in ex.list.children]
    assert 3 == len(notes) and "" == ex.idea.value
    assert "ck-linked" in notes[0] and "rota" in notes[0]
    assert "ck-unlinked" in notes[1]
    assert "ck-chasing" in notes[2]
    assert "1 of 3 ideas is a reason to call" in ex.summary.value and "Nothing yet for" in ex.summary.value
    ex.list.children[1].children[1].click()  # Remove the dashboard idea
    assert 2 == len(ex.list.children) and "dark mode" not in "".join(r.children[0].value for r in ex.list.children)


def test_idea_script_is_escaped(hospital):
    """An idea holding a script is shown as text, never as markup."""
    ex = IdeaMeetingExercise([hospital])
    ex.idea.value = "rota idea " + ATTACK
    ex.add.click()
    shown = ex.list.children[0].children[0].value
    assert "<script" not in shown and "<img" not in shown and "&lt;script&gt;" in shown


def test_idea_empty_duplicate_and_huge(hospital):
    """An empty idea, a duplicate and an oversized one are refused with a message; the list stays as it was."""
    ex = IdeaMeetingExercise([hospital])
    ex.add.click()
    assert "Write an idea first" in ex.notice.value
    ex.idea.value = "A rota template"
    ex.add.click()
    ex.idea.value = "a ROTA template"
    ex.add.click()
    assert "already on the list" in ex.notice.value and 1 == len(ex.list.children)
    ex.idea.value = "rota " * 5000
    ex.add.click()
    assert "limit" in ex.notice.value and 1 == len(ex.list.children)


def test_idea_lists_are_per_customer(situations):
    """Each customer has their own list."""
    ex = IdeaMeetingExercise(situations)
    ex.idea.value = "A rota template"
    ex.add.click()
    ex.nav.next.click()
    assert 0 == len(ex.list.children)
    ex.nav.previous.click()
    assert 1 == len(ex.list.children)


# --------------------------------------------------------------------------- planner


def _add(app: PlannerApp, day: date, channel: str, message: str, new_value: str = "", answers: str = "") -> None:
    app.date.value, app.channel.value = day, channel
    app.message.value, app.new_value.value, app.answers.value = message, new_value, answers
    app.add.click()


def test_planner_starts_empty_without_model_button(hospital):
    """Learners start from an empty plan and have no "Load the model plan" button."""
    app = PlannerApp([hospital])
    assert app.load_model is None and 0 == len(app.plan)
    assert "The plan is empty" in app.table.value and "No touches yet" in app.timeline.value
    assert not any(getattr(c, "description", "") == "Load the model plan" for c in app.children)


def test_planner_add_moves_the_gauges(hospital):
    """Adding a touch that brings something new raises presence and changes the reasons and the timeline."""
    app = PlannerApp([hospital])
    before, reasons = _number(app.gauges.value, "presence"), app.reasons.value
    _add(app, date(2025, 3, 7), "email", GOOD_REWRITE, "a rolling rota", hospital.last_meeting_words[0])
    assert "Added the email" in app.notice.value
    assert _number(app.gauges.value, "presence") > before and app.reasons.value != reasons
    assert 1 == app.timeline.value.count('class="ck-tl-touch ck-tl-value"')
    assert 1 == len(app.rows.options) and "" == app.message.value


def test_planner_chasing_makes_it_heavy(hospital):
    """Three chasing touches in a week push heaviness up, and the reasons say why."""
    app = PlannerApp([hospital])
    for day in (7, 8, 10):
        _add(app, date(2025, 3, day), "phone", "Just checking in, any news on the proposal?")
    assert _number(app.gauges.value, "heaviness") > 0.5 and "heavy" in app.gauges.value
    assert "chase" in app.reasons.value and 3 == app.timeline.value.count("ck-tl-pressure")


def test_planner_update_and_remove(hospital):
    """Choosing a touch fills the form; Update changes it; Remove takes it off."""
    app = PlannerApp([hospital])
    _add(app, date(2025, 3, 7), "email", "Just checking in, any news?")
    _add(app, date(2025, 3, 20), "phone", GOOD_REWRITE, "a rolling rota", hospital.last_meeting_words[0])
    assert app.update.disabled and app.remove.disabled
    app.rows.value = 0
    assert "any news" in app.message.value and not app.update.disabled
    app.message.value = "On the agency nurses: I've worked out what a bank of your own nurses would have saved."
    app.update.click()
    assert "Updated touch 1" in app.notice.value and "agency nurses" in app.table.value
    assert "any news" not in app.table.value
    app.rows.value = 1
    app.remove.click()
    assert 1 == len(app.plan) and "Removed touch 2" in app.notice.value


def test_planner_bad_touch_names_the_field(hospital):
    """A touch without a message is refused with the field named; the plan is unchanged."""
    app = PlannerApp([hospital])
    _add(app, date(2025, 3, 7), "email", "   ")
    assert "message" in app.notice.value and "Not changed" in app.notice.value and 0 == len(app.plan)
    app.date.value = None
    app.message.value = "x"
    app.add.click()
    assert "Pick the day" in app.notice.value


def test_planner_script_in_touch_is_escaped(hospital):
    """A touch holding markup is shown as text in the table, the list and the timeline."""
    app = PlannerApp([hospital])
    _add(app, date(2025, 3, 7), "email", "rota " + ATTACK, ATTACK, ATTACK)
    shown = app.table.value + app.timeline.value + app.reasons.value
    assert "<script" not in shown and "<img" not in shown and "&lt;script&gt;" in app.table.value


def test_planner_model_plan_button(hospital):
    """The solutions' app loads the model plan, which reads present and light."""
    app = PlannerApp([hospital], model_plan_button=True)
    app.load_model.click()
    assert len(hospital.model_plan) == len(app.plan)
    assert ">present<" in app.gauges.value and ">light<" in app.gauges.value
    assert len(hospital.model_plan) == app.timeline.value.count('class="ck-tl-touch ')


def test_planner_ics_download_parses_back(hospital):
    """The .ics link holds a calendar with one event per touch, which the planner reads back."""
    app = PlannerApp([hospital], model_plan_button=True)
    app.load_model.click()
    data = _download(app.downloads.value, "ck-download-ics")
    calendar = icalendar.Calendar.from_ical(data)
    assert len(hospital.model_plan) == len(list(calendar.walk("VEVENT")))
    back = planner.from_ics(data)
    assert list(back["message"]) == list(app.plan["message"]) and list(back["date"]) == list(app.plan["date"])


def test_planner_csv_download_and_import_round_trip(situations, hospital):
    """The CSV link's content imported into another app gives the same plan."""
    app = PlannerApp([hospital], model_plan_button=True)
    app.load_model.click()
    text = _download(app.downloads.value, "ck-download-csv")
    other = PlannerApp([hospital])
    _upload(other, "plan.csv", text)
    assert "Imported 4 touches from plan.csv" in other.import_message.value
    assert planner.to_csv(other.plan) == planner.to_csv(app.plan)
    assert () == other.upload.value  # cleared, so the same file can be imported again


def test_planner_bad_csv_import_shows_row_and_field(hospital):
    """A CSV with a bad date and an unknown channel lists each problem with its row and field; nothing changes."""
    app = PlannerApp([hospital])
    _add(app, date(2025, 3, 7), "email", GOOD_REWRITE)
    bad = b"date,channel,message\r\n2025-03-07,email,fine\r\nnot-a-date,email,hello\r\n2025-03-20,pigeon,hi\r\n"
    _upload(app, "my plan.csv", bad)
    shown = app.import_message.value
    assert "could not be imported" in shown
    assert "row 3, field &#x27;date&#x27;" in shown and "row 4, field &#x27;channel&#x27;" in shown
    assert 1 == len(app.plan)


def test_planner_import_escapes_and_caps(hospital):
    """A file name or cell holding markup is escaped in the error; an oversized file is refused unread."""
    app = PlannerApp([hospital])
    _upload(app, ATTACK + ".csv", b"date,channel,message\r\n" + ATTACK.encode() + b",email,x\r\n")
    assert "<script" not in app.import_message.value and "&lt;script&gt;" in app.import_message.value
    _upload(app, "huge.csv", b"x" * (MAX_IMPORT_BYTES + 1))
    assert "at most" in app.import_message.value


def test_planner_ics_import(hospital):
    """A calendar the planner saved can be imported back."""
    app = PlannerApp([hospital])
    _upload(app, "plan.ics", planner.to_ics(planner.model_plan(hospital), hospital))
    assert f"Imported {len(hospital.model_plan)} touches" in app.import_message.value


def test_planner_plans_are_per_customer(situations):
    """Switching customer shows their own plan; switching back finds the first one as it was."""
    app = PlannerApp(situations)
    first = app.choose.value
    _add(app, app.situation.last_meeting, "email", "Just checking in")
    app.choose.value = situations[1].id
    assert 0 == len(app.plan) and situations[1].customer in app.situation_box.value
    app.choose.value = first
    assert 1 == len(app.plan)


def test_planner_callback_failure_is_a_message(hospital, monkeypatch):
    """If the planner fails, the learner sees a message, never a traceback."""
    app = PlannerApp([hospital])
    monkeypatch.setattr(app.planner, "add_touch", lambda *a, **k: 1 / 0)
    _add(app, date(2025, 3, 7), "email", "x")
    assert "could not do that" in app.notice.value and "ZeroDivisionError" in app.notice.value


def test_only_the_planner_apps_load_pandas():
    """The sorting and idea apps start without pandas; the planner brings it in when it starts."""
    code = ("import sys\nfrom coachkit.widgets._followup import HeavyOrHelpfulExercise, IdeaMeetingExercise, PlannerApp\n"
            "HeavyOrHelpfulExercise(); IdeaMeetingExercise(); print('pandas' in sys.modules)\n"
            "PlannerApp(); print('pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert ["False", "True"] == out


# --------------------------------------------------------------------------- progress: saved attempts and resume


def _broken_recorder(tmp_path, exercise: str):
    """A recorder whose store is a file of garbage bytes: every save fails."""
    from coachkit.identity import Identity
    from coachkit.progress import Recorder
    from coachkit.store import Store

    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"garbage" * 100)
    return Recorder(exercise, Identity("ann"), store=Store(f"sqlite:///{broken}"))


def _saved(exercise: str) -> list:
    from coachkit.store import open_store

    return open_store().attempts(exercise=exercise)


def test_heavy_or_helpful_saves_each_pick_and_resumes(private_store):
    """Each pick is stored under the exercise id (item, label, right or wrong); a new app lists them."""
    messages = load_followups()[:2]
    ex = HeavyOrHelpfulExercise(messages, exercise="heavy-or-helpful")
    first = messages[0]
    wrong = "pressure" if first.label == "new_value" else "new_value"
    (ex.pressure if wrong == "pressure" else ex.new_value).click()
    assert "Saved" in ex.progress.status.value
    (ex.pressure if first.label == "pressure" else ex.new_value).click()
    rows = _saved("heavy-or-helpful")
    assert [(first.id, wrong, 0.0, False), (first.id, first.label, 1.0, True)] == [
        (r.item, r.answer, r.score, r.passed) for r in rows]
    again = HeavyOrHelpfulExercise(messages, exercise="heavy-or-helpful")
    assert "previous attempts: 2" in again.progress.past.value and "best score 100%" in again.progress.past.value
    assert private_store.exists()  # the test's own store, never the user's


def test_rewrite_saves_each_check_and_resumes(hospital):
    """Each checked rewrite is stored with its rubric checks; an empty box is not; a new app lists them."""
    ex = RewriteChaserExercise([hospital], exercise="rewrite-chaser")
    ex.check.click()  # empty: refused, not an attempt
    assert [] == _saved("rewrite-chaser")
    ex.answer.value = GOOD_REWRITE
    ex.check.click()
    (row,) = _saved("rewrite-chaser")
    assert (hospital.id, GOOD_REWRITE, True) == (row.item, row.answer, row.passed)
    assert {"New value", "No chasing"} <= {c["name"] for c in row.checks}
    again = RewriteChaserExercise([hospital], exercise="rewrite-chaser")
    assert "previous attempts: 1" in again.progress.past.value and "rolling four-week rota" in again.progress.past.value


def test_idea_meeting_saves_each_idea_and_resumes(hospital):
    """Each idea added is stored with its check (linked, chasing); refused ideas are not; a new app lists them."""
    ex = IdeaMeetingExercise([hospital], exercise="idea-meeting")
    for idea in ("A rolling rota template so Sunday is a check", "Our new dashboard has dark mode",
                 "Call to ask if there is any news", "a ROLLING rota template so SUNDAY is a check", ""):
        ex.idea.value = idea
        ex.add.click()
    rows = _saved("idea-meeting")
    assert 3 == len(rows) and {hospital.id} == {r.item for r in rows}
    assert [1.0, 0.0, 0.0] == [r.score for r in rows] and [True, False, False] == [r.passed for r in rows]
    linked, _, chasing = rows
    assert {"Linked to their words": True, "No chasing": True} == {c["name"]: c["passed"] for c in linked.checks}
    assert not {c["name"]: c["passed"] for c in chasing.checks}["No chasing"]
    again = IdeaMeetingExercise([hospital], exercise="idea-meeting")
    assert "previous attempts: 3" in again.progress.past.value and "dark mode" in again.progress.past.value


def test_planner_save_my_plan_and_resume(hospital):
    """"Save my plan" stores the plan as CSV with its gauges (score, pass, a check per reason); a new app lists it."""
    app = PlannerApp([hospital], model_plan_button=True, exercise="follow-up-planner")
    app.save_plan.click()  # an empty plan is not saved
    assert "plan is empty" in app.progress.status.value and [] == _saved("follow-up-planner")
    app.load_model.click()
    app.save_plan.click()
    assert "Saved" in app.progress.status.value
    (row,) = _saved("follow-up-planner")
    score = app.score
    assert (hospital.id, planner.to_csv(app.plan)) == (row.item, row.answer)
    assert round(score.presence * (1 - score.heaviness), 3) == row.score and row.passed
    assert list(score.reasons) == [c["message"] for c in row.checks]
    assert planner.to_csv(planner.from_csv(row.answer)) == row.answer  # the stored plan imports back
    again = PlannerApp([hospital], exercise="follow-up-planner")
    assert "previous attempts: 1" in again.progress.past.value


def test_planner_without_exercise_does_not_save(hospital):
    """A planner not linked to an exercise says it cannot save; nothing is stored."""
    app = PlannerApp([hospital], model_plan_button=True)
    app.load_model.click()
    app.save_plan.click()
    assert "cannot save" in app.progress.status.value and [] == _saved("follow-up-planner")


def test_broken_store_says_not_saved_and_keeps_everything(tmp_path, hospital):
    """With a broken store each app says "not saved", still gives its feedback, and keeps the learner's work."""
    first = load_followups()[0]
    pick = HeavyOrHelpfulExercise([first], recorder=_broken_recorder(tmp_path, "heavy-or-helpful"))
    pick.pressure.click()
    assert "not saved" in pick.progress.status.value and "What the feedback engine read" in pick.feedback.value
    assert "pressure" == pick.picks[first.id]

    rewrite = RewriteChaserExercise([hospital], recorder=_broken_recorder(tmp_path, "rewrite-chaser"))
    rewrite.answer.value = GOOD_REWRITE
    rewrite.check.click()
    assert "not saved" in rewrite.progress.status.value and "Passed" in rewrite.feedback.value
    assert GOOD_REWRITE == rewrite.answer.value

    ideas = IdeaMeetingExercise([hospital], recorder=_broken_recorder(tmp_path, "idea-meeting"))
    ideas.idea.value = "A rolling rota template so Sunday is a check"
    ideas.add.click()
    assert "not saved" in ideas.progress.status.value
    assert ["A rolling rota template so Sunday is a check"] == ideas.current_ideas
    assert "Sunday is a check" in ideas.list.children[0].children[0].value

    app = PlannerApp([hospital], model_plan_button=True, recorder=_broken_recorder(tmp_path, "follow-up-planner"))
    app.load_model.click()
    table = app.table.value
    app.save_plan.click()
    assert "not saved" in app.progress.status.value and "could not do that" not in app.progress.status.value
    assert len(hospital.model_plan) == len(app.plan) and table == app.table.value
