"""What the start-up loads before the window paints, and that loading less changed nothing.

The command line and the stored settings are checked before the window is built, so
``app.config`` avoids argparse (no arguments to parse) and the scenarios' specs (no
parameters to check); ``ui.resources`` reads the resources folder without
:mod:`importlib.resources` when the package is a folder on disk.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import ui.resources
from app.config import (
    _SCENARIO_NAMES,
    AppConfig,
    CommandLine,
    parse_command_line,
    validate,
)
from app.server.scenarios import SCENARIOS
from ui.resources import read_text, resource_path

ROOT = Path(__file__).resolve().parents[2]


def _modules_after(code: str) -> set[str]:
    """The modules a fresh interpreter has loaded after running ``code``."""
    probe = f"{code}\nimport sys\nprint('\\n'.join(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return set(done.stdout.split())


def test_config_knows_every_scenario_in_order() -> None:
    assert tuple(SCENARIOS) == _SCENARIO_NAMES


def test_no_arguments_give_the_defaults() -> None:
    assert parse_command_line([]) == CommandLine(AppConfig(), frozenset())
    assert validate(AppConfig()) == []


def test_checking_the_defaults_loads_neither_argparse_nor_the_scenarios() -> None:
    loaded = _modules_after(
        "from app.config import AppConfig, merge, parse_command_line\n"
        "line = parse_command_line([])\n"
        "merge(AppConfig(), line.config, line.explicit)"
    )
    assert "app.config" in loaded
    assert "argparse" not in loaded
    assert "app.server.scenarios" not in loaded


def test_scenario_parameters_are_still_checked() -> None:
    problems = validate(AppConfig(scenario="reject", scenario_params=(("status", "299"),)))
    assert [p.field for p in problems] == ["scenario_params"]
    assert problems[0].reason == "scenario 'reject': status must be 400–599, got 299"
    unknown = validate(AppConfig(scenario="nope"))
    assert [p.reason for p in unknown] == [
        "unknown scenario 'nope'; known: " + ", ".join(SCENARIOS)
    ]
    for name in SCENARIOS:  # a known scenario without parameters is always usable
        assert validate(AppConfig(scenario=name)) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--scenario", "nope"], "--scenario: unknown scenario 'nope'; known: "),
        (["--scenario", "close-after?n=x"], "--scenario: scenario 'close-after': n must be"),
        (["--timeout", "0"], "--timeout: timeout must be between 1 ms and 24 hours"),
    ],
)
def test_bad_arguments_end_with_one_line_and_status_2(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as ended:
        parse_command_line(args)
    assert ended.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(f"ttsocket-demo: error: {message}")
    assert err.count("\n") == 1


def test_resources_without_importlib_resources_are_the_same_files(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    direct = resource_path("styles", "app.qss")
    qss = read_text("styles", "app.qss")
    assert direct.is_file()
    # As for a package imported from an archive: through importlib.resources.
    monkeypatch.setattr(ui.resources, "_folder", [None])
    assert resource_path("styles", "app.qss") == direct
    assert read_text("styles", "app.qss") == qss
    assert resource_path("fonts").is_dir()


def test_reading_a_resource_does_not_load_importlib_resources() -> None:
    loaded = _modules_after(
        "from ui.resources import read_text, resource_path\n"
        "read_text('styles', 'app.qss')\n"
        "resource_path('translations').is_dir()"
    )
    assert "ui.resources" in loaded
    assert "importlib.resources" not in loaded


def test_badge_kinds_follow_ready_states() -> None:
    from app.events import ReadyState
    from ui.state_badge import _STATE_KIND, BadgeKind

    assert {state: _STATE_KIND[state] for state in ReadyState} == {
        ReadyState.CONNECTING: BadgeKind.CONNECTING,
        ReadyState.OPEN: BadgeKind.OPEN,
        ReadyState.CLOSING: BadgeKind.CLOSING,
        ReadyState.CLOSED: BadgeKind.CLOSED,
    }


def test_the_page_is_drawn_without_the_event_types() -> None:
    loaded = _modules_after(
        "import os\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from app.config import AppConfig\n"
        "from ui.page_view import PageView\n"
        "page = PageView(config=AppConfig(url='ws://127.0.0.1:1/?token=x'))\n"
        "page.show()\n"
        "app.processEvents()\n"
        "assert page.url_label.text() == 'ws://127.0.0.1:1/?token=x'"
    )
    assert "ui.page_view" in loaded
    assert "app.events" not in loaded
    assert "app.masking" not in loaded
