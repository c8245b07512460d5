"""ttsocket-demo core: the ``tt.connectSocket`` runtime, SocketTask and the sample page (no Qt)."""

from __future__ import annotations

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
