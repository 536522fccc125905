"""The buyer's e-mails about their order, always in Bahasa Indonesia."""

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from shop import outbox

from .models import Order, OrderEventType

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
