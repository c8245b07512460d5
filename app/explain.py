"""Plain-language explanations of close codes and failures, for people who are not developers.

Every failure the core reports is a :class:`Failure`: an ``errMsg`` with the
specifics (hosts, codes), a :class:`FailureKind`, the close code the task reports,
and a one-line explanation that does not change with the details (so the UI can
translate it).
"""

from __future__ import annotations

import enum
import errno
import re
import socket
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from websockets.exceptions import (
    ConnectionClosed,
    InvalidHandshake,
    InvalidHeader,
    InvalidHeaderValue,
    InvalidMessage,
    InvalidStatus,
    InvalidUpgrade,
    NegotiationError,
    PayloadTooBig,
    ProtocolError,
    SecurityError,
    TooManyFragments,
    WebSocketException,
)

__all__ = [
    "CLOSE_CODES",
    "EXPLANATIONS",
    "Failure",
    "FailureKind",
    "classify",
    "closed_failure",
    "explain_close_code",
]


CLOSE_CODES: dict[int, str] = {
    1000: "closed normally",
    1001: "the other side is going away (page closed or server shutting down)",
    1002: "closed because of a protocol error: the peer broke the WebSocket rules",
    1003: "closed because the data type is not accepted",
    1005: "closed without a status code",
    1006: "the connection dropped without a goodbye (no close frame)",
    1007: "closed because a message was not valid text (bad UTF-8)",
    1008: "closed because a message broke the server's policy",
    1009: "closed because a message was too big",
    1010: "closed because the server did not agree to a required extension",
    1011: "the server hit an unexpected error",
    1012: "the server is restarting",
    1013: "the server is overloaded: try again later",
    1014: "a gateway got a bad answer from the server behind it",
    1015: "the secure (TLS) handshake failed",
}


def explain_close_code(code: int) -> str:
    """One line for a close code, e.g. 1000 → "closed normally"."""
    if code in CLOSE_CODES:
        return CLOSE_CODES[code]
    if 3000 <= code <= 3999:
        return "closed with a code registered for libraries and frameworks"
    if 4000 <= code <= 4999:
        return "closed by the application with its own code"
    return "closed with an unusual code"


class FailureKind(enum.StrEnum):
    REFUSED = "refused"
    UNREACHABLE = "unreachable"
    DNS = "dns"
    TIMEOUT = "timeout"
    TLS_UNKNOWN_CA = "tls_unknown_ca"
    TLS_WRONG_HOST = "tls_wrong_host"
    TLS_EXPIRED = "tls_expired"
    TLS_OTHER = "tls_other"
    HTTP_STATUS = "http_status"
    BAD_HANDSHAKE = "bad_handshake"
    SUBPROTOCOL = "subprotocol"
    EXTENSION = "extension"
    PROTOCOL = "protocol"
    INVALID_UTF8 = "invalid_utf8"
    TOO_BIG = "too_big"
    DROPPED = "dropped"
    CLOSE_TIMEOUT = "close_timeout"
    INTERNAL = "internal"


EXPLANATIONS: dict[FailureKind, str] = {
    FailureKind.REFUSED: "nothing is listening at that address: is the server running?",
    FailureKind.UNREACHABLE: "the server's address cannot be reached from this computer",
    FailureKind.DNS: "the server's name could not be found (DNS)",
    FailureKind.TIMEOUT: "the server did not finish the handshake in time",
    FailureKind.TLS_UNKNOWN_CA: "the server's certificate is not trusted",
    FailureKind.TLS_WRONG_HOST: "the server's certificate is for a different host name",
    FailureKind.TLS_EXPIRED: "the server's certificate has expired",
    FailureKind.TLS_OTHER: "the secure (TLS) connection could not be set up",
    FailureKind.HTTP_STATUS: "the server answered with an HTTP error instead of accepting the WebSocket",
    FailureKind.BAD_HANDSHAKE: "the server's handshake answer was not a valid WebSocket answer",
    FailureKind.SUBPROTOCOL: "the server did not agree on a subprotocol",
    FailureKind.EXTENSION: "the server chose an extension that was not offered",
    FailureKind.PROTOCOL: "the server broke the WebSocket protocol rules",
    FailureKind.INVALID_UTF8: "the server sent text that is not valid UTF-8",
    FailureKind.TOO_BIG: "the server sent a message larger than the allowed size",
    FailureKind.DROPPED: "the connection dropped without a goodbye (no close frame)",
    FailureKind.CLOSE_TIMEOUT: "the server never answered the close request",
    FailureKind.INTERNAL: "an unexpected internal error happened",
}

_HTTP_REASONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    426: "Upgrade Required",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}


@dataclass(frozen=True, slots=True)
class Failure:
    kind: FailureKind
    err_msg: str
    close_code: int = 1006

    @property
    def explanation(self) -> str:
        return EXPLANATIONS[self.kind]


def _tls_failure(exc: ssl.SSLError, where: str) -> Failure:
    if isinstance(exc, ssl.SSLCertVerificationError):
        code = exc.verify_code
        detail = exc.verify_message or str(exc)
        if code == 10:  # X509_V_ERR_CERT_HAS_EXPIRED
            return Failure(
                FailureKind.TLS_EXPIRED,
                f"TLS failed for {where}: the server's certificate has expired",
            )
        if code == 62 or "hostname" in detail.lower() or "ip address mismatch" in detail.lower():
            return Failure(
                FailureKind.TLS_WRONG_HOST,
                f"TLS failed for {where}: the server's certificate does not match the host name ({detail})",
            )
        if code in (2, 18, 19, 20, 21):
            return Failure(
                FailureKind.TLS_UNKNOWN_CA,
                f"TLS failed for {where}: the server's certificate is not trusted "
                f"(issued by an unknown authority: {detail})",
            )
        return Failure(
            FailureKind.TLS_OTHER, f"TLS failed for {where}: certificate rejected ({detail})"
        )
    reason = exc.reason or str(exc)
    return Failure(FailureKind.TLS_OTHER, f"TLS failed for {where}: {reason}")


def classify(
    exc: BaseException,
    *,
    where: str,
    timeout_ms: float | None = None,
    offered_protocols: Sequence[str] = (),
    offered_extensions: Sequence[str] = (),
    response_headers: Mapping[str, str] | None = None,
    during_tls: bool = False,
) -> Failure:
    """Turn an exception from connecting or running a socket into a :class:`Failure`.

    The optional keywords make a message specific: the offered subprotocols and
    extensions, and the server's response headers, name what the server chose in a
    failed negotiation; ``during_tls`` says the TLS handshake had not finished.
    """
    if isinstance(exc, TimeoutError) and not isinstance(exc, ssl.SSLError):
        shown = f"{timeout_ms:g} ms" if timeout_ms is not None else "the time limit"
        return Failure(
            FailureKind.TIMEOUT,
            f"timeout: the handshake with {where} did not finish within {shown}",
        )
    if isinstance(exc, ssl.SSLError):
        return _tls_failure(exc, where)
    if isinstance(exc, socket.gaierror):
        return Failure(FailureKind.DNS, f"DNS lookup failed for {where}: {exc.strerror or exc}")
    if isinstance(exc, ConnectionRefusedError):
        return Failure(
            FailureKind.REFUSED, f"connection refused by {where}: nothing is listening there"
        )
    if isinstance(exc, InvalidStatus):
        return _status_failure(exc)
    if not isinstance(exc, WebSocketException) and isinstance(exc.__cause__, InvalidStatus):
        # websockets refuses to follow a redirect on a socket it did not open itself.
        return _status_failure(exc.__cause__)
    if isinstance(exc, NegotiationError):
        return _negotiation_failure(exc, offered_protocols, offered_extensions, response_headers)
    if isinstance(exc, InvalidHeaderValue) and exc.name.lower() == "sec-websocket-accept":
        return Failure(
            FailureKind.BAD_HANDSHAKE,
            f"invalid handshake response from {where}: the Sec-WebSocket-Accept header "
            f"does not match the key the client sent (got {exc.value!r})",
        )
    if isinstance(exc, InvalidUpgrade | InvalidHeaderValue | InvalidHeader):
        return Failure(FailureKind.BAD_HANDSHAKE, f"invalid handshake response from {where}: {exc}")
    if isinstance(exc, InvalidMessage):
        cause = exc.__cause__
        if str(exc) == "did not receive a valid HTTP response":
            detail = (
                f"the server did not send a valid HTTP response ({cause})" if cause else str(exc)
            )
        else:
            detail = f"{exc}: {cause}" if cause else str(exc)
        return Failure(
            FailureKind.BAD_HANDSHAKE, f"invalid handshake response from {where}: {detail}"
        )
    if isinstance(exc, InvalidHandshake | SecurityError):
        return Failure(FailureKind.BAD_HANDSHAKE, f"handshake with {where} failed: {exc}")
    if isinstance(exc, ConnectionClosed):
        return closed_failure(exc, where=where)
    if isinstance(exc, PayloadTooBig):
        return Failure(FailureKind.TOO_BIG, f"message too big: {_too_big(str(exc))}", 1009)
    if isinstance(exc, ProtocolError):
        return Failure(FailureKind.PROTOCOL, f"protocol error: {_protocol_detail(exc)}", 1002)
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH, errno.EADDRNOTAVAIL):
            return Failure(FailureKind.UNREACHABLE, f"{where} is unreachable: {exc.strerror}")
        dropped = isinstance(exc, ConnectionResetError | ConnectionAbortedError | BrokenPipeError)
        if dropped or exc.errno in (errno.ECONNRESET, errno.EPIPE, errno.ECONNABORTED):
            if during_tls:
                return Failure(
                    FailureKind.TLS_OTHER,
                    f"TLS failed for {where}: the server closed the connection during the TLS "
                    "handshake (is it a wss:// server?)",
                )
            return Failure(FailureKind.DROPPED, f"the connection to {where} was reset")
        detail = exc.strerror or str(exc) or type(exc).__name__
        return Failure(FailureKind.UNREACHABLE, f"cannot connect to {where}: {detail}")
    if isinstance(exc, WebSocketException):
        return Failure(FailureKind.PROTOCOL, f"WebSocket error: {exc}")
    return Failure(FailureKind.INTERNAL, f"internal error: {type(exc).__name__}: {exc}")


def _status_failure(exc: InvalidStatus) -> Failure:
    response = exc.response
    status = response.status_code
    phrase = response.reason_phrase or _HTTP_REASONS.get(status, "")
    shown = f"HTTP {status} {phrase}".rstrip()
    if 300 <= status < 400:
        location = response.headers.get("Location")
        target = f" to {location}" if location else ""
        return Failure(
            FailureKind.HTTP_STATUS,
            f"the server redirected{target} with {shown}: "
            "a WebSocket connection does not follow redirects",
        )
    if 100 <= status < 300:
        return Failure(
            FailureKind.HTTP_STATUS,
            f"the server answered {shown} instead of 101 Switching Protocols: "
            "this address does not accept WebSocket connections",
        )
    return Failure(
        FailureKind.HTTP_STATUS, f"the server rejected the WebSocket handshake with {shown}"
    )


def _negotiation_failure(
    exc: NegotiationError,
    offered_protocols: Sequence[str],
    offered_extensions: Sequence[str],
    response_headers: Mapping[str, str] | None,
) -> Failure:
    text = str(exc)
    headers = {k.lower(): v for k, v in (response_headers or {}).items()}
    if "subprotocol" in text.lower():
        chosen = headers.get("sec-websocket-protocol")
        offered = ", ".join(offered_protocols) or "none"
        if chosen:
            detail = f"the server selected {chosen!r}, which the client did not offer"
        else:
            detail = text
        return Failure(
            FailureKind.SUBPROTOCOL,
            f"subprotocol negotiation failed: {detail} (offered: {offered})",
        )
    chosen = headers.get("sec-websocket-extensions")
    offered = ", ".join(offered_extensions) or "none"
    detail = f"the server enabled {chosen!r}, which the client did not offer" if chosen else text
    return Failure(
        FailureKind.EXTENSION, f"extension negotiation failed: {detail} (offered: {offered})"
    )


def closed_failure(
    exc: ConnectionClosed,
    *,
    where: str = "the server",
    we_closed: bool = False,
    close_timeout: float | None = None,
    parser_exc: BaseException | None = None,
) -> Failure:
    """A connection that ended without a close frame from the server: who failed it, and why.

    ``we_closed`` says the client had started the closing handshake; ``parser_exc`` is
    the exception the frame parser raised, if any (it tells an invalid close frame
    from an invalid text message).
    """
    cause = exc.__cause__
    sent = exc.sent
    sent_reason = sent.reason if sent is not None else ""
    if isinstance(cause, TooManyFragments):
        limit = re.search(r"\d+", str(cause))
        shown = f"more than {limit.group()}" if limit else "too many"
        return Failure(
            FailureKind.TOO_BIG,
            f"message too big: the server split a message into {shown} fragments",
            1009,
        )
    if isinstance(cause, PayloadTooBig) or (sent is not None and sent.code == 1009):
        detail = str(cause) if isinstance(cause, PayloadTooBig) else sent_reason
        return Failure(FailureKind.TOO_BIG, f"message too big: {_too_big(detail)}", 1009)
    if (sent is not None and sent.code == 1007) or isinstance(cause, UnicodeDecodeError):
        detail = sent_reason or str(cause)
        what = (
            "the reason of its close frame"
            if isinstance(parser_exc, UnicodeDecodeError)
            else "a text message"
        )
        return Failure(
            FailureKind.INVALID_UTF8, f"invalid UTF-8 from the server in {what}: {detail}", 1007
        )
    if isinstance(cause, ProtocolError) or (sent is not None and sent.code == 1002):
        detail = _protocol_detail(cause) if isinstance(cause, ProtocolError) else sent_reason
        return Failure(FailureKind.PROTOCOL, f"protocol error: {detail}", 1002)
    if sent is not None and sent.code == 1011 and "keepalive" in sent_reason:
        return Failure(
            FailureKind.DROPPED,
            f"keepalive timeout: the server at {where} stopped answering pings",
            1011,
        )
    if we_closed and sent is not None and isinstance(cause, TimeoutError):
        waited = f" (waited {close_timeout:g} s)" if close_timeout is not None else ""
        return Failure(
            FailureKind.CLOSE_TIMEOUT,
            f"the server at {where} did not answer the close frame in time{waited}",
        )
    if isinstance(cause, OSError) and cause.errno in (
        errno.ECONNRESET,
        errno.EPIPE,
        errno.ECONNABORTED,
    ):
        return Failure(
            FailureKind.DROPPED,
            f"the connection to {where} was reset (TCP reset) without a close frame",
        )
    if isinstance(cause, EOFError) and str(cause).startswith("stream ends after"):
        return Failure(
            FailureKind.DROPPED,
            f"the connection to {where} was closed in the middle of a frame "
            f"({cause}), without a close frame",
        )
    if we_closed and sent is not None:
        return Failure(
            FailureKind.DROPPED,
            f"the server at {where} closed the connection without answering the close frame",
        )
    return Failure(
        FailureKind.DROPPED, f"the connection to {where} dropped without a close frame (1006)"
    )


def _too_big(detail: str) -> str:
    """websockets says "frame with N bytes exceeds limit of M bytes"; say it plainly."""
    match = re.fullmatch(
        r"frame with (\d+) bytes(?: after reading (\d+) bytes)? exceeds limit of (\d+) bytes",
        detail,
    )
    if match is None:
        return detail
    size, already, limit = match.groups()
    total = int(size) + int(already or 0)
    at_least = "at least " if already else ""
    return (
        f"the server announced a message of {at_least}{total} bytes, over the {limit}-byte "
        "limit (max_message_size); it was refused without reading it"
    )


_PROTOCOL_HINTS: dict[str, str] = {
    "reserved bits must be 0": "the server set RSV bits without agreeing on an extension",
    "fragmented control frame": "a ping, pong or close frame was split into fragments",
    "incorrect masking": "the server masked its frame; only clients mask",
    "unexpected continuation frame": "a continuation frame arrived with no message to continue",
    "expected a continuation frame": "a new message started before the previous one ended",
    "invalid status code": "the close frame carries a code that must never be sent",
    "control frame too long": "a ping, pong or close frame is longer than 125 bytes",
    "close frame too short": "the close frame has a 1-byte payload",
}


def _protocol_detail(exc: ProtocolError) -> str:
    """websockets' short reason plus what it means, e.g. which opcode was invalid."""
    text = str(exc)
    if text == "invalid opcode":
        inner = exc.__cause__
        value = str(inner).split(" ", 1)[0] if inner is not None else ""
        if value.isdigit():
            return f"invalid opcode 0x{int(value):X} (the server used a frame type that does not exist)"
        return f"{text} (the server used a frame type that does not exist)"
    hint = _PROTOCOL_HINTS.get(text)
    return f"{text} ({hint})" if hint else text
