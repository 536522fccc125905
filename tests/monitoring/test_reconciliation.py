"""Every figure of the report equals the sum over the orders, for several scopes."""

import datetime

import pytest

from orders.models import Order
from orders.services.orders import order_cancel, order_refund
from shop.monitoring.facts import facts_refresh
from shop.monitoring.models import SalesFact
from shop.monitoring.periods import semester_period
from shop.monitoring.selectors import GroupBy, ProgramReport, Scope

from .sales import IN_JAKARTA, IN_NTT, IN_SIKKA, place

D = datetime.date
COUNTED = {"PAID", "PROCESSING", "SHIPPED", "DELIVERED", "COMPLETED"}


@pytest.fixture
def sales(shops):
    s = shops
    o1 = place([(s["tenun"], 2), (s["selendang"], 1)], where=IN_NTT, paid_on=D(2026, 2, 10))
    o2 = place([(s["kopi"], 3)], where=IN_JAKARTA, paid_on=D(2026, 3, 5))
    o3 = place(
        [(s["sei"], 2), (s["tenun"], 1)],
        email="anton@contoh.id",
        where=IN_SIKKA,
        paid_on=D(2026, 4, 1),
    )
    o4 = place([(s["selendang"], 2)], email="sari@contoh.id", paid_on=D(2026, 5, 1))
    order_cancel(order=o4[0], actor=s["sikka_member"])
    o5 = place([(s["kopi"], 4)], email="sari@contoh.id", paid_on=D(2026, 5, 20))
    order_refund(order=o5[0], actor=s["staff"], amount=100_000)
    o6 = place([(s["sei"], 1)], email="yosef@contoh.id", paid_on=D(2026, 6, 2))
    order_refund(order=o6[0], actor=s["staff"])
    o7 = place([(s["tenun"], 1)], email="yosef@contoh.id", paid_on=D(2025, 12, 20))
    orders = [*o1, *o2, *o3, *o4, *o5, *o6, *o7]
    facts_refresh(order_ids=[o.pk for o in orders])
    return s


def expected(orders, *, line_filter=lambda line: True):
    """The figures straight from the orders: counted orders, refunds kept proportionally."""
    gmv = units = count = 0
    sellers, buyers = set(), {}
    for order in orders:
        if order.status not in COUNTED or not order.paid_at or order.refunded_amount >= order.total:
            continue
        lines = [line for line in order.lines.all() if line_filter(line)]
        if not lines:
            continue
        subtotal = sum(line.total for line in lines)
        refund_share = (2 * subtotal * order.refunded_amount + order.total) // (2 * order.total)
        gmv += subtotal - refund_share
        units += sum(line.quantity for line in lines)
        count += 1
        sellers.add(order.seller_id)
        buyers.setdefault(order.email, set()).add(order.paid_at.astimezone().date())
    return {
        "gmv": gmv,
        "units": units,
        "orders": count,
        "active_sellers": len(sellers),
        "buyers": buyers,
    }


def in_semester(qs):
    return [
        o
        for o in qs
        if o.paid_at and D(2026, 1, 1) <= o.paid_at.astimezone().date() <= D(2026, 6, 30)
    ]


def assert_matches(report, want):
    assert report.gmv == want["gmv"]
    assert report.units == want["units"]
    assert report.orders == want["orders"]
    assert report.active_sellers == want["active_sellers"]


def test_province_figures_equal_the_sum_over_orders(sales):
    period = semester_period(year=2026, semester=1)
    report = ProgramReport(period=period, scope=Scope())
    want = expected(in_semester(Order.objects.all()))
    assert_matches(report, want)
    # Exact figures: o1 1.075.000, o2 195.000, o3 240.000 + 450.000, o5 260.000 - refund share.
    o5 = Order.objects.get(seller=sales["belu"], refunded_amount=100_000)
    kept5 = 260_000 - (2 * 260_000 * 100_000 + o5.total) // (2 * o5.total)
    assert report.gmv == 1_075_000 + 195_000 + 240_000 + 450_000 + kept5
    assert report.orders == 5
    assert report.units == 3 + 3 + 2 + 1 + 4
    # Maria bought twice; Anton's one checkout from two lembaga is one purchase; Sari's
    # first order was cancelled.
    assert report.buyers == (3, 1)
    total, repeat = report.buyers
    assert total == len(want["buyers"])
    assert repeat == sum(1 for days in want["buyers"].values() if len(days) >= 2)


def test_rows_by_kabupaten_add_up_to_the_totals_and_match_each_kabupaten(sales):
    period = semester_period(year=2026, semester=1)
    report = ProgramReport(period=period, scope=Scope(), group_by=GroupBy.REGENCY)
    rows = {row.key: row for row in report.rows}
    assert len(rows) == 22  # every kabupaten/kota of NTT is listed, with or without sales
    assert sum(r.gmv for r in rows.values()) == report.gmv
    assert sum(r.orders for r in rows.values()) == report.orders
    for code in ("53.07", "53.04", "53.71"):
        want = expected(
            in_semester(Order.objects.filter(seller__village__district__regency_id=code))
        )
        assert (rows[code].gmv, rows[code].orders, rows[code].units) == (
            want["gmv"],
            want["orders"],
            want["units"],
        )
        scoped = ProgramReport(period=period, scope=Scope(regency=code))
        assert_matches(scoped, want)
    assert rows["53.01"].gmv == 0


def test_scopes_by_lembaga_category_and_channel_match_the_orders(sales):
    period = semester_period(year=2026, semester=1)
    belu = ProgramReport(period=period, scope=Scope(seller_id=sales["belu"].pk))
    assert_matches(belu, expected(in_semester(Order.objects.filter(seller=sales["belu"]))))
    tenun_cat = sales["tenun_cat"]
    by_category = ProgramReport(period=period, scope=Scope(category_id=tenun_cat.pk))
    want = expected(
        in_semester(Order.objects.all()),
        line_filter=lambda line: line.variant.product.category_id == tenun_cat.pk,
    )
    assert by_category.gmv == want["gmv"] == 1_075_000 + 450_000
    assert by_category.orders == want["orders"] == 2
    online = ProgramReport(period=period, scope=Scope(channel="ONLINE"))
    assert online.gmv == ProgramReport(period=period, scope=Scope()).gmv


def test_category_rows_count_an_order_in_each_category_it_touches(sales):
    period = semester_period(year=2026, semester=1)
    report = ProgramReport(period=period, scope=Scope(), group_by=GroupBy.CATEGORY)
    rows = {row.key: row for row in report.rows}
    assert rows[str(sales["tenun_cat"].pk)].orders == 2
    assert rows[str(sales["kopi_cat"].pk)].orders == 3  # o2, o3 (se'i), o5
    assert sum(r.gmv for r in rows.values()) == report.gmv


def test_market_reach_growth_and_spread(sales):
    period = semester_period(year=2026, semester=1)
    report = ProgramReport(period=period, scope=Scope())
    reach = {item["key"]: item["gmv"] for item in report.reach}
    assert reach["OUTSIDE_NTT"] == 195_000
    assert reach["SAME_REGENCY"] == 450_000  # o3's tenun went to a Sikka village
    assert sum(reach.values()) == report.gmv
    assert report.previous.gmv == 450_000  # December 2025: one tenun
    assert report.growth == round(100.0 * (report.gmv - 450_000) / 450_000, 1)
    assert report.villages_with_sales == 3
    assert report.village_gini is not None
    assert 0 <= report.village_gini < 1
    assert report.top_decile_share == round(100.0 * (1_075_000 + 450_000) / report.gmv, 1)


def test_a_cancelled_order_and_a_full_refund_leave_no_facts(sales):
    cancelled = Order.objects.get(status="CANCELLED")
    refunded = Order.objects.get(status="REFUNDED")
    assert not SalesFact.objects.filter(order_id__in=[cancelled.pk, refunded.pk]).exists()


def test_refresh_is_idempotent(sales):
    before = list(
        SalesFact.objects.order_by("order_id", "product_id").values_list(
            "order_id", "product_id", "gmv", "units"
        )
    )
    facts_refresh(order_ids=list(Order.objects.values_list("pk", flat=True)))
    facts_refresh(order_ids=list(Order.objects.values_list("pk", flat=True)))
    after = list(
        SalesFact.objects.order_by("order_id", "product_id").values_list(
            "order_id", "product_id", "gmv", "units"
        )
    )
    assert before == after
