"""The window first, the core after its first paint: what is imported and built before the
first paint, input made before the core runs, and the window looking the same either way."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from app.config import DEFAULT_LEGAL_DOMAINS, RUNTIME_MAX_SOCKETS, AppConfig
from app.events import ApiCalled, Event, ReadyState
from tests.ui.conftest import (
    ROOT,
    WAIT_MS,
    AsyncRunner,
    app_log,
    assert_clean_exit,
    assert_quiet_success,
    run_driver,
)
from ui.main import AppHandle, attach_core, finish_startup, open_window, shutdown

# Modules the first paint must not wait for: the network stack, the embedded server and
# its TLS material, the asyncio bridge, and the panels built after the first paint.
NOT_BEFORE_FIRST_PAINT = (
    "websockets",
    "qasync",
    "cryptography",
    "app.server.demo_server",
    "app.server.certs",
    "app.session",
    "app.timeline",
    "ui.timeline_view",
    "ui.log_view",
    "ui.settings_panel",
    "ui.scenario_picker",
    "ui.session_actions",
)


def _console_texts(handle: AppHandle) -> list[str]:
    return [entry.text for entry in handle.console.entries]


def _close(arun: AsyncRunner, handle: AppHandle) -> None:
    arun(shutdown(handle))
    handle.window.close()
    handle.window.deleteLater()


# -- in process ---------------------------------------------------------------------------------


def test_the_window_opens_without_the_core(qtbot: QtBot) -> None:
    window = open_window(AppConfig(lang="en"))
    qtbot.addWidget(window)
    window.show()
    assert not window.attached
    assert not window.live
    page = window.page_view
    assert page.url_label.text() == "Starting the demo server…"
    assert window.server_label.text() == "Starting the demo server…"
    assert window.sockets_label.text() == f"Sockets: 0 / {RUNTIME_MAX_SOCKETS}"
    assert page.badge.word == "Not created"
    # Only 创建 WebSocket can act while there is no SocketTask.
    assert page.connect_button.property("idle") is False
    assert page.close_button.property("idle") is True
    assert page.send_button.property("idle") is True


def test_a_tap_before_the_core_connects_once_it_runs(qtbot: QtBot, arun: AsyncRunner) -> None:
    config = AppConfig(lang="en")
    window = open_window(config)
    window.show()
    page = window.page_view
    QTest.keyClicks(page.input, "hi")
    page.connect_button.click()
    page.connect_button.click()  # a second tap is a second tap, as with the core
    assert not window.attached  # a tap builds nothing: it waits
    handle = attach_core(window, config)
    try:
        seen: list[Event] = []
        handle.runtime.events.subscribe(seen.append)
        assert window.live
        assert handle.page.data["inputValue"] == "hi"
        # The server is still starting: the taps wait for it, as taps made now would.
        assert page.connect_pending
        assert handle.page.socket_task is None
        qtbot.waitUntil(
            lambda: sum("demo server is starting" in t for t in _console_texts(handle)) == 1,
            timeout=WAIT_MS,
        )
        arun(finish_startup(handle))
        qtbot.waitUntil(lambda: handle.bridge.current_state() is ReadyState.OPEN, timeout=WAIT_MS)
        connects = [e for e in seen if isinstance(e, ApiCalled) and e.api == "connectSocket"]
        assert len(connects) == 1
        assert handle.page.url.startswith(handle.server.wss_url if handle.server else "?")
    finally:
        _close(arun, handle)


def test_taps_and_edits_before_the_core_are_done_in_order(qtbot: QtBot, arun: AsyncRunner) -> None:
    from app.server import DemoServer

    server = DemoServer(host="127.0.0.1", port=0, tls_port=None)
    arun(server.start())
    handle: AppHandle | None = None
    try:
        config = AppConfig(lang="en", server=False, url=f"{server.ws_url}echo")
        window = open_window(config)
        window.show()
        page = window.page_view
        assert page.url_label.text() == config.url
        # Reading the bridge builds the core, but input still waits until it runs.
        assert window.bridge.config == config
        assert window.attached
        assert not window.live
        page.connect_button.click()
        QTest.keyClicks(page.input, "hello")
        page.send_button.click()
        assert window.bridge.page.socket_task is None
        handle = attach_core(window, config)
        seen: list[Event] = []
        handle.runtime.events.subscribe(seen.append)
        task = handle.page.socket_task
        assert task is not None  # the tap created the SocketTask at once
        # The send came right after: too early (still connecting), and said so.
        qtbot.waitUntil(
            lambda: any("can only be sent while connected" in t for t in _console_texts(handle)),
            timeout=WAIT_MS,
        )
        qtbot.waitUntil(lambda: handle.bridge.current_state() is ReadyState.OPEN, timeout=WAIT_MS)
        assert handle.page.data["inputValue"] == "hello"
        page.send_button.click()  # live now: goes through at once
        qtbot.waitUntil(
            lambda: any(
                isinstance(e, ApiCalled) and e.api == "send" and e.task_id == task.socket_task_id
                for e in seen
            ),
            timeout=WAIT_MS,
        )
    finally:
        if handle is not None:
            _close(arun, handle)
        arun(server.stop())


def test_a_menu_switch_before_the_core_is_applied_once_it_runs(
    qtbot: QtBot, arun: AsyncRunner
) -> None:
    config = AppConfig(lang="en")
    window = open_window(config)
    window.show()
    window.presenter_action.trigger()
    window.multiple_action.trigger()
    assert window.presenter_action.isChecked()
    handle = attach_core(window, config)
    try:
        assert handle.bridge.config.presenter
        assert handle.bridge.config.allow_multiple
        assert window.presenter
        assert window.presenter_action.isChecked()
        assert window.multiple_action.isChecked()
    finally:
        _close(arun, handle)


def test_the_core_changes_nothing_on_screen(qtbot: QtBot, arun: AsyncRunner) -> None:
    """The first paint shows the real window: attaching the core repaints it identically."""
    config = AppConfig(lang="en")
    window = open_window(config)
    window.show()
    qtbot.waitExposed(window)
    before = window.grab().toImage()
    handle = attach_core(window, config)
    try:
        after = window.grab().toImage()
        assert before.size() == after.size()
        if before != after:
            before.save(str(ROOT / "build" / "startup-before-core.png"))
            after.save(str(ROOT / "build" / "startup-after-core.png"))
        assert before == after, "the window looks different once the core is attached"
        assert isinstance(before, QImage)
    finally:
        _close(arun, handle)


def test_the_light_config_keeps_the_runtime_defaults() -> None:
    from app.runtime import DEFAULT_LEGAL_DOMAINS as RUNTIME_DOMAINS
    from app.runtime import Runtime

    assert DEFAULT_LEGAL_DOMAINS == RUNTIME_DOMAINS
    assert Runtime().max_sockets == RUNTIME_MAX_SOCKETS


def test_the_public_names_of_app_load_on_first_use() -> None:
    code = textwrap.dedent(
        """
        import sys
        import app.config
        light = "app.runtime" not in sys.modules and "app.index_page" not in sys.modules
        from app import Runtime, SocketTask, ReadyState, IndexPage, Console
        import app
        assert Runtime.__module__ == "app.runtime" and SocketTask.__module__ == "app.socket_task"
        assert ReadyState.OPEN and IndexPage and Console
        assert "Runtime" in dir(app) and "__version__" in dir(app)
        try:
            app.NoSuchName
        except AttributeError:
            pass
        else:
            raise SystemExit("no AttributeError")
        print("light" if light else "heavy")
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=str(ROOT),
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "light"


# -- the real entry point, in a fresh process ---------------------------------------------------

FIRST_PAINT_DRIVER = textwrap.dedent(
    """
    import json, os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QWidget
    import ui.main
    from ui.main_window import MainWindow

    seen = {}

    class Probe(QObject):
        def eventFilter(self, watched, event):
            if "modules" not in seen and event.type() == QEvent.Type.Paint:
                window = watched.window() if isinstance(watched, QWidget) else None
                seen["window"] = type(window).__name__
                seen["attached"] = window.attached if isinstance(window, MainWindow) else None
                seen["modules"] = sorted(sys.modules)
                QTimer.singleShot(0, window.close)
            return False

    app = ui.main.create_application()
    probe = Probe()
    app.installEventFilter(probe)
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.timeout.connect(lambda: (print("TIMEOUT", flush=True), os._exit(3)))
    deadline.start(8000)
    status = ui.main.main(sys.argv[1:])
    print("SEEN " + json.dumps(seen), flush=True)
    sys.exit(status)
    """
)


@pytest.fixture(scope="module")
def first_paint_seen(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """What a fresh ``ui.main.main()`` had imported and built at its window's first paint."""
    proc = run_driver(tmp_path_factory.mktemp("first_paint"), FIRST_PAINT_DRIVER, "--lang", "en")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    seen: dict[str, Any] = json.loads(proc.stdout.split("SEEN ", 1)[1])
    return seen


def _imported(seen: dict[str, Any], packages: Iterable[str]) -> list[str]:
    return sorted(
        name
        for name in seen["modules"]
        if any(name == p or name.startswith(p + ".") for p in packages)
    )


def test_the_first_paint_comes_before_the_core_and_its_imports(
    first_paint_seen: dict[str, Any],
) -> None:
    assert first_paint_seen["window"] == "MainWindow"
    assert first_paint_seen["attached"] is False  # no runtime, page or bridge built yet
    early = _imported(first_paint_seen, NOT_BEFORE_FIRST_PAINT)
    assert not early, f"imported before the first paint: {early}"


def test_the_first_paint_comes_before_asyncio_and_the_runtime(
    first_paint_seen: dict[str, Any],
) -> None:
    early = _imported(
        first_paint_seen, ("asyncio", "ssl", "app.runtime", "app.socket_task", "ui.bridge")
    )
    assert not early, f"imported before the first paint: {early}"


# The PySide6 types loaded when the window first paints. A filter on the window alone (put
# on as it is shown), as in bench.startup_probe: a filter on the whole application is
# handed every object, which makes PySide load every type to wrap them.
TYPES_DRIVER = textwrap.dedent(
    """
    import json, os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6 import QtWidgets
    from PySide6.QtCore import QEvent, QObject
    import ui.main

    class Probe(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                seen = {
                    "qt_widgets": sorted(vars(QtWidgets)),
                    "modules": sorted(sys.modules),
                }
                print("SEEN " + json.dumps(seen), flush=True)
                os._exit(0)
            return False

    probe = Probe()
    show = QtWidgets.QWidget.show

    def shown(self):
        if self.isWindow():
            self.installEventFilter(probe)
        show(self)

    QtWidgets.QWidget.show = shown
    ui.main.main(sys.argv[1:])
    print("NO PAINT", flush=True)
    """
)


def test_the_first_paint_builds_no_message_box_or_style_types(tmp_path: Path) -> None:
    """PySide6 builds a class's Python enums when the class is first loaded: QStyle's
    (~8 ms) and QMessageBox's wait until a console cell is painted or a dialog shown."""
    proc = run_driver(tmp_path, TYPES_DRIVER, "--lang", "en")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    seen = json.loads(proc.stdout.split("SEEN ", 1)[1])
    assert "ui.error_dialog" not in seen["modules"]
    loaded = set(seen["qt_widgets"])
    assert "QMainWindow" in loaded  # (the check sees what was loaded)
    assert not loaded & {"QStyle", "QStyleOptionSlider", "QMessageBox"}


TAP_DRIVER = textwrap.dedent(
    """
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QTimer
    from app.events import ReadyState
    import ui.main

    marks = {}
    wait = ui.main.wait_for_first_paint

    def tap_then_wait(window, *args):
        # The window is shown, the core not built: tap 创建 WebSocket now.
        marks["attached_at_tap"] = window.attached
        window.page_view.connect_button.click()
        return wait(window, *args)

    finish = ui.main.finish_startup

    async def finish_then_watch(handle):
        await finish(handle)
        def check():
            if handle.bridge.current_state() is ReadyState.OPEN:
                marks["open"] = True
                marks["tasks"] = len(handle.bridge.runtime_tasks())
                timer.stop()
                handle.window.close()
        timer = QTimer()
        timer.timeout.connect(check)
        timer.start(10)
        marks["timer"] = timer

    ui.main.wait_for_first_paint = tap_then_wait
    ui.main.finish_startup = finish_then_watch
    app = ui.main.create_application()
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.timeout.connect(lambda: (print("TIMEOUT", flush=True), os._exit(3)))
    deadline.start(8000)
    status = ui.main.main(sys.argv[1:])
    print(f"attached_at_tap={marks['attached_at_tap']}", flush=True)
    print(f"open={marks.get('open', False)}", flush=True)
    print(f"tasks={marks.get('tasks')}", flush=True)
    sys.exit(status)
    """
)


def test_a_tap_before_the_core_connects_with_the_real_entry_point(tmp_path: Path) -> None:
    proc = run_driver(tmp_path, TAP_DRIVER, "--lang", "en")
    assert_quiet_success(proc)
    assert "attached_at_tap=False" in proc.stdout
    assert "open=True" in proc.stdout
    assert "tasks=1" in proc.stdout


CLOSE_BEFORE_CORE_DRIVER = textwrap.dedent(
    """
    import os, sys, time
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QTimer
    import ui.main

    marks = {}
    wait = ui.main.wait_for_first_paint

    def close_while_painting(window, *args):
        marks["attached"] = window.attached
        QTimer.singleShot(0, window.close)
        painted = wait(window, *args)
        marks["closing"] = time.perf_counter()
        return painted

    ui.main.wait_for_first_paint = close_while_painting
    app = ui.main.create_application()
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.timeout.connect(lambda: (print("TIMEOUT", flush=True), os._exit(3)))
    deadline.start(8000)
    status = ui.main.main(sys.argv[1:])
    print(f"attached_at_close={marks['attached']}", flush=True)
    print(f"shutdown_s={time.perf_counter() - marks['closing']:.3f}", flush=True)
    sys.exit(status)
    """
)


def test_closing_the_window_before_the_core_exits_cleanly(tmp_path: Path) -> None:
    started = time.perf_counter()
    proc = run_driver(tmp_path, CLOSE_BEFORE_CORE_DRIVER, "--lang", "en")
    assert_clean_exit(proc)
    assert "attached_at_close=False" in proc.stdout
    log = app_log(tmp_path)
    assert "closed before the start-up finished" in log
    assert time.perf_counter() - started < 30


REFUSED_DRIVER = textwrap.dedent(
    """
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from app.errors import ConfigError
    import ui.main
    from ui.main_window import MainWindow

    shown = []

    def refuse(config, server=None):
        raise ConfigError("refused for the test")

    async def show_error(message):
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        shown.append((message, [w.isVisible() for w in windows]))

    ui.main.make_runtime = refuse
    ui.main._show_blocking_error = show_error
    app = ui.main.create_application()
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.timeout.connect(lambda: (print("TIMEOUT", flush=True), os._exit(3)))
    deadline.start(8000)
    status = ui.main.main(sys.argv[1:])
    print(f"shown={shown!r}", flush=True)
    sys.exit(status)
    """
)


def test_a_configuration_the_runtime_refuses_is_explained_and_ends_the_app(
    tmp_path: Path,
) -> None:
    proc = run_driver(tmp_path, REFUSED_DRIVER, "--lang", "en")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    # The message box is shown with the window gone from the screen.
    assert "shown=[('refused for the test', [False])]" in proc.stdout, proc.stdout
    noise = [
        line
        for line in proc.stderr.splitlines()
        if line.strip() and "propagateSizeHints" not in line and "cannot start" not in line
    ]
    assert not noise, proc.stderr
    assert "cannot start: refused for the test" in proc.stderr
