"""Live gauges: messages/s and bytes/s in and out, with totals and a short history.

:class:`RateGauges` counts the frames it is fed (:meth:`RateGauges.append_events`)
in an :class:`~app.rates.RateMeter` and repaints at most :data:`REFRESH_MS` apart,
only while something is moving: an idle session costs no timer ticks. The drawn gauges
are kept as a picture until a refresh changes them, so a repaint for another reason (the
panel around them repainted) costs a copy, not a drawing.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from typing import Final

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, QTimer, Slot
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QPolygonF,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.events import Event
from app.rates import RateMeter, RateSnapshot, format_bytes, format_rate

__all__ = ["HISTORY", "REFRESH_MS", "RateGauges"]

#: Milliseconds between refreshes while data flows (four times a second).
REFRESH_MS: Final = 250
#: Samples kept for each sparkline (ten seconds).
HISTORY: Final = 40

_LOOK_CHANGES: Final = frozenset(
    {
        QEvent.Type.LanguageChange,
        QEvent.Type.FontChange,
        QEvent.Type.PaletteChange,
        QEvent.Type.StyleChange,
    }
)

_IN_COLOR: Final = "#1c7ed6"
_OUT_COLOR: Final = "#ae3ec9"


class RateGauges(QWidget):
    """Four gauges: messages in/out per second, bytes in/out per second."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("rate_gauges")
        self._clock = clock
        self.meter = RateMeter(window=1.0, resolution=0.05)
        self._snapshot = RateSnapshot()
        self._history: list[deque[float]] = [deque(maxlen=HISTORY) for _ in range(4)]
        self._replay: tuple[float, RateSnapshot] | None = None
        self._presenter = False
        self._idle_ticks = 0
        self.refreshes = 0
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        # The gauges cover every pixel they own: what is underneath is not painted first.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._picture: QPixmap | None = None
        #: Times the gauges were drawn (not copied from the kept picture).
        self.drawings = 0
        self._update_height()

    # -- public --------------------------------------------------------------------------------

    @property
    def snapshot(self) -> RateSnapshot:
        return self._snapshot

    @property
    def running(self) -> bool:
        """True while the refresh timer ticks (data flowed within the last second or so)."""
        return self._timer.isActive()

    @Slot(list)
    def append_events(self, events: Sequence[Event]) -> None:
        if self._replay is not None:
            self.clear()
        if self.meter.extend(events) and not self._timer.isActive():
            self._idle_ticks = 0
            self._timer.start()
            self.refresh()

    def clear(self) -> None:
        self.meter.reset()
        self._replay = None
        self._snapshot = RateSnapshot()
        for history in self._history:
            history.clear()
        self._timer.stop()
        self._redraw()

    def load_events(self, events: Iterable[Event]) -> None:
        """A saved session: totals, and average rates over its duration."""
        self.clear()
        listed = list(events)
        self.meter.extend(listed)
        span = (listed[-1].mono - listed[0].mono) if len(listed) > 1 else 0.0
        snap = self.meter.snapshot(listed[-1].mono if listed else 0.0)
        if span > 0:
            snap = RateSnapshot(
                msgs_in_per_s=snap.msgs_in / span,
                msgs_out_per_s=snap.msgs_out / span,
                bytes_in_per_s=snap.bytes_in / span,
                bytes_out_per_s=snap.bytes_out / span,
                msgs_in=snap.msgs_in,
                msgs_out=snap.msgs_out,
                bytes_in=snap.bytes_in,
                bytes_out=snap.bytes_out,
            )
        self._replay = (span, snap)
        self._snapshot = snap
        self._redraw()

    def set_presenter(self, on: bool) -> None:
        self._presenter = on
        self._update_height()
        self._redraw()

    def refresh(self) -> None:
        """Take a sample now and repaint."""
        snap = self.meter.snapshot(self._clock())
        self._snapshot = snap
        values = (
            snap.msgs_in_per_s,
            snap.msgs_out_per_s,
            snap.bytes_in_per_s,
            snap.bytes_out_per_s,
        )
        for history, value in zip(self._history, values, strict=True):
            history.append(value)
        self.refreshes += 1
        self._redraw()

    # -- internals -----------------------------------------------------------------------------

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.refresh()
        snap = self._snapshot
        moving = snap.msgs_in_per_s or snap.msgs_out_per_s
        self._idle_ticks = 0 if moving else self._idle_ticks + 1
        if self._idle_ticks >= 2:
            self._timer.stop()

    def _scale(self) -> float:
        return 1.3 if self._presenter else 1.0

    def _update_height(self) -> None:
        self.setFixedHeight(int(52 * self._scale()))

    def sizeHint(self) -> QSize:
        return QSize(640, int(52 * self._scale()))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in _LOOK_CHANGES:
            self._redraw()
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._picture = None
        super().resizeEvent(event)

    def _redraw(self) -> None:
        """Draw the gauges again at the next paint."""
        self._picture = None
        self.update()

    def _cells(self) -> list[tuple[str, str, str, str, deque[float]]]:
        snap = self._snapshot
        average = self._replay is not None
        per_s = self.tr("avg/s") if average else self.tr("/s")
        return [
            (
                self.tr("messages in"),
                f"{format_rate(snap.msgs_in_per_s)} {per_s}",
                self.tr("{0} in all").format(snap.msgs_in),
                _IN_COLOR,
                self._history[0],
            ),
            (
                self.tr("messages out"),
                f"{format_rate(snap.msgs_out_per_s)} {per_s}",
                self.tr("{0} in all").format(snap.msgs_out),
                _OUT_COLOR,
                self._history[1],
            ),
            (
                self.tr("bytes in"),
                f"{format_bytes(snap.bytes_in_per_s)}{per_s}",
                self.tr("{0} in all").format(format_bytes(snap.bytes_in)),
                _IN_COLOR,
                self._history[2],
            ),
            (
                self.tr("bytes out"),
                f"{format_bytes(snap.bytes_out_per_s)}{per_s}",
                self.tr("{0} in all").format(format_bytes(snap.bytes_out)),
                _OUT_COLOR,
                self._history[3],
            ),
        ]

    def paintEvent(self, event: QPaintEvent) -> None:
        ratio = self.devicePixelRatioF()
        picture = self._picture
        if picture is None or picture.devicePixelRatio() != ratio:
            picture = QPixmap(self.size() * ratio)
            picture.setDevicePixelRatio(ratio)
            self._draw(picture)
            self._picture = picture
            self.drawings += 1
        painter = QPainter(self)
        painter.drawPixmap(0, 0, picture)
        painter.end()

    def _draw(self, device: QPixmap) -> None:
        p = QPainter(device)
        p.setFont(self.font())
        try:
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            p.fillRect(self.rect(), QColor("#f8f9fa"))
            cells = self._cells()
            width = self.width() / len(cells)
            scale = self._scale()
            small = QFont(self.font())
            small.setPointSizeF(max(6.0, small.pointSizeF() * 0.85 * scale))
            big = QFont(self.font())
            big.setPointSizeF(big.pointSizeF() * 1.15 * scale)
            big.setBold(True)
            for n, (caption, value, total, colour, history) in enumerate(cells):
                box = QRectF(n * width, 0, width, self.height())
                if n:
                    p.setPen(QPen(QColor("#dee2e6"), 1))
                    p.drawLine(QPointF(box.left(), 6), QPointF(box.left(), box.bottom() - 6))
                self._paint_spark(p, box.adjusted(width * 0.55, 8, -8, -8), history, colour)
                p.setFont(small)
                p.setPen(QColor("#495057"))
                line = QFontMetricsF(small).height()
                p.drawText(QRectF(box.left() + 8, 3, width * 0.6, line), caption)
                p.setFont(big)
                p.setPen(QColor(colour))
                big_h = QFontMetricsF(big).height()
                p.drawText(QRectF(box.left() + 8, 3 + line, width * 0.6, big_h), value)
                p.setFont(small)
                p.setPen(QColor("#868e96"))
                p.drawText(QRectF(box.left() + 8, 3 + line + big_h, width * 0.6, line), total)
        finally:
            p.end()

    def _paint_spark(self, p: QPainter, box: QRectF, history: deque[float], colour: str) -> None:
        if len(history) < 2 or box.width() < 20:
            return
        top = max(history) or 1.0
        step = box.width() / (HISTORY - 1)
        start = box.right() - step * (len(history) - 1)
        points = [
            QPointF(start + i * step, box.bottom() - box.height() * (value / top))
            for i, value in enumerate(history)
        ]
        fill = QColor(colour)
        fill.setAlpha(40)
        area = QPolygonF(
            [QPointF(points[0].x(), box.bottom()), *points, QPointF(points[-1].x(), box.bottom())]
        )
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(fill)
        p.drawPolygon(area)
        p.setPen(QPen(QColor(colour), 1.4))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPolyline(QPolygonF(points))
