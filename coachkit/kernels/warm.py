"""What the fork template loads once, before forking any kernel: every child starts with it in memory.

Only code and read-only content: no learner data, no open store connection, no thread, no event loop, no zmq context.
"""

from __future__ import annotations

import importlib

#: What every kernel imports as it starts (ipykernel's debugger brings debugpy: 150 modules, 8 MB), before any cell.
#: The IPython and tornado modules after them are what ipykernel's start imports in the child otherwise.
KERNEL_MODULES = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.debugger", "IPython.core.debugger",
                  "IPython.core.history", "IPython.core.completer", "sqlite3", "psutil", "ipywidgets",
                  "IPython.core.completerlib", "IPython.core.logger", "IPython.core.oinspect",
                  "IPython.extensions.storemagic", "IPython.utils.wildcard", "tornado.platform.asyncio")


def warm() -> None:
    """Import ipykernel, ipywidgets and the kit's widgets; read the content and the move detector's cues and weights;
    open and answer every exercise once (:mod:`coachkit.kernels.rehearse`); prepare the store's engine."""
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
    _zmq_annotations()
    from coachkit.kernels.rehearse import rehearse

    rehearse()
    _store()


def _zmq_annotations() -> None:
    """What pyzmq's ``AttributeSetter.__setattr__`` does at each kernel's first socket option (``socket.linger =``):
    read ``__annotations__`` of every class of the socket's MRO. On a class that has none, Python (3.10+) creates an
    empty one and calls ``PyType_Modified``, which clears the type-attribute cache tag of the class *and of all its
    subclasses*: for ``typing.Generic`` ≈ 530 classes (protocols, traitlets' traits, SQLAlchemy's elements...) whose
    type objects each kernel then wrote again (≈ 1.5 MB copied, measured with ``/proc/<pid>/pagemap``). Done once
    here, it is done for every kernel."""
    try:
        from zmq.sugar.attrsettr import AttributeSetter
    except ImportError:
        return
    todo, seen = [AttributeSetter], set()
    while todo:
        cls = todo.pop()
        if cls not in seen:
            seen.add(cls)
            todo.extend(type.__subclasses__(cls))
            for base in cls.__mro__:
                getattr(base, "__annotations__", None)


def _store() -> None:
    """Open the store the kernels will use (created and migrated if new: its schema, no learner's row), then close its
    connections (``Engine.dispose()``, SQLAlchemy's way before forking): each kernel connects on its own, to an engine
    whose dialect and statements (schema, an app's read and save: ``Store.prepare``) are already compiled. If it
    cannot be opened now, only its SQL dialect is imported, and each kernel reports the problem when it saves."""
    from sqlalchemy.engine import make_url

    from coachkit.store import StoreError, default_url, open_store

    try:
        store = open_store()
        store.prepare()
        store.engine.dispose()
    except StoreError:
        try:
            make_url(default_url()).get_dialect().import_dbapi()
        except Exception:  # noqa: BLE001 - an unknown driver: the kernel names it when it saves
            pass
