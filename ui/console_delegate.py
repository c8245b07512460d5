"""``ConsoleDelegate``: paints the console's cells straight from the model's rows.

It draws what ``QStyledItemDelegate`` and the style draw for a console cell (the
level's background or the selection, the text in the level's colour, elided at the
right, in italics for ``info`` lines) and places the text exactly where the style
would, but without asking the model for every role of every cell and without laying
out the whole line on every paint: each cell's elided text is laid out once (a
``QTextLayout``) and kept while the cell is on screen, for its width and font.

The cache is dropped when the model's contents change in place (presenter mode masks
the text, the language changes the level labels, the console is cleared) and when the
view's font or style changes (:meth:`ConsoleDelegate.invalidate`, called by the view).
A cell with the keyboard focus is painted by the style itself (its focus frame).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QPointF, QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QTextLayout, QTextOption
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from ui.console_model import ConsoleModel, ConsoleRow

__all__ = ["CACHE_LIMIT", "ConsoleDelegate", "elide"]

#: Cells whose layout is kept at least (a cell's layout takes a few KiB); a view taller
#: than that keeps twice the cells it shows.
CACHE_LIMIT: Final = 384

_SELECTED: Final = QStyle.StateFlag.State_Selected.value
_FOCUS: Final = QStyle.StateFlag.State_HasFocus.value
_ENABLED: Final = QStyle.StateFlag.State_Enabled.value
_ACTIVE: Final = QStyle.StateFlag.State_Active.value
_ELIDE: Final = Qt.TextElideMode.ElideRight
_HIGHLIGHT: Final = QPalette.ColorRole.Highlight
_HIGHLIGHTED_TEXT: Final = QPalette.ColorRole.HighlightedText
_TEXT: Final = QPalette.ColorRole.Text


def _group(state: int) -> QPalette.ColorGroup:
    """The palette group the style paints an item with."""
    if not state & _ENABLED:
        return QPalette.ColorGroup.Disabled
    return QPalette.ColorGroup.Active if state & _ACTIVE else QPalette.ColorGroup.Inactive


def elide(text: str, metrics: QFontMetrics, width: int) -> str:
    """``metrics.elidedText(text, ElideRight, width)``, without measuring the part of a long
    line that cannot be shown: a prefix wider than ``width`` elides to the same text."""
    limit = 2 * width // max(1, metrics.averageCharWidth()) + 16
    if len(text) > limit:
        head = metrics.elidedText(text[:limit], _ELIDE, width)
        if head != text[:limit]:  # the prefix is already too wide: the cut is inside it
            return head
    return metrics.elidedText(text, _ELIDE, width)


@dataclass(slots=True)
class _Cell:
    """A cell's laid-out text, valid for one width (and the font it was made with)."""

    width: int
    text: str
    layout: QTextLayout
    height: int  # the whole line's height, which the style centres in the cell
    clip: bool  # may draw outside the cell (anything but ASCII): clip as the style does


class ConsoleDelegate(QStyledItemDelegate):
    """Paints :class:`~ui.console_model.ConsoleModel` cells as the style would, faster."""

    def __init__(self, model: ConsoleModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._cells: dict[tuple[int, object], _Cell] = {}
        self._font = QFont()
        self._fonts: tuple[QFont, QFont] = (QFont(), QFont())
        self._ascii_height: tuple[int, int] = (0, 0)
        self._metrics: tuple[QFontMetrics, QFontMetrics] = (
            QFontMetrics(self._font),
            QFontMetrics(self._font),
        )
        self._margin = -1
        self._pens: dict[tuple[str, int], QColor] = {}
        self._backgrounds = _BackgroundsOf(model)
        self._text_option = QTextOption()
        self._text_option.setWrapMode(QTextOption.WrapMode.ManualWrap)
        self._text_option.setTextDirection(Qt.LayoutDirection.LeftToRight)
        self._text_option.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        #: Cells laid out since the delegate was made (tests and measurements read it).
        self.layouts_made = 0
        model.dataChanged.connect(self.invalidate)
        model.modelReset.connect(self.invalidate)
        model.layoutChanged.connect(self.invalidate)

    # -- public --------------------------------------------------------------------------------

    def invalidate(self, *_args: object) -> None:
        """Forget every laid-out cell (contents, font or style changed)."""
        self._cells.clear()
        self._margin = -1
        self._pens.clear()
        self._backgrounds = _BackgroundsOf(self._model)

    def cell_text(self, row: int, column: int, width: int, font: QFont) -> str:
        """The text drawn in cell (``row``, ``column``) when the column is ``width`` pixels
        wide and the view's font is ``font``: the model's text, elided at the right."""
        source = self._model.row(row)
        if self._model.italic(source.level, column):
            font = QFont(font)
            font.setItalic(True)
        text = self._model.cell_text(source, column)
        return elide(text, QFontMetrics(font), width - 2 * self._text_margin(None))

    @property
    def cached_cells(self) -> int:
        return len(self._cells)

    # -- QStyledItemDelegate ---------------------------------------------------------------------

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        # Called for every visible cell on each repaint: as little Python as it can be.
        state = option.state.value
        if state & _FOCUS:
            # One cell at most: the style draws its focus frame as it always did.
            super().paint(painter, option, index)
            return
        r = index.row()
        if r < 0:
            return
        try:
            source = self._model.row(r)
        except IndexError:
            return  # a stale index (the console was cleared)
        if self._margin < 0:
            self._set_font(option.font, option.widget)
        column = index.column()
        rect: QRect = option.rect
        level = source.level
        if state & _SELECTED:
            group = _group(state)
            palette: QPalette = option.palette
            painter.fillRect(rect, palette.brush(group, _HIGHLIGHT))
            painter.setPen(palette.color(group, _HIGHLIGHTED_TEXT))
        else:
            background = self._backgrounds[level]
            if background is not None:
                painter.fillRect(rect, background)
            pen = self._pens.get((level, column))
            if pen is None:
                pen = self._pen(level, column, option.palette.color(_group(state), _TEXT))
            painter.setPen(pen)
        cell = self._cell(source, column, rect.width() - 2 * self._margin)
        position = QPointF(
            rect.x() + self._margin, rect.y() + int((rect.height() - cell.height) / 2)
        )
        if cell.clip:
            # As the style does: nothing drawn outside the cell.
            painter.save()
            painter.setClipRect(rect)
            cell.layout.draw(painter, position)
            painter.restore()
        else:
            cell.layout.draw(painter, position)

    # -- internals -----------------------------------------------------------------------------

    def _pen(self, level: str, column: int, default: QColor) -> QColor:
        pen = self._model.foreground(level, column)
        if pen is None:
            return default  # the view's text colour: not kept, it follows the palette
        self._pens[(level, column)] = pen
        return pen

    def _text_margin(self, widget: QWidget | None) -> int:
        """The style's margin left and right of an item's text."""
        if self._margin < 0:
            parent = self.parent()
            if widget is None and isinstance(parent, QWidget):
                widget = parent
            style = widget.style() if widget is not None else None
            if style is None:
                return 3
            self._margin = (
                style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
            )
        return self._margin

    def _set_font(self, font: QFont, widget: QWidget | None) -> None:
        self._cells.clear()
        self._font = QFont(font)
        italic = QFont(font)
        italic.setItalic(True)
        self._fonts = (self._font, italic)
        self._metrics = (QFontMetrics(self._font), QFontMetrics(italic))
        self._ascii_height = (self._line_height("x", self._font), self._line_height("x", italic))
        self._margin = -1
        self._text_margin(widget)

    def _line_height(self, text: str, font: QFont) -> int:
        """Height of ``text`` laid out on one line, as the style measures it (every font that
        draws a character of the line counts, so a Chinese character makes it taller)."""
        layout = QTextLayout(text, font)
        layout.setTextOption(self._text_option)
        layout.beginLayout()
        line = layout.createLine()
        line.setLineWidth(1_000_000)
        layout.endLayout()
        return math.floor(line.height() + 0.5)

    def _cell(self, source: ConsoleRow, column: int, width: int) -> _Cell:
        model = self._model
        # Time and level texts repeat from row to row: those cells are keyed by their text.
        key: tuple[int, object] = (
            (column, source)
            if column == model.TEXT
            else (column, source.time_text if column == model.TIME else source.level)
        )
        cell = self._cells.get(key)
        if cell is not None and cell.width == width:
            return cell
        text = model.cell_text(source, column)
        italic = int(model.italic(source.level, column))
        font = self._fonts[italic]
        shown = elide(text, self._metrics[italic], width)
        layout = QTextLayout(shown, font)
        layout.setTextOption(self._text_option)
        layout.setCacheEnabled(True)  # keep the shaped glyphs for the next paints
        layout.beginLayout()
        line = layout.createLine()
        line.setLineWidth(width)
        line.setPosition(QPointF(0, 0))
        layout.endLayout()
        # The style centres the whole line's height (not only the shown part) in the cell.
        height = self._ascii_height[italic] if text.isascii() else self._line_height(text, font)
        cell = _Cell(width, shown, layout, height, bool(italic) or not shown.isascii())
        if len(self._cells) >= CACHE_LIMIT and len(self._cells) >= self._cells_shown() * 2:
            del self._cells[next(iter(self._cells))]  # the oldest
        self._cells[key] = cell
        self.layouts_made += 1
        return cell

    def _cells_shown(self) -> int:
        """Cells the view shows at most (rows that fit in its viewport, three columns)."""
        view = self.parent()
        if not isinstance(view, QAbstractItemView):
            return 0
        header = view.verticalHeader() if isinstance(view, QTableView) else None
        row_height = header.defaultSectionSize() if header is not None else 1
        return 3 * (view.viewport().height() // max(1, row_height) + 2)


class _BackgroundsOf(dict[str, "QColor | None"]):
    """Each level's background, asked of the model once."""

    def __init__(self, model: ConsoleModel) -> None:
        super().__init__()
        self._model = model

    def __missing__(self, level: str) -> QColor | None:
        value = self[level] = self._model.background(level)
        return value
