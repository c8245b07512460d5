"""``ScenarioPicker``: choose what the embedded demo server does, and see the URL for it.

The scenarios come from :data:`app.server.SCENARIOS`; each is shown with a title,
its one-sentence description (the server's own sentence, translated here), what
the page should show, and an editor per parameter built from the scenario's
parameter metadata. A ws:// / wss:// switch picks the listener; the resulting
URL is previewed read-only and announced with ``scenario_url_changed(str)``
whenever it changes and is valid.

The tables of texts below must cover every scenario and parameter: a test
fails when the server gains one the UI cannot describe.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication, QTextOption
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.server import (
    SCENARIOS,
    ChoiceParam,
    IntParam,
    InvalidParameterError,
    Param,
    ParamValue,
    ScenarioError,
    TextParam,
    scenario_url,
)
from ui.settings_panel import ReasonLabel

if TYPE_CHECKING:

    def QT_TRANSLATE_NOOP(context: str, source: str) -> str:
        return source

else:
    from PySide6.QtCore import QT_TRANSLATE_NOOP

__all__ = [
    "CHOICE_LABELS",
    "DESCRIPTIONS",
    "EXPECTATIONS",
    "PARAM_HELP",
    "PARAM_LABELS",
    "TITLES",
    "ScenarioPicker",
    "translated",
]

_CONTEXT = "ScenarioPicker"
_NOTE_COLOR = "#6b6b6b"

# A short title per scenario.
TITLES: dict[str, str] = {
    "echo": QT_TRANSLATE_NOOP("ScenarioPicker", "Echo"),
    "push": QT_TRANSLATE_NOOP("ScenarioPicker", "Echo and periodic push"),
    "close-after": QT_TRANSLATE_NOOP("ScenarioPicker", "Close after N messages"),
    "drop": QT_TRANSLATE_NOOP("ScenarioPicker", "Drop the connection"),
    "subprotocol": QT_TRANSLATE_NOOP("ScenarioPicker", "Subprotocol: require, ignore or force"),
    "reject": QT_TRANSLATE_NOOP("ScenarioPicker", "Reject the handshake"),
    "slow": QT_TRANSLATE_NOOP("ScenarioPicker", "Slow handshake"),
    "binary": QT_TRANSLATE_NOOP("ScenarioPicker", "Binary messages"),
    "burst": QT_TRANSLATE_NOOP("ScenarioPicker", "Burst of messages"),
}

# The server's one-sentence descriptions (``Scenario.description``), word for word.
DESCRIPTIONS: dict[str, str] = {
    "echo": QT_TRANSLATE_NOOP("ScenarioPicker", "Echoes every message back as the same type."),
    "push": QT_TRANSLATE_NOOP(
        "ScenarioPicker",
        "Echoes messages and also pushes a numbered JSON message every interval.",
    ),
    "close-after": QT_TRANSLATE_NOOP(
        "ScenarioPicker",
        "Echoes n messages, then closes the connection with the given code and reason.",
    ),
    "drop": QT_TRANSLATE_NOOP(
        "ScenarioPicker",
        "Drops the TCP connection without a close frame when message n arrives.",
    ),
    "subprotocol": QT_TRANSLATE_NOOP(
        "ScenarioPicker",
        "Requires a subprotocol, ignores the client's offer, or forces one it never offered.",
    ),
    "reject": QT_TRANSLATE_NOOP(
        "ScenarioPicker", "Refuses the handshake with the given HTTP status."
    ),
    "slow": QT_TRANSLATE_NOOP(
        "ScenarioPicker", "Waits before answering the handshake, then echoes."
    ),
    "binary": QT_TRANSLATE_NOOP(
        "ScenarioPicker",
        "Sends a 16-byte binary greeting, then echoes every message back as binary.",
    ),
    "burst": QT_TRANSLATE_NOOP(
        "ScenarioPicker",
        "Sends n numbered text messages of size bytes on open and after each message received.",
    ),
}

# What the page shows, per scenario (``subprotocol`` per mode: ``subprotocol/<mode>``).
EXPECTATIONS: dict[str, str] = {
    "echo": QT_TRANSLATE_NOOP(
        "ScenarioPicker", "Expect onOpen, then one onMessage for each message you send."
    ),
    "push": QT_TRANSLATE_NOOP(
        "ScenarioPicker",
        "Expect onOpen, then an onMessage every interval, even if you send nothing.",
    ),
    "close-after": QT_TRANSLATE_NOOP(
        "ScenarioPicker",
        "Expect n echoes, then onClose with this code and reason, and no onError.",
    ),
    "drop": QT_TRANSLATE_NOOP(
        "ScenarioPicker", "Expect onError, then onClose with code 1006: no close frame arrived."
    ),
    "subprotocol/require": QT_TRANSLATE_NOOP(
        "ScenarioPicker",
        "Expect onOpen only if Protocols in the settings lists this name; "
        "otherwise HTTP 400: onError, then onClose 1006.",
    ),
    "subprotocol/ignore": QT_TRANSLATE_NOOP(
        "ScenarioPicker",
        "Expect onOpen with no protocol when Protocols is empty; "
        "with any protocols set, onError: the server selected none.",
    ),
    "subprotocol/force": QT_TRANSLATE_NOOP(
        "ScenarioPicker",
        "Expect onOpen only if Protocols lists this name; "
        "otherwise onError: the server chose a protocol that was not offered.",
    ),
    "reject": QT_TRANSLATE_NOOP(
        "ScenarioPicker", "Expect onError naming the HTTP status, then onClose with code 1006."
    ),
    "slow": QT_TRANSLATE_NOOP(
        "ScenarioPicker",
        "Expect onOpen after the delay, or onError (timeout) if the timeout setting is shorter.",
    ),
    "binary": QT_TRANSLATE_NOOP(
        "ScenarioPicker",
        "Expect a 16-byte ArrayBuffer message on open; what you send comes back as binary.",
    ),
    "burst": QT_TRANSLATE_NOOP(
        "ScenarioPicker",
        "Expect n onMessage calls at once on open, and again after each message you send.",
    ),
}

# A label per parameter, keyed ``scenario/param``.
PARAM_LABELS: dict[str, str] = {
    "push/interval": QT_TRANSLATE_NOOP("ScenarioPicker", "Interval"),
    "close-after/n": QT_TRANSLATE_NOOP("ScenarioPicker", "Messages (n)"),
    "close-after/code": QT_TRANSLATE_NOOP("ScenarioPicker", "Close code"),
    "close-after/reason": QT_TRANSLATE_NOOP("ScenarioPicker", "Close reason"),
    "drop/n": QT_TRANSLATE_NOOP("ScenarioPicker", "Drop at message (n)"),
    "subprotocol/mode": QT_TRANSLATE_NOOP("ScenarioPicker", "Behaviour"),
    "subprotocol/name": QT_TRANSLATE_NOOP("ScenarioPicker", "Subprotocol"),
    "reject/status": QT_TRANSLATE_NOOP("ScenarioPicker", "HTTP status"),
    "slow/delay": QT_TRANSLATE_NOOP("ScenarioPicker", "Delay"),
    "burst/n": QT_TRANSLATE_NOOP("ScenarioPicker", "Messages (n)"),
    "burst/size": QT_TRANSLATE_NOOP("ScenarioPicker", "Size"),
}

# The server's help sentence per parameter (``Param.help``), word for word.
PARAM_HELP: dict[str, str] = {
    "push/interval": QT_TRANSLATE_NOOP("ScenarioPicker", "Milliseconds between pushes."),
    "close-after/n": QT_TRANSLATE_NOOP(
        "ScenarioPicker", "Messages to echo before closing (0: close at once)."
    ),
    "close-after/code": QT_TRANSLATE_NOOP("ScenarioPicker", "Close code."),
    "close-after/reason": QT_TRANSLATE_NOOP("ScenarioPicker", "Close reason."),
    "drop/n": QT_TRANSLATE_NOOP(
        "ScenarioPicker", "Message that triggers the drop (0: right after the handshake)."
    ),
    "subprotocol/mode": QT_TRANSLATE_NOOP(
        "ScenarioPicker",
        "require: HTTP 400 unless offered; ignore: select none; force: select it anyway.",
    ),
    "subprotocol/name": QT_TRANSLATE_NOOP("ScenarioPicker", "Subprotocol name."),
    "reject/status": QT_TRANSLATE_NOOP("ScenarioPicker", "HTTP status code."),
    "slow/delay": QT_TRANSLATE_NOOP(
        "ScenarioPicker", "Milliseconds to hold the handshake response."
    ),
    "burst/n": QT_TRANSLATE_NOOP("ScenarioPicker", "Messages per burst."),
    "burst/size": QT_TRANSLATE_NOOP("ScenarioPicker", "Bytes per message."),
}

# Choice values shown in words (the value itself goes into the URL).
CHOICE_LABELS: dict[str, str] = {
    "subprotocol/mode/require": QT_TRANSLATE_NOOP("ScenarioPicker", "HTTP 400 unless offered"),
    "subprotocol/mode/ignore": QT_TRANSLATE_NOOP("ScenarioPicker", "select none"),
    "subprotocol/mode/force": QT_TRANSLATE_NOOP("ScenarioPicker", "select it even if not offered"),
}

# Units shown after integer parameters.
_SUFFIXES: dict[str, str] = {
    "push/interval": " ms",
    "slow/delay": " ms",
    "burst/size": " B",
}


def translated(text: str) -> str:
    """``text`` (an entry of the tables above) in the current UI language."""
    return QCoreApplication.translate(_CONTEXT, text)


def _ranges_text(param: IntParam) -> str:
    return ", ".join(f"{r.start}–{r.stop - 1}" for r in param.ranges)


class ScenarioPicker(QWidget):
    """Pick a scenario and its parameters; preview and announce the URL that selects it.

    Signals:

    * ``scenario_url_changed(str)``: the URL for the current choice, when it changes
      and is valid (not while a parameter is out of range or no base URL is known).
    * ``scenario_changed(str, dict)``: the scenario name and every parameter value,
      whenever the choice changes (valid or not, so a window can persist it).
    """

    scenario_url_changed = Signal(str)
    scenario_changed = Signal(str, dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scenario_picker")
        self._ws_url: str | None = None
        self._wss_url: str | None = None
        self._editors: dict[str, QSpinBox | QComboBox | QLineEdit] = {}
        self._param_labels: dict[str, QLabel] = {}
        self._current = next(iter(SCENARIOS))
        self._url: str | None = None
        self._last_emitted: str | None = None
        self._last_choice: tuple[str, dict[str, ParamValue]] | None = None
        self._problem: str | None = None
        self._setup_ui()
        self._retranslate_ui()
        self._rebuild_params({})

    # -- public ---------------------------------------------------------------------------------

    def set_base_url(self, ws_url: str | None, wss_url: str | None = None) -> None:
        """The embedded server's ``ws://`` and ``wss://`` URLs (``None``: not available)."""
        self._ws_url, self._wss_url = ws_url, wss_url
        self._wss.setEnabled(wss_url is not None)
        if wss_url is None and self._wss.isChecked():
            self._ws.setChecked(True)
        self._ws.setEnabled(ws_url is not None)
        if ws_url is None and wss_url is not None:
            self._wss.setChecked(True)
        self._refresh()

    def set_secure(self, secure: bool) -> None:
        """Choose wss:// (when the server offers it) or ws://."""
        if secure and self._wss.isEnabled():
            self._wss.setChecked(True)
        elif not secure and self._ws.isEnabled():
            self._ws.setChecked(True)

    def is_secure(self) -> bool:
        return self._wss.isChecked()

    def scenario(self) -> str:
        return self._current

    def params(self) -> dict[str, ParamValue]:
        """Every parameter of the current scenario, as edited."""
        values: dict[str, ParamValue] = {}
        for name, editor in self._editors.items():
            if isinstance(editor, QSpinBox):
                values[name] = editor.value()
            elif isinstance(editor, QComboBox):
                values[name] = str(editor.currentData())
            else:
                values[name] = editor.text()
        return values

    def set_selection(self, name: str, params: Mapping[str, object] | None = None) -> None:
        """Show scenario ``name`` with ``params`` (others take their defaults).

        Raises ``KeyError`` for an unknown scenario; parameter values that do not
        fit an editor are ignored (the default stays).
        """
        if name not in SCENARIOS:
            raise KeyError(f"unknown scenario {name!r}")
        with QSignalBlocker(self._combo):
            self._combo.setCurrentIndex(self._combo.findData(name))
        self._current = name
        self._rebuild_params(params or {})

    def url(self) -> str | None:
        """The URL for the current choice, or ``None`` (no server, or a parameter is invalid)."""
        return self._url

    def problem(self) -> str | None:
        """Why there is no URL, in words (``None`` when there is one)."""
        return self._problem

    # -- building -------------------------------------------------------------------------------

    def _setup_ui(self) -> None:
        self._combo = QComboBox(self)
        self._combo.setObjectName("scenario_combo")
        for name in SCENARIOS:
            self._combo.addItem("", name)
        self._scenario_label = QLabel(self)
        self._description = QLabel(self)
        self._description.setObjectName("scenario_description")
        self._description.setWordWrap(True)
        self._expectation = QLabel(self)
        self._expectation.setObjectName("scenario_expectation")
        self._expectation.setWordWrap(True)
        self._expectation.setStyleSheet(f"color: {_NOTE_COLOR};")

        self._no_params = QLabel(self)
        self._no_params.setStyleSheet(f"color: {_NOTE_COLOR};")
        self._reason = ReasonLabel(self)
        self._reason.setObjectName("scenario_reason")

        self._transport_label = QLabel(self)
        self._ws = QRadioButton("ws://", self)
        self._ws.setObjectName("ws_radio")
        self._wss = QRadioButton("wss://", self)
        self._wss.setObjectName("wss_radio")
        self._ws.setChecked(True)
        self._transport = QButtonGroup(self)
        self._transport.addButton(self._ws)
        self._transport.addButton(self._wss)
        transport_row = QHBoxLayout()
        transport_row.setContentsMargins(0, 0, 0, 0)
        transport_row.addWidget(self._ws)
        transport_row.addWidget(self._wss)
        transport_row.addStretch(1)

        self._preview_label = QLabel(self)
        self._preview = QPlainTextEdit(self)
        self._preview.setObjectName("scenario_url_preview")
        self._preview.setReadOnly(True)
        self._preview.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self._preview.setWordWrapMode(QTextOption.WrapMode.WrapAnywhere)
        self._preview.setTabChangesFocus(True)
        self._preview.setFixedHeight(self._preview.fontMetrics().lineSpacing() * 2 + 14)
        self._copy = QPushButton(self)
        self._copy.setObjectName("copy_url_button")
        preview_row = QHBoxLayout()
        preview_row.setContentsMargins(0, 0, 0, 0)
        preview_row.addWidget(self._preview, 1)
        preview_row.addWidget(self._copy, 0, Qt.AlignmentFlag.AlignTop)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self._scenario_label, self._combo)
        form.addRow(self._description)
        form.addRow(self._expectation)
        self._params_form = form
        self._params_at = form.rowCount()  # parameter rows are inserted here
        form.addRow(self._no_params)
        form.addRow(self._reason)
        form.addRow(self._transport_label, transport_row)
        form.addRow(self._preview_label, preview_row)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(form)
        layout.addStretch(1)

        self._combo.currentIndexChanged.connect(self._on_combo_current_index_changed)
        self._ws.toggled.connect(self._on_transport_toggled)
        self._copy.clicked.connect(self._on_copy_clicked)

    def _retranslate_ui(self) -> None:
        for index in range(self._combo.count()):
            name = str(self._combo.itemData(index))
            self._combo.setItemText(index, f"{translated(TITLES[name])}  —  /{name}")
            self._combo.setItemData(
                index, translated(DESCRIPTIONS[name]), Qt.ItemDataRole.ToolTipRole
            )
        self._scenario_label.setText(self.tr("Scenario"))
        self._no_params.setText(self.tr("This scenario has no parameters."))
        self._transport_label.setText(self.tr("Listener"))
        self._ws.setToolTip(self.tr("Plain WebSocket (test mode only)"))
        self._wss.setToolTip(
            self.tr(
                "WebSocket over TLS, with a certificate from the app's own CA, "
                "trusted for this server only"
            )
        )
        self._preview_label.setText(self.tr("URL"))
        self._copy.setText(self.tr("Copy"))
        self._copy.setToolTip(self.tr("Copy the URL, e.g. for --url or another client"))
        self._update_texts()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate_ui()
        super().changeEvent(event)

    def _update_texts(self) -> None:
        name = self._current
        self._description.setText(translated(DESCRIPTIONS[name]))
        key = name
        if name == "subprotocol":
            key = f"subprotocol/{self.params().get('mode', 'require')}"
        self._expectation.setText(translated(EXPECTATIONS[key]))
        for key, label in self._param_labels.items():
            label.setText(translated(PARAM_LABELS[key]))
            label.setToolTip(translated(PARAM_HELP[key]))
            editor = self._editors[key.split("/", 1)[1]]
            editor.setToolTip(translated(PARAM_HELP[key]))
            if isinstance(editor, QComboBox):
                for index in range(editor.count()):
                    value = str(editor.itemData(index))
                    choice = CHOICE_LABELS.get(f"{key}/{value}")
                    editor.setItemText(
                        index, f"{value} ({translated(choice)})" if choice is not None else value
                    )
        self._refresh()

    def _rebuild_params(self, values: Mapping[str, object]) -> None:
        """Editors for the current scenario's parameters, filled from ``values`` or defaults."""
        for editor in self._editors.values():
            self._params_form.removeRow(editor)
        self._editors.clear()
        self._param_labels.clear()
        scenario = SCENARIOS[self._current]
        for param in scenario.params:
            key = f"{self._current}/{param.name}"
            editor = self._make_editor(key, param, values.get(param.name))
            label = QLabel(self)
            self._params_form.insertRow(self._params_at + len(self._editors), label, editor)
            self._editors[param.name] = editor
            self._param_labels[key] = label
        self._no_params.setVisible(not scenario.params)
        self._update_texts()

    def _make_editor(
        self, key: str, param: Param, value: object
    ) -> QSpinBox | QComboBox | QLineEdit:
        editor: QSpinBox | QComboBox | QLineEdit
        if isinstance(param, IntParam):
            editor = QSpinBox(self)
            editor.setRange(param.minimum, param.maximum)
            editor.setSuffix(_SUFFIXES.get(key, ""))
            editor.setGroupSeparatorShown(False)
            editor.setValue(param.default)
            if isinstance(value, int | str) and str(value).lstrip("-").isdigit():
                number = int(value)
                if param.minimum <= number <= param.maximum:
                    editor.setValue(number)
            editor.valueChanged.connect(self._on_param_edited)
        elif isinstance(param, ChoiceParam):
            editor = QComboBox(self)
            for choice in param.choices:
                editor.addItem(choice, choice)
            chosen = value if isinstance(value, str) and value in param.choices else param.default
            editor.setCurrentIndex(editor.findData(chosen))
            editor.currentIndexChanged.connect(self._on_param_edited)
        else:
            assert isinstance(param, TextParam)
            editor = QLineEdit(self)
            editor.setText(value if isinstance(value, str) else param.default)
            editor.textChanged.connect(self._on_param_edited)
        editor.setObjectName(f"param_{param.name}")
        return editor

    # -- the URL ----------------------------------------------------------------------------------

    def _base(self) -> str | None:
        return self._wss_url if self._wss.isChecked() else self._ws_url

    def _refresh(self) -> None:
        params = self.params()
        problem: str | None = None
        url: str | None = None
        base = self._base()
        try:
            url = scenario_url(base or "ws://127.0.0.1:1/", self._current, **params)
        except InvalidParameterError as exc:
            problem = self._param_problem(exc, params)
        except ScenarioError as exc:  # pragma: no cover - names come from SCENARIOS
            problem = str(exc)
        if base is None:
            url = None
        self._url = url
        self._problem = problem
        if problem is not None:
            self._reason.show_reason(problem, "error")
        else:
            self._reason.clear_reason()
        if url is not None:
            self._preview.setPlainText(url)
            self._preview.setPlaceholderText("")
        else:
            self._preview.clear()
            self._preview.setPlaceholderText(
                self.tr("Fix the parameter above to get a URL")
                if problem is not None
                else self.tr("The embedded server is not running")
            )
        self._copy.setEnabled(url is not None)
        choice = (self._current, params)
        if choice != self._last_choice:
            self._last_choice = choice
            self.scenario_changed.emit(self._current, dict(params))
        if url is not None and url != self._last_emitted:
            self._last_emitted = url
            self.scenario_url_changed.emit(url)

    def _param_problem(self, exc: InvalidParameterError, params: Mapping[str, ParamValue]) -> str:
        param = next(p for p in SCENARIOS[self._current].params if p.name == exc.param)
        label = translated(PARAM_LABELS[f"{self._current}/{param.name}"])
        value = params.get(param.name)
        if isinstance(param, IntParam):
            if isinstance(value, int) and any(value in r for r in param.ranges):
                if self._current == "reject":
                    return self.tr("{label}: {value} is not a known HTTP status").format(
                        label=label, value=value
                    )
            else:
                return self.tr("{label}: {value} is not allowed; allowed: {ranges}").format(
                    label=label, value=value, ranges=_ranges_text(param)
                )
        if isinstance(param, TextParam):
            text = str(value)
            if param.token:
                return self.tr(
                    "{label}: use letters, digits and !#$%&'*+-.^_`|~ only, at least one"
                ).format(label=label)
            if len(text.encode("utf-8")) > param.max_bytes:
                return self.tr("{label}: at most {count} bytes of UTF-8").format(
                    label=label, count=param.max_bytes
                )
        return str(exc)

    # -- slots ---------------------------------------------------------------------------------------

    def _on_combo_current_index_changed(self, index: int) -> None:
        name = str(self._combo.itemData(index))
        if name in SCENARIOS and name != self._current:
            self._current = name
            self._rebuild_params({})

    def _on_param_edited(self, *_args: object) -> None:
        self._update_texts()

    def _on_transport_toggled(self, _checked: bool) -> None:
        self._refresh()

    def _on_copy_clicked(self) -> None:
        if self._url is not None:
            QGuiApplication.clipboard().setText(self._url)
