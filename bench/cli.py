"""``python -m bench``: run the workloads, print the table, optionally write JSON.

Exit status: 0 when every measurement ran (whether or not targets were met:
targets are reported, not asserted), 1 when a client failed, 2 for bad usage
(including ``--require-qwebsocket`` without QtWebSockets installed).
"""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import importlib.util
import json
import logging
import os
import platform
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from bench.common import STOCK_QASYNC_ENV, stock_qasync_requested
from bench.report import Suite

__all__ = ["main"]

logger = logging.getLogger(__name__)

WORKLOAD_NAMES = ("echo", "flood", "startup")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="python -m bench",
        description="Measure ttsocket-demo: echo throughput against bare clients, a 100k-message "
        "flood into the window, and start-up time. Every client runs in a fresh process.",
    )
    p.add_argument(
        "--quick", action="store_true", help="tiny counts, 1 repetition (a CI smoke run)"
    )
    p.add_argument("--json", metavar="FILE", help="also write the results as JSON to FILE")
    p.add_argument(
        "--reps",
        type=_positive,
        help="repetitions per workload (default 5, or 1 with --quick)",
    )
    p.add_argument(
        "--only",
        action="append",
        choices=WORKLOAD_NAMES,
        help="run only this workload (repeatable; default: all)",
    )
    p.add_argument(
        "--flood-count",
        type=_positive,
        help="messages in the flood (default 100000, or 2000 with --quick)",
    )
    p.add_argument(
        "--no-deflate",
        action="store_true",
        help="skip the informational per-message-deflate run",
    )
    p.add_argument(
        "--require-qwebsocket",
        action="store_true",
        help="exit 2 instead of skipping the QWebSocket column when QtWebSockets is missing",
    )
    p.add_argument(
        "--stock-qasync",
        action="store_true",
        help="run the qasync clients (echo's, the flood's count-only) on qasync's own loop "
        "instead of the app's (ui.qloop); informational",
    )
    p.add_argument("-v", "--verbose", action="store_true", help="log each measurement")
    return p


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def qwebsocket_available() -> bool:
    try:
        return importlib.util.find_spec("PySide6.QtWebSockets") is not None
    except (ImportError, ValueError):
        return False


def install_hint() -> str:
    version = _version("PySide6-Essentials") or _version("PySide6") or "<your PySide6 version>"
    return f'{sys.executable} -m pip install "PySide6-Addons=={version}"'


def _version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def _meta(args: argparse.Namespace, reps: int, qws: bool) -> dict[str, Any]:
    try:
        load = os.getloadavg()
    except OSError:
        load = (float("nan"),) * 3
    return {
        "started": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "quick": bool(args.quick),
        "reps": reps,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "loadavg_at_start": list(load),
        "versions": {
            name: _version(name)
            for name in ("PySide6-Essentials", "PySide6-Addons", "qasync", "websockets")
        },
        "qwebsocket": qws,
        "qasync_clients_loop": "qasync" if stock_qasync_requested() else "ui.qloop",
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(message)s",
        stream=sys.stderr,
    )
    if args.stock_qasync:
        os.environ[STOCK_QASYNC_ENV] = "1"  # the children inherit it
    only = set(args.only or WORKLOAD_NAMES)
    reps = args.reps or (1 if args.quick else 5)
    qws = qwebsocket_available()
    if args.require_qwebsocket and not qws:
        print(
            f"python -m bench: QtWebSockets is missing; install it with: {install_hint()}",
            file=sys.stderr,
        )
        return 2
    json_path = Path(args.json) if args.json else None
    if json_path is not None and not json_path.parent.is_dir():
        print(f"python -m bench: error: no such directory: {json_path.parent}", file=sys.stderr)
        return 2

    suite = Suite(meta=_meta(args, reps, qws))
    started = time.monotonic()
    if "echo" in only:
        from bench import wl_echo

        if not qws:
            suite.notes.append(
                f"QWebSocket column skipped: QtWebSockets is not installed ({install_hint()})"
            )
        wl_echo.run(suite, reps=reps, quick=args.quick, qwebsocket=qws, deflate=not args.no_deflate)
    if "flood" in only:
        from bench import wl_flood

        count = args.flood_count or (2000 if args.quick else 100_000)
        wl_flood.run(suite, reps=reps, quick=args.quick, count=count)
    if "startup" in only:
        from bench import wl_startup

        wl_startup.run(suite, reps=reps, quick=args.quick, app_args=[])
    suite.meta["duration_s"] = round(time.monotonic() - started, 1)

    print(suite.table())
    if json_path is not None:
        json_path.write_text(json.dumps(suite.as_json(), indent=2) + "\n", encoding="utf-8")
    return 1 if suite.errors else 0
