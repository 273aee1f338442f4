"""What the template does last, before its first fork, so that each kernel writes (and so copies) fewer of its pages.

A forked kernel shares the template's memory until it writes a page; then that page is copied into the kernel's
own memory (its USS). Measured with ``/proc/<pid>/pagemap`` (a kernel's pages against the template's, at each step,
and the words that differ mapped to the template's objects), three things the template can settle once:

* **the collector** (:func:`gc.freeze`): what the template loaded is never traversed by a kernel's collections;
* **type-attribute cache tags** (:func:`tag_types`): CPython (3.11) gives a class a version tag, written into the
  type object, the first time an attribute is looked up through it. Classes the template imported but never used
  got theirs in each kernel: ≈ 1.5 MB of type objects copied per kernel. Every class is looked up once here;
* **holes in the small-object allocator** (:func:`fill_pool_holes`): the template freed many objects while it
  loaded and rehearsed, leaving free blocks in pools otherwise full of live objects. pymalloc fills those first,
  so a kernel's first few thousand new objects landed one by one on shared pages, copying each (≈ 1.2 MB per
  kernel). The free blocks of every size class are taken here (and kept), so a kernel's new objects go to new pools.

Each step only reads or allocates in the template: no learner data, no thread, nothing a kernel sees.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import tempfile

__all__ = ["fill_pool_holes", "settle", "tag_types"]

#: The objects that fill the allocator's free blocks: kept for the template's life.
_FILLERS: list = []

#: The attribute looked up on every class: no class has it, so the lookup walks the MRO and tags each class in it.
_PROBE = "__coachkit_fork_probe__"


def settle() -> None:
    """Freeze the collector, tag every class, fill the allocator's holes (in that order: the tagging's own garbage
    is freed before the holes are filled); then freeze again what the filling made."""
    gc.collect()
    gc.freeze()
    tag_types()
    _FILLERS.extend(fill_pool_holes())
    gc.freeze()


def tag_types() -> int:
    """Look an absent attribute up on every class (``object``'s subclasses, recursively, and every class the collector
    knows); how many classes."""
    seen: set[int] = set()
    todo: list[type] = [object, *(o for o in gc.get_objects() if isinstance(o, type))]
    while todo:
        cls = todo.pop()
        if id(cls) in seen:
            continue
        seen.add(id(cls))
        with contextlib.suppress(Exception):  # a class whose lookup fails: it gets its tag in the kernel, as before
            type.__getattribute__(cls, _PROBE)
        with contextlib.suppress(Exception):
            todo.extend(type.__subclasses__(cls))
    return len(seen)


def pool_stats() -> list[tuple[int, int]]:
    """pymalloc's (block size, free blocks in pools in use) per size class, from ``sys._debugmallocstats()``; empty
    where that is unavailable (another interpreter, another allocator)."""
    if not hasattr(sys, "_debugmallocstats"):
        return []
    with tempfile.TemporaryFile() as out:
        saved = os.dup(2)
        try:
            sys.stderr.flush()
            os.dup2(out.fileno(), 2)
            sys._debugmallocstats()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        out.seek(0)
        text = out.read().decode(errors="replace")
    rows = []
    for line in text.splitlines():  # class, size, num pools, blocks in use, avail blocks
        parts = line.split()
        if len(parts) == 5 and all(p.isdigit() for p in parts):
            rows.append((int(parts[1]), int(parts[4])))
    return rows


#: ``bytes`` of length n take 33 + n bytes; a float 24 (the 32-byte class); the 16-byte class has no such object.
_BYTES_HEADER = 33


def fill_pool_holes() -> list:
    """Objects taking every free block of pymalloc's pools in use, per size class (see the module's docstring)."""
    fillers: list = []
    for size, free in pool_stats():
        if size == 32:
            fillers.extend(float(n) + 0.5 for n in range(free))
        elif size >= 48:  # bytes of length 15 and more: never a shared singleton
            fillers.extend(bytes(size - _BYTES_HEADER) for _ in range(free))
    return fillers
