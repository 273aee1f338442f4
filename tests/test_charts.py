"""coachkit.charts: inline SVG charts."""

from __future__ import annotations

from coachkit.charts import EVENT_COLOURS, resistance_svg


def test_one_point_per_turn():
    """Each turn is a circle coloured by its event."""
    svg = resistance_svg([(0, 0.6, "opening"), (1, 0.7, "pushed back"), (2, 0.5, "heard")])
    assert 3 == svg.count('class="ck-point"')
    assert EVENT_COLOURS["pushed back"] in svg


def test_threshold_lines():
    """The limit and the permission threshold are drawn and labelled."""
    svg = resistance_svg([(0, 0.6, "opening")], limit=1.0, permission_below=0.45)
    assert "the customer leaves" in svg and "open to your view" in svg


def test_labels_escaped():
    """Titles and events are escaped."""
    svg = resistance_svg([(0, 0.6, "<script>")], title="<b>x</b>")
    assert "<script>" not in svg and "&lt;b&gt;" in svg
