"""seller_standing: rating, share shipped on time (from events), complaint response."""

import datetime

import pytest
from django.utils import timezone

from orders.models import Order, OrderEvent, OrderEventType
from orders.reviews.selectors import seller_standing
from tests.factories import SellerFactory
from tests.trust import completed_order

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)
H = datetime.timedelta(hours=1)


def paid_order(seller, *, paid_at, shipped_after=None, cancelled_after=None):
    order = completed_order(seller=seller, status=Order.Status.PAID, paid_at=paid_at)
    for type_, after in (
        (OrderEventType.SHIPPED, shipped_after),
        (OrderEventType.CANCELLED, cancelled_after),
    ):
        if after is not None:
            event = OrderEvent.objects.create(order=order, type=type_)
            OrderEvent.objects.filter(pk=event.pk).update(created_at=paid_at + after)
    return order


def test_shipped_exactly_at_the_deadline_is_on_time_and_one_second_late_is_not():
    seller = SellerFactory(rating_count=4, rating_sum=18)
    paid = NOW - 100 * H
    paid_order(seller, paid_at=paid, shipped_after=48 * H)
    paid_order(seller, paid_at=paid, shipped_after=48 * H + datetime.timedelta(seconds=1))
    paid_order(seller, paid_at=paid)  # never shipped: due, late
    paid_order(seller, paid_at=paid, cancelled_after=2 * H)  # cancelled in time: not due
    paid_order(seller, paid_at=NOW - 10 * H)  # deadline not reached yet: not due

    standing = seller_standing(seller=seller, now=NOW)

    assert (standing.orders_due, standing.orders_on_time, standing.on_time_percent) == (3, 1, 33)
    assert (standing.rating_average, standing.rating_count) == (4.5, 4)
    assert standing.complaint_response_hours is None


def test_complaint_response_is_the_median_of_answered_complaints():
    seller = SellerFactory()
    events = [(NOW, NOW + 2 * H), (NOW, NOW + 10 * H), (NOW, NOW + 5 * H), (NOW, None)]
    standing = seller_standing(seller=seller, now=NOW, complaint_events=events)
    assert (standing.complaints_answered, standing.complaint_response_hours) == (3, 5.0)
    assert standing.on_time_percent is None


def test_the_public_page_shows_the_standing(client):
    seller = SellerFactory(rating_count=2, rating_sum=9)
    paid_order(seller, paid_at=NOW - 100 * H, shipped_after=5 * H)
    page = client.get(f"/lembaga/{seller.slug}/").content.decode()
    assert "Reputasi lembaga" in page
    assert "4,5 dari 5 (2 ulasan)" in page
    assert "100% (1 dari 1 pesanan dikirim dalam 48 jam setelah dibayar)" in page
    assert "Belum ada komplain" in page


def test_the_standing_reads_the_lembagas_complaints_of_the_period():
    from orders.complaints.models import Complaint

    seller = SellerFactory()
    other = SellerFactory()

    def complaint(order_seller, *, opened, answered_after):
        order = completed_order(seller=order_seller)
        made = Complaint.objects.create(
            order=order,
            buyer=None,
            reason="DAMAGED",
            description="Kain robek",
            remedy="REFUND",
            amount=order.total,
            respond_by=opened + 48 * H,
            responded_at=None if answered_after is None else opened + answered_after,
        )
        Complaint.objects.filter(pk=made.pk).update(created_at=opened)

    complaint(seller, opened=NOW - 30 * H, answered_after=4 * H)
    complaint(seller, opened=NOW - 20 * H, answered_after=8 * H)
    complaint(seller, opened=NOW - 10 * H, answered_after=None)  # not answered yet
    complaint(seller, opened=NOW - 91 * 24 * H, answered_after=1 * H)  # before the period
    complaint(other, opened=NOW - 5 * H, answered_after=100 * H)  # another lembaga's

    standing = seller_standing(seller=seller, now=NOW)

    assert (standing.complaints_answered, standing.complaint_response_hours) == (2, 6.0)
