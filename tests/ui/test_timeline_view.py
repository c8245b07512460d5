"""The timeline widget, offscreen, fed with real recorded event streams."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QHelpEvent, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from app.events import (
    ApiCalled,
    Direction,
    Event,
    FrameEvent,
    HandshakeDone,
    Opcode,
    Profile,
    ReadyState,
    StateChanged,
)
from app.session import MASK
from app.timeline import Bucket, ItemKind
from tests.recorded import SCENARIO_NAMES, recorded_sessions
from ui.main import AppHandle
from ui.resources import app_font
from ui.session_actions import export_timeline_interactive
from ui.timeline_view import (
    AxisMode,
    TaskStrip,
    TimelineView,
    known_explanations_missing,
    translate_explanation,
)

logger = logging.getLogger(__name__)

Recorded = dict[str, list[Event]]
#: Set TTSOCKET_SHOTS to a folder to keep the screenshots for review.
SHOTS_DIR = os.environ.get("TTSOCKET_SHOTS")


@pytest.fixture
def recorded() -> Recorded:
    return recorded_sessions()


@pytest.fixture
def view(qtbot: QtBot) -> TimelineView:
    QApplication.setFont(app_font(10))
    widget = TimelineView()
    qtbot.addWidget(widget)
    widget.resize(1500, 560)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def feed(view: TimelineView, events: list[Event], batch: int = 4) -> None:
    """Like the bridge: small batches, in order."""
    for start in range(0, len(events), batch):
        view.append_events(events[start : start + batch])


def painted(view: TimelineView) -> None:
    view.canvas.viewport().repaint()


def shoot(view: TimelineView, tmp_path: Path, name: str) -> QImage:
    for _ in range(3):  # let deferred layout requests (new chips) settle
        QApplication.processEvents()
    image = view.grab().toImage()
    path = tmp_path / f"timeline-{name}.png"
    assert image.save(str(path))
    if SHOTS_DIR:
        Path(SHOTS_DIR).mkdir(parents=True, exist_ok=True)
        image.save(str(Path(SHOTS_DIR) / f"timeline-{name}.png"))
    return image


def row_colors(image: QImage, y: int, x0: int, x1: int) -> list[QColor]:
    return [image.pixelColor(x, y) for x in range(x0, min(x1, image.width()))]


def greenish(c: QColor) -> bool:
    return c.green() > c.red() + 40 and c.green() > c.blue() + 20


def reddish(c: QColor) -> bool:
    return c.red() > 180 and c.green() < 110 and c.blue() < 110


def lane_y(view: TimelineView, group_index: int, which: str) -> int:
    """The y of a lane in the view's own coordinates (for pixel checks in grabs)."""
    canvas = view.canvas
    geo = canvas._geo
    offset = canvas.viewport().mapTo(view, QPoint(0, 0)).y()
    top = canvas.RULER + group_index * geo.height
    lane = {"page": geo.page, "task": geo.task, "server": geo.server}[which]
    return int(offset + top + lane)


def test_every_explanation_is_in_the_translation_table() -> None:
    assert known_explanations_missing() == []
    assert translate_explanation("closed normally") == "closed normally"  # English source
    assert translate_explanation(None) == ""


@pytest.mark.parametrize("name", SCENARIO_NAMES)
def test_screenshot_of_each_scenario(
    view: TimelineView, recorded: Recorded, tmp_path: Path, name: str
) -> None:
    events = recorded[name]
    feed(view, events)
    view.canvas.fit()
    view.canvas.select_item(len(view.model) - 1)  # the final onClose, in the detail pane
    painted(view)
    image = shoot(view, tmp_path, name)
    assert not image.isNull()

    groups = view.model.groups()
    hits = view.canvas._hits
    drawn_items = {h.item for h in hits if h.item is not None}
    drawn_bands = [h.band[1].state for h in hits if h.band is not None]
    # Every item is visible after "fit" (these sessions are short).
    assert drawn_items == set(range(len(view.model)))
    assert "onClose" in view.detail.toPlainText()
    assert "In plain words:" in view.detail.toPlainText()

    x0 = view.canvas.mapTo(view, QPoint(view.canvas.GUTTER, 0)).x()
    task_row = row_colors(image, lane_y(view, 0, "task"), x0, image.width())
    server_row = row_colors(image, lane_y(view, 0, "server"), x0, image.width())
    if name == "tls_failure":
        assert drawn_bands == [ReadyState.CONNECTING]
        assert not any(greenish(c) for c in task_row)  # never OPEN
        assert any(reddish(c) for c in server_row)  # the failure cross
        assert translate_explanation(groups[0].error_explanation) in view.canvas._group_summary(
            groups[0]
        )
    else:
        assert ReadyState.OPEN in drawn_bands
        assert any(greenish(c) for c in task_row)
    if name == "drop":
        assert any(reddish(c) for c in server_row)
        assert "1006" in view.canvas._group_summary(groups[0])
    if name == "close_4001":
        assert "closed by the application with its own code" in view.canvas._group_summary(
            groups[0]
        )
    if name == "parallel":
        assert len(groups) == 2
        second_task_row = row_colors(image, lane_y(view, 1, "task"), x0, image.width())
        assert any(greenish(c) for c in second_task_row)
        assert view.task_strip.chip_ids() == [1, 2]
    assert view.task_strip.active_count() == 0


def test_task_strip_counts_tasks_and_emits_close_requests(qtbot: QtBot, recorded: Recorded) -> None:
    strip = TaskStrip()
    qtbot.addWidget(strip)
    strip.show()
    events = recorded["parallel"]
    # Feed up to the moment both tasks are OPEN.
    both_open = next(
        i
        for i, e in enumerate(events)
        if isinstance(e, StateChanged) and e.task_id == 2 and e.new is ReadyState.OPEN
    )
    strip.append_events(events[: both_open + 1])
    assert strip.active_count() == 2
    assert "2 / 5" in strip.cap_label.text()
    assert strip.close_all_button.isEnabled()
    chip = strip._chips[2]
    assert chip.close_button.isVisibleTo(strip)
    with qtbot.waitSignal(strip.close_task_requested, timeout=1000) as blocker:
        QTest.mouseClick(chip.close_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [2]
    with qtbot.waitSignal(strip.close_all_requested, timeout=1000):
        QTest.mouseClick(strip.close_all_button, Qt.MouseButton.LeftButton)
    strip.append_events(events[both_open + 1 :])
    assert strip.active_count() == 0
    assert not strip.close_all_button.isEnabled()
    assert not strip._chips[1].close_button.isVisibleTo(strip)
    strip.load_events(events)
    assert not strip.close_all_button.isVisibleTo(strip)  # replay: read-only


def test_cap_indicator_turns_red_at_five(qtbot: QtBot) -> None:
    strip = TaskStrip(cap=5)
    qtbot.addWidget(strip)
    events: list[Event] = []
    for task_id in range(1, 7):
        events.append(ApiCalled(task_id=task_id, api="connectSocket", args={"url": "ws://x"}))
        events.append(StateChanged(task_id=task_id, old=None, new=ReadyState.CONNECTING))
    events.append(StateChanged(task_id=6, old=ReadyState.CONNECTING, new=ReadyState.CLOSED))
    strip.append_events(events)
    assert strip.active_count() == 5
    assert strip.cap_label.text() == "Sockets 5 / 5"
    assert "limit is reached" in strip.cap_label.toolTip()
    assert "#e03131" in strip.cap_label.styleSheet()
    assert strip.cap_meter.used == 5
    # Closed tasks keep at most three chips; live ones always show.
    assert strip.chip_ids() == [1, 2, 3, 4, 5, 6]
    strip.set_cap(8)
    assert strip.cap_label.text() == "Sockets 5 / 8"
    strip.clear()
    assert strip.chip_ids() == []


def _item_hit_centre(view: TimelineView, predicate: Callable[[int], bool]) -> QPoint:
    for hit in view.canvas._hits:
        if hit.item is not None and predicate(hit.item):
            return hit.rect.center().toPoint()
    raise AssertionError("item not drawn")


def test_hover_tooltip_and_click_show_the_payload(
    view: TimelineView, recorded: Recorded, qtbot: QtBot
) -> None:
    feed(view, recorded["close_4001"])
    view.canvas.fit()
    painted(view)
    items = view.model.items
    close_in = next(i.index for i in items if i.kind is ItemKind.CLOSE_FRAME)
    pos = _item_hit_centre(view, lambda index: index == close_in)
    viewport = view.canvas.viewport()
    help_event = QHelpEvent(QEvent.Type.ToolTip, pos, viewport.mapToGlobal(pos))
    QApplication.sendEvent(viewport, help_event)
    assert QToolTip.isVisible()
    tip = QToolTip.text()
    assert "close 4001 bye" in tip
    assert "closed by the application with its own code" in tip
    QToolTip.hideText()
    with qtbot.waitSignal(view.item_selected, timeout=1000) as blocker:
        QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
    assert blocker.args[0].index == close_in
    detail = view.detail.toPlainText()
    assert '"close_code": 4001' in detail
    assert '"close_reason": "bye"' in detail
    assert "In plain words: closed by the application with its own code" in detail
    # The handshake's timings are in its tooltip and detail.
    shake = next(i for i in items if i.kind is ItemKind.HANDSHAKE)
    view.canvas.select_item(shake.index)
    assert "DNS" in view.detail.toPlainText()
    assert "TCP" in view.detail.toPlainText()


def test_zoom_scroll_and_follow_live(view: TimelineView, recorded: Recorded, qtbot: QtBot) -> None:
    canvas = view.canvas
    feed(view, recorded["parallel"])
    bar = canvas.horizontalScrollBar()
    assert canvas.follow
    assert bar.value() == bar.maximum() > 0  # following: the newest events are in view
    width = canvas.slot_width
    QTest.mouseClick(view.zoom_in_button, Qt.MouseButton.LeftButton)
    assert canvas.slot_width == pytest.approx(width * 1.5)
    # Ctrl + wheel zooms around the cursor.
    from PySide6.QtGui import QWheelEvent

    wheel = QWheelEvent(
        QPointF(400, 100),
        QPointF(canvas.viewport().mapToGlobal(QPoint(400, 100))),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(canvas.viewport(), wheel)
    assert canvas.slot_width == pytest.approx(width * 1.5 / 1.25)
    # Scrolling back stops following; new events then do not move the view.
    QTest.keyClick(canvas, Qt.Key.Key_Home)
    assert bar.value() == 0
    assert not canvas.follow
    assert not view.follow_button.isChecked()
    extra = [
        FrameEvent(
            task_id=2, direction=Direction.IN, opcode=Opcode.TEXT, size=1, data="x", mono=e.mono
        )
        for e in recorded["parallel"][-5:]
    ]
    view.append_events(extra)
    assert bar.value() == 0
    QTest.mouseClick(view.follow_button, Qt.MouseButton.LeftButton)
    assert canvas.follow
    assert bar.value() == bar.maximum()
    # Time axis: the same events on a linear time scale.
    view.set_mode(AxisMode.TIME)
    assert canvas.mode is AxisMode.TIME
    canvas.fit()
    painted(view)
    shakes = {
        h.item
        for h in canvas._hits
        if h.item is not None and view.model.items[h.item].kind is ItemKind.HANDSHAKE
    }
    assert len(shakes) == 2


def test_a_hidden_timeline_catches_up_when_shown(
    view: TimelineView, recorded: Recorded, qtbot: QtBot
) -> None:
    canvas = view.canvas
    bar = canvas.horizontalScrollBar()
    feed(view, recorded["parallel"][:10])
    shown_max = bar.maximum()
    view.hide()  # as behind another tab: the model grows, the scroll bars wait
    feed(view, recorded["parallel"][10:])
    assert bar.maximum() == shown_max
    view.show()
    qtbot.waitExposed(view)
    assert bar.maximum() > shown_max
    assert canvas.follow
    assert bar.value() == bar.maximum()  # still following: the newest events are in view


def _frames(n: int, step: float = 0.0001) -> list[Event]:
    out: list[Event] = [
        ApiCalled(task_id=1, api="connectSocket", args={"url": "ws://127.0.0.1:1/"}, mono=500.0),
        StateChanged(task_id=1, old=None, new=ReadyState.CONNECTING, mono=500.0),
        HandshakeDone(
            task_id=1,
            url="ws://127.0.0.1:1/",
            status=101,
            request_headers={},
            response_headers={},
            subprotocol=None,
            profile=Profile(1, 1, 0, 1, 3),
            mono=500.003,
        ),
        StateChanged(task_id=1, old=ReadyState.CONNECTING, new=ReadyState.OPEN, mono=500.003),
    ]
    for k in range(n):
        out.append(
            FrameEvent(
                task_id=1,
                direction=Direction.IN if k % 2 else Direction.OUT,
                opcode=Opcode.TEXT,
                size=32,
                data=f"message {k:06d}".ljust(32),
                mono=500.004 + k * step,
            )
        )
    return out


def test_100k_frames_stay_responsive(view: TimelineView) -> None:
    events = _frames(100_000)
    start = time.perf_counter()
    for k in range(0, len(events), 1000):
        view.append_events(events[k : k + 1000])
    append_s = time.perf_counter() - start
    canvas = view.canvas
    timings: dict[str, float] = {}
    actions: list[tuple[str, Callable[[], None]]] = [
        ("live end", lambda: None),
        ("whole session", canvas.fit),
    ]
    for label, action in actions:
        action()
        started = time.perf_counter()
        painted(view)
        timings[label] = (time.perf_counter() - started) * 1000
    buckets = [h.bucket for h in canvas._hits if h.bucket is not None]
    assert buckets  # zoomed out: folded into bars
    assert sum(b.count for b in buckets if isinstance(b, Bucket)) == 100_000
    view.set_mode(AxisMode.TIME)
    canvas.fit()
    started = time.perf_counter()
    painted(view)
    timings["time axis, whole"] = (time.perf_counter() - started) * 1000
    logger.info("100k frames: append %.2f s; paints %s", append_s, timings)
    print(f"\n100k frames: append {append_s:.2f} s in batches of 1000; paint ms {timings}")
    # Generous bounds for a shared machine; typical: ~0.6 s and ~10 ms.
    assert append_s < 15
    assert max(timings.values()) < 1000


def test_replay_is_read_only_and_live_keeps_recording(
    view: TimelineView, recorded: Recorded, qtbot: QtBot
) -> None:
    live_before = recorded["drop"][:3]
    view.append_events(live_before)
    view.load_events(recorded["echo"])
    assert view.read_only
    assert view.banner.isVisibleTo(view)
    assert not view.canvas.follow
    replayed = len([e for e in recorded["echo"] if not isinstance(e, StateChanged)])
    assert len(view.model) == replayed
    assert view.canvas.model is view.model
    # Live events during the replay go to the live timeline, off screen.
    view.append_events(recorded["drop"][3:6])
    assert view.read_only
    assert len(view.model) == replayed
    assert view.live_model.event_count == 6
    assert view.task_strip.active_count() == 1  # the strip always shows the live tasks
    QTest.mouseClick(view.back_to_live_button, Qt.MouseButton.LeftButton)
    assert not view.read_only
    assert not view.banner.isVisibleTo(view)
    assert view.model is view.live_model
    assert view.canvas.model is view.live_model
    assert view.canvas.follow
    view.clear()
    assert len(view.model) == 0
    painted(view)  # the empty state paints a hint
    assert view.canvas._hits == []


def test_export_png_and_svg(view: TimelineView, recorded: Recorded, tmp_path: Path) -> None:
    feed(view, recorded["parallel"])
    png = view.export_image(tmp_path / "t.png")
    image = QImage(str(png))
    assert not image.isNull()
    assert image.width() == view.canvas.content_size().width()
    assert image.height() >= 2 * view.canvas._geo.height
    svg = view.export_image(tmp_path / "t.svg")
    text = svg.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") or "<svg" in text[:200]
    assert "<svg" in text
    with pytest.raises(ValueError, match=r"\.png or \.svg"):
        view.export_image(tmp_path / "t.gif")
    problems: list[tuple[str, str]] = []
    bad = export_timeline_interactive(
        view,
        view,
        path=tmp_path / "missing-dir" / "t.png",
        report=lambda title, message: problems.append((title, message)),
    )
    assert bad is None
    assert problems
    assert "cannot write" in problems[0][1]
    good = export_timeline_interactive(view, view, path=tmp_path / "noext", suffix=".svg")
    assert good == tmp_path / "noext.svg"
    assert good.exists()


def test_presenter_mode_masks_secrets_and_enlarges(view: TimelineView) -> None:
    secret = "tok-SECRET-123"
    url = f"ws://127.0.0.1:9/chat?token={secret}"
    events: list[Event] = [
        ApiCalled(
            task_id=1,
            api="connectSocket",
            args={"url": url, "header": {"Authorization": f"Bearer {secret}"}},
        ),
        StateChanged(task_id=1, old=None, new=ReadyState.CONNECTING),
    ]
    view.append_events(events)
    group = view.model.groups()[0]
    assert secret in view.canvas._group_summary(group)
    view.canvas.select_item(0)
    assert secret in view.detail.toPlainText()
    geometry_before = view.canvas._geo.height
    view.set_presenter(True)
    assert secret not in view.canvas._group_summary(group)
    assert MASK in view.canvas._group_summary(group)
    assert secret not in view.detail.toPlainText()
    assert view.canvas._geo.height > geometry_before
    painted(view)
    view.set_presenter(False)
    assert secret in view.canvas._group_summary(group)


def test_chinese_translation(
    view: TimelineView, language: Callable[[str], None], qtbot: QtBot
) -> None:
    language("zh")
    qtbot.waitUntil(lambda: view.windowTitle() == "时间线", timeout=2000)
    assert translate_explanation("closed normally") == "正常关闭"
    assert view.task_strip.close_all_button.text() == "全部关闭"
    assert view.mode_combo.itemText(1) == "按时间"
    assert view.task_strip.cap_label.text() == "连接 0 / 5"
    language("en")
    qtbot.waitUntil(lambda: view.windowTitle() == "Timeline", timeout=2000)


def test_live_drawing_from_the_real_bridge(ui_app: AppHandle, qtbot: QtBot) -> None:
    """The real app's bridge (real runtime, embedded server) feeds a timeline live."""
    view = TimelineView(cap=ui_app.runtime.max_sockets)
    qtbot.addWidget(view)
    view.resize(1200, 500)
    view.show()
    ui_app.bridge.events.connect(view.append_events)

    def labels() -> list[str]:
        return [item.label for item in view.model.items]

    ui_app.bridge.connect_clicked()
    qtbot.waitUntil(lambda: "onOpen" in labels(), timeout=5000)
    assert view.task_strip.active_count() == 1
    bar = view.canvas.horizontalScrollBar()
    assert bar.value() == bar.maximum()  # following live
    ui_app.bridge.close_clicked()
    qtbot.waitUntil(lambda: any(label.startswith("onClose") for label in labels()), timeout=5000)
    group = view.model.groups()[0]
    assert group.state is ReadyState.CLOSED
    assert group.handshake
    assert view.task_strip.active_count() == 0
    painted(view)
    assert {h.item for h in view.canvas._hits if h.item is not None}
