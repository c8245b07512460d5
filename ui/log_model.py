"""Item models of the event log: every event a row, filtered by a proxy.

:class:`LogTableModel` holds :class:`~app.log_filter.LogRow` objects, appends a
whole batch with one ``beginInsertRows`` and keeps at most ``max_rows`` (the
oldest rows go, counted in :attr:`LogTableModel.dropped`).
:class:`LogFilterProxy` shows the rows a :class:`~app.log_filter.LogFilter`
accepts.
"""

from __future__ import annotations

import time
from array import array
from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Any, Final

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from app.events import Event, FrameEvent
from app.log_filter import LogDirection, LogFilter, LogKind, LogRow, row_from_event
from app.timeline import payload_size, task_color
from ui.timeline_view import translate_explanation

__all__ = [
    "DEFAULT_MAX_ROWS",
    "ROW_ROLE",
    "Column",
    "LogFilterProxy",
    "LogTableModel",
    "kind_label",
]

DEFAULT_MAX_ROWS: Final = 100_000
#: Payload bytes the rows may keep alive; the oldest rows go first when over.
DEFAULT_MAX_BYTES: Final = 128 * 1024 * 1024
#: ``data(index, ROW_ROLE)`` is the row's :class:`LogRow`.
ROW_ROLE: Final = int(Qt.ItemDataRole.UserRole) + 1

_Index = QModelIndex | QPersistentModelIndex


class Column:
    TIME = 0
    TASK = 1
    DIRECTION = 2
    KIND = 3
    SIZE = 4
    SUMMARY = 5
    EXPLANATION = 6
    COUNT = 7


_ERROR_COLOR: Final = QColor("#c92a2a")
_FAINT_COLOR: Final = QColor("#868e96")
_KIND_TEXTS: Final = {
    LogKind.CALL: QT_TRANSLATE_NOOP("LogKind", "call"),
    LogKind.CALLBACK: QT_TRANSLATE_NOOP("LogKind", "callback"),
    LogKind.LISTENER: QT_TRANSLATE_NOOP("LogKind", "listener"),
    LogKind.STATE: QT_TRANSLATE_NOOP("LogKind", "state"),
    LogKind.HANDSHAKE: QT_TRANSLATE_NOOP("LogKind", "handshake"),
    LogKind.TEXT: QT_TRANSLATE_NOOP("LogKind", "text"),
    LogKind.BINARY: QT_TRANSLATE_NOOP("LogKind", "binary"),
    LogKind.CLOSE: QT_TRANSLATE_NOOP("LogKind", "close"),
    LogKind.CONTROL: QT_TRANSLATE_NOOP("LogKind", "ping/pong"),
    LogKind.ERROR: QT_TRANSLATE_NOOP("LogKind", "error"),
    LogKind.NOTICE: QT_TRANSLATE_NOOP("LogKind", "notice"),
}


def kind_label(kind: LogKind) -> str:
    """The kind's name in the interface language."""
    return QCoreApplication.translate("LogKind", str(_KIND_TEXTS[kind]))


def _size_of(item: LogRow | Event) -> int:
    return payload_size(item.event if isinstance(item, LogRow) else item)


def _clock(t: float) -> str:
    return time.strftime("%H:%M:%S", time.localtime(t)) + f".{int((t % 1) * 1000):03d}"


class LogTableModel(QAbstractTableModel):
    """The log's rows. ``dropped_changed(int)`` is emitted when old rows were dropped."""

    dropped_changed = Signal(int)

    def __init__(
        self,
        max_rows: int = DEFAULT_MAX_ROWS,
        parent: QObject | None = None,
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        super().__init__(parent)
        if max_rows < 1:
            raise ValueError("max_rows must be at least 1")
        # A row is built from its event the first time it is read (most rows of a flood
        # never are): until then the list holds the event itself.
        self._rows: list[LogRow | Event] = []
        self._sizes = array("q")  # each row's payload bytes
        self._bytes = 0
        self._max_bytes = max_bytes
        self._max_rows = max_rows
        self._masked = False
        self.dropped = 0
        self._colors: dict[int | None, QColor] = {}
        self._in_text = ""
        self._out_text = ""
        self.retranslate()

    def retranslate(self) -> None:
        """Refresh the words the rows show (call on a language change)."""
        self._in_text = self.tr("↓ in")
        self._out_text = self.tr("↑ out")
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, Column.COUNT - 1)
            )
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, Column.COUNT - 1)

    # -- reading -------------------------------------------------------------------------------

    @property
    def max_rows(self) -> int:
        return self._max_rows

    @property
    def retained_bytes(self) -> int:
        """Payload bytes the rows keep alive."""
        return self._bytes

    def row_at(self, row: int) -> LogRow:
        item = self._rows[row]
        if isinstance(item, LogRow):
            return item
        built = self._rows[row] = row_from_event(item)
        return built

    def rows(self) -> Sequence[LogRow]:
        rows = self._rows
        for i, item in enumerate(rows):
            if not isinstance(item, LogRow):
                rows[i] = row_from_event(item)
        return rows  # type: ignore[return-value]  # every item is a LogRow now

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else Column.COUNT

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (
            self.tr("Time"),
            self.tr("Task"),
            self.tr("Dir"),
            self.tr("Kind"),
            self.tr("Size"),
            self.tr("Summary"),
            self.tr("In plain words"),
        )
        return titles[section] if 0 <= section < len(titles) else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self.row_at(index.row())
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = row.shown_summary(self._masked)
            if row.explanation:
                tip += "\n" + translate_explanation(row.explanation)
            return tip[:2000]
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.kind is LogKind.ERROR:
                return QBrush(_ERROR_COLOR)
            if column == Column.TASK:
                return QBrush(self._task_color(row.task_id))
            if column in (Column.TIME, Column.EXPLANATION) or row.kind is LogKind.STATE:
                return QBrush(_FAINT_COLOR)
            return None
        if role == Qt.ItemDataRole.DecorationRole and column == Column.TASK:
            return self._task_color(row.task_id)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, row: LogRow, column: int) -> str:
        if column == Column.TIME:
            return _clock(row.time)
        if column == Column.TASK:
            return f"#{row.task_id}" if row.task_id is not None else "—"
        if column == Column.DIRECTION:
            if row.direction is LogDirection.IN:
                return self._in_text
            return self._out_text if row.direction is LogDirection.OUT else ""
        if column == Column.KIND:
            return kind_label(row.kind)
        if column == Column.SIZE:
            return str(row.size) if row.size is not None else ""
        if column == Column.SUMMARY:
            text = row.shown_summary(self._masked)
            return text if len(text) <= 400 else text[:399] + "…"
        if column == Column.EXPLANATION:
            return translate_explanation(row.explanation) if row.explanation else ""
        return ""

    def _task_color(self, task_id: int | None) -> QColor:
        color = self._colors.get(task_id)
        if color is None:
            color = self._colors[task_id] = QColor(task_color(task_id))
        return color

    # -- writing -------------------------------------------------------------------------------

    def append_events(self, events: Iterable[Event]) -> int:
        """Append rows for ``events`` in one insert; drops the oldest over the cap."""
        new: list[LogRow | Event] = list(events)
        if not new:
            return 0
        dropped_before = self.dropped
        if len(new) > self._max_rows:
            skipped = len(new) - self._max_rows
            new = new[skipped:]
            self.dropped += skipped
        # Frames first (a flood is frames): their size is a field.
        sizes = [e.size if type(e) is FrameEvent else _size_of(e) for e in new]
        overflow = len(self._rows) + len(new) - self._max_rows
        # Over the byte budget too: drop more of the oldest (never the new rows).
        k = max(overflow, 0)
        budget = self._bytes - sum(islice(self._sizes, k)) + sum(sizes) - self._max_bytes
        while budget > 0 and k < len(self._rows):
            budget -= self._sizes[k]
            k += 1
        overflow = k
        if overflow > 0:
            self.beginRemoveRows(QModelIndex(), 0, overflow - 1)
            del self._rows[:overflow]
            self._bytes -= sum(self._sizes[:overflow])
            del self._sizes[:overflow]
            self.endRemoveRows()
            self.dropped += overflow
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
        self._rows.extend(new)
        self._sizes.extend(sizes)
        self._bytes += sum(sizes)
        self.endInsertRows()
        if self.dropped != dropped_before:
            self.dropped_changed.emit(self.dropped)
        return len(new)

    def clear(self) -> None:
        self.beginResetModel()
        self._rows.clear()
        del self._sizes[:]
        self._bytes = 0
        self.dropped = 0
        self.endResetModel()
        self.dropped_changed.emit(0)

    def set_masked(self, masked: bool) -> None:
        """Show summaries with secrets masked (presenter mode)."""
        if masked == self._masked:
            return
        self._masked = masked
        if self._rows:
            self.dataChanged.emit(
                self.index(0, Column.SUMMARY),
                self.index(len(self._rows) - 1, Column.SUMMARY),
                [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole],
            )

    @property
    def masked(self) -> bool:
        return self._masked

    def task_ids(self) -> list[int | None]:
        """Task ids present in the rows, in order of first appearance."""
        seen: dict[int | None, None] = {}
        for row in self._rows:
            seen.setdefault(row.task_id, None)
        return list(seen)


class LogFilterProxy(QSortFilterProxyModel):
    """Shows the rows of a :class:`LogTableModel` that the current :class:`LogFilter` accepts."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._filter = LogFilter()
        self.setDynamicSortFilter(True)

    @property
    def log_filter(self) -> LogFilter:
        return self._filter

    def set_log_filter(self, log_filter: LogFilter) -> None:
        if log_filter == self._filter:
            return
        self.beginFilterChange()
        self._filter = log_filter
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        if self._filter.is_open:
            return True
        source = self.sourceModel()
        if not isinstance(source, LogTableModel) or source_row >= source.rowCount():
            return False
        return self._filter.matches(source.row_at(source_row))

    def row_at(self, proxy_row: int) -> LogRow | None:
        value = self.data(self.index(proxy_row, 0), ROW_ROLE)
        return value if isinstance(value, LogRow) else None
