"""Log rows, filters, search, payload rendering, hex input and rate gauges (no Qt)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.events import ApiCalled, Direction, Event, FrameEvent, ListenerFired, Opcode
from app.explain import EXPLANATIONS, FailureKind
from app.log_filter import (
    BinaryInputError,
    LogDirection,
    LogFilter,
    LogKind,
    LogRow,
    detail_text,
    hexdump,
    parse_hex,
    pretty_json,
    read_binary_file,
    row_from_event,
    summarize,
)
from app.rates import RateMeter, format_bytes, format_rate
from app.session import MASK
from tests.recorded import recorded_sessions

Recorded = dict[str, list[Event]]


@pytest.fixture
def recorded() -> Recorded:
    return recorded_sessions()


def rows(events: list[Event]) -> list[LogRow]:
    return [row_from_event(e) for e in events]


def test_rows_of_an_echo_session(recorded: Recorded) -> None:
    log = rows(recorded["echo"])
    assert [r.seq for r in log] == [e.seq for e in recorded["echo"]]
    first = log[0]
    assert first.kind is LogKind.CALL
    assert first.direction is LogDirection.OUT
    assert first.summary.startswith('connectSocket({url: "ws://127.0.0.1:')
    kinds = {r.kind for r in log}
    assert kinds >= {
        LogKind.CALL,
        LogKind.CALLBACK,
        LogKind.LISTENER,
        LogKind.STATE,
        LogKind.HANDSHAKE,
        LogKind.TEXT,
        LogKind.BINARY,
        LogKind.CLOSE,
    }
    texts = [r for r in log if r.kind is LogKind.TEXT]
    assert [(r.direction, r.summary, r.size) for r in texts[:2]] == [
        (LogDirection.OUT, "hello", 5),
        (LogDirection.IN, "hello", 5),
    ]
    binary = next(r for r in log if r.kind is LogKind.BINARY)
    assert binary.summary == "binary [00 01 02 03 04 05 06 07 08 09 0a 0b]"
    state = next(r for r in log if r.kind is LogKind.STATE)
    assert state.summary == "readyState — → CONNECTING"
    assert state.direction is LogDirection.NONE
    handshake = next(r for r in log if r.kind is LogKind.HANDSHAKE)
    assert handshake.summary.startswith("HTTP 101 ws://127.0.0.1:")
    assert "DNS" in handshake.summary
    assert "TLS" in handshake.summary
    close_frames = [r for r in log if r.kind is LogKind.CLOSE]
    assert close_frames[0].summary == "close frame 1000 “done”"
    assert close_frames[0].explanation == "closed normally"
    assert log[-1].explanation == "closed normally"  # onClose


def test_failures_are_error_rows_with_explanations(recorded: Recorded) -> None:
    log = rows(recorded["tls_failure"])
    errors = [r for r in log if r.kind is LogKind.ERROR]
    assert len(errors) == 1
    assert errors[0].summary.startswith('onError: {errMsg: "TLS failed for localhost:')
    assert errors[0].explanation == EXPLANATIONS[FailureKind.TLS_UNKNOWN_CA]
    drop = rows(recorded["drop"])
    on_close = drop[-1]
    assert on_close.summary.startswith("onClose: {code: 1006")
    assert on_close.explanation == "the connection dropped without a goodbye (no close frame)"


def test_filter_by_task_direction_kind_and_text(recorded: Recorded) -> None:
    log = rows(recorded["parallel"])

    def shown(f: LogFilter) -> list[LogRow]:
        return [r for r in log if f.matches(r)]

    assert LogFilter().is_open
    assert len(shown(LogFilter())) == len(log)
    only_two = shown(LogFilter(tasks=frozenset({2})))
    assert only_two
    assert all(r.task_id == 2 for r in only_two)
    incoming_text = shown(
        LogFilter(directions=frozenset({LogDirection.IN}), kinds=frozenset({LogKind.TEXT}))
    )
    assert all(r.kind is LogKind.TEXT and r.direction is LogDirection.IN for r in incoming_text)
    assert len(incoming_text) == sum(
        1
        for e in recorded["parallel"]
        if isinstance(e, FrameEvent) and e.direction is Direction.IN and e.opcode is Opcode.TEXT
    )
    # Search is case-insensitive and looks into payloads, not only the summary.
    found = shown(LogFilter(text="  HELLO FROM task 2 "))
    assert {r.kind for r in found} >= {LogKind.CALL, LogKind.TEXT, LogKind.LISTENER}
    assert all(r.task_id == 2 for r in found)
    pushes = shown(LogFilter(text='"type": "push"', kinds=frozenset({LogKind.TEXT})))
    assert len(pushes) >= 4
    assert shown(LogFilter(text="no such text anywhere")) == []
    # Explanations are searchable too.
    assert shown(LogFilter(text="closed normally"))
    assert not LogFilter(text="x").is_open


def test_masked_summary_only_when_secrets_are_present() -> None:
    call = ApiCalled(
        task_id=1,
        api="connectSocket",
        args={"url": "wss://h/?token=abc", "header": {"Authorization": "Bearer abc"}},
    )
    row = row_from_event(call)
    assert "abc" in row.summary
    assert row.masked_summary is not None
    assert "abc" not in row.masked_summary
    assert MASK in row.shown_summary(masked=True)
    assert row.shown_summary(masked=False) == row.summary
    plain = row_from_event(ListenerFired(task_id=1, listener="onMessage", payload={"data": "hi"}))
    assert plain.masked_summary is None
    assert plain.shown_summary(masked=True) == 'onMessage: {data: "hi"}'


def test_pretty_json() -> None:
    assert (
        pretty_json('{"a": [1, 2], "b": "中"}')
        == '{\n  "a": [\n    1,\n    2\n  ],\n  "b": "中"\n}'
    )
    assert pretty_json("plain text") == "plain text"
    assert pretty_json("{not json") == "{not json"
    assert pretty_json({"x": b"\x00\x01"}) == '{\n  "x": {\n    "$bytes": 2\n  }\n}'
    assert pretty_json("null") == "null"


def test_hexdump_layout() -> None:
    dump = hexdump(bytes(range(20)) + b"Hi!")
    lines = dump.splitlines()
    assert lines[0] == (
        "00000000  00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f  |................|"
    )
    assert lines[1].startswith("00000010  10 11 12 13 48 69 21")
    assert lines[1].endswith("|....Hi!|")
    assert hexdump(b"") == "(0 bytes)"
    long = hexdump(bytes(100), limit=32)
    assert long.splitlines()[-1] == "… 68 more bytes not shown"


def test_detail_text_shows_payload_and_data(recorded: Recorded) -> None:
    events = recorded["echo"]
    binary = next(e for e in events if isinstance(e, FrameEvent) and e.opcode is Opcode.BINARY)
    text = detail_text(binary)
    assert '"opcode": "binary"' in text
    assert "00000000  00 01 02 03" in text
    json_frame = next(
        e for e in events if isinstance(e, FrameEvent) and isinstance(e.data, str) and "{" in e.data
    )
    detail = detail_text(json_frame)
    assert '  "type": "greeting",' in detail  # pretty-printed message body
    handshake_detail = detail_text(next(e for e in events if e.kind == "handshake"))
    parsed = json.loads(handshake_detail)
    assert parsed["status"] == 101
    assert summarize(events[0]).startswith("connectSocket(")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("48 65 6c 6c 6f", b"Hello"),
        ("48656C6C6F", b"Hello"),
        ("0x48,0x65 0x6c:6c-6f", b"Hello"),
        ("\\x48\\x65", b"He"),
        ("de ad\nbe ef\n", b"\xde\xad\xbe\xef"),
        ("", b""),
        ("   \n ", b""),
    ],
)
def test_parse_hex_accepts_common_forms(text: str, expected: bytes) -> None:
    assert parse_hex(text) == expected


@pytest.mark.parametrize(
    ("text", "line", "column", "fragment"),
    [
        ("48 6g", 1, 5, "'g' is not a hex digit"),
        ("48 65\n6c 6 6f", 2, 4, "'6' has an odd number of hex digits"),
        ("0x", 1, 1, "no hex digits after the prefix"),
        ("48 65 zz", 1, 7, "'z' is not a hex digit"),
        ("ab\u00a0cd", 1, 3, "U+00A0 is not a hex digit"),
    ],
)
def test_parse_hex_errors_name_the_place(text: str, line: int, column: int, fragment: str) -> None:
    with pytest.raises(BinaryInputError) as info:
        parse_hex(text)
    assert info.value.line == line
    assert info.value.column == column
    assert fragment in str(info.value)
    assert str(info.value).startswith(f"line {line}, column {column}: ")


def test_parse_hex_limit() -> None:
    with pytest.raises(BinaryInputError, match="too large"):
        parse_hex("00" * 11, max_bytes=10)


def test_read_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "blob.bin"
    path.write_bytes(b"\x00\xff" * 4)
    assert read_binary_file(path) == b"\x00\xff" * 4
    with pytest.raises(BinaryInputError, match="at most 4 bytes"):
        read_binary_file(path, max_bytes=4)
    with pytest.raises(BinaryInputError, match="does not exist"):
        read_binary_file(tmp_path / "missing.bin")
    with pytest.raises(BinaryInputError, match="folder"):
        read_binary_file(tmp_path)


def _frame(
    direction: Direction, size: int, mono: float, opcode: Opcode = Opcode.TEXT
) -> FrameEvent:
    return FrameEvent(
        task_id=1, direction=direction, opcode=opcode, size=size, data="x" * size, mono=mono
    )


def test_rate_meter_windows_and_totals() -> None:
    meter = RateMeter(window=1.0, resolution=0.1)
    for k in range(50):
        meter.add(_frame(Direction.IN, 100, 10.0 + k * 0.01))  # 50 messages in 0.5 s
    meter.add(_frame(Direction.OUT, 7, 10.2))
    assert not meter.add(_frame(Direction.OUT, 2, 10.3, Opcode.CLOSE))  # not a message
    snap = meter.snapshot(10.5)
    assert snap.msgs_in_per_s == pytest.approx(50.0)
    assert snap.bytes_in_per_s == pytest.approx(5000.0)
    assert snap.msgs_out_per_s == pytest.approx(1.0)
    assert snap.msgs_per_s == pytest.approx(51.0)
    assert (snap.msgs_in, snap.msgs_out, snap.bytes_in, snap.bytes_out) == (50, 1, 5000, 7)
    idle = meter.snapshot(20.0)
    assert idle.msgs_in_per_s == 0.0
    assert idle.msgs_in == 50  # totals stay
    meter.reset()
    assert meter.snapshot(20.0).msgs_in == 0
    with pytest.raises(ValueError, match="positive"):
        RateMeter(window=0)


def test_rate_meter_counts_a_recorded_session(recorded: Recorded) -> None:
    meter = RateMeter()
    assert meter.extend(recorded["echo"]) == 6
    last = recorded["echo"][-1].mono
    snap = meter.snapshot(last)
    assert snap.msgs_in == snap.msgs_out == 3
    assert snap.bytes_in == 65
    assert snap.msgs_in_per_s == pytest.approx(3.0)


def test_formatting() -> None:
    assert format_bytes(0) == "0 B"
    assert format_bytes(1023) == "1023 B"
    assert format_bytes(1536) == "1.5 KiB"
    assert format_bytes(5 * 1024 * 1024) == "5.0 MiB"
    assert format_rate(0) == "0"
    assert format_rate(2.5) == "2.5"
    assert format_rate(42.4) == "42"
    assert format_rate(12_345) == "12.3k"
    assert format_rate(2_500_000) == "2.5M"


@given(
    st.lists(
        st.tuples(
            st.booleans(),
            st.integers(min_value=0, max_value=70_000),
            st.floats(min_value=0.0, max_value=3.0),
            st.sampled_from([Opcode.TEXT, Opcode.BINARY, Opcode.CLOSE, Opcode.PING]),
        ),
        max_size=60,
    ),
    st.floats(min_value=0.0, max_value=4.0),
)
def test_rate_meter_extend_counts_as_add_one_by_one(
    frames: list[tuple[bool, int, float, Opcode]], now: float
) -> None:
    events = [
        _frame(Direction.IN if inbound else Direction.OUT, size, t, opcode)
        for inbound, size, t, opcode in frames
    ]
    batch, single = RateMeter(window=1.0, resolution=0.05), RateMeter(window=1.0, resolution=0.05)
    counted = batch.extend(events)
    assert counted == sum(1 for e in events if single.add(e))
    assert batch.snapshot(now) == single.snapshot(now)
