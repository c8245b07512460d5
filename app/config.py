"""``AppConfig``: what the app starts with, from the command line (and settings).

``parse_args`` is the ``ttsocket-demo`` CLI. Bad arguments print one clear line
and exit with status 2 (argparse's convention); nothing here imports Qt.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NoReturn

from app import __version__
from app.rules import Mode, Refusal, check_connect, parse_legal_domain
from app.runtime import DEFAULT_LEGAL_DOMAINS
from app.server.scenarios import SCENARIOS

__all__ = ["LANGUAGES", "AppConfig", "ConfigProblem", "parse_args", "parse_header", "validate"]

LANGUAGES = ("zh", "en")


@dataclass(frozen=True, slots=True)
class AppConfig:
    """Everything the window needs to start. ``url=None`` means: the embedded server."""

    url: str | None = None
    headers: tuple[tuple[str, str], ...] = ()
    protocols: tuple[str, ...] = ()
    mode: Mode = Mode.TEST
    legal_domains: tuple[str, ...] = DEFAULT_LEGAL_DOMAINS
    check_domain: bool = True
    ca_file: str | None = None
    timeout_ms: int = 60_000
    lang: str = "zh"
    server: bool = True
    scenario: str = "echo"
    allow_multiple: bool = False
    presenter: bool = False

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


@dataclass(frozen=True, slots=True)
class ConfigProblem:
    """One invalid setting: which field and why, in words for a person."""

    field: str
    reason: str


def parse_header(text: str) -> tuple[str, str]:
    """``'K: V'`` → ``("K", "V")``; raises ``ValueError`` with a reason."""
    name, sep, value = text.partition(":")
    if not sep or not name.strip():
        raise ValueError(f"header {text!r} must look like 'Name: value'")
    return name.strip(), value.strip()


def validate(config: AppConfig) -> list[ConfigProblem]:
    """Every problem in ``config``, empty when it is usable."""
    problems: list[ConfigProblem] = []
    legal: list[tuple[str, int | None]] = []
    for entry in config.legal_domains:
        try:
            legal.append(parse_legal_domain(entry))
        except ValueError as exc:
            problems.append(ConfigProblem("legal_domains", str(exc)))
    if config.mode is Mode.RELEASE and not config.check_domain:
        problems.append(ConfigProblem("check_domain", "release mode always checks legal domains"))
    if not 0 < config.timeout_ms <= 24 * 3600 * 1000 or not math.isfinite(config.timeout_ms):
        problems.append(ConfigProblem("timeout_ms", "timeout must be between 1 ms and 24 hours"))
    if config.lang not in LANGUAGES:
        problems.append(ConfigProblem("lang", f"language must be one of {', '.join(LANGUAGES)}"))
    if config.scenario not in SCENARIOS:
        problems.append(
            ConfigProblem(
                "scenario", f"unknown scenario {config.scenario!r}; known: {', '.join(SCENARIOS)}"
            )
        )
    if config.ca_file is not None and not os.path.isfile(config.ca_file):
        problems.append(ConfigProblem("ca_file", f"CA file not found: {config.ca_file}"))
    if config.url is None and not config.server:
        problems.append(ConfigProblem("url", "with the embedded server off, a URL is needed"))
    options: dict[str, object] = {
        "url": config.url or "ws://127.0.0.1/",
        **config.connect_options(),
    }
    checked = check_connect(
        options,
        mode=config.mode,
        check_domain=config.check_domain if config.url is not None else False,
        legal_domains=legal,
        default_timeout_ms=60_000,
    )
    if isinstance(checked, Refusal) and (config.url is not None or "url" not in checked.reason):
        reason = checked.reason
        field_name = "url" if "url" in reason else "headers" if "header" in reason else "protocols"
        problems.append(ConfigProblem(field_name, reason))
    return problems


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="ttsocket-demo",
        description="A desktop replica of the tt.connectSocket sample page, with a lifecycle "
        "timeline and an embedded demo server.",
    )
    parser.add_argument("--url", help="WebSocket URL to connect to (default: the embedded server)")
    parser.add_argument(
        "--header",
        action="append",
        default=[],
        metavar="'K: V'",
        help="extra handshake header (repeatable)",
    )
    parser.add_argument(
        "--protocol", action="append", default=[], metavar="P", help="subprotocol (repeatable)"
    )
    parser.add_argument("--mode", choices=[m.value for m in Mode], default=Mode.TEST.value)
    parser.add_argument(
        "--legal-domain",
        action="append",
        default=None,
        metavar="HOST[:PORT]",
        help="legal domain (repeatable)",
    )
    parser.add_argument(
        "--no-domain-check", action="store_true", help="test mode: skip the legal-domain check"
    )
    parser.add_argument("--ca-file", metavar="PEM", help="extra CA certificate(s) to trust")
    parser.add_argument(
        "--timeout", type=int, default=60_000, metavar="MS", help="handshake timeout in ms"
    )
    parser.add_argument("--lang", choices=LANGUAGES, default="zh", help="interface language")
    parser.add_argument(
        "--no-server", action="store_true", help="do not start the embedded demo server"
    )
    parser.add_argument(
        "--scenario",
        default="echo",
        metavar="NAME",
        help=f"embedded server scenario: {', '.join(SCENARIOS)}",
    )
    parser.add_argument("--multiple", action="store_true", help="allow several connections at once")
    parser.add_argument(
        "--presenter", action="store_true", help="presenter mode: larger type, secrets masked"
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def parse_args(argv: Sequence[str] | None = None) -> AppConfig:
    """Parse the command line; on a bad argument print one line to stderr and exit 2."""
    parser = _build_parser()
    ns = parser.parse_args(argv)
    headers: list[tuple[str, str]] = []
    for text in ns.header:
        try:
            headers.append(parse_header(text))
        except ValueError as exc:
            parser.error(f"--header: {exc}")
    config = AppConfig(
        url=ns.url,
        headers=tuple(headers),
        protocols=tuple(ns.protocol),
        mode=Mode(ns.mode),
        legal_domains=tuple(ns.legal_domain) if ns.legal_domain else DEFAULT_LEGAL_DOMAINS,
        check_domain=not ns.no_domain_check,
        ca_file=ns.ca_file,
        timeout_ms=ns.timeout,
        lang=ns.lang,
        server=not ns.no_server,
        scenario=ns.scenario,
        allow_multiple=ns.multiple,
        presenter=ns.presenter,
    )
    problems = validate(config)
    if problems:
        option = {
            "legal_domains": "--legal-domain",
            "check_domain": "--no-domain-check",
            "timeout_ms": "--timeout",
            "ca_file": "--ca-file",
            "headers": "--header",
            "protocols": "--protocol",
            "url": "--url",
            "lang": "--lang",
            "scenario": "--scenario",
        }.get(problems[0].field, problems[0].field)
        parser.error(f"{option}: {problems[0].reason}")
    return config


if __name__ == "__main__":  # pragma: no cover
    print(parse_args(sys.argv[1:]))
