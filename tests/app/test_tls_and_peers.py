"""TLS with generated certificates, another server implementation, and the no-Qt rule."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

import pytest
from aiohttp import WSMsgType, web

from app import ConfigError, ReadyState, Runtime

from .conftest import LOOPBACK, UNIT, Recorder, TlsMaterial, WsServer
from .test_socket_task import connect, opened

MakeServer = Callable[..., Awaitable[WsServer]]


async def test_wss_with_ca_file(tls: TlsMaterial, make_server: MakeServer, rec: Recorder) -> None:
    server = await make_server(ssl_context=tls.good, url_host="localhost")
    rt = Runtime(mode="release", legal_domains=["localhost"], ca_file=tls.ca_file)
    try:
        task = await opened(rt, rec, server.url())
        assert rec.last("onOpen")["profile"]["sslCost"] > 0
        task.send({"data": "secure"})
        assert (await rec.wait_for("onMessage"))["data"] == "secure"
    finally:
        await rt.aclose()


@pytest.mark.parametrize(
    ("which", "expected", "explanation"),
    [
        ("good", "the server's certificate is not trusted", "not trusted"),
        ("wrong_host", "does not match the host name", "for a different host name"),
        ("expired", "the server's certificate has expired", "has expired"),
    ],
)
async def test_tls_failures_name_the_cause(
    tls: TlsMaterial, make_server: MakeServer, which: str, expected: str, explanation: str
) -> None:
    ctx = getattr(tls, which)
    server = await make_server(ssl_context=ctx, url_host="localhost")
    # For "good" we do not pass the CA: the system store does not know it.
    rt = Runtime(legal_domains=LOOPBACK, ca_file=None if which == "good" else tls.ca_file)
    rec = Recorder()
    try:
        connect(rt, rec, server.url())
        assert (await rec.wait_for("onClose"))["code"] == 1006
        error = rec.last("onError")
        assert expected in error["errMsg"]
        assert explanation in error["explanation"]
    finally:
        await rt.aclose()


async def test_trust_ca_for_one_endpoint_only(tls: TlsMaterial, make_server: MakeServer) -> None:
    a = await make_server(ssl_context=tls.good, url_host="localhost")
    b = await make_server(ssl_context=tls.good, url_host="localhost")
    rt = Runtime(legal_domains=LOOPBACK)
    rt.trust_ca_for("localhost", a.port, tls.ca.cert_pem.bytes().decode())
    rec_a, rec_b = Recorder(), Recorder()
    try:
        await opened(rt, rec_a, a.url())
        connect(rt, rec_b, b.url())
        await rec_b.wait_for("onClose")
        assert "not trusted" in rec_b.last("onError")["errMsg"]
    finally:
        await rt.aclose()


def test_bad_ca_file_is_a_config_error(tmp_path: pytest.TempPathFactory) -> None:
    with pytest.raises(ConfigError, match="CA file not found"):
        Runtime(ca_file="/nonexistent/ca.pem")
    bogus = f"{tmp_path}/bogus.pem"
    with open(bogus, "w") as fh:
        fh.write("not a certificate")
    with pytest.raises(ConfigError, match="not a valid PEM certificate"):
        Runtime(ca_file=bogus)


def test_bad_runtime_settings() -> None:
    with pytest.raises(ConfigError, match="mode must be"):
        Runtime(mode="prod")
    with pytest.raises(ConfigError, match="must be a host name, not a URL"):
        Runtime(legal_domains=["wss://example.com"])
    with pytest.raises(ConfigError, match="max_sockets"):
        Runtime(max_sockets=0)


# -- another implementation: aiohttp's WebSocket server --------------------------------------


@dataclass
class Peer:
    url: str
    closes: list[tuple[int | None, str]]
    done: asyncio.Event


@pytest.fixture
async def aiohttp_url() -> AsyncIterator[Peer]:
    closes: list[tuple[int | None, str]] = []
    done = asyncio.Event()

    async def handler(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(protocols=("chat",))
        await ws.prepare(request)
        async for msg in ws:
            if msg.type == WSMsgType.TEXT:
                if msg.data == "close-4003":
                    await ws.close(code=4003, message=b"server says bye")
                    break
                await ws.send_str(msg.data)
            elif msg.type == WSMsgType.BINARY:
                await ws.send_bytes(msg.data)
        closes.append((ws.close_code, request.headers.get("Referer", "")))
        done.set()
        return ws

    app = web.Application()
    app.router.add_get("/", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield Peer(f"ws://127.0.0.1:{port}/", closes, done)
    await runner.cleanup()


async def test_aiohttp_peer_echo_and_client_close(
    runtime: Runtime, rec: Recorder, aiohttp_url: Peer
) -> None:
    url, closes = aiohttp_url.url, aiohttp_url.closes
    task = await opened(runtime, rec, url, protocols=["chat"], header={"Referer": "x"})
    assert task.protocol == "chat"
    task.send({"data": "text"})
    task.send({"data": b"\x01\x02"})
    await rec.wait_for("onMessage", 2)
    assert [p["data"] for p in rec.payloads("onMessage")] == ["text", b"\x01\x02"]
    task.close({"code": 4000, "reason": "client bye"})
    # onClose reports the code of the close frame the server sent back: aiohttp answers 1000.
    assert (await rec.wait_for("onClose"))["code"] == 1000
    async with asyncio.timeout(UNIT):
        await aiohttp_url.done.wait()
    assert closes == [(4000, "")]  # and no Referer reached the server


async def test_aiohttp_peer_server_close(
    runtime: Runtime, rec: Recorder, aiohttp_url: Peer
) -> None:
    url = aiohttp_url.url
    task = await opened(runtime, rec, url)
    task.send({"data": "close-4003"})
    assert await rec.wait_for("onClose") == {"code": 4003, "reason": "server says bye"}
    assert task.ready_state is ReadyState.CLOSED


def test_app_imports_no_qt() -> None:
    code = (
        "import sys, app, app.server, app.events, app.explain, app.rules;"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'qasync'));"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr
