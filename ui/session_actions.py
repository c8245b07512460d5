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

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot
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
from app.session import (
    Session,
    SessionError,
    SessionRecorder,
    SessionWriter,
    open_session,
    save_session,
)

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


def _ask_save_target(
    parent: QWidget | None,
    events: Sequence[Event],
    path: str | Path | None,
    include_secrets: bool | None,
    report: Reporter,
) -> tuple[Path, bool] | None:
    """Where to save and whether to keep secrets (asking what the caller did not say);
    ``None`` if there is nothing to save or the user cancelled."""
    if not events:
        report(
            _save_failed_title(),
            QCoreApplication.translate("SessionActions", "There is nothing to save yet."),
        )
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
    return target, include_secrets


def _save_failed_title() -> str:
    return QCoreApplication.translate("SessionActions", "Cannot save the session")


def _report_write_error(report: Reporter, target: Path, exc: OSError) -> None:
    logger.warning("saving the session to %s failed: %s", target, exc)
    report(
        _save_failed_title(),
        QCoreApplication.translate("SessionActions", "{0} could not be written: {1}").format(
            target, exc.strerror or exc
        ),
    )


def save_session_interactive(
    parent: QWidget | None,
    events: Sequence[Event],
    *,
    path: str | Path | None = None,
    include_secrets: bool | None = None,
    report: Reporter | None = None,
) -> Path | None:
    """Save ``events`` as a session file, all at once; returns the path, or ``None`` if
    cancelled or failed. (:meth:`SessionActions.start_save` saves without blocking.)"""
    report = report or _message_box(parent)
    asked = _ask_save_target(parent, events, path, include_secrets, report)
    if asked is None:
        return None
    target, include_secrets = asked
    try:
        save_session(target, events, mask=not include_secrets)
    except OSError as exc:
        _report_write_error(report, target, exc)
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
    to the views' ``load_events``. :meth:`start_save` writes the file a slice at a
    time on a timer (``save_progress(written, total)``, then ``session_saved(path)``
    or ``save_failed(message)``), so saving 200,000 events never freezes the window.
    """

    session_opened = Signal(object)
    session_saved = Signal(str)
    save_progress = Signal(int, int)
    save_failed = Signal(str)

    #: Time one slice of a background save may take before the window gets a turn.
    SLICE_S = 0.008

    def __init__(self, parent: QObject | None = None, *, limit: int | None = 1_000_000) -> None:
        super().__init__(parent)
        self.recorder = SessionRecorder(limit)
        self._writer: SessionWriter | None = None
        self._report: Reporter | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._write_slice)

    @Slot(list)
    def append_events(self, events: Sequence[Event]) -> None:
        self.recorder.extend(events)

    @Slot()
    def clear(self) -> None:
        self.recorder.clear()

    @property
    def saving(self) -> bool:
        """True while :meth:`start_save` is writing."""
        return self._writer is not None

    def save(
        self,
        parent: QWidget | None,
        *,
        path: str | Path | None = None,
        include_secrets: bool | None = None,
        report: Reporter | None = None,
    ) -> Path | None:
        """Save everything recorded so far, all at once (scripts and tests)."""
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

    def start_save(
        self,
        parent: QWidget | None,
        *,
        path: str | Path | None = None,
        include_secrets: bool | None = None,
        report: Reporter | None = None,
    ) -> bool:
        """Save what was recorded until now without blocking the window. Returns True
        once writing started (False: nothing to save, cancelled, already saving, or the
        file cannot be created — each said through ``report``)."""
        report = report or _message_box(parent)
        if self._writer is not None:
            report(
                _save_failed_title(),
                QCoreApplication.translate(
                    "SessionActions", "A session is being saved; wait until it is written."
                ),
            )
            return False
        asked = _ask_save_target(parent, self.recorder.events, path, include_secrets, report)
        if asked is None:
            return False
        target, include_secrets = asked
        try:
            self._writer = SessionWriter(target, self.recorder.events, mask=not include_secrets)
        except OSError as exc:
            _report_write_error(report, target, exc)
            self.save_failed.emit(str(exc))
            return False
        self._report = report
        self.save_progress.emit(0, self._writer.total)
        self._timer.start()
        return True

    def finish_save(self) -> None:
        """Write what is left of a background save now (the window is closing)."""
        while self._writer is not None:
            self._write_slice(None)

    @Slot()
    def _write_slice(self, budget_s: float | None = SLICE_S) -> None:
        writer = self._writer
        if writer is None:
            self._timer.stop()
            return
        try:
            done = writer.write_some(budget_s)
            if done:
                writer.finish()
        except OSError as exc:
            writer.abort()
            self._end_save()
            if self._report is not None:
                _report_write_error(self._report, writer.target, exc)
            self.save_failed.emit(str(exc))
            return
        self.save_progress.emit(writer.written, writer.total)
        if done:
            self._end_save()
            self.session_saved.emit(str(writer.target))

    def _end_save(self) -> None:
        self._timer.stop()
        self._writer = None

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
