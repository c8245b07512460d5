"""Several connections: the seed's tip ("a second connectSocket does not close the first")
shown with the real window, the real bridge and the embedded server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QLineEdit
from pytestqt.qtbot import QtBot

from app.config import AppConfig
from app.events import ApiCalled, FrameEvent, ReadyState
from tests.ui.conftest import WAIT_MS, AppFactory, AsyncRunner
from ui.bridge import Hint
from ui.main import AppHandle, build_app, shutdown
from ui.settings_panel import SETTINGS_GROUP, read_config
from ui.state_badge import BadgeKind

ONE_PER_PAGE = (
    "One connection per page again, as in the sample: “Create WebSocket” creates a "
    "SocketTask only while the page has none."
)


def lines(handle: AppHandle) -> list[str]:
    handle.bridge.flush()
    return [row.text for row in handle.window.console_view.model.rows()]


def tap_connect(handle: AppHandle) -> None:
    QTest.mouseClick(handle.window.page_view.connect_button, Qt.MouseButton.LeftButton)


def open_ids(handle: AppHandle) -> list[int]:
    return sorted(
        t.socket_task_id
        for t in handle.runtime.active_tasks
        if t.ready_state is ReadyState.OPEN and t.socket_task_id is not None
    )


def test_the_switch_allows_several_open_tasks_and_close_all_closes_them(
    qtbot: QtBot, ui_app: AppHandle
) -> None:
    window = ui_app.window
    bridge = ui_app.bridge
    page = ui_app.page
    assert not bridge.config.allow_multiple
    assert not window.multiple_action.isChecked()
    assert window.sockets_label.text() == "Sockets: 0 / 5"
    assert not window.close_all_action.isEnabled()

    window.multiple_action.trigger()
    assert bridge.config.allow_multiple
    assert ui_app.page is page  # applied without reloading the page
    text = lines(ui_app)
    assert text == [
        "Several connections allowed: each “Create WebSocket” creates a new SocketTask "
        "and earlier ones stay open (at most 5 at once)."
    ]
    panel_box = ui_app.panels.settings.findChild(QCheckBox, "allow_multiple")
    assert panel_box is not None
    assert panel_box.isChecked()
    assert ui_app.panels.settings.config().allow_multiple

    for _ in range(3):
        tap_connect(ui_app)
    qtbot.waitUntil(lambda: open_ids(ui_app) == [1, 2, 3], timeout=WAIT_MS)
    assert ui_app.page is page
    assert page.socket_task is not None
    assert page.socket_task.socket_task_id == 3
    text = lines(ui_app)
    assert "Several connections allowed: SocketTask 1 stays open; a new one is created." in text
    assert "Several connections allowed: SocketTask 2 stays open; a new one is created." in text
    assert text.count("WebSocket 已连接") == 3
    assert window.sockets_label.text() == "Sockets: 3 / 5"
    assert window.close_all_action.isEnabled()
    # The connect button can act, and says that the current connection stays open.
    connect = window.page_view.connect_button
    assert connect.property("idle") is False
    assert "several connections are allowed" in connect.toolTip()
    # The timeline draws each task with its own chip (own colour) and counts them.
    strip = ui_app.panels.timeline.task_strip
    qtbot.waitUntil(lambda: strip.chip_ids() == [1, 2, 3], timeout=WAIT_MS)
    assert strip.cap_label.text() == "Sockets 3 / 5"

    # Send acts on the newest task, as the sample's socketTask variable would.
    sent: list[Any] = []
    bridge.events.connect(sent.extend)
    QTest.keyClicks(window.page_view.input, "to three")
    QTest.keyClick(window.page_view.input, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: any(isinstance(e, FrameEvent) and e.direction == "in" for e in sent),
        timeout=WAIT_MS,
    )
    frames = {e.task_id for e in sent if isinstance(e, FrameEvent)}
    assert frames == {3}

    window.close_all_action.trigger()
    assert lines(ui_app)[-1] == "Closing 3 open connection(s)."
    qtbot.waitUntil(lambda: not ui_app.runtime.active_tasks, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: lines(ui_app).count("WebSocket 已断开") == 3, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.sockets_label.text() == "Sockets: 0 / 5", timeout=WAIT_MS)
    assert not window.close_all_action.isEnabled()
    window.close_all_action.trigger()  # disabled: nothing happens
    assert lines(ui_app)[-1] == "WebSocket 已断开"
    bridge.close_all()
    assert lines(ui_app)[-1] == "No open connection to close."


def test_the_five_socket_cap_is_visible(qtbot: QtBot, make_ui_app: AppFactory) -> None:
    handle = make_ui_app(allow_multiple=True)
    window = handle.window
    bridge = handle.bridge
    connect = window.page_view.connect_button
    for _ in range(5):
        tap_connect(handle)
    qtbot.waitUntil(lambda: open_ids(handle) == [1, 2, 3, 4, 5], timeout=WAIT_MS)
    assert window.sockets_label.text() == "Sockets: 5 / 5"
    assert "limit is reached" in window.sockets_label.toolTip()
    assert bridge.hint_for("connect") == Hint.CAP_REACHED
    assert connect.property("idle") is True
    assert connect.toolTip() == bridge.hint_text(Hint.CAP_REACHED)
    strip = handle.panels.timeline.task_strip
    qtbot.waitUntil(lambda: strip.cap_label.text() == "Sockets 5 / 5", timeout=WAIT_MS)

    tap_connect(handle)  # the 6th: refused by the runtime, as the sample's fail callback says
    qtbot.waitUntil(lambda: any(t.startswith("创建失败") for t in lines(handle)), timeout=WAIT_MS)
    text = lines(handle)
    assert bridge.hint_text(Hint.CAP_REACHED) in text
    refused = next(t for t in text if t.startswith("创建失败"))
    assert refused.startswith('创建失败 {errMsg: "connectSocket:fail too many sockets')
    assert open_ids(handle) == [1, 2, 3, 4, 5]  # the five stay open
    qtbot.waitUntil(lambda: window.page_view.badge.kind == BadgeKind.CREATE_FAILED, timeout=WAIT_MS)
    assert window.page_view.send_button.toolTip() == bridge.hint_text(Hint.CREATE_FAILED)
    assert "tries again" in bridge.hint_text(Hint.CREATE_FAILED)

    # One closes (from the timeline's chip): there is room again.
    strip.close_task_requested.emit(2)
    qtbot.waitUntil(lambda: open_ids(handle) == [1, 3, 4, 5], timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.sockets_label.text() == "Sockets: 4 / 5", timeout=WAIT_MS)
    assert bridge.hint_for("connect") is None
    assert connect.property("idle") is False
    tap_connect(handle)
    qtbot.waitUntil(lambda: open_ids(handle) == [1, 3, 4, 5, 6], timeout=WAIT_MS)


def test_with_the_switch_off_the_samples_guard_holds(qtbot: QtBot, ui_app: AppHandle) -> None:
    bridge = ui_app.bridge
    tap_connect(ui_app)
    qtbot.waitUntil(lambda: open_ids(ui_app) == [1], timeout=WAIT_MS)
    before = lines(ui_app)
    tap_connect(ui_app)
    assert lines(ui_app) == [*before, bridge.hint_text(Hint.ALREADY_CREATED)]
    assert len(ui_app.runtime.active_tasks) == 1

    # On, one more, then off again: the guard is back, the earlier tasks stay open.
    ui_app.window.multiple_action.trigger()
    tap_connect(ui_app)
    qtbot.waitUntil(lambda: open_ids(ui_app) == [1, 2], timeout=WAIT_MS)
    ui_app.window.multiple_action.trigger()
    assert not bridge.config.allow_multiple
    assert lines(ui_app)[-1] == ONE_PER_PAGE
    before = lines(ui_app)
    tap_connect(ui_app)
    assert lines(ui_app) == [*before, bridge.hint_text(Hint.ALREADY_CREATED)]
    assert open_ids(ui_app) == [1, 2]
    assert ui_app.window.page_view.connect_button.toolTip() == bridge.hint_text(
        Hint.ALREADY_CREATED
    )
    calls = [
        e
        for e in ui_app.panels.sessions.recorder.events
        if isinstance(e, ApiCalled) and e.api == "connectSocket"
    ]
    assert len(calls) == 2


def test_a_closed_task_is_replaced_by_a_new_one(qtbot: QtBot, make_ui_app: AppFactory) -> None:
    handle = make_ui_app(allow_multiple=True)
    page_view = handle.window.page_view
    tap_connect(handle)
    qtbot.waitUntil(lambda: open_ids(handle) == [1], timeout=WAIT_MS)
    QTest.mouseClick(page_view.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: handle.bridge.state is ReadyState.CLOSED, timeout=WAIT_MS)
    badge = page_view.badge
    assert badge.hint_label.text() == "Closed with code 1000. “Create WebSocket” connects again."
    assert page_view.close_button.toolTip() == handle.bridge.hint_text(Hint.ALREADY_CLOSED)
    tap_connect(handle)
    assert lines(handle)[-1] == "Several connections allowed: a new SocketTask is created."
    qtbot.waitUntil(lambda: open_ids(handle) == [2], timeout=WAIT_MS)
    qtbot.waitUntil(lambda: badge.kind == BadgeKind.OPEN, timeout=WAIT_MS)


def test_the_settings_panel_and_the_menu_agree(qtbot: QtBot, ui_app: AppHandle) -> None:
    window = ui_app.window
    panel = ui_app.panels.settings
    box = panel.findChild(QCheckBox, "allow_multiple")
    assert box is not None
    box.setChecked(True)
    assert panel.apply()
    assert window.multiple_action.isChecked()
    assert ui_app.bridge.config.allow_multiple
    assert "page was reloaded" not in " ".join(lines(ui_app))

    # An unapplied edit in the panel survives a switch from the menu.
    protocols = panel.findChild(QLineEdit, "protocols_edit")
    assert protocols is not None
    QTest.keyClicks(protocols, "chat")
    window.multiple_action.trigger()
    assert not ui_app.bridge.config.allow_multiple
    assert not box.isChecked()
    assert protocols.text() == "chat"
    edited = panel.edited_config()
    assert edited is not None
    assert edited.protocols == ("chat",)
    assert panel.apply()
    assert ui_app.bridge.config.protocols == ("chat",)
    assert not ui_app.bridge.config.allow_multiple
    assert not window.multiple_action.isChecked()


def test_the_menu_switches_are_stored(
    qtbot: QtBot, arun: AsyncRunner, tmp_path: Path, language: Any
) -> None:
    path = tmp_path / "settings.ini"
    settings = QSettings(str(path), QSettings.Format.IniFormat)
    handle = arun(build_app(AppConfig(lang="en"), settings=settings))
    try:
        window = handle.window
        window.set_settings(settings)
        assert window.settings is settings
        window.show()
        window.multiple_action.trigger()
        window.zh_action.trigger()
        assert read_config(settings).config.allow_multiple
        assert read_config(settings).config.lang == "zh"
        assert handle.bridge.config.lang == "zh"
        assert read_config(settings).config.presenter is False
        window.presenter_action.trigger()
        assert read_config(settings).config.presenter is True
        window.presenter_action.trigger()

        # The settings panel stores every field on Apply, the language it was given at
        # start-up among them: the language chosen in the menu stays stored.
        panel = handle.panels.settings
        timeout = panel.findChild(QLineEdit, "timeout_edit")
        assert timeout is not None
        timeout.setText("7000")
        assert panel.apply()
        stored = read_config(settings).config
        assert stored.timeout_ms == 7000
        assert stored.lang == "zh"
        assert stored.allow_multiple
        assert handle.bridge.config.lang == "zh"
        window.en_action.trigger()
        assert read_config(settings).config.lang == "en"
        settings.beginGroup(SETTINGS_GROUP)
        assert settings.value("lang") == "en"
        settings.endGroup()
    finally:
        arun(shutdown(handle))
        handle.window.close()
        handle.window.deleteLater()


def test_the_runtimes_cap_is_the_one_shown(qtbot: QtBot, make_ui_app: AppFactory) -> None:
    handle = make_ui_app(allow_multiple=True)
    handle.runtime.max_sockets = 2
    tap_connect(handle)
    tap_connect(handle)
    qtbot.waitUntil(lambda: open_ids(handle) == [1, 2], timeout=WAIT_MS)
    strip = handle.panels.timeline.task_strip
    qtbot.waitUntil(lambda: strip.cap_label.text() == "Sockets 2 / 2", timeout=WAIT_MS)
    assert strip.cap == 2
    assert handle.window.sockets_label.text() == "Sockets: 2 / 2"
    assert handle.bridge.hint_for("connect") == Hint.CAP_REACHED
    assert "2 sockets are connecting or open" in handle.bridge.hint_text(Hint.CAP_REACHED)
