"""Orders of the OFFLINE channel: what a lembaga sold through an outlet.

An offline order is a complete, paid ``orders.Order`` (its own checkout and
payment, so every order page and report keeps working) with ``channel``
OFFLINE and ``outlet`` set. Its commission is the outlet's margin, so the
lembaga's payout report (``orders.selectors.seller_payouts``) shows what the
outlet owes it, like an online sale.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from catalog.models import ProductVariant, StockLocation
from orders.models import Checkout, Order, OrderAllocation, OrderEventType, OrderLine, Payment
from orders.services.orders import order_event_add, order_number_next, order_units_sold_count


@dataclass(frozen=True)
class OfflineLine:
    variant: ProductVariant
    quantity: int
    unit_price: int
    margin_percent: int
    stock_id: int | None = None  # the outlet stock the units left (receipts)


def margin_of(amount: int, percent: int) -> int:
    """The outlet's share of ``amount`` in whole rupiah, rounded half up."""
    share = Decimal(amount) * Decimal(percent) / Decimal(100)
    return int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def offline_orders_create(
    *,
    outlet: StockLocation,
    reference: str,
    at: datetime,
    gateway: str,
    parts: dict[int, list[OfflineLine]],
    actor=None,
    note: str = "",
) -> list[Order]:
    """Write one COMPLETED order per lembaga (seller id -> its lines), paid at ``at``.

    One checkout and one payment hold them together, as an online checkout
    does; ``reference`` (unique per outlet) keys the payment.
    """
    if not parts:
        return []
    digest = hashlib.sha256(f"{outlet.pk}:{reference}".encode()).hexdigest()[:48]
    checkout = Checkout.objects.create(email="", completed_at=at)
    totals = {
        seller_id: sum(line.quantity * line.unit_price for line in lines)
        for seller_id, lines in parts.items()
    }
    payment = Payment.objects.create(
        checkout=checkout,
        gateway=gateway,
        status=Payment.Status.SUCCEEDED,
        amount=sum(totals.values()),
        captured_amount=sum(totals.values()),
        idempotency_key=f"offline:{digest}",
    )
    orders = []
    method_name = str(_("Penjualan di gerai %(name)s") % {"name": outlet.name})[:120]
    for seller_id in sorted(parts):
        lines = parts[seller_id]
        total = totals[seller_id]
        commission = sum(
            margin_of(line.quantity * line.unit_price, line.margin_percent) for line in lines
        )
        percent = (
            (Decimal(commission) * 100 / Decimal(total)).quantize(Decimal("0.01"))
            if total
            else Decimal(0)
        )
        order = Order.objects.create(
            number=order_number_next(),
            checkout=checkout,
            payment=payment,
            seller_id=seller_id,
            status=Order.Status.COMPLETED,
            channel=Order.Channel.OFFLINE,
            outlet=outlet,
            email="",
            ship_name=outlet.name[:150],
            ship_phone="",
            ship_street=outlet.address[:255],
            ship_postal_code="",
            ship_regency_id=outlet.regency_id,
            shipping_method_name=method_name,
            subtotal=total,
            shipping_total=0,
            total=total,
            commission_percent=percent,
            commission_amount=commission,
            seller_payout=total - commission,
            paid_at=at,
        )
        order_event_add(order=order, type=OrderEventType.COMPLETED, actor=actor, note=note)
        for line in lines:
            order_line = OrderLine.objects.create(
                order=order,
                variant=line.variant,
                product_name=line.variant.product.name,
                variant_name=line.variant.name,
                sku=line.variant.sku,
                quantity=line.quantity,
                unit_price=line.unit_price,
                total=line.quantity * line.unit_price,
                weight_grams=line.variant.weight_grams,
            )
            if line.stock_id is not None:
                OrderAllocation.objects.create(
                    line=order_line, stock_id=line.stock_id, quantity=line.quantity
                )
        order_units_sold_count(order=order, sign=1)
        orders.append(order)
    return orders


def offline_orders_cancel(*, orders: list[Order], actor=None, note: str = "") -> None:
    """Cancel offline orders (a voided receipt): they leave the lembaga's payouts and sales."""
    for order in orders:
        if order.status == Order.Status.CANCELLED:
            continue
        before = order.status
        order.status = Order.Status.CANCELLED
        order.save(update_fields=["status", "updated_at"])
        if before != Order.Status.REFUNDED:
            order_units_sold_count(order=order, sign=-1)
        order_event_add(
            order=order, type=OrderEventType.CANCELLED, actor=actor, from_status=before, note=note
        )
        OrderAllocation.objects.filter(line__order=order).update(released=True)
    Payment.objects.filter(pk__in={o.payment_id for o in orders}).update(
        status=Payment.Status.CANCELLED
    )
