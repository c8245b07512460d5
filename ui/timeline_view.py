"""The lifecycle timeline: a live sequence diagram of every SocketTask.

:class:`TimelineView` draws :class:`~app.timeline.TimelineModel` — one lane group
per SocketTask (page ↔ SocketTask ↔ server), arrows for calls, callbacks,
listeners and frames, the handshake with its timings, and the ``readyState`` bands
— with a horizontal axis that is either the *sequence* of events (evenly spaced,
the readable default) or real *time*. Only the visible range is painted;
routine items (frames, sends, ``onMessage``) that share a few pixels are drawn
as one aggregate bar with a count. Hover shows a tooltip, a click shows the full
payload in the detail pane.

:class:`TaskStrip` is the small header strip with one colour chip per task, the
socket count against the cap, and "close" requests for the main window to wire.

Every failure and close code is explained in plain words
(:func:`translate_explanation`, the table :data:`EXPLANATION_TEXTS`).
"""

from __future__ import annotations

import enum
import html
import logging
import math
import time
from bisect import bisect_left, insort
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QHelpEvent,
    QImage,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
    QPolygonF,
    QResizeEvent,
    QShowEvent,
    QWheelEvent,
)
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from app.events import ApiCalled, Event, ReadyState, StateChanged, notable_events
from app.explain import CLOSE_CODES, EXPLANATIONS
from app.log_filter import detail_text
from app.masking import mask_event, mask_text
from app.timeline import (
    MAX_SOCKETS,
    Bucket,
    ItemKind,
    Lane,
    StateBand,
    TaskGroup,
    TimelineItem,
    TimelineModel,
    Tone,
    Track,
    task_color,
)

__all__ = [
    "EXPLANATION_TEXTS",
    "AxisMode",
    "TaskStrip",
    "TimelineCanvas",
    "TimelineView",
    "mono_font",
    "translate_explanation",
]

logger = logging.getLogger(__name__)

# -- plain-language texts ---------------------------------------------------------------------

#: Every fixed explanation the core produces (app.explain), marked for translation.
EXPLANATION_TEXTS: Final = (
    QT_TRANSLATE_NOOP("Explanation", "closed normally"),
    QT_TRANSLATE_NOOP(
        "Explanation", "the other side is going away (page closed or server shutting down)"
    ),
    QT_TRANSLATE_NOOP(
        "Explanation", "closed because of a protocol error: the peer broke the WebSocket rules"
    ),
    QT_TRANSLATE_NOOP("Explanation", "closed because the data type is not accepted"),
    QT_TRANSLATE_NOOP("Explanation", "closed without a status code"),
    QT_TRANSLATE_NOOP("Explanation", "the connection dropped without a goodbye (no close frame)"),
    QT_TRANSLATE_NOOP("Explanation", "closed because a message was not valid text (bad UTF-8)"),
    QT_TRANSLATE_NOOP("Explanation", "closed because a message broke the server's policy"),
    QT_TRANSLATE_NOOP("Explanation", "closed because a message was too big"),
    QT_TRANSLATE_NOOP(
        "Explanation", "closed because the server did not agree to a required extension"
    ),
    QT_TRANSLATE_NOOP("Explanation", "the server hit an unexpected error"),
    QT_TRANSLATE_NOOP("Explanation", "the server is restarting"),
    QT_TRANSLATE_NOOP("Explanation", "the server is overloaded: try again later"),
    QT_TRANSLATE_NOOP("Explanation", "a gateway got a bad answer from the server behind it"),
    QT_TRANSLATE_NOOP("Explanation", "the secure (TLS) handshake failed"),
    QT_TRANSLATE_NOOP("Explanation", "closed with a code registered for libraries and frameworks"),
    QT_TRANSLATE_NOOP("Explanation", "closed by the application with its own code"),
    QT_TRANSLATE_NOOP("Explanation", "closed with an unusual code"),
    QT_TRANSLATE_NOOP(
        "Explanation", "nothing is listening at that address: is the server running?"
    ),
    QT_TRANSLATE_NOOP("Explanation", "the server's address cannot be reached from this computer"),
    QT_TRANSLATE_NOOP("Explanation", "the server's name could not be found (DNS)"),
    QT_TRANSLATE_NOOP("Explanation", "the server did not finish the handshake in time"),
    QT_TRANSLATE_NOOP("Explanation", "the server's certificate is not trusted"),
    QT_TRANSLATE_NOOP("Explanation", "the server's certificate is for a different host name"),
    QT_TRANSLATE_NOOP("Explanation", "the server's certificate has expired"),
    QT_TRANSLATE_NOOP("Explanation", "the secure (TLS) connection could not be set up"),
    QT_TRANSLATE_NOOP(
        "Explanation",
        "the server answered with an HTTP error instead of accepting the WebSocket",
    ),
    QT_TRANSLATE_NOOP(
        "Explanation", "the server's handshake answer was not a valid WebSocket answer"
    ),
    QT_TRANSLATE_NOOP("Explanation", "the server did not agree on a subprotocol"),
    QT_TRANSLATE_NOOP("Explanation", "the server chose an extension that was not offered"),
    QT_TRANSLATE_NOOP("Explanation", "the server broke the WebSocket protocol rules"),
    QT_TRANSLATE_NOOP("Explanation", "the server sent text that is not valid UTF-8"),
    QT_TRANSLATE_NOOP("Explanation", "the server sent a message larger than the allowed size"),
    QT_TRANSLATE_NOOP("Explanation", "the server never answered the close request"),
    QT_TRANSLATE_NOOP("Explanation", "an unexpected internal error happened"),
)

_STATE_HINTS: Final = {
    ReadyState.CONNECTING: QT_TRANSLATE_NOOP(
        "TimelineState", "CONNECTING: the connection is being set up"
    ),
    ReadyState.OPEN: QT_TRANSLATE_NOOP("TimelineState", "OPEN: messages can flow both ways"),
    ReadyState.CLOSING: QT_TRANSLATE_NOOP(
        "TimelineState", "CLOSING: the goodbye (close frames) is under way"
    ),
    ReadyState.CLOSED: QT_TRANSLATE_NOOP("TimelineState", "CLOSED: the connection is over"),
}


def translate_explanation(text: str | None) -> str:
    """The current language's words for an explanation from :mod:`app.explain`."""
    if not text:
        return ""
    return QCoreApplication.translate("Explanation", text)


def _state_hint(state: ReadyState) -> str:
    return QCoreApplication.translate("TimelineState", str(_STATE_HINTS[state]))


def _known_explanations() -> frozenset[str]:
    return frozenset(CLOSE_CODES.values()) | frozenset(EXPLANATIONS.values())


def mono_font(base: QFont) -> QFont:
    """A fixed-pitch font that keeps ``base``'s fallback families (the CJK subset)."""
    fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font = QFont(base)
    rest = [f for f in base.families() if f != fixed.family()]
    font.setFamilies([fixed.family(), *rest] if fixed.family() else rest)
    return font


def _fmt_offset(seconds: float) -> str:
    """``+12.3 ms``, ``+1.234 s``, ``+2:03.4``: short offsets from the first event."""
    if seconds < 1:
        return f"+{seconds * 1000:.1f} ms"
    if seconds < 60:
        return f"+{seconds:.3f} s"
    minutes, rest = divmod(seconds, 60)
    return f"+{int(minutes)}:{rest:04.1f}"


def _fmt_span(seconds: float) -> str:
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    if seconds < 60:
        return f"{seconds:.1f} s"
    return f"{seconds / 60:.1f} min"


def _wall(t: float) -> str:
    return time.strftime("%H:%M:%S", time.localtime(t)) + f".{int((t % 1) * 1000):03d}"


# -- colours ----------------------------------------------------------------------------------

_STATE_COLORS: Final = {
    ReadyState.CONNECTING: "#f5a524",
    ReadyState.OPEN: "#2fb344",
    ReadyState.CLOSING: "#f76707",
    ReadyState.CLOSED: "#adb5bd",
}
_TONE_COLORS: Final = {
    Tone.OK: "#2b8a3e",
    Tone.WARN: "#d9480f",
    Tone.ERROR: "#e03131",
}


@dataclass(frozen=True, slots=True)
class _Style:
    """Sizes and colours; presenter mode scales type up and raises contrast."""

    scale: float
    background: QColor
    stripe: QColor
    text: QColor
    faint: QColor
    lane: QColor
    ruler_bg: QColor
    line_width: float
    band_alpha: int

    @staticmethod
    def make(presenter: bool) -> _Style:
        if presenter:
            return _Style(
                scale=1.35,
                background=QColor("#ffffff"),
                stripe=QColor("#f1f3f5"),
                text=QColor("#000000"),
                faint=QColor("#343a40"),
                lane=QColor("#495057"),
                ruler_bg=QColor("#e9ecef"),
                line_width=2.2,
                band_alpha=200,
            )
        return _Style(
            scale=1.0,
            background=QColor("#ffffff"),
            stripe=QColor("#f8f9fb"),
            text=QColor("#212529"),
            faint=QColor("#6c757d"),
            lane=QColor("#ced4da"),
            ruler_bg=QColor("#f1f3f5"),
            line_width=1.4,
            band_alpha=150,
        )


class AxisMode(enum.Enum):
    """``SEQUENCE``: one slot per event, evenly spaced; ``TIME``: a linear time axis."""

    SEQUENCE = "sequence"
    TIME = "time"


@dataclass(frozen=True, slots=True)
class _Geometry:
    """Vertical layout of one lane group, relative to its top."""

    header: float
    page: float
    task: float
    server: float
    height: float
    band: float

    @staticmethod
    def make(scale: float) -> _Geometry:
        header = 24 * scale
        gap = 50 * scale
        page = header + 12 * scale
        task = page + gap
        server = task + gap
        return _Geometry(header, page, task, server, server + 18 * scale, 18 * scale)

    def lane_y(self, lane: Lane) -> float:
        return (self.page, self.task, self.server)[lane]


class _RowPacker:
    """Free horizontal space in one label row (sorted, non-overlapping intervals)."""

    def __init__(self) -> None:
        self._starts: list[float] = []
        self._ends: dict[float, float] = {}

    def fits(self, x0: float, x1: float) -> bool:
        i = bisect_left(self._starts, x0)
        if i < len(self._starts) and self._starts[i] < x1:
            return False
        return not (i > 0 and self._ends[self._starts[i - 1]] > x0)

    def take(self, x0: float, x1: float) -> None:
        while x0 in self._ends:  # equal starts: nudge (keeps the dict consistent)
            x0 += 1e-6
        insort(self._starts, x0)
        self._ends[x0] = x1


@dataclass(frozen=True, slots=True)
class _Hit:
    rect: QRectF
    item: int | None = None
    bucket: Bucket | None = None
    band: tuple[int | None, StateBand] | None = None


#: Maps an axis key (slot or seconds) to a viewport x coordinate.
_XOf = Callable[[float], float]

_MIN_BUCKET_PX: Final = 5.0
_MAX_LABELS: Final = 600


class TimelineCanvas(QAbstractScrollArea):
    """Paints a :class:`TimelineModel`. Scrolls horizontally in time, vertically in groups.

    Signals: ``item_selected(TimelineItem)``, ``bucket_selected(Bucket)`` on click;
    ``follow_changed(bool)`` when following the live end is turned on or off.
    """

    item_selected = Signal(object)
    bucket_selected = Signal(object)
    follow_changed = Signal(bool)
    zoom_changed = Signal()

    GUTTER: Final = 136
    RULER: Final = 30

    SLOT_MIN: Final = 0.0005
    SLOT_MAX: Final = 400.0
    SLOT_DEFAULT: Final = 60.0

    def __init__(self, model: TimelineModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timeline_canvas")
        self.model = model
        self._mode = AxisMode.SEQUENCE
        self._slot_w = self.SLOT_DEFAULT
        self._px_per_s = 2000.0
        self._follow = True
        self._presenter = False
        self._style = _Style.make(False)
        self._geo = _Geometry.make(1.0)
        self._gw = float(self.GUTTER)
        self._rh = float(self.RULER)
        self._hits: list[_Hit] = []
        self._bucket_colors: dict[tuple[int | None, int], QColor] = {}
        self._hover: _Hit | None = None
        self._selected_item: int | None = None
        self._selected_bucket: Bucket | None = None
        self._programmatic = False
        self._last_paint_ms = 0.0
        # The model changed while hidden: scroll bars and the view are updated when shown.
        self._stale = False
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.viewport().setMouseTracking(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumHeight(160)
        self.horizontalScrollBar().actionTriggered.connect(self._on_hbar_action_triggered)
        self.horizontalScrollBar().valueChanged.connect(self._on_scrolled)
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)

    # -- public --------------------------------------------------------------------------------

    @property
    def mode(self) -> AxisMode:
        return self._mode

    @property
    def follow(self) -> bool:
        return self._follow

    @property
    def slot_width(self) -> float:
        return self._slot_w

    @property
    def pixels_per_second(self) -> float:
        return self._px_per_s

    @property
    def last_paint_ms(self) -> float:
        """How long the last paint took, in milliseconds."""
        return self._last_paint_ms

    def sizeHint(self) -> QSize:
        return QSize(900, 420)

    def set_mode(self, mode: AxisMode) -> None:
        if mode is self._mode:
            return
        centre = self._centre_item()
        self._mode = mode
        if mode is AxisMode.TIME and self.model.duration > 0 and self._px_per_s <= 0:
            self._px_per_s = 2000.0
        self._update_scrollbars()
        if self._follow:
            self._scroll_to_end()
        elif centre is not None:
            self._scroll_to_key(self._key_of(centre), centre_it=True)
        self.zoom_changed.emit()
        self.viewport().update()

    def set_follow(self, follow: bool) -> None:
        if follow == self._follow:
            return
        self._follow = follow
        if follow:
            self._scroll_to_end()
        self.follow_changed.emit(follow)

    def set_presenter(self, on: bool) -> None:
        self._presenter = on
        self._style = _Style.make(on)
        self._geo = _Geometry.make(self._style.scale)
        self._gw = self.GUTTER * self._style.scale
        self._rh = self.RULER * self._style.scale
        self._update_scrollbars()
        self.viewport().update()

    def set_model(self, model: TimelineModel) -> None:
        """Show another model (a replay, or the live one again)."""
        self.model = model
        self._selected_item = None
        self._selected_bucket = None
        self._hover = None
        self._hits = []
        self.model_changed()

    def model_changed(self) -> None:
        """Call after the model grew (or was cleared): rescales and repaints (hidden, when
        shown again: a flood behind another tab costs no scroll bar updates)."""
        if len(self.model) == 0:
            self._selected_item = None
            self._selected_bucket = None
            self._hover = None
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        self._update_scrollbars()
        if self._follow:
            self._scroll_to_end()
        self.viewport().update()

    def zoom(self, factor: float, anchor_x: float | None = None) -> None:
        """Zoom by ``factor`` (>1: in) keeping the point under ``anchor_x`` in place."""
        view_w = self._plot_width()
        anchor = anchor_x if anchor_x is not None else self._gw + view_w / 2
        rel = max(0.0, anchor - self._gw)
        key = (rel + self.horizontalScrollBar().value()) / self._scale()
        if self._mode is AxisMode.SEQUENCE:
            self._slot_w = min(self.SLOT_MAX, max(self.SLOT_MIN, self._slot_w * factor))
        else:
            self._px_per_s = self._clamp_time_scale(self._px_per_s * factor)
        self._update_scrollbars()
        if self._follow and factor < 1:
            self._scroll_to_end()
        else:
            self._set_hscroll(key * self._scale() - rel)
            if factor > 1 and self._follow and not self._at_end():
                self.set_follow(False)
        self.zoom_changed.emit()
        self.viewport().update()

    def fit(self) -> None:
        """Zoom so the whole session fits the width."""
        extent = self._extent()
        width = max(50.0, self._plot_width() - self._right_margin())
        if extent <= 0:
            return
        if self._mode is AxisMode.SEQUENCE:
            self._slot_w = min(self.SLOT_MAX, max(self.SLOT_MIN, width / extent))
        else:
            self._px_per_s = self._clamp_time_scale(width / extent)
        self._update_scrollbars()
        self._set_hscroll(0)
        self.zoom_changed.emit()
        self.viewport().update()

    def select_item(self, index: int | None) -> None:
        self._selected_item = index
        self._selected_bucket = None
        if index is not None and 0 <= index < len(self.model):
            self.item_selected.emit(self.model.items[index])
        self.viewport().update()

    def content_size(self) -> QSize:
        """The whole diagram's size in pixels (gutter and ruler included)."""
        return QSize(
            int(self._gw + self._content_width()),
            int(self._rh + self._content_height()),
        )

    def render_scene(self, painter: QPainter, width: int, height: int, x_scroll: float) -> None:
        """Paint the diagram into ``painter`` (for exports), from horizontal offset ``x_scroll``."""
        self._paint(painter, QRectF(0, 0, width, height), x_scroll, 0.0, record_hits=False)

    # -- geometry ------------------------------------------------------------------------------

    def _scale(self) -> float:
        return self._slot_w if self._mode is AxisMode.SEQUENCE else self._px_per_s

    def _extent(self) -> float:
        """The axis length in keys (slots, or seconds)."""
        if self._mode is AxisMode.SEQUENCE:
            return float(len(self.model))
        return self.model.duration

    def _content_width(self) -> float:
        return self._extent() * self._scale() + self._right_margin()

    def _right_margin(self) -> float:
        """Room after the last event for its label."""
        return 330 * self._style.scale

    def _content_height(self) -> float:
        return len(self.model.groups()) * self._geo.height + 8

    def _plot_width(self) -> float:
        return max(1.0, self.viewport().width() - self._gw)

    def _clamp_time_scale(self, px_per_s: float) -> float:
        duration = max(self.model.duration, 1e-3)
        top = min(5e8, 1.5e9 / duration)
        return min(top, max(1e-3, px_per_s))

    def _key_of(self, item: TimelineItem) -> float:
        return item.index + 0.5 if self._mode is AxisMode.SEQUENCE else item.t

    def _centre_item(self) -> TimelineItem | None:
        if not len(self.model):
            return None
        key = (self.horizontalScrollBar().value() + self._plot_width() / 2) / self._scale()
        if self._mode is AxisMode.SEQUENCE:
            index = min(len(self.model) - 1, max(0, int(key)))
        else:
            lo, _ = self.model.item_range_for_time(key, math.inf)
            index = min(len(self.model) - 1, lo)
        return self.model.items[index]

    def _update_scrollbars(self) -> None:
        bar = self.horizontalScrollBar()
        span = int(max(0.0, self._content_width() - self._plot_width()))
        self._programmatic = True
        try:
            bar.setRange(0, span)
            bar.setPageStep(int(self._plot_width()))
            bar.setSingleStep(max(1, int(self._plot_width() / 20)))
            vbar = self.verticalScrollBar()
            plot_h = max(1, int(self.viewport().height() - self._rh))
            vbar.setRange(0, int(max(0.0, self._content_height() - plot_h)))
            vbar.setPageStep(plot_h)
            vbar.setSingleStep(int(self._geo.height / 4))
        finally:
            self._programmatic = False

    def _set_hscroll(self, value: float) -> None:
        self._programmatic = True
        try:
            self.horizontalScrollBar().setValue(round(value))
        finally:
            self._programmatic = False

    def _scroll_to_end(self) -> None:
        self._set_hscroll(self.horizontalScrollBar().maximum())

    def _scroll_to_key(self, key: float, *, centre_it: bool) -> None:
        x = key * self._scale() - (self._plot_width() / 2 if centre_it else 0)
        self._set_hscroll(x)

    def _at_end(self) -> bool:
        bar = self.horizontalScrollBar()
        return bar.value() >= bar.maximum() - 2

    # -- events --------------------------------------------------------------------------------

    @Slot(int)
    def _on_hbar_action_triggered(self, _action: int) -> None:
        # The user moved the scroll bar: stop following unless they went to the end.
        bar = self.horizontalScrollBar()
        self._sync_follow_after_user_scroll(bar.sliderPosition() >= bar.maximum() - 2)

    def _sync_follow_after_user_scroll(self, at_end: bool) -> None:
        if self._follow and not at_end:
            self.set_follow(False)
        elif not self._follow and at_end and len(self.model):
            self.set_follow(True)

    @Slot(int)
    def _on_scrolled(self, _value: int) -> None:
        self._hover = None
        self.viewport().update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_scrollbars()
        if self._follow:
            self._scroll_to_end()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.model_changed()

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta()
        mods = event.modifiers()
        if mods & Qt.KeyboardModifier.ControlModifier:
            steps = delta.y() / 120 if delta.y() else delta.x() / 120
            if steps:
                self.zoom(1.25**steps, event.position().x())
            event.accept()
            return
        horizontal = bool(mods & Qt.KeyboardModifier.ShiftModifier) or (
            delta.x() != 0 and abs(delta.x()) > abs(delta.y())
        )
        vbar = self.verticalScrollBar()
        if not horizontal and vbar.maximum() > 0:
            super().wheelEvent(event)
            return
        amount = delta.x() if delta.x() and not mods else (delta.y() or delta.x())
        bar = self.horizontalScrollBar()
        bar.setValue(bar.value() - int(amount / 120 * bar.singleStep() * 3))
        self._sync_follow_after_user_scroll(self._at_end())
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(1.5)
        elif key == Qt.Key.Key_Minus:
            self.zoom(1 / 1.5)
        elif key == Qt.Key.Key_End:
            self.set_follow(True)
        elif key == Qt.Key.Key_Home:
            self._set_hscroll(0)
            self._sync_follow_after_user_scroll(self._at_end())
        else:
            super().keyPressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        hit = self._hit_at(event.position())
        if hit != self._hover:
            self._hover = hit
            self.viewport().setCursor(
                Qt.CursorShape.PointingHandCursor if hit else Qt.CursorShape.ArrowCursor
            )
            self.viewport().update()
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        hit = self._hit_at(event.position())
        if hit is None:
            return
        if hit.item is not None:
            self.select_item(hit.item)
        elif hit.bucket is not None:
            self._selected_item = None
            self._selected_bucket = hit.bucket
            self.bucket_selected.emit(hit.bucket)
            self.viewport().update()

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            hit = self._hit_at(QPointF(event.pos()))
            if hit is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self._tooltip(hit), self.viewport())
            return True
        return super().viewportEvent(event)

    def _hit_at(self, pos: QPointF) -> _Hit | None:
        for hit in reversed(self._hits):
            if hit.rect.contains(pos):
                return hit
        return None

    # -- texts ---------------------------------------------------------------------------------

    def _event_shown(self, event: Event) -> Event:
        return mask_event(event) if self._presenter else event

    def _item_caption(self, item: TimelineItem) -> str:
        """The label drawn next to an item: technical name, then the plain words."""
        label = item.label
        if item.kind in (ItemKind.CALL, ItemKind.CALLBACK) and not item.routine:
            label = mask_text(label) if self._presenter else label
        if item.explanation and item.kind in (ItemKind.LISTENER, ItemKind.CLOSE_FRAME):
            return f"{label} — {translate_explanation(item.explanation)}"
        return label

    def _tooltip(self, hit: _Hit) -> str:
        if hit.item is not None:
            return self.item_tooltip(self.model.items[hit.item])
        if hit.bucket is not None:
            return html.escape(self.bucket_text(hit.bucket)).replace("\n", "<br>")
        if hit.band is not None:
            _task_id, band = hit.band
            end = band.end if band.end is not None else self.model.duration
            return f"<b>{html.escape(_state_hint(band.state))}</b><br>" + html.escape(
                self.tr("{0} to {1} ({2})").format(
                    _fmt_offset(band.start), _fmt_offset(end), _fmt_span(end - band.start)
                )
            )
        return ""

    def item_tooltip(self, item: TimelineItem) -> str:
        event = self._event_shown(item.event)
        lines = [f"<b>{html.escape(self._item_caption(item))}</b>"]
        who = self._group_title(item.task_id)
        lines.append(html.escape(f"{who} · {_fmt_offset(item.t)} · {_wall(event.time)}"))
        if item.explanation:
            lines.append(f"<i>{html.escape(translate_explanation(item.explanation))}</i>")
        if item.kind is ItemKind.HANDSHAKE:
            lines.append(html.escape(self.handshake_text(item)))
        body = detail_text(event)
        if len(body) > 700:
            body = body[:700] + "\n…"
        lines.append(
            "<pre style='margin:0'>" + html.escape(body) + "</pre>"
            f"<span style='color:#6c757d'>{html.escape(self.tr('Click for the full payload.'))}</span>"
        )
        return "<br>".join(lines)

    def handshake_text(self, item: TimelineItem) -> str:
        profile = getattr(item.event, "profile", None)
        if profile is None:
            return ""
        return self.tr(
            "DNS {0:.1f} ms · TCP {1:.1f} ms · TLS {2:.1f} ms · handshake {3:.1f} ms"
        ).format(profile.dns_ms, profile.tcp_ms, profile.tls_ms, profile.handshake_ms)

    def bucket_text(self, bucket: Bucket) -> str:
        what = {
            Track.CALLS: self.tr("send() calls"),
            Track.CALLBACKS: self.tr("callbacks and onMessage"),
            Track.OUT: self.tr("frames sent"),
            Track.IN: self.tr("frames received"),
        }.get(bucket.track, self.tr("events"))
        first = self.model.items[bucket.first]
        last = self.model.items[bucket.last]
        text = self.tr("{0} {1} folded together ({2} to {3})").format(
            bucket.count, what, _fmt_offset(first.t), _fmt_offset(last.t)
        )
        if bucket.bytes:
            text += "\n" + self.tr("{0} bytes in all").format(bucket.bytes)
        return text + "\n" + self.tr("Zoom in (Ctrl + wheel) to see each one.")

    def _gutter_title(self, task_id: int | None) -> str:
        if task_id is None:
            return self.tr("runtime")
        return self.tr("Task #{0}").format(task_id)

    def _group_title(self, task_id: int | None) -> str:
        if task_id is None:
            return self.tr("runtime")
        return self.tr("SocketTask #{0}").format(task_id)

    # -- painting ------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        started = time.perf_counter()
        painter = QPainter(self.viewport())
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            rect = QRectF(self.viewport().rect())
            self._paint(
                painter,
                rect,
                float(self.horizontalScrollBar().value()),
                float(self.verticalScrollBar().value()),
                record_hits=True,
            )
        finally:
            painter.end()
        self._last_paint_ms = (time.perf_counter() - started) * 1000

    def _paint(
        self,
        p: QPainter,
        rect: QRectF,
        x_scroll: float,
        y_scroll: float,
        *,
        record_hits: bool,
    ) -> None:
        st = self._style
        hits: list[_Hit] = []
        p.fillRect(rect, st.background)
        base_font = QFont(self.font())
        base_font.setPointSizeF(max(6.0, base_font.pointSizeF() * 0.92 * st.scale))
        p.setFont(base_font)
        if not len(self.model):
            self._paint_empty(p, rect)
            if record_hits:
                self._hits = hits
            return
        scale = self._scale()
        plot_left = self._gw
        margin = 40.0  # pixels beyond each edge, so arrows and bars enter smoothly
        k0 = (x_scroll - margin) / scale
        k1 = (x_scroll + rect.width() - plot_left + margin) / scale

        def x_of(key: float) -> float:
            return plot_left + key * scale - x_scroll

        groups = self.model.groups()
        geo = self._geo
        tops: dict[int | None, float] = {}
        for n, group in enumerate(groups):
            top = self._rh + n * geo.height - y_scroll
            if top + geo.height < self._rh or top > rect.height():
                continue
            tops[group.task_id] = top
        p.save()
        p.setClipRect(QRectF(plot_left, self._rh, rect.width() - plot_left, rect.height()))
        for n, group in enumerate(groups):
            if group.task_id in tops:
                top = tops[group.task_id]
                if n % 2:
                    p.fillRect(QRectF(0, top, rect.width(), geo.height), st.stripe)
                self._paint_lanes(p, group, top, x_of, k0, k1, rect, hits)
        self._paint_gaps(p, rect, x_of, k0, k1)
        self._paint_items(p, tops, x_of, k0, k1, scale, hits)
        p.restore()
        self._paint_gutter(p, groups, tops, rect)
        self._paint_ruler(p, rect, x_of, k0, k1, scale)
        if record_hits:
            self._hits = hits

    def _paint_empty(self, p: QPainter, rect: QRectF) -> None:
        p.setPen(self._style.faint)
        p.drawText(
            rect.adjusted(24, 24, -24, -24),
            Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
            self.tr(
                "The timeline draws itself as soon as a SocketTask is created: "
                "calls, callbacks, the handshake, every frame and the close."
            ),
        )

    def _band_keys(self, band: StateBand) -> tuple[float, float | None]:
        if self._mode is AxisMode.SEQUENCE:
            end = float(band.end_slot) if band.end_slot is not None else None
            return float(band.start_slot), end
        return band.start, band.end

    def _paint_lanes(
        self,
        p: QPainter,
        group: TaskGroup,
        top: float,
        x_of: _XOf,
        k0: float,
        k1: float,
        rect: QRectF,
        hits: list[_Hit],
    ) -> None:
        st, geo = self._style, self._geo
        color = QColor(group.color)
        start_key = float(group.first_slot) if self._mode is AxisMode.SEQUENCE else group.first_t
        x_start = max(x_of(start_key), self._gw - 4)
        x_end = rect.width()
        # The group's header line: colour rule across the plot.
        header_pen = QPen(color, 2 * st.scale)
        p.setPen(header_pen)
        p.drawLine(QPointF(self._gw, top + 3), QPointF(rect.width(), top + 3))
        # Page and server lifelines.
        lane_pen = QPen(st.lane, 1.2 * st.scale)
        p.setPen(lane_pen)
        for lane_y in (geo.page, geo.server):
            p.drawLine(QPointF(x_start, top + lane_y), QPointF(x_end, top + lane_y))
        # The SocketTask lane: a thin line, then the state bands on it.
        end_key = self.model.duration if self._mode is AxisMode.TIME else float(len(self.model))
        task_end = x_end
        if group.state is ReadyState.CLOSED and group.bands:
            last_end = self._band_keys(group.bands[-1])[1]
            task_end = x_of(last_end if last_end is not None else end_key)
        if group.task_id is not None:
            pen = QPen(color, 1.2 * st.scale)
            p.setPen(pen)
            p.drawLine(QPointF(x_start, top + geo.task), QPointF(task_end, top + geo.task))
        band_h = geo.band
        metrics = QFontMetricsF(p.font())
        for band in group.bands:
            b0, b1 = self._band_keys(band)
            b1 = b1 if b1 is not None else end_key
            if b1 < k0 or b0 > k1:
                continue
            x0, x1 = x_of(b0), max(x_of(b1), x_of(b0) + 2)
            band_rect = QRectF(x0, top + geo.task - band_h / 2, x1 - x0, band_h)
            fill = QColor(_STATE_COLORS[band.state])
            fill.setAlpha(st.band_alpha)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(fill)
            p.drawRoundedRect(band_rect, 3, 3)
            hits.append(_Hit(band_rect, band=(group.task_id, band)))
            name = band.state.name
            visible = band_rect.intersected(
                QRectF(self._gw, band_rect.top(), rect.width() - self._gw, band_h)
            )
            if visible.width() > metrics.horizontalAdvance(name) + 10:
                p.setPen(QColor("#1b1e21"))
                p.drawText(visible, Qt.AlignmentFlag.AlignCenter, name)
        if group.state is ReadyState.CLOSED and group.task_id is not None:
            # The end of the task's life: a bar, then the state.
            p.setPen(QPen(st.faint, 2 * st.scale))
            y = top + geo.task
            p.drawLine(QPointF(task_end, y - band_h / 2), QPointF(task_end, y + band_h / 2))
            p.setPen(st.faint)
            p.drawText(QPointF(task_end + 5, y + metrics.ascent() / 2 - 1), "CLOSED")

    def _paint_gaps(self, p: QPainter, rect: QRectF, x_of: _XOf, k0: float, k1: float) -> None:
        """Sequence axis: mark long idle gaps between consecutive events."""
        if self._mode is not AxisMode.SEQUENCE or self._slot_w < 12:
            return
        items = self.model.items
        lo = max(1, int(k0))
        hi = min(len(items), int(k1) + 1)
        threshold = 0.25
        pen = QPen(self._style.faint, 1, Qt.PenStyle.DashLine)
        for i in range(lo, hi):
            gap = items[i].t - items[i - 1].t
            if gap >= threshold:
                x = x_of(float(i))
                p.setPen(pen)
                p.drawLine(QPointF(x, self._rh), QPointF(x, rect.height()))

    def _paint_items(
        self,
        p: QPainter,
        tops: dict[int | None, float],
        x_of: _XOf,
        k0: float,
        k1: float,
        scale: float,
        hits: list[_Hit],
    ) -> None:
        if not tops:
            return
        model = self.model
        if self._mode is AxisMode.SEQUENCE:
            s0, s1 = max(0, math.floor(k0)), max(0, math.ceil(k1))
            bucket_slots = max(1, math.ceil(_MIN_BUCKET_PX / scale))
            buckets = model.aggregate_slots(s0, s1, bucket_slots)
            milestones = model.milestones_slots(s0, s1)
        else:
            bucket_ms = _MIN_BUCKET_PX / scale * 1000
            buckets = model.aggregate(max(0.0, k0), k1, bucket_ms)
            milestones = model.milestones(max(0.0, k0) - 1.0, k1)
        singles: list[TimelineItem] = []
        folded: list[Bucket] = []
        for bucket in buckets:
            if bucket.task_id not in tops:
                continue
            if bucket.count == 1:
                singles.append(model.items[bucket.first])
            else:
                folded.append(bucket)
        self._paint_buckets(p, folded, tops, x_of, hits)
        shown = [item for item in milestones if item.task_id in tops]
        for item in singles + shown:  # milestones last: drawn on top
            self._paint_item(p, item, tops[item.task_id], x_of, hits)
        self._paint_failures(p, tops, x_of, k0, k1)
        # Labels after every shape, milestones first: they get the room when it is short.
        packers: dict[tuple[int | None, int], _RowPacker] = {}
        budget = _MAX_LABELS
        # Outcomes (explained closes, errors) first, then the other milestones.
        ranked = sorted(shown, key=lambda i: (not (i.explanation or i.tone is Tone.ERROR), i.index))
        for item in ranked + singles:
            if budget <= 0:
                break
            if self._paint_label(p, item, tops[item.task_id], x_of, packers, hits):
                budget -= 1

    def _track_y(self, track: Track, top: float) -> tuple[float, float]:
        geo = self._geo
        half = geo.band / 2 + 1
        if track is Track.CALLS:
            return top + geo.page + 2, top + geo.task - half
        if track is Track.CALLBACKS:
            return top + geo.task - half, top + geo.page + 2
        if track is Track.OUT:
            return top + geo.task + half, top + geo.server - 2
        if track is Track.IN:
            return top + geo.server - 2, top + geo.task + half
        lane_y = top + (geo.page if track is Track.PAGE_MARK else geo.task)
        return lane_y, lane_y

    def _bucket_band(self, track: Track, top: float) -> tuple[float, float]:
        """The vertical extent of folded bars: each track gets half of its gap."""
        geo = self._geo
        half = geo.band / 2 + 1
        upper_mid = top + (geo.page + geo.task) / 2
        lower_mid = top + (geo.task + geo.server) / 2
        if track is Track.CALLS:
            return top + geo.page + 2, upper_mid - 1
        if track is Track.CALLBACKS:
            return upper_mid + 1, top + geo.task - half
        if track is Track.OUT:
            return top + geo.task + half, lower_mid - 1
        if track is Track.IN:
            return lower_mid + 1, top + geo.server - 2
        y = top + (geo.page if track is Track.PAGE_MARK else geo.task)
        return y - 4, y + 4

    def _label_rows(self, track: Track, top: float) -> list[tuple[int, float]]:
        """Candidate label rows (id, baseline-centre y) for a track, in preference order."""
        geo = self._geo
        upper = (geo.task - geo.page) / 3
        lower = (geo.server - geo.task) / 3
        rows_upper = [(0, top + geo.page + upper * 1), (1, top + geo.page + upper * 2)]
        rows_lower = [(2, top + geo.task + lower * 1), (3, top + geo.task + lower * 2)]
        if track is Track.CALLS or track is Track.PAGE_MARK:
            return rows_upper
        if track is Track.CALLBACKS:
            return rows_upper[::-1]
        if track is Track.OUT or track is Track.TASK_MARK:
            return rows_lower
        return rows_lower[::-1]

    def _item_color(self, item: TimelineItem) -> QColor:
        if item.tone is Tone.NORMAL:
            return QColor(task_color(item.task_id))
        return QColor(_TONE_COLORS[item.tone])

    def _paint_item(
        self, p: QPainter, item: TimelineItem, top: float, x_of: _XOf, hits: list[_Hit]
    ) -> None:
        st = self._style
        x = x_of(self._key_of(item))
        color = self._item_color(item)
        y0, y1 = self._track_y(item.track, top)
        selected = item.index == self._selected_item
        hovered = self._hover is not None and self._hover.item == item.index
        width = st.line_width * (1.8 if item.kind is ItemKind.CLOSE_FRAME else 1.0)
        if selected or hovered:
            glow = QColor(color)
            glow.setAlpha(60)
            p.setPen(QPen(glow, 9 * st.scale, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            p.drawLine(QPointF(x, y0), QPointF(x, y1))
        if item.kind is ItemKind.HANDSHAKE:
            self._paint_handshake(p, item, top, x, x_of, color)
        if item.track in (Track.PAGE_MARK, Track.TASK_MARK):
            self._paint_mark(p, x, y0, color, item.tone)
            hit_rect = QRectF(x - 7, y0 - 8, 14, 16)
        else:
            pen = QPen(color, width)
            if item.kind is ItemKind.CALLBACK and item.routine:
                pen.setStyle(Qt.PenStyle.DotLine)
            p.setPen(pen)
            _arrow(p, x, y0, y1, color, width, 5.5 * st.scale)
            if item.kind is ItemKind.CLOSE_FRAME:
                mid = (y0 + y1) / 2
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(color)
                p.drawRect(
                    QRectF(x - 3.5 * st.scale, mid - 3.5 * st.scale, 7 * st.scale, 7 * st.scale)
                )
            hit_rect = QRectF(x - 6, min(y0, y1), 12, abs(y1 - y0))
        hits.append(_Hit(hit_rect, item=item.index))

    def _paint_label(
        self,
        p: QPainter,
        item: TimelineItem,
        top: float,
        x_of: _XOf,
        packers: dict[tuple[int | None, int], _RowPacker],
        hits: list[_Hit],
    ) -> bool:
        """Draw the item's caption in the first free label row; False if none had room."""
        st = self._style
        x = x_of(self._key_of(item))
        color = self._item_color(item)
        caption = self._item_caption(item)
        metrics = QFontMetricsF(p.font())
        max_w = (300 if not item.routine else 170) * st.scale
        text = metrics.elidedText(caption, Qt.TextElideMode.ElideRight, max_w)
        text_w = metrics.horizontalAdvance(text)
        x0 = x + 4
        for row_id, y in self._label_rows(item.track, top):
            packer = packers.setdefault((item.task_id, row_id), _RowPacker())
            if packer.fits(x0 - 1, x0 + text_w + 6):
                packer.take(x0 - 1, x0 + text_w + 6)
                label_rect = QRectF(x0, y - metrics.height() / 2, text_w + 2, metrics.height())
                back = QColor(st.background)
                back.setAlpha(200)
                p.fillRect(label_rect, back)
                p.setPen(color if item.tone is not Tone.NORMAL else st.text)
                p.drawText(
                    label_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text
                )
                hits.append(_Hit(label_rect, item=item.index))
                return True
        return False

    def _paint_mark(self, p: QPainter, x: float, y: float, color: QColor, tone: Tone) -> None:
        r = 5 * self._style.scale
        p.setPen(QPen(QColor("#ffffff"), 1.5))
        p.setBrush(color)
        path = QPainterPath()
        path.moveTo(x, y - r)
        path.lineTo(x + r, y)
        path.lineTo(x, y + r)
        path.lineTo(x - r, y)
        path.closeSubpath()
        p.drawPath(path)

    def _paint_handshake(
        self, p: QPainter, item: TimelineItem, top: float, x: float, x_of: _XOf, color: QColor
    ) -> None:
        """The handshake's phases as a stacked bar in the SocketTask ↔ server gap."""
        profile = getattr(item.event, "profile", None)
        if profile is None or profile.total_ms <= 0:
            return
        geo, st = self._geo, self._style
        y = top + geo.server - 9 * st.scale
        h = 6 * st.scale
        if self._mode is AxisMode.TIME and item.span is not None:
            x0, x1 = x_of(item.span[0]), x
        else:
            x1 = x
            x0 = x - min(self._slot_w * 0.9, 60 * st.scale)
        if x1 - x0 < 3:
            return
        parts = (
            (profile.dns_ms, "#74c0fc"),
            (profile.tcp_ms, "#4dabf7"),
            (profile.tls_ms, "#9775fa"),
            (profile.handshake_ms, "#51cf66"),
        )
        total = sum(ms for ms, _ in parts) or 1.0
        cursor = x0
        p.setPen(Qt.PenStyle.NoPen)
        for ms, colour in parts:
            w = (x1 - x0) * ms / total
            if w <= 0:
                continue
            p.setBrush(QColor(colour))
            p.drawRect(QRectF(cursor, y, w, h))
            cursor += w

    def _paint_buckets(
        self,
        p: QPainter,
        buckets: Sequence[Bucket],
        tops: dict[int | None, float],
        x_of: _XOf,
        hits: list[_Hit],
    ) -> None:
        """Folded routine items as bars, darker when denser; drawn in a few batched calls."""
        if not buckets:
            return
        st = self._style
        by_colour: dict[tuple[int | None, int], list[QRectF]] = {}
        labelled: list[tuple[QRectF, str]] = []
        outlined: list[QRectF] = []
        hover = self._hover.bucket if self._hover is not None else None
        min_label_w = 22 * st.scale
        for bucket in buckets:
            top = tops[bucket.task_id]
            x0, x1 = x_of(bucket.start), x_of(bucket.end)  # the whole grid cell
            x1 = max(x1, x0 + 2)
            ya, yb = self._bucket_band(bucket.track, top)
            rect = QRectF(x0, ya, x1 - x0, yb - ya)
            # Denser buckets are darker: one of six levels by log2(count).
            level = min(5, int(math.log2(bucket.count)) // 2)
            by_colour.setdefault((bucket.task_id, level), []).append(rect)
            hits.append(_Hit(rect.adjusted(-1, 0, 1, 0), bucket=bucket))
            if x1 - x0 > min_label_w:
                arrow = "↓" if bucket.track in (Track.CALLS, Track.OUT) else "↑"
                labelled.append((rect, f"{arrow} ×{bucket.count}"))
            if bucket == self._selected_bucket or bucket == hover:
                outlined.append(rect)
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.setPen(Qt.PenStyle.NoPen)
        for (task_id, level), rects in by_colour.items():
            key = (task_id, level)
            color = self._bucket_colors.get(key)
            if color is None:
                color = QColor(task_color(task_id))
                color.setAlpha(min(235, 80 + 30 * level))
                self._bucket_colors[key] = color
            p.setBrush(color)
            p.drawRects(rects)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(st.text, 1.5))
        for rect in outlined:
            p.drawRect(rect)
        metrics = QFontMetricsF(p.font())
        p.setPen(QColor("#ffffff"))
        for rect, label in labelled:
            if rect.width() > metrics.horizontalAdvance(label) + 6:
                p.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
        p.restore()

    def _paint_failures(
        self, p: QPainter, tops: dict[int | None, float], x_of: _XOf, k0: float, k1: float
    ) -> None:
        """A red cross on the server lane where a task failed (TLS, refused, dropped…)."""
        geo, st = self._geo, self._style
        for group in self.model.groups():
            if group.task_id not in tops or group.error is None:
                continue
            item = self._error_item(group)
            if item is None:
                continue
            key = self._key_of(item)
            if not k0 <= key <= k1:
                continue
            top = tops[group.task_id]
            x = x_of(key)
            red = QColor(_TONE_COLORS[Tone.ERROR])
            pen = QPen(red, st.line_width, Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.drawLine(QPointF(x, top + geo.task + geo.band / 2), QPointF(x, top + geo.server))
            r = 5 * st.scale
            p.setPen(QPen(red, 2.4 * st.scale))
            cy = top + geo.server
            p.drawLine(QPointF(x - r, cy - r), QPointF(x + r, cy + r))
            p.drawLine(QPointF(x - r, cy + r), QPointF(x + r, cy - r))
            text = self.tr("connection broken") if group.handshake else self.tr("connection failed")
            p.setPen(red)
            metrics = QFontMetricsF(p.font())
            p.drawText(QPointF(x + r + 3, cy + r + metrics.ascent() - 2), text)

    def _error_item(self, group: TaskGroup) -> TimelineItem | None:
        # onError is a milestone: no need to walk (and build) the routine items.
        for item in reversed(self.model.milestones(-math.inf, math.inf)):
            if item.task_id == group.task_id and item.label == "onError":
                return item
        return None

    def _paint_gutter(
        self,
        p: QPainter,
        groups: Sequence[TaskGroup],
        tops: dict[int | None, float],
        rect: QRectF,
    ) -> None:
        st, geo = self._style, self._geo
        gutter = QRectF(0, self._rh, self._gw, rect.height() - self._rh)
        p.fillRect(gutter, st.ruler_bg)
        p.setPen(QPen(st.lane, 1))
        p.drawLine(QPointF(self._gw, self._rh), QPointF(self._gw, rect.height()))
        metrics = QFontMetricsF(p.font())
        plain = QFont(p.font())
        bold = QFont(plain)
        bold.setBold(True)
        p.save()
        p.setClipRect(gutter)
        for group in groups:
            if group.task_id not in tops:
                continue
            top = tops[group.task_id]
            color = QColor(group.color)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(color)
            p.drawRoundedRect(QRectF(6, top + 6, 6, geo.height - 12), 3, 3)
            p.setFont(bold)
            p.setPen(color)
            p.drawText(
                QRectF(18, top + 4, self._gw - 22, geo.header - 4),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                QFontMetricsF(bold).elidedText(
                    self._gutter_title(group.task_id), Qt.TextElideMode.ElideRight, self._gw - 22
                ),
            )
            p.setFont(plain)
            p.setPen(st.faint)
            for lane, name in (
                (Lane.PAGE, self.tr("page")),
                (Lane.TASK, self.tr("SocketTask")),
                (Lane.SERVER, self.tr("server")),
            ):
                y = top + geo.lane_y(lane)
                p.drawText(
                    QRectF(18, y - metrics.height() / 2, self._gw - 24, metrics.height()),
                    Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                    name,
                )
        p.restore()
        # Group headers over the plot: URL and outcome.
        p.save()
        p.setClipRect(QRectF(self._gw, self._rh, rect.width() - self._gw, rect.height()))
        for group in groups:
            if group.task_id not in tops:
                continue
            top = tops[group.task_id]
            text = self._group_summary(group)
            p.setPen(st.faint)
            p.drawText(
                QRectF(self._gw + 8, top + 5, rect.width() - self._gw - 16, geo.header - 4),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                metrics.elidedText(
                    text, Qt.TextElideMode.ElideMiddle, rect.width() - self._gw - 16
                ),
            )
        p.restore()

    def _group_summary(self, group: TaskGroup) -> str:
        parts: list[str] = []
        if group.url:
            parts.append(mask_text(group.url) if self._presenter else group.url)
        if group.state is not None:
            state = group.state.name
            if group.state is ReadyState.CLOSED and group.close_code is not None:
                state += f" {group.close_code}"
            parts.append(state)
        explanation = group.error_explanation or group.close_explanation
        if explanation and group.state is ReadyState.CLOSED:
            parts.append(translate_explanation(explanation))
        if group.frames_in or group.frames_out:
            parts.append(self.tr("{0} in / {1} out").format(group.frames_in, group.frames_out))
        return "  ·  ".join(parts)

    def _paint_ruler(
        self, p: QPainter, rect: QRectF, x_of: _XOf, k0: float, k1: float, scale: float
    ) -> None:
        st = self._style
        ruler = QRectF(0, 0, rect.width(), self._rh)
        p.fillRect(ruler, st.ruler_bg)
        p.setPen(QPen(st.lane, 1))
        p.drawLine(QPointF(0, self._rh), QPointF(rect.width(), self._rh))
        metrics = QFontMetricsF(p.font())
        p.setPen(st.faint)
        mode_text = self.tr("events →") if self._mode is AxisMode.SEQUENCE else self.tr("time →")
        p.drawText(
            QRectF(8, 0, self._gw - 12, self._rh),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            mode_text,
        )
        p.save()
        p.setClipRect(QRectF(self._gw, 0, rect.width() - self._gw, self._rh))
        items = self.model.items
        spacing = 120 * st.scale
        if self._mode is AxisMode.SEQUENCE:
            step = _nice_step(spacing / scale, integer=True)
            k = float(max(0, int(k0 // step * step)))
            while k <= k1 and k < len(items):
                x = x_of(k + 0.5)
                p.setPen(QPen(st.lane, 1))
                p.drawLine(QPointF(x, self._rh - 6), QPointF(x, self._rh))
                p.setPen(st.faint)
                p.drawText(QPointF(x + 3, self._rh - 9), _fmt_offset(items[int(k)].t))
                k += step
            # Idle gaps: how long nothing happened.
            if self._slot_w >= 12:
                for i in range(max(1, int(k0)), min(len(items), int(k1) + 1)):
                    gap = items[i].t - items[i - 1].t
                    if gap >= 0.25:
                        x = x_of(float(i))
                        label = f"⋯ {_fmt_span(gap)}"
                        w = metrics.horizontalAdvance(label) + 6
                        box = QRectF(x - w / 2, 2, w, metrics.height())
                        p.fillRect(box, st.ruler_bg)
                        p.setPen(st.text)
                        p.drawText(box, Qt.AlignmentFlag.AlignCenter, label)
        else:
            step = _nice_step(spacing / scale, integer=False)
            t = math.floor(max(0.0, k0) / step) * step
            while t <= k1:
                x = x_of(t)
                p.setPen(QPen(st.lane, 1))
                p.drawLine(QPointF(x, self._rh - 6), QPointF(x, self._rh))
                p.setPen(st.faint)
                p.drawText(QPointF(x + 3, self._rh - 9), _fmt_offset(t))
                t += step
        p.restore()


def _nice_step(minimum: float, *, integer: bool) -> float:
    """The smallest 1-2-5 × 10ⁿ step not below ``minimum`` (at least 1 for integers)."""
    if minimum <= 0:
        return 1.0
    exp = math.floor(math.log10(minimum))
    for base in (1, 2, 5, 10):
        step = base * 10.0**exp
        if step >= minimum:
            return max(1.0, step) if integer else step
    return 10.0 ** (exp + 1)  # pragma: no cover - the loop always returns


def _arrow(
    p: QPainter, x: float, y0: float, y1: float, color: QColor, width: float, head: float
) -> None:
    """A vertical arrow from ``y0`` to ``y1`` with a filled head at ``y1``."""
    if abs(y1 - y0) < 1:
        return
    direction = 1.0 if y1 > y0 else -1.0
    p.drawLine(QPointF(x, y0), QPointF(x, y1 - direction * head * 0.8))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(color)
    p.drawPolygon(
        QPolygonF(
            [
                QPointF(x, y1),
                QPointF(x - head * 0.6, y1 - direction * head),
                QPointF(x + head * 0.6, y1 - direction * head),
            ]
        )
    )


# -- the task strip ---------------------------------------------------------------------------


class _CapMeter(QWidget):
    """``cap`` little boxes, ``used`` of them filled: the socket cap at a glance."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.used = 0
        self.cap = MAX_SOCKETS
        self.setFixedHeight(14)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._resize()

    def set_values(self, used: int, cap: int) -> None:
        self.used, self.cap = used, cap
        self._resize()
        self.update()

    def _resize(self) -> None:
        self.setFixedWidth(max(1, self.cap) * 14)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        try:
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            full = self.used >= self.cap
            fill = QColor(
                "#e03131" if full else ("#f08c00" if self.used >= self.cap - 1 else "#2fb344")
            )
            for i in range(self.cap):
                rect = QRectF(i * 14 + 1, 1, 11, 12)
                p.setPen(QPen(QColor("#adb5bd"), 1))
                p.setBrush(fill if i < self.used else QColor("#ffffff"))
                p.drawRoundedRect(rect, 2, 2)
        finally:
            p.end()


class _TaskChip(QFrame):
    """One task: colour dot, ``#id STATE``, and a close button while it is alive."""

    def __init__(self, task_id: int, strip: TaskStrip) -> None:
        super().__init__(strip)
        self.task_id = task_id
        self.setObjectName(f"task_chip_{task_id}")
        self.state: ReadyState | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 1, 2, 1)
        layout.setSpacing(4)
        self.dot = QLabel(self)
        self.dot.setPixmap(_dot_pixmap(task_color(task_id), 10))
        self.text = QLabel(self)
        self.close_button = QToolButton(self)
        self.close_button.setObjectName(f"task_chip_close_{task_id}")
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self._on_close_button_clicked)
        self._strip = strip
        layout.addWidget(self.dot)
        layout.addWidget(self.text)
        layout.addWidget(self.close_button)
        color = task_color(task_id)
        self.setStyleSheet(
            f"#task_chip_{task_id} {{ border: 1px solid {color}; border-radius: 9px; "
            "background: #ffffff; }"
        )

    def set_state(self, state: ReadyState | None, read_only: bool) -> None:
        self.state = state
        name = state.name if state is not None else "—"
        self.text.setText(f"#{self.task_id} {name}")
        alive = state in (ReadyState.CONNECTING, ReadyState.OPEN, ReadyState.CLOSING)
        self.close_button.setVisible(alive and not read_only)
        self.close_button.setEnabled(state is ReadyState.OPEN)
        self.close_button.setToolTip(
            QCoreApplication.translate("TaskStrip", "Close SocketTask #{0}").format(self.task_id)
        )
        self.setToolTip(
            QCoreApplication.translate("TaskStrip", "SocketTask #{0}").format(self.task_id)
            + (" · " + _state_hint(state) if state is not None else "")
        )
        self.text.setStyleSheet("color: #868e96;" if state is ReadyState.CLOSED else "")

    @Slot()
    def _on_close_button_clicked(self) -> None:
        self._strip.close_task_requested.emit(self.task_id)


def _dot_pixmap(color: str, size: int) -> QPixmap:
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    try:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(color))
        p.drawEllipse(QRectF(0.5, 0.5, size - 1, size - 1))
    finally:
        p.end()
    return pix


class TaskStrip(QWidget):
    """Per-task colour chips with state, the socket count against the cap, "close all".

    Fed by :meth:`append_events`. Signals: ``close_all_requested()`` and
    ``close_task_requested(int)`` (the task id); the main window wires them.
    """

    close_all_requested = Signal()
    close_task_requested = Signal(int)

    MAX_CLOSED_CHIPS: Final = 3

    def __init__(self, cap: int = MAX_SOCKETS, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("task_strip")
        self._cap = cap
        self._states: dict[int, ReadyState | None] = {}
        self._chips: dict[int, _TaskChip] = {}
        self._read_only = False
        self._presenter = False
        self._setup_ui()
        self._retranslate()
        self._refresh()

    def _setup_ui(self) -> None:
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(8)
        self.cap_label = QLabel(self)
        self.cap_label.setObjectName("task_strip_cap_label")
        self.cap_meter = _CapMeter(self)
        self.cap_meter.setObjectName("task_strip_cap_meter")
        self._chip_box = QHBoxLayout()
        self._chip_box.setSpacing(6)
        self.close_all_button = QPushButton(self)
        self.close_all_button.setObjectName("task_strip_close_all")
        self.close_all_button.clicked.connect(self.close_all_requested)
        layout.addWidget(self.cap_label)
        layout.addWidget(self.cap_meter)
        layout.addSpacing(6)
        layout.addLayout(self._chip_box)
        layout.addStretch(1)
        layout.addWidget(self.close_all_button)

    def _retranslate(self) -> None:
        self.close_all_button.setText(self.tr("Close all"))
        self.close_all_button.setToolTip(self.tr("Close every SocketTask that is open"))
        self._refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    # -- public --------------------------------------------------------------------------------

    @property
    def cap(self) -> int:
        return self._cap

    def active_count(self) -> int:
        return sum(
            1
            for state in self._states.values()
            if state in (ReadyState.CONNECTING, ReadyState.OPEN, ReadyState.CLOSING)
        )

    def states(self) -> dict[int, ReadyState | None]:
        return dict(self._states)

    def chip_ids(self) -> list[int]:
        """Task ids with a visible chip, in order."""
        return list(self._chips)

    def set_cap(self, cap: int) -> None:
        self._cap = max(1, cap)
        self._refresh()

    def set_presenter(self, on: bool) -> None:
        self._presenter = on
        font = QFont(self.font())
        base = _base_point_size()
        font.setPointSizeF(base * (1.3 if on else 1.0))
        self.setFont(font)

    @Slot(list)
    def append_events(self, events: Sequence[Event]) -> None:
        changed = False
        for event in notable_events(events):
            task_id = event.task_id
            if task_id is None:
                continue
            if isinstance(event, ApiCalled) and event.api == "connectSocket":
                self._states.setdefault(task_id, None)
                changed = True
            elif isinstance(event, StateChanged):
                self._states[task_id] = event.new
                changed = True
        if changed:
            self._refresh()

    def clear(self) -> None:
        self._states.clear()
        self._read_only = False
        self._refresh()

    def load_events(self, events: Iterable[Event]) -> None:
        """Show a saved session's tasks, read-only (no close buttons)."""
        self._states.clear()
        self._read_only = True
        self.append_events(list(events))
        self._refresh()

    # -- internals -----------------------------------------------------------------------------

    def _visible_ids(self) -> list[int]:
        alive = [i for i, s in self._states.items() if s is not ReadyState.CLOSED]
        closed = [i for i, s in self._states.items() if s is ReadyState.CLOSED]
        keep = set(alive) | set(closed[-self.MAX_CLOSED_CHIPS :])
        return [i for i in self._states if i in keep]

    def _refresh(self) -> None:
        used = self.active_count()
        self.cap_meter.set_values(used, self._cap)
        text = self.tr("Sockets {0} / {1}").format(used, self._cap)
        self.cap_label.setText(text)
        if used >= self._cap:
            self.cap_label.setToolTip(
                self.tr("The limit is reached: another connectSocket will fail until one closes.")
            )
            self.cap_label.setStyleSheet("color: #e03131; font-weight: 600;")
        else:
            self.cap_label.setToolTip(
                self.tr(
                    "SocketTasks connecting, open or closing, against the limit of {0}."
                ).format(self._cap)
            )
            self.cap_label.setStyleSheet("")
        wanted = self._visible_ids()
        for task_id in list(self._chips):
            if task_id not in wanted:
                gone = self._chips.pop(task_id)
                self._chip_box.removeWidget(gone)
                gone.deleteLater()
        for position, task_id in enumerate(wanted):
            chip = self._chips.get(task_id)
            if chip is None:
                chip = _TaskChip(task_id, self)
                self._chips[task_id] = chip
                self._chip_box.insertWidget(position, chip)
                chip.show()
            chip.set_state(self._states[task_id], self._read_only)
        self._chips = {task_id: self._chips[task_id] for task_id in wanted}
        self.close_all_button.setVisible(not self._read_only)
        self.close_all_button.setEnabled(used > 0)


def _base_point_size() -> float:
    """The application's base point size (a widget's own font may be scaled)."""
    size = QApplication.font().pointSizeF()
    return size if size > 0 else 10.0


# -- the view ---------------------------------------------------------------------------------


class TimelineView(QWidget):
    """The timeline panel: task strip, toolbar, canvas and the detail pane.

    Feed it with :meth:`append_events` (the bridge's batched ``events`` signal),
    reset with :meth:`clear`, replay a saved session with :meth:`load_events`.
    ``item_selected(TimelineItem)`` is emitted when an event is clicked.
    """

    item_selected = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, cap: int = MAX_SOCKETS) -> None:
        super().__init__(parent)
        self.setObjectName("timeline_view")
        self.live_model = TimelineModel(cap)
        self._replay_model: TimelineModel | None = None
        self._live_follow = True
        self._read_only = False
        self._presenter = False
        self._selected: TimelineItem | None = None
        self._setup_ui()
        self._retranslate()

    def _setup_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.task_strip = TaskStrip(self.live_model.cap, self)
        layout.addWidget(self.task_strip)

        bar = QWidget(self)
        bar.setObjectName("timeline_toolbar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(8, 2, 8, 2)
        row.setSpacing(6)
        self.mode_combo = QComboBox(bar)
        self.mode_combo.setObjectName("timeline_mode")
        self.mode_combo.addItem("", AxisMode.SEQUENCE)
        self.mode_combo.addItem("", AxisMode.TIME)
        self.mode_combo.currentIndexChanged.connect(self._on_mode_combo_current_index_changed)
        self.zoom_out_button = QToolButton(bar)
        self.zoom_out_button.setObjectName("timeline_zoom_out")
        self.zoom_out_button.setText("−")
        self.zoom_out_button.clicked.connect(self._on_zoom_out_button_clicked)
        self.zoom_in_button = QToolButton(bar)
        self.zoom_in_button.setObjectName("timeline_zoom_in")
        self.zoom_in_button.setText("+")
        self.zoom_in_button.clicked.connect(self._on_zoom_in_button_clicked)
        self.fit_button = QToolButton(bar)
        self.fit_button.setObjectName("timeline_fit")
        self.fit_button.clicked.connect(self._on_fit_button_clicked)
        self.follow_button = QToolButton(bar)
        self.follow_button.setObjectName("timeline_follow")
        self.follow_button.setCheckable(True)
        self.follow_button.setChecked(True)
        self.follow_button.toggled.connect(self._on_follow_button_toggled)
        self.export_button = QToolButton(bar)
        self.export_button.setObjectName("timeline_export")
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self._export_menu = QMenu(self.export_button)
        self._export_png = QAction(self)
        self._export_png.triggered.connect(self._on_export_png_triggered)
        self._export_svg = QAction(self)
        self._export_svg.triggered.connect(self._on_export_svg_triggered)
        self._export_menu.addAction(self._export_png)
        self._export_menu.addAction(self._export_svg)
        self.export_button.setMenu(self._export_menu)
        self.legend = QLabel(bar)
        self.legend.setObjectName("timeline_legend")
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        row.addWidget(self.mode_combo)
        row.addWidget(self.zoom_out_button)
        row.addWidget(self.zoom_in_button)
        row.addWidget(self.fit_button)
        row.addWidget(self.follow_button)
        row.addSpacing(8)
        row.addWidget(self.legend, 1)
        self.limit_label = QLabel(bar)
        self.limit_label.setObjectName("timeline_limit")
        self.limit_label.setStyleSheet("color: #d9480f;")
        self.limit_label.setVisible(False)
        row.addWidget(self.limit_label)
        row.addWidget(self.export_button)
        layout.addWidget(bar)

        self.banner = QWidget(self)
        self.banner.setObjectName("timeline_replay_banner")
        self.banner.setStyleSheet(
            "#timeline_replay_banner { background: #fff3bf; border-bottom: 1px solid #ffe066; }"
        )
        banner_row = QHBoxLayout(self.banner)
        banner_row.setContentsMargins(10, 3, 10, 3)
        self.banner_label = QLabel(self.banner)
        self.banner_label.setStyleSheet("color: #5c3c00;")
        self.back_to_live_button = QPushButton(self.banner)
        self.back_to_live_button.setObjectName("timeline_back_to_live")
        self.back_to_live_button.clicked.connect(self.back_to_live)
        banner_row.addWidget(self.banner_label, 1)
        banner_row.addWidget(self.back_to_live_button)
        self.banner.setVisible(False)
        layout.addWidget(self.banner)

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.canvas = TimelineCanvas(self.live_model, self.splitter)
        self.canvas.item_selected.connect(self._on_canvas_item_selected)
        self.canvas.bucket_selected.connect(self._on_canvas_bucket_selected)
        self.canvas.follow_changed.connect(self._on_canvas_follow_changed)
        self.detail = QPlainTextEdit(self.splitter)
        self.detail.setObjectName("timeline_detail")
        self.detail.setReadOnly(True)
        self.detail.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.detail.setFont(mono_font(self.font()))
        self.splitter.addWidget(self.canvas)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([420, 130])
        layout.addWidget(self.splitter, 1)

        self._zoom_in_action = QAction(self)
        self._zoom_in_action.setShortcuts(
            [QKeySequence(QKeySequence.StandardKey.ZoomIn), QKeySequence("Ctrl+=")]
        )
        self._zoom_in_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._zoom_in_action.triggered.connect(self._on_zoom_in_button_clicked)
        self._zoom_out_action = QAction(self)
        self._zoom_out_action.setShortcut(QKeySequence.StandardKey.ZoomOut)
        self._zoom_out_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._zoom_out_action.triggered.connect(self._on_zoom_out_button_clicked)
        self.addAction(self._zoom_in_action)
        self.addAction(self._zoom_out_action)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Timeline"))
        self.mode_combo.setItemText(0, self.tr("Sequence"))
        self.mode_combo.setItemText(1, self.tr("Time"))
        self.mode_combo.setToolTip(
            self.tr("Sequence: one step per event, evenly spaced. Time: a real time axis.")
        )
        self.zoom_out_button.setToolTip(self.tr("Zoom out (Ctrl + wheel down)"))
        self.zoom_in_button.setToolTip(self.tr("Zoom in (Ctrl + wheel up)"))
        self.fit_button.setText(self.tr("Fit"))
        self.fit_button.setToolTip(self.tr("Show the whole session"))
        self.follow_button.setText(self.tr("Follow live"))
        self.follow_button.setToolTip(self.tr("Keep the newest events in view"))
        self.export_button.setText(self.tr("Export"))
        self.export_button.setToolTip(self.tr("Save the timeline as a picture for a bug report"))
        self._export_png.setText(self.tr("Export as PNG…"))
        self._export_svg.setText(self.tr("Export as SVG…"))
        self._zoom_in_action.setText(self.tr("Zoom in"))
        self._zoom_out_action.setText(self.tr("Zoom out"))
        self.banner_label.setText(
            self.tr("Replay of a saved session: read-only. Live events keep being recorded.")
        )
        self.back_to_live_button.setText(self.tr("Back to live"))
        self.detail.setPlaceholderText(
            self.tr("Hover over an event for a summary; click it to see its full payload here.")
        )
        self.legend.setText(self._legend_html())
        self.canvas.viewport().update()

    def _legend_html(self) -> str:
        chips = []
        for state in (ReadyState.CONNECTING, ReadyState.OPEN, ReadyState.CLOSING):
            chips.append(
                f"<span style='background:{_STATE_COLORS[state]};color:#1b1e21'>&nbsp;{state.name}&nbsp;</span>"
            )
        return (
            " ".join(chips)
            + "&nbsp;&nbsp;<span style='color:#6c757d'>"
            + html.escape(self.tr("↓ page → SocketTask → server   ↑ the way back"))
            + "</span>"
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    # -- public --------------------------------------------------------------------------------

    @property
    def model(self) -> TimelineModel:
        """The model on screen: the replay while one is open, else the live one."""
        return self._replay_model if self._replay_model is not None else self.live_model

    @property
    def read_only(self) -> bool:
        return self._read_only

    @property
    def selected_item(self) -> TimelineItem | None:
        return self._selected

    @Slot(list)
    def append_events(self, events: Sequence[Event]) -> None:
        """Add a batch of live events (in stream order) and redraw what is visible.

        During a replay the live timeline keeps growing off screen; "Back to live"
        shows it again.
        """
        if not events:
            return
        self.live_model.extend(events)
        self.task_strip.append_events(events)
        if self._replay_model is None:
            self.canvas.model_changed()
            self._update_limit_label()

    def _update_limit_label(self) -> None:
        model = self.model
        dropped = model.dropped
        self.limit_label.setVisible(dropped > 0)
        if dropped:
            self.limit_label.setText(self.tr("{0} later frames not drawn").format(dropped))
            self.limit_label.setToolTip(
                self.tr(
                    "The timeline keeps at most {0} events to stay fast; later frames are "
                    "still counted (see the task totals) and listed in the log."
                ).format(model.max_items)
            )

    @Slot()
    def clear(self) -> None:
        """Forget everything (live and replay) and show the live timeline, empty."""
        self._replay_model = None
        self.live_model.clear()
        self.task_strip.clear()
        self._show_model(follow=True)

    @Slot()
    def back_to_live(self) -> None:
        """Close the replay and show the live timeline (with what arrived meanwhile)."""
        if self._replay_model is None:
            return
        self._replay_model = None
        self._show_model(follow=self._live_follow)

    def _show_model(self, *, follow: bool) -> None:
        self._read_only = self._replay_model is not None
        self._selected = None
        self.canvas.set_model(self.model)
        self.banner.setVisible(self._read_only)
        self.detail.clear()
        self.canvas.set_follow(follow)
        self._update_limit_label()

    def load_events(self, events: Iterable[Event]) -> None:
        """Replay a saved session, read-only; the whole session is fitted into view."""
        if self._replay_model is None:
            self._live_follow = self.canvas.follow
        replay = TimelineModel(self.live_model.cap)
        replay.extend(events)
        self._replay_model = replay
        self._show_model(follow=False)
        self.canvas.fit()
        if (
            self.canvas.slot_width < TimelineCanvas.SLOT_DEFAULT / 2
            and self.canvas.mode is AxisMode.SEQUENCE
        ):
            # A long session: start readable at the beginning rather than squeezed.
            self.canvas.zoom(TimelineCanvas.SLOT_DEFAULT / self.canvas.slot_width)
            self.canvas.horizontalScrollBar().setValue(0)

    def set_presenter(self, on: bool) -> None:
        """Larger type, higher contrast, secrets masked on screen."""
        self._presenter = on
        self.canvas.set_presenter(on)
        self.task_strip.set_presenter(on)
        font = QFont(self.font())
        font.setPointSizeF(_base_point_size() * (1.25 if on else 1.0))
        self.canvas.setFont(font)
        self.detail.setFont(mono_font(font))
        if self._selected is not None:
            self._show_item(self._selected)

    def set_mode(self, mode: AxisMode) -> None:
        self.mode_combo.setCurrentIndex(0 if mode is AxisMode.SEQUENCE else 1)

    def export_image(self, path: str | Path, *, max_width: int = 6000) -> Path:
        """Save the timeline as PNG or SVG (by the suffix).

        The whole diagram is exported when it is at most ``max_width`` pixels wide;
        otherwise the visible time range. Raises ``ValueError`` for another suffix
        and ``OSError`` if the file cannot be written.
        """
        target = Path(path)
        suffix = target.suffix.lower()
        if suffix not in (".png", ".svg"):
            raise ValueError(f"export needs a .png or .svg file name, not {target.name!r}")
        size = self.canvas.content_size()
        full_width = size.width()
        if full_width <= max_width:
            width, x_scroll = max(full_width, 480), 0.0
        else:
            width = self.canvas.viewport().width()
            x_scroll = float(self.canvas.horizontalScrollBar().value())
        height = max(size.height(), 120)
        if suffix == ".png":
            image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(QColor("#ffffff"))
            painter = QPainter(image)
            try:
                painter.setRenderHint(QPainter.RenderHint.Antialiasing)
                painter.setFont(self.canvas.font())
                self.canvas.render_scene(painter, width, height, x_scroll)
            finally:
                painter.end()
            if not image.save(str(target)):
                raise OSError(f"cannot write {target}")
        else:
            generator = QSvgGenerator()
            generator.setFileName(str(target))
            generator.setSize(QSize(width, height))
            generator.setViewBox(QRect(0, 0, width, height))
            generator.setTitle("ttsocket-demo timeline")
            painter = QPainter()
            if not painter.begin(generator):
                raise OSError(f"cannot write {target}")
            try:
                painter.setFont(self.canvas.font())
                self.canvas.render_scene(painter, width, height, x_scroll)
            finally:
                painter.end()
            if not target.exists():
                raise OSError(f"cannot write {target}")
        logger.info("timeline exported to %s (%dx%d)", target, width, height)
        return target

    # -- slots ---------------------------------------------------------------------------------

    @Slot(int)
    def _on_mode_combo_current_index_changed(self, index: int) -> None:
        mode = self.mode_combo.itemData(index)
        if isinstance(mode, AxisMode):
            self.canvas.set_mode(mode)
            if self._read_only:
                self.canvas.fit()

    @Slot()
    def _on_zoom_in_button_clicked(self) -> None:
        self.canvas.zoom(1.5)

    @Slot()
    def _on_zoom_out_button_clicked(self) -> None:
        self.canvas.zoom(1 / 1.5)

    @Slot()
    def _on_fit_button_clicked(self) -> None:
        self.canvas.fit()
        self.canvas.set_follow(False)

    @Slot(bool)
    def _on_follow_button_toggled(self, on: bool) -> None:
        self.canvas.set_follow(on)

    @Slot(bool)
    def _on_canvas_follow_changed(self, on: bool) -> None:
        if self.follow_button.isChecked() != on:
            self.follow_button.setChecked(on)

    @Slot(object)
    def _on_canvas_item_selected(self, item: object) -> None:
        if isinstance(item, TimelineItem):
            self._selected = item
            self._show_item(item)
            self.item_selected.emit(item)

    @Slot(object)
    def _on_canvas_bucket_selected(self, bucket: object) -> None:
        if isinstance(bucket, Bucket):
            first = self.model.items[bucket.first]
            self._selected = first
            self.detail.setPlainText(
                self.canvas.bucket_text(bucket)
                + "\n\n"
                + self.tr("First of them:")
                + "\n"
                + self._item_text(first)
            )

    def _item_text(self, item: TimelineItem) -> str:
        event = mask_event(item.event) if self._presenter else item.event
        head = [self.canvas._item_caption(item)]
        head.append(
            f"{self.canvas._group_title(item.task_id)} · {_fmt_offset(item.t)} · {_wall(event.time)}"
        )
        if item.explanation:
            head.append(
                self.tr("In plain words: {0}").format(translate_explanation(item.explanation))
            )
        if item.kind is ItemKind.HANDSHAKE:
            head.append(self.canvas.handshake_text(item))
        return "\n".join(head) + "\n\n" + detail_text(event)

    def _show_item(self, item: TimelineItem) -> None:
        self.detail.setPlainText(self._item_text(item))

    @Slot()
    def _on_export_png_triggered(self) -> None:
        from ui.session_actions import export_timeline_interactive

        export_timeline_interactive(self, self, suffix=".png")

    @Slot()
    def _on_export_svg_triggered(self) -> None:
        from ui.session_actions import export_timeline_interactive

        export_timeline_interactive(self, self, suffix=".svg")


def known_explanations_missing() -> list[str]:
    """Explanations from app.explain not in :data:`EXPLANATION_TEXTS` (should be none)."""
    table = {str(text) for text in EXPLANATION_TEXTS}
    extra = {
        "closed with a code registered for libraries and frameworks",
        "closed by the application with its own code",
        "closed with an unusual code",
    }
    return sorted((_known_explanations() | extra) - table)
