"""E-mails of the catalog to a lembaga, sent by the outbox (``catalog.notifications``)."""

from django.conf import settings
from django.core.mail import send_mail

from sellers.models import Seller
from shop import outbox


@outbox.handler
def seller_email_send(*, seller_id: int, subject: str, body: str) -> bool:
    """Send one written message to the lembaga's current contact address."""
    email = Seller.objects.filter(pk=seller_id).values_list("email", flat=True).first()
    if not email:
        return False
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
    return True
