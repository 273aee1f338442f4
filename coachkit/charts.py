"""Small charts as inline SVG: no plotting library, so an app's kernel stays light.

Pure functions returning markup; every label is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

__all__ = ["EVENT_COLOURS", "resistance_svg"]

#: Colour of a point by what happened on that turn.
EVENT_COLOURS = {
    "opening": "#57606a",
    "heard": "#1b7f3b",
    "explored": "#1b7f3b",
    "that's right": "#0b5cad",
    "permission granted": "#0b5cad",
    "pushed back": "#b3261e",
    "more of the same": "#7a0d0d",
    "permission refused": "#a15c00",
    "disengaged": "#7a0d0d",
    "neutral": "#8c959f",
}
WIDTH, HEIGHT, PAD = 560, 220, 36


def resistance_svg(points: Sequence[tuple[int, float, str]], limit: float = 1.0, permission_below: float | None = None,
                   title: str = "Customer resistance per turn") -> str:
    """A line chart of resistance (0 = open, ``limit`` = gone) per turn, points coloured by event."""
    turns = max(len(points) - 1, 1)
    span_x, span_y = WIDTH - 2 * PAD, HEIGHT - 2 * PAD

    def x(turn: int) -> float:
        return PAD + span_x * turn / max(turns, 5)

    def y(value: float) -> float:
        return PAD + span_y * (1 - max(0.0, min(value, limit)) / limit)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="ck-chart" role="img" width="{WIDTH}" height="{HEIGHT}" '
             f'viewBox="0 0 {WIDTH} {HEIGHT}" aria-label="{escape(title, quote=True)}">',
             f"<title>{escape(title)}</title>",
             f'<rect x="{PAD}" y="{PAD}" width="{span_x}" height="{span_y}" fill="#f6f8fa" stroke="#d0d7de"/>',
             f'<line x1="{PAD}" x2="{WIDTH - PAD}" y1="{y(limit):.1f}" y2="{y(limit):.1f}" stroke="#b3261e" '
             f'stroke-dasharray="4 3"/><text x="{WIDTH - PAD}" y="{y(limit) - 4:.1f}" font-size="11" text-anchor="end" '
             f'fill="#b3261e">the customer leaves</text>']
    if permission_below is not None:
        parts.append(f'<line x1="{PAD}" x2="{WIDTH - PAD}" y1="{y(permission_below):.1f}" y2="{y(permission_below):.1f}" '
                     f'stroke="#1b7f3b" stroke-dasharray="4 3"/><text x="{WIDTH - PAD}" y="{y(permission_below) + 13:.1f}" '
                     f'font-size="11" text-anchor="end" fill="#1b7f3b">open to your view below this line</text>')
    if len(points) > 1:
        path = " ".join(f"{'M' if i == 0 else 'L'}{x(t):.1f},{y(v):.1f}" for i, (t, v, _e) in enumerate(points))
        parts.append(f'<path d="{path}" fill="none" stroke="#24292f" stroke-width="2"/>')
    for turn, value, event in points:
        colour = EVENT_COLOURS.get(event, "#8c959f")
        parts.append(f'<circle class="ck-point" cx="{x(turn):.1f}" cy="{y(value):.1f}" r="5" fill="{colour}">'
                     f"<title>turn {turn}: {escape(event)} ({value:.2f})</title></circle>")
        parts.append(f'<text x="{x(turn):.1f}" y="{HEIGHT - PAD + 16}" font-size="11" text-anchor="middle">{turn}</text>')
    parts.append(f'<text x="{PAD}" y="{PAD - 10}" font-size="12" font-weight="600">{escape(title)}</text></svg>')
    return "".join(parts)
