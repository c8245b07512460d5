"""Save, open and export: the dialogs around :mod:`app.session` and the timeline export.

Each ``*_interactive`` function asks what it needs (a file name, whether to keep
secrets) unless the caller passes it, does the work, and reports a failure in a
message box — or through ``report(title, message)`` when given (tests, or a
window that shows errors its own way). None of them raises for a bad file.

:class:`SessionActions` is a small QObject for the main window: it records the
event stream (``append_events``) so the session can be saved, and emits
``session_opened(Session)`` when a saved session is opened for replay.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from app.events import Event
from app.session import Session, SessionError, SessionRecorder, open_session, save_session

if TYPE_CHECKING:
    from ui.timeline_view import TimelineView

__all__ = [
    "SaveOptionsDialog",
    "SessionActions",
    "export_timeline_interactive",
    "open_session_interactive",
    "save_session_interactive",
]

logger = logging.getLogger(__name__)

#: ``report(title, message)``: how a failure is shown.
Reporter = Callable[[str, str], None]

SESSION_SUFFIX = ".jsonl"


def _stamp() -> str:
    return time.strftime("%Y%m%d-%H%M%S")


def _message_box(parent: QWidget | None) -> Reporter:
    def report(title: str, message: str) -> None:
        QMessageBox.warning(parent, title, message)

    return report


class SaveOptionsDialog(QDialog):
    """Asks whether secrets stay masked (the default) before saving a session."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("save_options_dialog")
        self.setWindowTitle(self.tr("Save session"))
        layout = QVBoxLayout(self)
        note = QLabel(
            self.tr(
                "Every event is saved with its timestamps. Authorization headers, cookies and "
                "token-like URL parameters are masked (***) unless you keep them."
            ),
            self,
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.include_secrets = QCheckBox(
            self.tr("Keep secrets unmasked (only for files you will not share)"), self
        )
        self.include_secrets.setObjectName("save_include_secrets")
        layout.addWidget(self.include_secrets)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def save_session_interactive(
    parent: QWidget | None,
    events: Sequence[Event],
    *,
    path: str | Path | None = None,
    include_secrets: bool | None = None,
    report: Reporter | None = None,
) -> Path | None:
    """Save ``events`` as a session file; returns the path, or ``None`` if cancelled or failed."""
    report = report or _message_box(parent)
    title = QCoreApplication.translate("SessionActions", "Cannot save the session")
    if not events:
        report(title, QCoreApplication.translate("SessionActions", "There is nothing to save yet."))
        return None
    if include_secrets is None:
        dialog = SaveOptionsDialog(parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        include_secrets = dialog.include_secrets.isChecked()
    if path is None:
        chosen, _ = QFileDialog.getSaveFileName(
            parent,
            QCoreApplication.translate("SessionActions", "Save session"),
            f"ttsocket-session-{_stamp()}{SESSION_SUFFIX}",
            QCoreApplication.translate("SessionActions", "ttsocket sessions (*.jsonl)"),
        )
        if not chosen:
            return None
        path = chosen
    target = Path(path)
    if not target.suffix:
        target = target.with_suffix(SESSION_SUFFIX)
    try:
        save_session(target, events, mask=not include_secrets)
    except OSError as exc:
        logger.warning("saving the session to %s failed: %s", target, exc)
        report(
            title,
            QCoreApplication.translate("SessionActions", "{0} could not be written: {1}").format(
                target, exc.strerror or exc
            ),
        )
        return None
    return target


def open_session_interactive(
    parent: QWidget | None,
    *,
    path: str | Path | None = None,
    report: Reporter | None = None,
) -> Session | None:
    """Open a saved session; returns it, or ``None`` if cancelled or the file is bad."""
    report = report or _message_box(parent)
    if path is None:
        chosen, _ = QFileDialog.getOpenFileName(
            parent,
            QCoreApplication.translate("SessionActions", "Open session"),
            "",
            QCoreApplication.translate(
                "SessionActions", "ttsocket sessions (*.jsonl);;All files (*)"
            ),
        )
        if not chosen:
            return None
        path = chosen
    try:
        return open_session(path)
    except SessionError as exc:
        logger.info("opening %s failed: %s", path, exc)
        where = (
            QCoreApplication.translate("SessionActions", "Line {0}: ").format(exc.line)
            if exc.line is not None
            else ""
        )
        report(
            QCoreApplication.translate("SessionActions", "Cannot open the session"),
            f"{exc.path}\n\n{where}{exc.reason}",
        )
        return None


def export_timeline_interactive(
    parent: QWidget | None,
    view: TimelineView,
    *,
    path: str | Path | None = None,
    suffix: str = ".png",
    report: Reporter | None = None,
) -> Path | None:
    """Export the timeline as PNG or SVG; returns the path, or ``None``."""
    report = report or _message_box(parent)
    if path is None:
        filters = (
            QCoreApplication.translate("SessionActions", "PNG image (*.png)")
            if suffix == ".png"
            else QCoreApplication.translate("SessionActions", "SVG drawing (*.svg)")
        )
        chosen, _ = QFileDialog.getSaveFileName(
            parent,
            QCoreApplication.translate("SessionActions", "Export timeline"),
            f"timeline-{_stamp()}{suffix}",
            filters,
        )
        if not chosen:
            return None
        path = chosen
    target = Path(path)
    if not target.suffix:
        target = target.with_suffix(suffix)
    try:
        return view.export_image(target)
    except (OSError, ValueError) as exc:
        logger.warning("exporting the timeline to %s failed: %s", target, exc)
        report(QCoreApplication.translate("SessionActions", "Cannot export the timeline"), str(exc))
        return None


class SessionActions(QObject):
    """Records the live stream for saving; opens saved sessions for replay.

    Wire ``Bridge.events`` to :meth:`append_events`; connect ``session_opened``
    to the views' ``load_events``.
    """

    session_opened = Signal(object)
    session_saved = Signal(str)

    def __init__(self, parent: QObject | None = None, *, limit: int | None = 1_000_000) -> None:
        super().__init__(parent)
        self.recorder = SessionRecorder(limit)

    @Slot(list)
    def append_events(self, events: Sequence[Event]) -> None:
        self.recorder.extend(events)

    @Slot()
    def clear(self) -> None:
        self.recorder.clear()

    def save(
        self,
        parent: QWidget | None,
        *,
        path: str | Path | None = None,
        include_secrets: bool | None = None,
        report: Reporter | None = None,
    ) -> Path | None:
        saved = save_session_interactive(
            parent,
            self.recorder.events,
            path=path,
            include_secrets=include_secrets,
            report=report,
        )
        if saved is not None:
            self.session_saved.emit(str(saved))
        return saved

    def open(
        self,
        parent: QWidget | None,
        *,
        path: str | Path | None = None,
        report: Reporter | None = None,
    ) -> Session | None:
        session = open_session_interactive(parent, path=path, report=report)
        if session is not None:
            self.session_opened.emit(session)
        return session
