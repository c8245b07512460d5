"""``MainWindow``: the phone page on the left, the devtools-like panels on the right.

Other panels (timeline, log, settings …) join the console with
:meth:`MainWindow.add_panel`. A panel's tab follows the panel's
``windowTitle``, so a panel that calls ``setWindowTitle(self.tr(...))`` in its
own ``changeEvent`` keeps its tab title in the current language.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from ui import i18n
from ui.bridge import Bridge
from ui.console_view import ConsoleView
from ui.page_view import (
    CLOSE_SHORTCUT,
    CONNECT_SHORTCUT,
    PAGE_SIZE,
    RELOAD_SHORTCUT,
    SEND_SHORTCUT,
    PageView,
    icon,
)

__all__ = ["MainWindow"]

DEFAULT_SIZE = (1180, 780)


class MainWindow(QMainWindow):
    """The application window. ``closed`` is emitted once, when the window closes."""

    closed = Signal()

    def __init__(self, bridge: Bridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.bridge = bridge
        self._closed = False
        self._about: QMessageBox | None = None
        self._setup_ui()
        self._retranslate()

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
        self.page_view = PageView(self.bridge, simulator)
        self.page_view.setMaximumHeight(PAGE_SIZE.height() + 44)
        sim_layout.addWidget(self.page_view, 1, Qt.AlignmentFlag.AlignHCenter)
        simulator.setFixedWidth(PAGE_SIZE.width() + 48)
        layout.addWidget(simulator)

        self.panels = QTabWidget(central)
        self.panels.setObjectName("panels")
        self.panels.setDocumentMode(True)
        self.console_view = ConsoleView(self.bridge, self.panels)
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
        status.addWidget(self.server_label, 1)
        status.addPermanentWidget(self.mode_label)

        self.bridge.url_changed.connect(self._on_bridge_url_changed)
        self.bridge.config_changed.connect(self._on_bridge_config_changed)

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
        self.page_menu.addAction(self.clear_console_action)
        self.view_menu = QMenu(bar)
        self.view_menu.setObjectName("view_menu")
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
        self.zh_action.setText(self.tr("Chinese (中文)"))
        self.en_action.setText(self.tr("English"))
        self.about_action.setText(self.tr("&About ttsocket-demo"))
        self.panels.setAccessibleName(self.tr("Panels"))
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

    def _panel_titles(self) -> dict[str, str]:
        return {
            "timeline_view": self.tr("Timeline"),
            "log_view": self.tr("Log"),
            "settings_panel": self.tr("Settings"),
            "settings_tab": self.tr("Settings"),
        }

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
        config = self.bridge.config
        server = self.bridge.server
        if server is not None:
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
            text = self.tr("Demo server off · connecting to %1").replace("%1", self.bridge.url)
        self.server_label.setText(text)
        self.mode_label.setText(
            self.tr("Test mode") if config.mode.value == "test" else self.tr("Release mode")
        )
        self.mode_label.setToolTip(
            self.tr("Test mode accepts ws:// and wss://")
            if config.mode.value == "test"
            else self.tr("Release mode accepts only wss:// on legal domains")
        )

    def _sync_language_actions(self) -> None:
        action = self.zh_action if i18n.current_language() == "zh" else self.en_action
        if not action.isChecked():
            action.setChecked(True)

    # -- events -----------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        event.accept()
        if not self._closed:
            self._closed = True
            self.closed.emit()

    # -- slots ------------------------------------------------------------------------------------

    @Slot()
    def _on_reload_action_triggered(self) -> None:
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

    @Slot()
    def _on_about_action_triggered(self) -> None:
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
    def _on_bridge_config_changed(self, _config: object) -> None:
        self._update_status()
