"""The Qt-free timeline model, built from real recorded event streams."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from app.events import (
    ApiCalled,
    Direction,
    Event,
    FrameEvent,
    ListenerFired,
    Opcode,
    ReadyState,
    StateChanged,
)
from app.explain import CLOSE_CODES, EXPLANATIONS, FailureKind
from app.timeline import (
    TASK_COLORS,
    Bucket,
    ItemKind,
    Lane,
    TimelineModel,
    Tone,
    Track,
    close_explanation,
    task_color,
)
from tests.recorded import recorded_sessions

Recorded = dict[str, list[Event]]


@pytest.fixture
def recorded() -> Recorded:
    return recorded_sessions()


def build(events: list[Event]) -> TimelineModel:
    model = TimelineModel()
    model.extend(events)
    return model


def states(model: TimelineModel, task_id: int = 1) -> list[ReadyState]:
    group = model.group(task_id)
    assert group is not None
    return [band.state for band in group.bands]


def labels(model: TimelineModel) -> list[str]:
    return [item.label for item in model.items]


def test_app_modules_do_not_import_qt() -> None:
    code = (
        "import sys, app.timeline, app.session, app.log_filter, app.rates\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'qasync')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_echo_session_lanes_order_and_bands(recorded: Recorded) -> None:
    events = recorded["echo"]
    model = build(events)
    # Every event but state changes becomes an item, in stream order.
    assert len(model) == sum(1 for e in events if not isinstance(e, StateChanged))
    assert [item.index for item in model.items] == list(range(len(model)))
    times = [item.t for item in model.items]
    assert times == sorted(times)
    assert model.items[0].t == 0.0

    first = model.items[0]
    assert first.kind is ItemKind.CALL
    assert first.label == "connectSocket"
    assert (first.source, first.target) == (Lane.PAGE, Lane.TASK)

    kinds = [item.kind for item in model.items]
    handshake = model.items[kinds.index(ItemKind.HANDSHAKE)]
    assert handshake.label.startswith("101 handshake")
    assert handshake.span is not None
    assert handshake.span[0] <= handshake.span[1] == handshake.t
    assert (handshake.source, handshake.target) == (Lane.SERVER, Lane.TASK)

    names = labels(model)
    assert names.index("connectSocket.success") < names.index("connectSocket.complete")
    assert names.index("connectSocket.complete") < names.index("onOpen")

    frames = [i for i in model.items if i.kind is ItemKind.FRAME]
    assert [(f.track, f.size) for f in frames] == [
        (Track.OUT, 5),
        (Track.IN, 5),
        (Track.OUT, 48),
        (Track.IN, 48),
        (Track.OUT, 12),
        (Track.IN, 12),
    ]
    assert frames[0].label == "“hello” 5 B"
    assert frames[4].label == "binary 12 B"
    assert all(f.routine for f in frames)

    closes = [i for i in model.items if i.kind is ItemKind.CLOSE_FRAME]
    assert [(c.track, c.label) for c in closes] == [
        (Track.OUT, "close 1000 done"),
        (Track.IN, "close 1000 done"),
    ]
    assert all(c.explanation == "closed normally" and c.tone is Tone.OK for c in closes)

    on_close = model.items[-1]
    assert on_close.label == "onClose 1000 done"
    assert on_close.explanation == "closed normally"

    assert states(model) == [ReadyState.CONNECTING, ReadyState.OPEN, ReadyState.CLOSING]
    group = model.group(1)
    assert group is not None
    assert group.state is ReadyState.CLOSED
    assert not group.active
    bands = group.bands
    assert all(b.end is not None and b.end_slot is not None for b in bands)
    # Bands tile the task's life without gaps.
    assert bands[0].end == bands[1].start
    assert bands[1].end == bands[2].start
    # OPEN starts right before onOpen's slot and ends at the close() call's slot.
    on_open = next(i for i in model.items if i.label == "onOpen")
    close_call = next(i for i in model.items if i.label.startswith("close("))
    assert bands[1].start_slot == on_open.index
    assert bands[1].end_slot == close_call.index + 1
    assert group.frames_in == 3
    assert group.frames_out == 3
    assert group.bytes_in == group.bytes_out == 65
    assert group.close_code == 1000
    assert group.close_explanation == "closed normally"
    assert group.color == TASK_COLORS[0]
    assert group.url is not None
    assert group.url.startswith("ws://127.0.0.1:")


def test_server_close_4001_is_explained(recorded: Recorded) -> None:
    model = build(recorded["close_4001"])
    close_in, close_out = (i for i in model.items if i.kind is ItemKind.CLOSE_FRAME)
    assert close_in.track is Track.IN
    assert close_out.track is Track.OUT
    assert close_in.label == "close 4001 bye"
    assert close_in.explanation == "closed by the application with its own code"
    assert close_in.tone is Tone.WARN
    on_close = model.items[-1]
    assert on_close.kind is ItemKind.LISTENER
    assert on_close.label == "onClose 4001 bye"
    assert on_close.tone is Tone.WARN
    assert on_close.explanation == "closed by the application with its own code"
    assert states(model) == [ReadyState.CONNECTING, ReadyState.OPEN, ReadyState.CLOSING]


def test_dropped_connection_is_explained(recorded: Recorded) -> None:
    model = build(recorded["drop"])
    assert not [i for i in model.items if i.kind is ItemKind.CLOSE_FRAME]
    on_error = next(i for i in model.items if i.label == "onError")
    assert on_error.tone is Tone.ERROR
    assert on_error.explanation == EXPLANATIONS[FailureKind.DROPPED]
    on_close = model.items[-1]
    assert on_close.label == "onClose 1006"  # the reason is the explanation: not repeated
    assert on_close.tone is Tone.ERROR
    assert on_close.explanation == CLOSE_CODES[1006]
    group = model.group(1)
    assert group is not None
    assert group.error is not None
    assert "dropped" in group.error
    assert states(model) == [ReadyState.CONNECTING, ReadyState.OPEN, ReadyState.CLOSING]


def test_tls_failure_is_explained(recorded: Recorded) -> None:
    model = build(recorded["tls_failure"])
    kinds = [item.kind for item in model.items]
    assert ItemKind.HANDSHAKE not in kinds
    assert ItemKind.FRAME not in kinds
    on_error = next(i for i in model.items if i.label == "onError")
    assert on_error.explanation == "the server's certificate is not trusted"
    on_close = model.items[-1]
    assert on_close.label == "onClose 1006"
    # onClose carries the failure's explanation, not the generic 1006 one.
    assert on_close.explanation == EXPLANATIONS[FailureKind.TLS_UNKNOWN_CA]
    assert states(model) == [ReadyState.CONNECTING]  # never opened
    group = model.group(1)
    assert group is not None
    assert group.state is ReadyState.CLOSED
    assert group.bands[0].end is not None
    assert group.error_explanation == EXPLANATIONS[FailureKind.TLS_UNKNOWN_CA]


def test_two_parallel_tasks_have_their_own_lanes_and_colours(recorded: Recorded) -> None:
    events = recorded["parallel"]
    model = TimelineModel()
    peak = 0
    for event in events:
        model.append(event)
        peak = max(peak, model.active_count())
    assert peak == 2  # both sockets were alive at once
    assert model.active_count() == 0
    groups = model.groups()
    assert [g.task_id for g in groups] == [1, 2]
    assert groups[0].color != groups[1].color
    assert groups[1].url is not None
    assert groups[1].url.endswith("/push?interval=10")
    # The second connectSocket came before the first task opened: interleaved items.
    tasks_in_order = [i.task_id for i in model.items]
    assert tasks_in_order[:2] == [1, 2]
    assert groups[0].close_code == 1000
    assert groups[1].close_code == 4000
    for group in groups:
        assert [b.state for b in group.bands] == [
            ReadyState.CONNECTING,
            ReadyState.OPEN,
            ReadyState.CLOSING,
        ]
    assert groups[1].frames_in >= 5


def test_incremental_append_matches_building_at_once(recorded: Recorded) -> None:
    events = recorded["parallel"]
    whole = build(events)
    pieces = TimelineModel()
    for start in range(0, len(events), 7):
        pieces.extend(events[start : start + 7])
    assert [(i.label, i.t, i.task_id) for i in pieces.items] == [
        (i.label, i.t, i.task_id) for i in whole.items
    ]
    assert [g.bands for g in pieces.groups()] == [g.bands for g in whole.groups()]
    pieces.clear()
    assert len(pieces) == 0
    assert pieces.groups() == []
    assert pieces.origin is None


def test_close_explanation_prefers_the_failure_reason() -> None:
    assert close_explanation(1006, "the server's certificate is not trusted") == (
        "the server's certificate is not trusted"
    )
    assert close_explanation(1006, "whatever") == CLOSE_CODES[1006]
    assert close_explanation(4321, "") == "closed by the application with its own code"
    assert task_color(None) not in TASK_COLORS
    assert task_color(1) != task_color(2)
    assert task_color(1) == task_color(1 + len(TASK_COLORS))


def _frames(n: int, *, step: float = 0.001, task_id: int = 1, size: int = 10) -> list[Event]:
    """``n`` frames alternating out/in, ``step`` seconds apart (synthetic, for aggregation)."""
    out: list[Event] = [
        ApiCalled(task_id=task_id, api="connectSocket", args={"url": "ws://x"}, mono=1000.0),
        StateChanged(task_id=task_id, old=None, new=ReadyState.OPEN, mono=1000.0),
    ]
    for k in range(n):
        out.append(
            FrameEvent(
                task_id=task_id,
                direction=Direction.OUT if k % 2 == 0 else Direction.IN,
                opcode=Opcode.TEXT,
                size=size,
                data="x" * size,
                mono=1000.0 + (k + 1) * step,
            )
        )
    return out


def test_aggregate_folds_routine_items_into_time_buckets() -> None:
    model = build(_frames(10_000))  # 10 s of frames, 1 ms apart
    buckets = model.aggregate(0.0, model.duration, 100.0)
    per_track: dict[Track, list[Bucket]] = {}
    for bucket in buckets:
        per_track.setdefault(bucket.track, []).append(bucket)
    assert set(per_track) == {Track.OUT, Track.IN}
    assert sum(b.count for b in buckets) == 10_000
    assert sum(b.bytes for b in buckets) == 100_000
    assert len(per_track[Track.OUT]) in (100, 101)
    assert max(b.count for b in buckets) <= 51
    for bucket in buckets:
        assert bucket.end - bucket.start == pytest.approx(0.1)
        assert bucket.first <= bucket.last
        assert model.items[bucket.first].track is bucket.track
    # Zoomed in far enough, every bucket is one item.
    fine = model.aggregate(1.0, 1.02, 0.1)
    assert fine
    assert all(b.count == 1 for b in fine)
    assert len(fine) == 21
    # The connectSocket call is a milestone, never folded.
    assert [m.label for m in model.milestones(0.0, 1.0)] == ["connectSocket"]
    assert model.milestones(0.5, 1.0) == []
    with pytest.raises(ValueError, match="positive"):
        model.aggregate(0, 1, 0)


def test_aggregate_slots_and_item_ranges() -> None:
    model = build(_frames(1_000))
    buckets = model.aggregate_slots(0, len(model) - 1, 100)
    assert sum(b.count for b in buckets) == 1_000
    assert all(b.count <= 50 for b in buckets)  # two tracks share each 100-slot cell
    singles = model.aggregate_slots(10, 19, 1)
    assert sorted(b.first for b in singles) == list(range(10, 20))
    assert model.milestones_slots(0, 5)[0].label == "connectSocket"
    lo, hi = model.item_range_for_time(0.1, 0.2)
    assert all(0.1 <= model.items[i].t <= 0.2 for i in range(lo, hi))
    assert hi - lo in (100, 101)  # float times: the ends may fall either side
    assert model.items[lo - 1].t < 0.1
    assert model.items[hi].t > 0.2


def test_non_monotonic_clock_keeps_the_axis_sorted() -> None:
    events: list[Event] = [
        ApiCalled(task_id=1, api="connectSocket", args={}, mono=10.0),
        ListenerFired(task_id=1, listener="onOpen", payload={}, mono=9.0),
    ]
    model = build(events)
    assert [i.t for i in model.items] == [0.0, 0.0]


def test_runtime_level_events_get_their_own_group() -> None:
    events: list[Event] = [
        ApiCalled(task_id=None, api="connectSocket", args={"url": "http://x"}, mono=1.0),
    ]
    model = build(events)
    group = model.group(None)
    assert group is not None
    assert group.label == "runtime"
    assert not group.active
    assert model.active_count() == 0


def test_appending_100k_frames_is_fast() -> None:
    events = _frames(100_000, step=0.0001)
    model = TimelineModel()
    start = time.perf_counter()
    for k in range(0, len(events), 1000):
        model.extend(events[k : k + 1000])
    elapsed = time.perf_counter() - start
    assert len(model) == 100_001
    query = time.perf_counter()
    buckets = model.aggregate(0.0, model.duration, model.duration * 1000 / 1000)
    assert sum(b.count for b in buckets) == 100_000
    assert time.perf_counter() - query < 0.5
    assert elapsed < 10.0  # about 1 s on a slow machine; generous for shared CI cores


def test_memory_budget_keeps_milestones_and_counts_the_rest() -> None:
    events = _frames(1_000)
    events.append(ListenerFired(task_id=1, listener="onClose", payload={"code": 1000}, mono=2000.0))
    model = TimelineModel(max_items=101)
    model.extend(events)
    assert len(model) == 102  # connectSocket + 100 frames, then the onClose milestone
    assert model.dropped == 900
    assert model.items[-1].label == "onClose 1000"
    group = model.group(1)
    assert group is not None
    assert group.frames_in + group.frames_out == 1_000  # totals stay right
    by_bytes = TimelineModel(max_bytes=95)
    by_bytes.extend(_frames(20))
    assert len(by_bytes) == 11  # ten 10-byte frames reach the budget
    assert by_bytes.dropped == 10


def _snapshot(model: TimelineModel) -> tuple[object, ...]:
    """Everything a reader of the model can see."""
    buckets = model.aggregate(0.0, model.duration + 1.0, 1.0) if len(model) else []
    groups = [
        (g.task_id, g.bands, g.frames_in, g.frames_out, g.bytes_in, g.bytes_out, g.last_t)
        for g in model.groups()
    ]
    items = [(i.index, i.t, i.task_id, i.label, i.kind, i.track) for i in model.items]
    return (len(model), model.event_count, model.dropped, model.duration, groups, items, buckets)


def _flood_with_milestones(n: int) -> list[Event]:
    """Frames and onMessage calls for two tasks, a clock that steps back, a close frame."""
    events: list[Event] = []
    for task_id in (1, 2):
        events.append(ApiCalled(task_id=task_id, api="connectSocket", args={}, mono=10.0))
        events.append(StateChanged(task_id=task_id, old=None, new=ReadyState.OPEN, mono=10.0))
    for k in range(n):
        task_id = 1 + k % 2
        mono = 10.0 + k * 0.001 - (0.05 if k % 17 == 0 else 0.0)  # sometimes out of order
        data: str | bytes = "é" * (k % 5) if k % 3 else bytes(k % 7)
        events.append(
            FrameEvent(
                task_id=task_id,
                direction=Direction.IN if k % 4 else Direction.OUT,
                opcode=Opcode.TEXT if isinstance(data, str) else Opcode.BINARY,
                size=len(data.encode() if isinstance(data, str) else data),
                data=data,
                mono=mono,
            )
        )
        events.append(
            ListenerFired(task_id=task_id, listener="onMessage", payload={"data": data}, mono=mono)
        )
        if k == n // 2:
            events.append(
                FrameEvent(
                    task_id=1,
                    direction=Direction.IN,
                    opcode=Opcode.CLOSE,
                    size=2,
                    data=b"\x03\xe8",
                    close_code=1000,
                    close_reason="",
                    mono=mono,
                )
            )
    events.append(
        FrameEvent(
            task_id=3, direction=Direction.IN, opcode=Opcode.TEXT, size=1, data="x", mono=11.0
        )
    )
    return events


@pytest.mark.parametrize(
    ("max_items", "max_bytes"), [(10_000, 10_000_000), (150, 10_000_000), (10_000, 200)]
)
def test_batched_extend_matches_appending_one_by_one(max_items: int, max_bytes: int) -> None:
    events = _flood_with_milestones(400)
    batched = TimelineModel(max_items=max_items, max_bytes=max_bytes)
    for start in range(0, len(events), 64):
        batched.extend(events[start : start + 64])
    single = TimelineModel(max_items=max_items, max_bytes=max_bytes)
    for event in events:
        single.append(event)
    assert _snapshot(batched) == _snapshot(single)
    assert batched.event_count == len(events)
    if max_items > len(events) and max_bytes > 1_000_000:
        assert len(batched) == len(events) - 2  # the two state changes are bands, not items
    else:
        assert batched.dropped > 0


def test_a_track_keeps_byte_counts_only_once_an_entry_has_bytes() -> None:
    from app.timeline import _TrackIndex

    calls = _TrackIndex()  # onMessage calls: no bytes of their own
    for k in range(3):
        calls.add(float(k), k, 0)
    assert calls.cum_bytes is None
    assert calls.bytes_between(0, 3) == 0
    mixed = _TrackIndex()
    for k, size in enumerate([0, 0, 5, 0, 7]):
        mixed.add(float(k), k, size)
    assert mixed.bytes_between(0, 5) == 12
    assert mixed.bytes_between(0, 2) == 0
    assert mixed.bytes_between(2, 3) == 5
    assert mixed.bytes_between(3, 5) == 7
