"""Record, save and open sessions: every event of a run, as JSON Lines.

A session file is UTF-8 text. The first line is a header object::

    {"format": "ttsocket-session", "version": 1, "created": "2026-…", "masked": true,
     "events": 42, "app": "ttsocket-demo"}

then one :meth:`~app.events.Event.to_json` object per line, in stream order.

Secrets are masked unless the user opts in: the values of the headers
``Authorization``, ``Cookie``, ``Set-Cookie``, ``Proxy-Authorization`` and
``X-Api-Key`` wherever a mapping carries them (``args.header``,
``request_headers``, ``response_headers``, ``onOpen``'s ``header``…), and the
values of token-like query parameters (``token``, ``access_token``, ``key``…) in
every URL found in any string. Message payloads are not touched.

Opening a file never raises anything but :class:`SessionError`, whose message
says which line is wrong and why.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import datetime as dt
import json
import logging
import os
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Final

from app.events import (
    Event,
    EventBus,
    ListenerFired,
    event_from_json,
)
from app.masking import (
    MASK,
    SECRET_HEADERS,
    SECRET_PARAMS,
    mask_event,
    mask_json,
    mask_text,
    mask_url,
)
from app.timeline import payload_size

__all__ = [
    "MASK",
    "SECRET_HEADERS",
    "SECRET_PARAMS",
    "SESSION_FORMAT",
    "SESSION_VERSION",
    "Session",
    "SessionError",
    "SessionHeader",
    "SessionRecorder",
    "SessionWriter",
    "dumps_session",
    "loads_session",
    "mask_event",
    "mask_json",
    "mask_text",
    "mask_url",
    "open_session",
    "save_session",
]

logger = logging.getLogger(__name__)

SESSION_FORMAT: Final = "ttsocket-session"
SESSION_VERSION: Final = 1
#: Largest line accepted when opening a file (a 1 MiB message is about 1.4 MB in base64).
_MAX_LINE: Final = 64 * 1024 * 1024


class SessionError(Exception):
    """A session file cannot be read. ``line`` is 1-based (``None``: the whole file)."""

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        self.path = path
        self.reason = reason
        self.line = line
        where = f"{path}, line {line}" if line is not None else path
        super().__init__(f"cannot open session {where}: {reason}")


@dataclass(frozen=True, slots=True)
class SessionHeader:
    format: str = SESSION_FORMAT
    version: int = SESSION_VERSION
    created: str = ""
    masked: bool = True
    events: int = 0
    app: str = "ttsocket-demo"
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True, slots=True)
class Session:
    header: SessionHeader
    events: tuple[Event, ...]
    path: str = ""


# -- saving -----------------------------------------------------------------------------


def _header_for(events: Sequence[Event], masked: bool, note: str) -> SessionHeader:
    created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return SessionHeader(created=created, masked=masked, events=len(events), note=note)


def _event_line(event: Event, mask: bool) -> str:
    if mask and not (type(event) is ListenerFired and event.listener == "onMessage"):
        event = mask_event(event)
    return json.dumps(event.to_json(), ensure_ascii=False, separators=(",", ":"))


def session_lines(events: Sequence[Event], *, mask: bool = True, note: str = "") -> Iterator[str]:
    """The lines of a session file (without line ends): the header, then one per event."""
    yield json.dumps(_header_for(events, mask, note).to_json(), ensure_ascii=False)
    for event in events:
        yield _event_line(event, mask)


def dumps_session(events: Iterable[Event], *, mask: bool = True, note: str = "") -> str:
    """The session file's text for ``events``."""
    return "\n".join(session_lines(list(events), mask=mask, note=note)) + "\n"


def save_session(
    path: str | os.PathLike[str],
    events: Iterable[Event],
    *,
    mask: bool = True,
    note: str = "",
) -> int:
    """Write ``events`` to ``path`` (atomically: a temporary file, then a rename).

    Returns the number of events written. Raises :class:`OSError` if the file
    cannot be written.
    """
    writer = SessionWriter(path, list(events), mask=mask, note=note)
    try:
        while not writer.write_some(None):
            pass
    except BaseException:
        writer.abort()
        raise
    return writer.finish()


class SessionWriter:
    """Writes a session file a slice at a time, so a window can keep painting meanwhile.

    The events are listed when the writer is made (what comes later is not saved).
    Call :meth:`write_some` until it returns True, then :meth:`finish` (the file
    appears under its name, atomically); :meth:`abort` removes the partial file.
    Every method may raise :class:`OSError`.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        events: Sequence[Event],
        *,
        mask: bool = True,
        note: str = "",
    ) -> None:
        self.target = Path(path)
        self.mask = mask
        self._events = list(events)
        self._lines = session_lines(self._events, mask=mask, note=note)
        self._written = 0
        fd, tmp = tempfile.mkstemp(
            prefix=f".{self.target.name}.", suffix=".tmp", dir=self.target.parent
        )
        self._tmp = Path(tmp)
        self._fh: IO[str] | None = os.fdopen(fd, "w", encoding="utf-8", newline="\n")

    @property
    def total(self) -> int:
        """Events to write."""
        return len(self._events)

    @property
    def written(self) -> int:
        """Events written so far."""
        return max(self._written - 1, 0)

    def write_some(self, budget_s: float | None = 0.008) -> bool:
        """Write lines for about ``budget_s`` seconds (all of them with ``None``);
        returns True when every line is written."""
        fh = self._fh
        if fh is None:
            raise ValueError("the writer is finished")
        deadline = None if budget_s is None else time.perf_counter() + budget_s
        chunk: list[str] = []
        done = False
        for line in self._lines:
            chunk.append(line)
            if len(chunk) >= 256:
                fh.write("\n".join(chunk) + "\n")
                self._written += len(chunk)
                chunk.clear()
                if deadline is not None and time.perf_counter() >= deadline:
                    break
        else:
            done = True
        if chunk:
            fh.write("\n".join(chunk) + "\n")
            self._written += len(chunk)
        return done

    def finish(self) -> int:
        """Close the file and give it its name; returns the number of events written."""
        fh, self._fh = self._fh, None
        if fh is None:
            raise ValueError("the writer is finished")
        try:
            fh.close()
            os.replace(self._tmp, self.target)
        except BaseException:
            self._tmp.unlink(missing_ok=True)
            raise
        logger.info("saved %d events to %s (masked: %s)", self.written, self.target, self.mask)
        return self.written

    def abort(self) -> None:
        """Stop and remove the partial file (never raises)."""
        fh, self._fh = self._fh, None
        if fh is not None:
            with contextlib.suppress(OSError):
                fh.close()
        self._tmp.unlink(missing_ok=True)


# -- opening ----------------------------------------------------------------------------

_NUMBER = (int, float)
_COMMON_FIELDS: Final[dict[str, tuple[type, ...]]] = {
    "time": _NUMBER,
    "mono": _NUMBER,
    "seq": (int,),
}
_FIELD_TYPES: Final[dict[str, dict[str, tuple[type, ...]]]] = {
    "api": {"api": (str,), "args": (dict,)},
    "callback": {"api": (str,), "callback": (str,), "payload": (dict,)},
    "listener": {"listener": (str,), "payload": (dict,)},
    "state": {"new": (int,)},
    "handshake": {
        "url": (str,),
        "status": (int,),
        "request_headers": (dict,),
        "response_headers": (dict,),
        "profile": (dict,),
    },
    "frame": {"direction": (str,), "opcode": (str,), "size": (int,)},
    "callback_raised": {"where": (str,), "error": (str,)},
    "notice": {"level": (str,), "message": (str,)},
}


_CHECKS: Final[dict[str, tuple[tuple[str, tuple[type, ...]], ...]]] = {
    kind: tuple((_COMMON_FIELDS | fields).items()) for kind, fields in _FIELD_TYPES.items()
}


def _type_names(types: tuple[type, ...]) -> str:
    names = {int: "a number" if float in types else "an integer", str: "text", dict: "an object"}
    return names.get(types[0], types[0].__name__)


def _check_event_object(obj: Any) -> str | None:
    """Why ``obj`` is not a valid event object, or ``None``."""
    if not isinstance(obj, dict):
        return f"expected an event object, found {type(obj).__name__}"
    kind = obj.get("type")
    if kind not in _FIELD_TYPES:
        known = ", ".join(sorted(_FIELD_TYPES))
        return f"unknown event type {kind!r} (known types: {known})"
    task_id = obj.get("task_id", "missing")
    if task_id is not None and (not isinstance(task_id, int) or isinstance(task_id, bool)):
        return "field 'task_id' must be an integer or null"
    for name, types in _CHECKS[kind]:
        if name not in obj:
            return f"{kind} event is missing the field {name!r}"
        value = obj[name]
        if type(value) not in types and (isinstance(value, bool) or not isinstance(value, types)):
            return f"field {name!r} of a {kind} event must be {_type_names(types)}"
    return _check_bytes(obj)


def _check_bytes(value: Any) -> str | None:
    """Why a ``{"$bytes": ...}`` value inside ``value`` is not valid base64, or ``None``."""
    if isinstance(value, dict):
        if len(value) == 1 and "$bytes" in value:
            raw = value["$bytes"]
            try:
                if not isinstance(raw, str):
                    raise ValueError
                base64.b64decode(raw, validate=True)
            except ValueError:
                return "binary data ($bytes) is not valid base64"
            return None
        items: Iterable[Any] = value.values()
    elif isinstance(value, list):
        items = value
    else:
        return None
    for item in items:
        if isinstance(item, dict | list):  # text and numbers cannot hold $bytes
            problem = _check_bytes(item)
            if problem is not None:
                return problem
    return None


def _parse_header(path: str, line: str) -> SessionHeader:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise SessionError(path, f"the header is not valid JSON ({exc.msg})", 1) from None
    if not isinstance(obj, dict) or obj.get("format") != SESSION_FORMAT:
        raise SessionError(
            path,
            f"not a ttsocket session: the first line must be a header with "
            f'"format": "{SESSION_FORMAT}"',
            1,
        )
    version = obj.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise SessionError(path, "the header has no valid version number", 1)
    if version > SESSION_VERSION:
        raise SessionError(
            path,
            f"the file is version {version}; this program reads up to version "
            f"{SESSION_VERSION} (update ttsocket-demo)",
            1,
        )
    if version < 1:
        raise SessionError(path, f"unsupported version {version}", 1)
    known = {f.name for f in dataclasses.fields(SessionHeader)}
    kwargs = {k: v for k, v in obj.items() if k in known}
    try:
        header = SessionHeader(**kwargs)
    except TypeError as exc:  # pragma: no cover - only known keyword names are passed
        raise SessionError(path, f"bad header: {exc}", 1) from None
    return header


def loads_session(text: str, *, path: str = "<text>") -> Session:
    """Parse a session file's text. Raises :class:`SessionError` with the failing line."""
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise SessionError(path, "the file is empty (no header line)")
    header = _parse_header(path, lines[0].lstrip("\ufeff"))
    events: list[Event] = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SessionError(
                path, f"not valid JSON ({exc.msg} at column {exc.colno})", number
            ) from None
        problem = _check_event_object(obj)
        if problem is not None:
            raise SessionError(path, problem, number)
        try:
            event = event_from_json(obj)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise SessionError(path, f"bad event: {exc}", number) from None
        events.append(event)
    return Session(header=header, events=tuple(events), path=path)


def open_session(path: str | os.PathLike[str]) -> Session:
    """Read a session file. Every failure is a :class:`SessionError` with a clear reason."""
    shown = os.fspath(path)
    target = Path(path)
    try:
        size = target.stat().st_size
        if target.is_dir():
            raise SessionError(shown, "it is a folder, not a file")
        if size > 2 * 1024 * 1024 * 1024:
            raise SessionError(shown, "the file is larger than 2 GiB")
        raw = target.read_bytes()
    except FileNotFoundError:
        raise SessionError(shown, "the file does not exist") from None
    except PermissionError:
        raise SessionError(shown, "permission denied") from None
    except IsADirectoryError:
        raise SessionError(shown, "it is a folder, not a file") from None
    except OSError as exc:
        raise SessionError(shown, exc.strerror or str(exc)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise SessionError(shown, "the file is not UTF-8 text", line) from None
    longest = max((len(x) for x in text.split("\n")), default=0)
    if longest > _MAX_LINE:
        raise SessionError(shown, "a line is longer than 64 MiB")
    return loads_session(text, path=shown)


# -- recording --------------------------------------------------------------------------


class SessionRecorder:
    """Keeps every event of a run, for saving.

    ``limit`` (events) and ``max_bytes`` (payload bytes kept alive) bound memory:
    over either, the oldest events are dropped and counted in :attr:`dropped`.
    """

    def __init__(
        self, limit: int | None = 1_000_000, *, max_bytes: int | None = 512 * 1024 * 1024
    ) -> None:
        self._events: deque[Event] = deque()
        self._limit = limit
        self._max_bytes = max_bytes
        self._bytes = 0
        self.dropped = 0
        self._unsubscribe: Callable[[], None] | None = None

    @property
    def events(self) -> list[Event]:
        return list(self._events)

    def __len__(self) -> int:
        return len(self._events)

    def add(self, event: Event) -> None:
        self._events.append(event)
        self._bytes += payload_size(event)
        self._trim()

    def extend(self, events: Iterable[Event]) -> None:
        if not isinstance(events, list | tuple):
            events = list(events)
        self._events.extend(events)
        self._bytes += sum(map(payload_size, events))
        self._trim()

    def clear(self) -> None:
        self._events.clear()
        self._bytes = 0
        self.dropped = 0

    def attach(self, bus: EventBus) -> Callable[[], None]:
        """Record everything ``bus`` publishes until the returned function is called."""
        self.detach()
        self._unsubscribe = bus.subscribe(self.extend, batch=True)
        return self.detach

    def detach(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def save(self, path: str | os.PathLike[str], *, mask: bool = True) -> int:
        note = f"{self.dropped} older events were dropped" if self.dropped else ""
        return save_session(path, list(self._events), mask=mask, note=note)

    def _trim(self) -> None:
        events = self._events
        while events and (
            (self._limit is not None and len(events) > self._limit)
            or (self._max_bytes is not None and self._bytes > self._max_bytes)
        ):
            self._bytes -= payload_size(events.popleft())
            self.dropped += 1
