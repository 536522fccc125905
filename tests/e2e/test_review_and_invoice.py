"""Issue #17 on a phone (390x844) and a desktop: the buyer of a completed order writes a
review with a photo, it shows on the product page with its rating, the lembaga answers
from its portal, and both download the invoice. Screenshots are kept as artefacts."""

import pytest
from selenium.webdriver.common.by import By

from orders.reviews.models import Review
from tests.factories import ProductVariantFactory, SellerFactory, SellerMemberFactory
from tests.trust import completed_order

from .helpers import (
    PASSWORD,
    button,
    css,
    download,
    fill,
    png_file,
    shot,
    sign_in,
    sign_out,
    submit_and_wait,
    text_of,
    wait,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_buyer_reviews_with_a_photo_lembaga_replies_and_invoices_download(
    browser, live_server, make_user, tmp_path
):
    seller = SellerFactory(name="BUMDes Sikka Jaya", npwp="012345678901234")
    member = make_user(email="pengurus@sikka.id", first_name="Yosef", password=PASSWORD)
    SellerMemberFactory(seller=seller, user=member)
    variant = ProductVariantFactory(
        product__seller=seller, product__name="Tenun ikat Sikka", price=150_000
    )
    buyer = make_user(
        email="maria@contoh.id", first_name="Maria", last_name="Goreti", password=PASSWORD
    )
    order = completed_order(buyer=buyer, variants=[variant])
    product = variant.product
    base = live_server.url
    browser.set_script_timeout(20)

    # The buyer opens her completed order and writes the review with a photo.
    sign_in(browser, base, buyer.email, next_path=f"/pesanan/{order.number}/")
    assert "Ulasan Anda" in text_of(browser)
    shot(browser, "trust-order-review-form")
    form = css(browser, "#ulasan form")
    browser.execute_script(
        "arguments[0].scrollIntoView({block: 'center'})",
        form.find_element(By.CSS_SELECTOR, "input[name=rating][value='5']"),
    )
    form.find_element(By.CSS_SELECTOR, "input[name=rating][value='5']").click()
    fill(
        browser,
        {"comment": "Tenunnya rapi, warnanya indah.", "photos": png_file(tmp_path)},
        scope=form,
    )
    submit_and_wait(browser, button(browser, "Kirim ulasan", scope=form))
    assert "Terima kasih, ulasan Anda sudah tampil." in text_of(browser)
    review = Review.objects.get()
    assert (review.rating, review.photos.count()) == (5, 1)
    shot(browser, "trust-order-reviewed")

    # The invoice downloads from the order page.
    href = css(browser, "a[data-test=invoice]").get_attribute("href")
    pdf = download(browser, href)
    assert (pdf["status"], pdf["type"], pdf["head"]) == (200, "application/pdf", "%PDF-")
    assert pdf["disposition"].startswith('attachment; filename="INV-')

    # The product page shows the review, its photo and the rating.
    browser.get(f"{base}/produk/{product.slug}/")
    page = text_of(browser)
    assert "5,0 dari 5 (1 ulasan)" in page
    assert "Tenunnya rapi, warnanya indah." in page
    assert "Pembelian terverifikasi" in page
    photo = css(browser, ".review__photos img")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", photo)
    natural = "return arguments[0].complete && arguments[0].naturalWidth"
    wait(browser, lambda b: b.execute_script(natural, photo))  # loading="lazy"
    assert browser.execute_script(natural, photo) == 64
    shot(browser, "trust-product-with-review")

    # The lembaga answers from its portal and downloads the invoice there too.
    sign_out(browser)
    sign_in(browser, base, member.email, next_path="/penjual/ulasan/")
    shot(browser, "trust-portal-reviews")
    fill(browser, {"reply": "Terima kasih, Kak Maria! Salam dari Masabewa."})
    submit_and_wait(browser, button(browser, "Kirim balasan"))
    assert "Balasan terkirim." in text_of(browser)
    browser.get(f"{base}/penjual/pesanan/{order.number}/")
    invoice = browser.find_element(By.LINK_TEXT, "Faktur (PDF)").get_attribute("href")
    assert download(browser, invoice)["status"] == 200
    browser.get(f"{base}/produk/{product.slug}/")
    assert "Terima kasih, Kak Maria! Salam dari Masabewa." in text_of(browser)
    shot(browser, "trust-product-with-reply")

    # The lembaga's public page shows its standing.
    browser.get(f"{base}/lembaga/{seller.slug}/")
    assert "Reputasi lembaga" in text_of(browser)
    shot(browser, "trust-lembaga-standing")
