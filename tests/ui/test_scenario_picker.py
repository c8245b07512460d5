"""``ScenarioPicker``: every server scenario is described, its parameters get editors built
from their metadata, and the URL preview / signal follow the choice. Real widgets, offscreen."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import pytest
from PySide6.QtCore import QObject
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
)
from pytestqt.qtbot import QtBot

from app.server import SCENARIOS, ChoiceParam, IntParam, TextParam, scenario_url
from ui.scenario_picker import (
    CHOICE_LABELS,
    DESCRIPTIONS,
    EXPECTATIONS,
    PARAM_HELP,
    PARAM_LABELS,
    TITLES,
    ScenarioPicker,
)

WS = "ws://127.0.0.1:50001/"
WSS = "wss://localhost:50002/"

T = TypeVar("T", bound=QObject)


@pytest.fixture
def picker(qtbot: QtBot) -> ScenarioPicker:
    widget = ScenarioPicker()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def child(picker: ScenarioPicker, kind: type[T], name: str) -> T:
    found = picker.findChild(kind, name)
    assert found is not None, name
    return found


def preview(picker: ScenarioPicker) -> str:
    return child(picker, QPlainTextEdit, "scenario_url_preview").toPlainText()


# -- the texts cover the server's scenarios exactly ---------------------------------------------------


def test_every_scenario_has_a_title_description_and_expectation() -> None:
    assert set(TITLES) == set(SCENARIOS)
    assert set(DESCRIPTIONS) == set(SCENARIOS)
    for name, scenario in SCENARIOS.items():
        assert DESCRIPTIONS[name] == scenario.description, f"{name}: description out of sync"
    modes = SCENARIOS["subprotocol"].params[0]
    assert isinstance(modes, ChoiceParam)
    expected = (set(SCENARIOS) - {"subprotocol"}) | {f"subprotocol/{m}" for m in modes.choices}
    assert set(EXPECTATIONS) == expected


def test_every_parameter_has_a_label_and_the_servers_help() -> None:
    keys = {f"{name}/{p.name}" for name, s in SCENARIOS.items() for p in s.params}
    assert set(PARAM_LABELS) == keys
    assert set(PARAM_HELP) == keys
    for name, scenario in SCENARIOS.items():
        for param in scenario.params:
            assert PARAM_HELP[f"{name}/{param.name}"] == param.help
            if isinstance(param, ChoiceParam):
                for choice in param.choices:
                    assert f"{name}/{param.name}/{choice}" in CHOICE_LABELS


# -- choosing -----------------------------------------------------------------------------------


def test_lists_every_scenario_with_its_description(picker: ScenarioPicker) -> None:
    combo = child(picker, QComboBox, "scenario_combo")
    assert [combo.itemData(i) for i in range(combo.count())] == list(SCENARIOS)
    assert combo.itemText(0) == "Echo  —  /echo"
    description = child(picker, QLabel, "scenario_description")
    for index, (name, scenario) in enumerate(SCENARIOS.items()):
        combo.setCurrentIndex(index)
        assert picker.scenario() == name
        assert description.text() == scenario.description
        assert child(picker, QLabel, "scenario_expectation").text().startswith("Expect")


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_parameter_editors_follow_the_metadata(picker: ScenarioPicker, name: str) -> None:
    picker.set_selection(name)
    scenario = SCENARIOS[name]
    assert picker.params() == scenario.defaults
    for param in scenario.params:
        if isinstance(param, IntParam):
            spin = child(picker, QSpinBox, f"param_{param.name}")
            assert (spin.minimum(), spin.maximum(), spin.value()) == (
                param.minimum,
                param.maximum,
                param.default,
            )
        elif isinstance(param, ChoiceParam):
            combo = child(picker, QComboBox, f"param_{param.name}")
            assert [combo.itemData(i) for i in range(combo.count())] == list(param.choices)
        else:
            assert isinstance(param, TextParam)
            assert child(picker, QLineEdit, f"param_{param.name}").text() == param.default
    assert child(picker, QLabel, "scenario_reason").isHidden()


def test_url_preview_and_signal(picker: ScenarioPicker, qtbot: QtBot) -> None:
    assert picker.url() is None
    assert preview(picker) == ""
    with qtbot.waitSignal(picker.scenario_url_changed, timeout=1000) as changed:
        picker.set_base_url(WS, WSS)
    assert changed.args == [f"{WS}echo"]
    assert preview(picker) == f"{WS}echo"
    with qtbot.waitSignal(picker.scenario_url_changed, timeout=1000) as changed:
        picker.set_selection("close-after", {"n": 2, "reason": "see you"})
    assert changed.args == [scenario_url(WS, "close-after", n=2, code=4001, reason="see you")]
    with qtbot.waitSignal(picker.scenario_url_changed, timeout=1000) as changed:
        child(picker, QRadioButton, "wss_radio").setChecked(True)
    assert changed.args == [f"{WSS}close-after?n=2&code=4001&reason=see+you"]
    assert picker.is_secure()
    with qtbot.waitSignal(picker.scenario_url_changed, timeout=1000) as changed:
        child(picker, QSpinBox, "param_n").setValue(5)
    assert changed.args == [f"{WSS}close-after?n=5&code=4001&reason=see+you"]


def test_an_invalid_parameter_shows_why_and_gives_no_url(
    picker: ScenarioPicker, qtbot: QtBot
) -> None:
    picker.set_base_url(WS, WSS)
    picker.set_selection("close-after")
    code = child(picker, QSpinBox, "param_code")
    reason = child(picker, QLabel, "scenario_reason")
    with qtbot.assertNotEmitted(picker.scenario_url_changed):
        code.setValue(1005)
    assert picker.url() is None
    assert reason.isVisible()
    assert reason.text() == (
        "Close code: 1005 is not allowed; allowed: 1000–1003, 1007–1014, 3000–4999"
    )
    assert picker.problem() == reason.text()
    assert preview(picker) == ""
    assert not child(picker, QPushButton, "copy_url_button").isEnabled()
    with qtbot.waitSignal(picker.scenario_url_changed, timeout=1000):
        code.setValue(4000)
    assert reason.isHidden()

    picker.set_selection("reject")
    child(picker, QSpinBox, "param_status").setValue(499)
    assert picker.problem() == "HTTP status: 499 is not a known HTTP status"
    picker.set_selection("subprotocol")
    child(picker, QLineEdit, "param_name").setText("two words")
    assert picker.problem() is not None
    assert picker.problem().startswith("Subprotocol: use letters, digits")  # type: ignore[union-attr]
    picker.set_selection("close-after")
    child(picker, QLineEdit, "param_reason").setText("é" * 70)
    assert picker.problem() == "Close reason: at most 123 bytes of UTF-8"


def test_subprotocol_expectation_follows_the_mode(picker: ScenarioPicker) -> None:
    picker.set_selection("subprotocol", {"mode": "force"})
    expectation = child(picker, QLabel, "scenario_expectation")
    assert expectation.text() == EXPECTATIONS["subprotocol/force"]
    mode = child(picker, QComboBox, "param_mode")
    assert mode.currentText() == "force (select it even if not offered)"
    mode.setCurrentIndex(mode.findData("ignore"))
    assert expectation.text() == EXPECTATIONS["subprotocol/ignore"]
    assert picker.params() == {"mode": "ignore", "name": "chat"}


def test_scenario_changed_carries_name_and_params(picker: ScenarioPicker, qtbot: QtBot) -> None:
    with qtbot.waitSignal(picker.scenario_changed, timeout=1000) as changed:
        picker.set_selection("push", {"interval": 250})
    assert changed.args == ["push", {"interval": 250}]
    with qtbot.assertNotEmitted(picker.scenario_changed):
        picker.set_base_url(WS, None)  # same choice, only the base changed


def test_set_selection_ignores_values_that_do_not_fit(picker: ScenarioPicker) -> None:
    picker.set_selection("burst", {"n": "7", "size": 10**9, "other": 1})
    assert picker.params() == {"n": 7, "size": 80}
    with pytest.raises(KeyError, match="nope"):
        picker.set_selection("nope")


def test_wss_needs_a_tls_listener(picker: ScenarioPicker) -> None:
    wss = child(picker, QRadioButton, "wss_radio")
    picker.set_base_url(WS, WSS)
    picker.set_secure(True)
    assert picker.url() == f"{WSS}echo"
    picker.set_base_url(WS, None)
    assert not wss.isEnabled()
    assert not picker.is_secure()
    assert picker.url() == f"{WS}echo"
    picker.set_secure(True)  # not available: stays on ws
    assert picker.url() == f"{WS}echo"
    picker.set_base_url(None, None)
    assert picker.url() is None
    placeholder = child(picker, QPlainTextEdit, "scenario_url_preview").placeholderText()
    assert placeholder == "The embedded server is not running"


def test_switching_to_chinese_retranslates_the_picker(
    picker: ScenarioPicker, qtbot: QtBot, language: Callable[[str], None]
) -> None:
    picker.set_selection("drop")
    description = child(picker, QLabel, "scenario_description")
    language("zh")
    qtbot.waitUntil(
        lambda: description.text() == "收到第 n 条消息时直接断开 TCP 连接，不发送关闭帧。",
        timeout=2000,
    )
    combo = child(picker, QComboBox, "scenario_combo")
    assert combo.itemText(0) == "回显  —  /echo"
    language("en")
    qtbot.waitUntil(lambda: description.text() == SCENARIOS["drop"].description, timeout=2000)
