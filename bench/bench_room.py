"""Benchmark of a room that holds (not a test): 30 learners each opening and leaving 7 apps in 10 minutes.

One ``coachkit serve`` with ``voila.json`` as shipped (preheated kernels, ``RoomPolicy``: cap 60, 8 per client, 120 s
graces). Each learner is a websocket client from its own address (127.0.1.<n>) (bench_workshop.WidgetClient: the page
over HTTP, then the real widgets over the kernel's websocket). Its 7 visits are spread evenly over the timeline, each
starting at a random moment of its slot: open a free-text app, pause, answer once, leave. Two visits in three leave
the way a browser does on navigation or tab close (Voilà's unload beacon, ``POST /voila/api/shutdown/<id>`` with the
``_xsrf`` pair), the third just drops its websocket (a tab killed, a laptop closed): only the grace frees that kernel.

Figures: pages refused ("room is full" 503, "too many apps" 429) — the target is none; the seats held over time (the
server's kernels less the preheated ones), sampled every second, against the same-run baseline of the same visits if
no left page freed its kernel (main before #15: every beacon refused with 403, kernels kept until the 20-minute
cull); the kernels the beacon and the grace freed (server log).

``--minutes`` shortens the timeline (the same 7 visits per learner, closer together: a harder room, since the grace
stays 120 s); ``--learners`` / ``--apps`` change the room.

    .venv/bin/python bench/bench_room.py                 # 30 learners x 7 apps in 10 minutes
    .venv/bin/python bench/bench_room.py --minutes 5     # the same visits in 5 minutes
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import time
import urllib.parse
from dataclasses import dataclass, field

from _common import Server, catalogue_apps, interrupt_on_sigterm, load_now, machine
from bench_workshop import ANSWERS, WidgetClient, create_workshops
from tornado.httpclient import AsyncHTTPClient, HTTPClientError

WORKSHOP = "ROOM"
#: Minutes after which the idle culler of voila.json ends a kernel nobody freed (the baseline's only way out).
CULL_MINUTES = 20
DEFAULT_CAP = 60


@dataclass
class Visit:
    learner: str
    app: str
    beacon: bool
    opened: float | None = None
    left: float | None = None
    refused: int = 0
    error: str = ""


@dataclass
class Room:
    visits: list[Visit] = field(default_factory=list)
    seats: list[tuple[float, int]] = field(default_factory=list)


async def beacon(server: Server, kernel: str) -> None:
    """What the page sends on unload: the shutdown POST with the _xsrf cookie and form field."""
    token = "bench" + kernel.replace("-", "")[:16]
    await AsyncHTTPClient().fetch(f"{server.url}voila/api/shutdown/{kernel}", method="POST",
                                  body=urllib.parse.urlencode({"_xsrf": token}), raise_error=False,
                                  headers={"Cookie": f"_xsrf={token}", "Content-Type": "application/x-www-form-urlencoded"})


async def visit(server: Server, v: Visit, app_path: str, start_at: float, think: float, t0: float,
                jar: dict[str, str]) -> None:
    await asyncio.sleep(max(0.0, start_at - (time.monotonic() - t0)))
    client = WidgetClient(v.learner, source=f"127.0.1.{int(v.learner[1:])}", jar=jar)  # each learner its own computer
    try:
        await client.open(f"{server.url}{app_path}?workshop={WORKSHOP}&learner={v.learner}", 300)
        v.opened = time.monotonic() - t0
        await asyncio.sleep(think)
        await client.answer(f"{ANSWERS[len(v.learner) % len(ANSWERS)]} ({v.learner})", 120)
        if v.beacon:
            await beacon(server, client.kernel)
    except HTTPClientError as exc:
        v.refused = exc.code
    except Exception as exc:  # noqa: BLE001 - reported per visit
        v.error = f"{type(exc).__name__}: {str(exc)[:120]}"
    finally:
        await client.close()
        v.left = time.monotonic() - t0


async def learner(server: Server, name: str, apps, rng: random.Random, slot: float, visits: int, t0: float,
                  room: Room) -> None:
    jar: dict[str, str] = {}  # one browser per learner: its cookies go from one app to the next
    for k in range(visits):
        app = apps[rng.randrange(len(apps))]
        v = Visit(name, app.id, beacon=(k % 3 != 2))
        room.visits.append(v)
        start = k * slot + rng.uniform(0, slot * 0.3)
        await visit(server, v, app.path, start, rng.uniform(0.3, 0.6) * slot, t0, jar)


async def sample(server: Server, room: Room, t0: float, stop: asyncio.Event) -> None:
    while not stop.is_set():
        log = server.log_path.read_text(errors="replace")
        pooled = len(set(re.findall(r"Kernel pool of (\S+) is filled", log)))  # one preheated kernel per app
        room.seats.append((time.monotonic() - t0, max(0, len(server.kernels()) - pooled)))
        await asyncio.sleep(1)


def baseline_peak(room: Room) -> int:
    """Kernels held at the worst moment if no left page freed its kernel (each kept CULL_MINUTES after its visit)."""
    events = []
    for v in room.visits:
        if v.opened is not None:
            events += [(v.opened, 1), ((v.left or v.opened) + CULL_MINUTES * 60, -1)]
    held = peak = 0
    for _, d in sorted(events):
        held += d
        peak = max(peak, held)
    return peak


async def main_async(args) -> None:
    AsyncHTTPClient.configure(None, max_clients=500)
    apps = [a for a in catalogue_apps() if a.free_text]
    minutes = args.minutes
    print(f"machine: {machine()}")
    print(f"{args.learners} learners x {args.apps} apps in {minutes:g} minutes (10 in the workshop: "
          f"{'the same' if minutes == 10 else f'{10 / minutes:.2g}x denser'}), websocket clients, voila.json as shipped "
          f"(cap {DEFAULT_CAP}); free-text apps: {', '.join(a.id for a in apps)}")
    with Server(name="room") as server:
        print(f"server {server.url}, log {server.log_path}", flush=True)
        create_workshops(server, (WORKSHOP,))  # as the facilitator does before the room (unknown codes are refused)
        server.wait_quiet(timeout=300)
        print(f"start ({load_now()})", flush=True)
        room, t0, stop = Room(), time.monotonic(), asyncio.Event()
        sampler = asyncio.create_task(sample(server, room, t0, stop))
        rng = random.Random(args.seed)
        slot = minutes * 60 / args.apps
        await asyncio.gather(*(learner(server, f"R{n}", apps, random.Random(rng.random()), slot, args.apps, t0, room)
                               for n in range(1, args.learners + 1)))
        elapsed = time.monotonic() - t0
        await asyncio.sleep(args.tail)  # the grace runs out for the last dropped sockets
        stop.set()
        await sampler
        log = server.log_path.read_text(errors="replace")
        print(f"done in {elapsed:.0f} s ({load_now()})", flush=True)
    opened = [v for v in room.visits if v.opened is not None]
    refused = [v for v in room.visits if v.refused]
    errors = [v for v in room.visits if v.error]
    peak = max((n for _, n in room.seats), default=0)
    base = baseline_peak(room)
    freed_grace = log.count("no page connected to it")
    shutdowns = log.count("Kernel shutdown:")
    print("\n| figure | this run | baseline: nothing freed (same visits) | ratio |\n|---|---|---|---|")
    print(f"| visits opened / planned | {len(opened)} / {len(room.visits)} | | |")
    print(f"| pages refused: room full (503) / too many apps (429) | {sum(v.refused == 503 for v in refused)} / "
          f"{sum(v.refused == 429 for v in refused)} | | |")
    print(f"| other failures (refused otherwise, errors) | {sum(v.refused not in (503, 429) for v in refused)}, "
          f"{len(errors)} | | |")
    print(f"| seats held at peak (kernels less pooled, 1 s samples) | {peak} | {base} | {peak / base if base else 0:.2f} |")
    print(f"| seats held at the end (+{args.tail:g} s) | {room.seats[-1][1] if room.seats else 0} | "
          f"{len(opened)} | |")
    print(f"| kernels freed by the grace (dropped sockets) | {freed_grace} | 0 | |")
    print(f"| kernel shutdowns in the log (beacon + grace) | {shutdowns} | | |")
    forbidden = len(re.findall(r"(?m)(?:^|\s)403\s", log))
    print(f"| 403 in the log | {forbidden} | | |")
    print(f"\nroom is full: {'never' if not any(v.refused == 503 for v in refused) else 'SEEN'} at the default cap "
          f"({DEFAULT_CAP}); baseline peak {'over' if base > DEFAULT_CAP else 'under'} the cap")
    for v in errors[:5]:
        print(f"  failure: {v.learner} {v.app}: {v.error}")
    print(json.dumps({"seats": room.seats[:: max(1, len(room.seats) // 60)]}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--apps", type=int, default=7, help="apps each learner opens and leaves (default 7)")
    parser.add_argument("--minutes", type=float, default=10.0, help="timeline of the visits (default 10)")
    parser.add_argument("--tail", type=float, default=150.0, help="seconds watched after the last visit (default 150)")
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    interrupt_on_sigterm()
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
