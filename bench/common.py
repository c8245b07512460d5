"""Helpers shared by the client scripts the parent spawns (child side).

A client prints exactly one line on standard output, ``RESULT {json}``, and
nothing else there; diagnostics go to standard error.
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import sys
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

__all__ = [
    "RESULT_PREFIX",
    "STOCK_QASYNC_ENV",
    "CpuClock",
    "emit_result",
    "peak_rss_bytes",
    "qt_loop_factory",
    "rss_bytes",
    "run_on_asyncio",
    "run_on_qasync",
    "stock_qasync_requested",
]

RESULT_PREFIX = "RESULT "

#: Set (to anything but "" or "0") to run the qasync clients on qasync's own, unmodified
#: ``QEventLoop`` instead of the app's loop (``ui.qloop``): informational comparisons only.
STOCK_QASYNC_ENV = "TTSOCKET_BENCH_STOCK_QASYNC"

T = TypeVar("T")

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def emit_result(result: dict[str, Any]) -> None:
    """Print the one result line the parent reads."""
    sys.stdout.write(RESULT_PREFIX + json.dumps(result) + "\n")
    sys.stdout.flush()


def rss_bytes() -> int:
    """Current resident set size (``/proc/self/statm``; peak RSS where there is no /proc)."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[1]) * _PAGE
    except OSError:
        return peak_rss_bytes()


def peak_rss_bytes() -> int:
    """Peak resident set size of this process so far."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


@dataclass(slots=True)
class CpuClock:
    """Wall and CPU (user + system, all threads) time over a measured section."""

    wall0: float = 0.0
    cpu0: float = 0.0
    wall: float = 0.0
    cpu: float = 0.0

    def start(self) -> None:
        self.cpu0 = time.process_time()
        self.wall0 = time.perf_counter()

    def stop(self) -> None:
        self.wall = time.perf_counter() - self.wall0
        self.cpu = time.process_time() - self.cpu0


def run_on_asyncio(main: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run ``main()`` on a plain asyncio loop."""
    with asyncio.Runner() as runner:
        return runner.run(main())


def stock_qasync_requested() -> bool:
    """Whether :data:`STOCK_QASYNC_ENV` asks for qasync's own loop."""
    return os.environ.get(STOCK_QASYNC_ENV, "") not in ("", "0")


def qt_loop_factory(app: QApplication) -> Callable[[], asyncio.AbstractEventLoop]:
    """A loop factory over ``app``: the app's own (``ui.qloop.create_event_loop``), or
    qasync's unmodified ``QEventLoop`` when :data:`STOCK_QASYNC_ENV` is set."""
    if stock_qasync_requested():
        import qasync

        def stock() -> asyncio.AbstractEventLoop:
            loop: asyncio.AbstractEventLoop = qasync.QEventLoop(app)
            return loop

        return stock
    from ui.qloop import create_event_loop

    return lambda: create_event_loop(app)


def run_on_qasync(main: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run ``main()`` on the app's asyncio-on-Qt loop over a ``QApplication``, as the app
    does (qasync's own loop when :data:`STOCK_QASYNC_ENV` is set)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0]])
    with asyncio.Runner(loop_factory=qt_loop_factory(app)) as runner:
        return runner.run(main())
