"""Budgets and voucher limits hold when 20 buyers pay at once (real PostgreSQL, one
connection per thread): exactly 3 uses of a 3-use voucher, exactly 5 discounted items
for a budget of 5."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from orders.models import CheckoutDelivery, Order, OrderLine
from orders.services.checkout import AddressInput, LineInput, checkout_create
from promotions.models import Campaign, Redemption, Voucher
from tests.regions import KUPANG_VILLAGE
from tests.shopping import checkouts_race, make_seller, make_shipping, make_variant

from .factories import make_campaign

BUYERS = 20
ADDRESS = AddressInput(
    name="Pembeli",
    phone="081234567890",
    street="Jl. Sudirman 1",
    village_code=KUPANG_VILLAGE,
    postal_code="85111",
)


def _checkouts(seller, variant, **extra):
    methods = make_shipping(seller)
    checkouts = []
    for i in range(BUYERS):
        checkout = checkout_create(
            user=AnonymousUser(),
            lines=[LineInput(variant_id=variant.pk, quantity=1)],
            email=f"pembeli{i}@contoh.id",
            address=ADDRESS,
        )
        CheckoutDelivery.objects.create(checkout=checkout, seller=seller, method=methods["pickup"])
        for name, value in extra.items():
            setattr(checkout, name, value)
        checkout.save()
        checkouts.append(checkout)
    return checkouts


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_budget_for_exactly_five_items_discounts_exactly_five_of_twenty():
    assert connection.vendor == "postgresql"
    seller = make_seller()
    variant = make_variant(seller, stock=BUYERS, price=100_000)
    campaign = make_campaign(products=[variant.product], value=10, budget=50_000)
    outcomes = checkouts_race(_checkouts(seller, variant))
    assert outcomes == ["ok"] * BUYERS  # the budget stops the discount, not the sale
    discounts = sorted(OrderLine.objects.values_list("discount", flat=True))
    assert discounts == [0] * 15 + [10_000] * 5
    assert sorted(Order.objects.values_list("total", flat=True)) == [90_000] * 5 + [100_000] * 15
    campaign.refresh_from_db()
    assert campaign.budget_spent == 50_000
    assert Redemption.objects.filter(status="REDEEMED").count() == 5


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_voucher_limited_to_three_uses_is_used_exactly_three_times_by_twenty():
    assert connection.vendor == "postgresql"
    seller = make_seller()
    variant = make_variant(seller, stock=BUYERS, price=100_000)
    campaign = make_campaign(
        products=[variant.product], discount_type="FIXED", value=5_000, voucher_only=True
    )
    voucher = Voucher.objects.create(campaign=campaign, code="TENUN3UNTUK", usage_limit=3)
    outcomes = checkouts_race(_checkouts(seller, variant, voucher_code=voucher.code))
    assert sorted(outcomes) == ["VOUCHER_USED_UP"] * 17 + ["ok"] * 3
    voucher.refresh_from_db()
    assert voucher.uses == 3
    assert sorted(OrderLine.objects.values_list("discount", flat=True)) == [5_000] * 3
    assert Campaign.objects.get(pk=campaign.pk).budget_spent == 15_000
