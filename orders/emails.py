"""E-mails about orders: the buyer's (always in Bahasa Indonesia) and the lembaga's.

The lembaga's members are written to by :func:`lembaga_members_mail`, each in the
language of their account (Bahasa Indonesia unless they chose English).
"""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection, send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from sellers.selectors import seller_member_users
from shop import outbox

from .models import Order, OrderEventType, TransferProof
from .selectors import bank_transfer_instructions, bank_transfer_to_lembaga

SUBJECTS = {
    OrderEventType.PLACED: "Pesanan %(number)s diterima — menunggu pembayaran",
    OrderEventType.PAID: "Pembayaran pesanan %(number)s berhasil",
    OrderEventType.ACCEPTED: "Pesanan %(number)s sedang diproses",
    OrderEventType.SHIPPED: "Pesanan %(number)s sudah dikirim",
    OrderEventType.DELIVERED: "Pesanan %(number)s sudah diterima",
    OrderEventType.COMPLETED: "Pesanan %(number)s selesai",
    OrderEventType.CANCELLED: "Pesanan %(number)s dibatalkan",
    OrderEventType.EXPIRED: "Pesanan %(number)s dibatalkan karena belum dibayar",
    OrderEventType.REFUNDED: "Dana pesanan %(number)s dikembalikan",
    OrderEventType.PARTIALLY_REFUNDED: "Sebagian dana pesanan %(number)s dikembalikan",
}


@outbox.handler
def order_email_send(*, order_id: int, kind: str) -> bool:
    """Send one status e-mail; answer False when there is nothing to send."""
    order = Order.objects.select_related("seller").filter(pk=order_id).first()
    if order is None or kind not in SUBJECTS or not order.email:
        return False
    with translation.override("id"):
        subject = SUBJECTS[kind] % {"number": order.number}
        body = render_to_string(
            "orders/email/status.txt",
            {
                "order": order,
                "kind": kind,
                "event_types": OrderEventType,
                "lines": order.lines.all(),
            },
        )
    send_mail(subject, body, None, [order.email])
    return True


@outbox.handler
def seller_new_order_email_send(*, order_id: int) -> bool:
    """Tell the lembaga (its contact e-mail) that it has a new order to handle."""
    order = Order.objects.select_related("seller", "payment").filter(pk=order_id).first()
    if order is None or not order.seller.email:
        return False
    with translation.override("id"):
        body = render_to_string(
            "orders/email/seller_new.txt", {"order": order, "lines": order.lines.all()}
        )
    send_mail(f"Pesanan baru {order.number}", body, None, [order.seller.email])
    return True


def site_url() -> str:
    """The public address links in e-mails start with (setting ``SITE_URL``)."""
    return settings.SITE_URL.rstrip("/")


def lembaga_members_mail(*, seller_id: int, template: str, context: dict) -> int:
    """E-mail each member of the lembaga in their own language; answers how many were sent.

    ``template`` names ``<template>_subject.txt`` and ``<template>.txt``. One message
    per member, so no member sees another's address; all are rendered before the
    first is sent, so a template error sends none.
    """
    languages = dict(settings.LANGUAGES)
    messages = []
    for user in seller_member_users(seller_id=seller_id):
        language = user.language if user.language in languages else settings.LANGUAGE_CODE
        with translation.override(language):
            subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
            body = render_to_string(f"{template}.txt", context)
        messages.append(EmailMessage(subject, body, None, [user.email]))
    if not messages:
        return 0
    return get_connection().send_messages(messages) or 0


@outbox.handler
def seller_transfer_proof_email_send(*, order_id: int, proof_id: int) -> int:
    """Tell the lembaga's members a buyer sent a transfer proof for its unpaid order.

    Nothing once the order is paid or closed (nothing left to check). Answers how
    many e-mails were sent.
    """
    order = Order.objects.select_related("seller", "payment").filter(pk=order_id).first()
    proof = TransferProof.objects.filter(pk=proof_id).first()
    if order is None or proof is None or order.paid_at:
        return 0
    transfers = bank_transfer_instructions(orders=[order])  # none unless still UNPAID
    if not transfers:
        return 0
    context = {
        "order": order,
        "proof": proof,
        "transfer": transfers[0],
        "to_lembaga": bank_transfer_to_lembaga(order=order),
        "order_url": site_url() + reverse("orders:seller-order", args=[order.number]),
    }
    return lembaga_members_mail(
        seller_id=order.seller_id, template="orders/email/seller_transfer_proof", context=context
    )
