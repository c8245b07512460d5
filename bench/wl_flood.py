"""Workload 2 (parent side): placeholder until the flood client exists."""

from __future__ import annotations

from bench.report import Suite


def run(suite: Suite, *, reps: int, quick: bool, count: int) -> None:
    suite.notes.append("flood: not implemented yet")
