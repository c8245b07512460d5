"""Session files: round trips, masking of secrets, and clear errors for bad files."""

from __future__ import annotations

import asyncio
import dataclasses
import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from websockets.asyncio.server import ServerConnection
from websockets.http11 import Request, Response

from app import Runtime
from app.events import (
    ApiCalled,
    Direction,
    Event,
    EventBus,
    FrameEvent,
    HandshakeDone,
    ListenerFired,
    Notice,
    Opcode,
    _to_jsonable,
    event_from_json,
)
from app.session import (
    MASK,
    SESSION_FORMAT,
    SESSION_VERSION,
    SessionError,
    SessionRecorder,
    SessionWriter,
    dumps_session,
    loads_session,
    mask_event,
    mask_json,
    mask_text,
    mask_url,
    open_session,
    save_session,
)
from tests.app.conftest import UNIT, Recorder, WsServer
from tests.recorded import SCENARIO_NAMES, recorded_sessions

Recorded = dict[str, list[Event]]
SECRET = "s3cr3t-VALUE"


@pytest.fixture
def recorded() -> Recorded:
    return recorded_sessions()


@pytest.mark.parametrize("name", SCENARIO_NAMES)
def test_round_trip_gives_the_same_events(recorded: Recorded, tmp_path: Path, name: str) -> None:
    events = recorded[name]
    path = tmp_path / f"{name}.jsonl"
    assert save_session(path, events, mask=False) == len(events)
    session = open_session(path)
    assert list(session.events) == events
    assert session.header.format == SESSION_FORMAT
    assert session.header.version == SESSION_VERSION
    assert session.header.events == len(events)
    assert session.header.masked is False
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(events) + 1
    assert json.loads(lines[0])["format"] == "ttsocket-session"
    assert [json.loads(line)["seq"] for line in lines[1:]] == [e.seq for e in events]


def test_masked_round_trip_equals_masked_events(recorded: Recorded, tmp_path: Path) -> None:
    events = recorded["parallel"]
    path = tmp_path / "masked.jsonl"
    save_session(path, events)  # masking is the default
    session = open_session(path)
    assert session.header.masked is True
    assert list(session.events) == [mask_event(e) for e in events]


async def _record_with_secrets(make_server: Callable[..., Awaitable[WsServer]]) -> list[Event]:
    """A real session whose connectSocket carried Authorization, Cookie and ?token=."""

    def set_cookie(_conn: ServerConnection, _request: Request, response: Response) -> Response:
        response.headers["Set-Cookie"] = f"sid={SECRET}; HttpOnly"
        return response

    server = await make_server(process_response=set_cookie)
    events: list[Event] = []
    rt = Runtime(mode="test", close_timeout=2.0)
    rt.events.subscribe(events.append)
    rec = Recorder()
    url = server.url(f"/chat?room=lobby&token={SECRET}&v=2")
    task = rec.attach(
        rt.connect_socket(
            {
                "url": url,
                "header": {"Authorization": f"Bearer {SECRET}", "Cookie": f"session={SECRET}"},
            }
        )
    )
    await rec.wait_for("onOpen")
    task.send({"data": "hello"})
    await rec.wait_for("onMessage")
    task.close({"code": 1000, "reason": "done"})
    async with asyncio.timeout(UNIT):
        await task.wait_closed()
    await rt.aclose()
    # The server really received the secrets: the session would leak them unmasked.
    assert server.requests[0]["Authorization"] == f"Bearer {SECRET}"
    return events


async def test_masking_hides_authorization_cookies_and_token(
    make_server: Callable[..., Awaitable[WsServer]], tmp_path: Path
) -> None:
    events = await _record_with_secrets(make_server)
    handshake = next(e for e in events if isinstance(e, HandshakeDone))
    assert handshake.request_headers["Authorization"] == f"Bearer {SECRET}"

    masked_path = tmp_path / "masked.jsonl"
    save_session(masked_path, events)
    text = masked_path.read_text(encoding="utf-8")
    assert SECRET not in text
    session = open_session(masked_path)
    call = next(e for e in session.events if isinstance(e, ApiCalled))
    assert call.args["header"] == {"Authorization": MASK, "Cookie": MASK}
    assert isinstance(call.args["url"], str)
    assert call.args["url"].endswith(f"/chat?room=lobby&token={MASK}&v=2")  # others kept
    shake = next(e for e in session.events if isinstance(e, HandshakeDone))
    assert shake.request_headers["Authorization"] == MASK
    assert shake.request_headers["Cookie"] == MASK
    assert shake.response_headers["Set-Cookie"] == MASK
    assert shake.request_headers["Host"] == handshake.request_headers["Host"]
    assert f"token={MASK}" in shake.url
    on_open = next(
        e for e in session.events if isinstance(e, ListenerFired) and e.listener == "onOpen"
    )
    assert on_open.payload["header"]["Set-Cookie"] == MASK
    # Frames are user data: untouched.
    assert [e.seq for e in session.events] == [e.seq for e in events]

    # Opting in keeps everything.
    plain_path = tmp_path / "plain.jsonl"
    save_session(plain_path, events, mask=False)
    assert plain_path.read_text(encoding="utf-8").count(SECRET) >= 5
    assert list(open_session(plain_path).events) == events


def test_mask_url_keeps_everything_but_secret_values() -> None:
    assert mask_url("wss://h/p?token=abc") == f"wss://h/p?token={MASK}"
    assert (
        mask_url("wss://h/p?a=1&Access_Token=abc&b=2#f")
        == f"wss://h/p?a=1&Access_Token={MASK}&b=2#f"
    )
    assert mask_url("ws://h/?key=1&sig=2&password=&x=key") == (
        f"ws://h/?key={MASK}&sig={MASK}&password={MASK}&x=key"
    )
    assert mask_url("ws://h/?tokens=1") == "ws://h/?tokens=1"
    assert mask_url("ws://h/no-query") == "ws://h/no-query"
    assert mask_url("ws://[::1/?token=x") == f"ws://[::1/?token={MASK}"  # unparsable host
    assert mask_text("invalid url 'ws://h/?api_key=zz': nope") == (
        f"invalid url 'ws://h/?api_key={MASK}': nope"
    )
    assert mask_text("no url here token=1") == "no url here token=1"


def test_mask_json_by_header_name_anywhere() -> None:
    value: dict[str, Any] = {
        "header": {"authorization": "x", "X-Api-Key": "y", "Accept": "z"},
        "list": [{"Proxy-Authorization": "p"}, "ws://h/?secret=q"],
        "n": 3,
    }
    assert mask_json(value) == {
        "header": {"authorization": MASK, "X-Api-Key": MASK, "Accept": "z"},
        "list": [{"Proxy-Authorization": MASK}, f"ws://h/?secret={MASK}"],
        "n": 3,
    }
    clean = Notice(task_id=1, level="info", message="nothing secret")
    assert mask_event(clean) is clean
    secret = Notice(task_id=1, level="warn", message="retry ws://h/?auth=zz")
    masked = mask_event(secret)
    assert isinstance(masked, Notice)
    assert masked.message == f"retry ws://h/?auth={MASK}"
    assert masked.seq == secret.seq


def _write(tmp_path: Path, text: str | bytes, name: str = "bad.jsonl") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


HEADER = json.dumps({"format": SESSION_FORMAT, "version": 1})
GOOD_EVENT = json.dumps(
    {
        "type": "notice",
        "task_id": None,
        "time": 1.0,
        "mono": 2.0,
        "seq": 1,
        "level": "info",
        "message": "hi",
    }
)


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("", None, "the file is empty"),
        ("not json\n", 1, "the header is not valid JSON"),
        ('{"format": "other", "version": 1}\n', 1, "not a ttsocket session"),
        ('{"format": "ttsocket-session", "version": 99}\n', 1, "version 99"),
        ('{"format": "ttsocket-session"}\n', 1, "no valid version"),
        (f"{HEADER}\n{GOOD_EVENT}\n{{broken\n", 3, "not valid JSON"),
        (f"{HEADER}\n[1, 2]\n", 2, "expected an event object"),
        (f'{HEADER}\n{{"type": "alien", "task_id": 1}}\n', 2, "unknown event type 'alien'"),
        (
            f'{HEADER}\n{{"type": "notice", "task_id": 1, "time": 1, "mono": 1}}\n',
            2,
            "missing the field 'seq'",
        ),
        (
            f'{HEADER}\n{{"type": "frame", "task_id": 1, "time": 1, "mono": 1, "seq": 1, '
            f'"direction": "in", "opcode": "text", "size": "big"}}\n',
            2,
            "field 'size' of a frame event must be an integer",
        ),
        (
            f'{HEADER}\n{{"type": "frame", "task_id": 1, "time": 1, "mono": 1, "seq": 1, '
            f'"direction": "sideways", "opcode": "text", "size": 1}}\n',
            2,
            "bad event",
        ),
        (
            f'{HEADER}\n{{"type": "frame", "task_id": 1, "time": 1, "mono": 1, "seq": 1, '
            f'"direction": "in", "opcode": "binary", "size": 1, "data": {{"$bytes": "!!"}}}}\n',
            2,
            "not valid base64",
        ),
        (
            f'{HEADER}\n{{"type": "handshake", "task_id": 1, "time": 1, "mono": 1, "seq": 1, '
            f'"url": "ws://h", "status": 101, "request_headers": {{}}, '
            f'"response_headers": {{}}, "profile": {{"nonsense": 1}}}}\n',
            2,
            "bad event",
        ),
        (f'{HEADER}\n{{"type": "state", "task_id": "one"}}\n', 2, "'task_id' must be an integer"),
        (
            f'{HEADER}\n{{"type": "state", "task_id": 1, "time": 1, "mono": 1, "seq": 1, "new": 9}}\n',
            2,
            "bad event",
        ),
    ],
)
def test_bad_files_give_line_and_reason(
    tmp_path: Path, text: str, line: int | None, reason: str
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(SessionError) as info:
        open_session(path)
    err = info.value
    assert err.line == line
    assert reason in err.reason
    message = str(err)
    assert str(path) in message
    if line is not None:
        assert f"line {line}" in message


def test_unreadable_files_give_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(SessionError, match="does not exist"):
        open_session(tmp_path / "missing.jsonl")
    with pytest.raises(SessionError, match="folder"):
        open_session(tmp_path)
    path = _write(tmp_path, HEADER.encode() + b"\n" + b'{"x": "\xff"}\n')
    with pytest.raises(SessionError, match="not UTF-8") as info:
        open_session(path)
    assert info.value.line == 2


def test_blank_lines_and_bom_are_tolerated() -> None:
    session = loads_session(f"\ufeff{HEADER}\n\n{GOOD_EVENT}\n\n")
    assert len(session.events) == 1
    assert isinstance(session.events[0], Notice)


def test_recorder_records_a_bus_and_saves(recorded: Recorded, tmp_path: Path) -> None:
    bus = EventBus()
    recorder = SessionRecorder(limit=10)
    detach = recorder.attach(bus)
    for event in recorded["echo"][:12]:
        bus.publish(event)
    detach()
    bus.publish(recorded["echo"][12])
    assert len(recorder) == 10
    assert recorder.dropped == 2
    assert recorder.events == recorded["echo"][2:12]
    path = tmp_path / "rec.jsonl"
    assert recorder.save(path) == 10
    session = open_session(path)
    assert "2 older events were dropped" in session.header.note
    recorder.clear()
    assert len(recorder) == 0
    assert recorder.dropped == 0


def test_dumps_session_is_one_json_object_per_line(recorded: Recorded) -> None:
    text = dumps_session(recorded["drop"], mask=False)
    assert text.endswith("\n")
    objects = [json.loads(line) for line in text.splitlines()]
    assert objects[0]["events"] == len(recorded["drop"])
    assert {o["type"] for o in objects[1:]} >= {"api", "listener", "state", "handshake"}


def test_save_failure_leaves_no_temporary_file(tmp_path: Path, recorded: Recorded) -> None:
    target = tmp_path / "dir-as-target"
    target.mkdir()
    with pytest.raises(IsADirectoryError):
        save_session(target, recorded["echo"])
    assert [p.name for p in tmp_path.iterdir()] == ["dir-as-target"]


def test_recorder_byte_budget_drops_the_oldest() -> None:
    recorder = SessionRecorder(limit=None, max_bytes=100)
    frames = [
        FrameEvent(task_id=1, direction=Direction.IN, opcode=Opcode.TEXT, size=30, data="x" * 30)
        for _ in range(5)
    ]
    recorder.extend(frames)
    assert recorder.events == frames[2:]  # 3 x 30 bytes fit in 100
    assert recorder.dropped == 2
    recorder.add(Notice(task_id=None, level="info", message="no payload"))
    assert len(recorder) == 4


def _mixed_events(recorded: Recorded) -> list[Event]:
    """Every recorded session, plus frames and listener calls with text, bytes and nesting."""
    events = [e for stream in recorded.values() for e in stream]
    events += [
        FrameEvent(task_id=1, direction=Direction.IN, opcode=Opcode.TEXT, size=3, data="héé"),
        FrameEvent(
            task_id=1, direction=Direction.OUT, opcode=Opcode.BINARY, size=3, data=b"\0\1\2"
        ),
        ListenerFired(task_id=1, listener="onMessage", payload={"data": b"\xff"}),
        ListenerFired(
            task_id=2, listener="onMessage", payload={"data": "x", "n": [1, {"a": b"z"}]}
        ),
        ApiCalled(task_id=None, api="send", args={"data": "<3 bytes>", "header": {"k": "v"}}),
    ]
    return events


def test_to_json_takes_plain_values_as_the_general_conversion_would(recorded: Recorded) -> None:
    events = _mixed_events(recorded)
    assert len(events) > 50
    for event in events:
        general = {"type": event.kind} | {
            f.name: _to_jsonable(getattr(event, f.name)) for f in dataclasses.fields(event)
        }
        assert event.to_json() == general
        assert json.dumps(event.to_json()) == json.dumps(general)
        assert event_from_json(event.to_json()) == event


@pytest.mark.parametrize("mask", [True, False])
def test_writing_a_slice_at_a_time_gives_the_same_file(
    recorded: Recorded, tmp_path: Path, mask: bool
) -> None:
    events = _mixed_events(recorded) * 20
    target = tmp_path / "sliced.jsonl"
    writer = SessionWriter(target, events, mask=mask, note="sliced")
    assert writer.total == len(events)
    calls = 0
    while not writer.write_some(0.0):  # the smallest budget: one chunk of lines per call
        calls += 1
        assert calls < len(events)
        assert not target.exists()  # only the temporary file until finish()
    assert calls >= 2
    assert writer.finish() == len(events) == writer.written
    text = target.read_text(encoding="utf-8")
    expected = dumps_session(events, mask=mask, note="sliced")
    assert text.splitlines()[1:] == expected.splitlines()[1:]  # the header has the time
    assert loads_session(text).events == loads_session(expected).events
    assert [p.name for p in tmp_path.iterdir()] == ["sliced.jsonl"]


def test_an_aborted_writer_leaves_nothing(recorded: Recorded, tmp_path: Path) -> None:
    target = tmp_path / "aborted.jsonl"
    writer = SessionWriter(target, _mixed_events(recorded) * 20)
    writer.write_some(0.0)
    writer.abort()
    writer.abort()  # twice is fine
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ValueError, match="finished"):
        writer.write_some()
    with pytest.raises(FileNotFoundError):
        SessionWriter(tmp_path / "missing-folder" / "x.jsonl", [])
