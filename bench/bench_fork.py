"""Benchmark of kernels forked from a warm template (coachkit.kernels; not a test), against stock kernels, same run.

Two ``coachkit serve`` run side by side on this machine, no preheating: ``stock`` starts every kernel as a new
Python process (``--ForkProvisioner.fork=False``: jupyter_client's LocalProvisioner) with IPython's input history on,
as ipykernel has it (``--ForkProvisioner.history=True``), and compiles each page's templates for that page, as Voilà
does (``--CoachkitVoila.compile_templates_once=False``); ``fork`` is the kit as shipped: every kernel forked from its
warm template (history off), the templates compiled once per server. Their root also holds the bare baseline
notebook (``notebooks/_bench/bare.ipynb``: one Textarea, one Button, one Label — ipywidgets only). Figures:

* **room**: N learners arriving at once as websocket clients (bench_workshop's ``WidgetClient``: the page over
  HTTP, then the widgets' state and a click over the kernel's websocket, in the page's protocol unless
  ``--ws-protocol json``), each pasting one answer as soon as its app is ready. App ready (page + widgets' state)
  p95 of the kit's free-text apps on ``fork`` against the bare page on ``stock`` (target <= 0.5x); first-answer
  click-to-feedback p95 (target <= 300 ms); every attempt stored. The bare page on ``fork`` shows the gain of the
  mechanism alone, the kit on ``stock`` today's figure;
* **one app**: time to interactive in headless Chromium (navigation start to the answer box usable), one load at
  a time on an idle server, the app on ``fork`` against the bare page on ``stock`` (target <= 1.0x); the first
  byte and the end of the HTML show the server's own share (Voilà running the notebook and rendering the page);
* **memory**: USS (memory only that process holds) and RSS of each app kernel after its answer, against a bare
  ipywidgets kernel on ``stock`` (target USS <= 0.7x), and the template's own;
* **preheating** (``--preheat``, or ``--only-preheat``): one app's time to interactive on forked kernels with
  Voilà's preheated pool as voila.json configures it (``preheat_kernel`` turned on: one kernel per notebook) against
  forked kernels without it, two servers side by side, loads interleaved.

    .venv/bin/python bench/bench_fork.py                       # room of 30, 5 loads each: about 6 minutes on 2 cores
    .venv/bin/python bench/bench_fork.py --quick               # rooms of 10, 1 load each
    .venv/bin/python bench/bench_fork.py --learners 50 --kit-stock --preheat
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import time

import psutil
from _common import (
    BARE_PATH,
    App,
    Server,
    bare_notebook,
    catalogue_apps,
    interrupt_on_sigterm,
    kernel_id,
    launch,
    load_now,
    machine,
    median,
    met,
    nav_timing,
    new_page,
    open_app,
    p95,
    ratio,
    rss_mb,
)
from bench_workshop import Phase, WidgetClient, create_workshops, run_phase
from playwright.async_api import async_playwright
from tornado.httpclient import AsyncHTTPClient

READY_RATIO_TARGET = 0.5
CLICK_P95_TARGET_MS = 300.0
TTI_RATIO_TARGET = 1.0
USS_RATIO_TARGET = 0.7
APP = "accept-explore"
#: Every learner of a room comes from this machine's one address: no cap on seats, neither per server nor per client.
ROOM_UNLIMITED = ("--RoomPolicy.max_kernels=0", "--RoomPolicy.max_kernels_per_client=0")
#: Kernels on Unix sockets instead of TCP ports (``--ipc``): no port picked by the server can be taken before the
#: kernel binds it (a clash seen in rooms of 30-50 with TCP).
IPC = ("--KernelManager.transport=ipc",)
#: The baseline: kernels as new processes, with the input history ipykernel keeps by default; each page's templates
#: compiled for that page, as Voilà does.
STOCK = ("--ForkProvisioner.fork=False", "--ForkProvisioner.history=True", "--CoachkitVoila.compile_templates_once=False")


STORED = __import__("bench_workshop").stored


class BareTolerantClient(WidgetClient):
    """bench_workshop's websocket learner, for the bare page too (it has no Next button: never needed for one answer)."""

    def find(self, cls: str) -> str | None:
        found = super().find(cls)
        return found if found is not None or cls != "ck-next" else "no-next-button"


async def room(server: Server, apps: list[App], learners: int, workshop: str, seed: int, timeout_ms: int) -> Phase:
    """``learners`` websocket learners at once, one answer each pasted as soon as the app is ready."""
    import bench_workshop

    bench_workshop.WidgetClient = BareTolerantClient  # learner_ws builds its client by this name
    # the bare page stores nothing: do not wait for its attempts
    bench_workshop.stored = STORED if apps[0].id != "bare" else (lambda *_args, **_kw: [])
    create_workshops(server, (workshop,))  # as the facilitator does before the room (unknown codes are refused)
    server.wait_quiet(timeout=60)
    print(f"  room of {learners} on {server.args[0] if server.args else ''} {apps[0].id}... ({load_now()})", flush=True)
    names = [f"{workshop}-{n}" for n in range(1, learners + 1)]
    return await run_phase(None, server, names, apps, workshop, 1, (0.0, 0.0), seed, 0.0, timeout_ms, "ws")


async def one_load(browser, server: Server, path: str) -> tuple[float, dict, tuple[float, float] | None]:
    """Open a page in Chromium on an idle server: time to interactive, navigation timing, kernel (RSS, USS)."""
    server.wait_quiet(timeout=30)
    context, page = await new_page(browser)
    try:
        tti = await open_app(page, f"{server.url}{path}")
        timing = await nav_timing(page)
        kid = await kernel_id(page)
        proc = server.kernel(kid)
        memory = None
        if proc is not None:
            with contextlib.suppress(psutil.Error):
                memory = rss_mb(proc)
    finally:
        await context.close()
    server.shutdown_kernel(kid)
    return tti, timing, memory


async def loads(browser, targets: list[tuple[str, Server, str]], rounds: int) -> dict[str, list]:
    """Each target loaded ``rounds`` times, in turn."""
    out: dict[str, list] = {label: [] for label, _, _ in targets}
    for r in range(rounds):
        for label, server, path in (targets if r % 2 == 0 else targets[::-1]):
            out[label].append(await one_load(browser, server, path))
    return out


def cpu_seconds(proc: psutil.Process | None) -> float:
    if proc is None:
        return 0.0
    with contextlib.suppress(psutil.Error):
        t = proc.cpu_times()
        return t.user + t.system
    return 0.0


def show_room(label: str, phase: Phase, base: Phase | None) -> None:
    ready = phase.tti
    first = [who.clicks[0] for who in phase.learners if who.clicks]
    errors = [who.error for who in phase.learners if who.error]
    line = (f"  {label:<34} ready median {median(ready):>6.0f} p95 {p95(ready):>6.0f} ms"
            + (f" (x bare stock: p95 {ratio(p95(ready), p95(base.tti)):.2f}, median "
               f"{ratio(median(ready), median(base.tti)):.2f})" if base else "")
            + f"; first answer p95 {p95(first):.0f} ms; kernels CPU {phase.usage['kernels_cpu_s']:.1f} s, server CPU "
              f"{phase.usage['server_cpu_s']:.1f} s; {len(phase.records)} attempts stored of {len(phase.learners)}")
    print(line + (f"; {len(errors)} failed: {errors[:2]}" if errors else ""))


def show_loads(label: str, values: list, base: list | None) -> None:
    tti = [v[0] for v in values]
    first_byte = [v[1].get("first_byte", float("nan")) for v in values]
    html = [v[1].get("html_done", float("nan")) for v in values]
    print(f"  {label:<34} TTI median {median(tti):>6.0f} ms (first byte {median(first_byte):.0f}, HTML done "
          f"{median(html):.0f})" + (f", x bare stock {ratio(median(tti), median([b[0] for b in base])):.2f}" if base else ""))


async def main_async(args) -> None:
    AsyncHTTPClient.configure(None, max_clients=500)
    apps = [a for a in catalogue_apps() if a.free_text]
    app = next(a for a in apps if a.id == APP)
    if args.only_preheat:
        print(f"machine: {machine()}")
        await preheated(args, app)
        return
    bare = App("bare", BARE_PATH, True)
    timeout_ms = int(args.timeout * 1000)
    print(f"machine: {machine()}")
    print(f"kernel transport: {'ipc' if args.ipc else 'tcp'}; learners' websocket protocol: {args.ws_protocol}")
    print(f"rooms of {args.learners} websocket learners (one answer each, at once); {args.rounds} Chromium loads per page; "
          f"free-text apps: {', '.join(a.id for a in apps)}")
    common = ["--VoilaConfiguration.preheat_kernel=False", *ROOM_UNLIMITED, *(IPC if args.ipc else ())]
    stock_args = [a for a in STOCK if not (args.stock_compiled and "compile_templates_once" in a)]
    print(f"stock server: {' '.join(stock_args)}")
    with bare_notebook(), Server(*stock_args, *common, name="stock") as stock, \
            Server("--ForkProvisioner.fork=True", *common, name="fork") as fork:
        print(f"stock {stock.url} (log {stock.log_path}); fork {fork.url} (log {fork.log_path})", flush=True)
        template = fork.template()
        fork.wait_quiet(timeout=60)
        template_cpu0 = cpu_seconds(template)
        async with async_playwright() as playwright:
            browser = await launch(playwright)
            for server, path in ((stock, bare.path), (fork, bare.path), (stock, app.path), (fork, app.path)):
                await one_load(browser, server, path)  # warm-up: first loads compile templates and fill caches
            print(f"one page at a time in Chromium ({load_now()})", flush=True)
            single = await loads(browser, [("bare page, stock kernels", stock, bare.path),
                                           (f"{app.id}, forked kernels", fork, app.path),
                                           ("bare page, forked kernels", fork, bare.path),
                                           (f"{app.id}, stock kernels", stock, app.path)], args.rounds)
            await browser.close()
        print(f"rooms ({load_now()})", flush=True)
        rooms = {"bare page, stock kernels": await room(stock, [bare], args.learners, "BARE-STOCK", args.seed, timeout_ms),
                 "kit apps, forked kernels": await room(fork, apps, args.learners, "KIT-FORK", args.seed, timeout_ms),
                 "bare page, forked kernels": await room(fork, [bare], args.learners, "BARE-FORK", args.seed, timeout_ms)}
        if args.kit_stock:
            rooms["kit apps, stock kernels"] = await room(stock, apps, args.learners, "KIT-STOCK", args.seed, timeout_ms)
        template_cpu = cpu_seconds(fork.template()) - template_cpu0
        template_rss = rss_mb(template) if template else (float("nan"), float("nan"))
        fork_log = fork.log_path.read_text(errors="replace")
    report(args, single, rooms, template_rss, template_cpu, fork_log, app)
    if args.preheat:
        await preheated(args, app)


async def preheated(args, app: App) -> None:
    """One app's TTI on forked kernels with Voilà's preheated pool (voila.json's pools, turned on) against forked
    kernels without a pool, loads interleaved on two servers running side by side."""
    loads_by: dict[str, list] = {"pool": [], "no pool": []}
    with bare_notebook(), \
            Server("--VoilaConfiguration.preheat_kernel=True", *ROOM_UNLIMITED, name="fork-pool") as pool, \
            Server("--VoilaConfiguration.preheat_kernel=False", *ROOM_UNLIMITED, name="fork-nopool") as bare:
        print(f"\npreheating: pool {pool.url} (log {pool.log_path}), no pool {bare.url} ({load_now()})", flush=True)
        try:
            pool.wait_quiet(timeout=300, cpu_below=10)
            async with async_playwright() as playwright:
                browser = await launch(playwright)
                for n in range(args.rounds + 1):  # the first round is a warm-up
                    for label, server in (("pool", pool), ("no pool", bare))[:: 1 if n % 2 else -1]:
                        server.wait_quiet(timeout=120, cpu_below=10)
                        time.sleep(args.refill if server is pool else 0)  # the pool refills (fill_delay)
                        loads_by[label].append(await one_load(browser, server, app.path))
                await browser.close()
        except Exception as exc:  # noqa: BLE001 - reported with what was measured
            print(f"preheated loads stopped: {type(exc).__name__}: {str(exc).splitlines()[0]}")
        log = pool.log_path.read_text(errors="replace")
    with_pool, without = (median([v[0] for v in loads_by[k][1:]]) for k in ("pool", "no pool"))
    html = {k: median([v[1].get("html_done", float("nan")) for v in loads_by[k][1:]]) for k in loads_by}
    print(f"## Preheating on forked kernels ({len(loads_by['pool']) - 1} loads each, interleaved): {app.id} TTI median "
          f"{with_pool:.0f} ms with the pool vs {without:.0f} ms without ({ratio(with_pool, without):.2f} x); HTML done "
          f"{html['pool']:.0f} vs {html['no pool']:.0f} ms; pre-heated kernels used: {log.count('Using pre-heated kernel')}; "
          f"'Timeout waiting for IOPub output' while the pool filled: {log.count('Timeout waiting for IOPub output')}")


def report(args, single, rooms, template_rss, template_cpu, fork_log, app) -> None:
    base_room = rooms["bare page, stock kernels"]
    kit_room = rooms["kit apps, forked kernels"]
    print(f"\n## A room of {args.learners} arriving at once (websocket learners, one answer pasted each)")
    for label, phase in rooms.items():
        show_room(label, phase, None if phase is base_room else base_room)
    r = ratio(p95(kit_room.tti), p95(base_room.tti))
    first = [who.clicks[0] for who in kit_room.learners if who.clicks]
    print(f"kit apps ready p95 {p95(kit_room.tti):.0f} ms = {r:.2f} x the bare room's {p95(base_room.tti):.0f} ms "
          f"(target <= {READY_RATIO_TARGET}: {met(r <= READY_RATIO_TARGET)}); first answer p95 {p95(first):.0f} ms "
          f"(target <= {CLICK_P95_TARGET_MS:g} ms: {met(p95(first) <= CLICK_P95_TARGET_MS)}); attempts stored "
          f"{len(kit_room.records)} of {len(kit_room.learners)}; template CPU for the forks {template_cpu:.1f} s")
    print(f"\n## One page at a time, headless Chromium, {args.rounds} loads each")
    base = single["bare page, stock kernels"]
    for label, values in single.items():
        show_loads(label, values, None if values is base else base)
    tti_ratio = ratio(median([v[0] for v in single[f"{app.id}, forked kernels"]]), median([b[0] for b in base]))
    print(f"{app.id} on forked kernels: {tti_ratio:.2f} x the bare page on stock kernels "
          f"(target <= {TTI_RATIO_TARGET}: {met(tti_ratio <= TTI_RATIO_TARGET)})")
    print("\n## Kernel memory (MB, median per kernel; USS = memory only that process holds)")
    bare_uss = median([v[2][1] for v in base if v[2]])
    for label, values in single.items():
        mem = [v[2] for v in values if v[2]]
        print(f"  {label:<34} RSS {median([m[0] for m in mem]):6.1f}  USS {median([m[1] for m in mem]):6.1f}"
              f"  (USS x bare stock {ratio(median([m[1] for m in mem]), bare_uss):.2f})")
    for label, phase in rooms.items():
        print(f"  {label + ' (room, after its answer)':<34} RSS {median(phase.kernel_rss):6.1f}  USS "
              f"{median(phase.kernel_uss):6.1f}  (USS x bare stock {ratio(median(phase.kernel_uss), bare_uss):.2f})")
    uss_ratio = ratio(median(kit_room.kernel_uss), bare_uss)
    print(f"kit app kernel USS {median(kit_room.kernel_uss):.1f} MB = {uss_ratio:.2f} x a bare ipywidgets kernel's "
          f"{bare_uss:.1f} MB (target <= {USS_RATIO_TARGET}: {met(uss_ratio <= USS_RATIO_TARGET)}); template RSS "
          f"{template_rss[0]:.0f} MB (USS {template_rss[1]:.0f} MB), once per server")
    print(f"fork server log: {fork_log.count('started as a new process')} kernel(s) fell back to a new process, "
          f"{fork_log.count('Traceback')} traceback(s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="rooms of 10, one Chromium load of each page")
    parser.add_argument("--learners", type=int, help="learners in each room (default 30, quick 10)")
    parser.add_argument("--rounds", type=int, help="Chromium loads of each page, one at a time (default 5, quick 1)")
    parser.add_argument("--kit-stock", action="store_true", help="also a room of the kit's apps on stock kernels")
    parser.add_argument("--ipc", action="store_true", help="both servers' kernels on Unix sockets (KernelManager."
                        "transport=ipc) instead of TCP ports")
    parser.add_argument("--stock-compiled", action="store_true", help="the stock server also compiles its page "
                        "templates once (the kit's server code; only the kernels differ)")
    parser.add_argument("--preheat", action="store_true", help="also one app's TTI on forked kernels with voila.json's pool")
    parser.add_argument("--only-preheat", action="store_true", help="only the preheating comparison")
    parser.add_argument("--refill", type=float, default=3.0, help="seconds left to the pool to refill between loads")
    parser.add_argument("--timeout", type=float, default=240.0, help="seconds a learner waits for the app (default 240)")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--ws-protocol", choices=("v1", "json"), default="v1",
                        help="the learners' kernel websocket protocol: v1 as the page (default) or json, the legacy one "
                             "the learners spoke until 2026-12-07 (earlier figures)")
    args = parser.parse_args()
    import bench_workshop

    bench_workshop.WS_PROTOCOL = args.ws_protocol
    args.learners = args.learners or (10 if args.quick else 30)
    args.rounds = args.rounds or (1 if args.quick else 5)
    interrupt_on_sigterm()
    started = time.monotonic()
    asyncio.run(main_async(args))
    print(f"\ntotal {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
