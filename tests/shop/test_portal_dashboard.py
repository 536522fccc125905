"""The lembaga portal's dashboard (issue #16): sales of the WITA month in exact rupiah,
orders needing action, low stock, products blocked from publishing and why, certificates
about to lapse, and a 12-month chart drawn as SVG on the server (no script, no CDN)."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.models import Certificate, CertificateType
from catalog.selectors import sellers_catalog_dashboard
from orders.models import Order, Payment
from orders.selectors import NEEDS_ACTION_FILTER, sellers_sales_dashboard
from sellers.models import SellerMember
from shop.roles import Role
from tests.factories import (
    CertificateFactory,
    OrderFactory,
    PaymentFactory,
    ProductFactory,
    ProductVariantFactory,
    SellerFactory,
    SellerMemberFactory,
    StockFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
WITA = ZoneInfo("Asia/Makassar")


def _at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=WITA)


def test_month_sales_follow_the_wita_month_exactly():
    seller = SellerFactory()
    # 00:30 WITA on 1 March is still 28 February in UTC: it is March's sale.
    OrderFactory(seller=seller, total=150_000, paid_at=_at(2026, 3, 1, 0, 30))
    # 23:59 WITA on 28 February is February's.
    OrderFactory(seller=seller, total=99_000, paid_at=_at(2026, 2, 28, 23, 59))
    # A partly refunded order counts for what the buyer kept.
    OrderFactory(
        seller=seller,
        total=285_000,
        refunded_amount=50_000,
        status=Order.Status.REFUNDED,
        paid_at=_at(2026, 3, 31, 23, 59),
    )
    # Cancelled and unpaid orders are no sales; nor another lembaga's.
    OrderFactory(
        seller=seller, total=70_000, status=Order.Status.CANCELLED, paid_at=_at(2026, 3, 2)
    )
    OrderFactory(total=80_000, paid_at=_at(2026, 3, 2))
    # 1 April 00:00 WITA is the next month.
    OrderFactory(seller=seller, total=10_000, paid_at=_at(2026, 4, 1, 0, 0))

    sales = sellers_sales_dashboard(sellers=[seller], today=datetime.date(2026, 3, 15))

    assert sales.month_start == datetime.date(2026, 3, 1)
    assert sales.month_sales == 150_000 + 235_000
    assert sales.month_orders == 2
    assert len(sales.monthly) == 12
    assert sales.monthly[0] == (datetime.date(2025, 4, 1), 0)
    assert sales.monthly[-2] == (datetime.date(2026, 2, 1), 99_000)
    assert sales.monthly[-1] == (datetime.date(2026, 3, 1), 385_000)


def test_orders_needing_action_are_paid_processing_and_cod():
    seller = SellerFactory()
    cod = PaymentFactory(gateway=Payment.Gateway.COD, status=Payment.Status.PENDING)
    bank = PaymentFactory(gateway=Payment.Gateway.BANK_TRANSFER, status=Payment.Status.PENDING)
    wanted = {
        OrderFactory(seller=seller, status=Order.Status.PAID).number,
        OrderFactory(seller=seller, status=Order.Status.PROCESSING).number,
        OrderFactory(seller=seller, status=Order.Status.UNPAID, payment=cod, paid_at=None).number,
    }
    OrderFactory(seller=seller, status=Order.Status.UNPAID, payment=bank, paid_at=None)
    OrderFactory(seller=seller, status=Order.Status.SHIPPED)
    OrderFactory(seller=seller, status=Order.Status.COMPLETED)
    OrderFactory(status=Order.Status.PAID)  # another lembaga's

    sales = sellers_sales_dashboard(sellers=[seller], today=timezone.localdate())

    assert sales.needs_action == 3
    member = SellerMemberFactory(seller=seller).user
    from django.test import Client

    client = Client()
    client.force_login(member)
    page = client.get(reverse("orders:seller-orders"), {"status": NEEDS_ACTION_FILTER})
    html = page.content.decode()
    assert page.status_code == 200
    assert set(re.findall(r"OVOP-2026-\d{6}", html)) == wanted
    assert html.count(" WITA</time>") == 3


def test_low_stock_blocked_and_expiring_lists_at_their_limits(settings):
    settings.PORTAL_LOW_STOCK = 5
    seller = SellerFactory()
    today = datetime.date(2026, 6, 10)
    five = StockFactory(variant__product__seller=seller, variant__sku="LIMA", quantity=5)
    StockFactory(variant__product__seller=seller, variant__sku="ENAM", quantity=6)
    # A draft, unpublished product, is not "low stock" (nobody can buy it).
    StockFactory(variant__product__seller=seller, variant__product__is_published=False, quantity=0)
    ProductFactory(seller=seller, is_published=False, name="Kopi Draf")
    ready = ProductFactory(seller=seller, is_published=False, name="Tenun Siap")
    ProductVariantFactory(product=ready)
    in_30 = CertificateFactory(
        product=five.variant.product, expires_at=today + datetime.timedelta(days=30)
    )
    CertificateFactory(product=five.variant.product, expires_at=today + datetime.timedelta(days=31))
    CertificateFactory(
        product=five.variant.product,
        expires_at=today + datetime.timedelta(days=1),
        status=Certificate.Status.PENDING,
    )
    nib = CertificateFactory(
        product=None,
        seller=seller,
        type=CertificateType.NIB,
        number="9120001234567",
        expires_at=today,
    )

    board = sellers_catalog_dashboard(sellers=[seller], today=today)

    assert [v.sku for v in board.low_stock] == ["LIMA"]
    assert board.low_stock[0].quantity_available == 5
    blocked = {b.product.name: b.reasons for b in board.blocked}
    assert "Tenun Siap" not in blocked  # the category asks for no certificate
    assert blocked["Kopi Draf"] == ["Belum ada varian dengan harga."]
    assert len(blocked) == 1  # the draft with stock has a variant and needs no certificate
    assert board.expiring == [nib, in_30]


def test_the_portal_page_shows_the_dashboard_with_an_svg_chart(client):
    member = UserFactory(roles=[Role.SELLER_MEMBER])
    seller = SellerFactory(name="BUMDes Watublapi")
    SellerMember.objects.create(seller=seller, user=member, role=SellerMember.Role.PENGURUS)
    OrderFactory(seller=seller, total=1_250_000, status=Order.Status.PAID)
    client.force_login(member)

    page = client.get("/portal/")
    html = page.content.decode()

    assert page.status_code == 200
    assert "Rp 1.250.000" in html
    assert "(WITA)" in html
    assert html.count("<rect ") == 12
    assert "<script" not in html.split("<main", 1)[1]
    assert f"?status={NEEDS_ACTION_FILTER}" in html
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_a_user_without_an_active_lembaga_sees_no_figures(client):
    member = UserFactory(roles=[Role.SELLER_MEMBER])
    seller = SellerFactory(status="DRAFT")
    SellerMember.objects.create(seller=seller, user=member, role=SellerMember.Role.PENGURUS)
    client.force_login(member)

    html = client.get("/portal/").content.decode()

    assert seller.name in html
    assert "<svg" not in html.split("<main", 1)[1]
