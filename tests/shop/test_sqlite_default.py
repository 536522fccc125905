"""The embedded default of ``make run`` (SQLite, eager Celery, dummy payments) end to end.

The suite runs on PostgreSQL, where the checkout sends hand-written PostgreSQL-only
statements (``shop.rows``); SQLite takes their plain ORM branches. So this runs, in
subprocesses on a fresh SQLite file, what ``make run`` runs (``migrate``, ``seed_demo``,
whose demo history goes through the checkout services) and then one checkout of two
lembaga per gateway (DUMMY, bank transfer, COD) and a lembaga's stock sync, and checks
what they wrote.
"""

import json
import os
import subprocess
import sys

from django.conf import settings

CHECKOUTS = """
import json

import django

django.setup()

from django.contrib.auth.models import AnonymousUser

from catalog.models import Product
from orders.models import Order
from orders.services.checkout import LineInput, checkout_create, checkout_shipping_method_set
from orders.services.completion import checkout_complete
from orders.services.payments import checkout_payment_create
from tests.regions import BELU_VILLAGE
from tests.shopping import KUPANG_ADDRESS, make_seller, make_shipping, make_variant, stock_of

sikka = make_seller("BUMDes Uji Sikka")
belu = make_seller("BUMDes Uji Belu", village=BELU_VILLAGE)
tenun = make_variant(sikka, name="Tenun uji", price=250_000, stock=10)
kopi = make_variant(belu, name="Kopi uji", price=85_000, stock=20, weight_grams=500)
methods = {sikka.pk: make_shipping(sikka)["pickup"], belu.pk: make_shipping(belu)["courier"]}
placed = {}
for gateway, tenun_units in (("DUMMY", 2), ("BANK_TRANSFER", 1), ("COD", 1)):
    checkout = checkout_create(
        user=AnonymousUser(),
        lines=[LineInput(tenun.pk, tenun_units), LineInput(kopi.pk, 3)],
        email=f"uji-{gateway.lower()}@contoh.id",
        address=KUPANG_ADDRESS,
    )
    for seller_id, method in methods.items():
        checkout_shipping_method_set(checkout=checkout, seller_id=seller_id, method_id=method.pk)
    checkout_payment_create(checkout=checkout, gateway=gateway)
    orders = checkout_complete(checkout=checkout)
    placed[gateway] = [
        [o.number.rsplit("-", 1)[1], o.seller.name, o.status, int(o.total), o.lines.count()]
        for o in Order.objects.filter(pk__in=[o.pk for o in orders]).order_by("number")
    ]
bought = {
    "stock": [stock_of(tenun).quantity, stock_of(kopi).quantity],
    "reserved": [stock_of(tenun).quantity_reserved, stock_of(kopi).quantity_reserved],
}
# a lembaga's pengurus syncs its own store room (stockBulkUpdate): a count and a bad SKU
from catalog.models import StockMovement
from orders.outlets.services import SyncLine, stock_bulk_update
from tests.factories import SellerMemberFactory

pengurus = SellerMemberFactory(seller=sikka).user
counting = dict(
    actor=pengurus,
    location=stock_of(tenun).location,
    idempotency_key="opname-1",
    mode="SET",
    lines=[SyncLine(tenun.sku, 9), SyncLine("TIDAK-ADA", 1)],
)
sync = stock_bulk_update(**counting)
replay = stock_bulk_update(**counting)  # the same key and body: answered, not applied
movement = StockMovement.objects.filter(reference="sync:opname-1").get()
products = Product.objects.filter(pk__in=[tenun.product_id, kopi.product_id])
print("RESULT", json.dumps({
    "sync": [sync["updatedCount"], [e["code"] for e in sync["errors"]], replay == sync],
    "movement": [movement.delta, movement.quantity_after, movement.reason],
    "synced": [stock_of(tenun).quantity, stock_of(tenun).counted_at is not None],
    "orders": Order.objects.count(),
    "placed": placed,
    **bought,
    "sold": {p.name: p.units_sold for p in products},
}))
"""


def _run(args: list[str], env: dict) -> str:
    result = subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return result.stdout


def test_make_run_default_seeds_and_checks_out_on_sqlite(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
    }
    _run(["manage.py", "migrate", "-v0"], env)
    seeded = _run(["manage.py", "seed_demo"], env)
    assert "Demo data ready (300 new orders)" in seeded

    out = _run(["-c", CHECKOUTS], env)
    result = json.loads(out.split("RESULT ", 1)[1].splitlines()[0])

    # the demo's 300 orders, then two per checkout (one per lembaga), numbered on
    pays = "PAID"
    assert result["orders"] == 306
    assert result["placed"] == {
        "DUMMY": [
            ["000301", "BUMDes Uji Belu", pays, 290_000, 1],  # 3 x 85,000 + JNE 35,000
            ["000302", "BUMDes Uji Sikka", pays, 500_000, 1],  # 2 x 250,000, village pickup
        ],
        "BANK_TRANSFER": [
            ["000303", "BUMDes Uji Belu", "UNPAID", 290_000, 1],
            ["000304", "BUMDes Uji Sikka", "UNPAID", 250_000, 1],
        ],
        "COD": [
            ["000305", "BUMDes Uji Belu", "UNPAID", 290_000, 1],
            ["000306", "BUMDes Uji Sikka", "UNPAID", 250_000, 1],
        ],
    }
    # every unit bought left the shelf (10 - 2 - 1 - 1, 20 - 3 x 3), nothing stays held
    assert result["stock"] == [6, 11]
    assert result["reserved"] == [0, 0]
    # "Terlaris" counts what was paid at once (the DUMMY checkout)
    assert result["sold"] == {"Tenun uji": 2, "Kopi uji": 3}
    # the stock sync (stockBulkUpdate's service) takes its ORM branch: the count of 9
    # replaces the 6 left (one ledger row of +3), the unknown SKU is reported, not raised,
    # and the replay of the same key answers the same without applying it again
    assert result["sync"] == [1, ["UNKNOWN_SKU"], True]
    assert result["movement"] == [3, 9, "COUNT"]
    assert result["synced"] == [9, True]
