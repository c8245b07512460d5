"""A deliberately misbehaving WebSocket peer for robustness tests.

The server speaks HTTP/1.1 and RFC 6455 framing by hand on top of a raw asyncio TCP
server, so that every rule a well-behaved library would enforce can be broken on purpose.
Each :class:`HostileMode` picks one fault; :data:`EXPECTED` says what a correct client
should report for it.

Usage::

    async with hostile_server(HostileMode.RESERVED_BITS) as srv:
        ...  # connect a client to srv.url
        assert srv.client_close_code == 1002

Everything listens on 127.0.0.1 only. After the opening handshake the server records
every byte the client sends (:attr:`HostileServer.received`) and, where the stream is
still parseable, every client frame (:attr:`HostileServer.frames`).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import enum
import hashlib
import random
import socket
import struct
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from types import TracebackType
from typing import Final, Literal

import pytest

__all__ = [
    "BIG_MESSAGE_SIZE",
    "EXPECTED",
    "OP_BINARY",
    "OP_CLOSE",
    "OP_CONT",
    "OP_PING",
    "OP_PONG",
    "OP_TEXT",
    "OVERSIZED_LENGTH",
    "RSV1",
    "RSV2",
    "RSV3",
    "WS_GUID",
    "ClientFrame",
    "Expectation",
    "HostileFactory",
    "HostileMode",
    "HostileServer",
    "Phase",
    "RawPeer",
    "accept_key",
    "frame",
    "hostile",
    "hostile_server",
]

WS_GUID: Final = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

OP_CONT: Final = 0x0
OP_TEXT: Final = 0x1
OP_BINARY: Final = 0x2
OP_CLOSE: Final = 0x8
OP_PING: Final = 0x9
OP_PONG: Final = 0xA

# Values for the ``rsv`` argument of :func:`frame` (the three bits after FIN).
RSV1: Final = 0b100
RSV2: Final = 0b010
RSV3: Final = 0b001

#: Upper bound on the HTTP request head (request line + headers + CRLFCRLF).
MAX_REQUEST_BYTES: Final = 16 * 1024
#: Size of the real binary message sent in ``big_message`` (twice websockets' default limit).
BIG_MESSAGE_SIZE: Final = 2 * 1024 * 1024
#: Payload length announced, but never sent, in ``oversized_length``.
OVERSIZED_LENGTH: Final = 2**62
#: Largest client frame payload the server bothers to parse (raw bytes are still recorded).
MAX_CLIENT_PAYLOAD: Final = 16 * 1024 * 1024
#: How long ``reset`` waits for the pong that proves the client is open before resetting.
RESET_SYNC_TIMEOUT: Final = 2.0
#: Bound on :meth:`HostileServer.stop`.
STOP_TIMEOUT: Final = 2.0

_READ_CHUNK: Final = 64 * 1024

Phase = Literal["handshake", "after_open"]


class HostileMode(enum.StrEnum):
    """One way of misbehaving. Values are the public, snake_case mode names."""

    # Opening handshake faults: a correct client never fires onOpen, reports 1006.
    NO_ANSWER = "no_answer"
    GARBAGE = "garbage"
    BAD_STATUS_LINE = "bad_status_line"
    TRUNCATED_101 = "truncated_101"
    HTTP_200 = "http_200"
    HTTP_403 = "http_403"
    HTTP_500 = "http_500"
    WRONG_ACCEPT = "wrong_accept"
    NO_UPGRADE_HEADER = "no_upgrade_header"
    UNOFFERED_SUBPROTOCOL = "unoffered_subprotocol"
    UNOFFERED_EXTENSION = "unoffered_extension"
    # Faults after a valid 101: the client opens, then must fail the connection.
    RESERVED_BITS = "reserved_bits"
    UNKNOWN_OPCODE = "unknown_opcode"
    FRAGMENTED_CONTROL = "fragmented_control"
    MASKED_SERVER_FRAME = "masked_server_frame"
    ORPHAN_CONTINUATION = "orphan_continuation"
    INVALID_UTF8_TEXT = "invalid_utf8_text"
    INVALID_UTF8_CLOSE_REASON = "invalid_utf8_close_reason"
    INVALID_CLOSE_CODE = "invalid_close_code"
    OVERSIZED_LENGTH = "oversized_length"
    BIG_MESSAGE = "big_message"
    CLOSE_MID_FRAME = "close_mid_frame"
    RESET = "reset"
    NEVER_ANSWERS_CLOSE = "never_answers_close"
    # Control: a correct minimal echo server.
    OK_ECHO = "ok_echo"

    @property
    def expected(self) -> Expectation:
        return EXPECTED[self]


@dataclass(frozen=True)
class Expectation:
    """What a correct client should observe for a mode."""

    phase: Phase
    #: Code a correct client reports in onClose.
    close_code: int
    #: One plain English line describing what the server does.
    what: str


def _hs(what: str) -> Expectation:
    return Expectation("handshake", 1006, what)


def _open(close_code: int, what: str) -> Expectation:
    return Expectation("after_open", close_code, what)


M = HostileMode

EXPECTED: Final[dict[HostileMode, Expectation]] = {
    M.NO_ANSWER: _hs("Accepts the TCP connection, reads the upgrade request and never answers."),
    M.GARBAGE: _hs("Answers the upgrade request with random non-HTTP bytes, then closes."),
    M.BAD_STATUS_LINE: _hs("Answers with an unparseable status line (HTTP/1.1 1O1 ...)."),
    M.TRUNCATED_101: _hs("Sends the first half of a 101 response, then closes."),
    M.HTTP_200: _hs("Answers 200 OK with a small body instead of 101."),
    M.HTTP_403: _hs("Answers 403 Forbidden instead of 101."),
    M.HTTP_500: _hs("Answers 500 Internal Server Error instead of 101."),
    M.WRONG_ACCEPT: _hs("Answers 101 with a wrong Sec-WebSocket-Accept value."),
    M.NO_UPGRADE_HEADER: _hs("Answers 101 without the Upgrade: websocket header."),
    M.UNOFFERED_SUBPROTOCOL: _hs("Answers 101 selecting a subprotocol the client did not offer."),
    M.UNOFFERED_EXTENSION: _hs("Answers 101 with Sec-WebSocket-Extensions: x-bogus."),
    M.RESERVED_BITS: _open(
        1002, "Sends a text frame with RSV1 set though no extension was agreed."
    ),
    M.UNKNOWN_OPCODE: _open(1002, "Sends a frame with the reserved opcode 0x3."),
    M.FRAGMENTED_CONTROL: _open(
        1002, "Sends a ping frame with FIN=0 (a fragmented control frame)."
    ),
    M.MASKED_SERVER_FRAME: _open(1002, "Sends a masked text frame (servers must never mask)."),
    M.ORPHAN_CONTINUATION: _open(1002, "Sends a continuation frame with no message to continue."),
    M.INVALID_UTF8_TEXT: _open(
        1007, "Sends a text frame whose payload is the invalid UTF-8 FF FE."
    ),
    M.INVALID_UTF8_CLOSE_REASON: _open(1007, "Sends a close frame whose reason is invalid UTF-8."),
    M.INVALID_CLOSE_CODE: _open(1002, "Sends a close frame with code 1005, which is never sent."),
    M.OVERSIZED_LENGTH: _open(1009, "Sends a frame header announcing a 2**62-byte payload."),
    M.BIG_MESSAGE: _open(1009, "Sends a real 2 MiB binary message in one frame."),
    M.CLOSE_MID_FRAME: _open(1006, "Sends the first half of a binary frame, then closes TCP."),
    M.RESET: _open(1006, "Opens, then resets the TCP connection (RST, no close frame)."),
    M.NEVER_ANSWERS_CLOSE: _open(
        1006, "Opens, then ignores everything, including the close frame."
    ),
    M.OK_ECHO: _open(1000, "A correct echo server with a proper close handshake (control)."),
}


def accept_key(key: str) -> str:
    """``Sec-WebSocket-Accept`` for a ``Sec-WebSocket-Key`` (RFC 6455, section 4.2.2)."""
    digest = hashlib.sha1((key + WS_GUID).encode("ascii")).digest()
    return base64.b64encode(digest).decode("ascii")


class RawPeer:
    """A one-shot raw-TCP peer: a valid 101 followed by ``after`` in the same write, then it
    reads (and keeps, in :attr:`received`) everything and never closes TCP itself.

    ``client_hung_up`` is set when the client closed the connection (the peers of
    :func:`hostile_server` always close or answer in the end; this one does not).
    """

    def __init__(self, after: bytes) -> None:
        self.after = after
        self.received = bytearray()
        self.client_hung_up = asyncio.Event()
        self._server: asyncio.Server | None = None
        self._writers: list[asyncio.StreamWriter] = []

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"ws://127.0.0.1:{self._server.sockets[0].getsockname()[1]}/"

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.append(writer)
        head = await reader.readuntil(b"\r\n\r\n")
        key = next(
            line.split(b":", 1)[1].strip().decode()
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"sec-websocket-key:")
        )
        writer.write(
            b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + f"Sec-WebSocket-Accept: {accept_key(key)}\r\n\r\n".encode()
            + self.after
        )
        await writer.drain()
        while chunk := await reader.read(65536):
            self.received += chunk
        self.client_hung_up.set()

    async def __aenter__(self) -> RawPeer:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        for writer in self._writers:
            writer.transport.abort()
        self._server.close()
        await self._server.wait_closed()


def _apply_mask(data: bytes, key: bytes) -> bytes:
    n = len(data)
    if n == 0:
        return b""
    stream = (key * (n // 4 + 1))[:n]
    return (int.from_bytes(data, "big") ^ int.from_bytes(stream, "big")).to_bytes(n, "big")


def frame(
    opcode: int,
    payload: bytes = b"",
    fin: bool = True,
    rsv: int = 0,
    mask: bool = False,
    length_override: int | None = None,
    *,
    mask_key: bytes | None = None,
) -> bytes:
    """Encode one WebSocket frame, with no validation of what it means.

    ``rsv`` holds the three reserved bits (:data:`RSV1` = 0b100 ... :data:`RSV3` = 0b001).
    ``length_override`` replaces the announced payload length (the payload itself is
    still appended as given), which allows headers that lie about the size.
    ``mask_key`` fixes the 4-byte key when ``mask`` is true (random otherwise).
    """
    if not 0 <= opcode <= 0xF:
        raise ValueError(f"opcode out of range: {opcode}")
    if not 0 <= rsv <= 0b111:
        raise ValueError(f"rsv out of range: {rsv}")
    length = len(payload) if length_override is None else length_override
    if not 0 <= length < 2**63:
        raise ValueError(f"length out of range: {length}")
    first = (0x80 if fin else 0) | (rsv << 4) | opcode
    mask_bit = 0x80 if mask else 0
    if length < 126:
        header = struct.pack("!BB", first, mask_bit | length)
    elif length < 2**16:
        header = struct.pack("!BBH", first, mask_bit | 126, length)
    else:
        header = struct.pack("!BBQ", first, mask_bit | 127, length)
    if mask:
        key = random.randbytes(4) if mask_key is None else mask_key
        if len(key) != 4:
            raise ValueError("mask_key must be 4 bytes")
        return header + key + _apply_mask(payload, key)
    return header + payload


@dataclass(frozen=True)
class ClientFrame:
    """A frame received from the client, unmasked."""

    fin: bool
    rsv: int
    opcode: int
    masked: bool
    payload: bytes

    @property
    def close_code(self) -> int | None:
        """Status code of a close frame (``None`` if absent or not a close frame)."""
        if self.opcode != OP_CLOSE or len(self.payload) < 2:
            return None
        code: int = struct.unpack("!H", self.payload[:2])[0]
        return code

    @property
    def close_reason(self) -> bytes:
        return self.payload[2:] if self.opcode == OP_CLOSE else b""


class _FrameParser:
    """Incremental parser for client frames. Gives up (``broken``) on absurd lengths."""

    def __init__(self, max_payload: int = MAX_CLIENT_PAYLOAD) -> None:
        self._buf = bytearray()
        self._max = max_payload
        self.broken = False

    def feed(self, data: bytes) -> list[ClientFrame]:
        if self.broken:
            return []
        self._buf += data
        frames: list[ClientFrame] = []
        while (parsed := self._next()) is not None:
            frames.append(parsed)
        return frames

    def _next(self) -> ClientFrame | None:
        buf = self._buf
        if len(buf) < 2:
            return None
        first, second = buf[0], buf[1]
        masked = bool(second & 0x80)
        length = second & 0x7F
        pos = 2
        if length == 126:
            if len(buf) < 4:
                return None
            (length,) = struct.unpack_from("!H", buf, 2)
            pos = 4
        elif length == 127:
            if len(buf) < 10:
                return None
            (length,) = struct.unpack_from("!Q", buf, 2)
            pos = 10
        if length > self._max:
            self.broken = True
            buf.clear()
            return None
        key = b""
        if masked:
            if len(buf) < pos + 4:
                return None
            key = bytes(buf[pos : pos + 4])
            pos += 4
        if len(buf) < pos + length:
            return None
        payload = bytes(buf[pos : pos + length])
        del buf[: pos + length]
        if masked:
            payload = _apply_mask(payload, key)
        return ClientFrame(
            fin=bool(first & 0x80),
            rsv=(first >> 4) & 0b111,
            opcode=first & 0x0F,
            masked=masked,
            payload=payload,
        )


@dataclass(frozen=True)
class _Request:
    request_line: str
    headers: dict[str, str]

    @property
    def key(self) -> str | None:
        return self.headers.get("sec-websocket-key")

    @property
    def offered_subprotocols(self) -> list[str]:
        raw = self.headers.get("sec-websocket-protocol", "")
        return [p.strip() for p in raw.split(",") if p.strip()]


def _parse_request(head: bytes) -> _Request:
    lines = head.decode("latin-1").split("\r\n")
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if not line or ":" not in line:
            continue
        name, _, value = line.partition(":")
        name = name.strip().lower()
        value = value.strip()
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    return _Request(request_line=lines[0], headers=headers)


def _http_response(status: str, headers: Iterable[tuple[str, str]], body: bytes = b"") -> bytes:
    lines = [f"HTTP/1.1 {status}", *(f"{name}: {value}" for name, value in headers)]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def _plain_response(status: str, body: bytes) -> bytes:
    return _http_response(
        status,
        [
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Content-Length", str(len(body))),
            ("Connection", "close"),
        ],
        body,
    )


class _Connection(asyncio.Protocol):
    """One accepted TCP connection; the mode logic runs in a task reading ``reader``."""

    def __init__(self, server: HostileServer) -> None:
        self._server = server
        self.reader = asyncio.StreamReader(limit=MAX_REQUEST_BYTES)
        self.transport: asyncio.Transport | None = None
        self.eof_sent = False
        self.close_sent = False
        #: The server's outgoing stream no longer has frame boundaries (mid-frame forever).
        self.stream_corrupt = False
        self.closed_locally = False
        # Message being reassembled for echo.
        self.msg_opcode = OP_TEXT
        self.msg_parts: list[bytes] = []

    # asyncio.Protocol

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.reader.set_transport(transport)
        self._server._attach(self)

    def data_received(self, data: bytes) -> None:
        self.reader.feed_data(data)

    def eof_received(self) -> bool:
        self.reader.feed_eof()
        return True  # keep our sending side open; the mode decides when to close

    def connection_lost(self, exc: Exception | None) -> None:
        if exc is None:
            self.reader.feed_eof()
        else:
            self.reader.set_exception(exc)
        self._server._detach(self)

    # Helpers used by the server

    def send(self, data: bytes) -> None:
        if self.transport is None or self.eof_sent or self.transport.is_closing():
            return
        self.transport.write(data)

    def hang_up(self) -> None:
        """Half-close: FIN after the buffered data; keep reading until the client hangs up."""
        if self.transport is None or self.eof_sent or self.transport.is_closing():
            return
        self.eof_sent = True
        self.transport.write_eof()

    def close(self) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.closed_locally = True
            self.transport.close()

    def abort(self) -> None:
        if self.transport is not None:
            self.closed_locally = True
            self.transport.abort()

    def reset(self) -> None:
        """Close with SO_LINGER 0 so that the kernel sends RST instead of FIN."""
        if self.transport is None:
            return
        sock = self.transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.abort()


class HostileServer:
    """Misbehaving WebSocket server on 127.0.0.1, one :class:`HostileMode` per instance.

    Attributes:
        received: raw chunks the client sent after its upgrade request.
        frames: client frames parsed from ``received`` (after a 101 only).
        requests: raw upgrade request heads, one per connection.
        handshake_received: set once an upgrade request has been read.
        client_closed_tcp: set when the client closed (FIN or RST) its TCP connection.
        errors: unexpected exceptions raised inside connection handlers (should stay empty).
    """

    def __init__(self, mode: HostileMode | str, *, seed: int = 0x5EED) -> None:
        self.mode = HostileMode(mode)
        self.received: list[bytes] = []
        self.frames: list[ClientFrame] = []
        self.requests: list[bytes] = []
        self.errors: list[BaseException] = []
        self.handshake_received = asyncio.Event()
        self.client_closed_tcp = asyncio.Event()
        self._rng = random.Random(seed)
        self._server: asyncio.Server | None = None
        self._port: int | None = None
        self._stopping = False
        self._connections: set[_Connection] = set()
        self._tasks: set[asyncio.Task[None]] = set()

    # Public API

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("HostileServer is not started")
        return self._port

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/"

    @property
    def received_bytes(self) -> bytes:
        return b"".join(self.received)

    @property
    def client_close_code(self) -> int | None:
        """Code of the first close frame the client sent (``None`` if none or no code)."""
        for f in self.frames:
            if f.opcode == OP_CLOSE:
                return f.close_code
        return None

    @property
    def client_sent_close(self) -> bool:
        return any(f.opcode == OP_CLOSE for f in self.frames)

    async def start(self) -> None:
        if self._server is not None:
            raise RuntimeError("HostileServer already started")
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(
            lambda: _Connection(self), host="127.0.0.1", port=0, family=socket.AF_INET
        )
        self._port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        """Stop listening, abort every connection, cancel every task. Bounded; idempotent."""
        self._stopping = True
        server, self._server = self._server, None
        if server is not None:
            server.close()
        for conn in list(self._connections):
            conn.abort()
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(STOP_TIMEOUT):
                if tasks:
                    await asyncio.gather(*tasks, return_exceptions=True)
                if server is not None:
                    await server.wait_closed()

    async def __aenter__(self) -> HostileServer:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    # Connection bookkeeping

    def _attach(self, conn: _Connection) -> None:
        if self._stopping:
            conn.abort()
            return
        self._connections.add(conn)
        task = asyncio.get_running_loop().create_task(self._serve(conn))
        self._tasks.add(task)
        task.add_done_callback(self._task_done)

    def _detach(self, conn: _Connection) -> None:
        self._connections.discard(conn)

    def _task_done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and (exc := task.exception()) is not None:
            self.errors.append(exc)

    async def _serve(self, conn: _Connection) -> None:
        try:
            await self._handle(conn)
        finally:
            conn.close()

    # Reading

    async def _pump(
        self,
        conn: _Connection,
        *,
        parse: bool,
        answer: bool = False,
        echo: bool = False,
        until: Callable[[ClientFrame], bool] | None = None,
    ) -> bool:
        """Record client bytes until the client hangs up (False) or ``until`` matches (True)."""
        parser = _FrameParser() if parse else None
        while True:
            try:
                chunk = await conn.reader.read(_READ_CHUNK)
            except OSError:  # reset by the client
                chunk = b""
            if not chunk:
                if not conn.closed_locally and not self._stopping:
                    self.client_closed_tcp.set()
                return False
            self.received.append(chunk)
            if parser is None:
                continue
            for f in parser.feed(chunk):
                self.frames.append(f)
                if answer:
                    self._answer(conn, f, echo=echo)
                if until is not None and until(f):
                    return True

    def _answer(self, conn: _Connection, f: ClientFrame, *, echo: bool) -> None:
        if f.opcode == OP_PING:
            if not conn.stream_corrupt:
                conn.send(frame(OP_PONG, f.payload))
        elif f.opcode == OP_CLOSE:
            if not conn.close_sent and not conn.stream_corrupt:
                conn.close_sent = True
                conn.send(frame(OP_CLOSE, f.payload[:2]))
            conn.hang_up()
        elif echo and f.opcode in (OP_TEXT, OP_BINARY, OP_CONT):
            if f.opcode != OP_CONT:
                conn.msg_opcode = f.opcode
                conn.msg_parts = []
            conn.msg_parts.append(f.payload)
            if f.fin:
                conn.send(frame(conn.msg_opcode, b"".join(conn.msg_parts)))
                conn.msg_parts = []

    # Mode logic

    def _response_101(
        self,
        request: _Request,
        *,
        accept: str | None = None,
        upgrade: bool = True,
        extra: Iterable[tuple[str, str]] = (),
    ) -> bytes:
        headers: list[tuple[str, str]] = []
        if upgrade:
            headers.append(("Upgrade", "websocket"))
        headers.append(("Connection", "Upgrade"))
        headers.append(("Sec-WebSocket-Accept", accept or accept_key(request.key or "")))
        headers.extend(extra)
        return _http_response("101 Switching Protocols", headers)

    def _garbage(self) -> bytes:
        # A NUL first byte guarantees this can never look like "HTTP/".
        return b"\x00" + self._rng.randbytes(255)

    async def _handle(self, conn: _Connection) -> None:
        try:
            head = await conn.reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError:
            if not conn.closed_locally and not self._stopping:
                self.client_closed_tcp.set()
            return
        except (asyncio.LimitOverrunError, OSError):
            conn.abort()
            return
        request = _parse_request(head)
        self.requests.append(head)
        self.handshake_received.set()

        mode = self.mode
        if mode is M.NO_ANSWER:
            await self._pump(conn, parse=False)
            return
        if mode is M.GARBAGE:
            conn.send(self._garbage())
            conn.hang_up()
            await self._pump(conn, parse=False)
            return
        if request.key is None:
            conn.send(_plain_response("400 Bad Request", b"missing Sec-WebSocket-Key\n"))
            conn.hang_up()
            await self._pump(conn, parse=False)
            return

        if mode in _HANGUP_RESPONSES:
            conn.send(self._hangup_response(mode, request))
            conn.hang_up()
            await self._pump(conn, parse=False)
            return
        if mode in _BAD_101:
            conn.send(self._bad_101(mode, request))
            # A correct client rejects this and closes the TCP connection itself.
            await self._pump(conn, parse=True)
            return

        conn.send(self._response_101(request))
        if mode is M.NEVER_ANSWERS_CLOSE:
            await self._pump(conn, parse=True)
            return
        if mode is M.RESET:
            # Ping, and wait for the pong: proof that the client has processed the 101.
            conn.send(frame(OP_PING, b"sync"))
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(RESET_SYNC_TIMEOUT):
                    if not await self._pump(conn, parse=True, until=_is_pong):
                        return  # the client hung up first
            conn.reset()
            return
        if mode is M.OK_ECHO:
            await self._pump(conn, parse=True, answer=True, echo=True)
            return

        self._send_fault(conn, mode)
        await self._pump(conn, parse=True, answer=True)

    def _hangup_response(self, mode: HostileMode, request: _Request) -> bytes:
        if mode is M.BAD_STATUS_LINE:
            good = self._response_101(request)
            return b"HTTP/1.1 1O1 Switching Protocols" + good[good.index(b"\r\n") :]
        if mode is M.TRUNCATED_101:
            good = self._response_101(request)
            return good[: len(good) // 2]
        if mode is M.HTTP_200:
            return _plain_response("200 OK", b"Hello, this is not a WebSocket endpoint.\n")
        if mode is M.HTTP_403:
            return _plain_response("403 Forbidden", b"Forbidden\n")
        if mode is M.HTTP_500:
            return _plain_response("500 Internal Server Error", b"Internal Server Error\n")
        raise AssertionError(mode)

    def _bad_101(self, mode: HostileMode, request: _Request) -> bytes:
        if mode is M.WRONG_ACCEPT:
            return self._response_101(request, accept=accept_key((request.key or "") + "x"))
        if mode is M.NO_UPGRADE_HEADER:
            return self._response_101(request, upgrade=False)
        if mode is M.UNOFFERED_SUBPROTOCOL:
            name = "x-hostile-unoffered"
            while name in request.offered_subprotocols:
                name += "-x"
            return self._response_101(request, extra=[("Sec-WebSocket-Protocol", name)])
        if mode is M.UNOFFERED_EXTENSION:
            return self._response_101(request, extra=[("Sec-WebSocket-Extensions", "x-bogus")])
        raise AssertionError(mode)

    def _send_fault(self, conn: _Connection, mode: HostileMode) -> None:
        if mode is M.RESERVED_BITS:
            conn.send(frame(OP_TEXT, b"rsv1 without extension", rsv=RSV1))
        elif mode is M.UNKNOWN_OPCODE:
            conn.send(frame(0x3, b"reserved opcode"))
        elif mode is M.FRAGMENTED_CONTROL:
            conn.send(frame(OP_PING, b"fragmented ping", fin=False))
        elif mode is M.MASKED_SERVER_FRAME:
            conn.send(frame(OP_TEXT, b"masked by the server", mask=True))
        elif mode is M.ORPHAN_CONTINUATION:
            conn.send(frame(OP_CONT, b"continues nothing"))
        elif mode is M.INVALID_UTF8_TEXT:
            conn.send(frame(OP_TEXT, b"\xff\xfe"))
        elif mode is M.INVALID_UTF8_CLOSE_REASON:
            conn.close_sent = True
            conn.send(frame(OP_CLOSE, struct.pack("!H", 1000) + b"\xff\xfe"))
        elif mode is M.INVALID_CLOSE_CODE:
            conn.close_sent = True
            conn.send(frame(OP_CLOSE, struct.pack("!H", 1005)))
        elif mode is M.OVERSIZED_LENGTH:
            conn.stream_corrupt = True
            conn.send(frame(OP_BINARY, length_override=OVERSIZED_LENGTH))
        elif mode is M.BIG_MESSAGE:
            conn.send(frame(OP_BINARY, bytes(BIG_MESSAGE_SIZE)))
        elif mode is M.CLOSE_MID_FRAME:
            whole = frame(OP_BINARY, bytes(range(100)))
            conn.stream_corrupt = True
            conn.send(whole[: len(whole) // 2])
            conn.hang_up()
        else:
            raise AssertionError(mode)


def _is_pong(f: ClientFrame) -> bool:
    return f.opcode == OP_PONG


_HANGUP_RESPONSES: Final = frozenset(
    {M.BAD_STATUS_LINE, M.TRUNCATED_101, M.HTTP_200, M.HTTP_403, M.HTTP_500}
)
_BAD_101: Final = frozenset(
    {M.WRONG_ACCEPT, M.NO_UPGRADE_HEADER, M.UNOFFERED_SUBPROTOCOL, M.UNOFFERED_EXTENSION}
)


@asynccontextmanager
async def hostile_server(mode: HostileMode | str) -> AsyncIterator[HostileServer]:
    """``async with hostile_server(mode) as srv:`` a started server, stopped on exit."""
    server = HostileServer(mode)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


HostileFactory = Callable[[HostileMode | str], AbstractAsyncContextManager[HostileServer]]


@pytest.fixture
def hostile() -> HostileFactory:
    """Fixture giving :func:`hostile_server`: ``async with hostile(mode) as srv: ...``.

    Make it available to a test module with ``from tests.servers.hostile import hostile``
    (or re-export it from a conftest).
    """
    return hostile_server
