"""After the role-play: the resistance curve to draw and the debrief a coach would give (runs of the same move,
the "that's right" moment, whether permission was earned, one suggestion for next time)."""

from __future__ import annotations

from coachkit.roleplay import BAD_MOVES, Dialogue, Turn, _signed

__all__ = ["debrief", "resistance_chart"]


def resistance_chart(dialogue: Dialogue) -> list[tuple[int, float, str]]:
    """Points to plot: (turn, resistance, event), from turn 0 (the objection, event "opening")."""
    return [(0, dialogue.series[0], "opening")] + [(t.number, t.resistance_after, t.event) for t in dialogue.turns]


def _streak_runs(turns: tuple[Turn, ...]) -> list[tuple[str, int, int]]:
    """(move, first turn, last turn) for each push-back kind repeated in consecutive turns."""
    runs = []
    for move in BAD_MOVES:
        start = None
        for t in turns + (None,):
            if t is not None and move.value in t.moves:
                start = t.number if start is None else start
                end = t.number
                continue
            if start is not None and end > start:
                runs.append((move.value, start, end))
            start = None
    return sorted(runs, key=lambda run: run[1])


def _name(move: str) -> str:
    return move.replace("_", " ")


def debrief(dialogue: Dialogue) -> list[str]:
    """The turning points of a dialogue in short lines, ending with one suggestion."""
    turns = dialogue.turns
    limit = dialogue.rules.limit
    lines = []
    if not turns:
        return [f"The customer is waiting at resistance {dialogue.resistance:.2f}.",
                "Try next: accept the objection and ask one open question about it."]
    lines.append(f"Resistance went from {dialogue.series[0]:.2f} to {dialogue.resistance:.2f} in {len(turns)} "
                 f"turn{'s' if len(turns) > 1 else ''}.")

    rise = max(turns, key=lambda t: (t.change, -t.number))
    if rise.change > 0:
        pushes = [(c, x, w) for c, x, w in rise.causes if x > 0]
        cause, _, words = max(pushes, key=lambda p: p[1])
        quoted = f"“{words}”" if words else "your reply"
        lines.append(f"Biggest rise: turn {rise.number} ({_signed(rise.change)}, {rise.resistance_before:.2f} → "
                     f"{rise.resistance_after:.2f}), after {quoted} ({_name(cause)}).")
    else:
        lines.append("Resistance never rose: nothing you said pushed back.")

    runs = _streak_runs(turns)
    for move, first, last in runs:
        steps = [next(x for c, x, _ in turns[n - 1].causes if c == move) for n in range(first, last + 1)]
        lines.append(f"More of the same: {_name(move)} in turns {first}–{last}, {last - first + 1} times in a row; "
                     "each repeat raised resistance faster (" + ", ".join(_signed(s) for s in steps) + ").")

    right = next((t for t in turns if t.event == "that's right"), None)
    if right:
        lines.append(f"Turn {right.number}: “that's right” — your reformulation carried every idea and the need "
                     "underneath.")

    refused = [t.number for t in turns if t.event == "permission refused"]
    if refused:
        lines.append("Permission refused at turn" + ("s " if len(refused) > 1 else " ")
                     + ", ".join(map(str, refused)) + ": asked before it was earned.")

    last = turns[-1]
    if dialogue.status == "success":
        lines.append(f"Turn {last.number}: permission granted at resistance {last.resistance_after:.2f} — the "
                     "customer is ready to hear your view.")
    elif dialogue.status == "disengaged":
        reason = (f"resistance reached {limit:.2f}" if last.resistance_after >= limit else
                  f"{last.number} turns without getting the floor")
        lines.append(f"Turn {last.number}: the customer left ({reason}).")

    lines.append("Try next: " + _suggestion(dialogue, runs, right is not None, bool(refused)))
    return lines


def _suggestion(dialogue: Dialogue, runs: list, thats_right: bool, refused: bool) -> str:
    if runs or any(t.event == "pushed back" for t in dialogue.turns):
        return ("when the objection comes back, stop answering it: accept it, ask what makes it the sticking "
                "point, then restate it better than they did.")
    if refused and not dialogue.heard:
        return "before asking permission, let the customer say more (an open question) and restate their view."
    if not dialogue.heard:
        return "ask one open question about their view (“What makes this the sticking point for you?”)."
    if not thats_right:
        return ("aim for “that's right”: restate every idea they expressed plus the need underneath, and check "
                "it (“Have I got that right?”).")
    if dialogue.status != "success":
        return "they feel heard: ask permission to give your view (“May I share how I see it?”)."
    return "keep the order — explore, reformulate, ask — and try a harder scenario."
