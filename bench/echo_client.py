"""Workload 1 client: echo ping-pong or pipelined against the demo server's echo scenario.

``python -m bench.echo_client --impl IMPL --url URL --mode pingpong|pipelined
--kind text|binary --size BYTES --count N [--warmup N] [--window N]``

Implementations (``--impl``):

``sockettask``
    our :class:`app.SocketTask` (through :class:`app.Runtime`) on a qasync loop
    over a ``QApplication``, the way the app runs it;
``websockets-qasync``
    a bare ``websockets`` client on the same qasync loop;
``websockets-asyncio``
    the same bare client on plain asyncio;
``qwebsocket``
    Qt's C++ ``QWebSocket`` driven from Python slots on the Qt event loop;
``sockettask-observed``
    informational: ``sockettask`` with a subscriber on ``Runtime.events`` (it keeps the
    last 1,000 events), so the core builds the full event stream, as it does for the
    window; the views' own work is not included.

Every implementation runs the same protocol: ``warmup`` untimed messages,
then ``count`` timed ones. Ping-pong sends one message and waits for its echo;
pipelined keeps ``window`` messages in flight, sending the next as each echo
arrives. The result line carries wall time, CPU time (user + system, all
threads) and the number of echoes received.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import sys
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from bench.common import CpuClock, emit_result, run_on_asyncio, run_on_qasync

logger = logging.getLogger(__name__)

IMPLS: Final = (
    "sockettask",
    "websockets-qasync",
    "websockets-asyncio",
    "qwebsocket",
    "sockettask-observed",
)
MAX_SIZE: Final = 1 << 20  # the Runtime's default max_message_size


@dataclass(frozen=True, slots=True)
class Spec:
    url: str
    mode: str
    payload: str | bytes
    count: int
    warmup: int
    window: int
    deflate: bool
    timeout: float

    def phases(self) -> tuple[int, ...]:
        return (self.warmup, self.count) if self.warmup else (self.count,)


class EchoMismatchError(RuntimeError):
    """An echo did not match what was sent."""


def make_payload(kind: str, size: int) -> str | bytes:
    """``size`` bytes: ASCII text for ``text``, pseudo-random bytes for ``binary``."""
    rng = random.Random(size)
    if kind == "text":
        alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
        return "".join(rng.choice(alphabet) for _ in range(size))
    return rng.randbytes(size)


def _check(spec: Spec, data: object) -> None:
    if not isinstance(data, str | bytes) or type(data) is not type(spec.payload):
        raise EchoMismatchError(f"echo mismatch: got {type(data).__name__}")
    if len(data) != len(spec.payload):
        raise EchoMismatchError(f"echo mismatch: got {len(data)} units, sent {len(spec.payload)}")


# -- bare websockets (either loop) ----------------------------------------------------


async def _websockets_client(spec: Spec, clock: CpuClock) -> int:
    from websockets.asyncio.client import connect

    received_total = 0
    async with asyncio.timeout(spec.timeout):
        async with connect(
            spec.url,
            compression="deflate" if spec.deflate else None,
            max_size=MAX_SIZE,
            open_timeout=None,
        ) as ws:
            for index, n in enumerate(spec.phases()):
                last = index == len(spec.phases()) - 1
                if last:
                    clock.start()
                data: Any = None
                if spec.mode == "pingpong":
                    for _ in range(n):
                        await ws.send(spec.payload)
                        data = await ws.recv()
                else:
                    sent = min(spec.window, n)
                    for _ in range(sent):
                        await ws.send(spec.payload)
                    for _ in range(n):
                        data = await ws.recv()
                        if sent < n:
                            await ws.send(spec.payload)
                            sent += 1
                if last:
                    clock.stop()
                _check(spec, data)
                received_total += n
    return received_total


# -- SocketTask ---------------------------------------------------------------------------


class _Driver:
    """Runs the phases from the message handler: sends, counts, starts and stops the clock.

    ``send`` sends one copy of the payload; ``check`` validates the last echo of a
    phase; ``on_done`` receives ``None`` on success or the error.
    """

    def __init__(
        self,
        spec: Spec,
        clock: CpuClock,
        send: Callable[[], None],
        check: Callable[[object], None],
        on_done: Callable[[BaseException | None], None],
    ) -> None:
        self._spec = spec
        self._clock = clock
        self._send = send
        self._check = check
        self._on_done = on_done
        self._phases = list(spec.phases())
        self._n = 0
        self._sent = 0
        self._received = 0
        self._finished = False
        self.total = 0

    def begin(self) -> None:
        self._n = self._phases.pop(0)
        self._sent = self._received = 0
        if not self._phases:
            self._clock.start()
        first = 1 if self._spec.mode == "pingpong" else min(self._spec.window, self._n)
        for _ in range(first):
            self._sent += 1
            self._send()

    def on_message(self, data: object) -> None:
        self._received += 1
        self.total += 1
        if self._sent < self._n:
            self._sent += 1
            self._send()
        elif self._received == self._n:
            if not self._phases:
                self._clock.stop()
            try:
                self._check(data)
            except EchoMismatchError as exc:
                self.fail(exc)
                return
            if self._phases:
                self.begin()
            else:
                self._finish(None)

    def fail(self, exc: BaseException) -> None:
        self._finish(exc)

    def _finish(self, exc: BaseException | None) -> None:
        if not self._finished:
            self._finished = True
            self._on_done(exc)


async def _sockettask_client(spec: Spec, clock: CpuClock, *, observed: bool = False) -> int:
    from app import Runtime
    from app.events import Event

    done: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def on_done(exc: BaseException | None) -> None:
        if done.done():
            return
        if exc is None:
            done.set_result(None)
        else:
            done.set_exception(exc)

    runtime = Runtime(mode="test", max_message_size=MAX_SIZE)
    kept: deque[Event] = deque(maxlen=1000)
    if observed:
        runtime.events.subscribe(kept.append)
    try:
        task = runtime.connect_socket({"url": spec.url, "perMessageDeflate": spec.deflate})
        message = {"data": spec.payload}
        driver = _Driver(
            spec, clock, lambda: task.send(message), lambda data: _check(spec, data), on_done
        )
        task.on_open(lambda _res: driver.begin())
        task.on_message(lambda res: driver.on_message(res["data"]))
        task.on_error(lambda res: driver.fail(RuntimeError(str(res.get("errMsg")))))
        task.on_close(lambda res: driver.fail(RuntimeError(f"closed early: {res}")))
        async with asyncio.timeout(spec.timeout):
            await done
        task.close({"code": 1000})
        async with asyncio.timeout(5):
            await task.wait_closed()
        return driver.total
    finally:
        await runtime.aclose()


# -- QWebSocket -------------------------------------------------------------------------


def _qwebsocket_client(spec: Spec, clock: CpuClock) -> int:
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QByteArray, QTimer, QUrl
    from PySide6.QtWebSockets import QWebSocket
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])
    ws = QWebSocket()
    errors: list[BaseException] = []

    def on_done(exc: BaseException | None) -> None:
        if exc is not None:
            errors.append(exc)
        app.quit()

    def check(data: object) -> None:
        _check(spec, bytes(data) if isinstance(data, QByteArray) else data)  # type: ignore[call-overload]

    payload = spec.payload
    if isinstance(payload, bytes):
        blob = QByteArray(payload)

        def send() -> None:
            ws.sendBinaryMessage(blob)

        received = ws.binaryMessageReceived
    else:
        text = payload

        def send() -> None:
            ws.sendTextMessage(text)

        received = ws.textMessageReceived

    driver = _Driver(spec, clock, send, check, on_done)
    received.connect(driver.on_message)
    ws.connected.connect(driver.begin)
    ws.errorOccurred.connect(
        lambda _err: driver.fail(RuntimeError(f"QWebSocket error: {ws.errorString()}"))
    )
    QTimer.singleShot(int(spec.timeout * 1000), lambda: driver.fail(TimeoutError("timed out")))
    ws.open(QUrl(spec.url))
    app.exec()
    ws.close()
    if errors:
        raise errors[0]
    return driver.total


# -- entry point --------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench.echo_client", description=__doc__)
    p.add_argument("--impl", choices=IMPLS, required=True)
    p.add_argument("--url", required=True)
    p.add_argument("--mode", choices=("pingpong", "pipelined"), required=True)
    p.add_argument("--kind", choices=("text", "binary"), required=True)
    p.add_argument("--size", type=int, required=True)
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--warmup", type=int, default=0)
    p.add_argument("--window", type=int, default=16)
    p.add_argument("--deflate", action="store_true")
    p.add_argument("--timeout", type=float, default=60.0)
    return p


def run(args: argparse.Namespace) -> dict[str, Any]:
    spec = Spec(
        url=args.url,
        mode=args.mode,
        payload=make_payload(args.kind, args.size),
        count=args.count,
        warmup=args.warmup,
        window=max(1, args.window),
        deflate=args.deflate,
        timeout=args.timeout,
    )
    clock = CpuClock()
    if args.impl == "sockettask":
        total = run_on_qasync(lambda: _sockettask_client(spec, clock))
    elif args.impl == "sockettask-observed":
        total = run_on_qasync(lambda: _sockettask_client(spec, clock, observed=True))
    elif args.impl == "websockets-qasync":
        total = run_on_qasync(lambda: _websockets_client(spec, clock))
    elif args.impl == "websockets-asyncio":
        total = run_on_asyncio(lambda: _websockets_client(spec, clock))
    else:
        total = _qwebsocket_client(spec, clock)
    expected = spec.count + spec.warmup
    if total != expected:
        raise RuntimeError(f"received {total} echoes, expected {expected}")
    return {"msgs": spec.count, "wall_s": clock.wall, "cpu_s": clock.cpu}


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    args = _parser().parse_args(argv)
    try:
        result = run(args)
    except Exception as exc:
        print(f"echo_client {args.impl}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    emit_result(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
