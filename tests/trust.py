"""Orders ready for the trust tests (reviews, invoices, standing): plain helpers, no fixtures."""

import datetime

from django.utils import timezone

from orders.models import Order, OrderEvent, OrderEventType
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
