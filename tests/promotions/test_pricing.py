"""Campaign discounts on the cart, pinned to the rupiah: rounding, budgets, limits, sopi;
what a campaign covers in SQL and what a product list shows (issue 18)."""

from collections import defaultdict
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog.offers import CampaignPrice
from orders.pricing import checkout_prices
from orders.services.checkout import AddressInput, LineInput, checkout_create
from promotions.models import Campaign, SellerOptIn, Voucher
from promotions.offers import (
    Customer,
    Item,
    ProductPricer,
    campaign_products,
    campaigns_active,
    campaigns_with_scope,
    category_descendants,
    discounts_compute,
    percent_of,
    product_offers,
    split_proportionally,
    variant_offers,
    voucher_find,
)
from sellers.models import Regency
from tests.factories import ProductFactory, ProductVariantFactory, ZoneFactory
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


# ------------------------------------------------ pinned by mutation testing (issue 18)


def starting(campaign, days_ago: int):
    """Move a campaign's start; the running campaigns are tried latest start first."""
    Campaign.objects.filter(pk=campaign.pk).update(
        starts_at=timezone.now() - timedelta(days=days_ago)
    )
    campaign.refresh_from_db()
    return campaign


def price_of(campaign, price: int, regular: int) -> CampaignPrice:
    return CampaignPrice(
        price=price, regular=regular, campaign_name=campaign.name, campaign_slug=campaign.slug
    )


def test_split_proportionally_gives_the_whole_total_to_a_single_weight_of_one():
    assert split_proportionally(100, [0, 1]) == [0, 100]
    assert split_proportionally(7, [1]) == [7]
    assert split_proportionally(7, [0, 0]) == [0, 0]


def test_descendants_of_a_given_tree_cost_no_query(db, django_assert_num_queries):
    tree = defaultdict(list, {1: [2, 3], 3: [4], 5: [6]})
    with django_assert_num_queries(0):
        assert category_descendants([1], tree) == {1, 2, 3, 4}
        assert category_descendants([3, 5], tree) == {3, 4, 5, 6}


def test_loading_category_campaigns_reads_the_taxonomy_once(world):
    def cost():
        with CaptureQueriesContext(connection) as queries:
            ProductPricer()
        return len(queries)

    category = world.tenun.product.category
    make_campaign(categories=[category])
    one = cost()
    for _ in range(2):
        make_campaign(categories=[category])
    assert cost() == one


def test_campaigns_with_scope_without_a_queryset_loads_every_campaign(world):
    running = make_campaign(products=[world.tenun.product])
    draft = make_campaign(is_draft=True)
    assert set(campaigns_with_scope()) == {running, draft}


def test_the_running_campaigns_are_those_of_the_given_instant(world):
    campaign = make_campaign(products=[world.tenun.product], started=False)
    starts = campaign.starts_at
    assert list(campaigns_active()) == []
    assert list(campaigns_active(starts - timedelta(microseconds=1))) == []
    assert list(campaigns_active(starts)) == [campaign]


def test_product_and_variant_prices_are_those_of_the_given_instant(world):
    product = world.tenun.product
    campaign = make_campaign(products=[product], value=10, started=False)
    later = campaign.starts_at
    assert product_offers([product]) == {}
    assert product_offers([product], now=later) == {
        product.pk: price_of(campaign, 405_000, 450_000)
    }
    assert variant_offers(product, [world.tenun]) == {}
    assert variant_offers(product, [world.tenun], now=later) == {
        world.tenun.pk: price_of(campaign, 405_000, 450_000)
    }


def test_product_offers_lists_only_the_products_with_a_campaign_price(world):
    campaign = make_campaign(products=[world.tenun.product], value=10)
    found = product_offers([world.tenun.product, world.kopi.product])
    assert found == {world.tenun.product.pk: price_of(campaign, 405_000, 450_000)}


def test_each_variant_gets_its_own_campaign_price_and_a_cut_of_nothing_none(world):
    product = world.tenun.product
    small = ProductVariantFactory(product=product, price=200_000)
    tiny = ProductVariantFactory(product=product, price=4)  # 10% of Rp 4 is Rp 0
    campaign = make_campaign(products=[product], value=10)
    expected = {
        world.tenun.pk: price_of(campaign, 405_000, 450_000),
        small.pk: price_of(campaign, 180_000, 200_000),
    }
    assert ProductPricer().variants(product, [world.tenun, small, tiny]) == expected
    assert variant_offers(product, [world.tenun, small, tiny]) == expected
    assert variant_offers(world.kopi.product, [world.kopi]) == {}


def test_the_product_price_is_its_cheapest_variant_after_the_campaign(world):
    product = world.tenun.product
    campaign = make_campaign(products=[product], value=10)
    pricer = ProductPricer()
    assert pricer(product, [200_000, 100_000]) == price_of(campaign, 90_000, 100_000)
    assert pricer(product, [100_000, 200_000]) == price_of(campaign, 90_000, 100_000)


def test_variants_ending_at_the_same_price_show_the_first_variants_campaign(world):
    product = world.tenun.product
    first = starting(make_campaign(products=[product], discount_type="FIXED", value=20_000), 1)
    second = starting(make_campaign(products=[product], discount_type="FIXED", value=30_000), 2)
    pricer = ProductPricer()
    assert [o.campaign for o in pricer.offers] == [first, second]
    # Rp 10.000: both give it away, the first wins; Rp 25.000: only the second does.
    assert pricer(product, [10_000, 25_000]) == price_of(first, 0, 10_000)


def test_the_list_price_of_a_seller_campaign_is_for_that_lembaga_only(world):
    campaign = make_campaign(sellers=[world.sikka], value=10)
    pricer = ProductPricer()
    assert pricer(world.kopi.product) is None
    assert pricer(world.tenun.product) == price_of(campaign, 405_000, 450_000)


def test_the_list_price_ignores_order_campaigns(world):
    make_campaign(products=[world.tenun.product], value=10, applies_to="ORDER")
    assert ProductPricer()(world.tenun.product) is None


def test_the_list_price_needs_the_budget_for_one_unit(world):
    product = world.tenun.product
    campaign = make_campaign(products=[product], value=10, budget=45_000)
    assert ProductPricer()(product) == price_of(campaign, 405_000, 450_000)  # exactly one cut
    Campaign.objects.filter(pk=campaign.pk).update(budget=44_999)
    assert ProductPricer()(product) is None  # one rupiah short
    Campaign.objects.filter(pk=campaign.pk).update(budget=45_000, budget_spent=45_000)
    assert ProductPricer()(product) is None  # spent


def test_a_budget_of_one_rupiah_still_lists_a_cut_of_one_rupiah(world):
    product = world.tenun.product
    campaign = make_campaign(products=[product], discount_type="FIXED", value=1, budget=1)
    assert ProductPricer()(product) == price_of(campaign, 449_999, 450_000)


def test_a_campaign_for_another_product_tried_first_does_not_hide_the_next(world):
    product = world.tenun.product
    other = starting(make_campaign(products=[world.kopi.product], value=20), 1)
    campaign = starting(make_campaign(products=[product], value=10), 2)
    pricer = ProductPricer()
    assert [o.campaign for o in pricer.offers] == [other, campaign]
    assert pricer(product) == price_of(campaign, 405_000, 450_000)


def test_a_campaign_short_of_budget_tried_first_does_not_hide_the_next(world):
    product = world.tenun.product
    short = starting(make_campaign(products=[product], value=10, budget=44_999), 1)
    campaign = starting(make_campaign(products=[product], value=5), 2)
    pricer = ProductPricer()
    assert [o.campaign for o in pricer.offers] == [short, campaign]
    assert pricer(product) == price_of(campaign, 427_500, 450_000)


def test_a_larger_cut_tried_second_gives_the_list_price(world):
    product = world.tenun.product
    small = starting(make_campaign(products=[product], value=5), 1)
    large = starting(make_campaign(products=[product], value=10), 2)
    pricer = ProductPricer()
    assert [o.campaign for o in pricer.offers] == [small, large]
    assert pricer(product) == price_of(large, 405_000, 450_000)


def test_a_zone_campaign_covers_the_lembaga_of_that_zone_only(world):
    zone = ZoneFactory(regency=Regency.objects.get(code="53.07"))
    world.sikka.zone = zone
    world.sikka.save()
    selendang = ProductFactory(seller=world.sikka, name="Selendang Sikka")
    campaign = make_campaign(value=10)
    campaign.zones.set([zone])
    pricer = ProductPricer()
    assert pricer(world.tenun.product) == price_of(campaign, 405_000, 450_000)
    assert pricer(world.kopi.product) is None
    assert _products(campaign) == {world.tenun.product.name, selendang.name}
    both = make_campaign(products=[world.tenun.product, world.kopi.product])
    both.zones.set([zone])
    assert _products(both) == {world.tenun.product.name}


def test_every_scope_dimension_narrows_the_ones_before_it(world):
    tenun, kopi = world.tenun.product, world.kopi.product
    selendang = ProductFactory(seller=world.sikka, category=tenun.category, name="Selendang")
    robusta = ProductFactory(seller=world.belu, name="Kopi robusta")
    by_category = make_campaign(products=[tenun, kopi], categories=[tenun.category])
    assert _products(by_category) == {tenun.name}
    by_seller = make_campaign(products=[tenun, kopi], sellers=[world.belu])
    assert _products(by_seller) == {kopi.name}
    assert {selendang.name, robusta.name}.isdisjoint(_products(by_category) | _products(by_seller))


def test_a_category_campaign_covers_its_sub_categories_in_sql(world):
    from catalog.models import Category

    parent = world.tenun.product.category
    child = Category.objects.create(name="Tenun ikat", slug="tenun-ikat-anak", parent=parent)
    ikat = ProductFactory(seller=world.sikka, category=child, name="Ikat")
    campaign = make_campaign(categories=[parent])
    assert _products(campaign) == {world.tenun.product.name, ikat.name}


def test_a_government_campaign_covers_in_sql_what_the_pricer_discounts(world):
    from catalog.models import Category

    def category(name, parent=None, **fields):
        return Category.objects.create(
            name=name, slug=f"uji-{name.lower()}", parent=parent, **fields
        )

    plain, zero = category("Pangan"), category("Anyaman", min_buyer_age=0)
    adult = category("Minuman", min_buyer_age=21)
    kinds = {
        "zero": zero,
        "child of plain": category("Keripik", plain),
        "child of zero": category("Tikar", zero),
        "child at zero of plain": category("Jagung", plain, min_buyer_age=0),
        "child of adult": category("Tuak", adult),
        "adult": adult,
    }
    products = {k: make_variant(world.belu, name=k, category=c).product for k, c in kinds.items()}
    campaign = make_campaign(value=10)
    covered = {"zero", "child of plain", "child of zero", "child at zero of plain"}
    pricer = ProductPricer()
    assert {k for k, p in products.items() if pricer(p)} == covered
    assert _products(campaign) - {world.tenun.product.name, world.kopi.product.name} == covered


def test_a_government_campaign_lists_no_alcoholic_drink_a_seller_funded_one_may(world):
    from catalog.models import Category

    sopi = Category.objects.create(name="Sopi", slug="uji-sopi", is_alcoholic=True)
    moke = Category.objects.create(name="Moke", slug="uji-moke", parent=sopi)
    drinks = {
        make_variant(world.belu, name=name, category=category).product
        for name, category in (("Sopi Belu", sopi), ("Moke Belu", moke))
    }
    government = make_campaign(sellers=[world.belu], value=10)
    pricer = ProductPricer()
    assert [pricer(p) for p in drinks] == [None, None]
    assert _products(government) == {world.kopi.product.name}
    seller_funded = make_campaign(sellers=[world.belu], value=10, funded_by="SELLER")
    SellerOptIn.objects.create(campaign=seller_funded, seller=world.belu, opted_in=True)
    assert _products(seller_funded) == {world.kopi.product.name, "Sopi Belu", "Moke Belu"}
