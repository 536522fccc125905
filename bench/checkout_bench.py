"""Completed checkouts per second on PostgreSQL with N concurrent clients, and queries per checkout.

Each client is a thread with its own database connection that runs the whole
server-side checkout (create cart, choose shipping, pay with the DUMMY
gateway, complete) through the same services the API calls. All clients buy
from the same few variants, so they contend for the same stock rows: the
figure includes the row locks that prevent overselling.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ovop_bench \\
      .venv/bin/python bench/checkout_bench.py --clients 8 --checkouts 25 --variants 2

It writes demo rows (a seller "Bench ..." with stock) into that database;
use a scratch database, migrated first (``manage.py migrate``).
"""

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

import django

django.setup()

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.db import connection  # noqa: E402
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

ADDRESS = AddressInput(
    name="Pembeli Bench",
    phone="081234567890",
    street="Jl. El Tari 1",
    village_code="53.71.01.1001",
    postal_code="85228",
)


def setup(variants: int, units: int) -> tuple[Seller, list[int], int]:
    village = Village.objects.get(code="53.07.01.2001")
    seller, _ = Seller.objects.get_or_create(
        slug="bench-bumdes",
        defaults={
            "name": "Bench BUMDes",
            "kind": Seller.Kind.BUMDES,
            "status": Seller.Status.ACTIVE,
            "village": village,
            "nib": "9999999999999",
            "phone": "+6281200000000",
            "email": "bench@contoh.id",
        },
    )
    category, _ = Category.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
    location, _ = StockLocation.objects.get_or_create(
        seller=seller, kind=StockLocation.Kind.SELLER, defaults={"name": "Gudang bench"}
    )
    method, _ = ShippingMethod.objects.get_or_create(
        seller=seller, name="Ambil di desa", defaults={"kind": ShippingMethod.Kind.PICKUP_VILLAGE}
    )
    ids = []
    for i in range(variants):
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
        variant, _ = ProductVariant.objects.get_or_create(
            sku=f"BENCH-{i}", defaults={"product": product, "price": 65_000, "weight_grams": 250}
        )
        Stock.objects.update_or_create(
            variant=variant, location=location, defaults={"quantity": units, "quantity_reserved": 0}
        )
        ids.append(variant.pk)
    return seller, ids, method.pk


def one_checkout(seller_id: int, variant_id: int, method_id: int, n: int) -> None:
    checkout = checkout_create(
        user=AnonymousUser(),
        lines=[LineInput(variant_id=variant_id, quantity=1)],
        email=f"bench{n}@contoh.id",
        address=ADDRESS,
    )
    checkout_shipping_method_set(checkout=checkout, seller_id=seller_id, method_id=method_id)
    checkout_payment_create(checkout=checkout, gateway="DUMMY")
    checkout_complete(checkout=checkout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--checkouts", type=int, default=25, help="per client")
    parser.add_argument("--variants", type=int, default=2)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run against PostgreSQL: set DATABASE_URL=postgres://...")
    if "DUMMY" not in [g.upper() for g in django.conf.settings.PAYMENT_GATEWAYS]:
        sys.exit("The bench pays with the DUMMY gateway; enable it in PAYMENT_GATEWAYS.")
    total = args.clients * args.checkouts
    seller, variant_ids, method_id = setup(args.variants, units=total + 10)

    with CaptureQueriesContext(connection) as queries:
        one_checkout(seller.pk, variant_ids[0], method_id, 0)
    per_checkout = len(queries)

    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(args.clients)

    def client(index: int) -> None:
        try:
            barrier.wait()
            for j in range(args.checkouts):
                started = time.perf_counter()
                try:
                    one_checkout(
                        seller.pk, variant_ids[(index + j) % len(variant_ids)], method_id, j
                    )
                except Exception as exc:  # report, keep measuring
                    with lock:
                        failures.append(repr(exc))
                    continue
                with lock:
                    latencies.append(time.perf_counter() - started)
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started

    done = len(latencies)
    print(f"clients={args.clients} checkouts={total} variants={args.variants}")
    print(f"completed={done} failed={len(failures)} in {elapsed:.2f} s")
    print(f"throughput={done / elapsed:.1f} completed checkouts/s")
    if latencies:
        latencies.sort()
        p95 = latencies[int(len(latencies) * 0.95) - 1]
        print(
            f"latency median={statistics.median(latencies) * 1000:.0f} ms p95={p95 * 1000:.0f} ms"
        )
    print(f"queries per checkout (create+shipping+pay+complete)={per_checkout}")
    for failure in failures[:5]:
        print("failure:", failure)


if __name__ == "__main__":
    main()
