"""complaintCreate: the buyer complains within the window; every bad input is refused
with a code and nothing is written."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from orders.complaints.models import Complaint, ComplaintPhoto
from orders.complaints.services import complaint_create
from orders.models import Order, OrderEvent
from orders.services.orders import order_complete
from shop.private_files import private_storage
from shop.roles import Role
from tests.complaints_world import delivered_at, not_an_image, photo
from tests.shopping import order_of_sikka

pytestmark = pytest.mark.django_db(transaction=False)


def create(order, user, **kwargs):
    data = {
        "reason": "DAMAGED",
        "description": "Kain sobek di bagian tepi.",
        "remedy": "PARTIAL_REFUND",
        "amount": 100_000,
    }
    data.update(kwargs)
    return complaint_create(user=user, order=order, **data)


def code_of(exc: ValidationError) -> tuple[str | None, str]:
    if hasattr(exc, "error_dict"):
        [(field, [error])] = exc.error_dict.items()
        return field, error.code
    return None, exc.error_list[0].code


def refused(order, user, **kwargs) -> tuple[str | None, str]:
    events = OrderEvent.objects.filter(order=order).count()
    with pytest.raises(ValidationError) as info:
        create(order, user, **kwargs)
    assert Complaint.objects.count() == 0 or kwargs.get("_keep")
    assert OrderEvent.objects.filter(order=order).count() == events
    return code_of(info.value)


def test_buyer_opens_a_complaint_with_photos_that_holds_the_amount(
    order, buyer, django_capture_on_commit_callbacks
):
    now = delivered_at(order) + timedelta(hours=5)
    with django_capture_on_commit_callbacks(execute=True):
        complaint = create(order, buyer, photos=[photo(), photo("b.png", "PNG")], now=now)
    assert (complaint.status, complaint.is_open, complaint.amount) == ("OPEN", True, 100_000)
    assert complaint.respond_by == now + timedelta(hours=48)
    photos = list(ComplaintPhoto.objects.filter(complaint=complaint))
    assert len(photos) == 2
    assert all(private_storage().exists(p.image.name) for p in photos)
    event = OrderEvent.objects.filter(order=order).last()
    assert (event.type, event.note) == (
        "COMPLAINT_OPENED",
        "Barang rusak; Pengembalian dana sebagian Rp 100.000",
    )
    assert sorted(m.to[0] for m in mail.outbox if "Komplain" in m.subject) == sorted(
        [order.email, order.seller.email]
    )


def test_full_refund_disputes_everything_paid(order, buyer):
    complaint = create(order, buyer, remedy="REFUND", amount=None)
    assert complaint.amount == order.total == 2 * 450_000 + order.shipping_total


def test_exactly_at_the_end_of_the_window_is_accepted(order, buyer):
    at = delivered_at(order) + timedelta(days=3)
    assert create(order, buyer, now=at).status == "OPEN"


def test_one_second_past_the_window_is_refused(order, buyer):
    late = delivered_at(order) + timedelta(days=3, seconds=1)
    assert refused(order, buyer, now=late) == ("order", "WINDOW_CLOSED")


def test_an_order_not_yet_delivered_is_refused(world, buyer):
    order = order_of_sikka(world, gateway="DUMMY")
    Order.objects.filter(pk=order.pk).update(user=buyer)
    order.refresh_from_db()
    assert refused(order, buyer) == ("order", "NOT_DELIVERED")


def test_a_completed_order_is_refused(order, buyer):
    order_complete(order=order, actor=buyer)
    order.refresh_from_db()
    assert refused(order, buyer) == ("order", "INVALID_STATUS")


def test_a_second_open_complaint_is_refused(order, buyer):
    create(order, buyer)
    events = OrderEvent.objects.filter(order=order).count()
    with pytest.raises(ValidationError) as info:
        create(order, buyer)
    assert code_of(info.value) == ("order", "ALREADY_OPEN")
    assert Complaint.objects.count() == 1
    assert OrderEvent.objects.filter(order=order).count() == events


def test_a_refund_of_exactly_what_was_paid_is_accepted(order, buyer):
    assert create(order, buyer, amount=order.total).amount == order.total


def test_a_refund_one_rupiah_above_what_was_paid_is_refused(order, buyer):
    assert refused(order, buyer, amount=order.total + 1) == ("amount", "REFUND_EXCEEDS_PAID")


def test_a_partial_refund_without_an_amount_is_refused(order, buyer):
    assert refused(order, buyer, amount=None) == ("amount", "REQUIRED")


def test_a_zero_refund_is_refused(order, buyer):
    assert refused(order, buyer, amount=0) == ("amount", "INVALID")


def test_a_photo_that_is_not_an_image_is_refused(order, buyer):
    assert refused(order, buyer, photos=[photo(), not_an_image()]) == ("photos", "NOT_AN_IMAGE")
    assert ComplaintPhoto.objects.count() == 0


def test_more_than_three_photos_are_refused(order, buyer):
    assert refused(order, buyer, photos=[photo() for _ in range(4)]) == (
        "photos",
        "TOO_MANY_PHOTOS",
    )


def test_an_unknown_reason_is_refused(order, buyer):
    assert refused(order, buyer, reason="BORED") == ("reason", "INVALID")


def test_an_empty_description_is_refused(order, buyer):
    assert refused(order, buyer, description="  ") == ("description", "REQUIRED")


def test_someone_else_may_not_complain_about_the_order(order, make_user):
    other = make_user(Role.CONSUMER, email="lain@contoh.id")
    with pytest.raises(PermissionDenied):
        create(order, other)
    assert Complaint.objects.count() == 0


def test_the_buyer_cannot_complete_the_order_while_the_complaint_is_open(order, buyer):
    create(order, buyer)
    with pytest.raises(ValidationError) as info:
        order_complete(order=order, actor=buyer)
    assert code_of(info.value) == (None, "COMPLAINT_OPEN")
    order.refresh_from_db()
    assert order.status == "DELIVERED"
