"""Background work of the offline channels."""

from celery import shared_task

from .services import stock_sync_requests_purge as purge


@shared_task
def stock_sync_requests_purge() -> int:
    """Forget stock-sync idempotency keys past their retention (48 hours)."""
    return purge()
