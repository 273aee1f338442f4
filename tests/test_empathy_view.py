"""coachkit.empathy_view: the alliance chart and the empathy apps' HTML, escaped, without widgets."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from coachkit import empathy_view as view
from coachkit.content import load_refusals, load_statements
from coachkit.empathy import RULES, AllianceResult, read_frame, score_alliance, score_sort
from coachkit.schema import AllianceItem, Statement

ATTACK = "<script>alert(1)</script><img src=x onerror=alert(2)>"
SVG = "{http://www.w3.org/2000/svg}"


def _bars(svg: str) -> dict[str, ET.Element]:
    root = ET.fromstring(svg)
    return {r.get("data-dimension"): r for r in root.iter(f"{SVG}rect") if "ck-alliance-bar" in (r.get("class") or "")}


def _result(**scores: float) -> AllianceResult:
    weak = tuple(d for d, s in scores.items() if s < RULES.weak_below)
    return AllianceResult(scores=scores, weak=weak, suggestions={d: f"try something for {d}" for d in weak})


def test_alliance_svg_is_valid_and_bars_scale():
    """The chart parses as SVG; each bar's width is proportional to its score."""
    svg = view.alliance_svg(_result(authenticity=1.0, respect=0.5, empathy=0.25))
    bars = _bars(svg)
    assert ["authenticity", "respect", "empathy"] == list(bars)
    widths = {d: float(b.get("width")) for d, b in bars.items()}
    assert widths["authenticity"] == pytest.approx(2 * widths["respect"]) == pytest.approx(4 * widths["empathy"])
    assert "1.000" == bars["authenticity"].get("data-score")


def test_alliance_svg_marks_weak_points_and_the_line():
    """Weak dimensions are red with class ck-weak; the dashed line sits at RULES.weak_below."""
    svg = view.alliance_svg(_result(authenticity=0.9, respect=0.3, empathy=0.7))
    bars = _bars(svg)
    assert "ck-weak" in bars["respect"].get("class") and "ck-solid" in bars["empathy"].get("class")
    assert view.BAD == bars["respect"].get("fill") and view.GOOD == bars["authenticity"].get("fill")
    line = next(e for e in ET.fromstring(svg).iter(f"{SVG}line") if e.get("class") == "ck-weak-line")
    left, full = float(bars["authenticity"].get("x")), float(bars["authenticity"].get("width")) / 0.9
    assert float(line.get("x1")) == pytest.approx(left + full * RULES.weak_below)
    assert f"weak below {RULES.weak_below:.0%}" in svg


def test_alliance_svg_from_scored_answers():
    """A real scored self-check draws one bar per dimension, clamped to the chart."""
    items = [AllianceItem(id=f"i{n}", dimension=d, text="t", suggestion="s")
             for n, d in enumerate(["authenticity", "respect", "empathy"])]
    result = score_alliance({"i0": 5, "i1": 1, "i2": 3}, items)
    bars = _bars(view.alliance_svg(result))
    assert {"authenticity": "1.000", "respect": "0.000", "empathy": "0.500"} == {d: b.get("data-score")
                                                                                for d, b in bars.items()}


def test_alliance_svg_refused_or_empty():
    """Nothing to draw: a small chart that says so, still valid SVG."""
    for result in (AllianceResult(refused="Answer every statement first"), AllianceResult()):
        svg = view.alliance_svg(result)
        ET.fromstring(svg)
        assert "No profile yet" in svg and not _bars(svg)


def test_alliance_svg_escapes_text():
    """A title or a dimension name holding markup is text in the SVG."""
    svg = view.alliance_svg(AllianceResult(scores={ATTACK: 0.2}, weak=(ATTACK,)), title=ATTACK)
    ET.fromstring(svg)
    assert "<script" not in svg and "<img" not in svg and "&lt;script&gt;" in svg


def test_view_is_pure():
    """Importing the view and drawing a chart loads no widget or plotting library."""
    code = ("import sys; from coachkit import empathy_view as v; from coachkit.empathy import AllianceResult; "
            "v.alliance_svg(AllianceResult(scores={'respect': 0.5})); "
            "print(sorted(m for m in ('ipywidgets', 'matplotlib', 'plotly', 'pandas') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "[]" == out.strip()


def test_alliance_profile_words():
    """The profile lists each dimension with its score and one suggestion per weak point, escaped."""
    html = view.alliance_profile(AllianceResult(scores={"authenticity": 0.8, "empathy": 0.4}, weak=("empathy",),
                                                suggestions={"empathy": "Write three lines " + ATTACK}))
    assert "Authenticity" in html and "80%" in html and "40% · a weak point" in html
    assert 1 == html.count('class="ck-suggestion"') and "<script" not in html and "1 weak point" in html
    assert "No weak point" in view.alliance_profile(_result(authenticity=0.9, respect=0.9, empathy=0.9))
    assert "ck-warn" in view.alliance_profile(AllianceResult(refused="Answer every statement first."))


def test_marked_highlights_and_escapes():
    """The deciding words are highlighted wherever they occur (case, curly quotes ignored); the rest is escaped."""
    html = view.marked("If I’d known <b>, if i'd", ["I'd"])
    assert 2 == html.count('class="ck-evidence"') and "&lt;b&gt;" in html and "<b>" not in html
    assert view.marked("plain", []) == "plain"


def test_sort_feedback_verdicts():
    """Right, half right, not quite: each with the deciding words marked and the reason."""
    statements = {s.id: s for s in load_statements()}
    s = statements["proj-stretched-should"]
    right = view.sort_feedback(s, "projection", score_sort(s, "projection"), "1 right")
    half = view.sort_feedback(s, "empathy", score_sort(s, "empathy"))
    wrong = view.sort_feedback(s, "other", score_sort(s, "other"))
    assert "Right" in right and "ck-right" in right and "1 right" in right
    assert "Half right" in half and "Not quite" in wrong
    assert all('class="ck-evidence">you should</span>' in h for h in (right, half, wrong))
    assert "ck-warn" in view.sort_feedback(s, "?", score_sort(s, "maybe"))


def test_prompts_escape_content():
    """Text from content files is escaped in every prompt."""
    bad = Statement(id="x", text="If I were you " + ATTACK, label="projection", deciding_words=["If I were you"],
                    reason="r")
    refusal = load_refusals()[0].model_copy(update={"customer_words": "No " + ATTACK})
    for html in (view.statement_prompt(bad, "1 / 1"), view.projection_prompt(bad), view.refusal_prompt(refusal)):
        assert "<script" not in html and "<img" not in html
    letters = re.findall(r'ck-letter">(\w)\.', view.refusal_prompt(refusal))
    assert letters == ["A", "B", "C", "D"][:len(refusal.responses)]


def test_frame_reading_and_motive_meaning():
    """The frame reading names the label and its words; a motive's meaning is shown once picked."""
    html = view.frame_reading(read_frame("If I were you, I'd sign today."))
    assert 'data-frame="projection"' in html and "Projection" in html
    assert "no words of either frame" in view.frame_reading(read_frame(""))
    assert "losing control" in view.motive_meaning("control") and "hover" in view.motive_meaning(None)
    assert "status quo" == view.motive_label("status_quo")
