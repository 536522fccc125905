"""The checkout's hand-written INSERTs (``shop.rows.insert``) write exactly the rows the
ORM wrote: every column, the ids on the instances, each line with its order, each
allocation with its line and stock row."""

import pytest
from django.db import connection

from catalog.models import Stock, StockLocation, StockMovement
from orders.models import (
    Checkout,
    CheckoutDelivery,
    OrderAllocation,
    OrderEvent,
    OrderLine,
    StockReservation,
)
from orders.services.checkout import (
    LineInput,
    checkout_lines_update,
    checkout_shipping_method_set,
)
from orders.services.completion import checkout_complete
from orders.services.payments import checkout_payment_create
from shop import rows
from shop.models import OutboxMessage
from tests.shopping import checkout_of_both, stock_of

pytestmark = pytest.mark.django_db


def _stored(model, pk) -> list:
    """Every column of the stored row but the primary key and its write time."""
    row = model.objects.filter(pk=pk).values().get()
    return [row[f.attname] for f in rows.insertable(model) if f.attname != "created_at"]


def test_a_hand_written_insert_stores_what_bulk_create_stores():
    def messages(tag):
        return [
            OutboxMessage(kind="WORK", handler=f"a.b.{tag}", kwargs={"order_id": 7, "x": [1]}),
            OutboxMessage(kind="NOTIFICATION", handler=f"a.b.{tag}", kwargs={}, attempts=2),
        ]

    orm = OutboxMessage.objects.bulk_create(messages("same"))
    mine = messages("same")
    with connection.cursor() as cursor:
        cursor.execute(rows.insert(OutboxMessage), rows.insert_params(OutboxMessage, mine))
        rows.inserted(mine, [pk for (pk,) in cursor.fetchall()])
    # the ids in the order of the instances, and every column the same as the ORM's
    assert [m.pk for m in mine] == sorted(m.pk for m in mine)
    assert all(m.pk for m in mine)
    assert not any(m._state.adding for m in mine)
    assert all(m.created_at for m in mine)
    assert [_stored(OutboxMessage, m.pk) for m in mine] == [
        _stored(OutboxMessage, m.pk) for m in orm
    ]
    assert OutboxMessage.objects.get(pk=mine[0].pk).kwargs == {"order_id": 7, "x": [1]}


def test_choosing_shipping_upserts_the_choice_and_touches_the_checkout(world):
    checkout = checkout_of_both(world)
    before = Checkout.objects.get(pk=checkout.pk).updated_at
    checkout_shipping_method_set(
        checkout=checkout, seller_id=world.belu.pk, method_id=world.belu_ship["pickup"].pk
    )
    chosen = dict(
        CheckoutDelivery.objects.filter(checkout=checkout).values_list("seller_id", "method_id")
    )
    assert chosen == {  # one row per lembaga, the second choice replaced the first
        world.sikka.pk: world.sikka_ship["courier"].pk,
        world.belu.pk: world.belu_ship["pickup"].pk,
    }
    stored = Checkout.objects.get(pk=checkout.pk).updated_at
    assert stored == checkout.updated_at
    assert stored > before


def test_placing_writes_the_orders_lines_allocations_history_and_ledger(world):
    # the coffee sits in two store rooms: 2 units in the first, 5 in a second
    first = stock_of(world.kopi)
    Stock.objects.filter(pk=first.pk).update(quantity=2)
    room = StockLocation.objects.create(
        seller=world.belu, kind=StockLocation.Kind.SELLER, name="Gudang kedua"
    )
    second = Stock.objects.create(variant=world.kopi, location=room, quantity=5)
    tenun_stock = stock_of(world.tenun)
    checkout = checkout_of_both(world, kopi=3)
    checkout_payment_create(checkout=checkout, gateway="DUMMY")

    orders = checkout_complete(checkout=checkout)

    by_seller = {order.seller_id: order for order in orders}
    sikka, belu = by_seller[world.sikka.pk], by_seller[world.belu.pk]
    lines = {
        line.variant_id: line
        for line in OrderLine.objects.filter(order__checkout=checkout).order_by("pk")
    }
    assert {
        v: (
            line.order_id,
            line.product_name,
            line.sku,
            line.quantity,
            line.unit_price,
            line.total,
            line.weight_grams,
        )
        for v, line in lines.items()
    } == {
        world.tenun.pk: (
            sikka.pk,
            world.tenun.product.name,
            world.tenun.sku,
            1,
            450_000,
            450_000,
            900,
        ),
        world.kopi.pk: (belu.pk, world.kopi.product.name, world.kopi.sku, 3, 65_000, 195_000, 750),
    }
    # each allocation on its line, the coffee split over both store rooms in key order
    assert sorted(
        OrderAllocation.objects.filter(line__order__checkout=checkout).values_list(
            "line_id", "stock_id", "quantity", "released"
        )
    ) == sorted(
        [
            (lines[world.tenun.pk].pk, tenun_stock.pk, 1, False),
            (lines[world.kopi.pk].pk, first.pk, 2, False),
            (lines[world.kopi.pk].pk, second.pk, 1, False),
        ]
    )
    assert list(
        OrderEvent.objects.filter(order__checkout=checkout)
        .order_by("order_id", "pk")
        .values_list("order_id", "type", "from_status", "to_status", "actor_id", "note")
    ) == [
        (order.pk, type_, from_, to, None, "")
        for order in sorted(orders, key=lambda o: o.pk)
        for type_, from_, to in (("PLACED", "", "UNPAID"), ("PAID", "UNPAID", "PAID"))
    ]
    # the instances carry the ids and numbers stored
    stored = {o.pk: (o.number, o.total, o.seller_id) for o in checkout.orders.all()}
    assert stored == {o.pk: (o.number, o.total, o.seller_id) for o in orders}
    assert sorted(o.total for o in orders) == [195_000 + 25_000, 450_000 + 25_000]  # + courier
    # the hold is gone, the checkout completed, the units off the shelf with their ledger
    assert not StockReservation.objects.filter(checkout=checkout).exists()
    assert Checkout.objects.get(pk=checkout.pk).completed_at is not None
    reference = f"checkout:{checkout.token.hex}"
    assert sorted(
        StockMovement.objects.filter(reference=reference).values_list(
            "stock_id", "delta", "quantity_after", "reason", "actor_id", "note"
        )
    ) == sorted(
        [
            (tenun_stock.pk, -1, 9, "SALE", None, ""),
            (first.pk, -2, 0, "SALE", None, ""),
            (second.pk, -1, 4, "SALE", None, ""),
        ]
    )
    assert {
        s.pk: (s.quantity, s.quantity_reserved)
        for s in Stock.objects.filter(pk__in=[first.pk, second.pk, tenun_stock.pk])
    } == {first.pk: (0, 0), second.pk: (4, 0), tenun_stock.pk: (9, 0)}


def test_paying_again_replaces_the_reservation_rows_with_the_new_cart(world):
    checkout = checkout_of_both(world, kopi=1)
    checkout_payment_create(checkout=checkout, gateway="BANK_TRANSFER")
    checkout_lines_update(
        checkout=checkout, lines=[LineInput(variant_id=world.kopi.pk, quantity=3)]
    )
    checkout_payment_create(checkout=checkout, gateway="BANK_TRANSFER")
    tenun, kopi = stock_of(world.tenun), stock_of(world.kopi)
    # exactly the new cart's rows, one per stock row, none of the first payment's left
    assert sorted(
        StockReservation.objects.filter(checkout=checkout).values_list("stock_id", "quantity")
    ) == sorted([(tenun.pk, 1), (kopi.pk, 3)])
    assert (tenun.quantity_reserved, kopi.quantity_reserved) == (1, 3)


def test_history_keeps_its_order_once_the_placing_statement_has_a_generic_plan(world):
    """Completing is one prepared statement; from its sixth run on a connection
    PostgreSQL may keep a generic plan whose join hands the rows over in another
    order. The history is still written PLACED then PAID (ids in the order given)."""
    Stock.objects.filter(variant__in=[world.tenun, world.kopi]).update(quantity=50)
    for _ in range(8):
        checkout = checkout_of_both(world)
        checkout_payment_create(checkout=checkout, gateway="DUMMY")
        orders = checkout_complete(checkout=checkout)
        for order in orders:
            assert list(order.events.order_by("pk").values_list("type", flat=True)) == [
                "PLACED",
                "PAID",
            ]
