"""SocketTask's receive path and what it builds per message, against real servers on 127.0.0.1.

Messages reach ``onMessage`` straight from the connection's ``data_received`` (no reader
task): these tests pin what that must keep from websockets' own reader (reassembly,
UTF-8 and fragment-count failures, order, read slicing under a flood, TLS), and that
events are built only while someone subscribes, with the same stream when someone does.
"""

from __future__ import annotations

import asyncio
import copy
import dataclasses
import pickle
import subprocess
import sys
import time
import types
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from websockets.asyncio.server import ServerConnection

from app import ReadyState, Runtime, SocketTask
from app import events as events_module
from app import socket_task as socket_task_module
from app.events import Event, FrameEvent, ListenerFired, StateChanged
from tests.servers.hostile import OP_CONT, OP_TEXT, RawPeer, frame

from .conftest import LOOPBACK, UNIT, Recorder, TlsMaterial, WsServer, record_until_close

MakeServer = Callable[..., Awaitable[WsServer]]
CLOSE_TIMEOUT = 0.3


async def opened(rt: Runtime, rec: Recorder, url: str) -> SocketTask:
    task = rec.attach(rt.connect_socket({"url": url}))
    await rec.wait_for("onOpen")
    return task


# -- what websockets' reader did, kept ---------------------------------------------------------


async def test_fragmented_messages_are_reassembled(
    runtime: Runtime, rec: Recorder, make_server: MakeServer
) -> None:
    async def fragments(ws: ServerConnection) -> None:
        await ws.send(["ab", "c\u00e9", "d"])  # three text fragments
        await ws.send([b"\x00", b"\x01\x02"])  # two binary fragments
        await ws.wait_closed()

    server = await make_server(fragments)
    events: list[Event] = []
    runtime.events.subscribe(events.append)
    await opened(runtime, rec, server.url())
    await rec.wait_for("onMessage", 2)
    assert [p["data"] for p in rec.payloads("onMessage")] == ["abc\u00e9d", b"\x00\x01\x02"]
    frames = [(e.opcode.value, e.size) for e in events if isinstance(e, FrameEvent)]
    assert frames == [("text", 6), ("binary", 3)]  # sizes in bytes on the wire


async def test_a_character_split_across_fragments_is_valid() -> None:
    # "é" is C3 A9: split between two fragments it is still one valid character.
    wire = frame(OP_TEXT, b"x\xc3", fin=False) + frame(OP_CONT, b"\xa9")
    rt = Runtime(legal_domains=LOOPBACK, close_timeout=CLOSE_TIMEOUT)
    rec = Recorder()
    try:
        async with RawPeer(wire) as peer:
            rec.attach(rt.connect_socket({"url": peer.url}))
            assert (await rec.wait_for("onMessage"))["data"] == "x\u00e9"
    finally:
        await rt.aclose()


async def test_invalid_utf8_fails_with_1007_after_the_messages_before_it() -> None:
    wire = (
        frame(OP_TEXT, b"one")
        + frame(OP_TEXT, b"two")
        + frame(OP_TEXT, b"\xe2\x82", fin=False)  # the start of a 3-byte character...
        + frame(OP_CONT, b"\xff")  # ...that never completes
        + frame(OP_TEXT, b"never")
    )
    rt = Runtime(legal_domains=LOOPBACK, close_timeout=CLOSE_TIMEOUT)
    rec = Recorder()
    try:
        async with RawPeer(wire) as peer:
            task = rec.attach(rt.connect_socket({"url": peer.url}))
            close = await rec.wait_for("onClose")
            sent_back = bytes(peer.received)
    finally:
        await rt.aclose()
    assert [p["data"] for p in rec.payloads("onMessage")] == ["one", "two"]
    assert rec.last("onError")["errMsg"].startswith(
        "invalid UTF-8 from the server in a text message"
    )
    assert close["code"] == 1007
    assert rec.names()[-2:] == ["onError", "onClose"]
    assert task.ready_state is ReadyState.CLOSED
    # The close frame went out (masked, so look for its opcode byte: FIN + close).
    assert b"\x88" in sent_back


async def test_sends_from_a_listener_are_reported_between_the_messages(
    runtime: Runtime, rec: Recorder, echo_server: WsServer
) -> None:
    events: list[Event] = []
    runtime.events.subscribe(events.append)
    task = await opened(runtime, rec, echo_server.url())
    done = asyncio.Event()

    def bounce(res: dict[str, Any]) -> None:
        n = int(res["data"])
        if n < 3:
            task.send({"data": str(n + 1)})
        else:
            done.set()

    task.on_message(bounce)
    start = len(events)
    task.send({"data": "1"})
    async with asyncio.timeout(UNIT):
        await done.wait()
    kinds = [e.kind for e in events[start:]]
    one_round = ["api", "frame", "callback", "callback", "frame", "listener"]
    assert kinds == one_round * 3
    frames = [(e.direction.value, e.data) for e in events[start:] if isinstance(e, FrameEvent)]
    assert frames == [(way, str(n)) for n in (1, 2, 3) for way in ("out", "in")]


# -- a flood: sliced, in order, nothing lost --------------------------------------------------


async def test_a_flood_is_handed_out_in_slices_in_order(
    runtime: Runtime, rec: Recorder, make_server: MakeServer
) -> None:
    count = 20_000

    async def flood(ws: ServerConnection) -> None:
        for i in range(count):
            await ws.send(f"{i:05d}")
        assert await ws.recv() == "still reading?"
        await ws.send("yes")
        await ws.wait_closed()

    server = await make_server(flood)
    turns = 0

    async def ticker() -> None:
        nonlocal turns
        while True:
            await asyncio.sleep(0)
            turns += 1

    seen: list[str] = []
    seen_at: list[int] = []
    all_seen = asyncio.Event()

    def on_message(res: dict[str, Any]) -> None:
        seen.append(res["data"])
        seen_at.append(turns)
        if len(seen) == count:
            all_seen.set()

    ticking = asyncio.create_task(ticker())
    task = rec.attach(runtime.connect_socket({"url": server.url()}))
    task.on_message(on_message)
    try:
        async with asyncio.timeout(4 * UNIT):
            await all_seen.wait()
        task.send({"data": "still reading?"})
        assert (await rec.wait_for("onMessage", count + 1))["data"] == "yes"
    finally:
        ticking.cancel()
        await asyncio.gather(ticking, return_exceptions=True)
    assert seen[:count] == [f"{i:05d}" for i in range(count)]
    # The loop ran between slices: the messages were not handed out in one go.
    assert len(set(seen_at)) > 1


async def test_one_huge_read_is_handed_out_a_slice_per_turn() -> None:
    """20,000 messages in one write; each takes the listener 50 µs: ~1 s of work that must
    be spread over many turns of the loop (a 4 ms slice holds about 80 of them)."""
    count = 20_000
    wire = b"".join(frame(OP_TEXT, b"%05d" % i) for i in range(count))
    rt = Runtime(legal_domains=LOOPBACK, close_timeout=CLOSE_TIMEOUT)
    turns = 0

    async def ticker() -> None:
        nonlocal turns
        while True:
            await asyncio.sleep(0)
            turns += 1

    per_turn: dict[int, int] = {}
    seen: list[str] = []
    all_seen = asyncio.Event()

    def slow_listener(res: dict[str, Any]) -> None:
        until = time.perf_counter() + 50e-6
        while time.perf_counter() < until:
            pass
        seen.append(res["data"])
        per_turn[turns] = per_turn.get(turns, 0) + 1
        if len(seen) == count:
            all_seen.set()

    ticking = asyncio.create_task(ticker())
    try:
        async with RawPeer(wire) as peer:
            task = rt.connect_socket({"url": peer.url})
            task.on_message(slow_listener)
            async with asyncio.timeout(6 * UNIT):
                await all_seen.wait()
    finally:
        ticking.cancel()
        await asyncio.gather(ticking, return_exceptions=True)
        await rt.aclose()
    assert seen == [f"{i:05d}" for i in range(count)]
    assert len(per_turn) > 20
    assert max(per_turn.values()) < 1000


async def test_tls_flood_arrives_whole(make_server: MakeServer, tls: TlsMaterial) -> None:
    count = 5_000

    async def flood(ws: ServerConnection) -> None:
        for i in range(count):
            await ws.send(b"%05d" % i)
        await ws.wait_closed()

    server = await make_server(flood, ssl_context=tls.good)
    rt = Runtime(legal_domains=LOOPBACK, ca_file=tls.ca_file, close_timeout=2.0)
    rec = Recorder()
    try:
        await opened(rt, rec, server.url())
        await rec.wait_for("onMessage", count, within=4 * UNIT)
    finally:
        await rt.aclose()
    assert [p["data"] for p in rec.payloads("onMessage")] == [b"%05d" % i for i in range(count)]


async def test_messages_then_a_close_frame_all_arrive_before_on_close() -> None:
    wire = b"".join(frame(OP_TEXT, b"%d" % i) for i in range(300)) + frame(0x8, b"\x03\xe8bye")
    rec, close = await record_until_close(
        Runtime(legal_domains=LOOPBACK, close_timeout=CLOSE_TIMEOUT), wire
    )
    assert [p["data"] for p in rec.payloads("onMessage")] == [str(i) for i in range(300)]
    assert close == {"code": 1000, "reason": "bye"}
    assert rec.names()[-1] == "onClose"


async def test_shutdown_during_a_flood_ends_cleanly(make_server: MakeServer) -> None:
    async def flood(ws: ServerConnection) -> None:
        for i in range(50_000):
            await ws.send(f"{i}")
        await ws.wait_closed()

    server = await make_server(flood)
    rt = Runtime(legal_domains=LOOPBACK, close_timeout=CLOSE_TIMEOUT)
    rec = Recorder()
    events: list[Event] = []
    rt.events.subscribe(events.append)
    task = await opened(rt, rec, server.url())
    await rec.wait_for("onMessage", 100)
    await rt.aclose(grace=0.5)
    assert task.ready_state is ReadyState.CLOSED
    assert rec.names()[-1] == "onClose"
    after = len(rec.calls)
    await asyncio.sleep(0.05)  # nothing is handed out once closed
    assert len(rec.calls) == after
    states = [e.new for e in events if isinstance(e, StateChanged)]
    assert states[-1] is ReadyState.CLOSED


# -- observation: events only while someone subscribes ---------------------------------------


async def test_no_events_are_built_without_subscribers_and_the_same_stream_with(
    runtime: Runtime, echo_server: WsServer
) -> None:
    rec = Recorder()
    task = await opened(runtime, rec, echo_server.url())
    before = next(events_module._seq)
    for i in range(50):
        task.send({"data": f"m{i}"})
        await rec.wait_for("onMessage", i + 1)
    built = next(events_module._seq) - before - 1
    assert built == 0

    events: list[Event] = []
    runtime.events.subscribe(events.append)
    assert runtime.events.has_subscribers
    task.send({"data": "seen"})
    await rec.wait_for("onMessage", 51)
    assert [e.kind for e in events] == ["api", "frame", "callback", "callback", "frame", "listener"]
    listener = events[-1]
    assert isinstance(listener, ListenerFired)
    assert listener.payload == {"data": "seen"}


@pytest.mark.parametrize("observed", [False, True])
async def test_every_listener_gets_a_payload_of_its_own(
    runtime: Runtime, echo_server: WsServer, observed: bool
) -> None:
    events: list[Event] = []
    if observed:
        runtime.events.subscribe(events.append)
    rec = Recorder()
    task = await opened(runtime, rec, echo_server.url())
    got: list[dict[str, Any]] = []

    def meddle(res: dict[str, Any]) -> None:
        got.append(dict(res))
        res["data"] = "changed"
        res["extra"] = True

    task.on_message(meddle)
    task.on_message(meddle)
    task.send({"data": "original"})
    await rec.wait_for("onMessage")
    await asyncio.sleep(0)
    assert rec.last("onMessage") == {"data": "original"}
    assert got == [{"data": "original"}, {"data": "original"}]
    if observed:
        fired = [e for e in events if isinstance(e, ListenerFired)]
        assert fired[-1].payload == {"data": "original"}


async def test_send_callbacks_fire_without_subscribers(
    runtime: Runtime, echo_server: WsServer
) -> None:
    rec = Recorder()
    task = await opened(runtime, rec, echo_server.url())
    task.send({"data": "a", **rec.api("send.")})
    assert "send.success" not in rec.names()  # asynchronous to the caller
    await rec.wait_for("send.complete")

    def reply(res: dict[str, Any]) -> None:
        if res["data"] == "a":
            task.send({"data": "b", **rec.api("inner.")})

    task.on_message(reply)
    task.send({"data": "a"})
    await rec.wait_for("inner.complete")
    assert rec.last("inner.success") == {"errMsg": "sendSocketMessage:ok"}
    assert rec.last("send.success") == {"errMsg": "sendSocketMessage:ok"}


# -- import cost ------------------------------------------------------------------------------


def test_importing_the_core_does_not_import_websockets() -> None:
    code = (
        "import sys, app.runtime, app.socket_task, app.rules, app.events\n"
        "from app import Runtime\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'websockets'))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


# -- smaller events, same fields and JSON -----------------------------------------------------


def incoming(data: str | bytes, *, task_id: int = 1, **given: Any) -> FrameEvent:
    """An incoming text or binary message's frame event, built with keywords."""
    opcode = events_module.Opcode.TEXT if isinstance(data, str) else events_module.Opcode.BINARY
    return FrameEvent(
        task_id=task_id,
        direction=events_module.Direction.IN,
        opcode=opcode,
        size=len(data),
        data=data,
        **given,
    )


def test_message_payload_reads_and_serialises_like_the_dict() -> None:
    payload = events_module.MessagePayload("hello")
    assert payload == {"data": "hello"}
    assert {"data": "hello"} == payload  # noqa: SIM300 - the dict on the left, on purpose
    assert payload != {"data": "other"}
    assert dict(payload) == {"data": "hello"}
    assert payload["data"] == "hello"
    assert payload.get("data") == "hello"
    assert payload.get("missing", 1) == 1
    assert "data" in payload
    assert "missing" not in payload
    assert len(payload) == 1
    assert repr(payload) == "{'data': 'hello'}"
    with pytest.raises(KeyError):
        payload["missing"]
    event = ListenerFired(
        task_id=1, listener="onMessage", payload=events_module.MessagePayload(b"\x00")
    )
    as_json = event.to_json()
    assert as_json["payload"] == {"data": {"$bytes": "AA=="}}
    assert events_module.event_from_json(as_json) == event
    assert copy.deepcopy(event) == event
    assert pickle.loads(pickle.dumps(event)) == event


def test_time_is_derived_from_mono_unless_given() -> None:
    frame_event = incoming("x")
    assert frame_event.time == events_module._WALL_OFFSET + frame_event.mono
    assert frame_event.to_json()["time"] == frame_event.time
    given = StateChanged(task_id=1, old=None, new=ReadyState.OPEN, time=12.5, mono=3.0)
    assert given.time == 12.5
    assert events_module.event_from_json(given.to_json()) == given
    assert dataclasses.replace(frame_event, size=2).time == frame_event.time
    with pytest.raises(dataclasses.FrozenInstanceError):
        frame_event.time = 1.0  # type: ignore[misc]


def test_an_incoming_frame_is_the_frame_event_built_with_keywords() -> None:
    made = events_module.incoming_frame(3, events_module.Opcode.TEXT, 5, "héllo")
    usual = incoming("héllo", task_id=3, mono=made.mono, seq=made.seq)
    assert type(made) is FrameEvent
    assert made == usual
    assert made.time == usual.time
    assert made.to_json() == usual.to_json()
    later = FrameEvent(
        task_id=3, direction=events_module.Direction.OUT, opcode=events_module.Opcode.PING, size=0
    )
    assert later.seq > made.seq  # numbered from the same sequence
    assert later.mono >= made.mono


@pytest.mark.parametrize("data", ["héllo", b"\x00\x01"], ids=["text", "binary"])
def test_the_onmessage_event_of_a_frame_is_the_usual_event(data: str | bytes) -> None:
    """``message_fired`` keeps its frame instead of a payload and a sequence number of
    its own; it reads, compares, serialises, copies and pickles as the event built
    with every field given."""
    frame_event = incoming(data, task_id=7)
    fired = events_module.message_fired(frame_event)
    usual = ListenerFired(
        task_id=7,
        listener="onMessage",
        payload={"data": data},
        mono=frame_event.mono,
        seq=frame_event.seq + 1,
    )
    assert type(fired) is ListenerFired
    assert fired.seq == frame_event.seq + 1
    assert fired.payload == {"data": data}
    assert fired.payload["data"] is data
    assert fired.time == frame_event.time
    assert fired == usual
    assert usual == fired
    assert repr(fired) == repr(usual)
    assert fired.to_json() == usual.to_json()
    assert events_module.event_from_json(fired.to_json()) == usual
    assert copy.deepcopy(fired) == usual
    assert pickle.loads(pickle.dumps(fired)) == usual
    assert dataclasses.replace(fired, listener="onMessage") == usual
    assert events_module.listener_data(fired) is data
    assert events_module.listener_data(usual) is data
    with pytest.raises(dataclasses.FrozenInstanceError):
        fired.payload = {}  # type: ignore[misc]
    # Another event between the frame and its onMessage: a sequence number of its own.
    late_frame = incoming(data, task_id=7)
    between = events_module.Notice(task_id=7, level="info", message="between")
    late = events_module.message_fired(late_frame)
    assert between.seq == late_frame.seq + 1
    assert late.seq == between.seq + 1
    assert late.payload == {"data": data}


@pytest.mark.parametrize(
    ("wire", "messages", "code"),
    [
        (
            b"".join(frame(OP_TEXT, b"%d" % i) for i in range(200)) + frame(0x8, b"\x03\xe8"),
            200,
            1000,
        ),
        (frame(OP_TEXT, b"ok") + frame(OP_TEXT, b"\xff") + frame(OP_TEXT, b"never"), 1, 1007),
        (
            frame(OP_TEXT, b"ok")
            + frame(OP_TEXT, b"a", fin=False)
            + b"".join(frame(OP_CONT, b"a", fin=False) for _ in range(5000))
            + frame(OP_CONT, b"a"),
            1,
            1009,
        ),
    ],
    ids=["messages-then-close", "invalid-utf8", "too-many-fragments"],
)
async def test_with_no_time_per_slice_everything_still_arrives(
    monkeypatch: pytest.MonkeyPatch, wire: bytes, messages: int, code: int
) -> None:
    """A zero slice: every read defers its messages to the next turn, one message a turn;
    messages and failures queued behind them are still all handled, in order."""
    monkeypatch.setattr(socket_task_module, "READ_SLICE_S", 0.0)
    rec, close = await record_until_close(
        Runtime(legal_domains=LOOPBACK, close_timeout=CLOSE_TIMEOUT), wire
    )
    assert len(rec.payloads("onMessage")) == messages
    assert rec.payloads("onMessage")[0]["data"] in ("0", "ok")
    assert close["code"] == code


_VALUES = st.one_of(
    st.text(max_size=8),
    st.binary(max_size=8),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
    st.just(print),
    st.just(lambda _res: None),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        st.one_of(st.sampled_from(["data", "success", "fail"]), st.text(max_size=4), st.integers()),
        _VALUES,
        max_size=4,
    )
)
def test_the_usual_send_summary_is_the_general_one(options: dict[Any, Any]) -> None:
    """``send``'s argument summary takes a short path for plain dicts: same result as the
    general path (which a read-only view of the same dict takes)."""
    general = socket_task_module._summarize_send(types.MappingProxyType(options))
    assert socket_task_module._summarize_send(options) == general


def test_preload_imports_what_the_first_connection_needs() -> None:
    code = (
        "import sys, app.socket_task\n"
        "assert 'websockets' not in sys.modules\n"
        "app.socket_task.preload()\n"
        "print(sorted(m for m in ('websockets.asyncio.client', 'websockets.uri', 'app.explain')"
        " if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout.split() == [
        "['app.explain',",
        "'websockets.asyncio.client',",
        "'websockets.uri']",
    ]
