"""The GUI thread's garbage-collection policy: small steps, frozen history, idle reclaim."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from ui.gc_policy import COLLECT_EVERY, MainThreadGC


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def _cycle() -> tuple[_Node, weakref.ref[_Node]]:
    a, b = _Node(), _Node()
    a.other, b.other = b, a
    return a, weakref.ref(a)


def _busy_tick(policy: MainThreadGC, keep: list[object]) -> None:
    """Allocate (and keep) past the young threshold, then tick: a young collection that
    freezes its survivors."""
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


def test_young_collections_freeze_their_survivors_and_nothing_older_is_scanned_while_busy(
    policy: MainThreadGC,
) -> None:
    survivor = [[k] for k in range(100)]
    frozen_before = gc.get_freeze_count()
    keep: list[object] = []
    _busy_tick(policy, keep)
    assert policy.collections == [1, 0, 0]
    assert gc.get_freeze_count() > frozen_before + len(survivor)
    assert gc.get_count()[1:] == (0, 0)  # nothing left for an older generation to scan
    for _ in range(30):  # busy on, no garbage: one tick in COLLECT_EVERY collects
        _busy_tick(policy, keep)
    assert policy.collections == [1 + 30 // COLLECT_EVERY, 0, 0]
    assert policy.reclaims == 0
    assert gc.get_count()[1:] == (0, 0)


def test_while_young_collections_find_garbage_every_busy_tick_collects(
    policy: MainThreadGC,
) -> None:
    keep: list[object] = []
    for _ in range(COLLECT_EVERY):  # no garbage: the next tick would only freeze
        _busy_tick(policy, keep)
    collected = policy.collections[0]
    refs = []
    for _ in range(3):
        refs.append(_cycle()[1])  # garbage made before the tick
        _busy_tick(policy, keep)
    assert policy.collections[0] == collected + 3
    assert all(ref() is None for ref in refs)  # each found by the tick that followed it


def test_a_never_idle_app_still_reclaims_once_the_frozen_objects_grew_enough(
    qtbot: QtBot,
) -> None:
    collector = MainThreadGC(interval_ms=60_000, busy_reclaim_after=1_000)
    collector.start()
    try:
        node, ref = _cycle()
        keep: list[object] = []
        _busy_tick(collector, keep)  # frozen while alive
        del node
        for _ in range(200):  # busy all along: never an idle tick
            if collector.reclaims:
                break
            _busy_tick(collector, keep)
        assert collector.reclaims == 1
        assert ref() is None
    finally:
        collector.stop()


def test_an_idle_reclaim_collects_cycles_that_died_while_frozen(policy: MainThreadGC) -> None:
    node, ref = _cycle()
    keep: list[object] = []
    _busy_tick(policy, keep)  # a young collection freezes the live cycle
    assert policy.collections[0] == 1
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
    _busy_tick(collector, keep)
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
