"""Security properties of the core, checked on the wire where possible.

- ``Referer`` never leaves the process, whatever its capitalisation (raw request bytes).
- Release mode cannot be talked into ``ws://`` or an unlisted host by URL tricks; an
  accepted URL names the same host for us, for an independent parser and on the wire.
- Redirects are never followed (they could lead to an unlisted host).
- The embedded server listens on loopback unless the user insists.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import urllib.parse
from collections.abc import AsyncIterator, Awaitable, Callable
from http import HTTPStatus
from pathlib import Path
from typing import Final

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from websockets.asyncio.server import ServerConnection
from websockets.http11 import Request, Response

from app import ReadyState, Runtime, SocketTask
from app.events import Notice
from app.rules import ConnectRequest, Mode, Refusal, check_connect, parse_legal_domain
from app.server import DemoServer
from app.server.__main__ import _parser as server_cli_parser
from tests.servers.hostile import HostileMode, HostileServer

from .conftest import UNIT, Recorder, WsServer

MakeServer = Callable[..., Awaitable[WsServer]]
SETTINGS: Final = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

LEGAL: Final = "legal.example"
LEGAL_LIST: Final = [parse_legal_domain(d) for d in (LEGAL, "127.0.0.1", "[::1]:8443")]


# -- Referer ---------------------------------------------------------------------------------


@pytest.fixture
async def echo_peer() -> AsyncIterator[HostileServer]:
    srv = HostileServer(HostileMode.OK_ECHO)
    await srv.start()
    try:
        yield srv
    finally:
        await srv.stop()


@pytest.fixture
async def loopback_rt() -> AsyncIterator[Runtime]:
    """One runtime for all examples of a test (a new one loads the system CA store)."""
    rt = Runtime(mode="test", legal_domains=["127.0.0.1"], check_domain=True, close_timeout=1.0)
    yield rt
    await rt.aclose()
    assert rt.active_tasks == []


referer_spellings = st.lists(st.booleans(), min_size=7, max_size=7).map(
    lambda upper: "".join(c.upper() if u else c for c, u in zip("referer", upper, strict=True))
)
latin1_values = st.text(
    st.characters(
        min_codepoint=0x20,
        max_codepoint=0xFF,
        exclude_categories=("Cc", "Cf", "Zs"),
        include_characters=" ",
    ),
    max_size=40,
)


@SETTINGS
@given(name=referer_spellings, value=latin1_values)
async def test_referer_never_reaches_the_wire(
    echo_peer: HostileServer, loopback_rt: Runtime, name: str, value: str
) -> None:
    rt = loopback_rt
    notices: list[Notice] = []
    unsubscribe = rt.events.subscribe(
        lambda e: notices.append(e) if isinstance(e, Notice) else None
    )
    rec = Recorder()
    before = len(echo_peer.requests)
    try:
        task = rec.attach(
            rt.connect_socket(
                {"url": echo_peer.url, "header": {name: value, "X-Kept": "yes", "Referer": value}}
            )
        )
        await rec.wait_for("onOpen")
        task.close()
        await rec.wait_for("onClose")
    finally:
        unsubscribe()
    [raw] = echo_peer.requests[before:]
    head = raw.lower()
    assert b"referer" not in head
    assert b"\r\nx-kept: yes\r\n" in head  # the other header did go out
    assert {n.message for n in notices} == {
        f"header {spelled!r} is not supported and was not sent" for spelled in {name, "Referer"}
    }


@pytest.mark.parametrize(
    "header",
    [
        {"X-A": "b\r\nReferer: https://evil.example/"},
        {"X-A": "b\nReferer: x"},
        {"Referer\r\nX-B": "c"},
        {"X-A\x00": "b"},
        {"Referer:": "x"},
        {" Referer": "x"},
    ],
)
async def test_referer_cannot_be_smuggled(echo_peer: HostileServer, header: dict[str, str]) -> None:
    rt = Runtime(legal_domains=["127.0.0.1"])
    rec = Recorder()
    try:
        task = rt.connect_socket({"url": echo_peer.url, "header": header, **rec.api()})
        fail = await rec.wait_for("fail")
    finally:
        await rt.aclose()
    assert task.ready_state is None
    assert fail["errMsg"].startswith("connectSocket:fail parameter error: header")
    assert echo_peer.requests == []


# -- URL tricks in release mode --------------------------------------------------------------


SCHEMES: Final = ["wss", "WSS", "Wss", "ws", "WS", "https", "http", "wss ", "w ss", "wsss"]
USERINFO: Final = [
    "",
    f"{LEGAL}@",
    "user:pw@",
    f"{LEGAL}:443@",
    "evil.example@",
    f"{LEGAL}:pw@",
    "%6cegal.example@",
    f"{LEGAL}%40@",
    ":@",
    "@",
]
HOSTS: Final = [
    LEGAL,
    LEGAL.upper(),
    f"{LEGAL}.",
    "evil.example",
    f"{LEGAL}.evil.example",
    f"evil.example.{LEGAL}",
    "legаl.example",  # Cyrillic а
    "ｌｅｇａｌ.example",  # full-width letters, which IDNA maps to "legal"
    "%6cegal.example",
    "legal%2eexample",
    f"{LEGAL}%00.evil.example",
    "xn--legl-73d.example",
    "127.0.0.1",
    "127.1",
    "2130706433",
    "0x7f.0.0.1",
    "[::1]",
    "[::ffff:127.0.0.1]",
    "[0:0:0:0:0:0:0:1]",
    "[::1%25lo]",
    "[::1]evil.example",
    "",
]
PORTS: Final = ["", ":443", ":8443", ":0", ":", ":65536", ":-1", ":+443", ":443:80", ":0443"]
TAILS: Final = [
    "",
    "/",
    "/path",
    "/?to=@evil.example",
    "?@evil.example",
    "/@evil.example",
    "\\@evil.example",
    "#@evil.example",
    f"/..//{LEGAL}",
    "%2f%2fevil.example",
]


def _host_for_us(url: str) -> tuple[str, int] | None:
    """An independent reading of the URL: Python's urllib, hostname IDNA-encoded."""
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
        host = parts.hostname
    except ValueError:
        return None
    if host is None:
        return None
    if not host.isascii():
        host = host.encode("idna").decode("ascii")
    return host.lower(), port or 443


def usually(good: list[str], every: list[str]) -> st.SearchStrategy[str]:
    """One of ``good`` two times in three, else any of ``every`` (tricks included).

    Choosing with an integer keeps the mix: Hypothesis avoids repeating an input, so
    a plain ``sampled_from`` would soon stop drawing the few good values.
    """
    return st.tuples(st.integers(0, 2), st.sampled_from(good), st.sampled_from(every)).map(
        lambda t: t[2] if t[0] == 0 else t[1]
    )


urls = st.one_of(
    st.builds(
        lambda scheme, user, host, port, tail: f"{scheme}://{user}{host}{port}{tail}",
        usually(["wss", "WSS", "Wss"], SCHEMES),
        usually(["", "", "user:pw@"], USERINFO),
        usually([LEGAL, LEGAL.upper(), "ｌｅｇａｌ.example", "127.0.0.1", "[::1]"], HOSTS),
        usually(["", ":443", ":8443", ":"], PORTS),
        usually(["", "/", "/path", "/?to=@evil.example", "?@evil.example"], TAILS),
    ),
    st.builds(lambda s: f"wss://{s}", st.text(max_size=30)),
    st.builds(lambda a, b: f"wss://{a}{LEGAL}{b}", st.text(max_size=6), st.text(max_size=6)),
    st.text(max_size=40),
)


@settings(max_examples=1000, deadline=None)
@given(url=urls)
def test_release_mode_accepts_only_wss_to_a_legal_host(url: str) -> None:
    checked = check_connect(
        {"url": url},
        mode=Mode.RELEASE,
        check_domain=False,  # release mode checks domains regardless
        legal_domains=LEGAL_LIST,
        default_timeout_ms=1000,
    )
    if isinstance(checked, Refusal):
        assert checked.reason
        event("refused")
        return
    event("accepted")
    assert isinstance(checked, ConnectRequest)
    assert checked.secure
    assert urllib.parse.urlsplit(url).scheme.lower() == "wss"
    assert (checked.host, checked.port) in {
        (LEGAL, 443),
        (LEGAL, checked.port),
        ("127.0.0.1", checked.port),
        ("::1", 8443),
    }
    # Another parser reads the same host and port: no disagreement to exploit.
    assert _host_for_us(url) == (checked.host, checked.port)
    assert "evil" not in checked.host


def test_url_tricks_each_have_a_reason() -> None:
    """Spot checks with the exact reasons a user sees."""

    def reason(url: str) -> str:
        checked = check_connect(
            {"url": url},
            mode=Mode.RELEASE,
            check_domain=True,
            legal_domains=LEGAL_LIST,
            default_timeout_ms=1000,
        )
        assert isinstance(checked, Refusal), url
        return checked.reason

    assert reason(f"ws://{LEGAL}/") == f"url scheme must be wss in release mode: ws://{LEGAL}/"
    assert reason(f"wss://{LEGAL}@evil.example/") == (
        f"invalid url 'wss://{LEGAL}@evil.example/': it has a user name before '@' but no "
        "password; the host would be 'evil.example', the part after '@'"
    )
    assert "is not a legal domain" in reason(f"wss://{LEGAL}:pw@evil.example/")
    assert reason(f"wss://{LEGAL}\\@evil.example/").endswith("it contains a backslash")
    assert "legal.example.:443 is not a legal domain" in reason(f"wss://{LEGAL}./")
    assert "xn--legl-73d.example:443 is not a legal domain" in reason("wss://legаl.example/")
    assert "[::ffff:127.0.0.1]:443 is not a legal domain" in reason("wss://[::ffff:127.0.0.1]/")
    assert "[::1]:443 is not a legal domain" in reason("wss://[::1]/")  # only port 8443 is
    assert reason(f"wss://{LEGAL}:0/").endswith("the port must be a number from 1 to 65535")
    assert reason("wss://[::1]evil.example/").endswith(
        "unexpected text after the ']' of the IPv6 address"
    )
    assert "%6cegal.example:443 is not a legal domain" in reason("wss://%6cegal.example/")


@pytest.fixture
async def sentinel_peer() -> AsyncIterator[HostileServer]:
    srv = HostileServer(HostileMode.OK_ECHO)
    await srv.start()
    try:
        yield srv
    finally:
        await srv.stop()


def _live_urls(port: int) -> st.SearchStrategy[str]:
    hosts = [
        "127.0.0.1",
        "localhost",
        "LOCALHOST",
        "127.0.0.1.",
        "localhost.",
        "127.1",
        "2130706433",
        "0x7f.0.0.1",
        "[::ffff:127.0.0.1]",
        "127.0.0.1@localhost",
        "localhost@127.0.0.1",
        "localhost:pw@127.0.0.1",
        "127.0.0.1:pw@localhost",
        "%31%32%37.0.0.1",
    ]
    return st.builds(
        lambda scheme, host, tail: f"{scheme}://{host}:{port}{tail}",
        st.sampled_from(["ws", "WS", "Ws"]),
        st.sampled_from(hosts),
        st.sampled_from(["", "/", "/?h=localhost", "/@localhost"]),
    )


@SETTINGS
@given(data=st.data())
async def test_on_the_wire_only_the_legal_host_is_reached(
    sentinel_peer: HostileServer, loopback_rt: Runtime, data: st.DataObject
) -> None:
    """``localhost`` reaches the same peer but is not legal: it must never be connected to.

    The check happens on the wire: every request the peer receives names 127.0.0.1 in
    its Host header, and a refused URL adds no request at all.
    """
    url = data.draw(_live_urls(sentinel_peer.port), label="url")
    rec = Recorder()
    before = len(sentinel_peer.requests)
    task = rec.attach(loopback_rt.connect_socket({"url": url, **rec.api()}))
    first = await rec.wait_for("complete")
    if first["errMsg"] == "connectSocket:ok":
        await _close_when_done(task, rec)
    new = sentinel_peer.requests[before:]
    event("refused" if task.ready_state is None else "connected")
    if task.ready_state is None:
        assert new == []
        return
    for raw in new:
        host_line = next(line for line in raw.split(b"\r\n") if line.lower().startswith(b"host:"))
        assert host_line.split(b":", 1)[1].strip() == f"127.0.0.1:{sentinel_peer.port}".encode()
    assert _host_for_us(url) == ("127.0.0.1", sentinel_peer.port)


async def _close_when_done(task: SocketTask, rec: Recorder) -> None:
    """Wait for onOpen or onClose; close an open task; wait for its onClose."""
    async with asyncio.timeout(UNIT):
        while not rec.payloads("onOpen") and not rec.payloads("onClose"):
            count = len(rec.calls)
            while len(rec.calls) == count:
                rec._changed.clear()
                await rec._changed.wait()
    if task.ready_state is ReadyState.OPEN:
        task.close()
    await rec.wait_for("onClose")


# -- redirects -------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [HTTPStatus.MOVED_PERMANENTLY, HTTPStatus.FOUND, 307, 308])
async def test_redirects_are_never_followed(
    make_server: MakeServer, sentinel_peer: HostileServer, status: int
) -> None:
    """A redirect to another host (here "localhost", not legal) is refused, not followed."""
    target = f"ws://localhost:{sentinel_peer.port}/"

    def redirect(conn: ServerConnection, _request: Request) -> Response:
        response = conn.respond(HTTPStatus(status), "moved\n")
        response.headers["Location"] = target
        return response

    server = await make_server(process_request=redirect)
    rt = Runtime(mode="test", legal_domains=["127.0.0.1"], check_domain=True)
    rec = Recorder()
    try:
        rec.attach(rt.connect_socket({"url": server.url()}))
        close = await rec.wait_for("onClose")
    finally:
        await rt.aclose()
    assert close["code"] == 1006
    phrase = HTTPStatus(status).phrase
    assert rec.last("onError")["errMsg"] == (
        f"the server redirected to {target} with HTTP {status} {phrase}: "
        "a WebSocket connection does not follow redirects"
    )
    assert sentinel_peer.requests == []


# -- the embedded server listens on loopback -------------------------------------------------


def _listening_addresses(port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """Addresses with a LISTEN socket on ``port``, from the kernel's table (Linux)."""
    found: list[ipaddress.IPv4Address | ipaddress.IPv6Address] = []
    for table, size in (("/proc/net/tcp", 4), ("/proc/net/tcp6", 16)):
        try:
            lines = Path(table).read_text(encoding="ascii").splitlines()[1:]
        except FileNotFoundError:
            continue
        for line in lines:
            fields = line.split()
            local, state = fields[1], fields[3]
            addr_hex, port_hex = local.split(":")
            if state != "0A" or int(port_hex, 16) != port:
                continue
            raw = bytes.fromhex(addr_hex)
            # The kernel prints each 32-bit word in host (little-endian) order.
            words = [raw[i : i + 4][::-1] for i in range(0, size, 4)]
            found.append(ipaddress.ip_address(b"".join(words)))
    return found


@pytest.mark.skipif(not hasattr(socket, "AF_INET6"), reason="needs IPv6 support")
async def test_embedded_server_listens_on_loopback_by_default() -> None:
    server = DemoServer(port=0, tls_port=0)
    await server.start()
    try:
        ports = [server.port] + ([server.tls_port] if server.tls_port else [])
        for port in ports:
            addresses = _listening_addresses(port)
            assert addresses, f"nothing listens on {port}?"
            for address in addresses:
                mapped = getattr(address, "ipv4_mapped", None)
                assert address.is_loopback or (mapped is not None and mapped.is_loopback), address
    finally:
        await server.stop()


def test_server_command_defaults_to_loopback() -> None:
    args = server_cli_parser().parse_args([])
    assert ipaddress.ip_address(args.host).is_loopback


def test_release_mode_checks_domains_even_when_told_not_to() -> None:
    rt = Runtime(mode="release", legal_domains=[LEGAL], check_domain=False)
    checked = check_connect(
        {"url": "wss://evil.example/"},
        mode=rt.mode,
        check_domain=rt.check_domain,
        legal_domains=rt.legal_domains,
        default_timeout_ms=1000,
    )
    assert isinstance(checked, Refusal)
    assert "evil.example:443 is not a legal domain" in checked.reason
