"""Issue #16, the seller's half, on a phone (390x844) and a desktop: the portal's
dashboard (this month's sales in exact rupiah, orders needing action, low stock, a
product blocked from publishing and why, a 12-month chart drawn without script), a
variant priced ``25.000`` that then shows on it, and the orders' "perlu diproses" view.
Screenshots are kept under ``$E2E_SCREENSHOTS``."""

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By

from catalog.models import Category, Product, ProductVariant
from orders.models import Order, Payment
from tests.factories import OrderFactory, PaymentFactory

from .helpers import button, fill, no_csp_violation, shot, sign_in, submit_and_wait, text_of
from .helpers import link as link_to

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SIKKA_VILLAGE = "53.07.01.2001"


def _both(browser, name: str) -> None:
    """Both screenshots (``shot`` checks the phone width), no CSP violation, no duplicate id."""
    shot(browser, f"seller-{name}")
    no_csp_violation(browser)
    ids = browser.execute_script(
        "const ids=[...document.querySelectorAll('[id]')].map(e=>e.id);"
        "return ids.filter((id,i)=>ids.indexOf(id)!==i);"
    )
    assert ids == [], ids


def test_a_seller_reads_the_dashboard_prices_25_000_and_processes_orders(
    browser, live_server, active_lembaga, listed_product, shipping_methods
):
    seller = active_lembaga(
        name="BUMDes Sikka Jaya",
        village=SIKKA_VILLAGE,
        member_email="pengurus@sikka.id",
        member_name="Yohanes",
    )
    courier = shipping_methods(seller)
    listed_product(
        seller=seller,
        category="tenun-ikat",
        name="Selendang Tenun Sikka",
        sku="TENUN-2",
        price=120_000,
        grams=400,
        stock=3,
    )
    Product.objects.create(
        seller=seller,
        category=Category.objects.get(slug="tenun-ikat"),
        name="Sarung Motif Baru",
        slug="sarung-motif-baru",
        origin_village=seller.village,
    )
    now = timezone.now()
    paid = OrderFactory(
        seller=seller, total=1_250_000, status=Order.Status.PAID, shipping_method=courier
    )
    OrderFactory(seller=seller, total=335_500, status=Order.Status.COMPLETED, paid_at=now)
    cod = PaymentFactory(gateway=Payment.Gateway.COD, status=Payment.Status.PENDING)
    OrderFactory(seller=seller, status=Order.Status.UNPAID, payment=cod, paid_at=None, total=90_000)
    shipped = OrderFactory(seller=seller, status=Order.Status.SHIPPED, total=10_000)
    url = live_server.url

    sign_in(browser, url, "pengurus@sikka.id", next_path="/portal/")
    page = text_of(browser)
    assert "Rp 1.595.500" in page  # 1.250.000 + 335.500 + 10.000, paid this WITA month
    assert "Sarung Motif Baru" in page
    assert "Belum ada varian dengan harga." in page
    assert "Selendang Tenun Sikka" in page  # 3 left: low stock
    assert len(browser.find_elements(By.CSS_SELECTOR, "figure.chart svg rect")) == 12
    _both(browser, "01-dashboard")

    # The draft gets a variant typed the Indonesian way.
    browser.get(f"{url}/portal/produk/{Product.objects.get(slug='sarung-motif-baru').pk}/")
    form = browser.find_element(By.XPATH, "//button[normalize-space()='Tambah varian']/..")
    fill(browser, {"sku": "SARUNG-1", "name": "Merah", "price": "25.000"}, scope=form)
    submit_and_wait(browser, button(browser, "Tambah varian"))
    assert "Varian ditambahkan." in text_of(browser)
    assert ProductVariant.objects.get(sku="SARUNG-1").price == 25_000
    _both(browser, "02-variant-25000")
    browser.get(f"{url}/portal/")
    assert "Belum ada varian dengan harga." not in text_of(browser)

    # "Lihat pesanan" opens the orders that wait for the lembaga, oldest first.
    submit_and_wait(browser, link_to(browser, "Lihat pesanan"))
    rows = [r.text for r in browser.find_elements(By.XPATH, "(//main//table)[1]/tbody/tr")]
    assert len(rows) == 2, rows
    assert paid.number in rows[0]
    assert "WITA" in rows[0]
    assert shipped.number not in text_of(browser)
    _both(browser, "03-orders-perlu-diproses")

    submit_and_wait(browser, link_to(browser, paid.number))
    slip = browser.find_element(By.LINK_TEXT, "Slip pengiriman (PDF)")
    assert slip.size["height"] < 60, slip.size  # not stretched to the tracking form's height
    _both(browser, "04-order")
    submit_and_wait(browser, button(browser, "Terima dan proses"))
    assert f"Pesanan {paid.number} diterima; siapkan." in text_of(browser)
    shot(browser, "seller-05-accepted")
