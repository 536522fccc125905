"""Campaign discounts on the cart, pinned to the rupiah: rounding, budgets, limits, sopi;
what a campaign covers in SQL and what a product list shows (issue 18)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from orders.pricing import checkout_prices
from orders.services.checkout import AddressInput, LineInput, checkout_create
from promotions.models import Campaign, SellerOptIn, Voucher
from promotions.offers import (
    Customer,
    Item,
    ProductPricer,
    campaign_products,
    discounts_compute,
    percent_of,
    split_proportionally,
    voucher_find,
)
from tests.factories import ProductFactory, ProductVariantFactory
from tests.regions import KUPANG_VILLAGE
from tests.shopping import make_category, make_variant

from .factories import make_campaign

ADDRESS = AddressInput(
    name="Maria",
    phone="081234567890",
    street="Jl. El Tari 5",
    village_code=KUPANG_VILLAGE,
    postal_code="85228",
)


def cart(*lines, email="maria@contoh.id"):
    return checkout_create(
        user=AnonymousUser(),
        lines=[LineInput(variant_id=v.pk, quantity=q) for v, q in lines],
        email=email,
        address=ADDRESS,
    )


def discounts(checkout) -> list[int]:
    return [lp.discount for part in checkout_prices(checkout=checkout).parts for lp in part.lines]


def test_percent_is_rounded_half_up_to_whole_rupiah():
    assert percent_of(65_005, 10) == 6_501  # 6.500,5
    assert percent_of(65_004, 10) == 6_500  # 6.500,4
    assert percent_of(99_999, 15) == 15_000  # 14.999,85
    assert percent_of(1, 50) == 1  # 0,5


def test_split_proportionally_adds_up_to_the_rupiah():
    assert split_proportionally(100, [1, 1, 1]) == [34, 33, 33]
    assert split_proportionally(10_000, [450_000, 130_000]) == [7_759, 2_241]
    assert sum(split_proportionally(99_999, [7, 13, 29, 31])) == 99_999
    assert split_proportionally(0, [5, 5]) == [0, 0]


def test_percentage_campaign_discounts_each_unit_rounded(world):
    variant = make_variant(world.sikka, name="Selendang", price=65_005)
    make_campaign(products=[variant.product], value=10)
    assert discounts(cart((variant, 3))) == [3 * 6_501]


def test_fixed_discount_never_takes_a_price_below_zero(world):
    variant = make_variant(world.sikka, name="Gantungan kunci", price=15_000)
    make_campaign(products=[variant.product], discount_type="FIXED", value=20_000)
    assert discounts(cart((variant, 2))) == [30_000]


def test_each_line_gets_the_best_single_campaign(world):
    make_campaign(sellers=[world.sikka], value=10)  # Rp 45.000 per tenun
    best = make_campaign(products=[world.tenun.product], discount_type="FIXED", value=50_000)
    prices = checkout_prices(checkout=cart((world.tenun, 1)))
    [line] = prices.parts[0].lines
    assert (line.discount, line.campaign) == (50_000, best)


def test_a_budget_spent_exactly_still_discounts_one_rupiah_short_does_not(world):
    campaign = make_campaign(products=[world.tenun.product], value=10, budget=90_000)
    assert discounts(cart((world.tenun, 2))) == [90_000]  # exactly the budget
    campaign.budget = 89_999
    campaign.save()
    assert discounts(cart((world.tenun, 2))) == [45_000]  # one unit fits, the second does not
    campaign.budget = 44_999
    campaign.save()
    assert discounts(cart((world.tenun, 2))) == [0]  # the sale goes on at full price


def test_spent_budget_counts_what_others_hold(world):
    make_campaign(products=[world.tenun.product], value=10, budget=90_000, budget_spent=45_000)
    assert discounts(cart((world.tenun, 2))) == [45_000]


def test_sopi_never_gets_a_government_discount_but_may_get_a_seller_funded_one(world):
    sopi_category = make_category("Sopi", min_buyer_age=21)
    sopi = make_variant(world.belu, name="Sopi Belu", price=120_000, category=sopi_category)
    make_campaign(sellers=[world.belu], value=20, funded_by="GOVERNMENT")
    assert discounts(cart((sopi, 1), (world.kopi, 1))) == [0, 13_000]
    seller_funded = make_campaign(sellers=[world.belu], value=5, funded_by="SELLER")
    seller_funded.opt_ins.create(seller=world.belu, opted_in=True)
    assert discounts(cart((sopi, 1), (world.kopi, 1))) == [6_000, 13_000]


def test_seller_funded_campaign_needs_the_lembaga_opt_in(world):
    campaign = make_campaign(products=[world.kopi.product], value=10, funded_by="SELLER")
    assert discounts(cart((world.kopi, 1))) == [0]
    campaign.opt_ins.create(seller=world.belu, opted_in=True)
    assert discounts(cart((world.kopi, 1))) == [6_500]


def test_categories_include_their_sub_categories(world):
    from catalog.models import Category

    parent = world.tenun.product.category
    child = Category.objects.create(name="Tenun ikat", slug="tenun-ikat-anak", parent=parent)
    ikat = make_variant(world.sikka, name="Ikat", price=100_000, category=child)
    make_campaign(categories=[parent], value=10)
    assert discounts(cart((ikat, 1))) == [10_000]


def test_scope_dimensions_must_all_match(world):
    from sellers.models import Regency

    tenun_category = world.tenun.product.category
    make_campaign(categories=[tenun_category], regencies=[Regency.objects.get(code="53.04")])
    assert discounts(cart((world.tenun, 1))) == [0]  # tenun, but from Sikka, not Belu


def test_paused_scheduled_and_draft_campaigns_discount_nothing(world):
    campaign = make_campaign(products=[world.tenun.product], value=10, is_paused=True)
    assert discounts(cart((world.tenun, 1))) == [0]
    Campaign.objects.filter(pk=campaign.pk).update(is_paused=False, is_draft=True)
    assert discounts(cart((world.tenun, 1))) == [0]
    Campaign.objects.filter(pk=campaign.pk).update(is_draft=False)
    assert discounts(cart((world.tenun, 1))) == [45_000]
    make_campaign(products=[world.kopi.product], value=10, started=False)
    assert discounts(cart((world.kopi, 1))) == [0]


def test_order_benefit_above_minimum_is_split_over_two_lembaga_in_proportion(world):
    make_campaign(applies_to="ORDER", discount_type="FIXED", value=10_000, min_subtotal=500_000)
    prices = checkout_prices(checkout=cart((world.tenun, 1), (world.kopi, 1)))
    assert prices.subtotal == 515_000
    by_seller = {p.seller.pk: p.discount for p in prices.parts}
    assert by_seller == {world.sikka.pk: 8_738, world.belu.pk: 1_262}
    assert prices.discount_total == 10_000
    below = checkout_prices(checkout=cart((world.tenun, 1)))
    assert below.discount_total == 0  # Rp 450.000 < Rp 500.000


@pytest.mark.parametrize(("limit", "discounted"), [(1, False), (2, True)])
def test_per_customer_limit_counts_the_buyers_earlier_orders(world, limit, discounted):
    from promotions.models import Redemption

    campaign = make_campaign(products=[world.kopi.product], value=10, per_customer_limit=limit)
    Redemption.objects.create(
        campaign=campaign,
        seller=world.belu,
        checkout_id=999_999,
        order_id=1,
        customer="email:maria@contoh.id",
        status=Redemption.Status.REDEEMED,
        amount=6_500,
        funded_by="GOVERNMENT",
    )
    assert discounts(cart((world.kopi, 1))) == [6_500 if discounted else 0]
    assert discounts(cart((world.kopi, 1), email="yohana@contoh.id")) == [6_500]


def _products(campaign):
    return set(campaign_products(campaign).values_list("name", flat=True))


def test_the_products_a_campaign_covers_for_each_scope(world):
    tenun, kopi = world.tenun.product, world.kopi.product
    assert _products(make_campaign(sellers=[world.sikka])) == {tenun.name}
    assert _products(make_campaign(regencies=["53.04"])) == {kopi.name}
    both = make_campaign(products=[tenun, kopi], sellers=[world.belu])
    assert _products(both) == {kopi.name}


def test_a_seller_funded_campaign_covers_its_scope_of_the_opted_in_lembaga_only(world):
    other = ProductFactory(seller=world.sikka, name="Selendang Sikka")
    campaign = make_campaign(products=[world.tenun.product], funded_by="SELLER")
    assert _products(campaign) == set()
    SellerOptIn.objects.create(campaign=campaign, seller=world.sikka, opted_in=True)
    assert _products(campaign) == {world.tenun.product.name}
    assert other.name not in _products(campaign)


def test_the_list_price_ignores_voucher_only_campaigns_and_cuts_of_nothing(world):
    product = world.tenun.product
    make_campaign(products=[product], value=30, voucher_only=True)
    assert ProductPricer()(product) is None
    cheap = ProductFactory(seller=world.sikka, name="Permen jagung")
    ProductVariantFactory(product=cheap, price=10)
    make_campaign(products=[cheap], value=1)  # 1% of Rp 10 is Rp 0
    assert ProductPricer()(cheap) is None


def test_of_two_campaigns_giving_the_same_price_the_first_shows(world):
    product = world.tenun.product
    make_campaign(products=[product], value=10, name="Pertama")
    make_campaign(products=[product], value=10, name="Kedua")
    pricer = ProductPricer()
    first = pricer.offers[0].campaign.name
    price = pricer(product)
    assert (price.price, price.regular, price.campaign_name) == (405_000, 450_000, first)


def test_loading_the_running_campaigns_costs_the_same_for_one_or_three(world):
    def cost():
        with CaptureQueriesContext(connection) as queries:
            ProductPricer()
        return len(queries)

    make_campaign(products=[world.tenun.product], funded_by="SELLER")
    one = cost()
    for _ in range(2):
        make_campaign(products=[world.tenun.product], funded_by="SELLER")
    assert cost() == one


def test_finding_a_voucher_loads_its_campaign_in_the_same_query(world):
    campaign = make_campaign(voucher_only=True)
    Voucher.objects.create(campaign=campaign, code="NTT10")
    with CaptureQueriesContext(connection) as queries:
        assert voucher_find("ntt10").campaign.name == campaign.name
    assert len(queries) == 1


def test_an_item_voucher_marks_its_lines_and_counts_their_units(world):
    campaign = make_campaign(voucher_only=True, value=10, products=[world.kopi.product])
    voucher = Voucher.objects.create(campaign=campaign, code="KOPI10")
    items = [
        Item(key=1, product=world.tenun.product, unit_price=450_000, quantity=1),
        Item(key=2, product=world.kopi.product, unit_price=65_000, quantity=3),
    ]
    outcome = discounts_compute(
        items=items, customer=Customer(email="maria@contoh.id"), voucher_code="KOPI10"
    )
    assert [(i.discount, i.voucher) for i in items] == [(0, None), (19_500, voucher)]
    assert [(s.seller_id, s.amount, s.units, s.goods) for s in outcome.shares] == [
        (world.belu.pk, 19_500, 3, 195_000)
    ]
