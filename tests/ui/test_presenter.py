"""Presenter mode, live: larger type, higher contrast, secrets masked, and back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QCheckBox
from pytestqt.qtbot import QtBot

from app.events import ReadyState
from tests.ui.conftest import WAIT_MS, AppFactory
from ui.main import AppHandle
from ui.page_view import PRESENTER_SCALE
from ui.resources import app_font


def sizes(handle: AppHandle) -> dict[str, float]:
    """Point sizes of the type a presenter's audience reads."""
    window = handle.window
    page = window.page_view
    console = window.console_view
    return {
        "button": page.connect_button.font().pointSizeF(),
        "input": page.input.font().pointSizeF(),
        "title": page.title_label.font().pointSizeF(),
        "url": page.url_label.font().pointSizeF(),
        "reload": page.reload_button.font().pointSizeF(),
        "badge_word": page.badge.word_label.font().pointSizeF(),
        "badge_hint": page.badge.hint_label.font().pointSizeF(),
        "console_lines": console.table.font().pointSizeF(),
        "console_clear": console.clear_button.font().pointSizeF(),
        "status": window.server_label.font().pointSizeF(),
        "row_height": float(console.table.verticalHeader().defaultSectionSize()),
    }


def button_color(handle: AppHandle) -> QColor:
    """The fill of 关闭 WebSocket (a button that can act while the socket is open)."""
    button = handle.window.page_view.close_button
    image = button.grab().toImage()
    return image.pixelColor(8, image.height() // 2)


def test_presenter_mode_is_live_and_reversible(qtbot: QtBot, ui_app: AppHandle) -> None:
    window = ui_app.window
    page = window.page_view
    QTest.mouseClick(page.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ui_app.bridge.state is ReadyState.OPEN, timeout=WAIT_MS)
    page.input.setFocus()  # the button's look without the focus ring
    before = sizes(ui_app)
    plain_green = button_color(ui_app)
    old_page = ui_app.page
    lines_before = ui_app.window.console_view.model.rowCount()

    window.presenter_action.trigger()
    assert window.presenter
    assert ui_app.bridge.config.presenter
    assert window.presenter_action.isChecked()
    assert ui_app.page is old_page  # nothing reloaded, the socket stays open
    assert ui_app.bridge.state is ReadyState.OPEN
    ui_app.bridge.flush()
    assert ui_app.window.console_view.model.rowCount() == lines_before  # no console noise
    after = sizes(ui_app)
    for name, size in before.items():
        expected = round(size * PRESENTER_SCALE) if name == "row_height" else size * 1.3
        assert after[name] == pytest.approx(expected, abs=0.01), name
    # The console's columns grow with the type.
    table = window.console_view.table
    assert table.columnWidth(0) > table.fontMetrics().horizontalAdvance("00:00:00.000")
    # Higher contrast: the stylesheet variant darkens the green behind the white text.
    assert window.styleSheet()
    dark_green = button_color(ui_app)
    assert dark_green.lightness() < plain_green.lightness() - 20
    # The timeline, the log and the settings panel follow (they mask secrets too).
    assert ui_app.panels.log.live_model.masked
    panel_box = ui_app.panels.settings.findChild(QCheckBox, "presenter")
    assert panel_box is not None
    assert panel_box.isChecked()

    window.presenter_action.trigger()
    assert not window.presenter
    assert not ui_app.bridge.config.presenter
    assert sizes(ui_app) == before
    assert window.styleSheet() == ""
    assert button_color(ui_app) == plain_green
    assert not ui_app.panels.log.live_model.masked


def test_presenter_mode_masks_secrets_on_screen(
    qtbot: QtBot, make_ui_app: AppFactory, unused_tcp_port: int
) -> None:
    url = f"ws://127.0.0.1:{unused_tcp_port}/feed?token=s3cret&room=7"
    handle = make_ui_app(url=url, server=False)
    window = handle.window
    assert window.page_view.url_label.text() == url
    assert "s3cret" in window.server_label.text()
    window.presenter_action.trigger()
    assert window.page_view.url_label.text() == (
        f"ws://127.0.0.1:{unused_tcp_port}/feed?token=***&room=7"
    )
    assert "s3cret" not in window.server_label.text()
    assert "token=***" in window.server_label.text()
    # Console lines that carry the URL are masked on screen and when copied.
    handle.console.log("socket message:", {"data": url})
    handle.bridge.flush()
    model = window.console_view.model
    last = model.rowCount() - 1
    shown = model.data(model.index(last, model.TEXT))
    assert "s3cret" not in shown
    assert "token=***" in shown
    assert "s3cret" not in model.rows_text([last])
    window.presenter_action.trigger()
    assert window.page_view.url_label.text() == url
    assert "s3cret" in window.server_label.text()
    assert "s3cret" in model.data(model.index(last, model.TEXT))


def test_the_shortcut_and_the_settings_panel_switch_presenter_mode(
    qtbot: QtBot, ui_app: AppHandle
) -> None:
    window = ui_app.window
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=WAIT_MS)
    QTest.keyClick(
        window,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.presenter
    QTest.keyClick(
        window,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert not window.presenter

    panel = ui_app.panels.settings
    box = panel.findChild(QCheckBox, "presenter")
    assert box is not None
    box.setChecked(True)
    assert panel.apply()
    assert window.presenter
    assert window.presenter_action.isChecked()
    box.setChecked(False)
    assert panel.apply()
    assert not window.presenter
    assert not window.presenter_action.isChecked()


def test_starting_in_presenter_mode_enlarges_once(
    qtbot: QtBot, make_ui_app: AppFactory, tmp_path: Path
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    base = app_font().pointSizeF()
    handle = make_ui_app(presenter=True)
    # The window applies presenter mode itself; the application font stays plain.
    assert QApplication.font().pointSizeF() == pytest.approx(base)
    window = handle.window
    assert window.presenter
    assert window.presenter_action.isChecked()
    expected = base * PRESENTER_SCALE
    assert window.page_view.badge.hint_label.font().pointSizeF() == pytest.approx(expected)
    assert window.console_view.table.font().pointSizeF() == pytest.approx(expected)
    path = tmp_path / "presenter.png"
    assert window.grab().save(str(path))
    window.presenter_action.trigger()
    assert window.page_view.badge.hint_label.font().pointSizeF() == pytest.approx(base)


def test_presenter_mode_in_chinese_keeps_every_label_on_the_page(
    qtbot: QtBot, ui_app: AppHandle, language: Any
) -> None:
    language("zh")
    window = ui_app.window
    page = window.page_view
    window.presenter_action.trigger()
    qtbot.waitUntil(lambda: page.connect_button.text() == "创建 WebSocket", timeout=WAIT_MS)
    for button in (page.connect_button, page.close_button, page.send_button):
        needed = button.fontMetrics().horizontalAdvance(button.text())
        assert needed < button.contentsRect().width(), button.objectName()
    hint = page.badge.hint_label
    assert hint.heightForWidth(hint.width()) <= hint.height()
