"""Benchmark of a workshop (not a test): 30 learners at once, each opening a free-text app and answering 10 times.

One ``coachkit serve`` with its own store. Each learner is a page of headless Chromium in a browser context of its
own, opening ``<app>?workshop=BENCH&learner=L<n>`` (apps spread over the free-text apps of the catalogue), then, 10
times: a short pause (``--think``, seconds), Next when the feedback of the last answer shows, a new answer, Check.
All learners start at the same moment.

Figures, with the same figures for one learner alone measured first in the same run as the baseline:

* time to interactive (navigation start to the answer box usable, taken in the page): median, p95, max;
* click-to-feedback (click on Check to the feedback text appearing, taken in the page): median, p95, max.
  Target under load: p95 <= 300 ms;
* CPU (% of one core) and RSS of the server process and of its kernels (psutil, sampled every 0.5 s), and of the
  browser, which shares the machine here but runs on each learner's own computer in a real workshop;
* that every attempt is in the store: ``Store(f"sqlite:///{path}").attempts(workshop="BENCH")``.

``--client ws`` replaces the browser pages by websocket clients that drive the same widgets the way the page's
widget manager does (the widget control comm for the state, then typing and clicks as comm messages): the server
and its kernels do exactly the same work, without 30 Chromium pages competing for the server's cores. Its "app
ready" time is the server's part of time to interactive (page and widget state, not the browser drawing them), and
its click-to-feedback is the kernel round trip (the page adds its drawing, a few ms). They speak the page's kernel
websocket protocol (jupyter_server's binary ``v1``: the server relays the kernel's frames as they are);
``--ws-protocol json`` gives the legacy JSON one they spoke until 2026-12-07 (the server parses and writes every
message again: more of its CPU per message).

By default every learner's kernel is started on demand (``--VoilaConfiguration.preheat_kernel=False``), as for the
baseline; ``--preheat`` keeps the preheating of ``voila.json`` instead (one preheated kernel per notebook).

    .venv/bin/python bench/bench_workshop.py            # 30 learners x 10 answers, about 5 minutes on 2 cores
    .venv/bin/python bench/bench_workshop.py --quick    # 10 learners x 3 answers
    .venv/bin/python bench/bench_workshop.py --client ws    # the same load without browsers on this machine
    .venv/bin/python bench/bench_workshop.py --store-only   # only the cost of the store's durability (below)

After the run (or alone with ``--store-only``): the cost of the store's ``synchronous=FULL`` — the same number of
learners and attempts saved at once from a process each, with FULL and with NORMAL as the same-run baseline
(``_durability.py``).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import re
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

import psutil
from _common import (
    ANSWERS,
    APP_TIMEOUT_MS,
    App,
    Sampler,
    Server,
    catalogue_apps,
    clear_feedback,
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
    timed_check,
)
from _durability import durability_cost
from jupyter_server.services.kernels.connection.base import deserialize_msg_from_ws_v1, serialize_msg_to_ws_v1
from playwright.async_api import async_playwright
from tornado.httpclient import AsyncHTTPClient
from tornado.websocket import websocket_connect

CLICK_P95_TARGET_MS = 300.0
WORKSHOP = "BENCH"
SOLO_WORKSHOP = "BENCH-SOLO"
#: --typing: websocket learners put their first words in the box when their pause starts (set in main()).
TYPING = False
#: The kernel websocket protocol of the learners (--ws-protocol): "v1", jupyter_server's binary frames, which the
#: page's @jupyterlab/services asks for and gets (the server relays the kernel's frames without parsing them), or
#: "json", the legacy protocol (the server parses each message and writes it again as JSON), which these clients
#: spoke until 2026-12-07: figures measured before then are comparable with "json" only.
WS_PROTOCOL = "v1"
V1_PROTOCOL = "v1.kernel.websocket.jupyter.org"


@dataclass
class Learner:
    name: str
    app: str
    kernel: str = ""
    tti: float = float("nan")
    timing: dict = field(default_factory=dict)
    clicks: list[float] = field(default_factory=list)
    error: str = ""


@dataclass
class Phase:
    learners: list[Learner]
    usage: dict[str, float]
    kernel_rss: list[float]
    kernel_uss: list[float]
    seconds: float
    records: list

    @property
    def tti(self) -> list[float]:
        return [x.tti for x in self.learners if not x.error]

    def timing(self, key: str) -> list[float]:
        return [x.timing[key] for x in self.learners if not x.error and key in x.timing]

    @property
    def clicks(self) -> list[float]:
        return [c for x in self.learners for c in x.clicks]


def browser_pids() -> list[int]:
    """The Chromium processes started from this script (through Playwright's driver)."""
    me = psutil.Process()
    out = []
    for p in me.children(recursive=True):
        with contextlib.suppress(psutil.Error):
            if "chrom" in p.name().lower():
                out.append(p.pid)
    return out


async def learner(browser, server: Server, who: Learner, app: App, workshop: str, answers: int,
                  think: tuple[float, float], rng: random.Random, delay: float = 0.0,
                  timeout_ms: int = APP_TIMEOUT_MS) -> None:
    await asyncio.sleep(delay)
    context, page = await new_page(browser)
    try:
        who.tti = await open_app(page, f"{server.url}{app.path}?workshop={workshop}&learner={who.name}", timeout_ms)
        who.kernel = await kernel_id(page)
        who.timing = await nav_timing(page)
        for i in range(answers):
            await asyncio.sleep(rng.uniform(*think))
            await clear_feedback(page)
            who.clicks.append(await timed_check(page, f"{ANSWERS[(i + len(who.name)) % len(ANSWERS)]} ({who.name}, {i + 1})"))
    except Exception as exc:  # noqa: BLE001 - one learner's failure is reported, the others carry on
        who.error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}"
        with contextlib.suppress(Exception):
            shot = server.workdir / f"failed-{who.name}.png"
            await page.screenshot(path=str(shot), full_page=True)
            state = await page.evaluate("""() => ({
              app: !!document.querySelector('.coachkit-exercise'),
              cells: document.querySelectorAll('#rendered_cells .jp-Cell').length,
              outputs: document.querySelectorAll('#rendered_cells .jp-OutputArea-output').length})""")
            who.error += f" [page: app widget {'present' if state['app'] else 'MISSING'}, {state['cells']} cells, " \
                         f"{state['outputs']} outputs; screenshot {shot}]"
    finally:
        await context.close()


class WidgetClient:
    """A learner without a browser: asks for the app page over HTTP (Voila starts a kernel and runs the notebook while
    it streams the page), then drives the real widgets over the kernel's websocket, as the page's widget manager does:
    the widget control comm for the widgets' state, then ``update`` (typing) and ``custom``/``click`` messages."""

    def __init__(self, name: str, source: str | None = None, jar: dict[str, str] | None = None,
                 protocol: str | None = None):
        self.name = name
        self.protocol = protocol or WS_PROTOCOL  # "v1" (binary frames, as the page's @jupyterlab/services) or "json"
        self.source = source  # the local address the page is asked from (another 127.x address: another computer)
        self.jar = {} if jar is None else jar  # the browser's cookies (the learner's name is bound to one), kept across visits
        self.session = uuid.uuid4().hex
        self.states: dict[str, dict] = {}
        self.changed = asyncio.Event()
        self.ws = None
        self._reader: asyncio.Task | None = None

    async def open(self, url: str, timeout: float) -> dict[str, float]:
        """Load the page and the widgets' state; times in ms from the request (first byte, HTML done, widgets ready)."""
        start = time.perf_counter()
        first: list[float] = []
        chunks: list[bytes] = []

        def on_chunk(chunk: bytes) -> None:
            if not first:
                first.append(time.perf_counter())
            chunks.append(chunk)

        def on_header(line: str) -> None:
            if line.lower().startswith("set-cookie:"):
                name, _, value = line.split(":", 1)[1].strip().partition("=")
                self.jar[name] = value.split(";", 1)[0]

        cookies = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.jar.items())} if self.jar else None
        await AsyncHTTPClient().fetch(url, streaming_callback=on_chunk, header_callback=on_header, headers=cookies,
                                      request_timeout=timeout, connect_timeout=timeout, network_interface=self.source)
        html_done = time.perf_counter()
        page = b"".join(chunks).decode("utf-8", "replace")
        config = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', page, re.S)
        if not config:
            raise RuntimeError("the app page has no kernel")
        self.kernel = json.loads(config.group(1))["kernelId"]
        base = url.split("/voila/")[0].replace("http://", "ws://")
        self.ws = await websocket_connect(f"{base}/api/kernels/{self.kernel}/channels?session_id={self.session}",
                                          connect_timeout=timeout, max_message_size=64 * 2**20,
                                          subprotocols=[V1_PROTOCOL] if self.protocol == "v1" else None)
        if self.protocol == "v1" and self.ws.selected_subprotocol != V1_PROTOCOL:
            self.protocol = "json"  # a server without it: jupyter_server's JSON messages
        self._reader = asyncio.create_task(self._read())
        control = uuid.uuid4().hex
        self._send("comm_open", {"comm_id": control, "target_name": "jupyter.widget.control", "data": {}},
                   {"version": "1.0.0"})
        self._send("comm_msg", {"comm_id": control, "data": {"method": "request_states"}})
        await self.wait(lambda: bool(self.states), timeout)
        ready = time.perf_counter()
        self.models = {cls: self.find(cls) for cls in ("ck-answer", "ck-check", "ck-next", "ck-feedback-box")}
        if None in self.models.values():
            raise RuntimeError(f"the app has no {[k for k, v in self.models.items() if v is None]}")
        return {"first_byte": 1000 * ((first[0] if first else html_done) - start), "html_done": 1000 * (html_done - start),
                "ready": 1000 * (ready - start)}

    def find(self, cls: str) -> str | None:
        return next((mid for mid, st in self.states.items() if cls in st.get("_dom_classes", ())), None)

    def _send(self, msg_type: str, content: dict, metadata: dict | None = None) -> str:
        """Send a message on the shell channel; its id."""
        header = {"msg_id": uuid.uuid4().hex, "username": self.name, "session": self.session, "msg_type": msg_type,
                  "version": "5.3", "date": datetime.now(UTC).isoformat()}
        if self.protocol == "v1":
            frames = [json.dumps(part).encode() for part in (header, {}, metadata or {}, content)]
            self.ws.write_message(serialize_msg_to_ws_v1(frames, "shell"), binary=True)
        else:
            self.ws.write_message(json.dumps({"header": header, "parent_header": {}, "metadata": metadata or {},
                                              "content": content, "channel": "shell", "buffers": []}))
        return header["msg_id"]

    def parse(self, raw: str | bytes) -> dict | None:
        """A message from the websocket as a dict (``channel``, ``header``, ``parent_header``, ``content``); None for
        a JSON frame of buffers (none of these widgets uses them)."""
        if self.protocol == "v1":
            channel, frames = deserialize_msg_from_ws_v1(raw)
            header, parent, _metadata, content = (json.loads(f) for f in frames[:4])
            return {"channel": channel, "header": header, "parent_header": parent, "content": content}
        return None if isinstance(raw, bytes) else json.loads(raw)

    async def _read(self) -> None:
        while True:
            raw = await self.ws.read_message()
            if raw is None:
                return
            msg = self.parse(raw)
            if msg is None or msg.get("channel") != "iopub" or msg["header"]["msg_type"] != "comm_msg":
                continue
            data = msg["content"]["data"]
            if data.get("method") == "update_states":
                for mid, model in data["states"].items():
                    self.states.setdefault(mid, {}).update(model["state"])
            elif data.get("method") in ("update", "echo_update"):
                self.states.setdefault(msg["content"]["comm_id"], {}).update(data.get("state", {}))
            self.changed.set()

    async def wait(self, predicate, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            self.changed.clear()
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("the app did not answer in time")
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.changed.wait(), left)

    def feedback(self) -> str:
        return self.states[self.models["ck-feedback-box"]].get("value", "")

    def click(self, model: str) -> str:
        return self._send("comm_msg", {"comm_id": self.models[model],
                                       "data": {"method": "custom", "content": {"event": "click"}}})

    def type(self, text: str) -> str:
        """Put ``text`` in the answer box, as the page does while the learner types."""
        return self._send("comm_msg", {"comm_id": self.models["ck-answer"],
                                "data": {"method": "update", "state": {"value": text}, "buffer_paths": []}})

    async def answer(self, text: str, timeout: float) -> float:
        """Next if feedback shows, type the answer, click Check: ms from the click to the feedback (kernel round trip)."""
        if self.feedback():
            self.click("ck-next")
            await self.wait(lambda: not self.feedback(), timeout)
        self.type(text)
        start = time.perf_counter()
        self.click("ck-check")
        await self.wait(lambda: bool(self.feedback()), timeout)
        return 1000 * (time.perf_counter() - start)

    async def close(self) -> None:
        if self.ws is not None:
            self.ws.close()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(BaseException):
                await self._reader


async def learner_ws(_browser, server: Server, who: Learner, app: App, workshop: str, answers: int,
                     think: tuple[float, float], rng: random.Random, delay: float = 0.0,
                     timeout_ms: int = APP_TIMEOUT_MS) -> None:
    """The same learner as :func:`learner`, through :class:`WidgetClient` instead of a browser page."""
    await asyncio.sleep(delay)
    client = WidgetClient(who.name)
    timeout = timeout_ms / 1000
    try:
        who.timing = await client.open(f"{server.url}{app.path}?workshop={workshop}&learner={who.name}", timeout)
        who.tti, who.kernel = who.timing["ready"], client.kernel
        for i in range(answers):
            text = f"{ANSWERS[(i + len(who.name)) % len(ANSWERS)]} ({who.name}, {i + 1})"
            if TYPING and not client.feedback():  # the pause is spent typing: the first words arrive at its start
                client.type(text[:len(text) // 3])
            await asyncio.sleep(rng.uniform(*think))
            who.clicks.append(await client.answer(text, timeout))
    except Exception as exc:  # noqa: BLE001 - one learner's failure is reported, the others carry on
        who.error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:160] if str(exc) else ''}"
    finally:
        await client.close()


async def run_phase(browser, server: Server, names: list[str], apps: list[App], workshop: str, answers: int,
                    think: tuple[float, float], seed: int, ramp: float = 0.0, timeout_ms: int = APP_TIMEOUT_MS,
                    mode: str = "browser") -> Phase:
    learners = [Learner(name, apps[i % len(apps)].id) for i, name in enumerate(names)]
    by_id = {a.id: a for a in apps}
    rng = random.Random(seed)
    rngs = [random.Random(rng.random()) for _ in learners]
    started = time.monotonic()
    with Sampler(server, browser_pids=browser_pids() if mode == "browser" else []) as sampler:
        run = learner if mode == "browser" else learner_ws
        await asyncio.gather(*(run(browser, server, who, by_id[who.app], workshop, answers, think, r,
                                       ramp * i / len(learners), timeout_ms)
                               for i, (who, r) in enumerate(zip(learners, rngs, strict=True))))
        rss, uss = [], []
        for who in learners:
            proc = server.kernel(who.kernel) if who.kernel else None
            if proc is not None:
                with contextlib.suppress(psutil.Error):
                    r, u = rss_mb(proc)
                    rss.append(r)
                    uss.append(u)
    seconds = time.monotonic() - started
    # each attempt is saved just after its feedback shows: read the store before the kernels are shut down
    records = stored(server, workshop, len(learners) * answers)
    for who in learners:
        if who.kernel:
            server.shutdown_kernel(who.kernel)
    return Phase(learners, sampler.summary(), rss, uss, seconds, records)


def create_workshops(server: Server, codes) -> None:
    """Create the benchmark's workshops, as the facilitator does before the room (unknown codes are refused)."""
    from coachkit.roster import create_workshop
    from coachkit.store import Store

    store = Store(f"sqlite:///{server.store_path}")
    try:
        for code in codes:
            create_workshop(store, code)
    finally:
        store.close()


def stored(server: Server, workshop: str, expected: int, timeout: float = 60.0) -> list:
    from coachkit.store import Store

    store = Store(f"sqlite:///{server.store_path}")
    deadline = time.monotonic() + timeout
    try:
        while True:
            records = store.attempts(workshop=workshop)
            if len(records) >= expected or time.monotonic() > deadline:
                return records
            time.sleep(1)
    finally:
        store.close()


def row(label: str, values: list[float], base: list[float]) -> str:
    return (f"{label:<46}{len(values):>6}{median(values):>10.0f}{p95(values):>10.0f}{max(values, default=float('nan')):>10.0f}"
            f"   x solo: median {ratio(median(values), median(base)):.2f}, p95 {ratio(p95(values), p95(base)):.2f}")


def report(solo: Phase, load: Phase, answers: int, mode: str) -> None:
    records, expected = load.records, len(load.learners) * answers
    tti = "time to interactive" if mode == "browser" else "app ready (page + widgets' state)"
    print(f"\n## {len(load.learners)} learners at once vs 1 learner alone ({answers} answers each)")
    print(f"{'':<46}{'n':>6}{'median':>10}{'p95':>10}{'max':>10}")
    print(row(f"{tti}, alone (ms)", solo.tti, solo.tti))
    print(row(f"{tti}, {len(load.learners)} (ms)", load.tti, solo.tti))
    for key, label in (("first_byte", "first byte (kernel started)"), ("html_done", "HTML done (notebook run)")):
        if not solo.timing(key):
            continue
        print(row(f"  {label}, alone", solo.timing(key), solo.timing(key)))
        print(row(f"  {label}, {len(load.learners)}", load.timing(key), solo.timing(key)))
    print(row("click-to-feedback, alone (ms)", solo.clicks, solo.clicks))
    print(row(f"click-to-feedback, {len(load.learners)} (ms)", load.clicks, solo.clicks))
    print(f"click-to-feedback p95 under load {p95(load.clicks):.0f} ms (target <= {CLICK_P95_TARGET_MS:g} ms: "
          f"{met(p95(load.clicks) <= CLICK_P95_TARGET_MS)}); alone {p95(solo.clicks):.0f} ms")
    per_app: dict[str, list[float]] = {}
    for who in load.learners:
        per_app.setdefault(who.app, []).extend(who.clicks)
    for app_id, values in per_app.items():
        print(f"  under load, {app_id:<26} {len(values):>4} clicks: median {median(values):.0f} ms, p95 {p95(values):.0f} ms")
    first = [who.clicks[0] for who in load.learners if who.clicks]
    print(f"  under load, first answer of each learner: median {median(first):.0f} ms, p95 {p95(first):.0f} ms")
    later = [c for who in load.learners for c in who.clicks[1:]]
    print(f"  under load, every later answer: median {median(later):.0f} ms, p95 {p95(later):.0f} ms "
          "(each app reads the move detector in the background when its learner starts typing)")
    print("\nserver and kernels (psutil every 0.5 s; CPU in % of one core, 200% = both cores)")
    for label, phase in (("alone", solo), (f"{len(load.learners)} learners", load)):
        u = phase.usage
        print(f"  {label:<12} {phase.seconds:>5.0f} s: server CPU mean {u['server_cpu_mean']:.0f}% peak "
              f"{u['server_cpu_peak']:.0f}%; server+kernels CPU mean {u['total_cpu_mean']:.0f}% peak "
              f"{u['total_cpu_peak']:.0f}%; browser CPU mean {u['browser_cpu_mean']:.0f}%; RSS peak server "
              f"{u['server_rss_peak']:.0f} MB, kernels {u['kernels_rss_peak']:.0f} MB ({u['kernels_peak']:.0f} kernels), "
              f"total {u['total_rss_peak']:.0f} MB; RSS per kernel at the end: median {median(phase.kernel_rss):.1f} MB "
              f"(USS {median(phase.kernel_uss):.1f} MB); CPU time server {u['server_cpu_s']:.1f} s, kernels "
              f"{u['kernels_cpu_s']:.1f} s ({u['kernels_cpu_s'] / max(1, len(phase.learners)):.1f} s per learner)")
    per_learner = Counter(r.learner for r in records)
    short = {who.name: per_learner.get(who.name, 0) for who in load.learners if per_learner.get(who.name, 0) != answers}
    ok = len(records) == expected and not short
    print(f"\nstore: {len(records)} attempts with workshop={WORKSHOP!r} (expected {expected}): "
          f"{'all there' if ok else 'MISSING ' + str(short)}; alone: {len(solo.records)} of {answers} with "
          f"workshop={SOLO_WORKSHOP!r}")
    errors = [f"{who.name} ({who.app}): {who.error}" for who in (*solo.learners, *load.learners) if who.error]
    if errors:
        print(f"{len(errors)} learner(s) failed:\n  " + "\n  ".join(errors))


async def main_async(args) -> None:
    AsyncHTTPClient.configure(None, max_clients=500)  # one page request per learner at once, never queued here
    apps = [a for a in catalogue_apps() if a.free_text]
    print(f"machine: {machine()}")
    print(f"learners as {'headless Chromium pages' if args.client == 'browser' else 'websocket clients (no browser)'}")
    print(f"free-text apps: {', '.join(a.id for a in apps)}; {args.learners} learners x {args.answers} answers, "
          f"pause {args.think[0]:g}-{args.think[1]:g} s before each answer{' (typing)' if args.typing else ''}, "
          f"preheat {'voila.json' if args.preheat else 'off'}, "
          f"arrivals {'over ' + format(args.ramp, 'g') + ' s' if args.ramp else 'all at once'}"
          + (f", server options {' '.join(args.voila)}" if args.voila else ""))
    server_args = ([] if args.preheat else ["--VoilaConfiguration.preheat_kernel=False"]) + args.voila
    # no cap on kernels: the room must not be full for the benchmark
    with Server(*server_args, "--RoomPolicy.max_kernels=0", "--RoomPolicy.max_kernels_per_client=0", name="workshop") as server:
        print(f"server {server.url}, log {server.log_path}, store {server.store_path}", flush=True)
        create_workshops(server, (WORKSHOP, SOLO_WORKSHOP))
        server.wait_quiet(timeout=300 if args.preheat else 30)
        async with async_playwright() as playwright:
            browser = await launch(playwright) if args.client == "browser" else None
            mode, timeout_ms = args.client, int(args.timeout * 1000)
            warm = await run_phase(browser, server, ["warmup"], apps[:1], "BENCH-WARMUP", 1, (0, 0), args.seed, 0.0,
                                   timeout_ms, mode)
            if warm.learners[0].error:
                raise SystemExit(f"the warm-up learner failed: {warm.learners[0].error}")
            server.wait_quiet(timeout=60)
            print(f"1 learner alone ({load_now()})", flush=True)
            solo = await run_phase(browser, server, ["L0"], apps[:1], SOLO_WORKSHOP, args.answers, tuple(args.think),
                                   args.seed, 0.0, timeout_ms, mode)
            server.wait_quiet(timeout=60)
            print(f"{args.learners} learners at once ({load_now()})", flush=True)
            names = [f"L{n}" for n in range(1, args.learners + 1)]
            load = await run_phase(browser, server, names, apps, WORKSHOP, args.answers, tuple(args.think), args.seed + 1,
                                   args.ramp, timeout_ms, mode)
            print(f"done ({load_now()})", flush=True)
            if browser is not None:
                await browser.close()
        log = server.log_path.read_text(errors="replace")
    report(solo, load, args.answers, args.client)
    print(f"server log: {log.count('Timeout waiting for IOPub output')} x 'Timeout waiting for IOPub output' (Voila gave up "
          f"waiting for a cell's output: that page may lack its app), {log.count('Traceback')} traceback(s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="10 learners x 3 answers")
    parser.add_argument("--learners", type=int, help="learners at once (default 30, quick 10)")
    parser.add_argument("--answers", type=int, help="answers per learner (default 10, quick 3)")
    parser.add_argument("--typing", action="store_true",
                        help="websocket clients type during the pause (first words at its start, the rest at Check) "
                             "instead of all at once just before Check")
    parser.add_argument("--think", type=float, nargs=2, default=(0.5, 2.0), metavar=("MIN", "MAX"),
                        help="pause before each answer, seconds (default 0.5 2.0)")
    parser.add_argument("--preheat", action="store_true", help="keep voila.json's preheated kernels")
    parser.add_argument("--ramp", type=float, default=0.0, metavar="SECONDS",
                        help="spread the learners' arrivals evenly over this many seconds (default 0: all at once)")
    parser.add_argument("--voila", action="append", default=[], metavar="OPTION",
                        help="one more option for coachkit serve, e.g. --voila=--VoilaExecutor.iopub_timeout=60 (repeatable)")
    parser.add_argument("--timeout", type=float, default=180.0, metavar="SECONDS",
                        help="how long a learner waits for the app to be usable before giving up (default 180)")
    parser.add_argument("--ws-protocol", choices=("v1", "json"), default="v1",
                        help="--client ws: the kernel websocket protocol, v1 as the page (default) or json, the legacy "
                             "one these clients spoke until 2026-12-07")
    parser.add_argument("--client", choices=("browser", "ws"), default="browser",
                        help="browser: a headless Chromium page per learner (default); ws: a websocket client per learner "
                             "driving the same widgets, without a browser on the server's machine")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--store-only", action="store_true",
                        help="only the store's durability cost: the attempts saved with synchronous=FULL vs NORMAL")
    parser.add_argument("--store-rounds", type=int, default=2, help="rounds per durability setting (default 2)")
    args = parser.parse_args()
    args.learners = args.learners or (10 if args.quick else 30)
    args.answers = args.answers or (3 if args.quick else 10)
    global TYPING, WS_PROTOCOL
    TYPING, WS_PROTOCOL = args.typing, args.ws_protocol
    interrupt_on_sigterm()
    started = time.monotonic()
    if not args.store_only:
        asyncio.run(main_async(args))
    print(f"machine: {machine()}" if args.store_only else "", flush=True)
    durability_cost(args.learners, args.answers, tuple(args.think), rounds=args.store_rounds)
    print(f"\ntotal {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
