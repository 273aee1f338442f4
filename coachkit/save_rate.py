"""A limit on saves per learner per minute (in one kernel): a script clicking Check cannot flood the store.

The limit is ``$COACHKIT_SAVES_PER_MINUTE`` (set by the learners' server from ``RoomPolicy.saves_per_minute``),
else :data:`coachkit.config.SAVES_PER_MINUTE`; 0 means no limit. An attempt over it is not saved and says why;
every attempt saved before stays.
"""

from __future__ import annotations

import os
import time
from collections import defaultdict, deque
from collections.abc import Callable, Hashable

from coachkit.config import SAVES_PER_MINUTE, SAVES_PER_MINUTE_ENV

__all__ = ["SaveRate", "saves_per_minute"]

WINDOW_S = 60.0


def saves_per_minute(environ=os.environ) -> int:
    """The limit in force: the environment's if it is a whole number, else the kit's default."""
    try:
        return max(0, int(environ.get(SAVES_PER_MINUTE_ENV, SAVES_PER_MINUTE)))
    except ValueError:
        return SAVES_PER_MINUTE


class SaveRate:
    """Counts each learner's saves over the last minute."""

    def __init__(self, limit: int | None = None, clock: Callable[[], float] = time.monotonic):
        self.limit = limit
        self.clock = clock
        self._times: dict[Hashable, deque[float]] = defaultdict(deque)

    def allow(self, who: Hashable) -> bool:
        """True (and the save counted) if ``who`` is under the limit; False otherwise."""
        limit = saves_per_minute() if self.limit is None else self.limit
        if not limit:
            return True
        now, times = self.clock(), self._times[who]
        while times and now - times[0] >= WINDOW_S:
            times.popleft()
        if len(times) >= limit:
            return False
        times.append(now)
        return True

    def message(self) -> str:
        limit = saves_per_minute() if self.limit is None else self.limit
        return (f"Slow down: at most {limit} answers are saved per minute. This one was not saved — it is still on "
                "screen; check it again in a few seconds. Everything saved before is kept.")
