"""Helpers shared by the page benchmarks (not tests): a server, a bare baseline notebook, a browser, timers.

* :func:`bare_notebook` writes ``notebooks/_bench/bare.ipynb`` (one Textarea, one Button, one Label: ipywidgets only)
  for the run and deletes it afterwards, also on Ctrl-C or SIGTERM.
* :class:`Server` runs ``coachkit serve`` (``python -m coachkit.cli serve --port=N --no-browser …``) with its own
  ``COACHKIT_STORE`` in a temporary folder, and finds its kernels as child processes.
* :data:`PAGE_PROBE` is injected in every page before its own scripts. It stamps, with ``performance.now()`` (zero
  is the start of the navigation), when the page became interactive — the ``.ck-check`` control is in the page,
  shown and enabled — and, for an armed click, when the ``.ck-feedback-box`` text changed after the click on
  ``.ck-check``. The times are taken in the page, so the driver's own delays do not count.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BARE_DIR = ROOT / "notebooks" / "_bench"
BARE_NOTEBOOK = BARE_DIR / "bare.ipynb"
BARE_PATH = "voila/render/notebooks/_bench/bare.ipynb"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
APP_TIMEOUT_MS = 180_000
ANSWERS = [
    "I hear you. What makes the timing hard for your team right now?",
    "That's a fair concern. What would have to be true for the price to feel right?",
    "So if I follow you, the risk is the roll-out in your busy season. Is that right?",
    "May I share how other clinics handled the same worry?",
    "It sounds like this landed at a bad moment. What is weighing on you most?",
    "I understand. What did you have in mind when you said it was too much?",
    "You mentioned your CFO wants figures per site; may I show you the savings for each site?",
    "Fair enough. What would make it easier to decide this quarter?",
]

BARE_SOURCE = '''import ipywidgets as w

answer = w.Textarea(placeholder="Write something", rows=5, layout=w.Layout(width="100%", max_width="860px"))
answer.add_class("ck-answer")
check = w.Button(description="Check", button_style="primary")
check.add_class("ck-check")
feedback = w.Label()
feedback.add_class("ck-feedback-box")
clicks = 0


def on_check(_button):
    global clicks
    clicks += 1
    feedback.value = f"Check {clicks}: {len(answer.value)} characters"


check.on_click(on_check)
app = w.VBox([answer, check, feedback])
app.add_class("ck-bench-bare")
app'''


# --------------------------------------------------------------------------- the bare baseline notebook


def _notebook(source: str) -> dict:
    return {
        "cells": [{"cell_type": "code", "execution_count": None, "id": "bench-bare", "metadata": {}, "outputs": [],
                   "source": source.splitlines(keepends=True)}],
        "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
                     "language_info": {"name": "python"}},
        "nbformat": 4, "nbformat_minor": 5,
    }


def _raise_interrupt(signum, _frame):
    raise KeyboardInterrupt(f"signal {signum}")


def interrupt_on_sigterm() -> None:
    """Turn SIGTERM into KeyboardInterrupt, so that servers, kernels and files are cleaned up on the way out."""
    signal.signal(signal.SIGTERM, _raise_interrupt)


@contextlib.contextmanager
def bare_notebook():
    """Write the bare baseline notebook under notebooks/_bench/ for the run; delete it (and the folder) at the end."""
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    created_dir = not BARE_DIR.exists()
    BARE_DIR.mkdir(parents=True, exist_ok=True)
    BARE_NOTEBOOK.write_text(json.dumps(_notebook(BARE_SOURCE), indent=1) + "\n", encoding="utf-8")
    try:
        yield BARE_PATH
    finally:
        BARE_NOTEBOOK.unlink(missing_ok=True)
        if created_dir:
            with contextlib.suppress(OSError):
                (BARE_DIR / ".ipynb_checkpoints").rmdir()
            with contextlib.suppress(OSError):
                BARE_DIR.rmdir()
        signal.signal(signal.SIGTERM, previous)


# --------------------------------------------------------------------------- the catalogue


#: The widgets of the free-text apps: one written answer, Check, feedback on it, Next for another item. (The
#: role-play and the full sequence also take written answers, but each one moves a conversation on.)
FREE_TEXT_WIDGETS = ("FreeTextExercise(", "RewriteChaserExercise(", "RewriteProjectionExercise(", "ClientFrameExercise(",
                     "FirstHelloExercise(")


@dataclass(frozen=True)
class App:
    id: str
    path: str  # relative to the server's base URL
    free_text: bool  # answer box, Check, feedback on that one answer (see FREE_TEXT_WIDGETS)


def catalogue_apps() -> list[App]:
    """Every exercise of data/catalogue.yaml, in order; free-text ones build a widget of FREE_TEXT_WIDGETS."""
    from coachkit.content import load_catalogue

    apps = []
    for module in load_catalogue().modules:
        for exercise in module.exercises:
            nb = json.loads((ROOT / "exercises" / exercise.notebook).read_text(encoding="utf-8"))
            code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
            free_text = any(w in code for w in FREE_TEXT_WIDGETS)
            apps.append(App(exercise.id, f"voila/render/exercises/{exercise.notebook}", free_text))
    return apps


# --------------------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


#: The fork template's module (coachkit.kernels): its children are kernels, it is not one.
TEMPLATE_MODULE = "coachkit.kernels.template"


def is_template(proc: psutil.Process) -> bool:
    with contextlib.suppress(psutil.Error):
        return TEMPLATE_MODULE in proc.cmdline() and TEMPLATE_MODULE not in proc.parent().cmdline()
    return False


def is_kernel(proc: psutil.Process) -> bool:
    """A kernel started as a new process (ipykernel in its command) or forked by the template (a child of it)."""
    with contextlib.suppress(psutil.Error):
        cmdline = proc.cmdline()
        if any("ipykernel" in part for part in cmdline):
            return True
        return TEMPLATE_MODULE in cmdline and TEMPLATE_MODULE in proc.parent().cmdline()
    return False


def connection_file(kernel_id: str) -> Path | None:
    """The connection file of a kernel (Voilà keeps them in /tmp/voila_*, Jupyter in its runtime folder)."""
    from jupyter_core.paths import jupyter_runtime_dir

    for folder in (*Path(tempfile.gettempdir()).glob("voila_*"), Path(jupyter_runtime_dir())):
        path = folder / f"kernel-{kernel_id}.json"
        if path.exists():
            return path
    return None


class Server:
    """``coachkit serve`` on a free port with its own store in a temporary folder."""

    def __init__(self, *voila_args: str, workdir: Path | None = None, name: str = "server"):
        self.workdir = workdir or Path(tempfile.mkdtemp(prefix="coachkit-bench-"))
        self.store_path = self.workdir / f"{name}.sqlite"
        self.log_path = self.workdir / f"{name}.log"
        self.args = voila_args
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.proc: subprocess.Popen | None = None
        self.ps: psutil.Process | None = None

    def __enter__(self) -> Server:
        env = {k: v for k, v in os.environ.items() if k not in ("COACHKIT_DATABASE_URL", "JUPYTERHUB_USER")}
        env["COACHKIT_STORE"] = str(self.store_path)
        self._log = open(self.log_path, "w")  # noqa: SIM115 - closed in __exit__
        self.proc = subprocess.Popen([sys.executable, "-m", "coachkit.cli", "serve", f"--port={self.port}", "--no-browser",
                                      *self.args], cwd=ROOT, stdout=self._log, stderr=subprocess.STDOUT, env=env)
        self.ps = psutil.Process(self.proc.pid)
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(self.url, timeout=2)
                return self
            except OSError:
                if self.proc.poll() is not None:
                    self.__exit__(None, None, None)
                    raise RuntimeError(f"the server stopped: see {self.log_path}") from None
                if time.monotonic() > deadline:
                    self.__exit__(None, None, None)
                    raise RuntimeError(f"the server did not answer within 120 s: see {self.log_path}") from None
                time.sleep(0.3)

    def __exit__(self, *exc) -> None:
        if self.proc is not None and self.proc.poll() is None:
            kernels = self.kernels()
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
            for k in kernels:  # the server shuts its kernels down; any left over are ours to end
                with contextlib.suppress(psutil.Error):
                    if k.is_running():
                        k.kill()
        self._log.close()

    def kernels(self) -> list[psutil.Process]:
        """The kernel processes the server started (its children running ipykernel)."""
        try:
            return [p for p in self.ps.children(recursive=True) if is_kernel(p)]
        except psutil.Error:
            return []

    def kernel(self, kernel_id: str) -> psutil.Process | None:
        kernels = self.kernels()
        for proc in kernels:
            with contextlib.suppress(psutil.Error):
                if any(kernel_id in part for part in proc.cmdline()):
                    return proc
        # a forked kernel has its template's command line: find the one listening on its connection file's shell port
        path = connection_file(kernel_id)
        if path is None:
            return None
        with contextlib.suppress(OSError, ValueError, KeyError):
            info = json.loads(path.read_text())
            port = info["shell_port"]
            socket_path = f"{info['ip']}-{port}"  # KernelManager.transport = "ipc": a Unix socket per channel
            for proc in kernels:
                with contextlib.suppress(psutil.Error):
                    if info.get("transport") == "ipc":
                        if any(c.laddr == socket_path for c in proc.net_connections("unix")):
                            return proc
                    elif any(c.laddr.port == port and c.status == psutil.CONN_LISTEN
                             for c in proc.net_connections("tcp")):
                        return proc
        return None

    def template(self) -> psutil.Process | None:
        """The fork template of this server (coachkit.kernels), if it has one."""
        with contextlib.suppress(psutil.Error):
            return next((p for p in self.ps.children() if is_template(p)), None)
        return None

    def processes(self) -> list[psutil.Process]:
        return [self.ps, *self.kernels()]

    def wait_quiet(self, kernels: int | None = None, cpu_below: float = 15.0, timeout: float = 30.0) -> float:
        """Wait until the server and its kernels are idle (and, if given, exactly ``kernels`` kernels run).

        Returns the seconds waited. Used between page loads, so that each one starts on an idle server.
        """
        start = time.monotonic()
        calm = 0
        while time.monotonic() - start < timeout:
            procs = self.processes()
            for p in procs:
                with contextlib.suppress(psutil.Error):
                    p.cpu_percent(None)
            time.sleep(0.25)
            total = 0.0
            for p in procs:
                with contextlib.suppress(psutil.Error):
                    total += p.cpu_percent(None)
            count_ok = kernels is None or len(self.kernels()) == kernels
            calm = calm + 1 if (total < cpu_below and count_ok) else 0
            if calm >= 2:
                break
        return time.monotonic() - start

    def shutdown_kernel(self, kernel_id: str) -> None:
        """Ask the server to shut a kernel down (``DELETE /api/kernels/ID``); harmless if already gone."""
        token = os.urandom(16).hex()  # Tornado's XSRF check: the same token as cookie and header
        req = urllib.request.Request(f"{self.url}api/kernels/{kernel_id}", method="DELETE",
                                     headers={"Cookie": f"_xsrf={token}", "X-XSRFToken": token})
        with contextlib.suppress(OSError):
            urllib.request.urlopen(req, timeout=10)


def rss_mb(proc: psutil.Process) -> tuple[float, float]:
    """Resident set size and unique set size of a process, in MB (USS: memory that only this process holds)."""
    info = proc.memory_full_info()
    return info.rss / 2**20, info.uss / 2**20


# --------------------------------------------------------------------------- sampling CPU and memory


@dataclass
class Sample:
    t: float
    server_cpu: float
    kernels_cpu: float
    browser_cpu: float
    server_rss: float
    kernels_rss: float
    kernels: int


@dataclass
class Sampler:
    """Samples, every ``interval`` seconds, CPU (% of one core) and RSS (MB) of the server, its kernels, and the browser.

    CPU is counted from each process's own CPU time, so a kernel that starts between two samples is counted
    from its start.
    """

    server: Server
    interval: float = 0.5
    browser_pids: list[int] = field(default_factory=list)
    samples: list[Sample] = field(default_factory=list)

    def __post_init__(self):
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._cpu_seen: dict[int, float] = {}

    def _cpu(self, procs, elapsed: float) -> float:
        """CPU used by ``procs`` since the last sample, in % of one core."""
        used = 0.0
        for p in procs:
            with contextlib.suppress(psutil.Error):
                times = p.cpu_times()
                now = times.user + times.system
                used += now - self._cpu_seen.get(p.pid, 0.0)
                self._cpu_seen[p.pid] = now
        return 100 * used / elapsed

    def _rss(self, procs) -> float:
        total = 0.0
        for p in procs:
            with contextlib.suppress(psutil.Error):
                total += p.memory_info().rss
        return total / 2**20

    def _browser(self) -> list[psutil.Process]:
        out = []
        for pid in self.browser_pids:
            with contextlib.suppress(psutil.Error):
                root = psutil.Process(pid)
                out += [root, *root.children(recursive=True)]
        return out

    def _run(self) -> None:
        start = last = time.monotonic()
        self._cpu([self.server.ps, *self.server.kernels(), *self._browser()], 1.0)  # what ran before does not count
        while not self._stop.wait(self.interval):
            now = time.monotonic()
            elapsed, last = now - last, now
            kernels = self.server.kernels()
            self.samples.append(Sample(now - start, self._cpu([self.server.ps], elapsed), self._cpu(kernels, elapsed),
                                       self._cpu(self._browser(), elapsed), self._rss([self.server.ps]), self._rss(kernels),
                                       len(kernels)))

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(5)

    @staticmethod
    def _seconds(samples: list[Sample], name: str) -> float:
        """CPU seconds over the samples."""
        out, last = 0.0, 0.0
        for x in samples:
            out += getattr(x, name) * (x.t - last) / 100
            last = x.t
        return out

    def summary(self) -> dict[str, float]:
        s = self.samples or [Sample(0, 0, 0, 0, 0, 0, 0)]
        total_cpu = [x.server_cpu + x.kernels_cpu for x in s]
        total_rss = [x.server_rss + x.kernels_rss for x in s]
        return {
            "seconds": s[-1].t, "server_cpu_mean": statistics.fmean(x.server_cpu for x in s),
            "server_cpu_peak": max(x.server_cpu for x in s), "kernels_cpu_mean": statistics.fmean(x.kernels_cpu for x in s),
            "total_cpu_mean": statistics.fmean(total_cpu), "total_cpu_peak": max(total_cpu),
            "browser_cpu_mean": statistics.fmean(x.browser_cpu for x in s),
            "server_rss_peak": max(x.server_rss for x in s), "kernels_rss_peak": max(x.kernels_rss for x in s),
            "total_rss_peak": max(total_rss), "kernels_peak": max(x.kernels for x in s),
            "server_cpu_s": self._seconds(s, "server_cpu"), "kernels_cpu_s": self._seconds(s, "kernels_cpu"),
        }


# --------------------------------------------------------------------------- the browser and the page probe

PAGE_PROBE = r"""
(() => {
  const st = window.__ck = {tti: null, armed: false, button: '.ck-check', box: '.ck-feedback-box', before: null,
                            t0: null, t1: null};
  const ROOTS = '.coachkit-exercise, .coachkit-demo, .ck-bench-bare';
  const usable = (el) => !!(el && !el.disabled && el.offsetParent !== null && el.getClientRects().length);
  const text = () => {
    const f = document.querySelector(st.box);
    return f ? f.innerText.trim() : null;
  };
  const interactive = () => {
    const root = document.querySelector(ROOTS);
    if (!root) return false;
    const answer = root.querySelector('.ck-answer textarea');
    if (answer) return usable(answer);
    return [...root.querySelectorAll('button, input, textarea, select')].some(usable);
  };
  const look = () => {
    if (st.tti === null && interactive()) st.tti = performance.now();
    if (st.t0 !== null && st.t1 === null) {
      const now = text();
      if (now && now !== st.before) st.t1 = performance.now();
    }
  };
  new MutationObserver(look).observe(document, {subtree: true, childList: true, characterData: true, attributes: true});
  document.addEventListener('click', (e) => {
    if (st.armed && e.target.closest && e.target.closest(st.button)) {
      st.armed = false;
      st.t0 = performance.now();
    }
  }, true);
  window.__ckArm = (button, box) => {
    st.button = button || '.ck-check';
    st.box = box || '.ck-feedback-box';
    st.before = text(); st.t0 = null; st.t1 = null; st.armed = true;
  };
})();
"""


def chromium_path() -> str:
    for candidate in (os.environ.get("COACHKIT_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if candidate and Path(candidate).exists():
            return candidate
    raise SystemExit("no Chromium found: install Debian's chromium or set COACHKIT_CHROMIUM")


async def launch(playwright):
    return await playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)


async def new_page(browser, viewport=(1200, 900)):
    """A page in its own context, probed, and cut off from anything that is not on this machine."""
    context = await browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})

    async def route(r):
        if r.request.url.startswith("http://127.0.0.1"):
            await r.continue_()
        else:
            await r.abort()

    await context.route("**/*", route)
    await context.add_init_script(PAGE_PROBE)
    return context, await context.new_page()


async def open_app(page, url: str, timeout_ms: int = APP_TIMEOUT_MS) -> float:
    """Open an app; return its time to interactive in ms (navigation start to the main control usable)."""
    await page.goto(url, wait_until="commit", timeout=timeout_ms)
    await page.wait_for_function("() => window.__ck && window.__ck.tti !== null", timeout=timeout_ms, polling=50)
    return await page.evaluate("window.__ck.tti")


async def nav_timing(page) -> dict[str, float]:
    """Where a page load's time went, in ms from navigation start: first byte of the page (the kernel is started),
    end of the page's HTML (Voila has run the notebook: it streams the page while the cells run), and the end of
    the page's load event (scripts loaded; the widgets are drawn after it)."""
    return await page.evaluate("""() => {
      const n = performance.getEntriesByType('navigation')[0];
      return n ? {first_byte: n.responseStart, html_done: n.responseEnd, loaded: n.loadEventEnd} : {};
    }""")


async def kernel_id(page) -> str:
    return await page.evaluate("JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")


async def clear_feedback(page, timeout_ms: int = 60_000) -> None:
    """If the feedback box shows something, press Next and wait until it is empty (a fresh item)."""
    if await page.evaluate("(document.querySelector('.ck-feedback-box')?.innerText || '').trim().length > 0"):
        if await page.locator(".ck-next").count():
            await page.click(".ck-next", timeout=timeout_ms)
            await page.wait_for_function("(document.querySelector('.ck-feedback-box')?.innerText || '').trim() === ''",
                                         timeout=timeout_ms, polling=20)


async def timed_click(page, button: str = ".ck-check", box: str = ".ck-feedback-box", timeout_ms: int = 60_000) -> float:
    """Click a control; return ms from the click to the text of ``box`` changing (both taken in the page)."""
    await page.evaluate("([button, box]) => window.__ckArm(button, box)", [button, box])
    await page.click(button, timeout=timeout_ms)
    await page.wait_for_function("() => window.__ck.t1 !== null", timeout=timeout_ms, polling=20)
    return await page.evaluate("window.__ck.t1 - window.__ck.t0")


async def timed_check(page, answer: str, timeout_ms: int = 60_000) -> float:
    """Write an answer, click Check, return ms from the click to the feedback text changing (taken in the page)."""
    await page.fill(".ck-answer textarea", answer, timeout=timeout_ms)
    return await timed_click(page, timeout_ms=timeout_ms)


# --------------------------------------------------------------------------- figures


def median(values) -> float:
    return statistics.median(values) if values else float("nan")


def p95(values) -> float:
    """95th percentile, nearest rank."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, -(-95 * len(ordered) // 100) - 1)]


def ratio(value: float, base: float) -> float:
    return value / base if base else float("nan")


def met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def load_now() -> str:
    """The machine's load average (1, 5, 15 minutes) and how busy its CPUs are right now (all processes)."""
    return f"load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}, CPUs {psutil.cpu_percent(0.5):.0f}% busy"


def machine() -> str:
    mem = psutil.virtual_memory().total / 2**30
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"{os.cpu_count()} cores ({platform.processor() or platform.machine()}), {mem:.1f} GiB RAM, "
            f"{platform.platform()}, Python {platform.python_version()}, load average at start {load}, "
            f"{datetime.now().astimezone().isoformat(timespec='seconds')}")
