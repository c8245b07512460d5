"""What the demo server does on a connection, chosen by the URL path.

``ws://127.0.0.1:PORT/push?interval=250`` selects the ``push`` scenario with a
250 ms interval; ``/`` selects the server's default scenario. This module only
describes and parses scenarios; :mod:`app.server.demo_server` performs them.

Errors (all :class:`ValueError`)::

    ScenarioError
    ├── UnknownScenarioError     the path names no scenario
    └── InvalidParameterError    unknown, repeated or out-of-range parameter
"""

from __future__ import annotations

import enum
import re
import types
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

__all__ = [
    "SCENARIOS",
    "ChoiceParam",
    "IntParam",
    "InvalidParameterError",
    "Param",
    "ParamValue",
    "Scenario",
    "ScenarioError",
    "ScenarioName",
    "ScenarioRequest",
    "TextParam",
    "UnknownScenarioError",
    "parse_scenario",
    "scenario_url",
]

ParamValue = int | str


class ScenarioError(ValueError):
    """A URL path the demo server cannot serve; ``str(exc)`` is the reason."""


class UnknownScenarioError(ScenarioError):
    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"unknown scenario {name!r}; choose one of: {', '.join(SCENARIOS)}")


class InvalidParameterError(ScenarioError):
    def __init__(self, scenario: str, param: str, reason: str) -> None:
        self.scenario = scenario
        self.param = param
        super().__init__(f"scenario {scenario!r}: {reason}")


class ScenarioName(enum.StrEnum):
    ECHO = "echo"
    PUSH = "push"
    CLOSE_AFTER = "close-after"
    DROP = "drop"
    SUBPROTOCOL = "subprotocol"
    REJECT = "reject"
    SLOW = "slow"
    BINARY = "binary"
    BURST = "burst"


_INT = re.compile(r"-?[0-9]+")
# RFC 9110 token: what a Sec-WebSocket-Protocol value may contain.
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")


@dataclass(frozen=True, slots=True, kw_only=True)
class IntParam:
    """An integer parameter; valid values are the union of ``ranges``."""

    name: str
    default: int
    ranges: tuple[range, ...]
    help: str

    @property
    def minimum(self) -> int:
        return self.ranges[0].start

    @property
    def maximum(self) -> int:
        return self.ranges[-1].stop - 1

    def parse(self, raw: str) -> int:
        if not _INT.fullmatch(raw):
            raise ValueError(f"{self.name} must be a whole number, got {raw!r}")
        value = int(raw)
        if not any(value in r for r in self.ranges):
            allowed = " or ".join(f"{r.start}–{r.stop - 1}" for r in self.ranges)
            raise ValueError(f"{self.name} must be {allowed}, got {value}")
        return value


@dataclass(frozen=True, slots=True, kw_only=True)
class ChoiceParam:
    """One of a few fixed words."""

    name: str
    default: str
    choices: tuple[str, ...]
    help: str

    def parse(self, raw: str) -> str:
        if raw not in self.choices:
            raise ValueError(f"{self.name} must be one of {'|'.join(self.choices)}, got {raw!r}")
        return raw


@dataclass(frozen=True, slots=True, kw_only=True)
class TextParam:
    """Free text up to ``max_bytes`` UTF-8 bytes; ``token`` restricts it to an HTTP token."""

    name: str
    default: str
    max_bytes: int
    help: str
    token: bool = False

    def parse(self, raw: str) -> str:
        if self.token and not _TOKEN.fullmatch(raw):
            raise ValueError(f"{self.name} must be a non-empty HTTP token, got {raw!r}")
        if len(raw.encode("utf-8")) > self.max_bytes:
            raise ValueError(f"{self.name} must be at most {self.max_bytes} bytes of UTF-8")
        return raw


Param = IntParam | ChoiceParam | TextParam


@dataclass(frozen=True, slots=True)
class Scenario:
    name: ScenarioName
    description: str
    params: tuple[Param, ...] = ()

    @property
    def defaults(self) -> dict[str, ParamValue]:
        return {param.name: param.default for param in self.params}


@dataclass(frozen=True, slots=True)
class ScenarioRequest:
    """A scenario with every parameter filled in (given or default) and validated."""

    scenario: Scenario
    params: Mapping[str, ParamValue]

    @property
    def name(self) -> ScenarioName:
        return self.scenario.name

    def get_int(self, name: str) -> int:
        value = self.params[name]
        if not isinstance(value, int):
            raise TypeError(f"parameter {name!r} is not an integer")
        return value

    def get_text(self, name: str) -> str:
        value = self.params[name]
        if not isinstance(value, str):
            raise TypeError(f"parameter {name!r} is not text")
        return value


# RFC 6455 §7.4: codes an endpoint may send in a close frame.
_CLOSE_CODES = (range(1000, 1004), range(1007, 1015), range(3000, 5000))
_MAX_CLIENT_MESSAGE = 2**20  # the default max_size of websockets clients

_ALL = (
    Scenario(ScenarioName.ECHO, "Echoes every message back as the same type."),
    Scenario(
        ScenarioName.PUSH,
        "Echoes messages and also pushes a numbered JSON message every interval.",
        (
            IntParam(
                name="interval",
                default=1000,
                ranges=(range(10, 3_600_001),),
                help="Milliseconds between pushes.",
            ),
        ),
    ),
    Scenario(
        ScenarioName.CLOSE_AFTER,
        "Echoes n messages, then closes the connection with the given code and reason.",
        (
            IntParam(
                name="n",
                default=3,
                ranges=(range(1_000_001),),
                help="Messages to echo before closing (0: close at once).",
            ),
            IntParam(name="code", default=4001, ranges=_CLOSE_CODES, help="Close code."),
            TextParam(name="reason", default="bye", max_bytes=123, help="Close reason."),
        ),
    ),
    Scenario(
        ScenarioName.DROP,
        "Drops the TCP connection without a close frame when message n arrives.",
        (
            IntParam(
                name="n",
                default=1,
                ranges=(range(1_000_001),),
                help="Message that triggers the drop (0: right after the handshake).",
            ),
        ),
    ),
    Scenario(
        ScenarioName.SUBPROTOCOL,
        "Requires a subprotocol, ignores the client's offer, or forces one it never offered.",
        (
            ChoiceParam(
                name="mode",
                default="require",
                choices=("require", "ignore", "force"),
                help="require: HTTP 400 unless offered; ignore: select none; "
                "force: select it anyway.",
            ),
            TextParam(
                name="name", default="chat", max_bytes=64, token=True, help="Subprotocol name."
            ),
        ),
    ),
    Scenario(
        ScenarioName.REJECT,
        "Refuses the handshake with the given HTTP status.",
        (
            IntParam(
                name="status", default=403, ranges=(range(400, 600),), help="HTTP status code."
            ),
        ),
    ),
    Scenario(
        ScenarioName.SLOW,
        "Waits before answering the handshake, then echoes.",
        (
            IntParam(
                name="delay",
                default=3000,
                ranges=(range(60_001),),
                help="Milliseconds to hold the handshake response.",
            ),
        ),
    ),
    Scenario(
        ScenarioName.BINARY,
        "Sends a 16-byte binary greeting, then echoes every message back as binary.",
    ),
    Scenario(
        ScenarioName.BURST,
        "Sends n numbered text messages of size bytes on open and after each message received.",
        (
            IntParam(
                name="n", default=100, ranges=(range(1, 1_000_001),), help="Messages per burst."
            ),
            IntParam(
                name="size",
                default=80,
                ranges=(range(16, _MAX_CLIENT_MESSAGE + 1),),
                help="Bytes per message.",
            ),
        ),
    ),
)

#: Every scenario, in the order the UI lists them.
SCENARIOS: Mapping[str, Scenario] = types.MappingProxyType({s.name.value: s for s in _ALL})


def _known_statuses() -> frozenset[int]:
    import http  # only the reject scenario needs it

    return frozenset(status.value for status in http.HTTPStatus)


def parse_scenario(path: str, *, default: str = ScenarioName.ECHO) -> ScenarioRequest:
    """Parse a request target such as ``/push?interval=250``.

    ``/`` (or an empty path) selects ``default``. Parameters not given take their
    defaults; unknown or repeated parameters and out-of-range values raise
    :class:`InvalidParameterError`; an unknown name raises :class:`UnknownScenarioError`.
    """
    parts = urlsplit(path)
    name = unquote(parts.path).strip("/") or default
    scenario = SCENARIOS.get(name)
    if scenario is None:
        raise UnknownScenarioError(name)
    specs = {param.name: param for param in scenario.params}
    params = scenario.defaults
    seen: set[str] = set()
    for key, raw in parse_qsl(parts.query, keep_blank_values=True):
        spec = specs.get(key)
        if spec is None:
            expected = ", ".join(specs) if specs else "none"
            raise InvalidParameterError(
                name, key, f"unknown parameter {key!r} (parameters: {expected})"
            )
        if key in seen:
            raise InvalidParameterError(name, key, f"parameter {key!r} given twice")
        seen.add(key)
        try:
            params[key] = spec.parse(raw)
        except ValueError as exc:
            raise InvalidParameterError(name, key, str(exc)) from None
    if scenario.name is ScenarioName.REJECT and params["status"] not in _known_statuses():
        raise InvalidParameterError(name, "status", f"status {params['status']} is not known")
    return ScenarioRequest(scenario, types.MappingProxyType(params))


def scenario_url(base_url: str, name: str, /, **params: ParamValue) -> str:
    """Build the URL selecting scenario ``name`` on the server at ``base_url``.

    The path of ``base_url`` is replaced; parameters are validated like the
    server would, so a bad name or value raises the same errors.
    """
    parts = urlsplit(base_url)
    query = urlencode({key: str(value) for key, value in params.items()})
    path = f"/{name}"
    parse_scenario(f"{path}?{query}" if query else path)
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))
