"""Background work of the sellers domain: its e-mails (``sellers.emails``), by id.

The services queue these e-mails through ``sellers.notifications`` and the
outbox; the tasks stay for a worker or a shell that wants to send one again.
"""

from celery import shared_task

from . import emails


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def seller_event_notify(self, event_id: int) -> int:
    """Tell the lembaga (and, on submission, its reviewers) about a status change."""
    return emails.seller_event_notify(event_id=event_id)


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def seller_invitation_send(self, invitation_id: int) -> bool:
    """Send the invitation link; an already-sent or accepted invitation is skipped."""
    return emails.seller_invitation_send(invitation_id=invitation_id)
