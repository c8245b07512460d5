"""The ``ttsocket-demo`` command: the one place that owns Qt and asyncio.

:func:`main` parses the command line, sets up logging, creates the
``QApplication``, loads the fonts, the stylesheet and the translations,
installs the exception hooks and runs everything on one qasync loop (asyncio
and Qt share the main thread). :func:`build_app` starts the embedded demo
server and builds the core and the window; :func:`shutdown` takes them down in
order with a bounded wait: sockets closed, server stopped, leftover tasks
cancelled.

Tests use :func:`build_app` / :func:`shutdown` directly on their own qasync loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import logging.handlers
import signal
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import qasync
from PySide6.QtCore import QCoreApplication, QObject, QStandardPaths, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app import __version__
from app.config import AppConfig, parse_args
from app.console import Console
from app.errors import TTSocketError
from app.index_page import DEFAULT_SAMPLE_URL, IndexPage
from app.runtime import Runtime
from app.server import DemoServer, scenario_url
from ui import excepthook, i18n
from ui.bridge import Bridge
from ui.main_window import MainWindow
from ui.resources import app_font, load_fonts, read_text

__all__ = [
    "APP_NAME",
    "AppHandle",
    "MainThreadGC",
    "build_app",
    "create_application",
    "main",
    "shutdown",
]

logger = logging.getLogger(__name__)

APP_NAME: Final = "ttsocket-demo"

# Console lines kept by the core's Console (the console view keeps its own, formatted rows).
CONSOLE_LIMIT: Final = 5_000

# Seconds the runtime gets to close its sockets at shutdown (the whole shutdown stays < 1 s).
SHUTDOWN_GRACE: Final = 0.4
# Seconds the embedded server gets to stop after the sockets are closed.
SERVER_STOP_LIMIT: Final = 0.3


class MainThreadGC(QObject):
    """Runs Python's cyclic garbage collector on the GUI thread only.

    The collector runs in whichever thread happens to allocate, and qasync runs
    blocking work (DNS lookups) on worker threads. A Qt object freed by a
    collection on such a thread is destroyed on the wrong thread, which can
    crash the GUI thread later. So automatic collection is switched off while
    this runs, and a timer on the GUI thread collects with the usual thresholds.
    """

    def __init__(self, interval_ms: int = 500, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        self._was_enabled = False

    def start(self) -> None:
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()

    def check(self) -> None:
        counts = gc.get_count()
        thresholds = gc.get_threshold()
        generation = -1
        for level in range(3):
            if thresholds[level] and counts[level] > thresholds[level]:
                generation = level
        if generation >= 0:
            gc.collect(generation)


@dataclass
class AppHandle:
    """Everything :func:`build_app` made. ``closed`` is set when the window closes."""

    config: AppConfig
    window: MainWindow
    bridge: Bridge
    runtime: Runtime
    console: Console
    page: IndexPage
    server: DemoServer | None
    closed: asyncio.Event = field(default_factory=asyncio.Event)
    server_error: str | None = None


def create_application(argv: Sequence[str] | None = None) -> QApplication:
    """The ``QApplication`` (created if needed), with the fonts and the stylesheet."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        app = QApplication(list(argv) if argv else [APP_NAME])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName("ttsocket-demo")
    app.setApplicationVersion(__version__)
    app.setQuitOnLastWindowClosed(False)  # main() ends the loop after an orderly shutdown
    load_fonts()
    app.setFont(app_font())
    try:
        app.setStyleSheet(read_text("styles", "app.qss"))
    except OSError as exc:
        logger.warning("stylesheet not loaded: %s", exc)
    return app


async def build_app(config: AppConfig) -> AppHandle:
    """Start the embedded server (unless ``config.server`` is off), build the core and the
    window. Needs a running qasync loop and a ``QApplication``. Raises
    :class:`~app.errors.TTSocketError` for a configuration the runtime refuses."""
    server: DemoServer | None = None
    server_error: str | None = None
    runtime = Runtime(
        mode=config.mode,
        legal_domains=config.legal_domains,
        check_domain=config.check_domain,
        ca_file=config.ca_file,
        default_timeout_ms=config.timeout_ms,
    )
    if config.server:
        candidate = DemoServer(
            host="127.0.0.1", port=0, tls_port=0, default_scenario=config.scenario
        )
        try:
            await candidate.start()
        except OSError as exc:
            server_error = str(exc)
            logger.error("the demo server could not start: %s", exc)
        else:
            server = candidate
            tls_port = server.tls_port
            if tls_port is not None:
                runtime.trust_ca_for("localhost", tls_port, server.ca_pem)
    if config.url is not None:
        url = config.url
    elif server is not None:
        url = scenario_url(server.wss_url, config.scenario)
    else:
        url = DEFAULT_SAMPLE_URL
    console = Console(limit=CONSOLE_LIMIT)
    page = IndexPage(runtime, console, url, connect_options=config.connect_options())
    bridge = Bridge(runtime, console, page, config, server)
    window = MainWindow(bridge)
    handle = AppHandle(config, window, bridge, runtime, console, page, server)
    handle.server_error = server_error
    window.closed.connect(handle.closed.set)
    if server_error is not None:
        console.error(
            QCoreApplication.translate("main", "The demo server could not start: %1").replace(
                "%1", server_error
            )
        )
    return handle


async def shutdown(handle: AppHandle) -> None:
    """Close every socket, stop the server, cancel what is left; bounded (well under 1 s)."""
    started = time.perf_counter()
    handle.window.hide()
    try:
        await handle.runtime.aclose(grace=SHUTDOWN_GRACE)
    finally:
        handle.bridge.close()
        if handle.server is not None:
            try:
                async with asyncio.timeout(SERVER_STOP_LIMIT):
                    await handle.server.stop()
            except TimeoutError:
                logger.warning("the demo server did not stop within %.1f s", SERVER_STOP_LIMIT)
        await _cancel_leftover_tasks()
    logger.info("shut down in %.0f ms", (time.perf_counter() - started) * 1000)


async def _cancel_leftover_tasks(limit: float = 0.2) -> None:
    current = asyncio.current_task()
    leftover = [t for t in asyncio.all_tasks() if t is not current and not t.done()]
    if not leftover:
        return
    logger.info("cancelling %d leftover task(s)", len(leftover))
    for task in leftover:
        task.cancel()
    _, pending = await asyncio.wait(leftover, timeout=limit)
    if pending:
        logger.warning("%d task(s) did not stop: %s", len(pending), pending)


def _log_file_path() -> Path | None:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
    if not folder:
        return None
    return Path(folder) / "logs" / f"{APP_NAME}.log"


def _setup_logging() -> Path | None:
    """Warnings to stderr (when there is one), everything from INFO to a rotating file."""
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    if sys.stderr is not None:
        console = logging.StreamHandler(sys.stderr)
        console.setLevel(logging.WARNING)
        console.setFormatter(formatter)
        root.addHandler(console)
    path = _log_file_path()
    if path is None:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1 << 20, backupCount=3, encoding="utf-8"
        )
    except OSError as exc:
        logger.warning("cannot write the log file %s: %s", path, exc)
        return None
    handler.setLevel(logging.INFO)
    handler.setFormatter(formatter)
    root.addHandler(handler)
    return path


def _present(app: QApplication) -> None:
    font = app.font()
    font.setPointSizeF(font.pointSizeF() * 1.3)
    app.setFont(font)


async def _run(config: AppConfig) -> int:
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(excepthook.loop_exception_handler)
    try:
        handle = await build_app(config)
    except TTSocketError as exc:
        logger.error("cannot start: %s", exc)
        message = str(exc)
        await _show_blocking_error(message)
        return 1
    if sys.platform != "win32":
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signal.SIGINT, handle.window.close)
            loop.add_signal_handler(signal.SIGTERM, handle.window.close)
    handle.window.show()
    logger.info("started (%s)", handle.page.url)
    try:
        await handle.closed.wait()
    finally:
        if sys.platform != "win32":
            for signum in (signal.SIGINT, signal.SIGTERM):
                with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                    loop.remove_signal_handler(signum)
        await shutdown(handle)
    return 0


async def _show_blocking_error(message: str) -> None:
    """A modal message box, run from a Qt timer (never inside an asyncio task step)."""

    def show() -> None:
        QMessageBox.critical(
            None,
            QCoreApplication.translate("main", "ttsocket-demo cannot start"),
            message,
        )

    await qasync.asyncWrap(show)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the app; returns the exit status (0 after a normal close, 2 for bad arguments)."""
    args = list(sys.argv[1:] if argv is None else argv)
    config = parse_args(args)  # prints one line and exits 2 on a bad argument
    app = create_application(sys.argv[:1] or [APP_NAME])
    log_file = _setup_logging()
    excepthook.set_log_file(log_file)
    excepthook.install()
    if config.presenter:
        _present(app)
    i18n.set_language(config.lang)
    collector = MainThreadGC()
    collector.start()
    try:
        with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
            return runner.run(_run(config))
    finally:
        collector.stop()
        excepthook.uninstall()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
