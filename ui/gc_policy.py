"""``MainThreadGC``: when and where Python's cyclic garbage collector runs in the app.

Two problems, one policy:

* **Where.** The collector runs in whichever thread happens to allocate, and qasync
  runs blocking work (DNS lookups) on worker threads. A Qt object freed by a
  collection on such a thread is destroyed on the wrong thread, which can crash the
  GUI thread later. So automatic collection is off while the policy runs, and a
  timer on the GUI thread collects instead.
* **How long.** Under a flood the app keeps what it receives (events, console rows):
  hundreds of thousands of long-lived objects. Python's generational thresholds
  would scan them again and again: a middle-generation collection every ten young
  ones, over everything that survived since the last one (20–30 ms under a flood,
  more than a frame), and full collections over the whole history (a few hundred
  ms). Here the timer ticks often, so each young collection is small (2–3 ms under
  a flood), and what survives it is **frozen** (:func:`gc.freeze`): no later
  collection walks it again, so no collection while busy covers more than one tick
  of history. A flood makes next to no garbage (six unreachable objects in a 100k
  flood): while young collections find none, nine busy ticks in ten only freeze.

When the app is idle (almost no allocation for a while), what is not frozen yet is
collected fully and frozen: the first time, that is everything the start-up made
(modules, classes, widgets' wrappers), so a flood that comes later never scans it.

Freezing has a cost: a cycle that was alive at a tick and dies later (a closed
connection's task and coroutine) is not collected while frozen. When the app is idle
and the frozen objects have doubled since the last time, they are thawed, collected
once and frozen again (a pause that grows with the history, so it comes rarely). An
app that is never idle does the same once they have grown :data:`BUSY_RECLAIM_FACTOR`
times, so what dead cycles hold stays bounded by a multiple of what is alive (as
Python's own rule for full collections bounds it).
"""

from __future__ import annotations

import gc
import logging
import time
from typing import Final

from PySide6.QtCore import QObject, QTimer

__all__ = ["MainThreadGC"]

logger = logging.getLogger(__name__)

#: Ticks in a row with fewer new objects than the young threshold: the app is idle.
IDLE_TICKS: Final = 4
#: While busy and the young collections find no garbage, one busy tick in this many collects.
COLLECT_EVERY: Final = 10
#: Frozen objects needed before an idle reclaim (and they must have doubled since the last).
RECLAIM_AFTER: Final = 100_000
#: While busy, reclaim once the frozen objects have grown this many times since the last
#: (and are at least this many times :data:`BUSY_RECLAIM_AFTER`).
BUSY_RECLAIM_FACTOR: Final = 4
BUSY_RECLAIM_AFTER: Final = 500_000


class MainThreadGC(QObject):
    """Collects on the GUI thread, in small steps, freezing long-lived survivors.

    ``collections`` counts the collections run per generation, ``reclaims`` the idle
    thaw-collect-freeze passes, ``longest_ms`` the longest single pause so far.
    """

    def __init__(
        self,
        interval_ms: int = 100,
        parent: QObject | None = None,
        *,
        idle_ticks: int = IDLE_TICKS,
        reclaim_after: int = RECLAIM_AFTER,
        busy_reclaim_after: int = BUSY_RECLAIM_AFTER,
    ) -> None:
        super().__init__(parent)
        self._idle_after = idle_ticks
        self._reclaim_after = reclaim_after
        self._busy_reclaim_after = busy_reclaim_after
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        self._was_enabled = False
        self._idle_ticks = 0
        self._frozen_at_reclaim = 0
        # At least as many objects as are frozen (see check()).
        self._frozen_bound = 0
        # Busy ticks since the last young collection, and whether it found garbage.
        self._busy_ticks = 0
        self._found_garbage = True
        # True once an idle full collection froze what the start-up made.
        self._settled = False
        self.collections = [0, 0, 0]
        self.reclaims = 0
        self.longest_ms = 0.0

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._frozen_at_reclaim = self._frozen_bound = gc.get_freeze_count()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        gc.unfreeze()
        gc.collect()
        if self._was_enabled:
            gc.enable()

    def check(self) -> None:
        """One tick: collect the young generation and freeze its survivors, or reclaim
        when idle."""
        young, middle, old = gc.get_count()
        young_threshold = gc.get_threshold()[0]
        if young_threshold and young > young_threshold:
            self._idle_ticks = 0
            self._frozen_bound += young  # at most what this tick freezes
            base = max(self._busy_reclaim_after, self._frozen_at_reclaim)
            if self._frozen_reached(BUSY_RECLAIM_FACTOR * base):
                self.reclaim()
                return
            # A flood makes long-lived objects and next to no garbage: while the young
            # collections find none, only every COLLECT_EVERY-th busy tick collects and
            # the others freeze what is there without scanning it.
            self._busy_ticks += 1
            if self._found_garbage or self._busy_ticks >= COLLECT_EVERY:
                self._busy_ticks = 0
                self._found_garbage = self._collect(0) > 0
            gc.freeze()  # (this also sets the counts back to zero)
            return
        self._idle_ticks += 1
        if self._idle_ticks >= self._idle_after:
            self._idle_ticks = 0
            if self._frozen_reached(max(self._reclaim_after, 2 * self._frozen_at_reclaim)):
                self.reclaim()
            elif old or middle or not self._settled:
                # Idle: collect what is not frozen yet and freeze the survivors.
                self._collect(2)
                gc.freeze()
                self._frozen_bound = gc.get_freeze_count()
                if not self._settled:
                    self._settled = True
                    self._frozen_at_reclaim = self._frozen_bound

    def _frozen_reached(self, count: float) -> bool:
        """Whether at least ``count`` objects are frozen. ``_frozen_bound`` is an upper
        bound kept without walking them (``gc.get_freeze_count()`` walks them all: ~6 ms
        for half a million); they are counted only when the bound reaches ``count``."""
        if self._frozen_bound >= count:
            self._frozen_bound = gc.get_freeze_count()
        return self._frozen_bound >= count

    def reclaim(self) -> None:
        """Thaw what was frozen, collect everything once, freeze the survivors again."""
        gc.unfreeze()
        self._collect(2)
        gc.freeze()
        self._frozen_at_reclaim = self._frozen_bound = gc.get_freeze_count()
        self.reclaims += 1

    def _collect(self, generation: int) -> int:
        """Collect ``generation``; returns how many unreachable objects were found."""
        began = time.perf_counter()
        found = gc.collect(generation)
        took = (time.perf_counter() - began) * 1000
        self.collections[generation] += 1
        if took > self.longest_ms:
            self.longest_ms = took
        if took > 50:
            logger.debug("garbage collection (generation %d) took %.0f ms", generation, took)
        return found
