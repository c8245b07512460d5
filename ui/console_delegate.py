"""``ConsoleDelegate``: paints the console's cells straight from the model's rows.

It draws what ``QStyledItemDelegate`` and the style draw for a console cell (the
level's background or the selection, the text in the level's colour, elided at the
right, in italics for ``info`` lines) and places the text exactly where the style
would, but without asking the model for every role of every cell and without laying
out the whole line on every paint: each cell's elided text is laid out once (a
``QTextLayout``) and kept while the cell is on screen, for its width and font.

:meth:`ConsoleDelegate.paint_rows` paints all the visible rows in one call (the
console's table calls it from its paint event); :meth:`ConsoleDelegate.paint` paints
one cell, for anything else that asks. Printable ASCII is elided by arithmetic in the
fixed-pitch font (:class:`FixedPitchElider`, used only once it agreed with Qt's own
elision for that font); everything else is elided by Qt.

The kept layouts are dropped when the model's contents change in place (presenter mode
masks the text, the language changes the level labels, the console is cleared) and
when the view's font or style changes (:meth:`ConsoleDelegate.invalidate`, called by the
view). A cell with the keyboard focus is painted by the style itself (its focus frame).
"""

from __future__ import annotations

import math
import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Final

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRect,
    Qt,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QFontMetricsF,
    QPainter,
    QPalette,
    QRegion,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from ui.console_model import ConsoleModel, ConsoleRow

__all__ = ["CACHE_LIMIT", "ConsoleDelegate", "FixedPitchElider", "elide"]

#: Cells whose layout is kept at least (a cell's layout takes a few KiB); a taller view
#: keeps the cells it shows, and a few more.
CACHE_LIMIT: Final = 64

# QStyle.StateFlag's values (Qt's own, fixed; a test compares them). QStyle is imported
# where it is used: PySide builds its Python enums on the first import, ~8 ms that the
# window's first paint (an empty console) does not need.
_ENABLED: Final = 0x00000001
_FOCUS: Final = 0x00000100
_SELECTED: Final = 0x00008000
_ACTIVE: Final = 0x00010000
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


class FixedPitchElider:
    """Qt's right elision, computed, for printable ASCII in a font whose printable ASCII
    characters all have the same advance (the console's fixed-pitch font): no shaping.

    :meth:`for_font` builds one only after it agreed with ``QFontMetrics.elidedText`` on a
    set of probes; otherwise there is none and the caller asks Qt."""

    __slots__ = ("_advance", "_ellipsis", "_ellipsis_width")

    def __init__(self, advance: int, ellipsis: str, ellipsis_width: int) -> None:
        # Widths in 1/64 pixel, as Qt adds them up (26.6 fixed point).
        self._advance = advance
        self._ellipsis = ellipsis
        self._ellipsis_width = ellipsis_width

    @classmethod
    def for_font(cls, font: QFont) -> FixedPitchElider | None:
        exact = QFontMetricsF(font)
        advances = {exact.horizontalAdvance(chr(c)) for c in range(0x20, 0x7F)}
        if len(advances) != 1:
            return None
        advance = round(advances.pop() * 64)
        if advance <= 0:
            return None
        metrics = QFontMetrics(font)
        probes = ["x" * 160, "".join(chr(0x20 + i % 95) for i in range(160)), "ab", "a"]
        widths = [0, 1, 5, *range(7, 1200, 53)]
        candidates = [("…", round(exact.horizontalAdvance("…") * 64)), ("...", 3 * advance)]
        for ellipsis, ellipsis_width in candidates:
            elider = cls(advance, ellipsis, ellipsis_width)
            if all(
                elider.elide(text, width) == metrics.elidedText(text, _ELIDE, width)
                for text in probes
                for width in widths
            ):
                return elider
        return None

    @staticmethod
    def applies(text: str) -> bool:
        return text.isascii() and text.isprintable()

    def elide(self, text: str, width: int) -> str:
        """``text`` (printable ASCII) elided at the right to ``width`` pixels, as Qt does:
        the characters before the first one that reaches the width left for the ellipsis."""
        count = len(text)
        room = width * 64
        if count <= 1 or count * self._advance <= room:
            return text
        room -= self._ellipsis_width
        if room < 0:
            return ""  # not even the ellipsis fits
        keep = max(0, -(-room // self._advance) - 1)
        return text[: min(keep, count - 1)] + self._ellipsis


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
        self._eliders: tuple[FixedPitchElider | None, FixedPitchElider | None] = (None, None)
        self._margin = -1
        self._limit = CACHE_LIMIT
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

    def cell_text(self, row: int, column: int, width: int) -> str:
        """The text drawn in cell (``row``, ``column``) when the column is ``width`` pixels
        wide, in the view's font: the model's text, elided at the right."""
        self._ensure_font()
        source = self._model.row(row)
        italic = int(self._model.italic(source.level, column))
        text = self._model.cell_text(source, column)
        return self._shown(text, italic, width - 2 * self._text_margin(None))

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
        if state & _SELECTED:
            group = _group(state)
            palette: QPalette = option.palette
            self._draw_cell(
                painter,
                option.rect,
                source,
                index.column(),
                palette.brush(group, _HIGHLIGHT),
                palette.color(group, _HIGHLIGHTED_TEXT),
            )
        else:
            level = source.level
            column = index.column()
            pen = self._pens.get((level, column))
            if pen is None:
                pen = self._pen(level, column, option.palette.color(_group(state), _TEXT))
            self._draw_cell(painter, option.rect, source, column, self._backgrounds[level], pen)

    def paint_rows(self, view: QTableView, region: QRegion) -> bool:
        """Paint the rows of ``view`` that meet ``region`` in one go: what ``QTableView``'s
        paint event does cell by cell through :meth:`paint`, without a call per cell.
        Returns False (nothing painted) when the view is in a state it leaves to
        ``QTableView``: right to left, a grid, spans, moved or hidden sections."""
        model = self._model
        rows = model.rowCount()
        if rows == 0:
            return True  # nothing to paint, whoever paints it
        from PySide6.QtWidgets import QStyle

        header = view.verticalHeader()
        columns_header = view.horizontalHeader()
        if (
            view.isRightToLeft()
            or view.showGrid()
            or view.alternatingRowColors()
            or header.sectionsMoved()
            or header.sectionsHidden()
            or columns_header.sectionsMoved()
            or columns_header.sectionsHidden()
            or not view.style().styleHint(
                QStyle.StyleHint.SH_ItemView_ShowDecorationSelected, None, view
            )
        ):
            return False
        if view.itemDelegate() is not self:
            return False
        viewport = view.viewport()
        if self._margin < 0:
            self._set_font(view.font(), view)
        # Keep the layouts of the cells the view shows (rows that fit, three columns).
        shown = 3 * (viewport.height() // max(1, header.defaultSectionSize()) + 2)
        self._limit = max(CACHE_LIMIT, shown + 12)
        box = region.boundingRect()
        first = header.visualIndexAt(box.top())
        if first < 0:
            return True  # below the last row
        last = header.visualIndexAt(box.bottom())
        if last < 0:
            last = rows - 1
        enabled = viewport.isEnabled()
        if not enabled:
            group = QPalette.ColorGroup.Disabled
        elif view.window().isActiveWindow():
            group = QPalette.ColorGroup.Active
        else:
            group = QPalette.ColorGroup.Inactive
        palette = view.palette()
        highlight = palette.brush(group, _HIGHLIGHT)
        highlighted_text = palette.color(group, _HIGHLIGHTED_TEXT)
        text_color = palette.color(group, _TEXT)
        selected = _selected_cells(view.selectionModel(), first, last)
        current = view.currentIndex()
        focus_row = (
            current.row() if current.isValid() and (view.hasFocus() or viewport.hasFocus()) else -1
        )
        columns = model.columnCount()
        spans = [
            (column, columns_header.sectionViewportPosition(column), view.columnWidth(column))
            for column in range(columns)
        ]
        pens = self._pens
        backgrounds = self._backgrounds
        painter = QPainter(viewport)
        try:
            for r in range(first, last + 1):
                source = model.row(r)
                y = header.sectionViewportPosition(r)
                height = header.sectionSize(r)
                chosen: AbstractSet[int] = selected.get(r, _NONE)
                level = source.level
                for column, x, width in spans:
                    rect = QRect(x, y, width, height)
                    if r == focus_row and column == current.column():
                        self._paint_focused(painter, view, rect, model.index(r, column))
                    elif column in chosen:
                        self._draw_cell(painter, rect, source, column, highlight, highlighted_text)
                    else:
                        pen = pens.get((level, column))
                        if pen is None:
                            pen = self._pen(level, column, text_color)
                        self._draw_cell(painter, rect, source, column, backgrounds[level], pen)
        finally:
            painter.end()
        return True

    # -- internals -----------------------------------------------------------------------------

    def _draw_cell(
        self,
        painter: QPainter,
        rect: QRect,
        source: ConsoleRow,
        column: int,
        background: QBrush | QColor | None,
        pen: QColor,
    ) -> None:
        """One cell as the style draws it: the background, then the text, elided, in
        ``pen``, vertically centred, a margin from the left."""
        if background is not None:
            painter.fillRect(rect, background)
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

    def _paint_focused(
        self, painter: QPainter, view: QTableView, rect: QRect, index: QModelIndex
    ) -> None:
        """The cell with the keyboard focus, painted by the style (its focus frame), with
        the options ``QTableView`` gives it."""
        from PySide6.QtWidgets import QStyle

        option = QStyleOptionViewItem()
        view.initViewItemOption(option)
        option.rect = rect
        state = option.state | QStyle.StateFlag.State_HasFocus
        if view.selectionModel().isSelected(index):
            state |= QStyle.StateFlag.State_Selected
        option.state = state
        option.palette.setCurrentColorGroup(
            QPalette.ColorGroup.Normal
            if option.state & QStyle.StateFlag.State_Enabled
            else QPalette.ColorGroup.Disabled
        )
        style = view.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewRow, option, painter, view)
        QStyledItemDelegate.paint(self, painter, option, index)

    def _pen(self, level: str, column: int, default: QColor) -> QColor:
        pen = self._model.foreground(level, column)
        if pen is None:
            return default  # the view's text colour: not kept, it follows the palette
        self._pens[(level, column)] = pen
        return pen

    def _shown(self, text: str, italic: int, width: int) -> str:
        """``text`` elided to ``width`` as the style elides it."""
        elider = self._eliders[italic]
        if elider is not None and elider.applies(text):
            return elider.elide(text, width)  # what Qt's elision gives, without shaping
        return elide(text, self._metrics[italic], width)

    def _ensure_font(self) -> None:
        """Take the view's font if no paint did yet."""
        if self._margin < 0:
            view = self.parent()
            if isinstance(view, QWidget):
                self._set_font(view.font(), view)

    def _text_margin(self, widget: QWidget | None) -> int:
        """The style's margin left and right of an item's text."""
        if self._margin < 0:
            parent = self.parent()
            if widget is None and isinstance(parent, QWidget):
                widget = parent
            style = widget.style() if widget is not None else None
            if style is None:
                return 3
            from PySide6.QtWidgets import QStyle

            self._margin = (
                style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
            )
        return self._margin

    def _set_font(self, font: QFont, widget: QWidget | None) -> None:
        self._cells.clear()
        if font == self._font and self._eliders[0] is not None:
            self._margin = -1
            self._text_margin(widget)  # the style may have changed; the font did not
            return
        self._font = QFont(font)
        italic = QFont(font)
        italic.setItalic(True)
        self._fonts = (self._font, italic)
        self._metrics = (QFontMetrics(self._font), QFontMetrics(italic))
        self._eliders = (FixedPitchElider.for_font(self._font), FixedPitchElider.for_font(italic))
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
        shown = self._shown(text, italic, width)
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
        cell = _Cell(width, shown, layout, height, bool(italic) or _may_overhang(shown))
        if len(self._cells) >= self._limit:
            del self._cells[next(iter(self._cells))]  # the oldest
        self._cells[key] = cell
        self.layouts_made += 1
        return cell


_NONE: Final[frozenset[int]] = frozenset()

# Characters whose glyphs (in the console's fonts) stay inside their advance and the line:
# printable Latin, the ellipsis, CJK punctuation, ideographs and full-width forms. A cell
# with anything else (combining marks, other scripts, emoji) is clipped as the style does.
_INSIDE_ITS_BOX = re.compile(
    "[\\u0020-\\u007e\\u00a0-\\u02ff\\u2026\\u3000-\\u303f\\u4e00-\\u9fff\\uff01-\\uff60]*"
)


def _may_overhang(text: str) -> bool:
    """True when ``text`` may draw outside its cell (so the cell is clipped)."""
    return not text.isascii() and _INSIDE_ITS_BOX.fullmatch(text) is None


def _selected_cells(selection: QItemSelectionModel, first: int, last: int) -> dict[int, set[int]]:
    """The selected columns of each row from ``first`` to ``last`` that has any, from the
    selection's ranges (what ``isSelected`` answers cell by cell, asked once)."""
    cells: dict[int, set[int]] = {}
    if not selection.hasSelection():
        return cells
    ranges = selection.selection()
    for i in range(ranges.size()):
        selected = ranges.at(i)
        top, bottom = max(selected.top(), first), min(selected.bottom(), last)
        if top > bottom:
            continue
        columns = range(selected.left(), selected.right() + 1)
        for row in range(top, bottom + 1):
            cells.setdefault(row, set()).update(columns)
    return cells


class _BackgroundsOf(dict[str, "QColor | None"]):
    """Each level's background, asked of the model once."""

    def __init__(self, model: ConsoleModel) -> None:
        super().__init__()
        self._model = model

    def __missing__(self, level: str) -> QColor | None:
        value = self[level] = self._model.background(level)
        return value
