"""Benchmark of the move detector (not a test): median and p99 time per reply.

Prints, for 300-character and 5 KB replies, the detector's median and p99 time, and a baseline
measured in the same run on the same texts (lower-casing and splitting into words), with the
ratio. Targets: p99 <= 5 ms at 300 characters, <= 50 ms at 5 KB.

    .venv/bin/python bench/bench_moves.py
"""

from __future__ import annotations

import random
import re
import statistics
import time

from coachkit.moves import detect_moves

PIECES = [
    "That's a fair concern.", "What makes the timing hard for your team?", "I understand, but our price is lower.",
    "So if I follow you, the risk is the roll-out in your busy season. Is that right?",
    "May I share how other clinics handled it?", "It sounds like this landed at a bad moment.",
    "Just checking in, any news?", "I found a way to phase the roll-out so it fits your Q3 budget.",
    "If I were you I'd sign before prices go up.", "Our platform is the market leader.",
    "You mentioned your CFO wants figures per site; I've broken the savings down for each site.",
]


def texts(size: int, count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < size:
            parts.append(rng.choice(PIECES))
        out.append(" ".join(parts)[:size])
    return out


def timings(func, items: list[str]) -> list[float]:
    result = []
    for text in items:
        start = time.perf_counter()
        func(text)
        result.append((time.perf_counter() - start) * 1000)
    return result


def p99(values: list[float]) -> float:
    return sorted(values)[int(0.99 * (len(values) - 1))]


def baseline(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def main() -> None:
    detect_moves("warm up the caches and compile the lexicon")
    for size, count, target in ((300, 2000, 5.0), (5000, 300, 50.0)):
        items = texts(size, count, seed=size)
        ours, base = timings(detect_moves, items), timings(baseline, items)
        print(f"{size:>5} chars x {count}: detector median {statistics.median(ours):.3f} ms, p99 {p99(ours):.3f} ms "
              f"(target p99 <= {target:g} ms: {'met' if p99(ours) <= target else 'NOT met'}); "
              f"baseline median {statistics.median(base):.4f} ms, p99 {p99(base):.4f} ms; "
              f"ratio p99 {p99(ours) / p99(base):.0f}x")


if __name__ == "__main__":
    main()
