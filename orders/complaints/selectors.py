"""Reads of complaints, scoped to who asks; the lembaga's complaint response time."""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from shop.access import Access

from .models import Complaint

OPEN = (Complaint.Status.OPEN, Complaint.Status.OFFERED, Complaint.Status.ESCALATED)


def _base() -> QuerySet[Complaint]:
    return Complaint.objects.select_related("order", "order__seller").prefetch_related(
        "photos", "returns"
    )


def complaint_get(*, user, pk) -> Complaint | None:
    """One complaint the user may see (its buyer, the lembaga, programme staff), else None."""
    if not str(pk).isdigit():
        return None
    complaint = _base().filter(pk=pk).first()
    if complaint is None or not Access(user).may_see_complaint(complaint):
        return None
    return complaint


def complaints_of_order(*, order) -> list[Complaint]:
    """The order's complaints, newest first (the caller checked it may see the order)."""
    return list(_base().filter(order=order))


def complaints_visible(*, user, status: str = "") -> QuerySet[Complaint]:
    """Complaints the user may see: staff all, a lembaga's members theirs, a buyer their own."""
    access = Access(user)
    qs = _base()
    if not access.may_decide_complaints():
        if not access.authenticated:
            return qs.none()
        qs = qs.filter(Q(order__seller_id__in=access.own_seller_ids) | Q(order__user_id=user.pk))
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-pk")


def complaints_to_decide() -> QuerySet[Complaint]:
    """Complaints waiting for programme staff, oldest first."""
    return _base().filter(status=Complaint.Status.ESCALATED).order_by("escalated_at", "pk")


@dataclass(frozen=True)
class ResponseTimes:
    """How fast a lembaga answers complaints (for its public standing)."""

    complaints: int
    answered: int
    average_hours: float | None


def complaint_answer_times(
    *, seller, since: datetime.datetime | None = None
) -> list[tuple[datetime.datetime, datetime.datetime | None]]:
    """(opened at, answered at or None) of each complaint on the lembaga's orders, opened
    since ``since`` if given: what its public standing's response time is made of."""
    complaints = Complaint.objects.filter(order__seller=seller)
    if since is not None:
        complaints = complaints.filter(created_at__gte=since)
    return list(complaints.order_by("created_at").values_list("created_at", "responded_at"))


def complaint_response_hours(*, seller) -> ResponseTimes:
    """Hours from each complaint to the lembaga's answer; a complaint never answered counts
    in ``complaints`` but not in ``answered`` (silence shows as a lower share)."""
    rows = complaint_answer_times(seller=seller)
    hours = [(done - made).total_seconds() / 3600 for made, done in rows if done is not None]
    average = round(sum(hours) / len(hours), 1) if hours else None
    return ResponseTimes(complaints=len(rows), answered=len(hours), average_hours=average)
