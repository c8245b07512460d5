"""Workload 1 (parent side): echo ping-pong and pipelined, four clients side by side."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Final

from bench.procs import ChildFailedError, demo_server, run_child
from bench.report import Check, Suite, cpu_per_msg

__all__ = ["CLIENTS", "WORKLOADS", "EchoWorkload", "run"]

logger = logging.getLogger(__name__)

SOCKETTASK: Final = "sockettask"
WS_QASYNC: Final = "websockets-qasync"
WS_ASYNCIO: Final = "websockets-asyncio"
QWEBSOCKET: Final = "qwebsocket"
#: Every client, in the order of the first repetition (later ones rotate it).
CLIENTS: Final = (SOCKETTASK, WS_QASYNC, WS_ASYNCIO, QWEBSOCKET)

WINDOW: Final = 16  # pipelined: echoes in flight (≤ websockets' max_queue, so no side stalls)


@dataclass(frozen=True, slots=True)
class EchoWorkload:
    name: str
    mode: str
    kind: str
    size: int
    count: int
    quick_count: int
    deflate: bool = False

    def args(self, url: str, impl: str, quick: bool) -> list[str]:
        count = self.quick_count if quick else self.count
        warmup = max(10, count // 10)
        args = [
            "--impl", impl,
            "--url", url,
            "--mode", self.mode,
            "--kind", self.kind,
            "--size", str(self.size),
            "--count", str(count),
            "--warmup", str(warmup),
            "--window", str(WINDOW),
        ]  # fmt: skip
        return [*args, "--deflate"] if self.deflate else args


# Full counts: each timed section lasts about a second on this machine class (shorter
# ones, a few tenths of a second, moved by up to 2x with the machine's own speed).
WORKLOADS: Final = (
    EchoWorkload("echo pingpong 64 B text", "pingpong", "text", 64, 2000, 100),
    EchoWorkload("echo pingpong 64 KiB binary", "pingpong", "binary", 65536, 1500, 30),
    EchoWorkload("echo pipelined 64 B text", "pipelined", "text", 64, 20000, 300),
    EchoWorkload("echo pipelined 64 KiB binary", "pipelined", "binary", 65536, 6000, 60),
)
#: Informational: what per-message deflate costs our client (not a target).
DEFLATE: Final = EchoWorkload(
    "echo pipelined 64 KiB binary, deflate", "pipelined", "binary", 65536, 300, 20, deflate=True
)


def run(suite: Suite, *, reps: int, quick: bool, qwebsocket: bool, deflate: bool) -> None:
    """Measure every workload × client ``reps`` times, order rotated, and add rows and checks."""
    clients = [c for c in CLIENTS if qwebsocket or c != QWEBSOCKET]
    workloads = list(WORKLOADS)
    timeout = 60.0 if quick else 180.0
    for rep in range(reps):
        order = clients[rep % len(clients) :] + clients[: rep % len(clients)]
        with demo_server() as server:
            for workload in workloads:
                for client in order:
                    _measure(suite, workload, client, rep, server.url, quick, timeout)
            if deflate:
                for client in (SOCKETTASK, WS_QASYNC) if rep % 2 == 0 else (WS_QASYNC, SOCKETTASK):
                    _measure(suite, DEFLATE, client, rep, server.url, quick, timeout)
    for workload in workloads:
        for client in clients:
            suite.add_row(workload.name, client, baseline=WS_QASYNC)
    if deflate:
        for client in (SOCKETTASK, WS_QASYNC):
            suite.add_row(DEFLATE.name, client, baseline=WS_QASYNC)
        plain = suite.ratio(WORKLOADS[3].name, SOCKETTASK, WS_QASYNC)
        st_deflate = [
            r for r in suite.rows if r.workload == DEFLATE.name and r.client == SOCKETTASK
        ]
        st_plain = [
            r for r in suite.rows if r.workload == WORKLOADS[3].name and r.client == SOCKETTASK
        ]
        if st_deflate and st_plain and plain is not None:
            suite.notes.append(
                f"per-message deflate at 64 KiB (pseudo-random, incompressible payload): SocketTask "
                f"CPU {st_deflate[0].cpu_us_per_msg / st_plain[0].cpu_us_per_msg:.1f}× "
                f"that without deflate"
            )
    _add_checks(suite, workloads, qwebsocket)


def _measure(
    suite: Suite,
    workload: EchoWorkload,
    client: str,
    rep: int,
    url: str,
    quick: bool,
    timeout: float,
) -> None:
    from bench.report import Sample

    try:
        result = run_child("bench.echo_client", workload.args(url, client, quick), timeout=timeout)
    except ChildFailedError as exc:
        suite.errors.append(f"{workload.name} / {client} (rep {rep + 1}): {exc}")
        logger.error("%s / %s: %s", workload.name, client, exc)
        return
    sample = Sample(
        workload=workload.name,
        client=client,
        rep=rep,
        msgs=int(result["msgs"]),
        wall_s=float(result["wall_s"]),
        cpu_s=float(result["cpu_s"]),
    )
    suite.samples.append(sample)
    logger.info(
        "rep %d  %-38s %-20s %9.0f msg/s  %7.1f µs CPU/msg",
        rep + 1,
        workload.name,
        client,
        sample.msgs_per_s,
        sample.cpu_us_per_msg,
    )


def _add_checks(suite: Suite, workloads: list[EchoWorkload], qwebsocket: bool) -> None:
    for workload in workloads:
        suite.checks.append(
            Check(
                target="SocketTask throughput vs bare websockets, same loop",
                workload=workload.name,
                value=suite.ratio(workload.name, SOCKETTASK, WS_QASYNC),
                limit=round(1 / 1.10, 3),  # time/msg at most 1.10×
                op=">=",
            )
        )
    for workload in workloads:
        suite.checks.append(
            Check(
                target="SocketTask CPU/msg vs bare websockets, same loop",
                workload=workload.name,
                value=suite.ratio(workload.name, SOCKETTASK, WS_QASYNC, cpu_per_msg),
                limit=1.10,
                op="<=",
            )
        )
    for workload in workloads:
        if workload.mode == "pingpong":
            suite.checks.append(
                Check(
                    target="SocketTask throughput vs websockets on plain asyncio",
                    workload=workload.name,
                    value=suite.ratio(workload.name, SOCKETTASK, WS_ASYNCIO),
                    limit=0.75,
                    op=">=",
                )
            )
    big = workloads[3]
    suite.checks.append(
        Check(
            target="SocketTask throughput vs QWebSocket",
            workload=big.name,
            value=suite.ratio(big.name, SOCKETTASK, QWEBSOCKET) if qwebsocket else None,
            limit=1.0,
            op=">=",
            note="" if qwebsocket else "QtWebSockets not installed",
        )
    )
