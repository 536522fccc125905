"""What the lembaga, its members and reviewers are told, and through which channel.

Services call one function per notification and never a task: this module
decides the channel (e-mail, written by ``sellers.emails``) and writes it to the
transactional outbox (``shop.outbox``), delivered after the change commits.
"""

from shop import outbox

from .models import SellerEvent, SellerInvitation


def notify_seller_status_changed(event: SellerEvent) -> None:
    """Tell the lembaga (and, on submission, its reviewers) that its status changed."""
    outbox.notify("sellers.emails.seller_event_notify", event_id=event.pk)


def notify_invitation(invitation: SellerInvitation) -> None:
    """Send the invitation link to the person invited."""
    outbox.notify("sellers.emails.seller_invitation_send", invitation_id=invitation.pk)
