"""Masking secrets: token-like query parameters in URLs and secret headers in events.

Used on screen (presenter mode) and in saved sessions; kept apart from the session
files so the views can mask without loading them.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import Any, Final
from urllib.parse import parse_qsl, quote, unquote_plus, urlsplit, urlunsplit

from app.events import (
    ApiCalled,
    CallbackFired,
    CallbackRaised,
    Event,
    HandshakeDone,
    ListenerFired,
    Notice,
)

__all__ = [
    "MASK",
    "SECRET_HEADERS",
    "SECRET_PARAMS",
    "mask_event",
    "mask_json",
    "mask_text",
    "mask_url",
]

MASK: Final = "***"

#: Header names (lower case) whose values are secrets.
SECRET_HEADERS: Final = frozenset(
    {"authorization", "cookie", "set-cookie", "proxy-authorization", "x-api-key"}
)
#: Query parameter names (lower case) whose values are secrets.
SECRET_PARAMS: Final = frozenset(
    {
        "token",
        "access_token",
        "key",
        "api_key",
        "auth",
        "sig",
        "signature",
        "password",
        "secret",
    }
)

#: A URL inside any text: scheme, then everything up to whitespace or a quote.
_URL_RE: Final = re.compile(r"""\b(?:wss?|https?)://[^\s"'<>`]+""", re.IGNORECASE)
#: A ``name=value`` pair in a query string, for URLs ``urlsplit`` cannot take apart.
_PARAM_RE: Final = re.compile(r"([?&;])([^=&;#\s]+)=([^&;#\s]*)")

# ----------------------------------------------------------------------------


def _is_secret_param(name: str) -> bool:
    return name.strip().lower() in SECRET_PARAMS


def mask_url(url: str) -> str:
    """``url`` with the values of token-like query parameters replaced by ``***``."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return _PARAM_RE.sub(_mask_param_match, url)
    if not parts.query:
        return url
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    if not any(_is_secret_param(k) for k, _ in pairs):
        return url
    # Rebuild by hand to keep the other parameters exactly as written.
    pieces = []
    for raw in re.split(r"([&;])", parts.query):
        if raw in ("&", ";"):
            pieces.append(raw)
            continue
        name, eq, _value = raw.partition("=")
        if eq and _is_secret_param(unquote_plus(name)):
            pieces.append(f"{name}={quote(MASK, safe='*')}")
        else:
            pieces.append(raw)
    return urlunsplit(parts._replace(query="".join(pieces)))


def _mask_param_match(match: re.Match[str]) -> str:
    sep, name, _value = match.groups()
    return f"{sep}{name}={MASK}" if _is_secret_param(name) else match.group(0)


def mask_text(text: str) -> str:
    """``text`` with every URL in it masked (see :func:`mask_url`)."""
    if "://" not in text:
        return text
    return _URL_RE.sub(lambda m: mask_url(m.group(0)), text)


def mask_json(value: Any) -> Any:
    """A copy of a JSON-able value with secrets masked (headers by name, URLs in strings)."""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if isinstance(key, str) and key.lower() in SECRET_HEADERS and item is not None:
                out[key] = MASK if not isinstance(item, list | tuple) else [MASK for _ in item]
            else:
                out[key] = mask_json(item)
        return out
    if isinstance(value, list | tuple):
        return [mask_json(v) for v in value]
    return value


def _needs_mask(value: Any) -> bool:
    if isinstance(value, str):
        return "://" in value and mask_text(value) != value
    if isinstance(value, Mapping):
        return any(
            (isinstance(k, str) and k.lower() in SECRET_HEADERS) or _needs_mask(v)
            for k, v in value.items()
        )
    if isinstance(value, list | tuple):
        return any(_needs_mask(v) for v in value)
    return False


#: Event fields that may carry secrets (frames carry user data and are left as they are).
_MASKED_FIELDS: Final[dict[type[Event], tuple[str, ...]]] = {
    ApiCalled: ("args",),
    CallbackFired: ("payload",),
    ListenerFired: ("payload",),
    HandshakeDone: ("url", "request_headers", "response_headers"),
    Notice: ("message",),
    CallbackRaised: ("error", "traceback"),
}


def mask_event(event: Event) -> Event:
    """``event`` with its secrets masked; the same object if it carries none."""
    if isinstance(event, ListenerFired) and event.listener == "onMessage":
        return event
    names = _MASKED_FIELDS.get(type(event))
    if not names:
        return event
    changes: dict[str, Any] = {}
    for name in names:
        value = getattr(event, name)
        if _needs_mask(value):
            changes[name] = mask_json(value)
    if not changes:
        return event
    return dataclasses.replace(event, **changes)
