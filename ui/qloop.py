"""The app's asyncio event loop on Qt: qasync's loop with cheaper ready callbacks.

qasync 0.28 turns every ``call_soon`` into a Qt timer of its own (``startTimer(0)``,
a ``timerEvent`` through the binding, ``killTimer``, dictionary bookkeeping), and
each incoming WebSocket message needs two such callbacks (the socket notifier's,
then the wake-up of the task awaiting ``recv``). :class:`QtEventLoop` keeps the
rest of qasync's loop (callbacks with a delay, executors, ``stop``,
``run_until_complete``, ``close``) and runs ready callbacks the way asyncio's own
loop does:

* ``call_soon`` appends the handle to a ready queue and arms one zero-interval Qt
  timer if it is not armed yet;
* when that timer fires, the handles that were ready at that moment run in order,
  cancelled ones skipped; handles added meanwhile wait for the next turn, so
  ``await asyncio.sleep(0)`` still lets Qt process input and paint;
* a socket whose notifier fires has its callback run at once when nothing else is
  queued, else from the back of the ready queue (asyncio's order either way), and
  at most once per turn, so a busy socket starves neither the other callbacks nor
  Qt's timers (see :meth:`QtEventLoop._io_ready`);
* ``call_soon_threadsafe`` appends from any thread and wakes the GUI thread
  through a queued signal;
* closing the loop drops whatever is still queued (nothing runs after ``close``)
  and stops the Qt timers of callbacks with a delay that qasync leaves running.

Exceptions raised by callbacks go to the loop's exception handler, as in asyncio.
In debug mode, callbacks are checked as asyncio checks them (a coroutine function
is refused) and slow ones are logged as qasync logs them; outside debug mode, as in
asyncio, ``call_soon`` does not inspect its callback (qasync always did).
:func:`create_event_loop` is what the app uses.

qasync ships no type information: everything of it this module relies on is
declared once, in the ``TYPE_CHECKING`` block below.
"""

from __future__ import annotations

import asyncio
import collections
import contextvars
import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final, TypeVarTuple, cast

import qasync
from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QSocketNotifier,
    Qt,
    QTimer,
    Signal,
    SignalInstance,
)

__all__ = ["QtEventLoop", "create_event_loop"]

logger = logging.getLogger(__name__)

_Ts = TypeVarTuple("_Ts")

# A file descriptor or an object with fileno(), as asyncio's add_reader takes it.
_FileLike = Any
_Notifiers = dict[_FileLike, QSocketNotifier]

if TYPE_CHECKING:

    class _SimpleTimer(QObject):
        """qasync's timer for callbacks with a delay (one Qt timer each)."""

        def add_callback(self, handle: asyncio.Handle, delay: float = 0) -> asyncio.Handle: ...

    class _QasyncEventLoop(asyncio.SelectorEventLoop):
        """What this module uses of ``qasync.QEventLoop`` (untyped), over asyncio's loop."""

        _timer: _SimpleTimer
        _read_notifiers: _Notifiers
        _write_notifiers: _Notifiers
        _closed: bool
        _current_handle: asyncio.Handle | None

        def __init__(
            self,
            app: QCoreApplication | None = None,
            set_running_loop: bool = False,
            already_running: bool = False,
        ) -> None: ...
        def _check_callback(self, callback: object, method: str) -> None: ...
        def _check_thread(self) -> None: ...
        def _check_closed(self) -> None: ...
        def _remove_reader(self, fd: _FileLike) -> bool | None: ...
        def _remove_writer(self, fd: _FileLike) -> bool | None: ...

else:
    _QasyncEventLoop = qasync.QEventLoop
    _SimpleTimer = object

_format_handle: Final[Callable[[asyncio.Handle], str]] = qasync._format_handle
_fileno: Final[Callable[[_FileLike], int]] = qasync._fileno


def _activated(notifier: QSocketNotifier) -> SignalInstance:
    """The notifier's ``activated(int)`` overload: the one qasync connects and, on
    ``close``, disconnects."""
    signal: Any = notifier.activated
    return cast(SignalInstance, signal["int"])


class _Waker(QObject):
    """Lives on the GUI thread; ``requested``, emitted on any thread, is delivered there."""

    requested = Signal()


class _Watch:
    """A socket notifier, its callback, and the turn in which the callback last ran
    (``last[0]``, a cell shared with :attr:`deferred`). No reference cycle: once the
    notifier is disconnected, reference counting frees all of it, on the GUI thread."""

    __slots__ = ("args", "callback", "deferred", "fd", "io", "last", "notifier", "notifiers")

    def __init__(
        self,
        loop: QtEventLoop,
        notifiers: _Notifiers,
        notifier: QSocketNotifier,
        fd: _FileLike,
        callback: Callable[..., object],
        args: tuple[Any, ...],
    ) -> None:
        self.notifiers = notifiers
        self.notifier = notifier
        self.fd = fd
        self.callback = callback
        self.args = args
        self.last = [-1]
        # Made once, reused for every event, as asyncio reuses a reader's handle.
        self.io = asyncio.Handle(callback, args, loop, None)
        self.deferred = asyncio.Handle(
            loop._run_deferred, (notifiers, fd, notifier, self.io, self.last), loop, None
        )


class QtEventLoop(_QasyncEventLoop):
    """qasync's ``QEventLoop`` whose ready callbacks share one zero-interval Qt timer."""

    #: Run a ready socket's callback from its notifier when nothing else is queued
    #: (False: always through the ready queue, as qasync does).
    _direct_io = True

    def __init__(self, app: QCoreApplication | None = None) -> None:
        self._qt_ready: collections.deque[asyncio.Handle] = collections.deque()
        self._armed = False
        self._owner = threading.get_ident()
        self._pump = QTimer()
        self._pump.setSingleShot(True)
        self._pump.setInterval(0)
        self._pump.timeout.connect(self._run_ready)
        self._waker = _Waker()
        # A bound method, which the connection holds weakly: the waker adds no reference
        # cycle through the loop (a loop in a cycle is freed by whichever thread collects).
        self._waker.requested.connect(self._arm, Qt.ConnectionType.QueuedConnection)
        self._retired: list[QSocketNotifier] = []
        # Each read notifier's watch, and the watches of transports that paused reading
        # (kept for their resume_reading, see _remove_reader).
        self._read_watches: dict[_FileLike, _Watch] = {}
        self._paused_watches: dict[_FileLike, _Watch] = {}
        self._turn = 0  # turns run so far
        super().__init__(app)

    # -- scheduling -----------------------------------------------------------------

    def call_soon(
        self,
        callback: Callable[[*_Ts], object],
        *args: *_Ts,
        context: contextvars.Context | None = None,
    ) -> asyncio.Handle:
        if self._closed:
            # As qasync: after close, a callback is dropped (never run), not refused.
            return asyncio.Handle(callback, args, self, context)
        if self.get_debug():
            self._check_thread()
            self._check_callback(callback, "call_soon")
        handle = asyncio.Handle(callback, args, self, context)
        self._qt_ready.append(handle)
        if not self._armed:
            self._start_pump()
        return handle

    def _schedule(self, handle: asyncio.Handle) -> None:
        """Queue ``handle`` for the next turn (GUI thread only)."""
        if self._closed:
            return
        self._qt_ready.append(handle)
        if not self._armed:
            self._start_pump()

    def _add_callback(self, handle: asyncio.Handle, delay: float = 0) -> asyncio.Handle:
        """qasync's way in for ``call_later``/``call_at`` and asyncio's signal handlers:
        a positive delay stays a qasync timer, anything else joins the ready queue."""
        if delay > 0:
            return self._timer.add_callback(handle, delay)
        self._schedule(handle)
        return handle

    def call_soon_threadsafe(
        self,
        callback: Callable[[*_Ts], object],
        *args: *_Ts,
        context: contextvars.Context | None = None,
    ) -> asyncio.Handle:
        handle = asyncio.Handle(callback, args, self, context)
        if self._closed:
            return handle  # as qasync: dropped, never run
        self._qt_ready.append(handle)  # deque.append is atomic
        if threading.get_ident() == self._owner:
            self._arm()
        else:
            self._waker.requested.emit()
        return handle

    def _arm(self) -> None:
        if not self._armed and self._qt_ready and not self._closed:
            self._start_pump()

    def _start_pump(self) -> None:
        """Arm the ready queue's timer; from another thread (``call_soon`` is not
        thread-safe, but a Qt timer cannot even be started there), ask the GUI thread to."""
        if threading.get_ident() == self._owner:
            self._armed = True
            self._pump.start()
        else:
            self._waker.requested.emit()

    # -- socket notifiers -----------------------------------------------------------

    def _add_reader(self, fd: _FileLike, callback: Callable[..., object], *args: Any) -> None:
        self._check_closed()
        paused = self._paused_watches.pop(fd, None)
        if paused is not None:
            if (
                paused.callback == callback
                and paused.args == args
                and fd not in self._read_notifiers
            ):
                # A transport resumes reading: its notifier is enabled again.
                self._read_notifiers[fd] = paused.notifier
                self._read_watches[fd] = paused
                paused.notifier.setEnabled(True)
                return
            self._drop(paused.notifier)
        self._read_watches[fd] = self._watch(
            self._read_notifiers, fd, QSocketNotifier.Type.Read, callback, args
        )

    def _add_writer(self, fd: _FileLike, callback: Callable[..., object], *args: Any) -> None:
        self._check_closed()
        self._watch(self._write_notifiers, fd, QSocketNotifier.Type.Write, callback, args)

    def _remove_reader(self, fd: _FileLike) -> bool:
        """Remove ``fd``'s reader. A transport that pauses reading (a flood fills its
        protocol's queue) resumes soon, often every turn: its notifier is kept, disabled
        and still connected, for :meth:`_add_reader` to enable again (creating and
        connecting a notifier costs ~100 µs; enabling it a few)."""
        watch = self._read_watches.pop(fd, None)
        paused = self._paused_watches.pop(fd, None)
        if paused is not None:
            self._drop(paused.notifier)
        if (
            watch is not None
            and not self.is_closed()
            and self._read_notifiers.get(fd) is watch.notifier
            and _pausing(watch.callback)
        ):
            del self._read_notifiers[fd]
            watch.notifier.setEnabled(False)
            self._paused_watches[fd] = watch
            return True
        self._retire(self._read_notifiers, fd)
        return bool(super()._remove_reader(fd))

    def _remove_writer(self, fd: _FileLike) -> bool:
        self._retire(self._write_notifiers, fd)
        return bool(super()._remove_writer(fd))

    def _drop(self, notifier: QSocketNotifier) -> None:
        """Disable and disconnect ``notifier``; it is freed on the next turn (see
        :meth:`_retire`)."""
        notifier.setEnabled(False)
        _activated(notifier).disconnect()
        self._retired.append(notifier)

    def _retire(self, notifiers: _Notifiers | None, fd: _FileLike) -> None:
        """Keep a notifier being removed alive until the next turn: it may be the one
        whose ``activated`` signal is being delivered right now (a callback run from
        :meth:`_io_ready` that closes its socket), and must not be deleted inside it."""
        notifier = notifiers.get(fd) if notifiers else None
        if notifier is not None:
            self._retired.append(notifier)

    def _watch(
        self,
        notifiers: _Notifiers,
        fd: _FileLike,
        kind: QSocketNotifier.Type,
        callback: Callable[..., object],
        args: tuple[Any, ...],
    ) -> _Watch:
        existing = notifiers.get(fd)
        if existing is not None:
            self._drop(existing)
        notifier = QSocketNotifier(_fileno(fd), kind)
        watch = _Watch(self, notifiers, notifier, fd, callback, args)
        # A function, which the connection keeps alive (a bound method of an object that
        # is not a QObject would be held weakly), as qasync's own lambdas; it holds the
        # watch until the notifier is disconnected (removed, replaced, or the loop closed).
        _activated(notifier).connect(lambda: self._io_ready(watch))
        notifier.setEnabled(True)
        notifiers[fd] = notifier
        return watch

    def _io_ready(self, watch: _Watch) -> None:
        """A notifier fired: run its callback now, or from the ready queue.

        Now, from the notifier, when nothing else is queued and the callback has not
        run since the last turn began: asyncio's loop, too, would run it first in the
        turn after a ``select``. Otherwise the notifier is disabled and the callback
        goes to the back of the ready queue, behind what was scheduled before (asyncio's
        order), to enable the notifier again once it has run (qasync's way). A socket
        that stays ready therefore gets one call per turn, as with qasync, and starves
        neither the loop's other callbacks nor Qt's timers (which the glib dispatcher
        runs only while no socket is ready, so the GUI keeps its share during a flood);
        a socket that is ready now and then, the usual case, costs neither a turn of its
        own nor re-registering its notifier with Qt's dispatcher (about 4 µs) each time.
        """
        notifiers = watch.notifiers
        notifier = watch.notifier
        if notifiers.get(watch.fd) is not notifier or self._closed:
            notifier.setEnabled(False)
            return
        if self._qt_ready or watch.last[0] == self._turn or not self._direct_io:
            notifier.setEnabled(False)
            self._schedule(watch.deferred)
            return
        watch.last[0] = self._turn
        if self.get_debug():
            self._run_timed(watch.io)
        else:
            watch.io._run()

    def _run_deferred(
        self,
        notifiers: _Notifiers,
        fd: _FileLike,
        notifier: QSocketNotifier,
        io: asyncio.Handle,
        last: list[int],
    ) -> None:
        """A socket's callback run from the ready queue, then its notifier enabled again;
        nothing if the notifier was removed or replaced since it fired."""
        if notifiers.get(fd) is not notifier:
            return
        last[0] = self._turn
        try:
            io._run()
        finally:
            if notifiers.get(fd) is notifier:
                notifier.setEnabled(True)

    # -- running --------------------------------------------------------------------

    def _run_ready(self) -> None:
        """One turn: run the handles that were ready when the turn began, in order."""
        self._armed = False
        self._turn += 1
        ready = self._qt_ready
        if self._retired:
            self._retired.clear()
        if self._closed:
            ready.clear()
            return
        todo = len(ready)
        debug = self.get_debug()
        try:
            while todo and ready:
                todo -= 1
                handle = ready.popleft()
                if handle._cancelled:
                    continue
                if debug:
                    self._run_timed(handle)
                else:
                    handle._run()
        finally:
            if ready and not self._armed and not self._closed:
                self._armed = True
                self._pump.start()

    def _run_timed(self, handle: asyncio.Handle) -> None:
        """Debug mode: note the current handle, warn about a slow callback (as qasync)."""
        try:
            self._current_handle = handle
            t0 = time.monotonic()
            handle._run()
            dt = time.monotonic() - t0
            if dt >= self.slow_callback_duration:
                logger.warning("Executing %s took %.3f seconds", _format_handle(handle), dt)
        finally:
            self._current_handle = None

    # -- closing --------------------------------------------------------------------

    def close(self) -> None:
        """qasync's ``close``; then whatever is still queued is dropped, never run."""
        if self.is_running() or self.is_closed():
            super().close()  # raises if running, nothing if closed
            return
        try:
            super().close()
        finally:
            for watch in self._paused_watches.values():
                self._drop(watch.notifier)
            self._paused_watches.clear()
            self._read_watches.clear()
            self._qt_ready.clear()
            self._retired.clear()
            self._armed = False
            self._pump.stop()
            self._pump.timeout.disconnect(self._run_ready)
            self._waker.requested.disconnect(self._arm)
            self._kill_delayed_timers()

    def _kill_delayed_timers(self) -> None:
        """Stop the Qt timers of callbacks with a delay still pending (qasync leaves them
        running until they fire, to be ignored then). A closed loop then owns no active
        Qt timer: if a garbage collection on another thread frees it, Qt cannot be left
        with a timer whose object is gone (it cannot unregister timers across threads,
        and such a timer crashes the GUI thread when it fires)."""
        timer = self._timer
        pending: dict[int, asyncio.Handle] | None = getattr(timer, "_SimpleTimer__callbacks", None)
        if not pending:
            return
        for timer_id in list(pending):
            timer.killTimer(timer_id)
        pending.clear()


def _pausing(callback: Callable[..., object]) -> bool:
    """Whether the reader being removed is a transport's that pauses reading: its
    callback is a method of an object that is not closing (asyncio's transports remove
    their reader on ``pause_reading`` and on ``close``, closing first)."""
    owner = getattr(callback, "__self__", None)
    is_closing = getattr(owner, "is_closing", None)
    return callable(is_closing) and not is_closing()


def create_event_loop(app: QCoreApplication) -> asyncio.AbstractEventLoop:
    """The app's asyncio loop over ``app``'s Qt event loop, for
    ``asyncio.Runner(loop_factory=lambda: create_event_loop(app))``."""
    return QtEventLoop(app)
