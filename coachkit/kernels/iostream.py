"""A forked kernel's stdout and stderr wait for ipykernel's IO thread only when they hold output.

After every message it handles (a keystroke in an answer box, a click), ipykernel flushes ``sys.stdout`` and
``sys.stderr`` before saying it is idle: each flush hands a flush and an event to the IO thread and waits until the
thread has run both, whether or not anything was written. That is two thread hand-offs per message in each kernel,
≈ 0.3 ms of CPU per message measured in a forked kernel (bench/RESULTS.md, section 5) and, in a room where 30 kernels
share 2 cores, a wait for the IO thread's turn on a core. The apps write nothing to stdout: :func:`flush_only_output`
makes a flush with nothing written since the last one return at once. Output written before a flush is still sent
before it returns (and so before the idle status), as ipykernel does; it only skips the wait when there is no output.
"""

from __future__ import annotations

__all__ = ["flush_only_output"]


def flush_only_output() -> bool:
    """Make ``OutStream.flush`` return at once when no output is waiting (once per process); whether it is in place
    (an ipykernel whose streams do not keep ``_flush_pending`` keeps its own flush)."""
    from ipykernel.iostream import OutStream

    if getattr(OutStream.flush, "only_output", False):
        return True
    flush = OutStream.flush

    def flush_if_output(self: OutStream) -> None:
        pending = (getattr(self, "_flush_pending", None), getattr(self, "_subprocess_flush_pending", None))
        if pending == (False, False):  # nothing written since the last flush ran (a write sets it first)
            return None
        return flush(self)

    flush_if_output.only_output = True  # type: ignore[attr-defined]
    flush_if_output.__doc__ = flush.__doc__
    OutStream.flush = flush_if_output  # type: ignore[method-assign]
    return True
