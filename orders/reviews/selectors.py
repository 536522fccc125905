"""Reads of reviews, ratings, invoices and a lembaga's standing."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from catalog.models import Product
from orders.complaints.selectors import complaint_answer_times
from orders.models import Order, OrderEvent, OrderEventType
from sellers.models import Seller

from .models import Invoice, Review


def review_window() -> datetime.timedelta:
    """How long after completion a buyer may still review (``REVIEW_WINDOW_DAYS``)."""
    return datetime.timedelta(days=settings.REVIEW_WINDOW_DAYS)


def order_completed_at(*, order: Order) -> datetime.datetime | None:
    """When the order became COMPLETED: its COMPLETED event (the last, if several)."""
    return (
        OrderEvent.objects.filter(order=order, type=OrderEventType.COMPLETED)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )


def order_review_deadline(*, order: Order) -> datetime.datetime | None:
    """The last moment a review of this order is accepted; None when not completed."""
    completed = order_completed_at(order=order)
    return None if completed is None else completed + review_window()


def order_product_ids(*, order: Order) -> list[int]:
    """The products of the order's lines, in line order, each once (lines keep their
    variant while it exists: a deleted variant's product cannot be reviewed)."""
    ids: list[int] = []
    for pk in order.lines.filter(variant__isnull=False).values_list(
        "variant__product_id", flat=True
    ):
        if pk not in ids:
            ids.append(pk)
    return ids


@dataclass(frozen=True)
class ReviewableLine:
    product: Product
    review: Review | None


def order_review_lines(*, order: Order) -> list[ReviewableLine]:
    """Each product of the order with the buyer's review of it, if written."""
    ids = order_product_ids(order=order)
    products = Product.objects.in_bulk(ids)
    reviews = {
        r.product_id: r for r in Review.objects.filter(order=order).prefetch_related("photos")
    }
    return [ReviewableLine(product=products[pk], review=reviews.get(pk)) for pk in ids]


def reviews_visible(*, product: Product | None = None, seller: Seller | None = None) -> QuerySet:
    """Reviews the public sees (not hidden), newest first, with photos and author."""
    qs = Review.objects.filter(is_hidden=False)
    if product is not None:
        qs = qs.filter(product=product)
    if seller is not None:
        qs = qs.filter(seller=seller)
    return qs.select_related("product").prefetch_related("photos").order_by("-created_at", "-pk")


def reviews_of_sellers(*, sellers: Iterable[Seller]) -> QuerySet:
    """Every review (hidden ones too) of these lembaga, for their portal page."""
    return (
        Review.objects.filter(seller__in=list(sellers))
        .select_related("product", "seller", "order")
        .prefetch_related("photos")
        .order_by("-created_at", "-pk")
    )


def reviews_for_moderation(*, hidden: bool | None = None) -> QuerySet:
    """Every review for programme staff, newest first."""
    qs = Review.objects.select_related("product", "seller", "order", "hidden_by")
    if hidden is not None:
        qs = qs.filter(is_hidden=hidden)
    return qs.prefetch_related("photos").order_by("-created_at", "-pk")


def review_get(*, pk) -> Review | None:
    return Review.objects.select_related("product", "seller", "order").filter(pk=pk).first()


def invoice_of(*, order: Order) -> Invoice | None:
    return Invoice.objects.filter(order=order).first()


# ------------------------------------------------------------------ standing


@dataclass(frozen=True)
class SellerStanding:
    """A lembaga's public record: what buyers said and how it kept its promises."""

    rating_average: float | None
    rating_count: int
    orders_due: int  # paid orders in the period whose ship deadline has passed
    orders_on_time: int  # of those, shipped (or handed over) by the deadline
    ship_deadline_hours: int
    complaints_answered: int
    complaint_response_hours: float | None  # median hours from complaint to the lembaga's answer
    period_days: int

    @property
    def on_time_percent(self) -> int | None:
        """Share of orders shipped on time, whole percent; None without orders due."""
        if not self.orders_due:
            return None
        return round(100 * self.orders_on_time / self.orders_due)


SHIPPED_TYPES = (OrderEventType.SHIPPED, OrderEventType.DELIVERED, OrderEventType.COMPLETED)


def seller_standing(
    *,
    seller: Seller,
    now: datetime.datetime | None = None,
    complaint_events: Iterable[tuple[datetime.datetime, datetime.datetime | None]] | None = None,
) -> SellerStanding:
    """The lembaga's rating, on-time shipping and complaint response, from events.

    On time: an ONLINE order paid in the last ``SELLER_STANDING_DAYS`` days whose
    deadline (paid + ``SELLER_SHIP_DEADLINE_HOURS``) has passed counts as due; it
    is on time when its first SHIPPED (or, for pickup, DELIVERED/COMPLETED) event
    is no later than the deadline. Orders cancelled before the deadline are not
    due. Complaint response: ``complaint_events`` is (opened at, first answer at or
    None) per complaint opened in the period, by default as the complaints app
    records them (``complaint_answer_times``); the median of the answered ones, in
    hours.
    """
    now = now or timezone.now()
    hours = settings.SELLER_SHIP_DEADLINE_HOURS
    deadline = datetime.timedelta(hours=hours)
    since = now - datetime.timedelta(days=settings.SELLER_STANDING_DAYS)
    orders = list(
        Order.objects.filter(
            seller=seller,
            channel=Order.Channel.ONLINE,
            paid_at__gte=since,
            paid_at__lte=now - deadline,
        ).values_list("pk", "paid_at")
    )
    first_shipped: dict[int, datetime.datetime] = {}
    cancelled: dict[int, datetime.datetime] = {}
    for order_id, type_, at in (
        OrderEvent.objects.filter(order_id__in=[pk for pk, _p in orders])
        .filter(type__in=[*SHIPPED_TYPES, OrderEventType.CANCELLED])
        .order_by("created_at")
        .values_list("order_id", "type", "created_at")
    ):
        target = cancelled if type_ == OrderEventType.CANCELLED else first_shipped
        target.setdefault(order_id, at)
    due = on_time = 0
    for pk, paid_at in orders:
        shipped = first_shipped.get(pk)
        if shipped is None and pk in cancelled and cancelled[pk] <= paid_at + deadline:
            continue
        due += 1
        if shipped is not None and shipped <= paid_at + deadline:
            on_time += 1
    if complaint_events is None:
        complaint_events = complaint_answer_times(seller=seller, since=since)
    answered = sorted(
        (answer - opened).total_seconds() / 3600
        for opened, answer in complaint_events
        if answer is not None
    )
    median = None
    if answered:
        mid = len(answered) // 2
        median = answered[mid] if len(answered) % 2 else (answered[mid - 1] + answered[mid]) / 2
    return SellerStanding(
        rating_average=seller.rating_average,
        rating_count=seller.rating_count,
        orders_due=due,
        orders_on_time=on_time,
        ship_deadline_hours=hours,
        complaints_answered=len(answered),
        complaint_response_hours=None if median is None else round(median, 1),
        period_days=settings.SELLER_STANDING_DAYS,
    )


def order_to_review(*, user, product: Product) -> Order | None:
    """The user's latest COMPLETED order holding the product and not yet reviewing it."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Order.objects.filter(
            user=user, status=Order.Status.COMPLETED, lines__variant__product=product
        )
        .exclude(reviews__product=product)
        .order_by("-created_at", "-pk")
        .distinct()
        .first()
    )
