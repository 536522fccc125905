"""Who is told about a complaint's step, and how: e-mail to the buyer and the lembaga.

Services call ``notify_complaint`` and never a task; the message is written to the
transactional outbox (``shop.outbox``) with the change and sent after commit.
"""

from shop import outbox

from .models import Complaint

EMAIL = "orders.complaints.emails.complaint_email_send"


def notify_complaint(complaint: Complaint, kind: str) -> None:
    """Tell the buyer and the lembaga about step ``kind`` (an ``OrderEventType``) of a complaint."""
    outbox.notify(EMAIL, complaint_id=complaint.pk, kind=str(kind))
