"""The tt-compatible shapes: options and callback results, as in the seed doc and typings."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NotRequired, TypedDict

__all__ = [
    "Callback",
    "CloseOptions",
    "CloseResult",
    "ConnectSocketOptions",
    "ConnectSocketSuccess",
    "ErrorResult",
    "GeneralResult",
    "MessageResult",
    "OpenResult",
    "SendOptions",
]

Callback = Callable[[dict[str, Any]], object]


class ConnectSocketOptions(TypedDict, total=False):
    url: str
    header: Mapping[str, str]
    protocols: list[str] | None
    timeout: int
    perMessageDeflate: bool
    success: Callback
    fail: Callback
    complete: Callback


class SendOptions(TypedDict, total=False):
    data: str | bytes
    success: Callback
    fail: Callback
    complete: Callback


class CloseOptions(TypedDict, total=False):
    code: int
    reason: str
    success: Callback
    fail: Callback
    complete: Callback


class GeneralResult(TypedDict):
    errMsg: str


class ConnectSocketSuccess(TypedDict):
    errMsg: str
    socketTaskId: int


class OpenResult(TypedDict):
    header: dict[str, str]
    profile: dict[str, float]
    protocol: str


class MessageResult(TypedDict):
    data: str | bytes


class ErrorResult(TypedDict):
    errMsg: str
    explanation: NotRequired[str]


class CloseResult(TypedDict):
    code: int
    reason: str
