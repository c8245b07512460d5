"""The console's delegate: it must draw exactly what the style draws, from the rows."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QFont, QFontMetrics, QImage
from PySide6.QtWidgets import QApplication, QStyledItemDelegate
from pytestqt.qtbot import QtBot

from ui.console_delegate import CACHE_LIMIT, FixedPitchElider, elide
from ui.console_model import ConsoleRow
from ui.console_view import ROW_HEIGHT, ConsoleView, console_font
from ui.main import create_application

SECRET_URL = "wss://h.example/ws?token=s3cret&room=7"

# Every kind of line the console shows: levels (colours, backgrounds, italics), Chinese
# (the bundled font), lines longer than the column (elided), Chinese only past the cut
# (the style centres the whole line's height), a URL with a secret (masked in presenter
# mode), emoji, right-to-left text, tabs, zero-width and combining characters, empty.
LINES: list[tuple[str, str]] = [
    ("log", 'socket message: {data: "msg 000001 ' + "x" * 60 + '"}'),
    ("info", "WebSocket 已连接"),
    ("warn", '慢速消费者: 缓冲区 {pending: 1, note: "队列积压"}'),
    ("error", 'WebSocket 发生错误: {errMsg: "connectSocket:fail ' + SECRET_URL + '"}'),
    ("log", "L" * 400 + " tail"),
    ("log", "ascii first " + "y" * 300 + " 中文在后面"),
    ("log", "连接 " + SECRET_URL),
    ("log", "emoji 😀 and accents éü → αβγ"),
    ("log", "RTL שלום עולם مرحبا"),
    ("log", "tab\there, zero\u200bwidth and combin\u0301ing"),
    ("info", "italic info " + "i" * 300),
    ("info", "短"),
    ("log", ""),
    ("error", "中" * 200),
    ("log", "a b"),
]
SELECTED = (2, 4, 6, 11)


@pytest.fixture
def console(qtbot: QtBot) -> ConsoleView:
    create_application()  # the app's fonts (the Chinese subset) and stylesheet
    view = ConsoleView()
    qtbot.addWidget(view)
    view.resize(760, 420)
    view.show()
    base = 1_700_000_000.0
    view.model.append_rows(
        [ConsoleRow(base + i * 0.013, level, text) for i, (level, text) in enumerate(LINES)]
    )
    selection = view.table.selectionModel()
    for row in SELECTED:
        selection.select(
            view.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    # One cell alone (the selection model allows it, even if a click selects whole rows).
    selection.select(view.model.index(8, 2), QItemSelectionModel.SelectionFlag.Select)
    view.table.scrollToTop()
    settle(view)
    return view


def settle(view: ConsoleView) -> None:
    """Let posted layouts finish (a new language or font changes the toolbar's height)."""
    size = None
    for _ in range(20):
        QApplication.processEvents()
        if view.table.viewport().size() == size:
            return
        size = view.table.viewport().size()


def presenter_look(view: ConsoleView) -> None:
    """What presenter mode does to the console: larger type and rows, secrets masked."""
    base = QFont(QApplication.font())
    base.setPointSizeF(base.pointSizeF() * 1.3)
    table = view.table
    table.setFont(console_font(base))
    header = table.verticalHeader()
    header.setMinimumSectionSize(round(ROW_HEIGHT * 1.3))
    header.setDefaultSectionSize(round(ROW_HEIGHT * 1.3))
    metrics = table.fontMetrics()
    table.setColumnWidth(0, metrics.horizontalAdvance("00:00:00.000") + 18)
    table.setColumnWidth(1, metrics.horizontalAdvance("error") + 26)
    view.model.set_masked(True)


def rendering(view: ConsoleView, delegate: QStyledItemDelegate) -> QImage:
    view.table.setItemDelegate(delegate)
    settle(view)
    image = view.table.viewport().grab().toImage()
    return image.convertToFormat(QImage.Format.Format_RGB32)


def differing_rows(a: QImage, b: QImage, row_height: int) -> list[int]:
    rows = {
        y // row_height
        for y in range(a.height())
        for x in range(0, a.width(), 1)
        if a.pixel(x, y) != b.pixel(x, y)
    }
    return sorted(rows)


def test_the_state_flags_are_the_styles() -> None:
    """The delegate's QStyle state values, written as numbers (QStyle is imported only
    where it is used, see the module), are the style's."""
    from PySide6.QtWidgets import QStyle

    import ui.console_delegate as delegate

    flag = QStyle.StateFlag
    written = (delegate._ENABLED, delegate._FOCUS, delegate._SELECTED, delegate._ACTIVE)
    styles = (flag.State_Enabled, flag.State_HasFocus, flag.State_Selected, flag.State_Active)
    assert written == tuple(f.value for f in styles)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("presenter", [False, True], ids=["normal", "presenter"])
@pytest.mark.parametrize("width", [760, 480])
def test_the_delegate_draws_what_the_style_draws(
    console: ConsoleView,
    language: Callable[[str], Any],
    lang: str,
    presenter: bool,
    width: int,
) -> None:
    language(lang)
    console.resize(width, 420)
    if presenter:
        presenter_look(console)
    settle(console)
    ours = console.delegate
    assert console.table.itemDelegate() is ours
    styled = rendering(console, QStyledItemDelegate(console.table))
    drawn = rendering(console, ours)
    assert ours.layouts_made > 0  # it did paint
    assert styled.size() == drawn.size()
    row_height = console.table.verticalHeader().defaultSectionSize()
    assert drawn == styled, f"rows drawn differently: {differing_rows(styled, drawn, row_height)}"


def test_the_cell_with_the_keyboard_focus_keeps_its_focus_frame(
    console: ConsoleView, qtbot: QtBot
) -> None:
    console.activateWindow()
    console.table.setFocus()
    qtbot.waitUntil(console.table.hasFocus, timeout=2000)
    console.table.setCurrentIndex(console.model.index(1, 2))
    styled = rendering(console, QStyledItemDelegate(console.table))
    drawn = rendering(console, console.delegate)
    assert drawn == styled


def test_cells_show_the_rows_text_elided_at_the_right(console: ConsoleView) -> None:
    delegate = console.delegate
    font = console.table.font()
    width = console.table.columnWidth(2)
    margin = 2 * (
        console.table.style().pixelMetric(console.table.style().PixelMetric.PM_FocusFrameHMargin)
        + 1
    )
    assert delegate.cell_text(0, 0, 200) == console.model.cell_text(console.model.row(0), 0)
    assert delegate.cell_text(14, 2, width) == "a b"
    assert delegate.cell_text(1, 2, width) == "WebSocket 已连接"
    long_line = delegate.cell_text(4, 2, width)
    assert long_line.startswith("LLLL")
    assert long_line.endswith("…")
    assert QFontMetrics(font).horizontalAdvance(long_line) <= width - margin
    # The same text Qt's own elision gives for the whole line.
    assert long_line == QFontMetrics(font).elidedText(
        LINES[4][1], Qt.TextElideMode.ElideRight, width - margin
    )
    # Italic lines are measured in italics.
    italic = QFont(font)
    italic.setItalic(True)
    assert delegate.cell_text(10, 2, width) == QFontMetrics(italic).elidedText(
        LINES[10][1], Qt.TextElideMode.ElideRight, width - margin
    )


def test_elide_cuts_long_lines_like_qt_without_measuring_all_of_them() -> None:
    create_application()
    metrics = QFontMetrics(console_font(QApplication.font()))
    samples = [
        "x" * 5000,
        "中" * 3000,
        "ab" * 10 + "中" * 2000,
        "short",
        "",
        "i" * 70 + "W" * 70,
        "combin\u0301ing " * 300,
        "😀" * 500,
    ]
    for text in samples:
        for width in (1, 40, 333, 640):
            assert elide(text, metrics, width) == metrics.elidedText(
                text, Qt.TextElideMode.ElideRight, width
            ), (text[:20], width)


@pytest.mark.parametrize("scale", [1.0, 1.3])
@pytest.mark.parametrize("italic", [False, True])
def test_fixed_pitch_elision_is_qts_elision(scale: float, italic: bool) -> None:
    create_application()
    base = QFont(QApplication.font())
    base.setPointSizeF(base.pointSizeF() * scale)
    font = console_font(base)
    font.setItalic(italic)
    elider = FixedPitchElider.for_font(font)
    assert elider is not None  # the console's font is fixed-pitch for ASCII
    metrics = QFontMetrics(font)
    rng = random.Random(6)
    for _ in range(1500):
        length = rng.choice([0, 1, 2, 3, 9, 40, 87, 150, 600])
        text = "".join(chr(rng.randint(0x20, 0x7E)) for _ in range(length))
        width = rng.randint(0, 1300)
        assert FixedPitchElider.applies(text)
        assert elider.elide(text, width) == metrics.elidedText(
            text, Qt.TextElideMode.ElideRight, width
        ), (text, width)
    assert not FixedPitchElider.applies("中文")
    assert not FixedPitchElider.applies("tab\there")


def test_a_proportional_font_gets_no_fixed_pitch_elider() -> None:
    create_application()
    assert FixedPitchElider.for_font(QApplication.font()) is None


def test_presenter_mode_masks_the_drawn_text(console: ConsoleView) -> None:
    delegate = console.delegate
    wide = 5000
    assert "s3cret" in delegate.cell_text(6, 2, wide)
    before = delegate.cached_cells
    assert before > 0  # cells were painted and kept
    console.model.set_masked(True)
    assert delegate.cached_cells == 0  # the kept layouts showed the secret: dropped
    shown = delegate.cell_text(6, 2, wide)
    assert "s3cret" not in shown
    assert "token=***" in shown
    console.table.viewport().repaint()
    assert delegate.cached_cells > 0


def test_the_level_column_follows_the_language(
    console: ConsoleView, language: Callable[[str], Any]
) -> None:
    language("en")
    settle(console)
    assert console.delegate.cell_text(3, 1, 200) == "error"
    console.table.viewport().repaint()
    made = console.delegate.layouts_made
    language("zh")
    settle(console)  # the language change reaches the view, which paints again
    assert console.delegate.cell_text(3, 1, 200) == "错误"
    assert console.delegate.layouts_made > made  # the kept English labels were dropped
    styled = rendering(console, QStyledItemDelegate(console.table))
    assert rendering(console, console.delegate) == styled


def test_the_kept_layouts_are_bounded(console: ConsoleView) -> None:
    rows = [ConsoleRow(1_700_000_100.0 + i, "log", f"line {i} " + "z" * 80) for i in range(3000)]
    console.model.append_rows(rows)
    table = console.table
    for top in range(0, 3000, 20):
        table.scrollTo(console.model.index(top, 0), table.ScrollHint.PositionAtTop)
        table.viewport().repaint()
    shown = 3 * (table.viewport().height() // table.verticalHeader().defaultSectionSize() + 2)
    assert console.delegate.cached_cells <= max(CACHE_LIMIT, shown + 12)


def test_a_new_font_lays_the_cells_out_again(console: ConsoleView) -> None:
    console.table.viewport().repaint()
    made = console.delegate.layouts_made
    console.table.viewport().repaint()
    assert console.delegate.layouts_made == made  # nothing changed: nothing laid out again
    presenter_look(console)
    QApplication.processEvents()
    console.table.viewport().repaint()
    assert console.delegate.layouts_made > made
    styled = rendering(console, QStyledItemDelegate(console.table))
    assert rendering(console, console.delegate) == styled


def test_an_index_past_the_rows_paints_nothing(console: ConsoleView) -> None:
    # A stale index (the console was cleared in between) is ignored, not an error.
    image = QImage(100, 30, QImage.Format.Format_RGB32)
    image.fill(0xFFFFFFFF)
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QStyleOptionViewItem

    option = QStyleOptionViewItem()
    option.rect = image.rect()
    painter = QPainter(image)
    try:
        index = console.model.index(3, 2)
        console.model.clear()
        console.delegate.paint(painter, option, index)
        console.delegate.paint(painter, option, QModelIndex())
    finally:
        painter.end()
    assert image.pixel(50, 15) == 0xFFFFFFFF
