"""``ConsoleView``: the devtools-like console panel (time, level in colour, text).

A ``QTableView`` over :class:`~ui.console_model.ConsoleModel` with fixed row
heights; a toolbar with Clear and Copy, the number of lines and, when the row
cap was reached, how many older rows were dropped. It follows the newest line
while the view is scrolled to the bottom (like the devtools), and stays put
when the reader scrolled up.

Under a flood of lines it stays cheap to draw: the rows are painted by
:class:`~ui.console_delegate.ConsoleDelegate` in one call per repaint, at most about
15 times a second, or 8 when every scroll shows only new lines (a batch of lines
arriving while a scroll to the newest line is due does not repaint the table); the counts change at most four times a second and repaint
their labels alone; the scroll bar repaints only when its picture changes; the table
paints its own background, so the window underneath is not painted again with it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
    Slot,
)
from PySide6.QtGui import (
    QAction,
    QFont,
    QFontDatabase,
    QFontInfo,
    QGuiApplication,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSlider,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QScrollBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.console_delegate import ConsoleDelegate
from ui.console_model import DEFAULT_MAX_ROWS, ConsoleModel

if TYPE_CHECKING:  # the window is painted before the bridge and the core are imported
    from ui.bridge import Bridge

__all__ = ["ROW_HEIGHT", "ConsoleView", "console_font"]

ROW_HEIGHT = 22

#: Shortest interval between two scrolls to the newest line while lines keep arriving
#: (each scroll repaints the table): about 15 per second ...
FOLLOW_INTERVAL_MS = 66
#: ... and about 8 per second when every scroll shows only new lines (a flood: faster
#: than anyone reads, and each repaint lays out a screenful of new text).
FLOOD_FOLLOW_INTERVAL_MS = 125

#: Shortest interval between two updates of the line counts while lines keep arriving.
COUNTS_INTERVAL_MS = 250

_RELAYOUT_EVENTS = frozenset(
    {QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.LayoutDirectionChange}
)


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
        # Lines added since the last scroll to the newest (more than a screenful: a flood).
        self._rows_since_follow = 0
        self._follow_timer = QTimer(self)
        self._follow_timer.setSingleShot(True)
        self._follow_timer.timeout.connect(self._follow_newest)
        self._last_counts = 0.0
        self._counts_timer = QTimer(self)
        self._counts_timer.setSingleShot(True)
        self._counts_timer.timeout.connect(self._on_counts_timer_timeout)
        self._setup_ui()
        self._retranslate()
        self.model.rowsAboutToBeInserted.connect(self._on_model_rows_about_to_be_inserted)
        self.model.rowsInserted.connect(self._on_model_rows_inserted)
        self.model.rowsRemoved.connect(self._schedule_counts)
        self.model.modelReset.connect(self._on_model_reset)
        self.model.dropped_changed.connect(self._schedule_counts)
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
        self._counts = _CountLabels(bar, bar_layout.spacing())
        self.count_label = self._counts.count_label
        self.dropped_label = self._counts.dropped_label
        bar_layout.addWidget(self.clear_button)
        bar_layout.addWidget(self.copy_button)
        bar_layout.addStretch(1)
        bar_layout.addWidget(self._counts)
        layout.addWidget(bar)

        table = _ConsoleTable(self, self._follow_timer.isActive)
        table.setObjectName("console_table")
        table.setModel(self.model)
        self.delegate = ConsoleDelegate(self.model, table)
        table.setItemDelegate(self.delegate)
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
        self._at_bottom = True
        bar = table.verticalScrollBar()
        bar.valueChanged.connect(self._on_scroll_bar_value_changed)
        bar.rangeChanged.connect(self._on_scroll_bar_range_changed)
        table.installEventFilter(self)
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

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() in _RELAYOUT_EVENTS:
            self.delegate.invalidate()  # the cells' text is laid out again with the new look
        return super().eventFilter(watched, event)

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
        self, _parent: QModelIndex | QPersistentModelIndex, first: int, last: int
    ) -> None:
        self._schedule_counts()
        self._rows_since_follow += last - first + 1
        if not self._follow or self._follow_timer.isActive():
            return
        # The first batch scrolls at once; batches that follow within the interval
        # scroll together when it ends (a flood repaints the table ~8 times a second).
        table = self.table
        screenful = table.viewport().height() // max(1, table.verticalHeader().defaultSectionSize())
        interval = (
            FLOOD_FOLLOW_INTERVAL_MS if self._rows_since_follow > screenful else FOLLOW_INTERVAL_MS
        )
        wait_ms = interval - (time.perf_counter() - self._last_follow) * 1000
        if wait_ms <= 0:
            self._follow_newest()
        else:
            self._follow_timer.start(int(wait_ms) + 1)

    @Slot(int)
    def _on_scroll_bar_value_changed(self, value: int) -> None:
        self._at_bottom = value >= self.table.verticalScrollBar().maximum() - 2

    @Slot(int, int)
    def _on_scroll_bar_range_changed(self, _minimum: int, maximum: int) -> None:
        # Taller rows (presenter mode), a shorter window: a view that showed the newest line
        # keeps showing it, and so keeps following.
        if self._at_bottom:
            self.table.verticalScrollBar().setValue(maximum)

    def _on_model_reset(self) -> None:
        # A cleared console shows at once (no deferred repaint waits for a scroll).
        self._follow_timer.stop()
        self._follow = True
        self.table.catch_up()
        self._update_counts()

    def _follow_newest(self) -> None:
        self._last_follow = time.perf_counter()
        self._rows_since_follow = 0
        self.table.catch_up()
        if self._follow and not self._at_bottom:
            self._follow = False  # the reader scrolled away while the scroll was due
        if self._follow:
            self.table.scrollToBottom()

    def _schedule_counts(self, *_args: object) -> None:
        """Show the counts now, or when :data:`COUNTS_INTERVAL_MS` have passed since they
        were last shown (a flood changes them with every batch)."""
        if self._counts_timer.isActive():
            return  # an update is due: it shows the newest numbers
        wait_ms = COUNTS_INTERVAL_MS - (time.perf_counter() - self._last_counts) * 1000
        if wait_ms <= 0:
            self._on_counts_timer_timeout()
        else:
            self._counts_timer.start(int(wait_ms) + 1)

    @Slot()
    def _on_counts_timer_timeout(self) -> None:
        self._last_counts = time.perf_counter()
        self._update_counts()

    def _update_counts(self, *_args: object) -> None:
        self._counts_timer.stop()
        count = self.tr("%n line(s)", "", self.model.rowCount())
        dropped = self.model.dropped
        dropped_text = self.tr("%n older line(s) dropped", "", dropped) if dropped else ""
        tip = self.tr("The console keeps the newest %n lines.", "", self.model.max_rows)
        # Room kept for the longest counts a flood reaches, so that new counts do not
        # lay the panel out again (the room is empty space left of the labels).
        widest = (
            self.tr("%n line(s)", "", _widest_number(self.model.max_rows)),
            self.tr("%n older line(s) dropped", "", _widest_number(10 * self.model.max_rows)),
        )
        self._counts.show_counts(count, dropped_text, tip, widest)


def _widest_number(n: int) -> int:
    """A number with as many digits as ``n`` (eights: as wide as any digit, or wider)."""
    return int("8" * len(str(max(1, n))))


class _QuietScrollBar(QScrollBar):
    """A scroll bar that repaints only when its picture changes. Under a stream of lines
    the range grows with every batch and the handle of a long console moves by less than
    a pixel, or moves and comes back when the table follows the newest line: the same
    picture, painted again for nothing (Fusion's gradients are not cheap). A change is
    looked at once the current batch of work is done, and repainted if it shows."""

    def __init__(self, orientation: Qt.Orientation, parent: QWidget) -> None:
        super().__init__(orientation, parent)
        self._painted: tuple[object, ...] | None = None
        self._check = QTimer(self)
        self._check.setSingleShot(True)
        self._check.setInterval(0)
        self._check.timeout.connect(self._on_check_timeout)

    def _picture(self) -> tuple[object, ...]:
        # (QStyle is imported where it is used: see ui.console_delegate.)
        from PySide6.QtWidgets import QStyle, QStyleOptionSlider

        option = QStyleOptionSlider()
        self.initStyleOption(option)
        handle = self.style().subControlRect(
            QStyle.ComplexControl.CC_ScrollBar, option, QStyle.SubControl.SC_ScrollBarSlider, self
        )
        value, low, high = self.value(), self.minimum(), self.maximum()
        # The handle, and the arrows' states (an arrow is off at its end).
        return (handle.getRect(), value <= low, value >= high, low == high, self.isEnabled())

    def sliderChange(self, change: QAbstractSlider.SliderChange) -> None:
        if self._painted is None or self.isSliderDown():
            super().sliderChange(change)  # repaints at once
        elif not self._check.isActive():
            self._check.start()

    @Slot()
    def _on_check_timeout(self) -> None:
        if self._picture() != self._painted:
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        self._painted = self._picture()
        super().paintEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._painted = None  # the handle's place depends on the size
        super().resizeEvent(event)


class _ConsoleTable(QTableView):
    """The console's table. While a scroll to the newest line is due (``deferring()``), a
    batch of new lines only marks the table as behind: the scroll, a moment later, lays it
    out and repaints it once (:meth:`catch_up`), instead of one repaint per batch."""

    def __init__(self, parent: QWidget, deferring: Callable[[], bool]) -> None:
        super().__init__(parent)
        self._deferring = deferring
        self._behind = False
        self.setVerticalScrollBar(_QuietScrollBar(Qt.Orientation.Vertical, self))
        # The table fills its own background (below): the window's widgets underneath
        # are not painted again for every repaint of the lines, and a scroll moves the
        # pixels already drawn instead of repainting everything.
        # (The viewport found as a child: the first ``viewport()`` call of an item view
        # makes PySide build the types of all of QtWidgets, ~25 ms before the first paint.)
        viewport = self.findChild(QWidget, "qt_scrollarea_viewport") or self.viewport()
        viewport.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    @property
    def behind(self) -> bool:
        """New lines arrived that the table has not laid out and painted yet."""
        return self._behind

    def doItemsLayout(self) -> None:
        if self._deferring():
            self._behind = True
            header = self.verticalHeader()
            if not header.updatesEnabled():  # as QTableView does after rows were removed
                header.setUpdatesEnabled(True)
            return
        self._behind = False
        super().doItemsLayout()

    def paintEvent(self, event: QPaintEvent) -> None:
        viewport = self.viewport()
        painter = QPainter(viewport)
        painter.fillRect(event.rect(), viewport.palette().brush(viewport.backgroundRole()))
        painter.end()
        # The console's delegate paints the visible rows in one go (it paints exactly
        # what the cell-by-cell paint would); anything unusual is left to QTableView.
        delegate = self.itemDelegate()
        if isinstance(delegate, ConsoleDelegate) and delegate.paint_rows(self, event.region()):
            return
        super().paintEvent(event)

    def catch_up(self) -> None:
        """Lay out and repaint what :meth:`doItemsLayout` put off."""
        if self._behind:
            self._behind = False
            super().doItemsLayout()


class _CountLabels(QWidget):
    """The line count and, once lines were dropped, the dropped count, at the right end of
    the console's toolbar, placed as a row layout would place them.

    Not a layout on purpose: a ``QLabel`` whose text changes asks its parent's layout to
    lay out again, up to the window, and the panels' tab widget repaints every panel when
    it is laid out. Here a new text repaints its label alone. The box asks for the width
    of the longest counts it expects (the room left of the labels stays empty), so the
    toolbar is laid out again only for a new language or type size.
    """

    def __init__(self, parent: QWidget, spacing: int) -> None:
        super().__init__(parent)
        self.setObjectName("console_counts")
        self._spacing = spacing
        self.dropped_label = QLabel(self)
        self.dropped_label.setObjectName("console_dropped_label")
        self.dropped_label.hide()
        self.count_label = QLabel(self)
        self.count_label.setObjectName("console_count_label")
        self._widest: tuple[str, str] = ("", "")
        self._hint = QSize()

    def show_counts(
        self, count: str, dropped: str, dropped_tip: str, widest: tuple[str, str]
    ) -> None:
        """Set the texts (an empty ``dropped`` hides its label); only what changed is redrawn.
        ``widest``: the longest count and dropped texts to keep room for."""
        self.count_label.setText(count)  # no-op when unchanged
        if dropped:
            self.dropped_label.setText(dropped)
            if self.dropped_label.toolTip() != dropped_tip:
                self.dropped_label.setToolTip(dropped_tip)
        if self.dropped_label.isHidden() == bool(dropped):
            self.dropped_label.setVisible(bool(dropped))
        self._widest = widest
        self._fit()

    def _labels(self) -> list[QLabel]:
        return [label for label in (self.dropped_label, self.count_label) if not label.isHidden()]

    def sizeHint(self) -> QSize:
        needed = self._combined([label.sizeHint() for label in self._labels()])
        room = self._combined(
            [
                _with_text(self.dropped_label, self._widest[1]),
                _with_text(self.count_label, self._widest[0]),
            ]
        )
        return needed.expandedTo(room)

    def minimumSizeHint(self) -> QSize:
        return self._combined([label.minimumSizeHint() for label in self._labels()])

    def _combined(self, sizes: list[QSize]) -> QSize:
        if not sizes:
            return QSize(0, 0)
        width = sum(size.width() for size in sizes) + self._spacing * (len(sizes) - 1)
        return QSize(width, max(size.height() for size in sizes))

    def _fit(self) -> None:
        """Ask for a new layout only when the size wanted changed; place the labels."""
        hint = self.sizeHint()
        if hint != self._hint:
            self._hint = hint
            self.updateGeometry()
        self._place()

    def _place(self) -> None:
        # Right-aligned, each label as wide as it wants and as tall as the toolbar row.
        right = self.width()
        height = self.height()
        mirrored = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        for label in reversed(self._labels()):
            width = label.sizeHint().width()
            left = right - width
            x = self.width() - right if mirrored else left
            label.setGeometry(x, 0, width, height)
            right = left - self._spacing

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self._fit()  # a label's font or style changed its size
            return True
        return super().event(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._place()
        super().resizeEvent(event)


def _with_text(label: QLabel, text: str) -> QSize:
    """The size ``label`` would want with ``text`` (its padding, in its font), measured as
    ``QLabel`` measures a line of plain text."""
    metrics = label.fontMetrics()
    box = QRect(0, 0, 2000, 2000)
    hint = label.sizeHint()
    extra = hint.width() - metrics.boundingRect(box, 0, label.text()).width()
    return QSize(extra + metrics.boundingRect(box, 0, text).width(), hint.height())
