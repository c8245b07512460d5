"""Workload 3 child: start a window and report when it first paints.

``python -m bench.startup_probe --target minimal`` shows a minimal PySide6
window (a ``QLabel``); ``--target app`` runs the app's own entry point
(``ui.main.main``) unchanged. In both, an event filter goes on each top-level
window as it is shown; at the first ``Paint`` event of such a window the probe
prints its ``RESULT`` line
(wall-clock timestamps, which the parent subtracts from its spawn time) and
ends the process at once.

The probe's own code is tiny and identical for both targets, so it adds the
same small amount to each side of the ratio.
"""

from __future__ import annotations

import time

T_MAIN = time.time()  # the interpreter is up and running this module

import argparse  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from typing import Any  # noqa: E402

RESULT_PREFIX = "RESULT "  # as bench.common, which is not imported: it pulls in asyncio

__all__ = ["main"]

_marks: dict[str, float] = {"main": T_MAIN}


def _report_and_exit(extra: dict[str, Any]) -> None:
    import json

    result = {"marks": _marks, **extra}
    sys.stdout.write(RESULT_PREFIX + json.dumps(result) + "\n")
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)  # no teardown: the measurement is over, and the app must not save state


def _install_probe() -> None:
    """Make every top-level window shown from now on report its first paint.

    The filter goes on each window as it is shown (``QWidget.show`` / ``setVisible``
    are wrapped), not on the whole application: an application-wide Python filter is
    handed every event of every object while a window is built, which costs a large
    window (the app's) far more than a one-label one and so skews the ratio. A window
    receives its paint event before its children in the same update, so the moment
    measured is the same.
    """
    from PySide6 import QtWidgets
    from PySide6.QtCore import QEvent, QObject

    _marks["qt_imported"] = time.time()
    paint = QEvent.Type.Paint

    class _PaintProbe(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == paint and isinstance(watched, QtWidgets.QWidget):
                window = watched.window()
                _marks["first_paint"] = time.time()
                _report_and_exit(
                    {
                        "window_class": type(window).__name__,
                        "window_title": window.windowTitle(),
                        "widget_class": type(watched).__name__,
                    }
                )
            return False

    probe: list[_PaintProbe] = []
    widget = QtWidgets.QWidget
    original_show = widget.show
    original_set_visible = widget.setVisible

    def watch(window: QtWidgets.QWidget) -> None:
        if not window.isWindow():
            return
        if not probe:
            probe.append(_PaintProbe())
        window.installEventFilter(probe[0])

    def show(self: QtWidgets.QWidget) -> None:
        watch(self)
        original_show(self)

    def set_visible(self: QtWidgets.QWidget, visible: bool) -> None:
        if visible:
            watch(self)
        original_set_visible(self, visible)

    widget.show = show  # type: ignore[method-assign]
    widget.setVisible = set_visible  # type: ignore[method-assign]

    base = QtWidgets.QApplication

    class _MarkedApplication(base):  # type: ignore[valid-type,misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            _marks["qapplication"] = time.time()

    QtWidgets.QApplication = _MarkedApplication  # type: ignore[misc]


def _run_minimal() -> int:
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication([sys.argv[0]])
    label = QLabel("minimal PySide6 window")
    label.resize(480, 320)
    label.show()
    _marks["shown"] = time.time()
    return app.exec()


def _timed(name: str, fn: Any) -> Any:
    """``fn`` (sync or async) wrapped to mark when it starts and ends."""
    import inspect

    if inspect.iscoroutinefunction(fn):

        async def timed_async(*args: Any, **kwargs: Any) -> Any:
            _marks[f"{name}_start"] = time.time()
            try:
                return await fn(*args, **kwargs)
            finally:
                _marks[f"{name}_end"] = time.time()

        return timed_async

    def timed(*args: Any, **kwargs: Any) -> Any:
        _marks[f"{name}_start"] = time.time()
        try:
            return fn(*args, **kwargs)
        finally:
            _marks[f"{name}_end"] = time.time()

    return timed


def _run_app(args: list[str]) -> int:
    import importlib

    module = importlib.import_module("ui.main")
    _marks["app_imported"] = time.time()
    # build_app, or the phases main() runs instead: the window alone (open_window) or
    # with the core (build_window) before the first paint, the rest after it.
    names = ("create_application", "build_app", "open_window", "build_window", "attach_core")
    for name in (*names, "finish_startup"):
        if callable(getattr(module, name, None)):
            setattr(module, name, _timed(name, getattr(module, name)))
    result = module.main(args)
    return int(result or 0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.startup_probe")
    parser.add_argument("--target", choices=("minimal", "app"), required=True)
    parser.add_argument("app_args", nargs="*", help="arguments for the app (after --)")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _install_probe()
    code = _run_minimal() if args.target == "minimal" else _run_app(args.app_args)
    print(f"startup_probe: the window never painted (exit status {code})", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
