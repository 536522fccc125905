"""The monitoring aggregation's rules pinned at their edges (issue 18): refunds of one
rupiah, orders of Rp 0 and Rp 1, where the buyer is (outside NTT, abroad), who funds a
discount, one fact row per product of an order, and the days a range takes in (WITA)."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from orders.models import Order
from shop.monitoring.facts import (
    Place,
    facts_refresh,
    kept,
    order_counts,
    order_destination,
    order_discounts,
    order_facts,
    order_ids_in_range,
)
from shop.monitoring.models import SalesFact

from .sales import place

PAID = datetime.datetime(2026, 3, 2, 2, 0, tzinfo=datetime.UTC)  # 10:00 WITA


def test_a_refund_of_one_rupiah_takes_its_share():
    assert kept(100, refunded=1, total=100) == 99
    assert kept(100, refunded=0, total=100) == 100
    assert kept(100, refunded=1, total=0) == 100


@pytest.mark.parametrize(
    ("total", "refunded", "counts"),
    [(0, 0, True), (1, 0, True), (1, 1, False), (2, 1, True), (2, 2, False), (2, 3, False)],
)
def test_a_paid_order_counts_until_refunded_in_full(total, refunded, counts):
    order = SimpleNamespace(paid_at=PAID, status="PAID", total=total, refunded_amount=refunded)
    assert order_counts(order) is counts


def _address(**fields):
    return SimpleNamespace(
        **{"ship_village_id": None, "ship_regency_id": None, "ship_city": "", "ship_province": ""}
        | fields
    )


def test_where_the_buyer_is_relative_to_the_lembaga():
    def where(**fields):
        return order_destination(_address(**fields), seller_regency_id="53.07")

    assert where(ship_city="Surabaya", ship_province="Jawa Timur") == "OUTSIDE_NTT"
    assert where(ship_city="Surabaya", ship_province="Jawa Timur", ship_country="id") == (
        "OUTSIDE_NTT"
    )
    assert where(ship_city="Dili", ship_province="Timor-Leste", ship_country="TL") == "ABROAD"
    assert where(ship_province="Bali") == "OUTSIDE_NTT"
    assert where() == "SAME_REGENCY"  # a pickup or a counter sale
    assert where(ship_village_id="53.07.01.2003") == "SAME_REGENCY"
    assert where(ship_village_id="53.71.01.1001") == "NTT"
    assert where(ship_village_id="53.07.01.2003", ship_regency_id="53.71") == "NTT"


def test_a_discount_is_the_sellers_unless_the_government_funds_it():
    def split(government, total):
        return order_discounts(
            SimpleNamespace(discount_government=government, discount_total=total)
        )

    assert split(0, 5_000) == (0, 5_000)
    assert split(None, 5_000) == (0, 5_000)
    assert split(2_000, 5_000) == (2_000, 3_000)
    assert split(9_000, 5_000) == (5_000, 0)


def _line(id, product_id, total, quantity=1, campaign_id=None):
    return SimpleNamespace(
        id=id,
        product_id=product_id,
        total=total,
        quantity=quantity,
        category_id=7,
        origin_village_id="53.07.01.2001",
        campaign_id=campaign_id,
    )


def _order(lines, campaign_id=None):
    return SimpleNamespace(
        id=1,
        seller_id=3,
        status="PAID",
        email="Maria@Contoh.id",
        paid_at=PAID,
        subtotal=300,
        shipping_total=10,
        discount_total=0,
        discount_government=0,
        total=310,
        seller_payout=295,
        refunded_amount=0,
        channel="ONLINE",
        campaign_id=campaign_id,
        place=Place("53.07.01.2001", "53.07.01", "53.07", None),
        **vars(_address()),
        lines=lines,
    )


def test_one_fact_row_per_product_and_per_line_without_a_product():
    lines = [
        _line(10, 5, 100),
        _line(11, 6, 100),
        _line(12, 5, 50, quantity=2),
        _line(13, None, 25),
        _line(14, None, 25),
    ]
    rows = order_facts(_order(lines))
    assert [(r["product_id"], r["units"], r["gmv"], r["orders"]) for r in rows] == [
        (5, 3, 150, 1),
        (6, 1, 100, 0),
        (None, 1, 25, 0),
        (None, 1, 25, 0),
    ]
    assert [r["seller_net"] for r in rows] == [142, 95, 24, 24]  # Rp 285, largest remainders
    assert {r["day"] for r in rows} == {datetime.date(2026, 3, 2)}


def test_a_lines_own_campaign_wins_over_the_orders():
    lines = [_line(10, 5, 100, campaign_id=4), _line(11, 6, 100)]
    assert [r["campaign_id"] for r in order_facts(_order(lines))] == [4, None]
    assert [r["campaign_id"] for r in order_facts(_order(lines, campaign_id=9))] == [4, 9]


@pytest.mark.django_db
def test_a_range_takes_in_its_first_and_last_day_in_wita_and_the_facts_dated_in_it(shops):
    (first,) = place([(shops["kopi"], 1)])
    (last,) = place([(shops["kopi"], 1)])
    (after,) = place([(shops["kopi"], 1)])
    (before,) = place([(shops["kopi"], 1)])
    (later,) = place([(shops["kopi"], 1)])
    wita = datetime.timezone(datetime.timedelta(hours=8))
    moments = {
        first: datetime.datetime(2026, 3, 1, 0, 0, tzinfo=wita),
        last: datetime.datetime(2026, 3, 31, 23, 59, 59, tzinfo=wita),
        after: datetime.datetime(2026, 4, 1, 0, 0, tzinfo=wita),
        before: datetime.datetime(2026, 2, 28, 23, 59, 59, tzinfo=wita),
        later: datetime.datetime(2026, 4, 1, 0, 0, tzinfo=wita),  # its facts dated then too
    }
    for order, at in moments.items():
        Order.objects.filter(pk=order.pk).update(paid_at=at)
    facts_refresh(order_ids=[o.pk for o in moments])
    assert SalesFact.objects.filter(order_id=after.pk).exists()
    SalesFact.objects.filter(order_id=after.pk).update(day=datetime.date(2026, 3, 15))
    SalesFact.objects.filter(order_id=later.pk).update(day=datetime.date(2026, 4, 1))
    SalesFact.objects.exclude(order_id__in=[after.pk, later.pk]).update(
        day=datetime.date(2026, 1, 1)
    )
    assert timezone.get_current_timezone_name() in {"Asia/Makassar", "WITA"}
    found = order_ids_in_range(start=datetime.date(2026, 3, 1), end=datetime.date(2026, 3, 31))
    assert found == sorted([first.pk, last.pk, after.pk])
