"""The event log panel, and the binary message composer.

:class:`LogView` lists every event (``QTableView`` over
:class:`~ui.log_model.LogTableModel` through :class:`~ui.log_model.LogFilterProxy`,
fixed row heights, batched inserts, a row cap with a dropped counter) with filters
by task, direction and kind, a text search, live rate gauges, a detail pane with
pretty JSON or a hex dump, copy of a row or a selection, and autoscroll that
pauses when the reader scrolls up — with a count of what arrived meanwhile.

:class:`BinaryComposer` turns hex text or a file into bytes and emits
``send_binary(bytes)``; errors say where the hex is wrong.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Final

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QGuiApplication,
    QHideEvent,
    QIcon,
    QKeySequence,
    QPixmap,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.events import Event
from app.log_filter import (
    MAX_SEND_BYTES,
    BinaryInputError,
    BinaryProblem,
    LogDirection,
    LogFilter,
    LogKind,
    LogRow,
    detail_text,
    parse_hex,
    read_binary_file,
)
from app.masking import mask_event
from app.timeline import task_color
from ui.gauges import RateGauges
from ui.log_model import (
    DEFAULT_MAX_ROWS,
    ROW_ROLE,
    Column,
    LogFilterProxy,
    LogTableModel,
    kind_label,
)
from ui.timeline_view import mono_font, translate_explanation

__all__ = ["ROW_HEIGHT", "BinaryComposer", "LogView"]

logger = logging.getLogger(__name__)

#: Live events held at most while the live rows are not shown (see LogView._held).
_HELD_MAX: Final = 4096

ROW_HEIGHT: Final = 22
SEARCH_DELAY_MS: Final = 150
_ALL: Final = "all"
#: Selected rows remembered while the panel is hidden (the newest ones).
_KEEP_SELECTED: Final = 1000


def _swatch(color: str) -> QIcon:
    pix = QPixmap(10, 10)
    pix.fill(QColor(color))
    return QIcon(pix)


class LogView(QWidget):
    """The log panel. Feed it with :meth:`append_events`; ``row_selected(LogRow)`` on click."""

    row_selected = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, max_rows: int = DEFAULT_MAX_ROWS) -> None:
        super().__init__(parent)
        self.setObjectName("log_view")
        self._live_model = LogTableModel(max_rows, self)
        # Live events not in the live model yet: while the live rows are not shown (the
        # panel hidden, or a replay in front) batches are held and added together when
        # the model is next asked for, or once _HELD_MAX are held (a flood behind another
        # tab then costs one insert per ~4,000 events instead of one per batch, and no
        # single insert takes more than a millisecond or two).
        self._held: list[Event] = []
        self._replay_model: LogTableModel | None = None
        self.proxy = LogFilterProxy(self)
        # The filter proxy (and the table on it) follows the rows only while the panel is
        # visible: a hidden log under a flood would otherwise remap up to 100,000 rows per
        # batch for nobody. Showing the panel connects it again (selection and scrolling
        # kept). See _attach / _detach.
        self._attached = False
        self._detached_model = LogTableModel(1, self)  # always empty: what a hidden table shows
        self.proxy.setSourceModel(self._detached_model)
        self._kept_rows: list[int] = []
        self._kept_scroll: int | None = None
        self._autoscroll = True
        self._programmatic_scroll = False
        self._pending = 0
        self._presenter = False
        self._read_only = False
        self._known_tasks: set[int | None] = set()
        self._setup_ui()
        self._retranslate()
        self.proxy.rowsInserted.connect(self._on_proxy_rows_inserted)
        self.proxy.rowsRemoved.connect(self._update_counts)
        self.proxy.modelReset.connect(self._update_counts)
        self.proxy.layoutChanged.connect(self._update_counts)
        self._live_model.dropped_changed.connect(self._update_counts)

    @property
    def live_model(self) -> LogTableModel:
        """The live rows (every held batch added first)."""
        if self._held:
            self._add_held()
        return self._live_model

    def _add_held(self) -> None:
        held, self._held = self._held, []
        self._live_model.append_events(held)

    # -- construction --------------------------------------------------------------------------

    def _setup_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)

        self.gauges = RateGauges(self)
        layout.addWidget(self.gauges)

        self.banner = QWidget(self)
        self.banner.setObjectName("log_replay_banner")
        self.banner.setStyleSheet(
            "#log_replay_banner { background: #fff3bf; border-bottom: 1px solid #ffe066; }"
        )
        banner_row = QHBoxLayout(self.banner)
        banner_row.setContentsMargins(10, 3, 10, 3)
        self.banner_label = QLabel(self.banner)
        self.banner_label.setStyleSheet("color: #5c3c00;")
        self.back_to_live_button = QPushButton(self.banner)
        self.back_to_live_button.setObjectName("log_back_to_live")
        self.back_to_live_button.clicked.connect(self.back_to_live)
        banner_row.addWidget(self.banner_label, 1)
        banner_row.addWidget(self.back_to_live_button)
        self.banner.setVisible(False)
        layout.addWidget(self.banner)

        bar = QWidget(self)
        bar.setObjectName("log_toolbar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(8, 4, 8, 4)
        row.setSpacing(6)
        self.task_combo = QComboBox(bar)
        self.task_combo.setObjectName("log_task_filter")
        self.task_combo.addItem("", _ALL)
        self.task_combo.currentIndexChanged.connect(self._on_filters_changed)
        self.direction_combo = QComboBox(bar)
        self.direction_combo.setObjectName("log_direction_filter")
        self.direction_combo.addItem("", _ALL)
        self.direction_combo.addItem("", LogDirection.IN.value)
        self.direction_combo.addItem("", LogDirection.OUT.value)
        self.direction_combo.currentIndexChanged.connect(self._on_filters_changed)
        self.kind_button = QToolButton(bar)
        self.kind_button.setObjectName("log_kind_filter")
        self.kind_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self._kind_menu = QMenu(self.kind_button)
        self._kind_actions: dict[LogKind, QAction] = {}
        for kind in LogKind:
            action = QAction(self._kind_menu)
            action.setCheckable(True)
            action.setChecked(True)
            action.toggled.connect(self._on_filters_changed)
            self._kind_menu.addAction(action)
            self._kind_actions[kind] = action
        self._kind_menu.addSeparator()
        self._all_kinds_action = QAction(self._kind_menu)
        self._all_kinds_action.triggered.connect(self._on_all_kinds_action_triggered)
        self._kind_menu.addAction(self._all_kinds_action)
        self.kind_button.setMenu(self._kind_menu)
        self.search_edit = QLineEdit(bar)
        self.search_edit.setObjectName("log_search")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._on_filters_changed)
        self.pause_button = QToolButton(bar)
        self.pause_button.setObjectName("log_pause")
        self.pause_button.setCheckable(True)
        self.pause_button.toggled.connect(self._on_pause_button_toggled)
        self.new_button = QPushButton(bar)
        self.new_button.setObjectName("log_new_rows")
        self.new_button.setFlat(True)
        self.new_button.setVisible(False)
        self.new_button.setStyleSheet("color: #1c7ed6; font-weight: 600;")
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.copy_button = QToolButton(bar)
        self.copy_button.setObjectName("log_copy")
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        self.count_label = QLabel(bar)
        self.count_label.setObjectName("log_count")
        self.count_label.setStyleSheet("color: #868e96;")
        row.addWidget(self.task_combo)
        row.addWidget(self.direction_combo)
        row.addWidget(self.kind_button)
        row.addWidget(self.search_edit, 1)
        row.addWidget(self.pause_button)
        row.addWidget(self.new_button)
        row.addWidget(self.copy_button)
        row.addWidget(self.count_label)
        layout.addWidget(bar)

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.table = QTableView(self.splitter)
        self.table.setObjectName("log_table")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._on_table_custom_context_menu_requested)
        vheader = self.table.verticalHeader()
        vheader.setVisible(False)
        vheader.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vheader.setDefaultSectionSize(ROW_HEIGHT)
        vheader.setMinimumSectionSize(ROW_HEIGHT)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.SUMMARY, QHeaderView.ResizeMode.Stretch)
        for column, width in (
            (Column.TIME, 96),
            (Column.TASK, 52),
            (Column.DIRECTION, 52),
            (Column.KIND, 84),
            (Column.SIZE, 56),
            (Column.EXPLANATION, 250),
        ):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.table.verticalScrollBar().valueChanged.connect(self._on_table_scrolled)
        self.table.verticalScrollBar().rangeChanged.connect(self._on_table_range_changed)
        self.detail = QPlainTextEdit(self.splitter)
        self.detail.setObjectName("log_detail")
        self.detail.setReadOnly(True)
        self.detail.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        layout.addWidget(self.splitter, 1)

        self._copy_action = QAction(self)
        self._copy_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
        self._copy_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._copy_action.triggered.connect(self._on_copy_button_clicked)
        self.table.addAction(self._copy_action)
        self._copy_payload_action = QAction(self)
        self._copy_payload_action.triggered.connect(self._on_copy_payload_action_triggered)
        self._apply_fonts()

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Log"))
        self.task_combo.setItemText(0, self.tr("All tasks"))
        self.task_combo.setToolTip(self.tr("Show one SocketTask only"))
        self.direction_combo.setItemText(0, self.tr("Both directions"))
        self.direction_combo.setItemText(1, self.tr("↓ In (to the page)"))
        self.direction_combo.setItemText(2, self.tr("↑ Out (from the page)"))
        self.kind_button.setText(self.tr("Kinds"))
        self.kind_button.setToolTip(self.tr("Choose which kinds of events are listed"))
        self._all_kinds_action.setText(self.tr("Show all kinds"))
        for kind, action in self._kind_actions.items():
            action.setText(kind_label(kind))
        self.live_model.retranslate()
        if self._replay_model is not None:
            self._replay_model.retranslate()
        self.banner_label.setText(
            self.tr("A saved session, read-only. Live events keep being recorded.")
        )
        self.back_to_live_button.setText(self.tr("Back to live"))
        self.search_edit.setPlaceholderText(self.tr("Search messages, URLs, errors…"))
        self.pause_button.setText(self.tr("Pause"))
        self.pause_button.setToolTip(
            self.tr("Stop following new rows (scrolling up does the same)")
        )
        self.copy_button.setText(self.tr("Copy"))
        self.copy_button.setToolTip(self.tr("Copy the selected rows (Ctrl+C)"))
        self.task_combo.setAccessibleName(self.tr("Filter by task"))
        self.direction_combo.setAccessibleName(self.tr("Filter by direction"))
        self.kind_button.setAccessibleName(self.tr("Filter by kind"))
        self.search_edit.setAccessibleName(self.tr("Search the log"))
        self.copy_button.setAccessibleName(self.tr("Copy the selected log rows"))
        self.table.setAccessibleName(self.tr("Log"))
        self.detail.setAccessibleName(self.tr("Log entry details"))
        self._copy_action.setText(self.tr("Copy rows"))
        self._copy_payload_action.setText(self.tr("Copy payload as JSON"))
        self.detail.setPlaceholderText(
            self.tr("Select a row to see the whole payload: pretty JSON, or a hex dump for binary.")
        )
        for index in range(1, self.task_combo.count()):
            key = self.task_combo.itemData(index)
            self.task_combo.setItemText(index, self._task_title(key))
        self._update_counts()
        self._update_new_button()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        self._attach()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._detach()

    @property
    def attached(self) -> bool:
        """True while the table follows the rows (the panel is visible)."""
        return self._attached

    def _attach(self) -> None:
        if self._attached:
            return
        self._attached = True
        with self._scrolled_by_the_app():  # the table's scroll range changes, not the reader
            self.proxy.setSourceModel(self.model)
            self.table.doItemsLayout()  # the scroll range now, not on a later event
        kept, self._kept_rows = self._kept_rows, []
        if kept:
            self._select_seqs(kept)
        if self._autoscroll:
            self._scroll_to_bottom()
        elif self._kept_scroll is not None:
            with self._scrolled_by_the_app():
                self.table.verticalScrollBar().setValue(self._kept_scroll)
        self._kept_scroll = None
        self._update_counts()

    def _detach(self) -> None:
        if not self._attached:
            return
        self._kept_rows = [row.seq for row in self.selected_rows()[-_KEEP_SELECTED:]]
        self._kept_scroll = self.table.verticalScrollBar().value()
        self._attached = False
        with self._scrolled_by_the_app():
            self.proxy.setSourceModel(self._detached_model)

    def _select_seqs(self, seqs: Sequence[int]) -> None:
        wanted = set(seqs)
        selection = QItemSelection()
        last = QModelIndex()
        for source_row, row in enumerate(self.model.rows()):
            if row.seq in wanted:
                index = self.proxy.mapFromSource(self.model.index(source_row, 0))
                if index.isValid():
                    selection.select(index, index)
                    last = index
        if not selection.isEmpty():
            flags = (
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows
            )
            self.table.selectionModel().select(selection, flags)
            if not self._autoscroll:  # a current index would scroll away from the newest rows
                self.table.selectionModel().setCurrentIndex(
                    last, QItemSelectionModel.SelectionFlag.NoUpdate
                )

    def _apply_fonts(self) -> None:
        scale = 1.3 if self._presenter else 1.0
        base = QFont(self.font())
        if self._presenter:
            base.setPointSizeF(base.pointSizeF() * scale)
        self.table.setFont(base)
        row_height = int(ROW_HEIGHT * scale)
        self.table.verticalHeader().setDefaultSectionSize(row_height)
        self.table.verticalHeader().setMinimumSectionSize(row_height)
        self.detail.setFont(mono_font(base))

    # -- public --------------------------------------------------------------------------------

    @property
    def autoscroll(self) -> bool:
        return self._autoscroll

    @property
    def pending(self) -> int:
        """Rows that arrived (and pass the filter) while autoscroll was paused."""
        return self._pending

    @property
    def read_only(self) -> bool:
        return self._read_only

    @property
    def model(self) -> LogTableModel:
        """The rows on screen: the replay while one is open, else the live log."""
        return self._replay_model if self._replay_model is not None else self.live_model

    @Slot(list)
    def append_events(self, events: Sequence[Event]) -> None:
        """Add a batch of live events in stream order (recorded off screen during a replay)."""
        if not events:
            return
        if self._replay_model is None:
            self._note_tasks(events)
        if self._attached and self._replay_model is None:
            self._live_model.append_events(events)
        else:
            self._held.extend(events)
            if len(self._held) >= _HELD_MAX:
                self._add_held()
        self.gauges.append_events(events)

    @Slot()
    def clear(self) -> None:
        """Forget everything (live and replay) and show the live log, empty."""
        self._held.clear()
        self._live_model.clear()
        self.gauges.clear()
        self._pending = 0
        self._show(None)
        self.set_autoscroll(True)

    def load_events(self, events: Iterable[Event]) -> None:
        """Show a saved session, read-only; live events keep being recorded meanwhile."""
        listed = list(events)
        replay = LogTableModel(max(len(listed), 1), self)
        replay.set_masked(self.live_model.masked)
        replay.append_events(listed)
        self._show(replay)
        self.set_autoscroll(False)
        self._pending = 0
        self._update_new_button()
        self.table.scrollToTop()

    @Slot()
    def back_to_live(self) -> None:
        """Close the replay and show the live log again."""
        if self._replay_model is None:
            return
        self._show(None)
        self.set_autoscroll(True)

    def _show(self, replay: LogTableModel | None) -> None:
        old = self._replay_model
        self._replay_model = replay
        self._read_only = replay is not None
        if self._attached:
            self.proxy.setSourceModel(self.model)
        if old is not None and old is not replay:
            old.deleteLater()
        self.banner.setVisible(self._read_only)
        self._known_tasks.clear()
        self.task_combo.blockSignals(True)
        while self.task_combo.count() > 1:
            self.task_combo.removeItem(1)
        self.task_combo.setCurrentIndex(0)
        self.task_combo.blockSignals(False)
        self._note_tasks_ids(self.model.task_ids())
        self._on_filters_changed()
        self.detail.clear()
        self._update_counts()

    def set_presenter(self, on: bool) -> None:
        """Larger type, secrets masked in summaries and the detail pane."""
        self._presenter = on
        self.live_model.set_masked(on)
        if self._replay_model is not None:
            self._replay_model.set_masked(on)
        self.gauges.set_presenter(on)
        self._apply_fonts()
        self._show_current()

    def set_autoscroll(self, on: bool) -> None:
        if on == self._autoscroll and self.pause_button.isChecked() != on:
            return
        self._autoscroll = on
        self.pause_button.blockSignals(True)
        self.pause_button.setChecked(not on)
        self.pause_button.blockSignals(False)
        if on:
            self._pending = 0
            self._scroll_to_bottom()
        self._update_new_button()

    def set_log_filter(self, log_filter: LogFilter) -> None:
        """Apply a filter directly (the toolbar shows what it can of it)."""
        self.proxy.set_log_filter(log_filter)
        self._update_counts()

    def selected_rows(self) -> list[LogRow]:
        rows: list[LogRow] = []
        for index in sorted(self.table.selectionModel().selectedRows(), key=lambda i: i.row()):
            value = self.proxy.data(index, ROW_ROLE)
            if isinstance(value, LogRow):
                rows.append(value)
        return rows

    def rows_as_text(self, rows: Sequence[LogRow]) -> str:
        """Tab-separated lines: time, task, direction, kind, size, summary, plain words."""
        lines = []
        for row in rows:
            cells = []
            for column in range(Column.COUNT):
                value = self.model.data(self.model.index(self._source_row(row), column))
                cells.append(str(value) if value is not None else "")
            lines.append("\t".join(cells))
        return "\n".join(lines)

    def copy_selection(self) -> str:
        """Copy the selected rows (or the current one) to the clipboard; returns the text."""
        rows = self.selected_rows()
        text = self.rows_as_text(rows)
        if text:
            QGuiApplication.clipboard().setText(text)
        return text

    # -- internals -----------------------------------------------------------------------------

    def _source_row(self, row: LogRow) -> int:
        rows = self.model.rows()
        # Rows are in stream order: binary search by sequence number.
        lo, hi = 0, len(rows)
        while lo < hi:
            mid = (lo + hi) // 2
            if rows[mid].seq < row.seq:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(rows) and rows[lo] is row:
            return lo
        for index, candidate in enumerate(rows):  # out-of-order sequence numbers (loaded file)
            if candidate is row:
                return index
        return -1

    def _task_title(self, key: object) -> str:
        if key == "none":
            return self.tr("runtime")
        return self.tr("SocketTask #{0}").format(key)

    def _note_tasks(self, events: Iterable[Event]) -> None:
        if not {event.task_id for event in events} <= self._known_tasks:
            self._note_tasks_ids(event.task_id for event in events)  # in order of appearance

    def _note_tasks_ids(self, task_ids: Iterable[int | None]) -> None:
        for task_id in task_ids:
            if task_id in self._known_tasks:
                continue
            self._known_tasks.add(task_id)
            key = "none" if task_id is None else str(task_id)
            self.task_combo.addItem(_swatch(task_color(task_id)), self._task_title(key), key)

    def _current_filter(self) -> LogFilter:
        task_key = self.task_combo.currentData()
        tasks: frozenset[int | None] | None = None
        if task_key not in (None, _ALL):
            tasks = frozenset({None if task_key == "none" else int(str(task_key))})
        direction_key = self.direction_combo.currentData()
        directions = (
            None if direction_key in (None, _ALL) else frozenset({LogDirection(str(direction_key))})
        )
        checked = frozenset(
            kind for kind, action in self._kind_actions.items() if action.isChecked()
        )
        kinds = None if len(checked) == len(self._kind_actions) else checked
        return LogFilter(
            tasks=tasks, directions=directions, kinds=kinds, text=self.search_edit.text()
        )

    @Slot()
    def _on_filters_changed(self) -> None:
        self.proxy.set_log_filter(self._current_filter())
        kinds = self.proxy.log_filter.kinds
        self.kind_button.setStyleSheet("font-weight: 600;" if kinds is not None else "")
        if self._autoscroll:
            self._scroll_to_bottom()
        self._update_counts()

    @Slot()
    def _on_all_kinds_action_triggered(self) -> None:
        for action in self._kind_actions.values():
            action.blockSignals(True)
            action.setChecked(True)
            action.blockSignals(False)
        self._on_filters_changed()

    @Slot(str)
    def _on_search_edit_text_changed(self, _text: str) -> None:
        self._search_timer.start()

    @Slot(QModelIndex, int, int)
    def _on_proxy_rows_inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        if self._autoscroll:
            self._scroll_to_bottom()
        elif not self._read_only:
            self._pending += last - first + 1
            self._update_new_button()
        self._update_counts()

    def _scroll_to_bottom(self) -> None:
        with self._scrolled_by_the_app():
            self.table.scrollToBottom()

    @contextlib.contextmanager
    def _scrolled_by_the_app(self) -> Iterator[None]:
        """Scrolls made inside are the app's, not the reader's (they leave the follow
        mode as it is)."""
        self._programmatic_scroll = True
        try:
            yield
        finally:
            self._programmatic_scroll = False

    @Slot(int)
    def _on_table_scrolled(self, value: int) -> None:
        if self._programmatic_scroll or self._read_only or not self._attached:
            return
        bar = self.table.verticalScrollBar()
        at_bottom = value >= bar.maximum() - 1
        if at_bottom and not self._autoscroll:
            self.set_autoscroll(True)
        elif not at_bottom and self._autoscroll:
            self.set_autoscroll(False)

    @Slot(int, int)
    def _on_table_range_changed(self, _minimum: int, _maximum: int) -> None:
        if self._autoscroll:
            self._scroll_to_bottom()

    @Slot(bool)
    def _on_pause_button_toggled(self, paused: bool) -> None:
        self.set_autoscroll(not paused)

    @Slot()
    def _on_new_button_clicked(self) -> None:
        self.set_autoscroll(True)

    def _update_new_button(self) -> None:
        show = not self._autoscroll and self._pending > 0
        self.new_button.setVisible(show)
        if show:
            self.new_button.setText(self.tr("{0} new ↓").format(self._pending))
            self.new_button.setToolTip(
                self.tr("Rows that arrived while paused: jump to the newest")
            )

    @Slot()
    def _update_counts(self) -> None:
        total = self.model.rowCount()
        # Hidden, the proxy is not connected: the filtered count is taken again on show.
        shown = self.proxy.rowCount() if self._attached else total
        if shown == total:
            text = self.tr("{0} rows").format(total)
        else:
            text = self.tr("{0} of {1} rows").format(shown, total)
        if self.model.dropped:
            text += " · " + self.tr("{0} older dropped").format(self.model.dropped)
        self.count_label.setText(text)

    @Slot(QItemSelection, QItemSelection)
    def _on_table_selection_changed(
        self, _selected: QItemSelection, _deselected: QItemSelection
    ) -> None:
        self._show_current()

    def _show_current(self) -> None:
        index = self.table.currentIndex()
        rows = self.selected_rows()
        row: LogRow | None = None
        if index.isValid():
            value = self.proxy.data(index, ROW_ROLE)
            row = value if isinstance(value, LogRow) else None
        if row is None and rows:
            row = rows[-1]
        if row is None:
            self.detail.clear()
            return
        event = mask_event(row.event) if self._presenter else row.event
        head = row.shown_summary(self._presenter)
        if row.explanation:
            head += "\n" + self.tr("In plain words: {0}").format(
                translate_explanation(row.explanation)
            )
        self.detail.setPlainText(head + "\n\n" + detail_text(event))
        self.row_selected.emit(row)

    @Slot()
    def _on_copy_button_clicked(self) -> None:
        self.copy_selection()

    @Slot()
    def _on_copy_payload_action_triggered(self) -> None:
        rows = self.selected_rows()
        if not rows:
            return
        objects = [(mask_event(r.event) if self._presenter else r.event).to_json() for r in rows]
        payload = objects[0] if len(objects) == 1 else objects
        QGuiApplication.clipboard().setText(
            json.dumps(payload, indent=2, ensure_ascii=False, default=str)
        )

    @Slot(QPoint)
    def _on_table_custom_context_menu_requested(self, pos: QPoint) -> None:
        menu = QMenu(self)
        menu.addAction(self._copy_action)
        menu.addAction(self._copy_payload_action)
        has_rows = bool(self.selected_rows())
        self._copy_action.setEnabled(has_rows)
        self._copy_payload_action.setEnabled(has_rows)
        menu.popup(self.table.viewport().mapToGlobal(pos))


class BinaryComposer(QWidget):
    """Hex text or a file → bytes; ``send_binary(bytes)`` when Send is clicked."""

    send_binary = Signal(bytes)

    def __init__(self, parent: QWidget | None = None, *, max_bytes: int = MAX_SEND_BYTES) -> None:
        super().__init__(parent)
        self.setObjectName("binary_composer")
        self._max_bytes = max_bytes
        self._file_data: bytes | None = None
        self._file_name = ""
        self._can_send = True
        self._error: str | None = None
        self._data: bytes | None = b""
        self._setup_ui()
        self._retranslate()
        self._revalidate()

    def _setup_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        self.hex_edit = QPlainTextEdit(self)
        self.hex_edit.setObjectName("binary_hex")
        self.hex_edit.setFont(mono_font(self.font()))
        self.hex_edit.setMaximumHeight(90)
        self.hex_edit.textChanged.connect(self._on_hex_edit_text_changed)
        self.status = QLabel(self)
        self.status.setObjectName("binary_status")
        self.status.setWordWrap(True)
        row = QHBoxLayout()
        self.file_button = QPushButton(self)
        self.file_button.setObjectName("binary_load_file")
        self.file_button.clicked.connect(self._on_file_button_clicked)
        self.drop_file_button = QToolButton(self)
        self.drop_file_button.setObjectName("binary_drop_file")
        self.drop_file_button.setText("✕")
        self.drop_file_button.setVisible(False)
        self.drop_file_button.clicked.connect(self._on_drop_file_button_clicked)
        self.send_button = QPushButton(self)
        self.send_button.setObjectName("binary_send")
        self.send_button.clicked.connect(self._on_send_button_clicked)
        row.addWidget(self.file_button)
        row.addWidget(self.drop_file_button)
        row.addStretch(1)
        row.addWidget(self.send_button)
        layout.addWidget(self.hex_edit)
        layout.addWidget(self.status)
        layout.addLayout(row)

    def _retranslate(self) -> None:
        self.hex_edit.setPlaceholderText(self.tr("Hex bytes, e.g. 48 65 6c 6c 6f or 0x48,0x65"))
        self.file_button.setText(self.tr("Load file…"))
        self.file_button.setToolTip(self.tr("Send the bytes of a file instead"))
        self.drop_file_button.setToolTip(self.tr("Forget the file and use the hex text"))
        self.send_button.setText(self.tr("Send binary"))
        self.hex_edit.setAccessibleName(self.tr("Binary message in hex"))
        self.file_button.setAccessibleName(self.tr("Load a file to send"))
        self.drop_file_button.setAccessibleName(self.tr("Forget the loaded file"))
        self.send_button.setAccessibleName(self.tr("Send the binary message"))
        self._revalidate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    # -- public --------------------------------------------------------------------------------

    @property
    def error(self) -> str | None:
        return self._error

    def current_bytes(self) -> bytes | None:
        """The bytes Send would send, or ``None`` while the input is invalid."""
        return self._data

    def set_can_send(self, can: bool) -> None:
        """Enable Send only while a socket is open (the main window decides)."""
        self._can_send = can
        self._revalidate()

    def set_hex(self, text: str) -> None:
        self.hex_edit.setPlainText(text)

    def load_file(self, path: str | Path) -> bool:
        """Use a file's bytes; shows why not (and returns False) if the file cannot be used."""
        try:
            data = read_binary_file(path, max_bytes=self._max_bytes)
        except BinaryInputError as exc:
            self._file_data = None
            self._show_error(self.describe_error(exc))
            return False
        self._file_data = data
        self._file_name = Path(path).name
        self.hex_edit.setEnabled(False)
        self.drop_file_button.setVisible(True)
        self._revalidate()
        return True

    def clear_file(self) -> None:
        self._file_data = None
        self._file_name = ""
        self.hex_edit.setEnabled(True)
        self.drop_file_button.setVisible(False)
        self._revalidate()

    def describe_error(self, exc: BinaryInputError) -> str:
        """The error in the interface language, with its line and column."""
        texts = {
            BinaryProblem.NOT_HEX: self.tr("{0} is not a hex digit (use 0-9 and a-f)"),
            BinaryProblem.ODD_DIGITS: self.tr(
                "{0} has an odd number of hex digits; write every byte as two digits "
                "(e.g. 0f, not f)"
            ),
            BinaryProblem.PREFIX_ONLY: self.tr("{0} has no hex digits after the prefix"),
            BinaryProblem.TOO_LARGE: self.tr(
                "more than {0} bytes: the message is too large to send"
            ),
            BinaryProblem.FOLDER: self.tr("{0} is a folder, not a file"),
            BinaryProblem.FILE_TOO_BIG: self.tr("{0} is too large: at most {1} bytes can be sent"),
            BinaryProblem.MISSING: self.tr("{0} does not exist"),
            BinaryProblem.DENIED: self.tr("{0}: permission denied"),
        }
        template = texts.get(exc.problem)
        if template is None:
            return str(exc)
        text = template.format(exc.subject, self._max_bytes)
        if exc.line is not None and exc.column is not None:
            text = self.tr("line {0}, column {1}: ").format(exc.line, exc.column) + text
        return text

    # -- internals -----------------------------------------------------------------------------

    def _revalidate(self) -> None:
        if self._file_data is not None:
            self._data, self._error = self._file_data, None
            preview = self._file_data[:16].hex(" ")
            more = " …" if len(self._file_data) > 16 else ""
            self._show_ok(
                self.tr("File {0}: {1} bytes [{2}]").format(
                    self._file_name, len(self._file_data), preview + more
                )
            )
        else:
            try:
                self._data = parse_hex(self.hex_edit.toPlainText(), max_bytes=self._max_bytes)
                self._error = None
            except BinaryInputError as exc:
                self._data = None
                self._show_error(self.describe_error(exc))
            else:
                preview = self._data[:16].hex(" ")
                more = " …" if len(self._data) > 16 else ""
                self._show_ok(
                    self.tr("{0} bytes").format(len(self._data))
                    + (f" [{preview}{more}]" if self._data else "")
                )
        self.send_button.setEnabled(self._can_send and bool(self._data))
        if not self._can_send:
            self.send_button.setToolTip(self.tr("Open a connection first"))
        else:
            self.send_button.setToolTip(self.tr("Send these bytes as one binary message"))

    def _show_ok(self, text: str) -> None:
        self.status.setStyleSheet("color: #495057;")
        self.status.setText(text)

    def _show_error(self, text: str) -> None:
        self._error = text
        self._data = None
        self.status.setStyleSheet("color: #c92a2a;")
        self.status.setText(text)
        self.send_button.setEnabled(False)

    @Slot()
    def _on_hex_edit_text_changed(self) -> None:
        if self._file_data is None:
            self._revalidate()

    @Slot()
    def _on_file_button_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a file to send"))
        if path:
            self.load_file(path)

    @Slot()
    def _on_drop_file_button_clicked(self) -> None:
        self.clear_file()

    @Slot()
    def _on_send_button_clicked(self) -> None:
        if self._data and self._can_send:
            self.send_binary.emit(self._data)
