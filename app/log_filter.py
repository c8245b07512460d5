"""The event log as rows: summaries, filters, search, pretty JSON and hex dumps.

Qt-free helpers behind the log view: :func:`row_from_event` turns an event into
a :class:`LogRow`, :class:`LogFilter` decides which rows show (task, direction,
kind, text), and :func:`pretty_json`, :func:`hexdump`, :func:`detail_text` render
a payload for the detail pane. :func:`parse_hex` and :func:`read_binary_file`
turn user input into bytes to send, with messages that say exactly what is wrong.
"""

from __future__ import annotations

import enum
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from app.console import format_value
from app.events import (
    ApiCalled,
    CallbackFired,
    CallbackRaised,
    Event,
    FrameEvent,
    HandshakeDone,
    ListenerFired,
    Notice,
    Opcode,
    StateChanged,
)
from app.explain import explain_close_code
from app.masking import mask_event
from app.timeline import close_explanation

__all__ = [
    "MAX_SEND_BYTES",
    "BinaryInputError",
    "BinaryProblem",
    "LogDirection",
    "LogFilter",
    "LogKind",
    "LogRow",
    "detail_text",
    "explanation_of",
    "hexdump",
    "parse_hex",
    "pretty_json",
    "read_binary_file",
    "row_from_event",
    "summarize",
]

#: Largest binary message the composer accepts (the default receive limit of servers).
MAX_SEND_BYTES: Final = 1 << 20
_SUMMARY_LIMIT: Final = 300
_SEARCH_LIMIT: Final = 4096
_HEXDUMP_LIMIT: Final = 64 * 1024


class LogKind(enum.StrEnum):
    CALL = "call"
    CALLBACK = "callback"
    LISTENER = "listener"
    STATE = "state"
    HANDSHAKE = "handshake"
    TEXT = "text"
    BINARY = "binary"
    CLOSE = "close"
    CONTROL = "control"
    ERROR = "error"
    NOTICE = "notice"


class LogDirection(enum.StrEnum):
    """``OUT``: from the page toward the server (calls, frames sent); ``IN``: the way back."""

    IN = "in"
    OUT = "out"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class LogRow:
    """One log line. ``masked_summary`` is set only when masking changes the summary."""

    event: Event
    kind: LogKind
    direction: LogDirection
    summary: str
    size: int | None
    explanation: str | None
    search_text: str
    masked_summary: str | None = None

    @property
    def task_id(self) -> int | None:
        return self.event.task_id

    @property
    def time(self) -> float:
        return self.event.time

    @property
    def seq(self) -> int:
        return self.event.seq

    def shown_summary(self, masked: bool) -> str:
        return self.masked_summary if masked and self.masked_summary is not None else self.summary


@dataclass(frozen=True, slots=True)
class LogFilter:
    """Which rows show. ``None`` for a set means "all"; ``text`` is a case-insensitive search."""

    tasks: frozenset[int | None] | None = None
    directions: frozenset[LogDirection] | None = None
    kinds: frozenset[LogKind] | None = None
    text: str = ""

    @property
    def is_open(self) -> bool:
        """True when every row passes."""
        return (
            self.tasks is None and self.directions is None and self.kinds is None and not self.text
        )

    def matches(self, row: LogRow) -> bool:
        if self.tasks is not None and row.task_id not in self.tasks:
            return False
        if self.directions is not None and row.direction not in self.directions:
            return False
        if self.kinds is not None and row.kind not in self.kinds:
            return False
        needle = self.text.strip().lower()
        return not needle or needle in row.search_text


def _size_text(size: int) -> str:
    return f"{size} B"


def summarize(event: Event) -> str:
    """One line for the log, in the devtools console's style."""
    if isinstance(event, FrameEvent):
        if event.opcode is Opcode.CLOSE:
            code = event.close_code if event.close_code is not None else 1005
            reason = f" “{event.close_reason}”" if event.close_reason else ""
            return f"close frame {code}{reason}"
        if isinstance(event.data, str):
            return format_value(event.data, limit=_SUMMARY_LIMIT).replace("\n", "⏎")
        raw = bytes(event.data)
        head = raw[:24].hex(" ")
        more = " …" if len(raw) > 24 else ""
        return f"{event.opcode.value} [{head}{more}]"
    if isinstance(event, ApiCalled):
        return f"{event.api}({format_value(dict(event.args), top=False, limit=_SUMMARY_LIMIT)})"
    if isinstance(event, CallbackFired):
        return (
            f"{event.api} {event.callback}: "
            f"{format_value(dict(event.payload), top=False, limit=_SUMMARY_LIMIT)}"
        )
    if isinstance(event, ListenerFired):
        return f"{event.listener}: {format_value(dict(event.payload), top=False, limit=_SUMMARY_LIMIT)}"
    if isinstance(event, StateChanged):
        old = event.old.name if event.old is not None else "—"
        return f"readyState {old} → {event.new.name}"
    if isinstance(event, HandshakeDone):
        p = event.profile
        sub = f" · subprotocol {event.subprotocol}" if event.subprotocol else ""
        return (
            f"HTTP {event.status} {event.url}{sub} · {p.total_ms:.1f} ms "
            f"(DNS {p.dns_ms:.1f}, TCP {p.tcp_ms:.1f}, TLS {p.tls_ms:.1f}, "
            f"handshake {p.handshake_ms:.1f})"
        )
    if isinstance(event, CallbackRaised):
        return f"{event.where} raised {event.error}"
    if isinstance(event, Notice):
        return f"[{event.level}] {event.message}"
    return event.kind


def _classify(event: Event) -> tuple[LogKind, LogDirection]:
    if isinstance(event, FrameEvent):
        direction = LogDirection(event.direction.value)
        kind = {
            Opcode.TEXT: LogKind.TEXT,
            Opcode.BINARY: LogKind.BINARY,
            Opcode.CLOSE: LogKind.CLOSE,
        }.get(event.opcode, LogKind.CONTROL)
        return kind, direction
    if isinstance(event, ApiCalled):
        return LogKind.CALL, LogDirection.OUT
    if isinstance(event, CallbackFired):
        kind = LogKind.ERROR if event.callback == "fail" else LogKind.CALLBACK
        return kind, LogDirection.IN
    if isinstance(event, ListenerFired):
        kind = LogKind.ERROR if event.listener == "onError" else LogKind.LISTENER
        return kind, LogDirection.IN
    if isinstance(event, HandshakeDone):
        return LogKind.HANDSHAKE, LogDirection.IN
    if isinstance(event, StateChanged):
        return LogKind.STATE, LogDirection.NONE
    if isinstance(event, CallbackRaised):
        return LogKind.ERROR, LogDirection.NONE
    if isinstance(event, Notice):
        kind = LogKind.ERROR if event.level == "error" else LogKind.NOTICE
        return kind, LogDirection.NONE
    return LogKind.NOTICE, LogDirection.NONE


def explanation_of(event: Event) -> str | None:
    """The plain-language line for an event, if it has one (English, from app.explain)."""
    if isinstance(event, ListenerFired):
        if event.listener == "onError":
            raw = event.payload.get("explanation")
            return raw if isinstance(raw, str) else None
        if event.listener == "onClose":
            code = event.payload.get("code")
            reason = event.payload.get("reason")
            return close_explanation(
                code if isinstance(code, int) else 1005,
                reason if isinstance(reason, str) else None,
            )
    if isinstance(event, FrameEvent) and event.opcode is Opcode.CLOSE:
        return explain_close_code(event.close_code if event.close_code is not None else 1005)
    return None


def _search_text(event: Event, summary: str) -> str:
    parts = [summary]
    if isinstance(event, FrameEvent) and isinstance(event.data, str):
        parts.append(event.data[:_SEARCH_LIMIT])
    elif isinstance(event, ListenerFired) and event.listener == "onMessage":
        raw = event.payload.get("data")
        if isinstance(raw, str):
            parts.append(raw[:_SEARCH_LIMIT])
    elif isinstance(event, ApiCalled | CallbackFired | ListenerFired | HandshakeDone):
        parts.append(json.dumps(event.to_json(), ensure_ascii=False, default=str)[:_SEARCH_LIMIT])
    explanation = explanation_of(event)
    if explanation:
        parts.append(explanation)
    return "\n".join(parts).lower()


def row_from_event(event: Event) -> LogRow:
    kind, direction = _classify(event)
    summary = summarize(event)
    masked: str | None = None
    if not isinstance(event, FrameEvent):
        hidden = mask_event(event)
        if hidden is not event:
            masked = summarize(hidden)
    size = event.size if isinstance(event, FrameEvent) else None
    return LogRow(
        event=event,
        kind=kind,
        direction=direction,
        summary=summary,
        size=size,
        explanation=explanation_of(event),
        search_text=_search_text(event, summary),
        masked_summary=masked if masked != summary else None,
    )


# -- payload rendering ------------------------------------------------------------------


def pretty_json(value: Any) -> str:
    """Indented JSON for a value; a string that holds JSON is parsed first.

    Anything else (plain text, invalid JSON) comes back unchanged as text.
    """
    if isinstance(value, str):
        text: str = value
        stripped = text.strip()
        if not (stripped[:1] in ("{", "[") or stripped in ("true", "false", "null")):
            return text
        try:
            value = json.loads(stripped)
        except ValueError:
            return text
    return json.dumps(value, indent=2, ensure_ascii=False, default=_json_default)


def _json_default(value: object) -> object:
    if isinstance(value, bytes | bytearray | memoryview):
        return {"$bytes": len(bytes(value))}
    return str(value)


def hexdump(data: bytes, width: int = 16, limit: int = _HEXDUMP_LIMIT) -> str:
    """Offset, hex bytes and printable ASCII, ``width`` bytes a line, like ``xxd``."""
    if not data:
        return "(0 bytes)"
    shown = data[:limit]
    lines = []
    half = width // 2
    for offset in range(0, len(shown), width):
        chunk = shown[offset : offset + width]
        left = chunk[:half].hex(" ")
        right = chunk[half:].hex(" ")
        hex_part = f"{left}  {right}" if right else left
        text = "".join(chr(b) if 0x20 <= b < 0x7F else "." for b in chunk)
        lines.append(f"{offset:08x}  {hex_part:<{width * 3}}  |{text}|")
    if len(data) > limit:
        lines.append(f"… {len(data) - limit} more bytes not shown")
    return "\n".join(lines)


def detail_text(event: Event) -> str:
    """Everything about an event for the detail pane: pretty JSON, then the data itself."""
    obj = event.to_json()
    data = obj.pop("data", None) if isinstance(event, FrameEvent) else None
    text = json.dumps(obj, indent=2, ensure_ascii=False, default=_json_default)
    if isinstance(event, FrameEvent):
        if isinstance(event.data, str):
            body = pretty_json(event.data)
            return f"{text}\n\n— data ({event.size} B, text) —\n{body}"
        if data is not None:
            return f"{text}\n\n— data ({event.size} B, binary) —\n{hexdump(bytes(event.data))}"
    if isinstance(event, ListenerFired) and event.listener == "onMessage":
        raw = event.payload.get("data")
        if isinstance(raw, bytes | bytearray):
            return f"{text}\n\n— data ({len(raw)} B, binary) —\n{hexdump(bytes(raw))}"
        if isinstance(raw, str):
            return f"{text}\n\n— data —\n{pretty_json(raw)}"
    return text


# -- binary input ------------------------------------------------------------------------


class BinaryProblem(enum.StrEnum):
    """What is wrong with binary input (so a UI can word it in its own language)."""

    NOT_HEX = "not_hex"  # subject: the character
    ODD_DIGITS = "odd_digits"  # subject: the group
    PREFIX_ONLY = "prefix_only"  # subject: the group
    TOO_LARGE = "too_large"  # subject: the byte limit
    FOLDER = "folder"  # subject: the file name
    FILE_TOO_BIG = "file_too_big"  # subject: the file name
    MISSING = "missing"  # subject: the path
    DENIED = "denied"  # subject: the path
    UNREADABLE = "unreadable"  # subject: the path


class BinaryInputError(ValueError):
    """Input that cannot become bytes; ``line``/``column`` are 1-based when known.

    ``problem`` says what is wrong and ``subject`` what it is about (a character,
    a group of digits, a file name); ``str()`` is a complete English sentence.
    """

    def __init__(
        self,
        message: str,
        line: int | None = None,
        column: int | None = None,
        *,
        problem: BinaryProblem = BinaryProblem.UNREADABLE,
        subject: str = "",
    ) -> None:
        self.message = message
        self.line = line
        self.column = column
        self.problem = problem
        self.subject = subject
        super().__init__(message)


_HEX_DIGITS: Final = frozenset("0123456789abcdefABCDEF")
_SEPARATORS: Final = frozenset(" \t\r\n,:;-_")


def parse_hex(text: str, *, max_bytes: int = MAX_SEND_BYTES) -> bytes:
    """Bytes from hex text such as ``48 65 6c 6c 6f``, ``48656c6c6f`` or ``0x48,0x65``.

    Groups are separated by spaces, commas, colons, semicolons, dashes or
    underscores; a group may start with ``0x`` or ``\\x``; each group needs an even
    number of digits. Empty text is zero bytes. Raises :class:`BinaryInputError`
    naming the line and column of the first problem.
    """
    out = bytearray()
    line = 1
    line_start = 0
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in _SEPARATORS:
            if ch == "\n":
                line += 1
                line_start = i + 1
            i += 1
            continue
        start = i
        column = i - line_start + 1
        if text.startswith(("0x", "0X", "\\x"), i):
            i += 2
        digits_start = i
        while i < n and text[i] not in _SEPARATORS and not text.startswith("\\x", i):
            if text[i] not in _HEX_DIGITS:
                bad = text[i]
                col = i - line_start + 1
                shown = repr(bad) if bad.isprintable() else f"U+{ord(bad):04X}"
                raise BinaryInputError(
                    f"line {line}, column {col}: {shown} is not a hex digit (use 0-9 and a-f)",
                    line,
                    col,
                    problem=BinaryProblem.NOT_HEX,
                    subject=shown,
                )
            i += 1
        digits = text[digits_start:i]
        group = text[start:i]
        if not digits:
            raise BinaryInputError(
                f"line {line}, column {column}: {group!r} has no hex digits after the prefix",
                line,
                column,
                problem=BinaryProblem.PREFIX_ONLY,
                subject=repr(group),
            )
        if len(digits) % 2:
            raise BinaryInputError(
                f"line {line}, column {column}: {group!r} has an odd number of hex digits; "
                "write every byte as two digits (e.g. 0f, not f)",
                line,
                column,
                problem=BinaryProblem.ODD_DIGITS,
                subject=repr(group),
            )
        out += bytes.fromhex(digits)
        if len(out) > max_bytes:
            raise BinaryInputError(
                f"more than {max_bytes} bytes: the message is too large to send",
                line,
                column,
                problem=BinaryProblem.TOO_LARGE,
                subject=str(max_bytes),
            )
    return bytes(out)


def read_binary_file(path: str | os.PathLike[str], *, max_bytes: int = MAX_SEND_BYTES) -> bytes:
    """The bytes of a file to send; :class:`BinaryInputError` if it cannot be used."""
    target = Path(path)
    try:
        if target.is_dir():
            raise BinaryInputError(
                f"{target.name} is a folder, not a file",
                problem=BinaryProblem.FOLDER,
                subject=target.name,
            )
        size = target.stat().st_size
        if size > max_bytes:
            raise BinaryInputError(
                f"{target.name} is {size} bytes; at most {max_bytes} bytes can be sent",
                problem=BinaryProblem.FILE_TOO_BIG,
                subject=target.name,
            )
        return target.read_bytes()
    except FileNotFoundError:
        raise BinaryInputError(
            f"{target} does not exist", problem=BinaryProblem.MISSING, subject=str(target)
        ) from None
    except PermissionError:
        raise BinaryInputError(
            f"{target}: permission denied", problem=BinaryProblem.DENIED, subject=str(target)
        ) from None
    except OSError as exc:
        raise BinaryInputError(
            f"{target}: {exc.strerror or exc}",
            problem=BinaryProblem.UNREADABLE,
            subject=str(target),
        ) from None
