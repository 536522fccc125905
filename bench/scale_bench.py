"""The search at two catalogue sizes, timed side by side (issue #15).

The target: at 1,000,000 products each typical query's p95 at most 3x its p95 at
100,000 (the cost must not grow with the catalogue). Two ``search_bench.py`` runs
minutes apart gave ratios that moved with the machine's moment (2.6x-3.2x for the
same query over three pairs on one machine). Here one worker process per database
serves the queries, and each round times every query on both sizes, one size after
the other (which goes first alternates round by round), so a burst of load from
other work on the machine hits both sizes alike. One ``BENCH`` row per query: the large
catalogue's p50/p95 beside the small one's (as the floor), the ratio of the p95s
and PASS/MISS against ``TARGET``.

Each database must hold a catalogue that ``search_bench.py --keep`` generated and
indexed, and be migrated:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ovop_bench1m \\
        .venv/bin/python bench/search_bench.py --products 1000000 --keep   # about 25 min
    .venv/bin/python bench/scale_bench.py \\
        --small postgres://postgres@127.0.0.1:5432/ovop_bench \\
        --large postgres://postgres@127.0.0.1:5432/ovop_bench1m --runs 100

``make bench`` runs it when ``BENCH_LARGE_DATABASE_URL`` names the large database.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.protocol import emit_ratio  # noqa: E402

TARGET = 3  # p95 on the large catalogue over p95 on the small one
WARM_ROUNDS = 2


class WorkerError(RuntimeError):
    """A worker could not start or answer (its message says why)."""


def bench_queries():
    """(label, query) of every query timed: the typical ones and the word of every product."""
    from bench.search_bench import broad_query, typical_queries

    return [*typical_queries(), broad_query()]


def serve(lines, out) -> int:
    """The worker: say the catalogue's size and the query labels (one JSON line), then
    time ``search_products`` once for each label read from ``lines`` and write the
    milliseconds (one line each) until an empty line or the end. Django is set up on
    ``DATABASE_URL`` by the caller; answers 0, or 2 when the database is not ready."""
    from django.conf import settings
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from catalog.search import search_products
    from catalog.selectors import products_visible

    settings.ELASTICSEARCH_URL = ""  # this measures the database backend
    name = connection.settings_dict.get("NAME")
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        _say(out, error=f"{name}: not migrated (run manage.py migrate)")
        return 2
    visible = products_visible().count()
    if not visible:
        _say(out, error=f"{name}: no visible products (search_bench.py --keep)")
        return 2
    queries = dict(bench_queries())
    _say(out, database=name, visible=visible, labels=list(queries), memory=memory())
    for line in lines:
        label = line.rstrip("\n")
        if not label:
            break
        started = time.perf_counter()
        search_products(queries[label])
        out.write(f"{(time.perf_counter() - started) * 1000:.4f}\n")
        out.flush()
    return 0


def memory() -> str:
    """The search table's size beside PostgreSQL's shared buffers, printed with each
    run: a catalogue whose working set outgrows them reads its pages from the
    operating system (measured at 1,000,000 products with the default 128 MB: about
    300 such reads a search, some 0.5 ms)."""
    from django.db import connection

    from shop.rows import is_postgres

    if not is_postgres():
        return ""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_size_pretty(pg_total_relation_size('catalog_search_entry')),"
            " current_setting('shared_buffers')"
        )
        table, buffers = cursor.fetchone()
    return f"search table {table} with its indexes, shared_buffers {buffers}"


def _say(out, **hello) -> None:
    out.write(json.dumps(hello) + "\n")
    out.flush()


class Worker:
    """One ``serve`` process on one database, asked one query at a time."""

    def __init__(self, url: str, command: list[str] | None = None):
        env = dict(os.environ, DATABASE_URL=url, PYTHONUNBUFFERED="1", DEBUG="0")
        env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
        self.process = subprocess.Popen(
            command or [sys.executable, str(Path(__file__).resolve()), "--serve"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        hello = json.loads(self._line() or "{}")
        if "error" in hello or "labels" not in hello:
            self.close()
            raise WorkerError(hello.get("error") or f"the worker on {url} did not start")
        self.database: str = hello["database"]
        self.visible: int = hello["visible"]
        self.labels: list[str] = hello["labels"]
        self.memory: str = hello.get("memory", "")

    def _line(self) -> str:
        return self.process.stdout.readline()

    def ask(self, label: str) -> float:
        """Milliseconds of one search for ``label``, as the worker timed it."""
        self.process.stdin.write(label + "\n")
        self.process.stdin.flush()
        answer = self._line()
        if not answer:
            raise WorkerError(f"the worker on {self.database} stopped")
        return float(answer)

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                self.process.stdin.write("\n")
                self.process.stdin.flush()
            except BrokenPipeError:
                pass
            self.process.wait(timeout=30)


def compare(
    small: Worker, large: Worker, rounds: int, warm: int = WARM_ROUNDS
) -> dict[str, tuple[list[float], list[float]]]:
    """(small, large) milliseconds per label. Every round runs each size in turn - the
    small one first in even rounds, the large one first in odd ones - as one untimed
    pass of every query, then one timed pass; the ``warm`` rounds before are not kept.

    The untimed pass puts the size's own pages back into PostgreSQL's shared buffers,
    which the two databases share: timed query by query in turn, the 100,000-product
    searches ran about 40 % slower than beside themselves ("kopi + HALAL + <100rb" p95
    6.7 -> 9.4 ms), the 1,000,000-product ones having pushed their pages out, and the
    ratios came out lower than the catalogues' own."""
    labels = [label for label in small.labels if label in large.labels]
    samples: dict[str, tuple[list[float], list[float]]] = {label: ([], []) for label in labels}
    for round_number in range(warm + rounds):
        for side in (0, 1) if round_number % 2 == 0 else (1, 0):
            worker = (small, large)[side]
            for label in labels:
                worker.ask(label)
            for label in labels:
                milliseconds = worker.ask(label)
                if round_number >= warm:
                    samples[label][side].append(milliseconds)
    return samples


def report(
    samples: dict[str, tuple[list[float], list[float]]], small: int, large: int
) -> list[dict]:
    """One BENCH row per query: the large catalogue's times over the small one's p95."""
    return [
        emit_ratio(
            f"scale: {label}, {large:,} vs {small:,} products",
            large_ms,
            small_ms,
            limit=TARGET,
            basis="p95",
            floor_basis="p95",
            queries=1,
        )
        for label, (small_ms, large_ms) in samples.items()
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--large", default=os.environ.get("BENCH_LARGE_DATABASE_URL", ""))
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        import django

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
        django.setup()
        return serve(sys.stdin, sys.stdout)
    if not (args.small and args.large):
        print("give both databases: --small URL --large URL", file=sys.stderr)
        return 2
    workers: list[Worker] = []
    try:
        for url in (args.small, args.large):
            workers.append(Worker(url))
    except WorkerError as error:
        print(f"scale_bench: {error}", file=sys.stderr)
        for worker in workers:
            worker.close()
        return 2
    small, large = workers
    print(
        f"{small.database}: {small.visible:,} visible products; "
        f"{large.database}: {large.visible:,}; {args.runs} rounds, both sizes each round"
    )
    for worker in (small, large):
        print(f"{worker.database}: {worker.memory}")
    try:
        samples = compare(small, large, args.runs)
    finally:
        small.close()
        large.close()
    rows = report(samples, small.visible, large.visible)
    print(f"\n{'query':<44}{'p95 small':>10}{'p95 large':>10}{'ratio':>8}")
    for (label, _times), row in zip(samples.items(), rows, strict=True):
        verdict = "PASS" if row["passed"] else "MISS"
        print(
            f"{label:<44}{row['floor_p95_ms']:>10.2f}{row['p95_ms']:>10.2f}"
            f"{row['ratio']:>7.2f}x {verdict}"
        )
    passed = sum(1 for row in rows if row["passed"])
    print(f"{passed} of {len(rows)} within {TARGET}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
