"""The two-phase start-up: the window first, then the demo server and the other panels."""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.config import AppConfig
from app.console import Console
from app.events import ReadyState
from tests.ui.conftest import WAIT_MS, AsyncRunner, app_log, assert_clean_exit, run_driver
from ui.main import build_window, finish_startup, shutdown


def _console_texts(console: Console) -> list[str]:
    return [entry.text for entry in console.entries]


def test_a_tap_while_the_server_starts_waits_for_it(qtbot: QtBot, arun: AsyncRunner) -> None:
    handle = build_window(AppConfig(lang="en"))
    try:
        handle.window.show()
        page_view = handle.window.page_view
        assert handle.server is None
        assert "Starting the demo server" in page_view.url_label.text()
        assert "Starting the demo server" in handle.window.server_label.text()
        page_view.connect_button.click()
        assert page_view.connect_pending
        assert handle.page.socket_task is None  # nothing connects to a placeholder URL
        qtbot.waitUntil(
            lambda: any("demo server is starting" in t for t in _console_texts(handle.console)),
            timeout=WAIT_MS,
        )
        arun(finish_startup(handle))
        assert handle.server is not None
        assert handle.page.url.startswith(handle.server.wss_url)
        assert page_view.url_label.text() == handle.page.url
        assert not page_view.connect_pending
        qtbot.waitUntil(lambda: handle.bridge.current_state() is ReadyState.OPEN, timeout=WAIT_MS)
        assert handle.panels.timeline is not None
        assert handle.window.panels.count() == 4
    finally:
        arun(shutdown(handle))
        handle.window.close()
        handle.window.deleteLater()


def test_a_tap_is_explained_when_the_server_cannot_start(qtbot: QtBot, arun: AsyncRunner) -> None:
    handle = build_window(AppConfig(lang="en"))
    try:
        handle.window.show()
        handle.window.page_view.connect_button.click()
        from app.server import DemoServer

        start = DemoServer.start

        async def failing_start(self: DemoServer) -> None:
            # What start() raises when its port cannot be bound.
            raise OSError(98, "address already in use")

        DemoServer.start = failing_start  # type: ignore[method-assign]
        try:
            arun(finish_startup(handle))
        finally:
            DemoServer.start = start  # type: ignore[method-assign]
        assert handle.server is None
        assert handle.page.socket_task is None
        qtbot.waitUntil(
            lambda: any("could not start" in t for t in _console_texts(handle.console)),
            timeout=WAIT_MS,
        )
    finally:
        arun(shutdown(handle))
        handle.window.close()
        handle.window.deleteLater()


CLOSE_EARLY_DRIVER = textwrap.dedent(
    """
    import os, sys, time
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QTimer
    import ui.main
    from ui.main import create_application, main
    from ui.main_window import MainWindow

    app = create_application()
    marks = {}
    original = ui.main.finish_startup

    async def finish_startup(handle):
        # Close the window while phase two is under way (the server starting).
        QTimer.singleShot(0, handle.window.close)
        marks["closing"] = time.perf_counter()
        marks["server_at_close"] = handle.server is None
        await original(handle)

    ui.main.finish_startup = finish_startup

    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.timeout.connect(lambda: (print("TIMEOUT", flush=True), os._exit(3)))
    deadline.start(8000)
    status = main(sys.argv[1:])
    print(f"shutdown_s={time.perf_counter() - marks['closing']:.3f}", flush=True)
    print(f"no_server_at_close={marks['server_at_close']}", flush=True)
    sys.exit(status)
    """
)


def test_closing_the_window_during_start_up_exits_cleanly(tmp_path: Path) -> None:
    started = time.perf_counter()
    proc = run_driver(tmp_path, CLOSE_EARLY_DRIVER, "--lang", "en")
    assert_clean_exit(proc)
    assert "no_server_at_close=True" in proc.stdout
    log = app_log(tmp_path)
    assert "did not stop" not in log, log
    assert "shut down in" in log
    assert time.perf_counter() - started < 30
