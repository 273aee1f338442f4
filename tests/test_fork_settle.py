"""coachkit.kernels.settle: what the fork template does last so that each kernel copies fewer of its pages."""

from __future__ import annotations

import sys

import pytest

from coachkit.kernels import settle

#: CPython's flag for a class whose type-attribute cache tag is valid (Include/object.h).
VALID_VERSION_TAG = 1 << 19

cpython = pytest.mark.skipif(sys.implementation.name != "cpython", reason="CPython's type cache and allocator")


@cpython
def test_tag_types_gives_every_class_its_cache_tag():
    """A class never looked up has no tag; after tag_types it has one, and so do its subclasses."""
    base = type("Base", (), {})
    child = type("Child", (base,), {})
    type.__setattr__(base, "x", 1)  # a change clears the tags of the class and of its subclasses
    assert not base.__flags__ & VALID_VERSION_TAG and not child.__flags__ & VALID_VERSION_TAG
    assert settle.tag_types() > 1000
    assert base.__flags__ & VALID_VERSION_TAG and child.__flags__ & VALID_VERSION_TAG


@cpython
def test_fill_pool_holes_takes_the_free_blocks_of_the_pools_in_use():
    """Freed objects leave free blocks in pools in use; the fillers take them (the 16-byte class aside)."""
    garbage = [bytes(100) for _ in range(20000)]  # 133 bytes: the 144-byte class
    del garbage[::2]  # every other block of those pools freed: holes among live objects
    before = dict(settle.pool_stats())
    assert before[144] >= 10000
    fillers = settle.fill_pool_holes()
    after = dict(settle.pool_stats())  # reading the statistics makes a few small objects of its own
    assert after[144] < 100 and sum(after.values()) < sum(before.values()) / 4
    assert len(fillers) >= before[144]
