"""Offline sales count in the programme's monitoring, under their outlet's channel."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Sum

from catalog.models import Stock, StockLocation
from orders.models import Order
from orders.outlets import services
from shop.monitoring.facts import facts_refresh
from shop.monitoring.models import SalesFact

pytestmark = pytest.mark.django_db
WITA = ZoneInfo("Asia/Makassar")


@pytest.fixture
def shelf(outlet, carried):
    for variant in carried:
        Stock.objects.create(variant=variant, location=outlet, quantity=10)
    return carried


def sell(user, outlet, receipt_id, lines):
    return services.offline_sale_record(
        actor=user,
        location=outlet,
        receipt_id=receipt_id,
        sold_at=datetime.datetime(2026, 11, 29, 10, 15, tzinfo=WITA),
        lines=lines,
        payment_method="CASH",
    )


def totals():
    return SalesFact.objects.values("channel").annotate(
        gmv=Sum("gmv"), units=Sum("units"), orders=Sum("orders"), net=Sum("seller_net")
    )


def test_a_consignment_receipt_is_a_sale_of_the_outlets_channel_and_a_void_removes_it(
    disperindag, outlet, shelf
):
    outlet.channel = StockLocation.Channel.NIGHT_MARKET
    outlet.save(update_fields=["channel"])
    lines = [
        services.ReceiptLine(shelf[0].sku, 2, 25_000),
        services.ReceiptLine(shelf[1].sku, 1, 40_000),
    ]
    sell(disperindag, outlet, "MON-1", lines)
    facts_refresh(order_ids=Order.objects.values_list("pk", flat=True))
    # 90.000 of consignment goods; the outlet's 20 % margin never reaches the lembaga.
    assert list(totals()) == [
        {"channel": "NIGHT_MARKET", "gmv": 90_000, "units": 3, "orders": 1, "net": 72_000}
    ]
    services.offline_sale_void(actor=disperindag, location=outlet, receipt_id="MON-1")
    facts_refresh(order_ids=Order.objects.values_list("pk", flat=True))
    assert list(totals()) == []
