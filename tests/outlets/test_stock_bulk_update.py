import datetime as dt

import pytest
from django.db.models import Sum

from catalog.models import Stock, StockMovement
from orders.outlets.models import StockSyncRequest
from tests.graphql import gid_of as gid
from tests.outlets.shelves import stock_of

pytestmark = pytest.mark.django_db

SYNC = """
mutation($location: ID!, $key: String!, $mode: StockBulkMode, $lines: [StockBulkLineInput!]!) {
  stockBulkUpdate(location: $location, idempotencyKey: $key, mode: $mode, lines: $lines) {
    updatedCount
    results { sku quantity }
    errors { index sku code message }
  }
}
"""


def sync(gql, token, outlet, key, lines, mode="SET"):
    gql.token = token
    body = gql(
        SYNC,
        {"location": gid("StockLocation", outlet.pk), "key": key, "mode": mode, "lines": lines},
    )
    assert "errors" not in body, body
    return body["data"]["stockBulkUpdate"]


def test_set_applies_good_lines_and_reports_each_bad_one(
    gql, pos_token, outlet, carried, make_product
):
    stranger = make_product().variants.get()  # exists, but the outlet does not carry it
    lines = [
        {"sku": carried[0].sku, "quantity": 12},
        {"sku": "TIDAK-ADA", "quantity": 3},
        {"sku": stranger.sku, "quantity": 3},
        {"sku": carried[1].sku, "quantity": -1},
        {"sku": carried[1].sku, "quantity": 1_000_001},
        {"sku": carried[0].sku, "quantity": 4},
        {"sku": carried[2].sku, "quantity": 1_000_000},
    ]
    data = sync(gql, pos_token, outlet, "k1", lines)
    assert data["updatedCount"] == 2
    assert data["results"] == [
        {"sku": carried[0].sku, "quantity": 12},
        {"sku": carried[2].sku, "quantity": 1_000_000},
    ]
    assert [(e["index"], e["code"]) for e in data["errors"]] == [
        (1, "UNKNOWN_SKU"),
        (2, "NOT_CARRIED"),
        (3, "NEGATIVE"),
        (4, "QUANTITY_TOO_LARGE"),
        (5, "DUPLICATE_SKU"),
    ]
    assert data["errors"][0] == {
        "index": 1,
        "sku": "TIDAK-ADA",
        "code": "UNKNOWN_SKU",
        "message": "SKU tidak dikenal.",
    }
    assert stock_of(carried[0], outlet) == 12
    moves = list(
        StockMovement.objects.order_by("pk").values_list("delta", "quantity_after", "reason")
    )
    assert moves == [(12, 12, "COUNT"), (1_000_000, 1_000_000, "COUNT")]


def test_replay_answers_the_first_result_and_applies_nothing_again(gql, pos_token, outlet, carried):
    lines = [{"sku": carried[0].sku, "quantity": 5}]
    first = sync(gql, pos_token, outlet, "adj-1", lines, mode="ADJUST")
    again = sync(gql, pos_token, outlet, "adj-1", lines, mode="ADJUST")
    assert (
        first
        == again
        == {"updatedCount": 1, "results": [{"sku": carried[0].sku, "quantity": 5}], "errors": []}
    )
    assert stock_of(carried[0], outlet) == 5
    assert StockMovement.objects.count() == 1
    assert StockSyncRequest.objects.count() == 1


def test_same_key_with_another_body_is_refused(gql, pos_token, outlet, carried):
    sync(gql, pos_token, outlet, "k", [{"sku": carried[0].sku, "quantity": 5}])
    data = sync(gql, pos_token, outlet, "k", [{"sku": carried[0].sku, "quantity": 6}])
    assert data["errors"] == [
        {
            "index": None,
            "sku": None,
            "code": "IDEMPOTENCY_CONFLICT",
            "message": "Kunci idempoten ini sudah dipakai untuk isi permintaan yang lain.",
        }
    ]
    assert stock_of(carried[0], outlet) == 5


def test_adjust_below_zero_is_refused_per_line(gql, pos_token, outlet, carried):
    sync(gql, pos_token, outlet, "a", [{"sku": carried[0].sku, "quantity": 3}])
    data = sync(
        gql,
        pos_token,
        outlet,
        "b",
        [{"sku": carried[0].sku, "quantity": -3}, {"sku": carried[1].sku, "quantity": -1}],
        mode="ADJUST",
    )
    assert data["results"] == [{"sku": carried[0].sku, "quantity": 0}]
    assert [(e["index"], e["code"], e["message"]) for e in data["errors"]] == [
        (1, "NEGATIVE", "Stok akan menjadi negatif (-1).")
    ]


def test_an_older_count_is_stale_and_the_same_instant_is_not(gql, pos_token, outlet, carried):
    at = dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.UTC)
    sku = carried[0].sku
    sync(gql, pos_token, outlet, "c1", [{"sku": sku, "quantity": 10, "countedAt": at.isoformat()}])
    older = (at - dt.timedelta(seconds=1)).isoformat()
    data = sync(gql, pos_token, outlet, "c2", [{"sku": sku, "quantity": 2, "countedAt": older}])
    assert [e["code"] for e in data["errors"]] == ["STALE_COUNT"]
    assert stock_of(carried[0], outlet) == 10
    data = sync(
        gql, pos_token, outlet, "c3", [{"sku": sku, "quantity": 7, "countedAt": at.isoformat()}]
    )
    assert data["errors"] == []
    assert Stock.objects.get(variant=carried[0], location=outlet).counted_at == at


def test_5000_lines_pass_and_5001_are_refused_whole(gql, pos_token, outlet, carried):
    lines = [{"sku": carried[0].sku, "quantity": 1}] + [
        {"sku": f"X{i}", "quantity": 1} for i in range(4999)
    ]
    data = sync(gql, pos_token, outlet, "big", lines)
    assert data["updatedCount"] == 1
    assert len(data["errors"]) == 4999
    data = sync(gql, pos_token, outlet, "bigger", [*lines, {"sku": "X", "quantity": 1}])
    assert [(e["code"], e["index"]) for e in data["errors"]] == [("TOO_MANY_LINES", None)]
    assert data["updatedCount"] is None


def test_below_reserved_is_refused(gql, pengurus, seller, make_product):
    from catalog.services import stock_location_ensure_for_seller

    variant = make_product().variants.get()
    home = stock_location_ensure_for_seller(seller=seller)
    Stock.objects.create(variant=variant, location=home, quantity=10, quantity_reserved=4)
    gql.login(pengurus)
    data = sync(gql, gql.token, home, "r", [{"sku": variant.sku, "quantity": 3}])
    assert [e["code"] for e in data["errors"]] == ["BELOW_RESERVED"]
    data = sync(gql, gql.token, home, "r2", [{"sku": variant.sku, "quantity": 4}])
    assert data["results"] == [{"sku": variant.sku, "quantity": 4}]


def test_ledger_sum_equals_stock(gql, pos_token, outlet, carried):
    sku = carried[0].sku
    sync(gql, pos_token, outlet, "1", [{"sku": sku, "quantity": 9}])
    sync(gql, pos_token, outlet, "2", [{"sku": sku, "quantity": -4}], mode="ADJUST")
    sync(gql, pos_token, outlet, "3", [{"sku": sku, "quantity": 11}])
    total = StockMovement.objects.filter(stock__variant=carried[0]).aggregate(s=Sum("delta"))["s"]
    assert total == stock_of(carried[0], outlet) == 11


def test_query_count_does_not_grow_with_the_number_of_lines(
    gql, pos_token, disperindag, outlet, make_product
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from orders.outlets import services

    variants = [make_product().variants.get() for _i in range(30)]
    services.outlet_assortment_add(
        user=disperindag, location=outlet, skus=[v.sku for v in variants], terms="CONSIGNMENT"
    )
    sync(gql, pos_token, outlet, "warm-up", [])  # the token's first use records itself
    counts = []
    for n, key in ((3, "few"), (30, "many")):
        lines = [{"sku": v.sku, "quantity": 4} for v in variants[:n]]
        with CaptureQueriesContext(connection) as captured:
            data = sync(gql, pos_token, outlet, key, lines)
        assert data["updatedCount"] == n
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]
