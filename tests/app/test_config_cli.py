"""The ``ttsocket-demo`` command line, config checking, CLI-over-stored merging and the
string store. ``parse_args`` runs in-process for every flag; the real entry point
(``python -m app``, what the ``ttsocket-demo`` script runs) is run as a subprocess for
``--help``, ``--version`` and bad arguments."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest
import trustme

from app import __version__
from app.config import (
    FIELDS,
    PROBLEM_TEXTS,
    AppConfig,
    ConfigProblem,
    merge,
    parse_args,
    parse_command_line,
    parse_header,
    parse_scenario_arg,
    policy_warnings,
    split_list,
    validate,
)
from app.rules import Mode
from app.runtime import DEFAULT_LEGAL_DOMAINS
from app.settings_store import FORMAT_VERSION, KEYS, from_strings, to_strings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def ca_file(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    trustme.CA().cert_pem.write_to_path(str(path))
    return str(path)


def exits_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """Run ``parse_args(argv)``, expect exit status 2 and exactly one line on stderr."""
    with pytest.raises(SystemExit) as info:
        parse_args(argv)
    assert info.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("ttsocket-demo: error: ")
    return lines[0]


# -- every flag ------------------------------------------------------------------------------------


def test_no_arguments_give_the_defaults() -> None:
    command_line = parse_command_line([])
    assert command_line.config == AppConfig()
    assert command_line.explicit == frozenset()
    config = command_line.config
    assert config.url is None
    assert config.mode is Mode.TEST
    assert config.legal_domains == DEFAULT_LEGAL_DOMAINS
    assert config.timeout_ms == 60_000
    assert (config.lang, config.server, config.scenario) == ("zh", True, "echo")


def test_every_flag(ca_file: str) -> None:
    command_line = parse_command_line(
        [
            "--url",
            "wss://localhost:8443/chat?room=1",
            "--header",
            "X-Token: abc: def",
            "--header",
            "Accept-Language:zh",
            "--protocol",
            "chat",
            "--protocol",
            "json.v2",
            "--mode",
            "release",
            "--legal-domain",
            "localhost:8443",
            "--legal-domain",
            "[::1]",
            "--ca-file",
            ca_file,
            "--timeout",
            "1500",
            "--lang",
            "en",
            "--no-server",
            "--scenario",
            "/push?interval=250",
            "--multiple",
            "--presenter",
        ]
    )
    assert command_line.config == AppConfig(
        url="wss://localhost:8443/chat?room=1",
        headers=(("X-Token", "abc: def"), ("Accept-Language", "zh")),
        protocols=("chat", "json.v2"),
        mode=Mode.RELEASE,
        legal_domains=("localhost:8443", "[::1]"),
        check_domain=True,
        ca_file=ca_file,
        timeout_ms=1500,
        lang="en",
        server=False,
        scenario="push",
        scenario_params=(("interval", "250"),),
        allow_multiple=True,
        presenter=True,
    )
    assert command_line.explicit == frozenset(FIELDS) - {"check_domain"}


def test_no_domain_check_in_test_mode() -> None:
    command_line = parse_command_line(["--no-domain-check", "--url", "ws://example.com/"])
    assert command_line.config.check_domain is False
    assert command_line.explicit == {"check_domain", "url"}


def test_a_default_value_given_explicitly_still_counts_as_given() -> None:
    assert parse_command_line(["--mode", "test", "--timeout", "60000"]).explicit == {
        "mode",
        "timeout_ms",
    }


def test_help_and_version_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        parse_args(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out == f"ttsocket-demo {__version__}\n"
    with pytest.raises(SystemExit) as info:
        parse_args(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    for option in (
        "--url",
        "--header",
        "--protocol",
        "--mode",
        "--legal-domain",
        "--ca-file",
        "--timeout",
        "--lang",
        "--no-server",
        "--scenario",
        "--version",
    ):
        assert option in out


# -- every bad value: one line, exit 2 -------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--bogus"], "unrecognized arguments: --bogus"),
        (["--url"], "argument --url: expected one argument"),
        (["--url", "http://example.com/"], "--url: not a usable WebSocket URL: invalid url"),
        (["--url", "ws://"], "--url: not a usable WebSocket URL"),
        (
            ["--url", "ws://h:99999/"],
            "--url: not a usable WebSocket URL: invalid url 'ws://h:99999/'",
        ),
        (["--header", "NoColon"], "--header: header 'NoColon' must look like 'Name: value'"),
        (["--header", ": v"], "--header: header ': v' must look like 'Name: value'"),
        (["--header", "Bad Name: v"], "--header: header name 'Bad Name' is not a valid HTTP token"),
        (["--header", "Host: x"], "--header: header 'Host' is set by the runtime"),
        (["--header", "X-A: 1", "--header", "x-a: 2"], "--header: header 'x-a' is listed twice"),
        (["--header", "X-A: \u4e2d"], "--header: header 'X-A': the value must be ISO-8859-1"),
        (["--protocol", "a b"], "--protocol: protocol 'a b' is not a valid token"),
        (["--protocol", "p", "--protocol", "p"], "--protocol: protocol 'p' is listed twice"),
        (["--mode", "prod"], "argument --mode: invalid choice: 'prod'"),
        (["--legal-domain", "https://x.com"], "--legal-domain: not HOST or HOST:PORT"),
        (["--legal-domain", "x.com:http"], "legal domain 'x.com:http' has a bad port"),
        (["--legal-domain", "x.com:70000"], "has a port out of range"),
        (["--ca-file", "/no/such/ca.pem"], "--ca-file: CA file not found: /no/such/ca.pem"),
        (["--timeout", "abc"], "argument --timeout: invalid int value: 'abc'"),
        (["--timeout", "0"], "--timeout: timeout must be between 1 ms and 24 hours"),
        (["--timeout", "86400001"], "--timeout: timeout must be between 1 ms and 24 hours"),
        (["--lang", "fr"], "argument --lang: invalid choice: 'fr'"),
        (["--scenario", "nope"], "--scenario: unknown scenario 'nope'; known: echo, push"),
        (["--scenario", "push?interval=1"], "interval must be 10–3600000, got 1"),
        (["--scenario", "push?every=5"], "unknown parameter 'every'"),
        (["--scenario", "reject?status=499"], "status 499 is not known"),
        (["--no-server"], "--url: with the embedded server off, a URL is needed"),
        (
            ["--mode", "release", "--no-domain-check"],
            "--no-domain-check: release mode always checks legal domains",
        ),
    ],
)
def test_bad_arguments_print_one_line_and_exit_2(
    argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert expected in exits_2(argv, capsys)


def test_ca_file_that_is_not_a_certificate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate\n")
    assert f"--ca-file: {junk} holds no PEM certificate" in exits_2(
        ["--ca-file", str(junk)], capsys
    )
    assert f"--ca-file: not a file: {tmp_path}" in exits_2(["--ca-file", str(tmp_path)], capsys)


def test_policy_conflicts_warn_but_do_not_stop(capsys: pytest.CaptureFixture[str]) -> None:
    config = parse_args(["--mode", "release", "--url", "ws://127.0.0.1:8765/"])
    assert config.mode is Mode.RELEASE
    assert capsys.readouterr().err == (
        "ttsocket-demo: warning: --url: release mode will refuse this URL: only wss:// is allowed\n"
    )
    parse_args(["--url", "ws://example.com/"])
    assert capsys.readouterr().err == (
        "ttsocket-demo: warning: --url: example.com:80 is not a legal domain: "
        "connecting will be refused\n"
    )
    parse_args(["--url", "ws://example.com/", "--no-domain-check"])
    assert capsys.readouterr().err == ""


# -- the real entry point, as a subprocess ----------------------------------------------------------


def run_app(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_entry_point_version() -> None:
    result = run_app("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"ttsocket-demo {__version__}\n"


def test_entry_point_help() -> None:
    result = run_app("--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: ttsocket-demo")
    assert "--scenario NAME[?PARAMS]" in result.stdout
    assert "--no-server" in result.stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--mode", "prod"], "ttsocket-demo: error: argument --mode: invalid choice: 'prod'"),
        (["--timeout", "-5"], "ttsocket-demo: error: --timeout: timeout must be between"),
    ],
)
def test_entry_point_bad_argument(args: list[str], expected: str) -> None:
    result = run_app(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(expected)


# -- helpers --------------------------------------------------------------------------------------


def test_parse_header_and_lists() -> None:
    assert parse_header("  X-A :  b c ") == ("X-A", "b c")
    assert parse_header("X-Empty:") == ("X-Empty", "")
    with pytest.raises(ValueError, match="must look like"):
        parse_header("X-A")
    assert split_list(" chat, json\nv2,,  ") == ("chat", "json", "v2")
    assert split_list("") == ()
    assert parse_scenario_arg("/close-after?n=2&reason=a%20b") == (
        "close-after",
        (("n", "2"), ("reason", "a b")),
    )
    assert parse_scenario_arg("echo") == ("echo", ())


def test_app_config_coerces_and_builds_urls() -> None:
    config = AppConfig(
        mode="release",  # type: ignore[arg-type]
        protocols=["a"],  # type: ignore[arg-type]
        scenario="close-after",
        scenario_params=[("n", 2)],  # type: ignore[arg-type]
    )
    assert config.mode is Mode.RELEASE
    assert config.protocols == ("a",)
    assert config.scenario_params == (("n", "2"),)
    assert config.scenario_path() == "/close-after?n=2"
    assert config.embedded_url("wss://localhost:9/x") == "wss://localhost:9/close-after?n=2"
    assert config.effective_check_domain
    assert AppConfig(check_domain=False).effective_check_domain is False
    with pytest.raises(ValueError, match="prod"):
        AppConfig(mode="prod")  # type: ignore[arg-type]


def test_connect_options() -> None:
    config = AppConfig(headers=(("X-A", "1"),), protocols=("chat",), timeout_ms=500)
    assert config.connect_options() == {
        "timeout": 500,
        "header": {"X-A": "1"},
        "protocols": ["chat"],
    }
    assert AppConfig().connect_options() == {"timeout": 60_000}


# -- validate / policy_warnings -----------------------------------------------------------------------


def test_every_problem_reason_is_its_template_filled_in() -> None:
    config = AppConfig(
        url="http://x/",
        headers=(("", "v"), ("Bad Name", "1"), ("Cookie\r", "x"), ("X-Ctl", "a\nb")),
        protocols=("p q",),
        timeout_ms=0,
        legal_domains=("",),
        ca_file="/no/such/file",
        lang="fr",
        scenario="nope",
    )
    problems = validate(config)
    assert {p.severity for p in problems} == {"error"}
    for problem in problems:
        assert PROBLEM_TEXTS[problem.key].format(**dict(problem.args)) == problem.reason
    assert [p.field for p in problems] == [
        "url",
        "headers",
        "headers",
        "headers",
        "headers",
        "protocols",
        "timeout_ms",
        "legal_domains",
        "ca_file",
        "lang",
        "scenario",
    ]


def test_long_values_are_shortened_in_reasons() -> None:
    [problem] = validate(AppConfig(url="ws://a b/" + "x" * 100_000))
    assert len(problem.reason) < 300
    assert problem.reason.endswith("…")


def test_valid_configs_have_no_problems(ca_file: str) -> None:
    assert validate(AppConfig()) == []
    assert validate(AppConfig(url="wss://example.com:8443/x", ca_file=ca_file)) == []
    assert validate(AppConfig(headers=(("Referer", "x"), ("X-Latin", "caf\xe9")))) == []
    assert validate(AppConfig(legal_domains=())) == []
    assert validate(AppConfig(scenario="burst", scenario_params=(("n", "5"),))) == []


def test_bad_scenario_parameters_are_reported_on_their_own_field() -> None:
    [problem] = validate(AppConfig(scenario="slow", scenario_params=(("delay", "x"),)))
    assert problem.field == "scenario_params"
    assert "delay must be a whole number" in problem.reason


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (AppConfig(), []),
        (AppConfig(url="ws://127.0.0.1:1/"), []),
        (AppConfig(headers=(("referer", "x"),)), [("headers", "headers.referer")]),
        (AppConfig(url="ws://localhost:1/", mode=Mode.RELEASE), [("url", "url.release_ws")]),
        (AppConfig(url="wss://example.com/"), [("url", "url.not_legal")]),
        (AppConfig(url="wss://example.com/", check_domain=False), []),
        (
            AppConfig(url="wss://example.com/", legal_domains=("example.com:8443",)),
            [("url", "url.not_legal")],
        ),
        (AppConfig(url="wss://example.com:8443/", legal_domains=("example.com:8443",)), []),
        (AppConfig(legal_domains=()), [("legal_domains", "legal_domains.none")]),
        (AppConfig(legal_domains=(), check_domain=False), []),
        (AppConfig(legal_domains=("example.com",)), [("url", "url.embedded_not_legal")]),
        (
            AppConfig(mode=Mode.RELEASE, legal_domains=("127.0.0.1",)),
            [("url", "url.embedded_not_legal")],
        ),
        (AppConfig(mode=Mode.RELEASE, legal_domains=("localhost",)), []),
        (AppConfig(url="http://x/"), []),  # an error, so no warning on top
    ],
)
def test_policy_warnings(config: AppConfig, expected: list[tuple[str, str]]) -> None:
    warnings = policy_warnings(config)
    assert [(w.field, w.key) for w in warnings] == expected
    assert all(w.severity == "warning" for w in warnings)


def test_the_release_ws_warning_matches_what_the_runtime_refuses() -> None:
    [warning] = policy_warnings(AppConfig(url="ws://localhost:1/", mode=Mode.RELEASE))
    assert warning == ConfigProblem(
        "url",
        "release mode will refuse this URL: only wss:// is allowed",
        "url.release_ws",
        (),
        "warning",
    )


# -- merge: the command line over the stored settings ----------------------------------------------------


def test_merge_takes_explicit_fields_from_the_command_line() -> None:
    stored = AppConfig(
        url="ws://127.0.0.1:9000/", protocols=("chat",), timeout_ms=900, presenter=True
    )
    command_line = parse_command_line(["--timeout", "1200", "--scenario", "burst?n=3"])
    merged = merge(stored, command_line.config, command_line.explicit)
    assert merged == stored.replace(
        timeout_ms=1200, scenario="burst", scenario_params=(("n", "3"),)
    )


def test_merge_without_arguments_keeps_the_stored_settings() -> None:
    stored = AppConfig(url="ws://127.0.0.1:9000/", lang="en", allow_multiple=True)
    command_line = parse_command_line([])
    assert merge(stored, command_line.config, command_line.explicit) == stored


def test_merge_resets_a_stored_value_that_conflicts_with_the_command_line() -> None:
    stored = AppConfig(check_domain=False)  # fine in test mode
    command_line = parse_command_line(["--mode", "release"])
    merged = merge(stored, command_line.config, command_line.explicit)
    assert merged.mode is Mode.RELEASE
    assert merged.check_domain is True
    assert validate(merged) == []


def test_merge_refuses_unknown_field_names() -> None:
    with pytest.raises(ValueError, match="unknown config field"):
        merge(AppConfig(), AppConfig(), {"colour"})


# -- the string store ------------------------------------------------------------------------------------


def test_store_round_trip(ca_file: str) -> None:
    config = AppConfig(
        url="wss://localhost:8443/a?b=c,d",
        headers=(("X-A", 'quote " and, comma'), ("Referer", "https://x/")),
        protocols=("chat", "v2"),
        mode=Mode.RELEASE,
        legal_domains=("localhost:8443", "[::1]:80"),
        ca_file=ca_file,
        timeout_ms=1234,
        lang="en",
        server=False,
        scenario="subprotocol",
        scenario_params=(("mode", "force"), ("name", "chat")),
        allow_multiple=True,
        presenter=True,
    )
    strings = to_strings(config)
    assert set(strings) == set(KEYS)
    assert all(isinstance(value, str) for value in strings.values())
    assert strings["version"] == FORMAT_VERSION
    loaded = from_strings(strings)
    assert loaded.config == config
    assert loaded.warnings == ()
    assert from_strings(to_strings(AppConfig())).config == AppConfig()


def test_store_missing_keys_take_defaults_silently() -> None:
    assert from_strings({}).config == AppConfig()
    assert from_strings({}).warnings == ()
    assert from_strings({"timeout_ms": "5"}).config == AppConfig(timeout_ms=5)


@pytest.mark.parametrize(
    ("key", "value", "warning"),
    [
        ("timeout_ms", "soon", "timeout_ms: 'soon' is not valid (expected a whole number)"),
        ("timeout_ms", "-3", "timeout_ms: timeout must be between 1 ms and 24 hours"),
        ("headers", "{not json", "headers: '{not json' is not valid (not JSON"),
        ("headers", '[["only-name"]]', "expected a JSON list of [name, value] pairs"),
        ("headers", '[["Bad Name", "v"]]', "header name 'Bad Name' is not a valid HTTP token"),
        ("protocols", '"chat"', "expected a JSON list of strings"),
        ("protocols", "[1, 2]", "expected a JSON list of strings"),
        ("mode", "prod", "mode: 'prod' is not valid (expected test or release)"),
        ("check_domain", "maybe", "expected true or false"),
        ("legal_domains", '["http://x"]', "legal_domains: not HOST or HOST:PORT"),
        ("ca_file", "/no/such/ca.pem", "ca_file: CA file not found: /no/such/ca.pem"),
        ("lang", "fr", "lang: language must be one of zh, en"),
        ("scenario", "nope", "scenario: unknown scenario 'nope'"),
        ("scenario_params", '[["n", "x"]]', "scenario_params: scenario 'echo': unknown parameter"),
        ("url", "http://x/", "url: not a usable WebSocket URL"),
        ("presenter", 1, "presenter: 1 is not text"),
        ("version", "99", "unknown format version '99'"),
    ],
)
def test_store_corrupt_values_fall_back_with_a_logged_warning(
    key: str, value: object, warning: str, caplog: pytest.LogCaptureFixture
) -> None:
    good = to_strings(AppConfig(timeout_ms=777, lang="en"))
    with caplog.at_level(logging.WARNING, logger="app.settings_store"):
        loaded = from_strings({**good, key: value})
    assert len(loaded.warnings) == 1, loaded.warnings
    assert warning in loaded.warnings[0]
    assert warning in caplog.text
    expected = AppConfig(timeout_ms=777, lang="en")
    if key not in ("version",):
        expected = expected.replace(**{key: getattr(AppConfig(), key)})
    assert loaded.config == expected


def test_store_values_that_only_fail_together() -> None:
    loaded = from_strings({"server": "false", "url": ""})
    assert loaded.config.server is True  # the embedded server comes back, rather than no URL
    assert "with the embedded server off, a URL is needed" in loaded.warnings[0]
    loaded = from_strings({"mode": "release", "check_domain": "false"})
    assert loaded.config == AppConfig(mode=Mode.RELEASE, check_domain=True)


def test_store_never_raises_on_garbage() -> None:
    garbage: dict[str, object] = {key: ["a", "list"] for key in KEYS}
    loaded = from_strings(garbage)
    assert loaded.config == AppConfig()
    assert len(loaded.warnings) == len(KEYS)
    assert json.loads(to_strings(loaded.config)["headers"]) == []
