"""Whether a kernel's page is connected, as the server sees it, readable from inside the kernel.

A kernel cannot see the websockets between its page and the server; the server's room (:mod:`coachkit.room`) can,
at the moment each opens and closes (:mod:`coachkit.room_sockets`). While no page is connected to a page's kernel,
the room leaves a marker next to the kernel's connection file (``kernel-<id>.json`` → ``kernel-<id>.nopage``) and
removes it when a page connects again or the kernel ends. Code running in the kernel (the dashboard's refresh timer)
reads it with :func:`page_gone`.

No marker means "carry on": the page is there, or the kernel is not served by a room at all (a test, a notebook,
JupyterHub's single-user server), so nothing in a kernel ever stops by mistake.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

__all__ = ["kernel_marker", "mark_back", "mark_gone", "marker", "page_gone"]

#: Suffix of the marker that replaces the connection file's ``.json``.
SUFFIX = ".nopage"


def marker(connection_file: str | Path) -> Path | None:
    """The marker path of a kernel whose connection file is ``connection_file`` (None if it has none)."""
    return Path(connection_file).with_suffix(SUFFIX) if connection_file else None


def mark_gone(connection_file: str | Path) -> None:
    """Server side: no page is connected to this kernel now."""
    path = marker(connection_file)
    if path is not None:
        with contextlib.suppress(OSError):  # the kernel's folder went away with it: nothing to tell
            path.touch(mode=0o600)


def mark_back(connection_file: str | Path) -> None:
    """Server side: a page is connected again (or the kernel ended)."""
    path = marker(connection_file)
    if path is not None:
        path.unlink(missing_ok=True)


def kernel_marker() -> Path | None:
    """Inside a kernel: the marker path of this kernel (None outside a kernel). Nothing of ipykernel is imported
    outside a kernel: importing it replaces the ``comm`` package's comm manager of the whole process."""
    kernelapp = sys.modules.get("ipykernel.kernelapp")
    if kernelapp is None or not kernelapp.IPKernelApp.initialized():
        return None
    try:
        from ipykernel.connect import get_connection_file

        return marker(get_connection_file())
    except Exception:  # a kernel without a connection file: nothing to read
        return None


def page_gone(path: Path | None) -> bool:
    """Inside a kernel: True while the server says no page is connected to it (``path`` from :func:`kernel_marker`)."""
    return path is not None and path.exists()
