"""``Bridge``: the one object the widgets talk to.

Widgets stay synchronous and hold no network objects: they call the slots here
(``connect_clicked`` …) and draw what the signals say. The bridge holds the
Qt-free core (``Runtime``, ``Console``, ``IndexPage``) and turns its synchronous
callbacks into *batched* Qt signals: everything that arrives is collected and
flushed at most every :data:`FLUSH_INTERVAL_MS`, so a flood of 100 000 messages
costs a few signals per frame, never one per message.

The page logic stays the sample's: the bridge calls ``IndexPage``'s handlers
as the buttons' ``bindtap`` would. Only when a tap cannot do anything does the
bridge add a faint ``console.info`` line saying why (the sample itself stays
silent there).

Several connections (``AppConfig.allow_multiple``, off by default): the seed's
tip says a second ``connectSocket`` does not close the first. With the switch
on, a tap on 创建 WebSocket while the page has a task detaches that task (it
stays open; ``IndexPage`` is untouched: the bridge sets ``page.socket_task =
None`` and calls ``socket_connect()`` again), so send and close act on the
newest task, as the sample's ``socketTask`` variable would.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from app.config import FIELDS, AppConfig
from app.console import Console, ConsoleEntry
from app.errors import TTSocketError
from app.events import Event, EventBatch, ReadyState
from app.index_page import DEFAULT_SAMPLE_URL, IndexPage
from app.runtime import Runtime
from app.socket_task import SocketTask

if TYPE_CHECKING:
    from app.server import DemoServer

__all__ = [
    "FLUSH_BUDGET_S",
    "FLUSH_INTERVAL_MS",
    "SWITCH_FIELDS",
    "Bridge",
    "Hint",
    "RuntimeFactory",
]

logger = logging.getLogger(__name__)

# Builds a Runtime for a configuration (raises TTSocketError if it cannot).
RuntimeFactory = Callable[[AppConfig], Runtime]

# How often queued events and console entries are delivered to the views (about 60 Hz).
FLUSH_INTERVAL_MS = 16
# Most time a timer-driven flush spends handing events to the views. What does not fit
# waits for the next turn of the event loop (delayed, never dropped), so the window keeps
# painting and answering input under a flood: one turn then reads the socket (up to
# app.socket_task.READ_SLICE_S twice), flushes and repaints (the console: 3-7 ms) within
# about 16 ms, a frame.
FLUSH_BUDGET_S = 0.0025
# Under a backlog the flush runs once per turn; the rest of the turn (the socket reads, a
# repaint) and the flush should fit in this much: a flush after a long rest of the turn
# takes less than FLUSH_BUDGET_S, down to FLUSH_MIN_S (so that a backlog always moves).
FRAME_TARGET_S = 0.010
FLUSH_MIN_S = 0.0005
# Events per signal while the views' cost per event is not known yet.
_FIRST_CHUNK = 64
# Most events per signal (the views' cost per event varies: smaller chunks overshoot less).
_MAX_CHUNK = 512

# Configuration fields that change how the app behaves on screen, not what the page or the
# runtime does: applying only these never reloads the page.
SWITCH_FIELDS = frozenset({"allow_multiple", "presenter", "lang"})


class Hint:
    """Why a page button cannot do anything right now (``None`` from :meth:`Bridge.hint_for`
    means it can). The values are keys; :meth:`Bridge.hint_text` gives the words."""

    ALREADY_CREATED = "already_created"
    NOTHING_TO_CLOSE = "nothing_to_close"
    STILL_CONNECTING = "still_connecting"
    ALREADY_CLOSED = "already_closed"
    NOT_OPEN = "not_open"
    NOT_CREATED = "not_created"
    CREATE_FAILED = "create_failed"
    CAP_REACHED = "cap_reached"


class Bridge(QObject):
    """Holds the core objects and relays what happens to the views, batched.

    Signals:

    * ``events(list[Event])`` – every :class:`~app.events.Event` from ``runtime.events``, in order.
    * ``console_entries(list[ConsoleEntry])`` – new console lines, in order.
    * ``console_cleared()`` – the console was cleared.
    * ``page_state(ReadyState | None)`` – the page's SocketTask ready state (``None``: no task,
      or creation was refused); emitted when it (or whether a task exists) changes.
    * ``data_changed(dict)`` – ``page.data`` after each ``setData``.
    * ``url_changed(str)`` – the URL the page connects to changed.
    * ``page_reloaded()`` – the page was reloaded (no SocketTask, empty input).
    * ``config_changed(AppConfig)`` – :meth:`apply_config` took a new configuration.
    * ``sockets_changed(int, int)`` – how many SocketTasks of the current runtime are
      connecting, open or closing, and the runtime's cap (emitted when either changes).
    """

    events = Signal(object)  # list[Event]: passed as is (a list signal copies it per receiver)
    console_entries = Signal(object)  # list[ConsoleEntry], passed as is
    console_cleared = Signal()
    page_state = Signal(object)
    data_changed = Signal(dict)
    url_changed = Signal(str)
    page_reloaded = Signal()
    config_changed = Signal(object)
    sockets_changed = Signal(int, int)

    def __init__(
        self,
        runtime: Runtime,
        console: Console,
        page: IndexPage,
        config: AppConfig,
        server: DemoServer | None = None,
        parent: QObject | None = None,
        *,
        runtime_factory: RuntimeFactory | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("bridge")
        self.runtime = runtime
        # Runtimes replaced by apply_config: their sockets live on until they close.
        self.retired_runtimes: list[Runtime] = []
        self._runtime_factory = runtime_factory
        self.console = console
        self.page = page
        self.config = config
        self.server = server
        # Every event / console entry ever received (views may cap their rows; these never do).
        self.event_count = 0
        self.console_count = 0
        # Signals emitted by :meth:`flush` (a flood costs few of these).
        self.flush_count = 0
        self._pending_events: list[Event] = []
        self._pending_entries: list[ConsoleEntry] = []
        self._state: ReadyState | None = None
        self._state_key: tuple[ReadyState | None, bool, int | None] = (None, False, None)
        self._sockets: tuple[int, int] = (0, runtime.max_sockets)
        self._data_dirty = False
        self._closed = False
        self._timer = QTimer(self)
        self._timer.setObjectName("bridge_flush_timer")
        self._timer.setSingleShot(True)
        self._timer.setInterval(FLUSH_INTERVAL_MS)
        self._timer.timeout.connect(self._flush_tick)
        # True while the timer is started (a Python flag: checked once per event).
        self._armed = False
        # Seconds the views took per event (per console entry) in the last bounded delivery
        # (sizes the next one).
        self._per_event_s = 0.0
        self._per_entry_s = 0.0
        # When the last timer-driven flush that left a backlog ended (perf_counter), or None.
        self._backlog_since: float | None = None
        self._unsubscribe = [
            runtime.events.subscribe(self._on_runtime_events, batch=True),
            console.subscribe(self._on_console_entry),
            page.watch(self._on_page_data),
        ]

    # -- state ------------------------------------------------------------------------------

    @property
    def state(self) -> ReadyState | None:
        """The page's SocketTask ready state as last delivered by ``page_state``."""
        return self._state

    def current_state(self) -> ReadyState | None:
        """The page's SocketTask ready state right now (may be ahead of :attr:`state`)."""
        task = self.page.socket_task
        return task.ready_state if task is not None else None

    def has_task(self) -> bool:
        """True once the page created a SocketTask (the sample's ``if (socketTask)``)."""
        return self.page.socket_task is not None

    @property
    def allow_multiple(self) -> bool:
        """Whether 创建 WebSocket may create a SocketTask while the page has one."""
        return self.config.allow_multiple

    def socket_counts(self) -> tuple[int, int]:
        """SocketTasks of the current runtime connecting, open or closing, and its cap."""
        return len(self.runtime.active_tasks), self.runtime.max_sockets

    def at_cap(self) -> bool:
        """True when another ``connectSocket`` would be refused (too many sockets)."""
        used, cap = self.socket_counts()
        return used >= cap

    @property
    def url(self) -> str:
        return self.page.url

    @property
    def runtimes(self) -> list[Runtime]:
        """The current runtime and every one it replaced (all to be closed at shutdown)."""
        return [*self.retired_runtimes, self.runtime]

    def page_url_for(self, config: AppConfig) -> str:
        """The URL the page connects to under ``config``: its URL, else the embedded
        server's scenario URL (wss://), else the sample's own placeholder."""
        if config.url is not None:
            return config.url
        if self.server is not None:
            return config.embedded_url(self.server.wss_url)
        return DEFAULT_SAMPLE_URL

    # -- the page's handlers, as the buttons' bindtap -------------------------------------------

    def connect_clicked(self) -> None:
        """``bindtap="socketConnect"``. With several connections allowed, the page's
        SocketTask is detached first (it stays open) so that the sample's handler
        creates a new one."""
        hint = self.hint_for("connect")
        page = self.page
        earlier = page.socket_task
        if earlier is not None and self.allow_multiple:
            if hint is not None:
                self._explain(hint)
            elif earlier.socket_task_id is not None and earlier.ready_state in (
                ReadyState.CONNECTING,
                ReadyState.OPEN,
            ):
                self.console.info(
                    self.tr(
                        "Several connections allowed: SocketTask %1 stays open; "
                        "a new one is created."
                    ).replace("%1", str(earlier.socket_task_id))
                )
            else:
                self.console.info(
                    self.tr("Several connections allowed: a new SocketTask is created.")
                )
            page.socket_task = None
            page.socket_connect()
        else:
            if hint == Hint.CAP_REACHED:
                self._explain(hint)
            page.socket_connect()
            if hint == Hint.ALREADY_CREATED:
                self._explain(hint)
        self._schedule()

    def close_clicked(self) -> None:
        """``bindtap="closeSocket"``."""
        hint = self.hint_for("close")
        self.page.close_socket()
        if hint is not None:
            self._explain(hint)
        self._schedule()

    def send_clicked(self) -> None:
        """``bindtap="sendSocket"``."""
        hint = self.hint_for("send")
        self.page.send_socket()
        if hint is not None:
            self._explain(hint)
        self._schedule()

    def input_changed(self, text: str) -> None:
        """``bindinput="inputChange"``."""
        if text != self.page.data.get("inputValue"):
            self.page.input_change({"detail": {"value": text}})

    def reload_page(self) -> None:
        """Reload the page, as the devtools do: no SocketTask, empty input. Earlier
        sockets stay open until they close (a reload does not close them)."""
        left_open = [
            t
            for t in self.runtime_tasks()
            if t.ready_state in (ReadyState.CONNECTING, ReadyState.OPEN)
        ]
        self.page.reload()
        if left_open:
            self.console.info(
                self.tr(
                    "Page reloaded. %n earlier connection(s) stay open until they close.",
                    "",
                    len(left_open),
                )
            )
        else:
            self.console.info(self.tr("Page reloaded."))
        self.flush()
        self.page_reloaded.emit()

    def set_url(self, url: str) -> None:
        """The URL the next ``socketConnect`` uses (the sample's ``url:``)."""
        if url == self.page.url:
            return
        self.page.url = url
        self.url_changed.emit(url)

    def set_scenario(self, name: str, params: Mapping[str, object]) -> None:
        """Record the embedded server's scenario in :attr:`config` (the scenario picker
        announces the URL itself, through :meth:`set_url`)."""
        self.config = self.config.replace(
            scenario=name, scenario_params=tuple((k, str(v)) for k, v in params.items())
        )
        self.config_changed.emit(self.config)

    def apply_config(self, config: AppConfig) -> bool:
        """Use ``config`` from now on, as the devtools do after a settings change.

        Connect options and the URL apply to the next ``socketConnect``. When what the
        runtime enforces changes (mode, legal domains, domain check, timeout), the
        runtime takes the new rules and the page is reloaded; a new CA file needs a
        new runtime, which takes over (earlier sockets stay open until they close).
        Returns False (and says why in the console) if the configuration is refused.
        """
        policy = ("mode", "legal_domains", "check_domain", "ca_file", "timeout_ms")
        changed = {f for f in FIELDS if getattr(config, f) != getattr(self.config, f)}
        renew = any(f in changed for f in policy)
        if changed and changed <= SWITCH_FIELDS:
            # Only how the app behaves on screen: nothing to reload, nothing for later.
            self.config = config
        elif renew and self._runtime_factory is not None:
            try:
                # Built first so a refused configuration changes nothing.
                runtime = self._runtime_factory(config)
            except TTSocketError as exc:
                self.console.error(
                    self.tr("The settings were not applied: %1").replace("%1", str(exc))
                )
                self.flush()
                return False
            if config.ca_file != self.config.ca_file:
                self.retired_runtimes.append(self.runtime)
                self.runtime = runtime
                self._unsubscribe.append(
                    runtime.events.subscribe(self._on_runtime_events, batch=True)
                )
            else:
                # Same runtime (task ids keep counting), new rules.
                current = self.runtime
                current.mode = runtime.mode
                current.legal_domains = runtime.legal_domains
                current.check_domain = runtime.check_domain
                current.default_timeout_ms = runtime.default_timeout_ms
            page = IndexPage(
                self.runtime,
                self.console,
                self.page_url_for(config),
                connect_options=config.connect_options(),
            )
            self._unsubscribe.append(page.watch(self._on_page_data))
            self.page = page
            self.config = config
            self.console.info(self.tr("Settings applied; the page was reloaded."))
            self.flush()
            self.url_changed.emit(page.url)
            self.page_reloaded.emit()
        else:
            self.config = config
            self.page.connect_options = config.connect_options()
            self.set_url(self.page_url_for(config))
            self.console.info(self.tr("Settings applied to the next connection."))
        if "allow_multiple" in changed:
            if config.allow_multiple:
                self.console.info(
                    self.tr(
                        "Several connections allowed: each “Create WebSocket” creates a new "
                        "SocketTask and earlier ones stay open (at most %1 at once)."
                    ).replace("%1", str(self.runtime.max_sockets))
                )
            else:
                self.console.info(
                    self.tr(
                        "One connection per page again, as in the sample: “Create WebSocket” "
                        "creates a SocketTask only while the page has none."
                    )
                )
        self.flush()
        self.config_changed.emit(config)
        return True

    def close_task(self, task_id: int) -> None:
        """Close one SocketTask from the devtools (not the page's code): code 1000."""
        for task in self.runtime_tasks():
            if task.socket_task_id != task_id:
                continue
            if task.ready_state is ReadyState.OPEN:
                task.close({"code": 1000, "reason": ""})
            else:
                self.console.info(
                    self.tr("SocketTask %1 cannot be closed while it is connecting.").replace(
                        "%1", str(task_id)
                    )
                )
        self._schedule()

    def close_all(self) -> None:
        """Close every open SocketTask from the devtools (code 1000); says how many."""
        tasks = self.runtime_tasks()
        open_tasks = [t for t in tasks if t.ready_state is ReadyState.OPEN]
        connecting = sum(1 for t in tasks if t.ready_state is ReadyState.CONNECTING)
        if open_tasks:
            self.console.info(self.tr("Closing %n open connection(s).", "", len(open_tasks)))
        else:
            self.console.info(self.tr("No open connection to close."))
        if connecting:
            self.console.info(
                self.tr("%n connection(s) still connecting cannot be closed yet.", "", connecting)
            )
        for task in open_tasks:
            task.close({"code": 1000, "reason": ""})
        self._schedule()

    def runtime_tasks(self) -> list[SocketTask]:
        """SocketTasks connecting, open or closing, across every runtime."""
        return [task for runtime in self.runtimes for task in runtime.active_tasks]

    def send_binary(self, data: bytes) -> None:
        """Send ``data`` as one binary message on the page's SocketTask (a devtools
        extra: the sample sends only its input text). Logged like the sample's send."""
        console = self.console
        console.log("---- send", data)
        task = self.page.socket_task
        if task is None:
            self._explain(Hint.NOT_CREATED)
        else:
            task.send(
                {
                    "data": data,
                    "success": lambda res: console.log("send success", res),
                    "fail": lambda res: console.log("send fail", res),
                }
            )
        self._schedule()

    def clear_console(self) -> None:
        self.console.clear()
        self._pending_entries.clear()
        self.console_cleared.emit()

    # -- why a button cannot act ---------------------------------------------------------------

    def hint_for(self, button: str) -> str | None:
        """Why ``button`` (``"connect"``, ``"close"``, ``"send"``) cannot act now, or ``None``."""
        if button == "connect":
            if self.has_task() and not self.allow_multiple:
                return Hint.ALREADY_CREATED
            return Hint.CAP_REACHED if self.at_cap() else None
        state = self.current_state()
        if button == "close":
            if not self.has_task():
                return Hint.NOTHING_TO_CLOSE
            if state is None:
                return Hint.CREATE_FAILED
            if state is ReadyState.CONNECTING:
                return Hint.STILL_CONNECTING
            if state is not ReadyState.OPEN:
                return Hint.ALREADY_CLOSED
            return None
        if button == "send":
            if not self.has_task():
                return Hint.NOT_CREATED
            if state is None:
                return Hint.CREATE_FAILED
            if state is not ReadyState.OPEN:
                return Hint.NOT_OPEN
            return None
        raise ValueError(f"unknown button {button!r}")

    def hint_text(self, hint: str) -> str:
        """The words for a :class:`Hint`, in the current language."""
        if self.allow_multiple:
            several = {
                Hint.ALREADY_CLOSED: self.tr(
                    "This connection is already closed. “Create WebSocket” creates a new one."
                ),
                Hint.CREATE_FAILED: self.tr(
                    "The newest WebSocket could not be created (see the console). "
                    "“Create WebSocket” tries again."
                ),
            }
            if hint in several:
                return several[hint]
        texts = {
            Hint.ALREADY_CREATED: self.tr(
                "Already created: the sample creates one WebSocket per page. "
                "Reload the page to create again."
            ),
            Hint.NOTHING_TO_CLOSE: self.tr("Nothing to close: no WebSocket has been created yet."),
            Hint.STILL_CONNECTING: self.tr(
                "Still connecting: close works once the connection is open."
            ),
            Hint.ALREADY_CLOSED: self.tr(
                "The connection is already closed. Reload the page to create a new one."
            ),
            Hint.NOT_OPEN: self.tr("Nothing was sent: data can only be sent while connected."),
            Hint.NOT_CREATED: self.tr("Nothing was sent: create the WebSocket first."),
            Hint.CREATE_FAILED: self.tr(
                "The WebSocket could not be created (see the console). "
                "Reload the page to try again."
            ),
            Hint.CAP_REACHED: self.tr(
                "The limit is reached: %1 sockets are connecting or open, so connectSocket "
                "fails until one of them closes."
            ).replace("%1", str(self.runtime.max_sockets)),
        }
        return texts[hint]

    def _explain(self, hint: str) -> None:
        self.console.info(self.hint_text(hint))

    # -- batching ---------------------------------------------------------------------------------

    def _on_runtime_events(self, events: list[Event]) -> None:
        self.event_count += len(events)
        self._pending_events.extend(events)
        if not self._armed:
            self._schedule()

    def _on_console_entry(self, entry: ConsoleEntry) -> None:
        self.console_count += 1
        self._pending_entries.append(entry)
        if not self._armed:
            self._schedule()

    def _on_page_data(self, _data: dict[str, Any]) -> None:
        self._data_dirty = True
        self._schedule()

    def _schedule(self) -> None:
        if not self._closed and not self._armed:
            self._armed = True
            self._timer.start(FLUSH_INTERVAL_MS)

    def _flush_tick(self) -> None:
        budget = FLUSH_BUDGET_S
        if self._backlog_since is not None:
            # Flushing a backlog, once per turn of the event loop: what the turn did
            # since the last flush (socket reads, a repaint) counts against one frame.
            others = time.perf_counter() - self._backlog_since
            budget = min(budget, max(FLUSH_MIN_S, FRAME_TARGET_S - others))
        self.flush(budget_s=budget)
        if (self._pending_events or self._pending_entries) and not self._closed:
            # A backlog: the rest on the next turn of the event loop.
            self._backlog_since = time.perf_counter()
            self._armed = True
            self._timer.start(0)
        else:
            self._backlog_since = None

    def flush(self, *, budget_s: float | None = None) -> None:
        """Deliver what is queued now (the timer calls this; tests may too).

        Without ``budget_s`` every queued event is delivered. With it, events are handed
        over in chunks until about ``budget_s`` seconds were spent; the rest stay queued,
        in order, for the next call (console entries first, then events). The page's
        state and data are always delivered."""
        if self._closed:
            return
        self._timer.stop()
        self._armed = False
        if budget_s is None:
            if self._pending_events:
                events, self._pending_events = self._pending_events, []
                self.flush_count += 1
                self._emit_events(events)
            if self._pending_entries:
                entries, self._pending_entries = self._pending_entries, []
                self.flush_count += 1
                self.console_entries.emit(entries)
        else:
            # The console (what the window shows first) gets its lines first; the events
            # get what is left of the budget.
            spent = 0.0
            if self._pending_entries:
                spent = self._deliver(
                    "_pending_entries", self.console_entries.emit, "_per_entry_s", budget_s
                )
            if self._pending_events:
                self._deliver(
                    "_pending_events",
                    self._emit_events,
                    "_per_event_s",
                    max(budget_s - spent, FLUSH_MIN_S),
                )
        if self._data_dirty:
            self._data_dirty = False
            self.data_changed.emit(dict(self.page.data))
        state = self.current_state()
        task = self.page.socket_task
        key = (state, task is not None, task.socket_task_id if task is not None else None)
        if key != self._state_key:
            self._state, self._state_key = state, key
            self.page_state.emit(state)
        sockets = self.socket_counts()
        if sockets != self._sockets:
            self._sockets = sockets
            self.sockets_changed.emit(*sockets)

    def _emit_events(self, events: list[Event]) -> None:
        self.events.emit(EventBatch(events))

    def _deliver(
        self, queue: str, emit: Callable[[list[Any]], object], per_item: str, budget_s: float
    ) -> float:
        """Emit the list in attribute ``queue`` in chunks, sized by the views' last cost per
        item (attribute ``per_item``), until about ``budget_s`` was spent; the rest stays
        queued, in order. Items queued while a chunk is delivered join the queue (it is
        read again after each chunk). Returns the time spent."""
        clock = time.perf_counter
        start = clock()
        left = budget_s
        while left > 0:
            pending: list[Any] = getattr(self, queue)
            if not pending:
                break
            per: float = getattr(self, per_item)
            chunk = min(_MAX_CHUNK, max(16, int(left / per))) if per > 0 else _FIRST_CHUNK
            if len(pending) <= chunk:
                items = pending
                setattr(self, queue, [])
            else:
                items = pending[:chunk]
                del pending[:chunk]
            began = clock()
            self.flush_count += 1
            emit(items)
            now = clock()
            setattr(self, per_item, (now - began) / len(items))
            left = budget_s - (now - start)
        return clock() - start

    def close(self) -> None:
        """Stop relaying (at shutdown, after a last flush)."""
        if self._closed:
            return
        self.flush()
        self._closed = True
        self._timer.stop()
        self._armed = False
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe.clear()
