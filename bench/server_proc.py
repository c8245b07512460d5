"""The embedded :class:`~app.server.DemoServer` in a process of its own.

``python -m bench.server_proc`` listens on 127.0.0.1 (a free port, ws only),
prints one JSON line ``{"port": N, "url": "ws://127.0.0.1:N/"}`` and serves
until its standard input closes (the parent exits or closes the pipe), so a
crashed parent never leaves it behind.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys

from app.server import DemoServer

logger = logging.getLogger(__name__)


async def _serve() -> int:
    server = DemoServer("127.0.0.1", 0, None)
    await server.start()
    try:
        sys.stdout.write(json.dumps({"port": server.port, "url": server.ws_url}) + "\n")
        sys.stdout.flush()
        loop = asyncio.get_running_loop()
        # Blocks a worker thread, not the loop: the loop keeps serving.
        await loop.run_in_executor(None, sys.stdin.read)
    finally:
        await server.stop()
    return 0


def main() -> int:
    logging.basicConfig(level=logging.WARNING)
    try:
        return asyncio.run(_serve())
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
