"""Lines per second of ``stockBulkUpdate`` through /graphql/, beside a raw SQL floor.

One outlet carries N SKUs. Each round sends one ``stockBulkUpdate`` (SET,
every quantity changed, a fresh idempotency key) with a POS token through
the whole /graphql/ stack (Bearer auth, limits, GraphQL, the service), then
does the same work in raw SQL in the same transaction shape: one
``UPDATE ... FROM unnest(...)`` of the same stock rows and one multi-row
``INSERT`` of the same ledger rows. It prints both rates, their ratio
(target: within 3x) and the queries per call at 10 lines and at N lines
(constant: not one query per line).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ovop_bench \\
      .venv/bin/python bench/stock_sync_bench.py --lines 5000 --rounds 5

It writes demo rows (a seller "Bench Gerai ...", an outlet) into that
database; use a scratch database, migrated first (``manage.py migrate``).
"""

import argparse
import json
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
# As in production: DEBUG adds graphene's SQL tracing to every query.
os.environ.setdefault("DEBUG", "0")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from graphql_relay import to_global_id  # noqa: E402

from bench.protocol import emit_ratio  # noqa: E402
from catalog.models import (  # noqa: E402
    Category,
    Product,
    ProductVariant,
    Stock,
    StockLocation,
    StockMovement,
)
from orders.outlets.models import OutletAssortment, Terms  # noqa: E402
from orders.outlets.services import api_token_create  # noqa: E402
from sellers.models import Seller, Village  # noqa: E402
from shop.models import User  # noqa: E402
from shop.roles import Role  # noqa: E402
from shop.rows import is_postgres  # noqa: E402

SYNC = """
mutation($location: ID!, $key: String!, $lines: [StockBulkLineInput!]!) {
  stockBulkUpdate(location: $location, idempotencyKey: $key, mode: SET, lines: $lines) {
    updatedCount errors { index code }
  }
}
"""


def setup(lines: int) -> tuple[StockLocation, list[ProductVariant], str]:
    village = Village.objects.get(code="53.71.01.1001")
    seller, _ = Seller.objects.get_or_create(
        slug="bench-gerai-bumdes",
        defaults={
            "name": "Bench Gerai BUMDes",
            "kind": Seller.Kind.BUMDES,
            "status": Seller.Status.ACTIVE,
            "village": village,
            "nib": "9999999999998",
            "phone": "+6281200000001",
            "email": "bench-gerai@contoh.id",
        },
    )
    category, _ = Category.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
    outlet, _ = StockLocation.objects.get_or_create(
        name="Bench NTT Mart",
        kind=StockLocation.Kind.NTT_MART,
        defaults={"regency_id": "53.71", "sells_online": False, "channel": "NTT_MART"},
    )
    have = ProductVariant.objects.filter(sku__startswith="BENCHSYNC-").count()
    if have < lines:
        products = Product.objects.bulk_create(
            Product(
                seller=seller,
                category=category,
                name=f"Bench sync {i}",
                slug=f"bench-sync-{i}",
                origin_village=village,
            )
            for i in range(have, lines)
        )
        ProductVariant.objects.bulk_create(
            ProductVariant(product=p, sku=f"BENCHSYNC-{i}", price=10_000)
            for i, p in zip(range(have, lines), products, strict=True)
        )
    variants = list(
        ProductVariant.objects.filter(sku__startswith="BENCHSYNC-").order_by("pk")[:lines]
    )
    OutletAssortment.objects.bulk_create(
        [
            OutletAssortment(location=outlet, variant=v, terms=Terms.CONSIGNMENT, margin_percent=20)
            for v in variants
        ],
        ignore_conflicts=True,
    )
    Stock.objects.bulk_create(
        [Stock(variant=v, location=outlet, quantity=0) for v in variants], ignore_conflicts=True
    )
    staff, created = User.objects.get_or_create(email="bench-disperindag@contoh.id")
    if created:
        from django.contrib.auth.models import Group

        staff.groups.add(Group.objects.get(name=Role.OUTLET_OFFICER))
    token = api_token_create(
        user=staff, location=outlet, name=f"bench {uuid.uuid4().hex[:6]}"
    ).token
    return outlet, variants, token


def graphql_call(client: Client, token: str, outlet: StockLocation, lines: list[dict]) -> dict:
    response = client.post(
        "/graphql/",
        data=json.dumps(
            {
                "query": SYNC,
                "variables": {
                    "location": to_global_id("StockLocation", outlet.pk),
                    "key": uuid.uuid4().hex,
                    "lines": lines,
                },
            }
        ),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    body = response.json()
    assert "errors" not in body, body
    data = body["data"]["stockBulkUpdate"]
    assert data["errors"] == [], data
    assert data["updatedCount"] == len(lines), data
    return data


def raw_sql(outlet: StockLocation, variants: list[ProductVariant], value: int) -> None:
    """The floor: the same stock rows updated and the same ledger rows inserted, in bulk SQL."""
    ids = [v.pk for v in variants]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, quantity FROM {Stock._meta.db_table} "
            "WHERE location_id = %s AND variant_id = ANY(%s) ORDER BY id FOR UPDATE",
            [outlet.pk, ids],
        )
        rows = cursor.fetchall()
        cursor.execute(
            f"UPDATE {Stock._meta.db_table} AS s SET quantity = %s, counted_at = now(), "
            "updated_at = now() FROM unnest(%s::bigint[]) AS v(id) WHERE s.id = v.id",
            [value, [r[0] for r in rows]],
        )
        cursor.execute(
            f"INSERT INTO {StockMovement._meta.db_table} "
            "(stock_id, delta, quantity_after, reason, reference, note, created_at) "
            "SELECT v.id, v.delta, %s, 'COUNT', 'raw', '', now() "
            "FROM unnest(%s::bigint[], %s::integer[]) AS v(id, delta)",
            [value, [r[0] for r in rows], [value - r[1] for r in rows]],
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if not is_postgres():
        sys.exit("Run against PostgreSQL: set DATABASE_URL=postgres://...")
    outlet, variants, token = setup(args.lines)
    client = Client(SERVER_NAME="localhost")
    graphql_rates, raw_rates = [], []
    graphql_ms, raw_ms = [], []
    value = int(time.time()) % 1000 * 2
    for _round in range(args.rounds):
        value += 1
        lines = [{"sku": v.sku, "quantity": value} for v in variants]
        started = time.perf_counter()
        graphql_call(client, token, outlet, lines)
        graphql_ms.append((time.perf_counter() - started) * 1000)
        graphql_rates.append(args.lines * 1000 / graphql_ms[-1])
        value += 1
        started = time.perf_counter()
        raw_sql(outlet, variants, value)
        raw_ms.append((time.perf_counter() - started) * 1000)
        raw_rates.append(args.lines * 1000 / raw_ms[-1])
    counts = {}
    for n in (10, args.lines):
        value += 1
        with CaptureQueriesContext(connection) as captured:
            graphql_call(
                client, token, outlet, [{"sku": v.sku, "quantity": value} for v in variants[:n]]
            )
        counts[n] = len(captured.captured_queries)
    g, r = statistics.median(graphql_rates), statistics.median(raw_rates)
    print(
        f"stockBulkUpdate via /graphql/: {g:,.0f} lines/s (median of {args.rounds}, {args.lines} lines)"
    )
    print(f"raw SQL floor (same rows, same ledger rows): {r:,.0f} lines/s")
    print(f"ratio raw/graphql: {r / g:.2f}x (target <= 3x)")
    print(f"queries per call: {counts[10]} at 10 lines, {counts[args.lines]} at {args.lines} lines")
    row = emit_ratio(
        f"stock sync: stockBulkUpdate, {args.lines:,} lines/call",
        graphql_ms,
        raw_ms,
        limit=3,
        queries=counts[args.lines],
    )
    # throughput in lines per second rather than calls
    print(f"(throughput above in calls/s; {args.lines * row['throughput']:,.0f} lines/s)")


if __name__ == "__main__":
    main()
