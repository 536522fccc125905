"""20 buyers race for the last 5 units on real PostgreSQL, each thread on its own connection."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from catalog.models import StockMovement
from orders.models import CheckoutDelivery, Order
from orders.services.checkout import AddressInput, LineInput, checkout_create
from orders.services.completion import checkout_complete
from orders.services.payments import checkout_payment_create
from tests.regions import KUPANG_VILLAGE
from tests.shopping import make_seller, make_shipping, make_variant, stock_of

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

    barrier = threading.Barrier(BUYERS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def buy(checkout):
        try:
            barrier.wait()
            try:
                checkout_payment_create(checkout=checkout, gateway="DUMMY")
                checkout_complete(checkout=checkout)
                result = "ok"
            except ValidationError as exc:
                codes = (
                    {e.code for errs in exc.error_dict.values() for e in errs}
                    if hasattr(exc, "error_dict")
                    else {e.code for e in exc.error_list}
                )
                result = ",".join(sorted(codes))
            with lock:
                outcomes.append(result)
        finally:
            connection.close()

    threads = [threading.Thread(target=buy, args=(c,)) for c in checkouts]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)

    assert sorted(outcomes) == ["INSUFFICIENT_STOCK"] * (BUYERS - UNITS) + ["ok"] * UNITS
    assert Order.objects.count() == UNITS
    assert len(set(Order.objects.values_list("number", flat=True))) == UNITS
    stock = stock_of(variant)
    assert (stock.quantity, stock.quantity_reserved) == (0, 0)
    movements = StockMovement.objects.filter(stock=stock, reason="SALE")
    assert sum(m.delta for m in movements) == -UNITS
    assert min(m.quantity_after for m in movements) == 0
