"""What orders/pricing.py tells promotions (issue 18): who buys (per-customer limits and
first-order vouchers) and what comes back onto each line (voucher, campaign, who funds it),
with the checkout's own budget hold given back to it."""

import pytest
from django.contrib.auth.models import AnonymousUser

from orders.models import Checkout
from orders.pricing import (
    checkout_customer,
    checkout_prices,
    has_earlier_orders,
    promotion_items,
)
from orders.services.checkout import LineInput, checkout_create
from promotions import services as promotions
from promotions.models import Campaign
from promotions.offers import Customer
from tests.factories import CheckoutFactory, OrderFactory, UserFactory
from tests.promotions.factories import make_campaign
from tests.promotions.test_pricing import ADDRESS

pytestmark = pytest.mark.django_db


def test_a_signed_in_buyer_is_known_by_account_and_their_other_orders():
    user = UserFactory()
    checkout = CheckoutFactory(user=user, email="  Maria@Contoh.ID ")
    assert checkout_customer(checkout) == Customer(user.pk, "maria@contoh.id", True)
    OrderFactory(payment__checkout=checkout, user=user)  # this checkout's own order
    assert checkout_customer(checkout).first_order is True
    OrderFactory(payment__checkout__user=user, user=user)  # an earlier purchase
    assert checkout_customer(checkout) == Customer(user.pk, "maria@contoh.id", False)


def test_a_guest_is_known_by_e_mail_whatever_its_case():
    checkout = CheckoutFactory(user=None, email="Yohana@Contoh.id")
    assert checkout_customer(checkout) == Customer(None, "yohana@contoh.id", True)
    OrderFactory(
        payment__checkout__user=None,
        payment__checkout__email="x@contoh.id",
        user=None,
        email="YOHANA@contoh.id",
    )
    assert checkout_customer(checkout) == Customer(None, "yohana@contoh.id", False)


def test_a_guest_without_e_mail_is_nobodys_repeat_purchase():
    OrderFactory(  # e.g. an outlet sale
        payment__checkout__user=None, payment__checkout__email="", user=None, email=""
    )
    checkout = CheckoutFactory(user=None, email="")
    assert checkout_customer(checkout) == Customer(None, "", True)
    assert Customer(None, "", True).key == ""


def _locked(checkout):
    """The checkout as its locking query reads it: ``has_earlier_orders`` annotated."""
    return Checkout.objects.annotate(has_earlier_orders=has_earlier_orders()).get(pk=checkout.pk)


def test_the_locking_query_knows_a_signed_in_buyers_earlier_orders_by_account_only():
    user = UserFactory()
    checkout = CheckoutFactory(user=user, email="  Maria@Contoh.ID ")
    assert _locked(checkout).has_earlier_orders is False
    assert checkout_customer(_locked(checkout)) == Customer(user.pk, "maria@contoh.id", True)
    OrderFactory(payment__checkout=checkout, user=user)  # this checkout's own order
    assert _locked(checkout).has_earlier_orders is False
    # another account's order with the same e-mail is not this buyer's
    OrderFactory(payment__checkout__user=UserFactory(), email="maria@contoh.id")
    assert _locked(checkout).has_earlier_orders is False
    OrderFactory(payment__checkout__user=user, user=user)  # an earlier purchase
    assert _locked(checkout).has_earlier_orders is True
    assert checkout_customer(_locked(checkout)) == Customer(user.pk, "maria@contoh.id", False)


def test_the_locking_query_knows_a_guest_by_e_mail_whatever_its_case():
    checkout = CheckoutFactory(user=None, email="Yohana@Contoh.id")
    OrderFactory(payment__checkout=checkout, user=None, email="yohana@contoh.id")  # its own
    assert _locked(checkout).has_earlier_orders is False
    assert checkout_customer(_locked(checkout)) == Customer(None, "yohana@contoh.id", True)
    OrderFactory(
        payment__checkout__user=None,
        payment__checkout__email="x@contoh.id",
        user=None,
        email="YOHANA@contoh.id",
    )
    assert _locked(checkout).has_earlier_orders is True
    assert checkout_customer(_locked(checkout)) == Customer(None, "yohana@contoh.id", False)


def test_the_locking_query_finds_no_earlier_order_for_a_guest_without_e_mail():
    OrderFactory(payment__checkout__user=None, payment__checkout__email="", user=None, email="")
    checkout = CheckoutFactory(user=None, email="")
    assert _locked(checkout).has_earlier_orders is False
    assert checkout_customer(_locked(checkout)) == Customer(None, "", True)


def _cart(world, quantity=1):
    return checkout_create(
        user=AnonymousUser(),
        lines=[LineInput(variant_id=world.tenun.pk, quantity=quantity)],
        email="maria@contoh.id",
        address=ADDRESS,
    )


def test_the_voucher_and_the_campaign_come_back_onto_each_line(world, make_user):
    item = make_campaign(products=[world.tenun.product], value=10)
    voucher_campaign = make_campaign(
        applies_to="ORDER", discount_type="FIXED", value=5_000, voucher_only=True
    )
    staff = make_user(email="kampanye@ntt.go.id")
    staff.is_superuser = True
    staff.save()
    (voucher,) = promotions.vouchers_generate(user=staff, campaign=voucher_campaign, count=1)
    checkout = _cart(world)
    Checkout.objects.filter(pk=checkout.pk).update(voucher_code=voucher.code)
    checkout.refresh_from_db()
    prices = checkout_prices(checkout=checkout)
    assert prices.voucher == voucher
    (line,) = [lp for part in prices.parts for lp in part.lines]
    assert (line.discount, line.discount_government) == (50_000, 50_000)
    assert (line.campaign, line.voucher) == (item, voucher)


def test_the_checkouts_own_hold_is_given_back_to_it(world):
    """A budget that is exactly this checkout's hold still discounts this checkout, and
    only this one."""
    campaign = make_campaign(products=[world.tenun.product], value=10, budget=45_000)
    checkout = _cart(world)
    plain = checkout_prices(checkout=checkout)
    promotions.checkout_discounts_hold(
        checkout_id=checkout.pk,
        items=promotion_items(plain.parts),
        customer=checkout_customer(checkout),
    )
    assert Campaign.objects.get(pk=campaign.pk).budget_spent == 45_000
    assert checkout_prices(checkout=checkout).discount_total == 45_000
    assert checkout_prices(checkout=_cart(world)).discount_total == 0


def test_the_locked_checkout_tells_who_buys_without_another_query(django_assert_num_queries):
    """Paying and completing read the first-order rule with the lock: no second query."""
    user = UserFactory()
    checkout = CheckoutFactory(user=user, email="maria@contoh.id")
    OrderFactory(payment__checkout__user=user, user=user)  # an earlier purchase
    locked = _locked(checkout)
    with django_assert_num_queries(0):
        assert checkout_customer(locked) == Customer(user.pk, "maria@contoh.id", False)


def test_priced_lines_carry_the_categorys_parent_for_the_age_rules(
    world, django_assert_num_queries
):
    from catalog.models import Category
    from orders.pricing import checkout_lines_priced

    category = world.tenun.product.category
    if category.parent_id is None:  # give it one: the age rules read the parent's too
        category.parent = Category.objects.exclude(pk=category.pk).filter(parent=None).first()
        category.save(update_fields=["parent"])
    [line] = checkout_lines_priced(_cart(world))
    with django_assert_num_queries(0):
        parent = line.variant.product.category.parent
    assert parent is not None
    assert parent.pk == Category.objects.get(pk=category.pk).parent_id
