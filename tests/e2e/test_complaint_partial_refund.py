"""Issue #17 "done when": a buyer with a delivered order opens a complaint with a photo on
a phone; the lembaga rejects it in its portal; programme staff decide a partial refund
with one unit coming back; the refund and the restock are exact to the rupiah and unit."""

import pytest
from selenium.webdriver.common.by import By

from catalog.models import StockMovement
from orders.complaints.models import Complaint
from orders.models import Order, PaymentRefund
from shop.roles import Role
from tests.complaints_world import delivered_order
from tests.shopping import stock_of, world_make

from .helpers import (
    PASSWORD,
    button,
    choose,
    css,
    fill,
    fits_phone,
    png_file,
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


def test_buyer_complains_lembaga_rejects_staff_decide_a_partial_refund(
    browser, live_server, make_user, tmp_path
):
    world = world_make(make_user)
    buyer = make_user(Role.CONSUMER, email="maria@contoh.id", first_name="Maria")
    staff = make_user(Role.PROGRAMME_OFFICER, email="pmd@ntt.go.id", first_name="Paulus")
    order = delivered_order(world, buyer, quantity=2)  # 2 x Rp 450.000 + courier
    stock_before = stock_of(world.tenun).quantity
    url = live_server.url

    # The buyer opens a complaint from the order page, with a photo.
    sign_in(browser, url, buyer.email, next_path=f"/pesanan/{order.number}/")
    shot(browser, "complaint-01-order-page")
    submit_and_wait(browser, browser.find_element(By.LINK_TEXT, "Ada masalah? Ajukan komplain"))
    choose(browser, "reason", "DAMAGED")
    choose(browser, "remedy", "PARTIAL_REFUND")
    fill(
        browser,
        {
            "description": "Satu kain sobek di bagian tepi.",
            "amount": "Rp 450.000",
            "photo_1": png_file(tmp_path, "sobek.png"),
        },
    )
    fits_phone(browser)
    shot(browser, "complaint-02-form")
    submit_and_wait(browser, button(browser, "Kirim komplain"))
    assert "Menunggu jawaban lembaga" in text_of(browser)
    assert "Rp 450.000" in text_of(browser)
    assert "Foto 1" in text_of(browser)
    fits_phone(browser)
    shot(browser, "complaint-03-filed")
    complaint = Complaint.objects.get()
    assert (complaint.amount, complaint.photos.count()) == (450_000, 1)

    # The lembaga rejects it in its portal, with a reason.
    sign_out(browser)
    world.sikka_member.set_password(PASSWORD)
    world.sikka_member.save()
    sign_in(browser, url, world.sikka_member.email, next_path="/penjual/komplain/")
    fits_phone(browser)
    shot(browser, "complaint-04-portal-list")
    submit_and_wait(browser, browser.find_element(By.LINK_TEXT, order.number))
    choose(browser, "response", "REJECT")
    fill(browser, {"note": "Kain utuh saat kami kemas."})
    shot(browser, "complaint-05-lembaga-answer")
    submit_and_wait(browser, button(browser, "Kirim jawaban"))
    assert "Menunggu keputusan staf program" in text_of(browser)

    # Programme staff decide: half the price of one kain back, that kain returns to stock.
    sign_out(browser)
    sign_in(browser, url, staff.email, next_path="/staf/komplain/")
    fits_phone(browser)
    shot(browser, "complaint-06-staff-list")
    submit_and_wait(browser, browser.find_element(By.LINK_TEXT, order.number))
    line = order.lines.get()
    choose(browser, "decision", "PARTIAL_REFUND")
    fill(
        browser,
        {
            "amount": "225.000",
            f"return_{line.pk}": "1",
            "note": "Satu kain cacat dikembalikan; separuh harganya dikembalikan.",
        },
    )
    shot(browser, "complaint-07-staff-decide")
    submit_and_wait(browser, button(browser, "Putuskan"))
    page = text_of(browser)
    assert "Komplain diperbarui." in page
    assert "Selesai" in page
    assert css(browser, "[data-testid=refunded]").text == "Rp 225.000"
    fits_phone(browser)
    shot(browser, "complaint-08-decided")

    order = Order.objects.get(pk=order.pk)
    assert (order.status, order.refunded_amount) == ("DELIVERED", 225_000)
    assert list(PaymentRefund.objects.filter(order=order).values_list("amount", flat=True)) == [
        225_000
    ]
    assert order.payment.refunded_amount == 225_000
    assert stock_of(world.tenun).quantity == stock_before + 1
    movement = StockMovement.objects.get(reference=f"complaint:{complaint.pk}")
    assert (movement.delta, movement.reason) == (1, StockMovement.Reason.RETURN)
    complaint.refresh_from_db()
    assert (complaint.status, complaint.outcome, complaint.refund_amount) == (
        "RESOLVED",
        "PARTIAL_REFUND",
        225_000,
    )
