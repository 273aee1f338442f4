"""The files of the loaded modules, which ipykernel lists as each kernel starts, recorded once in the template.

ipykernel's ``IPythonKernel.__init__`` makes ``[m.__file__ for m in sys.modules.copy().values() if ...]`` (its
debugger's list of the kernel's own files). In a kernel forked from the template, that walk writes a reference count
into each of the ≈ 1,400 module objects, their names and their file names, scattered over memory the kernel shares
with the template: ≈ 2,400 pages (9 MB) copied into every kernel before it runs a cell. :func:`record` keeps those
file names once in the template, as one string; while a forked kernel starts, :func:`recorded_modules` shows
ipykernel that record for the template's modules (and the real module for each one imported since), so that the
list is the same and no module object is touched.
"""

from __future__ import annotations

import contextlib
import itertools
import sys
from collections.abc import Iterator

__all__ = ["record", "recorded_modules"]

_SEP = "\0"  # never in a path
_record: tuple[str, int] | None = None


def record() -> None:
    """In the template, before forking: the file of every loaded module, as ipykernel would list it."""
    global _record
    files = []
    for module in list(sys.modules.values()):
        try:
            file = module.__file__ if hasattr(module, "__file__") else None
        except Exception:  # noqa: BLE001 - a module whose attributes fail: ipykernel would not list it either
            file = None
        if file and isinstance(file, str) and _SEP not in file:
            files.append(file)
    _record = (_SEP.join(files), len(sys.modules))


class _Loaded:
    """Stands for one recorded module: only its file."""

    __slots__ = ("__file__",)

    def __init__(self, file: str):
        self.__file__ = file


class _Listing:
    """What ``sys.modules.copy()`` gives ipykernel: the recorded files, then the modules imported since."""

    def __init__(self, files: str, count: int):
        self._files, self._count = files, count

    def values(self) -> Iterator[object]:
        if self._files:
            yield from (_Loaded(file) for file in self._files.split(_SEP))
        added = len(sys.modules) - self._count
        if added > 0:  # new modules come last in sys.modules: read only those
            yield from reversed([m for _, m in itertools.islice(reversed(sys.modules.items()), added)])


class _Modules:
    def __init__(self, listing: _Listing):
        self._listing = listing

    def copy(self) -> _Listing:
        return self._listing

    def __getattr__(self, name: str):
        return getattr(sys.modules, name)


class _Sys:
    """``sys`` as ipykernel's module sees it while the kernel starts: the real one, but for ``modules``."""

    def __init__(self, modules: _Modules):
        self.modules = modules

    def __getattr__(self, name: str):
        return getattr(sys, name)


@contextlib.contextmanager
def recorded_modules(module) -> Iterator[None]:
    """While the kernel starts (in a forked child), ``module`` (``ipykernel.ipkernel``) reads :func:`record`'s list
    instead of walking ``sys.modules``; nothing changes when nothing was recorded or fewer modules are loaded."""
    if _record is None or len(sys.modules) < _record[1] or getattr(module, "sys", None) is not sys:
        yield
        return
    module.sys = _Sys(_Modules(_Listing(*_record)))
    try:
        yield
    finally:
        module.sys = sys
