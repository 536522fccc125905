"""The monitoring aggregation's rules pinned at their edges (issue 18): refunds of one
rupiah, orders of Rp 0 and Rp 1, where the buyer is (outside NTT, abroad), who funds a
discount, one fact row per product of an order, and the days a range takes in (WITA);
then how the rows reach the table: COPY under the facts lock, chunk by chunk."""

import datetime
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from orders.models import Order, OrderLine
from shop.monitoring.facts import (
    FACTS_LOCK_KEY,
    Place,
    buyer_key,
    facts_refresh,
    facts_write,
    kept,
    order_channel,
    order_counts,
    order_destination,
    order_discounts,
    order_facts,
    order_ids_in_range,
    orders_for_facts,
    split_proportionally,
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


def test_a_non_zero_amount_over_no_weights_is_refused_in_those_words():
    with pytest.raises(ValueError, match=r"^cannot split a non-zero amount over no weights$"):
        split_proportionally(-1, [])


def test_weights_adding_up_to_one_rupiah_are_still_proportional():
    assert split_proportionally(10, [0, 1]) == [0, 10]
    assert split_proportionally(10, [0, 0]) == [5, 5]  # nothing to weigh: shared equally


def test_an_order_of_one_rupiah_refunded_in_full_keeps_nothing():
    assert kept(100, refunded=1, total=1) == 0
    assert kept(100, refunded=1, total=2) == 50


def test_the_buyer_key_is_the_sha1_of_the_trimmed_lowercased_email():
    assert buyer_key(" Maria@Contoh.ID ") == "2f17fc03ae28f78bb019774266882ca16d1aea76"


def test_the_channel_of_an_offline_order_is_its_outlets_or_ntt_mart():
    assert order_channel(SimpleNamespace()) == "ONLINE"  # a row from before channels
    assert order_channel(SimpleNamespace(channel="ONLINE", outlet__channel=None)) == "ONLINE"
    offline = SimpleNamespace(channel="OFFLINE", outlet__channel="NIGHT_MARKET")
    assert order_channel(offline) == "NIGHT_MARKET"
    assert order_channel(SimpleNamespace(channel="OFFLINE")) == "NTT_MART"  # no outlet column
    assert order_channel(SimpleNamespace(channel="OFFLINE", outlet__channel="")) == "NTT_MART"
    unknown = SimpleNamespace(channel="OFFLINE", outlet__channel="GUDANG")
    assert order_channel(unknown) == "NTT_MART"


def test_an_order_without_a_government_share_column_is_all_the_sellers_discount():
    assert order_discounts(SimpleNamespace(discount_total=5_000)) == (0, 5_000)
    assert order_discounts(SimpleNamespace(discount_total=0)) == (0, 0)


def test_a_line_without_a_product_never_merges_with_a_product_of_the_same_number():
    rows = order_facts(_order([_line(10, 11, 100), _line(11, None, 200)]))
    assert [(r["product_id"], r["gmv"], r["units"]) for r in rows] == [(11, 100, 1), (None, 200, 1)]


def test_a_line_row_without_a_campaign_column_takes_the_orders_campaign():
    line = _line(10, 5, 300)
    del line.campaign_id
    (row,) = order_facts(_order([line], campaign_id=9))
    assert row["campaign_id"] == 9


def test_the_destination_is_relative_to_the_lembagas_kabupaten_at_the_time_of_sale():
    order = _order([_line(10, 5, 300)])
    order.ship_village_id = "53.07.01.2003"  # a desa in Sikka, the lembaga's kabupaten
    (row,) = order_facts(order)
    assert row["destination"] == "SAME_REGENCY"
    moved = Place("53.71.01.1001", "53.71.01", "53.71", None)  # sold from Kota Kupang then
    (row,) = order_facts(order, place=moved)
    assert (row["regency_id"], row["destination"]) == ("53.71", "NTT")


def test_the_buyer_key_is_empty_without_an_email_and_the_digest_with_one():
    order = _order([_line(10, 5, 300)])
    (row,) = order_facts(order)
    assert row["buyer_key"] == "2f17fc03ae28f78bb019774266882ca16d1aea76"
    order.email = ""
    (row,) = order_facts(order)
    assert row["buyer_key"] == ""


@pytest.mark.django_db
def test_an_order_without_lines_is_read_with_an_empty_list_of_lines(shops):
    (order,) = place([(shops["kopi"], 1)])
    OrderLine.objects.filter(order=order).delete()
    (row,) = orders_for_facts([order.pk])
    assert row.lines == []
    assert order_facts(row) == []


def _rows(shops, count):
    (order,) = place([(shops["kopi"], 1)])
    (row,) = order_facts(orders_for_facts([order.pk])[0])
    return [row | {"order_id": -n} for n in range(1, count + 1)]


@pytest.mark.django_db
def test_facts_are_copied_into_postgresql_not_inserted(shops):
    rows = _rows(shops, 3)
    with CaptureQueriesContext(connection) as queries:
        facts_write(rows)
    assert [q["sql"] for q in queries.captured_queries if "INSERT" in q["sql"]] == []
    assert SalesFact.objects.filter(order_id__lt=0).count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize(("count", "inserts"), [(2_000, 1), (2_001, 2)])
def test_without_postgresql_facts_are_inserted_2000_rows_at_a_time(
    shops, monkeypatch, count, inserts
):
    rows = _rows(shops, count)
    with monkeypatch.context() as patch, CaptureQueriesContext(connection) as queries:
        patch.setattr(connection, "vendor", "sqlite")
        facts_write(rows)
    assert len([q for q in queries.captured_queries if q["sql"].startswith("INSERT")]) == inserts
    assert SalesFact.objects.filter(order_id__lt=0).count() == count


def _facts_lock_held():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
            " AND pid = pg_backend_pid() AND classid = 0 AND objid = %s AND objsubid = 1",
            [FACTS_LOCK_KEY],
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_a_refresh_takes_the_facts_lock_until_its_transaction_ends(shops):
    (order,) = place([(shops["kopi"], 1)])
    assert _facts_lock_held() == 0
    facts_refresh(order_ids=[order.pk])
    assert _facts_lock_held() == 1  # the test's transaction is still open


@pytest.mark.django_db
def test_a_refresh_answers_the_rows_written_in_every_chunk(shops):
    (first,) = place([(shops["kopi"], 1)])
    (second,) = place([(shops["tenun"], 1), (shops["selendang"], 2)])
    assert facts_refresh(order_ids=[second.pk, first.pk, first.pk]) == 3
    # 999 ids of no order, then ``first`` last of the first chunk and ``second`` the
    # only id of the next one.
    ids = [*range(-999, 0), first.pk, second.pk]
    assert facts_refresh(order_ids=ids) == 3
    assert SalesFact.objects.filter(order_id__in=[first.pk, second.pk]).count() == 3


@pytest.mark.django_db
def test_a_range_follows_the_active_time_zone_like_the_facts_day(shops):
    (last,) = place([(shops["kopi"], 1)])
    (before,) = place([(shops["kopi"], 1)])
    wib = datetime.timezone(datetime.timedelta(hours=7))
    # 23:30 WIB on the last day is already the next day in WITA, and the reverse.
    Order.objects.filter(pk=last.pk).update(
        paid_at=datetime.datetime(2026, 3, 31, 23, 30, tzinfo=wib)
    )
    Order.objects.filter(pk=before.pk).update(
        paid_at=datetime.datetime(2026, 2, 28, 23, 30, tzinfo=wib)
    )
    SalesFact.objects.all().delete()
    with timezone.override("Asia/Jakarta"):
        found = order_ids_in_range(start=datetime.date(2026, 3, 1), end=datetime.date(2026, 3, 31))
    assert found == [last.pk]
