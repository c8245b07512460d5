"""The ``ttsocket-demo`` command: the one place that owns Qt and asyncio.

:func:`main` parses the command line, sets up logging, creates the
``QApplication``, loads the fonts, the stylesheet and the translations,
installs the exception hooks and runs everything on one qasync loop (asyncio
and Qt share the main thread). :func:`build_app` starts the embedded demo
server and builds the core and the window; :func:`shutdown` takes them down in
order with a bounded wait: sockets closed, server stopped, leftover tasks
cancelled.

The start is in three steps, so that the window is on screen as early as possible:

1. :func:`open_window` builds the real window (page, buttons, input, badge,
   console) from the configuration alone, and :func:`main` waits on Qt's own loop
   for its first paint. asyncio, qasync, the core and websockets are not imported
   yet, which is why this module imports them inside the functions that use them.
2. On the qasync loop, :func:`attach_core` builds the core (runtime, console,
   page, bridge) and hands it to the window. What the user tapped, typed or chose
   in the menus until then is done at that moment, in order.
3. :func:`finish_startup` starts the embedded server and adds the timeline, log
   and settings panels.

Tests use :func:`build_app` / :func:`shutdown` directly on their own qasync loop;
:func:`build_window` is steps 1 and 2 at once.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import sys
import time
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeVar

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QEventLoop,
    QObject,
    QSettings,
    QStandardPaths,
    QTimer,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.config import AppConfig, merge, parse_command_line
from ui import excepthook, i18n
from ui.gc_policy import MainThreadGC
from ui.main_window import MainWindow
from ui.resources import app_font, load_fonts, read_text
from ui.settings_io import read_config

# What the first paint does not need is imported after it: asyncio and qasync, the core
# and the bridge (attach_core), the timeline, log, scenario picker and session actions,
# the embedded server with its TLS material (finish_startup).
if TYPE_CHECKING:
    from app.console import Console
    from app.index_page import IndexPage
    from app.runtime import Runtime
    from app.server import DemoServer
    from app.session import Session
    from ui.bridge import Bridge
    from ui.log_view import BinaryComposer, LogView
    from ui.scenario_picker import ScenarioPicker
    from ui.session_actions import SessionActions
    from ui.settings_panel import SettingsPanel
    from ui.timeline_view import TimelineView

__all__ = [
    "APP_NAME",
    "AppHandle",
    "MainThreadGC",
    "Panels",
    "attach_core",
    "build_app",
    "build_window",
    "create_application",
    "finish_startup",
    "first_paint",
    "main",
    "make_runtime",
    "open_settings",
    "open_window",
    "run_on_qt_loop",
    "shutdown",
    "wait_for_first_paint",
]

logger = logging.getLogger(__name__)

T = TypeVar("T")

APP_NAME: Final = "ttsocket-demo"

# Console lines kept by the core's Console (the console view keeps its own, formatted rows;
# these are for scripts and tests reading the newest lines, each holding its arguments).
CONSOLE_LIMIT: Final = 1_000

# Seconds the runtime gets to close its sockets at shutdown (the whole shutdown stays < 1 s).
SHUTDOWN_GRACE: Final = 0.4
# Seconds the embedded server gets to stop after the sockets are closed.
SERVER_STOP_LIMIT: Final = 0.3
# Seconds the start-up waits for the window's first paint before building the rest anyway.
FIRST_PAINT_LIMIT: Final = 0.5


@dataclass
class Panels:
    """The panels :func:`build_app` adds after the console."""

    timeline: TimelineView
    log: LogView
    settings: SettingsPanel
    picker: ScenarioPicker
    sessions: SessionActions
    composer: BinaryComposer


class AppHandle:
    """Everything the start-up made. ``closed`` is set when the window closes.

    :func:`attach_core` (or :func:`build_window`) makes the core and gives it to the
    window (page and console); :func:`finish_startup` then starts the embedded server and
    adds the other panels. :func:`build_app` does all of it, so :attr:`server` and
    :attr:`panels` are there when it returns. Made on a running loop.
    """

    def __init__(
        self, config: AppConfig, window: MainWindow, bridge: Bridge, console: Console
    ) -> None:
        import asyncio

        self.config = config
        self.window = window
        self.bridge = bridge
        self.console = console
        self.server: DemoServer | None = None
        self.server_error: str | None = None
        self.closed = asyncio.Event()
        # Set once finish_startup has run (server started or failed, panels built).
        self.ready = asyncio.Event()
        self._panels: Panels | None = None

    @property
    def panels(self) -> Panels:
        """The panels after the console (built by :func:`finish_startup`)."""
        if self._panels is None:
            raise RuntimeError("the panels are built by finish_startup, which has not run")
        return self._panels

    @property
    def runtime(self) -> Runtime:
        """The runtime in use (a settings change may replace it)."""
        return self.bridge.runtime

    @property
    def page(self) -> IndexPage:
        """The page shown (a settings change reloads it)."""
        return self.bridge.page


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


def make_runtime(config: AppConfig, server: DemoServer | None = None) -> Runtime:
    """A runtime enforcing ``config``; trusts ``server``'s CA for its wss endpoint only.
    Raises :class:`~app.errors.TTSocketError` for a configuration it refuses."""
    from app.runtime import Runtime

    runtime = Runtime(
        mode=config.mode,
        legal_domains=config.legal_domains,
        check_domain=config.check_domain,
        ca_file=config.ca_file,
        default_timeout_ms=config.timeout_ms,
    )
    if server is not None:
        _trust_server(runtime, server)
    return runtime


async def build_app(config: AppConfig, *, settings: QSettings | None = None) -> AppHandle:
    """Build everything: :func:`build_window`, then :func:`finish_startup`. Needs a running
    qasync loop and a ``QApplication``. Applied settings are stored in ``settings`` when
    given. Raises :class:`~app.errors.TTSocketError` for a configuration the runtime
    refuses."""
    handle = build_window(config, settings=settings)
    try:
        await finish_startup(handle)
    except BaseException:
        await shutdown(handle)
        handle.window.deleteLater()
        raise
    return handle


def build_window(config: AppConfig, *, settings: QSettings | None = None) -> AppHandle:
    """The window with the page and the console, and the core (runtime, console, page,
    bridge) attached to it: :func:`open_window`, then :func:`attach_core`. The embedded
    server is not started yet (see :func:`finish_startup`): until it is, the page says so
    and a tap on its connect button waits for it. Raises
    :class:`~app.errors.TTSocketError` for a configuration the runtime refuses."""
    runtime = make_runtime(config)  # refuses a bad configuration before anything is built
    window = open_window(config, settings=settings)
    window.attach(_make_bridge(config, runtime))
    return attach_core(window, config)


def open_window(config: AppConfig, *, settings: QSettings | None = None) -> MainWindow:
    """The real window for ``config`` (page, buttons, input, state badge, console, status
    bar), before the core exists: what the first paint shows. Needs no event loop and
    imports neither asyncio nor the core. Until :func:`attach_core`, a tap, an edit or a
    menu choice waits for the core (and is done then, in order); reading
    ``window.bridge`` builds the core at once."""
    window = MainWindow(
        config=config,
        settings=settings,
        core_factory=lambda: _make_bridge(config, make_runtime(config)),
    )
    if config.server:
        window.set_server_starting(True)
    return window


def attach_core(window: MainWindow, config: AppConfig) -> AppHandle:
    """Give ``window`` (from :func:`open_window`) its core for ``config`` (runtime,
    console, page, bridge; built now unless it is already) and let the input that waited
    for it through. Raises :class:`~app.errors.TTSocketError` for a configuration the
    runtime refuses (the window is left without a core)."""
    if not window.attached:
        window.attach(_make_bridge(config, make_runtime(config)))
    bridge = window.bridge
    handle = AppHandle(config, window, bridge, bridge.console)
    window.closed.connect(handle.closed.set)
    if window.is_closed:
        handle.closed.set()
    window.go_live()
    return handle


def _make_bridge(config: AppConfig, runtime: Runtime) -> Bridge:
    """The core for ``config`` around ``runtime``: console, page and the bridge to them."""
    from app.console import Console
    from app.index_page import DEFAULT_SAMPLE_URL, IndexPage
    from ui.bridge import Bridge

    console = Console(limit=CONSOLE_LIMIT)
    page = IndexPage(runtime, console, DEFAULT_SAMPLE_URL, connect_options=config.connect_options())

    def runtime_factory(applied: AppConfig) -> Runtime:
        # A runtime made for new settings trusts the embedded server, once it is up.
        return make_runtime(applied, bridge.server)

    bridge = Bridge(runtime, console, page, config, None, runtime_factory=runtime_factory)
    page.url = bridge.page_url_for(config)
    return bridge


async def finish_startup(handle: AppHandle) -> None:
    """Start the embedded server (unless ``config.server`` is off), point the page at it,
    then add the timeline, log and settings panels. Runs once, after the first paint in
    :func:`main`; cancelling it leaves nothing running (a half-started server is
    stopped)."""
    import asyncio

    if handle.ready.is_set():
        return
    config = handle.config
    bridge = handle.bridge
    if config.server:
        from app.server import DemoServer

        candidate = DemoServer(
            host="127.0.0.1", port=0, tls_port=0, default_scenario=config.scenario
        )
        # Not cancelled half-way (closing the window now): a listening socket made by a
        # start cut short could be left open. It finishes (bounded), then stops.
        starting = asyncio.ensure_future(candidate.start())
        try:
            await asyncio.shield(starting)
        except OSError as exc:
            handle.server_error = str(exc)
            logger.error("the demo server could not start: %s", exc)
        except asyncio.CancelledError:
            await asyncio.wait({starting}, timeout=SERVER_STOP_LIMIT)
            if not starting.done():
                starting.cancel()
                await asyncio.wait({starting}, timeout=SERVER_STOP_LIMIT)
            if starting.done() and not starting.cancelled():
                starting.exception()  # retrieved: the window is closing anyway
            await _stop_server(candidate)
            raise
        else:
            handle.server = candidate
            bridge.server = candidate
            for runtime in bridge.runtimes:
                _trust_server(runtime, candidate)
            if bridge.config.url is None:
                bridge.set_url(bridge.page_url_for(bridge.config))
        handle.window.set_server_starting(False)
        if handle.server_error is not None:
            handle.console.error(
                QCoreApplication.translate("main", "The demo server could not start: %1").replace(
                    "%1", handle.server_error
                )
            )
        # Let the window take input and repaint between the server and the panels.
        await asyncio.sleep(0)
    handle._panels = _add_panels(handle.window, bridge, handle.window.settings)
    handle.ready.set()
    # What the first connection needs (websockets' client, ~60 ms of imports), loaded now
    # that the window is complete rather than when the first tap on 创建 WebSocket waits.
    await asyncio.sleep(0)
    from app.socket_task import preload

    preload()


def _trust_server(runtime: Runtime, server: DemoServer) -> None:
    tls_port = server.tls_port
    if tls_port is not None:
        runtime.trust_ca_for("localhost", tls_port, server.ca_pem)


async def _stop_server(server: DemoServer) -> None:
    import asyncio

    try:
        async with asyncio.timeout(SERVER_STOP_LIMIT):
            await server.stop()
    except TimeoutError:
        logger.warning("the demo server did not stop within %.1f s", SERVER_STOP_LIMIT)
    except OSError as exc:
        logger.warning("the demo server did not stop cleanly: %s", exc)


def _add_panels(window: MainWindow, bridge: Bridge, settings: QSettings | None) -> Panels:
    """The panels after the console, fed by the bridge's batched events, and their wiring."""
    from app.events import ReadyState
    from ui.log_view import BinaryComposer, LogView
    from ui.scenario_picker import ScenarioPicker
    from ui.session_actions import SessionActions, export_timeline_interactive
    from ui.settings_panel import SettingsPanel
    from ui.timeline_view import TimelineView

    config = bridge.config
    timeline = TimelineView(cap=bridge.runtime.max_sockets)
    log = LogView()
    sessions = SessionActions(window)
    for view in (timeline, log, sessions):
        bridge.events.connect(view.append_events)
    timeline.task_strip.close_all_requested.connect(bridge.close_all)
    timeline.task_strip.close_task_requested.connect(bridge.close_task)

    def replay(session: Session) -> None:
        timeline.load_events(session.events)
        log.load_events(session.events)

    sessions.session_opened.connect(replay)
    window.open_session_action.triggered.connect(lambda: sessions.open(window))
    window.save_session_action.triggered.connect(lambda: sessions.start_save(window))
    status = window.statusBar()

    def saving(written: int, total: int) -> None:
        percent = written * 100 // max(total, 1)
        status.showMessage(
            QCoreApplication.translate("main", "Saving the session… %1 %").replace(
                "%1", str(percent)
            )
        )

    sessions.save_progress.connect(saving)
    sessions.session_saved.connect(
        lambda path: status.showMessage(
            QCoreApplication.translate("main", "Session saved to %1").replace("%1", path), 8000
        )
    )
    sessions.save_failed.connect(lambda _reason: status.clearMessage())
    window.export_timeline_action.triggered.connect(
        lambda: export_timeline_interactive(window, timeline)
    )
    window.enable_session_actions(True)

    composer = BinaryComposer()
    hex_edit = composer.hex_edit
    hex_edit.setMaximumHeight(int(hex_edit.fontMetrics().lineSpacing() * 2.6) + 12)
    composer.send_binary.connect(bridge.send_binary)
    composer.set_can_send(False)
    bridge.page_state.connect(lambda state: composer.set_can_send(state is ReadyState.OPEN))
    window.console_view.set_footer(composer)

    picker = ScenarioPicker()
    panel = SettingsPanel(config, settings)
    if bridge.server is not None:
        picker.set_base_url(bridge.server.ws_url, bridge.server.wss_url)
        picker.set_secure(True)
    else:
        picker.set_base_url(None, None)
    picker.set_selection(config.scenario, dict(config.scenario_params))

    def use_scenario_url(url: str) -> None:
        if bridge.config.url is None:
            bridge.set_url(url)

    picker.scenario_url_changed.connect(use_scenario_url)
    picker.scenario_changed.connect(panel.set_scenario)
    picker.scenario_changed.connect(bridge.set_scenario)
    panel.config_applied.connect(bridge.apply_config)

    def present(applied: AppConfig) -> None:
        timeline.set_presenter(applied.presenter)
        log.set_presenter(applied.presenter)

    bridge.config_changed.connect(present)
    present(config)

    settings_tab = QScrollArea()
    settings_tab.setObjectName("settings_tab")
    settings_tab.setWidgetResizable(True)
    settings_tab.setFrameShape(QFrame.Shape.NoFrame)
    body = QWidget(settings_tab)
    layout = QVBoxLayout(body)
    layout.addWidget(picker)
    layout.addWidget(panel)
    layout.addStretch(1)
    settings_tab.setWidget(body)

    window.add_panel(timeline, "Timeline")
    window.add_panel(log, "Log")
    window.add_panel(settings_tab, "Settings")
    return Panels(timeline, log, panel, picker, sessions, composer)


async def shutdown(handle: AppHandle) -> None:
    """Close every socket, stop the server, cancel what is left; bounded (well under 1 s)."""
    import asyncio

    started = time.perf_counter()
    handle.window.hide()
    if handle._panels is not None:
        handle._panels.sessions.finish_save()  # a save the user asked for is never lost
    try:
        await asyncio.gather(
            *(runtime.aclose(grace=SHUTDOWN_GRACE) for runtime in handle.bridge.runtimes)
        )
    finally:
        handle.bridge.close()
        if handle.server is not None:
            await _stop_server(handle.server)
        await _cancel_leftover_tasks()
    logger.info("shut down in %.0f ms", (time.perf_counter() - started) * 1000)


async def _cancel_leftover_tasks(limit: float = 0.2) -> None:
    import asyncio

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


_LOG_FORMAT: Final = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Records kept until the log file is open (a start-up logs a handful).
_EARLY_RECORDS_LIMIT: Final = 1000


class _EarlyRecords(logging.Handler):
    """Keeps what is logged before the log file is opened (after the first paint)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.records) < _EARLY_RECORDS_LIMIT:
            self.records.append(record)


def _setup_logging() -> _EarlyRecords:
    """Warnings to stderr (when there is one), at once; everything from INFO is kept for
    the rotating log file, which :func:`_open_log_file` opens after the first paint."""
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    if sys.stderr is not None:
        console = logging.StreamHandler(sys.stderr)
        console.setLevel(logging.WARNING)
        console.setFormatter(logging.Formatter(_LOG_FORMAT))
        root.addHandler(console)
    early = _EarlyRecords()
    root.addHandler(early)
    return early


def _open_log_file(early: _EarlyRecords) -> Path | None:
    """Everything from INFO to a rotating file, starting with what ``early`` kept.
    Returns the file's path (``None`` if there is no writable place for it)."""
    import logging.handlers  # not needed for the first paint

    root = logging.getLogger()
    root.removeHandler(early)
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
    handler.setFormatter(logging.Formatter(_LOG_FORMAT))
    for record in early.records:
        handler.handle(record)
    early.records.clear()
    root.addHandler(handler)
    return path


def open_settings() -> QSettings:
    """The user's stored settings (an INI file in the platform's config folder)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, APP_NAME, APP_NAME)


async def _run(window: MainWindow, config: AppConfig, notices: Sequence[str]) -> int:
    """Steps 2 and 3 of the start (``window`` is on screen): the core, then the rest;
    then run until the window closes, and shut down."""
    import asyncio

    from app.errors import TTSocketError

    loop = asyncio.get_running_loop()
    loop.set_exception_handler(excepthook.loop_exception_handler)
    try:
        handle = attach_core(window, config)
    except TTSocketError as exc:
        logger.error("cannot start: %s", exc)
        window.hide()
        window.deleteLater()
        await _show_blocking_error(str(exc))
        return 1
    if sys.platform != "win32":
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signal.SIGINT, handle.window.close)
            loop.add_signal_handler(signal.SIGTERM, handle.window.close)
    startup = asyncio.create_task(_finish_after_paint(handle, notices), name="finish_startup")
    closed = asyncio.create_task(handle.closed.wait(), name="window_closed")
    try:
        await asyncio.wait({startup, closed}, return_when=asyncio.FIRST_COMPLETED)
        if startup.done() and not startup.cancelled() and startup.exception() is None:
            logger.info("started (%s)", handle.page.url)
        await closed
    finally:
        for task in (startup, closed):
            task.cancel()
        await asyncio.gather(startup, closed, return_exceptions=True)
        if sys.platform != "win32":
            for signum in (signal.SIGINT, signal.SIGTERM):
                with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                    loop.remove_signal_handler(signum)
        await shutdown(handle)
    return 0


async def _finish_after_paint(handle: AppHandle, notices: Sequence[str]) -> None:
    """The rest of the start-up, once the window has painted: the server and the panels.
    A failure here is logged and shown in the console; the window stays usable."""
    import asyncio

    # Input that waited for the core has been handed to it; let the window answer it
    # and repaint before the server starts.
    await asyncio.sleep(0)
    try:
        await finish_startup(handle)
    except Exception as exc:
        logger.exception("the start-up could not finish")
        handle.console.error(
            QCoreApplication.translate("main", "The start-up could not finish: %1").replace(
                "%1", f"{type(exc).__name__}: {exc}"
            )
        )
        raise
    handle.panels.settings.set_notices(notices)


class _PaintWatcher(QObject):
    """Calls ``on_paint`` once, at the first paint of ``window`` or anything in it
    (installed on the window, it sees the window's own paint, which comes first)."""

    def __init__(self, window: QWidget, on_paint: Callable[[], object]) -> None:
        super().__init__(window)
        self._window = window
        self._on_paint = on_paint
        self.painted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            not self.painted
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.window() is self._window
        ):
            self.painted = True
            self._on_paint()
        return False


def wait_for_first_paint(window: MainWindow, limit: float = FIRST_PAINT_LIMIT) -> bool:
    """Run Qt's own event loop until ``window`` (shown) has painted once, it is closed, or
    ``limit`` seconds have passed (a window that is minimised or covered may not paint).
    For :func:`main`, before any asyncio loop exists: input meanwhile is handled as usual
    (the window keeps it for the core). True if it painted."""
    app = QApplication.instance()
    if app is None or not window.isVisible() or window.is_closed:
        return False
    waiting = QEventLoop()
    watcher = _PaintWatcher(window, waiting.quit)
    window.closed.connect(waiting.quit)
    limit_timer = QTimer()
    limit_timer.setSingleShot(True)
    limit_timer.timeout.connect(waiting.quit)
    # On the window only (it paints before its children): an application-wide filter
    # would hand every event of every object to Python while the window is drawn.
    window.installEventFilter(watcher)
    try:
        limit_timer.start(round(limit * 1000))
        waiting.exec()
    finally:
        limit_timer.stop()
        window.removeEventFilter(watcher)
        window.closed.disconnect(waiting.quit)
        watcher.deleteLater()
    # The whole window is painted in the one update that set off the watcher, which
    # has returned by the time exec() does.
    return watcher.painted


async def first_paint(window: QWidget, limit: float = FIRST_PAINT_LIMIT) -> bool:
    """Wait until ``window`` (shown) has painted once, at most ``limit`` seconds (a
    window that is minimised or covered may not paint). True if it painted."""
    import asyncio

    app = QApplication.instance()
    if app is None or not window.isVisible():
        return False
    painted = asyncio.Event()
    watcher = _PaintWatcher(window, painted.set)
    app.installEventFilter(watcher)
    try:
        async with asyncio.timeout(limit):
            await painted.wait()
    except TimeoutError:
        return False
    finally:
        app.removeEventFilter(watcher)
        watcher.deleteLater()
    # Let the rest of that paint (the other widgets, the flush to the screen) finish.
    await asyncio.sleep(0)
    return True


async def _show_blocking_error(message: str) -> None:
    """A modal message box, run from a Qt timer (never inside an asyncio task step)."""

    def show() -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(
            None,
            QCoreApplication.translate("main", "ttsocket-demo cannot start"),
            message,
        )

    import qasync

    await qasync.asyncWrap(show)


def run_on_qt_loop(app: QApplication, coro: Coroutine[Any, Any, T]) -> T:
    """Run ``coro`` to completion on the app's asyncio-on-Qt loop over ``app``
    (:mod:`ui.qloop`: asyncio and Qt share the main thread), with garbage collection on
    the GUI thread; the loop is closed after."""
    import asyncio

    from ui.qloop import create_event_loop

    collector = MainThreadGC()
    collector.start()
    try:
        with asyncio.Runner(loop_factory=lambda: create_event_loop(app)) as runner:
            return runner.run(coro)
    finally:
        collector.stop()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the app; returns the exit status (0 after a normal close, 2 for bad arguments)."""
    args = list(sys.argv[1:] if argv is None else argv)
    command_line = parse_command_line(args)  # prints one line and exits 2 on a bad argument
    app = create_application(sys.argv[:1] or [APP_NAME])
    early_log = _setup_logging()
    settings = open_settings()
    stored = read_config(settings)
    # Options given on the command line win over the stored settings.
    config = merge(stored.config, command_line.config, command_line.explicit)
    excepthook.install()
    i18n.set_language(config.lang)
    log_open = False
    try:
        # Step 1: the window, painted on Qt's own loop (see the module's docstring).
        window = open_window(config, settings=settings)
        window.show()
        wait_for_first_paint(window)
        excepthook.set_log_file(_open_log_file(early_log))
        log_open = True
        if window.is_closed:
            logger.info("closed before the start-up finished: nothing to shut down")
            return 0
        return run_on_qt_loop(app, _run(window, config, stored.warnings))
    finally:
        if not log_open:
            _open_log_file(early_log)  # keep what was logged before the failure
        excepthook.uninstall()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
