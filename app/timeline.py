"""The lifecycle timeline as data: lanes, items, state bands and aggregation.

:class:`TimelineModel` turns the core's event stream (:mod:`app.events`) into a
sequence diagram. Every SocketTask gets a *lane group* of three lanes — the page,
the SocketTask itself and the server — and every event becomes a
:class:`TimelineItem`: an arrow from one lane to the next (``connectSocket`` goes
page → SocketTask, a frame out goes SocketTask → server, ``onMessage`` goes
SocketTask → page…) placed both on a time axis (seconds since the first event) and
in a *slot* (its position in the stream, for the evenly spaced sequence layout).
``readyState`` changes become :class:`StateBand` spans on the SocketTask lane.

Frequent, repetitive items (data frames, ``send`` calls and their callbacks,
``onMessage``) are *routine*; when many of them fall into one pixel,
:meth:`TimelineModel.aggregate` (time axis) or :meth:`TimelineModel.aggregate_slots`
(sequence axis) folds them into :class:`Bucket` counts. Everything else — the
connection's milestones — is always drawn on its own.

Appending is incremental: :meth:`TimelineModel.append` costs O(new events), and
range queries cost O(log n + what is returned).
"""

from __future__ import annotations

import enum
import math
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, overload

from app.events import (
    ApiCalled,
    CallbackFired,
    CallbackRaised,
    Direction,
    Event,
    FrameEvent,
    HandshakeDone,
    ListenerFired,
    Notice,
    Opcode,
    ReadyState,
    StateChanged,
    listener_data,
)
from app.explain import EXPLANATIONS, explain_close_code

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_ITEMS",
    "MAX_SOCKETS",
    "TASK_COLORS",
    "Bucket",
    "ItemKind",
    "Lane",
    "StateBand",
    "TaskGroup",
    "TimelineItem",
    "TimelineModel",
    "Tone",
    "Track",
    "close_explanation",
    "payload_size",
    "task_color",
]

#: The runtime's default cap on sockets connecting or open at once.
MAX_SOCKETS: Final = 5
#: Memory budget of a timeline: items kept, and bytes of payload they keep alive.
DEFAULT_MAX_ITEMS: Final = 500_000
DEFAULT_MAX_BYTES: Final = 256 * 1024 * 1024

#: One colour per task (by task id), readable on light and dark backgrounds.
#: Red, orange and green are left out: they mean failure, warning and success.
TASK_COLORS: Final = (
    "#1c7ed6",  # blue
    "#ae3ec9",  # purple
    "#0c8599",  # teal
    "#d6336c",  # pink
    "#4c6ef5",  # indigo
    "#8c6d1f",  # bronze
    "#5c940d",  # olive
    "#495057",  # slate
)
_RUNTIME_COLOR: Final = "#6c757d"

_TEXT_PREVIEW: Final = 28
_FAILURE_EXPLANATIONS: Final = frozenset(EXPLANATIONS.values())


def task_color(task_id: int | None) -> str:
    """The colour of a task's lanes, chips and log rows (grey for runtime-level events)."""
    if task_id is None:
        return _RUNTIME_COLOR
    return TASK_COLORS[(task_id - 1) % len(TASK_COLORS)]


class Lane(enum.IntEnum):
    """The three lanes of a task's group, top to bottom."""

    PAGE = 0
    TASK = 1
    SERVER = 2


class Track(enum.IntEnum):
    """Where an item's arrow runs. Two tracks share each gap between lanes."""

    CALLS = 0  # page → SocketTask: connectSocket, send, close
    CALLBACKS = 1  # SocketTask → page: success/fail/complete, on* listeners
    OUT = 2  # SocketTask → server: frames sent
    IN = 3  # server → SocketTask: frames received, the handshake answer
    PAGE_MARK = 4  # a mark on the page lane (a callback raised)
    TASK_MARK = 5  # a mark on the SocketTask lane (a notice)

    @property
    def source(self) -> Lane:
        return _TRACK_ENDS[self][0]

    @property
    def target(self) -> Lane:
        return _TRACK_ENDS[self][1]


_TRACK_ENDS: Final = {
    Track.CALLS: (Lane.PAGE, Lane.TASK),
    Track.CALLBACKS: (Lane.TASK, Lane.PAGE),
    Track.OUT: (Lane.TASK, Lane.SERVER),
    Track.IN: (Lane.SERVER, Lane.TASK),
    Track.PAGE_MARK: (Lane.PAGE, Lane.PAGE),
    Track.TASK_MARK: (Lane.TASK, Lane.TASK),
}


class ItemKind(enum.StrEnum):
    CALL = "call"
    CALLBACK = "callback"
    LISTENER = "listener"
    HANDSHAKE = "handshake"
    FRAME = "frame"
    CLOSE_FRAME = "close_frame"
    RAISED = "raised"
    NOTICE = "notice"


class Tone(enum.StrEnum):
    """How an item should look: neutral, a good outcome, a warning or a failure."""

    NORMAL = "normal"
    OK = "ok"
    WARN = "warn"
    ERROR = "error"


class TimelineItem:
    """One drawn event. ``t`` is seconds since the model's first event; ``index`` its slot.

    Treat it as read-only. A data frame's ``label`` is built on first use (a
    session may hold hundreds of thousands of frames nobody looks at).
    """

    __slots__ = (
        "_label",
        "event",
        "explanation",
        "index",
        "kind",
        "routine",
        "size",
        "span",
        "t",
        "task_id",
        "tone",
        "track",
    )

    def __init__(
        self,
        index: int,
        t: float,
        task_id: int | None,
        kind: ItemKind,
        track: Track,
        label: str | None,
        tone: Tone,
        routine: bool,
        event: Event,
        explanation: str | None = None,
        size: int = 0,
        span: tuple[float, float] | None = None,
    ) -> None:
        self.index = index
        self.t = t
        self.task_id = task_id
        self.kind = kind
        self.track = track
        self._label = label
        self.tone = tone
        self.routine = routine
        self.event = event
        self.explanation = explanation
        self.size = size
        self.span = span  # handshake: (start, end) on the time axis

    @property
    def label(self) -> str:
        if self._label is None:
            self._label = _frame_label(self.event)
        return self._label

    @property
    def detail(self) -> dict[str, Any]:
        """The full payload, JSON-able (``Event.to_json()``)."""
        return self.event.to_json()

    @property
    def source(self) -> Lane:
        return self.track.source

    @property
    def target(self) -> Lane:
        return self.track.target

    def __repr__(self) -> str:
        return f"<TimelineItem #{self.index} {self.kind.value} {self.label!r} t={self.t:.6f}>"


@dataclass(frozen=True, slots=True)
class StateBand:
    """A ``readyState`` held from ``start`` to ``end`` (``None``: still held).

    ``start_slot``/``end_slot`` are slot boundaries for the sequence layout: the
    band covers the items with ``start_slot <= index < end_slot``.
    """

    state: ReadyState
    start: float
    end: float | None
    start_slot: int
    end_slot: int | None


@dataclass(frozen=True, slots=True)
class Bucket:
    """Routine items of one task and track folded together (``count`` of them)."""

    task_id: int | None
    track: Track
    start: float
    end: float
    count: int
    bytes: int
    first: int
    last: int


class _TrackIndex:
    """Sorted keys of one (task, track): times, slots and cumulative bytes.

    ``cum_bytes`` stays ``None`` while every entry has no bytes (the ``onMessage``
    calls of a flood: 8 bytes an entry less)."""

    __slots__ = ("cum_bytes", "slots", "times")

    def __init__(self) -> None:
        self.times = array("d")
        self.slots = array("q")
        self.cum_bytes: array[int] | None = None

    def add(self, t: float, slot: int, size: int) -> None:
        self.times.append(t)
        self.slots.append(slot)
        cum = self.cum_bytes
        if cum is None:
            if not size:
                return
            # The first entry with bytes: every entry before it had none.
            cum = self.cum_bytes = array("q", bytes(8 * (len(self.times) - 1)))
        cum.append((cum[-1] if cum else 0) + size)

    def bytes_between(self, lo: int, hi: int) -> int:
        """Bytes of entries ``lo`` (inclusive) to ``hi`` (exclusive)."""
        cum = self.cum_bytes
        if hi <= lo or cum is None:
            return 0
        return cum[hi - 1] - (cum[lo - 1] if lo > 0 else 0)


@dataclass(slots=True)
class TaskGroup:
    """What the timeline knows about one SocketTask (``task_id`` ``None``: the runtime)."""

    task_id: int | None
    color: str
    url: str | None = None
    state: ReadyState | None = None
    bands: list[StateBand] = field(default_factory=list)
    first_t: float = 0.0
    last_t: float = 0.0
    first_slot: int = 0
    close_code: int | None = None
    close_reason: str | None = None
    close_explanation: str | None = None
    error: str | None = None
    error_explanation: str | None = None
    handshake: bool = False
    frames_in: int = 0
    frames_out: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    tracks: dict[Track, _TrackIndex] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return "runtime" if self.task_id is None else f"SocketTask #{self.task_id}"

    @property
    def active(self) -> bool:
        """Counts toward the socket cap: CONNECTING, OPEN or CLOSING."""
        return self.task_id is not None and self.state not in (None, ReadyState.CLOSED)


def _preview(text: str, limit: int = _TEXT_PREVIEW) -> str:
    flat = text.replace("\r", " ").replace("\n", " ")
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _size_text(size: int) -> str:
    return f"{size} B" if size < 1024 else f"{size / 1024:.1f} KiB"


def payload_size(event: Event) -> int:
    """Bytes of user data an event keeps alive (frames, messages, send arguments)."""
    if type(event) is FrameEvent:
        return event.size
    if type(event) is ListenerFired:
        payload_data = listener_data(event)
        return len(payload_data) if isinstance(payload_data, str | bytes) else 0
    if isinstance(event, FrameEvent):
        return event.size
    if isinstance(event, ListenerFired | ApiCalled):
        data = (event.payload if isinstance(event, ListenerFired) else event.args).get("data")
        if isinstance(data, str | bytes):
            return len(data)
    return 0


def _frame_label(event: Event) -> str:
    if isinstance(event, FrameEvent):
        if event.opcode is Opcode.TEXT and isinstance(event.data, str):
            return f"“{_preview(event.data)}” {_size_text(event.size)}"
        return f"{event.opcode.value} {_size_text(event.size)}"
    return event.kind


def close_explanation(code: int, reason: str | None) -> str:
    """Plain words for an ``onClose``: the failure's explanation if the reason is one."""
    if reason and reason in _FAILURE_EXPLANATIONS:
        return reason
    return explain_close_code(code)


class TimelineModel:
    """The timeline of one session, built incrementally from events in stream order."""

    def __init__(
        self,
        cap: int = MAX_SOCKETS,
        *,
        max_items: int = DEFAULT_MAX_ITEMS,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        self.cap = cap
        self.max_items = max_items
        self.max_bytes = max_bytes
        self._reset()

    def _reset(self) -> None:
        # Every kept event, by slot, and its time; milestones are built once and kept,
        # routine items (frames, sends, onMessage) are built when read.
        self._events_kept: list[Event] = []
        self._times = array("d")
        self._built: dict[int, TimelineItem] = {}
        self._items = _Items(self)
        self._groups: dict[int | None, TaskGroup] = {}
        self._order: list[int | None] = []
        self._origin: float | None = None
        self._last_t = 0.0
        self._events = 0
        self._milestone_times = array("d")
        self._milestone_slots = array("q")
        self._milestones: list[int] = []
        self._retained_bytes = 0
        self.dropped = 0

    # -- reading ------------------------------------------------------------------------

    @property
    def items(self) -> Sequence[TimelineItem]:
        return self._items

    @property
    def event_count(self) -> int:
        return self._events

    @property
    def duration(self) -> float:
        """Seconds from the first event to the last."""
        return self._last_t

    @property
    def origin(self) -> float | None:
        """The monotonic clock value of the first event."""
        return self._origin

    def groups(self) -> list[TaskGroup]:
        """Lane groups in order of first appearance."""
        return [self._groups[key] for key in self._order]

    def group(self, task_id: int | None) -> TaskGroup | None:
        return self._groups.get(task_id)

    def active_count(self) -> int:
        """Tasks not yet CLOSED (they count toward the cap)."""
        return sum(1 for g in self._groups.values() if g.active)

    def __len__(self) -> int:
        return len(self._events_kept)

    def _item_at(self, index: int) -> TimelineItem:
        item = self._built.get(index)
        if item is not None:
            return item
        event = self._events_kept[index]
        return _routine_item(index, self._times[index], event)

    def time_of(self, event: Event) -> float:
        """Seconds since the first event, never before the previous one."""
        if self._origin is None:
            return 0.0
        return max(event.mono - self._origin, 0.0)

    # -- building -----------------------------------------------------------------------

    def clear(self) -> None:
        self._reset()

    def extend(self, events: Iterable[Event]) -> int:
        """Append events in stream order; returns how many items were added.

        Data frames and ``onMessage`` calls (what a flood is made of) take a short path
        with the same effect as :meth:`_add`; everything else goes through it."""
        kept = self._events_kept
        before = len(kept)
        times = self._times
        groups = self._groups
        inbound, close = Direction.IN, Opcode.CLOSE
        track_in, track_out, track_callbacks = Track.IN, Track.OUT, Track.CALLBACKS
        max_items, max_bytes = self.max_items, self.max_bytes
        # The model's counters, kept in locals (written back before the general path
        # runs, and at the end).
        last_t, count, retained_bytes = self._last_t, self._events, self._retained_bytes
        for event in events:
            frame: bool | None
            if type(event) is FrameEvent and event.opcode is not close:
                frame = True
                size = event.size
                track_kind = track_in if event.direction is inbound else track_out
            elif type(event) is ListenerFired and event.listener == "onMessage":
                frame = False
                data = listener_data(event)
                size = 0
                retained = len(data) if isinstance(data, str | bytes) else 0
                track_kind = track_callbacks
            else:
                frame = None
            group = groups.get(event.task_id) if frame is not None else None
            origin = self._origin
            if group is None or origin is None:
                # Anything else, or before the first event set the origin: the general path.
                self._last_t, self._events, self._retained_bytes = last_t, count, retained_bytes
                self._add(event, False)
                last_t, count, retained_bytes = self._last_t, self._events, self._retained_bytes
                continue
            t = event.mono - origin
            if t < last_t:
                t = last_t
            last_t = t
            count += 1
            group.last_t = t
            if frame:
                retained = size
                if track_kind is track_in:
                    group.frames_in += 1
                    group.bytes_in += size
                else:
                    group.frames_out += 1
                    group.bytes_out += size
            index = len(kept)
            if index >= max_items or retained_bytes >= max_bytes:
                self.dropped += 1
                continue
            retained_bytes += retained
            kept.append(event)
            times.append(t)
            track = group.tracks.get(track_kind)
            if track is None:
                track = group.tracks[track_kind] = _TrackIndex()
            track.add(t, index, size)
        self._last_t, self._events, self._retained_bytes = last_t, count, retained_bytes
        return len(kept) - before

    def append(self, event: Event) -> TimelineItem | None:
        """Add one event; returns its item, or ``None`` (a state change, or over budget)."""
        return self._add(event, True)

    def _add(self, event: Event, want_item: bool) -> TimelineItem | None:
        """Add one event; a routine item is built for the caller only if ``want_item``."""
        if self._origin is None:
            self._origin = event.mono
        # Keep the time axis sorted even if a clock misbehaves in a loaded file.
        t = max(event.mono - self._origin, self._last_t)
        self._last_t = t
        self._events += 1
        group = self._group_for(event.task_id, t)
        group.last_t = t
        if isinstance(event, StateChanged):
            self._change_state(group, event.new, t)
            return None
        kept = self._events_kept
        index = len(kept)
        track_kind = _routine_track(event)
        if track_kind is None:
            item = self._make_item(event, t, group)
            self._retained_bytes += payload_size(event)
            kept.append(event)
            self._times.append(t)
            self._built[index] = item
            self._milestones.append(index)
            self._milestone_times.append(t)
            self._milestone_slots.append(index)
            return item
        size = 0
        if isinstance(event, FrameEvent):
            size = event.size
            if event.direction is Direction.IN:
                group.frames_in += 1
                group.bytes_in += size
            else:
                group.frames_out += 1
                group.bytes_out += size
        if index >= self.max_items or self._retained_bytes >= self.max_bytes:
            # Over the memory budget: routine items are counted (the group's totals
            # stay right) but not kept; milestones and state bands always are.
            self.dropped += 1
            return None
        self._retained_bytes += size if type(event) is FrameEvent else payload_size(event)
        kept.append(event)
        self._times.append(t)
        track = group.tracks.get(track_kind)
        if track is None:
            track = group.tracks[track_kind] = _TrackIndex()
        track.add(t, index, size)
        return _routine_item(index, t, event) if want_item else None

    def _group_for(self, task_id: int | None, t: float) -> TaskGroup:
        group = self._groups.get(task_id)
        if group is None:
            group = TaskGroup(
                task_id=task_id,
                color=task_color(task_id),
                first_t=t,
                last_t=t,
                first_slot=len(self._events_kept),
            )
            self._groups[task_id] = group
            self._order.append(task_id)
        return group

    def _change_state(self, group: TaskGroup, new: ReadyState, t: float) -> None:
        slot = len(self._events_kept)
        if group.bands:
            last = group.bands[-1]
            group.bands[-1] = StateBand(last.state, last.start, t, last.start_slot, slot)
        group.state = new
        if new is not ReadyState.CLOSED:
            group.bands.append(StateBand(new, t, None, slot, None))

    def _make_item(self, event: Event, t: float, group: TaskGroup) -> TimelineItem:
        index = len(self._events_kept)
        common: dict[str, Any] = {"index": index, "t": t, "task_id": event.task_id, "event": event}
        if isinstance(event, FrameEvent):
            return self._frame_item(event, group, common)
        if isinstance(event, ApiCalled):
            return self._call_item(event, group, common)
        if isinstance(event, CallbackFired):
            failed = event.callback == "fail"
            routine = event.api == "send" and not failed
            label = f"{event.api}.{event.callback}"
            if failed:
                err = str(event.payload.get("errMsg", ""))
                label = _preview(err, 60) if err else label
            return TimelineItem(
                kind=ItemKind.CALLBACK,
                track=Track.CALLBACKS,
                label=label,
                tone=Tone.ERROR if failed else Tone.NORMAL,
                routine=routine,
                **common,
            )
        if isinstance(event, ListenerFired):
            return self._listener_item(event, group, common)
        if isinstance(event, HandshakeDone):
            total = event.profile.total_ms
            group.url = group.url or event.url
            group.handshake = True
            return TimelineItem(
                kind=ItemKind.HANDSHAKE,
                track=Track.IN,
                label=f"{event.status} handshake {total:.1f} ms",
                tone=Tone.OK,
                routine=False,
                span=(max(t - total / 1000, 0.0), t),
                **common,
            )
        if isinstance(event, CallbackRaised):
            return TimelineItem(
                kind=ItemKind.RAISED,
                track=Track.PAGE_MARK,
                label=f"{event.where} raised {_preview(event.error, 48)}",
                tone=Tone.ERROR,
                routine=False,
                **common,
            )
        if isinstance(event, Notice):
            tone = {"error": Tone.ERROR, "warn": Tone.WARN}.get(event.level, Tone.NORMAL)
            return TimelineItem(
                kind=ItemKind.NOTICE,
                track=Track.TASK_MARK,
                label=_preview(event.message, 60),
                tone=tone,
                routine=False,
                **common,
            )
        return TimelineItem(
            kind=ItemKind.NOTICE,
            track=Track.TASK_MARK,
            label=event.kind,
            tone=Tone.NORMAL,
            routine=False,
            **common,
        )

    def _frame_item(
        self, event: FrameEvent, group: TaskGroup, common: dict[str, Any]
    ) -> TimelineItem:
        track = Track.IN if event.direction is Direction.IN else Track.OUT
        if event.opcode is Opcode.CLOSE:
            code = event.close_code if event.close_code is not None else 1005
            reason = event.close_reason or ""
            label = f"close {code}" + (f" {_preview(reason, 40)}" if reason else "")
            return TimelineItem(
                kind=ItemKind.CLOSE_FRAME,
                track=track,
                label=label,
                tone=Tone.OK if code in (1000, 1001) else Tone.WARN,
                routine=False,
                explanation=explain_close_code(code),
                size=event.size,
                **common,
            )
        if event.direction is Direction.IN:
            group.frames_in += 1
            group.bytes_in += event.size
        else:
            group.frames_out += 1
            group.bytes_out += event.size
        return _routine_item(common["index"], common["t"], event)

    def _call_item(
        self, event: ApiCalled, group: TaskGroup, common: dict[str, Any]
    ) -> TimelineItem:
        args = event.args
        if event.api == "connectSocket":
            url = args.get("url")
            if isinstance(url, str) and group.url is None:
                group.url = url
            label = "connectSocket"
        elif event.api == "send":
            data = args.get("data")
            shown = _preview(data, 20) if isinstance(data, str) else str(data)
            label = f"send({shown})" if data is not None else "send()"
        elif event.api == "close":
            parts = [str(args[k]) for k in ("code", "reason") if k in args]
            label = f"close({', '.join(parts)})"
        else:
            label = event.api
        return TimelineItem(
            kind=ItemKind.CALL,
            track=Track.CALLS,
            label=label,
            tone=Tone.NORMAL,
            routine=event.api == "send",
            **common,
        )

    def _listener_item(
        self, event: ListenerFired, group: TaskGroup, common: dict[str, Any]
    ) -> TimelineItem:
        name = event.listener
        payload = event.payload
        explanation: str | None = None
        tone = Tone.NORMAL
        label = name
        if name == "onOpen":
            tone = Tone.OK
        elif name == "onError":
            tone = Tone.ERROR
            err = payload.get("errMsg")
            raw = payload.get("explanation")
            explanation = raw if isinstance(raw, str) else None
            group.error = str(err) if err is not None else None
            group.error_explanation = explanation
        elif name == "onClose":
            raw_code = payload.get("code")
            code = raw_code if isinstance(raw_code, int) else 1005
            raw_reason = payload.get("reason")
            reason = raw_reason if isinstance(raw_reason, str) else ""
            explanation = close_explanation(code, reason)
            label = f"onClose {code}"
            if reason and reason != explanation:
                label += f" {_preview(reason, 40)}"
            tone = Tone.OK if code in (1000, 1001) else (Tone.WARN if code >= 3000 else Tone.ERROR)
            group.close_code = code
            group.close_reason = reason
            group.close_explanation = explanation
        return TimelineItem(
            kind=ItemKind.LISTENER,
            track=Track.CALLBACKS,
            label=label,
            tone=tone,
            routine=name == "onMessage",
            explanation=explanation,
            **common,
        )

    # -- range queries ------------------------------------------------------------------

    def item_range_for_time(self, t0: float, t1: float) -> tuple[int, int]:
        """Indexes ``[lo, hi)`` of the items with ``t0 <= t <= t1`` (times are sorted)."""
        lo = bisect_left(self._times, t0)
        hi = bisect_right(self._times, t1)
        return lo, hi

    def milestones(self, t0: float, t1: float) -> list[TimelineItem]:
        """Non-routine items with ``t0 <= t <= t1``, in order."""
        lo = bisect_left(self._milestone_times, t0)
        hi = bisect_right(self._milestone_times, t1)
        return [self._built[i] for i in self._milestones[lo:hi]]

    def milestones_slots(self, s0: int, s1: int) -> list[TimelineItem]:
        """Non-routine items with slot ``s0 <= index <= s1``."""
        lo = bisect_left(self._milestone_slots, s0)
        hi = bisect_right(self._milestone_slots, s1)
        return [self._built[i] for i in self._milestones[lo:hi]]

    def aggregate(self, t0: float, t1: float, bucket_ms: float) -> list[Bucket]:
        """Routine items with ``t0 <= t <= t1`` folded into time buckets of ``bucket_ms``.

        Buckets sit on a fixed grid (multiples of ``bucket_ms`` from the origin), so
        they do not shimmer while scrolling. A bucket with ``count == 1`` is one item.
        """
        if bucket_ms <= 0:
            raise ValueError("bucket_ms must be positive")
        width = bucket_ms / 1000
        return list(self._aggregate(t0, t1, width, by_slot=False))

    def aggregate_slots(self, s0: int, s1: int, bucket_slots: int) -> list[Bucket]:
        """Like :meth:`aggregate`, on the sequence axis: buckets of ``bucket_slots`` slots."""
        if bucket_slots < 1:
            raise ValueError("bucket_slots must be at least 1")
        return list(self._aggregate(float(s0), float(s1), float(bucket_slots), by_slot=True))

    def _aggregate(self, k0: float, k1: float, width: float, *, by_slot: bool) -> Iterator[Bucket]:
        if k1 < k0:
            return
        for key in self._order:
            group = self._groups[key]
            for track_kind, track in group.tracks.items():
                keys: Sequence[float] | Sequence[int] = track.slots if by_slot else track.times
                lo = bisect_left(keys, k0)
                hi = bisect_right(keys, k1)
                if hi <= lo:
                    continue
                yield from _fold(key, track_kind, track, keys, lo, hi, width)


def _routine_track(event: Event) -> Track | None:
    """The track of a routine event (drawn folded when dense), ``None`` for a milestone."""
    if type(event) is FrameEvent:  # the common case first: a flood is frames
        if event.opcode is Opcode.CLOSE:
            return None
        return Track.IN if event.direction is Direction.IN else Track.OUT
    if isinstance(event, FrameEvent):
        if event.opcode is Opcode.CLOSE:
            return None
        return Track.IN if event.direction is Direction.IN else Track.OUT
    if isinstance(event, ListenerFired):
        return Track.CALLBACKS if event.listener == "onMessage" else None
    if isinstance(event, ApiCalled):
        return Track.CALLS if event.api == "send" else None
    if isinstance(event, CallbackFired):
        return Track.CALLBACKS if event.api == "send" and event.callback != "fail" else None
    return None


def _routine_item(index: int, t: float, event: Event) -> TimelineItem:
    """The item of a routine event (see :func:`_routine_track`), built without side effects."""
    if isinstance(event, FrameEvent):
        track = Track.IN if event.direction is Direction.IN else Track.OUT
        return TimelineItem(
            index,
            t,
            event.task_id,
            ItemKind.FRAME,
            track,
            None,
            Tone.NORMAL,
            True,
            event,
            None,
            event.size,
        )
    if isinstance(event, ListenerFired):
        kind, track, label = ItemKind.LISTENER, Track.CALLBACKS, event.listener
    elif isinstance(event, ApiCalled):
        data = event.args.get("data")
        shown = _preview(data, 20) if isinstance(data, str) else str(data)
        label = f"send({shown})" if data is not None else "send()"
        kind, track = ItemKind.CALL, Track.CALLS
    elif isinstance(event, CallbackFired):
        kind, track, label = ItemKind.CALLBACK, Track.CALLBACKS, f"{event.api}.{event.callback}"
    else:
        raise TypeError(f"not a routine event: {event.kind}")
    return TimelineItem(index, t, event.task_id, kind, track, label, Tone.NORMAL, True, event)


class _Items(Sequence[TimelineItem]):
    """The model's items as a read-only sequence; routine ones are built on access."""

    __slots__ = ("_model",)

    def __init__(self, model: TimelineModel) -> None:
        self._model = model

    def __len__(self) -> int:
        return len(self._model)

    @overload
    def __getitem__(self, index: int) -> TimelineItem: ...

    @overload
    def __getitem__(self, index: slice) -> list[TimelineItem]: ...

    def __getitem__(self, index: int | slice) -> TimelineItem | list[TimelineItem]:
        n = len(self._model)
        if isinstance(index, slice):
            return [self._model._item_at(i) for i in range(*index.indices(n))]
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError("timeline item index out of range")
        return self._model._item_at(index)

    def __iter__(self) -> Iterator[TimelineItem]:
        item_at = self._model._item_at
        for i in range(len(self._model)):
            yield item_at(i)

    def __reversed__(self) -> Iterator[TimelineItem]:
        item_at = self._model._item_at
        for i in range(len(self._model) - 1, -1, -1):
            yield item_at(i)


def _fold(
    task_id: int | None,
    track_kind: Track,
    track: _TrackIndex,
    keys: Sequence[float] | Sequence[int],
    lo: int,
    hi: int,
    width: float,
) -> Iterator[Bucket]:
    """Fold entries ``lo..hi`` of one track into grid buckets of ``width`` keys.

    Walks entries one by one when they are few, else jumps bucket to bucket with a
    binary search, so the cost is O(min(entries, buckets · log n)).
    """
    i = lo
    while i < hi:
        cell = math.floor(keys[i] / width)
        end_key = (cell + 1) * width
        j = i + 1
        if j < hi and keys[j] < end_key:
            j = bisect_left(keys, end_key, j, hi)
        yield Bucket(
            task_id=task_id,
            track=track_kind,
            start=cell * width,
            end=end_key,
            count=j - i,
            bytes=track.bytes_between(i, j),
            first=track.slots[i],
            last=track.slots[j - 1],
        )
        i = j
