"""Unexpected errors: always logged, always shown, never a silent crash.

:func:`install` routes ``sys.excepthook`` (exceptions escaping Qt slots and
virtual methods) and ``threading.excepthook`` to :func:`report`; :func:`loop_exception_handler`
is the asyncio loop's exception handler. :func:`report` logs the traceback and
shows a non-modal error dialog (later errors are added to the same dialog), and
the application keeps running.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    import asyncio

    from ui.error_dialog import ErrorDialog

__all__ = [
    "ErrorDialog",
    "current_dialog",
    "install",
    "loop_exception_handler",
    "report",
    "set_log_file",
    "uninstall",
]

logger = logging.getLogger(__name__)

_log_file: Path | None = None
_dialog: ErrorDialog | None = None
_previous: tuple[Any, Any] | None = None


def _peer_errors() -> tuple[type[BaseException], ...]:
    """Transport noise from peers (resets, TLS alerts): logged, not shown as a crash."""
    import ssl  # loaded with asyncio already: only a running loop calls the handler

    return (ConnectionError, ssl.SSLError, TimeoutError)


def set_log_file(path: Path | None) -> None:
    """Where the log is written (the dialog tells the user)."""
    global _log_file
    _log_file = path


def __getattr__(name: str) -> Any:
    # ErrorDialog lives in ui.error_dialog, loaded with the first error: QMessageBox's
    # types and enums are then not built before the window's first paint.
    if name == "ErrorDialog":
        from ui.error_dialog import ErrorDialog

        return ErrorDialog
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def current_dialog() -> ErrorDialog | None:
    """The error dialog shown now, if any."""
    if _dialog is not None and _dialog.isVisible():
        return _dialog
    return None


def _show(summary: str, details: str) -> None:
    global _dialog
    app = QApplication.instance()
    if not isinstance(app, QApplication) or QThread.currentThread() is not app.thread():
        return
    try:
        if _dialog is None:
            from ui.error_dialog import ErrorDialog

            _dialog = ErrorDialog()
        _dialog.add(summary, details, _log_file)
        _dialog.show()
        _dialog.raise_()
    except Exception:  # the report is logged already; never fail while reporting
        logger.exception("could not show the error dialog")


def report(
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
    *,
    where: str = "",
) -> None:
    """Log an unexpected exception and show it in the error dialog."""
    if issubclass(exc_type, KeyboardInterrupt):
        logger.info("interrupted")
        return
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    summary = f"{exc_type.__name__}: {exc}"
    if where:
        summary = f"{where}\n{summary}"
    logger.critical(
        "unexpected error%s", f" ({where})" if where else "", exc_info=(exc_type, exc, tb)
    )
    _show(summary, details)


def _sys_hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    report(exc_type, exc, tb)


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is None:
        return
    name = args.thread.name if args.thread is not None else "?"
    report(args.exc_type, args.exc_value, args.exc_traceback, where=f"thread {name}")


def loop_exception_handler(loop: asyncio.AbstractEventLoop, context: Mapping[str, Any]) -> None:
    """asyncio's exception handler: log everything; show real errors (not peer noise)."""
    message = str(context.get("message") or "unhandled error in the event loop")
    exc = context.get("exception")
    if isinstance(exc, BaseException):
        if isinstance(exc, _peer_errors()):
            logger.warning("%s: %r", message, exc)
            return
        report(type(exc), exc, exc.__traceback__, where=message)
        return
    extra = ", ".join(f"{k}={v!r}" for k, v in context.items() if k != "message")
    logger.error("%s (%s)", message, extra)
    _show(message, extra)


def install() -> None:
    """Route uncaught exceptions (main thread and threads) to :func:`report`."""
    global _previous
    if _previous is None:
        _previous = (sys.excepthook, threading.excepthook)
    sys.excepthook = _sys_hook
    threading.excepthook = _thread_hook


def uninstall() -> None:
    """Restore the previous hooks and release the dialog (while Qt is still running)."""
    global _previous, _dialog
    if _previous is not None:
        sys.excepthook, threading.excepthook = _previous
        _previous = None
    _dialog = None
