"""Plain-language explanations of close codes and failures, for people who are not developers.

Every failure the core reports is a :class:`Failure`: an ``errMsg`` with the
specifics (hosts, codes), a :class:`FailureKind`, the close code the task reports,
and a one-line explanation that does not change with the details (so the UI can
translate it).
"""

from __future__ import annotations

import enum
import errno
import socket
import ssl
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
    WebSocketException,
)

__all__ = ["CLOSE_CODES", "Failure", "FailureKind", "classify", "explain_close_code"]


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


def classify(exc: BaseException, *, where: str, timeout_ms: float | None = None) -> Failure:
    """Turn an exception from connecting or running a socket into a :class:`Failure`."""
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
        status = exc.response.status_code
        phrase = exc.response.reason_phrase or _HTTP_REASONS.get(status, "")
        return Failure(
            FailureKind.HTTP_STATUS,
            f"the server rejected the WebSocket handshake with HTTP {status} {phrase}".rstrip(),
        )
    if isinstance(exc, NegotiationError):
        text = str(exc)
        if "subprotocol" in text.lower():
            return Failure(FailureKind.SUBPROTOCOL, f"subprotocol negotiation failed: {text}")
        return Failure(FailureKind.EXTENSION, f"extension negotiation failed: {text}")
    if isinstance(exc, InvalidUpgrade | InvalidHeaderValue | InvalidHeader):
        return Failure(FailureKind.BAD_HANDSHAKE, f"invalid handshake response from {where}: {exc}")
    if isinstance(exc, InvalidMessage):
        cause = exc.__cause__
        detail = f"{exc}: {cause}" if cause else str(exc)
        return Failure(
            FailureKind.BAD_HANDSHAKE, f"invalid handshake response from {where}: {detail}"
        )
    if isinstance(exc, InvalidHandshake | SecurityError):
        return Failure(FailureKind.BAD_HANDSHAKE, f"handshake with {where} failed: {exc}")
    if isinstance(exc, ConnectionClosed):
        return _closed_failure(exc)
    if isinstance(exc, PayloadTooBig):
        return Failure(FailureKind.TOO_BIG, f"message too big: {exc}", 1009)
    if isinstance(exc, ProtocolError):
        return Failure(FailureKind.PROTOCOL, f"protocol error: {exc}", 1002)
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH, errno.EADDRNOTAVAIL):
            return Failure(FailureKind.UNREACHABLE, f"{where} is unreachable: {exc.strerror}")
        if exc.errno in (errno.ECONNRESET, errno.EPIPE, errno.ECONNABORTED):
            return Failure(FailureKind.DROPPED, f"the connection to {where} was reset")
        return Failure(FailureKind.UNREACHABLE, f"cannot connect to {where}: {exc.strerror or exc}")
    if isinstance(exc, WebSocketException):
        return Failure(FailureKind.PROTOCOL, f"WebSocket error: {exc}")
    return Failure(FailureKind.INTERNAL, f"internal error: {type(exc).__name__}: {exc}")


def _closed_failure(exc: ConnectionClosed) -> Failure:
    """A connection that ended abnormally: which side failed it, and why."""
    cause = exc.__cause__
    sent = exc.sent
    if isinstance(cause, PayloadTooBig) or (sent is not None and sent.code == 1009):
        detail = str(cause) if cause else (sent.reason if sent else "")
        return Failure(FailureKind.TOO_BIG, f"message too big: {detail}", 1009)
    if (sent is not None and sent.code == 1007) or isinstance(cause, UnicodeDecodeError):
        detail = sent.reason if sent is not None and sent.reason else str(cause)
        return Failure(FailureKind.INVALID_UTF8, f"invalid UTF-8 from the server: {detail}", 1007)
    if isinstance(cause, ProtocolError) or (sent is not None and sent.code == 1002):
        detail = str(cause) if cause else (sent.reason if sent else "")
        return Failure(FailureKind.PROTOCOL, f"protocol error: {detail}", 1002)
    return Failure(FailureKind.DROPPED, "the connection dropped without a close frame (1006)")
