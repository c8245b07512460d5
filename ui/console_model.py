"""``ConsoleModel``: the console's rows, as a table (time / level / text).

Rows are formatted once when they arrive (a row keeps only short strings, never
the message payloads), appended in batches with one ``beginInsertRows`` per
batch, and capped at ``max_rows``: the oldest rows are dropped and counted in
:attr:`ConsoleModel.dropped`, which the view shows, so nothing is lost silently.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont

from app.console import ConsoleEntry, format_value

__all__ = [
    "DEFAULT_MAX_ROWS",
    "LEVEL_COLORS",
    "LEVEL_ROLE",
    "ConsoleModel",
    "ConsoleRow",
    "format_time",
]

# Rows kept before the oldest are dropped.
DEFAULT_MAX_ROWS: Final = 50_000

# Longest text kept per value (a 1 MiB message shows its first characters).
VALUE_LIMIT: Final = 2000

# ``data(index, LEVEL_ROLE)``: the row's level (``"log"``, ``"info"``, ``"warn"``, ``"error"``).
LEVEL_ROLE: Final = int(Qt.ItemDataRole.UserRole) + 1

# Text colour of each level, as in the browser devtools.
LEVEL_COLORS: Final[Mapping[str, str]] = {
    "log": "#303133",
    "info": "#8A8F99",
    "warn": "#8A5300",
    "error": "#D93025",
}
_LEVEL_BACKGROUNDS: Final[Mapping[str, str]] = {"warn": "#FFF8E1", "error": "#FFF0F0"}


def _level_label(level: str) -> str:
    labels = {
        "log": QCoreApplication.translate("ConsoleModel", "log"),
        "info": QCoreApplication.translate("ConsoleModel", "info"),
        "warn": QCoreApplication.translate("ConsoleModel", "warn"),
        "error": QCoreApplication.translate("ConsoleModel", "error"),
    }
    return labels.get(level, level)


def format_time(seconds: float) -> str:
    """Wall-clock ``seconds`` as local ``HH:MM:SS.mmm``."""
    whole = int(seconds)
    millis = min(999, int((seconds - whole) * 1000))
    return _clock_text(whole) + f".{millis:03d}"


_last_clock: list[tuple[int, str]] = [(-1, "")]


def _clock_text(whole: int) -> str:
    """``HH:MM:SS`` of a whole second; the last one is kept (a burst of lines shares it)."""
    last = _last_clock[0]
    if last[0] == whole:
        return last[1]
    text = time.strftime("%H:%M:%S", time.localtime(whole))
    _last_clock[0] = (whole, text)
    return text


def _clip(value: Any, depth: int = 0) -> Any:
    """Shorten long strings and byte strings (a row must not keep a 1 MiB payload alive,
    and formatting one costs time). Small values are returned as they are."""
    if isinstance(value, str):
        return value if len(value) <= VALUE_LIMIT else value[:VALUE_LIMIT] + "…"
    if isinstance(value, bytes | bytearray | memoryview):
        return _BytesPreview(bytes(value[:32]), len(value))
    if depth > 8 or isinstance(value, int | float | bool) or value is None:
        return value
    if isinstance(value, Mapping):
        items = list(value.items())[:200]
        clipped = {k: _clip(v, depth + 1) for k, v in items}
        # Nothing shortened: keep the caller's dict rather than a copy per row.
        if (
            type(value) is dict
            and len(items) == len(value)
            and all(clipped[k] is v for k, v in items)
        ):
            return value
        return clipped
    if isinstance(value, list | tuple):
        return [_clip(v, depth + 1) for v in value[:200]]
    return format_value(value, limit=VALUE_LIMIT)


_PLAIN: Final = frozenset({int, float, bool, type(None)})


def _kept_as_is(value: Any) -> bool:
    """True when :func:`_clip` would return ``value`` itself: a short string, a number, or a
    small plain dict of those (checked by exact type, so nothing is formatted or copied)."""
    kind = type(value)
    if kind is str:
        return len(value) <= VALUE_LIMIT
    if kind in _PLAIN:
        return True
    if kind is not dict or len(value) > 200:
        return False
    for item in value.values():
        item_kind = type(item)
        if item_kind is str:
            if len(item) > VALUE_LIMIT:
                return False
        elif item_kind not in _PLAIN:
            return False
    return True


class _BytesPreview:
    """Formats like the payload it stands for (``ArrayBuffer(n) [..]``) from its first bytes."""

    __slots__ = ("head", "size")

    def __init__(self, head: bytes, size: int) -> None:
        self.head = head
        self.size = size

    def __str__(self) -> str:
        text = format_value(self.head)
        return text.replace(f"ArrayBuffer({len(self.head)})", f"ArrayBuffer({self.size})", 1)


class ConsoleRow:
    """One console line. The text is formatted the first time it is needed (most rows of
    a flood are never drawn); until then the row keeps the arguments, clipped to short
    strings so a row never holds a large payload.

    A flood keeps tens of thousands of rows, so a row is small: its level, its time and
    one more slot, ``_body``, with the formatted text once there is one, else the
    arguments (an ``onMessage`` line keeps less, see :class:`_MessageRow`)."""

    __slots__ = ("_body", "level", "time")
    time: float
    level: str
    _body: Any  # the text (str) or the arguments to format (a tuple)

    def __init__(self, time: float, level: str, text: str) -> None:
        self.time = time
        self.level = level
        self._body = text

    @classmethod
    def from_entry(cls, entry: ConsoleEntry) -> ConsoleRow:
        # A flood makes one row per message: no __init__ call, and no copy of arguments
        # that need no shortening (the common case: short strings, numbers, a small dict).
        args = entry.args
        if len(args) == 2:
            label, message = args
            if type(label) is str and type(message) is dict and len(message) == 1:
                data = message.get("data", _NO_DATA)
                if data is not _NO_DATA and _kept_as_is(label) and _kept_as_is(data):
                    # ``console.log("socket message:", {data})``: the label and the data
                    # alone (the data is the text the message's events hold anyway).
                    row: _MessageRow = object.__new__(_MessageRow)
                    row.time = entry.time
                    row.level = entry.level
                    row._label = label
                    row._body = data
                    return row
        for arg in args:
            if not _kept_as_is(arg):
                clipped = tuple(_clip(arg) for arg in args)
                # The entry's own tuple when nothing was shortened (one tuple less per row).
                same = all(a is b for a, b in zip(clipped, args, strict=True))
                return _row(cls, entry, args if same else clipped)
        return _row(cls, entry, args)

    @property
    def text(self) -> str:
        body = self._body
        if type(body) is not str:
            body = self._body = " ".join(format_value(arg, limit=VALUE_LIMIT) for arg in body)
        text: str = body
        return text

    @property
    def time_text(self) -> str:
        return format_time(self.time)

    @property
    def one_line(self) -> str:
        text = self.text
        if "\n" in text or "\r" in text:
            text = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
        return text

    def as_text(self) -> str:
        """Tab-separated, as copied to the clipboard."""
        return f"{self.time_text}\t{self.level}\t{self.text}"

    def __repr__(self) -> str:
        return f"ConsoleRow({self.time!r}, {self.level!r}, {self.text!r})"


class _MessageRow(ConsoleRow):
    """A row for ``console.log(label, {"data": data})`` (the sample's ``onMessage`` line):
    ``_body`` is the data itself until the text is formatted, and ``_label`` the label
    (``None`` once formatted). The text is what the general row would format."""

    __slots__ = ("_label",)
    _label: str | None

    @property
    def text(self) -> str:
        label = self._label
        if label is not None:
            args = (label, {"data": self._body})
            self._body = " ".join(format_value(arg, limit=VALUE_LIMIT) for arg in args)
            self._label = None
        text: str = self._body
        return text


_NO_DATA: Final = object()


def _mask(text: str) -> str:
    """:func:`app.masking.mask_text` (loaded with presenter mode, not at start-up)."""
    from app.masking import mask_text

    return mask_text(text)


def _row(cls: type[ConsoleRow], entry: ConsoleEntry, args: tuple[Any, ...]) -> ConsoleRow:
    row = object.__new__(cls)
    row.time = entry.time
    row.level = entry.level
    row._body = args
    return row


_DISPLAY: Final = int(Qt.ItemDataRole.DisplayRole)
_FOREGROUND: Final = int(Qt.ItemDataRole.ForegroundRole)
_BACKGROUND: Final = int(Qt.ItemDataRole.BackgroundRole)
_FONT: Final = int(Qt.ItemDataRole.FontRole)
_ROLES_SHOWN: Final = frozenset(
    {
        _DISPLAY,
        _FOREGROUND,
        _BACKGROUND,
        _FONT,
        int(Qt.ItemDataRole.ToolTipRole),
        int(Qt.ItemDataRole.AccessibleTextRole),
        LEVEL_ROLE,
    }
)


class ConsoleModel(QAbstractTableModel):
    """Columns: :attr:`TIME`, :attr:`LEVEL`, :attr:`TEXT`. ``dropped_changed(int)`` when rows
    are dropped (or the count is reset by :meth:`clear`)."""

    TIME: Final = 0
    LEVEL: Final = 1
    TEXT: Final = 2

    dropped_changed = Signal(int)

    def __init__(self, max_rows: int = DEFAULT_MAX_ROWS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        if max_rows < 1:
            raise ValueError("max_rows must be positive")
        self._max_rows = max_rows
        self._rows: list[ConsoleRow] = []
        self._dropped = 0
        self._italic = QFont()
        self._italic.setItalic(True)
        self._colors = {level: QColor(c) for level, c in LEVEL_COLORS.items()}
        self._backgrounds = {level: QColor(c) for level, c in _LEVEL_BACKGROUNDS.items()}
        # Level labels in the current language (refreshed by :meth:`retranslate`).
        self._labels: dict[str, str] = {}
        # Presenter mode: URLs in the text are shown with their secrets masked.
        self._masked = False

    # -- contents ---------------------------------------------------------------------------

    @property
    def max_rows(self) -> int:
        return self._max_rows

    @property
    def dropped(self) -> int:
        """Rows dropped because of the cap since the last :meth:`clear`."""
        return self._dropped

    def row(self, index: int) -> ConsoleRow:
        return self._rows[index]

    def rows(self) -> list[ConsoleRow]:
        return list(self._rows)

    def append_entries(self, entries: Iterable[ConsoleEntry]) -> None:
        self.append_rows([ConsoleRow.from_entry(e) for e in entries])

    def append_rows(self, rows: Sequence[ConsoleRow]) -> None:
        """Append a batch (one insert), dropping the oldest rows beyond ``max_rows``."""
        if not rows:
            return
        dropped = 0
        if len(rows) > self._max_rows:
            dropped += len(rows) - self._max_rows
            rows = rows[-self._max_rows :]
        excess = max(0, len(self._rows) + len(rows) - self._max_rows)
        dropped += excess
        # Counted before the views hear of the change, so what they show is consistent.
        self._dropped += dropped
        if excess:
            self.beginRemoveRows(QModelIndex(), 0, excess - 1)
            del self._rows[:excess]
            self.endRemoveRows()
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()
        if dropped:
            self.dropped_changed.emit(self._dropped)

    def clear(self) -> None:
        had_dropped = self._dropped > 0
        self.beginResetModel()
        self._rows.clear()
        self._dropped = 0
        self.endResetModel()
        if had_dropped:
            self.dropped_changed.emit(0)

    def rows_text(self, indexes: Iterable[int]) -> str:
        """The given rows as tab-separated lines (for the clipboard), masked like the screen."""
        lines = (self._rows[i].as_text() for i in sorted(set(indexes)))
        return "\n".join(_mask(line) if self._masked else line for line in lines)

    @property
    def masked(self) -> bool:
        return self._masked

    def set_masked(self, on: bool) -> None:
        """Show (and copy) the text with secrets in URLs masked, as presenter mode wants."""
        if on == self._masked:
            return
        self._masked = on
        if self._rows:
            top = self.index(0, self.TEXT)
            bottom = self.index(len(self._rows) - 1, self.TEXT)
            self.dataChanged.emit(top, bottom, [Qt.ItemDataRole.DisplayRole])

    def retranslate(self) -> None:
        """Level labels and headers follow the language."""
        self._labels.clear()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.TEXT)
        if self._rows:
            top = self.index(0, self.LEVEL)
            bottom = self.index(len(self._rows) - 1, self.LEVEL)
            self.dataChanged.emit(top, bottom, [Qt.ItemDataRole.DisplayRole])

    # -- QAbstractTableModel ------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def data(
        self,
        index: QModelIndex | QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        # The console's delegate paints from the rows directly (:meth:`cell_text` and the
        # colour helpers); ``data`` serves accessibility, tooltips and the model's users.
        if role not in _ROLES_SHOWN:
            return None
        r, column = index.row(), index.column()
        if not 0 <= r < len(self._rows) or not 0 <= column < 3:
            return None
        row = self._rows[r]
        if role == _DISPLAY:
            return self.cell_text(row, column)
        if role == _FOREGROUND:
            return self.foreground(row.level, column)
        if role == _BACKGROUND:
            return self.background(row.level)
        if role == _FONT:
            return self._italic if self.italic(row.level, column) else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column != self.TEXT or len(row.text) <= 60:
                return None
            return _mask(row.text) if self._masked else row.text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            text = self.cell_text(row, self.TEXT)
            return f"{row.time_text} {self._label(row.level)} {text}"
        if role == LEVEL_ROLE:
            return row.level
        return None

    # -- what a cell shows (``data`` and the delegate agree by using these) --------------------

    def cell_text(self, row: ConsoleRow, column: int) -> str:
        """The text shown in ``column`` of ``row``: the time, the level label in the current
        language, or the one-line text (masked in presenter mode)."""
        if column == self.TIME:
            return row.time_text
        if column == self.LEVEL:
            return self._label(row.level)
        return _mask(row.one_line) if self._masked else row.one_line

    def foreground(self, level: str, column: int) -> QColor | None:
        """Text colour of a cell (``None``: the view's own text colour)."""
        return self._colors["info"] if column == self.TIME else self._colors.get(level)

    def background(self, level: str) -> QColor | None:
        """Background of a row at ``level`` (``None``: the view's own)."""
        return self._backgrounds.get(level)

    def italic(self, level: str, column: int) -> bool:
        """``info`` lines show their text in italics."""
        return column == self.TEXT and level == "info"

    def _label(self, level: str) -> str:
        label = self._labels.get(level)
        if label is None:
            label = self._labels[level] = _level_label(level)
        return label

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        headers = {
            self.TIME: QCoreApplication.translate("ConsoleModel", "Time"),
            self.LEVEL: QCoreApplication.translate("ConsoleModel", "Level"),
            self.TEXT: QCoreApplication.translate("ConsoleModel", "Message"),
        }
        return headers.get(section)
