"""``make bench``: every benchmark of bench/ in one run, and one table of their rows.

Runs each benchmark script as a subprocess on PostgreSQL (``DATABASE_URL``, by default
``ovop_bench`` on 127.0.0.1, created when missing and migrated first), collects the
``BENCH {json}`` lines they print (``bench/protocol.py``) and prints one table: p50,
p95, throughput, queries per request, the floor measured in the same run, the ratio,
the target and PASS/MISS, with the machine's load average at the start and the end. The ratios are what count: on a shared machine the absolute figures
move with the load, a ratio measured in the same run much less.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ovop_bench .venv/bin/python bench/run.py
    options: --products 20000 (BENCH_PRODUCTS), --only search,api (names of STEPS),
             --json out.json (the rows and loads, e.g. for the README)

With ``BENCH_LARGE_DATABASE_URL`` naming a database that holds a larger catalogue
(``search_bench.py --products 1000000 --keep`` on it once), the ``scale`` step times the
same searches on both catalogues side by side (``scale_bench.py``).

The scripts write tagged rows (slugs ``bench-...``) into that database and delete them
at the end; use a scratch database.
"""

import argparse
import datetime
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
# a scratch database of its own on the project's PostgreSQL (created when missing)
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/ovop_bench"

# (step, script, arguments): the search rows are kept for the API and page benchmark,
# then deleted; the other scripts delete their own rows.
STEPS = (
    ("search", "search_bench.py", ["--products", "{products}", "--runs", "{runs}", "--keep"]),
    ("api", "api_bench.py", ["--runs", "{runs}"]),
    # the same searches on a larger catalogue (BENCH_LARGE_DATABASE_URL), side by side;
    # 100 rounds: its verdict compares two p95s, and the p95 of 40 samples is their
    # second largest (one stall on either side moved a ratio by a third)
    (
        "scale",
        "scale_bench.py",
        ["--small", "{database}", "--large", "{large_database}", "--runs", "100"],
    ),
    ("cleanup", "search_bench.py", ["--cleanup"]),
    ("checkout", "checkout_bench.py", ["--clients", "8", "--checkouts", "25", "--variants", "4"]),
    ("stock_sync", "stock_sync_bench.py", ["--lines", "2000", "--rounds", "7"]),
    ("report", "report_bench.py", ["--lines", "{report_lines}", "--runs", "7", "--quiet"]),
)


def database_create(url: str) -> None:
    """Create the benchmark's database when it is not there yet (``migrate`` fills it)."""
    import psycopg

    base, _sep, name = url.rpartition("/")
    name = name.split("?")[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if found.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


def load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def steps_to_run(only: set[str]) -> list[tuple[str, str, list[str]]]:
    """The STEPS asked for (all when ``only`` is empty). The cleanup of the search
    step's catalogue runs whenever the search step does, and only then: ``--only
    scale`` times a catalogue left by an earlier ``--keep`` run and keeps it."""
    wanted = set(only or (step for step, _script, _template in STEPS))
    if "search" in wanted:
        wanted.add("cleanup")
    return [entry for entry in STEPS if entry[0] in wanted]


def step_arguments(template: list[str], values: dict) -> list[str] | None:
    """The step's arguments filled from ``values``; None when one it needs is empty
    (the scale step without a larger catalogue's database)."""
    argv = [a.format(**values) for a in template]
    if any(a != "" and not filled for a, filled in zip(template, argv, strict=True)):
        return None
    return argv


def run_step(script: str, args: list[str], env: dict) -> tuple[list[dict], int, float]:
    """Run one script, echoing its output; answer its BENCH rows, exit code, seconds."""
    rows = []
    started = time.perf_counter()
    process = subprocess.Popen(
        [PYTHON, str(ROOT / "bench" / script), *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    for line in process.stdout:
        if line.startswith("BENCH "):
            try:
                rows.append(json.loads(line[6:]))
            except json.JSONDecodeError:
                print(f"  (unreadable BENCH line: {line.strip()})")
            continue
        print(f"  {line}", end="")
    code = process.wait()
    return rows, code, time.perf_counter() - started


def fmt(value, digits: int = 2) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def table(rows: list[dict]) -> str:
    """The rows as a Markdown table (readable in a terminal, pasteable in the README)."""
    head = (
        "| benchmark | p50 ms | p95 ms | per s | queries | floor p50 ms | floor p95 ms "
        "| ratio | target | verdict |"
    )
    lines = [head, "|" + "---|" * 10]
    for row in rows:
        verdict = {True: "PASS", False: "**MISS**", None: "-"}[row.get("passed")]
        ratio = row.get("ratio")
        lines.append(
            "| "
            + " | ".join(
                [
                    row.get("name", "?"),
                    fmt(row.get("p50_ms")),
                    fmt(row.get("p95_ms")),
                    fmt(row.get("throughput"), 1),
                    fmt(row.get("queries")),
                    fmt(row.get("floor_p50_ms")),
                    fmt(row.get("floor_p95_ms")),
                    "-" if ratio is None else f"{ratio:.2f}x",
                    str(row.get("target") or "-"),
                    verdict,
                ]
            )
            + " |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--products", type=int, default=int(os.environ.get("BENCH_PRODUCTS") or 20_000)
    )
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS") or 40))
    parser.add_argument(
        "--report-lines", type=int, default=int(os.environ.get("BENCH_REPORT_LINES") or 100_000)
    )
    parser.add_argument("--only", default="", help="comma-separated steps, e.g. search,api")
    parser.add_argument("--json", default="", help="also write the rows and loads here")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE
    if not url.startswith(("postgres://", "postgresql://")):
        print("make bench runs on PostgreSQL: set DATABASE_URL=postgres://...", file=sys.stderr)
        return 2
    database_create(url)
    env = dict(os.environ)
    env["DATABASE_URL"] = url
    env["DJANGO_SETTINGS_MODULE"] = env.get("BENCH_SETTINGS", "config.settings.local")
    env["DEBUG"] = "0"  # as in production: DEBUG records every query
    env["PYTHONUNBUFFERED"] = "1"
    only = {s for s in args.only.split(",") if s}
    began = datetime.datetime.now(datetime.UTC)
    load_start = load()
    print(f"make bench: {began:%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, load {load_start}")
    print(f"database {url.rsplit('/', 1)[-1]}, {args.products:,} products")
    migrate = subprocess.run(
        [PYTHON, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, capture_output=True
    )
    if migrate.returncode:
        print(migrate.stdout.decode(), migrate.stderr.decode(), file=sys.stderr)
        return migrate.returncode
    values = {
        "products": args.products,
        "runs": args.runs,
        "report_lines": args.report_lines,
        "database": url,
        "large_database": os.environ.get("BENCH_LARGE_DATABASE_URL", ""),
    }
    rows: list[dict] = []
    failed = []
    for step, script, template in steps_to_run(only):
        if not (ROOT / "bench" / script).exists():
            print(f"\n== {step}: {script} not there, skipped")
            continue
        argv = step_arguments(template, values)
        if argv is None:
            print(f"\n== {step}: no BENCH_LARGE_DATABASE_URL (a larger catalogue), skipped")
            continue
        print(f"\n== {step}: bench/{script} {' '.join(argv)}  (load {load()})")
        step_rows, code, seconds = run_step(script, argv, env)
        if code:
            failed.append(step)
            print(f"  -> {step} FAILED (exit {code})")
        elif step != "cleanup" and not step_rows:
            print(f"  -> {step} printed no BENCH line")
        rows.extend(step_rows)
        print(f"  ({seconds:.0f} s)")
    load_end = load()
    print(f"\n{table(rows)}\n")
    verdicts = [r.get("passed") for r in rows if r.get("passed") is not None]
    print(
        f"{began:%Y-%m-%d %H:%M} UTC, {args.products:,} products, {os.cpu_count()} cores; "
        f"load average (1, 5, 15 min) at start {load_start}, at end {load_end}; "
        f"{verdicts.count(True)} PASS, {verdicts.count(False)} MISS"
        + (f"; failed: {', '.join(failed)}" if failed else "")
    )
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "date": began.isoformat(),
                    "products": args.products,
                    "load_start": load_start,
                    "load_end": load_end,
                    "rows": rows,
                    "failed": failed,
                },
                indent=1,
                ensure_ascii=False,
            )
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
