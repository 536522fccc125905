"""Shipping bands, weight rounding and per-seller money, figure by figure.

``orders.pricing`` called directly: one rupiah off anywhere fails a test.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from orders.models import Checkout, CheckoutDelivery, CheckoutLine, ShippingMethod
from orders.pricing import Band, SellerPart, checkout_prices, destination_band, shipping_price
from sellers.models import Village
from tests.factories import ShippingMethodFactory
from tests.regions import BELU_VILLAGE, KUPANG_VILLAGE, NITA, SIKKA_VILLAGE
from tests.shopping import make_seller, make_variant

COURIER = {
    "kind": ShippingMethod.Kind.COURIER,
    "same_regency_base": 10_000,
    "same_regency_per_kg": 5_000,
    "ntt_base": 25_000,
    "ntt_per_kg": 10_000,
    "outside_base": 60_000,
    "outside_per_kg": 30_000,
    "max_weight_grams": 30_000,
}


def _courier(**changes) -> ShippingMethod:
    return ShippingMethod(**{**COURIER, **changes})


@pytest.mark.parametrize(
    ("grams", "price"),
    [(0, 25_000), (1, 25_000), (1_000, 25_000), (1_001, 35_000), (2_000, 35_000), (2_001, 45_000)],
)
def test_the_first_kilogram_is_the_base_each_started_kilogram_more_costs_per_kg(grams, price):
    assert shipping_price(method=_courier(), band=Band.NTT, weight_grams=grams) == price


def test_each_band_has_its_own_prices():
    assert shipping_price(method=_courier(), band=Band.SAME_REGENCY, weight_grams=1_500) == 15_000
    assert shipping_price(method=_courier(), band=Band.NTT, weight_grams=1_500) == 35_000
    assert shipping_price(method=_courier(), band=Band.OUTSIDE_NTT, weight_grams=1_500) == 90_000


def test_exactly_the_maximum_weight_ships_one_gram_more_does_not():
    method = _courier(max_weight_grams=5_000)
    assert shipping_price(method=method, band=Band.NTT, weight_grams=5_000) == 65_000
    assert shipping_price(method=method, band=Band.NTT, weight_grams=5_001) is None


def test_outside_ntt_only_with_a_courier_that_ships_there():
    assert (
        shipping_price(
            method=_courier(ships_outside_ntt=False), band=Band.OUTSIDE_NTT, weight_grams=500
        )
        is None
    )
    assert (
        shipping_price(method=_courier(ships_outside_ntt=False), band=Band.NTT, weight_grams=500)
        == 25_000
    )
    assert (
        shipping_price(
            method=_courier(ships_outside_ntt=True), band=Band.OUTSIDE_NTT, weight_grams=500
        )
        == 60_000
    )


def test_no_courier_price_before_an_address_is_known():
    assert shipping_price(method=_courier(), band=None, weight_grams=500) is None


@pytest.mark.parametrize(
    "kind", [ShippingMethod.Kind.PICKUP_VILLAGE, ShippingMethod.Kind.PICKUP_OUTLET]
)
def test_a_pickup_costs_its_fee_whatever_the_address_or_weight(kind):
    method = _courier(kind=kind, pickup_fee=2_500, max_weight_grams=1)
    assert shipping_price(method=method, band=None, weight_grams=99_000) == 2_500
    assert shipping_price(method=method, band=Band.OUTSIDE_NTT, weight_grams=10) == 2_500


@pytest.mark.django_db
class TestCheckoutPrices:
    @pytest.fixture
    def sikka(self):
        return make_seller()

    def _checkout(self, *lines, **address) -> Checkout:
        checkout = Checkout.objects.create(email="b@contoh.id", **address)
        for variant, quantity in lines:
            CheckoutLine.objects.create(checkout=checkout, variant=variant, quantity=quantity)
        return checkout

    def _village(self, code):
        return Village.objects.select_related("district").get(code=code)

    def test_the_band_follows_the_address(self, sikka):
        at = lambda **a: destination_band(checkout=Checkout(**a), seller=sikka)  # noqa: E731
        assert at(ship_village=self._village(NITA)) == Band.SAME_REGENCY
        assert at(ship_village=self._village(SIKKA_VILLAGE)) == Band.SAME_REGENCY
        assert at(ship_village=self._village(KUPANG_VILLAGE)) == Band.NTT
        assert at(ship_city="Surabaya", ship_province="Jawa Timur") == Band.OUTSIDE_NTT
        # An incomplete address outside NTT has no band yet.
        assert at(ship_city="Surabaya") is None
        assert at(ship_province="Jawa Timur") is None
        assert at() is None

    @pytest.mark.parametrize("plain", [False, True], ids=["postgresql", "orm-of-sqlite"])
    def test_lines_weights_offers_and_the_chosen_method(self, sikka, plain, monkeypatch):
        if plain:  # the ORM branch `make run`'s SQLite takes: the same offers and prices
            from shop import rows

            monkeypatch.setattr(rows, "is_postgres", lambda *_db: False)
        tenun = make_variant(sikka, price=250_000, weight_grams=800)
        selendang = make_variant(sikka, name="Selendang", price=75_000, weight_grams=150)
        # "Kurir pas" and its twin (same kind and name) list by id: the twin is written
        # first, with the higher id, so only the id can put "Kurir pas" first
        first_id = ShippingMethodFactory(seller=sikka, name="Kurir pos", is_active=False).pk
        twin = ShippingMethodFactory(
            id=first_id + 1_000, seller=sikka, name="Kurir pas", max_weight_grams=1_750
        )
        exact = ShippingMethodFactory(seller=sikka, name="Kurir pas", max_weight_grams=1_750)
        courier = ShippingMethodFactory(seller=sikka)
        ShippingMethodFactory(seller=make_seller(name="Lain", village=BELU_VILLAGE))
        ShippingMethodFactory(seller=sikka, name="Kurir lama", is_active=False)
        pickup = ShippingMethodFactory(
            seller=sikka, name="Ambil di desa", kind="PICKUP_VILLAGE", pickup_fee=1_000
        )
        light = ShippingMethodFactory(seller=sikka, name="Kurir ringan", max_weight_grams=1_749)
        checkout = self._checkout(
            (tenun, 2), (selendang, 1), ship_village=self._village(KUPANG_VILLAGE)
        )
        CheckoutDelivery.objects.create(checkout=checkout, seller=sikka, method=courier)
        # another buyer chose "Kurir pas": not this checkout's choice
        other = self._checkout((tenun, 1), ship_village=self._village(KUPANG_VILLAGE))
        CheckoutDelivery.objects.create(checkout=other, seller=sikka, method=exact)
        with CaptureQueriesContext(connection) as queries:
            prices = checkout_prices(checkout=checkout)
        # PostgreSQL sends the hand-written methods statement; the ORM branch does not
        hand_written = any("m.seller_id = ANY(" in q["sql"] for q in queries.captured_queries)
        assert hand_written is not plain
        (part,) = prices.parts
        assert [(lp.quantity, lp.unit_price, lp.total, lp.weight_grams) for lp in part.lines] == [
            (2, 250_000, 500_000, 1_600),
            (1, 75_000, 75_000, 150),
        ]
        assert [(lp.line.variant, lp.variant) for lp in part.lines] == [
            (tenun, tenun),
            (selendang, selendang),
        ]
        assert (part.subtotal, part.weight_grams) == (575_000, 1_750)
        # Couriers first (kinds sort) by name; a method of a seller not in the cart, the
        # inactive one and the one too light for 1,750 g are not offered.
        assert [(m.method, m.price) for m in part.methods] == [
            (courier, 35_000),
            (exact, 35_000),
            (twin, 35_000),
            (pickup, 1_000),
        ]
        assert light not in [m.method for m in part.methods]
        assert (part.selected.method, part.shipping, part.discount) == (courier, 35_000, 0)
        assert (prices.subtotal, prices.shipping_total, prices.discount_total, prices.total) == (
            575_000,
            35_000,
            0,
            610_000,
        )

    def test_two_sellers_are_two_parts_in_name_order_each_with_its_own_band(self, sikka):
        belu = make_seller(name="Aneka Belu", village=BELU_VILLAGE)
        tenun = make_variant(sikka, price=100_000, weight_grams=1_000)
        kopi = make_variant(belu, name="Kopi", price=50_000, weight_grams=1_001)
        ShippingMethodFactory(seller=sikka)
        kopi_courier = ShippingMethodFactory(seller=belu)
        checkout = self._checkout((tenun, 1), (kopi, 1), ship_village=self._village(NITA))
        CheckoutDelivery.objects.create(checkout=checkout, seller=belu, method=kopi_courier)
        prices = checkout_prices(checkout=checkout)
        assert [p.seller for p in prices.parts] == [belu, sikka]
        belu_part, sikka_part = prices.parts
        assert [m.price for m in belu_part.methods] == [35_000]  # NTT, 2 started kg
        assert [m.price for m in sikka_part.methods] == [10_000]  # same regency, 1 kg
        assert (belu_part.shipping, sikka_part.shipping, sikka_part.selected) == (35_000, 0, None)
        assert prices.total == 150_000 + 35_000

    def test_without_an_address_only_pickup_is_offered(self, sikka):
        tenun = make_variant(sikka, price=100_000)
        ShippingMethodFactory(seller=sikka)
        pickup = ShippingMethodFactory(seller=sikka, name="Ambil", kind="PICKUP_VILLAGE")
        checkout = self._checkout((tenun, 1), ship_city="Surabaya")
        (part,) = checkout_prices(checkout=checkout).parts
        assert [(m.method, m.price) for m in part.methods] == [(pickup, 0)]

    def test_an_empty_cart_costs_nothing(self, django_assert_num_queries):
        checkout = self._checkout()
        # The lines, then the running campaigns and the voucher (promotions, issue #11).
        with django_assert_num_queries(3):
            prices = checkout_prices(checkout=checkout)
        assert (prices.parts, prices.total) == ([], 0)

    def test_given_lines_are_priced_without_loading_them_again(self, sikka):
        tenun = make_variant(sikka, price=100_000)
        checkout = self._checkout((tenun, 3))
        lines = list(checkout.lines.all())
        lines[0].quantity = 1  # the caller's copy is what is priced
        assert checkout_prices(checkout=checkout, lines=lines).subtotal == 100_000
        assert checkout_prices(checkout=checkout).subtotal == 300_000


def test_a_new_seller_part_starts_at_zero():
    part = SellerPart(seller=None)
    assert (part.subtotal, part.weight_grams, part.discount) == (0, 0, 0)
    assert (part.lines, part.methods, part.selected) == ([], [], None)
    assert (part.shipping, part.total, part.commission) == (0, 0, 0)


@pytest.mark.django_db
def test_pricing_loads_sellers_and_categories_with_the_lines(django_assert_num_queries):
    """Lines, methods (each with whether it is the chosen delivery) and the two promotions
    lookups (running campaigns, the voucher): four queries however many lines and sellers;
    each line's seller village and category parent come with it (callers read them)."""
    sikka, belu = make_seller(), make_seller(name="Aneka Belu", village=BELU_VILLAGE)
    variants = [make_variant(sikka, name=f"Tenun {i}") for i in range(3)] + [
        make_variant(belu, name="Kopi")
    ]
    for seller in (sikka, belu):
        ShippingMethodFactory(seller=seller)
    checkout = Checkout.objects.create(
        email="b@contoh.id", ship_city="Surabaya", ship_province="Jatim"
    )
    for variant in variants:
        CheckoutLine.objects.create(checkout=checkout, variant=variant, quantity=1)
    checkout = Checkout.objects.get(pk=checkout.pk)
    with django_assert_num_queries(4):
        prices = checkout_prices(checkout=checkout)
        for part in prices.parts:
            assert part.seller.village.district.regency_id in {"53.07", "53.04"}
            for lp in part.lines:
                assert lp.variant.product.category.parent is None
