"""Benchmark of the apps in headless Chromium (not a test): time to interactive, click-to-feedback, kernel memory.

One ``coachkit serve`` per phase, whose root also holds a bare baseline notebook (``notebooks/_bench/bare.ipynb``:
one Textarea, one Button, one Label; ipywidgets only), written at the start and deleted at the end. Each app of
``data/catalogue.yaml`` is measured against that bare page in the same run:

* time to interactive: from the start of the navigation to the app's answer box (``.ck-answer textarea``) — or,
  in an app without one, its first control — being shown and enabled, taken in the page; median of N loads per
  app and 2N of the bare page, in a new shuffled order each round with the bare page once in each half, each load
  on an idle server with its own kernel. Target: each app <= 1.2 x bare.
* click-to-feedback, for the free-text apps: from the click on ``.ck-check`` to the ``.ck-feedback-box`` text
  appearing (the item is cleared with Next before each click), median and p95 over >= 30 clicks per app; the
  baseline is the bare page's button updating its label. Target: p95 <= 100 ms.
* kernel memory: RSS (and USS) of each load's kernel, found as a child process of the server by its kernel id,
  read once the app is open and has answered one check. Target: each app <= 1.15 x the bare ipywidgets kernel.

Phases: ``off`` (no preheating: every load starts its own kernel, apps and bare alike) and ``on`` (Voilà's
preheated pool, one kernel per measured notebook, the bare one included; each load waits until the pool is full
again). Default: off; ``--preheat on`` runs the second phase alone, ``--preheat both`` runs the two in turn.

    .venv/bin/python bench/bench_apps.py                 # preheat off: about 10 minutes on 2 cores
    .venv/bin/python bench/bench_apps.py --preheat on    # preheat on: about 8 minutes
    .venv/bin/python bench/bench_apps.py --quick         # about 3 minutes
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from _common import (
    ANSWERS,
    BARE_PATH,
    App,
    Server,
    bare_notebook,
    catalogue_apps,
    clear_feedback,
    kernel_id,
    launch,
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
    timed_click,
)
from playwright.async_api import async_playwright

TTI_TARGET = 1.2
CLICK_P95_TARGET_MS = 100.0
RSS_TARGET = 1.15
BARE = App("bare", BARE_PATH, True)


@dataclass
class Figures:
    tti: dict[str, list[float]] = field(default_factory=dict)
    html_done: dict[str, list[float]] = field(default_factory=dict)
    first_check: dict[str, list[float]] = field(default_factory=dict)
    rss: dict[str, list[float]] = field(default_factory=dict)
    uss: dict[str, list[float]] = field(default_factory=dict)
    clicks: dict[str, list[float]] = field(default_factory=dict)


#: The control that gives feedback in an app without a Check button, and where its feedback shows.
OTHER_CONTROLS = ((".ck-pick-pressure", ".ck-feedback-box"), (".ck-add-idea", ".ck-idea-message"),
                  (".ck-add-touch", ".ck-plan-message"))


async def first_check(page) -> float | None:
    """The first answer of a freshly opened app, timed from the click to its feedback; None if it has no such control."""
    if await page.locator(".ck-check").count() and await page.locator(".ck-feedback-box").count():
        if await page.locator(".ck-answer textarea").count():
            return await timed_check(page, ANSWERS[0])
        return await timed_click(page)  # spot the move: Check with nothing ticked says what to do
    for button, box in OTHER_CONTROLS:
        if await page.locator(button).count() and await page.locator(box).count():
            return await timed_click(page, button, box)  # an empty form or a pick: the app answers either way
    return None


async def load_once(browser, server: Server, app: App, figures: Figures, pooled: int) -> None:
    """Open one app on an idle server, time it, answer once, read its kernel's memory, then shut the kernel down."""
    context, page = await new_page(browser)
    kid = ""
    try:
        tti = await open_app(page, server.url + app.path)
        kid = await kernel_id(page)
        figures.tti.setdefault(app.id, []).append(tti)
        figures.html_done.setdefault(app.id, []).append((await nav_timing(page)).get("html_done", float("nan")))
        first = await first_check(page)
        if first is not None:
            figures.first_check.setdefault(app.id, []).append(first)
        server.wait_quiet(timeout=10)
        kernel = server.kernel(kid)
        if kernel is not None:
            rss, uss = rss_mb(kernel)
            figures.rss.setdefault(app.id, []).append(rss)
            figures.uss.setdefault(app.id, []).append(uss)
    finally:
        await context.close()
        if kid:
            server.shutdown_kernel(kid)
    server.wait_quiet(kernels=pooled, timeout=90)


async def clicks(browser, server: Server, app: App, count: int, pooled: int) -> list[float]:
    """``count`` timed checks on one page of an app, each on a fresh item (Next clears the feedback first)."""
    context, page = await new_page(browser)
    kid = ""
    out = []
    try:
        await open_app(page, server.url + app.path)
        kid = await kernel_id(page)
        server.wait_quiet(timeout=10)
        for i in range(count):
            await clear_feedback(page)
            out.append(await timed_check(page, f"{ANSWERS[i % len(ANSWERS)]} ({i})"))
    finally:
        await context.close()
        if kid:
            server.shutdown_kernel(kid)
    server.wait_quiet(kernels=pooled, timeout=90)
    return out


def preheat_args(targets: list[App]) -> tuple[list[str], int]:
    pools = {"default": {"pool_size": 0}}
    for app in targets:
        pools[app.path.removeprefix("voila/render/")] = {"pool_size": 1}
    return ["--VoilaConfiguration.preheat_kernel=True", f"--VoilaKernelManager.kernel_pools_config={json.dumps(pools)}"], \
        len(targets)


async def phase(name: str, targets: list[App], runs: int, click_count: int, seed: int) -> Figures:
    figures = Figures()
    if name == "on":
        args, pooled = preheat_args(targets)
    else:
        args, pooled = ["--VoilaConfiguration.preheat_kernel=False"], 0
    # no cap on kernels: a benchmark load must never meet the "room is full" page
    with Server(*args, "--RoomPolicy.max_kernels=0", "--RoomPolicy.max_kernels_per_client=0", name=f"preheat-{name}") as server:
        print(f"[preheat {name}] server {server.url}, log {server.log_path}", flush=True)
        waited = server.wait_quiet(kernels=pooled, timeout=240)
        if pooled:
            print(f"[preheat {name}] pool of {pooled} kernels ready after {waited:.0f} s", flush=True)
        async with async_playwright() as playwright:
            browser = await launch(playwright)
            warm_context, warm = await new_page(browser)  # the browser's own first start is not the apps' fault
            await open_app(warm, server.url + BARE.path)
            warm_kid = await kernel_id(warm)
            await warm_context.close()
            server.shutdown_kernel(warm_kid)
            server.wait_quiet(kernels=pooled, timeout=90)
            rng = random.Random(seed)
            for run in range(runs):
                # the apps in a new order each round, and the bare page twice, once in each half, against drift
                order = [t for t in targets if t is not BARE]
                rng.shuffle(order)
                half = len(order) // 2
                order = [*order[:half], BARE, *order[half:]]
                order.insert(rng.randrange(0, half + 1), BARE)
                started = time.monotonic()
                for app in order:
                    await load_once(browser, server, app, figures, pooled)
                print(f"[preheat {name}] round {run + 1}/{runs} of {len(order)} loads in {time.monotonic() - started:.0f} s",
                      flush=True)
            if click_count:
                for app in [BARE, *[a for a in targets if a.free_text and a is not BARE]]:
                    figures.clicks[app.id] = await clicks(browser, server, app, click_count, pooled)
                    print(f"[preheat {name}] {click_count} clicks on {app.id}", flush=True)
            await browser.close()
        log = server.log_path.read_text(errors="replace")
        print(f"[preheat {name}] pre-heated kernels used: {log.count('Using pre-heated kernel')}", flush=True)
    return figures


def _ms(values: list[float]) -> str:
    return f"{median(values):.0f}" if values else "-"


def report(name: str, f: Figures, targets: list[App], runs: int) -> None:
    print(f"\n## Preheat {name}: {runs} loads per app, {len(f.tti['bare'])} of the bare page")
    base_tti, base_rss, base_uss = median(f.tti["bare"]), median(f.rss.get("bare", [])), median(f.uss.get("bare", []))
    print(f"time to interactive (median; target app <= {TTI_TARGET:g} x bare) and kernel memory after one check "
          f"(median RSS; target <= {RSS_TARGET:g} x bare)")
    print("(HTML ms: the page's HTML fully received, i.e. the kernel started and the notebook run on the server; "
          "the rest of TTI is the browser loading Voila's scripts and drawing the widgets. 1st check ms: click to "
          "feedback for the first answer in a fresh kernel; '-' when the app has no single check control)")
    print(f"{'page':<26}{'TTI ms':>9}{'x bare':>8}  {'target':<8}{'HTML ms':>8}{'x bare':>8}{'1st check ms':>13}"
          f"{'RSS MB':>9}{'x bare':>8}  {'target':<8}{'USS MB':>8}{'x bare':>8}")
    base_html = median(f.html_done["bare"])
    for app in targets:
        tti, rss, uss = median(f.tti[app.id]), median(f.rss.get(app.id, [])), median(f.uss.get(app.id, []))
        r_tti, r_rss = ratio(tti, base_tti), ratio(rss, base_rss)
        html_done = median(f.html_done[app.id])
        is_bare = app is BARE
        print(f"{app.id:<26}{tti:>9.0f}{r_tti:>8.2f}  {'(base)' if is_bare else met(r_tti <= TTI_TARGET):<8}"
              f"{html_done:>8.0f}{ratio(html_done, base_html):>8.2f}"
              f"{_ms(f.first_check.get(app.id, [])):>13}{rss:>9.1f}{r_rss:>8.2f}  "
              f"{'(base)' if is_bare else met(r_rss <= RSS_TARGET):<8}{uss:>8.1f}{ratio(uss, base_uss):>8.2f}")
    if f.clicks:
        base = f.clicks["bare"]
        print(f"\nclick-to-feedback (target p95 <= {CLICK_P95_TARGET_MS:g} ms; baseline: the bare page's button "
              "updating its label)")
        print(f"{'page':<26}{'clicks':>7}{'median ms':>11}{'x bare':>8}{'p95 ms':>9}{'x bare':>8}{'max ms':>9}  target")
        pooled: list[float] = []
        for app_id, values in f.clicks.items():
            if app_id != "bare":
                pooled += values
            print(f"{app_id:<26}{len(values):>7}{median(values):>11.1f}{ratio(median(values), median(base)):>8.2f}"
                  f"{p95(values):>9.1f}{ratio(p95(values), p95(base)):>8.2f}{max(values):>9.1f}  "
                  f"{'(base)' if app_id == 'bare' else met(p95(values) <= CLICK_P95_TARGET_MS)}")
        if pooled:
            print(f"{'all free-text apps':<26}{len(pooled):>7}{median(pooled):>11.1f}{ratio(median(pooled), median(base)):>8.2f}"
                  f"{p95(pooled):>9.1f}{ratio(p95(pooled), p95(base)):>8.2f}{max(pooled):>9.1f}  "
                  f"{met(p95(pooled) <= CLICK_P95_TARGET_MS)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="2 loads per page and 10 clicks per app, both phases")
    parser.add_argument("--runs", type=int, help="loads per app, the bare page twice as many (default: 60 // pages "
                        "and at least 3 without preheating, 40 // pages and at least 2 with it; quick 2)")
    parser.add_argument("--clicks", type=int, help="timed checks per free-text app (default 30, quick 10; "
                        "without preheating only, unless given)")
    parser.add_argument("--preheat", choices=("off", "on", "both"), default="off",
                        help="off: every load starts its kernel (default); on: Voila's preheated pool; both: one then the other")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    apps = catalogue_apps()
    targets = [BARE, *apps]
    # about 60 loads without preheating and 40 with it (each also waits for the pool to refill): under 10 minutes
    runs = {"off": args.runs or (2 if args.quick else max(3, 60 // len(targets))),
            "on": args.runs or (2 if args.quick else max(2, 40 // len(targets)))}
    click_count = args.clicks if args.clicks is not None else (10 if args.quick else 30)
    print(f"machine: {machine()}")
    print(f"apps: {', '.join(a.id + (' (free text)' if a.free_text else '') for a in apps)}")
    started = time.monotonic()
    results: dict[str, Figures] = {}
    with bare_notebook():
        for name in ("off", "on") if args.preheat == "both" else (args.preheat,):
            # clicks are timed without preheating only (unless --clicks is given): once the page is open, the kernel
            # answers the same way, and the preheated phase stays under 10 minutes
            count = click_count if (name == "off" or args.clicks is not None) else 0
            results[name] = asyncio.run(phase(name, targets, runs[name], count, args.seed))
    raw = Path(tempfile.mkdtemp(prefix="coachkit-bench-")) / "bench_apps.json"
    raw.write_text(json.dumps({name: asdict(f) for name, f in results.items()}, indent=1))
    print(f"raw figures: {raw}")
    for name, figures in results.items():
        report(name, figures, targets, runs[name])
    print(f"\ntotal {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
