"""The line every benchmark prints per measured row, read by ``bench/run.py`` (``make bench``).

One row = one line ``BENCH {json}`` with the keys of ``KEYS``: the timed path's p50/p95
(ms), its throughput (per second), database queries per request, the floor measured in
the same run (a hand-written view of the same data, raw SQL, or a primary-key lookup),
the ratio the target is about, the target (as text, e.g. "p95 <= 15x floor p50") and
whether it passed. Any other script can plug in by printing such lines.
"""

import json
import os
import statistics
import time

KEYS = (
    "name",
    "p50_ms",
    "p95_ms",
    "throughput",
    "queries",
    "floor_p50_ms",
    "floor_p95_ms",
    "ratio",
    "target",
    "passed",
)


def percentiles(samples: list[float]) -> tuple[float, float]:
    """(p50, p95) of ``samples`` (at least two)."""
    if len(samples) < 2:
        return samples[0], samples[0]
    cuts = statistics.quantiles(samples, n=20, method="inclusive")
    return statistics.median(samples), cuts[18]


def timed(fn, runs: int, warm: int = 2) -> list[float]:
    """Milliseconds of ``runs`` calls of ``fn`` after ``warm`` untimed ones."""
    for _ in range(warm):
        fn()
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return out


def interleaved(paths: dict, rounds: int, warm: int = 2) -> dict[str, list[float]]:
    """Time every callable of ``paths`` once per round, round after round, so a burst of
    load from other work on the machine hits every path (and its floor) alike."""
    for fn in paths.values():
        for _ in range(warm):
            fn()
    samples: dict[str, list[float]] = {name: [] for name in paths}
    for _ in range(rounds):
        for name, fn in paths.items():
            samples[name].extend(timed(fn, 1, warm=0))
    return samples


def emit(
    name: str,
    *,
    p50_ms: float | None,
    p95_ms: float | None,
    throughput: float | None = None,
    queries: float | None = None,
    floor_p50_ms: float | None = None,
    floor_p95_ms: float | None = None,
    ratio: float | None = None,
    target: str = "",
    passed: bool | None = None,
) -> dict:
    """Print one ``BENCH`` line and answer the row."""
    row = {
        "name": name,
        "p50_ms": _round(p50_ms),
        "p95_ms": _round(p95_ms),
        "throughput": _round(throughput),
        "queries": queries,
        "floor_p50_ms": _round(floor_p50_ms),
        "floor_p95_ms": _round(floor_p95_ms),
        "ratio": _round(ratio),
        "target": target,
        "passed": passed,
    }
    print("BENCH " + json.dumps(row, ensure_ascii=False), flush=True)
    return row


def emit_ratio(
    name: str,
    samples: list[float],
    floor: list[float],
    *,
    limit: float,
    basis: str = "p50",
    floor_basis: str = "p50",
    queries: float | None = None,
) -> dict:
    """A row whose ratio is ``basis`` of ``samples`` over ``floor_basis`` of ``floor``,
    passing when it is at most ``limit``; throughput = 1000 / p50 (one client)."""
    p50, p95 = percentiles(samples)
    f50, f95 = percentiles(floor)
    mine = p95 if basis == "p95" else p50
    theirs = f95 if floor_basis == "p95" else f50
    ratio = mine / theirs if theirs else None
    return emit(
        name,
        p50_ms=p50,
        p95_ms=p95,
        throughput=1000 / p50 if p50 else None,
        queries=queries,
        floor_p50_ms=f50,
        floor_p95_ms=f95,
        ratio=ratio,
        target=f"{basis} <= {limit:g}x floor {floor_basis}",
        passed=ratio is not None and ratio <= limit,
    )


def load_average() -> tuple[float, float, float] | None:
    try:
        return os.getloadavg()
    except OSError:  # not on this platform
        return None


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 3)
