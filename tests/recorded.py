"""Real event streams for the timeline, log and session tests.

Each recorder drives a real :class:`~app.Runtime` against the real embedded
:class:`~app.server.DemoServer` on 127.0.0.1 and returns every event the runtime
published, in order. Waits are awaited events with a bounded timeout, never sleeps.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from typing import Any

from app import Runtime, SocketTask
from app.events import Event
from app.server import DemoServer, scenario_url

UNIT = 5.0  # seconds: upper bound of any single wait

SCENARIO_NAMES = ("echo", "close_4001", "drop", "tls_failure", "parallel")


class _Waiter:
    """Counts listener calls per name; ``wait`` awaits a count with a timeout."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self._changed = asyncio.Event()

    def hook(self, task: SocketTask, prefix: str = "") -> None:
        for name, register in (
            ("onOpen", task.on_open),
            ("onMessage", task.on_message),
            ("onError", task.on_error),
            ("onClose", task.on_close),
        ):
            register(self._count(prefix + name))

    def _count(self, name: str) -> Callable[[dict[str, Any]], None]:
        def record(_payload: dict[str, Any]) -> None:
            self.counts[name] = self.counts.get(name, 0) + 1
            self._changed.set()

        return record

    async def wait(self, name: str, count: int = 1) -> None:
        async with asyncio.timeout(UNIT):
            while self.counts.get(name, 0) < count:
                self._changed.clear()
                await self._changed.wait()


def _runtime(events: list[Event]) -> Runtime:
    rt = Runtime(mode="test", close_timeout=2.0, ping_interval=None)
    rt.events.subscribe(events.append)
    return rt


async def _closed(*tasks: SocketTask) -> None:
    async with asyncio.timeout(UNIT):
        for task in tasks:
            await task.wait_closed()


async def record_echo(server: DemoServer) -> list[Event]:
    """Connect, three messages echoed (text, JSON text, binary), close 1000."""
    events: list[Event] = []
    rt = _runtime(events)
    w = _Waiter()
    task = rt.connect_socket({"url": server.ws_url, "success": lambda _r: None})
    w.hook(task)
    await w.wait("onOpen")
    task.send({"data": "hello"})
    await w.wait("onMessage", 1)
    task.send({"data": '{"type": "greeting", "text": "hi there", "n": 2}'})
    await w.wait("onMessage", 2)
    task.send({"data": bytes(range(12))})
    await w.wait("onMessage", 3)
    task.close({"code": 1000, "reason": "done"})
    await _closed(task)
    await rt.aclose()
    return events


async def record_close_4001(server: DemoServer) -> list[Event]:
    """The server echoes one message, then closes with 4001 "bye"."""
    events: list[Event] = []
    rt = _runtime(events)
    w = _Waiter()
    url = scenario_url(server.ws_url, "close-after", n=1, code=4001, reason="bye")
    task = rt.connect_socket({"url": url})
    w.hook(task)
    await w.wait("onOpen")
    task.send({"data": "hello"})
    await _closed(task)
    await rt.aclose()
    return events


async def record_drop(server: DemoServer) -> list[Event]:
    """The server drops TCP without a close frame when the first message arrives."""
    events: list[Event] = []
    rt = _runtime(events)
    w = _Waiter()
    task = rt.connect_socket({"url": scenario_url(server.ws_url, "drop", n=1)})
    w.hook(task)
    await w.wait("onOpen")
    task.send({"data": "are you there?"})
    await _closed(task)
    await rt.aclose()
    return events


async def record_tls_failure(server: DemoServer) -> list[Event]:
    """wss:// to the demo server without trusting its CA: the certificate is not trusted."""
    events: list[Event] = []
    rt = _runtime(events)
    task = rt.connect_socket({"url": server.wss_url})
    await _closed(task)
    await rt.aclose()
    return events


async def record_parallel(server: DemoServer) -> list[Event]:
    """Two SocketTasks at once: the second connectSocket does not close the first."""
    events: list[Event] = []
    rt = _runtime(events)
    w = _Waiter()
    first = rt.connect_socket({"url": server.ws_url})
    w.hook(first, "1.")
    second = rt.connect_socket({"url": scenario_url(server.ws_url, "push", interval=10)})
    w.hook(second, "2.")
    await w.wait("1.onOpen")
    await w.wait("2.onOpen")
    first.send({"data": "ping from task 1"})
    await w.wait("1.onMessage", 1)
    second.send({"data": "hello from task 2"})
    await w.wait("2.onMessage", 3)
    first.send({"data": "bye from task 1"})
    await w.wait("1.onMessage", 2)
    first.close({"code": 1000, "reason": "done"})
    await _closed(first)
    await w.wait("2.onMessage", 5)
    second.close({"code": 4000, "reason": "enough"})
    await _closed(second)
    await rt.aclose()
    return events


RECORDERS: dict[str, Callable[[DemoServer], Awaitable[list[Event]]]] = {
    "echo": record_echo,
    "close_4001": record_close_4001,
    "drop": record_drop,
    "tls_failure": record_tls_failure,
    "parallel": record_parallel,
}


async def record_all() -> dict[str, list[Event]]:
    async with DemoServer() as server:
        return {name: await RECORDERS[name](server) for name in SCENARIO_NAMES}


def record_all_sync() -> dict[str, list[Event]]:
    """Record every scenario on a private event loop (for session-scoped fixtures)."""
    with asyncio.Runner() as runner:
        return runner.run(record_all())


@functools.cache
def _recorded_once() -> dict[str, tuple[Event, ...]]:
    return {name: tuple(events) for name, events in record_all_sync().items()}


def recorded_sessions() -> dict[str, list[Event]]:
    """Every scenario's real event stream, recorded once per test process (copies)."""
    return {name: list(events) for name, events in _recorded_once().items()}
