"""Complaint e-mails to the buyer and the lembaga, always in Bahasa Indonesia."""

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from orders.models import OrderEventType as E
from shop import outbox

from .models import Complaint

SUBJECTS = {
    E.COMPLAINT_OPENED: "Komplain pesanan %(number)s diajukan",
    E.COMPLAINT_OFFERED: "Tawaran penyelesaian komplain pesanan %(number)s",
    E.COMPLAINT_REJECTED: "Komplain pesanan %(number)s ditolak lembaga",
    E.COMPLAINT_ESCALATED: "Komplain pesanan %(number)s diteruskan ke staf program",
    E.COMPLAINT_RESOLVED: "Komplain pesanan %(number)s selesai",
    E.COMPLAINT_DISMISSED: "Keputusan komplain pesanan %(number)s",
}


@outbox.handler
def complaint_email_send(*, complaint_id: int, kind: str) -> int:
    """E-mail the buyer and the lembaga's contact about one step; answer how many were sent."""
    complaint = (
        Complaint.objects.select_related("order", "order__seller").filter(pk=complaint_id).first()
    )
    if complaint is None or kind not in SUBJECTS:
        return 0
    order = complaint.order
    recipients = [r for r in (order.email, order.seller.email) if r]
    with translation.override("id"):
        subject = SUBJECTS[kind] % {"number": order.number}
        body = render_to_string(
            "complaints/email/step.txt",
            {"complaint": complaint, "order": order, "kind": kind, "types": E},
        )
    for recipient in recipients:
        send_mail(subject, body, None, [recipient])
    return len(recipients)
