"""coachkit.planner_view: the timeline SVG, the gauges and the follow-up HTML, all escaped and pandas-free."""

from __future__ import annotations

import base64
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from coachkit import planner_view as view
from coachkit.content import load_followups, load_situations
from coachkit.feedback import followup_message

ATTACK = '<script>alert(1)</script><img src=x onerror=alert(2)>'
SVG = "{http://www.w3.org/2000/svg}"


def _point(index: int, day: date, colour: str, message: str = "a message", channel: str = "email") -> dict:
    return {"index": index, "date": day, "channel": channel, "value": 0.5, "colour": colour, "message": message}


def _svg(html: str) -> ET.Element:
    """The <svg> element of the timeline, parsed as XML (so the markup must be well formed)."""
    match = re.search(r"<svg.*</svg>", html, re.S)
    assert match, html[:300]
    return ET.fromstring(match.group())


def _marks(root: ET.Element) -> list[ET.Element]:
    return [c for c in root.iter(f"{SVG}circle") if "ck-tl-touch" in c.get("class", "")]


POINTS = [
    _point(0, date(2025, 3, 7), "value"),
    _point(1, date(2025, 3, 10), "pressure"),
    _point(2, date(2025, 3, 10), "weak"),
    _point(3, date(2025, 4, 2), "value"),
]


def test_one_mark_per_touch():
    """Each touch is one circle, numbered like the plan's rows; the legend's dots are not marks."""
    root = _svg(view.timeline_svg(POINTS, date(2025, 3, 4), date(2025, 5, 9)))
    marks = _marks(root)
    assert 4 == len(marks)
    assert ["0", "1", "2", "3"] == [m.get("data-index") for m in marks]


def test_mark_colour_follows_the_touch_value():
    """A touch's class and fill come from what the planner read in it: value, weak or pressure."""
    root = _svg(view.timeline_svg(POINTS, date(2025, 3, 4), date(2025, 5, 9)))
    seen = [(m.get("class").split()[-1], m.get("fill")) for m in _marks(root)]
    assert [("ck-tl-value", view.TOUCH_COLOURS["value"]), ("ck-tl-pressure", view.TOUCH_COLOURS["pressure"]),
            ("ck-tl-weak", view.TOUCH_COLOURS["weak"]), ("ck-tl-value", view.TOUCH_COLOURS["value"])] == seen
    assert len(set(view.TOUCH_COLOURS.values())) == 3


def test_unknown_colour_is_grey_and_not_injected():
    """A colour the view does not know becomes a grey "unknown" mark, whatever the string held."""
    root = _svg(view.timeline_svg([_point(0, date(2025, 3, 7), '"><script>x</script>')], date(2025, 3, 4),
                                  date(2025, 4, 4)))
    (mark,) = _marks(root)
    assert "ck-tl-unknown" in mark.get("class") and view.UNKNOWN_COLOUR == mark.get("fill")


def test_text_is_escaped():
    """A message or channel holding markup appears only as text in the tooltips, never as elements."""
    html = view.timeline_svg([_point(0, date(2025, 3, 7), "value", message=ATTACK, channel="<b>x</b>")],
                             date(2025, 3, 4), date(2025, 4, 4))
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    root = _svg(html)
    tips = [t.text or "" for t in root.iter(f"{SVG}title")]
    assert any(ATTACK in tip for tip in tips)  # shown, as text


def test_same_day_touches_stack():
    """Two touches on one day share an x position and sit one above the other."""
    marks = _marks(_svg(view.timeline_svg(POINTS, date(2025, 3, 4), date(2025, 5, 9))))
    assert marks[1].get("cx") == marks[2].get("cx") and marks[1].get("cy") != marks[2].get("cy")


def test_touches_a_day_apart_do_not_hide_each_other():
    """Marks that would overlap (a day apart) go on different rows; marks far apart share the bottom row."""
    points = [_point(0, date(2025, 3, 7), "value"), _point(1, date(2025, 3, 8), "pressure"),
              _point(2, date(2025, 4, 20), "value")]
    marks = _marks(_svg(view.timeline_svg(points, date(2025, 3, 4), date(2025, 5, 9))))
    assert marks[0].get("cy") != marks[1].get("cy") and marks[0].get("cy") == marks[2].get("cy")


def test_marks_in_date_order_left_to_right():
    """Later touches sit further right."""
    xs = [float(m.get("cx")) for m in _marks(_svg(view.timeline_svg(POINTS, date(2025, 3, 4), date(2025, 5, 9))))]
    assert xs[0] < xs[1] == xs[2] < xs[3]


def test_budget_window_and_decision_drawn():
    """The budget window is a band, the decision a dashed line; a touch after the decision stretches the axis."""
    late = [*POINTS, _point(4, date(2025, 6, 1), "weak")]
    root = _svg(view.timeline_svg(late, date(2025, 3, 4), date(2025, 5, 9), (date(2025, 4, 1), date(2025, 4, 30)),
                                  date(2025, 5, 9)))
    classes = [e.get("class", "") for e in root.iter()]
    assert "ck-tl-budget" in classes and "ck-tl-decision" in classes
    xs = [float(m.get("cx")) for m in _marks(root)]
    assert max(xs) <= float(root.get("width"))


def test_empty_plan_says_so():
    """With no touches the timeline still draws the axis and says the plan is empty."""
    html = view.timeline_svg([], date(2025, 3, 4), date(2025, 5, 9))
    root = _svg(html)
    assert [] == _marks(root) and "No touches yet" in html


def test_gauge_width_and_colour():
    """A gauge fills its share; presence is green at or above its mark, heaviness green at or below."""
    high = view.gauge("Presence", 0.8, 0.7, True, "present", "m")
    assert "width:80%" in high and view.GOOD in high and 'aria-valuenow="80"' in high
    heavy = view.gauge("Heaviness", 0.9, 0.3, False, "heavy", "m")
    assert "width:90%" in heavy and view.BAD in heavy
    assert "width:100%" in view.gauge("Presence", 7, 0.7, True, "x", "m")  # clamped


def test_download_link_round_trips():
    """The data: URL holds the content exactly, base64-encoded, with the file name to save it as."""
    content = "date,channel\r\n2025-03-07,email\r\n"
    html = view.download_link("Download CSV", "plan <1>.csv", "text/csv", content, "ck-download-csv")
    href = re.search(r'href="([^"]+)"', html).group(1)
    assert content == base64.b64decode(href.split("base64,", 1)[1]).decode("utf-8")
    assert "<1>" not in html and 'download="plan' in html


def test_import_problems_are_escaped_and_listed():
    """Each problem is one line; file names and messages are escaped."""
    html = view.import_problems(ATTACK, ["row 3, field 'date': is empty", "row 4, field 'channel': <b>"])
    assert html.count("<li>") == 2 and "<script" not in html and "row 3, field &#x27;date&#x27;" in html


def test_idea_links_match_word_forms():
    """An idea links to the customer's words it shares a meaningful word with, in any word form."""
    sources = ["Every Sunday night I rebuild next week's rota by hand.", "agency staff cost too much"]
    links = view.idea_links("A template for the rotas", sources)
    assert [(sources[0], ("rotas",))] == links
    assert [] == view.idea_links("Our new dashboard", sources)


def test_idea_item_escapes_and_names_the_link():
    """An idea is shown as text, with the customer's words it answers."""
    html = view.idea_item(ATTACK + " rota", [("the rota", ("rota",))])
    assert "<script" not in html and "&lt;script&gt;" in html and "ck-linked" in html
    assert "ck-chasing" in view.idea_item("any news?", [], chasing=("any news",))
    assert "ck-unlinked" in view.idea_item("something", [])


def test_pair_chasers_gives_each_situation_a_pressure_message():
    """Every situation gets a chasing message, all different while there are enough."""
    situations, followups = load_situations(), load_followups()
    pairs = view.pair_chasers(situations, followups)
    assert [s.id for s, _ in pairs] == [s.id for s in situations]
    assert all(c.label == "pressure" for _, c in pairs)
    assert len({c.id for _, c in pairs}) == len(pairs)
    assert [] == view.pair_chasers(situations, [f for f in followups if f.label == "new_value"])


def test_classify_feedback_names_why_and_engine():
    """The feedback says right or wrong, the coach's reason and what the engine read."""
    message = next(f for f in load_followups() if f.id == "pr-checking-in")
    result = followup_message(message.text, message.situation)
    right = view.classify_feedback(message, "pressure", result)
    assert "Right" in right and view._e(message.why) in right and "What the feedback engine read" in right
    assert "Not quite" in view.classify_feedback(message, "new_value", result)


def test_no_pandas_at_import():
    """The view is pure: importing it (and coachkit) does not import pandas or ipywidgets."""
    code = "import sys, coachkit, coachkit.planner_view; print('pandas' in sys.modules, 'ipywidgets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert ["False", "False"] == out


@pytest.mark.parametrize("year_change", [False, True])
def test_month_ticks(year_change):
    """Month ticks are labelled; across a new year, January carries the year."""
    start, end = (date(2025, 3, 4), date(2025, 5, 9)) if not year_change else (date(2025, 11, 17), date(2026, 2, 13))
    root = _svg(view.timeline_svg([], start, end))
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "ck-tl-month"]
    assert labels
    assert ("Jan 2026" in labels) == year_change
