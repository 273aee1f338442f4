"""What ipykernel and IPython list of the loaded modules as each kernel starts, recorded once in the template.

Two walks over ``sys.modules`` run at every kernel's start:

* ipykernel's ``IPythonKernel.__init__`` makes ``[m.__file__ for m in sys.modules.copy().values() if ...]`` (its
  debugger's list of the kernel's own files): it writes a reference count into each of the ≈ 1,400 module objects,
  their names and their file names (≈ 2,400 pages, 9 MB, copied into every forked kernel);
* IPython's ``InteractiveShellApp.init_code`` ends with ``shell._sys_modules_keys = set(sys.modules.keys())`` (what
  ``%reset -f aggressive`` keeps): the set holds a new reference to every module's name, scattered over memory the
  kernel shares with the template (≈ 950 pages, 3.7 MB copied, measured with ``/proc/<pid>/pagemap``).

:func:`record` keeps the files and the names once in the template, each list as one string; while a forked kernel
starts, :func:`recorded_modules` shows both walks that record for the template's modules (and the real module for
each one imported since), so that the lists are equal and no module object or name of the template is touched: the
names IPython keeps are new strings, equal to the modules' names, in a few fresh pages.
"""

from __future__ import annotations

import contextlib
import itertools
import sys
from collections.abc import Iterator

__all__ = ["record", "recorded_modules"]

_SEP = "\0"  # never in a path or a module name
_record: tuple[str, str, int] | None = None


def record() -> None:
    """In the template, before forking: the file of every loaded module, as ipykernel would list it, and every name."""
    global _record
    files = []
    for module in list(sys.modules.values()):
        try:
            file = module.__file__ if hasattr(module, "__file__") else None
        except Exception:  # noqa: BLE001 - a module whose attributes fail: ipykernel would not list it either
            file = None
        if file and isinstance(file, str) and _SEP not in file:
            files.append(file)
    names = list(sys.modules)
    _record = (_SEP.join(files), _SEP.join(names) if not any(_SEP in n for n in names) else "", len(names))


class _Loaded:
    """Stands for one recorded module: only its file."""

    __slots__ = ("__file__",)

    def __init__(self, file: str):
        self.__file__ = file


def _added() -> list:
    """The (name, module) pairs imported since the record: new modules come last in sys.modules."""
    assert _record is not None
    added = len(sys.modules) - _record[2]
    return list(reversed(list(itertools.islice(reversed(sys.modules.items()), added)))) if added > 0 else []


class _Listing:
    """What ``sys.modules.copy()`` gives ipykernel: the recorded files, then the modules imported since."""

    def values(self) -> Iterator[object]:
        assert _record is not None
        if _record[0]:
            yield from (_Loaded(file) for file in _record[0].split(_SEP))
        yield from (module for _, module in _added())


class _Modules:
    """``sys.modules`` but for ``copy()`` (ipykernel's walk) and ``keys()`` (IPython's)."""

    def copy(self) -> _Listing:
        return _Listing()

    def keys(self) -> Iterator[str]:
        assert _record is not None
        if not _record[1]:  # a name held the separator: the real walk
            yield from sys.modules.keys()
            return
        yield from _record[1].split(_SEP)  # new strings, equal to the template's modules' names
        yield from (name for name, _ in _added())

    def __getattr__(self, name: str):
        return getattr(sys.modules, name)


class _Sys:
    """``sys`` as a module sees it while the kernel starts: the real one, but for ``modules``."""

    def __init__(self, modules: _Modules):
        self.modules = modules

    def __getattr__(self, name: str):
        return getattr(sys, name)


@contextlib.contextmanager
def recorded_modules(*modules) -> Iterator[None]:
    """While the kernel starts (in a forked child), ``modules`` (``ipykernel.ipkernel``, ``IPython.core.shellapp``)
    read :func:`record`'s lists instead of walking ``sys.modules``; nothing changes when nothing was recorded or fewer
    modules are loaded than were then."""
    if _record is None or len(sys.modules) < _record[2]:
        yield
        return
    patched = [module for module in modules if getattr(module, "sys", None) is sys]
    view = _Sys(_Modules())
    for module in patched:
        module.sys = view
    try:
        yield
    finally:
        for module in patched:
            module.sys = sys
