"""Evaluate the move detector on a labelled CSV: ``python -m coachkit.eval FILE.csv``.

The file has the columns ``id,context,text,moves,optional``: ``moves`` are the moves a reply
makes (``;``-separated), ``optional`` the moves that may be found or not without counting
against the detector. Prints precision, recall and F1 per move, every miss, and last
``macro-F1 x micro-F1 y``. ``--rules-only`` scores the rules without the learned backstop; ``--reading`` scores
the moves as the feedback reads them (the detector plus reflections found sentence by sentence).
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass, field
from pathlib import Path

from coachkit.moves import CONTEXTS, Move, detect_moves

__all__ = ["EvalReport", "Row", "evaluate", "main", "read_rows"]

COLUMNS = ("id", "context", "text", "moves", "optional")


@dataclass(frozen=True)
class Row:
    id: str
    context: str
    text: str
    moves: frozenset[Move]
    optional: frozenset[Move]


class EvalFileError(ValueError):
    """A labelled file that cannot be read: names the file, the row and the field."""


def _moves(value: str, where: str) -> frozenset[Move]:
    names = [v.strip() for v in (value or "").split(";") if v.strip()]
    try:
        return frozenset(Move(n) for n in names)
    except ValueError:
        bad = next(n for n in names if n not in {m.value for m in Move})
        raise EvalFileError(f"{where}: unknown move {bad!r}; known: {', '.join(m.value for m in Move)}") from None


def read_rows(path: Path) -> list[Row]:
    """The labelled rows of a CSV file; raises EvalFileError naming file, row and field."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise EvalFileError(f"{path}: header: missing column(s) {', '.join(missing)}")
        rows = []
        for number, raw in enumerate(reader, start=2):
            where = f"{path}: row {number} (id {raw.get('id')!r})"
            if raw["context"] not in CONTEXTS:
                raise EvalFileError(f"{where}: field 'context': {raw['context']!r} is not one of {', '.join(CONTEXTS)}")
            rows.append(Row(raw["id"], raw["context"], raw["text"] or "",
                            _moves(raw["moves"], f"{where}: field 'moves'"),
                            _moves(raw["optional"], f"{where}: field 'optional'")))
    return rows


@dataclass
class EvalReport:
    """Counts per move and the rows the detector got wrong."""

    tp: dict[Move, int] = field(default_factory=dict)
    fp: dict[Move, int] = field(default_factory=dict)
    fn: dict[Move, int] = field(default_factory=dict)
    misses: list[tuple[Row, frozenset[Move]]] = field(default_factory=list)

    def prf(self, move: Move) -> tuple[float, float, float]:
        tp, fp, fn = self.tp.get(move, 0), self.fp.get(move, 0), self.fn.get(move, 0)
        p = tp / (tp + fp) if tp + fp else (1.0 if not fn else 0.0)
        r = tp / (tp + fn) if tp + fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    @property
    def scored_moves(self) -> list[Move]:
        return [m for m in Move if self.tp.get(m, 0) + self.fn.get(m, 0) + self.fp.get(m, 0)]

    @property
    def macro_f1(self) -> float:
        moves = self.scored_moves
        return sum(self.prf(m)[2] for m in moves) / len(moves) if moves else 0.0

    @property
    def micro_f1(self) -> float:
        tp, fp, fn = (sum(d.values()) for d in (self.tp, self.fp, self.fn))
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def evaluate(rows: list[Row], detect=None) -> EvalReport:
    """Run the detector (or ``detect(text, context)``) on every row and count hits, false alarms and misses per move."""
    detect = detect or detect_moves
    report = EvalReport()
    for row in rows:
        found = frozenset(d.move for d in detect(row.text, row.context))
        for move in found & row.moves:
            report.tp[move] = report.tp.get(move, 0) + 1
        for move in found - row.moves - row.optional:
            report.fp[move] = report.fp.get(move, 0) + 1
        for move in row.moves - found:
            report.fn[move] = report.fn.get(move, 0) + 1
        if (row.moves - found) or (found - row.moves - row.optional):
            report.misses.append((row, found))
    return report


def format_report(report: EvalReport) -> str:
    lines = [f"{'move':<18}{'precision':>10}{'recall':>8}{'F1':>8}{'support':>9}"]
    for move in report.scored_moves:
        p, r, f = report.prf(move)
        support = report.tp.get(move, 0) + report.fn.get(move, 0)
        lines.append(f"{move.value:<18}{p:>10.3f}{r:>8.3f}{f:>8.3f}{support:>9}")
    if report.misses:
        lines.append("")
        lines.append(f"misses ({len(report.misses)}):")
    for row, found in report.misses:
        missed = ", ".join(sorted(m.value for m in row.moves - found)) or "-"
        extra = ", ".join(sorted(m.value for m in found - row.moves - row.optional)) or "-"
        lines.append(f"  {row.id}: missed {missed}; extra {extra} | {row.text}")
    lines.append(f"macro-F1 {report.macro_f1:.3f} micro-F1 {report.micro_f1:.3f}")
    return "\n".join(lines)


def _read_moves(text: str, context: str):
    """The moves as the scorers read them: the detector's, plus reflections the reading finds sentence by sentence."""
    from coachkit.moves import Detection
    from coachkit.reading import read

    reading = read(text, context)
    found = {d.move for d in reading.detections}
    extra = [Detection(m, (), s.index, "read as a reflection") for s in reading.sentences for m in s.moves - found]
    return list(reading.detections) + extra


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coachkit.eval",
                                     description="Precision, recall and F1 of the move detector on a labelled CSV.")
    parser.add_argument("file", type=Path, help="labelled replies: id,context,text,moves,optional")
    how = parser.add_mutually_exclusive_group()
    how.add_argument("--rules-only", action="store_true", help="the rules without the learned backstop")
    how.add_argument("--reading", action="store_true",
                     help="the moves as the feedback reads them (detector plus reflections found sentence by sentence)")
    args = parser.parse_args(argv)
    try:
        rows = read_rows(args.file)
    except (EvalFileError, OSError, UnicodeDecodeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.rules_only:  # the rules without the learned backstop: what the backstop adds, measured
        from coachkit.moves import _detect

        print(format_report(evaluate(rows, detect=lambda text, context: _detect(text, context, None))))
    elif args.reading:
        print(format_report(evaluate(rows, detect=_read_moves)))
    else:
        print(format_report(evaluate(rows)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
