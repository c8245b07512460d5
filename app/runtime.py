"""``Runtime``: the mini-program runtime's side of ``tt.connectSocket``.

It holds what the runtime enforces (mode, legal domains, the socket cap, TLS
trust), creates :class:`~app.socket_task.SocketTask` objects, owns every asyncio
task it starts, and publishes everything on :attr:`Runtime.events`.
"""

from __future__ import annotations

import asyncio
import logging
import math
import os
import ssl
from collections.abc import Coroutine, Iterable, Mapping
from typing import Any

from app import rules
from app.api_types import ConnectSocketOptions
from app.errors import ConfigError
from app.events import ApiCalled, EventBus, Notice
from app.rules import Mode
from app.socket_task import SocketTask, _summarize_plain

__all__ = ["DEFAULT_LEGAL_DOMAINS", "Runtime"]

logger = logging.getLogger(__name__)

DEFAULT_LEGAL_DOMAINS = ("127.0.0.1", "localhost", "::1")


def _positive(name: str, value: object) -> float:
    """A finite number > 0, as float, or a ConfigError that names the setting."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"{name} must be a number, not {type(value).__name__}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ConfigError(f"{name} must be a finite number, not {value}")
    if value <= 0:
        raise ConfigError(f"{name} must be positive, not {rules.show_value(value)}")
    try:
        return float(value)
    except OverflowError:
        raise ConfigError(f"{name} is too large") from None


class Runtime:
    """Creates and tracks SocketTasks.

    ``mode="release"`` accepts only ``wss://`` URLs on legal domains; ``mode="test"``
    accepts ``ws://`` too and checks domains only when ``check_domain`` is true.
    ``ca_file`` adds a CA to the system store for every TLS connection.
    """

    def __init__(
        self,
        mode: str | Mode = Mode.TEST,
        legal_domains: Iterable[str] = DEFAULT_LEGAL_DOMAINS,
        check_domain: bool = True,
        ca_file: str | os.PathLike[str] | None = None,
        max_sockets: int = 5,
        *,
        default_timeout_ms: float = 60_000,
        max_message_size: int | None = 1 << 20,
        close_timeout: float = 5.0,
        ping_interval: float | None = 20.0,
    ) -> None:
        try:
            if not isinstance(mode, str):  # Mode() would repr() the value in its own error
                raise ValueError
            self.mode = Mode(mode)
        except ValueError:
            raise ConfigError(
                f"mode must be 'test' or 'release', not {rules.show_value(mode)}"
            ) from None
        if isinstance(legal_domains, str):
            legal_domains = [legal_domains]
        try:
            self.legal_domains = tuple(rules.parse_legal_domain(d) for d in legal_domains)
        except TypeError:
            raise ConfigError(
                f"legal_domains must be a list of host names, not {type(legal_domains).__name__}"
            ) from None
        except ValueError as exc:
            raise ConfigError(str(exc)) from None
        self.check_domain = bool(check_domain)
        if isinstance(max_sockets, bool) or not isinstance(max_sockets, int) or max_sockets < 1:
            raise ConfigError(
                f"max_sockets must be a positive integer, not {rules.show_value(max_sockets)}"
            )
        self.max_sockets = max_sockets
        if max_message_size is not None and (
            isinstance(max_message_size, bool)
            or not isinstance(max_message_size, int)
            or max_message_size < 1
        ):
            raise ConfigError(
                f"max_message_size must be a positive number of bytes or None, "
                f"not {rules.show_value(max_message_size)}"
            )
        self.max_message_size = max_message_size
        self.default_timeout_ms = _positive("default_timeout_ms", default_timeout_ms)
        self.close_timeout = _positive("close_timeout", close_timeout)
        self.ping_interval = (
            None if ping_interval is None else _positive("ping_interval", ping_interval)
        )
        if ca_file is not None and not isinstance(ca_file, str | os.PathLike):
            raise ConfigError(f"ca_file must be a path or None, not {type(ca_file).__name__}")
        self.ca_file = os.fspath(ca_file) if ca_file is not None else None
        self.events = EventBus()
        self._context = self._make_context(self.ca_file)
        self._endpoint_cas: dict[tuple[str, int], str] = {}
        self._endpoint_contexts: dict[tuple[str, int], ssl.SSLContext] = {}
        self._active: dict[int, SocketTask] = {}
        self._owned: set[asyncio.Task[Any]] = set()
        self._next_id = 1
        self._closed = False
        self._event_loop: asyncio.AbstractEventLoop | None = None

    # -- public -------------------------------------------------------------------------

    @property
    def active_tasks(self) -> list[SocketTask]:
        """Tasks that are CONNECTING, OPEN or CLOSING (they count toward the cap)."""
        return list(self._active.values())

    @property
    def closed(self) -> bool:
        return self._closed

    def trust_ca_for(self, host: str, port: int, ca_pem: str) -> None:
        """Trust ``ca_pem`` for TLS connections to ``host:port`` only."""
        if not isinstance(host, str) or not host:
            raise ConfigError(f"host must be a non-empty string, not {rules.show_value(host)}")
        if isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536:
            raise ConfigError(
                f"port must be a number from 1 to 65535, not {rules.show_value(port)}"
            )
        if not isinstance(ca_pem, str):
            raise ConfigError(f"ca_pem must be PEM text, not {type(ca_pem).__name__}")
        key = (host.lower(), port)
        try:
            ctx = self._make_context(self.ca_file)
            ctx.load_verify_locations(cadata=ca_pem)
        except (ssl.SSLError, ValueError) as exc:
            raise ConfigError(f"cannot load CA for {host}:{port}: {exc}") from None
        self._endpoint_cas[key] = ca_pem
        self._endpoint_contexts[key] = ctx

    def connect_socket(self, options: ConnectSocketOptions | Mapping[str, Any]) -> SocketTask:
        """``tt.connectSocket``: returns a task at once; the outcome arrives via callbacks."""
        opts: Mapping[str, Any] = options if isinstance(options, Mapping) else {}
        checked: rules.ConnectRequest | rules.Refusal
        if self._closed:
            checked = rules.Refusal("the runtime is shut down")
        else:
            checked = rules.check_connect(
                options,
                mode=self.mode,
                check_domain=self.check_domain,
                legal_domains=self.legal_domains,
                default_timeout_ms=self.default_timeout_ms,
            )
        if isinstance(checked, rules.ConnectRequest) and len(self._active) >= self.max_sockets:
            checked = rules.Refusal(
                f"too many sockets: at most {self.max_sockets} may be connecting or open at once"
            )
        if isinstance(checked, rules.Refusal):
            if self.events._subscribers:
                summary = _summarize_plain(options)
                self.events.publish(ApiCalled(task_id=None, api="connectSocket", args=summary))
            task = SocketTask(self, None, None)
            task._refuse(opts, checked.reason)
            return task
        task_id = self._next_id
        self._next_id += 1
        task = SocketTask(self, task_id, checked)
        self._active[task_id] = task
        if self.events._subscribers:
            summary = _summarize_plain(options)
            self.events.publish(ApiCalled(task_id=task_id, api="connectSocket", args=summary))
        task._start(opts)
        return task

    async def aclose(self, grace: float = 1.0) -> None:
        """Close every socket (code 1001) and cancel every task, within ``grace`` seconds."""
        self._closed = True
        for task in list(self._active.values()):
            task._shutdown()
        pending = [t for t in self._owned if not t.done()]
        if pending:
            _, still = await asyncio.wait(pending, timeout=grace)
            if still:
                for task in list(self._active.values()):
                    task._abort()
                for t in still:
                    t.cancel()
                await asyncio.wait(still, timeout=max(0.2, grace / 2))
        for task in list(self._active.values()):
            # Cancelled before its first step: nothing ran, so report the close here.
            task._finish(1006, "the runtime shut down", None)
        leftover = [t for t in self._owned if not t.done()]
        if leftover:  # pragma: no cover - defensive
            self.events.publish(
                Notice(
                    task_id=None,
                    level="warn",
                    message=f"{len(leftover)} tasks did not stop in time",
                )
            )

    # -- used by SocketTask ---------------------------------------------------------------

    def _loop(self) -> asyncio.AbstractEventLoop:
        if self._event_loop is None or self._event_loop.is_closed():
            self._event_loop = asyncio.get_running_loop()
        return self._event_loop

    def _own(self, coro: Coroutine[Any, Any, None], name: str) -> asyncio.Task[None]:
        task = self._loop().create_task(coro, name=name)
        self._owned.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self._owned.discard(task)
        if not task.cancelled() and task.exception() is not None:
            exc = task.exception()
            logger.error("task %s failed", task.get_name(), exc_info=exc)
            self.events.publish(
                Notice(
                    task_id=None,
                    level="error",
                    message=f"internal error in {task.get_name()}: {exc!r}",
                )
            )

    def _forget(self, task: SocketTask) -> None:
        if task.socket_task_id is not None:
            self._active.pop(task.socket_task_id, None)

    def _ssl_context(self, host: str, port: int) -> ssl.SSLContext:
        return self._endpoint_contexts.get((host.lower(), port), self._context)

    @staticmethod
    def _make_context(ca_file: str | None) -> ssl.SSLContext:
        ctx = ssl.create_default_context(ssl.Purpose.SERVER_AUTH)
        if ca_file is not None:
            try:
                ctx.load_verify_locations(cafile=ca_file)
            except FileNotFoundError:
                raise ConfigError(f"CA file not found: {ca_file}") from None
            except (ssl.SSLError, OSError, ValueError) as exc:
                raise ConfigError(
                    f"CA file {ca_file} is not a valid PEM certificate: {exc}"
                ) from None
        return ctx
