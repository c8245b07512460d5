"""Typed events: everything a :class:`~app.runtime.Runtime` does is published here.

The UI draws its console, log and timeline from this one stream, and a session
recorder writes it to disk; nobody re-derives state from callbacks.

Event tree (all frozen dataclasses deriving from :class:`Event`)::

    Event
    ├── ApiCalled          connectSocket / send / close / on* registration
    ├── CallbackFired      success / fail / complete of an API call
    ├── ListenerFired      onOpen / onMessage / onError / onClose
    ├── StateChanged       readyState transitions
    ├── HandshakeDone      response status, headers, subprotocol, timings
    ├── FrameEvent         a frame in or out (text, binary, close, ping, pong)
    ├── CallbackRaised     a user callback raised; reported, never fatal
    └── Notice             warnings such as "Referer dropped"
"""

from __future__ import annotations

import base64
import dataclasses
import enum
import itertools
import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from time import perf_counter
from time import time as wall_clock
from typing import Any, ClassVar, Final

from app._fast_init import Special, fast_init

__all__ = [
    "ApiCalled",
    "CallbackFired",
    "CallbackRaised",
    "Direction",
    "Event",
    "EventBatch",
    "EventBus",
    "FrameEvent",
    "HandshakeDone",
    "ListenerFired",
    "MessagePayload",
    "Notice",
    "Opcode",
    "Profile",
    "ReadyState",
    "StateChanged",
    "event_from_json",
    "incoming_frame",
    "listener_data",
    "message_fired",
    "notable_events",
]

logger = logging.getLogger(__name__)

_seq = itertools.count(1)


class ReadyState(enum.IntEnum):
    """``SocketTask.readyState`` values (Douyin typings)."""

    CONNECTING = 0
    OPEN = 1
    CLOSING = 2
    CLOSED = 3


class Direction(enum.StrEnum):
    IN = "in"
    OUT = "out"


class Opcode(enum.StrEnum):
    TEXT = "text"
    BINARY = "binary"
    CLOSE = "close"
    PING = "ping"
    PONG = "pong"


@dataclass(frozen=True, slots=True)
class Profile:
    """Connection timings in milliseconds, like WeChat's ``profile``."""

    dns_ms: float = 0.0
    tcp_ms: float = 0.0
    tls_ms: float = 0.0
    handshake_ms: float = 0.0
    total_ms: float = 0.0

    def as_dict(self) -> dict[str, float]:
        return {
            "dnsCost": round(self.dns_ms, 3),
            "connectCost": round(self.tcp_ms, 3),
            "sslCost": round(self.tls_ms, 3),
            "handshakeCost": round(self.handshake_ms, 3),
            "cost": round(self.total_ms, 3),
        }


# Wall-clock time is derived from one monotonic reading per event: ``time`` =
# ``mono`` + this offset (taken once; the clocks do not drift apart within a run).
_WALL_OFFSET: float = wall_clock() - perf_counter()


def _now() -> float:
    return _WALL_OFFSET + perf_counter()


def _next_seq() -> int:
    return next(_seq)


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """Base of every event. ``time`` is wall-clock seconds, ``mono`` a monotonic clock."""

    kind: ClassVar[str] = "event"
    task_id: int | None
    time: float = field(default_factory=_now)
    mono: float = field(default_factory=perf_counter)
    seq: int = field(default_factory=_next_seq)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.kind}
        for name in _field_names(type(self)):
            value = getattr(self, name)
            # Text, numbers and None are taken as they are (a saved flood is mostly these).
            out[name] = value if type(value) in _PLAIN else _to_jsonable(value)
        return out


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiCalled(Event):
    """``api`` is ``connectSocket``, ``send`` or ``close``; ``args`` a JSON-able summary."""

    kind: ClassVar[str] = "api"
    api: str
    args: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class CallbackFired(Event):
    """``callback`` is ``success``, ``fail`` or ``complete``; ``payload`` what it received."""

    kind: ClassVar[str] = "callback"
    api: str
    callback: str
    payload: Mapping[str, Any]


@dataclass(frozen=True, slots=True, kw_only=True)
class ListenerFired(Event):
    """``listener`` is ``onOpen``, ``onMessage``, ``onError`` or ``onClose``."""

    kind: ClassVar[str] = "listener"
    listener: str
    payload: Mapping[str, Any]


@dataclass(frozen=True, slots=True, kw_only=True)
class StateChanged(Event):
    kind: ClassVar[str] = "state"
    old: ReadyState | None
    new: ReadyState


@dataclass(frozen=True, slots=True, kw_only=True)
class HandshakeDone(Event):
    kind: ClassVar[str] = "handshake"
    url: str
    status: int
    request_headers: Mapping[str, str]
    response_headers: Mapping[str, str]
    subprotocol: str | None
    profile: Profile


@dataclass(frozen=True, slots=True, kw_only=True)
class FrameEvent(Event):
    """A data or control frame. ``data`` is the full payload (str for text)."""

    kind: ClassVar[str] = "frame"
    direction: Direction
    opcode: Opcode
    size: int
    data: str | bytes = b""
    close_code: int | None = None
    close_reason: str | None = None

    @property
    def preview(self) -> str:
        text = self.data if isinstance(self.data, str) else self.data[:32].hex(" ")
        return text if len(text) <= 80 else text[:79] + "…"


@dataclass(frozen=True, slots=True, kw_only=True)
class CallbackRaised(Event):
    kind: ClassVar[str] = "callback_raised"
    where: str
    error: str
    traceback: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Notice(Event):
    kind: ClassVar[str] = "notice"
    level: str  # "info" | "warn" | "error"
    message: str


class MessagePayload(Mapping[str, Any]):
    """The ``{"data": ...}`` of an ``onMessage`` :class:`ListenerFired`: a read-only
    mapping equal to that dict, in a fraction of its memory (a flood keeps one per
    message). Listeners themselves get a plain dict."""

    __slots__ = ("_data",)

    def __init__(self, data: str | bytes) -> None:
        self._data = data

    def __getitem__(self, key: str) -> Any:
        if key == "data":
            return self._data
        raise KeyError(key)

    def get(self, key: str, default: Any = None) -> Any:
        return self._data if key == "data" else default

    def __contains__(self, key: object) -> bool:
        return key == "data"

    def __iter__(self) -> Iterator[str]:
        return iter(("data",))

    def __len__(self) -> int:
        return 1

    def __repr__(self) -> str:
        return repr({"data": self._data})

    def __reduce__(self) -> tuple[Any, ...]:
        return (MessagePayload, (self._data,))


def _fast_init(cls: type[Event]) -> None:
    """Give ``cls`` a cheaper ``__init__`` (:func:`app._fast_init.fast_init`): same
    keyword-only signature and defaults; ``mono`` is read once, and ``time`` is stored only
    when given (else it is derived from ``mono`` when read, see :func:`_derive_time`)."""
    fast_init(
        cls,
        special={
            "mono": Special(
                "mono=_MISSING", "    if mono is _MISSING: mono = _perf_counter()", first=True
            ),
            "time": Special("time=None"),
            "seq": Special("seq=_MISSING", "    if seq is _MISSING: seq = _next(_seq)"),
        },
        env={"_perf_counter": perf_counter, "_next": next, "_seq": _seq},
    )


_EVENT_TYPES: dict[str, type[Event]] = {
    cls.kind: cls
    for cls in (
        ApiCalled,
        CallbackFired,
        ListenerFired,
        StateChanged,
        HandshakeDone,
        FrameEvent,
        CallbackRaised,
        Notice,
    )
}


_ALL_TYPES: tuple[type[Event], ...] = (Event, *_EVENT_TYPES.values())
for _cls in _ALL_TYPES:
    _fast_init(_cls)


def _slot_accessors(cls: type[Event], name: str) -> tuple[Callable[..., Any], Callable[..., None]]:
    """The getter and setter of slot ``name`` defined on ``cls``."""
    slot = cls.__dict__[name]
    return slot.__get__, slot.__set__


def _derive_time() -> None:
    """Make ``Event.time`` a property over its slot: a stored value when one was given
    (events read from a session), else ``mono`` plus the offset taken at start-up (what
    the constructor used to store). Every event then keeps one float less. (The setter,
    the slot's own, serves copy and pickle.)"""
    get_slot, set_slot = _slot_accessors(Event, "time")
    offset = _WALL_OFFSET

    def get_time(self: Event) -> float:
        stored: float | None = get_slot(self)
        return offset + self.mono if stored is None else stored

    time_doc = "Wall-clock seconds (``mono`` plus a start-up offset unless given)."
    setattr(Event, "time", property(get_time, set_slot, doc=time_doc))  # noqa: B010


_derive_time()


# The slots' own accessors, taken before ListenerFired's payload and seq become
# properties (below): events built slot by slot use them.
_new_event = object.__new__
_set_task_id = _slot_accessors(Event, "task_id")[1]
_set_time = Event.__dict__["time"].fset
_set_mono = _slot_accessors(Event, "mono")[1]
_get_seq, _set_seq = _slot_accessors(Event, "seq")
_set_listener = _slot_accessors(ListenerFired, "listener")[1]
_get_payload, _set_payload = _slot_accessors(ListenerFired, "payload")
_set_direction, _set_opcode, _set_size, _set_data, _set_close_code, _set_close_reason = (
    _slot_accessors(FrameEvent, name)[1]
    for name in ("direction", "opcode", "size", "data", "close_code", "close_reason")
)


def _listener_payload(self: ListenerFired) -> Mapping[str, Any]:
    value = _get_payload(self)
    return MessagePayload(value.data) if type(value) is FrameEvent else value


def _listener_seq(self: ListenerFired) -> int:
    value: int | None = _get_seq(self)
    return _get_payload(self).seq + 1 if value is None else value


# ``ListenerFired.payload`` and ``.seq`` read their slots through these, so that the
# ``onMessage`` event of a frame (:func:`message_fired`) can keep that frame in its
# payload slot and no sequence number of its own: its payload is then
# ``{"data": frame.data}`` and its ``seq`` the frame's plus one. A flood keeps one such
# event per message: 68 bytes each less. Every other ListenerFired stores both as given.
setattr(ListenerFired, "payload", property(_listener_payload, _set_payload))  # noqa: B010
setattr(ListenerFired, "seq", property(_listener_seq, _set_seq))  # noqa: B010


def listener_data(event: ListenerFired) -> Any:
    """``event.payload.get("data")`` (without making the payload of a frame's
    ``onMessage`` event, see :func:`message_fired`)."""
    value = _get_payload(event)
    return value.data if type(value) is FrameEvent else value.get("data")


def incoming_frame(task_id: int | None, opcode: Opcode, size: int, data: str | bytes) -> FrameEvent:
    """``FrameEvent(task_id=…, direction=Direction.IN, opcode=…, size=…, data=…)``, made
    now: the same event, built a third faster (slot by slot: one per incoming message)."""
    event = _new_event(FrameEvent)
    _set_task_id(event, task_id)
    _set_time(event, None)
    _set_mono(event, perf_counter())
    _set_seq(event, next(_seq))
    _set_direction(event, Direction.IN)
    _set_opcode(event, opcode)
    _set_size(event, size)
    _set_data(event, data)
    _set_close_code(event, None)
    _set_close_reason(event, None)
    return event


def message_fired(frame: FrameEvent) -> ListenerFired:
    """The ``onMessage`` event of ``frame``, an incoming message published just now:
    same task and time, payload ``{"data": frame.data}``; it takes the next sequence
    number, which is the frame's plus one unless another event came between them."""
    seq = next(_seq)
    if seq != frame.seq + 1:
        return ListenerFired(
            task_id=frame.task_id,
            listener="onMessage",
            payload=MessagePayload(frame.data),
            mono=frame.mono,
            seq=seq,
        )
    # The frame in the payload slot, no seq: both are read from the frame. (Its slots
    # are set one by one: a quarter cheaper than the constructor's keywords.)
    event = _new_event(ListenerFired)
    _set_task_id(event, frame.task_id)
    _set_time(event, None)
    _set_mono(event, frame.mono)
    _set_seq(event, None)
    _set_listener(event, "onMessage")
    _set_payload(event, frame)
    return event


class EventBatch(list[Event]):
    """A run of events handed on as one list (the window's views get them so).

    :func:`notable_events` gives those that are not a flood's routine, worked out once
    for all the readers that only look for those."""

    __slots__ = ("_notable",)

    _notable: list[Event]


def notable_events(events: Sequence[Event]) -> list[Event]:
    """The events of ``events`` other than data frames and ``onMessage`` calls (what a
    flood is made of), in order; kept on an :class:`EventBatch`, so that each batch is
    sorted out once."""
    if type(events) is EventBatch:
        try:
            return events._notable
        except AttributeError:
            pass
    close = Opcode.CLOSE
    kept = [
        event
        for event in events
        if not (
            (type(event) is FrameEvent and event.opcode is not close)
            or (type(event) is ListenerFired and event.listener == "onMessage")
        )
    ]
    if type(events) is EventBatch:
        events._notable = kept
    return kept


_PLAIN: Final = frozenset({str, int, float, bool, type(None)})


def _to_jsonable(value: Any) -> Any:
    if type(value) is MessagePayload:
        data = value["data"]
        return {"data": data if type(data) is str else _to_jsonable(data)}
    if isinstance(value, bytes):
        return {"$bytes": base64.b64encode(value).decode("ascii")}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Profile):
        return dataclasses.asdict(value)
    if isinstance(value, Mapping):
        return {str(k): _to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_to_jsonable(v) for v in value]
    return value


def _from_jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"$bytes"}:
            return base64.b64decode(value["$bytes"])
        return {k: _from_jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_from_jsonable(v) for v in value]
    return value


_FIELD_NAMES: dict[type[Event], tuple[str, ...]] = {}


def _field_names(cls: type[Event]) -> tuple[str, ...]:
    """The dataclass field names of ``cls`` (looked up once per type)."""
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


def event_from_json(obj: Mapping[str, Any]) -> Event:
    """Inverse of :meth:`Event.to_json`. Raises ``ValueError`` on unknown input."""
    kind = obj.get("type")
    cls = _EVENT_TYPES.get(str(kind))
    if cls is None:
        raise ValueError(f"unknown event type: {kind!r}")
    kwargs: dict[str, Any] = {}
    for name in _field_names(cls):
        if name not in obj:
            continue
        raw = obj[name]
        if type(raw) is dict or type(raw) is list:  # text and numbers stay as they are
            raw = _from_jsonable(raw)
        if name in ("old", "new") and raw is not None:
            raw = ReadyState(raw)
        elif name == "direction":
            raw = Direction(raw)
        elif name == "opcode":
            raw = Opcode(raw)
        elif name == "profile":
            raw = Profile(**raw)
        kwargs[name] = raw
    try:
        return cls(**kwargs)
    except TypeError as exc:
        raise ValueError(f"bad {kind} event: {exc}") from exc


Listener = Callable[[Event], object]
BatchListener = Callable[[list[Event]], object]


class EventBus:
    """Synchronous publish/subscribe. A subscriber that raises is logged, never fatal.

    A publisher that makes many events in one go (a flood's slice of messages) may
    :meth:`hold` the bus: what is published until :meth:`release` is delivered then, in
    order, every subscriber getting all of it before the next one. A batch subscriber
    (``subscribe(fn, batch=True)``) gets such a run as one list.
    """

    def __init__(self) -> None:
        # Replaced, never changed in place: publish iterates it without copying.
        self._subscribers: tuple[Listener, ...] = ()
        # (fn, takes lists) for each subscriber, in subscription order.
        self._deliveries: tuple[tuple[Callable[[Any], object], bool], ...] = ()
        # Events published while held (None: not held), and how many holds are open.
        self._held: list[Event] | None = None
        self._holds = 0

    def subscribe(self, fn: Callable[[Any], object], *, batch: bool = False) -> Callable[[], None]:
        """Call ``fn`` with each event, or with lists of events in order if ``batch``.
        Returns the function that unsubscribes."""
        entry = (fn, batch)
        self._deliveries = (*self._deliveries, entry)
        self._sync()

        def unsubscribe() -> None:
            deliveries = list(self._deliveries)
            if entry in deliveries:
                deliveries.remove(entry)
                self._deliveries = tuple(deliveries)
                self._sync()

        return unsubscribe

    def _sync(self) -> None:
        """``_subscribers``: every subscriber, each as a function of one event."""
        self._subscribers = tuple(
            fn if not batch else _one_as_list(fn) for fn, batch in self._deliveries
        )

    @property
    def has_subscribers(self) -> bool:
        """Whether anyone subscribes: publishers may skip building events when nobody does
        (an event published to nobody is lost anyway)."""
        return bool(self._subscribers)

    def publish(self, event: Event) -> None:
        held = self._held
        if held is not None:
            held.append(event)
            return
        for fn in self._subscribers:
            try:
                fn(event)
            except Exception:
                logger.exception("event subscriber %r failed on %s", fn, event.kind)

    def hold(self) -> list[Event]:
        """Keep what is published until the matching :meth:`release`. Returns the list
        the held events go to (a publisher may append its own events to it directly)."""
        self._holds += 1
        if self._held is None:
            self._held = []
        return self._held

    def release(self) -> None:
        """End a :meth:`hold`; the last one delivers what was held."""
        self._holds -= 1
        if self._holds > 0:
            return
        self._holds = 0
        held, self._held = self._held, None
        if not held:
            return
        for fn, batch in self._deliveries:
            if batch:
                try:
                    fn(held)
                except Exception:
                    logger.exception("event subscriber %r failed on %d events", fn, len(held))
                continue
            for event in held:
                try:
                    fn(event)
                except Exception:
                    logger.exception("event subscriber %r failed on %s", fn, event.kind)


def _one_as_list(fn: BatchListener) -> Listener:
    """``fn``, a batch subscriber, as a subscriber of one event at a time."""

    def deliver(event: Event) -> None:
        fn([event])

    return deliver
