"""Complaints (komplain): the buyer files, the lembaga answers, staff decide, money goes back.

The steps: ``complaint_create`` (the buyer, within ``COMPLAINT_WINDOW_DAYS`` of
delivery) -> ``complaint_respond`` (the lembaga's pengurus within
``COMPLAINT_RESPONSE_HOURS``: accept, offer another remedy, or reject with a
reason) -> ``complaint_offer_answer`` (the buyer takes or declines an offer) ->
``complaint_decide`` (programme staff, once the two did not agree or a side
was silent: ``complaints_escalate_overdue`` moves those on). Settling runs
the order's own refund (``orders.services.orders.order_refund``: Stripe or
manual) and puts returned units back on the shelf through the stock ledger
(``catalog.reservations.stocks_return``). Every step writes an order event and
e-mails the buyer and the lembaga through ``notifications`` (the outbox).
Every refusal is a ``ValidationError`` with a ``ComplaintErrorCode`` (or
``PermissionDenied``) raised before anything is written.
"""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.reservations import Pick, stocks_return
from catalog.services.media import image_clean
from orders.models import Order, OrderAllocation, OrderEventType, OrderLine
from orders.services.orders import order_delivered_at, order_event_add, order_refund
from shop.access import Access, require
from shop.money import format_idr

from . import notifications
from .errors import ComplaintErrorCode as Code
from .models import Complaint, ComplaintPhoto, ComplaintReturn, Reason, Remedy

S = Complaint.Status
E = OrderEventType
REFUNDS = (Remedy.REFUND, Remedy.PARTIAL_REFUND)
BEFORE_DELIVERY = (
    Order.Status.UNPAID,
    Order.Status.PAID,
    Order.Status.PROCESSING,
    Order.Status.SHIPPED,
)


@dataclass(frozen=True)
class ReturnInput:
    """Units of one order line the buyer sends back (restocked when the complaint settles)."""

    line_id: int
    quantity: int


def _error(field: str | None, message: str, code: Code, **params) -> ValidationError:
    error = ValidationError(message, code=code, params=params or None)
    return ValidationError({field: error}) if field else error


def _remaining(order: Order) -> int:
    """What the buyer paid for the order and has not had back."""
    return order.total - order.refunded_amount


def _check_amount(order: Order, remedy: str, amount: int | None, field: str = "amount") -> int:
    """The rupiah a remedy disputes: all that is left for a refund or a replacement,
    ``amount`` (1 .. what is left, exactly that much included) for a partial refund."""
    remaining = _remaining(order)
    if remedy == Remedy.PARTIAL_REFUND:
        if amount is None:
            raise _error(field, _("Jumlah pengembalian dana wajib diisi."), Code.REQUIRED)
        if amount <= 0:
            raise _error(field, _("Jumlah harus lebih dari 0."), Code.INVALID)
    elif amount is None:
        return remaining
    if amount > remaining:
        raise _error(
            field,
            _("Jumlah melebihi dana yang dibayar dan belum dikembalikan (%(paid)s)."),
            Code.REFUND_EXCEEDS_PAID,
            paid=format_idr(remaining),
        )
    return amount if remedy == Remedy.PARTIAL_REFUND else remaining


def _choice(value: str, choices, field: str) -> str:
    if value not in choices.values:
        raise _error(field, _("Pilihan tidak dikenal."), Code.INVALID)
    return value


def _photos_clean(photos: list[UploadedFile]) -> list:
    if len(photos) > settings.COMPLAINT_MAX_PHOTOS:
        raise _error(
            "photos",
            _("Paling banyak %(n)s foto.") % {"n": settings.COMPLAINT_MAX_PHOTOS},
            Code.TOO_MANY_PHOTOS,
        )
    cleaned = []
    for photo in photos:
        try:
            content, ext, _size = image_clean(photo)
        except ValidationError as exc:
            [error] = exc.error_dict["image"]
            raise _error("photos", error.message, Code(error.code)) from None
        cleaned.append((content, ext))
    return cleaned


def _lock_order(order: Order) -> Order:
    return Order.objects.select_for_update().select_related("seller").get(pk=order.pk)


def _lock(complaint: Complaint) -> Complaint:
    return (
        Complaint.objects.select_for_update()
        .select_related("order", "order__seller")
        .get(pk=complaint.pk)
    )


def _event(complaint: Complaint, type: OrderEventType, actor, note: str = "") -> None:
    order = complaint.order
    order.refresh_from_db(fields=["status", "refunded_amount"])
    order_event_add(order=order, type=type, actor=actor, from_status=order.status, note=note)


@transaction.atomic
def complaint_create(
    *,
    user,
    order: Order,
    reason: str,
    description: str,
    remedy: str,
    amount: int | None = None,
    photos: list[UploadedFile] = (),
    now=None,
) -> Complaint:
    """The buyer complains about a delivered order and asks for a remedy.

    Accepted until exactly ``COMPLAINT_WINDOW_DAYS`` after delivery; one open
    complaint per order. The disputed amount is held from the lembaga's payout
    and the order does not complete by itself until the complaint is settled.
    """
    now = now or timezone.now()
    order = _lock_order(order)
    require(
        Access(user).may_open_complaint(order), _("Hanya pembeli yang dapat mengajukan komplain.")
    )
    if order.status in BEFORE_DELIVERY:
        raise _error(
            "order",
            _("Komplain baru bisa diajukan setelah pesanan diterima."),
            Code.NOT_DELIVERED,
        )
    if order.status != Order.Status.DELIVERED:
        raise _error(
            "order",
            _("Komplain tidak bisa diajukan untuk pesanan berstatus %(status)s.")
            % {"status": order.get_status_display()},
            Code.INVALID_STATUS,
        )
    delivered_at = order_delivered_at(order=order)
    window = timedelta(days=settings.COMPLAINT_WINDOW_DAYS)
    if delivered_at is None or now > delivered_at + window:
        raise _error(
            "order",
            _("Batas waktu komplain (%(days)s hari setelah pesanan diterima) sudah lewat.")
            % {"days": settings.COMPLAINT_WINDOW_DAYS},
            Code.WINDOW_CLOSED,
        )
    if order.complaints.filter(is_open=True).exists():
        raise _error(
            "order",
            _("Pesanan ini sudah memiliki komplain yang sedang diproses."),
            Code.ALREADY_OPEN,
        )
    reason = _choice(reason, Reason, "reason")
    remedy = _choice(remedy, Remedy, "remedy")
    description = (description or "").strip()
    if not description:
        raise _error("description", _("Ceritakan masalahnya."), Code.REQUIRED)
    disputed = _check_amount(order, remedy, amount)
    cleaned = _photos_clean(list(photos))
    complaint = Complaint.objects.create(
        order=order,
        buyer=user,
        reason=reason,
        description=description[:2000],
        remedy=remedy,
        amount=disputed,
        respond_by=now + timedelta(hours=settings.COMPLAINT_RESPONSE_HOURS),
    )
    for content, ext in cleaned:
        photo = ComplaintPhoto(complaint=complaint)
        photo.image.save(f"{uuid.uuid4().hex}.{ext}", content, save=True)
    order_event_add(
        order=order,
        type=E.COMPLAINT_OPENED,
        actor=user,
        from_status=order.status,
        note=f"{Reason(reason).label}; {Remedy(remedy).label} {format_idr(disputed)}",
    )
    notifications.notify_complaint(complaint, E.COMPLAINT_OPENED)
    return complaint


def _returns_check(order: Order, returns: list[ReturnInput]) -> list[tuple[OrderLine, int]]:
    """Each returned line of this order with its units, never more than were sold and not
    yet returned by an earlier complaint."""
    lines = {line.pk: line for line in order.lines.all()}
    wanted: dict[int, int] = {}
    for item in returns:
        if item.line_id not in lines:
            raise _error("returns", _("Baris pesanan tidak dikenal."), Code.NOT_FOUND)
        if item.quantity < 0:
            raise _error("returns", _("Jumlah unit tidak boleh negatif."), Code.INVALID)
        if item.quantity:
            wanted[item.line_id] = wanted.get(item.line_id, 0) + item.quantity
    done = dict(
        ComplaintReturn.objects.filter(line__order=order, complaint__status=S.RESOLVED)
        .values("line_id")
        .annotate(n=Sum("quantity"))
        .values_list("line_id", "n")
    )
    checked = []
    for line_id, quantity in wanted.items():
        line = lines[line_id]
        left = line.quantity - done.get(line_id, 0)
        if quantity > left:
            raise _error(
                "returns",
                _("%(product)s: paling banyak %(n)s unit bisa diretur.")
                % {"product": line.product_name, "n": left},
                Code.RETURN_EXCEEDS_SOLD,
            )
        checked.append((line, quantity))
    return checked


def _restock(complaint: Complaint, returns: list[tuple[OrderLine, int]], actor) -> None:
    """Put returned units back on the shelves they were sold from, in the ledger."""
    picks = []
    for line, quantity in returns:
        ComplaintReturn.objects.create(complaint=complaint, line=line, quantity=quantity)
        left = quantity
        for allocation in OrderAllocation.objects.filter(line=line).order_by("pk"):
            take = min(left, allocation.quantity)
            if take:
                picks.append(Pick(allocation.stock_id, line.variant_id or 0, take))
                left -= take
    if not picks:
        return
    stocks_return(picks=picks, reference=f"complaint:{complaint.pk}", actor=actor)
    units = sum(q for _line, q in returns)
    _event(complaint, E.RETURN_RESTOCKED, actor, note=_("%(n)s unit") % {"n": units})


def _settle(
    complaint: Complaint,
    *,
    outcome: str,
    amount: int | None,
    returns: list[ReturnInput],
    actor,
    note: str = "",
) -> Complaint:
    """Carry out ``outcome``: refund (through the order's payment) and restock, then close."""
    order = _lock_order(complaint.order)
    complaint.order = order
    refund = _check_amount(order, outcome, amount) if outcome in REFUNDS else 0
    checked = _returns_check(order, returns)
    complaint.status = S.RESOLVED
    complaint.is_open = False
    complaint.outcome = outcome
    complaint.refund_amount = refund
    complaint.closed_at = timezone.now()
    if note:
        complaint.decision_note = note[:500]
    complaint.save()
    if refund:
        order_refund(order=order, actor=actor, amount=refund)
    _restock(complaint, checked, actor)
    summary = Remedy(outcome).label + (f" {format_idr(refund)}" if refund else "")
    _event(complaint, E.COMPLAINT_RESOLVED, actor, note=summary)
    notifications.notify_complaint(complaint, E.COMPLAINT_RESOLVED)
    return complaint


def _escalate(complaint: Complaint, *, actor, note: str) -> None:
    complaint.status = S.ESCALATED
    complaint.escalated_at = timezone.now()
    complaint.save()
    _event(complaint, E.COMPLAINT_ESCALATED, actor, note=note)
    notifications.notify_complaint(complaint, E.COMPLAINT_ESCALATED)


def _require_status(complaint: Complaint, *allowed: str) -> None:
    if complaint.status not in allowed:
        raise _error(
            None,
            _("Tindakan ini tidak bisa dilakukan untuk komplain berstatus %(status)s.")
            % {"status": complaint.get_status_display()},
            Code.INVALID_STATUS,
        )


def _require_in_time(complaint: Complaint, now) -> None:
    if now > complaint.respond_by:
        raise _error(
            None,
            _("Batas waktu menjawab sudah lewat; staf program akan memutuskan."),
            Code.DEADLINE_PASSED,
        )


@transaction.atomic
def complaint_respond(
    *,
    user,
    complaint: Complaint,
    response: str,
    note: str = "",
    remedy: str | None = None,
    amount: int | None = None,
    returns: list[ReturnInput] = (),
    now=None,
) -> Complaint:
    """The lembaga answers: ACCEPT (the buyer's remedy is carried out now), OFFER another
    remedy (the buyer answers it), or REJECT with a reason (staff decide)."""
    now = now or timezone.now()
    complaint = _lock(complaint)
    require(
        Access(user).may_answer_complaint(complaint),
        _("Hanya pengurus lembaga penjual yang dapat menjawab komplain ini."),
    )
    _require_status(complaint, S.OPEN)
    _require_in_time(complaint, now)
    response = _choice(response, Complaint.Response, "response")
    note = (note or "").strip()[:500]
    complaint.response = response
    complaint.response_note = note
    complaint.responded_at = now
    complaint.responder = user
    if response == Complaint.Response.ACCEPT:
        complaint.save()
        _event(complaint, E.COMPLAINT_ACCEPTED, user, note=note)
        return _settle(
            complaint,
            outcome=complaint.remedy,
            amount=complaint.amount if complaint.remedy == Remedy.PARTIAL_REFUND else None,
            returns=list(returns),
            actor=user,
        )
    if response == Complaint.Response.REJECT:
        if not note:
            raise _error("note", _("Tuliskan alasan penolakan."), Code.REQUIRED)
        complaint.save()
        _event(complaint, E.COMPLAINT_REJECTED, user, note=note)
        notifications.notify_complaint(complaint, E.COMPLAINT_REJECTED)
        _escalate(complaint, actor=user, note=_("Lembaga menolak komplain"))
        return complaint
    remedy = _choice(remedy or "", Remedy, "remedy")
    complaint.offer_remedy = remedy
    complaint.offer_amount = _check_amount(complaint.order, remedy, amount)
    complaint.status = S.OFFERED
    complaint.respond_by = now + timedelta(hours=settings.COMPLAINT_RESPONSE_HOURS)
    complaint.save()
    offer = Remedy(remedy).label
    if remedy in REFUNDS:
        offer += f" {format_idr(complaint.offer_amount)}"
    _event(complaint, E.COMPLAINT_OFFERED, user, note=offer)
    notifications.notify_complaint(complaint, E.COMPLAINT_OFFERED)
    return complaint


@transaction.atomic
def complaint_offer_answer(*, user, complaint: Complaint, accept: bool, now=None) -> Complaint:
    """The buyer takes the lembaga's offer (it is carried out) or declines it (staff decide)."""
    now = now or timezone.now()
    complaint = _lock(complaint)
    require(
        Access(user).may_open_complaint(complaint.order),
        _("Hanya pembeli yang dapat menjawab tawaran ini."),
    )
    _require_status(complaint, S.OFFERED)
    _require_in_time(complaint, now)
    if accept:
        # The refund was authorised by the pengurus who made the offer.
        return _settle(
            complaint,
            outcome=complaint.offer_remedy,
            amount=complaint.offer_amount if complaint.offer_remedy in REFUNDS else None,
            returns=[],
            actor=complaint.responder,
        )
    _escalate(complaint, actor=user, note=_("Pembeli menolak tawaran lembaga"))
    return complaint


DECISIONS = (*Remedy.values, "REJECT")


@transaction.atomic
def complaint_decide(
    *,
    user,
    complaint: Complaint,
    decision: str,
    amount: int | None = None,
    returns: list[ReturnInput] = (),
    note: str = "",
) -> Complaint:
    """Programme staff settle a complaint the buyer and the lembaga did not: a remedy
    (refund, partial refund, replacement, with the units that come back) or REJECT."""
    complaint = _lock(complaint)
    require(
        Access(user).may_decide_complaints(),
        _("Hanya staf program yang dapat memutuskan komplain."),
    )
    _require_status(complaint, S.ESCALATED)
    if decision not in DECISIONS:
        raise _error("decision", _("Pilihan tidak dikenal."), Code.INVALID)
    note = (note or "").strip()[:500]
    complaint.decided_by = user
    if decision == "REJECT":
        if not note:
            raise _error("note", _("Tuliskan alasan keputusan."), Code.REQUIRED)
        complaint.status = S.REJECTED
        complaint.is_open = False
        complaint.decision_note = note
        complaint.closed_at = timezone.now()
        complaint.save()
        _event(complaint, E.COMPLAINT_DISMISSED, user, note=note)
        notifications.notify_complaint(complaint, E.COMPLAINT_DISMISSED)
        return complaint
    return _settle(
        complaint, outcome=decision, amount=amount, returns=list(returns), actor=user, note=note
    )


def complaints_escalate_overdue(*, now=None) -> int:
    """Hand complaints whose lembaga (or buyer, for an offer) missed the deadline to staff."""
    now = now or timezone.now()
    ids = list(
        Complaint.objects.filter(status__in=(S.OPEN, S.OFFERED), respond_by__lt=now).values_list(
            "pk", flat=True
        )
    )
    count = 0
    for pk in ids:
        with transaction.atomic():
            complaint = (
                Complaint.objects.select_for_update(skip_locked=True)
                .select_related("order")
                .filter(pk=pk, status__in=(S.OPEN, S.OFFERED), respond_by__lt=now)
                .first()
            )
            if complaint is None:
                continue
            silent = (
                _("Lembaga tidak menjawab tepat waktu")
                if complaint.status == S.OPEN
                else _("Pembeli tidak menjawab tawaran tepat waktu")
            )
            _escalate(complaint, actor=None, note=silent)
            count += 1
    return count
