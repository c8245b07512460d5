"""``python -m app.server`` as a subprocess: what ``tests/app/test_demo_server.py`` leaves out.

That file covers serving ws + wss until SIGTERM, the warning for a non-loopback host, a
bad port and ``--help``. Here: loopback is the default, ``--scenario`` applies to ``/``, a
taken port is one clear line and status 1, and options that need ``--tls`` say so.
"""

from __future__ import annotations

import asyncio
import re
import signal
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from .test_demo_server import run_module

TIMEOUT = 10.0  # a Python start-up plus a handshake, on a busy machine

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses SIGTERM")


@asynccontextmanager
async def serving(*args: str) -> AsyncIterator[tuple[asyncio.subprocess.Process, list[str]]]:
    """Run the server until it prints "Press Ctrl+C"; yield it and what it printed."""
    process = await run_module(*args)
    printed: list[str] = []
    try:
        assert process.stdout is not None
        async with asyncio.timeout(TIMEOUT):
            while line := (await process.stdout.readline()).decode():
                printed.append(line.rstrip("\n"))
                if line.startswith("Press Ctrl+C"):
                    break
        assert printed, "the server printed nothing"
        assert printed[-1].startswith("Press Ctrl+C"), printed
        yield process, printed
        process.send_signal(signal.SIGTERM)
        async with asyncio.timeout(TIMEOUT):
            assert await process.wait() == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def test_listens_on_loopback_by_default_and_stays_quiet() -> None:
    async with serving("--port", "0") as (process, printed):
        match = re.fullmatch(r"ws:  ws://127\.0\.0\.1:(\d+)/  \(/ runs echo\)", printed[0])
        assert match is not None, printed
        async with connect(f"ws://127.0.0.1:{match[1]}/") as client:
            await client.send("ping")
            async with asyncio.timeout(TIMEOUT):
                assert await client.recv() == "ping"
    assert process.stderr is not None
    assert await process.stderr.read() == b""  # no warning on loopback


async def test_scenario_option_applies_to_the_root_path() -> None:
    async with serving("--port", "0", "--scenario", "close-after") as (_, printed):
        match = re.search(r"ws://127\.0\.0\.1:(\d+)/", printed[0])
        assert match is not None
        assert "(/ runs close-after)" in printed[0]
        async with connect(match[0]) as client:
            for text in ("1", "2", "3"):  # close-after's default n is 3
                await client.send(text)
                async with asyncio.timeout(TIMEOUT):
                    assert await client.recv() == text
            with pytest.raises(ConnectionClosed):
                async with asyncio.timeout(TIMEOUT):
                    await client.recv()
            assert client.close_code == 4001
            assert client.close_reason == "bye"


async def test_a_taken_port_is_one_clear_line_and_status_1() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process = await run_module("--port", str(port))
        async with asyncio.timeout(TIMEOUT):
            stdout, stderr = await process.communicate()
    assert process.returncode == 1
    assert stdout == b""
    lines = stderr.decode().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("python -m app.server: error: cannot listen: ")


@pytest.mark.parametrize("option", [["--tls-port", "0"], ["--ca-out", "ca.pem"]])
async def test_tls_options_need_tls(option: list[str]) -> None:
    process = await run_module("--port", "0", *option)
    async with asyncio.timeout(TIMEOUT):
        stdout, stderr = await process.communicate()
    assert process.returncode == 2
    assert stdout == b""
    assert stderr.decode().splitlines() == [
        "python -m app.server: error: --tls-port and --ca-out need --tls (see --help)"
    ]
