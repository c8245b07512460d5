"""``SettingsPanel``: edits an :class:`~app.config.AppConfig`, refuses invalid values.

What ``connectSocket`` takes (URL, headers, protocols, timeout) and what the
runtime enforces (mode, legal domains, the domain check, an extra CA file), plus
two app switches (several connections, presenter mode). Every field is checked
as it is edited with :func:`app.config.validate`; a value that cannot be used is
shown with its reason in red next to the field and **Apply** stays disabled.
Values that are valid but that the runtime will refuse on connect (a ``ws://``
URL in release mode …) are shown in amber and do not block: provoking those
refusals is part of the demo.

Persistence: :func:`load_config` / :func:`save_config` (:mod:`ui.settings_io`, re-exported
here) keep the config in a ``QSettings`` group (as the flat strings of
:mod:`app.settings_store`). At start-up, command-line options win over stored settings::

    command_line = parse_command_line(argv)
    config = merge(load_config(settings), command_line.config, command_line.explicit)

The panel never touches the network: the window listens to ``config_applied``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QSettings,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.config import (
    DEFAULT_TIMEOUT_MS,
    PROBLEM_TEXTS,
    AppConfig,
    ConfigProblem,
    policy_warnings,
    split_list,
    validate,
)
from app.rules import Mode
from ui.settings_io import SETTINGS_GROUP, load_config, read_config, save_config

if TYPE_CHECKING:

    def QT_TRANSLATE_NOOP(context: str, source: str) -> str:
        return source

else:
    from PySide6.QtCore import QT_TRANSLATE_NOOP

__all__ = [
    "SETTINGS_GROUP",
    "HeadersModel",
    "ReasonLabel",
    "SettingsPanel",
    "load_config",
    "problem_text",
    "read_config",
    "save_config",
]

logger = logging.getLogger(__name__)

_ModelIndex = QModelIndex | QPersistentModelIndex

_ERROR_COLOR = "#c62828"
_WARNING_COLOR = "#9a5b00"
_NOTE_COLOR = "#6b6b6b"

# Translated copies of :data:`app.config.PROBLEM_TEXTS` (kept equal by a test).
_PROBLEM_TEXTS: dict[str, str] = {
    "url.invalid": QT_TRANSLATE_NOOP("ConfigProblem", "not a usable WebSocket URL: {detail}"),
    "url.needed": QT_TRANSLATE_NOOP(
        "ConfigProblem", "with the embedded server off, a URL is needed"
    ),
    "url.release_ws": QT_TRANSLATE_NOOP(
        "ConfigProblem", "release mode will refuse this URL: only wss:// is allowed"
    ),
    "url.not_legal": QT_TRANSLATE_NOOP(
        "ConfigProblem", "{host} is not a legal domain: connecting will be refused"
    ),
    "url.embedded_not_legal": QT_TRANSLATE_NOOP(
        "ConfigProblem",
        "the embedded server ({host}) is not a legal domain: connecting will be refused",
    ),
    "headers.empty_name": QT_TRANSLATE_NOOP("ConfigProblem", "a header has a value but no name"),
    "headers.name": QT_TRANSLATE_NOOP(
        "ConfigProblem", "header name {name!r} is not a valid HTTP token"
    ),
    "headers.managed": QT_TRANSLATE_NOOP(
        "ConfigProblem", "header {name!r} is set by the runtime and cannot be changed"
    ),
    "headers.control": QT_TRANSLATE_NOOP(
        "ConfigProblem", "header {name!r}: the value contains a control character"
    ),
    "headers.latin1": QT_TRANSLATE_NOOP(
        "ConfigProblem", "header {name!r}: the value must be ISO-8859-1 (Latin-1) text"
    ),
    "headers.duplicate": QT_TRANSLATE_NOOP("ConfigProblem", "header {name!r} is listed twice"),
    "headers.referer": QT_TRANSLATE_NOOP(
        "ConfigProblem", "Referer is never sent: tt.connectSocket drops it"
    ),
    "headers.refused": QT_TRANSLATE_NOOP(
        "ConfigProblem", "the runtime refuses this header: {detail}"
    ),
    "protocols.token": QT_TRANSLATE_NOOP("ConfigProblem", "protocol {name!r} is not a valid token"),
    "protocols.duplicate": QT_TRANSLATE_NOOP("ConfigProblem", "protocol {name!r} is listed twice"),
    "timeout_ms.number": QT_TRANSLATE_NOOP(
        "ConfigProblem", "timeout must be a whole number of milliseconds"
    ),
    "timeout_ms.range": QT_TRANSLATE_NOOP(
        "ConfigProblem", "timeout must be between 1 ms and 24 hours (86400000 ms)"
    ),
    "legal_domains.invalid": QT_TRANSLATE_NOOP("ConfigProblem", "not HOST or HOST:PORT: {detail}"),
    "legal_domains.none": QT_TRANSLATE_NOOP(
        "ConfigProblem", "no legal domains: every connection will be refused"
    ),
    "check_domain.release": QT_TRANSLATE_NOOP(
        "ConfigProblem", "release mode always checks legal domains"
    ),
    "ca_file.missing": QT_TRANSLATE_NOOP("ConfigProblem", "CA file not found: {path}"),
    "ca_file.not_file": QT_TRANSLATE_NOOP("ConfigProblem", "not a file: {path}"),
    "ca_file.unreadable": QT_TRANSLATE_NOOP("ConfigProblem", "cannot read the CA file: {detail}"),
    "ca_file.too_big": QT_TRANSLATE_NOOP(
        "ConfigProblem", "{path} is too large to be a CA certificate file"
    ),
    "ca_file.invalid": QT_TRANSLATE_NOOP("ConfigProblem", "{path} holds no PEM certificate"),
    "lang.unknown": QT_TRANSLATE_NOOP("ConfigProblem", "language must be one of {choices}"),
    "scenario.unknown": QT_TRANSLATE_NOOP(
        "ConfigProblem", "unknown scenario {name!r}; known: {choices}"
    ),
    "scenario.param": QT_TRANSLATE_NOOP("ConfigProblem", "{detail}"),
}


def problem_text(problem: ConfigProblem) -> str:
    """``problem`` in the current UI language (its English ``reason`` when there is no key)."""
    template = _PROBLEM_TEXTS.get(problem.key)
    if template is None:
        return problem.reason
    translated = QCoreApplication.translate("ConfigProblem", template)
    try:
        return translated.format(**dict(problem.args))
    except (KeyError, IndexError, ValueError):  # a translation broke a placeholder
        logger.warning("translation of %r does not fit its arguments", problem.key)
        return problem.reason


# -- small widgets -------------------------------------------------------------------------------


class ReasonLabel(QLabel):
    """The reason next to a field: red for an error, amber for a warning; hidden when empty."""

    _COLORS: ClassVar[dict[str, str]] = {
        "error": _ERROR_COLOR,
        "warning": _WARNING_COLOR,
        "note": _NOTE_COLOR,
    }

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.severity: str = ""
        self.setVisible(False)

    def show_reason(self, text: str, severity: str = "error") -> None:
        self.severity = severity if text else ""
        self.setText(text)
        self.setStyleSheet(f"color: {self._COLORS.get(severity, _ERROR_COLOR)};")
        self.setVisible(bool(text))

    def clear_reason(self) -> None:
        self.show_reason("", "")


# -- the headers table -----------------------------------------------------------------------------

_SENSITIVE = re.compile(r"auth|cookie|token|secret|passw|key|session|signature", re.IGNORECASE)
_MASK = "••••••"


class HeadersModel(QAbstractTableModel):
    """Handshake headers as editable (name, value) rows, plus a read-only note column.

    A ``Referer`` row is drawn struck through and grey with the note "never sent"
    (``tt.connectSocket`` drops it). A row with a problem shows it in the note
    column (set by the panel with :meth:`set_row_problems`). Fully empty rows are
    ignored by :meth:`headers`. With :attr:`masked`, values of headers whose names
    look secret (``Authorization``, ``Cookie``, ``X-Token`` …) are shown as dots;
    editing still shows the real value.
    """

    NAME, VALUE, NOTE = range(3)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[list[str]] = []
        self._problems: dict[int, str] = {}
        self._masked = False

    # Qt model API

    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Name"), self.tr("Value"), self.tr("Note"))[section]
        return None

    def flags(self, index: _ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() != self.NOTE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = index.row(), index.column()
        name, value = self._rows[row]
        referer = name.strip().lower() == "referer"
        problem = self._problems.get(row)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.NAME:
                return name
            if column == self.VALUE:
                return _MASK if self._masked and value and _SENSITIVE.search(name) else value
            if problem:
                return self.tr("invalid")
            return self.tr("never sent") if referer else ""
        if role == Qt.ItemDataRole.EditRole:
            return (name, value, "")[column]
        if role == Qt.ItemDataRole.FontRole and referer and column != self.NOTE:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == self.NOTE and problem:
                return QColor(_ERROR_COLOR)
            if referer:
                return QColor(_NOTE_COLOR)
        if role == Qt.ItemDataRole.ToolTipRole:
            if problem:
                return problem
            if referer:
                return self.tr(
                    "tt.connectSocket does not support the Referer header: it is never sent."
                )
        return None

    def setData(self, index: _ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            role != Qt.ItemDataRole.EditRole
            or not index.isValid()
            or index.column() == self.NOTE
            or not 0 <= index.row() < len(self._rows)
        ):
            return False
        text = "" if value is None else str(value)
        if self._rows[index.row()][index.column()] == text:
            return True
        self._rows[index.row()][index.column()] = text
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), self.NOTE))
        return True

    def insertRows(self, row: int, count: int, parent: _ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() or count < 1 or not 0 <= row <= len(self._rows):
            return False
        self.beginInsertRows(QModelIndex(), row, row + count - 1)
        self._rows[row:row] = [["", ""] for _ in range(count)]
        self._problems.clear()
        self.endInsertRows()
        return True

    def removeRows(self, row: int, count: int, parent: _ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() or count < 1 or row < 0 or row + count > len(self._rows):
            return False
        self.beginRemoveRows(QModelIndex(), row, row + count - 1)
        del self._rows[row : row + count]
        self._problems.clear()
        self.endRemoveRows()
        return True

    # Our API

    @property
    def masked(self) -> bool:
        return self._masked

    def set_masked(self, masked: bool) -> None:
        if masked != self._masked:
            self._masked = masked
            self._all_changed()

    def set_headers(self, headers: Iterable[tuple[str, str]]) -> None:
        self.beginResetModel()
        self._rows = [[name, value] for name, value in headers]
        self._problems.clear()
        self.endResetModel()

    def rows(self) -> list[tuple[str, str]]:
        """Every row as typed, stripped, empty rows included."""
        return [(name.strip(), value.strip()) for name, value in self._rows]

    def headers(self) -> tuple[tuple[str, str], ...]:
        """The rows that are not empty, stripped."""
        return tuple((name, value) for name, value in self.rows() if name or value)

    def set_row_problems(self, problems: dict[int, str]) -> None:
        if problems != self._problems:
            self._problems = dict(problems)
            if self._rows:
                self.dataChanged.emit(
                    self.index(0, self.NOTE), self.index(len(self._rows) - 1, self.NOTE)
                )

    def row_problem(self, row: int) -> str | None:
        return self._problems.get(row)

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 2)
        self._all_changed()

    def _all_changed(self) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, self.NOTE))


# -- the panel ---------------------------------------------------------------------------------------


class SettingsPanel(QWidget):
    """Edits an :class:`AppConfig`; ``config_applied(AppConfig)`` when the user applies it.

    ``settings``, when given, receives the applied config (:func:`save_config`).
    Fields this panel does not show (language, embedded server, scenario) keep the
    values of the config it was given. :meth:`reason_label` gives the label that
    shows a field's problem (field names are those of :class:`AppConfig`).
    """

    config_applied = Signal(object)

    # Fields with an editor here, in the order they are shown.
    EDITED_FIELDS: tuple[str, ...] = (
        "url",
        "headers",
        "protocols",
        "timeout_ms",
        "mode",
        "legal_domains",
        "check_domain",
        "ca_file",
        "allow_multiple",
        "presenter",
    )

    def __init__(
        self,
        config: AppConfig | None = None,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settings_panel")
        self._settings = settings
        self._applied = config if config is not None else AppConfig()
        self._edited: AppConfig | None = self._applied
        self._errors: list[ConfigProblem] = []
        self._warnings: list[ConfigProblem] = []
        self._loading = False
        self._base = self._applied  # the config whose other fields the edits keep
        self._shown = False  # fields filled in at least once
        self._setup_ui()
        self._retranslate_ui()
        self._show_config(self._applied)

    # -- public --------------------------------------------------------------------------------

    def config(self) -> AppConfig:
        """The applied config."""
        return self._applied

    def edited_config(self) -> AppConfig | None:
        """What the fields say now, or ``None`` while something is invalid."""
        return self._edited if not self._errors else None

    def problems(self) -> list[ConfigProblem]:
        """The errors (blocking) then the warnings (not blocking) for what the fields say."""
        return [*self._errors, *self._warnings]

    def set_config(self, config: AppConfig) -> None:
        """Show ``config`` as the applied one (does not emit ``config_applied``)."""
        self._applied = config
        self._show_config(config)

    def set_scenario(self, name: str, params: Mapping[str, object]) -> None:
        """Keep the scenario picked elsewhere (``ScenarioPicker.scenario_changed``) in the
        config, and in the settings when there are any. Does not emit ``config_applied``
        (the picker announces its URL itself)."""
        scenario_params = tuple((key, str(value)) for key, value in params.items())
        changes = {"scenario": name, "scenario_params": scenario_params}
        self._base = self._base.replace(**changes)
        self._applied = self._applied.replace(**changes)
        if self._settings is not None and not validate(self._applied):
            save_config(self._settings, self._applied)
        self._revalidate()

    def set_notices(self, notices: Sequence[str]) -> None:
        """Show a note at the top, e.g. the warnings of :func:`read_config`."""
        if notices:
            head = self.tr("Some stored settings were not valid and were reset:")
            self._notice.show_reason("\n".join([head, *notices]), "warning")
        else:
            self._notice.clear_reason()

    def reason_label(self, field: str) -> ReasonLabel:
        return self._reasons[field]

    def apply(self) -> bool:
        """Apply what the fields say; False (nothing happens) while something is invalid."""
        edited = self.edited_config()
        if edited is None:
            return False
        self._applied = edited
        if self._settings is not None:
            save_config(self._settings, edited)
        self._update_buttons()
        self.config_applied.emit(edited)
        return True

    def revert(self) -> None:
        """Discard the edits: show the applied config again."""
        self._show_config(self._applied)

    def restore_defaults(self) -> None:
        """Fill the fields with the defaults (not applied until Apply)."""
        defaults = AppConfig()
        self._show_config(
            self._applied.replace(**{name: getattr(defaults, name) for name in self.EDITED_FIELDS})
        )

    # -- building -------------------------------------------------------------------------------

    def _setup_ui(self) -> None:
        self._form_labels: list[QLabel] = []
        self._reasons: dict[str, ReasonLabel] = {
            name: ReasonLabel(self) for name in self.EDITED_FIELDS
        }
        for name, label in self._reasons.items():
            label.setObjectName(f"reason_{name}")

        self._notice = ReasonLabel(self)
        self._notice.setObjectName("settings_notice")

        # Connection: what connectSocket takes.
        self._url = QLineEdit(self)
        self._url.setObjectName("url_edit")
        self._url.setClearButtonEnabled(True)
        self._url_note = QLabel(self)
        self._url_note.setWordWrap(True)
        self._url_note.setStyleSheet(f"color: {_NOTE_COLOR};")

        self._headers = HeadersModel(self)
        self._headers_view = QTableView(self)
        self._headers_view.setObjectName("headers_view")
        self._headers_view.setModel(self._headers)
        self._headers_view.verticalHeader().setVisible(False)
        self._headers_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._headers_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        header = self._headers_view.horizontalHeader()
        header.setSectionResizeMode(HeadersModel.NAME, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(HeadersModel.VALUE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(HeadersModel.NOTE, QHeaderView.ResizeMode.ResizeToContents)
        self._headers_view.setColumnWidth(HeadersModel.NAME, 140)
        self._headers_view.verticalHeader().setDefaultSectionSize(
            self._headers_view.fontMetrics().height() + 8
        )
        self._headers_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._headers_view.setMinimumHeight(110)
        self._headers_view.setMaximumHeight(150)
        self._add_header = QPushButton(self)
        self._add_header.setObjectName("add_header_button")
        self._remove_header = QPushButton(self)
        self._remove_header.setObjectName("remove_header_button")
        header_buttons = QHBoxLayout()
        header_buttons.setContentsMargins(0, 0, 0, 0)
        header_buttons.addWidget(self._add_header)
        header_buttons.addWidget(self._remove_header)
        header_buttons.addStretch(1)

        self._protocols = QLineEdit(self)
        self._protocols.setObjectName("protocols_edit")
        self._timeout = QLineEdit(self)
        self._timeout.setObjectName("timeout_edit")
        self._timeout.setMaximumWidth(140)
        self._timeout_unit = QLabel("ms", self)
        timeout_row = QHBoxLayout()
        timeout_row.setContentsMargins(0, 0, 0, 0)
        timeout_row.addWidget(self._timeout)
        timeout_row.addWidget(self._timeout_unit)
        timeout_row.addStretch(1)

        # Runtime: what it enforces.
        self._mode = QComboBox(self)
        self._mode.setObjectName("mode_combo")
        for mode in Mode:
            self._mode.addItem("", mode.value)
        self._legal = QPlainTextEdit(self)
        self._legal.setObjectName("legal_domains_edit")
        self._legal.setTabChangesFocus(True)
        self._legal.setFixedHeight(self._legal.fontMetrics().lineSpacing() * 4 + 12)
        self._skip_check = QCheckBox(self)
        self._skip_check.setObjectName("skip_domain_check")
        self._ca_file = QLineEdit(self)
        self._ca_file.setObjectName("ca_file_edit")
        self._ca_file.setClearButtonEnabled(True)
        self._browse = QPushButton(self)
        self._browse.setObjectName("ca_browse_button")
        ca_row = QHBoxLayout()
        ca_row.setContentsMargins(0, 0, 0, 0)
        ca_row.addWidget(self._ca_file, 1)
        ca_row.addWidget(self._browse)

        # App switches.
        self._multiple = QCheckBox(self)
        self._multiple.setObjectName("allow_multiple")
        self._presenter = QCheckBox(self)
        self._presenter.setObjectName("presenter")

        self._connection_box = QGroupBox(self)
        form = self._form(self._connection_box)
        self._url_label = self._add_row(form, "url", self._url, self._url_note)
        self._headers_label = self._add_row(form, "headers", self._headers_view, header_buttons)
        self._protocols_label = self._add_row(form, "protocols", self._protocols)
        self._timeout_label = self._add_row(form, "timeout_ms", timeout_row)

        self._runtime_box = QGroupBox(self)
        form = self._form(self._runtime_box)
        self._mode_label = self._add_row(form, "mode", self._mode)
        self._legal_label = self._add_row(form, "legal_domains", self._legal)
        self._add_row(form, "check_domain", self._skip_check)
        self._ca_label = self._add_row(form, "ca_file", ca_row)
        self._add_row(form, "allow_multiple", self._multiple)

        self._display_box = QGroupBox(self)
        form = self._form(self._display_box)
        self._add_row(form, "presenter", self._presenter)

        contents = QWidget(self)
        contents.setObjectName("settings_contents")
        column = QVBoxLayout(contents)
        column.addWidget(self._notice)
        column.addWidget(self._connection_box)
        column.addWidget(self._runtime_box)
        column.addWidget(self._display_box)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(contents)

        self._status = QLabel(self)
        self._status.setObjectName("settings_status")
        self._status.setWordWrap(True)
        self._defaults_button = QPushButton(self)
        self._defaults_button.setObjectName("defaults_button")
        self._revert_button = QPushButton(self)
        self._revert_button.setObjectName("revert_button")
        self._apply_button = QPushButton(self)
        self._apply_button.setObjectName("apply_button")
        self._apply_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self._status, 1)
        buttons.addWidget(self._defaults_button)
        buttons.addWidget(self._revert_button)
        buttons.addWidget(self._apply_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        layout.setContentsMargins(6, 6, 6, 6)

        for edit in (self._url, self._protocols, self._timeout, self._ca_file):
            edit.textChanged.connect(self._on_field_edited)
        self._legal.textChanged.connect(self._on_field_edited)
        self._mode.currentIndexChanged.connect(self._on_field_edited)
        for box in (self._skip_check, self._multiple, self._presenter):
            box.toggled.connect(self._on_field_edited)
        self._headers.dataChanged.connect(self._on_field_edited)
        self._headers.rowsInserted.connect(self._on_field_edited)
        self._headers.rowsRemoved.connect(self._on_field_edited)
        self._headers.modelReset.connect(self._on_field_edited)
        self._add_header.clicked.connect(self._on_add_header_clicked)
        self._remove_header.clicked.connect(self._on_remove_header_clicked)
        self._browse.clicked.connect(self._on_browse_clicked)
        self._apply_button.clicked.connect(self.apply)
        self._revert_button.clicked.connect(self.revert)
        self._defaults_button.clicked.connect(self.restore_defaults)

    @staticmethod
    def _form(box: QGroupBox) -> QFormLayout:
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        return form

    def _add_row(self, form: QFormLayout, field: str, *parts: QWidget | QHBoxLayout) -> QLabel:
        """A form row: the editor(s), then the field's reason label under them."""
        cell = QVBoxLayout()
        cell.setContentsMargins(0, 0, 0, 0)
        cell.setSpacing(2)
        for part in parts:
            if isinstance(part, QWidget):
                cell.addWidget(part)
            else:
                cell.addLayout(part)
        cell.addWidget(self._reasons[field])
        label = QLabel(self)  # empty for check boxes, which carry their own text
        form.addRow(label, cell)
        self._form_labels.append(label)
        return label

    def _retranslate_ui(self) -> None:
        self._connection_box.setTitle(self.tr("Connection (connectSocket options)"))
        self._runtime_box.setTitle(self.tr("Runtime rules"))
        self._display_box.setTitle(self.tr("Display"))
        self._url_label.setText(self.tr("URL"))
        self._url.setPlaceholderText(self.tr("Empty: the embedded demo server"))
        self._url_note.setText(
            self.tr(
                "Leave empty to connect to the embedded server, acting out the scenario "
                "picked in Scenarios."
            )
        )
        self._headers_label.setText(self.tr("Headers"))
        self._add_header.setText(self.tr("Add header"))
        self._remove_header.setText(self.tr("Remove"))
        self._headers.retranslate()
        self._protocols_label.setText(self.tr("Protocols"))
        self._protocols.setPlaceholderText(self.tr("None; separate several with commas"))
        self._timeout_label.setText(self.tr("Timeout"))
        self._timeout.setPlaceholderText(str(DEFAULT_TIMEOUT_MS))
        self._timeout_unit.setText(self.tr("ms (handshake deadline)"))
        self._mode_label.setText(self.tr("Mode"))
        self._mode.setItemText(0, self.tr("Test: ws:// and wss://"))
        self._mode.setItemText(1, self.tr("Release: wss:// on legal domains only"))
        self._legal_label.setText(self.tr("Legal domains"))
        self._legal.setPlaceholderText(self.tr("One HOST or HOST:PORT per line"))
        self._skip_check.setText(self.tr("Skip the legal-domain check (test mode only)"))
        self._ca_label.setText(self.tr("Extra CA file"))
        self._ca_file.setPlaceholderText(self.tr("None: the system's certificates only"))
        self._browse.setText(self.tr("Browse…"))
        self._multiple.setText(self.tr("Allow several connections at once"))
        self._multiple.setToolTip(
            self.tr(
                "The sample page creates one WebSocket. With this on, each Create makes a "
                "new one, up to the runtime's limit of 5."
            )
        )
        self._presenter.setText(self.tr("Presenter mode: larger type, secret values masked"))
        self._defaults_button.setText(self.tr("Defaults"))
        self._revert_button.setText(self.tr("Revert"))
        self._apply_button.setText(self.tr("Apply"))
        # The three groups' forms line up: one width for every label column.
        width = max(label.sizeHint().width() for label in self._form_labels)
        for label in self._form_labels:
            label.setMinimumWidth(width)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            label.setContentsMargins(0, 4, 0, 0)  # level with the text of a line edit
        self._revalidate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate_ui()
        super().changeEvent(event)

    # -- fields <-> config ----------------------------------------------------------------------

    def _show_config(self, config: AppConfig) -> None:
        self._loading = True
        try:
            self._url.setText(config.url or "")
            self._headers.set_headers(config.headers)
            self._protocols.setText(", ".join(config.protocols))
            self._timeout.setText(str(config.timeout_ms))
            self._mode.setCurrentIndex(max(0, self._mode.findData(config.mode.value)))
            self._legal.setPlainText("\n".join(config.legal_domains))
            self._skip_check.setChecked(not config.check_domain)
            self._ca_file.setText(config.ca_file or "")
            self._multiple.setChecked(config.allow_multiple)
            self._presenter.setChecked(config.presenter)
        finally:
            self._loading = False
        self._base = config
        self._shown = True
        self._revalidate()

    def _read_fields(self) -> tuple[AppConfig, list[ConfigProblem]]:
        """The config the fields describe, and problems found while reading them."""
        problems: list[ConfigProblem] = []
        base = self._base
        timeout_text = self._timeout.text().strip()
        timeout = base.timeout_ms
        if timeout_text.isdigit() and timeout_text.isascii():
            timeout = int(timeout_text)
        else:
            key = "timeout_ms.number"
            problems.append(ConfigProblem("timeout_ms", PROBLEM_TEXTS[key], key))
        mode = Mode(self._mode.currentData() or Mode.TEST.value)
        url = self._url.text().strip()
        ca_file = self._ca_file.text().strip()
        config = base.replace(
            url=url or None,
            headers=self._headers.headers(),
            protocols=split_list(self._protocols.text()),
            timeout_ms=timeout,
            mode=mode,
            legal_domains=split_list(self._legal.toPlainText()),
            check_domain=mode is Mode.RELEASE or not self._skip_check.isChecked(),
            ca_file=ca_file or None,
            allow_multiple=self._multiple.isChecked(),
            presenter=self._presenter.isChecked(),
        )
        return config, problems

    def _on_field_edited(self, *_args: object) -> None:
        if not self._loading:
            self._revalidate()

    def _revalidate(self) -> None:
        if not self._shown:
            return  # still building
        config, read_problems = self._read_fields()
        errors = read_problems + [
            p
            for p in validate(config)
            if p.field in self.EDITED_FIELDS and p.field not in {q.field for q in read_problems}
        ]
        error_fields = {p.field for p in errors}
        warnings = [
            p
            for p in policy_warnings(config)
            if p.field in self.EDITED_FIELDS and p.field not in error_fields
        ]
        self._edited = config
        self._errors = errors
        self._warnings = warnings
        for field, label in self._reasons.items():
            shown = [p for p in errors if p.field == field] or [
                p for p in warnings if p.field == field
            ]
            if shown:
                label.show_reason(self._join(shown), shown[0].severity)
            else:
                label.clear_reason()
        self._headers.set_row_problems(self._header_row_problems())
        release = config.mode is Mode.RELEASE
        self._skip_check.setEnabled(not release)
        self._skip_check.setToolTip(
            self.tr("Release mode always checks legal domains.") if release else ""
        )
        self._headers.set_masked(config.presenter)
        self._remove_header.setEnabled(self._headers.rowCount() > 0)
        self._update_buttons()

    def _join(self, problems: list[ConfigProblem], limit: int = 3) -> str:
        lines = [problem_text(p) for p in problems[:limit]]
        if len(problems) > limit:
            lines.append(self.tr("(+{count} more)").format(count=len(problems) - limit))
        return "\n".join(lines)

    def _header_row_problems(self) -> dict[int, str]:
        """The problem of each header row, as shown in the note column."""
        out: dict[int, str] = {}
        seen: set[str] = set()
        for row, (name, value) in enumerate(self._headers.rows()):
            if not name and not value:
                continue
            row_errors = [
                p for p in validate(AppConfig(headers=((name, value),))) if p.field == "headers"
            ]
            if not row_errors and name.lower() in seen:
                key = "headers.duplicate"
                args = (("name", name),)
                reason = PROBLEM_TEXTS[key].format(name=name)
                row_errors = [ConfigProblem("headers", reason, key, args)]
            seen.add(name.lower())
            if row_errors:
                out[row] = problem_text(row_errors[0])
        return out

    def _update_buttons(self) -> None:
        dirty = self._edited != self._applied
        self._apply_button.setEnabled(not self._errors and dirty)
        self._revert_button.setEnabled(dirty)
        fields = {p.field for p in self._errors}
        if fields:
            self._status.setText(
                self.tr("Settings to fix before applying: {count}").format(count=len(fields))
            )
            self._status.setStyleSheet(f"color: {_ERROR_COLOR};")
        elif dirty:
            self._status.setText(self.tr("Changes not applied yet"))
            self._status.setStyleSheet(f"color: {_NOTE_COLOR};")
        else:
            self._status.setText("")
            self._status.setStyleSheet("")

    # -- slots ------------------------------------------------------------------------------------

    def _on_add_header_clicked(self) -> None:
        row = self._headers.rowCount()
        self._headers.insertRows(row, 1)
        index = self._headers.index(row, HeadersModel.NAME)
        self._headers_view.setCurrentIndex(index)
        self._headers_view.edit(index)

    def _on_remove_header_clicked(self) -> None:
        rows = sorted(
            {index.row() for index in self._headers_view.selectionModel().selectedIndexes()},
            reverse=True,
        )
        if not rows and self._headers.rowCount():
            rows = [self._headers_view.currentIndex().row()]
            if rows[0] < 0:
                rows = [self._headers.rowCount() - 1]
        for row in rows:
            self._headers.removeRows(row, 1)

    def _on_browse_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose a CA certificate"),
            self._ca_file.text().strip(),
            self.tr("PEM certificates (*.pem *.crt *.cer);;All files (*)"),
        )
        if path:
            self._ca_file.setText(path)
