"""Issue #16, the buyer's side on a phone (390x844, desktop screenshots too): sign up from
the cart with name and phone carried to the checkout, a desa and courier chosen without a
page load, bank transfer with the account shown and the receipt uploaded, the address
reused for the next order, the wishlist, an empty search that suggests a spelling; the
lembaga opens the receipt and confirms. axe-core checks the new pages."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from catalog.search.database import index_products
from orders.models import BuyerAddress, Order, TransferProof

from .a11y import assert_accessible
from .helpers import (
    PASSWORD,
    button,
    choose_region,
    css,
    fill,
    in_place,
    link,
    no_csp_violation,
    png_file,
    shot,
    sign_in,
    sign_out,
    submit_and_wait,
    text_of,
)
from .test_money_village_transfer import sikka_shop  # noqa: F401  (fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _courier(browser, seller):
    return next(
        r
        for r in browser.find_elements(By.CSS_SELECTOR, f"input[name=method_{seller.pk}]")
        if r.find_element(By.XPATH, "..").text.startswith("Kurir JNE")
    )


def test_a_buyer_signs_up_pays_by_transfer_uploads_the_receipt_and_reuses_the_address(
    browser,
    live_server,
    sikka_shop,  # noqa: F811
    tmp_path,
):
    seller, products = sikka_shop
    url = live_server.url
    index_products([p.pk for p in products])

    # A guest fills the cart, signs up from it and lands back on it.
    browser.get(f"{url}/produk/{products[1].slug}/")
    submit_and_wait(browser, button(browser, "Tambah ke keranjang"))
    submit_and_wait(browser, link(browser, "Daftar"))
    fill(
        browser,
        {
            "email": "maria@contoh.id",
            "first_name": "Maria",
            "last_name": "Goreti",
            "phone": "0812 3456 7890",
            "password": PASSWORD,
            "privacy_consent": True,  # required since the privacy page (#17)
        },
    )
    submit_and_wait(browser, button(browser, "Daftar", scope=css(browser, "main")))
    # The exact address: a refused form stays on /daftar/?next=/keranjang/.
    assert browser.current_url == f"{url}/keranjang/", text_of(browser)

    # The checkout starts with the name and phone given at sign-up.
    browser.get(f"{url}/checkout/")
    assert css(browser, "input[name=name]").get_attribute("value") == "Maria Goreti"
    assert "812" in css(browser, "input[name=phone]").get_attribute("value")
    assert css(browser, "input[name=email]").get_attribute("value") == "maria@contoh.id"
    # kabupaten -> kecamatan -> desa, then the courier: no page load in between
    choose_region(browser, "regency", "Kota Kupang")
    choose_region(browser, "district", "Alak")
    choose_region(browser, "village", "Namosain")
    fill(browser, {"street": "Jl. El Tari No. 5", "postal_code": "85228"})
    in_place(browser, _courier(browser, seller).click)
    assert "Rp 25.000" in css(browser, "dl.totals").text
    css(browser, "input[name=gateway][value=BANK_TRANSFER]").click()
    shot(browser, "ux-b01-checkout-in-place")
    assert_accessible(browser)
    submit_and_wait(browser, button(browser, "Bayar dan buat pesanan"))

    # Where to pay, then the receipt.
    page = text_of(browser)
    assert "Bank NTT" in page
    assert "001.01.02.123456-7" in page
    assert "Kirim bukti transfer" in page
    shot(browser, "ux-b02-transfer-instructions")
    fill(browser, {"file": png_file(tmp_path, "struk-transfer.png")})
    submit_and_wait(browser, button(browser, "Unggah bukti transfer"))
    assert "Bukti transfer diterima" in text_of(browser)
    assert TransferProof.objects.get().content_type == "image/png"
    shot(browser, "ux-b03-receipt-uploaded")
    assert_accessible(browser)
    no_csp_violation(browser)

    # The address is in the book now.
    browser.get(f"{url}/akun/alamat/")
    assert "Jl. El Tari No. 5" in text_of(browser)
    assert BuyerAddress.objects.get().is_default
    shot(browser, "ux-b04-address-book")
    assert_accessible(browser)

    # Next visit: a wishlist, and the saved address already filled in at checkout.
    browser.get(f"{url}/produk/{products[2].slug}/")
    submit_and_wait(browser, button(browser, "♡ Simpan ke wishlist"))
    assert "Tersimpan di wishlist" in text_of(browser)
    browser.get(f"{url}/akun/wishlist/")
    assert products[2].name in text_of(browser)
    shot(browser, "ux-b05-wishlist")
    assert_accessible(browser)
    browser.get(f"{url}/produk/{products[2].slug}/")
    submit_and_wait(browser, button(browser, "Tambah ke keranjang"))
    browser.get(f"{url}/checkout/")
    assert css(browser, "input[name=street]").get_attribute("value") == "Jl. El Tari No. 5"
    assert Select(css(browser, "select[name=village]")).first_selected_option.text == "Namosain"
    saved = css(browser, "details.saved-addresses")
    assert "Kirim ke alamat ini" in saved.get_attribute("textContent")
    in_place(browser, _courier(browser, seller).click)
    css(browser, "input[name=gateway][value=BANK_TRANSFER]").click()
    shot(browser, "ux-b06-checkout-saved-address")
    submit_and_wait(browser, button(browser, "Bayar dan buat pesanan"))
    assert "Cara membayar dengan transfer bank" in text_of(browser)
    assert BuyerAddress.objects.count() == 1  # the same address, not saved twice

    # A search that finds nothing suggests the spelling and popular categories.
    browser.get(f"{url}/produk/?q=sika&kabupaten=53.71")
    page = text_of(browser)
    assert "Mungkin maksud Anda: Sikka?" in page
    assert "Kategori populer" in page
    shot(browser, "ux-b07-empty-search")
    assert_accessible(browser)

    # The lembaga opens the receipt and confirms the first payment.
    first = Order.objects.order_by("pk").first()
    sign_out(browser)
    sign_in(browser, url, "pengurus@sikka.id", next_path=f"/penjual/pesanan/{first.number}/")
    assert "Bukti transfer dari pembeli" in text_of(browser)
    proof = browser.find_element(By.PARTIAL_LINK_TEXT, "Bukti transfer 1")
    assert proof.get_attribute("href").endswith(
        f"/bukti-transfer/{TransferProof.objects.get().pk}/"
    )
    shot(browser, "ux-b09-lembaga-sees-receipt")
    submit_and_wait(browser, button(browser, "Konfirmasi pembayaran diterima"))
    first.refresh_from_db()
    assert first.status == "PAID"

    # Paid, so the selendang leads "Terlaris" and says how many sold.
    index_products([p.pk for p in products])
    browser.get(f"{url}/produk/?urut=terlaris")
    cards = browser.find_elements(By.CSS_SELECTOR, ".product-card")
    assert cards[0].text.startswith("Selendang Tenun Sikka")
    assert "1 terjual" in cards[0].text
    shot(browser, "ux-b08-best-selling")
