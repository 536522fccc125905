"""Completed checkouts per second with N concurrent clients, beside a raw-SQL floor.

Each client is a process with its own database connection that runs the whole
server-side checkout (create cart, choose shipping for each lembaga, pay with
the DUMMY gateway, complete) through the same services the API calls. Every
checkout buys one unit of each of ``--variants`` variants of two lembaga, and
all clients buy the same variants, so they contend for the same stock rows:
the figure includes the row locks that prevent overselling.

The **floor** runs, at the same client count, only what a checkout cannot do
without, in hand-written SQL: the same transactions, the same row locks
(checkout, payment, stock ``FOR UPDATE`` in primary-key order, the year's
order-number row) and the same inserts (cart, lines, deliveries,
reservations, payment, stock update and ledger, orders, lines, allocations,
history, outbox), with no validation, pricing or promotions.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ovop_bench \\
      .venv/bin/python bench/checkout_bench.py --clients 8 --checkouts 25 --variants 4

It writes demo rows (two sellers "Bench ..." with stock) into that database;
use a scratch database, migrated first (``manage.py migrate``). Without
``CELERY_BROKER_URL`` the outbox rows are written but not handed to a broker
(one Redis push each in production; the sweeper delivers them later), so the
figure is the request's own work. Prints a ``BENCH {json}`` line for
``make bench`` (target: throughput within 3x of the floor, at most 35 queries
per checkout).
"""

import argparse
import json
import multiprocessing
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

import django

django.setup()

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from catalog.models import Category, Product, ProductVariant, Stock, StockLocation  # noqa: E402
from orders.models import ShippingMethod  # noqa: E402
from orders.services.checkout import (  # noqa: E402
    AddressInput,
    LineInput,
    checkout_create,
    checkout_shipping_method_set,
)
from orders.services.completion import checkout_complete  # noqa: E402
from orders.services.payments import checkout_payment_create  # noqa: E402
from sellers.models import Seller, Village  # noqa: E402
from shop.rows import is_postgres  # noqa: E402

QUERY_TARGET = 35
RATIO_TARGET = 3.0
ADDRESS = AddressInput(
    name="Pembeli Bench",
    phone="081234567890",
    street="Jl. El Tari 1",
    village_code="53.71.01.1001",
    postal_code="85228",
)
SELLERS = (("bench-bumdes", "Bench BUMDes"), ("bench-koperasi", "Bench Koperasi"))


class Shop:
    """The bench's two sellers, their variants (alternating) and pickup methods."""

    def __init__(self, variants: int, units: int):
        village = Village.objects.get(code="53.07.01.2001")
        category, _ = Category.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
        self.sellers: list[Seller] = []
        self.methods: dict[int, int] = {}
        for i, (slug, name) in enumerate(SELLERS):
            seller, _ = Seller.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "kind": Seller.Kind.BUMDES,
                    "status": Seller.Status.ACTIVE,
                    "village": village,
                    "nib": f"999999999999{i}",
                    "phone": f"+62812000000{i}0",
                    "email": f"{slug}@contoh.id",
                },
            )
            StockLocation.objects.get_or_create(
                seller=seller, kind=StockLocation.Kind.SELLER, defaults={"name": "Gudang bench"}
            )
            method, _ = ShippingMethod.objects.get_or_create(
                seller=seller,
                name="Ambil di desa",
                defaults={"kind": ShippingMethod.Kind.PICKUP_VILLAGE},
            )
            self.sellers.append(seller)
            self.methods[seller.pk] = method.pk
        self.variants: list[ProductVariant] = []
        for i in range(variants):
            seller = self.sellers[i % 2]
            product, _ = Product.objects.get_or_create(
                slug=f"bench-product-{i}",
                defaults={
                    "seller": seller,
                    "category": category,
                    "name": f"Kopi bench {i}",
                    "origin_village": village,
                    "is_published": True,
                },
            )
            Product.objects.filter(pk=product.pk).update(seller=seller)
            variant, _ = ProductVariant.objects.get_or_create(
                sku=f"BENCH-{i}",
                defaults={"product": product, "price": 65_000, "weight_grams": 250},
            )
            self.variants.append(variant)
        self.restock(units)

    def restock(self, units: int) -> None:
        for variant in self.variants:
            location = StockLocation.objects.get(
                seller_id=variant.product.seller_id, kind=StockLocation.Kind.SELLER
            )
            Stock.objects.update_or_create(
                variant=variant,
                location=location,
                defaults={"quantity": units, "quantity_reserved": 0},
            )
        self.stock_ids = sorted(
            Stock.objects.filter(variant__in=self.variants).values_list("pk", flat=True)
        )


def one_checkout(shop: Shop, n: int) -> None:
    """The store's checkout: create, shipping for each seller, DUMMY payment, complete."""
    checkout = checkout_create(
        user=AnonymousUser(),
        lines=[LineInput(variant_id=v.pk, quantity=1) for v in shop.variants],
        email=f"bench{n}@contoh.id",
        address=ADDRESS,
    )
    for seller in shop.sellers:
        checkout_shipping_method_set(
            checkout=checkout, seller_id=seller.pk, method_id=shop.methods[seller.pk]
        )
    checkout_payment_create(checkout=checkout, gateway="DUMMY")
    checkout_complete(checkout=checkout)


def one_checkout_floor(shop: Shop, n: int) -> None:
    """The same transactions, row locks and inserts in hand-written SQL, nothing else."""
    variant_ids = [v.pk for v in shop.variants]
    seller_of = {v.pk: v.product.seller_id for v in shop.variants}
    with transaction.atomic(), connection.cursor() as c:  # create
        c.execute(
            "INSERT INTO orders_checkout (token, email, ship_name, ship_phone, ship_street,"
            " ship_city, ship_province, ship_postal_code, age_confirmed, voucher_code,"
            " created_at, updated_at, ship_village_id) VALUES (%s, %s, 'Pembeli Bench',"
            " '+6281234567890', 'Jl. El Tari 1', '', '', '85228', false, '', now(), now(),"
            " %s) RETURNING id",
            [uuid.uuid4(), f"floor{n}@contoh.id", ADDRESS.village_code],
        )
        checkout_id = c.fetchone()[0]
        c.execute(
            "INSERT INTO orders_checkoutline (checkout_id, variant_id, quantity)"
            " SELECT %s, unnest(%s::bigint[]), 1",
            [checkout_id, variant_ids],
        )
    for seller in shop.sellers:  # one shipping choice per seller, as the API does
        with transaction.atomic(), connection.cursor() as c:
            c.execute(
                "INSERT INTO orders_checkoutdelivery (checkout_id, seller_id, method_id)"
                " VALUES (%s, %s, %s) ON CONFLICT (checkout_id, seller_id)"
                " DO UPDATE SET method_id = EXCLUDED.method_id",
                [checkout_id, seller.pk, shop.methods[seller.pk]],
            )
            c.execute("UPDATE orders_checkout SET updated_at = now() WHERE id = %s", [checkout_id])
    total = 65_000 * len(variant_ids)
    with transaction.atomic(), connection.cursor() as c:  # pay: reserve, open the payment
        c.execute("SELECT id FROM orders_checkout WHERE id = %s FOR UPDATE", [checkout_id])
        c.execute(
            "SELECT id, variant_id, quantity - quantity_reserved FROM catalog_stock"
            " WHERE variant_id = ANY(%s) ORDER BY id FOR UPDATE",
            [variant_ids],
        )
        stocks = c.fetchall()
        if any(free < 1 for _, _, free in stocks):
            raise RuntimeError("floor: out of stock")
        stock_ids = [s[0] for s in stocks]
        c.execute(
            "UPDATE catalog_stock SET quantity_reserved = quantity_reserved + 1,"
            " updated_at = now() WHERE id = ANY(%s)",
            [stock_ids],
        )
        c.execute(
            "INSERT INTO orders_stockreservation (checkout_id, stock_id, quantity, expires_at)"
            " SELECT %s, unnest(%s::bigint[]), 1, now() + interval '20 minutes'",
            [checkout_id, stock_ids],
        )
        c.execute(
            "INSERT INTO orders_payment (checkout_id, gateway, status, amount, captured_amount,"
            " refunded_amount, idempotency_key, external_id, client_secret, created_at,"
            " updated_at) VALUES (%s, 'DUMMY', 'SUCCEEDED', %s, %s, 0, %s, %s, '', now(), now())"
            " RETURNING id",
            [checkout_id, total, total, f"floor-{checkout_id}", f"dummy_floor-{checkout_id}"],
        )
        payment_id = c.fetchone()[0]
    with transaction.atomic(), connection.cursor() as c:  # complete: allocate, place orders
        c.execute("SELECT id FROM orders_checkout WHERE id = %s FOR UPDATE", [checkout_id])
        c.execute("SELECT id FROM orders_payment WHERE id = %s FOR UPDATE", [payment_id])
        c.execute(
            "SELECT id FROM catalog_stock WHERE id = ANY(%s) ORDER BY id FOR UPDATE", [stock_ids]
        )
        c.execute(
            "UPDATE catalog_stock SET quantity = quantity - 1,"
            " quantity_reserved = quantity_reserved - 1, updated_at = now()"
            " WHERE id = ANY(%s) RETURNING id, quantity",
            [stock_ids],
        )
        after = c.fetchall()
        c.execute(
            "INSERT INTO catalog_stockmovement (stock_id, delta, quantity_after, reason,"
            " reference, note, created_at) SELECT unnest(%s::bigint[]), -1,"
            " unnest(%s::int[]), 'SALE', %s, '', now()",
            [[a[0] for a in after], [a[1] for a in after], f"checkout:{checkout_id}"],
        )
        c.execute("DELETE FROM orders_stockreservation WHERE checkout_id = %s", [checkout_id])
        c.execute(
            "INSERT INTO orders_ordernumbercounter (year, last) VALUES (2099, %s)"
            " ON CONFLICT (year) DO UPDATE SET last = orders_ordernumbercounter.last"
            " + EXCLUDED.last RETURNING last",
            [len(shop.sellers)],
        )
        last = c.fetchone()[0]
        sellers = [s.pk for s in shop.sellers]
        c.execute(
            "INSERT INTO orders_order (number, status, email, ship_name, ship_phone,"
            " ship_street, ship_city, ship_province, ship_postal_code, shipping_method_name,"
            " subtotal, shipping_total, discount_total, total, commission_percent,"
            " commission_amount, seller_payout, refunded_amount, tracking_number, paid_at,"
            " created_at, updated_at, checkout_id, seller_id, payment_id, channel,"
            " discount_government, ship_village_id)"
            " SELECT 'FLOOR-' || (%s - s.i + 1)::text, 'PAID', 'floor@contoh.id', 'Pembeli',"
            " '+6281234567890', 'Jl. El Tari 1', '', '', '85228', 'Ambil di desa', 130000, 0,"
            " 0, 130000, 5, 6500, 123500, 0, '', now(), now(), now(), %s, s.seller, %s,"
            " 'ONLINE', 0, %s FROM unnest(%s::bigint[]) WITH ORDINALITY AS s(seller, i)"
            " RETURNING id, seller_id",
            [last, checkout_id, payment_id, ADDRESS.village_code, sellers],
        )
        order_of = {seller: order for order, seller in c.fetchall()}
        c.execute(
            "INSERT INTO orders_orderline (order_id, variant_id, product_name, variant_name,"
            " sku, quantity, unit_price, total, weight_grams, discount, discount_government)"
            " SELECT unnest(%s::bigint[]), unnest(%s::bigint[]), 'Kopi bench', '', 'BENCH', 1,"
            " 65000, 65000, 250, 0, 0 RETURNING id, variant_id",
            [[order_of[seller_of[v]] for v in variant_ids], variant_ids],
        )
        stock_of = {s[1]: s[0] for s in stocks}
        lines = c.fetchall()
        c.execute(
            "INSERT INTO orders_orderallocation (line_id, stock_id, quantity, released)"
            " SELECT unnest(%s::bigint[]), unnest(%s::bigint[]), 1, false",
            [[line for line, _ in lines], [stock_of[v] for _, v in lines]],
        )
        orders = list(order_of.values())
        c.execute(
            "INSERT INTO orders_orderevent (order_id, type, from_status, to_status, note,"
            " created_at) SELECT o, t.type, t.f, t.s, '', now() FROM unnest(%s::bigint[]) o,"
            " (VALUES ('PLACED', '', 'UNPAID'), ('PAID', 'UNPAID', 'PAID')) t(type, f, s)",
            [orders],
        )
        c.execute(
            "INSERT INTO shop_outboxmessage (kind, handler, kwargs, created_at, attempts,"
            " last_error) SELECT 'WORK', 'bench.floor', jsonb_build_object('order_id', o),"
            " now(), 0, '' FROM unnest(%s::bigint[]) o, generate_series(1, 3)",
            [orders],
        )
        c.execute(
            "UPDATE orders_checkout SET completed_at = now(), updated_at = now() WHERE id = %s",
            [checkout_id],
        )


def _client(target, shop: Shop, index: int, checkouts: int, start, out) -> None:
    """One client process: waits for the start, runs its checkouts, reports latencies."""
    connection.close()  # a connection of its own, never the parent's
    latencies, failures = [], []
    start.wait()
    for j in range(checkouts):
        began = time.perf_counter()
        try:
            target(shop, index * checkouts + j)
        except Exception as exc:  # report, keep measuring
            failures.append(repr(exc))
            continue
        latencies.append(time.perf_counter() - began)
    connection.close()
    out.put((latencies, failures))


def run(target, shop: Shop, clients: int, checkouts: int) -> dict:
    """``clients`` processes (as gunicorn's workers are), ``checkouts`` each, started at once.

    Processes, not threads: threads of one process would queue on Python's
    lock between statements while holding row locks, which no server does.
    """
    context = multiprocessing.get_context("fork")
    start, out = context.Event(), context.Queue()
    connection.close()
    procs = [
        context.Process(target=_client, args=(target, shop, i, checkouts, start, out))
        for i in range(clients)
    ]
    for proc in procs:
        proc.start()
    time.sleep(0.5)  # every client connected and waiting
    began = time.perf_counter()
    start.set()
    latencies: list[float] = []
    failures: list[str] = []
    for _ in procs:
        got, failed = out.get()
        latencies += got
        failures += failed
    elapsed = time.perf_counter() - began
    for proc in procs:
        proc.join()
    latencies.sort()
    done = len(latencies)
    return {
        "completed": done,
        "failures": failures,
        "elapsed": elapsed,
        "throughput": done / elapsed if elapsed else 0.0,
        "p50_ms": statistics.median(latencies) * 1000 if latencies else 0.0,
        "p95_ms": latencies[max(0, int(done * 0.95) - 1)] * 1000 if latencies else 0.0,
    }


def statements(target, shop: Shop) -> tuple[int, int]:
    """Statements one checkout sends, and its transactions (Django logs each BEGIN and
    COMMIT too; they are counted apart: every API call is its own transaction)."""
    with CaptureQueriesContext(connection) as queries:
        target(shop, -1)
    sql = [q["sql"] for q in queries.captured_queries]
    control = [s for s in sql if s in ("BEGIN", "COMMIT", "ROLLBACK")]
    return len(sql) - len(control), control.count("BEGIN")


def outbox_quiet() -> None:
    """Without a broker, write the outbox rows but do not hand them over (see module doc)."""
    if os.environ.get("CELERY_BROKER_URL"):
        return
    from shop import outbox

    outbox.dispatch = lambda *, message_id: False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--checkouts", type=int, default=25, help="per client")
    parser.add_argument("--variants", type=int, default=4, help="bought in each checkout")
    args = parser.parse_args()
    if not is_postgres():
        sys.exit("Run against PostgreSQL: set DATABASE_URL=postgres://...")
    if "DUMMY" not in [g.upper() for g in django.conf.settings.PAYMENT_GATEWAYS]:
        sys.exit("The bench pays with the DUMMY gateway; enable it in PAYMENT_GATEWAYS.")
    if args.variants < 2:
        sys.exit("--variants must be at least 2 (one per lembaga).")
    outbox_quiet()
    total = args.clients * args.checkouts
    shop = Shop(args.variants, units=total + 10)

    per_checkout, transactions = statements(one_checkout, shop)
    per_floor, _ = statements(one_checkout_floor, shop)

    shop.restock(total + 10)
    store = run(one_checkout, shop, args.clients, args.checkouts)
    shop.restock(total + 10)
    floor = run(one_checkout_floor, shop, args.clients, args.checkouts)
    connection.close()

    ratio = floor["throughput"] / store["throughput"] if store["throughput"] else float("inf")
    load = os.getloadavg()[0]
    print(
        f"clients={args.clients} checkouts={total} variants={args.variants} (2 lembaga) "
        f"load={load:.2f}"
    )
    for name, r, q in (("store", store, per_checkout), ("floor", floor, per_floor)):
        print(
            f"{name}: completed={r['completed']} failed={len(r['failures'])} "
            f"in {r['elapsed']:.2f} s, {r['throughput']:.1f} checkouts/s, "
            f"p50={r['p50_ms']:.0f} ms p95={r['p95_ms']:.0f} ms, {q} queries per checkout"
            f" (+ BEGIN/COMMIT of {transactions} transactions)"
        )
        for failure in r["failures"][:5]:
            print(f"  {name} failure:", failure)
    print(
        f"floor/store throughput={ratio:.2f}x (target <= {RATIO_TARGET:g}x); "
        f"queries per checkout={per_checkout} (target <= {QUERY_TARGET})"
    )
    passed = (
        ratio <= RATIO_TARGET
        and per_checkout <= QUERY_TARGET
        and not store["failures"]
        and not floor["failures"]
    )
    bench = {
        "name": f"checkout ({args.clients} clients, {args.variants} variants, 2 lembaga)",
        "p50_ms": round(store["p50_ms"], 1),
        "p95_ms": round(store["p95_ms"], 1),
        "throughput": round(store["throughput"], 2),
        "queries": per_checkout,
        "floor_p50_ms": round(floor["p50_ms"], 1),
        "floor_p95_ms": round(floor["p95_ms"], 1),
        "ratio": round(ratio, 2),
        "target": f"throughput within {RATIO_TARGET:g}x the floor, <= {QUERY_TARGET} queries",
        "passed": passed,
    }
    print("BENCH " + json.dumps(bench))


if __name__ == "__main__":
    main()
