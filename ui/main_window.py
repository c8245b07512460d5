"""``MainWindow``: the phone page on the left, the devtools-like panels on the right.

Other panels (timeline, log, settings …) join the console with
:meth:`MainWindow.add_panel`. A panel's tab follows the panel's
``windowTitle``, so a panel that calls ``setWindowTitle(self.tr(...))`` in its
own ``changeEvent`` keeps its tab title in the current language.

Switches the window offers beside the settings panel, applied live through
:meth:`Bridge.apply_config` and, when the window has a ``QSettings``
(:meth:`MainWindow.set_settings`), stored one key at a time in the settings
panel's group so that the next start uses them:

* Page → *Allow several connections* (``allow_multiple``) and *Close all connections*;
* View → *Presenter mode* (``presenter``): page and console type 1.3×, a
  higher-contrast stylesheet variant, secrets masked on screen; reversible;
* View → *Language* (``lang``).

The window can be built before the core (see :func:`ui.main.main`): without a
bridge it shows the page and the console for its configuration.
:meth:`MainWindow.attach` hands it the bridge once the core is built (or
:attr:`MainWindow.bridge` builds it on first use, given a ``core_factory``), and
what the user does until :meth:`MainWindow.go_live` (the core runs on its event
loop) is done then, in order.

Every interactive widget gets an accessible name. Panels built elsewhere name
their own widgets; for those that do not (yet), :data:`FALLBACK_NAME_KEYS` gives
names by object name, so a screen reader never announces a bare "−" or a
group title.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Final, cast

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QScrollBar,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.config import RUNTIME_MAX_SOCKETS
from app.settings_store import to_strings
from ui import i18n
from ui.console_model import ConsoleModel
from ui.console_view import ROW_HEIGHT, ConsoleView, console_font
from ui.held_actions import HeldActions
from ui.page_view import (
    CLOSE_SHORTCUT,
    CONNECT_SHORTCUT,
    PAGE_SIZE,
    PRESENTER_SCALE,
    RELOAD_SHORTCUT,
    SEND_SHORTCUT,
    PageView,
    icon,
)
from ui.settings_io import SETTINGS_GROUP

# Only what the first paint needs is imported here; the bridge (and with it the core)
# is handed in, and the settings panel is built after the first paint.
if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from app.config import AppConfig
    from app.events import Event
    from ui.bridge import Bridge
    from ui.timeline_view import TaskStrip

    def QT_TRANSLATE_NOOP(context: str, source: str) -> str:
        return source

else:
    from PySide6.QtCore import QT_TRANSLATE_NOOP

__all__ = [
    "FALLBACK_NAME_KEYS",
    "PRESENTER_SHORTCUT",
    "PRESENTER_STYLE",
    "MainWindow",
]

logger = logging.getLogger(__name__)

# Wide enough for every panel tab (the timeline toolbar is the widest), so the window
# does not grow when the panels are added after the first paint.
DEFAULT_SIZE = (1220, 780)

PRESENTER_SHORTCUT: Final = QKeySequence("Ctrl+Shift+P")

# Presenter mode's stylesheet variant: darker text and borders, a deeper green behind the
# white button text (about 5:1 instead of 2.5:1). Set on the window, so it wins over the
# application's stylesheet; every state of a rule it overrides is repeated here.
PRESENTER_STYLE: Final = """
#simulator { background: #D5D7DD; border-right: 1px solid #9AA0A6; }
#page_view { border: 1px solid #9AA0A6; }
#nav_title { color: #000000; }
QPushButton[mpButton="true"] { background: #057A3E; border-color: #057A3E; color: #FFFFFF; }
QPushButton[mpButton="true"]:hover { background: #046A36; border-color: #046A36; }
QPushButton[mpButton="true"]:pressed { background: #035A2E; border-color: #035A2E; }
QPushButton[mpButton="true"]:focus { border-color: #012E17; }
QPushButton[mpButton="true"][idle="true"] {
    background: #E4F4EA; border-color: #8CC7A5; color: #1E5E3B;
}
QPushButton[mpButton="true"][idle="true"]:hover { background: #D6EEE0; border-color: #8CC7A5; }
QPushButton[mpButton="true"][idle="true"]:focus { border-color: #1E5E3B; }
#page_input { color: #000000; border: 2px solid #5F6368; padding: 0 11px; }
#page_input:focus { border: 2px solid #057A3E; padding: 0 11px; }
#page_url_caption { color: #3C4043; }
#page_url { color: #202124; }
#reload_button { color: #202124; border: 1px solid #5F6368; }
QTabBar::tab { color: #3C4043; }
QTabBar::tab:selected { color: #000000; border-bottom: 3px solid #057A3E; }
QTabBar::tab:hover:!selected { color: #000000; }
#console_count_label { color: #3C4043; }
#console_table { selection-background-color: #C6DAFC; selection-color: #000000; }
#console_table QHeaderView::section { color: #202124; }
QStatusBar { color: #202124; }
QStatusBar QLabel { color: #202124; }
"""

# Accessible names for widgets of panels built elsewhere, by object name (``a>B``: the
# unnamed widget of class ``B`` inside the widget named ``a``). Translated in the
# ``MainWindow`` context; a widget that names itself keeps its own name.
FALLBACK_NAME_KEYS: Final[dict[str, str]] = {
    "settings_tab": QT_TRANSLATE_NOOP("MainWindow", "Settings"),
    "settings_panel>QScrollArea": QT_TRANSLATE_NOOP("MainWindow", "Settings form"),
    "timeline_mode": QT_TRANSLATE_NOOP("MainWindow", "Timeline axis"),
    "timeline_zoom_out": QT_TRANSLATE_NOOP("MainWindow", "Zoom out"),
    "timeline_zoom_in": QT_TRANSLATE_NOOP("MainWindow", "Zoom in"),
    "timeline_fit": QT_TRANSLATE_NOOP("MainWindow", "Fit the whole timeline"),
    "timeline_follow": QT_TRANSLATE_NOOP("MainWindow", "Follow live events"),
    "timeline_export": QT_TRANSLATE_NOOP("MainWindow", "Export the timeline"),
    "timeline_canvas": QT_TRANSLATE_NOOP("MainWindow", "Timeline diagram"),
    "timeline_detail": QT_TRANSLATE_NOOP("MainWindow", "Event details"),
    "task_strip_close_all": QT_TRANSLATE_NOOP("MainWindow", "Close all connections"),
    "scenario_combo": QT_TRANSLATE_NOOP("MainWindow", "Scenario"),
    "ws_radio": QT_TRANSLATE_NOOP("MainWindow", "Use ws://"),
    "wss_radio": QT_TRANSLATE_NOOP("MainWindow", "Use wss://"),
    "scenario_url_preview": QT_TRANSLATE_NOOP("MainWindow", "Scenario URL"),
    "copy_url_button": QT_TRANSLATE_NOOP("MainWindow", "Copy the scenario URL"),
    "url_edit": QT_TRANSLATE_NOOP("MainWindow", "URL"),
    "headers_view": QT_TRANSLATE_NOOP("MainWindow", "Headers"),
    "add_header_button": QT_TRANSLATE_NOOP("MainWindow", "Add header"),
    "remove_header_button": QT_TRANSLATE_NOOP("MainWindow", "Remove header"),
    "protocols_edit": QT_TRANSLATE_NOOP("MainWindow", "Protocols"),
    "timeout_edit": QT_TRANSLATE_NOOP("MainWindow", "Timeout in milliseconds"),
    "mode_combo": QT_TRANSLATE_NOOP("MainWindow", "Mode"),
    "legal_domains_edit": QT_TRANSLATE_NOOP("MainWindow", "Legal domains"),
    "skip_domain_check": QT_TRANSLATE_NOOP("MainWindow", "Skip the legal-domain check"),
    "ca_file_edit": QT_TRANSLATE_NOOP("MainWindow", "CA file"),
    "ca_browse_button": QT_TRANSLATE_NOOP("MainWindow", "Browse for a CA file"),
    "allow_multiple": QT_TRANSLATE_NOOP("MainWindow", "Allow several connections"),
    "presenter": QT_TRANSLATE_NOOP("MainWindow", "Presenter mode"),
    "defaults_button": QT_TRANSLATE_NOOP("MainWindow", "Restore the default settings"),
    "revert_button": QT_TRANSLATE_NOOP("MainWindow", "Revert the settings"),
    "apply_button": QT_TRANSLATE_NOOP("MainWindow", "Apply the settings"),
}

_TASK_CHIP_CLOSE: Final = re.compile(r"^task_chip_close_(\d+)$")
# Marks a name this window gave (so it may rename it, but never a widget's own name).
_FALLBACK_PROPERTY: Final = "fallbackAccessibleName"


class _ConsoleLink(QObject):
    """What the console view follows: the bridge's console signals once the window has a
    bridge (relayed signal to signal), and its clear request passed on to the bridge."""

    console_entries = Signal(object)  # list[ConsoleEntry], passed as is
    console_cleared = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bridge: Bridge | None = None

    def attach(self, bridge: Bridge) -> None:
        self._bridge = bridge
        bridge.console_entries.connect(self.console_entries)
        bridge.console_cleared.connect(self.console_cleared)

    def clear_console(self) -> None:
        if self._bridge is not None:
            self._bridge.clear_console()
        else:
            self.console_cleared.emit()  # before the core: only the view has lines


class MainWindow(QMainWindow):
    """The application window. ``closed`` is emitted once, when the window closes.

    Built with a ``bridge`` (then live at once), or with the ``config`` it shows until
    :meth:`attach` gives it the bridge (the window paints before the core is built) and
    :meth:`go_live` says the core runs. ``core_factory`` builds the bridge when
    :attr:`bridge` is read before :meth:`attach`.
    """

    closed = Signal()

    def __init__(
        self,
        bridge: Bridge | None = None,
        parent: QWidget | None = None,
        *,
        settings: QSettings | None = None,
        config: AppConfig | None = None,
        core_factory: Callable[[], Bridge] | None = None,
    ) -> None:
        super().__init__(parent)
        if bridge is not None:
            config = bridge.config
        elif config is None:
            raise TypeError("MainWindow needs a bridge, or the config to show until it has one")
        self.setObjectName("main_window")
        self._bridge: Bridge | None = None
        # The configuration shown until the bridge is attached (then the bridge's).
        self._config: AppConfig = config
        self._core_factory = core_factory
        # Menu actions used before the core runs, done by go_live() in order.
        self._held = HeldActions()
        self._console_link = _ConsoleLink(self)
        self._settings = settings
        self._closed = False
        self._about: QMessageBox | None = None
        self._presenter = False
        self._server_starting = False
        self._setup_ui()
        self._name_timer = QTimer(self)
        self._name_timer.setObjectName("accessible_name_timer")
        self._name_timer.setSingleShot(True)
        self._name_timer.setInterval(0)
        self._name_timer.timeout.connect(self._name_widgets)
        self._retranslate()
        self._apply_presenter(config.presenter)
        self._sync_switch_actions(config)
        self._on_bridge_sockets_changed(*self._socket_counts())
        if bridge is not None:
            self.attach(bridge)
            self.go_live()

    @property
    def bridge(self) -> Bridge:
        """The bridge to the core. Before :meth:`attach`, the ``core_factory`` builds it
        now (RuntimeError without one; whatever the factory raises, e.g.
        :class:`~app.errors.TTSocketError` for a configuration the runtime refuses)."""
        return self._ensure_bridge()

    def _ensure_bridge(self) -> Bridge:
        if self._bridge is None:
            if self._core_factory is None:
                raise RuntimeError("the core is not attached to the window yet")
            self.attach(self._core_factory())
        assert self._bridge is not None
        return self._bridge

    @property
    def attached(self) -> bool:
        """Whether the window has its bridge (the core) yet."""
        return self._bridge is not None

    @property
    def live(self) -> bool:
        """Whether input goes to the core as it happens (see :meth:`go_live`)."""
        return self._held.live

    @property
    def is_closed(self) -> bool:
        """Whether the window was closed (``closed`` was emitted)."""
        return self._closed

    def attach(self, bridge: Bridge) -> None:
        """Show what the core says through ``bridge`` from now on (once). Input still
        waits for :meth:`go_live`."""
        if self._bridge is not None:
            raise RuntimeError("the window already has a bridge")
        self._bridge = bridge
        bridge.url_changed.connect(self._on_bridge_url_changed)
        bridge.config_changed.connect(self._on_bridge_config_changed)
        bridge.sockets_changed.connect(self._on_bridge_sockets_changed)
        bridge.events.connect(self._on_bridge_events)
        self._console_link.attach(bridge)
        self.page_view.attach(bridge)
        if bridge.config != self._config:
            # The window showed another configuration. (When it is the same, the menu
            # switches stay as they are: a switch flipped before the core ran is
            # applied by go_live.)
            self._config = bridge.config
            self._sync_switch_actions(bridge.config)
            if bridge.config.presenter != self._presenter:
                self._apply_presenter(bridge.config.presenter)
        self._update_status()
        self._on_bridge_sockets_changed(*bridge.socket_counts())

    def go_live(self) -> None:
        """The core runs (on its event loop): page taps and edits and menu actions made
        until now are done, in the order they were made, and later ones as they happen.
        Needs a bridge (:meth:`attach`, or the ``core_factory``)."""
        self._ensure_bridge()
        self._held.release(first=self.page_view.go_live)

    def _wait_for_core(self, action: Callable[[], None]) -> bool:
        """Keep ``action`` for :meth:`go_live` if the core does not run yet (True if kept)."""
        return self._held.hold(action)

    def _current_config(self) -> AppConfig:
        return self._bridge.config if self._bridge is not None else self._config

    def _socket_counts(self) -> tuple[int, int]:
        if self._bridge is not None:
            return self._bridge.socket_counts()
        return 0, RUNTIME_MAX_SOCKETS  # no runtime yet, so no SocketTask

    # -- construction ----------------------------------------------------------------------------

    def _setup_ui(self) -> None:
        self.setWindowIcon(icon("app"))
        self.resize(*DEFAULT_SIZE)
        central = QWidget(self)
        central.setObjectName("central")
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)

        simulator = QWidget(central)
        simulator.setObjectName("simulator")
        simulator.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        sim_layout = QVBoxLayout(simulator)
        sim_layout.setContentsMargins(24, 20, 24, 20)
        self.page_view = PageView(None, simulator, config=self._config)
        self.page_view.setMaximumHeight(PAGE_SIZE.height() + 44)
        sim_layout.addWidget(self.page_view, 1, Qt.AlignmentFlag.AlignHCenter)
        simulator.setFixedWidth(PAGE_SIZE.width() + 48)
        layout.addWidget(simulator)

        self.panels = QTabWidget(central)
        self.panels.setObjectName("panels")
        self.panels.setDocumentMode(True)
        # The console view follows the link, which relays the bridge once it is attached.
        self.console_view = ConsoleView(cast("Bridge", self._console_link), self.panels)
        self.panels.addTab(self.console_view, "")
        layout.addWidget(self.panels, 1)
        self.setCentralWidget(central)

        self._setup_actions()
        self._setup_menus()

        status = self.statusBar()
        status.setObjectName("status_bar")
        self.server_label = QLabel(status)
        self.server_label.setObjectName("status_server")
        self.server_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.mode_label = QLabel(status)
        self.mode_label.setObjectName("status_mode")
        self.sockets_label = QLabel(status)
        self.sockets_label.setObjectName("status_sockets")
        status.addWidget(self.server_label, 1)
        status.addPermanentWidget(self.sockets_label)
        status.addPermanentWidget(self.mode_label)

    def _setup_actions(self) -> None:
        self.reload_action = QAction(icon("reload"), "", self)
        self.reload_action.setObjectName("reload_action")
        self.reload_action.setShortcuts([RELOAD_SHORTCUT, QKeySequence(Qt.Key.Key_F5)])
        self.reload_action.triggered.connect(self._on_reload_action_triggered)
        self.open_session_action = QAction("", self)
        self.open_session_action.setObjectName("open_session_action")
        self.open_session_action.setShortcut(QKeySequence.StandardKey.Open)
        self.save_session_action = QAction("", self)
        self.save_session_action.setObjectName("save_session_action")
        self.save_session_action.setShortcut(QKeySequence.StandardKey.Save)
        self.export_timeline_action = QAction("", self)
        self.export_timeline_action.setObjectName("export_timeline_action")
        self.enable_session_actions(False)
        self.quit_action = QAction("", self)
        self.quit_action.setObjectName("quit_action")
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self._on_quit_action_triggered)

        self.connect_action = QAction("", self)
        self.connect_action.setObjectName("connect_action")
        self.connect_action.setShortcut(CONNECT_SHORTCUT)
        self.connect_action.triggered.connect(self._on_connect_action_triggered)
        self.close_action = QAction("", self)
        self.close_action.setObjectName("close_action")
        self.close_action.setShortcut(CLOSE_SHORTCUT)
        self.close_action.triggered.connect(self._on_close_action_triggered)
        self.send_action = QAction("", self)
        self.send_action.setObjectName("send_action")
        self.send_action.setShortcut(SEND_SHORTCUT)
        self.send_action.triggered.connect(self._on_send_action_triggered)
        self.clear_console_action = QAction(icon("clear"), "", self)
        self.clear_console_action.setObjectName("clear_console_action")
        self.clear_console_action.setShortcut(QKeySequence("Ctrl+L"))
        self.clear_console_action.triggered.connect(self._on_clear_console_action_triggered)
        self.multiple_action = QAction("", self)
        self.multiple_action.setObjectName("multiple_action")
        self.multiple_action.setCheckable(True)
        self.multiple_action.toggled.connect(self._on_multiple_action_toggled)
        self.close_all_action = QAction("", self)
        self.close_all_action.setObjectName("close_all_action")
        self.close_all_action.setShortcut(QKeySequence("Ctrl+Shift+D"))
        self.close_all_action.triggered.connect(self._on_close_all_action_triggered)
        self.presenter_action = QAction("", self)
        self.presenter_action.setObjectName("presenter_action")
        self.presenter_action.setCheckable(True)
        self.presenter_action.setShortcut(PRESENTER_SHORTCUT)
        self.presenter_action.toggled.connect(self._on_presenter_action_toggled)

        self.language_group = QActionGroup(self)
        self.language_group.setExclusive(True)
        self.zh_action = QAction("", self.language_group)
        self.zh_action.setObjectName("zh_action")
        self.zh_action.setCheckable(True)
        self.zh_action.setData("zh")
        self.en_action = QAction("", self.language_group)
        self.en_action.setObjectName("en_action")
        self.en_action.setCheckable(True)
        self.en_action.setData("en")
        self.language_group.triggered.connect(self._on_language_group_triggered)

        self.about_action = QAction("", self)
        self.about_action.setObjectName("about_action")
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self._on_about_action_triggered)

        for action in (
            self.reload_action,
            self.open_session_action,
            self.save_session_action,
            self.quit_action,
            self.connect_action,
            self.close_action,
            self.send_action,
            self.clear_console_action,
            self.close_all_action,
            self.presenter_action,
        ):
            self.addAction(action)

    def _setup_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = QMenu(bar)
        self.file_menu.setObjectName("file_menu")
        self.file_menu.addAction(self.reload_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.open_session_action)
        self.file_menu.addAction(self.save_session_action)
        self.file_menu.addAction(self.export_timeline_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.page_menu = QMenu(bar)
        self.page_menu.setObjectName("page_menu")
        self.page_menu.addAction(self.connect_action)
        self.page_menu.addAction(self.close_action)
        self.page_menu.addAction(self.send_action)
        self.page_menu.addSeparator()
        self.page_menu.addAction(self.multiple_action)
        self.page_menu.addAction(self.close_all_action)
        self.page_menu.addSeparator()
        self.page_menu.addAction(self.clear_console_action)
        self.view_menu = QMenu(bar)
        self.view_menu.setObjectName("view_menu")
        self.view_menu.addAction(self.presenter_action)
        self.view_menu.addSeparator()
        self.language_menu = QMenu(self.view_menu)
        self.language_menu.setObjectName("language_menu")
        self.language_menu.addAction(self.zh_action)
        self.language_menu.addAction(self.en_action)
        self.view_menu.addMenu(self.language_menu)
        self.help_menu = QMenu(bar)
        self.help_menu.setObjectName("help_menu")
        self.help_menu.addAction(self.about_action)
        for menu in (self.file_menu, self.page_menu, self.view_menu, self.help_menu):
            bar.addMenu(menu)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("ttsocket-demo — tt.connectSocket sample page"))
        self.file_menu.setTitle(self.tr("&File"))
        self.page_menu.setTitle(self.tr("&Page"))
        self.view_menu.setTitle(self.tr("&View"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.reload_action.setText(self.tr("&Reload page"))
        self.reload_action.setToolTip(
            self.tr("Reload the page: the page can create a WebSocket again")
        )
        self.quit_action.setText(self.tr("&Quit"))
        self.open_session_action.setText(self.tr("&Open session…"))
        self.open_session_action.setToolTip(
            self.tr("Replay a saved session in the timeline and log")
        )
        self.save_session_action.setText(self.tr("&Save session…"))
        self.save_session_action.setToolTip(self.tr("Save everything that happened so far"))
        self.export_timeline_action.setText(self.tr("&Export timeline…"))
        self.connect_action.setText(self.tr("&Create WebSocket"))
        self.close_action.setText(self.tr("C&lose WebSocket"))
        self.send_action.setText(self.tr("&Send WebSocket data"))
        self.clear_console_action.setText(self.tr("Clear &console"))
        self.multiple_action.setText(self.tr("Allow &several connections"))
        self.multiple_action.setToolTip(
            self.tr(
                "Each “Create WebSocket” creates a new SocketTask; earlier ones stay open "
                "(the sample itself creates one per page)"
            )
        )
        self.close_all_action.setText(self.tr("Close &all connections"))
        self.close_all_action.setToolTip(self.tr("Close every open SocketTask with code 1000"))
        self.presenter_action.setText(self.tr("&Presenter mode"))
        self.presenter_action.setToolTip(
            self.tr("Larger type, higher contrast, secret values masked on screen")
        )
        self.zh_action.setText(self.tr("Chinese (中文)"))
        self.en_action.setText(self.tr("English"))
        self.about_action.setText(self.tr("&About ttsocket-demo"))
        self.panels.setAccessibleName(self.tr("Panels"))
        self.panels.tabBar().setAccessibleName(self.tr("Panel tabs"))
        # The menu bar's "»" button, shown while the menus do not fit.
        more = self.menuBar().findChild(QToolButton, "qt_menubar_ext_button")
        if more is not None:
            more.setAccessibleName(self.tr("More menus"))
        self.server_label.setAccessibleName(self.tr("Demo server"))
        self.mode_label.setAccessibleName(self.tr("Runtime mode"))
        self.sockets_label.setAccessibleName(self.tr("Sockets in use"))
        index = self.panels.indexOf(self.console_view)
        if index >= 0:
            self.panels.setTabText(index, self.tr("Console"))
        titles = self._panel_titles()
        for i in range(self.panels.count()):
            widget = self.panels.widget(i)
            title = titles.get(widget.objectName()) if widget is not None else None
            if title is not None:
                self.panels.setTabText(i, title)
        self._sync_language_actions()
        self._update_status()
        self._update_sockets()
        self._name_widgets()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    # -- public ----------------------------------------------------------------------------------

    def add_panel(self, widget: QWidget, title: str) -> None:
        """Add a panel tab after the console. The tab shows ``title`` and then follows
        the widget's ``windowTitle`` whenever it changes. Known panels (by object name:
        ``timeline_view``, ``log_view``, ``settings_panel``, ``settings_tab``) get their title in the
        current language from this window."""
        known = self._panel_titles().get(widget.objectName())
        if known is not None:
            title = known
        if not widget.windowTitle():
            widget.setWindowTitle(title)
        self.panels.addTab(widget, title)

        def follow(text: str, widget: QWidget = widget) -> None:
            index = self.panels.indexOf(widget)
            if index >= 0 and text:
                self.panels.setTabText(index, text)

        widget.windowTitleChanged.connect(follow)
        self._name_widgets()

    def _panel_titles(self) -> dict[str, str]:
        return {
            "timeline_view": self.tr("Timeline"),
            "log_view": self.tr("Log"),
            "settings_panel": self.tr("Settings"),
            "settings_tab": self.tr("Settings"),
        }

    @property
    def settings(self) -> QSettings | None:
        """Where the switches of this window are stored (``None``: not stored)."""
        return self._settings

    def set_settings(self, settings: QSettings | None) -> None:
        """Store the language, presenter and several-connections switches in ``settings``
        (the settings panel's group) whenever they are changed from the menus."""
        self._settings = settings

    @property
    def presenter(self) -> bool:
        """Whether presenter mode is shown now."""
        return self._presenter

    @property
    def server_starting(self) -> bool:
        """Whether the embedded demo server is still starting."""
        return self._server_starting

    def set_server_starting(self, starting: bool) -> None:
        """The status bar and the page say the demo server is starting (until it is up,
        a tap on the page's connect button waits for it)."""
        self._server_starting = starting
        self.page_view.set_server_starting(starting)
        self._update_status()

    def enable_session_actions(self, enabled: bool) -> None:
        """Open / save session and export timeline work once something handles them."""
        for action in (
            self.open_session_action,
            self.save_session_action,
            self.export_timeline_action,
        ):
            action.setEnabled(enabled)

    # -- status ----------------------------------------------------------------------------------

    def _update_status(self) -> None:
        config = self._current_config()
        server = self._bridge.server if self._bridge is not None else None
        if self._server_starting:
            text = self.tr("Starting the demo server…")
        elif server is not None:
            try:
                where = server.wss_url
            except RuntimeError:
                where = server.ws_url
            text = (
                self.tr("Demo server: %1 · scenario: %2")
                .replace("%1", where)
                .replace("%2", config.scenario)
            )
        else:
            url = self._bridge.url if self._bridge is not None else config.url or ""
            text = self.tr("Demo server off · connecting to %1").replace("%1", url)
        if self._presenter:
            from app.masking import mask_text

            text = mask_text(text)
        self.server_label.setText(text)
        self.mode_label.setText(
            self.tr("Test mode") if config.mode.value == "test" else self.tr("Release mode")
        )
        self.mode_label.setToolTip(
            self.tr("Test mode accepts ws:// and wss://")
            if config.mode.value == "test"
            else self.tr("Release mode accepts only wss:// on legal domains")
        )

    def _update_sockets(self) -> None:
        used, cap = self._socket_counts()
        self.sockets_label.setText(
            self.tr("Sockets: %1 / %2").replace("%1", str(used)).replace("%2", str(cap))
        )
        full = used >= cap
        if full:
            tip = self.tr(
                "The limit is reached: another connectSocket fails until one of them closes."
            )
        else:
            tip = self.tr(
                "SocketTasks connecting, open or closing, against the limit of %1."
            ).replace("%1", str(cap))
        self.sockets_label.setToolTip(tip)
        self.sockets_label.setAccessibleDescription(tip)
        self.sockets_label.setStyleSheet("color: #B3261E; font-weight: 600;" if full else "")
        self.close_all_action.setEnabled(used > 0)

    def _sync_language_actions(self) -> None:
        action = self.zh_action if i18n.current_language() == "zh" else self.en_action
        if not action.isChecked():
            action.setChecked(True)

    # -- switches ---------------------------------------------------------------------------------

    def _sync_switch_actions(self, config: AppConfig) -> None:
        """Menu check marks follow the configuration (toggling them back is a no-op)."""
        self.multiple_action.setChecked(config.allow_multiple)
        self.presenter_action.setChecked(config.presenter)

    def _switch(self, field: str, value: object) -> None:
        """Apply one switch through the bridge (no page reload) and store it."""
        if self._wait_for_core(lambda: self._switch(field, value)):
            return
        bridge = self.bridge
        config = bridge.config
        if getattr(config, field) == value:
            return
        if bridge.apply_config(config.replace(**{field: value})):
            self._store(field)

    def _store(self, *fields: str) -> None:
        settings = self._settings
        if settings is None:
            return
        values = to_strings(self._current_config())
        settings.beginGroup(SETTINGS_GROUP)
        try:
            for name in fields:
                settings.setValue(name, values[name])
        finally:
            settings.endGroup()
        settings.sync()
        if settings.status() is not QSettings.Status.NoError:
            logger.error(
                "could not store %s in %s: %s",
                ", ".join(fields),
                settings.fileName(),
                settings.status(),
            )

    def _sync_settings_panel(self, config: AppConfig) -> None:
        """The settings panel shows what was applied from elsewhere (the menus). Unapplied
        edits in the panel are kept: then only the switch check boxes follow."""
        from ui.settings_panel import SettingsPanel  # built after the first paint

        panel = self.findChild(SettingsPanel)
        if panel is None:
            return
        applied = panel.config()
        if applied == config:
            return
        if panel.edited_config() == applied:
            panel.set_config(config)
            return
        for name in ("allow_multiple", "presenter"):
            box = panel.findChild(QCheckBox, name)
            value = bool(getattr(config, name))
            if box is not None and getattr(applied, name) != value:
                box.setChecked(value)

    # -- presenter mode -----------------------------------------------------------------------------

    def _apply_presenter(self, on: bool) -> None:
        """Page and console type 1.3×, the high-contrast stylesheet, secrets masked."""
        self._presenter = on
        # The stylesheet first: a stylesheet change puts back fonts set before it.
        self.setStyleSheet(PRESENTER_STYLE if on else "")
        self.page_view.set_presenter(on)
        scale = PRESENTER_SCALE if on else 1.0
        self._scale_console(scale)
        self.console_view.model.set_masked(on)
        status_font = self._scaled_app_font(scale)
        for label in (self.server_label, self.sockets_label, self.mode_label):
            label.setFont(status_font)
        self._update_status()

    @staticmethod
    def _scaled_app_font(scale: float) -> QFont:
        font = QFont(QApplication.font())
        font.setPointSizeF(font.pointSizeF() * scale)
        return font

    def _scale_console(self, scale: float) -> None:
        """Console type ``scale``× (explicitly on each widget: under a stylesheet a font
        set on a parent does not reach its children)."""
        view = self.console_view
        base = self._scaled_app_font(scale)
        fixed = console_font(base)
        table = view.table
        view.setFont(base)
        for widget in view.findChildren(QWidget):
            mono = widget is table or table.isAncestorOf(widget)
            widget.setFont(fixed if mono or isinstance(widget, QPlainTextEdit) else base)
        row = round(ROW_HEIGHT * scale)
        rows = table.verticalHeader()
        rows.setMinimumSectionSize(row)
        rows.setDefaultSectionSize(row)
        metrics = table.fontMetrics()
        table.setColumnWidth(ConsoleModel.TIME, metrics.horizontalAdvance("00:00:00.000") + 18)
        table.setColumnWidth(ConsoleModel.LEVEL, metrics.horizontalAdvance("error") + 26)

    # -- accessible names ----------------------------------------------------------------------------

    def _fallback_name(self, widget: QWidget) -> str | None:
        name = widget.objectName()
        if not name:
            parent = widget.parentWidget()
            while parent is not None and not parent.objectName():
                parent = parent.parentWidget()
            if parent is None:
                return None
            name = f"{parent.objectName()}>{type(widget).__name__}"
        source = FALLBACK_NAME_KEYS.get(name)
        if source is not None:
            return QCoreApplication.translate("MainWindow", source)
        match = _TASK_CHIP_CLOSE.match(name)
        if match is not None:
            return self.tr("Close SocketTask %1").replace("%1", match.group(1))
        return None

    @Slot()
    def _name_widgets(self) -> None:
        """Give panels' widgets that have no accessible name one from
        :data:`FALLBACK_NAME_KEYS` (again after a language change)."""
        for widget in self.panels.findChildren(QWidget):
            if isinstance(widget, QScrollBar):
                continue
            mine = bool(widget.property(_FALLBACK_PROPERTY))
            if widget.accessibleName() and not mine:
                continue
            if not isinstance(widget, QAbstractButton | QAbstractScrollArea) and (
                widget.focusPolicy() == Qt.FocusPolicy.NoFocus
            ):
                continue
            name = self._fallback_name(widget)
            if name is not None and name != widget.accessibleName():
                widget.setAccessibleName(name)
                widget.setProperty(_FALLBACK_PROPERTY, True)

    # -- events -----------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        event.accept()
        if not self._closed:
            self._closed = True
            self.closed.emit()

    # -- slots ------------------------------------------------------------------------------------

    @Slot()
    def _on_reload_action_triggered(self) -> None:
        if self._wait_for_core(self._on_reload_action_triggered):
            return
        self.bridge.reload_page()

    @Slot()
    def _on_quit_action_triggered(self) -> None:
        self.close()

    @Slot()
    def _on_connect_action_triggered(self) -> None:
        self.page_view.connect_button.click()

    @Slot()
    def _on_close_action_triggered(self) -> None:
        self.page_view.close_button.click()

    @Slot()
    def _on_send_action_triggered(self) -> None:
        self.page_view.send_button.click()

    @Slot()
    def _on_clear_console_action_triggered(self) -> None:
        self.console_view.clear()

    @Slot(QAction)
    def _on_language_group_triggered(self, action: QAction) -> None:
        language = str(action.data())
        if language != i18n.current_language():
            i18n.set_language(language)
        self._apply_language(language)

    def _apply_language(self, language: str) -> None:
        if self._wait_for_core(lambda: self._apply_language(language)):
            return
        bridge = self.bridge
        if bridge.config.lang != language:
            bridge.apply_config(bridge.config.replace(lang=language))
        self._store("lang")

    @Slot(bool)
    def _on_multiple_action_toggled(self, on: bool) -> None:
        self._switch("allow_multiple", on)

    @Slot(bool)
    def _on_presenter_action_toggled(self, on: bool) -> None:
        self._switch("presenter", on)

    @Slot()
    def _on_close_all_action_triggered(self) -> None:
        if self._wait_for_core(self._on_close_all_action_triggered):
            return
        self.bridge.close_all()

    @Slot()
    def _on_about_action_triggered(self) -> None:
        from PySide6.QtWidgets import QMessageBox  # (its enums are built when first used)

        box = QMessageBox(self)
        box.setObjectName("about_box")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(self.tr("About ttsocket-demo"))
        box.setText(self.tr("ttsocket-demo %1").replace("%1", __version__))
        box.setInformativeText(
            self.tr(
                "A desktop replica of the Douyin mini-program sample page for "
                "tt.connectSocket, with an embedded demo server. Works offline."
            )
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self._about = box
        box.open()

    @Slot(str)
    def _on_bridge_url_changed(self, _url: str) -> None:
        self._update_status()

    @Slot(object)
    def _on_bridge_config_changed(self, config: AppConfig) -> None:
        language = i18n.current_language()
        if config.lang != language:
            # The settings panel keeps the language it was given at start-up; the
            # language menu is what counts (and what is stored).
            config = config.replace(lang=language)
            self.bridge.config = config
            self._store("lang")
        self._sync_switch_actions(config)
        if config.presenter != self._presenter:
            self._apply_presenter(config.presenter)
        self._sync_settings_panel(config)
        self._update_status()

    @Slot(int, int)
    def _on_bridge_sockets_changed(self, _used: int, cap: int) -> None:
        self._update_sockets()
        # The timeline's strip was given the cap when it was built; keep it in step.
        strip = cast("TaskStrip | None", self.findChild(QWidget, "task_strip"))
        if strip is not None and strip.cap != cap:
            strip.set_cap(cap)

    @Slot(list)
    def _on_bridge_events(self, events: list[Event]) -> None:
        # A new task gets a chip with a close button in the timeline: name it once the
        # timeline has drawn it (after this signal's other receivers).
        # (Loaded by then: not before the first paint.)
        from app.events import ApiCalled, notable_events

        for event in notable_events(events):
            if type(event) is ApiCalled and event.api == "connectSocket":
                self._name_timer.start()
                break
