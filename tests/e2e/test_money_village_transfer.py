"""Issue #16 journeys on a phone (390x844) and a desktop: a variant priced ``25.000``,
a search with dotted prices, a courier right after the desa, a bank transfer with the
account shown, and a registration by village name. Screenshots are kept as artefacts."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from catalog.models import ProductVariant
from catalog.search.database import index_products
from orders.models import Payment

from .helpers import (
    PASSWORD,
    button,
    checkout_settled,
    css,
    fill,
    no_csp_violation,
    shot,
    sign_in,
    submit_and_wait,
    text_of,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SIKKA_VILLAGE = "53.07.01.2001"  # Masabewa, Kec. Paga, Kab. Sikka


@pytest.fixture
def sikka_shop(active_lembaga, listed_product, shipping_methods):
    seller = active_lembaga(
        name="BUMDes Sikka Jaya",
        village=SIKKA_VILLAGE,
        member_email="pengurus@sikka.id",
        member_name="Yohanes",
    )
    shipping_methods(seller)
    products = [
        listed_product(
            seller=seller,
            category="tenun-ikat",
            name=name,
            sku=sku,
            price=price,
            grams=900,
            stock=5,
        )
        for name, sku, price in (
            ("Sarung Tenun Ikat Sikka", "TENUN-1", 1_500_000),
            ("Selendang Tenun Sikka", "TENUN-2", 120_000),
            ("Gantungan Kunci Tenun", "TENUN-3", 25_000),
        )
    ]
    return seller, products


def test_seller_prices_a_variant_25_000_and_a_buyer_filters_with_dots(
    browser, live_server, sikka_shop
):
    _seller, products = sikka_shop
    url = live_server.url
    sign_in(browser, url, "pengurus@sikka.id", next_path=f"/portal/produk/{products[2].pk}/")
    form = browser.find_element(By.XPATH, "//button[normalize-space()='Tambah varian']/..")
    fill(browser, {"sku": "SEL-BIRU", "name": "Biru", "price": "25.000"}, scope=form)
    submit_and_wait(browser, button(browser, "Tambah varian"))
    assert "Varian ditambahkan." in text_of(browser)
    assert ProductVariant.objects.get(sku="SEL-BIRU").price == 25_000
    assert "Rp 25.000" in text_of(browser)
    shot(browser, "ux-01-portal-variant-25000")
    no_csp_violation(browser)

    index_products([p.pk for p in products])
    browser.get(f"{url}/produk/?harga_min=50.000&harga_maks=150.000")
    page = text_of(browser)
    assert "Selendang Tenun Sikka" in page, page[page.find("Terapkan") :][:800]
    assert "Sarung Tenun Ikat Sikka" not in page  # Rp 1.500.000
    assert "Gantungan Kunci Tenun" not in page  # Rp 25.000
    shot(browser, "ux-02-search-dotted-prices")
    browser.get(f"{url}/produk/?harga_min=50,5")
    assert "Rupiah tanpa desimal" in text_of(browser)
    no_csp_violation(browser)


def test_courier_right_after_the_desa_and_a_bank_transfer_with_the_account(
    browser, live_server, sikka_shop
):
    seller, products = sikka_shop
    url = live_server.url
    browser.get(f"{url}/produk/{products[1].slug}/")
    submit_and_wait(browser, button(browser, "Tambah ke keranjang"))
    browser.get(f"{url}/checkout/")
    # The desa first, found by name; nothing else typed yet.
    css(browser, "details.card summary").click()
    fill(browser, {"cari_desa": "namosain"})
    submit_and_wait(browser, button(browser, "Cari", scope=css(browser, "details.card")))
    submit_and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "Namosain"))
    assert Select(css(browser, "select[name=village]")).first_selected_option.text == "Namosain"
    couriers = [
        r.find_element(By.XPATH, "..").text
        for r in browser.find_elements(By.CSS_SELECTOR, f"input[name=method_{seller.pk}]")
    ]
    assert any(c.startswith("Kurir JNE") for c in couriers), couriers
    shot(browser, "ux-03-checkout-courier-after-desa")
    fill(
        browser,
        {
            "email": "maria@contoh.id",
            "name": "Maria Goreti",
            "phone": "0812-3456-7890",
            "street": "Jl. El Tari No. 5",
            "postal_code": "85228",
        },
    )
    courier = next(
        r
        for r in browser.find_elements(By.CSS_SELECTOR, f"input[name=method_{seller.pk}]")
        if r.find_element(By.XPATH, "..").text.startswith("Kurir JNE")
    )
    old = browser.find_element(By.TAG_NAME, "html")
    courier.click()  # the form refreshes in place with the new total (no page load)
    checkout_settled(browser)
    assert browser.find_element(By.TAG_NAME, "html") == old
    css(browser, "input[name=gateway][value=BANK_TRANSFER]").click()
    submit_and_wait(browser, button(browser, "Bayar dan buat pesanan"))
    page = text_of(browser)
    payment = Payment.objects.get()
    assert "Cara membayar dengan transfer bank" in page
    assert "Bank NTT" in page
    assert "001.01.02.123456-7" in page
    assert f"OVOP-{payment.pk:06d}" in page
    assert "WITA" in page
    shot(browser, "ux-04-bank-transfer")
    no_csp_violation(browser)


def test_a_lembaga_registers_by_village_name(browser, live_server, make_user):
    make_user(email="agnes@watuomok.id", first_name="Agnes", password=PASSWORD)
    url = live_server.url
    sign_in(browser, url, "agnes@watuomok.id", next_path="/portal/daftar/")
    css(browser, "details.card summary").click()
    fill(browser, {"cari_desa": "watu omok"})
    submit_and_wait(browser, button(browser, "Cari", scope=css(browser, "details.card")))
    assert "53.07.08.2020" in text_of(browser)
    shot(browser, "ux-05-register-village-search")
    submit_and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "Watu Omok"))
    assert css(browser, "input[name=village_code]").get_attribute("value") == "53.07.08.2020"
    css(browser, "details.card summary").click()
    fill(browser, {"cari_desa": "Watublapi"})
    submit_and_wait(browser, button(browser, "Cari", scope=css(browser, "details.card")))
    assert "Mungkin maksud Anda" in text_of(browser)
    shot(browser, "ux-06-register-suggestions")
    no_csp_violation(browser)


def test_a_product_page_offers_whatsapp_and_previews_for_shared_links(
    browser, live_server, sikka_shop
):
    _seller, products = sikka_shop
    browser.get(f"{live_server.url}/produk/{products[1].slug}/")
    chat = browser.find_element(By.PARTIAL_LINK_TEXT, "lewat WhatsApp")
    assert chat.get_attribute("href").startswith("https://wa.me/62")
    share = browser.find_element(By.PARTIAL_LINK_TEXT, "Bagikan ke WhatsApp")
    assert share.get_attribute("href").startswith("https://wa.me/?text=Selendang")
    assert css(browser, "meta[property='og:type']").get_attribute("content") == "product"
    shot(browser, "ux-07-product-whatsapp")
    no_csp_violation(browser)
