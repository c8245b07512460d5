"""Run the demo server on its own: ``python -m app.server --help``."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ipaddress
import logging
import os
import signal
import sys
import tempfile
from collections.abc import Sequence
from typing import NoReturn

from app.server.demo_server import DemoServer
from app.server.scenarios import SCENARIOS, ScenarioName

DEFAULT_PORT = 8765
DEFAULT_TLS_PORT = 8766


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line, not the usage block: easy to read and to test.
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"port must be 0–65535, got {value}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m app.server",
        description="Run the ttsocket-demo WebSocket server. The URL path picks a scenario: "
        + ", ".join(f"/{name}" for name in SCENARIOS)
        + ".",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (%(default)s)")
    parser.add_argument(
        "--port", type=_port, default=DEFAULT_PORT, help="ws port, 0 for any (%(default)s)"
    )
    parser.add_argument("--tls", action="store_true", help="also serve wss with a throw-away CA")
    parser.add_argument("--tls-port", type=_port, help=f"wss port, with --tls ({DEFAULT_TLS_PORT})")
    parser.add_argument(
        "--ca-out", metavar="PATH", help="where to write the CA certificate (with --tls)"
    )
    parser.add_argument(
        "--scenario",
        choices=list(SCENARIOS),
        default=ScenarioName.ECHO.value,
        help="scenario for the path / (%(default)s)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log each connection")
    return parser


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _write_ca(pem: str, path: str | None) -> tuple[str, bool]:
    """Write the CA PEM; returns the path and whether it is a temporary file."""
    if path is not None:
        with open(path, "w", encoding="ascii") as file:
            file.write(pem)
        return path, False
    fd, temp_path = tempfile.mkstemp(prefix="ttsocket-demo-ca-", suffix=".pem")
    with os.fdopen(fd, "w", encoding="ascii") as file:
        file.write(pem)
    return temp_path, True


async def _serve(args: argparse.Namespace) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        # Not on Windows; there asyncio.run turns Ctrl+C into KeyboardInterrupt.
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)

    server = DemoServer(
        args.host,
        args.port,
        (DEFAULT_TLS_PORT if args.tls_port is None else args.tls_port) if args.tls else None,
        args.scenario,
    )
    try:
        await server.start()
    except OSError as exc:
        print(f"python -m app.server: error: cannot listen: {exc}", file=sys.stderr)
        return 1

    ca_path: str | None = None
    remove_ca = False
    try:
        print(f"ws:  {server.ws_url}  (/ runs {args.scenario})")
        if args.tls:
            try:
                ca_path, remove_ca = _write_ca(server.ca_pem, args.ca_out)
            except OSError as exc:
                print(f"python -m app.server: error: cannot write the CA: {exc}", file=sys.stderr)
                return 1
            print(f"wss: {server.wss_url}")
            note = "removed on exit; " if remove_ca else ""
            print(f"CA:  {ca_path}  ({note}trust it in your client, nothing was installed)")
        print("scenarios: " + " ".join(f"/{name}" for name in SCENARIOS))
        print("Press Ctrl+C to stop.", flush=True)
        await stop.wait()
    finally:
        await server.stop()
        if remove_ca and ca_path is not None:
            with contextlib.suppress(OSError):
                os.remove(ca_path)
    print("stopped", flush=True)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.tls and (args.tls_port is not None or args.ca_out is not None):
        parser.error("--tls-port and --ca-out need --tls")
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if not _is_loopback(args.host):
        print(
            f"WARNING: listening on {args.host} exposes the demo server to your network",
            file=sys.stderr,
            flush=True,
        )
    try:
        return asyncio.run(_serve(args))
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
