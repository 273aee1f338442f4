"""Benchmark of a whole feedback (not a test): the reply read sentence by sentence, then scored by its rubric.

Prints, for 300-character and 5 KB replies, the median and p99 time of the reformulation scorer (the
heaviest: detector, reading, key points by meaning, hidden need) and of the detector alone, against the
same-run baseline of ``bench_moves`` (lower-casing and splitting into words). Targets: feedback p99
<= 15 ms at 300 characters, <= 60 ms at 5 KB. The process is warmed up as an app's is (``moves.warm_up``, which
also freezes the collector) before a first feedback; the reading's caches are cleared before every reply.
``bench_moves``' texts repeat a few sentences (a reply read once asks its caches about each of them
several times); the last line reads 5 KB made of the labelled replies of ``data/labelled/`` instead, each
sentence new, as a learner's long answer would be.

    .venv/bin/python bench/bench_feedback.py
"""

from __future__ import annotations

import csv
import random
import statistics
from pathlib import Path

from bench_moves import baseline, p99, texts, timings

from coachkit.content import load_scenarios
from coachkit.feedback import reformulation
from coachkit.moves import detect_moves, warm_up
from coachkit.reading import clear_caches


def real_texts(size: int, count: int, seed: int) -> list[str]:
    """Texts of ``size`` characters made of the labelled replies (data/labelled/moves_*.csv), shuffled."""
    replies: list[str] = []
    for path in sorted((Path(__file__).resolve().parent.parent / "data" / "labelled").glob("moves_*.csv")):
        with path.open(newline="", encoding="utf-8") as f:
            replies += [row["text"] for row in csv.DictReader(f)]
    rng, out = random.Random(seed), []
    for _ in range(count):
        rng.shuffle(replies)
        parts: list[str] = []
        for reply in replies:
            if sum(len(p) + 1 for p in parts) >= size:
                break
            parts.append(reply)
        out.append(" ".join(parts)[:size])
    return out


def main() -> None:
    scenario = next(s for s in load_scenarios() if s.id == "hc-retrain-nurses")

    def feedback(text: str) -> None:
        clear_caches()
        reformulation(text, scenario)

    warm_up()  # as an app does when the learner starts writing (and the kernels' template before forking)
    feedback("warm up the caches and compile the lexicons")
    for size, count, target, real in ((300, 1000, 15.0, False), (5000, 200, 60.0, False), (5000, 200, 60.0, True)):
        items = real_texts(size, count, seed=size + 1) if real else texts(size, count, seed=size + 1)
        ours, detector, base = timings(feedback, items), timings(detect_moves, items), timings(baseline, items)
        label = f"{size:>5} chars x {count}" + (" (labelled replies)" if real else "")
        print(f"{label}: feedback median {statistics.median(ours):.3f} ms, p99 {p99(ours):.3f} ms "
              f"(target p99 <= {target:g} ms: {'met' if p99(ours) <= target else 'NOT met'}); detector p99 "
              f"{p99(detector):.3f} ms; baseline p99 {p99(base):.4f} ms; ratio p99 {p99(ours) / p99(base):.0f}x")


if __name__ == "__main__":
    main()
