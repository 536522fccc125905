"""Orders placed through the real checkout services, dated, and turned into facts."""

import datetime

import pytest
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
from sellers.models import OfficerRegency, SellerMember
from shop.roles import Role
from tests.orders.conftest import (
    BELU_VILLAGE,
    KUPANG_VILLAGE,
    SIKKA_VILLAGE,
    make_category,
    make_seller,
    make_shipping,
    make_variant,
)

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


@pytest.fixture
def shops(db, make_user):
    """Three lembaga in three kabupaten (Sikka, Belu, Kota Kupang), each with products."""
    sikka = make_seller("BUMDes Sikka Jaya", SIKKA_VILLAGE)
    belu = make_seller("Koperasi Kopi Lamaknen", BELU_VILLAGE)
    kupang = make_seller("UMKM Se'i Namosain", KUPANG_VILLAGE)
    tenun_cat, kopi_cat = make_category("Kain tenun"), make_category("Kopi")
    data = {
        "sikka": sikka,
        "belu": belu,
        "kupang": kupang,
        "tenun": make_variant(
            sikka, name="Sarung tenun ikat", price=450_000, stock=500, category=tenun_cat
        ),
        "selendang": make_variant(
            sikka, name="Selendang tenun", price=175_000, stock=500, category=tenun_cat
        ),
        "kopi": make_variant(
            belu,
            name="Kopi arabika 250 g",
            price=65_000,
            stock=500,
            weight_grams=250,
            category=kopi_cat,
        ),
        "sei": make_variant(
            kupang,
            name="Se'i sapi 500 g",
            price=120_000,
            stock=500,
            weight_grams=500,
            category=kopi_cat,
        ),
        "tenun_cat": tenun_cat,
        "kopi_cat": kopi_cat,
    }
    for seller in (sikka, belu, kupang):
        make_shipping(seller)
    member = make_user(Role.SELLER_MEMBER, email="pengurus@sikka.id")
    SellerMember.objects.create(seller=sikka, user=member, role=SellerMember.Role.PENGURUS)
    data["sikka_member"] = member
    data["staff"] = make_user(Role.PROGRAMME_OFFICER, email="pmd@contoh.id")
    data["ahli"] = make_user(Role.TIM_AHLI, email="ahli@contoh.id")
    data["verifikasi"] = make_user(Role.TIM_VERIFIKASI, email="verifikasi@contoh.id")
    officer = make_user(Role.KABUPATEN_OFFICER, email="officer@sikka.id")
    OfficerRegency.objects.create(user=officer, regency_id="53.07")
    data["officer"] = officer
    return data
