"""What one Check costs (not a test): the messages it sends and the CPU it takes, per free-text app, against the
bare page (one Textarea, one Button, one Label) in the same run. Issue #16's first answer in a room of 30.

One ``coachkit serve`` (kernels forked from the warm template, as shipped), websocket learners (bench_workshop's
``WidgetClient``, in the page's protocol unless ``--ws-protocol json``).

* **alone** (default): one learner at a time, each app opened on an idle server and answered twice (the first
  Check of a kernel, then a second one after Next). For the typing (the answer pasted in the box) and for the Check,
  from the message until the kernel is idle again: the messages the learner's websocket receives, by kind (every one
  is a message the kernel sent on IOPub and the server relayed); the kernel's and the server's CPU (Linux's
  per-thread schedstat, ns); the kernel's page faults (in a forked kernel, mostly pages copied at their first
  write); click-to-feedback and click-to-idle (the save and the history shown included).
* **burst** (``--burst N``): N apps opened and left idle, then the N learners paste an answer and click Check at the
  same instant: click-to-feedback p95 of the kit's free-text apps against the bare page on the same server, and
  the CPU per Check of the kernels and of the server. No page load competes: what is left is the Checks' own work.

    .venv/bin/python bench/bench_check.py               # alone, 3 kernels per app: about 2 minutes
    .venv/bin/python bench/bench_check.py --burst 30 --rounds 3
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import bench_workshop
import psutil
from _common import ANSWERS, BARE_PATH, App, Server, bare_notebook, catalogue_apps, load_now, machine, median, p95, ratio
from bench_fork import ROOM_UNLIMITED, BareTolerantClient
from bench_workshop import create_workshops
from tornado.httpclient import AsyncHTTPClient


class CountingClient(BareTolerantClient):
    """A websocket learner that also keeps every message it receives: when, its kind, its size."""

    def __init__(self, name: str):
        super().__init__(name)
        self.received: list[tuple[float, str, int, str]] = []  # (when, kind, bytes, the message it answers)
        self.idle_for: set[str] = set()  # the messages the kernel said it is idle after

    async def _read(self) -> None:
        while True:
            raw = await self.ws.read_message()
            if raw is None:
                return
            msg = self.parse(raw)
            if msg is None:
                continue
            kind = msg["header"]["msg_type"]
            if kind == "status":
                kind = f"status {msg['content']['execution_state']}"
                if msg["content"]["execution_state"] == "idle":
                    self.idle_for.add((msg.get("parent_header") or {}).get("msg_id", ""))
            elif kind == "comm_msg":
                data = msg["content"]["data"]
                kind = f"comm {data.get('method')}"
                if data.get("method") == "update_states":
                    for mid, model in data["states"].items():
                        self.states.setdefault(mid, {}).update(model["state"])
                elif data.get("method") in ("update", "echo_update"):
                    self.states.setdefault(msg["content"]["comm_id"], {}).update(data.get("state", {}))
                    kind += " " + ",".join(sorted(data.get("state", {})))
            parent = (msg.get("parent_header") or {}).get("msg_id", "")
            self.received.append((time.perf_counter(), f"{msg.get('channel')}: {kind}", len(raw), parent))
            self.changed.set()


def cpu(proc: psutil.Process | None) -> float:
    """CPU seconds of a process: its threads' time on a CPU (Linux's schedstat, ns), else psutil's clock ticks."""
    if proc is None:
        return float("nan")
    with contextlib.suppress(OSError, ValueError, IndexError):
        return sum(int(Path(f"/proc/{proc.pid}/task/{t}/schedstat").read_text().split()[0])
                   for t in os.listdir(f"/proc/{proc.pid}/task")) / 1e9
    with contextlib.suppress(psutil.Error):
        t = proc.cpu_times()
        return t.user + t.system
    return float("nan")


def minor_faults(proc: psutil.Process | None) -> float:
    """Page faults served without I/O (in a forked kernel, mostly pages copied at their first write)."""
    if proc is None:
        return float("nan")
    with contextlib.suppress(OSError, ValueError, IndexError):
        return float(Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()[7])
    return float("nan")


async def measured(client: CountingClient, kernel, server: psutil.Process, send, done, timeout: float) -> dict:
    """Run ``send()`` (returns the message id); until ``done()`` and the kernel's idle after that message: the
    messages it brought back (those whose parent it is) and what it cost."""
    mark = len(client.received)
    k0, s0, f0 = cpu(kernel), cpu(server), minor_faults(kernel)
    start = time.perf_counter()
    client.idle_for.clear()
    msg_id = send()
    await client.wait(done, timeout)
    shown = time.perf_counter()
    await client.wait(lambda: msg_id in client.idle_for, timeout)
    idle = time.perf_counter()
    await asyncio.sleep(0.3)  # anything the kernel sends after its idle status (none expected)
    got = [m for m in client.received[mark:] if m[3] == msg_id]
    return {"shown_ms": 1000 * (shown - start), "idle_ms": 1000 * (idle - start), "messages": len(got),
            "bytes": sum(m[2] for m in got), "kinds": Counter(m[1] for m in got),
            "kernel_cpu_ms": 1000 * (cpu(kernel) - k0), "server_cpu_ms": 1000 * (cpu(server) - s0),
            "faults": minor_faults(kernel) - f0}


async def answer_twice(server: Server, app: App, name: str, timeout: float) -> list[dict]:
    """Open ``app``, then twice: paste an answer (typing), Check; Next between the two."""
    server.wait_quiet(timeout=30)
    client = CountingClient(name)
    try:
        s0 = cpu(server.ps)
        await client.open(f"{server.url}{app.path}?workshop=CHECK&learner={name}", timeout)
        kernel = server.kernel(client.kernel)
        opened = {"server_cpu_ms": 1000 * (cpu(server.ps) - s0), "kernel_cpu_ms": 1000 * cpu(kernel),
                  "messages": len(client.received), "bytes": sum(m[2] for m in client.received)}
        out = []
        for i in range(2):
            if client.feedback() and client.models["ck-next"] != "no-next-button":
                client.click("ck-next")
                await client.wait(lambda: not client.feedback(), timeout)
            server.wait_quiet(timeout=30)
            before = client.feedback()
            text = f"{ANSWERS[i % len(ANSWERS)]} ({name}, {i + 1})"
            typing = await measured(client, kernel, server.ps, lambda t=text: client.type(t),
                                    lambda: True, timeout)
            check = await measured(client, kernel, server.ps, lambda: client.click("ck-check"),
                                   lambda b=before: bool(client.feedback()) and client.feedback() != b, timeout)
            out.append({"typing": typing, "check": check, "open": opened})
        return out
    finally:
        await client.close()
        if client.ws is not None:
            server.shutdown_kernel(client.kernel)


def _pair(runs: list[list[dict]], what: str, key: str, digits: int = 0) -> str:
    first, second = (median([run[i][what][key] for run in runs]) for i in (0, 1))
    return f"{first:.{digits}f}/{second:.{digits}f}"


async def alone(args, apps: list[App]) -> None:
    with bare_notebook(), Server("--VoilaConfiguration.preheat_kernel=False", *ROOM_UNLIMITED, name="check") as server:
        create_workshops(server, ("CHECK",))
        print(f"server {server.url} (log {server.log_path}); {load_now()}", flush=True)
        results: dict[str, list[list[dict]]] = {a.id: [] for a in apps}
        for r in range(args.rounds):
            for n, app in enumerate(apps if r % 2 == 0 else apps[::-1]):
                results[app.id].append(await answer_twice(server, app, f"L{r}-{n}", args.timeout))
        print(f"done ({load_now()})\n")
    print(f"## One learner alone: first / second Check of a kernel ({args.rounds} kernels per app, medians)")
    print(f"{'app':<26}{'typing msgs':>12}{'Check msgs':>12}{'KB':>10}{'feedback ms':>13}{'idle ms':>10}"
          f"{'kernel CPU ms':>15}{'server CPU ms':>15}{'faults':>10}")
    for app_id, runs in results.items():
        print(f"{app_id:<26}{_pair(runs, 'typing', 'messages'):>12}{_pair(runs, 'check', 'messages'):>12}"
              f"{_pair([[{'check': {'kb': x['check']['bytes'] / 1024}} for x in run] for run in runs], 'check', 'kb', 1):>10}"
              f"{_pair(runs, 'check', 'shown_ms'):>13}{_pair(runs, 'check', 'idle_ms'):>10}"
              f"{_pair(runs, 'check', 'kernel_cpu_ms', 1):>15}{_pair(runs, 'check', 'server_cpu_ms', 1):>15}"
              f"{_pair(runs, 'check', 'faults'):>10}")
    print("\nopening the app (page and widgets' state), medians: server CPU, the kernel's CPU since it started, the "
          "messages the websocket received, KB")
    for app_id, runs in results.items():
        got = {k: median([run[0]["open"][k] for run in runs]) for k in ("server_cpu_ms", "kernel_cpu_ms", "messages",
                                                                          "bytes")}
        print(f"  {app_id:<26} server {got['server_cpu_ms']:6.1f} ms, kernel {got['kernel_cpu_ms']:6.1f} ms, "
              f"{got['messages']:.0f} messages, {got['bytes'] / 1024:.1f} KB")
    base = results["bare"]
    print("\nfirst Check (typing included) x the bare page's, medians:")
    for app_id, runs in results.items():
        if app_id == "bare":
            continue

        def both(runs, key):
            return median([run[0]["typing"][key] + run[0]["check"][key] for run in runs])

        print(f"  {app_id:<26} messages {both(runs, 'messages'):.0f} vs {both(base, 'messages'):.0f}; kernel CPU "
              f"{both(runs, 'kernel_cpu_ms'):.1f} vs {both(base, 'kernel_cpu_ms'):.1f} ms "
              f"({ratio(both(runs, 'kernel_cpu_ms'), both(base, 'kernel_cpu_ms')):.1f} x); server CPU "
              f"{both(runs, 'server_cpu_ms'):.1f} vs {both(base, 'server_cpu_ms'):.1f} ms "
              f"({ratio(both(runs, 'server_cpu_ms'), both(base, 'server_cpu_ms')):.1f} x)")
    print("\nmessages of one first Check, by kind (the first kernel of each app):")
    for app_id, runs in results.items():
        for what in ("typing", "check"):
            kinds = runs[0][0][what]["kinds"]
            print(f"  {app_id} {what}: " + "; ".join(f"{k} x{v}" for k, v in sorted(kinds.items())))


async def burst(server: Server, apps: list[App], learners: int, workshop: str, timeout: float,
                spy: str = "") -> dict[str, list[float]]:
    """``learners`` apps opened and idle, then every learner pastes an answer and clicks Check at the same instant:
    click-to-feedback of each (ms), CPU of the kernels and of the server over the burst. ``spy``: a py-spy profile
    of the server during the burst (raw folded stacks, ``{spy}-server.txt``)."""
    clients = [CountingClient(f"{workshop}-{i}") for i in range(learners)]
    await asyncio.gather(*(c.open(f"{server.url}{apps[i % len(apps)].path}?workshop={workshop}&learner={c.name}",
                                  timeout) for i, c in enumerate(clients)))
    server.wait_quiet(timeout=60)
    profiler = None
    if spy:
        profiler = subprocess.Popen([str(Path(sys.executable).with_name("py-spy")), "record", "-r", "500", "-d", "3",
                                     "-f", "raw", "-o", f"{spy}-server.txt", "-p", str(server.ps.pid), "--nonblocking"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        await asyncio.sleep(1.0)
    kernels = server.kernels()
    k0, s0, f0 = sum(cpu(k) for k in kernels), cpu(server.ps), sum(minor_faults(k) for k in kernels)
    feedback: list[float] = []

    async def check(c: CountingClient, i: int) -> None:
        c.type(f"{ANSWERS[i % len(ANSWERS)]} ({c.name})")
        start = time.perf_counter()
        c.click("ck-check")
        await c.wait(lambda: bool(c.feedback()), timeout)
        feedback.append(1000 * (time.perf_counter() - start))

    await asyncio.gather(*(check(c, i) for i, c in enumerate(clients)))
    await asyncio.sleep(1.0)  # the saves and the histories shown after the feedback
    used = {"kernels_cpu_ms": 1000 * (sum(cpu(k) for k in kernels) - k0), "server_cpu_ms": 1000 * (cpu(server.ps) - s0),
            "faults": sum(minor_faults(k) for k in kernels) - f0}
    if profiler is not None:
        profiler.wait(30)
    for c in clients:
        await c.close()
        server.shutdown_kernel(c.kernel)
    return {"feedback": feedback, **{k: [v / learners] for k, v in used.items()}}


async def bursts(args, apps: list[App]) -> None:
    with bare_notebook(), Server("--VoilaConfiguration.preheat_kernel=False", *ROOM_UNLIMITED, name="burst") as server:
        print(f"server {server.url} (log {server.log_path}); {load_now()}", flush=True)
        out: dict[str, list[dict]] = {"bare page": [], "kit apps": []}
        for r in range(args.rounds):
            for label in (("bare page", "kit apps") if r % 2 == 0 else ("kit apps", "bare page")):
                code = f"BURST{r}{label[0].upper()}"
                create_workshops(server, (code,))
                spy = f"{args.spy}-{r}-{label.replace(' ', '-')}" if args.spy else ""
                got = await burst(server, apps[:1] if label == "bare page" else apps[1:], args.burst, code,
                                  args.timeout, spy)
                out[label].append(got)
                print(f"  {label}, round {r + 1}: click-to-feedback p95 {p95(got['feedback']):.0f} ms, median "
                      f"{median(got['feedback']):.0f}; per Check: kernels CPU {got['kernels_cpu_ms'][0]:.1f} ms, server "
                      f"CPU {got['server_cpu_ms'][0]:.1f} ms, kernel page faults {got['faults'][0]:.0f} ({load_now()})",
                      flush=True)
    print(f"\n## {args.burst} first Checks at the same instant ({args.rounds} rounds; latencies pooled, CPU medians)")
    base = [x for got in out["bare page"] for x in got["feedback"]]
    for label, runs in out.items():
        pooled = [x for got in runs for x in got["feedback"]]
        cpu_k, cpu_s = (median([got[k][0] for got in runs]) for k in ("kernels_cpu_ms", "server_cpu_ms"))
        print(f"  {label:<10} click-to-feedback median {median(pooled):.0f} p95 {p95(pooled):.0f} ms (x bare: "
              f"{ratio(p95(pooled), p95(base)):.2f}); per Check: kernels {cpu_k:.1f} ms, server {cpu_s:.1f} ms CPU, "
              f"{median([got['faults'][0] for got in runs]):.0f} page faults")


async def main_async(args) -> None:
    AsyncHTTPClient.configure(None, max_clients=500)
    bench_workshop.WS_PROTOCOL = args.ws_protocol
    apps = [App("bare", BARE_PATH, True)] + [a for a in catalogue_apps() if a.free_text]
    print(f"machine: {machine()}; learners' websocket protocol: {args.ws_protocol}")
    await (bursts(args, apps) if args.burst else alone(args, apps))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rounds", type=int, default=3, help="alone: kernels per app; --burst: bursts of each")
    parser.add_argument("--burst", type=int, default=0, metavar="N",
                        help="N apps open and idle, then N first Checks at the same instant (kit apps vs bare page)")
    parser.add_argument("--spy", default="", metavar="PREFIX",
                        help="with --burst: a py-spy profile of the server during each burst, in PREFIX-*-server.txt")
    parser.add_argument("--ws-protocol", choices=("v1", "json"), default="v1",
                        help="the learners' kernel websocket protocol: v1 as the page (default), or json (legacy)")
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    started = time.monotonic()
    asyncio.run(main_async(args))
    print(f"\ntotal {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
