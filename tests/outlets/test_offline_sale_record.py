import datetime as dt

import pytest
from django.db.models import Sum
from django.utils import timezone

from catalog.models import Stock, StockMovement
from catalog.services import stock_location_ensure_for_seller
from orders.models import Order
from orders.outlets import services
from orders.outlets.models import OfflineReceipt
from orders.selectors import seller_payouts
from tests.graphql import gid_of as gid
from tests.outlets.shelves import stock_of

pytestmark = pytest.mark.django_db

RECORD = """
mutation($input: OfflineSaleRecordInput!) {
  offlineSaleRecord(input: $input) {
    order { id number }
    orders {
      id number seller { id } total { amount } sellerPayout { amount }
      channel outlet { id name }
    }
    errors { field code message }
  }
}
"""
VOID = """
mutation($location: ID!, $receipt: String!) {
  offlineSaleVoid(location: $location, receiptId: $receipt) { receipt { voidedAt } errors { code } }
}
"""
SOLD_AT = "2026-11-29T10:15:00+08:00"


@pytest.fixture
def shelf(disperindag, outlet, carried):
    for variant in carried:
        Stock.objects.create(variant=variant, location=outlet, quantity=10)
    return carried


def record(gql, token, outlet, receipt_id, lines, method="CASH", sold_at=SOLD_AT):
    gql.token = token
    body = gql(
        RECORD,
        {
            "input": {
                "location": gid("StockLocation", outlet.pk),
                "receiptId": receipt_id,
                "soldAt": sold_at,
                "lines": lines,
                "paymentMethod": method,
            }
        },
    )
    assert "errors" not in body, body
    return body["data"]["offlineSaleRecord"]


def test_receipt_makes_one_consignment_order_and_takes_units_off_the_shelf(
    gql, pos_token, outlet, shelf, seller
):
    lines = [
        {"sku": shelf[0].sku, "quantity": 2, "unitPrice": 25_000},
        {"sku": shelf[1].sku, "quantity": 1, "unitPrice": 40_000},
        {"sku": shelf[2].sku, "quantity": 3, "unitPrice": 12_000},  # outright: the outlet's own
    ]
    data = record(gql, pos_token, outlet, "STR-001", lines, method="QRIS")
    assert data["errors"] == []
    (order,) = data["orders"]
    assert data["order"]["number"] == order["number"]
    assert order["channel"] == "OFFLINE"
    assert order["outlet"] == {"id": gid("StockLocation", outlet.pk), "name": outlet.name}
    # 90.000 of consignment goods; the outlet keeps 20 % = 18.000
    assert order["total"] == {"amount": 90_000}
    assert order["sellerPayout"] == {"amount": 72_000}
    saved = Order.objects.get()
    assert (saved.channel, saved.outlet_id, saved.status, saved.payment.gateway) == (
        "OFFLINE",
        outlet.pk,
        "COMPLETED",
        "QRIS",
    )
    assert [stock_of(v, outlet) for v in shelf] == [8, 9, 7]
    reasons = set(StockMovement.objects.values_list("reason", flat=True))
    assert reasons == {"OFFLINE_SALE"}
    start = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    report = seller_payouts(seller=seller, start=start, end=start + dt.timedelta(days=40))
    assert (report.orders, report.gross, report.commission, report.payout) == (
        1,
        90_000,
        18_000,
        72_000,
    )


def test_replayed_receipt_answers_the_same_orders_once(gql, pos_token, outlet, shelf):
    lines = [{"sku": shelf[0].sku, "quantity": 2, "unitPrice": 25_000}]
    first = record(gql, pos_token, outlet, "STR-9", lines)
    again = record(gql, pos_token, outlet, "STR-9", lines)
    assert first == again
    assert Order.objects.count() == 1
    assert stock_of(shelf[0], outlet) == 8


def test_same_receipt_id_with_another_body_is_refused(gql, pos_token, outlet, shelf):
    record(
        gql, pos_token, outlet, "STR-9", [{"sku": shelf[0].sku, "quantity": 2, "unitPrice": 25_000}]
    )
    data = record(
        gql, pos_token, outlet, "STR-9", [{"sku": shelf[0].sku, "quantity": 3, "unitPrice": 25_000}]
    )
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("receiptId", "RECEIPT_CONFLICT")]
    assert stock_of(shelf[0], outlet) == 8


def test_receipt_with_a_sku_not_carried_is_refused_whole(
    gql, pos_token, outlet, shelf, make_product
):
    stranger = make_product().variants.get()
    lines = [
        {"sku": shelf[0].sku, "quantity": 1, "unitPrice": 25_000},
        {"sku": stranger.sku, "quantity": 1, "unitPrice": 25_000},
    ]
    data = record(gql, pos_token, outlet, "STR-2", lines)
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("lines", "NOT_CARRIED")]
    assert stock_of(shelf[0], outlet) == 10
    assert not OfflineReceipt.objects.exists()


def test_selling_more_than_the_shelf_holds_is_refused_and_exactly_all_is_not(
    gql, pos_token, outlet, shelf
):
    over = record(
        gql, pos_token, outlet, "A", [{"sku": shelf[0].sku, "quantity": 11, "unitPrice": 1}]
    )
    assert [e["code"] for e in over["errors"]] == ["INSUFFICIENT_STOCK"]
    exact = record(
        gql, pos_token, outlet, "A", [{"sku": shelf[0].sku, "quantity": 10, "unitPrice": 1}]
    )
    assert exact["errors"] == []
    assert stock_of(shelf[0], outlet) == 0


def test_bad_lines_and_future_sales_are_refused(gql, pos_token, outlet, shelf):
    zero = record(
        gql, pos_token, outlet, "Z", [{"sku": shelf[0].sku, "quantity": 0, "unitPrice": 1}]
    )
    assert [(e["field"], e["code"]) for e in zero["errors"]] == [("lines.0.quantity", "INVALID")]
    negative = record(
        gql, pos_token, outlet, "Z", [{"sku": shelf[0].sku, "quantity": 1, "unitPrice": -1}]
    )
    assert [(e["field"], e["code"]) for e in negative["errors"]] == [
        ("lines.0.unitPrice", "INVALID")
    ]
    future = (timezone.now() + dt.timedelta(hours=1)).isoformat()
    late = record(
        gql,
        pos_token,
        outlet,
        "Z",
        [{"sku": shelf[0].sku, "quantity": 1, "unitPrice": 1}],
        sold_at=future,
    )
    assert [(e["field"], e["code"]) for e in late["errors"]] == [("soldAt", "INVALID")]


def test_void_puts_units_back_and_drops_the_sale_from_payouts(
    gql, pos_token, outlet, shelf, seller
):
    record(
        gql, pos_token, outlet, "V1", [{"sku": shelf[0].sku, "quantity": 4, "unitPrice": 25_000}]
    )
    gql.token = pos_token
    for _attempt in range(2):  # voiding twice changes nothing the second time
        body = gql(VOID, {"location": gid("StockLocation", outlet.pk), "receipt": "V1"})
        assert body["data"]["offlineSaleVoid"]["errors"] == []
    assert stock_of(shelf[0], outlet) == 10
    assert Order.objects.get().status == "CANCELLED"
    start = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    assert seller_payouts(seller=seller, start=start, end=start + dt.timedelta(days=40)).orders == 0
    total = StockMovement.objects.filter(stock__variant=shelf[0]).aggregate(s=Sum("delta"))["s"]
    assert total == 4 - 4  # only the sale and its reversal: the shelf was set without the ledger


def test_delivery_moves_stock_with_a_ledger_row_on_both_sides_and_outright_is_sold_then(
    disperindag, outlet, carried, seller
):
    home = stock_location_ensure_for_seller(seller=seller)
    for variant in carried:
        Stock.objects.create(variant=variant, location=home, quantity=20)
    delivery = services.outlet_delivery_receive(
        actor=disperindag,
        location=outlet,
        number="SJ-001",
        lines=[services.DeliveryLine(carried[0].sku, 5), services.DeliveryLine(carried[2].sku, 4)],
    )
    assert [stock_of(carried[0], home), stock_of(carried[0], outlet)] == [15, 5]
    assert [stock_of(carried[2], home), stock_of(carried[2], outlet)] == [16, 4]
    moves = sorted(StockMovement.objects.values_list("stock__location__kind", "delta", "reason"))
    assert moves == [
        ("NTT_MART", 4, "TRANSFER"),
        ("NTT_MART", 5, "TRANSFER"),
        ("SELLER", -5, "TRANSFER"),
        ("SELLER", -4, "TRANSFER"),
    ]
    # Outright: 4 x (10.000 less the outlet's 30 %) = 28.000, the lembaga's sale now.
    order = delivery.order
    assert (order.total, order.seller_payout, order.channel, order.payment.gateway) == (
        28_000,
        28_000,
        "OFFLINE",
        "OUTLET_PURCHASE",
    )
    again = services.outlet_delivery_receive(
        actor=disperindag,
        location=outlet,
        number="SJ-001",
        lines=[services.DeliveryLine(carried[0].sku, 5), services.DeliveryLine(carried[2].sku, 4)],
    )
    assert again.pk == delivery.pk
    assert stock_of(carried[0], home) == 15


def test_overselling_within_the_buffer_is_recorded_for_the_opname(
    gql, pos_token, outlet, shelf, settings
):
    settings.OUTLET_OVERSELL_UNITS = 2
    line = {"sku": shelf[0].sku, "unitPrice": 25_000}
    over = record(gql, pos_token, outlet, "O1", [{**line, "quantity": 13}])
    assert [e["code"] for e in over["errors"]] == ["INSUFFICIENT_STOCK"]  # 3 past the shelf
    data = record(gql, pos_token, outlet, "O2", [{**line, "quantity": 12}])  # exactly 2 past
    assert data["errors"] == []
    assert stock_of(shelf[0], outlet) == 0
    assert OfflineReceipt.objects.get(receipt_id="O2").oversold == {shelf[0].sku: 2}
    assert Order.objects.get().lines.get().quantity == 12  # the lembaga sold 12
    from orders.outlets.selectors import outlet_opname_rows

    (row,) = [r for r in outlet_opname_rows(location=outlet) if r.stock.variant == shelf[0]]
    assert row.oversold == 2
    gql.token = pos_token
    gql(VOID, {"location": gid("StockLocation", outlet.pk), "receipt": "O2"})
    assert stock_of(shelf[0], outlet) == 10  # the 10 that left come back, not 12
