"""``PageView``: the sample's ``index.ttml``, drawn like a mini-program page on a phone.

A navigation bar with the page title and the capsule, the connection-state
badge, then the sample's controls in ``index.ttml`` order::

    <button size="default" bindtap="socketConnect">创建 WebSocket </button>
    <button size="default" bindtap="closeSocket"> 关闭 WebSocket </button>
    <input value="{{inputValue}}" bindinput="inputChange"></input>
    <button size="default" bindtap="sendSocket"> 发送 WebSocket 数据 </button>

The buttons always call the page's handlers (as ``bindtap`` does). When a tap
cannot do anything, the button looks quieter, its tooltip says why, and the
bridge adds a console line — the page logic itself stays the sample's.

Presenter mode (:meth:`PageView.set_presenter`) enlarges the page's type 1.3×
and masks token-like URL parameters on screen.

The page can be built before the core exists (the window paints first, see
:func:`ui.main.main`): it then shows the configuration's page with no
SocketTask. :meth:`PageView.attach` gives it the bridge; what is tapped or typed
until :meth:`PageView.go_live` (the core runs on its loop) is kept, in order, and
done then.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

from PySide6.QtCore import QEvent, QSize, Qt, Slot
from PySide6.QtGui import QFont, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui.held_actions import HeldActions
from ui.resources import resource_path
from ui.state_badge import StateBadge

if TYPE_CHECKING:
    from app.config import AppConfig
    from app.events import ReadyState
    from ui.bridge import Bridge

__all__ = [
    "CLOSE_SHORTCUT",
    "CONNECT_SHORTCUT",
    "PAGE_SIZE",
    "PRESENTER_SCALE",
    "RELOAD_SHORTCUT",
    "SEND_SHORTCUT",
    "PageView",
    "icon",
]

# The phone's logical page size (iPhone 6/7/8), as in the devtools' simulator.
PAGE_SIZE: Final = QSize(375, 667)

CONNECT_SHORTCUT: Final = QKeySequence("Ctrl+N")
CLOSE_SHORTCUT: Final = QKeySequence("Ctrl+D")
SEND_SHORTCUT: Final = QKeySequence("Ctrl+Return")
RELOAD_SHORTCUT: Final = QKeySequence("Ctrl+R")

# How much larger the type is in presenter mode.
PRESENTER_SCALE: Final = 1.3

# Dynamic property: a widget's type size relative to the page's.
_FONT_SCALE: Final = "fontScale"


def icon(name: str) -> QIcon:
    """An icon from ``resources/icons/<name>.svg``."""
    return QIcon(str(resource_path("icons", f"{name}.svg")))


def _scaled(font: QFont, factor: float) -> QFont:
    scaled = QFont(font)
    scaled.setPointSizeF(font.pointSizeF() * factor)
    return scaled


def _shortcut_text(sequence: QKeySequence) -> str:
    return sequence.toString(QKeySequence.SequenceFormat.NativeText)


class _Capsule(QFrame):
    """The mini-program capsule (··· | ◎) at the right of the navigation bar. Decorative."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("nav_capsule")
        self.setFixedSize(87, 32)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 0, 10, 0)
        layout.setSpacing(0)
        more = QLabel(self)
        more.setPixmap(icon("capsule-more").pixmap(QSize(20, 20)))
        divider = QFrame(self)
        divider.setObjectName("nav_capsule_divider")
        divider.setFixedSize(1, 18)
        close = QLabel(self)
        close.setPixmap(icon("capsule-close").pixmap(QSize(18, 18)))
        layout.addWidget(more, 1, Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(divider, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(close, 1, Qt.AlignmentFlag.AlignCenter)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)


class PageView(QWidget):
    """The phone page. Talks only to ``bridge``.

    Without a bridge (the core is not built yet) it shows the page ``config`` describes,
    with no SocketTask; :meth:`attach` gives it the bridge, and input made until
    :meth:`go_live` reaches the bridge then, in order. Built with a bridge, it is live.
    """

    def __init__(
        self,
        bridge: Bridge | None = None,
        parent: QWidget | None = None,
        *,
        config: AppConfig | None = None,
    ) -> None:
        super().__init__(parent)
        if bridge is None and config is None:
            raise TypeError("PageView needs a bridge, or the config to show until it has one")
        self.setObjectName("page_view")
        self._bridge: Bridge | None = None
        # What the page shows until the bridge is attached.
        self._config = bridge.config if bridge is not None else config
        # Taps and edits made before the core runs, replayed by go_live().
        self._held = HeldActions()
        self._presenter = False
        # While the embedded server starts, the page has no URL to connect to yet.
        self._server_starting = False
        self._connect_pending = False
        self._setup_ui()
        self._apply_fonts()
        self._retranslate()
        if bridge is not None:
            self.attach(bridge)
            self.go_live()

    @property
    def attached(self) -> bool:
        """Whether the page has its bridge (the core) yet."""
        return self._bridge is not None

    @property
    def live(self) -> bool:
        """Whether taps and edits go to the bridge as they happen (see :meth:`go_live`)."""
        return self._held.live

    def attach(self, bridge: Bridge) -> None:
        """Show what ``bridge`` says from now on (once). Taps and edits still wait for
        :meth:`go_live`."""
        if self._bridge is not None:
            raise RuntimeError("the page already has a bridge")
        self._bridge = bridge
        self._config = bridge.config
        self.badge.attach(bridge)
        bridge.page_state.connect(self._on_bridge_page_state)
        bridge.page_reloaded.connect(self._on_bridge_page_reloaded)
        bridge.data_changed.connect(self._on_bridge_data_changed)
        bridge.url_changed.connect(self._on_bridge_url_changed)
        bridge.config_changed.connect(self._on_bridge_config_changed)
        bridge.sockets_changed.connect(self._on_bridge_sockets_changed)
        self._show_url(bridge.url)
        self.refresh_hints()

    def go_live(self) -> None:
        """The core runs (on its event loop): taps and edits made until now are done, in
        the order they were made, and later ones as they happen. Needs :meth:`attach`."""
        if self._bridge is None:
            raise RuntimeError("the page has no bridge yet")
        self._held.release()

    def _wait_for_core(self, action: Callable[[], None]) -> bool:
        """Keep ``action`` for :meth:`go_live` if the core does not run yet (True if kept)."""
        return self._held.hold(action)

    def _setup_ui(self) -> None:
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFixedWidth(PAGE_SIZE.width())
        self.setMinimumHeight(480)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)

        # Navigation bar: title centred, capsule on the right.
        nav = QFrame(self)
        nav.setObjectName("nav_bar")
        nav.setFixedHeight(44)
        nav_layout = QHBoxLayout(nav)
        nav_layout.setContentsMargins(7 + 87, 0, 7, 0)
        self.title_label = QLabel(nav)
        self.title_label.setObjectName("nav_title")
        self.title_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title_label.setProperty(_FONT_SCALE, 1.2)
        nav_layout.addWidget(self.title_label, 1)
        nav_layout.addWidget(_Capsule(nav), 0, Qt.AlignmentFlag.AlignVCenter)
        outer.addWidget(nav)

        body = QWidget(self)
        body.setObjectName("page_body")
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(16, 14, 16, 16)
        body_layout.setSpacing(0)

        self.badge = StateBadge(None, body)
        body_layout.addWidget(self.badge)
        body_layout.addSpacing(20)

        # <view> … the sample's controls, in index.ttml order.
        self.connect_button = self._mp_button("connect_button", body)
        self.close_button = self._mp_button("close_button", body)
        self.input = QLineEdit(body)
        self.input.setObjectName("page_input")
        self.input.setMinimumHeight(44)
        self.input.setProperty(_FONT_SCALE, 1.15)
        if self._bridge is not None:
            self.input.setText(str(self._bridge.page.data.get("inputValue", "")))
        self.send_button = self._mp_button("send_button", body)
        self.connect_button.clicked.connect(self._on_connect_button_clicked)
        self.close_button.clicked.connect(self._on_close_button_clicked)
        self.send_button.clicked.connect(self._on_send_button_clicked)
        self.input.textEdited.connect(self._on_input_text_edited)
        self.input.returnPressed.connect(self._on_input_return_pressed)
        for widget in (self.connect_button, self.close_button, self.input, self.send_button):
            body_layout.addWidget(widget)
            body_layout.addSpacing(15)
        body_layout.addStretch(1)

        self.url_caption = QLabel(body)
        self.url_caption.setObjectName("page_url_caption")
        self.url_label = QLabel(body)
        self.url_label.setObjectName("page_url")
        self.url_label.setWordWrap(True)
        self.url_caption.setProperty(_FONT_SCALE, 0.9)
        self.url_label.setProperty(_FONT_SCALE, 0.9)
        self.url_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        body_layout.addWidget(self.url_caption)
        body_layout.addWidget(self.url_label)
        outer.addWidget(body, 1)

        # Below the page, as the simulator's toolbar: reload.
        foot = QFrame(self)
        foot.setObjectName("page_footer")
        foot_layout = QHBoxLayout(foot)
        foot_layout.setContentsMargins(12, 6, 12, 6)
        self.reload_button = QPushButton(foot)
        self.reload_button.setObjectName("reload_button")
        self.reload_button.setIcon(icon("reload"))
        self.reload_button.setIconSize(QSize(16, 16))
        self.reload_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.reload_button.clicked.connect(self._on_reload_button_clicked)
        foot_layout.addStretch(1)
        foot_layout.addWidget(self.reload_button)
        foot_layout.addStretch(1)
        outer.addWidget(foot)

        # Tab order follows the page.
        QWidget.setTabOrder(self.connect_button, self.close_button)
        QWidget.setTabOrder(self.close_button, self.input)
        QWidget.setTabOrder(self.input, self.send_button)
        QWidget.setTabOrder(self.send_button, self.reload_button)

    def _mp_button(self, name: str, parent: QWidget) -> QPushButton:
        button = QPushButton(parent)
        button.setObjectName(name)
        button.setProperty("mpButton", True)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.setAutoDefault(False)
        button.setMinimumHeight(46)
        button.setProperty(_FONT_SCALE, 1.25)
        return button

    def _apply_fonts(self) -> None:
        """Every widget of the page gets its font set explicitly: under a stylesheet a
        font set on a parent does not reach its children."""
        base = QFont(QApplication.font())
        if self._presenter:
            base.setPointSizeF(base.pointSizeF() * PRESENTER_SCALE)
        self.setFont(base)
        badge = self.badge
        for widget in self.findChildren(QWidget):
            if widget is badge or badge.isAncestorOf(widget):
                continue
            factor = widget.property(_FONT_SCALE)
            widget.setFont(_scaled(base, float(factor)) if factor else base)
        badge.set_base_font(base)

    def _retranslate(self) -> None:
        self.title_label.setText(self.tr("WebSocket"))
        self.connect_button.setText(self.tr("Create WebSocket"))
        self.close_button.setText(self.tr("Close WebSocket"))
        self.send_button.setText(self.tr("Send WebSocket data"))
        self.input.setPlaceholderText(self.tr("Type the data to send"))
        self.connect_button.setAccessibleName(self.tr("Create WebSocket"))
        self.close_button.setAccessibleName(self.tr("Close WebSocket"))
        self.send_button.setAccessibleName(self.tr("Send WebSocket data"))
        self.input.setAccessibleName(self.tr("Data to send"))
        self.input.setToolTip(self.tr("Press Enter to send"))
        self.reload_button.setText(self.tr("Reload page"))
        self.reload_button.setAccessibleName(self.tr("Reload page"))
        self.reload_button.setToolTip(
            self.tr("Reload the page (%1): the page can create a WebSocket again").replace(
                "%1", _shortcut_text(RELOAD_SHORTCUT)
            )
        )
        self.url_caption.setText(self.tr("Connects to"))
        self._show_url(self._url())
        self.url_label.setAccessibleName(self.tr("Connects to"))
        self.title_label.setAccessibleName(self.tr("Page title"))
        self.refresh_hints()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    # -- presenter mode ------------------------------------------------------------------------

    @property
    def presenter(self) -> bool:
        return self._presenter

    def set_presenter(self, on: bool) -> None:
        """Larger type (:data:`PRESENTER_SCALE`) and secrets masked; reversible."""
        if on == self._presenter:
            return
        self._presenter = on
        self._apply_fonts()
        self._show_url(self._url())

    # -- the embedded server starting ------------------------------------------------------------

    @property
    def server_starting(self) -> bool:
        return self._server_starting

    @property
    def connect_pending(self) -> bool:
        """A tap on the connect button waits for the demo server to be up."""
        return self._connect_pending

    def _url(self) -> str:
        """The URL the page connects to (before the core: the configured one, if any)."""
        if self._bridge is not None:
            return self._bridge.url
        assert self._config is not None
        return self._config.url or ""

    def _waits_for_server(self) -> bool:
        # An explicit URL (--url, settings) does not depend on the embedded server.
        config = self._bridge.config if self._bridge is not None else self._config
        assert config is not None
        return self._server_starting and config.url is None

    def set_server_starting(self, starting: bool) -> None:
        """While the embedded demo server starts, the page says so instead of a URL and
        a tap on the connect button waits for it. When it is done, a waiting tap
        connects to the server's URL, or, if it could not start, is explained."""
        if starting == self._server_starting:
            return
        self._server_starting = starting
        self._show_url(self._url())
        if starting or not self._connect_pending or self._bridge is None:
            return
        self._connect_pending = False
        if self._bridge.server is not None or self._bridge.config.url is not None:
            self._on_connect_button_clicked()
        else:
            self._bridge.console.warn(
                self.tr(
                    "The demo server could not start, so the WebSocket was not created. "
                    "Set a URL in Settings to connect elsewhere."
                )
            )

    def _show_url(self, url: str) -> None:
        if self._waits_for_server():
            self.url_label.setText(self.tr("Starting the demo server…"))
            return
        if self._presenter:
            # app.masking (and app.events with it) loads when something is masked: the
            # window's first paint does not need it.
            from app.masking import mask_url

            url = mask_url(url)
        self.url_label.setText(url)

    # -- hints ---------------------------------------------------------------------------------

    def refresh_hints(self) -> None:
        """Quiet look and an explaining tooltip for each button that cannot act now."""
        bridge = self._bridge
        another = bridge is not None and bridge.allow_multiple and bridge.has_task()
        plain = {
            "connect": (
                self.connect_button,
                self.tr(
                    "Create another WebSocket (%1): several connections are allowed, "
                    "so the current one stays open"
                )
                if another
                else self.tr("Create the WebSocket (%1)"),
                CONNECT_SHORTCUT,
            ),
            "close": (self.close_button, self.tr("Close the WebSocket (%1)"), CLOSE_SHORTCUT),
            "send": (
                self.send_button,
                self.tr("Send the input as a text message (%1)"),
                SEND_SHORTCUT,
            ),
        }
        for key, (button, text, shortcut) in plain.items():
            if bridge is None:
                # Before the core: no SocketTask yet, so only connect can act. The bridge
                # words why the others cannot once it is attached (moments later).
                idle = key != "connect"
                tooltip = "" if idle else text.replace("%1", _shortcut_text(shortcut))
            else:
                hint = bridge.hint_for(key)
                idle = hint is not None
                tooltip = (
                    bridge.hint_text(hint)
                    if hint is not None
                    else text.replace("%1", _shortcut_text(shortcut))
                )
            button.setToolTip(tooltip)
            button.setAccessibleDescription(tooltip)
            if button.property("idle") != idle:
                button.setProperty("idle", idle)
                # A button not polished yet (the window is being built) takes the
                # property when it is; only a polished one needs polishing again.
                if button.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
                    style = button.style()
                    style.unpolish(button)
                    style.polish(button)

    # -- slots ---------------------------------------------------------------------------------

    @Slot()
    def _on_connect_button_clicked(self) -> None:
        if self._wait_for_core(self._on_connect_button_clicked):
            return
        assert self._bridge is not None
        if self._waits_for_server():
            if not self._connect_pending:
                self._connect_pending = True
                self._bridge.console.info(
                    self.tr(
                        "The demo server is starting: the WebSocket is created as soon as it is up."
                    )
                )
            return
        self._bridge.connect_clicked()
        self.refresh_hints()

    @Slot()
    def _on_close_button_clicked(self) -> None:
        if self._wait_for_core(self._on_close_button_clicked):
            return
        assert self._bridge is not None
        self._bridge.close_clicked()
        self.refresh_hints()

    @Slot()
    def _on_send_button_clicked(self) -> None:
        if self._wait_for_core(self._on_send_button_clicked):
            return
        assert self._bridge is not None
        self._bridge.send_clicked()
        self.refresh_hints()

    @Slot()
    def _on_input_return_pressed(self) -> None:
        if self._wait_for_core(self._on_input_return_pressed):
            return
        assert self._bridge is not None
        self._bridge.send_clicked()
        self.refresh_hints()

    @Slot(str)
    def _on_input_text_edited(self, text: str) -> None:
        if self._wait_for_core(lambda: self._on_input_text_edited(text)):
            return
        assert self._bridge is not None
        self._bridge.input_changed(text)

    @Slot()
    def _on_reload_button_clicked(self) -> None:
        if self._wait_for_core(self._on_reload_button_clicked):
            return
        assert self._bridge is not None
        self._bridge.reload_page()

    @Slot(object)
    def _on_bridge_page_state(self, _state: ReadyState | None) -> None:
        self.refresh_hints()

    @Slot()
    def _on_bridge_page_reloaded(self) -> None:
        self.refresh_hints()

    @Slot(dict)
    def _on_bridge_data_changed(self, data: dict[str, Any]) -> None:
        value = str(data.get("inputValue", ""))
        if self.input.text() != value:
            self.input.setText(value)

    @Slot(str)
    def _on_bridge_url_changed(self, url: str) -> None:
        self._show_url(url)

    @Slot(object)
    def _on_bridge_config_changed(self, _config: AppConfig) -> None:
        self.refresh_hints()

    @Slot(int, int)
    def _on_bridge_sockets_changed(self, _used: int, _cap: int) -> None:
        self.refresh_hints()
