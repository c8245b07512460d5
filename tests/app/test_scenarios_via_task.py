"""Every demo-server scenario, driven through the sample page: ``IndexPage`` + ``Console`` +
``Runtime`` + ``SocketTask`` against a real ``DemoServer`` on 127.0.0.1.

Each test asserts what the page's console shows (the sample's own ``console.log`` lines) and
the callback payloads, as the scenario picker promises them. The release-mode tests show that
the embedded wss:// server works with no network and without touching the system trust store.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from websockets.datastructures import Headers

from app import Console, IndexPage, Runtime
from app.config import AppConfig, parse_args
from app.console import ConsoleEntry
from app.explain import EXPLANATIONS, FailureKind
from app.server import BINARY_GREETING, SCENARIOS, DemoServer, burst_message, scenario_url

from .conftest import UNIT, Recorder

CONNECTED = [
    ("log", '创建成功 {errMsg: "connectSocket:ok", socketTaskId: 1}'),
    ("log", '创建完毕 {errMsg: "connectSocket:ok", socketTaskId: 1}'),
    ("log", "WebSocket 已连接"),
]


class PageRun:
    """The sample page on one runtime, with its console and a recorder on its SocketTask."""

    def __init__(self, runtime: Runtime, url: str, **options: Any) -> None:
        self.console = Console()
        self.page = IndexPage(runtime, self.console, url, connect_options=options)
        self.rec = Recorder()
        self._changed = asyncio.Event()
        self.console.subscribe(lambda _entry: self._changed.set())

    def connect(self) -> None:
        self.page.socket_connect()
        assert self.page.socket_task is not None
        self.rec.attach(self.page.socket_task)

    def send(self, text: str) -> None:
        self.page.input_change({"detail": {"value": text}})
        self.page.send_socket()

    @property
    def entries(self) -> list[ConsoleEntry]:
        return self.console.entries

    def lines(self) -> list[tuple[str, str]]:
        return [(entry.level, entry.text) for entry in self.entries]

    def firsts(self) -> list[str]:
        """The first argument of every console call (the sample's literal strings)."""
        return [str(entry.args[0]) for entry in self.entries]

    def args_of(self, first: str) -> list[Any]:
        """The second argument of each console call whose first argument is ``first``."""
        return [entry.args[1] for entry in self.entries if entry.args[0] == first]

    async def until(self, check: Callable[[], bool], within: float = UNIT) -> None:
        async with asyncio.timeout(within):
            while not check():
                self._changed.clear()
                await self._changed.wait()

    async def line(self, first: str, count: int = 1, within: float = UNIT) -> None:
        """Wait until ``first`` has been logged ``count`` times."""
        await self.until(lambda: self.firsts().count(first) >= count, within)

    async def closed(self) -> dict[str, Any]:
        await self.line("WebSocket 已断开")
        return self.rec.last("onClose")


@pytest.fixture
async def server() -> AsyncIterator[DemoServer]:
    async with DemoServer(tls_port=None) as demo:
        yield demo


def url_for(server: DemoServer, scenario: str, /, **params: int | str) -> str:
    return scenario_url(server.ws_url, scenario, **params)


# -- echo ---------------------------------------------------------------------------------------


async def test_echo_full_sample_session(runtime: Runtime, server: DemoServer) -> None:
    url = url_for(server, "echo")
    run = PageRun(runtime, url)
    run.connect()
    await run.line("WebSocket 已连接")
    run.send("hello")
    await run.line("socket message:")
    run.page.close_socket()
    assert await run.closed() == {"code": 1000, "reason": ""}
    assert run.lines() == [
        *CONNECTED,
        ("log", "---- send hello"),
        ("log", 'send success {errMsg: "sendSocketMessage:ok"}'),
        ("log", 'socket message: {data: "hello"}'),
        ("log", "---- close"),
        ("log", 'close success {errMsg: "closeSocket:ok"}'),
        ("log", "WebSocket 已断开"),
    ]
    assert run.rec.names() == ["onOpen", "onMessage", "onClose"]
    assert run.rec.last("onMessage") == {"data": "hello"}


async def test_echo_sends_headers_but_never_referer(runtime: Runtime) -> None:
    seen: list[Headers] = []
    async with DemoServer(tls_port=None, on_handshake=seen.append) as server:
        run = PageRun(runtime, url_for(server, "echo"), header={"X-Demo": "1", "Referer": "x"})
        run.connect()
        await run.line("WebSocket 已连接")
    assert seen[0]["X-Demo"] == "1"
    assert "Referer" not in seen[0]


# -- push ----------------------------------------------------------------------------------------


async def test_push_delivers_numbered_pushes_and_echoes(
    runtime: Runtime, server: DemoServer
) -> None:
    run = PageRun(runtime, url_for(server, "push", interval=30))
    run.connect()
    await run.line("socket message:", count=2)
    pushes = [json.loads(payload["data"]) for payload in run.args_of("socket message:")]
    assert [(p["type"], p["seq"]) for p in pushes[:2]] == [("push", 1), ("push", 2)]
    run.send("mine")
    await run.until(lambda: {"data": "mine"} in run.args_of("socket message:"))
    assert run.firsts()[:3] == ["创建成功", "创建完毕", "WebSocket 已连接"]
    assert "WebSocket 发生错误:" not in run.firsts()


# -- close-after -------------------------------------------------------------------------------------


async def test_close_after_n_messages_closes_with_code_and_reason(
    runtime: Runtime, server: DemoServer
) -> None:
    run = PageRun(runtime, url_for(server, "close-after", n=2, code=4001, reason="bye"))
    run.connect()
    await run.line("WebSocket 已连接")
    run.send("one")
    await run.line("socket message:")
    run.send("two")
    assert await run.closed() == {"code": 4001, "reason": "bye"}
    run.page.close_socket()
    await run.line("close fail")
    assert run.lines() == [
        *CONNECTED,
        ("log", "---- send one"),
        ("log", 'send success {errMsg: "sendSocketMessage:ok"}'),
        ("log", 'socket message: {data: "one"}'),
        ("log", "---- send two"),
        ("log", 'send success {errMsg: "sendSocketMessage:ok"}'),
        ("log", 'socket message: {data: "two"}'),
        ("log", "WebSocket 已断开"),
        ("log", "---- close"),
        ("log", 'close fail {errMsg: "closeSocket:fail WebSocket is not connected"}'),
    ]
    assert "onError" not in run.rec.names()


async def test_close_after_zero_closes_right_after_open(
    runtime: Runtime, server: DemoServer
) -> None:
    run = PageRun(runtime, url_for(server, "close-after", n=0, code=3001, reason="now"))
    run.connect()
    assert await run.closed() == {"code": 3001, "reason": "now"}
    assert run.rec.names() == ["onOpen", "onClose"]


# -- drop ------------------------------------------------------------------------------------------------


async def test_drop_reports_error_then_1006(runtime: Runtime, server: DemoServer) -> None:
    run = PageRun(runtime, url_for(server, "drop", n=2))
    run.connect()
    await run.line("WebSocket 已连接")
    run.send("first")
    await run.line("socket message:")
    run.send("second")
    close = await run.closed()
    assert close["code"] == 1006
    [error] = run.args_of("WebSocket 发生错误:")
    assert error == {
        "errMsg": f"the connection to 127.0.0.1:{server.port} dropped without a close frame (1006)",
        "explanation": EXPLANATIONS[FailureKind.DROPPED],
    }
    assert run.firsts()[-2:] == ["WebSocket 发生错误:", "WebSocket 已断开"]
    assert [e.level for e in run.entries if e.args[0] == "WebSocket 发生错误:"] == ["error"]
    assert run.rec.names() == ["onOpen", "onMessage", "onError", "onClose"]


async def test_drop_right_after_the_handshake(runtime: Runtime, server: DemoServer) -> None:
    run = PageRun(runtime, url_for(server, "drop", n=0))
    run.connect()
    close = await run.closed()
    assert close["code"] == 1006
    assert run.rec.names()[-2:] == ["onError", "onClose"]


# -- subprotocol ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "protocols", "selected"),
    [
        ("require", ["chat"], "chat"),
        ("require", ["v2", "chat"], "chat"),
        ("ignore", [], ""),
        ("force", ["chat"], "chat"),
    ],
)
async def test_subprotocol_opens(
    runtime: Runtime, server: DemoServer, mode: str, protocols: list[str], selected: str
) -> None:
    options: dict[str, Any] = {"protocols": protocols} if protocols else {}
    run = PageRun(runtime, url_for(server, "subprotocol", mode=mode, name="chat"), **options)
    run.connect()
    await run.line("WebSocket 已连接")
    assert run.rec.last("onOpen")["protocol"] == selected
    assert run.page.socket_task is not None
    assert run.page.socket_task.protocol == (selected or None)
    assert run.lines() == CONNECTED


@pytest.mark.parametrize(
    ("mode", "protocols", "err_msg"),
    [
        (
            "require",
            [],
            "the server rejected the WebSocket handshake with HTTP 400 Bad Request",
        ),
        (
            "require",
            ["v2"],
            "the server rejected the WebSocket handshake with HTTP 400 Bad Request",
        ),
        (
            "ignore",
            ["chat"],
            "subprotocol negotiation failed: the server selected none of [chat]",
        ),
        (
            "force",
            [],
            "subprotocol negotiation failed: the server selected 'chat', "
            "which the client did not offer (offered: none)",
        ),
        (
            "force",
            ["v2"],
            "subprotocol negotiation failed: the server selected 'chat', "
            "which the client did not offer (offered: v2)",
        ),
    ],
)
async def test_subprotocol_fails(
    runtime: Runtime, server: DemoServer, mode: str, protocols: list[str], err_msg: str
) -> None:
    options: dict[str, Any] = {"protocols": protocols} if protocols else {}
    run = PageRun(runtime, url_for(server, "subprotocol", mode=mode, name="chat"), **options)
    run.connect()
    assert (await run.closed())["code"] == 1006
    [error] = run.args_of("WebSocket 发生错误:")
    assert error["errMsg"] == err_msg
    assert run.firsts() == ["创建成功", "创建完毕", "WebSocket 发生错误:", "WebSocket 已断开"]
    assert run.rec.names() == ["onError", "onClose"]


# -- reject ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("status", "phrase"), [(403, "Forbidden"), (503, "Service Unavailable")])
async def test_reject_reports_the_http_status(
    runtime: Runtime, server: DemoServer, status: int, phrase: str
) -> None:
    run = PageRun(runtime, url_for(server, "reject", status=status))
    run.connect()
    assert (await run.closed())["code"] == 1006
    [error] = run.args_of("WebSocket 发生错误:")
    assert error["errMsg"] == (
        f"the server rejected the WebSocket handshake with HTTP {status} {phrase}"
    )
    assert error["explanation"] == EXPLANATIONS[FailureKind.HTTP_STATUS]
    # Creation itself succeeded: the refusal comes later, from the server.
    assert run.args_of("创建成功") == [{"errMsg": "connectSocket:ok", "socketTaskId": 1}]
    assert run.firsts() == ["创建成功", "创建完毕", "WebSocket 发生错误:", "WebSocket 已断开"]


# -- slow ---------------------------------------------------------------------------------------------------


async def test_slow_handshake_hits_the_timeout(runtime: Runtime, server: DemoServer) -> None:
    run = PageRun(runtime, url_for(server, "slow", delay=5000), timeout=200)
    started = time.monotonic()
    run.connect()
    assert (await run.closed())["code"] == 1006
    elapsed = time.monotonic() - started
    [error] = run.args_of("WebSocket 发生错误:")
    where = f"127.0.0.1:{server.port}"
    assert error["errMsg"] == f"timeout: the handshake with {where} did not finish within 200 ms"
    assert error["explanation"] == EXPLANATIONS[FailureKind.TIMEOUT]
    assert 0.19 <= elapsed < 3.0
    assert run.firsts() == ["创建成功", "创建完毕", "WebSocket 发生错误:", "WebSocket 已断开"]


async def test_slow_handshake_within_the_timeout_opens(
    runtime: Runtime, server: DemoServer
) -> None:
    run = PageRun(runtime, url_for(server, "slow", delay=150), timeout=5000)
    started = time.monotonic()
    run.connect()
    await run.line("WebSocket 已连接")
    assert time.monotonic() - started >= 0.14
    assert run.lines() == CONNECTED


# -- binary ---------------------------------------------------------------------------------------------------


async def test_binary_greets_and_echoes_as_bytes(runtime: Runtime, server: DemoServer) -> None:
    run = PageRun(runtime, url_for(server, "binary"))
    run.connect()
    await run.line("socket message:")
    assert run.rec.last("onMessage") == {"data": BINARY_GREETING}
    run.send("hi")
    await run.line("socket message:", count=2)
    assert run.rec.last("onMessage") == {"data": b"hi"}
    assert run.lines()[3] == (
        "log",
        "socket message: {data: ArrayBuffer(16) [00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f]}",
    )
    assert run.lines()[-1] == ("log", "socket message: {data: ArrayBuffer(2) [68 69]}")


# -- burst -------------------------------------------------------------------------------------------------------


async def test_burst_delivers_n_numbered_messages_in_order(
    runtime: Runtime, server: DemoServer
) -> None:
    run = PageRun(runtime, url_for(server, "burst", n=50, size=32))
    run.connect()
    await run.line("socket message:", count=50)
    messages = [payload["data"] for payload in run.args_of("socket message:")]
    assert messages == [burst_message(seq, 50, 32) for seq in range(1, 51)]
    run.send("again")
    await run.line("socket message:", count=100)
    assert len(run.rec.payloads("onMessage")) == 100
    assert run.rec.last("onMessage") == {"data": burst_message(50, 50, 32)}


# -- the scenario chosen in the config (CLI / settings) ------------------------------------------------------


async def test_scenario_from_the_command_line_drives_the_page(
    runtime: Runtime, server: DemoServer
) -> None:
    config = parse_args(["--scenario", "close-after?n=1&code=4002&reason=done", "--timeout", "900"])
    run = PageRun(runtime, config.embedded_url(server.ws_url), **config.connect_options())
    run.connect()
    await run.line("WebSocket 已连接")
    run.send("only")
    assert await run.closed() == {"code": 4002, "reason": "done"}


def test_every_scenario_has_a_config_url() -> None:
    for name in SCENARIOS:
        url = AppConfig(scenario=name).embedded_url("ws://127.0.0.1:9/")
        assert url == f"ws://127.0.0.1:9/{name}"


# -- release mode -------------------------------------------------------------------------------------------------


@pytest.fixture
async def tls_server() -> AsyncIterator[DemoServer]:
    async with DemoServer(tls_port=0) as demo:
        yield demo


@pytest.fixture
async def release() -> AsyncIterator[Runtime]:
    rt = Runtime(mode="release", legal_domains=["localhost"], close_timeout=2.0)
    yield rt
    await rt.aclose()


async def test_release_mode_connects_to_the_embedded_wss_server(
    release: Runtime, tls_server: DemoServer
) -> None:
    port = tls_server.tls_port
    assert port is not None
    assert tls_server.wss_url == f"wss://localhost:{port}/"
    release.trust_ca_for("localhost", port, tls_server.ca_pem)
    run = PageRun(release, scenario_url(tls_server.wss_url, "echo"))
    run.connect()
    await run.line("WebSocket 已连接")
    run.send("secure")
    await run.line("socket message:")
    run.page.close_socket()
    assert await run.closed() == {"code": 1000, "reason": ""}
    assert run.args_of("socket message:") == [{"data": "secure"}]
    assert run.rec.last("onOpen")["profile"]["sslCost"] > 0


async def test_release_mode_refuses_ws(release: Runtime, tls_server: DemoServer) -> None:
    url = scenario_url(tls_server.ws_url, "echo")
    run = PageRun(release, url)
    run.connect()
    await run.line("创建完毕")
    refusal = {"errMsg": f"connectSocket:fail url scheme must be wss in release mode: {url}"}
    assert run.args_of("创建失败") == [refusal]
    assert run.args_of("创建完毕") == [refusal]
    assert run.firsts() == ["创建失败", "创建完毕"]
    task = run.page.socket_task
    assert task is not None
    assert task.ready_state is None
    assert task.socket_task_id is None


async def test_the_generated_ca_is_trusted_for_its_server_only(tls_server: DemoServer) -> None:
    port = tls_server.tls_port
    assert port is not None
    url = scenario_url(tls_server.wss_url, "echo")
    untrusted = Runtime(mode="release", legal_domains=["localhost"], close_timeout=2.0)
    wrong_port = Runtime(mode="release", legal_domains=["localhost"], close_timeout=2.0)
    wrong_port.trust_ca_for("localhost", port + 1 if port < 65535 else port - 1, tls_server.ca_pem)
    try:
        for rt in (untrusted, wrong_port):
            run = PageRun(rt, url)
            run.connect()
            assert (await run.closed())["code"] == 1006
            [error] = run.args_of("WebSocket 发生错误:")
            assert error["explanation"] == EXPLANATIONS[FailureKind.TLS_UNKNOWN_CA]
    finally:
        await untrusted.aclose()
        await wrong_port.aclose()


async def test_release_mode_checks_the_legal_domains(tls_server: DemoServer) -> None:
    rt = Runtime(mode="release", legal_domains=["127.0.0.1"], close_timeout=2.0)
    try:
        url = scenario_url(tls_server.wss_url, "echo")
        run = PageRun(rt, url)
        run.connect()
        await run.line("创建完毕")
        [refusal] = run.args_of("创建失败")
        assert refusal["errMsg"].startswith(
            f"connectSocket:fail url not in domain list: localhost:{tls_server.tls_port}"
        )
    finally:
        await rt.aclose()
