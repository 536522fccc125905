"""The discount ledger follows the stock hold: held when paying, back to the budget on expiry."""

from datetime import timedelta

from django.utils import timezone

from orders.models import StockReservation
from orders.services.payments import checkout_payment_create
from orders.services.reservations import reservations_release_expired
from promotions.models import Campaign, Redemption
from promotions.offers import Customer, Item, Ledger, discounts_compute
from tests.shopping import checkout_of_sikka

from .factories import make_campaign, make_redemption


def test_paying_holds_the_discount_and_expiry_gives_it_back(world):
    campaign = make_campaign(products=[world.tenun.product], value=10, budget=100_000)
    checkout = checkout_of_sikka(world)
    payment = checkout_payment_create(checkout=checkout, gateway="BANK_TRANSFER")
    assert payment.amount == 450_000 - 45_000 + 25_000  # courier Sikka -> Kupang, first kg
    campaign.refresh_from_db()
    assert campaign.budget_spent == 45_000
    [held] = Redemption.objects.all()
    assert (held.status, held.amount, held.customer) == ("HELD", 45_000, "email:maria@contoh.id")
    # Paying again replaces the hold instead of adding to it.
    checkout_payment_create(checkout=checkout, gateway="BANK_TRANSFER")
    assert Campaign.objects.get(pk=campaign.pk).budget_spent == 45_000

    StockReservation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert reservations_release_expired() == 1
    assert Campaign.objects.get(pk=campaign.pk).budget_spent == 0
    assert list(Redemption.objects.values_list("status", flat=True)) == ["RELEASED"] * 2


# ------------------------------------------------ the ledger, line by line (issue 18)

MARIA = Customer(email="maria@contoh.id")


def _spent(campaign, amount) -> Campaign:
    Campaign.objects.filter(pk=campaign.pk).update(budget_spent=amount)
    return Campaign.objects.get(pk=campaign.pk)


def test_the_budget_left_gives_back_only_this_checkouts_own_holds(db):
    limited = _spent(make_campaign(budget=10_000), 6_000)
    unlimited = make_campaign()
    make_redemption(campaign=limited, checkout_id=7, status="HELD", amount=1_000)
    make_redemption(
        campaign=limited, checkout_id=7, status="HELD", amount=500
    )  # its second lembaga
    make_redemption(campaign=limited, checkout_id=7, status="RELEASED", amount=2_000)
    make_redemption(campaign=limited, checkout_id=8, status="HELD", amount=700)
    mine = Ledger([limited, unlimited], checkout_id=7, customer="")
    assert mine.left == {limited.pk: 5_500, unlimited.pk: None}
    assert mine.used == {}
    assert mine.allowed(make_campaign(per_customer_limit=1)) is True
    assert Ledger([limited], checkout_id=None, customer="").left == {limited.pk: 4_000}


def test_the_uses_count_this_buyers_other_live_checkouts_once_each(db):
    campaign = make_campaign(per_customer_limit=3)
    make_redemption(campaign=campaign, checkout_id=1, status="HELD")
    make_redemption(
        campaign=campaign, checkout_id=1, status="REDEEMED"
    )  # one checkout, two lembaga
    make_redemption(campaign=campaign, checkout_id=2, status="REDEEMED")
    make_redemption(campaign=campaign, checkout_id=3, status="RELEASED")
    make_redemption(campaign=campaign, checkout_id=7, status="HELD")
    make_redemption(
        campaign=campaign, checkout_id=4, status="REDEEMED", customer="email:yohana@contoh.id"
    )
    maria = "email:maria@contoh.id"
    in_seven = Ledger([campaign], checkout_id=7, customer=maria)
    assert in_seven.used == {campaign.pk: 2}
    assert in_seven.allowed(campaign) is True
    no_checkout = Ledger([campaign], checkout_id=None, customer=maria)
    assert no_checkout.used == {campaign.pk: 3}
    assert no_checkout.allowed(campaign) is False


def test_spending_takes_from_a_limited_budget_only():
    limited, unlimited = Campaign(pk=1, budget=10_000), Campaign(pk=2, budget=None)
    ledger = Ledger.__new__(Ledger)
    ledger.left, ledger.used = {1: 10_000, 2: None}, {}
    ledger.spend(limited, 3_000)
    ledger.spend(unlimited, 5_000)
    assert ledger.left == {1: 7_000, 2: None}
    assert (ledger.cap(limited, 8_000), ledger.cap(limited, 7_000)) == (7_000, 7_000)


def _price(items, **kwargs):
    outcome = discounts_compute(items=items, customer=MARIA, **kwargs)
    assert outcome.voucher_error is None
    assert outcome.voucher is None
    return outcome


def test_an_item_benefit_rounding_to_rp0_gives_nothing_and_rp1_is_given(world):
    campaign = make_campaign(value=1)  # 1% of everything
    items = [
        Item(key=1, product=world.tenun.product, unit_price=49, quantity=1),  # Rp 0,49 -> 0
        Item(key=2, product=world.tenun.product, unit_price=50, quantity=1),  # Rp 0,50 -> 1
        Item(key=3, product=world.kopi.product, unit_price=65_000, quantity=2),
    ]
    outcome = _price(items)
    assert [i.discount for i in items] == [0, 1, 1_300]
    assert [i.campaign for i in items] == [None, campaign, campaign]
    assert sorted((s.seller_id, s.amount, s.goods, s.units) for s in outcome.shares) == sorted(
        [(world.sikka.pk, 1, 50, 1), (world.belu.pk, 1_300, 130_000, 2)]
    )


def test_a_campaign_whose_budget_pays_no_whole_unit_gives_way_to_the_next_best(world):
    tenun, kopi = world.tenun.product, world.kopi.product
    short = _spent(
        make_campaign(products=[tenun], discount_type="FIXED", value=50_000, budget=60_000),
        20_001,
    )  # Rp 39.999 left: not one unit of Rp 50.000
    next_best = make_campaign(products=[tenun], value=10)
    _spent(make_campaign(products=[kopi], discount_type="FIXED", value=1, budget=5), 5)
    items = [
        Item(key=1, product=tenun, unit_price=450_000, quantity=1),
        Item(key=2, product=kopi, unit_price=65_000, quantity=1),
    ]
    _price(items)
    assert [i.discount for i in items] == [45_000, 0]
    assert [i.campaign for i in items] == [next_best, None]
    assert short.budget_left == 39_999


def test_a_budget_pays_whole_units_line_after_line_into_one_share_per_lembaga(world):
    kopi = world.kopi.product
    campaign = make_campaign(products=[kopi], discount_type="FIXED", value=1_000, budget=10_000)
    items = [
        Item(key=1, product=kopi, unit_price=65_000, quantity=3),
        Item(key=2, product=kopi, unit_price=65_000, quantity=10),
    ]
    outcome = _price(items)
    assert [i.discount for i in items] == [3_000, 7_000]
    [share] = outcome.shares
    assert (share.campaign, share.seller_id, share.voucher) == (campaign, world.belu.pk, None)
    assert (share.amount, share.goods, share.units) == (10_000, 845_000, 10)


def test_an_order_benefit_of_exactly_rp1_goes_to_the_larger_line_only(world):
    order = make_campaign(applies_to="ORDER", discount_type="FIXED", value=1)
    items = [
        Item(key=1, product=world.tenun.product, unit_price=450_000, quantity=2),
        Item(key=2, product=world.kopi.product, unit_price=65_000, quantity=1),
    ]
    outcome = _price(items)
    assert [i.discount for i in items] == [1, 0]
    assert [i.campaign for i in items] == [order, None]
    [share] = outcome.shares
    assert (share.seller_id, share.amount, share.goods, share.units) == (
        world.sikka.pk,
        1,
        900_000,
        2,
    )


def test_an_order_benefit_keeps_the_lines_item_campaign_and_stops_at_a_net_of_rp1(world):
    tenun = world.tenun.product
    item = make_campaign(products=[tenun], discount_type="FIXED", value=449_999)
    order = make_campaign(applies_to="ORDER", discount_type="FIXED", value=5)
    lines = [Item(key=1, product=tenun, unit_price=450_000, quantity=1)]
    _price(lines)
    assert [(i.discount, i.campaign) for i in lines] == [(450_000, item)]
    Campaign.objects.filter(pk=item.pk).delete()
    one = [Item(key=1, product=tenun, unit_price=1, quantity=1)]
    _price(one)
    assert [(i.discount, i.campaign) for i in one] == [(1, order)]


def test_of_equal_order_benefits_the_first_running_wins_and_item_campaigns_are_skipped(world):
    now = timezone.now()
    first = make_campaign(applies_to="ORDER", discount_type="FIXED", value=10_000)
    second = make_campaign(applies_to="ORDER", discount_type="FIXED", value=10_000)
    elsewhere = make_campaign(products=[world.kopi.product], value=10)
    for campaign, days in ((elsewhere, 1), (first, 2), (second, 3)):  # newest start first
        Campaign.objects.filter(pk=campaign.pk).update(starts_at=now - timedelta(days=days))
    items = [Item(key=1, product=world.tenun.product, unit_price=450_000, quantity=1)]
    outcome = _price(items)
    assert [(i.discount, i.campaign) for i in items] == [(10_000, first)]
    assert [s.campaign for s in outcome.shares] == [first]
