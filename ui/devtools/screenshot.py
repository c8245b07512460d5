"""Screenshots of the real app for the README: ``python -m ui.devtools.screenshot OUTDIR``.

Runs the real window offscreen (unless ``QT_QPA_PLATFORM`` says otherwise) with
the embedded demo server, clicks the real buttons and writes, per language
(``zh``, ``en``):

* ``window-<lang>.png`` – the whole window after 创建 WebSocket and one echoed message;
* ``states-<lang>.png`` – the phone page in the four states, side by side:
  CONNECTING (the server's ``slow`` scenario), OPEN, CLOSING (a local peer that
  never answers the close frame) and CLOSED;
* ``several-<lang>.png`` – the window with several connections allowed: three
  SocketTasks open at once, each in its own colour and lanes on the timeline tab.

The README shows these files, so they are regenerated rather than edited.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import hashlib
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QImage, QPainter

from app.config import AppConfig
from app.events import ReadyState
from app.server import scenario_url
from ui import i18n
from ui.main import AppHandle, build_app, create_application, run_on_qt_loop, shutdown

__all__ = ["main", "take_screenshots"]

logger = logging.getLogger(__name__)

WAIT_S = 10.0
MESSAGE = {"zh": "你好，WebSocket", "en": "Hello, WebSocket"}
_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


class _SilentPeer:
    """A WebSocket server on 127.0.0.1 that completes the handshake, then never answers
    (so a client's close stays in CLOSING until its close timeout)."""

    def __init__(self) -> None:
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    @property
    def url(self) -> str:
        assert self._server is not None
        port = self._server.sockets[0].getsockname()[1]
        return f"ws://127.0.0.1:{port}/"

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)

    async def stop(self) -> None:
        for writer in list(self._writers):
            writer.transport.abort()
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(1.0):
                    await self._server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            key = ""
            for line in head.decode("latin-1").split("\r\n"):
                name, _, value = line.partition(":")
                if name.strip().lower() == "sec-websocket-key":
                    key = value.strip()
            accept = base64.b64encode(hashlib.sha1((key + _GUID).encode()).digest()).decode()
            writer.write(
                b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                b"Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept.encode() + b"\r\n\r\n"
            )
            while await reader.read(65536):
                pass
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass
        finally:
            self._writers.discard(writer)
            writer.transport.abort()


async def _until(handle: AppHandle, check: Callable[[], bool], what: str) -> None:
    """Wait (bounded) until ``check()`` holds, re-checking whenever the bridge reports."""
    changed = asyncio.Event()

    def poke(*_args: object) -> None:
        changed.set()

    bridge = handle.bridge
    signals = (bridge.page_state, bridge.console_entries, bridge.events)
    for signal in signals:
        signal.connect(poke)
    try:
        async with asyncio.timeout(WAIT_S):
            while not check():
                changed.clear()
                await changed.wait()
    except TimeoutError:
        raise RuntimeError(f"timed out waiting for {what}") from None
    finally:
        for signal in signals:
            signal.disconnect(poke)


async def _state(handle: AppHandle, state: ReadyState) -> None:
    await _until(handle, lambda: handle.bridge.state is state, state.name)


def _has_line(handle: AppHandle, prefix: str) -> Callable[[], bool]:
    model = handle.window.console_view.model
    return lambda: any(row.text.startswith(prefix) for row in model.rows()[-5:])


def _compose(pages: Sequence[QImage], background: str = "#E9EAEE") -> QImage:
    gap = 24
    width = sum(p.width() for p in pages) + gap * (len(pages) + 1)
    height = max(p.height() for p in pages) + 2 * gap
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(background))
    painter = QPainter(image)
    x = gap
    for page in pages:
        painter.drawImage(QPoint(x, gap), page)
        x += page.width() + gap
    painter.end()
    return image


async def _shoot_language(lang: str, outdir: Path) -> list[Path]:
    i18n.set_language(lang)
    handle = await build_app(AppConfig(lang=lang))
    peer = _SilentPeer()
    await peer.start()
    window = handle.window
    page = window.page_view
    bridge = handle.bridge
    states: dict[str, QImage] = {}
    written: list[Path] = []
    try:
        window.show()
        # OPEN, with one echoed message: the README's main picture.
        page.connect_button.click()
        await _state(handle, ReadyState.OPEN)
        page.input.setText(MESSAGE[lang])
        bridge.input_changed(MESSAGE[lang])
        page.send_button.click()
        await _until(handle, _has_line(handle, "socket message:"), "the echo")
        page.input.setFocus()
        window_path = outdir / f"window-{lang}.png"
        window.grab().save(str(window_path))
        written.append(window_path)
        states["open"] = page.grab().toImage()

        page.close_button.click()
        await _state(handle, ReadyState.CLOSED)
        states["closed"] = page.grab().toImage()

        bridge.reload_page()
        assert handle.server is not None
        bridge.set_url(scenario_url(handle.server.wss_url, "slow", delay=60_000))
        page.connect_button.click()
        await _state(handle, ReadyState.CONNECTING)
        states["connecting"] = page.grab().toImage()

        bridge.reload_page()
        bridge.set_url(peer.url)
        page.connect_button.click()
        await _state(handle, ReadyState.OPEN)
        page.close_button.click()
        await _state(handle, ReadyState.CLOSING)
        states["closing"] = page.grab().toImage()

        order = ("connecting", "open", "closing", "closed")
        states_path = outdir / f"states-{lang}.png"
        _compose([states[name] for name in order]).save(str(states_path))
        written.append(states_path)
    finally:
        window.close()
        await shutdown(handle)
        await peer.stop()
        window.deleteLater()
    written.append(await _shoot_several(lang, outdir))
    return written


async def _shoot_several(lang: str, outdir: Path) -> Path:
    """Three SocketTasks open at once (several connections allowed), on the timeline tab."""
    handle = await build_app(AppConfig(lang=lang))
    window = handle.window
    page = window.page_view
    bridge = handle.bridge
    try:
        window.show()
        window.multiple_action.trigger()
        for count in (1, 2, 3):
            page.connect_button.click()
            await _until(
                handle,
                lambda n=count: (
                    sum(  # type: ignore[misc]
                        t.ready_state is ReadyState.OPEN for t in handle.runtime.active_tasks
                    )
                    == n
                ),
                f"{count} open SocketTasks",
            )
            text = f"{MESSAGE[lang]} #{count}"
            page.input.setText(text)
            bridge.input_changed(text)
            page.send_button.click()
            await _until(
                handle,
                lambda n=count: (
                    sum(  # type: ignore[misc]
                        row.text.startswith("socket message:")
                        for row in window.console_view.model.rows()
                    )
                    == n
                ),
                f"echo {count}",
            )
        window.panels.setCurrentWidget(handle.panels.timeline)
        handle.panels.timeline.canvas.fit()
        path = outdir / f"several-{lang}.png"
        window.grab().save(str(path))
        return path
    finally:
        window.close()
        await shutdown(handle)
        window.deleteLater()


async def take_screenshots(outdir: Path, languages: Sequence[str] = ("zh", "en")) -> list[Path]:
    """Write the screenshots into ``outdir`` (which must exist); returns the files written."""
    written: list[Path] = []
    for lang in languages:
        written.extend(await _shoot_language(lang, outdir))
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ui.devtools.screenshot",
        description="Write README screenshots of the real window into OUTDIR.",
    )
    parser.add_argument("outdir", type=Path, help="where to write the PNG files")
    parser.add_argument(
        "--lang", action="append", choices=i18n.LANGUAGES, help="language (repeatable)"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    app = create_application()
    languages = tuple(args.lang or i18n.LANGUAGES)
    args.outdir.mkdir(parents=True, exist_ok=True)
    written = run_on_qt_loop(app, take_screenshots(args.outdir, languages))
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
