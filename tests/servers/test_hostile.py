"""Self-tests of the hostile peer against a plain ``websockets`` client."""

from __future__ import annotations

import asyncio
import struct

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import (
    ConnectionClosedError,
    ConnectionClosedOK,
    InvalidHandshake,
    InvalidHeaderValue,
    InvalidMessage,
    InvalidStatus,
    InvalidUpgrade,
    NegotiationError,
)

from tests.servers.hostile import (
    BIG_MESSAGE_SIZE,
    EXPECTED,
    OP_BINARY,
    OP_CLOSE,
    OP_PING,
    OP_TEXT,
    OVERSIZED_LENGTH,
    RSV1,
    HostileFactory,
    HostileMode,
    HostileServer,
    _FrameParser,
    accept_key,
    frame,
    hostile,  # noqa: F401  (the pytest fixture)
    hostile_server,
)

M = HostileMode
STEP = 3.0  # bound on every single await; the whole module runs in about a second


def _connect(srv: HostileServer, **kwargs: object) -> connect:
    options: dict[str, object] = {"proxy": None, "open_timeout": STEP, "close_timeout": STEP}
    options.update(kwargs)
    return connect(srv.url, **options)  # type: ignore[arg-type]


async def _wait_client_closed(srv: HostileServer) -> None:
    async with asyncio.timeout(STEP):
        await srv.client_closed_tcp.wait()


# Pure helpers


def test_accept_key_matches_rfc_6455_example() -> None:
    assert accept_key("dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="


@pytest.mark.parametrize(
    ("length", "header"),
    [
        (0, b"\x82\x00"),
        (125, b"\x82\x7d"),
        (126, b"\x82\x7e\x00\x7e"),
        (65535, b"\x82\x7e\xff\xff"),
        (65536, b"\x82\x7f" + struct.pack("!Q", 65536)),
    ],
)
def test_frame_length_encodings(length: int, header: bytes) -> None:
    payload = bytes(length)
    assert frame(OP_BINARY, payload) == header + payload


def test_frame_bits_and_overrides() -> None:
    assert frame(OP_TEXT, b"a", fin=False) == b"\x01\x01a"
    assert frame(OP_TEXT, b"a", rsv=RSV1) == b"\xc1\x01a"
    assert frame(0x3, b"") == b"\x83\x00"
    assert frame(OP_BINARY, length_override=OVERSIZED_LENGTH) == b"\x82\x7f" + struct.pack(
        "!Q", 2**62
    )
    masked = frame(OP_PING, b"hello", mask=True, mask_key=b"\x01\x02\x03\x04")
    assert masked[:6] == b"\x89\x85\x01\x02\x03\x04"
    assert masked[6:] != b"hello"
    [parsed] = _FrameParser().feed(masked)
    assert (parsed.opcode, parsed.fin, parsed.masked, parsed.payload) == (
        OP_PING,
        True,
        True,
        b"hello",
    )
    for bad in ({"opcode": 16}, {"opcode": 1, "rsv": 8}, {"opcode": 1, "length_override": 2**63}):
        with pytest.raises(ValueError):  # noqa: PT011
            frame(**bad)  # type: ignore[arg-type]


def test_frame_parser_is_incremental() -> None:
    data = frame(OP_TEXT, b"x" * 300, mask=True) + frame(OP_CLOSE, struct.pack("!H", 1000))
    parser = _FrameParser()
    frames = [f for i in range(len(data)) for f in parser.feed(data[i : i + 1])]
    assert [(f.opcode, len(f.payload)) for f in frames] == [(OP_TEXT, 300), (OP_CLOSE, 2)]
    assert frames[1].close_code == 1000


def test_expected_table_covers_every_mode() -> None:
    assert set(EXPECTED) == set(HostileMode)
    for mode, exp in EXPECTED.items():
        assert mode.expected is exp
        assert exp.what
        assert "\n" not in exp.what
        if exp.phase == "handshake":
            assert exp.close_code == 1006
        else:
            assert exp.phase == "after_open"
    codes = {mode: exp.close_code for mode, exp in EXPECTED.items() if exp.phase == "after_open"}
    assert codes == {
        M.RESERVED_BITS: 1002,
        M.UNKNOWN_OPCODE: 1002,
        M.FRAGMENTED_CONTROL: 1002,
        M.MASKED_SERVER_FRAME: 1002,
        M.ORPHAN_CONTINUATION: 1002,
        M.INVALID_UTF8_TEXT: 1007,
        M.INVALID_UTF8_CLOSE_REASON: 1007,
        M.INVALID_CLOSE_CODE: 1002,
        M.OVERSIZED_LENGTH: 1009,
        M.BIG_MESSAGE: 1009,
        M.CLOSE_MID_FRAME: 1006,
        M.RESET: 1006,
        M.NEVER_ANSWERS_CLOSE: 1006,
        M.OK_ECHO: 1000,
    }


async def test_url_and_port_before_and_after_start() -> None:
    srv = HostileServer("ok_echo")
    with pytest.raises(RuntimeError):
        _ = srv.url
    async with srv:
        assert srv.port > 0
        assert srv.url == f"ws://127.0.0.1:{srv.port}/"
    await srv.stop()  # idempotent


# The control: ok_echo


async def test_ok_echo_full_round_trip() -> None:
    async with hostile_server(M.OK_ECHO) as srv:
        async with asyncio.timeout(STEP), _connect(srv) as ws:
            await ws.send("héllo")
            assert await ws.recv() == "héllo"
            await ws.send(b"\x00\x01\xff")
            assert await ws.recv() == b"\x00\x01\xff"
            await ws.send("x" * 125)
            assert await ws.recv() == "x" * 125
            await ws.send("")
            assert await ws.recv() == ""
            await ws.send(["frag", "mented"])  # continuation frames are reassembled
            assert await ws.recv() == "fragmented"
            pong_waiter = await ws.ping(b"p")
            await pong_waiter
            await ws.close(1000, "bye")
            with pytest.raises(ConnectionClosedOK):
                await ws.recv()
        assert ws.close_code == 1000
        assert ws.protocol.close_rcvd is not None
        assert ws.protocol.close_rcvd.code == 1000
        await _wait_client_closed(srv)
        assert srv.client_close_code == 1000
        assert all(f.masked for f in srv.frames)
        assert [f.opcode for f in srv.frames][-1] == OP_CLOSE
        raw = srv.received_bytes  # masked close 1000 "bye": 2 + 4 + 5 bytes at the end
        assert raw[-11:-9] == b"\x88\x85"
        assert srv.requests[0].startswith(b"GET / HTTP/1.1\r\n")
        assert srv.errors == []


# Handshake faults


@pytest.mark.parametrize(
    ("mode", "exc_type", "message"),
    [
        (M.GARBAGE, InvalidMessage, "did not receive a valid HTTP response"),
        (M.BAD_STATUS_LINE, InvalidMessage, "did not receive a valid HTTP response"),
        (M.TRUNCATED_101, InvalidMessage, "did not receive a valid HTTP response"),
        (M.HTTP_200, InvalidStatus, "HTTP 200"),
        (M.HTTP_403, InvalidStatus, "HTTP 403"),
        (M.HTTP_500, InvalidStatus, "HTTP 500"),
        (M.WRONG_ACCEPT, InvalidHeaderValue, "invalid Sec-WebSocket-Accept header"),
        (M.NO_UPGRADE_HEADER, InvalidUpgrade, "missing Upgrade header"),
        (M.UNOFFERED_SUBPROTOCOL, NegotiationError, "no subprotocols supported"),
        (M.UNOFFERED_EXTENSION, NegotiationError, "Unsupported extension: name = x-bogus"),
    ],
)
async def test_handshake_faults(
    mode: HostileMode, exc_type: type[InvalidHandshake], message: str
) -> None:
    async with hostile_server(mode) as srv:
        with pytest.raises(exc_type) as caught:
            async with asyncio.timeout(STEP), _connect(srv):
                pytest.fail("the handshake should not succeed")
        assert message in str(caught.value)
        if isinstance(caught.value, InvalidStatus):
            assert str(caught.value.response.status_code) == mode.removeprefix("http_")
        assert srv.handshake_received.is_set()
        await _wait_client_closed(srv)
        assert srv.received == []  # the client sent nothing after its request
        assert srv.errors == []


async def test_unoffered_subprotocol_when_client_offers_some() -> None:
    async with hostile_server(M.UNOFFERED_SUBPROTOCOL) as srv:
        with pytest.raises(InvalidHandshake, match="x-hostile-unoffered"):
            async with asyncio.timeout(STEP), _connect(srv, subprotocols=["chat"]):
                pytest.fail("the handshake should not succeed")


async def test_no_answer_times_out_and_client_hangs_up() -> None:
    async with hostile_server(M.NO_ANSWER) as srv:
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(STEP), _connect(srv, open_timeout=0.2):
                pytest.fail("the handshake should not succeed")
        assert srv.handshake_received.is_set()
        await _wait_client_closed(srv)


# Faults after a good 101


@pytest.mark.parametrize(
    ("mode", "cause"),
    [
        (M.RESERVED_BITS, "reserved bits must be 0"),
        (M.UNKNOWN_OPCODE, "invalid opcode"),
        (M.FRAGMENTED_CONTROL, "fragmented control frame"),
        (M.MASKED_SERVER_FRAME, "incorrect masking"),
        (M.ORPHAN_CONTINUATION, "unexpected continuation frame"),
        (M.INVALID_UTF8_TEXT, "invalid start byte"),
        (M.INVALID_UTF8_CLOSE_REASON, "invalid start byte"),
        (M.INVALID_CLOSE_CODE, "invalid status code"),
        (M.OVERSIZED_LENGTH, f"frame with {OVERSIZED_LENGTH} bytes exceeds limit"),
        (M.BIG_MESSAGE, f"frame with {BIG_MESSAGE_SIZE} bytes exceeds limit"),
    ],
)
async def test_frame_faults_make_the_client_fail(mode: HostileMode, cause: str) -> None:
    code = mode.expected.close_code
    async with hostile_server(mode) as srv:
        async with asyncio.timeout(STEP), _connect(srv) as ws:
            with pytest.raises(ConnectionClosedError) as caught:
                await ws.recv()
        exc = caught.value
        assert exc.rcvd is None
        assert exc.sent is not None
        assert exc.sent.code == code
        assert cause in str(exc)
        await _wait_client_closed(srv)
        assert srv.client_close_code == code  # the close frame really went on the wire
        assert srv.errors == []


@pytest.mark.parametrize(
    ("mode", "cause_type"),
    [(M.CLOSE_MID_FRAME, EOFError), (M.RESET, ConnectionResetError)],
)
async def test_abrupt_tcp_loss_is_1006(mode: HostileMode, cause_type: type[Exception]) -> None:
    async with hostile_server(mode) as srv:
        async with asyncio.timeout(STEP), _connect(srv) as ws:
            with pytest.raises(ConnectionClosedError) as caught:
                await ws.recv()
        assert caught.value.rcvd is None
        assert caught.value.sent is None
        assert isinstance(caught.value.__cause__, cause_type)
        assert ws.close_code == 1006
        assert not srv.client_sent_close
        assert srv.errors == []


async def test_never_answers_close_forces_the_close_timeout() -> None:
    async with hostile_server(M.NEVER_ANSWERS_CLOSE) as srv:
        async with asyncio.timeout(STEP), _connect(srv, close_timeout=0.2) as ws:
            await ws.close()
        assert ws.close_code == 1006
        assert ws.protocol.close_sent is not None
        assert ws.protocol.close_sent.code == 1000
        assert ws.protocol.close_rcvd is None
        await _wait_client_closed(srv)  # the client aborted TCP after its timeout
        assert srv.client_close_code == 1000


async def test_big_message_is_a_real_message() -> None:
    async with hostile_server(M.BIG_MESSAGE) as srv:
        async with asyncio.timeout(STEP), _connect(srv, max_size=None) as ws:
            message = await ws.recv()
            assert isinstance(message, bytes)
            assert len(message) == BIG_MESSAGE_SIZE
        assert ws.close_code == 1000


# Lifecycle


async def test_stop_is_bounded_and_leaves_no_tasks() -> None:
    srv = HostileServer(M.NO_ANSWER)
    await srv.start()
    async with asyncio.timeout(STEP):
        reader, writer = await asyncio.open_connection("127.0.0.1", srv.port)
        writer.write(
            b"GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        await srv.handshake_received.wait()
        await srv.stop()
        assert await reader.read() == b""  # the server dropped the connection
        writer.close()
        await writer.wait_closed()
    assert asyncio.all_tasks() == {asyncio.current_task()}
    assert not srv.client_closed_tcp.is_set()  # the server, not the client, hung up
    assert srv.errors == []


async def test_fixture_gives_the_context_manager(
    hostile: HostileFactory,  # noqa: F811  (fixture imported above)
) -> None:
    async with hostile("http_403") as srv:
        assert srv.mode is M.HTTP_403
        with pytest.raises(InvalidStatus):
            async with asyncio.timeout(STEP), _connect(srv):
                pass
