"""The cost of the store's durability in a workshop: the workshop's attempts saved with ``synchronous=FULL`` (the
kit's setting, :data:`coachkit.store.SQLITE_SYNCHRONOUS`) against the same attempts saved with ``NORMAL`` in the
same run (the baseline; NORMAL may drop the last acknowledged saves on a power loss or an OS crash).

Each learner saves from a process of their own, as their kernel does, all starting at the same moment, into a fresh
SQLite file on the same disk as a real store (WAL, the kit's pragmas), in three scenarios: one learner alone (the
fsync itself), the workshop's learners pausing before each answer as in the workshop benchmark (``--think``), and the
same learners with no pause at all (every save of the room in a burst: the worst case). The settings alternate over
``rounds`` so that the machine's load falls on both alike. Used by ``bench_workshop.py`` (after its run, or alone with
``--store-only``).
"""

from __future__ import annotations

import multiprocessing
import random
import tempfile
import time
from pathlib import Path

from _common import ANSWERS, load_now, median, p95, ratio

SETTINGS = ("FULL", "NORMAL")


def _learner(url: str, synchronous: str, name: str, answers: int, think: tuple[float, float], start, results) -> None:
    """One learner's saves (in its own process): milliseconds per acknowledged save, put on ``results``."""
    import coachkit.store as store_module
    from coachkit.store import AttemptRecord, Store

    store_module.SQLITE_SYNCHRONOUS = synchronous  # this process only: the baseline's setting
    store = Store(url)
    store.attempts(learner=name)  # connected and migrated before the clock starts, as an open app is
    start.wait()  # every learner connected: all start at the same moment
    rng, took = random.Random(name), []
    for i in range(answers):
        time.sleep(rng.uniform(*think))  # the learner reads the feedback and writes the next answer
        record = AttemptRecord(name, "accept-explore", f"{ANSWERS[i % len(ANSWERS)]} ({name}, {i + 1})", 0.5, False,
                               workshop="BENCH")
        began = time.perf_counter()
        store.save(record)
        took.append((time.perf_counter() - began) * 1000)
    store.close()
    results.put(took)


def _room(folder: Path, synchronous: str, learners: int, answers: int,
          think: tuple[float, float]) -> tuple[list[float], float, int]:
    """All learners at once with one setting: save times (ms), wall time (s), attempts found afterwards."""
    from coachkit.store import Store

    url = f"sqlite:///{folder / f'{synchronous.lower()}-{time.monotonic_ns()}.sqlite'}"
    Store(url).close()  # the tables exist before the learners arrive
    ctx = multiprocessing.get_context("spawn")  # a fresh process per learner, as a kernel is
    start, queue = ctx.Barrier(learners + 1), ctx.Queue()
    procs = [ctx.Process(target=_learner, args=(url, synchronous, f"L{n}", answers, think, start, queue))
             for n in range(learners)]
    for proc in procs:
        proc.start()
    start.wait(timeout=300)
    began = time.perf_counter()
    results = [queue.get(timeout=600) for _ in procs]
    wall = time.perf_counter() - began
    for proc in procs:
        proc.join()
    store = Store(url)
    found = len(store.attempts(workshop="BENCH"))
    store.close()
    return [t for r in results for t in r], wall, found


#: (label, learners (None: the workshop's), pause before each save in seconds)
SCENARIOS = (("1 learner alone, no pause", 1, (0.0, 0.0)),
             ("the workshop's learners, pausing {think[0]:g}-{think[1]:g} s", None, None),
             ("the workshop's learners, no pause (a burst)", None, (0.0, 0.0)))


def durability_cost(learners: int, answers: int, think: tuple[float, float] = (0.5, 2.0), rounds: int = 2,
                    folder: Path | None = None) -> dict:
    """Measure both settings ``rounds`` times per scenario, alternating; print the figures and ratios, return them."""
    folder = folder or Path(tempfile.mkdtemp(prefix="coachkit-durability-", dir=Path.home()))
    print(f"\n## Store durability: synchronous=FULL (the kit) vs NORMAL (baseline), {answers} attempts per learner, "
          f"each learner its own process, all starting at once, {rounds} rounds per setting alternating (store folder "
          f"{folder}, {load_now()})")
    print(f"{'':<52}{'saves':>7}{'median ms':>11}{'p95 ms':>9}{'max ms':>9}{'wall s':>9}")
    figures = {}
    for label, who, pause in SCENARIOS:
        who, pause = who or learners, pause or think
        label = label.format(think=think) + f" ({who})"
        saves: dict[str, list[float]] = {s: [] for s in SETTINGS}
        walls: dict[str, list[float]] = {s: [] for s in SETTINGS}
        for n in range(rounds):
            for synchronous in (SETTINGS if n % 2 == 0 else SETTINGS[::-1]):
                took, wall, found = _room(folder, synchronous, who, answers, pause)
                if found != who * answers:
                    raise SystemExit(f"{synchronous}: {found} attempts stored of {who * answers}")
                saves[synchronous] += took
                walls[synchronous].append(wall)
        print(label)
        for synchronous in ("NORMAL", "FULL"):
            values = saves[synchronous]
            print(f"  {'synchronous=' + synchronous:<50}{len(values):>7}{median(values):>11.2f}{p95(values):>9.2f}"
                  f"{max(values):>9.2f}{median(walls[synchronous]):>9.2f}")
        full, normal = saves["FULL"], saves["NORMAL"]
        figures[label] = {"median": ratio(median(full), median(normal)), "p95": ratio(p95(full), p95(normal)),
                          "wall": ratio(median(walls["FULL"]), median(walls["NORMAL"]))}
        f = figures[label]
        print(f"  FULL / NORMAL: save median x{f['median']:.2f}, p95 x{f['p95']:.2f}, wall time x{f['wall']:.2f}; "
              "every attempt stored with both")
    return figures
