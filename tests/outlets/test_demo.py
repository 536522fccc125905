import pytest
from django.db.models import Sum

from catalog.models import Stock, StockLocation, StockMovement
from catalog.services import stock_location_ensure_for_seller
from orders.outlets import demo
from orders.outlets.models import ApiToken, OfflineReceipt, OutletAssortment, OutletDelivery

pytestmark = pytest.mark.django_db


def test_outlet_demo_trades_on_both_terms_and_is_idempotent(seller, make_product):
    home = stock_location_ensure_for_seller(seller=seller)
    for _i in range(6):
        variant = make_product(published=True).variants.get()
        Stock.objects.create(variant=variant, location=home, quantity=40)
    token = demo.seed_trading()
    assert token.startswith("ovop_pos_")
    outlets = StockLocation.objects.filter(kind=StockLocation.Kind.NTT_MART).order_by("name")
    assert [(o.name, o.regency_id) for o in outlets] == [
        ("NTT Mart Kupang", "53.71"),
        ("NTT Mart Maumere", "53.07"),
    ]
    assert set(OutletAssortment.objects.values_list("terms", flat=True)) == {
        "CONSIGNMENT",
        "OUTRIGHT",
    }
    assert OutletDelivery.objects.count() == 1
    receipts = OfflineReceipt.objects.count()
    assert receipts == 8
    assert demo.seed_trading() is None
    assert OfflineReceipt.objects.count() == receipts
    assert ApiToken.objects.count() == 1
    for stock in Stock.objects.all():
        ledger = StockMovement.objects.filter(stock=stock).aggregate(s=Sum("delta"))["s"] or 0
        opening = 40 if stock.location_id == home.pk else 0
        assert opening + ledger == stock.quantity
