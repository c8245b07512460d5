"""The embedded demo server: ws:// and wss:// listeners that act out scenarios.

Pure asyncio, no threads and no blocking calls, so it can share the GUI's
event loop. The URL path picks the scenario (see :mod:`app.server.scenarios`);
scenarios that refuse the handshake (``reject``, ``subprotocol?mode=require``,
a bad path) answer in ``process_request``, the rest run as connection handlers.

Subprotocols: scenarios other than ``subprotocol`` accept the first subprotocol
the client offers, like a cooperative server would.
"""

from __future__ import annotations

import asyncio
import errno
import http
import ipaddress
import json
import logging
import time
import weakref
from collections.abc import Awaitable, Callable, Iterable, Sequence
from types import TracebackType
from typing import Any, Self

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.datastructures import Headers
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response
from websockets.typing import Subprotocol

from app.server import certs
from app.server.scenarios import (
    SCENARIOS,
    ScenarioError,
    ScenarioName,
    ScenarioRequest,
    UnknownScenarioError,
    parse_scenario,
)

__all__ = ["BINARY_GREETING", "DemoServer", "burst_message"]

logger = logging.getLogger(__name__)


class _NoDebugLogger(logging.LoggerAdapter[logging.Logger]):
    """At DEBUG, websockets logs every request header (cookies, tokens) and every
    frame; the demo server must not record those whatever the logging setup."""

    def isEnabledFor(self, level: int) -> bool:
        return level > logging.DEBUG and self.logger.isEnabledFor(level)


_wire_logger = _NoDebugLogger(logging.getLogger(f"{__name__}.wire"))

#: The binary message the ``binary`` scenario sends on open.
BINARY_GREETING = bytes(range(16))

# stop() budget, about two seconds in all: close gracefully, then abort
# connections, then cancel what still runs.
_GRACEFUL_STOP_S = 1.4
_FORCED_STOP_S = 0.3
_CANCEL_STOP_S = 0.2
_KEEPALIVE_STOP_S = 0.1
_CLOSE_TIMEOUT_S = 1.0
_TLS_HANDSHAKE_TIMEOUT_S = 10.0
_OPEN_TIMEOUT_S = 70.0  # above the longest ``slow`` delay (60 s)
_BURST_YIELD_EVERY = 256  # let the GUI breathe during long bursts
_TLS_BIND_ATTEMPTS = 5
_ADDRESS_IN_USE = frozenset({errno.EADDRINUSE, 10048})  # 10048: WSAEADDRINUSE

HandshakeHook = Callable[[Headers], None]


class DemoServer:
    """A local WebSocket server for trying ``tt.connectSocket`` against.

    ``port=0`` and ``tls_port=0`` pick free ports; ``tls_port=None`` disables
    wss. The TLS certificate comes from a CA generated at start-up whose PEM is
    :attr:`ca_pem`. ``on_handshake`` receives a copy of each handshake's
    request headers (tests use it to check what a client sent).
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        tls_port: int | None = 0,
        default_scenario: str = ScenarioName.ECHO,
        *,
        on_handshake: HandshakeHook | None = None,
    ) -> None:
        if default_scenario not in SCENARIOS:
            raise UnknownScenarioError(default_scenario)
        # "localhost" may resolve to two addresses, which port 0 would bind
        # to two different ports.
        self._host = "127.0.0.1" if host == "localhost" else host
        self._requested_port = port
        self._requested_tls_port = tls_port
        self._default_scenario = default_scenario
        self._on_handshake = on_handshake
        self._plain: Server | None = None
        self._port: int | None = None  # kept after stop(), unlike the sockets
        self._tls_port: int | None = None
        self._tls: list[Server] = []
        self._ca: certs.CertificateAuthority | None = None
        self._live: set[ServerConnection] = set()  # every TCP connection, even mid-handshake
        self._requests: weakref.WeakKeyDictionary[ServerConnection, ScenarioRequest] = (
            weakref.WeakKeyDictionary()
        )
        self._ending: set[asyncio.Task[None]] = set()
        self._connection_class = _tracking_connection_class(self._live, self._ending)
        self._started = False
        self._stopping = asyncio.Event()
        self._stopped = asyncio.Event()

    # Lifecycle

    async def start(self) -> None:
        """Start listening; raises :class:`OSError` if a port is taken."""
        if self._started or self._stopping.is_set():
            raise RuntimeError("a DemoServer can be started only once")
        self._started = True
        try:
            self._plain = await self._serve(self._host, self._requested_port, None)
            self._port = _port_of(self._plain)
            if self._requested_tls_port is not None:
                self._ca = certs.make_ca()
                cert = certs.make_server_cert(self._ca, self._cert_names())
                await self._serve_tls(certs.server_ssl_context(cert), self._requested_tls_port)
                self._tls_port = _port_of(self._tls[0])
        except BaseException:
            await self.stop()
            raise
        logger.info(
            "demo server listening on %s%s",
            self.ws_url,
            f" and {self.wss_url}" if self._tls else "",
        )

    async def stop(self) -> None:
        """Close every connection and stop listening, within about two seconds."""
        if self._stopping.is_set():
            await self._stopped.wait()
            return
        self._stopping.set()  # also ends pending ``slow`` handshake delays
        servers = self._servers()
        try:
            for server in servers:
                server.close()
            if not await _wait_closed(servers, _GRACEFUL_STOP_S):
                logger.warning(
                    "demo server: %d connection(s) did not close in time; aborting them",
                    len(self._live),
                )
                for connection in list(self._live):
                    connection.transport.abort()
                for server in servers:
                    # Python 3.13+: also drops connections still in the TLS handshake.
                    abort_clients: Callable[[], None] | None = getattr(
                        server.server, "abort_clients", None
                    )
                    if abort_clients is not None:
                        abort_clients()
                if not await _wait_closed(servers, _FORCED_STOP_S):
                    await _cancel(_server_tasks(servers))
            if self._ending:
                await asyncio.wait(self._ending, timeout=_KEEPALIVE_STOP_S)
        finally:
            self._stopped.set()
        if servers:
            logger.info("demo server stopped")

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    # Addresses

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("the demo server has not been started")
        return self._port

    @property
    def tls_port(self) -> int | None:
        """The wss port, or ``None`` when TLS is disabled."""
        if self._requested_tls_port is None:
            return None
        if self._tls_port is None:
            raise RuntimeError("the demo server has not been started")
        return self._tls_port

    @property
    def ws_url(self) -> str:
        return f"ws://{_url_host(self._host)}:{self.port}/"

    @property
    def wss_url(self) -> str:
        """``wss://localhost:PORT/`` (the certificate's main name); raises if TLS is off."""
        port = self.tls_port
        if port is None:
            raise RuntimeError("TLS is disabled on this demo server")
        host = "localhost" if _is_local_or_wildcard(self._host) else _url_host(self._host)
        return f"wss://{host}:{port}/"

    @property
    def ca_pem(self) -> str:
        """PEM of the CA that signed the wss certificate; raises if TLS is off."""
        if self._requested_tls_port is None:
            raise RuntimeError("TLS is disabled on this demo server")
        if self._ca is None:
            raise RuntimeError("the demo server has not been started")
        return self._ca.cert_pem

    @property
    def connections(self) -> int:
        """WebSocket connections currently open (handshake done, not closing)."""
        return sum(len(server.connections) for server in self._servers())

    # Listening

    def _servers(self) -> list[Server]:
        return ([self._plain] if self._plain is not None else []) + self._tls

    def _cert_names(self) -> list[str]:
        names = list(certs.DEFAULT_NAMES)
        if not _is_local_or_wildcard(self._host) and self._host not in names:
            names.append(self._host)
        return names

    async def _serve(self, host: str, port: int, context: Any) -> Server:
        extra: dict[str, Any] = {}
        if context is not None:
            extra = {"ssl": context, "ssl_handshake_timeout": _TLS_HANDSHAKE_TIMEOUT_S}
        return await serve(
            self._handle,
            host,
            port,
            process_request=self._process_request,
            select_subprotocol=self._select_subprotocol,
            create_connection=self._connection_class,
            open_timeout=_OPEN_TIMEOUT_S,
            close_timeout=_CLOSE_TIMEOUT_S,
            logger=_wire_logger,
            **extra,
        )

    async def _serve_tls(self, context: Any, port: int) -> None:
        """Listen for wss on the host and, for loopback, on the other IP family too.

        ``localhost`` in :attr:`wss_url` may resolve to ``::1`` before
        ``127.0.0.1``; a refused first attempt costs about two seconds on
        Windows, so both families listen on the same port when possible.
        """
        twin = _loopback_twin(self._host)
        attempts = _TLS_BIND_ATTEMPTS if port == 0 and twin is not None else 1
        for attempt in range(attempts):
            primary = await self._serve(self._host, port, context)
            if twin is None:
                self._tls = [primary]
                return
            try:
                secondary = await self._serve(twin, _port_of(primary), context)
            except OSError as exc:
                if exc.errno in _ADDRESS_IN_USE and attempt + 1 < attempts:
                    primary.close()
                    await primary.wait_closed()
                    continue
                logger.debug("wss also on %s: not possible (%s)", twin, exc)
                self._tls = [primary]
                return
            self._tls = [primary, secondary]
            return

    # Handshake

    async def _process_request(
        self, connection: ServerConnection, request: Request
    ) -> Response | None:
        if self._on_handshake is not None:
            try:
                self._on_handshake(request.headers.copy())
            except Exception:
                logger.exception("on_handshake hook failed")
        try:
            scenario = parse_scenario(request.path, default=self._default_scenario)
        except ScenarioError as exc:
            logger.info("refused a handshake: %s", exc)
            return connection.respond(http.HTTPStatus.BAD_REQUEST, f"{exc}\n")
        self._requests[connection] = scenario
        if scenario.name is ScenarioName.REJECT:
            status = scenario.get_int("status")
            return connection.respond(status, f"Rejected by the demo server with HTTP {status}.\n")
        if scenario.name is ScenarioName.SUBPROTOCOL and scenario.get_text("mode") == "require":
            name = scenario.get_text("name")
            offered = _offered_subprotocols(request.headers)
            if name not in offered:
                return connection.respond(
                    http.HTTPStatus.BAD_REQUEST,
                    f"This scenario requires the subprotocol {name!r}; "
                    f"the client offered {', '.join(offered) or 'none'}.\n",
                )
        if scenario.name is ScenarioName.SLOW:
            await self._hold(scenario.get_int("delay") / 1000)
            if self._stopping.is_set():
                return connection.respond(
                    http.HTTPStatus.SERVICE_UNAVAILABLE, "The demo server is stopping.\n"
                )
        return None

    def _select_subprotocol(
        self, connection: ServerConnection, offered: Sequence[Subprotocol]
    ) -> Subprotocol | None:
        scenario = self._requests.get(connection)
        if scenario is None or scenario.name is not ScenarioName.SUBPROTOCOL:
            return offered[0] if offered else None
        if scenario.get_text("mode") == "ignore":
            return None
        # require (offered, checked in _process_request) or force (offered or not):
        # websockets lets a server answer with a name the client never offered.
        return Subprotocol(scenario.get_text("name"))

    async def _hold(self, seconds: float) -> None:
        """Wait ``seconds``, or less if the server stops meanwhile."""
        try:
            async with asyncio.timeout(seconds):
                await self._stopping.wait()
        except TimeoutError:
            pass

    # Connections

    async def _handle(self, connection: ServerConnection) -> None:
        scenario = self._requests.pop(connection, None)
        if scenario is None:  # pragma: no cover - process_request always records one
            return
        logger.info("%s connection from %s", scenario.name, _peer(connection))
        try:
            await _HANDLERS[scenario.name](connection, scenario)
        except ConnectionClosed as exc:
            logger.debug("%s connection ended: %s", scenario.name, exc)


def _tracking_connection_class(
    live: set[ServerConnection], ending: set[asyncio.Task[None]]
) -> type[ServerConnection]:
    """A connection class that keeps ``live`` up to date and collects, in
    ``ending``, keepalive tasks that websockets cancels but does not await."""

    class TrackedConnection(ServerConnection):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            live.add(self)
            super().connection_made(transport)

        def connection_lost(self, exc: Exception | None) -> None:
            live.discard(self)
            keepalive = self.keepalive_task
            if keepalive is not None and not keepalive.done():
                ending.add(keepalive)
                keepalive.add_done_callback(ending.discard)
            super().connection_lost(exc)

    return TrackedConnection


# Scenario handlers. ConnectionClosed raised inside them ends the connection quietly.

Handler = Callable[[ServerConnection, ScenarioRequest], Awaitable[None]]


async def _echo(ws: ServerConnection, scenario: ScenarioRequest) -> None:
    async for message in ws:
        await ws.send(message)


async def _push(ws: ServerConnection, scenario: ScenarioRequest) -> None:
    pusher = asyncio.create_task(_push_forever(ws, scenario.get_int("interval") / 1000))
    try:
        await _echo(ws, scenario)
    finally:
        pusher.cancel()
        await asyncio.wait([pusher])
        if not pusher.cancelled() and (error := pusher.exception()) is not None:
            raise error


async def _push_forever(ws: ServerConnection, interval: float) -> None:
    loop = asyncio.get_running_loop()
    due = loop.time()
    seq = 0
    try:
        while True:
            due = max(due + interval, loop.time())  # fall behind rather than flood
            await asyncio.sleep(due - loop.time())
            seq += 1
            push = {"type": "push", "seq": seq, "time": int(time.time() * 1000)}
            await ws.send(json.dumps(push))
    except ConnectionClosed:
        pass


async def _close_after(ws: ServerConnection, scenario: ScenarioRequest) -> None:
    remaining = scenario.get_int("n")
    if remaining > 0:
        async for message in ws:
            await ws.send(message)
            remaining -= 1
            if remaining == 0:
                break
        else:
            return  # the client closed first
    await ws.close(scenario.get_int("code"), scenario.get_text("reason"))


async def _drop(ws: ServerConnection, scenario: ScenarioRequest) -> None:
    remaining = scenario.get_int("n")
    if remaining > 0:
        async for message in ws:
            remaining -= 1
            if remaining == 0:
                break
            await ws.send(message)
        else:
            return
    ws.transport.abort()  # no close frame: the client sees 1006
    await ws.wait_closed()


async def _binary(ws: ServerConnection, scenario: ScenarioRequest) -> None:
    await ws.send(BINARY_GREETING)
    async for message in ws:
        await ws.send(message.encode() if isinstance(message, str) else message)


def burst_message(seq: int, n: int, size: int) -> str:
    """Message ``seq`` of a burst of ``n``: ``"seq/n "`` padded with dots to ``size``."""
    return f"{seq}/{n} ".ljust(size, ".")


async def _burst(ws: ServerConnection, scenario: ScenarioRequest) -> None:
    n, size = scenario.get_int("n"), scenario.get_int("size")
    await _send_burst(ws, n, size)
    async for _ in ws:
        await _send_burst(ws, n, size)


async def _send_burst(ws: ServerConnection, n: int, size: int) -> None:
    # send() only suspends when the write buffer is full, so a fast reader would
    # otherwise let a million messages monopolise the loop.
    for seq in range(1, n + 1):
        await ws.send(burst_message(seq, n, size))
        if seq % _BURST_YIELD_EVERY == 0:
            await asyncio.sleep(0)


_HANDLERS: dict[ScenarioName, Handler] = {
    ScenarioName.ECHO: _echo,
    ScenarioName.PUSH: _push,
    ScenarioName.CLOSE_AFTER: _close_after,
    ScenarioName.DROP: _drop,
    ScenarioName.SUBPROTOCOL: _echo,
    ScenarioName.REJECT: _echo,  # never reached: the handshake is refused
    ScenarioName.SLOW: _echo,
    ScenarioName.BINARY: _binary,
    ScenarioName.BURST: _burst,
}


# Helpers


async def _wait_closed(servers: Iterable[Server], seconds: float) -> bool:
    try:
        async with asyncio.timeout(seconds):
            for server in servers:
                await server.wait_closed()
    except TimeoutError:
        return False
    return True


def _server_tasks(servers: Iterable[Server]) -> list[asyncio.Task[None]]:
    tasks: list[asyncio.Task[None]] = []
    for server in servers:
        tasks.extend(server.handler_tasks)
        if server.close_task is not None:
            tasks.append(server.close_task)
    return [task for task in tasks if not task.done()]


async def _cancel(tasks: list[asyncio.Task[None]]) -> None:
    for task in tasks:
        task.cancel()
    if tasks:
        _, pending = await asyncio.wait(tasks, timeout=_CANCEL_STOP_S)
        if pending:
            logger.error("demo server: %d task(s) ignored cancellation", len(pending))


def _offered_subprotocols(headers: Headers) -> list[str]:
    return [
        name.strip()
        for value in headers.get_all("Sec-WebSocket-Protocol")
        for name in value.split(",")
        if name.strip()
    ]


def _port_of(server: Server) -> int:
    port: int = server.sockets[0].getsockname()[1]
    return port


def _peer(connection: ServerConnection) -> str:
    address = connection.remote_address
    return f"{address[0]}:{address[1]}" if address else "?"


def _ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def _is_local_or_wildcard(host: str) -> bool:
    ip = _ip(host)
    return ip is not None and (ip.is_loopback or ip.is_unspecified)


def _loopback_twin(host: str) -> str | None:
    """The loopback address of the other IP family, if ``host`` is local or a wildcard."""
    ip = _ip(host)
    if ip is None or not (ip.is_loopback or ip.is_unspecified):
        return None
    return "::1" if ip.version == 4 else "127.0.0.1"


def _url_host(host: str) -> str:
    ip = _ip(host)
    if ip is None:
        return host
    if ip.is_unspecified:
        return "127.0.0.1" if ip.version == 4 else "[::1]"
    return f"[{ip}]" if ip.version == 6 else str(ip)
