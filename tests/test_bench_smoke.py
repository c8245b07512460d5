"""``python -m bench --quick`` runs end to end and writes JSON of the documented shape."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run_bench(*args: str, timeout: float) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    return subprocess.run(
        [sys.executable, "-m", "bench", *args],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.mark.timeout(90)
def test_quick_run_writes_json_of_the_documented_shape(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    proc = _run_bench("--quick", "--no-deflate", "--json", str(out), timeout=80)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    data = json.loads(out.read_text(encoding="utf-8"))

    assert set(data) == {"meta", "rows", "checks", "samples", "notes", "errors"}
    assert data["errors"] == []
    assert data["meta"]["quick"] is True
    assert data["meta"]["reps"] == 1

    workloads = {row["workload"] for row in data["rows"]}
    assert {
        "echo pingpong 64 B text",
        "echo pingpong 64 KiB binary",
        "echo pipelined 64 B text",
        "echo pipelined 64 KiB binary",
        "start-up: spawn to first paint",
    } <= workloads
    has_window = (ROOT / "ui" / "main.py").is_file()
    assert any(w.startswith("flood ") for w in workloads) is has_window

    echo_clients = {r["client"] for r in data["rows"] if r["workload"].startswith("echo")}
    assert {"sockettask", "websockets-qasync", "websockets-asyncio"} <= echo_clients
    assert ("qwebsocket" in echo_clients) is data["meta"]["qwebsocket"]
    for row in data["rows"]:
        if row["workload"].startswith("echo"):
            assert row["msgs_per_s"] > 0
            assert row["cpu_us_per_msg"] > 0

    flood = [r for r in data["rows"] if r["workload"].startswith("flood ")]
    if has_window:
        window = next(r for r in flood if r["client"] == "window")
        assert window["extra"]["lost"] == 0
        assert window["extra"]["max_stall_ms"] >= window["extra"]["p99_stall_ms"] > 0

    for check in data["checks"]:
        assert {"target", "workload", "value", "limit", "op", "passed"} <= set(check)
        assert check["op"] in ("<=", ">=")
        assert check["passed"] in (True, False, None)
    targets = {c["target"] for c in data["checks"]}
    assert "SocketTask throughput vs bare websockets, same loop" in targets
    assert "flood: max UI stall (median of runs)" in targets
    assert "start-up to first paint vs minimal PySide6 window" in targets

    for sample in data["samples"]:
        assert sample["wall_s"] > 0

    # The human-readable table names every workload too.
    assert "echo pingpong 64 B text" in proc.stdout
    assert "PASS" in proc.stdout or "FAIL" in proc.stdout
    # A quick run's verdicts are not the targets', and the table says so.
    assert "its verdicts below say nothing about the targets" in proc.stdout


def test_bad_usage_is_one_line_and_exit_2() -> None:
    proc = _run_bench("--reps", "0", timeout=30)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "--reps" in lines[0]
    assert "at least 1" in lines[0]
