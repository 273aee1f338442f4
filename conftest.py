"""Repository-wide pytest hooks: count the tests of each layer (unit, widget, nbval, browser).

It lives at the root so that it also sees the notebooks nbval collects outside ``tests/``.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter

import pytest


def pytest_configure(config):
    """Notebooks run by nbval (and anything else) save progress in a throw-away store, never the user's."""
    os.environ.setdefault("COACHKIT_STORE", os.path.join(tempfile.mkdtemp(prefix="coachkit-tests-"), "progress.sqlite"))


def _layer(item) -> str:
    if item.get_closest_marker("browser"):
        return "browser"
    if type(item).__name__ == "IPyNbCell":
        return "nbval"
    if "widget" in item.nodeid.split("::")[0]:
        return "widget"
    return "unit"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in item.nodeid:
            item.add_marker(pytest.mark.browser)
    # browser tests last: Playwright's synchronous API keeps an event loop running in this thread for the whole
    # session, and tests that run a loop of their own (Tornado's test cases, asyncio.run) cannot start after it
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


def pytest_terminal_summary(terminalreporter):
    counts: dict[str, Counter] = {}
    for outcome in ("passed", "failed", "error", "skipped"):
        for report in terminalreporter.stats.get(outcome, []):
            if not hasattr(report, "user_properties") or (outcome == "passed" and report.when != "call"):
                continue
            layer = dict(report.user_properties).get("layer", "unit")
            counts.setdefault(layer, Counter())[outcome] += 1
    line = "; ".join(f"{layer}: " + ", ".join(f"{n} {o}" for o, n in sorted(c.items()))
                     for layer, c in sorted(counts.items()))
    terminalreporter.write_line(f"tests per layer — {line}")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    item.user_properties.append(("layer", _layer(item)))


