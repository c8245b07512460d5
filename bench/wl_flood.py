"""Workload 2 (parent side): a burst of messages into the real window vs a count-only client."""

from __future__ import annotations

import logging
from typing import Final

from bench.procs import ROOT, ChildFailedError, demo_server, run_child
from bench.report import Check, Sample, Suite

__all__ = ["COUNT_ONLY", "WINDOW", "run"]

logger = logging.getLogger(__name__)

WINDOW: Final = "window"
COUNT_ONLY: Final = "count-only"
SIZE: Final = 80
EXTRA_KEYS: Final = (
    "max_stall_ms",
    "p99_stall_ms",
    "rss_growth_mib",
    "lost",
    "console_rows",
    "console_dropped",
    "timeline_events",
    "session_frames_in",
    "session_save_ms",
)


def workload_name(count: int) -> str:
    return f"flood {count:,} × {SIZE} B"


def run(suite: Suite, *, reps: int, quick: bool, count: int) -> None:
    name = workload_name(count)
    if not (ROOT / "ui" / "main.py").is_file():
        suite.notes.append("flood: ui/main.py is missing, so the flood was not measured")
        return
    timeout = 60.0 if quick else 300.0
    clients = [WINDOW, COUNT_ONLY]
    for rep in range(reps):
        order = clients if rep % 2 == 0 else clients[::-1]
        with demo_server() as server:
            url = f"{server.url}burst?n={count}&size={SIZE}"
            for client in order:
                args = ["--client", client, "--url", url, "--count", str(count)]
                args += ["--timeout", str(timeout - 10)]
                try:
                    result = run_child("bench.flood_client", args, timeout=timeout)
                except ChildFailedError as exc:
                    suite.errors.append(f"{name} / {client} (rep {rep + 1}): {exc}")
                    continue
                extra = {
                    k: v for k, v in result.items() if isinstance(v, int | float) and k != "msgs"
                }
                extra.pop("wall_s", None)
                extra.pop("cpu_s", None)
                note = result.get("session")
                if isinstance(note, str) and f"flood: {note}" not in suite.notes:
                    suite.notes.append(f"flood: {note}")
                sample = Sample(
                    name,
                    client,
                    rep,
                    msgs=int(result["msgs"]),
                    wall_s=float(result["wall_s"]),
                    cpu_s=float(result["cpu_s"]),
                    extra=extra,
                )
                suite.samples.append(sample)
                logger.info(
                    "rep %d  %-38s %-20s %9.0f msg/s  max stall %.0f ms  p99 %.0f ms  +%.1f MiB",
                    rep + 1,
                    name,
                    client,
                    sample.msgs_per_s,
                    extra.get("max_stall_ms", float("nan")),
                    extra.get("p99_stall_ms", float("nan")),
                    extra.get("rss_growth_mib", float("nan")),
                )
    for client in clients:
        suite.add_row(name, client, baseline=COUNT_ONLY, extra_keys=EXTRA_KEYS)
    _add_checks(suite, name, count)


def _add_checks(suite: Suite, name: str, count: int) -> None:
    scale = "" if count == 100_000 else f"measured at {count:,}, target is for 100,000"
    suite.checks += [
        Check(
            "flood: max UI stall (median of runs)",
            name,
            suite.extra_median(name, WINDOW, "max_stall_ms"),
            50.0,
            "<=",
            " ms",
        ),
        Check(
            "flood: p99 UI stall (median of runs)",
            name,
            suite.extra_median(name, WINDOW, "p99_stall_ms"),
            16.0,
            "<=",
            " ms",
        ),
        Check(
            "flood: total time vs count-only client",
            name,
            suite.ratio(name, WINDOW, COUNT_ONLY, lambda s: s.wall_s),
            1.5,
            "<=",
        ),
        Check(
            "flood: memory growth (median of runs)",
            name,
            suite.extra_median(name, WINDOW, "rss_growth_mib"),
            64.0,
            "<=",
            " MiB",
            note=scale,
        ),
        Check(
            "flood: messages lost (worst run)",
            name,
            suite.extra_max(name, WINDOW, "lost"),
            0,
            "<=",
            "",
            note="see bench/README.md: what counts as lost",
        ),
        Check(
            "flood: frames missing from the saved session (worst run)",
            name,
            _session_missing(suite, name, count),
            0,
            "<=",
            "",
            note=""
            if suite.extra_max(name, WINDOW, "session_frames_in") is not None
            else "the window records no session yet",
        ),
    ]


def _session_missing(suite: Suite, name: str, count: int) -> float | None:
    saved = [
        float(s.extra["session_frames_in"])
        for s in suite.samples
        if s.workload == name and s.client == WINDOW and "session_frames_in" in s.extra
    ]
    return max(count - v for v in saved) if saved else None
