"""What a lembaga is told about its catalog (certificates, withdrawn products).

Services call these functions and never a task or ``send_mail``: the e-mail is
written to the transactional outbox (``shop.outbox``) with the change and sent
after the commit by ``catalog.emails``.
"""

from sellers.models import Seller
from shop import outbox


def notify_seller(seller: Seller, *, subject: str, body: str) -> None:
    """E-mail the lembaga's contact address (nothing when it has none)."""
    if seller.email:
        outbox.notify(
            "catalog.emails.seller_email_send", seller_id=seller.pk, subject=subject, body=body
        )
