"""E-mails of the sellers domain, in Bahasa Indonesia; safe to run twice.

Delivered through the outbox (``sellers.notifications`` queues them).
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from shop import outbox

from . import selectors
from .models import Seller, SellerEvent, SellerInvitation

_TEMPLATES = {
    Seller.Status.SUBMITTED: "submitted",
    Seller.Status.ACTIVE: "approved",
    Seller.Status.REJECTED: "rejected",
    Seller.Status.SUSPENDED: "suspended",
}


def _site_url() -> str:
    return getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/")


def _render(name: str, context: dict) -> tuple[str, str]:
    # A subject is one header line: a line break in a name stored before names were
    # checked must not stop the e-mail (Django refuses newlines in headers).
    subject = " ".join(render_to_string(f"sellers/email/{name}_subject.txt", context).split())
    body = render_to_string(f"sellers/email/{name}.txt", context)
    return subject, body


@outbox.handler
def seller_event_notify(*, event_id: int) -> int:
    """Tell the lembaga (and, on submission, its reviewers) about a status change.

    The event row is locked and stamped ``notified_at``, so a retried or
    duplicated delivery sends nothing twice. Returns the number of e-mails sent.
    """
    with transaction.atomic():
        event = (
            SellerEvent.objects.select_for_update(of=("self",))
            .select_related("seller__village__district__regency", "seller__zone")
            .filter(pk=event_id, notified_at__isnull=True)
            .first()
        )
        if event is None or event.to_status not in _TEMPLATES:
            return 0
        seller = event.seller
        name = _TEMPLATES[event.to_status]
        site = _site_url()
        context = {
            "seller": seller,
            "event": event,
            "portal_url": site + reverse("sellers:manage", args=[seller.slug]),
            "public_url": site + reverse("sellers:public", args=[seller.slug]),
            "review_url": site + reverse("sellers:review", args=[seller.slug]),
        }
        sent = 0
        with translation.override("id"):
            members = list(
                selectors.seller_members(seller=seller)
                .filter(role="PENGURUS")
                .values_list("user__email", flat=True)
            )
            recipients = sorted({seller.email, *members} - {""})
            subject, body = _render(name, context)
            sent += send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
            if event.to_status == Seller.Status.SUBMITTED:
                staff = selectors.reviewer_emails(regency_code=seller.regency_code)
                if staff:
                    subject, body = _render("review_requested", context)
                    sent += send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, staff)
        event.notified_at = timezone.now()
        event.save(update_fields=["notified_at"])
    return sent


@outbox.handler
def seller_invitation_send(*, invitation_id: int) -> bool:
    """Send the invitation link; an already-sent or accepted invitation is skipped."""
    with transaction.atomic():
        invitation = (
            SellerInvitation.objects.select_for_update(of=("self",))
            .select_related("seller", "invited_by")
            .filter(pk=invitation_id, sent_at__isnull=True, accepted_at__isnull=True)
            .first()
        )
        if invitation is None:
            return False
        context = {
            "invitation": invitation,
            "seller": invitation.seller,
            "accept_url": _site_url()
            + reverse("sellers:invitation_accept", args=[invitation.token]),
        }
        with translation.override("id"):
            subject, body = _render("invitation", context)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["sent_at"])
    return True
