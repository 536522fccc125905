"""Properties of the money splits (issue 18), for any amounts hypothesis draws.

An order-level discount is split over the lines it covers, and so over the lembaga of
the checkout, in proportion to each line's goods (after item discounts), by largest
remainder: the parts add up to the discount exactly, no part is negative, no line goes
below Rp 0, each part is its exact share rounded down or up by one rupiah, and a rupiah
left over goes to a larger remainder before a smaller one (the earlier line on a tie).
"""

from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from promotions.models import Campaign
from promotions.offers import Customer, Item, discounts_compute, percent_of, split_proportionally
from tests.factories import ProductFactory, SellerFactory

from .factories import make_campaign

WEIGHTS = st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=12)


@given(total=st.integers(min_value=0, max_value=10**12), weights=WEIGHTS)
def test_split_adds_up_and_each_part_is_its_share_rounded_by_largest_remainder(total, weights):
    parts = split_proportionally(total, weights)
    whole = sum(weights)
    assert len(parts) == len(weights)
    if whole == 0 or total == 0:
        assert parts == [0] * len(weights)
        return
    assert sum(parts) == total
    floors = [total * w // whole for w in weights]
    remainders = [total * w % whole for w in weights]
    extra = [p - f for p, f in zip(parts, floors, strict=True)]
    assert set(extra) <= {0, 1}
    assert all(p == 0 for p, w in zip(parts, weights, strict=True) if w == 0)
    up = [i for i, e in enumerate(extra) if e]
    down = [i for i, e in enumerate(extra) if not e]
    for i in up:
        for j in down:
            assert (-remainders[i], i) < (-remainders[j], j)


@given(total=st.integers(max_value=0, min_value=-(10**6)), weights=WEIGHTS)
def test_nothing_to_split_gives_zero_parts(total, weights):
    assert split_proportionally(total, weights) == [0] * len(weights)


def test_split_exact_figures():
    assert split_proportionally(2, [1, 1, 1]) == [1, 1, 0]  # a tie: the earlier lines
    assert split_proportionally(2, [1, 2, 2]) == [0, 1, 1]  # remainders 2/5 < 4/5
    assert split_proportionally(5, [0, 0]) == [0, 0]


@pytest.fixture
def three_lembaga(db):
    """Three lembaga's products and one automatic order-level campaign (Rp 0 minimum)."""
    products = [ProductFactory(seller=SellerFactory()) for _ in range(3)]
    campaign = make_campaign(applies_to="ORDER", discount_type="PERCENTAGE", value=10)
    return products, campaign


LINES = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=2),  # which lembaga's product
        st.integers(min_value=0, max_value=5_000_000),  # unit price
        st.integers(min_value=1, max_value=20),  # quantity
    ),
    min_size=1,
    max_size=8,
)
BENEFIT = st.one_of(
    st.tuples(st.just("PERCENTAGE"), st.integers(min_value=1, max_value=100)),
    st.tuples(st.just("FIXED"), st.integers(min_value=1, max_value=200_000_000)),
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(lines=LINES, benefit=BENEFIT)
def test_an_order_discount_split_over_lembaga_adds_up_to_the_discount(
    three_lembaga, lines, benefit
):
    products, campaign = three_lembaga
    kind, value = benefit
    Campaign.objects.filter(pk=campaign.pk).update(discount_type=kind, value=value)
    items = [
        Item(key=n, product=products[p], unit_price=price, quantity=qty)
        for n, (p, price, qty) in enumerate(lines)
    ]
    outcome = discounts_compute(items=items, customer=Customer(email="maria@contoh.id"))

    goods = sum(i.gross for i in items)
    discount = min(goods, percent_of(goods, value) if kind == "PERCENTAGE" else value)
    assert outcome.total == discount
    assert all(0 <= i.discount <= i.gross for i in items)  # no line below Rp 0
    if goods:
        for item in items:  # proportional to the line's goods, within the one rupiah
            assert item.discount * goods - discount * item.gross < goods
            assert discount * item.gross - item.discount * goods < goods
    by_seller: dict[int, int] = defaultdict(int)
    for item in items:
        by_seller[item.seller_id] += item.discount
    shares = {s.seller_id: s.amount for s in outcome.shares}
    assert shares == {seller: amount for seller, amount in by_seller.items() if amount}
    assert sum(shares.values()) == discount
    assert all(s.campaign.pk == campaign.pk for s in outcome.shares)
    assert all(i.government == i.discount for i in items)  # government-funded
