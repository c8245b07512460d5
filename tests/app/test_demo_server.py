"""The embedded demo server, against real clients on 127.0.0.1."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
import re
import signal
import ssl
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.asyncio.server import serve
from websockets.datastructures import Headers
from websockets.exceptions import (
    ConnectionClosed,
    ConnectionClosedError,
    ConnectionClosedOK,
    InvalidHandshake,
    InvalidStatus,
)
from websockets.typing import Subprotocol

from app.server import (
    BINARY_GREETING,
    SCENARIOS,
    DemoServer,
    IntParam,
    InvalidParameterError,
    ScenarioName,
    UnknownScenarioError,
    burst_message,
    client_ssl_context,
    make_ca,
    make_server_cert,
    parse_scenario,
    scenario_url,
    server_ssl_context,
)

TIMEOUT = 5.0  # generous bound for anything that should take milliseconds
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
async def server() -> AsyncIterator[DemoServer]:
    async with DemoServer() as demo:
        yield demo


async def recv(client: ClientConnection) -> str | bytes:
    async with asyncio.timeout(TIMEOUT):
        return await client.recv()


async def recv_text(client: ClientConnection) -> str:
    message = await recv(client)
    assert isinstance(message, str)
    return message


async def handshake_refused(url: str) -> InvalidStatus:
    with pytest.raises(InvalidStatus) as info:
        async with asyncio.timeout(TIMEOUT), connect(url):
            pass
    return info.value


async def read_to_the_end(client: ClientConnection) -> None:
    """Receive until the connection ends, however it ends."""
    with contextlib.suppress(ConnectionClosed):
        async with asyncio.timeout(TIMEOUT):
            async for _ in client:
                pass


def other_tasks() -> set[asyncio.Task[object]]:
    return {task for task in asyncio.all_tasks() if task is not asyncio.current_task()}


# Scenario descriptions and URL parsing


def test_scenarios_are_listed_in_order_with_one_sentence_each() -> None:
    assert list(SCENARIOS) == [name.value for name in ScenarioName]
    assert next(iter(SCENARIOS)) == "echo"
    for scenario in SCENARIOS.values():
        assert re.fullmatch(r"[A-Z][^.!?]*\.", scenario.description), scenario.description


def test_parse_scenario_fills_defaults_and_validates() -> None:
    assert parse_scenario("/").name is ScenarioName.ECHO
    assert parse_scenario("/", default="push").params == {"interval": 1000}
    request = parse_scenario("/close-after?n=2&reason=see%20you")
    assert request.params == {"n": 2, "code": 4001, "reason": "see you"}
    assert parse_scenario("/subprotocol/").params == {"mode": "require", "name": "chat"}
    assert parse_scenario("/?interval=50", default="push").get_int("interval") == 50


@pytest.mark.parametrize(
    ("path", "error", "message"),
    [
        ("/nope", UnknownScenarioError, "unknown scenario 'nope'"),
        ("/push?interval=abc", InvalidParameterError, "interval must be a whole number"),
        ("/push?interval=5", InvalidParameterError, "interval must be 10–3600000, got 5"),
        ("/push?every=5", InvalidParameterError, "unknown parameter 'every'"),
        ("/drop?n=1&n=2", InvalidParameterError, "given twice"),
        ("/slow?delay=60001", InvalidParameterError, "delay must be 0–60000"),
        ("/close-after?code=1005", InvalidParameterError, "code must be 1000–1003"),
        ("/subprotocol?mode=maybe", InvalidParameterError, "mode must be one of"),
        ("/subprotocol?name=a%20b", InvalidParameterError, "HTTP token"),
        ("/reject?status=499", InvalidParameterError, "status 499 is not known"),
        ("/burst?n=0", InvalidParameterError, "n must be 1–1000000"),
    ],
)
def test_parse_scenario_rejects(path: str, error: type[ValueError], message: str) -> None:
    with pytest.raises(error, match=re.escape(message)):
        parse_scenario(path)


def test_scenario_url_builds_and_validates() -> None:
    url = scenario_url("ws://127.0.0.1:9/", "close-after", n=2, reason="a b")
    assert url == "ws://127.0.0.1:9/close-after?n=2&reason=a+b"
    assert parse_scenario(url.removeprefix("ws://127.0.0.1:9")).get_text("reason") == "a b"
    assert scenario_url("wss://localhost:9", "echo") == "wss://localhost:9/echo"
    with pytest.raises(InvalidParameterError):
        scenario_url("ws://127.0.0.1:9/", "push", interval=1)


def test_int_param_reports_its_bounds() -> None:
    param = SCENARIOS["slow"].params[0]
    assert isinstance(param, IntParam)
    assert (param.name, param.default, param.minimum, param.maximum) == ("delay", 3000, 0, 60000)


def test_unknown_default_scenario_is_refused() -> None:
    with pytest.raises(UnknownScenarioError):
        DemoServer(default_scenario="nope")


# Scenarios over real connections


async def test_echo_keeps_message_types(server: DemoServer) -> None:
    assert re.fullmatch(r"ws://127\.0\.0\.1:\d+/", server.ws_url)
    async with connect(server.ws_url) as client:
        await client.send("héllo")
        assert await recv(client) == "héllo"
        await client.send(b"\x00\xff")
        assert await recv(client) == b"\x00\xff"
        assert server.connections == 1


async def test_wss_echo_trusting_only_the_generated_ca(server: DemoServer) -> None:
    assert server.wss_url == f"wss://localhost:{server.tls_port}/"
    context = client_ssl_context(server.ca_pem)
    for url in (server.wss_url + "echo", f"wss://127.0.0.1:{server.tls_port}/"):
        async with connect(url, ssl=context) as client:
            await client.send("secure")
            assert await recv(client) == "secure"
    with pytest.raises(ssl.SSLCertVerificationError):
        async with (
            asyncio.timeout(TIMEOUT),
            connect(server.wss_url, ssl=ssl.create_default_context()),
        ):
            pass


async def test_default_scenario_applies_to_root_path() -> None:
    async with DemoServer(tls_port=None, default_scenario="binary") as demo:
        assert demo.tls_port is None
        with pytest.raises(RuntimeError, match="TLS is disabled"):
            _ = demo.wss_url
        async with connect(demo.ws_url) as client:
            assert await recv(client) == BINARY_GREETING


async def test_push_interleaves_pushes_with_echoes(server: DemoServer) -> None:
    async with connect(scenario_url(server.ws_url, "push", interval=10)) as client:
        await client.send("ping")
        seen: list[int] = []
        echoed = False
        for _ in range(100):
            if len(seen) >= 3 and echoed:
                break
            message = await recv_text(client)
            if message == "ping":
                echoed = True
                continue
            push = json.loads(message)
            assert push["type"] == "push"
            assert isinstance(push["time"], int)
            seen.append(push["seq"])
        assert echoed
        assert seen[:3] == [1, 2, 3]


async def test_close_after_n_messages_uses_code_and_reason(server: DemoServer) -> None:
    url = scenario_url(server.ws_url, "close-after", n=2, code=4001, reason="bye")
    async with connect(url) as client:
        for text in ("one", "two"):
            await client.send(text)
            assert await recv(client) == text
        with pytest.raises(ConnectionClosedError) as info:
            await recv(client)
    assert info.value.rcvd is not None
    assert (info.value.rcvd.code, info.value.rcvd.reason) == (4001, "bye")


async def test_close_after_zero_closes_at_once(server: DemoServer) -> None:
    async with connect(scenario_url(server.ws_url, "close-after", n=0, code=1000)) as client:
        with pytest.raises(ConnectionClosedOK):
            await recv(client)


@pytest.mark.parametrize("n", [0, 2])
async def test_drop_aborts_without_close_frame(server: DemoServer, n: int) -> None:
    async with connect(scenario_url(server.ws_url, "drop", n=n)) as client:
        if n:
            await client.send("kept")
            assert await recv(client) == "kept"
            await client.send("dropped")
        with pytest.raises(ConnectionClosedError) as info:
            await recv(client)
    assert info.value.rcvd is None  # 1006: no close frame


async def test_subprotocol_require(server: DemoServer) -> None:
    url = scenario_url(server.ws_url, "subprotocol", mode="require", name="chat")
    async with connect(url, subprotocols=[Subprotocol("x"), Subprotocol("chat")]) as client:
        assert client.subprotocol == "chat"
        await client.send("hi")
        assert await recv(client) == "hi"
    refused = await handshake_refused(url)
    assert refused.response.status_code == 400
    assert b"requires the subprotocol 'chat'" in refused.response.body


async def test_subprotocol_ignore_selects_nothing(server: DemoServer) -> None:
    url = scenario_url(server.ws_url, "subprotocol", mode="ignore")
    async with connect(url, subprotocols=[Subprotocol("chat")]) as client:
        assert client.subprotocol is None


async def test_subprotocol_force_makes_the_client_fail(server: DemoServer) -> None:
    url = scenario_url(server.ws_url, "subprotocol", mode="force", name="chat")
    for offered in (None, [Subprotocol("other")]):
        with pytest.raises(InvalidHandshake, match="subprotocol"):
            async with asyncio.timeout(TIMEOUT), connect(url, subprotocols=offered):
                pass


async def test_other_scenarios_accept_the_first_offered_subprotocol(server: DemoServer) -> None:
    async with connect(server.ws_url, subprotocols=[Subprotocol("a"), Subprotocol("b")]) as client:
        assert client.subprotocol == "a"


@pytest.mark.parametrize("status", [None, 503])
async def test_reject_answers_with_status(server: DemoServer, status: int | None) -> None:
    url = scenario_url(server.ws_url, "reject", **({} if status is None else {"status": status}))
    refused = await handshake_refused(url)
    assert refused.response.status_code == (status or 403)
    assert b"Rejected by the demo server" in refused.response.body


async def test_bad_path_is_answered_with_400_and_the_reason(server: DemoServer) -> None:
    refused = await handshake_refused(server.ws_url + "nope")
    assert refused.response.status_code == 400
    assert b"unknown scenario 'nope'" in refused.response.body
    refused = await handshake_refused(server.ws_url + "push?interval=abc")
    assert b"interval must be a whole number, got 'abc'" in refused.response.body


async def test_slow_delays_the_handshake(server: DemoServer) -> None:
    loop = asyncio.get_running_loop()
    started = loop.time()
    async with connect(scenario_url(server.ws_url, "slow", delay=150)) as client:
        assert loop.time() - started >= 0.15
        await client.send("late")
        assert await recv(client) == "late"


async def test_slow_delay_is_cut_short_by_stop() -> None:
    held = asyncio.Event()
    demo = DemoServer(tls_port=None, on_handshake=lambda _headers: held.set())
    await demo.start()
    url = scenario_url(demo.ws_url, "slow", delay=60000)
    attempt = asyncio.create_task(handshake_refused(url))
    async with asyncio.timeout(TIMEOUT):
        await held.wait()
    loop = asyncio.get_running_loop()
    started = loop.time()
    await demo.stop()
    assert loop.time() - started < 1.0
    refused = await attempt
    assert refused.response.status_code == 503


async def test_binary_greets_and_echoes_as_binary(server: DemoServer) -> None:
    assert bytes(range(16)) == BINARY_GREETING
    async with connect(scenario_url(server.ws_url, "binary")) as client:
        assert await recv(client) == BINARY_GREETING
        await client.send("hé")
        assert await recv(client) == "hé".encode()
        await client.send(b"\x01")
        assert await recv(client) == b"\x01"


async def test_burst_on_open_and_after_each_message(server: DemoServer) -> None:
    async with connect(scenario_url(server.ws_url, "burst", n=2000, size=32)) as client:
        for _ in range(2):
            received = [await recv_text(client) for _ in range(2000)]
            assert received[0] == burst_message(1, 2000, 32) == "1/2000 " + "." * 25
            assert received[-1].startswith("2000/2000 ")
            assert all(len(message) == 32 for message in received)
            await client.send("again")


# Handshake hook, logging, shutdown


async def test_on_handshake_sees_request_headers() -> None:
    seen: list[Headers] = []
    demo = DemoServer(tls_port=None, on_handshake=seen.append)
    async with demo, connect(demo.ws_url, additional_headers={"X-Demo": "1"}):
        pass
    assert seen[0]["X-Demo"] == "1"
    assert "Referer" not in seen[0]


async def test_request_headers_and_payloads_stay_out_of_logs(
    server: DemoServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with connect(server.ws_url, additional_headers={"Cookie": "session=SECRET"}) as client:
        await client.send("PAYLOAD")
        assert await recv(client) == "PAYLOAD"
    server_records = [
        record
        for record in caplog.records
        if record.name.startswith(("app.server", "websockets.server"))
    ]
    assert server_records  # the server does log, just not these
    logged = "\n".join(record.getMessage() for record in server_records)
    assert "SECRET" not in logged
    assert "PAYLOAD" not in logged


async def test_stop_closes_clients_and_leaves_no_tasks() -> None:
    demo = DemoServer()
    await demo.start()
    context = client_ssl_context(demo.ca_pem)
    # ping_interval=None: no client keepalive task to wait for in other_tasks().
    async with (
        connect(demo.ws_url, ping_interval=None) as plain,
        connect(demo.wss_url, ssl=context, ping_interval=None) as secure,
    ):
        assert demo.connections == 2
        await demo.stop()
        for client in (plain, secure):
            with pytest.raises(ConnectionClosedOK) as info:
                await recv(client)
            assert info.value.rcvd is not None
            assert info.value.rcvd.code == 1001
        assert demo.connections == 0
    await demo.stop()  # idempotent
    assert other_tasks() == set()


async def test_stop_is_bounded_when_a_client_stops_reading() -> None:
    demo = DemoServer(tls_port=None)
    await demo.start()
    loop = asyncio.get_running_loop()
    url = scenario_url(demo.ws_url, "burst", n=1_000_000, size=4096)
    async with connect(url, ping_interval=None) as client:
        await recv(client)  # the burst is under way; now never read again
        started = loop.time()
        await demo.stop()
        assert loop.time() - started < 2.5
        await read_to_the_end(client)
    assert other_tasks() == set()


async def test_stop_aborts_a_connection_that_never_completes_the_handshake() -> None:
    demo = DemoServer(tls_port=None)
    await demo.start()
    reader, writer = await asyncio.open_connection("127.0.0.1", demo.port)  # sends nothing
    loop = asyncio.get_running_loop()
    started = loop.time()
    await demo.stop()
    assert loop.time() - started < 2.5
    async with asyncio.timeout(TIMEOUT):
        assert await reader.read() == b""
    writer.close()
    await writer.wait_closed()
    assert other_tasks() == set()


# Certificates for failure tests


@pytest.mark.parametrize("case", ["expired", "wrong-host"])
async def test_cert_helpers_make_verification_fail(case: str) -> None:
    ca = make_ca()
    now = dt.datetime.now(dt.UTC)
    if case == "expired":
        cert = make_server_cert(
            ca, ["localhost"], now - dt.timedelta(days=9), now - dt.timedelta(days=1)
        )
        expected = "certificate has expired"
    else:
        cert = make_server_cert(ca, ["example.invalid"])
        expected = "Hostname mismatch"

    async def ignore(connection: object) -> None:
        pass

    async with serve(ignore, "127.0.0.1", 0, ssl=server_ssl_context(cert)) as wss:
        port = wss.sockets[0].getsockname()[1]
        with pytest.raises(ssl.SSLCertVerificationError, match=expected):
            async with (
                asyncio.timeout(TIMEOUT),
                connect(f"wss://localhost:{port}/", ssl=client_ssl_context(ca.cert_pem)),
            ):
                pass


# python -m app.server


async def run_module(*args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "app.server",
        *args,
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def read_until(stream: asyncio.StreamReader | None, pattern: str) -> re.Match[str]:
    assert stream is not None
    async with asyncio.timeout(TIMEOUT):
        while line := (await stream.readline()).decode():
            if match := re.search(pattern, line):
                return match
    raise AssertionError(f"{pattern!r} never printed")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM")
async def test_module_serves_until_sigterm(tmp_path: Path) -> None:
    ca_file = tmp_path / "ca.pem"
    process = await run_module("--port", "0", "--tls", "--tls-port", "0", "--ca-out", str(ca_file))
    try:
        ws_url = (await read_until(process.stdout, r"ws://\S+"))[0]
        wss_url = (await read_until(process.stdout, r"wss://\S+"))[0]
        await read_until(process.stdout, re.escape(str(ca_file)))
        async with connect(ws_url) as client:
            await client.send("standalone")
            assert await recv(client) == "standalone"
        async with connect(wss_url, ssl=client_ssl_context(ca_file.read_text())) as client:
            await client.send("standalone")
            assert await recv(client) == "standalone"
        process.send_signal(signal.SIGTERM)
        async with asyncio.timeout(TIMEOUT):
            assert await process.wait() == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM")
async def test_module_warns_when_not_on_loopback() -> None:
    process = await run_module("--host", "0.0.0.0", "--port", "0")  # no traffic is sent
    try:
        warning = await read_until(process.stderr, r"WARNING: .*")
        assert warning[0] == (
            "WARNING: listening on 0.0.0.0 exposes the demo server to your network"
        )
        await read_until(process.stdout, "Press Ctrl")  # signal handlers are installed
        process.send_signal(signal.SIGTERM)
        async with asyncio.timeout(TIMEOUT):
            assert await process.wait() == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def test_module_bad_argument_exits_2_with_one_line() -> None:
    process = await run_module("--port", "http")
    async with asyncio.timeout(TIMEOUT):
        stdout, stderr = await process.communicate()
    assert process.returncode == 2
    assert stdout == b""
    lines = stderr.decode().splitlines()
    assert len(lines) == 1
    assert "--port" in lines[0]
    assert "'http'" in lines[0]


async def test_module_help_exits_0() -> None:
    process = await run_module("--help")
    async with asyncio.timeout(TIMEOUT):
        stdout, _ = await process.communicate()
    assert process.returncode == 0
    assert b"--scenario" in stdout
