from celery import shared_task
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation

from . import held_files, outbox, tokens
from .models import User


def _mail_user(user: User, template: str) -> None:
    """Send ``shop/email/<template>.txt`` (and its ``_subject``) in the user's language."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {"user": user}
        subject = render_to_string(f"shop/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"shop/email/{template}.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


@outbox.handler
@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_welcome_email(self, user_id: int) -> bool:
    """Send the welcome e-mail in the user's language; a missing user is skipped."""
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return False
    _mail_user(user, "welcome")
    return True


@outbox.handler
@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_account_exists_email(self, user_id: int) -> bool:
    """Tell an account's owner that someone tried to register with their e-mail address."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    _mail_user(user, "account_exists")
    return True


@shared_task
def token_families_purge() -> int:
    """Delete sign-in token families whose last refresh token has expired."""
    return tokens.token_families_purge()


@shared_task
def clear_expired_sessions() -> int:
    """Delete expired sessions so the session table does not grow forever."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@shared_task
def held_files_purge() -> int:
    """Hourly: delete form files held past their token's life (``shop.held_files``)."""
    return held_files.held_files_purge()


@shared_task(
    bind=True,
    autoretry_for=(outbox.DeliveryFailed,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def outbox_deliver(self, message_id: int) -> bool:
    """Deliver one outbox message (an e-mail, a re-index); a delivered one is skipped."""
    return outbox.deliver(message_id=message_id)


@shared_task
def outbox_sweep() -> dict[str, int]:
    """Every minute: deliver outbox messages left waiting (the broker was down), purge old ones."""
    return outbox.sweep()
