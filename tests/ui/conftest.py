"""UI fixtures: the app's loop on pytest-qt's ``qapp``, and the full real app.

The UI tests are plain (sync) functions, so pytest-asyncio leaves them alone.
``qloop`` installs a :class:`ui.qloop.QtEventLoop` (qasync's loop, as the app runs
it) as the *running* asyncio loop
for the duration of a test (``already_running=True``): whenever Qt processes
events — inside ``qtbot.waitUntil`` / ``qtbot.waitSignal`` — asyncio callbacks,
socket I/O and tasks run too, on the main thread, exactly as in the app. Loop
errors are collected and fail the test at teardown (like qasync's own tests).
As in the app, Python's garbage collector runs on the GUI thread only
(:class:`ui.main.MainThreadGC`).

``ui_app`` builds the real window, bridge, runtime and embedded ``DemoServer``
(127.0.0.1, port 0) with :func:`ui.main.build_app` and shuts it all down with
:func:`ui.main.shutdown` at teardown.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from pytestqt.qtbot import QtBot

from app.config import AppConfig
from ui import i18n
from ui.main import AppHandle, MainThreadGC, build_app, create_application, shutdown
from ui.qloop import QtEventLoop

T = TypeVar("T")

# Milliseconds: the upper bound of any single wait in the UI tests.
WAIT_MS = 5000


class LoopErrors(list[dict[str, Any]]):
    """Contexts passed to the loop's exception handler during a test."""


class AsyncRunner:
    """Runs coroutines on the qasync loop from a sync test, waiting with ``qtbot``."""

    def __init__(self, loop: asyncio.AbstractEventLoop, qtbot: QtBot) -> None:
        self.loop = loop
        self.qtbot = qtbot

    def __call__(self, coro: Coroutine[Any, Any, T], timeout_ms: int = WAIT_MS) -> T:
        task = self.loop.create_task(coro)
        try:
            self.qtbot.waitUntil(task.done, timeout=timeout_ms)
        except BaseException:
            task.cancel()
            self.qtbot.waitUntil(task.done, timeout=1000)
            raise
        return task.result()


@pytest.fixture
def qloop(qapp: Any) -> Iterator[asyncio.AbstractEventLoop]:
    """A qasync loop, set as asyncio's running loop for the whole test.

    The loop is not started with ``run_forever`` (the test drives Qt's event
    processing itself), so it is marked running by hand, and never stopped with
    ``loop.stop()``: that calls ``QCoreApplication.exit()``, which would end
    every later nested Qt event loop of the session at once.
    """
    create_application()
    collector = MainThreadGC()
    collector.start()
    loop = QtEventLoop(qapp)
    errors = LoopErrors()
    loop.set_exception_handler(lambda _loop, context: errors.append(dict(context)))
    loop._before_run_forever()  # type: ignore[attr-defined]  # qasync is untyped
    asyncio.events._set_running_loop(loop)
    pending: list[asyncio.Task[Any]] = []
    try:
        yield loop
    finally:
        try:
            pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
            for task in pending:
                task.cancel()
            qapp.processEvents()
        finally:
            asyncio.events._set_running_loop(None)
            loop._after_run_forever()  # type: ignore[attr-defined]
            loop.close()
            collector.stop()
    assert not pending, f"tasks left running at the end of the test: {pending}"
    assert not errors, f"unhandled loop errors: {errors}"


@pytest.fixture
def arun(qloop: asyncio.AbstractEventLoop, qtbot: QtBot) -> AsyncRunner:
    """``arun(coro)``: run a coroutine on the qasync loop and return its result."""
    return AsyncRunner(qloop, qtbot)


@pytest.fixture
def language() -> Iterator[Callable[[str], list[str]]]:
    """``language("zh")`` switches the UI language; English is restored afterwards."""
    yield i18n.set_language
    i18n.set_language("en")


AppFactory = Callable[..., AppHandle]


@pytest.fixture
def make_ui_app(arun: AsyncRunner, qtbot: QtBot) -> Iterator[AppFactory]:
    """``make_ui_app(**config)``: the full app (window shown) from ``AppConfig(**config)``;
    every app made is shut down at teardown."""
    handles: list[AppHandle] = []

    def make(**changes: Any) -> AppHandle:
        config = AppConfig(lang="en").replace(**changes)
        handle = arun(build_app(config))
        handles.append(handle)
        handle.window.show()
        return handle

    # Not qtbot.addWidget: pytest-qt deletes those windows before fixtures tear down,
    # and the app must shut down (sockets, server) before its window goes.
    yield make
    for handle in handles:
        arun(shutdown(handle))
        handle.window.close()
        handle.window.deleteLater()


@pytest.fixture
def ui_app(make_ui_app: AppFactory) -> AppHandle:
    """The full app with the embedded echo server, in English."""
    return make_ui_app()


ROOT = Path(__file__).resolve().parents[2]


def run_driver(
    tmp_path: Path, source: str, *args: str, warnings: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run a driver script (which starts the real app with ``ui.main.main``) in a fresh
    Python, with its data and settings folders under ``tmp_path``."""
    script = tmp_path / "driver.py"
    script.write_text(source, encoding="utf-8")
    env = dict(
        os.environ,
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        PYTHONPATH=str(ROOT),
    )
    flags = ["-W", "default"] if warnings else []
    return subprocess.run(
        [sys.executable, *flags, "-X", "faulthandler", str(script), *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=str(ROOT),
        env=env,
        check=False,
    )


def assert_clean_exit(proc: subprocess.CompletedProcess[str]) -> None:
    """The driver's app exited 0, shut down in under a second (its ``shutdown_s=`` line)
    and wrote nothing to standard error but Qt's offscreen plugin notice."""
    assert_quiet_success(proc)
    shutdown_s = float(proc.stdout.split("shutdown_s=")[1].split()[0])
    assert shutdown_s < 1.0, proc.stdout


def assert_quiet_success(proc: subprocess.CompletedProcess[str]) -> None:
    """The driver's app exited 0 and wrote nothing to standard error but Qt's offscreen
    plugin notice."""
    assert proc.returncode == 0, proc.stdout + proc.stderr
    noise = [
        line
        for line in proc.stderr.splitlines()
        if line.strip() and "propagateSizeHints" not in line
    ]
    assert not noise, proc.stderr


def app_log(tmp_path: Path) -> str:
    """The text of the log file the driver's app wrote under ``tmp_path``."""
    logs = list((tmp_path / "data").rglob("*.log"))
    assert logs, "no log file written"
    return logs[0].read_text(encoding="utf-8")
