"""The window, driven like a person would: real buttons, real keys, real embedded server."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QTextLayout
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QScrollBar,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.console import Console, ConsoleEntry
from app.events import (
    ApiCalled,
    Direction,
    EventBatch,
    FrameEvent,
    ListenerFired,
    Opcode,
    ReadyState,
    message_fired,
    notable_events,
)
from tests.servers.hostile import HostileMode, hostile_server
from tests.ui.conftest import ROOT, WAIT_MS, AppFactory, AsyncRunner, assert_clean_exit, run_driver
from ui import excepthook, i18n
from ui.bridge import Bridge, Hint
from ui.console_model import ConsoleModel, ConsoleRow, format_time
from ui.main import AppHandle
from ui.main_window import MainWindow
from ui.state_badge import BadgeKind

# -- helpers -----------------------------------------------------------------------------------


def lines(handle: AppHandle) -> list[str]:
    handle.bridge.flush()
    return [row.text for row in handle.window.console_view.model.rows()]


def wait_state(qtbot: QtBot, handle: AppHandle, state: ReadyState | None) -> None:
    qtbot.waitUntil(lambda: handle.bridge.state is state, timeout=WAIT_MS)


def wait_line(qtbot: QtBot, handle: AppHandle, prefix: str) -> None:
    qtbot.waitUntil(lambda: any(text.startswith(prefix) for text in lines(handle)), timeout=WAIT_MS)


def type_text(widget: QWidget, text: str) -> None:
    """Key events carrying non-ASCII text (QTest's keyClicks handles ASCII only)."""
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, text))


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def open_page(qtbot: QtBot, handle: AppHandle) -> None:
    click(qtbot, handle.window.page_view.connect_button)
    wait_state(qtbot, handle, ReadyState.OPEN)
    wait_line(qtbot, handle, "WebSocket 已连接")


# -- the sample's flow through the real buttons ---------------------------------------------------


def test_connect_send_close_through_the_buttons(qtbot: QtBot, ui_app: AppHandle) -> None:
    page = ui_app.window.page_view
    assert page.badge.kind == BadgeKind.NOT_CREATED
    assert ui_app.page.url.startswith("wss://localhost:")

    with qtbot.waitSignal(ui_app.bridge.page_state, timeout=WAIT_MS):
        click(qtbot, page.connect_button)
    wait_state(qtbot, ui_app, ReadyState.OPEN)
    wait_line(qtbot, ui_app, "WebSocket 已连接")
    assert page.badge.kind == BadgeKind.OPEN

    QTest.keyClicks(page.input, "hi ")
    type_text(page.input, "你好")  # as an input method commits it
    assert ui_app.page.data["inputValue"] == "hi 你好"
    QTest.keyClick(page.input, Qt.Key.Key_Return)
    wait_line(qtbot, ui_app, "socket message:")

    click(qtbot, page.close_button)
    wait_state(qtbot, ui_app, ReadyState.CLOSED)
    wait_line(qtbot, ui_app, "WebSocket 已断开")
    assert lines(ui_app) == [
        '创建成功 {errMsg: "connectSocket:ok", socketTaskId: 1}',
        '创建完毕 {errMsg: "connectSocket:ok", socketTaskId: 1}',
        "WebSocket 已连接",
        "---- send hi 你好",
        'send success {errMsg: "sendSocketMessage:ok"}',
        'socket message: {data: "hi 你好"}',
        "---- close",
        'close success {errMsg: "closeSocket:ok"}',
        "WebSocket 已断开",
    ]
    assert page.badge.kind == BadgeKind.CLOSED
    assert "1000" in page.badge.hint_label.text()


def test_buttons_that_cannot_act_say_why(qtbot: QtBot, ui_app: AppHandle) -> None:
    page = ui_app.window.page_view
    bridge = ui_app.bridge
    # Before anything exists: close and send look idle and explain in their tooltips.
    assert page.close_button.property("idle") is True
    assert page.send_button.property("idle") is True
    assert page.connect_button.property("idle") is False
    assert page.close_button.toolTip() == bridge.hint_text(Hint.NOTHING_TO_CLOSE)
    assert page.send_button.toolTip() == bridge.hint_text(Hint.NOT_CREATED)

    click(qtbot, page.close_button)
    click(qtbot, page.send_button)
    assert lines(ui_app) == [
        "---- close",
        bridge.hint_text(Hint.NOTHING_TO_CLOSE),
        "---- send ",
        bridge.hint_text(Hint.NOT_CREATED),
    ]
    levels = [row.level for row in ui_app.window.console_view.model.rows()]
    assert levels == ["log", "info", "log", "info"]

    # The sample's guard: a second tap on 创建 does nothing, and the UI says so.
    open_page(qtbot, ui_app)
    assert page.connect_button.property("idle") is True
    assert page.connect_button.toolTip() == bridge.hint_text(Hint.ALREADY_CREATED)
    click(qtbot, page.connect_button)
    assert lines(ui_app)[-1] == bridge.hint_text(Hint.ALREADY_CREATED)
    assert len(ui_app.runtime.active_tasks) == 1
    assert page.close_button.property("idle") is False
    assert page.send_button.property("idle") is False


def test_close_while_connecting_explains(qtbot: QtBot, make_ui_app: AppFactory) -> None:
    handle = make_ui_app(scenario="slow")
    page = handle.window.page_view
    click(qtbot, page.connect_button)
    wait_state(qtbot, handle, ReadyState.CONNECTING)
    assert page.badge.kind == BadgeKind.CONNECTING
    assert page.close_button.toolTip() == handle.bridge.hint_text(Hint.STILL_CONNECTING)
    click(qtbot, page.close_button)
    wait_line(qtbot, handle, "close fail")
    texts = lines(handle)
    assert texts[-3:] == [
        "---- close",
        handle.bridge.hint_text(Hint.STILL_CONNECTING),
        'close fail {errMsg: "closeSocket:fail WebSocket is not connected"}',
    ]


def test_reload_page_then_connect_again(qtbot: QtBot, ui_app: AppHandle) -> None:
    page = ui_app.window.page_view
    open_page(qtbot, ui_app)
    QTest.keyClicks(page.input, "draft")
    click(qtbot, page.close_button)
    wait_state(qtbot, ui_app, ReadyState.CLOSED)
    assert page.badge.kind == BadgeKind.CLOSED

    click(qtbot, page.reload_button)
    assert page.badge.kind == BadgeKind.NOT_CREATED
    assert page.input.text() == ""
    assert ui_app.page.data == {"inputValue": ""}
    assert lines(ui_app)[-1] == "Page reloaded."

    click(qtbot, page.connect_button)
    wait_state(qtbot, ui_app, ReadyState.OPEN)
    wait_line(qtbot, ui_app, '创建成功 {errMsg: "connectSocket:ok", socketTaskId: 2}')


def test_reload_keeps_an_open_socket_and_says_so(qtbot: QtBot, ui_app: AppHandle) -> None:
    open_page(qtbot, ui_app)
    ui_app.window.reload_action.trigger()
    assert ui_app.bridge.state is None
    assert lines(ui_app)[-1] == "Page reloaded. 1 earlier connection(s) stay open until they close."
    assert len(ui_app.runtime.active_tasks) == 1


def test_closing_state_is_shown(qtbot: QtBot, make_ui_app: AppFactory, arun: AsyncRunner) -> None:
    server = hostile_server(HostileMode.NEVER_ANSWERS_CLOSE)
    srv = arun(server.__aenter__())
    try:
        handle = make_ui_app(url=srv.url, server=False)
        page = handle.window.page_view
        open_page(qtbot, handle)
        click(qtbot, page.close_button)
        wait_state(qtbot, handle, ReadyState.CLOSING)
        assert page.badge.kind == BadgeKind.CLOSING
        assert page.badge.word == "Closing"
        assert page.close_button.toolTip() == handle.bridge.hint_text(Hint.ALREADY_CLOSED)
    finally:
        arun(server.__aexit__(None, None, None))


def test_dead_port_shows_error_and_abnormal_close(
    qtbot: QtBot, make_ui_app: AppFactory, unused_tcp_port: int
) -> None:
    handle = make_ui_app(url=f"ws://127.0.0.1:{unused_tcp_port}/", server=False)
    click(qtbot, handle.window.page_view.connect_button)
    wait_state(qtbot, handle, ReadyState.CLOSED)
    wait_line(qtbot, handle, "WebSocket 已断开")
    texts = lines(handle)
    assert texts[2].startswith('WebSocket 发生错误: {errMsg: "connection refused by 127.0.0.1:')
    rows = handle.window.console_view.model.rows()
    assert rows[2].level == "error"
    badge = handle.window.page_view.badge
    assert badge.kind == BadgeKind.CLOSED_ABNORMALLY
    assert "1006" in badge.hint_label.text()
    assert "Demo server off" in handle.window.server_label.text()


def test_refused_creation_shows_create_failed(qtbot: QtBot, make_ui_app: AppFactory) -> None:
    handle = make_ui_app(url="wss://not-a-legal-domain.example/", server=False)
    page = handle.window.page_view
    click(qtbot, page.connect_button)
    wait_line(qtbot, handle, "创建完毕")
    qtbot.waitUntil(lambda: page.badge.kind == BadgeKind.CREATE_FAILED, timeout=WAIT_MS)
    assert lines(handle)[0].startswith('创建失败 {errMsg: "connectSocket:fail ')
    assert page.send_button.toolTip() == handle.bridge.hint_text(Hint.CREATE_FAILED)


# -- keyboard and accessibility ----------------------------------------------------------------


def test_shortcuts_drive_the_page(qtbot: QtBot, ui_app: AppHandle) -> None:
    window = ui_app.window
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=WAIT_MS)
    QTest.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    wait_state(qtbot, ui_app, ReadyState.OPEN)
    window.page_view.input.setFocus()
    QTest.keyClicks(window.page_view.input, "k")
    QTest.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_line(qtbot, ui_app, 'socket message: {data: "k"}')
    QTest.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    wait_state(qtbot, ui_app, ReadyState.CLOSED)
    QTest.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert ui_app.bridge.state is None
    assert not ui_app.bridge.has_task()
    sends = [t for t in lines(ui_app) if t.startswith("---- send")]
    assert sends == ["---- send k"]


def test_tab_order_follows_the_page(ui_app: AppHandle) -> None:
    page = ui_app.window.page_view
    chain: list[QWidget] = [page.connect_button]
    for _ in range(4):
        widget = chain[-1].nextInFocusChain()
        while widget is not None and (
            widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isVisible()
        ):
            widget = widget.nextInFocusChain()
        assert widget is not None
        chain.append(widget)
    assert chain == [
        page.connect_button,
        page.close_button,
        page.input,
        page.send_button,
        page.reload_button,
    ]


def _accessible_name(widget: QWidget) -> str:
    """The name a screen reader announces: the accessible name, else a button's own
    words (a bare symbol such as "−" or "✕" names nothing)."""
    if widget.accessibleName():
        return widget.accessibleName()
    if isinstance(widget, QAbstractButton):
        text = widget.text().replace("&", "")
        if any(ch.isalpha() for ch in text):
            return text
    return ""


def _unnamed_in_every_tab(qtbot: QtBot, window: MainWindow) -> tuple[int, dict[str, list[str]]]:
    checked = 0
    unnamed: dict[str, list[str]] = {}
    for index in range(window.panels.count()):
        window.panels.setCurrentIndex(index)
        qtbot.waitUntil(lambda i=index: window.panels.currentWidget().isVisible(), timeout=WAIT_MS)  # type: ignore[misc]
        tab = window.panels.tabText(index)
        for widget in window.findChildren(QWidget):
            if not widget.isVisible() or isinstance(widget, QScrollBar):
                continue
            interactive = isinstance(widget, QAbstractButton) or (
                widget.focusPolicy() != Qt.FocusPolicy.NoFocus
            )
            if not interactive:
                continue
            checked += 1
            if not _accessible_name(widget):
                unnamed.setdefault(tab, []).append(
                    f"{type(widget).__name__} {widget.objectName()!r}"
                )
    return checked, unnamed


def test_interactive_widgets_have_accessible_names(qtbot: QtBot, ui_app: AppHandle) -> None:
    window = ui_app.window
    open_page(qtbot, ui_app)  # a task chip with its close button joins the timeline
    strip = ui_app.panels.timeline.task_strip
    qtbot.waitUntil(lambda: strip.chip_ids() == [1], timeout=WAIT_MS)
    ui_app.panels.composer.load_file(__file__)  # shows the composer's "forget the file" button
    checked, unnamed = _unnamed_in_every_tab(qtbot, window)
    assert checked >= 60
    assert not unnamed
    assert window.console_view.table.accessibleName() == "Console"
    assert window.page_view.badge.accessibleName() == "Connection state: Open"
    chip_close = strip.findChild(QAbstractButton, "task_chip_close_1")
    assert chip_close is not None
    qtbot.waitUntil(lambda: chip_close.accessibleName() == "Close SocketTask 1", timeout=WAIT_MS)
    composer = ui_app.panels.composer
    assert composer.drop_file_button.accessibleName() == "Forget the loaded file"
    assert composer.hex_edit.accessibleName() == "Binary message in hex"


def test_accessible_names_follow_the_language(
    qtbot: QtBot, ui_app: AppHandle, language: Any
) -> None:
    window = ui_app.window
    zoom_in = window.findChild(QWidget, "timeline_zoom_in")
    assert zoom_in is not None
    assert zoom_in.accessibleName() == "Zoom in"
    language("zh")
    qtbot.waitUntil(lambda: zoom_in.accessibleName() == "放大", timeout=WAIT_MS)
    assert ui_app.panels.composer.send_button.accessibleName() == "发送二进制消息"
    checked, unnamed = _unnamed_in_every_tab(qtbot, window)
    assert checked >= 50
    assert not unnamed


# -- language -----------------------------------------------------------------------------------


def test_language_switches_live(qtbot: QtBot, ui_app: AppHandle, language: Any) -> None:
    window = ui_app.window
    page = window.page_view
    assert page.connect_button.text() == "Create WebSocket"
    window.zh_action.trigger()
    assert i18n.current_language() == "zh"
    assert "main_zh_CN" in i18n.installed_catalogs()
    qtbot.waitUntil(lambda: page.connect_button.text() == "创建 WebSocket", timeout=WAIT_MS)
    assert page.close_button.text() == "关闭 WebSocket"
    assert page.send_button.text() == "发送 WebSocket 数据"
    assert page.badge.word == "未创建"
    assert window.file_menu.title() == "文件(&F)"
    assert window.panels.tabText(0) == "控制台"
    assert window.console_view.model.headerData(0, Qt.Orientation.Horizontal) == "时间"
    assert window.zh_action.isChecked()
    window.en_action.trigger()
    qtbot.waitUntil(lambda: page.connect_button.text() == "Create WebSocket", timeout=WAIT_MS)
    assert window.panels.tabText(0) == "Console"


def test_every_ui_string_has_a_chinese_translation() -> None:
    ts = (ROOT / "resources" / "translations" / "main_zh_CN.ts").read_text(encoding="utf-8")
    assert 'type="unfinished"' not in ts
    assert "<translation></translation>" not in ts
    assert (ROOT / "resources" / "translations" / "main_zh_CN.qm").is_file()


def _text_widgets(window: MainWindow) -> list[tuple[QWidget, str]]:
    found: list[tuple[QWidget, str]] = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel | QAbstractButton) and widget.text():
            found.append((widget, widget.text()))
        elif isinstance(widget, QLineEdit):
            found.extend((widget, t) for t in (widget.text(), widget.placeholderText()) if t)
    for menu in (window.file_menu, window.page_menu, window.view_menu, window.help_menu):
        found.append((window.menuBar(), menu.title()))
        found.extend((menu, a.text()) for a in menu.actions() if a.text())
    bar = window.panels.tabBar()
    found.extend((bar, bar.tabText(i)) for i in range(bar.count()))
    model = window.console_view.model
    table = window.console_view.table
    for column in range(model.columnCount()):
        found.append(
            (table.horizontalHeader(), str(model.headerData(column, Qt.Orientation.Horizontal)))
        )
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            found.append((table, str(model.data(model.index(row, column)))))
    return found


def _missing_glyphs(widget: QWidget, text: str) -> list[str]:
    """Characters of ``text`` that the font Qt picks for ``widget`` cannot draw."""
    missing: list[str] = []
    for ch in {c for c in text.replace("&", "") if not c.isspace()}:
        layout = QTextLayout(ch, widget.font())
        layout.beginLayout()
        layout.createLine()
        layout.endLayout()
        runs = layout.glyphRuns()
        glyphs = [g for run in runs for g in run.glyphIndexes()]
        fonts_ok = all(run.rawFont().supportsCharacter(ord(ch)) for run in runs)
        if not glyphs or 0 in glyphs or not fonts_ok:
            missing.append(ch)
    return missing


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_window_png_draws_every_label(
    qtbot: QtBot, ui_app: AppHandle, language: Any, lang: str, tmp_path: Path
) -> None:
    language(lang)
    window = ui_app.window
    open_page(qtbot, ui_app)
    qtbot.waitUntil(lambda: window.page_view.badge.kind == BadgeKind.OPEN, timeout=WAIT_MS)
    if lang == "zh":
        assert window.page_view.connect_button.text() == "创建 WebSocket"
    image = window.grab().toImage()
    path = tmp_path / f"window-{lang}.png"
    assert image.save(str(path))
    assert path.stat().st_size > 10_000
    assert image.width() >= 1000
    assert image.height() >= 700
    texts = _text_widgets(window)
    assert any("WebSocket 已连接" in t for _, t in texts)
    problems = {t: m for w, t in texts if (m := _missing_glyphs(w, t))}
    assert not problems, f"characters without a glyph in the font used: {problems}"


# -- console panel -------------------------------------------------------------------------------


def _entries(n: int, level: str = "log") -> list[ConsoleEntry]:
    return [ConsoleEntry(level, ("line", i), 1_700_000_000.0 + i / 1000) for i in range(n)]  # type: ignore[arg-type]


def test_console_model_passes_the_model_tester(qtmodeltester: Any) -> None:
    model = ConsoleModel(max_rows=10)
    model.append_entries(_entries(4))
    qtmodeltester.check(model)
    model.append_entries(_entries(9, "error"))
    assert model.rowCount() == 10
    assert model.dropped == 3
    model.append_entries(_entries(25, "warn"))
    assert model.rowCount() == 10
    assert model.dropped == 28
    qtmodeltester.check(model)
    model.clear()
    assert model.rowCount() == 0
    assert model.dropped == 0
    qtmodeltester.check(model)


def test_console_model_formats_like_the_devtools() -> None:
    model = ConsoleModel()
    when = 1_700_000_000.25
    model.append_entries(
        [
            ConsoleEntry(
                "log", ("创建成功", {"errMsg": "connectSocket:ok", "socketTaskId": 1}), when
            ),
            ConsoleEntry("error", ("WebSocket 发生错误:", {"errMsg": "x"}), when),
            ConsoleEntry("log", ("socket message:", {"data": "y" * 1_000_000}), when),
            ConsoleEntry("log", ("a\nb",), when),
        ]
    )
    index = model.index
    assert model.data(index(0, 0)) == format_time(when)
    assert model.data(index(0, 0)).endswith(".250")
    assert model.data(index(0, 2)) == '创建成功 {errMsg: "connectSocket:ok", socketTaskId: 1}'
    assert model.data(index(1, 1)) == "error"
    assert model.data(index(1, 2), Qt.ItemDataRole.ForegroundRole).name().upper() == "#D93025"
    assert len(model.data(index(2, 2))) < 2100
    assert model.data(index(3, 2)) == "a b"
    assert model.row(3).as_text().endswith("\tlog\ta\nb")


def test_console_clear_copy_and_dropped_count(qtbot: QtBot, arun: AsyncRunner, qloop: Any) -> None:
    from ui.console_view import ConsoleView

    view = ConsoleView(max_rows=100)
    qtbot.addWidget(view)
    view.show()
    view.model.append_rows([ConsoleRow(1_700_000_000.0 + i, "log", f"m{i}") for i in range(150)])
    assert view.model.rowCount() == 100
    assert view.dropped_label.isVisible()
    assert view.dropped_label.text() == "50 older line(s) dropped"
    assert view.count_label.text() == "100 line(s)"
    view.table.selectRow(0)
    text = view.copy_selection()
    assert text.endswith("\tlog\tm50")
    assert QGuiApplication.clipboard().text() == text
    click(qtbot, view.clear_button)
    assert view.model.rowCount() == 0
    assert not view.dropped_label.isVisible()


def test_console_follows_the_newest_line_only_at_the_bottom(qtbot: QtBot) -> None:
    from ui.console_view import ConsoleView

    view = ConsoleView()
    qtbot.addWidget(view)
    view.resize(600, 300)
    view.show()
    view.model.append_rows([ConsoleRow(0.0, "log", f"m{i}") for i in range(200)])
    bar = view.table.verticalScrollBar()
    assert bar.value() == bar.maximum() > 0
    bar.setValue(0)
    view.model.append_rows([ConsoleRow(0.0, "log", "more")])
    assert bar.value() == 0


def test_a_flood_is_batched_and_counted(qtbot: QtBot, ui_app: AppHandle) -> None:
    bridge = ui_app.bridge
    model = ui_app.window.console_view.model
    before = bridge.flush_count
    for i in range(60_000):
        ui_app.console.log("flood", i)
    assert bridge.console_count == 60_000
    qtbot.waitUntil(lambda: model.rowCount() + model.dropped == 60_000)
    assert model.rowCount() == 50_000
    # Batched: hundreds of lines per signal (chunks sized to a few ms per turn), never one
    # signal per line.
    assert bridge.flush_count - before <= 60_000 // 200
    assert model.dropped == 10_000
    assert model.row(model.rowCount() - 1).text == "flood 59999"


def test_the_views_that_skip_a_flood_get_the_other_events_worked_out_once() -> None:
    """Data frames and onMessage calls are a flood's; everything else (a close frame, other
    listeners, API calls) is what the badge, the window and the task strip look for."""
    frame_in = FrameEvent(task_id=1, direction=Direction.IN, opcode=Opcode.TEXT, size=1, data="x")
    fired = message_fired(frame_in)
    close = FrameEvent(
        task_id=1, direction=Direction.IN, opcode=Opcode.CLOSE, size=2, close_code=1000
    )
    on_close = ListenerFired(task_id=1, listener="onClose", payload={"code": 1000})
    api = ApiCalled(task_id=1, api="connectSocket")
    batch = EventBatch([api, frame_in, fired, close, on_close])
    assert notable_events(batch) == [api, close, on_close]
    assert notable_events(batch) is notable_events(batch)  # sorted out once per batch
    assert notable_events([frame_in, on_close, fired]) == [on_close]


# -- errors ---------------------------------------------------------------------------------------


def test_unexpected_exception_shows_a_dialog_and_is_logged(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    try:
        raise ValueError("boom")
    except ValueError as exc:
        excepthook.report(type(exc), exc, exc.__traceback__)
    dialog = excepthook.current_dialog()
    assert dialog is not None
    try:
        assert dialog.isVisible()
        assert "ValueError: boom" in dialog.informativeText()
        assert "Traceback" in dialog.detailedText()
        assert any(r.levelname == "CRITICAL" and r.exc_info for r in caplog.records)
        excepthook.loop_exception_handler(
            None,  # type: ignore[arg-type]
            {"message": "Task exception was never retrieved", "exception": KeyError("k")},
        )
        assert dialog.errors[-1].endswith("KeyError: 'k'")
        assert "2 unexpected errors" in dialog.text()
        excepthook.loop_exception_handler(
            None,  # type: ignore[arg-type]
            {"message": "peer reset", "exception": ConnectionResetError()},
        )
        assert len(dialog.errors) == 2
    finally:
        dialog.done(0)
    assert excepthook.current_dialog() is None
    excepthook.uninstall()  # releases the dialog while the application still exists


def test_bridge_refuses_unknown_buttons(ui_app: AppHandle) -> None:
    with pytest.raises(ValueError, match="unknown button"):
        ui_app.bridge.hint_for("nope")


def test_bridge_events_are_relayed_in_order(qtbot: QtBot, ui_app: AppHandle) -> None:
    seen: list[Any] = []
    ui_app.bridge.events.connect(seen.extend)
    open_page(qtbot, ui_app)
    kinds = [e.kind for e in seen]
    assert kinds[0] == "api"
    assert "state" in kinds
    assert "handshake" in kinds
    assert [e.seq for e in seen] == sorted(e.seq for e in seen)
    assert ui_app.bridge.event_count >= len(seen)


def test_bridge_works_without_a_window(qtbot: QtBot, arun: AsyncRunner) -> None:
    from app.config import AppConfig
    from app.index_page import IndexPage
    from app.runtime import Runtime

    runtime = Runtime()
    console = Console()
    page = IndexPage(runtime, console, "ws://127.0.0.1:9/")
    bridge = Bridge(runtime, console, page, AppConfig())
    got: list[Any] = []
    bridge.data_changed.connect(got.append)
    bridge.input_changed("abc")
    qtbot.waitUntil(lambda: got == [{"inputValue": "abc"}], timeout=WAIT_MS)
    bridge.set_url("ws://127.0.0.1:10/")
    assert page.url == "ws://127.0.0.1:10/"
    bridge.close()
    arun(runtime.aclose())


# -- whole-process behaviour ----------------------------------------------------------------------

DRIVER = textwrap.dedent(
    """
    import os, sys, time
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from app.events import ReadyState
    from ui.main import create_application, main
    from ui.main_window import MainWindow

    target = ReadyState[sys.argv[1]]
    app = create_application()
    marks = {}

    def window():
        return next((w for w in app.topLevelWidgets() if isinstance(w, MainWindow)), None)

    def step():
        w = window()
        if w is None or not w.isVisible():
            return
        if "clicked" not in marks:
            marks["clicked"] = time.perf_counter()
            w.page_view.connect_button.click()
            return
        if w.bridge.current_state() is target and "closed" not in marks:
            marks["closed"] = time.perf_counter()
            timer.stop()
            w.close()

    timer = QTimer()
    timer.timeout.connect(step)
    timer.start(5)
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.timeout.connect(lambda: (print("TIMEOUT", flush=True), os._exit(3)))
    deadline.start(8000)
    status = main(sys.argv[2:])
    print(f"shutdown_s={time.perf_counter() - marks['closed']:.3f}", flush=True)
    sys.exit(status)
    """
)


@pytest.mark.parametrize(
    ("state", "args"),
    [
        ("CONNECTING", ["--lang", "en", "--scenario", "slow"]),
        ("OPEN", ["--lang", "en"]),
    ],
)
def test_closing_the_window_shuts_down_cleanly(tmp_path: Path, state: str, args: list[str]) -> None:
    started = time.perf_counter()
    proc = run_driver(tmp_path, DRIVER, state, *args)
    assert_clean_exit(proc)
    assert time.perf_counter() - started < 30


def test_python_m_app_rejects_bad_arguments_clearly(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "app", "--lang", "fr"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=str(ROOT),
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp_path)),
        check=False,
    )
    assert proc.returncode == 2
    assert "--lang" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_import_app_stays_qt_free() -> None:
    code = "import sys, app, app.__main__; print(any(m.startswith(('PySide6', 'qasync', 'shiboken6')) for m in sys.modules))"
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=str(ROOT),
        check=True,
        timeout=60,
    )
    assert proc.stdout.strip() == "False"


def test_language_change_event_reaches_the_window(qtbot: QtBot, ui_app: AppHandle) -> None:
    window = ui_app.window
    window.setWindowTitle("x")
    QApplication.sendEvent(window, QEvent(QEvent.Type.LanguageChange))
    assert window.windowTitle() == "ttsocket-demo — tt.connectSocket sample page"


def test_the_screenshot_script_renders_the_real_window(arun: AsyncRunner, tmp_path: Path) -> None:
    from PySide6.QtGui import QImage

    from ui.devtools.screenshot import take_screenshots

    written = arun(take_screenshots(tmp_path, ["en"]), timeout_ms=30_000)
    assert [p.name for p in written] == ["window-en.png", "states-en.png", "several-en.png"]
    window = QImage(str(written[0]))
    states = QImage(str(written[1]))
    assert window.width() >= 1000
    assert states.width() > 4 * 375
    # Four pages side by side, each with its state badge in its own colour.
    colors = {
        states.pixelColor(24 + i * (states.width() - 24) // 4 + 30, 90).name() for i in range(4)
    }
    assert len(colors) == 4, colors


# -- the panels around the page -------------------------------------------------------------------


def test_panels_follow_the_page(qtbot: QtBot, ui_app: AppHandle) -> None:
    window = ui_app.window
    titles = [window.panels.tabText(i) for i in range(window.panels.count())]
    assert titles == ["Console", "Timeline", "Log", "Settings"]
    open_page(qtbot, ui_app)
    timeline = ui_app.panels.timeline
    log = ui_app.panels.log
    qtbot.waitUntil(lambda: log.model.rowCount() > 0 and timeline.model is not None)
    assert ui_app.panels.sessions.recorder.events
    assert ui_app.panels.composer.send_button.isEnabled() is False  # nothing typed yet
    ui_app.panels.composer.set_hex("01 02 ff")
    QTest.mouseClick(ui_app.panels.composer.send_button, Qt.MouseButton.LeftButton)
    wait_line(qtbot, ui_app, "socket message: {data: ArrayBuffer(3)")
    assert "---- send ArrayBuffer(3) [01 02 ff]" in lines(ui_app)
    timeline.task_strip.close_all_requested.emit()
    wait_state(qtbot, ui_app, ReadyState.CLOSED)


def test_picking_a_scenario_sets_the_url(qtbot: QtBot, ui_app: AppHandle) -> None:
    picker = ui_app.panels.picker
    picker.set_selection("close-after", {"n": 1, "code": 4001, "reason": "bye"})
    qtbot.waitUntil(lambda: "/close-after?" in ui_app.page.url, timeout=WAIT_MS)
    assert ui_app.bridge.config.scenario == "close-after"
    assert "Demo server: " in ui_app.window.server_label.text()
    assert "scenario: close-after" in ui_app.window.server_label.text()
    open_page(qtbot, ui_app)
    QTest.keyClicks(ui_app.window.page_view.input, "x")
    QTest.keyClick(ui_app.window.page_view.input, Qt.Key.Key_Return)
    wait_state(qtbot, ui_app, ReadyState.CLOSED)
    badge = ui_app.window.page_view.badge
    qtbot.waitUntil(lambda: "4001" in badge.hint_label.text(), timeout=WAIT_MS)
    assert badge.kind == BadgeKind.CLOSED  # an application's own code: not an accident


def test_applying_settings_reloads_the_page(
    qtbot: QtBot, ui_app: AppHandle, tls_ca_file: str
) -> None:
    bridge = ui_app.bridge
    open_page(qtbot, ui_app)
    first = bridge.runtime
    old_task = ui_app.page.socket_task
    assert bridge.apply_config(bridge.config.replace(timeout_ms=5000))
    assert bridge.runtime is first  # same runtime, new rules: task ids keep counting
    assert first.default_timeout_ms == 5000
    assert bridge.state is None
    assert lines(ui_app)[-1] == "Settings applied; the page was reloaded."
    assert old_task is not None
    assert old_task.ready_state is ReadyState.OPEN  # the earlier socket stays open
    open_page(qtbot, ui_app)
    assert ui_app.page.connect_options["timeout"] == 5000
    assert ui_app.page.socket_task is not None
    assert ui_app.page.socket_task.socket_task_id == 2
    # Options that the runtime does not enforce apply to the next connection only.
    assert bridge.apply_config(bridge.config.replace(protocols=("chat",)))
    assert lines(ui_app)[-1] == "Settings applied to the next connection."
    assert ui_app.page.connect_options["protocols"] == ["chat"]
    assert bridge.state is ReadyState.OPEN
    # A CA file needs a new runtime; the old one is closed at shutdown with the rest.
    assert bridge.apply_config(bridge.config.replace(ca_file=tls_ca_file))
    assert bridge.runtime is not first
    assert bridge.runtimes == [first, bridge.runtime]


@pytest.fixture
def tls_ca_file(tmp_path: Path) -> str:
    import trustme

    path = tmp_path / "ca.pem"
    trustme.CA().cert_pem.write_to_path(str(path))
    return str(path)


def test_settings_the_runtime_refuses_are_explained(
    qtbot: QtBot, ui_app: AppHandle, tmp_path: Path
) -> None:
    bad = tmp_path / "not-a-ca.pem"
    bad.write_text("hello", encoding="utf-8")
    bridge = ui_app.bridge
    first = bridge.runtime
    assert not bridge.apply_config(bridge.config.replace(ca_file=str(bad)))
    assert bridge.runtime is first
    assert lines(ui_app)[-1].startswith("The settings were not applied: ")
    assert ui_app.window.console_view.model.row(0).level == "error"


ERROR_DRIVER = textwrap.dedent(
    """
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox
    from app.events import ReadyState
    from ui import excepthook
    from ui.main import create_application, main
    from ui.main_window import MainWindow

    app = create_application()
    steps = []

    def window():
        return next((w for w in app.topLevelWidgets() if isinstance(w, MainWindow)), None)

    def boom():
        raise RuntimeError("a slot failed on purpose")

    def step():
        w = window()
        dialog = excepthook.current_dialog()
        if not steps:
            # Before any window exists (no parent for the dialog), as when the app
            # is not focused: an unexpected bug in a callback.
            steps.append("raise")
            QTimer.singleShot(0, boom)
        elif steps == ["raise"] and dialog is not None:
            steps.append("dismiss")
            print("dialog:", dialog.informativeText().splitlines()[0], flush=True)
            dialog.button(QMessageBox.StandardButton.Ok).click()
        elif steps == ["raise", "dismiss"] and w is not None and w.isVisible():
            steps.append("connect")
            w.page_view.connect_button.click()
        elif steps[-1] == "connect" and w.bridge.current_state() is ReadyState.OPEN:
            steps.append("close")
            w.close()

    timer = QTimer()
    timer.timeout.connect(step)
    timer.start(5)
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.timeout.connect(lambda: (print("TIMEOUT", steps, flush=True), os._exit(3)))
    deadline.start(8000)
    status = main(["--lang", "en"])
    print("steps:", ",".join(steps), flush=True)
    sys.exit(status)
    """
)


def test_an_unexpected_error_is_shown_logged_and_survived(tmp_path: Path) -> None:
    proc = run_driver(tmp_path, ERROR_DRIVER, warnings=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "dialog: RuntimeError: a slot failed on purpose" in proc.stdout
    assert "steps: raise,dismiss,connect,close" in proc.stdout
    assert "RuntimeError: a slot failed on purpose" in proc.stderr  # logged, with traceback
    logs = list((tmp_path / "data").rglob("*.log"))
    assert logs, "no log file written"
    assert "a slot failed on purpose" in logs[0].read_text(encoding="utf-8")


def test_quitting_with_the_error_dialog_open_is_clean(tmp_path: Path) -> None:
    script = tmp_path / "quit_with_dialog.py"
    script.write_text(
        textwrap.dedent(
            """
            import os
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
            from PySide6.QtCore import QTimer
            from PySide6.QtWidgets import QApplication
            from ui import excepthook

            app = QApplication([])

            def fail():
                try:
                    raise ValueError("no window to parent the dialog")
                except ValueError as exc:
                    excepthook.report(type(exc), exc, exc.__traceback__)

            QTimer.singleShot(0, fail)
            QTimer.singleShot(50, app.quit)  # closes every window, the dialog too
            app.exec()
            excepthook.uninstall()
            print("clean", flush=True)
            """
        ),
        encoding="utf-8",
    )
    proc = subprocess.run(
        [sys.executable, "-X", "faulthandler", str(script)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=str(ROOT),
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "clean"
