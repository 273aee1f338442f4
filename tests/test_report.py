"""coachkit.report: a learner's own report (escaped, self-contained) and their data export."""

from __future__ import annotations

import base64
import json
import re
from datetime import UTC, datetime, timedelta

from coachkit import report
from coachkit.store import AttemptRecord

ATTACK = "<script>alert(1)</script><img src=x onerror=alert(2)>"
T0 = datetime(2025, 3, 4, 9, 0, tzinfo=UTC)


def _records(learner="Ana"):
    check = {"name": "Open question", "passed": False, "credit": 0.5, "weight": 1.0,
             "message": f"Half: {ATTACK} is not a question"}
    return [
        AttemptRecord(learner=learner, exercise="accept-explore", answer=ATTACK + " What worries you?", score=0.4,
                      passed=False, workshop="W", item=f"item {ATTACK}", moves=("explore",), checks=(check,),
                      created=T0, id=1),
        AttemptRecord(learner=learner, exercise="accept-explore", answer="I hear you. What matters most to you?",
                      score=0.9, passed=True, workshop="W", moves=("acknowledge", "explore"),
                      checks=({"name": "Acknowledge", "passed": True, "credit": 1.0, "weight": 1.0, "message": "ok"},),
                      created=T0 + timedelta(minutes=2), id=2),
        AttemptRecord(learner=learner, exercise=f"custom-{ATTACK}", answer="x", score=0.1, passed=False, workshop="W",
                      created=T0 + timedelta(minutes=3), id=3),
    ]


def test_report_escapes_learner_text():
    """Answers, items, check messages and exercise names holding markup are escaped; the learner's name too."""
    page = report.learner_report_html(_records("Ana <b>"), "Ana <b>")
    assert "<script>" not in page and "<img" not in page and "<b>Ana" not in page
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 3
    assert "Ana &lt;b&gt;" in page


def test_report_is_self_contained():
    """No external resource: no http(s) URL in any src or href, no script, no link to a stylesheet; CSS inline."""
    page = report.learner_report_html(_records(), "Ana")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.IGNORECASE)
    assert "<script" not in page.lower() and "<link" not in page.lower() and "@import" not in page
    assert "<style>" in page and "Content-Security-Policy" in page and "default-src 'none'" in page


def test_report_lists_attempts_and_feedback():
    """A summary line per exercise (title from the catalogue) and, per attempt, the score and every check."""
    page = report.learner_report_html(_records(), "Ana", workshop="W")
    titles = report.exercise_titles()
    assert titles["accept-explore"] in page and "workshop W" in page
    assert "Open question</b> (0.5/1)" in page and "Acknowledge</b> (1/1)" in page
    assert "Not yet: score 40%" in page and "Passed: score 90%" in page
    assert "3 attempts" in page


def test_report_shows_only_that_learner():
    """Another learner's attempts never reach a report."""
    other = AttemptRecord(learner="Bob", exercise="reformulate", answer="Bob's secret", score=1, passed=True)
    page = report.learner_report_html([*_records(), other], "Ana")
    assert "Bob's secret" not in page and "Bob&#x27;s secret" not in page


def test_report_without_attempts():
    assert "No attempt stored yet" in report.learner_report_html([], "Ana")


def test_summary_in_catalogue_order_and_status():
    """One line per exercise: attempts, best score, done when any attempt passed."""
    lines = report.exercise_summary(_records())
    assert [s.exercise for s in lines] == ["accept-explore", f"custom-{ATTACK}"]
    assert (lines[0].attempts, lines[0].best, lines[0].status) == (2, 0.9, "done")
    assert lines[1].status == "tried"


def test_export_json_holds_every_field():
    """The export holds every attempt with all its stored fields, and parses back."""
    data = json.loads(report.learner_export_json(_records(), "Ana"))
    assert data["learner"] == "Ana" and len(data["attempts"]) == 3
    first = data["attempts"][0]
    assert first["answer"] == ATTACK + " What worries you?" and first["checks"][0]["name"] == "Open question"
    assert set(first) >= {"learner", "workshop", "exercise", "item", "answer", "moves", "checks", "score", "passed",
                          "created", "id"}


def test_download_link_is_a_data_url_with_the_text():
    """A download link carries the file in a base64 data: URL; its label and file name are escaped."""
    link = report.download_link(ATTACK, "text/html", 'a"b.html', "<i>Get</i>")
    assert "<i>" not in link and 'download="a&quot;b.html"' in link
    href = re.search(r'href="data:text/html;charset=utf-8;base64,([^"]+)"', link).group(1)
    assert base64.b64decode(href).decode("utf-8") == ATTACK
