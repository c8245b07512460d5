"""``StateBadge``: the page's connection state, in colour and words.

One glance tells a non-developer where the connection is: a coloured dot and a
word (连接中 / 已连接 / 关闭中 / 已关闭 …), a plain-language line saying what
that means and what to do next, and the exact ``readyState`` for developers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QEvent, Qt, Slot
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from app.events import Event, ReadyState
    from ui.bridge import Bridge

# app.events is imported where a state or an event arrives (whoever made it has loaded
# it): the badge is drawn before the window's first paint, which does not need it.

__all__ = ["STATE_STYLES", "BadgeKind", "StateBadge", "StateStyle"]


class BadgeKind:
    """What the badge shows (the four ready states, plus two before a connection exists)."""

    NOT_CREATED = "not_created"
    CREATE_FAILED = "create_failed"
    CONNECTING = "connecting"
    OPEN = "open"
    CLOSING = "closing"
    CLOSED = "closed"
    CLOSED_ABNORMALLY = "closed_abnormally"


@dataclass(frozen=True, slots=True)
class StateStyle:
    dot: str
    text: str
    background: str


STATE_STYLES: Final[Mapping[str, StateStyle]] = {
    BadgeKind.NOT_CREATED: StateStyle("#B8BCC4", "#5F6368", "#F2F3F5"),
    BadgeKind.CREATE_FAILED: StateStyle("#D93025", "#B3261E", "#FDECEA"),
    BadgeKind.CONNECTING: StateStyle("#F5A623", "#8A5300", "#FFF4E0"),
    BadgeKind.OPEN: StateStyle("#07C160", "#05813F", "#E6F7EE"),
    BadgeKind.CLOSING: StateStyle("#FA7D00", "#A04800", "#FFEEDD"),
    BadgeKind.CLOSED: StateStyle("#8A8F99", "#43474E", "#ECEDF0"),
    BadgeKind.CLOSED_ABNORMALLY: StateStyle("#D93025", "#B3261E", "#FDECEA"),
}

#: By ``readyState`` value (``ReadyState`` is an ``IntEnum``: its members find theirs).
_STATE_KIND: Final[Mapping[int, str]] = {
    0: BadgeKind.CONNECTING,
    1: BadgeKind.OPEN,
    2: BadgeKind.CLOSING,
    3: BadgeKind.CLOSED,
}

# Close codes that mean something went wrong (the others, 1000, 1001 and the codes
# 3000-4999 an application chooses, end the connection the way someone asked).
_ABNORMAL_CLOSE_CODES: Final = frozenset(range(1002, 1016))


class StateBadge(QWidget):
    """Shows the page's SocketTask state. Follows ``bridge`` when given (or attached later
    with :meth:`attach`); :meth:`show_state` sets it directly."""

    def __init__(self, bridge: Bridge | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("state_badge")
        self._bridge: Bridge | None = None
        self._state: ReadyState | None = None
        self._created = False
        self._close_code: int | None = None
        self._had_error = False
        self._setup_ui()
        self._retranslate()
        if bridge is not None:
            self.attach(bridge)

    def attach(self, bridge: Bridge) -> None:
        """Follow ``bridge`` from now on (once; the window is built before the core)."""
        if self._bridge is not None:
            raise RuntimeError("the badge already follows a bridge")
        self._bridge = bridge
        bridge.page_state.connect(self._on_bridge_page_state)
        bridge.events.connect(self._on_bridge_events)
        bridge.page_reloaded.connect(self._on_bridge_page_reloaded)
        bridge.config_changed.connect(self._on_bridge_config_changed)
        self.show_state(bridge.state, created=bridge.has_task())

    def _setup_ui(self) -> None:
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 8, 12, 8)
        outer.setSpacing(2)
        row = QHBoxLayout()
        row.setSpacing(8)
        self.dot = QLabel(self)
        self.dot.setObjectName("state_dot")
        self.dot.setFixedSize(12, 12)
        self.word_label = QLabel(self)
        self.word_label.setObjectName("state_word")
        self.detail_label = QLabel(self)
        self.detail_label.setObjectName("state_detail")
        row.addWidget(self.dot, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.word_label, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addStretch(1)
        row.addWidget(self.detail_label, 0, Qt.AlignmentFlag.AlignVCenter)
        outer.addLayout(row)
        self.hint_label = QLabel(self)
        self.hint_label.setObjectName("state_hint")
        self.hint_label.setWordWrap(True)
        self.hint_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        outer.addWidget(self.hint_label)
        self.set_base_font(self.font())

    def set_base_font(self, font: QFont) -> None:
        """Type based on ``font`` (presenter mode passes a larger one); the state word is
        1.25× and bold."""
        base = QFont(font)
        self.setFont(base)
        self.detail_label.setFont(base)
        self.hint_label.setFont(base)
        self.dot.setFont(base)
        word = QFont(base)
        word.setPointSizeF(base.pointSizeF() * 1.25)
        word.setBold(True)
        self.word_label.setFont(word)
        # Room for two lines in every state, so the page does not jump when the hint grows.
        self.hint_label.setMinimumHeight(2 * QFontMetrics(base).lineSpacing())

    # -- public ------------------------------------------------------------------------------

    @property
    def kind(self) -> str:
        """The :class:`BadgeKind` shown now."""
        if self._state is None:
            return BadgeKind.CREATE_FAILED if self._created else BadgeKind.NOT_CREATED
        from app.events import ReadyState

        if self._state is ReadyState.CLOSED and self._abnormal():
            return BadgeKind.CLOSED_ABNORMALLY
        return _STATE_KIND[self._state]

    @property
    def word(self) -> str:
        return self.word_label.text()

    def show_state(self, state: ReadyState | None, *, created: bool) -> None:
        if state is not None:
            from app.events import ReadyState

            if state is ReadyState.CONNECTING:
                self._close_code = None
                self._had_error = False
        self._state = state
        self._created = created
        self._retranslate()

    # -- text --------------------------------------------------------------------------------

    def _abnormal(self) -> bool:
        return self._had_error or self._close_code in _ABNORMAL_CLOSE_CODES

    def _words(self, kind: str) -> tuple[str, str]:
        code = self._close_code
        if self._bridge is not None and self._bridge.allow_multiple:
            closed_hint = (
                self.tr("Closed with code %1. “Create WebSocket” connects again.").replace(
                    "%1", str(code)
                )
                if code is not None
                else self.tr("Closed. “Create WebSocket” connects again.")
            )
        else:
            closed_hint = (
                self.tr("Closed with code %1. Reload the page to connect again.").replace(
                    "%1", str(code)
                )
                if code is not None
                else self.tr("Closed. Reload the page to connect again.")
            )
        texts = {
            BadgeKind.NOT_CREATED: (
                self.tr("Not created"),
                self.tr("Tap “Create WebSocket” to connect."),
            ),
            BadgeKind.CREATE_FAILED: (
                self.tr("Creation failed"),
                self.tr("The WebSocket was not created; the console says why."),
            ),
            BadgeKind.CONNECTING: (
                self.tr("Connecting"),
                self.tr("Opening the connection to the server…"),
            ),
            BadgeKind.OPEN: (
                self.tr("Open"),
                self.tr("Connected: data can be sent and received."),
            ),
            BadgeKind.CLOSING: (
                self.tr("Closing"),
                self.tr("Saying goodbye to the server…"),
            ),
            BadgeKind.CLOSED: (self.tr("Closed"), closed_hint),
            BadgeKind.CLOSED_ABNORMALLY: (
                self.tr("Closed"),
                self.tr(
                    "The connection ended unexpectedly (code %1); the console says why."
                ).replace("%1", str(code if code is not None else 1006)),
            ),
        }
        return texts[kind]

    def _retranslate(self) -> None:
        kind = self.kind
        word, hint = self._words(kind)
        style = STATE_STYLES[kind]
        self.setProperty("kind", kind)
        self.word_label.setText(word)
        self.hint_label.setText(hint)
        if self._state is None:
            detail = self.tr("readyState: none")
        else:
            detail = self.tr("readyState %1 · %2").replace("%1", str(int(self._state)))
            detail = detail.replace("%2", self._state.name)
        self.detail_label.setText(detail)
        self.setStyleSheet(
            f"#state_badge {{ background: {style.background}; border-radius: 8px; }}"
            f"#state_dot {{ background: {style.dot}; border-radius: 6px; }}"
            f"#state_word {{ color: {style.text}; }}"
            f"#state_detail {{ color: {style.text}; }}"
            f"#state_hint {{ color: {style.text}; }}"
        )
        self.setAccessibleName(self.tr("Connection state: %1").replace("%1", word))
        self.setAccessibleDescription(hint)
        self.setToolTip(hint)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    # -- slots -------------------------------------------------------------------------------

    @Slot(object)
    def _on_bridge_page_state(self, state: object) -> None:
        from app.events import ReadyState

        assert self._bridge is not None
        self.show_state(
            state if isinstance(state, ReadyState) else None, created=self._bridge.has_task()
        )

    @Slot(list)
    def _on_bridge_events(self, events: list[Event]) -> None:
        assert self._bridge is not None
        task = self._bridge.page.socket_task
        if task is None or task.socket_task_id is None:
            return
        from app.events import ListenerFired, notable_events

        task_id = task.socket_task_id
        changed = False
        for event in notable_events(events):
            if event.task_id != task_id or not isinstance(event, ListenerFired):
                continue
            if event.listener == "onClose":
                code = event.payload.get("code")
                self._close_code = code if isinstance(code, int) else None
                changed = True
            elif event.listener == "onError":
                self._had_error = True
                changed = True
        if changed:
            self._retranslate()

    @Slot(object)
    def _on_bridge_config_changed(self, _config: object) -> None:
        self._retranslate()

    @Slot()
    def _on_bridge_page_reloaded(self) -> None:
        self._close_code = None
        self._had_error = False
        self.show_state(None, created=False)
