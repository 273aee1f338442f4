"""What the fork template loads once, before forking any kernel: every child starts with it in memory.

Only code and read-only content: no learner data, no store connection, no thread, no event loop, no zmq context.
"""

from __future__ import annotations

import importlib

#: What every kernel imports as it starts (ipykernel's debugger brings debugpy: 150 modules, 8 MB), before any cell.
KERNEL_MODULES = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.debugger", "IPython.core.debugger",
                  "IPython.core.history", "IPython.core.completer", "sqlite3", "psutil", "ipywidgets")


def warm() -> None:
    """Import ipykernel, ipywidgets and the kit's widgets; read the content and the move detector's cues and weights."""
    for module in KERNEL_MODULES:
        importlib.import_module(module)
    import coachkit.widgets as widgets

    for name in widgets.__all__:
        getattr(widgets, name)
    from coachkit import content, moves

    for kind in content.KINDS:
        if kind != "judged":  # the coach-agreement sets: read by the evaluation commands, never by an app
            try:
                content.load(kind)
            except content.ContentInvalid:
                pass  # the app that reads it will show the message, as without a template
    moves.warm_up()
