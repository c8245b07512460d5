"""``AppConfig``: what the app starts with, from the command line and the stored settings.

``parse_args`` is the ``ttsocket-demo`` CLI. Bad arguments print one clear line
and exit with status 2 (argparse's convention); nothing here imports Qt.

Checking a configuration gives :class:`ConfigProblem` values of two severities:

* ``error`` (:func:`validate`): the value cannot be used at all (a malformed URL,
  a header name that is not an HTTP token, a missing CA file). The settings panel
  refuses to apply it and the CLI exits with status 2.
* ``warning`` (:func:`policy_warnings`): the value is well formed but the runtime
  will refuse to connect with it (a ``ws://`` URL in release mode, a host that is
  not a legal domain). Provoking those refusals on purpose is part of the demo, so
  they are shown, never blocking.

Each problem carries a ``key`` into :data:`PROBLEM_TEXTS` (an English template)
and the ``args`` to fill it, so the UI can show it translated; ``reason`` is the
filled-in English text.

Stored settings and the command line meet in :func:`merge`: a field given on the
command line (see :attr:`CommandLine.explicit`) wins over the stored one.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, NoReturn
from urllib.parse import parse_qsl, urlencode

from app import __version__
from app.rules import _MANAGED_HEADERS, _TOKEN, Mode, Refusal, check_connect, parse_legal_domain

if TYPE_CHECKING:
    import argparse

# argparse and the scenario specs (app.server.scenarios) load when they are needed: a
# start without arguments and with a scenario that has no parameters needs neither, and
# the app imports this module before its window paints.

__all__ = [
    "DEFAULT_LEGAL_DOMAINS",
    "DEFAULT_TIMEOUT_MS",
    "FIELDS",
    "LANGUAGES",
    "MAX_TIMEOUT_MS",
    "PROBLEM_TEXTS",
    "RUNTIME_MAX_SOCKETS",
    "AppConfig",
    "CommandLine",
    "ConfigProblem",
    "merge",
    "parse_args",
    "parse_command_line",
    "parse_header",
    "parse_scenario_arg",
    "policy_warnings",
    "split_list",
    "validate",
]

LANGUAGES = ("zh", "en")
# The runtime's own defaults (``app.runtime.DEFAULT_LEGAL_DOMAINS`` and ``Runtime``'s
# ``max_sockets``, kept equal by a test), written here so that reading the configuration
# and drawing the window at start-up do not import the runtime.
#: The hosts the runtime accepts by default.
DEFAULT_LEGAL_DOMAINS: tuple[str, ...] = ("127.0.0.1", "localhost", "::1")
#: How many SocketTasks a runtime allows at once (connecting, open or closing).
RUNTIME_MAX_SOCKETS = 5
DEFAULT_TIMEOUT_MS = 60_000
MAX_TIMEOUT_MS = 24 * 3600 * 1000
#: A CA bundle is a few hundred kB at most; anything far bigger is the wrong file.
_MAX_CA_FILE_BYTES = 10 * 1024 * 1024

#: The embedded server's scenarios, in the order it lists them: the keys of
#: ``app.server.scenarios.SCENARIOS`` (kept equal by a test), here so that checking a
#: configuration does not import the scenarios' specs unless it has parameters to check.
_SCENARIO_NAMES: tuple[str, ...] = (
    "echo",
    "push",
    "close-after",
    "drop",
    "subprotocol",
    "reject",
    "slow",
    "binary",
    "burst",
)

#: The host the embedded server's ws:// and wss:// URLs use.
_EMBEDDED_WS_HOST = "127.0.0.1"
_EMBEDDED_WSS_HOST = "localhost"


@dataclass(frozen=True, slots=True)
class AppConfig:
    """Everything the window needs to start. ``url=None`` means: the embedded server.

    ``scenario`` and ``scenario_params`` choose what the embedded server does
    (``scenario_params`` are raw query values, e.g. ``(("n", "2"),)``, checked by
    :func:`validate`); :meth:`embedded_url` turns them into a URL.
    """

    url: str | None = None
    headers: tuple[tuple[str, str], ...] = ()
    protocols: tuple[str, ...] = ()
    mode: Mode = Mode.TEST
    legal_domains: tuple[str, ...] = DEFAULT_LEGAL_DOMAINS
    check_domain: bool = True
    ca_file: str | None = None
    timeout_ms: int = DEFAULT_TIMEOUT_MS
    lang: str = "zh"
    server: bool = True
    scenario: str = "echo"
    allow_multiple: bool = False
    presenter: bool = False
    scenario_params: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        # Accept "release" for Mode.RELEASE and lists for tuples, as callers pass them.
        set_field = object.__setattr__
        set_field(self, "mode", Mode(self.mode))
        set_field(self, "headers", tuple((str(k), str(v)) for k, v in self.headers))
        set_field(self, "protocols", tuple(self.protocols))
        set_field(self, "legal_domains", tuple(self.legal_domains))
        set_field(self, "scenario_params", tuple((str(k), str(v)) for k, v in self.scenario_params))

    def replace(self, **changes: object) -> AppConfig:
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    def connect_options(self) -> dict[str, object]:
        """The ``connectSocket`` options beyond ``url`` and callbacks."""
        options: dict[str, object] = {"timeout": self.timeout_ms}
        if self.headers:
            options["header"] = dict(self.headers)
        if self.protocols:
            options["protocols"] = list(self.protocols)
        return options

    @property
    def effective_check_domain(self) -> bool:
        """Whether legal domains are checked: always in release mode."""
        return self.check_domain or self.mode is Mode.RELEASE

    def scenario_path(self) -> str:
        """``/close-after?n=2`` for the chosen scenario and its parameters."""
        query = urlencode(self.scenario_params)
        return f"/{self.scenario}?{query}" if query else f"/{self.scenario}"

    def embedded_url(self, base_url: str) -> str:
        """The URL selecting the chosen scenario on the server at ``base_url``.

        Raises :class:`~app.server.ScenarioError` for a bad scenario or parameter
        (which :func:`validate` reports beforehand).
        """
        from app.server.scenarios import scenario_url

        return scenario_url(base_url, self.scenario, **dict(self.scenario_params))


#: Names of the :class:`AppConfig` fields, in declaration order.
FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(AppConfig))

Severity = Literal["error", "warning"]

#: English templates of every problem, by key. The UI keeps a translated copy.
PROBLEM_TEXTS: Mapping[str, str] = {
    "url.invalid": "not a usable WebSocket URL: {detail}",
    "url.needed": "with the embedded server off, a URL is needed",
    "url.release_ws": "release mode will refuse this URL: only wss:// is allowed",
    "url.not_legal": "{host} is not a legal domain: connecting will be refused",
    "url.embedded_not_legal": (
        "the embedded server ({host}) is not a legal domain: connecting will be refused"
    ),
    "headers.empty_name": "a header has a value but no name",
    "headers.name": "header name {name!r} is not a valid HTTP token",
    "headers.managed": "header {name!r} is set by the runtime and cannot be changed",
    "headers.control": "header {name!r}: the value contains a control character",
    "headers.latin1": "header {name!r}: the value must be ISO-8859-1 (Latin-1) text",
    "headers.duplicate": "header {name!r} is listed twice",
    "headers.referer": "Referer is never sent: tt.connectSocket drops it",
    "headers.refused": "the runtime refuses this header: {detail}",
    "protocols.token": "protocol {name!r} is not a valid token",
    "protocols.duplicate": "protocol {name!r} is listed twice",
    "timeout_ms.number": "timeout must be a whole number of milliseconds",
    "timeout_ms.range": "timeout must be between 1 ms and 24 hours (86400000 ms)",
    "legal_domains.invalid": "not HOST or HOST:PORT: {detail}",
    "legal_domains.none": "no legal domains: every connection will be refused",
    "check_domain.release": "release mode always checks legal domains",
    "ca_file.missing": "CA file not found: {path}",
    "ca_file.not_file": "not a file: {path}",
    "ca_file.unreadable": "cannot read the CA file: {detail}",
    "ca_file.too_big": "{path} is too large to be a CA certificate file",
    "ca_file.invalid": "{path} holds no PEM certificate",
    "lang.unknown": "language must be one of {choices}",
    "scenario.unknown": "unknown scenario {name!r}; known: {choices}",
    "scenario.param": "{detail}",
}


@dataclass(frozen=True, slots=True)
class ConfigProblem:
    """One problem with a setting: which field and why, in words for a person.

    ``reason`` is the English text; ``key`` and ``args`` let a UI translate it
    (``PROBLEM_TEXTS[key].format(**dict(args))`` is ``reason``).
    """

    field: str
    reason: str
    key: str = ""
    args: tuple[tuple[str, str], ...] = ()
    severity: Severity = "error"


#: Longest argument shown in a problem (a pasted 100 kB URL must not make a 100 kB label).
_MAX_ARG_CHARS = 200


def _problem(field: str, key: str, severity: Severity = "error", **args: str) -> ConfigProblem:
    args = {
        name: value if len(value) <= _MAX_ARG_CHARS else value[: _MAX_ARG_CHARS - 1] + "…"
        for name, value in args.items()
    }
    return ConfigProblem(
        field,
        PROBLEM_TEXTS[key].format(**args),
        key,
        tuple(args.items()),
        severity,
    )


def parse_header(text: str) -> tuple[str, str]:
    """``'K: V'`` → ``("K", "V")``; raises ``ValueError`` with a reason."""
    name, sep, value = text.partition(":")
    if not sep or not name.strip():
        raise ValueError(f"header {text!r} must look like 'Name: value'")
    return name.strip(), value.strip()


def split_list(text: str) -> tuple[str, ...]:
    """``"chat, v2  json"`` → ``("chat", "v2", "json")``: commas, spaces or new lines."""
    return tuple(part for part in text.replace(",", " ").split() if part)


def parse_scenario_arg(text: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """``"close-after?n=2&reason=bye"`` → ``("close-after", (("n", "2"), ("reason", "bye")))``.

    A leading ``/`` is allowed. The name and parameters are not checked here
    (:func:`validate` does that).
    """
    name, _, query = text.strip().lstrip("/").partition("?")
    return name.strip("/"), tuple(parse_qsl(query, keep_blank_values=True))


# -- checking -------------------------------------------------------------------------------

_GOOD_URL = "ws://127.0.0.1/"


def _refusal(options: Mapping[str, object]) -> str | None:
    """Why ``check_connect`` refuses ``options`` in test mode without domain checks."""
    checked = check_connect(
        {"url": _GOOD_URL, **options},
        mode=Mode.TEST,
        check_domain=False,
        legal_domains=(),
        default_timeout_ms=DEFAULT_TIMEOUT_MS,
    )
    return checked.reason if isinstance(checked, Refusal) else None


def _header_problems(headers: Iterable[tuple[str, str]]) -> list[ConfigProblem]:
    problems: list[ConfigProblem] = []
    seen: set[str] = set()
    for name, value in headers:
        if not name:
            problems.append(_problem("headers", "headers.empty_name"))
            continue
        if not _TOKEN.match(name):
            problems.append(_problem("headers", "headers.name", name=name))
            continue
        lowered = name.lower()
        if lowered in seen:
            problems.append(_problem("headers", "headers.duplicate", name=name))
            continue
        seen.add(lowered)
        if lowered == "referer":
            continue  # dropped by the runtime: a note, see policy_warnings()
        if lowered in _MANAGED_HEADERS:
            problems.append(_problem("headers", "headers.managed", name=name))
            continue
        if any(c in value for c in "\r\n\x00") or (not value.isprintable() and value.strip()):
            problems.append(_problem("headers", "headers.control", name=name))
            continue
        try:
            value.encode("latin-1")
        except UnicodeEncodeError:
            problems.append(_problem("headers", "headers.latin1", name=name))
            continue
        reason = _refusal({"header": {name: value}})
        if reason is not None:  # pragma: no cover - the checks above mirror the rules
            problems.append(_problem("headers", "headers.refused", detail=reason))
    return problems


def _protocol_problems(protocols: Iterable[str]) -> list[ConfigProblem]:
    problems: list[ConfigProblem] = []
    seen: set[str] = set()
    for name in protocols:
        if not _TOKEN.match(name):
            problems.append(_problem("protocols", "protocols.token", name=name))
        elif name in seen:
            problems.append(_problem("protocols", "protocols.duplicate", name=name))
        seen.add(name)
    return problems


def _ca_file_problem(path: str) -> ConfigProblem | None:
    if not os.path.exists(path):
        return _problem("ca_file", "ca_file.missing", path=path)
    if not os.path.isfile(path):
        return _problem("ca_file", "ca_file.not_file", path=path)
    import ssl  # only when a CA file is given: not at start-up

    try:
        if os.path.getsize(path) > _MAX_CA_FILE_BYTES:
            return _problem("ca_file", "ca_file.too_big", path=path)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.load_verify_locations(cafile=path)
    except ssl.SSLError:
        return _problem("ca_file", "ca_file.invalid", path=path)
    except (OSError, ValueError) as exc:
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return _problem("ca_file", "ca_file.unreadable", detail=detail)
    return None


def _legal(config: AppConfig) -> list[tuple[str, int | None]]:
    legal: list[tuple[str, int | None]] = []
    for entry in config.legal_domains:
        try:
            legal.append(parse_legal_domain(entry))
        except ValueError:
            continue
    return legal


def validate(config: AppConfig) -> list[ConfigProblem]:
    """Every error in ``config`` (severity ``error``), empty when it is usable."""
    problems: list[ConfigProblem] = []
    if config.url is not None:
        checked = check_connect(
            {"url": config.url},
            mode=Mode.TEST,
            check_domain=False,
            legal_domains=(),
            default_timeout_ms=DEFAULT_TIMEOUT_MS,
        )
        if isinstance(checked, Refusal):
            problems.append(_problem("url", "url.invalid", detail=checked.reason))
    elif not config.server:
        problems.append(_problem("url", "url.needed"))
    problems += _header_problems(config.headers)
    problems += _protocol_problems(config.protocols)
    if (
        isinstance(config.timeout_ms, bool)
        or not isinstance(config.timeout_ms, int)
        or not 0 < config.timeout_ms <= MAX_TIMEOUT_MS
    ):
        problems.append(_problem("timeout_ms", "timeout_ms.range"))
    for entry in config.legal_domains:
        try:
            parse_legal_domain(entry)
        except ValueError as exc:
            problems.append(_problem("legal_domains", "legal_domains.invalid", detail=str(exc)))
    if config.mode is Mode.RELEASE and not config.check_domain:
        problems.append(_problem("check_domain", "check_domain.release"))
    if config.ca_file is not None and (ca_problem := _ca_file_problem(config.ca_file)):
        problems.append(ca_problem)
    if config.lang not in LANGUAGES:
        problems.append(_problem("lang", "lang.unknown", choices=", ".join(LANGUAGES)))
    if config.scenario not in _SCENARIO_NAMES:
        problems.append(
            _problem(
                "scenario",
                "scenario.unknown",
                name=config.scenario,
                choices=", ".join(_SCENARIO_NAMES),
            )
        )
    elif config.scenario_params:
        # A known scenario without parameters always parses (every parameter has a valid
        # default), so the specs are only loaded to check parameters.
        from app.server.scenarios import ScenarioError, parse_scenario

        try:
            parse_scenario(config.scenario_path())
        except ScenarioError as exc:
            problems.append(_problem("scenario_params", "scenario.param", detail=str(exc)))
    return problems


def policy_warnings(config: AppConfig) -> list[ConfigProblem]:
    """What the runtime will refuse (severity ``warning``): valid settings, failing connects.

    Fields that have errors (see :func:`validate`) get no warnings.
    """
    errors = {problem.field for problem in validate(config)}
    warnings: list[ConfigProblem] = []
    if "headers" not in errors and any(name.lower() == "referer" for name, _ in config.headers):
        warnings.append(_problem("headers", "headers.referer", "warning"))
    legal = _legal(config)
    if "legal_domains" not in errors and config.effective_check_domain and not legal:
        warnings.append(_problem("legal_domains", "legal_domains.none", "warning"))
    if "url" in errors or "legal_domains" in errors:
        return warnings
    if config.url is not None:
        checked = check_connect(
            {"url": config.url},
            mode=config.mode,
            check_domain=config.check_domain,
            legal_domains=legal,
            default_timeout_ms=DEFAULT_TIMEOUT_MS,
        )
        if isinstance(checked, Refusal):
            if config.mode is Mode.RELEASE and config.url.lower().startswith("ws:"):
                warnings.append(_problem("url", "url.release_ws", "warning"))
            else:
                host = _url_host(config.url)
                warnings.append(_problem("url", "url.not_legal", "warning", host=host))
    elif config.server and config.effective_check_domain and legal:
        # The app connects to wss://localhost in release mode, ws://127.0.0.1 otherwise.
        host = _EMBEDDED_WSS_HOST if config.mode is Mode.RELEASE else _EMBEDDED_WS_HOST
        if not any(name == host for name, _ in legal):
            warnings.append(_problem("url", "url.embedded_not_legal", "warning", host=host))
    return warnings


def _url_host(url: str) -> str:
    from websockets.uri import parse_uri  # websockets loads when a URL is checked

    uri = parse_uri(url)
    host = f"[{uri.host}]" if ":" in uri.host else uri.host
    return f"{host}:{uri.port}"


# -- stored settings and the command line ------------------------------------------------------


def merge(stored: AppConfig, cli: AppConfig, explicit: Collection[str]) -> AppConfig:
    """The stored settings, with each field named in ``explicit`` taken from ``cli``.

    ``cli`` is what :func:`parse_command_line` returned and ``explicit`` its
    :attr:`CommandLine.explicit`. When a stored value does not fit with one given on
    the command line (a stored "skip the domain check" with ``--mode release``),
    the stored field falls back to the command line's (default) value.
    """
    unknown = set(explicit) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown config field(s): {', '.join(sorted(unknown))}")
    merged = stored.replace(**{name: getattr(cli, name) for name in explicit})
    for _ in FIELDS:  # each round fixes at least one field, so this ends
        bad = {p.field for p in validate(merged)} - set(explicit)
        if not bad:
            return merged
        merged = merged.replace(**{name: getattr(cli, name) for name in bad})
    return cli  # pragma: no cover - every field has been reset by now


@dataclass(frozen=True, slots=True)
class CommandLine:
    """What :func:`parse_command_line` found: the config and the fields given explicitly."""

    config: AppConfig
    explicit: frozenset[str]


#: The command's name in its usage, errors and warnings.
_PROG = "ttsocket-demo"


def _build_parser() -> argparse.ArgumentParser:
    import argparse

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str) -> NoReturn:
            self.exit(2, f"{self.prog}: error: {message}\n")

    parser = _Parser(
        prog=_PROG,
        description="A desktop replica of the tt.connectSocket sample page, with a lifecycle "
        "timeline and an embedded demo server. Options given here override the stored settings.",
    )
    parser.add_argument(
        "--url", help="WebSocket URL to connect to (default: the embedded server's scenario)"
    )
    parser.add_argument(
        "--header",
        action="append",
        default=None,
        metavar="'K: V'",
        help="extra handshake header (repeatable)",
    )
    parser.add_argument(
        "--protocol", action="append", default=None, metavar="P", help="subprotocol (repeatable)"
    )
    parser.add_argument("--mode", choices=[m.value for m in Mode], default=None)
    parser.add_argument(
        "--legal-domain",
        action="append",
        default=None,
        metavar="HOST[:PORT]",
        help="legal domain (repeatable; default: 127.0.0.1, localhost, ::1)",
    )
    parser.add_argument(
        "--no-domain-check", action="store_true", help="test mode: skip the legal-domain check"
    )
    parser.add_argument("--ca-file", metavar="PEM", help="extra CA certificate(s) to trust")
    parser.add_argument(
        "--timeout",
        type=int,
        default=None,
        metavar="MS",
        help=f"handshake timeout in ms (default {DEFAULT_TIMEOUT_MS})",
    )
    parser.add_argument("--lang", choices=LANGUAGES, default=None, help="interface language")
    parser.add_argument(
        "--no-server", action="store_true", help="do not start the embedded demo server"
    )
    parser.add_argument(
        "--scenario",
        default=None,
        metavar="NAME[?PARAMS]",
        help="embedded server scenario, e.g. 'close-after?n=2&code=4001': "
        + ", ".join(_SCENARIO_NAMES),
    )
    parser.add_argument("--multiple", action="store_true", help="allow several connections at once")
    parser.add_argument(
        "--presenter", action="store_true", help="presenter mode: larger type, secrets masked"
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


#: Which command-line option sets which field (for error messages).
_OPTION_OF = {
    "url": "--url",
    "headers": "--header",
    "protocols": "--protocol",
    "mode": "--mode",
    "legal_domains": "--legal-domain",
    "check_domain": "--no-domain-check",
    "ca_file": "--ca-file",
    "timeout_ms": "--timeout",
    "lang": "--lang",
    "server": "--no-server",
    "scenario": "--scenario",
    "scenario_params": "--scenario",
    "allow_multiple": "--multiple",
    "presenter": "--presenter",
}


def parse_command_line(argv: Sequence[str] | None = None) -> CommandLine:
    """Parse the command line; on a bad argument print one line to stderr and exit 2.

    Policy warnings (a ``ws://`` URL in release mode …) are printed to stderr as
    ``ttsocket-demo: warning: …`` lines and do not stop the app.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        # Nothing to parse: the defaults, checked as below (argparse is only built to
        # report a problem, which the defaults do not have).
        return _checked(AppConfig(), {}, None)
    parser = _build_parser()
    ns = parser.parse_args(args)
    headers: list[tuple[str, str]] = []
    for text in ns.header or ():
        try:
            headers.append(parse_header(text))
        except ValueError as exc:
            parser.error(f"--header: {exc}")
    given: dict[str, object] = {}
    if ns.url is not None:
        given["url"] = ns.url
    if ns.header is not None:
        given["headers"] = tuple(headers)
    if ns.protocol is not None:
        given["protocols"] = tuple(ns.protocol)
    if ns.mode is not None:
        given["mode"] = Mode(ns.mode)
    if ns.legal_domain is not None:
        given["legal_domains"] = tuple(ns.legal_domain)
    if ns.no_domain_check:
        given["check_domain"] = False
    if ns.ca_file is not None:
        given["ca_file"] = ns.ca_file
    if ns.timeout is not None:
        given["timeout_ms"] = ns.timeout
    if ns.lang is not None:
        given["lang"] = ns.lang
    if ns.no_server:
        given["server"] = False
    if ns.scenario is not None:
        given["scenario"], given["scenario_params"] = parse_scenario_arg(ns.scenario)
    if ns.multiple:
        given["allow_multiple"] = True
    if ns.presenter:
        given["presenter"] = True
    return _checked(AppConfig().replace(**given), given, parser)


def _checked(
    config: AppConfig, given: Mapping[str, object], parser: argparse.ArgumentParser | None
) -> CommandLine:
    """``config`` (from the options in ``given``) checked: the first error ends the
    program through ``parser`` (built now if needed), warnings go to stderr."""
    problems = validate(config)
    if problems:
        first = problems[0]
        (parser or _build_parser()).error(
            f"{_OPTION_OF.get(first.field, first.field)}: {first.reason}"
        )
    for warning in policy_warnings(config):
        print(
            f"{_PROG}: warning: {_OPTION_OF.get(warning.field, warning.field)}: {warning.reason}",
            file=sys.stderr,
        )
    return CommandLine(config, frozenset(given))


def parse_args(argv: Sequence[str] | None = None) -> AppConfig:
    """Parse the command line into an :class:`AppConfig` (see :func:`parse_command_line`)."""
    return parse_command_line(argv).config
