"""The console panel under a stream of lines: what repaints, how often, and what it shows."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WAIT_MS, AppFactory
from ui.console_model import ConsoleRow
from ui.console_view import (
    COUNTS_INTERVAL_MS,
    FLOOD_FOLLOW_INTERVAL_MS,
    FOLLOW_INTERVAL_MS,
    ConsoleView,
)
from ui.main import create_application

STREAM_S = 1.0
BATCH = 25  # lines per 5 ms: 5,000 lines a second


class EventCounter(QObject):
    """Counts paint and layout-request events per watched widget."""

    def __init__(self, *widgets: QWidget) -> None:
        super().__init__()
        self.counts: Counter[tuple[str, QEvent.Type]] = Counter()
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Paint, QEvent.Type.LayoutRequest):
            self.counts[(watched.objectName(), event.type())] += 1
        return False

    def paints(self, widget: QWidget) -> int:
        return self.counts[(widget.objectName(), QEvent.Type.Paint)]

    def layouts(self, widget: QWidget) -> int:
        return self.counts[(widget.objectName(), QEvent.Type.LayoutRequest)]


def make_view(qtbot: QtBot, max_rows: int = 50_000) -> ConsoleView:
    create_application()
    view = ConsoleView(max_rows=max_rows)
    qtbot.addWidget(view)
    view.resize(800, 500)
    view.show()
    qtbot.waitExposed(view)
    for _ in range(5):  # what showing it posted (polish, first layout)
        QApplication.processEvents()
    return view


def test_a_trickle_is_followed_at_once_and_at_the_ordinary_interval(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    bar = view.table.verticalScrollBar()
    view.model.append_rows(
        [ConsoleRow(1_700_000_000.0 + i, "log", f"line {i}") for i in range(200)]
    )
    qtbot.waitUntil(lambda: bar.maximum() > 0 and bar.value() == bar.maximum())
    qtbot.waitUntil(lambda: not view._follow_timer.isActive())
    view._last_follow = 0.0  # long ago: the next line scrolls at once
    view.model.append_rows([ConsoleRow(1_700_000_300.0, "log", "one more")])
    assert not view._follow_timer.isActive()
    assert bar.value() == bar.maximum()  # the newest line is in view without waiting
    view.model.append_rows([ConsoleRow(1_700_000_301.0, "log", "and another")])
    # A few lines (less than a screenful) since the last scroll: the ordinary interval.
    assert view._follow_timer.isActive()
    assert view._follow_timer.interval() <= FOLLOW_INTERVAL_MS + 1


def stream(qtbot: QtBot, view: ConsoleView, seconds: float, batch: int = BATCH) -> int:
    """Append ``batch`` lines every 5 ms for ``seconds``; returns the lines appended."""
    sent = 0
    deadline = time.perf_counter() + seconds

    def tick() -> None:
        nonlocal sent
        view.model.append_rows(
            [
                ConsoleRow(1_700_000_000.0 + (sent + i) / 1000, "log", f"line {sent + i}")
                for i in range(batch)
            ]
        )
        sent += batch
        if time.perf_counter() >= deadline:
            timer.stop()

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    timer.start()
    qtbot.waitUntil(lambda: not timer.isActive(), timeout=int(seconds * 1000) + 5000)
    return sent


def test_a_flood_repaints_the_table_about_eight_times_a_second(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    viewport = view.table.viewport()
    viewport.setObjectName("console_viewport")
    scroll_bar = view.table.verticalScrollBar()
    scroll_bar.setObjectName("console_scroll_bar")
    counter = EventCounter(viewport, view.count_label, view, scroll_bar)
    started = time.perf_counter()
    sent = stream(qtbot, view, STREAM_S)
    elapsed = time.perf_counter() - started
    assert sent >= 10 * BATCH
    # More than a screenful of new lines per scroll: at most one repaint per flood
    # follow interval (plus the first batch and the last one).
    assert counter.paints(viewport) <= elapsed * 1000 / FLOOD_FOLLOW_INTERVAL_MS + 3
    assert counter.paints(view.count_label) <= elapsed * 1000 / COUNTS_INTERVAL_MS + 3
    # The scroll bar repaints when its handle moves, not for every batch.
    assert counter.paints(scroll_bar) <= elapsed * 1000 / FLOOD_FOLLOW_INTERVAL_MS + 3
    # New counts do not lay the panel out again (in a tab widget, each layout of a panel
    # repaints every panel): the labels' box keeps room for the longest counts.
    assert counter.layouts(view) == 0
    # When the stream ends, the view catches up: the newest line, the right count.
    model = view.model
    qtbot.waitUntil(lambda: view.count_label.text() == f"{sent} line(s)", timeout=2000)
    qtbot.waitUntil(lambda: not view.table.behind, timeout=2000)
    last = model.index(model.rowCount() - 1, 0)
    qtbot.waitUntil(lambda: view.table.visualRect(last).bottom() < viewport.height(), timeout=2000)
    assert view.table.visualRect(last).bottom() >= viewport.height() - view.table.rowHeight(0)


def test_the_scroll_bar_repaints_when_its_handle_moves(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    view.model.append_rows([ConsoleRow(0.0, "log", f"m{i}") for i in range(20_000)])
    qtbot.waitUntil(lambda: not view.table.behind, timeout=2000)
    scroll_bar = view.table.verticalScrollBar()
    scroll_bar.setObjectName("console_scroll_bar")
    scroll_bar.setValue(0)
    for _ in range(5):
        QApplication.processEvents()
    counter = EventCounter(scroll_bar)
    scroll_bar.setMaximum(scroll_bar.maximum() + 22)  # a line more: the handle stays put
    QApplication.processEvents()
    assert counter.paints(scroll_bar) == 0
    scroll_bar.setValue(scroll_bar.maximum() // 2)  # it moves
    qtbot.waitUntil(lambda: counter.paints(scroll_bar) > 0, timeout=2000)


def test_lines_past_the_cap_are_counted_as_they_stream(qtbot: QtBot) -> None:
    view = make_view(qtbot, max_rows=1000)
    sent = stream(qtbot, view, 0.5)
    assert sent > 1000
    qtbot.waitUntil(
        lambda: view.dropped_label.text() == f"{sent - 1000} older line(s) dropped", timeout=2000
    )
    assert view.dropped_label.isVisible()
    assert view.count_label.text() == "1000 line(s)"
    assert view.model.row(999).text == f"line {sent - 1}"


def test_a_reader_who_scrolls_up_during_a_stream_stays_there(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    bar = view.table.verticalScrollBar()
    place: list[int] = []

    def scroll_up_while_a_follow_is_due() -> None:
        # The moment that matters: a scroll to the newest line is due when the reader
        # scrolls up; it must not pull them back.
        if place or not view._follow_timer.isActive() or view.model.rowCount() < 200:
            return
        view.table.catch_up()
        place.append(bar.maximum() // 3)
        bar.setValue(place[0])

    watcher = QTimer()
    watcher.setInterval(1)
    watcher.timeout.connect(scroll_up_while_a_follow_is_due)
    watcher.start()
    stream(qtbot, view, 0.5)
    watcher.stop()
    assert place, "no follow was due while the lines streamed"
    qtbot.waitUntil(lambda: not view.table.behind, timeout=2000)
    for _ in range(5):
        QApplication.processEvents()
    assert not view._follow
    assert bar.value() == place[0]  # not pulled back to the newest line


def test_taller_rows_or_a_shorter_window_keep_the_newest_line_in_view(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    view.model.append_rows([ConsoleRow(0.0, "log", f"m{i}") for i in range(300)])
    bar = view.table.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.value() == bar.maximum() > 0, timeout=2000)
    header = view.table.verticalHeader()
    header.setMinimumSectionSize(29)
    header.setDefaultSectionSize(29)  # what presenter mode does
    qtbot.waitUntil(lambda: bar.value() == bar.maximum(), timeout=2000)
    view.resize(view.width(), view.height() - 57)
    qtbot.waitUntil(lambda: bar.value() == bar.maximum(), timeout=2000)
    view.model.append_rows([ConsoleRow(0.0, "log", "newest")])
    last = view.model.index(view.model.rowCount() - 1, 0)
    qtbot.waitUntil(
        lambda: view.table.visualRect(last).bottom() < view.table.viewport().height(),
        timeout=2000,
    )


def test_the_count_labels_sit_where_a_row_layout_puts_them(qtbot: QtBot) -> None:
    view = make_view(qtbot, max_rows=10)
    view.model.append_rows([ConsoleRow(0.0, "log", f"m{i}") for i in range(25)])
    for _ in range(5):  # the toolbar's layout, posted when the dropped count appeared
        QApplication.processEvents()
    bar = view.findChild(QWidget, "console_toolbar")
    assert bar is not None
    count, dropped = view.count_label, view.dropped_label
    assert dropped.isVisible()
    assert count.text() == "10 line(s)"
    assert dropped.text() == "15 older line(s) dropped"
    in_bar = count.mapTo(bar, count.rect().topLeft())
    layout = bar.layout()
    assert layout is not None
    margins = layout.contentsMargins()
    # Right-aligned at the toolbar's margin, as wide as the text wants, full row height.
    assert in_bar.x() + count.width() == bar.width() - margins.right()
    assert count.width() == count.sizeHint().width()
    assert dropped.width() == dropped.sizeHint().width()
    assert dropped.geometry().right() + 1 + layout.spacing() == count.geometry().left()
    assert count.height() == dropped.height() == view.copy_button.height()
    # A new count of the same width repaints the label alone: nothing is laid out again.
    counter = EventCounter(bar)
    for n in range(11, 20):
        view.model.append_rows([ConsoleRow(0.0, "log", "m")])
        view._update_counts()  # now, not a quarter of a second later
        assert dropped.text() == f"{n + 5} older line(s) dropped"
        QApplication.processEvents()
    assert counter.layouts(bar) == 0
    # Longer counts fit in the room the box keeps: still placed as a layout would.
    view.model.append_rows([ConsoleRow(0.0, "log", "m") for _ in range(100)])
    qtbot.waitUntil(lambda: dropped.text() == "124 older line(s) dropped", timeout=2000)
    qtbot.waitUntil(lambda: dropped.width() == dropped.sizeHint().width(), timeout=2000)
    assert dropped.geometry().right() + 1 + layout.spacing() == count.geometry().left()
    # Clearing hides the dropped count at once.
    view.clear()
    assert not dropped.isVisible()
    assert count.text() == "0 line(s)"


def test_clearing_during_a_stream_empties_the_table_at_once(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    view.model.append_rows([ConsoleRow(0.0, "log", f"a{i}") for i in range(300)])
    view.model.append_rows([ConsoleRow(0.0, "log", f"b{i}") for i in range(300)])
    QApplication.processEvents()
    view.clear()
    assert not view.table.behind
    assert view.model.rowCount() == 0
    assert view.count_label.text() == "0 line(s)"
    QApplication.processEvents()
    assert view.table.verticalScrollBar().maximum() == 0


def test_a_reader_scrolled_up_keeps_the_place_and_sees_new_lines_counted(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    view.model.append_rows([ConsoleRow(0.0, "log", f"m{i}") for i in range(500)])
    qtbot.waitUntil(lambda: not view.table.behind, timeout=2000)
    bar = view.table.verticalScrollBar()
    bar.setValue(100)
    stream(qtbot, view, 0.3)
    assert bar.value() == 100
    assert not view.table.behind  # not following: every batch is laid out as it comes
    qtbot.waitUntil(
        lambda: view.count_label.text() == f"{view.model.rowCount()} line(s)", timeout=2000
    )


def test_the_screen_never_keeps_stale_console_pixels(
    qtbot: QtBot, make_ui_app: AppFactory, language: Callable[[str], Any], unused_tcp_port: int
) -> None:
    # The table paints its own background (the window underneath is not painted again),
    # so what the screen holds must still match a fresh paint after every change of look.
    handle = make_ui_app(url=f"ws://127.0.0.1:{unused_tcp_port}/?token=s3cret", server=False)
    window = handle.window
    view = window.console_view
    for i in range(200):
        handle.console.log(
            "socket message:", {"data": f"ws://h.example/?token=s3cret{i} " + "y" * (i % 50)}
        )
        if i % 7 == 0:
            handle.console.warn("警告", i)
    handle.bridge.flush()

    def on_screen_matches_a_fresh_paint() -> bool:
        corner = view.mapTo(window, view.rect().topLeft())
        device = window.backingStore().paintDevice()
        assert isinstance(device, QImage)
        shown = device.copy(corner.x(), corner.y(), view.width(), view.height())
        fresh = window.grab().toImage().copy(corner.x(), corner.y(), view.width(), view.height())
        return shown.convertToFormat(QImage.Format.Format_RGB32) == fresh.convertToFormat(
            QImage.Format.Format_RGB32
        )

    def settled() -> None:
        qtbot.waitUntil(lambda: not view.table.behind, timeout=WAIT_MS)
        qtbot.waitUntil(on_screen_matches_a_fresh_paint, timeout=WAIT_MS)

    settled()
    window.presenter_action.trigger()
    settled()
    language("zh")
    settled()
    model = view.model
    view.table.selectRow(model.rowCount() - 3)
    settled()
    window.presenter_action.trigger()
    settled()
    view.table.setEnabled(False)
    settled()
    view.table.setEnabled(True)
    window.resize(window.width() - 80, window.height())
    settled()
