"""Reads of checkouts, orders and payouts, always scoped to who asks."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet, Sum

from sellers.selectors import sellers_for_user
from shop.permissions import Perm

from .models import Checkout, Order, ShippingMethod


def orders_visible_to(*, user) -> QuerySet[Order]:
    """Orders ``user`` may read: staff with MANAGE_ORDERS all; otherwise their own
    purchases and the orders of the lembaga they belong to."""
    qs = Order.objects.select_related("seller", "payment", "ship_regency")
    if not user.is_authenticated:
        return qs.none()
    if user.has_perm(Perm.MANAGE_ORDERS.full):
        return qs
    return qs.filter(Q(user=user) | Q(seller__in=sellers_for_user(user=user)))


def orders_filter(
    qs: QuerySet[Order],
    *,
    seller_id: int | None = None,
    status: str | None = None,
    regency: str | None = None,
    created_gte: datetime | None = None,
    created_lte: datetime | None = None,
) -> QuerySet[Order]:
    if seller_id:
        qs = qs.filter(seller_id=seller_id)
    if status:
        qs = qs.filter(status=status)
    if regency:
        qs = qs.filter(ship_regency_id=regency)
    if created_gte:
        qs = qs.filter(created_at__gte=created_gte)
    if created_lte:
        qs = qs.filter(created_at__lte=created_lte)
    return qs


def orders_of_buyer(*, user) -> QuerySet[Order]:
    if not user.is_authenticated:
        return Order.objects.none()
    return Order.objects.filter(user=user).select_related("seller")


def orders_of_seller(*, seller) -> QuerySet[Order]:
    return Order.objects.filter(seller=seller).select_related("seller")


def order_get_by_number(*, user, number: str) -> Order | None:
    return orders_visible_to(user=user).filter(number=number).first()


def checkout_open_for_user(*, user) -> Checkout | None:
    if not user.is_authenticated:
        return None
    return (
        Checkout.objects.filter(user=user, completed_at__isnull=True)
        .order_by("-updated_at")
        .first()
    )


def shipping_methods_of_seller(*, seller) -> QuerySet[ShippingMethod]:
    return ShippingMethod.objects.filter(seller=seller, is_active=True)


PAYOUT_STATUSES = (
    Order.Status.PAID,
    Order.Status.PROCESSING,
    Order.Status.SHIPPED,
    Order.Status.DELIVERED,
    Order.Status.COMPLETED,
    Order.Status.REFUNDED,
)


@dataclass
class PayoutReport:
    orders: int
    gross: int
    commission: int
    refunded: int
    payout: int


def seller_payouts(*, seller, start: datetime, end: datetime) -> PayoutReport:
    """What a lembaga earned from orders paid in [start, end): gross, commission, refunds, payout.

    Refunds are taken from the payout; commission is kept on what was not refunded
    (the payout of a fully refunded order is 0).
    """
    qs = Order.objects.filter(
        seller=seller, paid_at__gte=start, paid_at__lt=end, status__in=PAYOUT_STATUSES
    )
    agg = qs.aggregate(
        n=Count("pk"),
        gross=Sum("total"),
        commission=Sum("commission_amount"),
        refunded=Sum("refunded_amount"),
        payout=Sum("seller_payout"),
    )
    refunded = agg["refunded"] or 0
    commission_refunded = sum(
        o.commission_amount
        for o in qs.filter(status=Order.Status.REFUNDED).only("commission_amount")
    )
    return PayoutReport(
        orders=agg["n"],
        gross=agg["gross"] or 0,
        commission=(agg["commission"] or 0) - commission_refunded,
        refunded=refunded,
        payout=max(0, (agg["payout"] or 0) - refunded + commission_refunded),
    )
