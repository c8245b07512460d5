"""ttsocket-demo core: the ``tt.connectSocket`` runtime, SocketTask and the sample page (no Qt).

The public names load on first use (``from app import Runtime`` imports
:mod:`app.runtime` then), so importing one light module of the package, e.g.
:mod:`app.config` at start-up, does not import the runtime, asyncio and websockets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app._lazy import lazy_attributes

if TYPE_CHECKING:
    from app.console import Console, ConsoleEntry
    from app.errors import ConfigError, TTSocketError
    from app.events import EventBus, ReadyState
    from app.index_page import IndexPage
    from app.rules import Mode
    from app.runtime import Runtime
    from app.socket_task import SocketTask

__all__ = [
    "ConfigError",
    "Console",
    "ConsoleEntry",
    "EventBus",
    "IndexPage",
    "Mode",
    "ReadyState",
    "Runtime",
    "SocketTask",
    "TTSocketError",
    "__version__",
]

__version__ = "0.1.0"

# Public name -> the module defining it, imported when the name is first read.
_LAZY: dict[str, str] = {
    "Console": "app.console",
    "ConsoleEntry": "app.console",
    "ConfigError": "app.errors",
    "TTSocketError": "app.errors",
    "EventBus": "app.events",
    "ReadyState": "app.events",
    "IndexPage": "app.index_page",
    "Mode": "app.rules",
    "Runtime": "app.runtime",
    "SocketTask": "app.socket_task",
}


__getattr__ = lazy_attributes("app", _LAZY, globals())


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
