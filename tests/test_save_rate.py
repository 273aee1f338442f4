"""coachkit.save_rate: saves per learner per minute are limited with a message; nothing saved before is lost."""

from __future__ import annotations

from coachkit import progress
from coachkit.identity import Identity
from coachkit.progress import Recorder
from coachkit.save_rate import SaveRate, saves_per_minute
from coachkit.store import Store

GOOD = "That's a fair concern. What would make the cost feel justified for you?"


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_saves_over_the_limit_are_refused_with_a_message_and_earlier_ones_kept(tmp_path, monkeypatch):
    """Past the limit a save says 'slow down' and stores nothing; the earlier saves stay; a minute later it saves."""
    from coachkit.feedback import accept_and_explore

    clock = Clock()
    monkeypatch.setenv("COACHKIT_SAVES_PER_MINUTE", "3")
    monkeypatch.setattr(progress, "SAVE_RATE", SaveRate(clock=clock))
    store = Store(f"sqlite:///{tmp_path / 'p.sqlite'}")
    ann, bob = Recorder("accept-explore", Identity("ann", "W"), store), Recorder("accept-explore", Identity("bob", "W"), store)
    feedback = accept_and_explore(GOOD)
    assert [True, True, True] == [ann.save(f"s{i}", GOOD, feedback).saved for i in range(3)]
    refused = ann.save("s3", GOOD, feedback)
    assert not refused.saved and "Slow down: at most 3 answers are saved per minute" in refused.message
    assert bob.save("s1", GOOD, feedback).saved  # another learner is not slowed by ann
    assert 3 == len(store.attempts(learner="ann"))
    clock.now += 61
    assert ann.save("s4", GOOD, feedback).saved
    assert ["s0", "s1", "s2", "s4"] == sorted(r.item for r in store.attempts(learner="ann"))


def test_limit_comes_from_the_environment_and_zero_means_none(monkeypatch):
    """$COACHKIT_SAVES_PER_MINUTE sets the limit; 0 lifts it; a value that is not a number keeps the default."""
    monkeypatch.setenv("COACHKIT_SAVES_PER_MINUTE", "0")
    rate = SaveRate()
    assert all(rate.allow("ann") for _ in range(500))
    monkeypatch.setenv("COACHKIT_SAVES_PER_MINUTE", "lots")
    from coachkit.config import SAVES_PER_MINUTE

    assert SAVES_PER_MINUTE == saves_per_minute()


def test_room_policy_passes_the_limit_to_kernels(monkeypatch):
    """The server's RoomPolicy.saves_per_minute reaches the kernels' environment."""
    from coachkit.room import RoomPolicy

    monkeypatch.setenv("COACHKIT_SAVES_PER_MINUTE", "30")
    RoomPolicy(saves_per_minute=7).export_to_kernels()
    assert 7 == saves_per_minute()
