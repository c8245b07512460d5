"""Long runs: connect/close cycles and message soaks leave nothing behind.

What is measured, before and after (after a warm-up, so caches and pools are full):
open sockets (``Runtime.active_tasks``), asyncio tasks, file descriptors of this
process, SocketTask objects still alive, objects tracked by the garbage collector,
and the resident memory of the process.

The default run is bounded to a few seconds. ``TTSOCKET_SOAK=1`` runs the long
versions (minutes). Bounds, in both:

- active tasks, asyncio tasks, live SocketTasks: back to the baseline exactly;
- file descriptors: at most :data:`FD_SLACK` more than the baseline;
- objects: at most :data:`OBJECT_SLACK` more (a leak of one object per cycle is
  at least 1,000);
- resident memory: at most :data:`RSS_SLACK` more (keeping every message of the
  soak would be about 30 MiB).

The message soak is "10 minutes equivalent": 10 messages a second for 600 s is
6,000 messages, and keep-alive pings run every 0.25 s instead of every 20 s, so a
few seconds of run carry about as many pings as 10 minutes (30). The ping interval
is also the pong deadline, so it cannot be much shorter on a busy 2-core machine.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import weakref
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pytest
from websockets.asyncio.server import Server, ServerConnection, serve

from app import ReadyState, Runtime, SocketTask
from tests.servers.hostile import EXPECTED, HostileMode, hostile_server

from .conftest import UNIT, Recorder

logger = logging.getLogger(__name__)

SOAK: Final = os.environ.get("TTSOCKET_SOAK") == "1"
long_only = pytest.mark.skipif(not SOAK, reason="long soak: set TTSOCKET_SOAK=1")

CYCLES: Final = 1_000
LONG_CYCLES: Final = 10_000
MESSAGES: Final = 6_000  # 10 minutes at 10 messages a second
LONG_MESSAGES: Final = 60_000  # 10 minutes at 100 messages a second
HOSTILE_ROUNDS: Final = 3
LONG_HOSTILE_ROUNDS: Final = 30
FD_SLACK: Final = 4
OBJECT_SLACK: Final = 300
RSS_SLACK: Final = 8 << 20


def _fds() -> int:
    return len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else 0


def _rss() -> int:
    """Resident memory in bytes (0 where /proc is missing)."""
    try:
        pages = int(Path("/proc/self/statm").read_text(encoding="ascii").split()[1])
    except (OSError, IndexError, ValueError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")


@dataclass
class Usage:
    active: int
    tasks: int
    fds: int
    live_tasks: int
    objects: int
    rss: int

    @classmethod
    def now(cls, rt: Runtime, alive: weakref.WeakSet[SocketTask]) -> Usage:
        gc.collect()
        return cls(
            active=len(rt.active_tasks),
            tasks=len(asyncio.all_tasks()),
            fds=_fds(),
            live_tasks=len(alive),
            objects=len(gc.get_objects()),
            rss=_rss(),
        )

    def log_since(self, base: Usage, what: str) -> None:
        logger.info(
            "%s: active %d, asyncio tasks %+d, fds %+d, live SocketTasks %+d, "
            "objects %+d, resident memory %+d KiB",
            what,
            self.active,
            self.tasks - base.tasks,
            self.fds - base.fds,
            self.live_tasks - base.live_tasks,
            self.objects - base.objects,
            (self.rss - base.rss) // 1024,
        )

    def assert_no_growth_since(self, base: Usage, what: str) -> None:
        self.log_since(base, what)
        assert self.active == 0, what
        assert self.tasks <= base.tasks, f"{what}: asyncio tasks {base.tasks} -> {self.tasks}"
        assert self.fds <= base.fds + FD_SLACK, f"{what}: fds {base.fds} -> {self.fds}"
        assert self.live_tasks <= base.live_tasks, (
            f"{what}: SocketTasks alive {base.live_tasks} -> {self.live_tasks}"
        )
        self.assert_memory_since(base, what)

    def assert_memory_since(self, base: Usage, what: str) -> None:
        self.log_since(base, what)
        objects = self.objects - base.objects
        assert objects <= OBJECT_SLACK, f"{what}: {objects} more objects"
        rss = self.rss - base.rss
        assert rss <= RSS_SLACK, f"{what}: resident memory grew by {rss} bytes"


@pytest.fixture(autouse=True)
def _quiet_websockets(caplog: pytest.LogCaptureFixture) -> None:
    """Captured log records are objects too: keep the library's per-connection INFO lines
    (e.g. under ``--log-cli-level=INFO``) out of the object count."""
    caplog.set_level(logging.WARNING, logger="websockets")


async def _echo(conn: ServerConnection) -> None:
    async for message in conn:
        await conn.send(message)


@pytest.fixture
async def echo() -> AsyncIterator[str]:
    """A plain websockets echo server that keeps no per-connection records."""
    server: Server = await serve(_echo, "127.0.0.1", 0, compression=None, max_size=1 << 20)
    try:
        port = server.sockets[0].getsockname()[1]
        yield f"ws://127.0.0.1:{port}/"
    finally:
        server.close()
        await server.wait_closed()


async def _cycle(rt: Runtime, url: str, alive: weakref.WeakSet[SocketTask]) -> None:
    rec = Recorder()
    task = rec.attach(rt.connect_socket({"url": url}))
    alive.add(task)
    await rec.wait_for("onOpen")
    task.send({"data": "hello"})
    await rec.wait_for("onMessage")
    task.close({"code": 1000})
    assert (await rec.wait_for("onClose"))["code"] == 1000
    assert task.ready_state is ReadyState.CLOSED


async def _cycles(rt: Runtime, url: str, count: int, alive: weakref.WeakSet[SocketTask]) -> None:
    # Up to the cap at once, like a user pressing connect on several pages.
    width = rt.max_sockets
    for start in range(0, count, width):
        await asyncio.gather(*(_cycle(rt, url, alive) for _ in range(min(width, count - start))))


async def _connect_close_cycles(echo: str, count: int) -> None:
    rt = Runtime(legal_domains=["127.0.0.1"], close_timeout=2.0)
    alive: weakref.WeakSet[SocketTask] = weakref.WeakSet()
    try:
        await _cycles(rt, echo, 50, alive)  # warm-up
        base = Usage.now(rt, alive)
        async with asyncio.timeout(UNIT * 12 * max(1, count // CYCLES)):
            await _cycles(rt, echo, count, alive)
        Usage.now(rt, alive).assert_no_growth_since(base, f"{count} connect/close cycles")
        assert rt._owned == set()
    finally:
        await rt.aclose()


async def test_connect_close_cycles(echo: str) -> None:
    await _connect_close_cycles(echo, CYCLES)


@long_only
@pytest.mark.timeout(1800)
async def test_connect_close_cycles_long(echo: str) -> None:
    await _connect_close_cycles(echo, LONG_CYCLES)


async def _message_soak(echo: str, count: int) -> None:
    rt = Runtime(legal_domains=["127.0.0.1"], close_timeout=2.0, ping_interval=0.25)
    alive: weakref.WeakSet[SocketTask] = weakref.WeakSet()
    rec = Recorder()
    task = rec.attach(rt.connect_socket({"url": echo}))
    alive.add(task)
    received = 0
    done = asyncio.Event()

    def count_message(_payload: object) -> None:
        nonlocal received
        received += 1
        done.set()

    task.on_message(count_message)
    try:
        await rec.wait_for("onOpen")

        async def batch(first: int, size: int) -> None:
            for i in range(first, first + size):
                data: str | bytes = f"message {i} " + "x" * (i % 97) if i % 3 else bytes(i % 16384)
                task.send({"data": data})
            async with asyncio.timeout(UNIT):
                while received < first + size:
                    done.clear()
                    await done.wait()

        await batch(0, 100)  # warm-up
        rec.calls.clear()  # the recorder keeps every payload; only the client is measured
        base = Usage.now(rt, alive)
        for first in range(100, 100 + count, 500):
            await batch(first, min(500, 100 + count - first))
            rec.calls.clear()
        assert received == count + 100
        assert task.ready_state is ReadyState.OPEN  # the keep-alive pings kept it open
        after = Usage.now(rt, alive)
        assert after.tasks <= base.tasks
        assert after.fds <= base.fds + FD_SLACK
        after.assert_memory_since(base, f"{count} messages")
        task.close()
        assert (await rec.wait_for("onClose"))["code"] == 1000
    finally:
        await rt.aclose()


async def test_message_soak(echo: str) -> None:
    await _message_soak(echo, MESSAGES)


@long_only
@pytest.mark.timeout(1800)
async def test_message_soak_long(echo: str) -> None:
    await _message_soak(echo, LONG_MESSAGES)


async def _hostile_rounds(rounds: int) -> None:
    """Every failure path, repeatedly: failures must not leak either."""
    modes = [m for m in HostileMode if m not in (HostileMode.NO_ANSWER, HostileMode.OK_ECHO)]
    rt = Runtime(
        legal_domains=["127.0.0.1"],
        close_timeout=0.2,
        default_timeout_ms=200,
        max_sockets=len(modes) + 1,
    )
    alive: weakref.WeakSet[SocketTask] = weakref.WeakSet()

    async def one(mode: HostileMode) -> None:
        async with hostile_server(mode) as srv:
            rec = Recorder()
            task = rec.attach(rt.connect_socket({"url": srv.url}))
            alive.add(task)
            if mode is HostileMode.NEVER_ANSWERS_CLOSE:
                await rec.wait_for("onOpen")
                task.close()
            assert (await rec.wait_for("onClose"))["code"] == EXPECTED[mode].close_code

    try:
        await asyncio.gather(*(one(m) for m in modes))  # warm-up
        base = Usage.now(rt, alive)
        for _ in range(rounds):
            await asyncio.gather(*(one(m) for m in modes))
        Usage.now(rt, alive).assert_no_growth_since(base, f"{rounds} rounds of hostile peers")
    finally:
        await rt.aclose()


async def test_hostile_rounds() -> None:
    await _hostile_rounds(HOSTILE_ROUNDS)


@long_only
@pytest.mark.timeout(1800)
async def test_hostile_rounds_long() -> None:
    await _hostile_rounds(LONG_HOSTILE_ROUNDS)
