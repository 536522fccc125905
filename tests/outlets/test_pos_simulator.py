"""The POS simulator against a real server (live_server, real PostgreSQL): 5,000 SKUs synced
through two cut connections and a retry, receipts sent twice; stock, ledger, orders and
payouts come out exactly right."""

import datetime as dt
import importlib.util
from pathlib import Path

import pytest
from django.conf import settings
from django.db.models import Count, Sum
from django.utils import timezone
from graphql_relay import to_global_id

from catalog.models import Product, ProductVariant, Stock, StockMovement
from orders.models import Order
from orders.outlets import services
from orders.outlets.models import OfflineReceipt, OfflineReceiptLine, OutletAssortment, Terms
from orders.selectors import seller_payouts

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SKUS = 5000


def _simulator():
    path = Path(settings.BASE_DIR) / "scripts" / "pos_simulator.py"
    spec = importlib.util.spec_from_file_location("pos_simulator", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_simulator_syncs_5000_skus_retries_cut_connections_and_posts_receipts(
    live_server, disperindag, outlet, seller, food
):
    products = Product.objects.bulk_create(
        Product(
            seller=seller,
            category=food,
            name=f"Sim {i}",
            slug=f"sim-{i}",
            origin_village_id=seller.village_id,
        )
        for i in range(SKUS)
    )
    variants = ProductVariant.objects.bulk_create(
        ProductVariant(product=p, sku=f"SIM-{i:05d}", price=10_000) for i, p in enumerate(products)
    )
    OutletAssortment.objects.bulk_create(
        OutletAssortment(
            location=outlet,
            variant=v,
            terms=Terms.OUTRIGHT if i % 4 == 0 else Terms.CONSIGNMENT,
            margin_percent=20,
        )
        for i, v in enumerate(variants)
    )
    token = services.api_token_create(user=disperindag, location=outlet, name="Simulator").token
    sim = _simulator()
    client = sim.Client(live_server.url, token)
    report = sim.Report()
    location = to_global_id("StockLocation", outlet.pk)
    counts = {v.sku: 3 for v in variants}
    data = sim.sync_stock(client, location, counts, report)
    assert data["errors"] == []
    assert report.synced_lines == SKUS
    assert report.cut_connections == 2
    prices = {v.sku: v.price for v in variants}
    sim.post_receipts(client, location, prices, counts, report, receipts=30)
    assert report.receipt_errors == []
    assert report.receipts == 30

    # Stock: counted once, less exactly what was sold; the ledger adds up per stock.
    stocks = {
        s.variant.sku: s for s in Stock.objects.filter(location=outlet).select_related("variant")
    }
    assert len(stocks) == SKUS
    for sku, stock in stocks.items():
        assert stock.quantity == 3 - report.units_sold.get(sku, 0)
    ledger = dict(
        StockMovement.objects.filter(stock__location=outlet)
        .values("stock_id")
        .annotate(total=Sum("delta"))
        .values_list("stock_id", "total")
    )
    assert all(ledger[s.pk] == s.quantity for s in stocks.values())
    assert (
        StockMovement.objects.filter(stock__location=outlet, reason="COUNT").count() == SKUS
    )  # the cut attempts and the retry applied the count once

    # Receipts, orders and payouts: once each, consignment only, margin taken off.
    assert OfflineReceipt.objects.count() == 30
    consignment = OfflineReceiptLine.objects.filter(terms=Terms.CONSIGNMENT).aggregate(
        n=Count("pk"), total=Sum("quantity")
    )
    sold_value = sum(
        line.quantity * line.unit_price
        for line in OfflineReceiptLine.objects.filter(terms=Terms.CONSIGNMENT)
    )
    orders = Order.objects.filter(channel="OFFLINE")
    assert orders.count() == len(report.orders)
    assert orders.aggregate(s=Sum("total"))["s"] == sold_value
    now = timezone.now()
    report_ = seller_payouts(
        seller=seller, start=now - dt.timedelta(days=1), end=now + dt.timedelta(days=1)
    )
    assert report_.gross == sold_value
    assert report_.payout == sold_value - sold_value * 20 // 100
    assert consignment["n"] > 0
