"""Benchmark of a whole feedback (not a test): the reply read sentence by sentence, then scored by its rubric.

Prints, for 300-character and 5 KB replies, the median and p99 time of the reformulation scorer (the
heaviest: detector, reading, key points by meaning, hidden need) and of the detector alone, against the
same-run baseline of ``bench_moves`` (lower-casing and splitting into words). Targets: feedback p99
<= 15 ms at 300 characters, <= 60 ms at 5 KB. The reading's caches are cleared before every reply.

    .venv/bin/python bench/bench_feedback.py
"""

from __future__ import annotations

import statistics

from bench_moves import baseline, p99, texts, timings

from coachkit.content import load_scenarios
from coachkit.feedback import reformulation
from coachkit.moves import detect_moves
from coachkit.reading import clear_caches


def main() -> None:
    scenario = next(s for s in load_scenarios() if s.id == "hc-retrain-nurses")

    def feedback(text: str) -> None:
        clear_caches()
        reformulation(text, scenario)

    feedback("warm up the caches and compile the lexicons")
    for size, count, target in ((300, 1000, 15.0), (5000, 200, 60.0)):
        items = texts(size, count, seed=size + 1)
        ours, detector, base = timings(feedback, items), timings(detect_moves, items), timings(baseline, items)
        print(f"{size:>5} chars x {count}: feedback median {statistics.median(ours):.3f} ms, p99 {p99(ours):.3f} ms "
              f"(target p99 <= {target:g} ms: {'met' if p99(ours) <= target else 'NOT met'}); detector p99 "
              f"{p99(detector):.3f} ms; baseline p99 {p99(base):.4f} ms; ratio p99 {p99(ours) / p99(base):.0f}x")


if __name__ == "__main__":
    main()
