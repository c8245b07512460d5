"""SocketTask against real servers on 127.0.0.1: one test (or more) per row of socket-task.md."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, cast

import pytest
from websockets.asyncio.server import ServerConnection
from websockets.http11 import Request, Response

from app import ReadyState, Runtime, SocketTask
from app.events import CallbackRaised, Event, FrameEvent, Notice, StateChanged

from .conftest import LOOPBACK, UNIT, Recorder, WsServer

MakeServer = Callable[..., Awaitable[WsServer]]


def connect(rt: Runtime, rec: Recorder, url: str, **options: Any) -> SocketTask:
    task = rt.connect_socket({"url": url, **rec.api(), **options})
    rec.mark("returned")
    return rec.attach(task)


def state_of(task: SocketTask) -> ReadyState | None:
    """Read the state through a call, so the type checker does not keep an earlier narrowing."""
    return task.ready_state


async def opened(rt: Runtime, rec: Recorder, url: str, **options: Any) -> SocketTask:
    task = connect(rt, rec, url, **options)
    await rec.wait_for("onOpen")
    assert task.ready_state is ReadyState.OPEN
    return task


# -- connectSocket: success, ids, order ------------------------------------------------------


async def test_connect_success_payload_order_and_ids(
    runtime: Runtime, rec: Recorder, echo_server: WsServer
) -> None:
    task = connect(runtime, rec, echo_server.url())
    assert task.ready_state is ReadyState.CONNECTING
    assert task.socket_task_id == 1
    await rec.wait_for("onOpen")
    assert rec.names() == ["returned", "success", "complete", "onOpen"]
    assert rec.last("success") == {"errMsg": "connectSocket:ok", "socketTaskId": 1}
    assert rec.last("complete") == rec.last("success")
    second = runtime.connect_socket({"url": echo_server.url()})
    assert second.socket_task_id == 2


async def test_on_open_has_response_headers_and_profile(
    runtime: Runtime, rec: Recorder, make_server: MakeServer
) -> None:
    def add_header(_conn: ServerConnection, _req: Request, response: Response) -> Response:
        response.headers["X-Demo"] = "yes"
        return response

    server = await make_server(process_response=add_header)
    await opened(runtime, rec, server.url())
    payload = rec.last("onOpen")
    assert payload["header"]["X-Demo"] == "yes"
    profile = payload["profile"]
    assert set(profile) == {"dnsCost", "connectCost", "sslCost", "handshakeCost", "cost"}
    assert profile["cost"] >= profile["handshakeCost"] >= 0
    assert profile["sslCost"] == 0


async def test_listeners_registered_after_the_call_see_a_refusal(
    runtime: Runtime, rec: Recorder
) -> None:
    task = connect(runtime, rec, "http://127.0.0.1/")
    await rec.wait_for("complete")
    assert rec.names() == ["returned", "fail", "complete"]
    assert task.ready_state is None
    assert task.socket_task_id is None


# -- refusals: every reason ------------------------------------------------------------------

REFUSALS: list[tuple[str, Any, str]] = [
    ("not a dict", "ws://127.0.0.1/", "options should be Object instead of str"),
    ("url missing", {}, "parameter.url should be String instead of Undefined"),
    ("url not str", {"url": 42}, "parameter.url should be String instead of int"),
    ("url empty", {"url": ""}, "invalid url: the url is empty"),
    ("url has space", {"url": "ws://127.0.0.1/a b"}, "spaces or control characters"),
    ("bad scheme", {"url": "http://127.0.0.1/"}, "the scheme must be ws:// or wss://"),
    ("bad port", {"url": "ws://127.0.0.1:99999/"}, "invalid url"),
    ("no host", {"url": "ws:///path"}, "invalid url"),
    ("fragment", {"url": "ws://127.0.0.1/#x"}, "cannot have a #fragment"),
    ("unlisted domain", {"url": "ws://example.com/"}, "url not in domain list: example.com:80"),
    (
        "header not dict",
        {"url": "ws://127.0.0.1/", "header": ["a"]},
        "parameter.header should be Object",
    ),
    (
        "header bad name",
        {"url": "ws://127.0.0.1/", "header": {"a b": "1"}},
        "not a valid HTTP token",
    ),
    (
        "header bad value",
        {"url": "ws://127.0.0.1/", "header": {"A": None}},
        "should be String instead of NoneType",
    ),
    ("header CRLF", {"url": "ws://127.0.0.1/", "header": {"A": "x\r\nB: y"}}, "control character"),
    (
        "header managed",
        {"url": "ws://127.0.0.1/", "header": {"Sec-WebSocket-Key": "x"}},
        "set by the runtime",
    ),
    (
        "protocols str",
        {"url": "ws://127.0.0.1/", "protocols": "chat"},
        "parameter.protocols should be Array",
    ),
    ("protocol token", {"url": "ws://127.0.0.1/", "protocols": ["a b"]}, "is not a valid token"),
    ("protocol twice", {"url": "ws://127.0.0.1/", "protocols": ["a", "a"]}, "listed twice"),
    (
        "timeout str",
        {"url": "ws://127.0.0.1/", "timeout": "5"},
        "parameter.timeout should be Number",
    ),
    ("timeout negative", {"url": "ws://127.0.0.1/", "timeout": -1}, "must be a positive number"),
    (
        "callback not callable",
        {"url": "ws://127.0.0.1/", "success": 1},
        "parameter.success should be Function",
    ),
]


@pytest.mark.parametrize(("label", "options", "reason"), REFUSALS, ids=[r[0] for r in REFUSALS])
async def test_connect_refusals(runtime: Runtime, label: str, options: Any, reason: str) -> None:
    rec = Recorder()
    if isinstance(options, dict) and "success" not in options:
        options = {**options, "fail": rec.cb("fail"), "complete": rec.cb("complete")}
    task = runtime.connect_socket(options)
    assert task.ready_state is None
    if isinstance(options, dict):
        if "success" in options:  # the bad callback itself cannot be called; check the event
            return
        fail = await rec.wait_for("complete")
        assert fail["errMsg"].startswith("connectSocket:fail ")
        assert reason in fail["errMsg"]
        assert rec.names() == ["fail", "complete"]
    assert runtime.active_tasks == []


async def test_release_mode_requires_wss_and_legal_domain(rec: Recorder) -> None:
    rt = Runtime(mode="release", legal_domains=["localhost"], check_domain=False)
    try:
        connect(rt, rec, "ws://localhost:1/")
        fail = await rec.wait_for("fail")
        assert (
            fail["errMsg"]
            == "connectSocket:fail url scheme must be wss in release mode: ws://localhost:1/"
        )
        rec2 = Recorder()
        connect(rt, rec2, "wss://127.0.0.1:1/")
        fail2 = await rec2.wait_for("fail")
        assert "url not in domain list: 127.0.0.1:1" in fail2["errMsg"]
    finally:
        await rt.aclose()


async def test_test_mode_domain_check_can_be_switched_off(echo_server: WsServer) -> None:
    checked = Runtime(legal_domains=["example.com"], check_domain=True)
    unchecked = Runtime(legal_domains=["example.com"], check_domain=False)
    rec1, rec2 = Recorder(), Recorder()
    try:
        connect(checked, rec1, echo_server.url())
        assert "not in domain list" in (await rec1.wait_for("fail"))["errMsg"]
        await opened(unchecked, rec2, echo_server.url())
    finally:
        await checked.aclose()
        await unchecked.aclose()


async def test_legal_domain_with_port(echo_server: WsServer) -> None:
    rt = Runtime(legal_domains=[f"127.0.0.1:{echo_server.port}"])
    rec, rec2 = Recorder(), Recorder()
    try:
        await opened(rt, rec, echo_server.url())
        connect(rt, rec2, f"ws://127.0.0.1:{echo_server.port + 1}/")
        assert "not in domain list" in (await rec2.wait_for("fail"))["errMsg"]
    finally:
        await rt.aclose()


async def test_cap_of_five_sockets_and_earlier_sockets_stay_open(
    runtime: Runtime, echo_server: WsServer
) -> None:
    recs = [Recorder() for _ in range(6)]
    tasks = [connect(runtime, r, echo_server.url()) for r in recs[:5]]
    for r in recs[:5]:
        await r.wait_for("onOpen")
    sixth = connect(runtime, recs[5], echo_server.url())
    fail = await recs[5].wait_for("fail")
    assert "too many sockets: at most 5" in fail["errMsg"]
    assert sixth.ready_state is None
    # A new connectSocket never closes the earlier ones.
    assert all(t.ready_state is ReadyState.OPEN for t in tasks)
    tasks[0].close()
    await recs[0].wait_for("onClose")
    rec7 = Recorder()
    await opened(runtime, rec7, echo_server.url())


async def test_runtime_refuses_after_aclose(rec: Recorder) -> None:
    rt = Runtime()
    await rt.aclose()
    connect(rt, rec, "ws://127.0.0.1:1/")
    assert (await rec.wait_for("fail"))["errMsg"] == "connectSocket:fail the runtime is shut down"


# -- send ------------------------------------------------------------------------------------


async def test_send_text_and_binary_echo(
    runtime: Runtime, rec: Recorder, echo_server: WsServer
) -> None:
    task = await opened(runtime, rec, echo_server.url())
    task.send({"data": "你好 hello", **rec.api("send.")})
    msg = await rec.wait_for("onMessage")
    assert msg == {"data": "你好 hello"}
    assert rec.names()[-3:] == ["send.success", "send.complete", "onMessage"] or rec.names()[
        -3:
    ] == [
        "send.success",
        "onMessage",
        "send.complete",
    ]
    assert rec.last("send.success") == {"errMsg": "sendSocketMessage:ok"}
    task.send({"data": b"\x00\x01\xff"})
    binary = await rec.wait_for("onMessage", 2)
    assert binary == {"data": b"\x00\x01\xff"}
    assert isinstance(binary["data"], bytes)


async def test_send_success_before_complete(
    runtime: Runtime, rec: Recorder, echo_server: WsServer
) -> None:
    task = await opened(runtime, rec, echo_server.url())
    task.send({"data": "x", **rec.api("send.")})
    await rec.wait_for("send.complete")
    names = rec.names()
    assert names.index("send.success") < names.index("send.complete")


async def test_send_before_open_fails(
    runtime: Runtime, rec: Recorder, echo_server: WsServer
) -> None:
    task = connect(runtime, rec, echo_server.url())
    task.send({"data": "early", **rec.api("send.")})
    fail = await rec.wait_for("send.fail")
    assert fail == {"errMsg": "sendSocketMessage:fail WebSocket is not connected"}
    await rec.wait_for("onOpen")


@pytest.mark.parametrize(
    ("options", "reason"),
    [
        ("text", "options should be Object instead of str"),
        ({}, "parameter.data should be String or ArrayBuffer instead of Undefined"),
        ({"data": 42}, "parameter.data should be String or ArrayBuffer instead of int"),
        ({"data": None}, "instead of NoneType"),
        ({"data": "\ud800"}, "lone surrogate"),
    ],
)
async def test_send_bad_arguments(
    runtime: Runtime, echo_server: WsServer, options: Any, reason: str
) -> None:
    rec = Recorder()
    task = await opened(runtime, rec, echo_server.url())
    if isinstance(options, dict):
        options = {**options, **rec.api("send.")}
        task.send(options)
        fail = await rec.wait_for("send.fail")
        assert fail["errMsg"].startswith("sendSocketMessage:fail parameter error")
        assert reason in fail["errMsg"]
    else:
        events: list[Event] = []
        runtime.events.subscribe(events.append)
        task.send(cast(Any, options))
        await asyncio.sleep(0)
        fails = [e for e in events if getattr(e, "callback", "") == "fail"]
        assert fails
        assert reason in fails[0].payload["errMsg"]  # type: ignore[attr-defined]
    assert task.ready_state is ReadyState.OPEN


# -- close -----------------------------------------------------------------------------------


async def test_close_default_code_order_and_server_sees_1000(
    runtime: Runtime, rec: Recorder, echo_server: WsServer
) -> None:
    task = await opened(runtime, rec, echo_server.url())
    task.close({**rec.api("close.")})
    assert task.ready_state is ReadyState.CLOSING
    closed = await rec.wait_for("onClose")
    assert closed == {"code": 1000, "reason": ""}
    names = rec.names()
    assert names[-3:] == ["close.success", "close.complete", "onClose"]
    assert rec.last("close.success") == {"errMsg": "closeSocket:ok"}
    assert state_of(task) is ReadyState.CLOSED
    async with asyncio.timeout(UNIT):
        await echo_server.closed_event.wait()
    assert echo_server.closes == [(1000, "")]


async def test_close_without_argument(
    runtime: Runtime, rec: Recorder, echo_server: WsServer
) -> None:
    task = await opened(runtime, rec, echo_server.url())
    task.close()
    assert (await rec.wait_for("onClose"))["code"] == 1000


async def test_close_with_app_code_and_reason(
    runtime: Runtime, rec: Recorder, echo_server: WsServer
) -> None:
    task = await opened(runtime, rec, echo_server.url())
    task.close({"code": 4000, "reason": "再见"})
    assert await rec.wait_for("onClose") == {"code": 4000, "reason": "再见"}
    async with asyncio.timeout(UNIT):
        await echo_server.closed_event.wait()
    assert echo_server.closes == [(4000, "再见")]


@pytest.mark.parametrize(
    ("options", "reason"),
    [
        (
            {"code": 1005},
            "The code must be either 1000, 1001, or between 3000 and 4999. 1005 is neither.",
        ),
        ({"code": 2999}, "2999 is neither"),
        ({"code": 5000}, "5000 is neither"),
        ({"code": "1000"}, "parameter.code should be Number instead of str"),
        ({"reason": "x" * 124}, "must not be greater than 123 bytes (124 given)"),
        ({"reason": "再" * 42}, "(126 given)"),
        ({"reason": 5}, "parameter.reason should be String"),
    ],
)
async def test_close_bad_code_or_reason(
    runtime: Runtime, echo_server: WsServer, options: dict[str, Any], reason: str
) -> None:
    rec = Recorder()
    task = await opened(runtime, rec, echo_server.url())
    task.close({**options, **rec.api("close.")})
    fail = await rec.wait_for("close.fail")
    assert fail["errMsg"].startswith("closeSocket:fail ")
    assert reason in fail["errMsg"]
    assert task.ready_state is ReadyState.OPEN


async def test_close_accepts_1001_and_3000(runtime: Runtime, echo_server: WsServer) -> None:
    for code in (1001, 3000, 4999):
        rec = Recorder()
        task = await opened(runtime, rec, echo_server.url())
        task.close({"code": code})
        assert (await rec.wait_for("onClose"))["code"] == code


async def test_close_while_connecting_does_not_close(
    runtime: Runtime, rec: Recorder, echo_server: WsServer
) -> None:
    task = connect(runtime, rec, echo_server.url())
    task.close({**rec.api("close.")})
    fail = await rec.wait_for("close.fail")
    assert fail == {"errMsg": "closeSocket:fail WebSocket is not connected"}
    await rec.wait_for("onOpen")
    assert task.ready_state is ReadyState.OPEN


async def test_close_twice(runtime: Runtime, rec: Recorder, echo_server: WsServer) -> None:
    task = await opened(runtime, rec, echo_server.url())
    task.close({**rec.api("a.")})
    task.close({**rec.api("b.")})
    assert (await rec.wait_for("b.fail"))["errMsg"] == "closeSocket:fail WebSocket is not connected"
    await rec.wait_for("onClose")
    task.close({**rec.api("c.")})
    assert (await rec.wait_for("c.fail"))["errMsg"] == "closeSocket:fail WebSocket is not connected"
    assert len(rec.payloads("onClose")) == 1


async def test_sends_queued_before_close_go_out_first(
    runtime: Runtime, rec: Recorder, make_server: MakeServer
) -> None:
    got: list[str] = []

    async def collect(ws: ServerConnection) -> None:
        async for message in ws:
            got.append(str(message))

    server = await make_server(collect)
    task = await opened(runtime, rec, server.url())
    for i in range(20):
        task.send({"data": str(i)})
    task.close()
    await rec.wait_for("onClose")
    async with asyncio.timeout(UNIT):
        await server.closed_event.wait()
    assert got == [str(i) for i in range(20)]


# -- server-side events ----------------------------------------------------------------------


async def test_server_initiated_close(
    runtime: Runtime, rec: Recorder, make_server: MakeServer
) -> None:
    async def close_4001(ws: ServerConnection) -> None:
        await ws.recv()
        await ws.close(4001, "bye")

    server = await make_server(close_4001)
    task = await opened(runtime, rec, server.url())
    task.send({"data": "hi"})
    assert await rec.wait_for("onClose") == {"code": 4001, "reason": "bye"}
    assert "onError" not in rec.names()
    assert task.ready_state is ReadyState.CLOSED


async def test_dropped_tcp_is_error_then_1006(
    runtime: Runtime, rec: Recorder, make_server: MakeServer
) -> None:
    async def drop(ws: ServerConnection) -> None:
        await ws.recv()
        ws.transport.abort()

    server = await make_server(drop)
    task = await opened(runtime, rec, server.url())
    task.send({"data": "hi"})
    closed = await rec.wait_for("onClose")
    assert closed["code"] == 1006
    names = rec.names()
    assert names.index("onError") == names.index("onClose") - 1
    assert "without a close frame" in rec.last("onError")["errMsg"]


async def test_unreachable_port(runtime: Runtime, rec: Recorder, make_server: MakeServer) -> None:
    server = await make_server()
    port = server.port
    server.server.close()
    await server.server.wait_closed()
    task = connect(runtime, rec, f"ws://127.0.0.1:{port}/")
    closed = await rec.wait_for("onClose")
    assert closed["code"] == 1006
    assert rec.names() == ["returned", "success", "complete", "onError", "onClose"]
    assert rec.last("onError")["errMsg"] == (
        f"connection refused by 127.0.0.1:{port}: nothing is listening there"
    )
    assert "is the server running?" in rec.last("onError")["explanation"]
    assert task.ready_state is ReadyState.CLOSED
    assert runtime.active_tasks == []


async def test_http_403(runtime: Runtime, rec: Recorder, make_server: MakeServer) -> None:
    def forbid(conn: ServerConnection, _req: Request) -> Response:
        return conn.respond(403, "no\n")

    server = await make_server(process_request=forbid)
    connect(runtime, rec, server.url())
    assert (await rec.wait_for("onClose"))["code"] == 1006
    assert rec.last("onError")["errMsg"] == (
        "the server rejected the WebSocket handshake with HTTP 403 Forbidden"
    )


async def test_subprotocol_selected(
    runtime: Runtime, rec: Recorder, make_server: MakeServer
) -> None:
    server = await make_server(subprotocols=["chat", "json"])
    task = await opened(runtime, rec, server.url(), protocols=["json"])
    assert task.protocol == "json"
    assert rec.last("onOpen")["protocol"] == "json"


async def test_subprotocol_mismatch_fails(
    runtime: Runtime, rec: Recorder, make_server: MakeServer
) -> None:
    server = await make_server(select_subprotocol=lambda _conn, _offered: None)
    task = connect(runtime, rec, server.url(), protocols=["chat"])
    assert (await rec.wait_for("onClose"))["code"] == 1006
    assert "onOpen" not in rec.names()
    assert "selected none of [chat]" in rec.last("onError")["errMsg"]
    assert task.ready_state is ReadyState.CLOSED


async def test_handshake_timeout(runtime: Runtime, rec: Recorder, make_server: MakeServer) -> None:
    release = asyncio.Event()

    async def slow(_conn: ServerConnection, _req: Request) -> None:
        await release.wait()

    server = await make_server(process_request=slow)
    connect(runtime, rec, server.url(), timeout=150)
    assert (await rec.wait_for("onClose"))["code"] == 1006
    assert rec.last("onError")["errMsg"] == (
        f"timeout: the handshake with 127.0.0.1:{server.port} did not finish within 150 ms"
    )
    release.set()


async def test_referer_is_never_sent(
    runtime: Runtime, rec: Recorder, echo_server: WsServer
) -> None:
    events: list[Event] = []
    runtime.events.subscribe(events.append)
    await opened(
        runtime,
        rec,
        echo_server.url(),
        header={"Referer": "https://evil.example/", "referer": "x", "X-Test": "1"},
    )
    seen = echo_server.requests[-1]
    assert seen["X-Test"] == "1"
    assert "Referer" not in seen
    notices = [e for e in events if isinstance(e, Notice)]
    assert any("'Referer' is not supported" in n.message for n in notices)


async def test_message_too_big_is_1009(
    runtime: Runtime, rec: Recorder, make_server: MakeServer
) -> None:
    async def big(ws: ServerConnection) -> None:
        await ws.send(b"\x00" * (2 << 20))
        await ws.wait_closed()

    server = await make_server(big)
    await opened(runtime, rec, server.url())
    assert (await rec.wait_for("onClose"))["code"] == 1009
    assert "message too big" in rec.last("onError")["errMsg"]


# -- callbacks that misbehave, several listeners -------------------------------------------


async def test_raising_callback_is_reported_and_harmless(
    runtime: Runtime, rec: Recorder, echo_server: WsServer
) -> None:
    events: list[Event] = []
    runtime.events.subscribe(events.append)

    def boom(_payload: dict[str, Any]) -> None:
        raise RuntimeError("user bug")

    task = runtime.connect_socket({"url": echo_server.url(), "success": boom})
    task.on_message(boom)
    rec.attach(task)
    task.on_message(rec.cb("second"))
    await rec.wait_for("onOpen")
    task.send({"data": "1"})
    task.send({"data": "2"})
    await rec.wait_for("second", 2)
    assert [p["data"] for p in rec.payloads("onMessage")] == ["1", "2"]
    raised = [e for e in events if isinstance(e, CallbackRaised)]
    assert {e.where for e in raised} == {"connectSocket.success", "onMessage"}
    assert all("RuntimeError: user bug" in e.error for e in raised)
    assert task.ready_state is ReadyState.OPEN


async def test_async_callback_is_awaited(
    runtime: Runtime, rec: Recorder, echo_server: WsServer
) -> None:
    done = asyncio.Event()

    async def later(_payload: dict[str, Any]) -> None:
        await asyncio.sleep(0)
        done.set()

    task = await opened(runtime, rec, echo_server.url())
    task.on_message(later)
    task.send({"data": "x"})
    async with asyncio.timeout(UNIT):
        await done.wait()


async def test_bad_listener_is_ignored_with_notice(runtime: Runtime, echo_server: WsServer) -> None:
    events: list[Event] = []
    runtime.events.subscribe(events.append)
    task = runtime.connect_socket({"url": echo_server.url()})
    task.on_open(cast(Any, "not a function"))
    assert any(isinstance(e, Notice) and "onOpen expects a function" in e.message for e in events)


# -- events ----------------------------------------------------------------------------------


async def test_event_stream_states_and_frames(
    runtime: Runtime, rec: Recorder, echo_server: WsServer
) -> None:
    events: list[Event] = []
    runtime.events.subscribe(events.append)
    task = await opened(runtime, rec, echo_server.url())
    task.send({"data": "abc"})
    await rec.wait_for("onMessage")
    task.close({"code": 4002, "reason": "done"})
    await rec.wait_for("onClose")
    states = [e.new for e in events if isinstance(e, StateChanged)]
    assert states == [ReadyState.CONNECTING, ReadyState.OPEN, ReadyState.CLOSING, ReadyState.CLOSED]
    frames = [
        (e.direction.value, e.opcode.value, e.size) for e in events if isinstance(e, FrameEvent)
    ]
    assert frames[:2] == [("out", "text", 3), ("in", "text", 3)]
    assert [f[:2] for f in frames[2:]] == [("out", "close"), ("in", "close")]
    closes = [e for e in events if isinstance(e, FrameEvent) and e.close_code]
    assert (closes[0].close_code, closes[0].close_reason) == (4002, "done")
    seqs = [e.seq for e in events]
    assert seqs == sorted(seqs)


# -- shutdown ---------------------------------------------------------------------------------


async def test_aclose_is_bounded_and_leaves_nothing(
    echo_server: WsServer, make_server: MakeServer
) -> None:
    never = asyncio.Event()

    async def hang(_conn: ServerConnection, _req: Request) -> None:
        await never.wait()

    slow = await make_server(process_request=hang)
    rt = Runtime(legal_domains=LOOPBACK)
    rec_open, rec_connecting = Recorder(), Recorder()
    await opened(rt, rec_open, echo_server.url())
    connect(rt, rec_connecting, slow.url())
    loop = asyncio.get_running_loop()
    before = loop.time()
    await rt.aclose()
    assert loop.time() - before < 1.5
    assert rt.active_tasks == []
    assert rec_open.last("onClose")["code"] == 1001
    assert rec_connecting.last("onClose")["code"] == 1006
    mine = [t for t in asyncio.all_tasks() if t.get_name().startswith("socket-task")]
    assert mine == []
    never.set()
