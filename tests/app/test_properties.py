"""Property-based tests: any input to the tt surface ends in a callback, never an exception.

Every property runs against real peers on 127.0.0.1 (the hostile server's correct echo
mode, and a bound socket that refuses connections). Domain checks stay on with the
loopback list, so no generated URL ever reaches DNS or another machine.
"""

from __future__ import annotations

import asyncio
import math
import socket
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, Final

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from app import ConfigError, ReadyState, Runtime, SocketTask
from app.events import ApiCalled, CallbackFired, Event, ListenerFired
from tests.servers.hostile import HostileMode, HostileServer

from .conftest import LOOPBACK, UNIT

SETTINGS: Final = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
MAX_ERRMSG: Final = 700


class Weird:
    """A value whose ``str`` and ``repr`` raise: error messages must survive it."""

    def __str__(self) -> str:
        raise RuntimeError("str() of a hostile object")

    __repr__ = __str__


def raising_callback(_payload: dict[str, Any]) -> None:
    raise ValueError("a user callback that raises")


def _huge_int(digits: int) -> int:
    """An int too long for ``str()`` (Python refuses more than 4300 digits)."""
    return int(10**digits)


def _same(value: Any) -> Any:
    return value


#: Values of the wrong type or shape for almost any option.
JUNK: Final = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.just(5000).map(_huge_int),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.binary(max_size=12),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
    st.builds(Weird),
    st.builds(object),
).map(_same)  # one branch, not eleven, when nested in another one_of


#: A callback option: usually a real recorder, sometimes absent, sometimes junk.
#: Junk that can be a dict key (header names).
HASHABLE_JUNK: Final = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.just(5000).map(_huge_int),
    st.floats(allow_nan=True, allow_infinity=True),
    st.binary(max_size=12),
    st.tuples(st.integers()),
    st.builds(Weird),
).map(_same)


def mostly(
    valid: st.SearchStrategy[Any], odds: int = 5, junk: st.SearchStrategy[Any] = JUNK
) -> st.SearchStrategy[Any]:
    """``valid`` with probability 1 - 1/odds, else :data:`JUNK`.

    Hypothesis avoids repeating an input, so a plain ``one_of(just("x"), JUNK)`` soon
    draws junk only; choosing with an integer keeps the mix as intended.
    """
    return st.tuples(st.integers(0, odds - 1), valid, junk).map(_pick)


def _pick(choice: tuple[int, Any, Any]) -> Any:
    return choice[2] if choice[0] == 0 else choice[1]


MOSTLY_RECORD: Final = mostly(st.sampled_from(["record", "record", "missing"]))


@dataclass
class Peers:
    echo: HostileServer
    refused_port: int

    def urls(self) -> st.SearchStrategy[str]:
        good = [
            self.echo.url,
            f"ws://localhost:{self.echo.port}/path?q=1",
            f"WS://127.0.0.1:{self.echo.port}",
            f"ws://127.0.0.1:{self.refused_port}/",
            f"wss://127.0.0.1:{self.refused_port}/",
        ]
        tricky = [
            "",
            " ",
            "ws://",
            "wss://[::1",
            "http://127.0.0.1/",
            f"ws://127.0.0.1:{self.echo.port}/#frag",
            f"ws://user@127.0.0.1:{self.echo.port}/",
            f"ws://127.0.0.1@example.com:{self.echo.port}/",
            f"ws://127.0.0.1\\@example.com:{self.echo.port}/",
            "ws://127.0.0.1:0/",
            "ws://127.0.0.1:99999/",
            "ws://example.com/",
            "ws://127.0.0.1.:1/",
        ]
        return st.one_of(
            st.sampled_from(good),
            st.sampled_from(tricky),
            st.text(max_size=40),
            st.builds(lambda s: f"ws://{s}", st.text(max_size=20)),
        )


@pytest.fixture
async def peers() -> AsyncIterator[Peers]:
    echo = HostileServer(HostileMode.OK_ECHO)
    await echo.start()
    # Bound but not listening: connections to it are refused at once, on loopback.
    closed = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    closed.bind(("127.0.0.1", 0))
    try:
        yield Peers(echo, closed.getsockname()[1])
    finally:
        closed.close()
        await echo.stop()


class Tracker:
    """Follows a runtime's events and callbacks; waits on them without sleeping."""

    def __init__(self, rt: Runtime) -> None:
        self.rt = rt
        self.events: list[Event] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self._changed = asyncio.Event()
        rt.events.subscribe(self._on_event)

    def _on_event(self, event: Event) -> None:
        self.events.append(event)
        self._changed.set()

    def cb(self, name: str) -> Callable[[dict[str, Any]], None]:
        def record(payload: dict[str, Any]) -> None:
            self.calls.append((name, payload))
            self._changed.set()

        return record

    async def until(self, predicate: Callable[[], bool], within: float = UNIT) -> None:
        async with asyncio.timeout(within):
            while not predicate():
                self._changed.clear()
                await self._changed.wait()

    def named(self, prefix: str) -> list[tuple[str, dict[str, Any]]]:
        return [(n, p) for n, p in self.calls if n.startswith(prefix)]

    def fired(self, api: str) -> list[tuple[str, dict[str, Any]]]:
        """success/fail/complete of ``api`` as seen on the event stream."""
        return [
            (e.callback, dict(e.payload))
            for e in self.events
            if isinstance(e, CallbackFired) and e.api == api
        ]

    def heard(self, listener: str | None = None) -> list[ListenerFired]:
        return [
            e
            for e in self.events
            if isinstance(e, ListenerFired) and (listener is None or e.listener == listener)
        ]

    def api_calls(self) -> int:
        return sum(1 for e in self.events if isinstance(e, ApiCalled))

    def completes(self) -> int:
        return sum(
            1 for e in self.events if isinstance(e, CallbackFired) and e.callback == "complete"
        )


def check_consistent(rt: Runtime, tasks: list[SocketTask]) -> None:
    """The runtime's books match the tasks: active == created and not CLOSED, within the cap."""
    active = rt.active_tasks
    assert len(active) <= rt.max_sockets
    expected = [
        t for t in tasks if t.ready_state is not None and t.ready_state != ReadyState.CLOSED
    ]
    assert {id(t) for t in active} == {id(t) for t in expected}
    for task in tasks:
        if task.ready_state is None:
            assert task.socket_task_id is None
        else:
            assert isinstance(task.socket_task_id, int)
    ids = [t.socket_task_id for t in tasks if t.socket_task_id is not None]
    assert ids == sorted(set(ids))


def assert_api_outcome(calls: list[tuple[str, dict[str, Any]]], api: str, prefix: str) -> bool:
    """Exactly one of success/fail, then complete with the same payload. Returns ok."""
    names = [n.removeprefix(prefix) for n, _ in calls]
    assert names in (["success", "complete"], ["fail", "complete"]), names
    first, complete = calls[0][1], calls[1][1]
    assert first == complete
    err_msg = first["errMsg"]
    assert isinstance(err_msg, str)
    assert len(err_msg) <= MAX_ERRMSG
    assert "Traceback" not in err_msg
    ok = names[0] == "success"
    assert err_msg.startswith(f"{api}:ok" if ok else f"{api}:fail ")
    if not ok:
        assert len(err_msg) > len(f"{api}:fail ") + 3
    return ok


async def settle(tracker: Tracker, task: SocketTask) -> None:
    """Bring a created task to CLOSED: close it if it opened, wait for onClose."""
    if task.ready_state is None:
        return
    await tracker.until(lambda: task.ready_state != ReadyState.CONNECTING)
    if task.ready_state == ReadyState.OPEN:
        task.close({"code": 1000})
    async with asyncio.timeout(UNIT):
        await task.wait_closed()


# -- connectSocket ---------------------------------------------------------------------------


def connect_options(peers: Peers) -> st.SearchStrategy[Any]:
    callback = mostly(st.sampled_from(["record", "record", "raise", "missing"]))
    header_name = mostly(
        st.sampled_from(["X-Test", "X-Other", "Referer", "REFERER", "rEfErEr", "Host", "a b"])
        | st.text(max_size=8),
        odds=8,
        junk=HASHABLE_JUNK,
    )
    header = mostly(st.dictionaries(header_name, mostly(st.text(max_size=12), odds=8), max_size=3))
    protocols = mostly(
        st.lists(st.sampled_from(["chat", "json", "a b", ""]) | st.text(max_size=6), max_size=3)
    )
    timeout = mostly(
        st.integers(min_value=-5, max_value=10**30) | st.floats(min_value=-1, max_value=1e12)
    )
    options = st.fixed_dictionaries(
        {"url": mostly(peers.urls())},
        optional={
            "header": header,
            "protocols": protocols,
            "timeout": timeout,
            "perMessageDeflate": mostly(st.booleans()),
            "success": callback,
            "fail": callback,
            "complete": callback,
        },
    )
    return mostly(options, odds=10)


def with_callbacks(options: Any, tracker: Tracker) -> Any:
    if not isinstance(options, dict):
        return options
    out = dict(options)
    for name in ("success", "fail", "complete"):
        value = out.get(name)
        if value == "record":
            out[name] = tracker.cb(name)
        elif value == "raise":
            out[name] = raising_callback
        elif value == "missing":
            del out[name]
    return out


@pytest.fixture
async def rt() -> AsyncIterator[Runtime]:
    runtime = Runtime(legal_domains=LOOPBACK, close_timeout=1.0, default_timeout_ms=2000)
    yield runtime
    await runtime.aclose()


@settings(SETTINGS, max_examples=150)
@given(data=st.data())
async def test_connect_socket_never_raises_and_always_answers(
    peers: Peers, rt: Runtime, data: st.DataObject
) -> None:
    raw = data.draw(connect_options(peers), label="options")
    tracker = Tracker(rt)
    options = with_callbacks(raw, tracker)
    # The outcome is observed through the event stream too, whatever the callbacks are.
    task = rt.connect_socket(options)
    assert isinstance(task, SocketTask)
    await tracker.until(lambda: len(tracker.fired("connectSocket")) == 2)
    fired = tracker.fired("connectSocket")
    ok = assert_api_outcome(fired, "connectSocket", "")
    event("created" if ok else "refused")
    if (
        isinstance(options, dict)
        and callable(options.get("complete"))
        and raw.get("complete") == "record"
    ):
        assert tracker.named("complete") == [("complete", fired[1][1])]
    if ok:
        assert fired[0][1] == {"errMsg": "connectSocket:ok", "socketTaskId": task.socket_task_id}
        assert task.ready_state is not None
    else:
        assert task.ready_state is None
        assert task.socket_task_id is None
    check_consistent(rt, [task])
    await settle(tracker, task)
    if ok:
        # Every created task ends in onClose; a failure also has an onError with an errMsg.
        listeners = tracker.heard()
        assert listeners[-1].listener == "onClose"
        for heard in listeners:
            if heard.listener == "onError":
                err = heard.payload["errMsg"]
                assert isinstance(err, str)
                assert err
                assert len(err) <= MAX_ERRMSG
    check_consistent(rt, [task])
    assert rt.active_tasks == []


# -- send ------------------------------------------------------------------------------------


@pytest.fixture
async def open_task(peers: Peers, rt: Runtime) -> SocketTask:
    tracker = Tracker(rt)
    task = rt.connect_socket({"url": peers.echo.url})
    await tracker.until(lambda: task.ready_state == ReadyState.OPEN)
    return task


def _as_view(data: bytes) -> memoryview:
    return memoryview(data)


SEND_DATA: Final = mostly(
    st.one_of(
        st.text(max_size=200),
        st.binary(max_size=200),
        st.builds(bytearray, st.binary(max_size=20)),
        st.binary(max_size=20).map(_as_view),
        st.just("\ud800"),
    )
)

SEND_OPTIONS: Final = mostly(
    st.fixed_dictionaries(
        {"data": SEND_DATA},
        optional={"success": MOSTLY_RECORD, "fail": MOSTLY_RECORD, "complete": MOSTLY_RECORD},
    ),
    odds=10,
)


@SETTINGS
@given(options=SEND_OPTIONS | st.fixed_dictionaries({}, optional={"success": MOSTLY_RECORD}))
async def test_send_never_raises_and_always_answers(
    rt: Runtime, open_task: SocketTask, options: Any
) -> None:
    tracker = Tracker(rt)
    open_task.send(with_callbacks(options, tracker))
    await tracker.until(lambda: len(tracker.fired("send")) == 2)
    fired = tracker.fired("send")
    ok = assert_api_outcome(fired, "sendSocketMessage", "")
    event("sent" if ok else "refused")
    data = options.get("data") if isinstance(options, dict) else None
    valid = isinstance(data, bytes | bytearray | memoryview) or (
        isinstance(data, str) and not any(0xD800 <= ord(c) <= 0xDFFF for c in data)
    )
    assert ok == (valid and not _bad_callbacks(options))
    if ok:
        # The echo comes back, as the same type (text stays text, bytes stay bytes).
        await tracker.until(lambda: len(tracker.heard("onMessage")) == 1)
        echoed = tracker.heard("onMessage")[0].payload["data"]
        assert isinstance(data, str | bytes | bytearray | memoryview)
        assert echoed == (data if isinstance(data, str) else bytes(data))
    assert open_task.ready_state == ReadyState.OPEN
    check_consistent(rt, [open_task])


def _bad_callbacks(options: Any) -> bool:
    if not isinstance(options, dict):
        return True
    return any(
        options.get(n) not in (None, "record", "missing") and not callable(options.get(n))
        for n in ("success", "fail", "complete")
    )


# -- close -----------------------------------------------------------------------------------

CLOSE_OPTIONS: Final = mostly(
    st.fixed_dictionaries(
        {},
        optional={
            "code": mostly(
                st.sampled_from([1000, 1001, 1005, 1006, 1015, 2999, 3000, 4999, 5000])
                | st.integers()
            ),
            "reason": mostly(st.text(max_size=130) | st.just("\ud800")),
            "success": MOSTLY_RECORD,
            "fail": MOSTLY_RECORD,
        },
    ),
    odds=10,
)


@SETTINGS
@given(options=CLOSE_OPTIONS | st.none())
async def test_close_never_raises_and_always_answers(
    peers: Peers, rt: Runtime, options: Any
) -> None:
    tracker = Tracker(rt)
    task = rt.connect_socket({"url": peers.echo.url})
    await tracker.until(lambda: task.ready_state == ReadyState.OPEN)
    task.close(with_callbacks(options, tracker))
    await tracker.until(lambda: len(tracker.fired("close")) == 2)
    fired = tracker.fired("close")
    ok = assert_api_outcome(fired, "closeSocket", "")
    event("closed" if ok else "refused")
    if ok:
        code, reason = _close_args(options)
        async with asyncio.timeout(UNIT):
            await task.wait_closed()
        # The echo peer answers with the same code; the reason comes back unchanged.
        assert peers.echo.frames[-1].close_code == code
        assert peers.echo.frames[-1].close_reason == reason.encode()
    else:
        assert task.ready_state == ReadyState.OPEN
        task.close()
        async with asyncio.timeout(UNIT):
            await task.wait_closed()
    check_consistent(rt, [task])


def _close_args(options: Any) -> tuple[int, str]:
    if options is None:
        return 1000, ""
    code = options.get("code")
    reason = options.get("reason")
    return (1000 if code is None else code), ("" if reason is None else reason)


# -- any sequence of calls -------------------------------------------------------------------


OPERATIONS: Final = st.lists(
    st.one_of(
        st.tuples(st.just("connect"), st.sampled_from(["echo", "refused", "bad", "hang"])),
        st.tuples(
            st.just("send"),
            st.integers(0, 9),
            st.one_of(st.text(max_size=5), st.binary(max_size=5), JUNK),
        ),
        st.tuples(
            st.just("close"), st.integers(0, 9), st.sampled_from([None, 1000, 4000, 1005, "x"])
        ),
        st.tuples(st.just("settle"), st.integers(0, 9)),
    ),
    max_size=25,
)


@settings(SETTINGS, max_examples=60)
@given(ops=OPERATIONS, cap=st.integers(1, 4))
async def test_any_sequence_keeps_the_books(peers: Peers, ops: list[Any], cap: int) -> None:
    """After any sequence of calls, active tasks are those not CLOSED, never above the cap."""
    silent = HostileServer(HostileMode.NO_ANSWER)
    await silent.start()
    rt = Runtime(legal_domains=LOOPBACK, max_sockets=cap, close_timeout=1.0, default_timeout_ms=300)
    tracker = Tracker(rt)
    tasks: list[SocketTask] = []
    urls = {
        "echo": peers.echo.url,
        "refused": f"ws://127.0.0.1:{peers.refused_port}/",
        "bad": "ws://127.0.0.1:0/",
        "hang": silent.url,
    }
    try:
        for op in ops:
            if op[0] == "connect":
                tasks.append(rt.connect_socket({"url": urls[op[1]]}))
            elif op[0] == "send" and tasks:
                tasks[op[1] % len(tasks)].send({"data": op[2]})
            elif op[0] == "close" and tasks:
                code = op[2]
                tasks[op[1] % len(tasks)].close(None if code is None else {"code": code})
            elif op[0] == "settle" and tasks:
                task = tasks[op[1] % len(tasks)]
                if task.ready_state is not None:
                    await tracker.until(partial(_not_connecting, task))
            check_consistent(rt, tasks)
        # Every call answered: one complete per connect, send and close that was made.
        await tracker.until(lambda: tracker.completes() == tracker.api_calls())
        created = [t for t in tasks if t.ready_state is not None]
        assert len(created) <= len(tasks)
    finally:
        await rt.aclose(grace=1.0)
        await silent.stop()
    check_consistent(rt, tasks)
    assert rt.active_tasks == []
    for task in tasks:
        assert task.ready_state in (None, ReadyState.CLOSED)
    # Each created task told its story to the end: exactly one onClose.
    closes = sorted(e.task_id or 0 for e in tracker.heard("onClose"))
    assert closes == sorted(t.socket_task_id or 0 for t in tasks if t.ready_state is not None)


def _not_connecting(task: SocketTask) -> bool:
    return task.ready_state != ReadyState.CONNECTING


# -- Runtime settings ------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(
    kwargs=st.fixed_dictionaries(
        {},
        optional={
            "mode": st.one_of(st.sampled_from(["test", "release", "prod", "", "TEST"]), JUNK),
            "legal_domains": st.one_of(
                st.lists(
                    st.one_of(
                        st.sampled_from(["a.com", "[::1]:80", "x:0", "ws://a"]),
                        st.text(max_size=8),
                        JUNK,
                    ),
                    max_size=3,
                ),
                JUNK,
            ),
            "max_sockets": st.one_of(st.integers(-2, 10), JUNK),
            "default_timeout_ms": JUNK,
            "max_message_size": st.one_of(st.integers(-2, 1 << 30), JUNK),
            "close_timeout": JUNK,
            "ping_interval": JUNK,
            "ca_file": st.one_of(st.just("/nonexistent/ca.pem"), JUNK),
        },
    )
)
def test_runtime_settings_are_accepted_or_refused_with_a_reason(kwargs: dict[str, Any]) -> None:
    try:
        rt = Runtime(**kwargs)
    except ConfigError as exc:
        message = str(exc)
    else:
        message = ""
    if message:
        assert "Traceback" not in message
        assert len(message) < 300
        return
    assert rt.max_sockets >= 1
    assert rt.max_message_size is None or rt.max_message_size >= 1
    assert math.isfinite(rt.default_timeout_ms)
    assert rt.default_timeout_ms > 0
    assert math.isfinite(rt.close_timeout)
    assert rt.close_timeout > 0
    assert rt.ping_interval is None or rt.ping_interval > 0


def test_weird_value_helpers_behave() -> None:
    """The strategies above really contain hostile values (a self-check of this module)."""
    with pytest.raises(RuntimeError):
        str(Weird())
    with pytest.raises(ValueError):  # noqa: PT011
        str(10**5000)


__all__ = ["Peers", "Tracker", "check_consistent"]
