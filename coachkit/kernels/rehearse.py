"""A rehearsal in the warm template: every exercise of the catalogue opened and answered once, then closed.

A kernel forked from the template then finds done what an app's first use does lazily (the reading lexicon's
patterns, key-point concepts, word forms, the store's SQL dialect, the widgets' classes...), so a learner's first
Check costs what any later one does, and that memory is shared by every kernel instead of copied into each.

The rehearsal runs each exercise notebook's code cells as Voilà would, with a throwaway identity on a progress store
in memory (never the real store, no learner data), shows each app as a cell's result would (its text and widget
representations, every widget's state as the page asks for it), then types :data:`SAMPLE_ANSWERS` into each app's
answer box and clicks its Check button (the widgets' testing contract: ``.answer``, ``.check``) by the messages the
page sends. Every widget it made is closed and the environment restored.
It starts no thread (the template checks) and never raises: an app that fails here fails the same way in its kernel,
which shows the message.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

__all__ = ["SAMPLE_ANSWERS", "rehearse"]

#: What the rehearsal types into each answer box, in turn: one reply that follows the protocol and one that argues,
#: so that both the praising and the failing paths of every scorer have run once.
SAMPLE_ANSWERS = (
    "That's a fair concern, thank you for telling me. What worries you most about it? So you're saying the time it "
    "takes is the problem, and underneath you need your team to stay safe while they learn — is that right? Would "
    "you like to hear how other teams handled it?",
    "But honestly our product is the best on the market, so you should sign this week before the price goes up.",
)

#: The store the rehearsal writes to: SQLite in memory, gone with the rehearsal.
MEMORY_STORE = "sqlite:///:memory:"


def _exercise_notebooks() -> list[Path]:
    from coachkit.config import kit_dir
    from coachkit.content import load_catalogue

    root = kit_dir() / "exercises"
    return [root / exercise.notebook for module in load_catalogue().modules for exercise in module.exercises]


def _code_cells(path: Path) -> list[str]:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(cell["source"]) for cell in notebook["cells"] if cell.get("cell_type") == "code"]


@contextlib.contextmanager
def _throwaway_learner() -> Iterator[None]:
    """A local learner on a store in memory, saves unlimited; the environment and the shared stores restored after."""
    from coachkit import store
    from coachkit.config import SAVES_PER_MINUTE_ENV

    saved_env = dict(os.environ)
    saved_stores = dict(store._STORES)
    os.environ.update({"COACHKIT_DATABASE_URL": MEMORY_STORE, "QUERY_STRING": "", SAVES_PER_MINUTE_ENV: "0"})
    os.environ.pop("JUPYTERHUB_USER", None)
    try:
        yield
    finally:
        for url, opened in list(store._STORES.items()):
            if saved_stores.get(url) is not opened:
                opened.close()
                del store._STORES[url]
        os.environ.clear()
        os.environ.update(saved_env)


def _shown(app, made: list) -> None:
    """What showing the app does: IPython's display (its text and widget representations), then the page asking for
    the state of every widget (ipywidgets' ``request_states``)."""
    from ipywidgets.widgets.widget import _remove_buffers

    with contextlib.suppress(Exception):
        repr(app)
        app._repr_mimebundle_()
    for widget in made:
        with contextlib.suppress(Exception):
            _remove_buffers(widget.get_state())


def _from_page(widget, data: dict) -> None:
    """A message from the page to ``widget``, as its comm delivers it (``update`` of a value, a ``custom`` click)."""
    widget._handle_msg({"content": {"data": data}, "buffers": []})


def _answer(app, problems: list[str], name: str) -> None:
    """Type each sample answer into the app's answer box (if it has one) and click its Check button, as the page's
    messages do."""
    check = getattr(app, "check", None)
    if check is None or not hasattr(check, "click"):
        return
    box = getattr(app, "answer", None)
    for text in SAMPLE_ANSWERS if box is not None else ("",):
        try:
            if box is not None:
                _from_page(box, {"method": "update", "state": {"value": text}})
            _from_page(check, {"method": "custom", "content": {"event": "click"}})
        except Exception as exc:  # noqa: BLE001 - reported, the rehearsal goes on
            problems.append(f"{name}: Check: {type(exc).__name__}: {exc}")


def _run_notebook(path: Path, problems: list[str]) -> None:
    namespace: dict = {"__name__": "__main__"}
    for number, source in enumerate(_code_cells(path), 1):
        try:
            exec(compile(source, f"{path.name}[{number}]", "exec"), namespace)  # noqa: S102 - the kit's own notebooks
        except Exception as exc:  # noqa: BLE001 - the learner's kernel will show it
            problems.append(f"{path.name} cell {number}: {type(exc).__name__}: {exc}")


def rehearse() -> list[str]:
    """Open and answer every exercise once (see the module's docstring); the problems met, one line each."""
    from ipywidgets.widgets import widget

    import coachkit.widgets

    problems: list[str] = []
    before = set(widget._instances)
    apps = set(coachkit.widgets.__all__)
    try:
        with _throwaway_learner(), contextlib.redirect_stdout(io.StringIO()):
            for path in _exercise_notebooks():
                made = set(widget._instances)
                _run_notebook(path, problems)
                new = [widget._instances[model_id] for model_id in set(widget._instances) - made]
                for app in new:
                    if type(app).__name__ in apps:
                        _shown(app, new)
                        _answer(app, problems, path.name)
    except Exception as exc:  # noqa: BLE001 - no catalogue, no store: the kernels load what they need themselves
        problems.append(f"{type(exc).__name__}: {exc}")
    finally:
        for model_id in set(widget._instances) - before:
            with contextlib.suppress(Exception):
                widget._instances[model_id].close()
            widget._instances.pop(model_id, None)
    for line in problems:
        print(f"coachkit fork template: rehearsal: {line}", file=sys.stderr)
    return problems
