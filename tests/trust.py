"""Orders ready for the trust tests (reviews, invoices, standing): plain helpers, no fixtures."""

import datetime

from django.utils import timezone

from orders.complaints.models import Complaint
from orders.models import Order, OrderEvent, OrderEventType
from orders.reviews.services import review_create
from tests.factories import (
    OrderFactory,
    OrderLineFactory,
    ProductVariantFactory,
    SellerFactory,
    SellerMemberFactory,
    UserFactory,
)


def completed_order(
    *,
    buyer=None,
    variants=None,
    seller=None,
    completed_at: datetime.datetime | None = None,
    status: str = Order.Status.COMPLETED,
    **order_fields,
) -> Order:
    """A paid order of ``variants`` (one line each) whose COMPLETED event is at
    ``completed_at`` (now by default); ``status`` another status writes no event."""
    buyer = buyer or UserFactory()
    if variants is None:
        variants = [ProductVariantFactory(product__seller=seller or SellerFactory())]
    seller = variants[0].product.seller
    order = OrderFactory(
        seller=seller, status=status, payment__checkout__user=buyer, **order_fields
    )
    for variant in variants:
        OrderLineFactory(
            order=order,
            variant=variant,
            product_name=variant.product.name,
            variant_name=variant.name,
            sku=variant.sku,
            unit_price=variant.price,
        )
    if status == Order.Status.COMPLETED:
        event = OrderEvent.objects.create(
            order=order,
            type=OrderEventType.COMPLETED,
            from_status=Order.Status.DELIVERED,
            to_status=Order.Status.COMPLETED,
        )
        if completed_at is not None:
            OrderEvent.objects.filter(pk=event.pk).update(created_at=completed_at)
    return order


def lembaga_member(seller):
    """A pengurus of the lembaga (signs in to its portal)."""
    return SellerMemberFactory(seller=seller).user


def ago(**kwargs) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**kwargs)


def bought_by_consumer(cast, *, status: str = Order.Status.COMPLETED) -> Order:
    """An order of one product of the authz cast's lembaga A, bought by its ``consumer``
    (tests/authz.py); COMPLETED just now, or DELIVERED just now."""
    variant = ProductVariantFactory(product__seller=cast.seller_a)
    order = completed_order(buyer=cast.users["consumer"], variants=[variant], status=status)
    if status == Order.Status.DELIVERED:
        OrderEvent.objects.create(
            order=order,
            type=OrderEventType.DELIVERED,
            from_status=Order.Status.SHIPPED,
            to_status=Order.Status.DELIVERED,
        )
    return order


def reviewed_by_consumer(cast):
    """The cast's consumer's two-star review of lembaga A's product."""
    order = bought_by_consumer(cast)
    product = order.lines.get().variant.product
    return review_create(user=cast.users["consumer"], order=order, product=product, rating=2)


def complaint_of_consumer(cast, status: str):
    """The cast's consumer's complaint (asking for a replacement) about lembaga A's
    delivered order, in ``status``, well within its deadline."""
    offered = status == Complaint.Status.OFFERED
    return Complaint.objects.create(
        order=bought_by_consumer(cast, status=Order.Status.DELIVERED),
        buyer=cast.users["consumer"],
        reason="DAMAGED",
        description="Kain sobek di ujung.",
        remedy="REPLACEMENT",
        amount=0,
        status=status,
        respond_by=timezone.now() + datetime.timedelta(hours=48),
        offer_remedy="REPLACEMENT" if offered else "",
        responder=cast.users["pengurus_a"] if offered else None,
        escalated_at=timezone.now() if status == Complaint.Status.ESCALATED else None,
    )
