"""Orders placed through the real checkout services and dated: what the facts are made of."""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from orders.models import Order, ShippingMethod
from orders.services.checkout import (
    AddressInput,
    LineInput,
    checkout_create,
    checkout_shipping_method_set,
)
from orders.services.completion import checkout_complete
from orders.services.payments import checkout_payment_create
from tests.regions import KUPANG_VILLAGE

SIKKA_BUYER_VILLAGE = "53.07.01.2003"
IN_NTT = {"village_code": KUPANG_VILLAGE}
IN_SIKKA = {"village_code": SIKKA_BUYER_VILLAGE}
IN_JAKARTA = {"city": "Jakarta Selatan", "province": "DKI Jakarta"}


def place(lines, *, email="maria@contoh.id", where=None, paid_on=None, method="courier"):
    """Place and pay (DUMMY) one checkout; the orders are dated ``paid_on`` 10:00 WITA."""
    where = where or IN_NTT
    checkout = checkout_create(
        user=AnonymousUser(),
        lines=[LineInput(variant_id=v.pk, quantity=q) for v, q in lines],
        email=email,
        address=AddressInput(
            name="Maria Goreti",
            phone="081234567890",
            street="Jl. El Tari 5",
            postal_code="85228",
            **where,
        ),
    )
    for seller_id in sorted({v.product.seller_id for v, _q in lines}):
        kind = (
            ShippingMethod.Kind.COURIER
            if method == "courier"
            else ShippingMethod.Kind.PICKUP_VILLAGE
        )
        chosen = (
            ShippingMethod.objects.filter(seller_id=seller_id, kind=kind).order_by("pk").first()
        )
        checkout_shipping_method_set(checkout=checkout, seller_id=seller_id, method_id=chosen.pk)
    checkout_payment_create(checkout=checkout, gateway="DUMMY")
    orders = checkout_complete(checkout=checkout)
    if paid_on is not None:
        at = timezone.make_aware(datetime.datetime.combine(paid_on, datetime.time(10)))
        Order.objects.filter(pk__in=[o.pk for o in orders]).update(paid_at=at, created_at=at)
    return [Order.objects.get(pk=o.pk) for o in orders]
