"""The order's lifecycle: every status change after the order was placed.

Every change writes an ``OrderEvent`` (who, when, from, to, of an
``OrderEventType``) and tells the buyer through ``orders.notifications``
(after commit). Money goes back through ``payments.payment_refund``; placing
orders from a paid checkout is ``completion``'s job.
"""

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.reservations import Pick, stocks_return
from catalog.services.sales import product_units_sold_add, product_units_sold_statement
from promotions.services import order_discounts_release
from shop import rows
from shop.access import Access, require

from .. import notifications
from ..errors import OrderErrorCode as Code
from ..models import (
    Order,
    OrderAllocation,
    OrderEvent,
    OrderEventType,
    OrderNumberCounter,
    Payment,
)
from .payments import payment_cancel_if_unused, payment_refund

S = Order.Status
E = OrderEventType
TAKEN_BACK = (S.CANCELLED, S.REFUNDED)


def order_event_add(
    *, order: Order, type: OrderEventType, actor=None, from_status: str = "", note: str = ""
) -> OrderEvent:
    """Write one step of the order's history (its status now, and the status before)."""
    return OrderEvent.objects.create(
        order=order,
        type=type,
        from_status=from_status,
        to_status=order.status,
        actor=actor if actor is not None and actor.is_authenticated else None,
        note=note[:255],
    )


def order_number_next() -> str:
    """The next number of this year, e.g. OVOP-2026-000123; call inside a transaction.

    One counter row per year, locked by the upsert until the transaction ends:
    concurrent checkouts get consecutive numbers and never the same one.
    """
    return order_numbers_next(count=1)[0]


def _counter_taken() -> str:
    """Add ``count`` to the year's counter row (created at 0 on the year's first order),
    row-locking it like ``SELECT FOR UPDATE`` in one round trip; answers the new last
    number. Parameters: the year, the count."""
    table = OrderNumberCounter._meta.db_table
    return (
        f"INSERT INTO {table} (year, last) VALUES (%s, %s) "
        f"ON CONFLICT (year) DO UPDATE SET last = {table}.last + EXCLUDED.last "
        "RETURNING last"
    )


def order_numbers_next(*, count: int) -> list[str]:
    """``count`` consecutive numbers of this year in one statement (a checkout's orders).

    ``INSERT ... ON CONFLICT DO UPDATE`` creates the year's row or adds to it
    and row-locks it like ``SELECT FOR UPDATE`` did, in one round trip.
    """
    year = timezone.localdate().year
    with connection.cursor() as cursor:
        cursor.execute(_counter_taken(), [year, count])
        last = cursor.fetchone()[0]
    prefix = settings.ORDER_NUMBER_PREFIX
    return [f"{prefix}-{year}-{n:06d}" for n in range(last - count + 1, last + 1)]


def order_numbers_assign(*, orders: list[Order], sold: dict[int, int] | None = None) -> None:
    """Give ``orders`` (written in this transaction under provisional numbers) this year's
    next consecutive numbers, in one statement: the counter's upsert and the UPDATE.

    The year's counter row is the one row every checkout of the store locks; a
    checkout takes it among its last statements, so that it is held only until COMMIT,
    not while the orders, lines and history are written. Numbers read as
    ``order_numbers_next`` gives them (``OVOP-2026-000123``), in the list's order.

    ``sold`` (product id -> units, a checkout paid at once): the "Terlaris" counters are
    moved by the same statement, joined to the counter's row so that they are locked
    after it (the lock order of every path), and the number row is held one round trip
    less.
    """
    if not orders or not rows.is_postgres():
        # nothing to number, or SQLite (the embedded default of `make run`: one writer)
        numbers = order_numbers_next(count=len(orders)) if orders else []
        for order, number in zip(orders, numbers, strict=True):
            Order.objects.filter(pk=order.pk).update(number=number)
            order.number = number
        if sold:
            product_units_sold_add(quantities=sold)
        return
    year = timezone.localdate().year
    sales = product_units_sold_statement(quantities=sold, after="counter") if sold else None
    also = f", sold AS ({sales[0]})" if sales else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH counter AS ({_counter_taken()}){also}
            UPDATE {Order._meta.db_table} o
               SET number = %s || '-' || lpad(n.k::text, greatest(6, length(n.k::text)), '0')
              FROM (SELECT v.id, counter.last - %s + v.i AS k
                      FROM counter, unnest(%s::bigint[]) WITH ORDINALITY AS v(id, i)) n
             WHERE o.id = n.id
            RETURNING o.id, o.number
            """,
            [
                year,
                len(orders),
                *(sales[1] if sales else ()),
                f"{settings.ORDER_NUMBER_PREFIX}-{year}",
                len(orders),
                [order.pk for order in orders],
            ],
        )
        numbers = dict(cursor.fetchall())
    for order in orders:
        order.number = numbers[order.pk]


def _require_manager(user, order: Order, *, full_rights: bool = False) -> None:
    require(
        Access(user).may_manage_order(order, full_rights=full_rights),
        _("Anda tidak boleh mengelola pesanan ini."),
    )


def _require_status(order: Order, allowed: tuple[str, ...]) -> None:
    if order.status not in allowed:
        raise ValidationError(
            _("Tindakan ini tidak bisa dilakukan untuk pesanan berstatus %(status)s."),
            code=Code.INVALID_STATUS,
            params={"status": order.get_status_display()},
        )


def _lock(order: Order) -> Order:
    return Order.objects.select_for_update().select_related("seller", "payment").get(pk=order.pk)


def _transition(
    order: Order,
    to: str,
    *,
    actor,
    type: OrderEventType,
    notify: Callable[[Order], None],
    note: str = "",
) -> Order:
    before = order.status
    order.status = to
    order.save()
    if order.paid_at and to in TAKEN_BACK and before not in TAKEN_BACK:
        order_units_sold_count(order=order, sign=-1)
    order_event_add(order=order, type=type, actor=actor, from_status=before, note=note)
    notify(order)
    return order


def order_units_sold_count(*, order: Order, sign: int) -> None:
    """Add (or take back) the order's units to each product's "Terlaris" counter."""
    quantities: dict[int, int] = {}
    for product_id, quantity in order.lines.filter(variant__isnull=False).values_list(
        "variant__product_id", "quantity"
    ):
        quantities[product_id] = quantities.get(product_id, 0) + sign * quantity
    product_units_sold_add(quantities=quantities)


def order_mark_paid(*, order: Order, actor=None, note: str = "") -> Order:
    """Record that the buyer's money for this order has arrived (idempotent)."""
    if order.paid_at:
        return order
    order.paid_at = timezone.now()
    order.expires_at = None
    if order.status not in TAKEN_BACK:
        order_units_sold_count(order=order, sign=1)
    if order.status == S.UNPAID:
        return _transition(
            order,
            S.PAID,
            actor=actor,
            type=E.PAID,
            notify=notifications.notify_order_paid,
            note=note,
        )
    order.save()
    order_event_add(order=order, type=E.PAID, actor=actor, from_status=order.status, note=note)
    return order


@transaction.atomic
def order_confirm_payment(*, order: Order, actor) -> Order:
    """A seller or staff confirms a bank transfer or cash on delivery was received.

    Money that arrives for an order already cancelled (e.g. expired) is
    recorded and refunded at once: the order stays cancelled.
    """
    order = _lock(order)
    _require_manager(actor, order)
    if order.payment.gateway not in (Payment.Gateway.BANK_TRANSFER, Payment.Gateway.COD):
        raise ValidationError(
            _("Hanya transfer bank dan COD yang dikonfirmasi manual."), code=Code.INVALID
        )
    if order.paid_at:
        raise ValidationError(_("Pesanan ini sudah dibayar."), code=Code.INVALID_STATUS)
    _require_status(order, (S.UNPAID, S.SHIPPED, S.DELIVERED, S.CANCELLED))
    payment = Payment.objects.select_for_update().get(pk=order.payment_id)
    payment.captured_amount += order.total
    if payment.captured_amount >= payment.amount or order.status == S.CANCELLED:
        payment.status = Payment.Status.SUCCEEDED
    payment.save()
    order.payment = payment
    order_mark_paid(order=order, actor=actor)
    if order.status == S.CANCELLED:
        payment_refund(order=order, amount=order.total - order.refunded_amount, actor=actor)
        order_event_add(order=order, type=E.REFUNDED, actor=actor, from_status=order.status)
        notifications.notify_order_refunded(order)
    return order


@transaction.atomic
def order_accept(*, order: Order, actor) -> Order:
    """The seller starts preparing a paid order."""
    order = _lock(order)
    _require_manager(actor, order)
    _require_status(order, (S.PAID,))
    return _transition(
        order,
        S.PROCESSING,
        actor=actor,
        type=E.ACCEPTED,
        notify=notifications.notify_order_accepted,
    )


@transaction.atomic
def order_fulfill(*, order: Order, actor, tracking_number: str = "") -> Order:
    """The seller hands the parcel over (with the courier's tracking number) or to the buyer.

    A PAID order may be shipped straight away; the history then records the
    ACCEPTED step (PAID -> PROCESSING, same actor) before SHIPPED, so it never
    skips a state. Only the SHIPPED e-mail goes to the buyer.
    """
    order = _lock(order)
    _require_manager(actor, order)
    allowed = (S.PAID, S.PROCESSING)
    if order.payment.gateway == Payment.Gateway.COD:
        allowed = (S.UNPAID, S.PAID, S.PROCESSING)
    _require_status(order, allowed)
    tracking_number = (tracking_number or "").strip()
    if order.shipping_method and order.shipping_method.kind == "COURIER" and not tracking_number:
        raise ValidationError(
            {"tracking_number": ValidationError(_("Nomor resi wajib diisi."), code=Code.REQUIRED)}
        )
    if order.status == S.PAID:
        order.status = S.PROCESSING
        order.save(update_fields=["status", "updated_at"])
        order_event_add(order=order, type=E.ACCEPTED, actor=actor, from_status=S.PAID)
    order.tracking_number = tracking_number[:60]
    return _transition(
        order,
        S.SHIPPED,
        actor=actor,
        type=E.SHIPPED,
        notify=notifications.notify_order_shipped,
        note=tracking_number,
    )


@transaction.atomic
def order_mark_delivered(*, order: Order, actor) -> Order:
    """The parcel reached the buyer."""
    order = _lock(order)
    if not Access(actor).is_buyer_of(order):
        _require_manager(actor, order)
    _require_status(order, (S.SHIPPED,))
    return _transition(
        order,
        S.DELIVERED,
        actor=actor,
        type=E.DELIVERED,
        notify=notifications.notify_order_delivered,
    )


@transaction.atomic
def order_complete(*, order: Order, actor) -> Order:
    """Close a delivered order (the buyer confirms, or staff); the payout becomes due."""
    order = _lock(order)
    if not Access(actor).is_buyer_of(order):
        _require_manager(actor, order)
    _require_status(order, (S.DELIVERED,))
    if not order.paid_at:
        raise ValidationError(_("Pesanan ini belum dibayar."), code=Code.NOTHING_PAID)
    if order.complaints.filter(is_open=True).exists():
        raise ValidationError(
            _("Pesanan ini masih memiliki komplain yang belum selesai."), code=Code.COMPLAINT_OPEN
        )
    return _transition(
        order,
        S.COMPLETED,
        actor=actor,
        type=E.COMPLETED,
        notify=notifications.notify_order_completed,
    )


def _release_stock(order: Order, actor) -> None:
    allocations = list(
        OrderAllocation.objects.filter(line__order=order, released=False).select_related("line")
    )
    picks = [Pick(a.stock_id, a.line.variant_id or 0, a.quantity) for a in allocations]
    stocks_return(picks=picks, reference=f"order:{order.number}", actor=actor)
    OrderAllocation.objects.filter(pk__in=[a.pk for a in allocations]).update(released=True)


def _cancel(order: Order, *, actor, expired: bool = False, note: str = "") -> Order:
    _release_stock(order, actor)
    order_discounts_release(order_id=order.pk)
    if expired:
        type, notify = E.EXPIRED, notifications.notify_order_expired
    else:
        type, notify = E.CANCELLED, notifications.notify_order_cancelled
    _transition(order, S.CANCELLED, actor=actor, type=type, notify=notify, note=note)
    remaining = order.total - order.refunded_amount
    if order.paid_at and remaining > 0:
        payment_refund(order=order, amount=remaining, actor=actor)
        order_event_add(
            order=order, type=E.REFUNDED, actor=actor, from_status=S.CANCELLED, note=str(remaining)
        )
    payment_cancel_if_unused(payment=order.payment)
    return order


@transaction.atomic
def order_cancel(*, order: Order, actor, note: str = "") -> Order:
    """Cancel before shipping: the stock goes back and any money paid is refunded.

    The seller's members and staff may cancel; the buyer may cancel an unpaid order.
    """
    order = _lock(order)
    if not (Access(actor).is_buyer_of(order) and order.status == S.UNPAID):
        _require_manager(actor, order)
    _require_status(order, (S.UNPAID, S.PAID, S.PROCESSING))
    return _cancel(order, actor=actor, note=note)


@transaction.atomic
def order_refund(*, order: Order, actor, amount: int | None = None) -> Order:
    """Give money back, fully (status REFUNDED) or partly (an event, status unchanged).

    Pengurus of the seller and staff may refund. A full refund of an order not
    yet shipped also puts its stock back.
    """
    order = _lock(order)
    _require_manager(actor, order, full_rights=True)
    _require_status(order, (S.PAID, S.PROCESSING, S.SHIPPED, S.DELIVERED, S.COMPLETED, S.CANCELLED))
    if not order.paid_at:
        raise ValidationError(_("Pesanan ini belum dibayar."), code=Code.NOTHING_PAID)
    remaining = order.total - order.refunded_amount
    amount = remaining if amount is None else amount
    if amount <= 0:
        raise ValidationError(
            {"amount": ValidationError(_("Jumlah harus lebih dari 0."), code=Code.INVALID)}
        )
    if amount > remaining:
        raise ValidationError(
            {
                "amount": ValidationError(
                    _("Jumlah melebihi dana yang bisa dikembalikan (Rp %(n)s)."),
                    code=Code.REFUND_EXCEEDS_PAID,
                    params={"n": remaining},
                )
            }
        )
    payment_refund(order=order, amount=amount, actor=actor)
    if order.refunded_amount >= order.total and order.status != S.CANCELLED:
        if order.status in (S.PAID, S.PROCESSING):
            _release_stock(order, actor)
        order_discounts_release(order_id=order.pk)
        return _transition(
            order,
            S.REFUNDED,
            actor=actor,
            type=E.REFUNDED,
            notify=notifications.notify_order_refunded,
            note=str(amount),
        )
    order_event_add(
        order=order,
        type=E.PARTIALLY_REFUNDED,
        actor=actor,
        from_status=order.status,
        note=str(amount),
    )
    notifications.notify_order_partially_refunded(order)
    return order


def order_delivered_at(*, order: Order):
    """When the order was recorded as delivered (its DELIVERED event), or None."""
    event = order.events.filter(type=E.DELIVERED).order_by("-created_at").first()
    return event.created_at if event else None


def orders_complete_delivered(*, now=None) -> int:
    """Complete paid orders delivered longer ago than the complaint window; answer how many.

    An order with an open complaint (``orders.complaints``) waits: it completes on a
    later run once the complaint is settled, so the payout never becomes due on goods
    still disputed.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.COMPLAINT_WINDOW_DAYS)
    ids = list(
        Order.objects.filter(status=S.DELIVERED, paid_at__isnull=False)
        .filter(events__type=E.DELIVERED, events__created_at__lt=cutoff)
        .exclude(complaints__is_open=True)
        .values_list("pk", flat=True)
        .distinct()
    )
    count = 0
    for pk in ids:
        with transaction.atomic():
            order = Order.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if order is None or order.status != S.DELIVERED:
                continue
            if order.complaints.filter(is_open=True).exists():
                continue
            _transition(
                order,
                S.COMPLETED,
                actor=None,
                type=E.COMPLETED,
                notify=notifications.notify_order_completed,
            )
            count += 1
    return count


def orders_expire_unpaid(*, now=None) -> int:
    """Cancel unpaid orders past their deadline (stock back); answer how many."""
    now = now or timezone.now()
    count = 0
    ids = list(
        Order.objects.filter(status=S.UNPAID, expires_at__lt=now).values_list("pk", flat=True)
    )
    for pk in ids:
        with transaction.atomic():
            order = Order.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if order is None or order.status != S.UNPAID or not order.expires_at:
                continue
            _cancel(order, actor=None, expired=True)
            count += 1
    return count
