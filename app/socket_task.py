"""``SocketTask``: one WebSocket connection, with the tt.connectSocket surface.

The rules (what is allowed, errMsg texts) live in :mod:`app.rules`; this module
does the I/O on :mod:`websockets` and turns what happens into callbacks and
events. Public methods are synchronous and never raise for bad arguments: every
refusal is a ``fail`` callback with an ``errMsg``.

``websockets`` is imported on the first connection, not with this module.
Events are built only while someone subscribes to :attr:`Runtime.events`.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import socket
import time
import traceback
import types
from collections import deque
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Final

from app import rules
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
    Profile,
    ReadyState,
    StateChanged,
    incoming_frame,
    message_fired,
)

if TYPE_CHECKING:
    from websockets.asyncio.client import ClientConnection as _ConnectionBase
    from websockets.exceptions import ConnectionClosed
    from websockets.protocol import Event as _ProtocolEvent

    from app.explain import Failure
    from app.runtime import Runtime
else:
    _ConnectionBase = object

__all__ = ["ReadyState", "SocketTask", "preload"]

logger = logging.getLogger(__name__)

Callback = Callable[[dict[str, Any]], object]
_LISTENERS: Final = ("onOpen", "onMessage", "onError", "onClose")
USER_AGENT: Final = "ttsocket-demo"
#: Seconds of message handling after which the task stops handing out messages and lets
#: the event loop run (the rest follow, in order, on the next turn of the loop).
READ_SLICE_S: Final = 0.002
#: Bounds of how many bytes one socket read takes (asyncio's default is the upper one).
#: Parsing a full read of tiny frames (256 KiB is ~3,000 frames of 80 B) holds the loop
#: for over 20 ms, so reads shrink while parsing one takes longer than ``READ_SLICE_S``
#: and grow back when it is quick.
READ_CHUNK_MIN: Final = 16 * 1024
READ_CHUNK_MAX: Final = 256 * 1024
READ_CHUNK_START: Final = 64 * 1024
#: Messages waiting for the next slice above which the socket stops being read until
#: only ``INBOX_LOW`` wait (websockets' own reader uses the same marks): a flood never
#: piles up unread in memory, and a few messages left for the next turn do not stall
#: the peer.
INBOX_HIGH: Final = 16
INBOX_LOW: Final = 4

_IN: Final = Direction.IN
_OUT: Final = Direction.OUT
_TEXT: Final = Opcode.TEXT
_BINARY: Final = Opcode.BINARY
_OK_CALLBACKS: Final = ("success", "complete")
_FAIL_CALLBACKS: Final = ("fail", "complete")

# Names from websockets, set by _load_websockets() on the first connection.
_CONNECTION_CLASS: type[_TimedConnection] | None = None
_WS_OPEN: Any = None  # websockets.protocol.State.OPEN
_OP_TEXT: Any = None
_OP_BINARY: Any = None
_OP_CONT: Any = None
_MAX_FRAGMENTS: int = 4096

# What the connection queues for the task (``_TimedConnection.inbox``): a complete text
# message (its UTF-8 bytes, decoded when handed out, as websockets does), a binary one,
# or a failure websockets' reader would raise at that point of the stream.
_MSG_TEXT: Final = 0
_MSG_BINARY: Final = 1
_MSG_TOO_MANY_FRAGMENTS: Final = 2


class _TimedConnection(_ConnectionBase):
    """The client connection: websockets' ``ClientConnection`` plus what the task needs.

    (Built as a subclass of ``ClientConnection`` by :func:`_load_websockets`, so that
    importing this module does not import websockets.)

    - It records when the transport is ready (after TLS), to split TLS from the HTTP
      handshake.
    - It hands complete messages to the task straight from ``data_received``: no
      per-message queue hand-off to a reader task. Fragments are reassembled, text is
      decoded when handed out (invalid UTF-8 fails the connection with 1007, a message
      in more than websockets' fragment limit with 1009, as its reader does); pings,
      pongs, close frames and size limits stay websockets' own.
    - It enforces ``close_timeout`` when the closing handshake starts from incoming
      data: websockets sets the deadline then but only acts on it inside ``close()``
      or ``send()``. Without this, a server that sends its close frame (or a frame
      that makes the client fail the connection) and then keeps TCP open would leave
      the task waiting forever.
    """

    made_at: float = 0.0
    #: Called once when the server's close frame arrives (readyState becomes CLOSING).
    on_closing: Callable[[], None] | None = None
    #: Called after ``data_received`` queued messages, with the time the read began
    #: (``time.perf_counter``); set while the task reads.
    on_messages: Callable[[float], None] | None = None
    _close_timer: asyncio.TimerHandle | None = None
    #: Messages not handed to the task yet, in order: (``_MSG_*`` kind, payload).
    inbox: deque[tuple[int, Any]]
    #: Parts of a fragmented message being received, and whether it is text.
    _parts: list[bytes] | None = None
    _parts_text: bool = False
    #: A failure is queued or done: later data frames are never handed out.
    _stopped: bool = False
    #: The transport's read size was set to ``READ_CHUNK_START``.
    _read_sized: bool = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.made_at = time.perf_counter()
        self.inbox = deque()
        super().connection_made(transport)

    def process_event(self, event: _ProtocolEvent) -> None:
        if self.response is None:  # the handshake response
            super().process_event(event)
            return
        opcode = event.opcode  # type: ignore[union-attr]
        if opcode is _OP_TEXT or opcode is _OP_BINARY:
            if self._stopped:
                return
            data = event.data  # type: ignore[union-attr]
            if type(data) is not bytes:
                data = bytes(data)
            if event.fin:  # type: ignore[union-attr]
                self.inbox.append((_MSG_TEXT if opcode is _OP_TEXT else _MSG_BINARY, data))
            else:
                self._parts = [data]
                self._parts_text = opcode is _OP_TEXT
        elif opcode is _OP_CONT:
            parts = self._parts
            if self._stopped or parts is None:
                return  # (the protocol refuses a continuation that continues nothing)
            if len(parts) >= _MAX_FRAGMENTS:
                self._parts = None
                self._stopped = True
                self.inbox.append((_MSG_TOO_MANY_FRAGMENTS, None))
                return
            data = event.data  # type: ignore[union-attr]
            parts.append(data if type(data) is bytes else bytes(data))
            if event.fin:  # type: ignore[union-attr]
                self._parts = None
                kind = _MSG_TEXT if self._parts_text else _MSG_BINARY
                self.inbox.append((kind, b"".join(parts)))
        else:  # control frames: websockets acknowledges pongs
            super().process_event(event)

    def data_received(self, data: bytes) -> None:
        began = time.perf_counter()
        super().data_received(data)  # parses, answers pings and close frames, queues
        took = time.perf_counter() - began
        transport = self.transport
        size = getattr(transport, "max_size", None)
        if isinstance(size, int):  # a plain socket transport (TLS reads go through SSL)
            if size > READ_CHUNK_START and not self._read_sized:
                # The first read is asyncio's largest; the next ones start smaller (a
                # flood's first reads each held the loop ~10 ms) and grow while quick.
                self._read_sized = True
                transport.max_size = size = READ_CHUNK_START  # type: ignore[attr-defined]
            if took > READ_SLICE_S and size > READ_CHUNK_MIN:
                transport.max_size = max(size // 2, READ_CHUNK_MIN)  # type: ignore[attr-defined]
            elif took < READ_SLICE_S / 4 and size < READ_CHUNK_MAX and len(data) >= size:
                transport.max_size = min(size * 2, READ_CHUNK_MAX)  # type: ignore[attr-defined]
        if self.on_closing is not None and self.protocol.close_rcvd is not None:
            notify, self.on_closing = self.on_closing, None
            notify()
        if self._close_timer is None and self.close_deadline is not None:
            self._arm_close_timer()
        if self.inbox and self.on_messages is not None:
            self.on_messages(began)

    def fail_incoming(self, exc: Exception, code: int, reason: str) -> None:
        """Fail the connection for a message that cannot be handed out, as websockets'
        ``recv()`` does: the close frame goes out, later messages are dropped, and the
        transport is closed if the server does not finish the closing handshake in time.
        """
        self._stopped = True
        self._parts = None
        self.inbox.clear()
        self.set_connection_exc(exc)
        protocol = self.protocol
        if protocol.state is _WS_OPEN:
            protocol.fail(code, reason)
            try:
                self.send_data()
            except Exception as error:
                self.set_connection_exc(error)
                self.transport.abort()
        if self.close_deadline is None and self.close_timeout is not None:
            self.close_deadline = self.loop.time() + self.close_timeout
        self._arm_close_timer()

    def _arm_close_timer(self) -> None:
        if self._close_timer is None and self.close_deadline is not None:
            self._close_timer = self.loop.call_at(self.close_deadline, self._close_deadline_passed)

    def _close_deadline_passed(self) -> None:
        if not self.connection_lost_waiter.done():
            self.set_connection_exc(TimeoutError("timed out while closing connection"))
            self.transport.abort()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._close_timer is not None:
            self._close_timer.cancel()
        super().connection_lost(exc)


def preload() -> None:
    """Import what the first connection needs (websockets, the failure explanations).

    Importing this module does not: call this when the app is idle (after the window's
    first paint, say) so the first connect does not pay for the imports.
    """
    _load_websockets()  # websockets' client
    from websockets.uri import parse_uri  # noqa: F401 - for rules.check_connect

    from app.explain import classify  # noqa: F401 - for failures

    "localhost".encode("idna")  # the codec host names are encoded with (and its tables)


def _load_websockets() -> type[_TimedConnection]:
    """Import websockets (on the first connection) and build the connection class."""
    global _CONNECTION_CLASS, _WS_OPEN, _OP_TEXT, _OP_BINARY, _OP_CONT, _MAX_FRAGMENTS
    if _CONNECTION_CLASS is None:
        from websockets.asyncio.client import ClientConnection
        from websockets.asyncio.messages import MAX_FRAGMENTS
        from websockets.frames import Opcode as WsOpcode
        from websockets.protocol import State

        _WS_OPEN = State.OPEN
        _OP_TEXT, _OP_BINARY, _OP_CONT = WsOpcode.TEXT, WsOpcode.BINARY, WsOpcode.CONT
        _MAX_FRAGMENTS = MAX_FRAGMENTS
        _CONNECTION_CLASS = type(
            "_TimedConnection",
            (_TimedConnection, ClientConnection),
            {"__module__": __name__, "__doc__": _TimedConnection.__doc__},
        )
    return _CONNECTION_CLASS


class _CloseRequest:
    __slots__ = ("code", "reason")

    def __init__(self, code: int, reason: str) -> None:
        self.code = code
        self.reason = reason


_SendItem = tuple[str | bytes, Mapping[str, Any]]


def _where(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


class SocketTask:
    """The object ``tt.connectSocket`` returns. Create it with :meth:`Runtime.connect_socket`."""

    def __init__(
        self,
        runtime: Runtime,
        task_id: int | None,
        request: rules.ConnectRequest | None,
    ) -> None:
        self._rt = runtime
        self._id = task_id
        self._request = request
        self._state: ReadyState | None = None
        self._listeners: dict[str, list[Callback]] = {name: [] for name in _LISTENERS}
        self._conn: _TimedConnection | None = None
        self._runner: asyncio.Task[None] | None = None
        self._queue: asyncio.Queue[_SendItem | _CloseRequest] = asyncio.Queue()
        self._close_requested: _CloseRequest | None = None
        self._closed = asyncio.Event()
        # True while the writer task handles a queued item (sends must queue behind it).
        self._writing = False
        # Sends written directly by send(): their FrameEvent and success/complete are
        # reported together by one loop callback (one loop hop per batch, not per message).
        self._sent: list[_SendItem] = []
        self._sent_handle: asyncio.Handle | None = None
        # True while onMessage listeners run: the task reports their sends when they return.
        self._in_listener = False
        # While open: set once the connection is lost and every message was handed out.
        self._read_done: asyncio.Future[None] | None = None
        # The next slice of message handling, when a slice ended with messages left over.
        self._pump_handle: asyncio.Handle | None = None
        # True while the task paused the transport's reading (messages are waiting).
        self._reading_paused = False

    # -- public surface ---------------------------------------------------------------

    @property
    def socket_task_id(self) -> int | None:
        return self._id

    @property
    def ready_state(self) -> ReadyState | None:
        return self._state

    @property
    def url(self) -> str | None:
        return self._request.url if self._request else None

    @property
    def protocol(self) -> str | None:
        """The subprotocol the server selected, once open."""
        return self._conn.subprotocol if self._conn is not None else None

    async def wait_closed(self) -> None:
        """Wait until the task is CLOSED (immediately for a refused task)."""
        if self._request is None:
            return
        await self._closed.wait()

    def on_open(self, fn: Callback) -> None:
        self._add_listener("onOpen", fn)

    def on_message(self, fn: Callback) -> None:
        self._add_listener("onMessage", fn)

    def on_error(self, fn: Callback) -> None:
        self._add_listener("onError", fn)

    def on_close(self, fn: Callback) -> None:
        self._add_listener("onClose", fn)

    def send(self, options: Mapping[str, Any]) -> None:
        """``send({data, success, fail, complete})``: a text frame for str, binary for bytes."""
        opts: Mapping[str, Any] = options if isinstance(options, Mapping) else {}
        bus = self._rt.events
        if bus._subscribers:
            bus.publish(ApiCalled(task_id=self._id, api="send", args=_summarize_send(options)))
        checked = rules.check_send(options)
        if isinstance(checked, rules.Refusal):
            self._respond("send", opts, f"sendSocketMessage:fail {checked.reason}", ok=False)
            return
        if self._state is not ReadyState.OPEN:
            self._respond("send", opts, f"sendSocketMessage:fail {rules.NOT_CONNECTED}", ok=False)
            return
        if not self._send_now(checked, opts):
            self._queue.put_nowait((checked, opts))

    def close(self, options: Mapping[str, Any] | None = None) -> None:
        """``close({code, reason, success, fail, complete})``; the argument is optional."""
        opts: Mapping[str, Any] = options if isinstance(options, Mapping) else {}
        self._publish(ApiCalled(task_id=self._id, api="close", args=_summarize_plain(options)))
        checked = rules.check_close(options)
        if isinstance(checked, rules.Refusal):
            self._respond("close", opts, f"closeSocket:fail {checked.reason}", ok=False)
            return
        if self._state is not ReadyState.OPEN:
            self._respond("close", opts, f"closeSocket:fail {rules.NOT_CONNECTED}", ok=False)
            return
        code, reason = checked
        self._request_close(code, reason)
        self._respond("close", opts, rules.CLOSE_OK, ok=True)

    def __repr__(self) -> str:
        state = self._state.name if self._state is not None else "None"
        return f"<SocketTask id={self._id} {state} {self.url!r}>"

    # -- plumbing used by Runtime -------------------------------------------------------

    def _start(self, options: Mapping[str, Any]) -> None:
        """Schedule success/complete and the connection. Called by Runtime for valid requests."""
        assert self._request is not None
        self._set_state(ReadyState.CONNECTING)
        for name in self._request.dropped_headers:
            self._publish(
                Notice(
                    task_id=self._id,
                    level="warn",
                    message=f"header {name!r} is not supported and was not sent",
                )
            )
        payload = {"errMsg": rules.CONNECT_OK, "socketTaskId": self._id}
        self._rt._loop().call_soon(self._fire_api, "connectSocket", options, payload, True)
        self._runner = self._rt._own(self._run(), f"socket-task-{self._id}")

    def _refuse(self, options: Mapping[str, Any], reason: str) -> None:
        payload = {"errMsg": f"connectSocket:fail {reason}"}
        self._rt._loop().call_soon(self._fire_api, "connectSocket", options, payload, False)

    def _shutdown(self) -> None:
        """Runtime is closing: close an open socket, cancel a connecting one."""
        if self._state is ReadyState.OPEN:
            self._request_close(1001, "going away")
        elif self._state is ReadyState.CONNECTING and self._runner is not None:
            self._runner.cancel()

    def _abort(self) -> None:
        if self._conn is not None and self._conn.transport is not None:
            self._conn.transport.abort()
        if self._runner is not None:
            self._runner.cancel()

    # -- internals ------------------------------------------------------------------------

    def _publish(self, event: Any) -> None:
        self._rt.events.publish(event)

    def _set_state(self, new: ReadyState) -> None:
        old = self._state
        if old is new:
            return
        self._state = new
        self._publish(StateChanged(task_id=self._id, old=old, new=new))
        if new is ReadyState.CLOSED:
            self._closed.set()
            self._rt._forget(self)

    def _add_listener(self, name: str, fn: Callback) -> None:
        if not callable(fn):
            self._publish(
                Notice(
                    task_id=self._id,
                    level="error",
                    message=f"{name} expects a function, got {type(fn).__name__}: ignored",
                )
            )
            return
        self._listeners[name].append(fn)

    def _emit(self, name: str, payload: dict[str, Any]) -> None:
        self._publish(ListenerFired(task_id=self._id, listener=name, payload=payload))
        for fn in tuple(self._listeners[name]):
            self._invoke(name, fn, dict(payload))

    def _emit_message(self, data: str | bytes, frame: FrameEvent | None) -> None:
        """``onMessage`` with ``{"data": data}``; every listener gets a dict of its own.
        ``frame``: the frame that carried the message, if it was just published (the
        listener fires at that moment, and its event shares the frame's time and data);
        ``None`` when nobody subscribes to the events."""
        listeners = self._listeners["onMessage"]
        if frame is not None:
            self._rt.events.publish(message_fired(frame))
        if len(listeners) == 1:
            self._invoke("onMessage", listeners[0], {"data": data})
        else:
            for fn in tuple(listeners):
                self._invoke("onMessage", fn, {"data": data})

    def _invoke(
        self, where: str, fn: Callable[[dict[str, Any]], object], payload: dict[str, Any]
    ) -> None:
        try:
            result = fn(payload)
        except Exception as exc:
            self._report_raised(where, exc)
            return
        if result is not None and inspect.isawaitable(result):
            self._rt._own(self._await_user(where, result), f"callback-{where}")

    async def _await_user(self, where: str, awaitable: Any) -> None:
        try:
            await awaitable
        except Exception as exc:
            self._report_raised(where, exc)

    def _report_raised(self, where: str, exc: Exception) -> None:
        logger.warning("socket task %s: %s callback raised %r", self._id, where, exc, exc_info=exc)
        self._publish(
            CallbackRaised(
                task_id=self._id,
                where=where,
                error=f"{type(exc).__name__}: {exc}",
                traceback="".join(traceback.format_exception(exc)),
            )
        )

    def _fire_api(
        self, api: str, options: Mapping[str, Any], payload: dict[str, Any], ok: bool
    ) -> None:
        bus = self._rt.events
        for name in _OK_CALLBACKS if ok else _FAIL_CALLBACKS:
            if bus._subscribers:
                bus.publish(
                    CallbackFired(task_id=self._id, api=api, callback=name, payload=payload)
                )
            fn = options.get(name)
            if fn is not None and callable(fn):
                self._invoke(f"{api}.{name}", fn, dict(payload))

    def _respond(self, api: str, options: Mapping[str, Any], err_msg: str, *, ok: bool) -> None:
        self._rt._loop().call_soon(self._fire_api, api, options, {"errMsg": err_msg}, ok)

    def _peer_closing(self) -> None:
        """The server's close frame arrived: CLOSING until the TCP connection ends."""
        if self._state is ReadyState.OPEN:
            self._set_state(ReadyState.CLOSING)

    def _request_close(self, code: int, reason: str) -> None:
        if self._close_requested is not None:
            return
        self._close_requested = _CloseRequest(code, reason)
        self._set_state(ReadyState.CLOSING)
        self._queue.put_nowait(self._close_requested)

    async def _run(self) -> None:
        request = self._request
        assert request is not None
        connection_class = _load_websockets()
        from websockets.asyncio.client import connect

        from app.explain import Failure, FailureKind, classify

        where = _where(request.host, request.port)
        loop = asyncio.get_running_loop()
        start = time.perf_counter()
        sock: socket.socket | None = None
        attempts: list[_TimedConnection] = []

        def make_connection(*args: Any, **kwargs: Any) -> _TimedConnection:
            attempts.append(connection_class(*args, **kwargs))
            attempts[-1].on_closing = self._peer_closing
            return attempts[-1]

        try:
            async with asyncio.timeout(request.timeout_ms / 1000):
                infos = await loop.getaddrinfo(request.host, request.port, type=socket.SOCK_STREAM)
                dns_done = time.perf_counter()
                sock = await _open_tcp(loop, infos)
                tcp_done = time.perf_counter()
                conn: _TimedConnection = await connect(  # type: ignore[assignment]
                    request.url,
                    sock=sock,
                    ssl=self._rt._ssl_context(request.host, request.port)
                    if request.secure
                    else None,
                    additional_headers=list(request.headers),
                    subprotocols=list(request.protocols) or None,  # type: ignore[arg-type]
                    compression="deflate" if request.deflate else None,
                    open_timeout=None,
                    max_size=self._rt.max_message_size,
                    close_timeout=self._rt.close_timeout,
                    ping_interval=self._rt.ping_interval,
                    ping_timeout=self._rt.ping_interval,
                    user_agent_header=USER_AGENT,
                    create_connection=make_connection,  # type: ignore[arg-type]
                )
        except asyncio.CancelledError:
            _close_sock(sock)
            self._finish(1006, "connection cancelled", None)
            raise
        except BaseException as exc:
            _close_sock(sock)
            if not isinstance(exc, Exception):
                raise
            response = attempts[-1].response if attempts else None
            failure = classify(
                exc,
                where=where,
                timeout_ms=request.timeout_ms,
                offered_protocols=request.protocols,
                offered_extensions=("permessage-deflate",) if request.deflate else (),
                response_headers=dict(response.headers.raw_items()) if response else None,
                during_tls=request.secure and bool(attempts) and not attempts[-1].made_at,
            )
            self._finish_failed(failure)
            return

        self._conn = conn
        opened = time.perf_counter()
        made = conn.made_at or tcp_done
        profile = Profile(
            dns_ms=(dns_done - start) * 1000,
            tcp_ms=(tcp_done - dns_done) * 1000,
            tls_ms=(made - tcp_done) * 1000 if request.secure else 0.0,
            handshake_ms=(opened - made) * 1000,
            total_ms=(opened - start) * 1000,
        )
        response = conn.response
        assert response is not None
        response_headers = {k: v for k, v in response.headers.raw_items()}
        request_headers = (
            {k: v for k, v in conn.request.headers.raw_items()} if conn.request is not None else {}
        )
        self._publish(
            HandshakeDone(
                task_id=self._id,
                url=request.url,
                status=response.status_code,
                request_headers=request_headers,
                response_headers=response_headers,
                subprotocol=conn.subprotocol,
                profile=profile,
            )
        )
        if request.protocols and conn.subprotocol is None:
            conn.transport.abort()
            await _bounded(conn.wait_closed(), 1.0)
            wanted = ", ".join(request.protocols)
            self._finish_failed(
                Failure(
                    FailureKind.SUBPROTOCOL,
                    f"subprotocol negotiation failed: the server selected none of [{wanted}]",
                )
            )
            return

        self._set_state(ReadyState.OPEN)
        self._emit(
            "onOpen",
            {
                "header": response_headers,
                "profile": profile.as_dict(),
                "protocol": conn.subprotocol or "",
            },
        )
        if conn.protocol.close_rcvd is not None:
            self._peer_closing()  # the close frame came in the same packet as the 101
        writer = asyncio.ensure_future(self._write_loop(conn))
        try:
            await self._read_loop(conn)
        except asyncio.CancelledError:
            writer.cancel()
            conn.transport.abort()
            await asyncio.gather(writer, return_exceptions=True)
            self._finish(1006, "connection cancelled", None)
            raise
        finally:
            if not writer.done():
                writer.cancel()
            await asyncio.gather(writer, return_exceptions=True)
        self._after_close(conn, where)

    async def _read_loop(self, conn: _TimedConnection) -> None:
        """Hand out messages as the connection queues them; return once the connection
        is closed and every message received before that was handed out."""
        done = self._rt._loop().create_future()
        self._read_done = done
        lost = conn.connection_lost_waiter
        lost.add_done_callback(self._connection_lost)
        conn.on_messages = self._pump
        try:
            self._pump()  # what arrived with the handshake
            await done
        finally:
            conn.on_messages = None
            lost.remove_done_callback(self._connection_lost)
            if self._pump_handle is not None:
                self._pump_handle.cancel()
                self._pump_handle = None

    def _connection_lost(self, _lost: asyncio.Future[None]) -> None:
        if self._pump_handle is None:
            self._pump()

    def _pump(self, began: float | None = None) -> None:
        """Hand queued messages to onMessage, for at most ``READ_SLICE_S`` per loop callback.

        After a read that queued many messages (a flood), the slice counts from ``began``,
        when that read started: parsing a large read leaves less time for handing out its
        messages. A few messages get a slice of their own.

        Messages left over wait, in order, for the next turn of the loop (the transport
        stops reading while more than ``INBOX_HIGH`` wait): a flood never holds the loop,
        and the window, for long.
        """
        if self._pump_handle is not None:
            self._pump_handle.cancel()  # (no-op when this is that handle running)
            self._pump_handle = None
        conn = self._conn
        done = self._read_done
        if conn is None or done is None or done.done():
            return
        inbox = conn.inbox
        if inbox:
            if self._sent:
                self._flush_sent()  # written before this data was read: reported first
            bus = self._rt.events
            clock = time.perf_counter
            if began is not None and len(inbox) <= INBOX_HIGH:
                began = None
            deadline = (clock() if began is None else began) + READ_SLICE_S
            # The slice's events go out together when it ends (in order, as published).
            held = bus.hold()
            try:
                self._hand_out(conn, held, began, deadline)
            finally:
                bus.release()
            if inbox:  # (empty once a failure was handled)
                self._pump_handle = self._rt._loop().call_soon(self._pump)
                if len(inbox) > INBOX_HIGH:
                    if not self._reading_paused:
                        self._reading_paused = True
                        conn.transport.pause_reading()
                elif self._reading_paused and len(inbox) <= INBOX_LOW:
                    self._reading_paused = False
                    conn.transport.resume_reading()
                return
        if self._reading_paused:
            self._reading_paused = False
            conn.transport.resume_reading()
        if conn.connection_lost_waiter.done() and not done.done():
            done.set_result(None)

    def _hand_out(
        self, conn: _TimedConnection, held: list[Event], began: float | None, deadline: float
    ) -> None:
        """:meth:`_pump`'s slice: hand queued messages to onMessage until ``deadline``,
        each with its frame's event if anyone subscribes (appended to ``held``, the list
        the held bus publishes to)."""
        inbox = conn.inbox
        task_id = self._id
        bus = self._rt.events
        clock = time.perf_counter
        while inbox:
            if began is not None and clock() >= deadline:
                break  # the read took the slice: the messages follow on the next turn
            began = None
            kind, raw = inbox.popleft()
            if kind == _MSG_TEXT:
                try:
                    data: str | bytes = raw.decode()
                except UnicodeDecodeError as exc:
                    conn.fail_incoming(exc, 1007, f"{exc.reason} at position {exc.start}")
                    break
                opcode = _TEXT
            elif kind == _MSG_BINARY:
                data = raw
                opcode = _BINARY
            else:
                from websockets.exceptions import TooManyFragments

                conn.fail_incoming(TooManyFragments(_MAX_FRAGMENTS), 1009, "too many fragments")
                break
            frame = None
            if bus._subscribers:
                frame = incoming_frame(task_id, opcode, len(raw), data)
                held.append(frame)
            self._in_listener = True
            try:
                self._emit_message(data, frame)
            finally:
                self._in_listener = False
            if self._sent:
                # Sends made by the listeners: report them now that the
                # listeners returned (no loop hop per echoed message).
                self._flush_sent()
            if inbox and clock() >= deadline:
                break

    async def _write_loop(self, conn: _TimedConnection) -> None:
        from websockets.exceptions import ConnectionClosed

        while True:
            self._writing = False
            item = await self._queue.get()
            self._writing = True
            # Messages written directly before this one are reported first.
            self._flush_sent()
            if isinstance(item, _CloseRequest):
                self._publish_close_frame(Direction.OUT, item.code, item.reason)
                try:
                    await conn.close(item.code, item.reason)
                except Exception:  # pragma: no cover - close never raises in practice
                    logger.exception("close failed")
                self._drain_queue()
                return
            data, opts = item
            try:
                await conn.send(data)
            except ConnectionClosed:
                self._respond(
                    "send", opts, f"sendSocketMessage:fail {rules.NOT_CONNECTED}", ok=False
                )
                self._drain_queue()
                return
            except Exception as exc:
                self._respond("send", opts, f"sendSocketMessage:fail {exc}", ok=False)
                continue
            # This task runs after send() returned, so success / complete stay asynchronous
            # to the caller without another loop hop (each one is a Qt timer under qasync).
            self._report_frame_out(data, opts)

    def _send_now(self, data: str | bytes, opts: Mapping[str, Any]) -> bool:
        """Write ``data`` at once when nothing is queued and the connection takes it
        without waiting (what ``conn.send`` does then, minus a task wake-up per message).
        Returns False when the message must go through the writer task."""
        conn = self._conn
        if (
            conn is None
            or self._writing
            or self._queue.qsize()
            or conn.paused
            or conn.send_in_progress is not None
            or conn.protocol.state is not _WS_OPEN
            or conn.transport.is_closing()
        ):
            return False
        try:
            if isinstance(data, str):
                conn.protocol.send_text(data.encode())
            else:
                conn.protocol.send_binary(data)
            conn.send_data()
        except Exception as exc:
            # Not expected (the checks above are what conn.send checks); let the
            # connection report it the way the writer task would.
            logger.warning("socket task %s: direct send failed: %r", self._id, exc)
            conn.transport.abort()
            self._respond("send", opts, f"sendSocketMessage:fail {exc}", ok=False)
            return True
        if (
            self._rt.events._subscribers
            or opts.get("success") is not None
            or opts.get("complete") is not None
        ):  # else there is nothing to report
            self._sent.append((data, opts))
            if self._sent_handle is None and not self._in_listener:
                self._sent_handle = self._rt._loop().call_soon(self._report_sent)
        return True

    def _report_sent(self) -> None:
        """FrameEvent, then success / complete, for each message :meth:`_send_now` wrote."""
        self._sent_handle = None
        sent, self._sent = self._sent, []
        for data, opts in sent:
            self._report_frame_out(data, opts)

    def _report_frame_out(self, data: str | bytes, opts: Mapping[str, Any]) -> None:
        """A message was written: its FrameEvent, then send's success / complete."""
        bus = self._rt.events
        if bus._subscribers:
            if isinstance(data, str):
                size = len(data) if data.isascii() else len(data.encode("utf-8"))
                opcode = _TEXT
            else:
                size = len(data)
                opcode = _BINARY
            bus.publish(
                FrameEvent(task_id=self._id, direction=_OUT, opcode=opcode, size=size, data=data)
            )
        self._fire_api("send", opts, {"errMsg": rules.SEND_OK}, True)

    def _flush_sent(self) -> None:
        if self._sent:
            if self._sent_handle is not None:
                self._sent_handle.cancel()
            self._report_sent()

    def _drain_queue(self) -> None:
        while not self._queue.empty():
            item = self._queue.get_nowait()
            if not isinstance(item, _CloseRequest):
                self._respond(
                    "send", item[1], f"sendSocketMessage:fail {rules.NOT_CONNECTED}", ok=False
                )

    def _publish_close_frame(self, direction: Direction, code: int, reason: str) -> None:
        from websockets.frames import Close

        payload = Close(code, reason).serialize() if code != 1005 else b""
        self._publish(
            FrameEvent(
                task_id=self._id,
                direction=direction,
                opcode=Opcode.CLOSE,
                size=len(payload),
                data=payload,
                close_code=code,
                close_reason=reason,
            )
        )

    def _after_close(self, conn: _TimedConnection, where: str) -> None:
        """The read loop ended: report the close the way a browser would."""
        from app.explain import Failure, FailureKind, closed_failure

        proto = conn.protocol
        rcvd, sent = proto.close_rcvd, proto.close_sent
        we_initiated = self._close_requested is not None
        if sent is not None and not we_initiated:
            # The library answered the server's close frame, or failed the connection.
            if rcvd is not None and proto.close_rcvd_then_sent:
                self._publish_close_frame(Direction.IN, rcvd.code, rcvd.reason)
                self._publish_close_frame(Direction.OUT, sent.code, sent.reason)
            else:
                self._publish_close_frame(Direction.OUT, sent.code, sent.reason)
                if rcvd is not None:
                    self._publish_close_frame(Direction.IN, rcvd.code, rcvd.reason)
        elif rcvd is not None:
            self._publish_close_frame(Direction.IN, rcvd.code, rcvd.reason)

        if self._state is ReadyState.OPEN:
            self._set_state(ReadyState.CLOSING)

        if rcvd is not None:
            self._finish(rcvd.code, rcvd.reason, None)
            return
        exc = _closed_exception(conn)
        if exc is None:  # pragma: no cover - the read loop ends only once the state is CLOSED
            failure = Failure(
                FailureKind.DROPPED, f"the connection to {where} dropped without a close frame"
            )
        else:
            failure = closed_failure(
                exc,
                where=where,
                we_closed=we_initiated,
                close_timeout=self._rt.close_timeout,
                parser_exc=proto.parser_exc,
            )
        if sent is not None and sent.code in (1002, 1007, 1009, 1011):
            failure = Failure(failure.kind, failure.err_msg, sent.code)
        self._finish_failed(failure)

    def _finish_failed(self, failure: Failure) -> None:
        if self._state is ReadyState.CLOSED:
            return
        self._emit("onError", {"errMsg": failure.err_msg, "explanation": failure.explanation})
        self._finish(failure.close_code, failure.explanation, failure)

    def _finish(self, code: int, reason: str, failure: Failure | None) -> None:
        if self._state is ReadyState.CLOSED:
            return
        self._flush_sent()
        self._set_state(ReadyState.CLOSED)
        self._emit("onClose", {"code": code, "reason": reason})


def _closed_exception(conn: _TimedConnection) -> ConnectionClosed | None:
    """The connection's ConnectionClosed, chained to what ended it (timeout, reset, parse error)."""
    try:
        exc = conn.close_exc
    except Exception:
        return None
    return exc


async def _bounded(aw: Any, seconds: float) -> None:
    try:
        async with asyncio.timeout(seconds):
            await aw
    except TimeoutError:
        pass


def _close_sock(sock: socket.socket | None) -> None:
    if sock is not None and sock.fileno() != -1:
        sock.close()


async def _open_tcp(
    loop: asyncio.AbstractEventLoop,
    infos: list[tuple[Any, Any, Any, Any, Any]],
) -> socket.socket:
    errors: list[OSError] = []
    for family, type_, proto, _, addr in infos:
        sock = socket.socket(family, type_, proto)
        sock.setblocking(False)
        try:
            await loop.sock_connect(sock, addr)
        except OSError as exc:
            sock.close()
            errors.append(exc)
            continue
        except BaseException:
            sock.close()
            raise
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock
    if not errors:
        raise OSError("no address to connect to")
    refused = [e for e in errors if isinstance(e, ConnectionRefusedError)]
    raise refused[0] if refused else errors[0]


_SUMMARY_TEXT_LIMIT: Final = 4096


def _text(value: object) -> str:
    """``str`` for a summary: never raises (huge ints, hostile ``__str__``), bounded in size."""
    if isinstance(value, str):
        return value
    try:
        text = str(value)
    except Exception:
        return f"<{type(value).__name__}>"
    if len(text) > _SUMMARY_TEXT_LIMIT:
        return text[: _SUMMARY_TEXT_LIMIT - 1] + "…"
    return text


def _summarize_plain(options: object) -> dict[str, Any]:
    """A JSON-able picture of API arguments for the event stream; never raises."""
    if not isinstance(options, Mapping):
        return {} if options is None else {"$invalid": type(options).__name__}
    out: dict[str, Any] = {}
    for key, value in options.items():
        name = _text(key)
        if callable(value):
            out[name] = "function"
        elif isinstance(value, str | bool | float) or value is None:
            out[name] = value
        elif isinstance(value, int):
            out[name] = value if -(2**63) <= value < 2**63 else _text(value)
        elif isinstance(value, Mapping):
            out[name] = {_text(k): _text(v) for k, v in value.items()}
        elif isinstance(value, list | tuple):
            out[name] = [_text(v) for v in value]
        else:
            out[name] = f"<{type(value).__name__}>"
    return out


_FUNCTION_TYPES: Final = (types.FunctionType, types.MethodType, types.BuiltinFunctionType)


def _summarize_usual_send(options: dict[Any, Any]) -> dict[str, Any] | None:
    """What :func:`_summarize_send` gives for the usual ``{"data": ..., "success": fn}``,
    without its checks per value; ``None`` for anything else."""
    out: dict[str, Any] = {}
    for key, value in options.items():
        if type(key) is not str:
            return None
        kind = type(value)
        if kind is str:
            out[key] = value
        elif kind in _FUNCTION_TYPES:
            out[key] = "function"
        elif kind is bytes and key == "data":
            out[key] = f"<{len(value)} bytes>"
        else:
            return None
    return out


def _summarize_send(options: object) -> dict[str, Any]:
    if type(options) is dict and (usual := _summarize_usual_send(options)) is not None:
        return usual
    out = _summarize_plain(options)
    if isinstance(options, Mapping):
        data = options.get("data")
        if isinstance(data, bytes | bytearray):
            out["data"] = f"<{len(data)} bytes>"
        elif isinstance(data, memoryview):
            out["data"] = f"<{data.nbytes} bytes>"
    return out
