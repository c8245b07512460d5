"""Workload 2 client: a flood of messages pushed by the demo server's ``burst`` scenario.

``python -m bench.flood_client --client window|count-only --url URL --count N``

``window``
    the real app: :func:`ui.main.build_app` builds the core and the window
    exactly as ``python -m app`` does (embedded server off, ``--url`` pointing
    at the burst scenario of the bench's server process); the window is shown
    and its connect button clicked. Done when the core has received ``N``
    messages *and* every console line has reached the console model (as a row,
    or counted as dropped beyond the cap).
``count-only``
    a bare ``websockets`` client on the same qasync loop that only counts.

Both run a 5 ms heartbeat ``QTimer`` (precise) from before the click to the
end; the result has the largest and the 99th-percentile interval between
beats (what a user perceives as a frozen window), total time from click to
done, CPU time, and the growth of the resident set size (peak and at the end).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import math
import os
import sys
import tempfile
import time
from array import array
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from bench.common import CpuClock, emit_result, rss_bytes

logger = logging.getLogger(__name__)

HEARTBEAT_MS: Final = 5
RSS_EVERY: Final = 10  # sample the RSS every 10 beats (50 ms)
SETTLE_S: Final = 0.5  # after the window shows, before the click: start-up is not the flood


class Heartbeat:
    """A 5 ms precise ``QTimer`` recording when it fires, plus a periodic RSS sample."""

    def __init__(self, on_beat: Callable[[], None] | None = None) -> None:
        from PySide6.QtCore import Qt, QTimer

        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(HEARTBEAT_MS)
        self._timer.timeout.connect(self._beat)
        self._on_beat = on_beat
        self.times = array("d")
        self.peak_rss = 0

    def start(self) -> None:
        self.times = array("d", [time.perf_counter()])
        self.peak_rss = rss_bytes()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self.times.append(time.perf_counter())

    def _beat(self) -> None:
        self.times.append(time.perf_counter())
        if len(self.times) % RSS_EVERY == 0:
            self.peak_rss = max(self.peak_rss, rss_bytes())
        if self._on_beat is not None:
            self._on_beat()

    def stalls_ms(self) -> dict[str, float]:
        gaps = sorted((b - a) * 1000 for a, b in zip(self.times, self.times[1:], strict=False))
        if not gaps:
            return {"max_stall_ms": math.nan, "p99_stall_ms": math.nan, "beats": 0}
        p99 = gaps[min(len(gaps) - 1, math.ceil(0.99 * len(gaps)) - 1)]
        return {
            "max_stall_ms": gaps[-1],
            "p99_stall_ms": p99,
            "median_beat_ms": gaps[len(gaps) // 2],
            "beats": len(gaps),
        }


def _finish_result(
    count: int, clock: CpuClock, beat: Heartbeat, rss0: int, extra: dict[str, Any]
) -> dict[str, Any]:
    end_rss = rss_bytes()
    peak = max(beat.peak_rss, end_rss)
    return {
        "msgs": count,
        "wall_s": clock.wall,
        "cpu_s": clock.cpu,
        **beat.stalls_ms(),
        "rss_before_mib": rss0 / 2**20,
        "rss_growth_mib": (peak - rss0) / 2**20,
        "rss_growth_end_mib": (end_rss - rss0) / 2**20,
        **extra,
    }


# -- count-only -----------------------------------------------------------------------------


async def _count_only(url: str, count: int, limit_s: float) -> dict[str, Any]:
    from websockets.asyncio.client import connect

    clock = CpuClock()
    beat = Heartbeat()
    gc.collect()
    rss0 = rss_bytes()
    received = 0
    beat.start()
    clock.start()
    async with asyncio.timeout(limit_s), connect(url, max_size=1 << 20, compression=None) as ws:
        async for _ in ws:
            received += 1
            if received >= count:
                break
    clock.stop()
    beat.stop()
    return _finish_result(
        count, clock, beat, rss0, {"received": received, "lost": count - received}
    )


# -- the real window --------------------------------------------------------------------------


class _Tally:
    """Counts what the core delivered, independently of the views."""

    def __init__(self) -> None:
        from app.events import Direction, FrameEvent, Opcode

        self.frames_in = 0
        self.message_lines = 0
        self._frame_type = FrameEvent
        self._in = Direction.IN
        self._data_opcodes = (Opcode.TEXT, Opcode.BINARY)

    def on_event(self, event: object) -> None:
        if (
            type(event) is self._frame_type
            and event.direction is self._in
            and event.opcode in self._data_opcodes
        ):
            self.frames_in += 1

    def on_console(self, entry: object) -> None:
        args = getattr(entry, "args", ())
        if args and args[0] == "socket message:":
            self.message_lines += 1


def _console_accounted(window: Any) -> tuple[int, int]:
    """(rows, dropped) of the window's console model."""
    model = window.console_view.model
    return int(model.rowCount()), int(model.dropped)


def _find(handle: Any, cls: type, depth: int = 3) -> list[Any]:
    """Instances of ``cls`` reachable from the app handle through attributes (views, models,
    bridge), so the bench follows the window as panels are added without naming them."""
    found: list[Any] = []
    seen: set[int] = set()
    frontier: list[Any] = [handle]
    for _ in range(depth + 1):
        following: list[Any] = []
        for owner in frontier:
            if id(owner) in seen:
                continue
            seen.add(id(owner))
            if isinstance(owner, cls):
                found.append(owner)
                continue
            try:
                attrs = vars(owner)
            except TypeError:
                continue
            for value in attrs.values():
                if isinstance(value, str | int | float | bytes | list | dict | tuple | set):
                    continue
                following.append(value)
        frontier = following
    return found


def _views_report(handle: Any) -> dict[str, Any]:
    """What each view holds after the flood: rows, dropped, events seen (when it says)."""
    from app.rates import RateMeter
    from app.timeline import TimelineModel

    out: dict[str, Any] = {}
    rows, dropped = _console_accounted(handle.window)
    out["console_rows"] = rows
    out["console_dropped"] = dropped
    out["console_entries_total"] = int(handle.bridge.console_count)
    out["events_total"] = int(handle.bridge.event_count)
    timelines = _find(handle, TimelineModel)
    if timelines:
        out["timeline_events"] = int(timelines[0].event_count)
    out["rate_meters"] = len(_find(handle, RateMeter))
    return out


def _save_session(handle: Any) -> dict[str, Any]:
    """Save the session the app recorded (if it records one) and count the frames in the file."""
    from app.events import Direction, FrameEvent
    from app.session import SessionRecorder, open_session

    recorders = _find(handle, SessionRecorder)
    if not recorders:
        return {"session": "the window records no session yet"}
    recorder = recorders[0]
    with tempfile.TemporaryDirectory(prefix="ttsocket-bench-") as folder:
        path = Path(folder) / "flood.ttsession"
        started = time.perf_counter()
        recorder.save(path)
        saved_ms = (time.perf_counter() - started) * 1000
        size = path.stat().st_size
        started = time.perf_counter()
        session = open_session(path)
        opened_ms = (time.perf_counter() - started) * 1000
    frames = sum(
        1 for e in session.events if isinstance(e, FrameEvent) and e.direction is Direction.IN
    )
    return {
        "session_frames_in": frames,
        "session_events": len(session.events),
        "session_save_ms": saved_ms,
        "session_open_ms": opened_ms,
        "session_mib": size / 2**20,
    }


async def _window(url: str, count: int, limit_s: float) -> dict[str, Any]:
    from app.config import parse_args
    from ui.main import build_app, shutdown

    config = parse_args(["--url", url, "--no-server"])
    handle = await build_app(config)
    tally = _Tally()
    unsubscribe = [
        handle.runtime.events.subscribe(tally.on_event),
        handle.console.subscribe(tally.on_console),
    ]
    done = asyncio.get_running_loop().create_future()
    clock = CpuClock()

    def check() -> None:
        if done.done() or tally.frames_in < count or tally.message_lines < count:
            return
        rows, dropped = _console_accounted(handle.window)
        if rows + dropped >= handle.bridge.console_count:
            clock.stop()
            done.set_result(None)

    beat = Heartbeat(check)
    try:
        handle.window.show()
        beat.start()
        await asyncio.sleep(SETTLE_S)  # first paints and layout are start-up, not the flood
        beat.stop()
        gc.collect()
        rss0 = rss_bytes()
        beat.start()
        clock.start()
        handle.window.page_view.connect_button.click()
        timed_out = False
        try:
            async with asyncio.timeout(limit_s):
                await done
        except TimeoutError:
            clock.stop()
            timed_out = True
        beat.stop()
        handle.bridge.flush()
        views = _views_report(handle)
        handle.window.page_view.close_button.click()
        extra: dict[str, Any] = {
            "received": tally.frames_in,
            "message_lines": tally.message_lines,
            "timed_out": timed_out,
            **views,
        }
        # Every console line is a row or counted as dropped; every message reached the core.
        extra["lost"] = (count - min(count, tally.frames_in)) + max(
            0, views["console_entries_total"] - views["console_rows"] - views["console_dropped"]
        )
        if "timeline_events" in views:  # the timeline saw every event the bridge relayed
            extra["lost"] += max(0, views["events_total"] - views["timeline_events"])
        result = _finish_result(count, clock, beat, rss0, extra)
        result.update(_save_session(handle))
        if "session_frames_in" in result:
            result["lost"] += max(0, tally.frames_in - int(result["session_frames_in"]))
        return result
    finally:
        for fn in unsubscribe:
            fn()
        await shutdown(handle)


def _run_window(url: str, count: int, timeout: float) -> dict[str, Any]:
    from app.config import parse_args
    from ui import i18n
    from ui.main import create_application, run_on_qt_loop

    app = create_application([sys.argv[0]])
    i18n.set_language(parse_args([]).lang)
    # The app's own loop runner: qasync plus its garbage-collection policy.
    return run_on_qt_loop(app, _window(url, count, timeout))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.flood_client")
    parser.add_argument("--client", choices=("window", "count-only"), required=True)
    parser.add_argument("--url", required=True)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        if args.client == "window":
            result = _run_window(args.url, args.count, args.timeout)
        else:
            from bench.common import run_on_qasync

            result = run_on_qasync(lambda: _count_only(args.url, args.count, args.timeout))
    except Exception as exc:
        logger.debug("flood client failed", exc_info=exc)
        print(f"flood_client {args.client}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    emit_result(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
