"""``ConsoleView``: the devtools-like console panel (time, level in colour, text).

A ``QTableView`` over :class:`~ui.console_model.ConsoleModel` with fixed row
heights; a toolbar with Clear and Copy, the number of lines and, when the row
cap was reached, how many older rows were dropped. It follows the newest line
while the view is scrolled to the bottom (like the devtools), and stays put
when the reader scrolled up.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QPoint, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QFont, QFontDatabase, QFontInfo, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.bridge import Bridge
from ui.console_model import DEFAULT_MAX_ROWS, ConsoleModel

__all__ = ["ROW_HEIGHT", "ConsoleView", "console_font"]

ROW_HEIGHT = 22

#: Shortest interval between two scrolls to the newest line while lines keep arriving
#: (each scroll repaints the table): about 15 per second under a flood.
FOLLOW_INTERVAL_MS = 66


def console_font(base: QFont) -> QFont:
    """A fixed-pitch font for the console, keeping ``base``'s fallbacks (the CJK subset)."""
    fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    family = fixed.family()
    if not QFontDatabase.hasFamily(family):
        # A generic name (fontconfig's "monospace"): in a families list Qt would skip it.
        info = QFontInfo(fixed)
        family = info.family() if info.fixedPitch() else ""
    font = QFont(base)
    families = [f for f in base.families() if f != family]
    font.setFamilies([family, *families] if family else families)
    return font


class ConsoleView(QWidget):
    """The console panel. With a ``bridge`` it shows the bridge's console entries."""

    def __init__(
        self,
        bridge: Bridge | None = None,
        parent: QWidget | None = None,
        *,
        max_rows: int = DEFAULT_MAX_ROWS,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("console_view")
        self._bridge = bridge
        self.model = ConsoleModel(max_rows, self)
        self._follow = True
        self._last_follow = 0.0
        self._follow_timer = QTimer(self)
        self._follow_timer.setSingleShot(True)
        self._follow_timer.timeout.connect(self._follow_newest)
        self._setup_ui()
        self._retranslate()
        self.model.rowsAboutToBeInserted.connect(self._on_model_rows_about_to_be_inserted)
        self.model.rowsInserted.connect(self._on_model_rows_inserted)
        self.model.rowsRemoved.connect(self._update_counts)
        self.model.modelReset.connect(self._update_counts)
        self.model.dropped_changed.connect(self._update_counts)
        if bridge is not None:
            bridge.console_entries.connect(self._on_bridge_console_entries)
            bridge.console_cleared.connect(self._on_bridge_console_cleared)

    def _setup_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)

        bar = QWidget(self)
        bar.setObjectName("console_toolbar")
        bar_layout = QHBoxLayout(bar)
        bar_layout.setContentsMargins(8, 4, 8, 4)
        bar_layout.setSpacing(6)
        self.clear_button = QPushButton(bar)
        self.clear_button.setObjectName("console_clear_button")
        self.clear_button.clicked.connect(self._on_clear_button_clicked)
        self.copy_button = QPushButton(bar)
        self.copy_button.setObjectName("console_copy_button")
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        self.count_label = QLabel(bar)
        self.count_label.setObjectName("console_count_label")
        self.dropped_label = QLabel(bar)
        self.dropped_label.setObjectName("console_dropped_label")
        self.dropped_label.hide()
        bar_layout.addWidget(self.clear_button)
        bar_layout.addWidget(self.copy_button)
        bar_layout.addStretch(1)
        bar_layout.addWidget(self.dropped_label)
        bar_layout.addWidget(self.count_label)
        layout.addWidget(bar)

        table = QTableView(self)
        table.setObjectName("console_table")
        table.setModel(self.model)
        table.setFont(console_font(self.font()))
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._on_table_custom_context_menu_requested)
        vheader = table.verticalHeader()
        vheader.setVisible(False)
        vheader.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vheader.setDefaultSectionSize(ROW_HEIGHT)
        vheader.setMinimumSectionSize(ROW_HEIGHT)
        hheader = table.horizontalHeader()
        hheader.setHighlightSections(False)
        hheader.setSectionResizeMode(ConsoleModel.TIME, QHeaderView.ResizeMode.Fixed)
        hheader.setSectionResizeMode(ConsoleModel.LEVEL, QHeaderView.ResizeMode.Fixed)
        hheader.setSectionResizeMode(ConsoleModel.TEXT, QHeaderView.ResizeMode.Stretch)
        metrics = table.fontMetrics()
        table.setColumnWidth(ConsoleModel.TIME, metrics.horizontalAdvance("00:00:00.000") + 18)
        table.setColumnWidth(ConsoleModel.LEVEL, metrics.horizontalAdvance("error") + 26)
        self.table = table
        layout.addWidget(table, 1)

        self._copy_action = QAction(self)
        self._copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self._copy_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._copy_action.triggered.connect(self._on_copy_action_triggered)
        table.addAction(self._copy_action)
        self._select_all_action = QAction(self)
        self._select_all_action.triggered.connect(table.selectAll)
        self._clear_action = QAction(self)
        self._clear_action.triggered.connect(self._on_clear_button_clicked)

    def _retranslate(self) -> None:
        self.clear_button.setText(self.tr("Clear"))
        self.clear_button.setToolTip(self.tr("Clear the console"))
        self.clear_button.setAccessibleName(self.tr("Clear the console"))
        self.copy_button.setText(self.tr("Copy"))
        self.copy_button.setToolTip(self.tr("Copy the selected lines (all lines if none)"))
        self.copy_button.setAccessibleName(self.tr("Copy console lines"))
        self.table.setAccessibleName(self.tr("Console"))
        self._copy_action.setText(self.tr("Copy"))
        self._select_all_action.setText(self.tr("Select all"))
        self._clear_action.setText(self.tr("Clear"))
        self.model.retranslate()
        self._update_counts()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    # -- public ------------------------------------------------------------------------------

    def selected_rows(self) -> list[int]:
        selection = self.table.selectionModel()
        return sorted({index.row() for index in selection.selectedRows()})

    def copy_selection(self) -> str:
        """Copy the selected lines (every line when none is selected); returns the text."""
        rows = self.selected_rows() or range(self.model.rowCount())
        text = self.model.rows_text(rows)
        QGuiApplication.clipboard().setText(text)
        return text

    def set_footer(self, widget: QWidget) -> None:
        """Show ``widget`` under the console lines (e.g. a message composer)."""
        layout = self.layout()
        assert layout is not None
        widget.setParent(self)
        layout.addWidget(widget)

    def clear(self) -> None:
        if self._bridge is not None:
            self._bridge.clear_console()
        else:
            self.model.clear()

    # -- slots -------------------------------------------------------------------------------

    @Slot(list)
    def _on_bridge_console_entries(self, entries: list[object]) -> None:
        self.model.append_entries(entries)  # type: ignore[arg-type]

    @Slot()
    def _on_bridge_console_cleared(self) -> None:
        self.model.clear()

    @Slot()
    def _on_clear_button_clicked(self) -> None:
        self.clear()

    @Slot()
    def _on_copy_button_clicked(self) -> None:
        self.copy_selection()

    @Slot()
    def _on_copy_action_triggered(self) -> None:
        self.copy_selection()

    @Slot(QPoint)
    def _on_table_custom_context_menu_requested(self, pos: QPoint) -> None:
        menu = QMenu(self)
        menu.addAction(self._copy_action)
        menu.addAction(self._select_all_action)
        menu.addSeparator()
        menu.addAction(self._clear_action)
        menu.popup(self.table.viewport().mapToGlobal(pos))

    def _on_model_rows_about_to_be_inserted(
        self, _parent: QModelIndex | QPersistentModelIndex, _first: int, _last: int
    ) -> None:
        if self._follow_timer.isActive():
            return  # a scroll to the newest line is due: the view still follows
        bar = self.table.verticalScrollBar()
        self._follow = bar.value() >= bar.maximum() - 2

    def _on_model_rows_inserted(
        self, _parent: QModelIndex | QPersistentModelIndex, _first: int, _last: int
    ) -> None:
        self._update_counts()
        if not self._follow or self._follow_timer.isActive():
            return
        # The first batch scrolls at once; batches that follow within the interval
        # scroll together when it ends (a flood repaints the table ~15 times a second).
        wait_ms = FOLLOW_INTERVAL_MS - (time.perf_counter() - self._last_follow) * 1000
        if wait_ms <= 0:
            self._follow_newest()
        else:
            self._follow_timer.start(int(wait_ms) + 1)

    def _follow_newest(self) -> None:
        self._last_follow = time.perf_counter()
        if self._follow:
            self.table.scrollToBottom()

    def _update_counts(self, *_args: object) -> None:
        self.count_label.setText(self.tr("%n line(s)", "", self.model.rowCount()))
        dropped = self.model.dropped
        if dropped:
            self.dropped_label.setText(self.tr("%n older line(s) dropped", "", dropped))
            self.dropped_label.setToolTip(
                self.tr("The console keeps the newest %n lines.", "", self.model.max_rows)
            )
        self.dropped_label.setVisible(dropped > 0)
