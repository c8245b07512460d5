"""The GUI thread's garbage-collection policy: small steps, frozen history, idle reclaim."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from ui.gc_policy import MainThreadGC


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def _cycle() -> tuple[_Node, weakref.ref[_Node]]:
    a, b = _Node(), _Node()
    a.other, b.other = b, a
    return a, weakref.ref(a)


def _tick_until_middle(policy: MainThreadGC, keep: list[object]) -> None:
    """Allocate (and keep) past the young threshold before each tick until a middle
    collection ran (and froze its survivors); at most 100 ticks."""
    for _ in range(100):
        if policy.collections[1]:
            return
        keep.append(_allocate_past_young_threshold())
        policy.check()


def _allocate_past_young_threshold() -> list[object]:
    return [[] for _ in range(gc.get_threshold()[0] + 50)]


@pytest.fixture
def policy(qtbot: QtBot) -> Iterator[MainThreadGC]:
    collector = MainThreadGC(interval_ms=60_000, idle_ticks=3, reclaim_after=1)
    collector.start()
    try:
        yield collector
    finally:
        collector.stop()


def test_automatic_collection_is_off_and_a_tick_collects_young_cycles(
    policy: MainThreadGC,
) -> None:
    assert not gc.isenabled()
    ref = _cycle()[1]
    keep = _allocate_past_young_threshold()
    assert ref() is not None  # nothing collects behind the GUI thread's back
    policy.check()
    assert ref() is None
    assert sum(policy.collections) == 1
    assert keep


def test_middle_collections_freeze_their_survivors_and_no_full_one_runs_while_busy(
    policy: MainThreadGC,
) -> None:
    survivor = [object() for _ in range(100)]
    frozen_before = gc.get_freeze_count()
    keep: list[object] = []
    _tick_until_middle(policy, keep)
    assert policy.collections[1] == 1
    assert policy.collections[0] >= gc.get_threshold()[1]  # young ones first
    assert gc.get_freeze_count() > frozen_before + len(survivor)
    for _ in range(30):  # busy on: young and middle collections, never a full one
        keep.append(_allocate_past_young_threshold())
        policy.check()
    assert policy.collections[1] >= 2
    assert policy.collections[2] == 0


def test_an_idle_reclaim_collects_cycles_that_died_while_frozen(policy: MainThreadGC) -> None:
    node, ref = _cycle()
    keep: list[object] = []
    _tick_until_middle(policy, keep)  # a middle collection freezes the live cycle
    assert policy.collections[1] == 1
    del node
    gc.collect()
    assert ref() is not None  # frozen: an ordinary collection does not see it
    for _ in range(3):  # idle ticks
        policy.check()
    assert policy.reclaims == 1
    assert ref() is None
    assert gc.get_freeze_count() > 0  # the survivors are frozen again


def test_stop_thaws_and_gives_collection_back(qtbot: QtBot) -> None:
    enabled = gc.isenabled()
    collector = MainThreadGC()
    collector.start()
    assert collector.running
    keep: list[object] = []
    _tick_until_middle(collector, keep)
    assert gc.get_freeze_count() > 0
    collector.stop()
    assert not collector.running
    assert gc.get_freeze_count() == 0
    assert gc.isenabled() == enabled


def test_the_first_idle_moment_freezes_what_the_start_up_made(qtbot: QtBot) -> None:
    collector = MainThreadGC(interval_ms=60_000, idle_ticks=2, reclaim_after=1)
    collector.start()
    try:
        startup = [[k] for k in range(1_000)]  # long-lived objects made before going idle
        gc.collect(0)  # as a busy tick would: the young generation is empty again
        for _ in range(2):
            collector.check()
        assert collector.collections[2] == 1
        assert collector.reclaims == 0
        frozen = gc.get_freeze_count()
        assert frozen > len(startup)
        for _ in range(6):  # idle on: nothing new to collect, and nothing doubled
            collector.check()
        assert collector.collections[2] == 1
        assert collector.reclaims == 0
        assert gc.get_freeze_count() == frozen
    finally:
        collector.stop()
