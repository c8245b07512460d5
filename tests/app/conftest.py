"""Fixtures for the Qt-free core: real servers on 127.0.0.1, a recorder, TLS material."""

from __future__ import annotations

import asyncio
import datetime as dt
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import trustme
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.datastructures import Headers
from websockets.http11 import Request

from app import Runtime, SocketTask

LOOPBACK = ("127.0.0.1", "localhost", "::1")
UNIT = 5.0  # seconds: the upper bound of any single wait in these tests


class Recorder:
    """Records callbacks and listener calls in order; tests await what they expect."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self._changed = asyncio.Event()

    def cb(self, name: str) -> Callable[[dict[str, Any]], None]:
        def record(payload: dict[str, Any]) -> None:
            self.calls.append((name, payload))
            self._changed.set()

        return record

    def mark(self, name: str) -> None:
        self.calls.append((name, {}))

    def attach(self, task: SocketTask) -> SocketTask:
        task.on_open(self.cb("onOpen"))
        task.on_message(self.cb("onMessage"))
        task.on_error(self.cb("onError"))
        task.on_close(self.cb("onClose"))
        return task

    def names(self) -> list[str]:
        return [name for name, _ in self.calls]

    def payloads(self, name: str) -> list[dict[str, Any]]:
        return [p for n, p in self.calls if n == name]

    def last(self, name: str) -> dict[str, Any]:
        return self.payloads(name)[-1]

    async def wait_for(self, name: str, count: int = 1, within: float = UNIT) -> dict[str, Any]:
        async with asyncio.timeout(within):
            while len(self.payloads(name)) < count:
                self._changed.clear()
                await self._changed.wait()
        return self.payloads(name)[count - 1]

    def api(self, prefix: str = "") -> dict[str, Any]:
        """success/fail/complete callbacks named ``prefix.success`` etc."""
        return {
            "success": self.cb(f"{prefix}success"),
            "fail": self.cb(f"{prefix}fail"),
            "complete": self.cb(f"{prefix}complete"),
        }


async def record_until_close(rt: Runtime, wire: bytes) -> tuple[Recorder, dict[str, Any]]:
    """Connect ``rt`` to a raw peer that answers the handshake and sends ``wire``, record
    everything until ``onClose``, then close the runtime. Returns the recorder and what
    ``onClose`` received."""
    from tests.servers.hostile import RawPeer

    rec = Recorder()
    try:
        async with RawPeer(wire) as peer:
            rec.attach(rt.connect_socket({"url": peer.url}))
            close = await rec.wait_for("onClose")
    finally:
        await rt.aclose()
    return rec, close


@pytest.fixture
def rec() -> Recorder:
    return Recorder()


@pytest.fixture
async def runtime() -> AsyncIterator[Runtime]:
    rt = Runtime(mode="test", legal_domains=LOOPBACK, check_domain=True, close_timeout=2.0)
    yield rt
    await rt.aclose()


@pytest.fixture(autouse=True)
async def loop_errors() -> AsyncIterator[list[dict[str, Any]]]:
    """Fail a test whose loop reported an unhandled error (like qasync's own tests)."""
    loop = asyncio.get_running_loop()
    errors: list[dict[str, Any]] = []
    loop.set_exception_handler(lambda _loop, ctx: errors.append(ctx))
    yield errors
    await asyncio.sleep(0)
    loop.set_exception_handler(None)
    assert not errors, f"unhandled loop errors: {errors}"


@dataclass
class WsServer:
    """A real ``websockets`` server; ``handler`` decides what each connection does."""

    server: Server
    scheme: str = "ws"
    host: str = "127.0.0.1"
    requests: list[Headers] = field(default_factory=list)
    closes: list[tuple[int | None, str | None]] = field(default_factory=list)
    closed_event: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def port(self) -> int:
        return int(self.server.sockets[0].getsockname()[1])

    def url(self, path: str = "/") -> str:
        return f"{self.scheme}://{self.host}:{self.port}{path}"


Handler = Callable[[ServerConnection], Awaitable[None]]


async def echo(ws: ServerConnection) -> None:
    async for message in ws:
        await ws.send(message)


@pytest.fixture
def make_server() -> Iterator[Callable[..., Awaitable[WsServer]]]:
    """Start ``websockets`` servers on 127.0.0.1 port 0; all stopped at teardown."""
    started: list[WsServer] = []

    async def start(
        handler: Handler = echo,
        *,
        ssl_context: ssl.SSLContext | None = None,
        host: str = "127.0.0.1",
        url_host: str | None = None,
        process_request: Callable[..., Any] | None = None,
        process_response: Callable[..., Any] | None = None,
        select_subprotocol: Callable[..., Any] | None = None,
        subprotocols: list[str] | None = None,
        max_size: int | None = 1 << 24,
    ) -> WsServer:
        holder: list[WsServer] = []

        def record(conn: ServerConnection, request: Request) -> Any:
            holder[0].requests.append(request.headers)
            if process_request is not None:
                return process_request(conn, request)
            return None

        async def wrapped(conn: ServerConnection) -> None:
            try:
                await handler(conn)
            finally:
                await conn.wait_closed()
                rcvd = conn.close_code, conn.close_reason
                holder[0].closes.append(rcvd)
                holder[0].closed_event.set()

        kwargs: dict[str, Any] = {}
        if process_response is not None:
            kwargs["process_response"] = process_response
        if select_subprotocol is not None:
            kwargs["select_subprotocol"] = select_subprotocol
        server = await serve(
            wrapped,
            host,
            0,
            ssl=ssl_context,
            process_request=record,
            subprotocols=subprotocols,  # type: ignore[arg-type]
            max_size=max_size,
            compression=None,
            **kwargs,
        )
        info = WsServer(server, "wss" if ssl_context else "ws", url_host or host)
        holder.append(info)
        started.append(info)
        return info

    yield start
    for info in started:
        info.server.close()


@pytest.fixture
async def echo_server(make_server: Callable[..., Awaitable[WsServer]]) -> WsServer:
    return await make_server()


@dataclass(frozen=True)
class TlsMaterial:
    ca: trustme.CA
    ca_file: str
    good: ssl.SSLContext
    expired: ssl.SSLContext
    wrong_host: ssl.SSLContext


def _server_ctx(cert: Any) -> ssl.SSLContext:
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(ctx)
    return ctx


@pytest.fixture(scope="session")
def tls(tmp_path_factory: pytest.TempPathFactory) -> TlsMaterial:
    ca = trustme.CA()
    path = tmp_path_factory.mktemp("tls") / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    now = dt.datetime.now(dt.UTC)
    return TlsMaterial(
        ca=ca,
        ca_file=str(path),
        good=_server_ctx(ca.issue_cert("localhost", "127.0.0.1")),
        expired=_server_ctx(
            ca.issue_cert(
                "localhost",
                "127.0.0.1",
                not_before=now - dt.timedelta(days=30),
                not_after=now - dt.timedelta(days=1),
            )
        ),
        wrong_host=_server_ctx(ca.issue_cert("other.example")),
    )
