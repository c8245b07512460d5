"""``SettingsPanel``: typed values are checked as they are typed, invalid ones are refused with
their reason next to the field and Apply stays disabled; applied settings round-trip through a
real ``QSettings`` INI file; corrupt stored values never crash. Real widgets, offscreen."""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
import trustme
from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
)
from pytestqt.qtbot import QtBot

from app.config import PROBLEM_TEXTS, AppConfig
from app.rules import Mode
from ui.resources import resource_path
from ui.settings_panel import _PROBLEM_TEXTS as UI_PROBLEM_TEXTS
from ui.settings_panel import (
    SETTINGS_GROUP,
    HeadersModel,
    SettingsPanel,
    load_config,
    read_config,
    save_config,
)

TS_FILE = resource_path("translations", "settings_zh_CN.ts")


@pytest.fixture
def panel(qtbot: QtBot) -> SettingsPanel:
    widget = SettingsPanel(AppConfig(lang="en"))
    qtbot.addWidget(widget)
    widget.resize(560, 900)
    widget.show()
    return widget


@pytest.fixture
def ca_file(tmp_path: Path) -> str:
    path = tmp_path / "ca.pem"
    trustme.CA().cert_pem.write_to_path(str(path))
    return str(path)


T = TypeVar("T", bound=QObject)


def child(panel: SettingsPanel, kind: type[T], name: str) -> T:
    found = panel.findChild(kind, name)
    assert found is not None, name
    return found


def retype(edit: QLineEdit, text: str) -> None:
    """Replace the text of ``edit`` by typing, as a user would."""
    edit.selectAll()
    QTest.keyClick(edit, Qt.Key.Key_Delete)
    QTest.keyClicks(edit, text)


def apply_button(panel: SettingsPanel) -> QPushButton:
    return child(panel, QPushButton, "apply_button")


# -- typing invalid values ------------------------------------------------------------------------


def test_starts_clean_with_apply_disabled_until_something_changes(panel: SettingsPanel) -> None:
    assert panel.problems() == []
    assert all(not panel.reason_label(name).isVisible() for name in SettingsPanel.EDITED_FIELDS)
    assert not apply_button(panel).isEnabled()
    assert panel.edited_config() == panel.config() == AppConfig(lang="en")


def test_typing_a_bad_timeout_shows_the_reason_and_disables_apply(
    panel: SettingsPanel, qtbot: QtBot
) -> None:
    timeout = child(panel, QLineEdit, "timeout_edit")
    retype(timeout, "12x")
    reason = panel.reason_label("timeout_ms")
    assert reason.isVisible()
    assert reason.text() == "timeout must be a whole number of milliseconds"
    assert reason.severity == "error"
    assert not apply_button(panel).isEnabled()
    assert panel.edited_config() is None
    status = child(panel, QLabel, "settings_status")
    assert status.text() == "Settings to fix before applying: 1"

    retype(timeout, "0")
    assert reason.text() == "timeout must be between 1 ms and 24 hours (86400000 ms)"
    assert not apply_button(panel).isEnabled()

    retype(timeout, "1500")
    assert not reason.isVisible()
    assert apply_button(panel).isEnabled()
    with qtbot.waitSignal(panel.config_applied, timeout=1000) as applied:
        QTest.mouseClick(apply_button(panel), Qt.MouseButton.LeftButton)
    assert applied.args == [AppConfig(lang="en", timeout_ms=1500)]
    assert panel.config() == AppConfig(lang="en", timeout_ms=1500)
    assert not apply_button(panel).isEnabled()  # nothing left to apply


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("http://example.com/", "not a usable WebSocket URL: invalid url 'http://example.com/'"),
        ("ws://", "not a usable WebSocket URL: invalid url 'ws://'"),
        ("ws://a b/", "not a usable WebSocket URL: invalid url 'ws://a b/'"),
    ],
)
def test_bad_url_is_refused(panel: SettingsPanel, qtbot: QtBot, text: str, reason: str) -> None:
    retype(child(panel, QLineEdit, "url_edit"), text)
    label = panel.reason_label("url")
    assert label.isVisible()
    assert label.text().startswith(reason)
    assert not apply_button(panel).isEnabled()


def test_a_url_the_runtime_will_refuse_is_a_warning_not_a_refusal(
    panel: SettingsPanel, qtbot: QtBot
) -> None:
    url = child(panel, QLineEdit, "url_edit")
    retype(url, "ws://example.com:8080/chat")
    label = panel.reason_label("url")
    assert label.text() == "example.com:8080 is not a legal domain: connecting will be refused"
    assert label.severity == "warning"
    assert apply_button(panel).isEnabled()  # provoking the refusal is the point of the demo
    mode = child(panel, QComboBox, "mode_combo")
    mode.setCurrentIndex(mode.findData("release"))
    retype(url, "ws://localhost:8080/")
    assert label.text() == "release mode will refuse this URL: only wss:// is allowed"
    assert apply_button(panel).isEnabled()
    retype(url, "")  # empty: the embedded server, which listens on localhost
    assert not label.isVisible()


def test_protocols_are_checked_token_by_token(panel: SettingsPanel, qtbot: QtBot) -> None:
    protocols = child(panel, QLineEdit, "protocols_edit")
    retype(protocols, "chat, json@v2")
    assert panel.reason_label("protocols").text() == "protocol 'json@v2' is not a valid token"
    retype(protocols, "chat, chat")
    assert panel.reason_label("protocols").text() == "protocol 'chat' is listed twice"
    retype(protocols, "chat  v2,json")
    assert not panel.reason_label("protocols").isVisible()
    edited = panel.edited_config()
    assert edited is not None
    assert edited.protocols == ("chat", "v2", "json")


def test_legal_domains_one_per_line(panel: SettingsPanel, qtbot: QtBot) -> None:
    legal = child(panel, QPlainTextEdit, "legal_domains_edit")
    legal.setPlainText("localhost\nexample.com:notaport")
    label = panel.reason_label("legal_domains")
    assert label.text() == (
        "not HOST or HOST:PORT: legal domain 'example.com:notaport' has a bad port"
    )
    assert not apply_button(panel).isEnabled()
    legal.setPlainText("")
    assert label.text() == "no legal domains: every connection will be refused"
    assert label.severity == "warning"
    legal.setPlainText("localhost\n127.0.0.1:8765")
    assert not label.isVisible()
    edited = panel.edited_config()
    assert edited is not None
    assert edited.legal_domains == ("localhost", "127.0.0.1:8765")


def test_ca_file_must_exist_and_hold_a_certificate(
    panel: SettingsPanel, qtbot: QtBot, tmp_path: Path, ca_file: str
) -> None:
    edit = child(panel, QLineEdit, "ca_file_edit")
    label = panel.reason_label("ca_file")
    missing = str(tmp_path / "missing.pem")
    retype(edit, missing)
    assert label.text() == f"CA file not found: {missing}"
    junk = tmp_path / "junk.pem"
    junk.write_text("hello\n")
    edit.setText(str(junk))
    assert label.text() == f"{junk} holds no PEM certificate"
    assert not apply_button(panel).isEnabled()
    edit.setText(ca_file)
    assert not label.isVisible()
    assert apply_button(panel).isEnabled()


def test_skip_domain_check_only_in_test_mode(panel: SettingsPanel, qtbot: QtBot) -> None:
    skip = child(panel, QCheckBox, "skip_domain_check")
    skip.setChecked(True)
    edited = panel.edited_config()
    assert edited is not None
    assert edited.check_domain is False
    mode = child(panel, QComboBox, "mode_combo")
    mode.setCurrentIndex(mode.findData("release"))
    assert not skip.isEnabled()
    edited = panel.edited_config()
    assert edited is not None
    assert (edited.mode, edited.check_domain) == (Mode.RELEASE, True)
    mode.setCurrentIndex(mode.findData("test"))
    assert skip.isEnabled()


# -- the headers table ------------------------------------------------------------------------------


def test_headers_table_add_edit_remove(panel: SettingsPanel, qtbot: QtBot) -> None:
    model = panel.findChild(HeadersModel)
    assert model is not None
    QTest.mouseClick(child(panel, QPushButton, "add_header_button"), Qt.MouseButton.LeftButton)
    assert model.rowCount() == 1
    assert panel.problems() == []  # an empty row is ignored
    model.setData(model.index(0, HeadersModel.NAME), "Bad Name")
    model.setData(model.index(0, HeadersModel.VALUE), "1")
    assert (
        panel.reason_label("headers").text() == "header name 'Bad Name' is not a valid HTTP token"
    )
    assert model.data(model.index(0, HeadersModel.NOTE)) == "invalid"
    assert model.data(model.index(0, HeadersModel.NOTE), Qt.ItemDataRole.ToolTipRole) == (
        "header name 'Bad Name' is not a valid HTTP token"
    )
    assert model.data(model.index(0, HeadersModel.NOTE), Qt.ItemDataRole.ForegroundRole) == (
        QColor("#c62828")
    )
    assert not apply_button(panel).isEnabled()
    model.setData(model.index(0, HeadersModel.NAME), "X-Demo")
    assert not panel.reason_label("headers").isVisible()
    assert model.data(model.index(0, HeadersModel.NOTE)) == ""
    edited = panel.edited_config()
    assert edited is not None
    assert edited.headers == (("X-Demo", "1"),)
    view = child(panel, QTableView, "headers_view")
    view.selectRow(0)
    QTest.mouseClick(child(panel, QPushButton, "remove_header_button"), Qt.MouseButton.LeftButton)
    assert model.rowCount() == 0
    edited = panel.edited_config()
    assert edited is not None
    assert edited.headers == ()


def test_referer_row_is_struck_through_and_never_sent(qtbot: QtBot) -> None:
    panel = SettingsPanel(AppConfig(headers=(("X-A", "1"), ("referer", "https://x/"))))
    qtbot.addWidget(panel)
    model = panel.findChild(HeadersModel)
    assert model is not None
    font = model.data(model.index(1, HeadersModel.NAME), Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont)
    assert font.strikeOut()
    assert model.data(model.index(1, HeadersModel.VALUE), Qt.ItemDataRole.FontRole).strikeOut()
    assert model.data(model.index(1, HeadersModel.NAME), Qt.ItemDataRole.ForegroundRole) == (
        QColor("#6b6b6b")
    )
    assert model.data(model.index(1, HeadersModel.NOTE)) == "never sent"
    assert model.data(model.index(0, HeadersModel.NAME), Qt.ItemDataRole.FontRole) is None
    assert model.data(model.index(0, HeadersModel.NOTE)) == ""
    label = panel.reason_label("headers")
    assert label.text() == "Referer is never sent: tt.connectSocket drops it"
    assert label.severity == "warning"


def test_duplicate_header_names_are_refused_per_row(qtbot: QtBot) -> None:
    panel = SettingsPanel(AppConfig())
    qtbot.addWidget(panel)
    model = panel.findChild(HeadersModel)
    assert model is not None
    model.set_headers([("X-A", "1"), ("x-a", "2")])
    assert model.data(model.index(0, HeadersModel.NOTE)) == ""
    assert model.data(model.index(1, HeadersModel.NOTE)) == "invalid"
    assert model.row_problem(1) == "header 'x-a' is listed twice"
    assert panel.edited_config() is None


def test_presenter_mode_masks_secret_header_values(qtbot: QtBot) -> None:
    panel = SettingsPanel(AppConfig(headers=(("Authorization", "Bearer s3cret"), ("X-A", "1"))))
    qtbot.addWidget(panel)
    model = panel.findChild(HeadersModel)
    assert model is not None
    value = model.index(0, HeadersModel.VALUE)
    assert model.data(value) == "Bearer s3cret"
    child(panel, QCheckBox, "presenter").setChecked(True)
    assert model.data(value) == "••••••"
    assert model.data(value, Qt.ItemDataRole.EditRole) == "Bearer s3cret"
    assert model.data(model.index(1, HeadersModel.VALUE)) == "1"


def test_headers_model_passes_the_model_tester(qtmodeltester: object) -> None:
    model = HeadersModel()
    model.set_headers([("X-A", "1"), ("Referer", "x")])
    model.set_row_problems({0: "boom"})
    model.set_masked(True)
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.insertRows(1, 2)
    assert model.removeRows(0, 1)
    assert not model.removeRows(5, 1)
    assert not model.setData(model.index(0, HeadersModel.NOTE), "x")
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.rows() == [("", ""), ("", ""), ("Referer", "x")]
    assert model.headers() == (("Referer", "x"),)


# -- revert / defaults --------------------------------------------------------------------------


def test_revert_and_defaults(qtbot: QtBot) -> None:
    start = AppConfig(url="ws://127.0.0.1:9/", timeout_ms=900, scenario="push", lang="en")
    panel = SettingsPanel(start)
    qtbot.addWidget(panel)
    retype(child(panel, QLineEdit, "timeout_edit"), "nope")
    panel.revert()
    assert panel.edited_config() == start
    assert child(panel, QLineEdit, "timeout_edit").text() == "900"
    panel.restore_defaults()
    # Fields the panel does not edit (scenario, language) keep their values.
    assert panel.edited_config() == AppConfig(scenario="push", lang="en")
    assert panel.config() == start  # not applied yet
    assert apply_button(panel).isEnabled()


# -- persistence -----------------------------------------------------------------------------------


def ini(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def test_applied_settings_round_trip_through_a_qsettings_ini(
    tmp_path: Path, qtbot: QtBot, ca_file: str
) -> None:
    panel = SettingsPanel(load_config(ini(tmp_path)), ini(tmp_path))
    qtbot.addWidget(panel)
    assert panel.config() == AppConfig()
    retype(child(panel, QLineEdit, "url_edit"), "wss://localhost:8443/a?b=1,2")
    retype(child(panel, QLineEdit, "protocols_edit"), "chat, v2")
    retype(child(panel, QLineEdit, "timeout_edit"), "2500")
    retype(child(panel, QLineEdit, "ca_file_edit"), ca_file)
    child(panel, QPlainTextEdit, "legal_domains_edit").setPlainText("localhost:8443")
    mode = child(panel, QComboBox, "mode_combo")
    mode.setCurrentIndex(mode.findData("release"))
    child(panel, QCheckBox, "allow_multiple").setChecked(True)
    model = panel.findChild(HeadersModel)
    assert model is not None
    model.set_headers([("X-Quote", 'a "b", c'), ("Referer", "https://x/")])
    with qtbot.waitSignal(panel.config_applied, timeout=1000) as applied:
        assert panel.apply()
    expected = AppConfig(
        url="wss://localhost:8443/a?b=1,2",
        headers=(("X-Quote", 'a "b", c'), ("Referer", "https://x/")),
        protocols=("chat", "v2"),
        mode=Mode.RELEASE,
        legal_domains=("localhost:8443",),
        ca_file=ca_file,
        timeout_ms=2500,
        allow_multiple=True,
    )
    assert applied.args == [expected]
    assert (tmp_path / "settings.ini").is_file()
    fresh = read_config(ini(tmp_path))
    assert fresh.config == expected
    assert fresh.warnings == ()
    assert SettingsPanel(fresh.config).config() == expected


def test_the_scenario_picked_elsewhere_is_kept_and_stored(tmp_path: Path, qtbot: QtBot) -> None:
    panel = SettingsPanel(AppConfig(timeout_ms=900), ini(tmp_path))
    qtbot.addWidget(panel)
    retype(child(panel, QLineEdit, "timeout_edit"), "950")  # an edit not applied yet
    with qtbot.assertNotEmitted(panel.config_applied):
        panel.set_scenario("close-after", {"n": 2, "reason": "bye"})
    stored = AppConfig(
        timeout_ms=900, scenario="close-after", scenario_params=(("n", "2"), ("reason", "bye"))
    )
    assert panel.config() == stored
    assert load_config(ini(tmp_path)) == stored
    assert panel.edited_config() == stored.replace(timeout_ms=950)
    assert apply_button(panel).isEnabled()


def test_save_and_load_directly(tmp_path: Path) -> None:
    config = AppConfig(
        headers=(("K", "v=1; w"),), lang="en", scenario="burst", scenario_params=(("n", "7"),)
    )
    assert save_config(ini(tmp_path), config)
    assert load_config(ini(tmp_path)) == config
    settings = ini(tmp_path)
    settings.beginGroup(SETTINGS_GROUP)
    assert settings.value("timeout_ms") == "60000"
    settings.endGroup()


def test_corrupt_stored_values_fall_back_with_a_logged_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, qtbot: QtBot
) -> None:
    (tmp_path / "settings.ini").write_text(
        "[config]\n"
        "timeout_ms=soon\n"
        "headers=[[broken\n"
        "protocols=a, b\n"  # INI turns this into a list, not text
        "mode=release\n"
        "check_domain=false\n"
        "lang=en\n"
        "\x00garbage line without equals\n",
        encoding="utf-8",
    )
    with caplog.at_level(logging.WARNING, logger="app.settings_store"):
        loaded = read_config(ini(tmp_path))
    assert loaded.config == AppConfig(mode=Mode.RELEASE, lang="en")
    assert any(w.startswith("timeout_ms: 'soon' is not valid") for w in loaded.warnings)
    assert any(w.startswith("headers: '[[broken' is not valid") for w in loaded.warnings)
    assert any(w.startswith("protocols:") for w in loaded.warnings)
    assert any("release mode always checks legal domains" in w for w in loaded.warnings)
    assert "stored settings: timeout_ms" in caplog.text
    panel = SettingsPanel(loaded.config)
    qtbot.addWidget(panel)
    panel.set_notices(loaded.warnings)
    notice = child(panel, QLabel, "settings_notice")
    assert notice.text().startswith("Some stored settings were not valid and were reset:\n")
    panel.set_notices([])
    assert notice.text() == ""


def test_an_unwritable_settings_file_is_reported_not_raised(tmp_path: Path) -> None:
    blocked = tmp_path / "dir.ini"
    blocked.mkdir()  # a directory where the file should be
    settings = QSettings(str(blocked), QSettings.Format.IniFormat)
    assert save_config(settings, AppConfig()) is False


# -- translations ----------------------------------------------------------------------------------


def test_every_problem_key_has_a_translatable_template() -> None:
    assert dict(PROBLEM_TEXTS) == UI_PROBLEM_TEXTS


def _messages() -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(TS_FILE).getroot()
    return [
        (context.findtext("name") or "", message.findtext("source") or "", message)
        for context in root.iter("context")
        for message in context.iter("message")
    ]


def test_translation_file_is_complete_and_keeps_placeholders() -> None:
    messages = _messages()
    assert len(messages) > 100
    for context, source, message in messages:
        translation = message.find("translation")
        assert translation is not None
        assert translation.get("type") is None, f"{context}: {source!r} is unfinished"
        assert translation.text, f"{context}: {source!r} has no translation"
        assert re.findall(r"\{[^}]*\}", translation.text) == re.findall(r"\{[^}]*\}", source), (
            f"{context}: {source!r} lost a placeholder"
        )
    assert TS_FILE.with_suffix(".qm").is_file()


def test_switching_to_chinese_retranslates_the_panel(
    panel: SettingsPanel, qtbot: QtBot, language: Callable[[str], None]
) -> None:
    retype(child(panel, QLineEdit, "timeout_edit"), "x")
    language("zh")
    qtbot.waitUntil(lambda: apply_button(panel).text() == "应用", timeout=2000)
    assert panel.reason_label("timeout_ms").text() == "超时必须是整数毫秒"
    mode = child(panel, QComboBox, "mode_combo")
    assert mode.itemText(1) == "线上模式：仅合法域名上的 wss://"
    language("en")
    qtbot.waitUntil(lambda: apply_button(panel).text() == "Apply", timeout=2000)
    assert panel.reason_label("timeout_ms").text() == (
        "timeout must be a whole number of milliseconds"
    )
