"""``ErrorDialog``: the non-modal dialog that :mod:`ui.excepthook` shows unexpected errors in
(loaded with the first one)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox

__all__ = ["ErrorDialog"]


class ErrorDialog(QMessageBox):
    """Non-modal: the window keeps working. Collects every error reported while it is open.

    One dialog serves the whole run: dismissing it hides it and forgets the errors
    shown (it is never deleted while it handles its own close, which would crash).
    It has no parent, so closing or deleting a window never takes it along.
    """

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("error_dialog")
        self.setIcon(QMessageBox.Icon.Critical)
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.setStandardButtons(QMessageBox.StandardButton.Ok)
        self.errors: list[str] = []
        self._details: list[str] = []
        self.finished.connect(self._on_self_finished)

    def add(self, summary: str, details: str, log_file: Path | None = None) -> None:
        """Show one more error; ``log_file``: where the details were written, if anywhere."""
        self.errors.append(summary)
        self._details.append(details)
        self.setWindowTitle(QCoreApplication.translate("ErrorDialog", "Unexpected error"))
        if len(self.errors) == 1:
            text = QCoreApplication.translate(
                "ErrorDialog", "Something unexpected went wrong. The app keeps running."
            )
        else:
            text = QCoreApplication.translate(
                "ErrorDialog", "%1 unexpected errors happened. The app keeps running."
            ).replace("%1", str(len(self.errors)))
        self.setText(text)
        info = summary
        if log_file is not None:
            info += "\n\n" + QCoreApplication.translate(
                "ErrorDialog", "Details were written to the log: %1"
            ).replace("%1", str(log_file))
        self.setInformativeText(info)
        self.setDetailedText("\n\n".join(self._details[-20:]))

    def _on_self_finished(self, _result: int) -> None:
        self.errors.clear()
        self._details.clear()
