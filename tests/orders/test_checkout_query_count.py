"""A completed checkout (create, shipping, pay, complete) of two lembaga and four variants
costs at most 24 database queries, counted as production sends them."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import StockMovement
from orders.models import Order, OrderAllocation, OrderEvent, OrderLine
from orders.services.checkout import LineInput, checkout_create, checkout_shipping_method_set
from orders.services.completion import checkout_complete
from orders.services.payments import checkout_payment_create
from shop.models import OutboxMessage
from tests.shopping import KUPANG_ADDRESS, make_variant, stock_of

pytestmark = pytest.mark.django_db

LIMIT = 24


def production_count(captured: list[dict]) -> int:
    """The statements a production request sends: a test runs inside a transaction, so
    each service's own ``atomic`` block becomes a SAVEPOINT and its RELEASE here, where
    production sends BEGIN and COMMIT (not statements the ORM logs). Savepoints nested
    deeper are real round trips in production too, and are counted."""
    depth, count = 0, 0
    for query in captured:
        sql = query["sql"]
        if sql.startswith("SAVEPOINT"):
            depth += 1
            if depth == 1:
                continue
        elif sql.startswith(("RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")):
            depth -= 1
            if depth == 0:
                continue
        count += 1
    return count


def test_two_lembaga_four_variants_checkout_costs_at_most_24_queries(world):
    tenun2 = make_variant(world.sikka, name="Selendang Sikka", price=150_000, weight_grams=300)
    kopi2 = make_variant(world.belu, name="Kopi robusta Belu", price=55_000, weight_grams=250)
    lines = [
        LineInput(variant_id=world.tenun.pk, quantity=1),
        LineInput(variant_id=tenun2.pk, quantity=1),
        LineInput(variant_id=world.kopi.pk, quantity=2),
        LineInput(variant_id=kopi2.pk, quantity=1),
    ]
    with CaptureQueriesContext(connection) as queries:
        checkout = checkout_create(
            user=AnonymousUser(), lines=lines, email="maria@contoh.id", address=KUPANG_ADDRESS
        )
        for seller, ship in ((world.sikka, world.sikka_ship), (world.belu, world.belu_ship)):
            checkout_shipping_method_set(
                checkout=checkout, seller_id=seller.pk, method_id=ship["courier"].pk
            )
        checkout_payment_create(checkout=checkout, gateway="DUMMY")
        orders = checkout_complete(checkout=checkout)

    assert production_count(queries.captured_queries) <= LIMIT
    # ... and everything the long way wrote is still written.
    # Belu: 185.000 of coffee, 0.75 kg to Kupang 25.000; Sikka: 600.000 of cloth,
    # 1.2 kg: 25.000 + 10.000 for the second started kilogram.
    assert sorted(o.total for o in orders) == [210_000, 635_000]
    assert {o.status for o in orders} == {"PAID"}
    numbers = sorted(o.number for o in orders)
    assert int(numbers[1][-6:]) == int(numbers[0][-6:]) + 1
    assert OrderLine.objects.count() == 4
    assert OrderAllocation.objects.count() == 4
    assert list(
        OrderEvent.objects.filter(order=orders[0]).values_list("type", "from_status", "to_status")
    ) == [("PLACED", "", "UNPAID"), ("PAID", "UNPAID", "PAID")]
    assert StockMovement.objects.filter(reason="SALE").count() == 4
    assert stock_of(world.kopi).quantity == 48
    assert stock_of(world.kopi).quantity_reserved == 0
    handlers = sorted(OutboxMessage.objects.values_list("handler", flat=True))
    assert handlers.count("orders.emails.order_email_send") == 2
    assert handlers.count("orders.emails.seller_new_order_email_send") == 2
    assert handlers.count("shop.monitoring.tasks.facts_refresh_order") == 2
    assert handlers.count("catalog.search.tasks.product_index") == 1
    assert Order.objects.filter(paid_at__isnull=False).count() == 2


def test_production_count_drops_only_the_outer_savepoints():
    captured = [
        {"sql": s}
        for s in (
            'SAVEPOINT "a"',
            "SELECT 1",
            'SAVEPOINT "b"',
            "UPDATE x",
            'RELEASE SAVEPOINT "b"',
            'RELEASE SAVEPOINT "a"',
        )
    ]
    assert production_count(captured) == 4
