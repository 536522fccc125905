"""20 buyers race for the last 5 units on real PostgreSQL, each thread on its own connection."""

import pytest
from django.db import connection

from catalog.models import StockMovement
from orders.models import CheckoutDelivery, Order
from orders.services.checkout import AddressInput, LineInput, checkout_create
from tests.regions import KUPANG_VILLAGE
from tests.shopping import checkouts_race, make_seller, make_shipping, make_variant, stock_of

BUYERS = 20
UNITS = 5


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_concurrent_checkouts_for_the_last_five_units_sell_exactly_five():
    assert connection.vendor == "postgresql"
    seller = make_seller()
    methods = make_shipping(seller)
    variant = make_variant(seller, stock=UNITS, price=100_000)
    address = AddressInput(
        name="Pembeli",
        phone="081234567890",
        street="Jl. Sudirman 1",
        village_code=KUPANG_VILLAGE,
        postal_code="85111",
    )
    from django.contrib.auth.models import AnonymousUser

    checkouts = []
    for i in range(BUYERS):
        checkout = checkout_create(
            user=AnonymousUser(),
            lines=[LineInput(variant_id=variant.pk, quantity=1)],
            email=f"pembeli{i}@contoh.id",
            address=address,
        )
        CheckoutDelivery.objects.create(checkout=checkout, seller=seller, method=methods["pickup"])
        checkouts.append(checkout)

    outcomes = checkouts_race(checkouts)

    assert sorted(outcomes) == ["INSUFFICIENT_STOCK"] * (BUYERS - UNITS) + ["ok"] * UNITS
    assert Order.objects.count() == UNITS
    assert len(set(Order.objects.values_list("number", flat=True))) == UNITS
    stock = stock_of(variant)
    assert (stock.quantity, stock.quantity_reserved) == (0, 0)
    movements = StockMovement.objects.filter(stock=stock, reason="SALE")
    assert sum(m.delta for m in movements) == -UNITS
    assert min(m.quantity_after for m in movements) == 0
