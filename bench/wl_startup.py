"""Workload 3 (parent side): spawn to first paint, the app vs a minimal PySide6 window."""

from __future__ import annotations

import logging
import subprocess
import sys
import time
from collections.abc import Sequence
from typing import Any, Final

from bench.procs import ROOT, ChildFailedError, child_env, parse_result
from bench.report import Check, Sample, Suite

__all__ = ["WORKLOAD", "app_available", "run"]

logger = logging.getLogger(__name__)

WORKLOAD: Final = "start-up: spawn to first paint"
MINIMAL: Final = "minimal PySide6 window"
APP: Final = "ttsocket-demo window"


def app_available() -> bool:
    return (ROOT / "ui" / "main.py").is_file()


def spawn_to_paint(
    target: str, timeout: float, app_args: list[str], python_args: Sequence[str] = ()
) -> dict[str, Any]:
    """Spawn the probe and return its result plus ``spawn_to_paint_ms`` (and ``stderr``)."""
    cmd = [sys.executable, *python_args, "-m", "bench.startup_probe", "--target", target]
    if app_args:
        cmd += ["--", *app_args]
    env = child_env()
    t_spawn = time.time()
    try:
        proc = subprocess.run(
            cmd,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ChildFailedError(f"start-up probe ({target}) timed out") from exc
    result = parse_result("bench.startup_probe", proc.returncode, proc.stdout, proc.stderr)
    marks: dict[str, float] = result["marks"]
    result["spawn_to_paint_ms"] = (marks["first_paint"] - t_spawn) * 1000
    result["phases_ms"] = {name: (t - t_spawn) * 1000 for name, t in marks.items()}
    result["stderr"] = proc.stderr
    return result


def import_profile(stderr: str, top: int = 12) -> dict[str, Any]:
    """Parse ``-X importtime`` output: total self time and the costliest modules."""
    rows: list[tuple[int, int, str]] = []
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        try:
            self_us, cumulative_us, name = line.split(":", 1)[1].split("|")
            rows.append((int(self_us), int(cumulative_us), name.strip()))
        except ValueError:
            continue
    by_self = sorted(rows, reverse=True)[:top]
    return {
        "total_ms": sum(r[0] for r in rows) / 1000,
        "modules": len(rows),
        "top_self_ms": [
            {"module": n, "self_ms": s / 1000, "cumulative_ms": c / 1000} for s, c, n in by_self
        ],
    }


def run(suite: Suite, *, reps: int, quick: bool, app_args: list[str]) -> None:
    targets = [("minimal", MINIMAL)]
    if app_available():
        targets.append(("app", APP))
    else:
        suite.notes.append(
            "start-up: ui/main.py is missing, so only the minimal window was measured"
        )
    timeout = 30.0 if quick else 60.0
    # A throw-away first spawn of each so the OS file cache is warm for every measured one.
    for target, _ in targets:
        try:
            spawn_to_paint(target, timeout, app_args)
        except ChildFailedError as exc:
            logger.warning("warm-up of %s failed: %s", target, exc)
    for rep in range(reps):
        order = targets if rep % 2 == 0 else targets[::-1]
        for target, client in order:
            try:
                result = spawn_to_paint(target, timeout, app_args)
            except ChildFailedError as exc:
                suite.errors.append(f"{WORKLOAD} / {client} (rep {rep + 1}): {exc}")
                continue
            ms = float(result["spawn_to_paint_ms"])
            phases = result["phases_ms"]
            extra = {
                "spawn_to_paint_ms": ms,
                "interpreter_ms": float(phases["main"]),
                "imports_ms": float(phases.get("qapplication", ms)) - float(phases["main"]),
            }
            # What is built before the first paint: all of build_app, build_window (the
            # window and the core) or open_window (the window alone) when main() builds
            # the rest after the paint.
            for built in ("open_window", "build_app", "build_window"):
                if f"{built}_start" in phases and f"{built}_end" in phases:
                    extra["build_ms"] = float(phases[f"{built}_end"]) - float(
                        phases[f"{built}_start"]
                    )
                    break
            suite.samples.append(
                Sample(WORKLOAD, client, rep, msgs=1, wall_s=ms / 1000, cpu_s=0.0, extra=extra)
            )
            logger.info("rep %d  %-38s %-24s %7.1f ms", rep + 1, WORKLOAD, client, ms)
    for target, client in targets:
        try:
            profiled = spawn_to_paint(target, timeout, app_args, ["-X", "importtime"])
        except ChildFailedError as exc:
            logger.warning("import profile of %s failed: %s", client, exc)
            continue
        profile = import_profile(str(profiled["stderr"]))
        suite.meta.setdefault("import_profile", {})[client] = profile
        costly = ", ".join(f"{m['module']} {m['self_ms']:.0f}" for m in profile["top_self_ms"][:6])
        suite.notes.append(
            f"start-up, {client}: {profile['modules']} modules imported, "
            f"{profile['total_ms']:.0f} ms (-X importtime); costliest (ms, self): {costly}"
        )
    keys = ("spawn_to_paint_ms", "interpreter_ms", "imports_ms", "build_ms")
    for _, client in targets:
        row = suite.add_row(WORKLOAD, client, extra_keys=keys)
        if row is not None:
            row.msgs_per_s = float("nan")
            row.cpu_us_per_msg = float("nan")
    value = None
    if len(targets) == 2:
        value = suite.ratio(WORKLOAD, APP, MINIMAL, _paint_ms)
    suite.checks.append(
        Check(
            target="start-up to first paint vs minimal PySide6 window",
            workload=WORKLOAD,
            value=value,
            limit=2.0,
            op="<=",
            note="" if value is not None else "the app window is not available",
        )
    )


def _paint_ms(sample: Sample) -> float:
    return float(sample.extra["spawn_to_paint_ms"])
