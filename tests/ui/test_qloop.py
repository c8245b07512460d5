"""The app's asyncio-on-Qt loop (:mod:`ui.qloop`): real Qt (offscreen), real asyncio,
real sockets on 127.0.0.1.

Every test runs its coroutine with ``asyncio.Runner`` on a loop from
:func:`ui.qloop.create_event_loop`, as the app does, and bounds it with
``asyncio.timeout``; nothing waits by sleeping.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import warnings
import weakref
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from PySide6.QtCore import QAbstractEventDispatcher, QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
from websockets.asyncio.client import connect
from websockets.asyncio.server import ServerConnection, serve

from tests.ui import test_qasync_soak
from ui.qloop import QtEventLoop, create_event_loop

T = TypeVar("T")

# Seconds: the upper bound of any one test's coroutine.
LIMIT = 5.0

Main = Callable[[], Coroutine[Any, Any, T]]


@pytest.fixture(params=["direct", "deferred"])
def io_mode(request: pytest.FixtureRequest) -> str:
    """Socket callbacks run from the notifier when nothing is queued ("direct", the
    default), or always through the ready queue ("deferred", qasync's way)."""
    return str(request.param)


def make_loop(app: QCoreApplication, io_mode: str = "direct") -> QtEventLoop:
    loop = create_event_loop(app)
    assert isinstance(loop, QtEventLoop)
    if io_mode == "deferred":
        loop._direct_io = False
    return loop


def run(app: QCoreApplication, main: Main[T], *, io_mode: str = "direct", debug: bool = False) -> T:
    """Run ``main()`` to completion on a fresh loop (closed after), at most LIMIT seconds."""

    async def bounded() -> T:
        async with asyncio.timeout(LIMIT):
            return await main()

    with asyncio.Runner(debug=debug, loop_factory=lambda: make_loop(app, io_mode)) as runner:
        return runner.run(bounded())


@pytest.fixture
def socket_pair() -> Iterator[tuple[socket.socket, socket.socket]]:
    a, b = socket.socketpair()
    a.setblocking(False)
    b.setblocking(False)
    try:
        yield a, b
    finally:
        a.close()
        b.close()


# -- ready callbacks -----------------------------------------------------------------


def test_call_soon_runs_callbacks_in_order(qapp: QApplication) -> None:
    async def main() -> list[int]:
        loop = asyncio.get_running_loop()
        order: list[int] = []
        done = loop.create_future()
        for i in range(500):
            loop.call_soon(order.append, i)
        loop.call_soon(done.set_result, None)
        await done
        return order

    assert run(qapp, main) == list(range(500))


def test_callbacks_added_during_a_turn_run_in_the_next_one(qapp: QApplication) -> None:
    async def main() -> list[str]:
        loop = asyncio.get_running_loop()
        order: list[str] = []
        done = loop.create_future()

        def first() -> None:
            order.append("first")
            loop.call_soon(order.append, "added by first")
            loop.call_soon(done.set_result, None)

        def posted() -> None:
            order.append("qt")

        loop.call_soon(first)
        loop.call_soon(order.append, "second")
        loop.call_soon(QTimer.singleShot, 0, posted)
        await done
        return order

    # "qt" is a Qt event posted during the first turn: it is delivered before the next.
    assert run(qapp, main) == ["first", "second", "qt", "added by first"]


class _Ticker:
    """A zero-interval Qt timer (started) that counts how often it fired."""

    def __init__(self) -> None:
        self.ticks = 0
        self.timer = QTimer()
        self.timer.setInterval(0)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        self.ticks += 1


class _Recorder(QObject):
    """Counts the custom events posted to it."""

    TYPE = QEvent.Type(QEvent.registerEventType())

    def __init__(self) -> None:
        super().__init__()
        self.seen = 0

    def event(self, event: QEvent) -> bool:
        if event.type() == self.TYPE:
            self.seen += 1
            return True
        return super().event(event)


def test_sleep_zero_lets_qt_deliver_events_and_run_timers(qapp: QApplication) -> None:
    async def main() -> tuple[list[int], list[int], list[int]]:
        recorder = _Recorder()
        ticker = _Ticker()
        posted, ticked, single = [], [], []
        try:
            for i in range(200):
                QCoreApplication.postEvent(recorder, QEvent(_Recorder.TYPE))
                shots: list[int] = []
                QTimer.singleShot(0, lambda i=i, shots=shots: shots.append(i))
                before = ticker.ticks
                await asyncio.sleep(0)
                posted.append(recorder.seen)
                ticked.append(ticker.ticks - before)
                single.append(len(shots))
        finally:
            ticker.timer.stop()
        return posted, ticked, single

    posted, ticked, single = run(qapp, main)
    # One await asyncio.sleep(0): the posted event, the single-shot timer and a tick of
    # the repeating zero timer have all happened.
    assert posted == list(range(1, 201))
    assert min(ticked) >= 1
    assert single == [1] * 200


def test_cancelled_handles_never_run(qapp: QApplication) -> None:
    async def main() -> list[str]:
        loop = asyncio.get_running_loop()
        ran: list[str] = []
        done = loop.create_future()
        early = loop.call_soon(ran.append, "cancelled before the turn")
        early.cancel()
        later: list[asyncio.Handle] = []

        def cancel_the_next() -> None:
            ran.append("canceller")
            later[0].cancel()

        loop.call_soon(cancel_the_next)
        later.append(loop.call_soon(ran.append, "cancelled in the same turn"))
        timer = loop.call_later(0.001, ran.append, "cancelled timer")
        timer.cancel()
        loop.call_later(0.02, done.set_result, None)
        await done
        return ran

    assert run(qapp, main) == ["canceller"]


def test_exceptions_go_to_the_exception_handler(qapp: QApplication) -> None:
    async def main() -> tuple[list[dict[str, Any]], list[str]]:
        loop = asyncio.get_running_loop()
        contexts: list[dict[str, Any]] = []
        loop.set_exception_handler(lambda _loop, context: contexts.append(context))
        ran: list[str] = []
        done = loop.create_future()

        def fail() -> None:
            raise ValueError("boom")

        failing = loop.call_soon(fail)
        loop.call_soon(ran.append, "after")  # the same turn goes on
        loop.call_soon(done.set_result, None)
        await done
        assert contexts[0]["handle"] is failing
        return contexts, ran

    contexts, ran = run(qapp, main)
    assert ran == ["after"]
    assert len(contexts) == 1
    assert isinstance(contexts[0]["exception"], ValueError)
    assert "Exception in callback" in contexts[0]["message"]


def test_default_exception_handler_logs(
    qapp: QApplication, caplog: pytest.LogCaptureFixture
) -> None:
    async def main() -> None:
        loop = asyncio.get_running_loop()
        done = loop.create_future()

        def fail() -> None:
            raise ValueError("logged, not lost")

        loop.call_soon(fail)
        loop.call_soon(done.set_result, None)
        await done

    with caplog.at_level(logging.ERROR):
        run(qapp, main)
    assert any("logged, not lost" in (r.exc_text or "") for r in caplog.records), caplog.text


def test_debug_mode_checks_callbacks_and_logs_slow_ones(
    qapp: QApplication, caplog: pytest.LogCaptureFixture
) -> None:
    async def main() -> asyncio.Handle | None:
        loop = asyncio.get_running_loop()
        assert loop.get_debug()
        loop.slow_callback_duration = 0.0  # every callback is "slow"
        seen: list[asyncio.Handle | None] = []
        done = loop.create_future()

        async def coroutine_function() -> None:
            pass

        with pytest.raises(TypeError, match="coroutines cannot be used"):
            loop.call_soon(coroutine_function)
        handle = loop.call_soon(lambda: seen.append(getattr(loop, "_current_handle", None)))
        loop.call_soon(done.set_result, None)
        await done
        assert seen == [handle]
        return handle

    with caplog.at_level(logging.WARNING, logger="ui.qloop"):
        run(qapp, main, debug=True)
    slow = [r.getMessage() for r in caplog.records if r.name == "ui.qloop"]
    assert any(m.startswith("Executing <Handle") and "took" in m for m in slow), slow


# -- timers, threads, executors, signals -----------------------------------------------


def test_call_later_runs_in_time_order_and_not_early(qapp: QApplication) -> None:
    async def main() -> list[tuple[str, float]]:
        loop = asyncio.get_running_loop()
        start = loop.time()
        order: list[tuple[str, float]] = []
        done = loop.create_future()

        def note(name: str) -> None:
            order.append((name, loop.time() - start))

        loop.call_later(0.06, note, "60 ms")
        loop.call_later(0.02, note, "20 ms")
        loop.call_at(start + 0.04, note, "40 ms (call_at)")
        loop.call_later(0, note, "0 ms")
        loop.call_soon(note, "soon")
        loop.call_later(0.08, done.set_result, None)
        await done
        return order

    order = run(qapp, main)
    # A zero delay is a call_soon: first come, first served.
    assert [name for name, _ in order] == ["0 ms", "soon", "20 ms", "40 ms (call_at)", "60 ms"]
    # Qt's coarse timers may fire up to 5 % early (plus the millisecond qasync rounds off).
    for name, elapsed in order[2:]:
        assert elapsed >= int(name.split()[0]) / 1000 * 0.95 - 0.001, (name, elapsed)


def test_call_soon_threadsafe_from_threads_wakes_the_loop(qapp: QApplication) -> None:
    threads, per_thread = 4, 500

    async def main() -> tuple[float, dict[int, list[int]]]:
        loop = asyncio.get_running_loop()
        # One call from a thread while the loop has nothing else to do: only the wake-up
        # can run it before the test's time limit.
        first = loop.create_future()
        started = time.monotonic()
        worker = threading.Thread(target=loop.call_soon_threadsafe, args=(first.set_result, 1))
        worker.start()
        assert await first == 1
        woke_after = time.monotonic() - started
        await loop.run_in_executor(None, worker.join)

        received: dict[int, list[int]] = {n: [] for n in range(threads)}
        all_done = loop.create_future()
        total = threads * per_thread

        def receive(n: int, i: int) -> None:
            received[n].append(i)
            if sum(map(len, received.values())) == total:
                all_done.set_result(None)

        def send(n: int) -> None:
            for i in range(per_thread):
                loop.call_soon_threadsafe(receive, n, i)

        workers = [threading.Thread(target=send, args=(n,)) for n in range(threads)]
        for w in workers:
            w.start()
        await all_done
        for w in workers:
            await loop.run_in_executor(None, w.join)
        return woke_after, received

    woke_after, received = run(qapp, main)
    assert woke_after < LIMIT / 2  # woken, not found by the time limit
    assert received == {n: list(range(per_thread)) for n in range(threads)}


def test_call_soon_from_another_thread_does_not_wedge_the_loop(qapp: QApplication) -> None:
    """``call_soon`` is not thread-safe (asyncio's rule), but a misplaced call must not
    leave the loop believing its timer armed: Qt cannot start a timer from there."""

    async def main() -> list[str]:
        loop = asyncio.get_running_loop()
        ran: list[str] = []
        first, second = loop.create_future(), loop.create_future()

        def note(name: str, done: asyncio.Future[None]) -> None:
            ran.append(name)
            done.set_result(None)

        worker = threading.Thread(target=loop.call_soon, args=(note, "thread", first))
        worker.start()
        await first
        await loop.run_in_executor(None, worker.join)
        loop.call_soon(note, "gui", second)
        await second
        return ran

    assert run(qapp, main) == ["thread", "gui"]


def test_run_in_executor_and_threadsafe_futures(qapp: QApplication) -> None:
    async def main() -> tuple[int, int]:
        loop = asyncio.get_running_loop()
        in_thread = await loop.run_in_executor(None, threading.get_ident)

        async def answer() -> int:
            return 42

        holder: list[int] = []

        def from_thread() -> None:
            holder.append(asyncio.run_coroutine_threadsafe(answer(), loop).result(timeout=LIMIT))

        await loop.run_in_executor(None, from_thread)
        return in_thread, holder[0]

    in_thread, value = run(qapp, main)
    assert in_thread != threading.get_ident()
    assert value == 42


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_signal_handlers_run_on_the_loop(qapp: QApplication) -> None:
    async def main() -> int:
        loop = asyncio.get_running_loop()
        got = loop.create_future()
        loop.add_signal_handler(signal.SIGUSR1, got.set_result, signal.SIGUSR1)
        try:
            os.kill(os.getpid(), signal.SIGUSR1)
            return int(await got)
        finally:
            loop.remove_signal_handler(signal.SIGUSR1)

    assert run(qapp, main) == signal.SIGUSR1


# -- sockets -------------------------------------------------------------------------


def test_reader_survives_garbage_collection(
    qapp: QApplication, socket_pair: tuple[socket.socket, socket.socket], io_mode: str
) -> None:
    a, b = socket_pair

    async def main() -> bytes:
        loop = asyncio.get_running_loop()
        got: asyncio.Future[bytes] = loop.create_future()
        loop.add_reader(a, lambda: got.set_result(a.recv(10)) if not got.done() else None)
        gc.collect()  # nothing but the notifier's connection holds the callback
        b.send(b"ping")
        try:
            return await got
        finally:
            loop.remove_reader(a)

    assert run(qapp, main, io_mode=io_mode) == b"ping"


def test_socket_callbacks_keep_asyncio_order(
    qapp: QApplication, socket_pair: tuple[socket.socket, socket.socket], io_mode: str
) -> None:
    """A callback queued before the socket became ready runs before the socket's."""
    a, b = socket_pair

    async def main() -> list[str]:
        loop = asyncio.get_running_loop()
        order: list[str] = []
        done = loop.create_future()

        def on_read() -> None:
            order.append(f"read {a.recv(10)!r}")
            if len(order) >= 4:
                done.set_result(None)

        loop.add_reader(a, on_read)
        try:
            await asyncio.sleep(0)
            b.send(b"1")
            loop.call_soon(order.append, "queued before")
            await asyncio.sleep(0)
            await asyncio.sleep(0)
            b.send(b"2")
            loop.call_soon(order.append, "queued before 2")
            await done
        finally:
            loop.remove_reader(a)
        return order

    assert run(qapp, main, io_mode=io_mode) == [
        "queued before",
        "read b'1'",
        "queued before 2",
        "read b'2'",
    ]


def test_socket_exceptions_go_to_the_exception_handler(
    qapp: QApplication, socket_pair: tuple[socket.socket, socket.socket], io_mode: str
) -> None:
    a, b = socket_pair

    async def main() -> tuple[list[dict[str, Any]], bytes]:
        loop = asyncio.get_running_loop()
        contexts: list[dict[str, Any]] = []
        loop.set_exception_handler(lambda _loop, context: contexts.append(context))
        got = loop.create_future()
        calls = 0

        def on_read() -> None:
            nonlocal calls
            calls += 1
            data = a.recv(1)
            if calls == 1:
                raise RuntimeError("reader failed")
            got.set_result(data)
            loop.remove_reader(a)

        loop.add_reader(a, on_read)
        b.send(b"xy")
        return contexts, await got

    contexts, second = run(qapp, main, io_mode=io_mode)
    assert second == b"y"  # the notifier was enabled again after the failure
    assert [type(c["exception"]) for c in contexts] == [RuntimeError]


@pytest.mark.parametrize("with_task", [False, True], ids=["alone", "with a task"])
def test_a_busy_socket_does_not_starve_timers(
    qapp: QApplication,
    socket_pair: tuple[socket.socket, socket.socket],
    io_mode: str,
    with_task: bool,
) -> None:
    """A socket that stays readable: Qt's timers, the loop's timers and a task that keeps
    yielding all get their turns; the socket's callback runs at most once per turn."""
    a, b = socket_pair
    queued = 50_000

    async def main() -> tuple[int, int, int, int]:
        loop = asyncio.get_running_loop()
        assert isinstance(loop, QtEventLoop)
        sent = 0
        while sent < queued:
            sent += b.send(b"x" * (queued - sent))
        reads = 0

        def on_read() -> None:
            nonlocal reads
            a.recv(1)  # the socket stays readable
            reads += 1

        ticker = _Ticker()
        fired = loop.create_future()
        steps = 0

        async def stepper() -> None:
            nonlocal steps
            while not fired.done():
                await asyncio.sleep(0)
                steps += 1

        stepping = asyncio.create_task(stepper()) if with_task else None
        turns = loop._turn
        loop.add_reader(a, on_read)
        loop.call_later(0.02, fired.set_result, None)
        try:
            await fired
        finally:
            loop.remove_reader(a)
            ticker.timer.stop()
            if stepping is not None:
                await stepping
        return reads, ticker.ticks, steps, loop._turn - turns

    reads, ticks, steps, turns = run(qapp, main, io_mode=io_mode)
    assert 0 < reads < queued  # the timer fired while the socket was still readable
    assert ticks > 0
    assert reads <= turns + 1, (reads, turns)
    if with_task:
        # The task steps once per turn; the socket, behind it in the queue, too.
        assert abs(reads - steps) <= max(3, reads // 10), (reads, steps)


def test_reader_closing_its_socket_in_its_callback(qapp: QApplication, io_mode: str) -> None:
    """The notifier of a socket closed by its own callback is deleted safely, later."""

    async def main() -> int:
        loop = asyncio.get_running_loop()
        closed = 0
        for _ in range(200):
            a, b = socket.socketpair()
            a.setblocking(False)
            got = loop.create_future()

            def on_read(a: socket.socket = a, got: asyncio.Future[None] = got) -> None:
                a.recv(10)
                loop.remove_reader(a)
                a.close()
                got.set_result(None)

            loop.add_reader(a, on_read)
            b.send(b"bye")
            await got
            b.close()
            closed += 1
            if closed % 50 == 0:
                gc.collect()
        return closed

    assert run(qapp, main, io_mode=io_mode) == 200


async def _echo(ws: ServerConnection) -> None:
    async for message in ws:
        await ws.send(message)


def test_websockets_echo_round_trips(qapp: QApplication, io_mode: str) -> None:
    payloads: list[str | bytes] = ["hello", "你好", os.urandom(65536), b"", "x" * 70_000]

    async def main() -> tuple[list[str | bytes], list[str | bytes]]:
        async with serve(_echo, "127.0.0.1", 0, compression=None) as server:
            port = server.sockets[0].getsockname()[1]
            async with connect(f"ws://127.0.0.1:{port}/", compression=None) as ws:
                echoed = []
                for payload in payloads:
                    await ws.send(payload)
                    echoed.append(await ws.recv())
                # Pipelined: 16 in flight, as the bench's client.
                pipelined = [f"message {i}" for i in range(200)]
                received: list[str | bytes] = []
                for message in pipelined[:16]:
                    await ws.send(message)
                for i in range(len(pipelined)):
                    received.append(await ws.recv())
                    if i + 16 < len(pipelined):
                        await ws.send(pipelined[i + 16])
                assert received == pipelined
                return echoed, received

    echoed, _ = run(qapp, main, io_mode=io_mode)
    assert echoed == payloads


# -- stopping and closing ------------------------------------------------------------


def test_stop_then_run_again_keeps_queued_callbacks(qapp: QApplication) -> None:
    loop = make_loop(qapp)
    try:
        ran: list[str] = []

        def stop_here() -> None:
            ran.append("stop")
            loop.stop()
            loop.call_soon(ran.append, "after stop")  # next turn: the next run

        loop.call_soon(stop_here)
        loop.call_soon(ran.append, "same turn")  # asyncio finishes the turn
        loop.run_forever()
        assert ran[:2] == ["stop", "same turn"]
        assert loop.run_until_complete(asyncio.sleep(0, "again")) == "again"
        assert "after stop" in ran
    finally:
        loop.close()


def test_close_drops_queued_callbacks_without_leaks_or_warnings(qapp: QApplication) -> None:
    class Payload:
        pass

    ran: list[object] = []
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loop = make_loop(qapp)

        async def main() -> str:
            loop.call_soon(ran.append, "during")
            await asyncio.sleep(0)
            return "result"

        assert loop.run_until_complete(main()) == "result"
        payload = Payload()
        alive = weakref.ref(payload)
        loop.call_soon(ran.append, payload)
        loop.call_soon_threadsafe(ran.append, "threadsafe")
        loop.call_later(0.001, ran.append, "timer")
        del payload
        loop.close()
        assert loop.is_closed()
        loop.close()  # twice is fine
        # After close, callbacks are dropped (qasync's behaviour), never run.
        loop.call_soon(ran.append, "after close")
        loop.call_soon_threadsafe(ran.append, "after close, threadsafe")
        for _ in range(20):
            QCoreApplication.processEvents()
        gc.collect()
    assert ran == ["during"]
    assert alive() is None


def test_a_closed_loop_owns_no_qt_timer(qapp: QApplication) -> None:
    """Callbacks with a delay still pending, and the ready queue's timer, are stopped."""
    loop = make_loop(qapp)
    loop.call_later(30, print, "never")
    loop.call_later(0.5, print, "never").cancel()
    loop.call_soon(print, "never")
    dispatcher = QAbstractEventDispatcher.instance()
    assert dispatcher is not None
    assert len(dispatcher.registeredTimers(loop._timer)) == 2
    assert len(dispatcher.registeredTimers(loop._pump)) == 1
    loop.close()
    assert dispatcher.registeredTimers(loop._timer) == []
    assert dispatcher.registeredTimers(loop._pump) == []


FREED_ELSEWHERE = """
import asyncio, gc, os, sys, threading, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication
from ui.qloop import create_event_loop

app = QApplication([])

async def main():
    loop = asyncio.get_running_loop()
    loop.call_later(0.2, print, "never")  # still pending when the loop closes
    async with asyncio.timeout(30):       # the same, cancelled
        await asyncio.sleep(0)

gc.disable()
with asyncio.Runner(loop_factory=lambda: create_event_loop(app)) as runner:
    runner.run(main())
    loop = runner.get_loop()
cycle = [loop]
cycle.append(cycle)                       # only a collection can free it now
del loop, runner, cycle
worker = threading.Thread(target=gc.collect)
worker.start()
worker.join()
end = time.monotonic() + 0.5              # past the pending timer
while time.monotonic() < end:
    QCoreApplication.processEvents()
print("ok")
"""


def test_a_closed_loop_freed_on_another_thread_leaves_no_timer(tmp_path: Path) -> None:
    """A garbage collection that runs on a worker thread may free a closed loop there; Qt
    cannot stop timers across threads, and a timer left behind crashes when it fires."""
    script = tmp_path / "freed_elsewhere.py"
    script.write_text(FREED_ELSEWHERE, encoding="utf-8")
    root = test_qasync_soak.ROOT
    proc = subprocess.run(
        [sys.executable, "-X", "faulthandler", str(script)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=str(root),
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(root)),
        check=False,
    )
    assert proc.returncode == 0, f"exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    assert proc.stdout.split() == ["ok"]
    assert "Timers cannot be stopped from another thread" not in proc.stderr, proc.stderr


def test_removed_notifiers_are_freed_by_reference_counting(
    qapp: QApplication, socket_pair: tuple[socket.socket, socket.socket], io_mode: str
) -> None:
    """No reference cycles: a removed socket notifier goes at once (on the GUI thread),
    not whenever, and wherever, the garbage collector next runs."""
    a, b = socket_pair

    async def main() -> list[bool]:
        loop = asyncio.get_running_loop()
        assert isinstance(loop, QtEventLoop)
        alive: list[Callable[[], object]] = []
        for _ in range(3):
            got: asyncio.Future[bytes] = loop.create_future()

            def on_read(got: asyncio.Future[bytes] = got) -> None:
                if not got.done():
                    got.set_result(a.recv(10))

            loop.add_reader(a, on_read)
            alive.append(weakref.ref(loop._read_notifiers[a]))
            b.send(b"x")
            await got
            loop.remove_reader(a)
            await asyncio.sleep(0)
            await asyncio.sleep(0)
        return [ref() is None for ref in alive]

    enabled = gc.isenabled()
    gc.disable()
    try:
        assert run(qapp, main, io_mode=io_mode) == [True, True, True]
    finally:
        if enabled:
            gc.enable()


def test_paused_transport_keeps_its_notifier(
    qapp: QApplication, socket_pair: tuple[socket.socket, socket.socket], io_mode: str
) -> None:
    """A transport that pauses and resumes reading (what a flood makes it do every
    turn) gets its own notifier back, enabled, and reads on; once it closes, the kept
    notifier goes too."""
    a, b = socket_pair

    class Reader(asyncio.Protocol):
        def __init__(self) -> None:
            self.chunks: asyncio.Queue[bytes] = asyncio.Queue()
            self.lost: asyncio.Future[None] = asyncio.get_running_loop().create_future()

        def data_received(self, data: bytes) -> None:
            self.chunks.put_nowait(data)

        def connection_lost(self, exc: Exception | None) -> None:
            self.lost.set_result(None)

    async def main() -> tuple[list[bytes], bool, bool, bool]:
        loop = asyncio.get_running_loop()
        assert isinstance(loop, QtEventLoop)
        transport, reader = await loop.connect_accepted_socket(Reader, sock=a)
        fd = a.fileno()
        first = loop._read_notifiers[fd]
        got: list[bytes] = []
        for n in range(3):
            transport.pause_reading()
            assert fd not in loop._read_notifiers
            b.send(b"%d" % n)  # not read while paused
            transport.resume_reading()
            got.append(await reader.chunks.get())
        same = loop._read_notifiers[fd] is first
        kept = weakref.ref(first)
        del first
        transport.pause_reading()
        transport.close()
        await reader.lost
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        return got, same, fd in loop._paused_watches, kept() is None

    enabled = gc.isenabled()
    gc.disable()
    try:
        got, same, still_kept, freed = run(qapp, main, io_mode=io_mode)
    finally:
        if enabled:
            gc.enable()
    assert got == [b"0", b"1", b"2"]
    assert same
    assert not still_kept
    assert freed


def test_closing_a_running_loop_is_refused(qapp: QApplication) -> None:
    async def main() -> None:
        with pytest.raises(RuntimeError):
            asyncio.get_running_loop().close()

    run(qapp, main)


# -- the PySide6 6.12 trap, on this loop -----------------------------------------------


def test_soak_on_this_loop(tmp_path: Path) -> None:
    """tests/ui/test_qasync_soak.py's child, run on this loop instead of qasync's own."""
    stock = "loop_factory=lambda: qasync.QEventLoop(app)"
    assert stock in test_qasync_soak.CHILD
    child = test_qasync_soak.CHILD.replace(
        stock, "loop_factory=lambda: __import__('ui.qloop').qloop.create_event_loop(app)"
    )
    script = tmp_path / "soak.py"
    script.write_text(child, encoding="utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            "-X",
            "faulthandler",
            str(script),
            str(test_qasync_soak.SLEEPS),
            str(test_qasync_soak.WIDGET_ROUNDS),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=str(test_qasync_soak.ROOT),
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(test_qasync_soak.ROOT)),
        check=False,
    )
    assert proc.returncode == 0, f"exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    report = dict(item.split("=") for item in proc.stdout.split())
    assert int(report["rounds"]) == test_qasync_soak.WIDGET_ROUNDS
    assert abs(int(report["none_delta"])) < 5_000, report
    assert float(report["elapsed"]) < 60
