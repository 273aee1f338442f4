"""Voilà's page templates compiled once per server, not once per page.

Voilà renders each page with a new nbconvert exporter (``VoilaExporter``, made in ``NotebookRenderer.initialize``),
hence a new Jinja environment, which lexes, parses and compiles the kit's template and Voilà's ``lab`` templates it
extends (``index.html.j2``, ``base.html.j2``, ``display_priority.j2``...) again: **40 % of the server process's CPU**
in a room of 30 learners opening the kit's apps at once (py-spy, 2026-12-06), ≈ 0.1 CPU-s per page in the one Tornado
process that serves the room.

:func:`install` gives every ``VoilaExporter`` environment one shared :class:`SharedBytecode` (Jinja's own extension
point for skipping compilation, ``Environment.bytecode_cache``): a template's compiled code is kept in memory, keyed by
its name, file and the environment's code-generation settings, and used again as long as the template's source is
the same (its SHA-1, checked at every load: an edited template is compiled again). Each page still gets its own
environment and template objects; only the compilation is shared.
"""

from __future__ import annotations

import threading

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

__all__ = ["SharedBytecode", "install"]


class SharedBytecode(BytecodeCache):
    """Compiled template code kept in memory for the server's life, one entry per template and code settings."""

    def __init__(self) -> None:
        self._codes: dict[str, tuple[str, object]] = {}
        self._lock = threading.Lock()

    def get_bucket(self, environment, name: str, filename: str | None, source: str) -> Bucket:
        # the code Jinja generates depends on the environment's settings, not only on the source
        settings = (environment.is_async, environment.optimized, environment.autoescape, environment.newline_sequence,
                    environment.keep_trailing_newline, tuple(sorted(environment.extensions)))
        bucket = Bucket(environment, f"{self.get_cache_key(name, filename)}:{settings!r}", self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        with self._lock:
            found = self._codes.get(bucket.key)
        if found is not None and found[0] == bucket.checksum:
            bucket.code = found[1]

    def dump_bytecode(self, bucket: Bucket) -> None:
        with self._lock:
            self._codes[bucket.key] = (bucket.checksum, bucket.code)

    def clear(self) -> None:
        with self._lock:
            self._codes.clear()

    def __len__(self) -> int:
        return len(self._codes)


#: The server's one cache.
SHARED = SharedBytecode()


def install() -> None:
    """Make every VoilaExporter's Jinja environment use :data:`SHARED` (once; later calls do nothing)."""
    from voila.exporter import VoilaExporter

    if getattr(VoilaExporter._create_environment, "_coachkit_shared", False):
        return
    create = VoilaExporter._create_environment

    def _create_environment(self):
        environment = create(self)
        environment.bytecode_cache = SHARED
        return environment

    _create_environment._coachkit_shared = True
    VoilaExporter._create_environment = _create_environment
