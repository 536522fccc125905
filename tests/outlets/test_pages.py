"""The outlet staff page and the lembaga's outlet statement: figures, access, phone and desktop."""

import pytest
from django.conf import settings
from django.utils import timezone

from catalog.models import Stock
from catalog.services import stock_location_ensure_for_seller
from orders.outlets import services
from orders.outlets.models import OutletOperator
from shop.roles import Role
from tests.e2e.helpers import shot

pytestmark = pytest.mark.django_db


@pytest.fixture
def trading_day(disperindag, outlet, carried, seller):
    """Goods delivered to the outlet, and two receipts today (one voided)."""
    home = stock_location_ensure_for_seller(seller=seller)
    for variant in carried:
        Stock.objects.create(variant=variant, location=home, quantity=50)
    services.outlet_delivery_receive(
        actor=disperindag,
        location=outlet,
        number="SJ/2026/11/001",
        lines=[services.DeliveryLine(carried[0].sku, 10), services.DeliveryLine(carried[2].sku, 5)],
    )
    now = timezone.now()
    for receipt, units in (("STR-0001", 3), ("STR-0002", 1)):
        services.offline_sale_record(
            actor=disperindag,
            location=outlet,
            receipt_id=receipt,
            sold_at=now,
            lines=[services.ReceiptLine(carried[0].sku, units, 25_000)],
            payment_method="CASH",
        )
    services.offline_sale_void(actor=disperindag, location=outlet, receipt_id="STR-0002")
    return outlet


def test_outlet_page_shows_shelf_deliveries_and_todays_sales(client, make_user, trading_day):
    operator = make_user(Role.NTT_MART_OPERATOR)
    OutletOperator.objects.create(user=operator, location=trading_day)
    client.force_login(operator)
    page = client.get(f"/gerai/{trading_day.pk}/").content.decode()
    assert "Rp 75.000" in page  # today: one kept receipt of 3 x 25.000
    assert "SJ/2026/11/001" in page
    assert "STR-0002" in page and "dibatalkan" in page  # noqa: PT018


def test_outlet_page_is_refused_to_another_outlets_operator(
    client, make_user, trading_day, make_outlet
):
    operator = make_user(Role.NTT_MART_OPERATOR)
    OutletOperator.objects.create(user=operator, location=make_outlet("NTT Mart Maumere", "53.10"))
    client.force_login(operator)
    assert client.get(f"/gerai/{trading_day.pk}/").status_code == 403


def test_lembaga_portal_shows_what_each_outlet_owes(client, pengurus, trading_day):
    client.force_login(pengurus)
    page = client.get("/portal/gerai/").content.decode()
    # consignment: 75.000 sold less 20 % = 60.000; outright: 5 x 7.000 = 35.000
    assert "Rp 60.000" in page
    assert "Rp 35.000" in page
    assert "Rp 95.000" in page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pages_at_phone_and_desktop_size(
    browser, live_server, client, pengurus, make_user, trading_day
):
    operator = make_user(Role.NTT_MART_OPERATOR)
    OutletOperator.objects.create(user=operator, location=trading_day)
    for user, path, name in (
        (operator, f"/gerai/{trading_day.pk}/", "outlet"),
        (operator, f"/gerai/{trading_day.pk}/opname/", "opname"),
        (operator, f"/gerai/{trading_day.pk}/stok/unggah/", "upload"),
        (operator, f"/gerai/{trading_day.pk}/penjualan/", "sales-entry"),
        (pengurus, "/portal/gerai/", "portal"),
    ):
        client.force_login(user)
        browser.get(live_server.url + "/")
        browser.delete_all_cookies()
        browser.add_cookie(
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            }
        )
        browser.get(live_server.url + path)
        shot(browser, f"offline-{name}")
