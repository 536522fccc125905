"""Issue #17 "done when", as one journey on a phone (390x844): a buyer buys two products of
one lembaga through the storefront, the lembaga ships, the buyer receives the parcel and
complains about one product with a photo, the lembaga rejects, staff decide a partial
refund with one unit returned (refund and restock exact to the rupiah and unit), the buyer
completes the order and reviews the other product with a photo; the product and lembaga
pages show the rating and the invoice PDF shows the refund. Everything through the pages."""

import io

import pytest
from pypdf import PdfReader
from selenium.webdriver.common.by import By

from catalog.models import StockMovement
from orders.complaints.models import Complaint
from orders.models import Order, PaymentRefund
from orders.reviews.models import Review
from shop.roles import Role
from tests.shopping import stock_of

from .helpers import (
    PASSWORD,
    button,
    choose,
    choose_region,
    choose_shipping,
    css,
    download,
    fill,
    link,
    png_file,
    shot,
    sign_in,
    sign_out,
    submit_and_wait,
    text_of,
    wait,
)
from .test_money_village_transfer import sikka_shop  # noqa: F401  (fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _look(browser, name: str) -> None:
    """Phone and desktop screenshots of the page as it is now (shot() checks the phone
    page does not scroll sideways)."""
    shot(browser, f"trust-journey-{name}")


def _ledger(variant) -> list[tuple[int, int, str]]:
    """The variant's stock movements: (delta, quantity after, reason), oldest first."""
    return list(
        StockMovement.objects.filter(stock__variant=variant)
        .order_by("pk")
        .values_list("delta", "quantity_after", "reason")
    )


def test_buy_ship_receive_complain_refund_complete_review_and_invoice(
    browser,
    live_server,
    make_user,
    officer,
    sikka_shop,  # noqa: F811
    tmp_path,
):
    seller, products = sikka_shop
    _sarung, selendang, gantungan = products  # Rp 120.000 and Rp 25.000, 5 in stock each
    selendang_variant, gantungan_variant = (p.variants.get() for p in (selendang, gantungan))
    make_user(Role.CONSUMER, email="maria@contoh.id", first_name="Maria", password=PASSWORD)
    url = live_server.url
    browser.set_script_timeout(20)

    # 1. The buyer puts two selendang and one gantungan kunci in the cart and pays (DUMMY).
    sign_in(browser, url, "maria@contoh.id")
    browser.get(f"{url}/produk/{selendang.slug}/")
    fill(browser, {"quantity": "2"}, scope=css(browser, "form.buy"))
    submit_and_wait(browser, button(browser, "Tambah ke keranjang"))
    browser.get(f"{url}/produk/{gantungan.slug}/")
    submit_and_wait(browser, button(browser, "Tambah ke keranjang"))
    assert "Rp 265.000" in text_of(browser)  # 2 x 120.000 + 25.000
    _look(browser, "01-cart")
    submit_and_wait(browser, link(browser, "Lanjut ke checkout"))
    fill(browser, {"street": "Jl. El Tari No. 5", "postal_code": "85228"})
    fill(browser, {"name": "Maria Goreti", "phone": "0812-3456-7890"})
    choose_region(browser, "regency", "Kota Kupang")
    choose_region(browser, "district", "Alak")
    choose_region(browser, "village", "Namosain")
    # 3 x 900 g = 2,7 kg: Rp 25.000 for the first kg, Rp 10.000 for each further kg.
    choose_shipping(browser, seller, "Kurir JNE — Rp 45.000")
    assert "Total\nRp 310.000" in css(browser, "dl.totals").text
    css(browser, "input[name=gateway][value=DUMMY]").click()
    _look(browser, "02-checkout")
    submit_and_wait(browser, button(browser, "Bayar dan buat pesanan"))
    order = Order.objects.get()
    assert (order.status, order.total, order.shipping_total) == ("PAID", 310_000, 45_000)
    assert order.number in text_of(browser)

    # 2. The lembaga accepts and ships it with a tracking number in its portal.
    sign_out(browser)
    sign_in(browser, url, "pengurus@sikka.id", next_path=f"/penjual/pesanan/{order.number}/")
    submit_and_wait(browser, button(browser, "Terima dan proses"))
    fill(browser, {"tracking_number": "JNE0012345678"})
    submit_and_wait(browser, button(browser, "Tandai dikirim"))
    assert "dikirim dengan nomor resi JNE0012345678" in text_of(browser)
    _look(browser, "03-portal-shipped")
    stock = {v: stock_of(v).quantity for v in (selendang_variant, gantungan_variant)}
    assert stock == {selendang_variant: 3, gantungan_variant: 4}

    # The buyer confirms the parcel arrived on her order page.
    sign_out(browser)
    sign_in(browser, url, "maria@contoh.id", next_path=f"/pesanan/{order.number}/")
    submit_and_wait(browser, button(browser, "Paket sudah saya terima"))
    order.refresh_from_db()
    assert order.status == "DELIVERED"
    _look(browser, "04-delivered")

    # 3. She complains about one selendang, with a photo, and asks for part of its price.
    submit_and_wait(browser, link(browser, "Ada masalah? Ajukan komplain"))
    choose(browser, "reason", "DAMAGED")
    choose(browser, "remedy", "PARTIAL_REFUND")
    fill(
        browser,
        {
            "description": "Satu selendang sobek di bagian tepi.",
            "amount": "Rp 120.000",
            "photo_1": png_file(tmp_path, "sobek.png"),
        },
    )
    _look(browser, "05-complaint-form")
    submit_and_wait(browser, button(browser, "Kirim komplain"))
    assert "Menunggu jawaban lembaga" in text_of(browser)
    complaint = Complaint.objects.get()
    assert (complaint.amount, complaint.photos.count()) == (120_000, 1)
    _look(browser, "06-complaint-filed")

    # The lembaga rejects it with a reason in its portal.
    sign_out(browser)
    sign_in(browser, url, "pengurus@sikka.id", next_path="/penjual/komplain/")
    submit_and_wait(browser, link(browser, order.number))
    choose(browser, "response", "REJECT")
    fill(browser, {"note": "Selendang utuh saat kami kemas."})
    submit_and_wait(browser, button(browser, "Kirim jawaban"))
    assert "Menunggu keputusan staf program" in text_of(browser)
    _look(browser, "07-lembaga-rejected")
    # While the complaint is open its amount is held out of the lembaga's payout
    # (Rp 310.000 - Rp 13.250 commission = Rp 296.750; Rp 120.000 disputed).
    browser.get(f"{url}/penjual/pesanan/{order.number}/")
    assert css(browser, "[data-testid=payout]").text == (
        "Komisi platform: Rp 13.250 · Pencairan untuk lembaga: Rp 176.750"
        " · Ditahan (komplain): Rp 120.000"
    )

    # Programme staff decide: half a selendang's price back, that selendang comes back.
    sign_out(browser)
    sign_in(browser, url, officer.email, next_path="/staf/komplain/")
    submit_and_wait(browser, link(browser, order.number))
    selendang_line = order.lines.get(variant=selendang_variant)
    choose(browser, "decision", "PARTIAL_REFUND")
    fill(
        browser,
        {
            "amount": "60.000",
            f"return_{selendang_line.pk}": "1",
            "note": "Satu selendang cacat dikembalikan; separuh harganya dikembalikan.",
        },
    )
    _look(browser, "08-staff-decide")
    submit_and_wait(browser, button(browser, "Putuskan"))
    assert "Komplain diperbarui." in text_of(browser)
    assert css(browser, "[data-testid=refunded]").text == "Rp 60.000"
    _look(browser, "09-staff-decided")
    order.refresh_from_db()
    assert (order.status, order.refunded_amount) == ("DELIVERED", 60_000)
    assert order.payment.refunded_amount == 60_000
    assert list(PaymentRefund.objects.filter(order=order).values_list("amount", flat=True)) == [
        60_000
    ]
    complaint.refresh_from_db()
    assert (complaint.status, complaint.outcome, complaint.refund_amount) == (
        "RESOLVED",
        "PARTIAL_REFUND",
        60_000,
    )
    # The ledger: 5 counted, 2 sold, 1 returned by the decision; the gantungan untouched.
    assert _ledger(selendang_variant) == [(5, 5, "COUNT"), (-2, 3, "SALE"), (1, 4, "RETURN")]
    assert _ledger(gantungan_variant) == [(5, 5, "COUNT"), (-1, 4, "SALE")]
    assert stock_of(selendang_variant).quantity == 4
    assert StockMovement.objects.get(reference=f"complaint:{complaint.pk}").delta == 1

    # 4. The complaint closed, the buyer completes the order and reviews the gantungan kunci.
    sign_out(browser)
    sign_in(browser, url, "maria@contoh.id", next_path=f"/pesanan/{order.number}/")
    submit_and_wait(browser, button(browser, "Selesaikan pesanan"))
    order.refresh_from_db()
    assert order.status == "COMPLETED"
    form = css(browser, f"#ulasan form:has(input[name=product][value='{gantungan.pk}'])")
    star = form.find_element(By.CSS_SELECTOR, "input[name=rating][value='4']")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", star)
    star.click()
    fill(
        browser,
        {"comment": "Rapi dan kuat, cocok untuk oleh-oleh.", "photos": png_file(tmp_path)},
        scope=form,
    )
    _look(browser, "10-review-form")
    submit_and_wait(browser, button(browser, "Kirim ulasan", scope=form))
    assert "Terima kasih, ulasan Anda sudah tampil." in text_of(browser)
    review = Review.objects.get()
    assert (review.product, review.rating, review.photos.count()) == (gantungan, 4, 1)
    _look(browser, "11-reviewed")

    # 5. The invoice downloads and shows the refund.
    pdf = download(browser, css(browser, "a[data-test=invoice]").get_attribute("href"))
    assert (pdf["status"], pdf["type"]) == (200, "application/pdf")
    invoice = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf["body"])).pages)
    assert "Total\nRp 310.000\nDikembalikan\n-Rp 60.000\n" in invoice
    assert "Status pesanan: Selesai" in invoice

    # The product page shows the rating and the review; the lembaga page its rating.
    browser.get(f"{url}/produk/{gantungan.slug}/")
    page = text_of(browser)
    assert "4,0 dari 5 (1 ulasan)" in page
    assert "Rapi dan kuat, cocok untuk oleh-oleh." in page
    photo = css(browser, ".review__photos img")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", photo)
    wait(browser, lambda b: b.execute_script("return arguments[0].complete", photo))
    _look(browser, "12-product-rating")
    browser.get(f"{url}/lembaga/{seller.slug}/")
    assert css(browser, "[data-standing=rating]").text == "★ 4,0 dari 5 (1 ulasan)"
    # Answered within minutes; the order's 48-hour ship deadline has not passed yet, so it
    # is not counted for on-time shipping (seller_standing counts only orders that are due).
    assert css(browser, "[data-standing=complaints]").text == "median 0,0 jam (1 komplain)"
    assert css(browser, "[data-standing=on-time]").text == "Belum ada pesanan yang dinilai"

    # The lembaga's order page: the refund and the commission it gives back
    # (13.250 x 205.000 / 265.000 goods kept = 10.250; 310.000 - 10.250 - 60.000).
    sign_out(browser)
    sign_in(browser, url, "pengurus@sikka.id", next_path=f"/penjual/pesanan/{order.number}/")
    assert css(browser, "[data-testid=payout]").text == (
        "Komisi platform: Rp 10.250 · Pencairan untuk lembaga: Rp 239.750"
    )
    _look(browser, "14-portal-payout")
    _look(browser, "13-lembaga-rating")
