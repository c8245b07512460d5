"""Message and byte rates for the live gauges, from frame events.

:class:`RateMeter` counts data frames (text and binary) in and out over a
sliding window, in small time cells so a burst of 100 000 frames costs a few
counters, not 100 000 timestamps. Times are the events' monotonic clock
(``Event.mono``), which is :func:`time.perf_counter` of the same process, so the
UI asks for a snapshot "now" with ``perf_counter()`` and idle rates fall to zero.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from app.events import Direction, Event, FrameEvent, Opcode

__all__ = ["RateMeter", "RateSnapshot", "format_bytes", "format_rate"]


@dataclass(frozen=True, slots=True)
class RateSnapshot:
    msgs_in_per_s: float = 0.0
    msgs_out_per_s: float = 0.0
    bytes_in_per_s: float = 0.0
    bytes_out_per_s: float = 0.0
    msgs_in: int = 0
    msgs_out: int = 0
    bytes_in: int = 0
    bytes_out: int = 0

    @property
    def msgs_per_s(self) -> float:
        return self.msgs_in_per_s + self.msgs_out_per_s


class _Window:
    """Counts per time cell for one direction; old cells are dropped as time passes."""

    __slots__ = ("_cells", "_keep")

    def __init__(self, keep: int) -> None:
        self._cells: deque[list[int]] = deque()
        self._keep = keep

    def add(self, cell: int, size: int, msgs: int = 1) -> None:
        """Count ``msgs`` messages of ``size`` bytes in all, in time cell ``cell``."""
        if self._cells and cell <= self._cells[-1][0]:
            # The newest cell, or an out-of-order clock: count it in the newest cell.
            last = self._cells[-1]
            last[1] += msgs
            last[2] += size
        else:
            self._cells.append([cell, msgs, size])
        self._prune(cell)

    def _prune(self, now_cell: int) -> None:
        oldest = now_cell - self._keep
        while self._cells and self._cells[0][0] <= oldest:
            self._cells.popleft()

    def sums(self, now_cell: int) -> tuple[int, int]:
        self._prune(now_cell)
        msgs = sum(c[1] for c in self._cells if c[0] <= now_cell)
        size = sum(c[2] for c in self._cells if c[0] <= now_cell)
        return msgs, size

    def clear(self) -> None:
        self._cells.clear()


class RateMeter:
    """Messages/s and bytes/s in and out over the last ``window`` seconds, plus totals."""

    def __init__(self, window: float = 1.0, resolution: float = 0.05) -> None:
        if window <= 0 or resolution <= 0 or resolution > window:
            raise ValueError("window and resolution must be positive, resolution <= window")
        self.window = window
        self.resolution = resolution
        keep = max(1, round(window / resolution))
        self._in = _Window(keep)
        self._out = _Window(keep)
        self._keep = keep
        self.msgs_in = 0
        self.msgs_out = 0
        self.bytes_in = 0
        self.bytes_out = 0

    def reset(self) -> None:
        self._in.clear()
        self._out.clear()
        self.msgs_in = self.msgs_out = self.bytes_in = self.bytes_out = 0

    def add(self, event: Event) -> bool:
        """Count a data frame; returns False (and counts nothing) for anything else."""
        if not isinstance(event, FrameEvent) or event.opcode not in (Opcode.TEXT, Opcode.BINARY):
            return False
        self.add_frame(event.direction, event.size, event.mono)
        return True

    def extend(self, events: Iterable[Event]) -> int:
        """:meth:`add` for each event; returns how many counted.

        One loop with no call per event: consecutive frames of one direction in the
        same time cell (a burst) are summed first and added to the window once."""
        before = self.msgs_in + self.msgs_out
        text, binary, inbound = Opcode.TEXT, Opcode.BINARY, Direction.IN
        resolution = self.resolution
        floor = math.floor
        run_cell = -1
        run_in = True
        run_msgs = run_bytes = 0
        for event in events:
            if type(event) is not FrameEvent and not isinstance(event, FrameEvent):
                continue
            opcode = event.opcode
            if opcode is not text and opcode is not binary:
                continue
            cell = floor(event.mono / resolution)
            inbound_frame = event.direction is inbound
            if cell != run_cell or inbound_frame is not run_in:
                if run_msgs:
                    self._add_run(run_in, run_cell, run_msgs, run_bytes)
                run_cell, run_in, run_msgs, run_bytes = cell, inbound_frame, 0, 0
            run_msgs += 1
            run_bytes += event.size
        if run_msgs:
            self._add_run(run_in, run_cell, run_msgs, run_bytes)
        return self.msgs_in + self.msgs_out - before

    def _add_run(self, inbound: bool, cell: int, msgs: int, size: int) -> None:
        if inbound:
            self.msgs_in += msgs
            self.bytes_in += size
            self._in.add(cell, size, msgs)
        else:
            self.msgs_out += msgs
            self.bytes_out += size
            self._out.add(cell, size, msgs)

    def add_frame(self, direction: Direction, size: int, t: float) -> None:
        self._add_run(direction is Direction.IN, math.floor(t / self.resolution), 1, size)

    def snapshot(self, now: float) -> RateSnapshot:
        """Rates over the window ending at ``now`` (same clock as ``Event.mono``)."""
        cell = math.floor(now / self.resolution)
        span = self._keep * self.resolution
        m_in, b_in = self._in.sums(cell)
        m_out, b_out = self._out.sums(cell)
        return RateSnapshot(
            msgs_in_per_s=m_in / span,
            msgs_out_per_s=m_out / span,
            bytes_in_per_s=b_in / span,
            bytes_out_per_s=b_out / span,
            msgs_in=self.msgs_in,
            msgs_out=self.msgs_out,
            bytes_in=self.bytes_in,
            bytes_out=self.bytes_out,
        )


_UNITS = ("B", "KiB", "MiB", "GiB", "TiB")


def format_bytes(n: float) -> str:
    """``1536`` → ``"1.5 KiB"``; whole bytes below 1 KiB."""
    if n < 1024:
        return f"{n:.0f} B"
    value = float(n)
    for unit in _UNITS[1:]:
        value /= 1024
        if value < 1024 or unit == _UNITS[-1]:
            return f"{value:.1f} {unit}"
    return f"{value:.1f} {_UNITS[-1]}"  # pragma: no cover - loop always returns


def format_rate(per_s: float) -> str:
    """A count per second, short: ``0``, ``12``, ``3.4k``, ``1.2M``."""
    if per_s < 10:
        return f"{per_s:.1f}".rstrip("0").rstrip(".") if per_s else "0"
    if per_s < 1000:
        return f"{per_s:.0f}"
    if per_s < 1_000_000:
        return f"{per_s / 1000:.1f}k"
    return f"{per_s / 1_000_000:.1f}M"
