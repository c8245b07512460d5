"""TLS beyond test_tls_and_peers.py: verification is always on, and each failure has its name.

Servers are real ``websockets`` servers on 127.0.0.1 with certificates from ``trustme``.
"""

from __future__ import annotations

import inspect
import re
import ssl
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, Final

import pytest
import trustme

from app import ReadyState, Runtime
from app.explain import EXPLANATIONS, FailureKind

from .conftest import LOOPBACK, Recorder, TlsMaterial, WsServer

MakeServer = Callable[..., Awaitable[WsServer]]
ROOT: Final = Path(__file__).resolve().parents[2]

#: Options a user might hope would turn verification off. None of them exists.
WOULD_BE_SWITCHES: Final[list[dict[str, Any]]] = [
    {"insecure": True},
    {"verify": False},
    {"rejectUnauthorized": False},
    {"sslVerify": False},
    {"tls": {"verify": False, "insecure": True}},
    {"ssl": False},
    {"ca": None, "checkHostname": False},
    {"header": {"X-Insecure": "1"}},
]


async def outcome(rt: Runtime, url: str, **options: Any) -> Recorder:
    rec = Recorder()
    rec.attach(rt.connect_socket({"url": url, **options}))
    await rec.wait_for("onClose")
    return rec


def _contexts(rt: Runtime) -> list[ssl.SSLContext]:
    return [rt._ssl_context("localhost", 1), *rt._endpoint_contexts.values()]


def test_verification_is_on_in_every_context(tls: TlsMaterial) -> None:
    for rt in (Runtime(), Runtime(mode="release"), Runtime(ca_file=tls.ca_file)):
        rt.trust_ca_for("localhost", 8443, tls.ca.cert_pem.bytes().decode())
        for ctx in _contexts(rt):
            assert ctx.verify_mode is ssl.CERT_REQUIRED
            assert ctx.check_hostname is True
            assert ctx.minimum_version >= ssl.TLSVersion.TLSv1_2


def test_no_setting_can_turn_verification_off() -> None:
    """Runtime has no parameter for it, and unknown keywords are refused by Python."""
    names = set(inspect.signature(Runtime).parameters)
    assert not {n for n in names if re.search(r"verif|insecure|unsafe|check_host|cert_req", n)}
    with pytest.raises(TypeError):
        Runtime(verify=False)  # type: ignore[call-arg]


def test_no_code_path_disables_verification() -> None:
    """No source file in the app or UI has the calls that switch certificate checks off."""
    forbidden = re.compile(
        r"CERT_NONE|CERT_OPTIONAL|check_hostname\s*=\s*False|_create_unverified_context"
        r"|PYTHONHTTPSVERIFY|verify\s*=\s*False|ssl\s*=\s*False"
        r"|OP_NO_TLSv1_2|SECLEVEL=0"
    )
    sources = sorted((ROOT / "app").rglob("*.py")) + sorted((ROOT / "ui").rglob("*.py"))
    assert len(sources) > 10
    hits = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in sources
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if forbidden.search(line)
    ]
    assert hits == []


@pytest.mark.parametrize("options", WOULD_BE_SWITCHES, ids=lambda o: ",".join(o))
async def test_no_connect_option_skips_verification(
    tls: TlsMaterial, make_server: MakeServer, options: dict[str, Any]
) -> None:
    server = await make_server(ssl_context=tls.good, url_host="localhost")
    rt = Runtime(legal_domains=LOOPBACK)
    try:
        rec = await outcome(rt, server.url(), **options)
    finally:
        await rt.aclose()
    if rec.payloads("fail"):
        assert "parameter error" in rec.last("fail")["errMsg"]  # refused outright: also safe
        return
    assert rec.payloads("onOpen") == []
    assert "the server's certificate is not trusted" in rec.last("onError")["errMsg"]
    assert server.requests == []  # not one HTTP byte reached the unverified server


async def test_same_server_fails_without_the_ca_and_works_with_it(
    tls: TlsMaterial, make_server: MakeServer
) -> None:
    server = await make_server(ssl_context=tls.good, url_host="localhost")
    untrusting = Runtime(legal_domains=LOOPBACK)
    trusting = Runtime(legal_domains=LOOPBACK, ca_file=tls.ca_file)
    try:
        refused = await outcome(untrusting, server.url())
        assert refused.last("onError")["explanation"] == EXPLANATIONS[FailureKind.TLS_UNKNOWN_CA]
        rec = Recorder()
        task = rec.attach(trusting.connect_socket({"url": server.url()}))
        await rec.wait_for("onOpen")
        assert task.ready_state is ReadyState.OPEN
        task.send({"data": "over TLS"})
        assert (await rec.wait_for("onMessage"))["data"] == "over TLS"
        task.close()
        assert (await rec.wait_for("onClose"))["code"] == 1000
    finally:
        await untrusting.aclose()
        await trusting.aclose()


@pytest.fixture(scope="module")
def self_signed(tmp_path_factory: pytest.TempPathFactory) -> ssl.SSLContext:
    """A server context presenting a self-signed certificate (a CA used as a leaf)."""
    ca = trustme.CA()
    folder = tmp_path_factory.mktemp("self-signed")
    cert, key = folder / "cert.pem", folder / "key.pem"
    cert.write_bytes(ca.cert_pem.bytes())
    key.write_bytes(ca.private_key_pem.bytes())
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)
    return ctx


async def test_tls_failure_matrix(
    tls: TlsMaterial, self_signed: ssl.SSLContext, make_server: MakeServer
) -> None:
    """Every way TLS can fail, with the CA trusted, has its own errMsg and explanation."""
    plain = await make_server()
    cases: list[tuple[str, str, FailureKind]] = [
        (
            (await make_server(ssl_context=tls.expired, url_host="localhost")).url(),
            r"TLS failed for localhost:\d+: the server's certificate has expired",
            FailureKind.TLS_EXPIRED,
        ),
        (
            (await make_server(ssl_context=tls.wrong_host, url_host="localhost")).url(),
            r"TLS failed for localhost:\d+: the server's certificate does not match the host "
            r"name \(Hostname mismatch, certificate is not valid for 'localhost'\.\)",
            FailureKind.TLS_WRONG_HOST,
        ),
        (
            (await make_server(ssl_context=tls.good, url_host="127.0.0.1")).url(),
            r"TLS failed for 127\.0\.0\.1:\d+: the server's certificate is not trusted "
            r"\(issued by an unknown authority: .+\)",
            FailureKind.TLS_UNKNOWN_CA,
        ),
        (
            (await make_server(ssl_context=self_signed, url_host="localhost")).url(),
            r"TLS failed for localhost:\d+: the server's certificate is not trusted "
            r"\(issued by an unknown authority: self-signed certificate\)",
            FailureKind.TLS_UNKNOWN_CA,
        ),
        (
            plain.url().replace("ws://", "wss://"),
            r"TLS failed for 127\.0\.0\.1:\d+: the server closed the connection during the TLS "
            r"handshake \(is it a wss:// server\?\)",
            FailureKind.TLS_OTHER,
        ),
    ]
    # The "unknown authority" row uses a runtime that trusts nothing extra.
    trusting = Runtime(legal_domains=LOOPBACK, ca_file=tls.ca_file)
    bare = Runtime(legal_domains=LOOPBACK)
    try:
        for n, (url, pattern, kind) in enumerate(cases):
            rt = bare if n == 2 else trusting
            rec = await outcome(rt, url)
            assert rec.payloads("onOpen") == []
            assert rec.last("onClose")["code"] == 1006
            error = rec.last("onError")
            assert re.fullmatch(pattern, error["errMsg"]), error["errMsg"]
            assert error["explanation"] == EXPLANATIONS[kind]
    finally:
        await trusting.aclose()
        await bare.aclose()
    messages = {EXPLANATIONS[k] for _, _, k in cases}
    assert len(messages) == 4  # unknown CA, wrong host, expired, other: four different texts


async def test_plain_ws_to_a_tls_server_is_a_bad_handshake(
    tls: TlsMaterial, make_server: MakeServer
) -> None:
    server = await make_server(ssl_context=tls.good, url_host="127.0.0.1")
    rt = Runtime(legal_domains=LOOPBACK)
    try:
        rec = await outcome(rt, server.url().replace("wss://", "ws://"))
    finally:
        await rt.aclose()
    assert rec.last("onError")["explanation"] == EXPLANATIONS[FailureKind.BAD_HANDSHAKE]
    assert "did not send a valid HTTP response" in rec.last("onError")["errMsg"]


async def test_release_mode_refuses_ws_before_any_traffic(make_server: MakeServer) -> None:
    server = await make_server()
    rt = Runtime(mode="release", legal_domains=["127.0.0.1"])
    try:
        rec = Recorder()
        task = rec.attach(rt.connect_socket({"url": server.url(), **rec.api()}))
        await rec.wait_for("complete")
    finally:
        await rt.aclose()
    assert task.ready_state is None
    assert rec.last("fail")["errMsg"] == (
        f"connectSocket:fail url scheme must be wss in release mode: {server.url()}"
    )
    assert server.requests == []
