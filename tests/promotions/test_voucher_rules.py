"""Every voucher rule at its boundary (issue 18): found by code in any case, valid from and
until (exactly at, one second off), uses and per-buyer limits (at the limit, one under,
the checkout's own hold given back), first orders, the minimum subtotal, and what an item
or order voucher gives; each refusal with its code and message."""

from datetime import timedelta

import pytest
from django.utils import timezone

from promotions.models import Campaign, Voucher
from promotions.offers import Customer, Item, discounts_compute, voucher_find, voucher_problem

from .factories import make_campaign, make_redemption

pytestmark = pytest.mark.django_db
MARIA = Customer(email="maria@contoh.id")


def _voucher(code="NTT10", campaign=None, **fields):
    campaign = campaign or make_campaign(voucher_only=True, value=10)
    return Voucher.objects.create(campaign=campaign, code=code, **fields)


def _problem(voucher, customer=MARIA, checkout_id=None, now=None):
    problem = voucher_problem(voucher=voucher, customer=customer, checkout_id=checkout_id, now=now)
    if problem is None:
        return None
    (error,) = problem.error_dict["code"]
    return error.code, error.messages[0]


def _redeemed(
    voucher,
    checkout_id,
    customer="email:maria@contoh.id",
    status="REDEEMED",
    campaign=None,
    amount=1_000,
):
    return make_redemption(
        campaign=campaign or voucher.campaign,
        voucher=voucher,
        checkout_id=checkout_id,
        customer=customer,
        status=status,
        amount=amount,
    )


def test_a_voucher_is_found_by_its_code_in_any_case():
    voucher = _voucher()
    assert voucher_find(" ntt10 ") == voucher
    assert voucher_find("") is None
    assert voucher_find("NTT11") is None
    assert _problem(None) == ("VOUCHER_NOT_FOUND", "Kode voucher tidak ditemukan.")


def test_valid_from_and_until_exactly_at_and_one_second_off():
    start = timezone.now() + timedelta(hours=1)
    end = start + timedelta(days=1)
    voucher = _voucher(valid_from=start, valid_until=end)
    second = timedelta(seconds=1)
    not_yet = ("VOUCHER_NOT_ACTIVE", "Voucher ini sedang tidak berlaku.")
    expired = ("VOUCHER_EXPIRED", "Voucher ini sudah kedaluwarsa.")
    assert _problem(voucher, now=start - second) == not_yet
    assert _problem(voucher, now=start) is None
    assert _problem(voucher, now=end - second) is None
    assert _problem(voucher, now=end) == expired


def test_the_campaigns_state_decides_first():
    ended = make_campaign(voucher_only=True)
    Campaign.objects.filter(pk=ended.pk).update(ends_at=timezone.now() - timedelta(seconds=1))
    ended.refresh_from_db()
    assert _problem(_voucher("A", ended))[0] == "VOUCHER_EXPIRED"
    later = make_campaign(voucher_only=True, started=False)
    assert _problem(_voucher("B", later))[0] == "VOUCHER_NOT_ACTIVE"
    paused = make_campaign(voucher_only=True, is_paused=True)
    assert _problem(_voucher("C", paused))[0] == "VOUCHER_NOT_ACTIVE"


def test_uses_at_the_limit_are_used_up_unless_one_is_this_checkouts_own_hold():
    voucher = _voucher(usage_limit=2, uses=1)
    assert _problem(voucher) is None
    Voucher.objects.filter(pk=voucher.pk).update(uses=2)
    voucher.refresh_from_db()
    assert _problem(voucher, checkout_id=7) == (
        "VOUCHER_USED_UP",
        "Voucher ini sudah habis dipakai.",
    )
    _redeemed(voucher, checkout_id=7, status="HELD")
    assert _problem(voucher, checkout_id=7) is None
    assert _problem(voucher, checkout_id=8)[0] == "VOUCHER_USED_UP"


def test_first_order_only():
    voucher = _voucher(first_order_only=True)
    assert _problem(voucher, Customer(email="maria@contoh.id", first_order=True)) is None
    assert _problem(voucher, Customer(email="maria@contoh.id", first_order=False)) == (
        "VOUCHER_FIRST_ORDER_ONLY",
        "Voucher ini hanya untuk pesanan pertama.",
    )


def test_per_buyer_limit_of_the_voucher_counts_this_buyers_other_checkouts():
    voucher = _voucher(per_customer_limit=2)
    _redeemed(voucher, checkout_id=1)
    assert _problem(voucher, checkout_id=9) is None
    _redeemed(voucher, checkout_id=2)
    _redeemed(voucher, checkout_id=2)  # one checkout, two lembaga: one use
    assert _problem(voucher, checkout_id=9) == (
        "VOUCHER_CUSTOMER_LIMIT",
        "Anda sudah memakai voucher ini sebanyak batas per pembeli (2 kali).",
    )
    assert _problem(voucher, checkout_id=2) is None  # its own hold does not count
    assert _problem(voucher, Customer(email="yohana@contoh.id"), checkout_id=9) is None
    assert _problem(voucher, Customer(), checkout_id=9) is None  # no e-mail: nobody to count
    _redeemed(voucher, checkout_id=3, customer="email:yohana@contoh.id", status="RELEASED")
    assert _problem(voucher, Customer(email="yohana@contoh.id"), checkout_id=9) is None


def test_the_campaigns_per_buyer_limit_counts_any_of_its_vouchers_and_the_lower_wins():
    campaign = make_campaign(voucher_only=True, per_customer_limit=1)
    first, second = _voucher("SATU", campaign), _voucher("DUA", campaign, per_customer_limit=3)
    _redeemed(first, checkout_id=1)
    assert _problem(first, checkout_id=9)[0] == "VOUCHER_CUSTOMER_LIMIT"
    assert _problem(second, checkout_id=9) is None  # the voucher's own limit counts its uses
    Campaign.objects.filter(pk=campaign.pk).update(per_customer_limit=None)
    first.refresh_from_db()
    assert _problem(first, checkout_id=9) is None


def _items(world, tenun=1, kopi=0):
    items = [Item(key=1, product=world.tenun.product, unit_price=450_000, quantity=tenun)]
    if kopi:
        items.append(Item(key=2, product=world.kopi.product, unit_price=65_000, quantity=kopi))
    return items


def _apply(items, code):
    outcome = discounts_compute(items=items, customer=MARIA, voucher_code=code)
    problem = outcome.voucher_error
    if problem is not None:
        (error,) = problem.error_dict["code"]
        problem = (error.code, error.messages[0])
    return [i.discount for i in items], problem


def test_an_order_voucher_needs_the_minimum_subtotal_exactly(world):
    campaign = make_campaign(
        voucher_only=True, applies_to="ORDER", discount_type="FIXED", value=20_000
    )
    Campaign.objects.filter(pk=campaign.pk).update(min_subtotal=515_000)
    _voucher("BELANJA", Campaign.objects.get(pk=campaign.pk))
    assert _apply(_items(world, tenun=1), "belanja") == (
        [0],
        ("VOUCHER_NOT_APPLICABLE", "Voucher ini berlaku untuk belanja minimal Rp 515.000."),
    )
    assert _apply(_items(world, tenun=1, kopi=1), "BELANJA") == ([17_476, 2_524], None)


def test_an_item_voucher_gives_per_line_percent_or_fixed_per_unit(world):
    percent = make_campaign(voucher_only=True, value=15, products=[world.tenun.product])
    _voucher("PERSEN", percent)
    assert _apply(_items(world, tenun=2, kopi=1), "PERSEN") == ([135_000, 0], None)
    fixed = make_campaign(
        voucher_only=True, discount_type="FIXED", value=40_000, products=[world.kopi.product]
    )
    _voucher("TETAP", fixed)
    assert _apply(_items(world, tenun=1, kopi=3), "TETAP") == ([0, 120_000], None)
    big = make_campaign(voucher_only=True, discount_type="FIXED", value=70_000)
    _voucher("BESAR", big)
    assert _apply(_items(world, tenun=0, kopi=2)[1:], "BESAR") == ([130_000], None)


def test_a_voucher_with_no_budget_left_or_nothing_to_cover_is_refused(world):
    spent = make_campaign(voucher_only=True, value=10, budget=5_000)
    Campaign.objects.filter(pk=spent.pk).update(budget_spent=5_000)
    _voucher("HABIS", Campaign.objects.get(pk=spent.pk))
    assert _apply(_items(world), "HABIS") == (
        [0],
        ("VOUCHER_BUDGET_SPENT", "Anggaran voucher ini sudah habis."),
    )
    elsewhere = make_campaign(voucher_only=True, value=10, products=[world.kopi.product])
    _voucher("KOPI", elsewhere)
    assert _apply(_items(world), "KOPI") == (
        [0],
        (
            "VOUCHER_NOT_APPLICABLE",
            "Voucher ini tidak berlaku untuk produk di keranjang Anda.",
        ),
    )
    partly = make_campaign(voucher_only=True, value=10, budget=30_000)
    _voucher("SEBAGIAN", partly)
    assert _apply(_items(world), "SEBAGIAN") == ([30_000], None)


def test_a_hold_counts_against_the_budget_for_every_other_checkout(world):
    campaign = make_campaign(products=[world.tenun.product], value=10, budget=45_000)
    Campaign.objects.filter(pk=campaign.pk).update(budget_spent=45_000)
    _redeemed(None, checkout_id=1, status="HELD", campaign=campaign, amount=45_000)
    priced = _items(world)
    discounts_compute(items=priced, customer=MARIA, checkout_id=None)
    assert [i.discount for i in priced] == [0]
    mine = _items(world)
    discounts_compute(items=mine, customer=MARIA, checkout_id=1)
    assert [i.discount for i in mine] == [45_000]


def test_one_checkout_over_two_lembaga_is_one_use_of_a_per_buyer_limit(world):
    campaign = make_campaign(products=[world.tenun.product], value=10, per_customer_limit=2)
    for _seller in range(2):
        _redeemed(None, checkout_id=5, campaign=campaign)
    priced = _items(world)
    discounts_compute(items=priced, customer=MARIA, checkout_id=9)
    assert [i.discount for i in priced] == [45_000]
    _redeemed(None, checkout_id=6, campaign=campaign)
    again = _items(world)
    discounts_compute(items=again, customer=MARIA, checkout_id=9)
    assert [i.discount for i in again] == [0]


def test_an_empty_code_finds_no_voucher_whatever_codes_exist():
    _voucher("XXXX")
    assert voucher_find("") is None
    assert voucher_find(None) is None


def test_the_campaigns_end_is_read_at_the_instant_asked():
    voucher = _voucher()
    ends = voucher.campaign.ends_at
    assert _problem(voucher, now=ends - timedelta(seconds=1)) is None
    assert _problem(voucher, now=ends) == ("VOUCHER_EXPIRED", "Voucher ini sudah kedaluwarsa.")


def test_only_this_checkouts_own_hold_of_this_voucher_is_given_back():
    voucher = _voucher(usage_limit=1, uses=1)
    other = _voucher("LAIN")
    used_up = ("VOUCHER_USED_UP", "Voucher ini sudah habis dipakai.")
    _redeemed(other, checkout_id=7, status="HELD")  # a hold of another voucher
    assert _problem(voucher, checkout_id=7) == used_up
    _redeemed(voucher, checkout_id=8, status="RELEASED")  # a hold that lapsed
    assert _problem(voucher, checkout_id=8) == used_up
    _redeemed(voucher, checkout_id=1, status="HELD")  # not a checkout: nothing to give back
    assert _problem(voucher, checkout_id=None) == used_up
    assert _problem(voucher, checkout_id=1) is None


def test_the_per_buyer_limit_counts_live_uses_in_any_other_checkout():
    voucher = _voucher(per_customer_limit=1)
    _redeemed(voucher, checkout_id=3, status="RELEASED")
    assert _problem(voucher, checkout_id=None) is None
    _redeemed(voucher, checkout_id=1)
    assert _problem(voucher, checkout_id=None) == (
        "VOUCHER_CUSTOMER_LIMIT",
        "Anda sudah memakai voucher ini sebanyak batas per pembeli (1 kali).",
    )


def test_a_voucher_without_its_own_limit_counts_every_voucher_of_the_campaign():
    campaign = make_campaign(voucher_only=True, per_customer_limit=1)
    first, third = _voucher("SATU", campaign), _voucher("TIGA", campaign)
    _redeemed(first, checkout_id=1)
    assert _problem(third, checkout_id=9)[0] == "VOUCHER_CUSTOMER_LIMIT"


def test_without_a_code_there_is_no_voucher_and_no_voucher_error(world):
    items = _items(world)
    outcome = discounts_compute(items=items, customer=MARIA)
    assert (outcome.voucher, outcome.voucher_error, outcome.total) == (None, None, 0)


def test_campaigns_and_vouchers_are_priced_at_the_instant_asked(world):
    later = timezone.now() + timedelta(days=2)
    make_campaign(products=[world.tenun.product], value=10, started=False)  # from tomorrow
    _voucher("NANTI", valid_from=later - timedelta(hours=1))
    items = _items(world)
    outcome = discounts_compute(items=items, customer=MARIA, voucher_code="NANTI", now=later)
    assert outcome.voucher_error is None
    assert [i.discount for i in items] == [45_000 + 40_500]
    now = _items(world)
    outcome = discounts_compute(items=now, customer=MARIA, voucher_code="NANTI")
    assert [i.discount for i in now] == [0]
    (error,) = outcome.voucher_error.error_dict["code"]
    assert (error.code, error.messages[0]) == (
        "VOUCHER_NOT_ACTIVE",
        "Voucher ini sedang tidak berlaku.",
    )


def test_pricing_refuses_an_expired_first_order_or_used_up_voucher(world):
    _voucher("LEWAT", valid_until=timezone.now() - timedelta(seconds=1))
    assert _apply(_items(world), "LEWAT") == (
        [0],
        ("VOUCHER_EXPIRED", "Voucher ini sudah kedaluwarsa."),
    )
    _voucher("PERTAMA", first_order_only=True)
    items = _items(world)
    again = Customer(email="maria@contoh.id", first_order=False)
    outcome = discounts_compute(items=items, customer=again, voucher_code="PERTAMA")
    (error,) = outcome.voucher_error.error_dict["code"]
    assert (error.code, [i.discount for i in items]) == ("VOUCHER_FIRST_ORDER_ONLY", [0])
    voucher = _voucher("SEKALI", usage_limit=1, uses=1)
    _redeemed(voucher, checkout_id=7, status="HELD")
    mine = _items(world)
    outcome = discounts_compute(items=mine, customer=MARIA, checkout_id=7, voucher_code="SEKALI")
    assert (outcome.voucher, outcome.voucher_error) == (voucher, None)
    assert [i.discount for i in mine] == [45_000]


def test_an_order_voucher_with_its_budget_spent_is_refused(world):
    campaign = make_campaign(
        voucher_only=True, applies_to="ORDER", discount_type="FIXED", value=20_000, budget=5_000
    )
    Campaign.objects.filter(pk=campaign.pk).update(budget_spent=5_000)
    _voucher("HABIS", Campaign.objects.get(pk=campaign.pk))
    assert _apply(_items(world), "HABIS") == (
        [0],
        ("VOUCHER_BUDGET_SPENT", "Anggaran voucher ini sudah habis."),
    )


def test_an_order_voucher_of_rp1_marks_only_the_line_it_discounts(world):
    campaign = make_campaign(voucher_only=True, applies_to="ORDER", discount_type="FIXED", value=1)
    voucher = _voucher("SERUPIAH", campaign)
    items = _items(world, tenun=1, kopi=1)
    outcome = discounts_compute(items=items, customer=MARIA, voucher_code="SERUPIAH")
    assert (outcome.voucher, outcome.voucher_error) == (voucher, None)
    assert [(i.discount, i.voucher, i.campaign) for i in items] == [
        (1, voucher, None),
        (0, None, None),
    ]
    [share] = outcome.shares
    assert (share.voucher, share.amount, share.goods, share.units) == (voucher, 1, 450_000, 1)


def test_an_item_voucher_covers_a_line_left_at_rp1_but_not_one_left_at_rp0(world):
    tenun = world.tenun.product
    voucher = _voucher(
        "SERIBU", make_campaign(voucher_only=True, discount_type="FIXED", value=1_000)
    )
    one = [Item(key=1, product=tenun, unit_price=1, quantity=1)]
    outcome = discounts_compute(items=one, customer=MARIA, voucher_code="SERIBU")
    assert (outcome.voucher_error, [i.discount for i in one]) == (None, [1])
    [share] = outcome.shares
    assert (share.voucher, share.seller_id, share.amount, share.goods, share.units) == (
        voucher,
        world.sikka.pk,
        1,
        1,
        1,
    )
    make_campaign(products=[tenun], discount_type="FIXED", value=450_000)  # the whole price
    free = _items(world)
    assert _apply(free, "SERIBU") == (
        [450_000],
        (
            "VOUCHER_NOT_APPLICABLE",
            "Voucher ini tidak berlaku untuk produk di keranjang Anda.",
        ),
    )
