"""complaintRespond, complaintOfferAnswer, complaintDecide and the deadline sweep: the
refund runs through the order's refund, returned units go back through the ledger."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from catalog.models import StockMovement
from orders.complaints.models import Complaint
from orders.complaints.selectors import complaint_response_hours
from orders.complaints.services import (
    ReturnInput,
    complaint_create,
    complaint_decide,
    complaint_offer_answer,
    complaint_respond,
    complaints_escalate_overdue,
)
from orders.models import OrderEvent, PaymentRefund
from orders.selectors import order_payout, seller_payouts
from orders.services.orders import orders_complete_delivered
from sellers.models import SellerMember
from shop.roles import Role
from tests.complaints_world import backdate_delivery
from tests.shopping import stock_of

pytestmark = pytest.mark.django_db


def open_complaint(order, buyer, **kwargs):
    data = {
        "reason": "WRONG_ITEM",
        "description": "Motif yang datang berbeda.",
        "remedy": "REFUND",
    }
    data.update(kwargs)
    return complaint_create(user=buyer, order=order, **data)


def code(exc_info) -> str:
    exc = exc_info.value
    if hasattr(exc, "error_dict"):
        return next(iter(exc.error_dict.values()))[0].code
    return exc.error_list[0].code


def line_of(order):
    return order.lines.get()


def test_lembaga_accepts_a_full_refund_with_both_units_returned(world, order, buyer):
    stock_before = stock_of(world.tenun).quantity
    complaint = open_complaint(order, buyer)
    complaint = complaint_respond(
        user=world.sikka_member,
        complaint=complaint,
        response="ACCEPT",
        returns=[ReturnInput(line_id=line_of(order).pk, quantity=2)],
    )
    order.refresh_from_db()
    assert (complaint.status, complaint.is_open, complaint.outcome) == ("RESOLVED", False, "REFUND")
    assert complaint.refund_amount == order.total == 900_000 + order.shipping_total
    assert (order.status, order.refunded_amount) == ("REFUNDED", order.total)
    assert stock_of(world.tenun).quantity == stock_before + 2
    movement = StockMovement.objects.get(reference=f"complaint:{complaint.pk}")
    assert (movement.delta, movement.reason) == (2, StockMovement.Reason.RETURN)
    assert list(OrderEvent.objects.filter(order=order).values_list("type", flat=True))[-5:] == [
        "COMPLAINT_OPENED",
        "COMPLAINT_ACCEPTED",
        "REFUNDED",
        "RETURN_RESTOCKED",
        "COMPLAINT_RESOLVED",
    ]


def test_lembaga_rejects_and_staff_decide_a_partial_refund_with_one_unit_back(
    world, order, buyer, staff
):
    stock_before = stock_of(world.tenun).quantity
    complaint = open_complaint(order, buyer, remedy="PARTIAL_REFUND", amount=300_000)
    complaint = complaint_respond(
        user=world.sikka_member, complaint=complaint, response="REJECT", note="Sudah sesuai foto."
    )
    assert (complaint.status, complaint.is_open) == ("ESCALATED", True)
    complaint = complaint_decide(
        user=staff,
        complaint=complaint,
        decision="PARTIAL_REFUND",
        amount=225_000,
        returns=[ReturnInput(line_id=line_of(order).pk, quantity=1)],
        note="Satu kain cacat; separuh harga kain dikembalikan.",
    )
    order.refresh_from_db()
    assert (complaint.status, complaint.refund_amount, complaint.decided_by) == (
        "RESOLVED",
        225_000,
        staff,
    )
    assert (order.status, order.refunded_amount) == ("DELIVERED", 225_000)
    assert PaymentRefund.objects.get(order=order).amount == 225_000
    assert stock_of(world.tenun).quantity == stock_before + 1


def test_staff_may_reject_with_a_reason(order, buyer, world, staff):
    complaint = open_complaint(order, buyer)
    complaint = complaint_respond(
        user=world.sikka_member, complaint=complaint, response="REJECT", note="Tidak terbukti."
    )
    with pytest.raises(ValidationError) as info:
        complaint_decide(user=staff, complaint=complaint, decision="REJECT")
    assert code(info) == "REQUIRED"
    complaint = complaint_decide(
        user=staff, complaint=complaint, decision="REJECT", note="Foto tidak menunjukkan cacat."
    )
    order.refresh_from_db()
    assert (complaint.status, complaint.is_open, order.refunded_amount) == ("REJECTED", False, 0)


def test_an_offer_taken_by_the_buyer_is_refunded(world, order, buyer):
    complaint = open_complaint(order, buyer)
    complaint = complaint_respond(
        user=world.sikka_member,
        complaint=complaint,
        response="OFFER",
        remedy="PARTIAL_REFUND",
        amount=150_000,
        note="Kami kembalikan sebagian.",
    )
    assert (complaint.status, complaint.offer_amount) == ("OFFERED", 150_000)
    complaint = complaint_offer_answer(user=buyer, complaint=complaint, accept=True)
    order.refresh_from_db()
    assert (complaint.status, complaint.refund_amount, order.refunded_amount) == (
        "RESOLVED",
        150_000,
        150_000,
    )


def test_an_offer_declined_goes_to_staff(world, order, buyer):
    complaint = open_complaint(order, buyer)
    complaint = complaint_respond(
        user=world.sikka_member, complaint=complaint, response="OFFER", remedy="REPLACEMENT"
    )
    complaint = complaint_offer_answer(user=buyer, complaint=complaint, accept=False)
    assert complaint.status == "ESCALATED"


def test_another_lembaga_may_not_answer(world, order, buyer):
    complaint = open_complaint(order, buyer)
    with pytest.raises(PermissionDenied):
        complaint_respond(user=world.belu_member, complaint=complaint, response="ACCEPT")
    complaint.refresh_from_db()
    assert (complaint.status, complaint.response) == ("OPEN", "")


def test_a_member_who_is_not_pengurus_may_not_answer(world, order, buyer, make_user):
    anggota = make_user(Role.SELLER_MEMBER, email="anggota@sikka.id")
    SellerMember.objects.create(seller=world.sikka, user=anggota, role=SellerMember.Role.STAFF)
    complaint = open_complaint(order, buyer)
    with pytest.raises(PermissionDenied):
        complaint_respond(user=anggota, complaint=complaint, response="ACCEPT")


def test_a_non_staff_user_may_not_decide(world, order, buyer):
    complaint = open_complaint(order, buyer)
    complaint_respond(user=world.sikka_member, complaint=complaint, response="REJECT", note="x")
    for user in (buyer, world.sikka_member):
        with pytest.raises(PermissionDenied):
            complaint_decide(user=user, complaint=complaint, decision="REFUND")
    complaint.refresh_from_db()
    assert complaint.status == "ESCALATED"
    assert PaymentRefund.objects.count() == 0


def test_staff_refund_above_what_was_paid_is_refused_and_nothing_changes(
    world, order, buyer, staff
):
    complaint = open_complaint(order, buyer)
    complaint_respond(user=world.sikka_member, complaint=complaint, response="REJECT", note="x")
    with pytest.raises(ValidationError) as info:
        complaint_decide(
            user=staff, complaint=complaint, decision="PARTIAL_REFUND", amount=order.total + 1
        )
    assert code(info) == "REFUND_EXCEEDS_PAID"
    complaint.refresh_from_db()
    order.refresh_from_db()
    assert (complaint.status, order.refunded_amount) == ("ESCALATED", 0)


def test_returning_more_units_than_sold_is_refused(world, order, buyer, staff):
    stock_before = stock_of(world.tenun).quantity
    complaint = open_complaint(order, buyer)
    complaint_respond(user=world.sikka_member, complaint=complaint, response="REJECT", note="x")
    with pytest.raises(ValidationError) as info:
        complaint_decide(
            user=staff,
            complaint=complaint,
            decision="REFUND",
            returns=[ReturnInput(line_id=line_of(order).pk, quantity=3)],
        )
    assert code(info) == "RETURN_EXCEEDS_SOLD"
    order.refresh_from_db()
    assert (order.refunded_amount, stock_of(world.tenun).quantity) == (0, stock_before)


def test_an_answer_after_the_deadline_is_refused(world, order, buyer):
    complaint = open_complaint(order, buyer)
    with pytest.raises(ValidationError) as info:
        complaint_respond(
            user=world.sikka_member,
            complaint=complaint,
            response="ACCEPT",
            now=complaint.respond_by + timedelta(seconds=1),
        )
    assert code(info) == "DEADLINE_PASSED"


def test_silent_lembaga_is_escalated_by_the_sweep_after_the_deadline(world, order, buyer):
    complaint = open_complaint(order, buyer)
    assert complaints_escalate_overdue(now=complaint.respond_by) == 0
    assert complaints_escalate_overdue(now=complaint.respond_by + timedelta(seconds=1)) == 1
    complaint.refresh_from_db()
    assert complaint.status == "ESCALATED"
    event = OrderEvent.objects.filter(order=order).last()
    assert (event.type, event.note) == (
        "COMPLAINT_ESCALATED",
        "Lembaga tidak menjawab tepat waktu",
    )
    assert complaints_escalate_overdue(now=complaint.respond_by + timedelta(days=1)) == 0


def test_auto_complete_waits_for_an_open_complaint(world, order, buyer, staff):
    backdate_delivery(order, days=2.9)
    complaint = open_complaint(order, buyer)
    backdate_delivery(order, days=1)
    assert orders_complete_delivered() == 0
    order.refresh_from_db()
    assert order.status == "DELIVERED"
    complaint_respond(user=world.sikka_member, complaint=complaint, response="REJECT", note="x")
    complaint_decide(user=staff, complaint=Complaint.objects.get(), decision="REJECT", note="y")
    assert orders_complete_delivered() == 1
    order.refresh_from_db()
    assert order.status == "COMPLETED"


def test_auto_complete_leaves_orders_inside_the_window(order):
    backdate_delivery(order, days=2.9)
    assert orders_complete_delivered() == 0
    backdate_delivery(order, days=0.2)
    assert orders_complete_delivered() == 1


def test_payout_holds_the_disputed_amount_until_settled(world, order, buyer, staff):
    start = order.paid_at - timedelta(days=1)
    end = order.paid_at + timedelta(days=1)
    before = seller_payouts(seller=world.sikka, start=start, end=end)
    assert before.held == 0
    complaint = open_complaint(order, buyer, remedy="PARTIAL_REFUND", amount=300_000)
    held = seller_payouts(seller=world.sikka, start=start, end=end)
    assert (held.held, held.payout) == (300_000, before.payout - 300_000)
    complaint_respond(user=world.sikka_member, complaint=complaint, response="REJECT", note="x")
    complaint_decide(
        user=staff, complaint=complaint, decision="PARTIAL_REFUND", amount=100_000, note="z"
    )
    after = seller_payouts(seller=world.sikka, start=start, end=end)
    assert after.held == 0
    assert after.refunded == 100_000
    assert after.payout < before.payout


def test_response_hours_for_seller_standing(world, order, buyer):
    complaint = open_complaint(order, buyer)
    complaint_respond(
        user=world.sikka_member,
        complaint=complaint,
        response="REJECT",
        note="x",
        now=complaint.created_at + timedelta(hours=6),
    )
    assert complaint_response_hours(seller=world.sikka).__dict__ == {
        "complaints": 1,
        "answered": 1,
        "average_hours": 6.0,
    }
    assert complaint_response_hours(seller=world.belu).__dict__ == {
        "complaints": 0,
        "answered": 0,
        "average_hours": None,
    }


def test_the_portal_order_page_shows_the_payout_the_report_pays(client, world, order, buyer, staff):
    """The lembaga's order page agrees with ``seller_payouts``: the disputed amount held
    while the complaint is open, the refund (and the commission it gives back) after."""
    start, end = order.paid_at - timedelta(days=1), order.paid_at + timedelta(days=1)
    client.force_login(world.sikka_member)

    def shown():
        page = client.get(f"/penjual/pesanan/{order.number}/").content.decode()
        return page.split('data-testid="payout">', 1)[1].split("</p>", 1)[0]

    assert (order.total, order.commission_amount, order.seller_payout) == (935_000, 45_000, 890_000)
    assert order_payout(order=order).payout == 890_000
    assert "<strong>Rp 890.000</strong>" in shown()

    complaint = open_complaint(order, buyer, remedy="PARTIAL_REFUND", amount=300_000)
    held = order_payout(order=order)
    assert (held.held, held.payout) == (300_000, 590_000)
    assert held == seller_payouts(seller=world.sikka, start=start, end=end)
    assert "<strong>Rp 590.000</strong> · Ditahan (komplain): Rp 300.000" in shown()

    complaint_respond(user=world.sikka_member, complaint=complaint, response="REJECT", note="x")
    complaint_decide(
        user=staff, complaint=complaint, decision="PARTIAL_REFUND", amount=225_000, note="z"
    )
    order.refresh_from_db()
    after = order_payout(order=order)
    # 45.000 commission on 900.000 of goods; 225.000 refunded leaves 675.000: 33.750 kept.
    assert (after.commission, after.refunded, after.held, after.payout) == (
        33_750,
        225_000,
        0,
        676_250,  # 935.000 - 33.750 - 225.000
    )
    assert after == seller_payouts(seller=world.sikka, start=start, end=end)
    assert shown() == (
        "Komisi platform: Rp 33.750 · Pencairan untuk lembaga: <strong>Rp 676.250</strong>"
    )
