"""Lifecycle rules without I/O: option validation and the errMsg texts.

Everything here is pure: it takes user input and returns either a normalised
request or the reason for refusing it (the text after ``connectSocket:fail``).
"""

from __future__ import annotations

import enum
import math
import re
import urllib.parse
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "CONNECT_OK",
    "MAX_REASON_BYTES",
    "NOT_CONNECTED",
    "ConnectRequest",
    "Mode",
    "Refusal",
    "check_close",
    "check_connect",
    "check_send",
    "domain_allowed",
    "parse_legal_domain",
    "show_value",
]

CONNECT_OK = "connectSocket:ok"
SEND_OK = "sendSocketMessage:ok"
CLOSE_OK = "closeSocket:ok"
NOT_CONNECTED = "WebSocket is not connected"
MAX_REASON_BYTES = 123
_MAX_TIMEOUT_MS = 24 * 3600 * 1000

_TOKEN = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")
_MANAGED_HEADERS = frozenset(
    {
        "host",
        "upgrade",
        "connection",
        "sec-websocket-key",
        "sec-websocket-version",
        "sec-websocket-protocol",
        "sec-websocket-extensions",
    }
)


class Mode(enum.StrEnum):
    """``test`` allows ws and wss (domain check optional); ``release`` only wss + legal domains."""

    TEST = "test"
    RELEASE = "release"


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a call was refused; ``reason`` follows ``<api>:fail ``."""

    reason: str


@dataclass(frozen=True, slots=True)
class ConnectRequest:
    url: str
    host: str
    port: int
    secure: bool
    headers: tuple[tuple[str, str], ...]
    protocols: tuple[str, ...]
    timeout_ms: float
    deflate: bool
    dropped_headers: tuple[str, ...] = field(default=())


def _type_name(value: object) -> str:
    return type(value).__name__


def show_value(value: object, limit: int = 80) -> str:
    """``repr`` for an error message: never raises, never longer than ``limit``."""
    try:
        text = repr(value)
    except Exception:
        text = f"<{_type_name(value)} object>"
    return _clip(text, limit)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 4] + "…" + text[-3:]


def _show_number(value: int | float) -> str:
    try:
        text = str(value)
    except ValueError:  # an int with more digits than Python will print
        return "a number too large to show"
    return text if len(text) <= 40 else text[:36] + "…"


def parse_legal_domain(entry: str) -> tuple[str, int | None]:
    """``"example.com"`` or ``"example.com:8443"`` or ``"[::1]:80"`` → (host, port)."""
    if not isinstance(entry, str):
        raise ValueError(
            f"legal domain {show_value(entry)} must be a string, not {_type_name(entry)}"
        )
    text = entry.strip().lower()
    if "://" in text:
        raise ValueError(f"legal domain {entry!r} must be a host name, not a URL")
    if not text:
        raise ValueError("legal domain is empty")
    port: int | None = None
    if text.startswith("["):
        host, sep, rest = text[1:].partition("]")
        if not sep:
            raise ValueError(f"legal domain {entry!r} has an unclosed '['")
        if rest:
            if not rest.startswith(":") or not rest[1:].isdigit():
                raise ValueError(f"legal domain {entry!r} has a bad port")
            port = int(rest[1:])
    elif text.count(":") == 1:
        host, _, port_text = text.partition(":")
        if not port_text.isdigit():
            raise ValueError(f"legal domain {entry!r} has a bad port")
        port = int(port_text)
    else:
        host = text
    if port is not None and not 0 < port < 65536:
        raise ValueError(f"legal domain {entry!r} has a port out of range")
    if not host or any(c.isspace() or c in "/?#@" for c in host):
        raise ValueError(f"legal domain {entry!r} is not a host name")
    return host, port


def domain_allowed(host: str, port: int, legal: Iterable[tuple[str, int | None]]) -> bool:
    host = host.lower().strip("[]")
    return any(h == host and (p is None or p == port) for h, p in legal)


def _check_shape(options: object) -> Refusal | None:
    """The checks every API shares: an options object whose callbacks are functions."""
    if not isinstance(options, Mapping):
        return Refusal(
            f"parameter error: options should be Object instead of {_type_name(options)}"
        )
    for name in ("success", "fail", "complete"):
        cb = options.get(name)
        if cb is not None and not callable(cb):
            return Refusal(f"parameter error: parameter.{name} should be Function")
    return None


def check_connect(
    options: object,
    *,
    mode: Mode,
    check_domain: bool,
    legal_domains: Iterable[tuple[str, int | None]],
    default_timeout_ms: float,
) -> ConnectRequest | Refusal:
    """Validate ``connectSocket`` options; never raises."""
    if (refusal := _check_shape(options)) is not None:
        return refusal
    assert isinstance(options, Mapping)
    url = options.get("url")
    if url is None:
        return Refusal("parameter error: parameter.url should be String instead of Undefined")
    if not isinstance(url, str):
        return Refusal(
            f"parameter error: parameter.url should be String instead of {_type_name(url)}"
        )
    if not url.strip():
        return Refusal("invalid url: the url is empty")
    shown_url = show_value(url, 200)
    if url != url.strip() or any(ord(c) < 0x21 or c == "\x7f" for c in url):
        return Refusal(f"invalid url {shown_url}: it contains spaces or control characters")
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme not in ("ws", "wss"):
        return Refusal(f"invalid url {shown_url}: the scheme must be ws:// or wss://")
    if "#" in url:
        return Refusal(f"invalid url {shown_url}: a WebSocket url cannot have a #fragment")
    if "\\" in url:
        # Browsers read "\" as "/" in ws(s) urls, Python as part of the host: refuse both.
        return Refusal(f"invalid url {shown_url}: it contains a backslash")
    problem = _authority_problem(url)
    if problem is not None:
        return Refusal(f"invalid url {shown_url}: {problem}")
    from websockets.exceptions import InvalidURI  # loaded on the first connection
    from websockets.uri import parse_uri

    try:
        uri = parse_uri(url)
    except (InvalidURI, ValueError) as exc:
        return Refusal(f"invalid url {shown_url}: {_uri_problem(exc)}")
    if not uri.host:
        return Refusal(f"invalid url {shown_url}: the host is missing")
    if mode is Mode.RELEASE and not uri.secure:
        return Refusal(f"url scheme must be wss in release mode: {_clip(url, 200)}")
    legal = list(legal_domains)
    if (mode is Mode.RELEASE or check_domain) and not domain_allowed(uri.host, uri.port, legal):
        shown = uri.host if ":" not in uri.host else f"[{uri.host}]"
        return Refusal(
            f"url not in domain list: {shown}:{uri.port} is not a legal domain "
            f"(legal: {', '.join(_show_legal(legal)) or 'none'})"
        )

    header = options.get("header")
    headers: list[tuple[str, str]] = []
    dropped: list[str] = []
    if header is not None:
        if not isinstance(header, Mapping):
            return Refusal(
                f"parameter error: parameter.header should be Object instead of {_type_name(header)}"
            )
        for key, value in header.items():
            if not isinstance(key, str) or not _TOKEN.match(key):
                return Refusal(
                    f"parameter error: header name {show_value(key)} is not a valid HTTP token"
                )
            if key.lower() == "referer":
                dropped.append(key)
                continue
            if key.lower() in _MANAGED_HEADERS:
                return Refusal(f"parameter error: header {show_value(key)} is set by the runtime")
            if isinstance(value, bool) or not isinstance(value, str | int | float):
                return Refusal(
                    f"parameter error: header {show_value(key)} should be String "
                    f"instead of {_type_name(value)}"
                )
            if isinstance(value, str):
                text = value
            elif isinstance(value, float) and not math.isfinite(value):
                return Refusal(f"parameter error: header {show_value(key)} is not a finite number")
            else:
                try:
                    text = str(value)
                except ValueError:  # more digits than Python will print
                    return Refusal(
                        f"parameter error: header {show_value(key)} is too large a number"
                    )
            if any(c in text for c in "\r\n\x00") or (not text.isprintable() and text.strip()):
                return Refusal(f"parameter error: header {show_value(key)} has a control character")
            try:
                text.encode("latin-1")
            except UnicodeEncodeError:
                return Refusal(f"parameter error: header {show_value(key)} must be ISO-8859-1 text")
            headers.append((key, text))

    protocols_opt = options.get("protocols")
    protocols: list[str] = []
    if protocols_opt is not None:
        if isinstance(protocols_opt, str) or not isinstance(protocols_opt, list | tuple):
            return Refusal(
                "parameter error: parameter.protocols should be Array instead of "
                f"{_type_name(protocols_opt)}"
            )
        for p in protocols_opt:
            if not isinstance(p, str) or not _TOKEN.match(p):
                return Refusal(f"parameter error: protocol {show_value(p)} is not a valid token")
            if p in protocols:
                return Refusal(f"parameter error: protocol {show_value(p)} is listed twice")
            protocols.append(p)

    timeout = options.get("timeout")
    timeout_ms = default_timeout_ms
    if timeout is not None:
        if isinstance(timeout, bool) or not isinstance(timeout, int | float):
            return Refusal(
                f"parameter error: parameter.timeout should be Number instead of {_type_name(timeout)}"
            )
        if timeout <= 0 or (isinstance(timeout, float) and not math.isfinite(timeout)):
            return Refusal(
                "parameter error: parameter.timeout must be a positive number of ms, "
                f"got {_show_number(timeout)}"
            )
        # Ints are compared before any conversion: float(10**400) would overflow.
        timeout_ms = float(min(timeout, _MAX_TIMEOUT_MS))

    deflate = options.get("perMessageDeflate", False)
    if not isinstance(deflate, bool):
        return Refusal("parameter error: parameter.perMessageDeflate should be Boolean")

    return ConnectRequest(
        url=url,
        host=uri.host,
        port=uri.port,
        secure=uri.secure,
        headers=tuple(headers),
        protocols=tuple(protocols),
        timeout_ms=timeout_ms,
        deflate=deflate,
        dropped_headers=tuple(dropped),
    )


def _authority_problem(url: str) -> str | None:
    """Problems in ``user:password@host:port`` that the url parser reports obscurely."""
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return None  # parse_uri says what is wrong
    try:
        port = parts.port
    except ValueError:
        return "the port must be a number from 1 to 65535"
    host_port = parts.netloc.rpartition("@")[2]
    if host_port.startswith("["):
        after = host_port.partition("]")[2]
        if after and not (after[0] == ":" and after[1:].isdigit()) and after != ":":
            return "unexpected text after the ']' of the IPv6 address"
    if parts.username is not None and parts.password is None:
        host = parts.hostname or "nothing"
        return (
            "it has a user name before '@' but no password; "
            f"the host would be {show_value(host)}, the part after '@'"
        )
    if port == 0:
        return "the port must be a number from 1 to 65535"
    return None


def _uri_problem(exc: Exception) -> str:
    text = str(exc)
    cause = exc.__cause__ or exc.__context__
    if cause is not None and "port" in str(cause).lower():
        return "the port is not a number between 0 and 65535"
    return text.split(": ", 1)[-1] if text else "it cannot be parsed"


def _show_legal(legal: Iterable[tuple[str, int | None]]) -> list[str]:
    return [h if p is None else f"{h}:{p}" for h, p in legal]


def check_send(options: object) -> str | bytes | Refusal:
    """Validate ``send`` options and return the payload (text or binary)."""
    if (refusal := _check_shape(options)) is not None:
        return refusal
    assert isinstance(options, Mapping)
    if "data" not in options:
        return Refusal(
            "parameter error: parameter.data should be String or ArrayBuffer instead of Undefined"
        )
    data: Any = options["data"]
    if isinstance(data, str):
        if data.isascii():
            return data
        try:
            data.encode("utf-8")
        except UnicodeEncodeError:
            return Refusal(
                "parameter error: parameter.data is not valid Unicode text (lone surrogate)"
            )
        return data
    if isinstance(data, bytes | bytearray | memoryview):
        return bytes(data)
    return Refusal(
        f"parameter error: parameter.data should be String or ArrayBuffer instead of {_type_name(data)}"
    )


def check_close(options: object) -> tuple[int, str] | Refusal:
    """Validate ``close`` options: (code, reason). ``None`` means defaults."""
    if options is None:
        return 1000, ""
    if (refusal := _check_shape(options)) is not None:
        return refusal
    assert isinstance(options, Mapping)
    code: Any = options.get("code", 1000)
    if code is None:
        code = 1000
    if isinstance(code, bool) or not isinstance(code, int):
        return Refusal(
            f"parameter error: parameter.code should be Number instead of {_type_name(code)}"
        )
    if not (code in (1000, 1001) or 3000 <= code <= 4999):
        return Refusal(
            "The code must be either 1000, 1001, or between 3000 and 4999. "
            f"{_show_number(code)} is neither."
        )
    reason: Any = options.get("reason", "")
    if reason is None:
        reason = ""
    if not isinstance(reason, str):
        return Refusal(
            f"parameter error: parameter.reason should be String instead of {_type_name(reason)}"
        )
    try:
        size = len(reason.encode("utf-8"))
    except UnicodeEncodeError:
        return Refusal("parameter error: parameter.reason is not valid Unicode text")
    if size > MAX_REASON_BYTES:
        return Refusal(
            f"The message must not be greater than {MAX_REASON_BYTES} bytes ({size} given)."
        )
    return code, reason
