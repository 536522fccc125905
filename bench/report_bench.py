"""programReport by kabupaten over N generated order lines, beside the raw SQL aggregate.

Generates N order lines (two lines per order, 66 lembaga in the 22 kabupaten/kota,
all paid in Semester I 2026; every 100th order cancelled, every 50th partly
refunded) with set-based SQL, rebuilds their sales facts through
``facts_refresh`` (the code Celery runs after each order change) and times it
(lines/s), then times the GraphQL ``programReport(period: {year: 2026,
semester: 1}, groupBy: REGENCY)`` beside one raw SQL aggregate over the same
order lines (GMV, orders, units, active lembaga per kabupaten and in total)
in the same run, and prints the ratio. Target: within 2x of the raw SQL and
under 1 s on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ovop_monitoring \\
      .venv/bin/python bench/report_bench.py --lines 1000000

Use a scratch database, migrated first (``manage.py migrate``); the bench's
rows are deleted at the end unless ``--keep``.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from tqdm import tqdm  # noqa: E402

from bench.protocol import emit_ratio  # noqa: E402
from catalog.models import Category, Product, ProductVariant  # noqa: E402
from orders.models import Checkout, Order, OrderLine, Payment  # noqa: E402
from sellers.models import Regency, Seller, Village  # noqa: E402
from shop.graphql.schema import schema  # noqa: E402
from shop.models import User  # noqa: E402
from shop.monitoring.facts import CHUNK, facts_refresh  # noqa: E402
from shop.monitoring.models import SalesFact  # noqa: E402

PREFIX = "bench-report"
SELLERS_PER_REGENCY = 3
START = "2026-01-01"
DAYS = 181  # Semester I 2026
QUERY = """{ programReport(period: {year: 2026, semester: 1}, groupBy: REGENCY) {
  totals { gmv orders units activeSellers } rows { key label gmv orders units activeSellers } } }"""
RAW_SQL = """
SELECT substring(s.village_id from 1 for 5) AS regency,
       SUM(l.total) AS gmv, COUNT(DISTINCT o.id) AS orders, SUM(l.quantity) AS units,
       COUNT(DISTINCT o.seller_id) AS sellers
FROM orders_orderline l
JOIN orders_order o ON o.id = l.order_id
JOIN sellers_seller s ON s.id = o.seller_id
WHERE o.paid_at >= %s AND o.paid_at < %s
  AND o.status IN ('PAID', 'PROCESSING', 'SHIPPED', 'DELIVERED', 'COMPLETED')
GROUP BY ROLLUP (1)
"""


def generate(lines: int) -> list[int]:
    """Write the lembaga, products and ``lines`` order lines; answer the order ids."""
    villages = [
        Village.objects.filter(district__regency=regency).order_by("code").first()
        for regency in Regency.objects.filter(code__startswith="53.")
    ]
    category, _ = Category.objects.get_or_create(slug=f"{PREFIX}-cat", defaults={"name": "Bench"})
    sellers = []
    slots = []  # (seller id, variant id, quantity, price)
    n = 0
    for village in villages:
        for _ in range(SELLERS_PER_REGENCY):
            n += 1
            seller = Seller.objects.create(
                name=f"Bench lembaga {n}",
                slug=f"{PREFIX}-{n}",
                kind=Seller.Kind.BUMDES,
                status=Seller.Status.ACTIVE,
                village=village,
                nib=f"99{n:011d}",
                phone="+6281234567890",
                email=f"bench{n}@bench.test",
            )
            sellers.append(seller)
            for slot, price in ((1, 100_000 + n * 1_000), (2, 35_000 + n * 500)):
                product = Product.objects.create(
                    seller=seller,
                    category=category,
                    name=f"Bench produk {n}-{slot}",
                    slug=f"{PREFIX}-{n}-{slot}",
                    origin_village=village,
                    is_published=True,
                )
                variant = ProductVariant.objects.create(
                    product=product, sku=f"{PREFIX}-{n}-{slot}", price=price
                )
                slots.append((seller.pk, variant.pk, slot, price))
    checkout = Checkout.objects.create(email="bench@bench.test")
    payment = Payment.objects.create(
        checkout=checkout, gateway="DUMMY", status="SUCCEEDED", amount=0, idempotency_key=PREFIX
    )
    orders = lines // 2
    seller_ids = [s.pk for s in sellers]
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bench_slots (seller_id bigint, variant_id bigint, qty int, price int)"
        )
        cursor.executemany("INSERT INTO bench_slots VALUES (%s, %s, %s, %s)", slots)
        cursor.execute(
            f"""
            INSERT INTO orders_order (number, checkout_id, payment_id, seller_id, status, email,
              ship_name, ship_phone, ship_street, ship_village_id, ship_city, ship_province,
              ship_postal_code, ship_regency_id, shipping_method_name, subtotal, shipping_total,
              discount_total, total, commission_percent, commission_amount, seller_payout,
              refunded_amount, tracking_number, paid_at, created_at, updated_at,
              discount_government, channel)
            SELECT '{PREFIX}-' || g, %s, %s, (%s::bigint[])[1 + g %% %s],
              CASE WHEN g %% 100 = 0 THEN 'CANCELLED' ELSE 'COMPLETED' END,
              'buyer' || (g %% 20000) || '@bench.test', 'Bench', '+6281234567890', 'Jl. Bench',
              '53.71.01.1001', '', '', '85228', '53.71', 'Kurir', 0, 12000, 0, 0, 5.00, 0, 0,
              0, '', ts, ts, ts, 0, 'ONLINE'
            FROM (SELECT g, %s::timestamptz + (g %% {DAYS}) * interval '1 day'
                    + (g %% 600) * interval '1 minute' AS ts
                  FROM generate_series(1, %s) g) AS t
            """,
            [checkout.pk, payment.pk, seller_ids, len(seller_ids), f"{START} 08:00+08", orders],
        )
        cursor.execute(
            f"""
            INSERT INTO orders_orderline (order_id, variant_id, product_name, variant_name, sku,
              quantity, unit_price, total, weight_grams, discount, discount_government)
            SELECT o.id, b.variant_id, 'Bench', '', 'BENCH', b.qty, b.price, b.qty * b.price, 0,
              0, 0
            FROM orders_order o JOIN bench_slots b ON b.seller_id = o.seller_id
            WHERE o.number LIKE '{PREFIX}-%%'
            """
        )
        cursor.execute(
            f"""
            UPDATE orders_order o SET subtotal = s.sub, total = s.sub + 12000,
              commission_amount = s.sub / 20, seller_payout = s.sub + 12000 - s.sub / 20,
              refunded_amount = CASE WHEN mod(substring(o.number from {len(PREFIX) + 2})::int, 50) = 0
                                     THEN 25000 ELSE 0 END
            FROM (SELECT order_id, SUM(total) AS sub FROM orders_orderline GROUP BY order_id) s
            WHERE s.order_id = o.id AND o.number LIKE '{PREFIX}-%%'
            """
        )
        cursor.execute("DROP TABLE bench_slots")
        cursor.execute("ANALYZE orders_order")
        cursor.execute("ANALYZE orders_orderline")
    return list(
        Order.objects.filter(number__startswith=f"{PREFIX}-")
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def rebuild(order_ids: list[int], *, progress: bool = True) -> tuple[int, float]:
    """Rebuild the facts of the orders as the task does; answer (order lines, seconds)."""
    line_count = OrderLine.objects.filter(order__number__startswith=f"{PREFIX}-").count()
    began = time.perf_counter()
    with tqdm(total=len(order_ids), unit="order", disable=not progress, file=sys.stderr) as bar:
        for start in range(0, len(order_ids), CHUNK * 4):
            chunk = order_ids[start : start + CHUNK * 4]
            facts_refresh(order_ids=chunk)
            bar.update(len(chunk))
    seconds = time.perf_counter() - began
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE monitoring_salesfact")
    return line_count, seconds


def time_report(runs: int) -> tuple[list[float], list[float], dict, list]:
    """Seconds of each programReport (GraphQL) call and of each raw SQL run, and both
    answers."""
    user, _ = User.objects.get_or_create(
        email=f"{PREFIX}@bench.test", defaults={"is_superuser": True, "is_staff": True}
    )
    request = RequestFactory().post("/graphql/")
    request.user = user
    graph, raw = [], []
    answer, rows = None, None
    for _ in range(runs):
        began = time.perf_counter()
        result = schema.execute(QUERY, context_value=request)
        graph.append(time.perf_counter() - began)
        assert not result.errors, result.errors
        answer = result.data["programReport"]
        began = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(RAW_SQL, ["2026-01-01 00:00+08", "2026-07-01 00:00+08"])
            rows = cursor.fetchall()
        raw.append(time.perf_counter() - began)
    return graph, raw, answer, rows


def cleanup() -> None:
    orders = Order.objects.filter(number__startswith=f"{PREFIX}-")
    SalesFact.objects.filter(order_id__in=orders.values("pk")).delete()
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM orders_orderline WHERE order_id IN "
            f"(SELECT id FROM orders_order WHERE number LIKE '{PREFIX}-%%')"
        )
    orders.delete()
    Payment.objects.filter(idempotency_key=PREFIX).delete()
    Checkout.objects.filter(email="bench@bench.test", orders__isnull=True).delete()
    ProductVariant.objects.filter(sku__startswith=f"{PREFIX}-").delete()
    Product.objects.filter(slug__startswith=f"{PREFIX}-").delete()
    Seller.objects.filter(slug__startswith=f"{PREFIX}-").delete()
    Category.objects.filter(slug=f"{PREFIX}-cat").delete()
    User.objects.filter(email=f"{PREFIX}@bench.test").delete()


def run(lines: int, runs: int, keep: bool, progress: bool = True) -> dict:
    """The whole benchmark; answer its figures (also printed)."""
    cleanup()
    began = time.perf_counter()
    with transaction.atomic():
        order_ids = generate(lines)
    print(f"generated {len(order_ids)} orders in {time.perf_counter() - began:.1f} s")
    line_count, seconds = rebuild(order_ids, progress=progress)
    rate = line_count / seconds if seconds else 0.0
    print(f"facts rebuild: {line_count} order lines in {seconds:.1f} s = {rate:,.0f} lines/s")
    graph_runs, raw_runs, answer, rows = time_report(runs)
    graph, raw = statistics.median(graph_runs), statistics.median(raw_runs)
    total = next(r for r in rows if r[0] is None)
    assert answer["totals"]["units"] > 0
    ratio = graph / raw if raw else float("inf")
    print(f"programReport (GraphQL, by kabupaten): {graph * 1000:.0f} ms (median of {runs})")
    print(f"raw SQL aggregate over order lines:    {raw * 1000:.0f} ms")
    print(f"ratio programReport / raw SQL: {ratio:.2f}x (target <= 2x, and < 1 s)")
    print(
        f"totals: report units {answer['totals']['units']} orders {answer['totals']['orders']} | "
        f"raw (refunds not netted) units {total[3]} orders {total[2]}"
    )
    emit_ratio(
        f"report: programReport, {line_count:,} lines",
        [s * 1000 for s in graph_runs],
        [s * 1000 for s in raw_runs],
        limit=2,
    )
    if not keep:
        cleanup()
    return {
        "lines": line_count,
        "rate": rate,
        "report_seconds": graph,
        "raw_seconds": raw,
        "ratio": ratio,
        "report": answer,
        "raw": rows,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the generated rows")
    parser.add_argument("--cleanup", action="store_true", help="only delete the bench rows")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args()
    if args.cleanup:
        cleanup()
        return
    run(args.lines, args.runs, args.keep, progress=not args.quiet)


if __name__ == "__main__":
    main()
