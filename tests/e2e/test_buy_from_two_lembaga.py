"""Issue #6 "done when": a consumer buys from two lembaga in one checkout and pays once
(DUMMY gateway); each lembaga sees, accepts and ships its own order with a tracking
number; the consumer sees both shipped. Everything through the pages, in a phone-sized
browser."""

import pytest
from selenium.webdriver.common.by import By

from orders.models import Order
from shop.roles import Role

from .helpers import (
    PASSWORD,
    button,
    choose_region,
    choose_shipping,
    css,
    fill,
    fits_phone,
    link,
    shot,
    sign_in,
    sign_out,
    submit_and_wait,
    text_of,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SIKKA_VILLAGE = "53.07.01.2001"  # Masabewa, Kec. Paga, Kab. Sikka
BELU_VILLAGE = "53.04.01.2001"  # Kewar, Kec. Lamaknen, Kab. Belu


def button_shown(browser, label: str) -> bool:
    return any(
        b.is_displayed() and b.text.strip() == label
        for b in browser.find_elements(By.TAG_NAME, "button")
    )


def test_consumer_buys_from_two_lembaga_each_ships_its_order_and_the_consumer_sees_it(
    browser, live_server, make_user, active_lembaga, listed_product, shipping_methods
):
    sikka = active_lembaga(
        name="BUMDes Sikka Jaya",
        village=SIKKA_VILLAGE,
        member_email="pengurus@sikka.id",
        member_name="Yohanes",
    )
    belu = active_lembaga(
        name="Koperasi Kopi Lamaknen",
        village=BELU_VILLAGE,
        member_email="pengurus@belu.id",
        member_name="Agustinus",
    )
    shipping_methods(sikka)
    shipping_methods(belu)
    tenun = listed_product(
        seller=sikka,
        category="tenun-ikat",
        name="Sarung Tenun Ikat Sikka",
        sku="TENUN-SIKKA",
        price=450_000,
        grams=900,
        stock=5,
    )
    kopi = listed_product(
        seller=belu,
        category="kopi-biji-mentah",
        name="Kopi Arabika Lamaknen",
        sku="KOPI-LAMAKNEN",
        price=65_000,
        grams=250,
        stock=50,
    )
    make_user(Role.CONSUMER, email="maria@contoh.id", first_name="Maria", password=PASSWORD)
    url = live_server.url

    # The consumer puts one product of each lembaga in the cart from its buy box.
    sign_in(browser, url, "maria@contoh.id")
    browser.get(f"{url}/produk/{tenun.slug}/")
    shot(browser, "j3-01-product")
    fits_phone(browser)
    submit_and_wait(browser, button(browser, "Tambah ke keranjang"))
    assert browser.current_url == f"{url}/keranjang/"
    assert "Produk ditambahkan ke keranjang." in text_of(browser)
    browser.get(f"{url}/produk/{kopi.slug}/")
    fill(browser, {"quantity": "2"}, scope=css(browser, "form.buy"))
    submit_and_wait(browser, button(browser, "Tambah ke keranjang"))
    cart = text_of(browser)
    assert "BUMDes Sikka Jaya" in cart
    assert "Koperasi Kopi Lamaknen" in cart
    assert "Rp 580.000" in cart  # 450.000 + 2 x 65.000
    shot(browser, "j3-02-cart")
    fits_phone(browser)

    # Checkout: address with the region picker, shipping per lembaga, the DUMMY gateway.
    submit_and_wait(browser, link(browser, "Lanjut ke checkout"))
    assert browser.current_url == f"{url}/checkout/"
    fill(
        browser,
        {
            "name": "Maria Goreti",
            "phone": "0812-3456-7890",
            "street": "Jl. El Tari No. 5",
            "postal_code": "85228",
        },
    )
    choose_region(browser, "regency", "Kota Kupang")
    choose_region(browser, "district", "Alak")
    choose_region(browser, "village", "Namosain")
    assert not button_shown(browser, "Perbarui pilihan wilayah")  # JavaScript refreshes
    assert not css(browser, "input[name=city]").is_displayed()  # only for outside NTT
    # A courier for each lembaga; each choice refreshes the page with the new total.
    for seller in (sikka, belu):
        choose_shipping(browser, seller, "Kurir JNE — Rp 25.000")
    totals = css(browser, "dl.totals").text
    assert "Ongkos kirim\nRp 50.000" in totals
    assert "Total\nRp 630.000" in totals
    css(browser, "input[name=gateway][value=DUMMY]").click()
    shot(browser, "j3-03-checkout")
    fits_phone(browser)
    submit_and_wait(browser, button(browser, "Bayar dan buat pesanan"))

    # The confirmation shows two orders; the history lists them.
    orders = list(Order.objects.order_by("seller__name"))
    assert [o.seller for o in orders] == [sikka, belu]
    assert [o.total for o in orders] == [475_000, 155_000]
    assert {o.status for o in orders} == {Order.Status.PAID}
    page = text_of(browser)
    assert "Terima kasih! Pesanan Anda sudah kami terima." in page
    for order in orders:
        assert order.number in page
    shot(browser, "j3-04-done")
    fits_phone(browser)
    submit_and_wait(browser, link(browser, "Lihat riwayat pesanan"))
    history = text_of(browser)
    for order in orders:
        assert order.number in history
    shot(browser, "j3-05-history")
    fits_phone(browser)

    # Each lembaga's member sees only its own order, accepts it and ships it.
    for order, email, resi in (
        (orders[0], "pengurus@sikka.id", "JNE0012345678"),
        (orders[1], "pengurus@belu.id", "JNE0087654321"),
    ):
        other = orders[1] if order is orders[0] else orders[0]
        sign_out(browser)
        sign_in(browser, url, email)
        css(browser, "details.menu summary").click()
        submit_and_wait(browser, link(browser, "Pesanan masuk"))
        assert order.number in text_of(browser)
        assert other.number not in text_of(browser)
        shot(browser, f"j3-06-seller-orders-{order.seller.pk}")
        fits_phone(browser)
        submit_and_wait(browser, link(browser, order.number))
        submit_and_wait(browser, button(browser, "Terima dan proses"))
        assert f"Pesanan {order.number} diterima; siapkan." in text_of(browser)
        fill(browser, {"tracking_number": resi})
        submit_and_wait(browser, button(browser, "Tandai dikirim"))
        assert f"Pesanan {order.number} dikirim dengan nomor resi {resi}." in text_of(browser)
        order.refresh_from_db()
        assert order.status == Order.Status.SHIPPED
        assert order.tracking_number == resi
    shot(browser, "j3-07-seller-order")
    fits_phone(browser)

    # The consumer sees both orders shipped, with the tracking number.
    sign_out(browser)
    sign_in(browser, url, "maria@contoh.id", next_path="/pesanan/")
    rows = browser.find_elements(By.CSS_SELECTOR, "main tbody tr")
    assert len(rows) == 2
    assert all("Dikirim" in row.text for row in rows)
    submit_and_wait(browser, link(browser, orders[0].number))
    detail = text_of(browser)
    assert "Dikirim · Nomor resi JNE0012345678" in detail
    assert "SHIPPED" not in detail
    # The parcel arrives: the consumer confirms it.
    submit_and_wait(browser, button(browser, "Paket sudah saya terima"))
    assert "Pesanan diperbarui." in text_of(browser)
    orders[0].refresh_from_db()
    assert orders[0].status == Order.Status.DELIVERED
    shot(browser, "j3-08-order-detail")
    fits_phone(browser)

    # The same page in English.
    submit_and_wait(browser, css(browser, "a.lang[hreflang=en]"))
    detail = text_of(browser)
    assert "Shipped · Tracking number JNE0012345678" in detail
    assert "Complete the order" in detail
    shot(browser, "j3-09-order-detail-en")
