"""Results: samples, per-repetition ratios, medians, targets, the table and the JSON."""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = [
    "Check",
    "Row",
    "Sample",
    "Suite",
    "median",
    "ratio_per_rep",
]


@dataclass(slots=True)
class Sample:
    """One client process's measurement in one repetition."""

    workload: str
    client: str
    rep: int
    msgs: int
    wall_s: float
    cpu_s: float
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def msgs_per_s(self) -> float:
        return self.msgs / self.wall_s if self.wall_s > 0 else math.inf

    @property
    def cpu_us_per_msg(self) -> float:
        return self.cpu_s / self.msgs * 1e6 if self.msgs else math.nan


@dataclass(slots=True)
class Row:
    """Medians for one (workload, client): what the table prints."""

    workload: str
    client: str
    reps: int
    msgs_per_s: float
    cpu_us_per_msg: float
    baseline: str | None = None
    ratio: float | None = None  # median of per-repetition throughput ratios vs ``baseline``
    extra: dict[str, float] = field(default_factory=dict)


@dataclass(slots=True)
class Check:
    """A target: ``value`` (a median) compared with ``limit``."""

    target: str
    workload: str
    value: float | None
    limit: float
    op: str  # ">=" or "<="
    unit: str = "×"
    note: str = ""

    @property
    def passed(self) -> bool | None:
        if self.value is None or math.isnan(self.value):
            return None
        return self.value >= self.limit if self.op == ">=" else self.value <= self.limit

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["passed"] = self.passed
        return out


def median(values: Iterable[float]) -> float:
    data = [v for v in values if not math.isnan(v)]
    return statistics.median(data) if data else math.nan


def ratio_per_rep(
    samples: Sequence[Sample],
    workload: str,
    client: str,
    baseline: str,
    metric: Callable[[Sample], float],
) -> list[float]:
    """``metric(client) / metric(baseline)`` for each repetition where both ran."""
    by_rep: dict[tuple[str, int], Sample] = {
        (s.client, s.rep): s for s in samples if s.workload == workload
    }
    out: list[float] = []
    for (name, rep), sample in sorted(by_rep.items(), key=lambda kv: kv[0][1]):
        if name != client:
            continue
        base = by_rep.get((baseline, rep))
        if base is None:
            continue
        denominator = metric(base)
        if denominator > 0 and not math.isinf(denominator):
            out.append(metric(sample) / denominator)
    return out


@dataclass(slots=True)
class Suite:
    """Everything one ``python -m bench`` run produced."""

    meta: dict[str, Any] = field(default_factory=dict)
    samples: list[Sample] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def add_row(
        self,
        workload: str,
        client: str,
        baseline: str | None = None,
        extra_keys: Sequence[str] = (),
    ) -> Row | None:
        mine = [s for s in self.samples if s.workload == workload and s.client == client]
        if not mine:
            return None
        row = Row(
            workload=workload,
            client=client,
            reps=len(mine),
            msgs_per_s=median(s.msgs_per_s for s in mine),
            cpu_us_per_msg=median(s.cpu_us_per_msg for s in mine),
        )
        if baseline is not None and baseline != client:
            ratios = ratio_per_rep(self.samples, workload, client, baseline, _throughput)
            if ratios:
                row.baseline = baseline
                row.ratio = median(ratios)
        for key in extra_keys:
            values = [float(s.extra[key]) for s in mine if key in s.extra]
            if values:
                row.extra[key] = median(values)
        self.rows.append(row)
        return row

    def ratio(
        self,
        workload: str,
        client: str,
        baseline: str,
        metric: Callable[[Sample], float] | None = None,
    ) -> float | None:
        ratios = ratio_per_rep(self.samples, workload, client, baseline, metric or _throughput)
        return median(ratios) if ratios else None

    def extra_median(self, workload: str, client: str, key: str) -> float | None:
        values = [
            float(s.extra[key])
            for s in self.samples
            if s.workload == workload and s.client == client and key in s.extra
        ]
        return median(values) if values else None

    def extra_max(self, workload: str, client: str, key: str) -> float | None:
        values = [
            float(s.extra[key])
            for s in self.samples
            if s.workload == workload and s.client == client and key in s.extra
        ]
        return max(values) if values else None

    # -- output ------------------------------------------------------------------------------

    def as_json(self) -> dict[str, Any]:
        return {
            "meta": self.meta,
            "rows": [_clean(asdict(r)) for r in self.rows],
            "checks": [_clean(c.as_json()) for c in self.checks],
            "samples": [
                _clean(
                    {
                        **asdict(s),
                        "msgs_per_s": s.msgs_per_s,
                        "cpu_us_per_msg": s.cpu_us_per_msg,
                    }
                )
                for s in self.samples
            ],
            "notes": self.notes,
            "errors": self.errors,
        }

    def table(self) -> str:
        lines: list[str] = []
        header = ("workload", "client", "reps", "msgs/s", "CPU µs/msg", "ratio", "vs")
        body = [
            (
                r.workload,
                r.client,
                str(r.reps),
                _fmt_rate(r.msgs_per_s),
                _fmt(r.cpu_us_per_msg, 1),
                "" if r.ratio is None else f"{r.ratio:.2f}×",
                r.baseline or "",
            )
            for r in self.rows
        ]
        lines += _grid(header, body)
        extras = [r for r in self.rows if r.extra]
        if extras:
            lines.append("")
            header2 = ("workload", "client", "measure", "median")
            body2 = [
                (r.workload, r.client, key, _fmt(value, 2))
                for r in extras
                for key, value in r.extra.items()
            ]
            lines += _grid(header2, body2)
        if self.checks:
            lines.append("")
            if self.meta.get("quick"):
                lines.append(
                    "A --quick run (tiny counts, one repetition) checks that every measurement "
                    "runs; its verdicts below say nothing about the targets."
                )
            header3 = ("target", "workload", "measured", "limit", "result")
            body3 = [
                (
                    c.target,
                    c.workload,
                    "n/a" if c.value is None else f"{_fmt(c.value, 2)}{c.unit}",
                    f"{c.op} {_fmt(c.limit, 2)}{c.unit}",
                    {True: "PASS", False: "FAIL", None: "n/a"}[c.passed]
                    + (f" ({c.note})" if c.note else ""),
                )
                for c in self.checks
            ]
            lines += _grid(header3, body3)
        for note in self.notes:
            lines.append(f"note: {note}")
        for error in self.errors:
            lines.append(f"error: {error}")
        return "\n".join(lines)


def _throughput(sample: Sample) -> float:
    return sample.msgs_per_s


def cpu_per_msg(sample: Sample) -> float:
    return sample.cpu_us_per_msg


def _clean(value: Any) -> Any:
    """NaN and infinity are not JSON: make them null."""
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def _fmt(value: float, digits: int) -> str:
    if math.isnan(value):
        return "n/a"
    return f"{value:,.{digits}f}"


def _fmt_rate(value: float) -> str:
    if math.isnan(value) or math.isinf(value):
        return "n/a"
    return f"{value:,.0f}"


def _grid(header: Sequence[str], body: Sequence[Sequence[str]]) -> list[str]:
    widths = [
        max(len(h), *(len(row[i]) for row in body)) if body else len(h)
        for i, h in enumerate(header)
    ]
    numeric = {i for i in range(len(header)) if body and all(_is_num(row[i]) for row in body)}

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in numeric else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return [line(header), line(["-" * w for w in widths]), *(line(r) for r in body)]


def _is_num(text: str) -> bool:
    stripped = text.replace(",", "").replace("×", "").replace(".", "", 1)
    return stripped.isdigit() or text in ("", "n/a")
