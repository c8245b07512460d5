"""``Console``: what the sample's ``console.log`` / ``console.error`` calls record.

Entries keep the values passed (``args``) and a rendered ``text`` in the style
of the devtools console (``{errMsg: "connectSocket:ok", socketTaskId: 1}``).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from app._fast_init import fast_init

__all__ = ["Console", "ConsoleEntry", "format_value"]

Level = Literal["log", "warn", "error", "info"]


def format_value(value: Any, *, top: bool = True, limit: int = 2000) -> str:
    """Render a value as the devtools console does: strings bare at top level, objects as {k: v}."""
    if isinstance(value, str):
        text = value if top else '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    elif value is None:
        text = "undefined" if top else "null"
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, bytes | bytearray | memoryview):
        raw = bytes(value)
        head = raw[:16].hex(" ")
        more = " …" if len(raw) > 16 else ""
        text = f"ArrayBuffer({len(raw)}) [{head}{more}]"
    elif isinstance(value, Mapping):
        inner = ", ".join(f"{k}: {format_value(v, top=False)}" for k, v in value.items())
        text = "{" + inner + "}"
    elif isinstance(value, list | tuple):
        text = "[" + ", ".join(format_value(v, top=False) for v in value) + "]"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


@dataclass(frozen=True, slots=True)
class ConsoleEntry:
    level: Level
    args: tuple[Any, ...]
    time: float = field(default_factory=time.time)

    @property
    def text(self) -> str:
        return " ".join(format_value(a) for a in self.args)


# A flood makes one entry per message.
fast_init(ConsoleEntry)


class Console:
    """A devtools-like console. ``subscribe`` gets each new entry; ``entries`` keeps the last ``limit``."""

    def __init__(self, limit: int | None = 100_000) -> None:
        self._entries: deque[ConsoleEntry] = deque(maxlen=limit)
        self._limit = limit
        # Replaced, never changed in place: _add iterates it without copying.
        self._subscribers: tuple[Callable[[ConsoleEntry], None], ...] = ()
        self.dropped = 0

    @property
    def entries(self) -> list[ConsoleEntry]:
        return list(self._entries)

    def log(self, *args: Any) -> None:
        self._add("log", args)

    def info(self, *args: Any) -> None:
        self._add("info", args)

    def warn(self, *args: Any) -> None:
        self._add("warn", args)

    def error(self, *args: Any) -> None:
        self._add("error", args)

    def clear(self) -> None:
        self._entries.clear()

    def subscribe(self, fn: Callable[[ConsoleEntry], None]) -> Callable[[], None]:
        self._subscribers = (*self._subscribers, fn)

        def unsubscribe() -> None:
            subscribers = list(self._subscribers)
            if fn in subscribers:
                subscribers.remove(fn)
                self._subscribers = tuple(subscribers)

        return unsubscribe

    def _add(self, level: Level, args: tuple[Any, ...]) -> None:
        entry = ConsoleEntry(level, args)
        entries = self._entries
        if self._limit is not None and len(entries) >= self._limit:
            self.dropped += 1  # the deque forgets the oldest (no list shift per entry)
        entries.append(entry)
        for fn in self._subscribers:
            fn(entry)
