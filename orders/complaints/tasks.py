"""Background work of complaints: the deadline sweep (Celery beat, every 10 minutes)."""

from celery import shared_task

from .services import complaints_escalate_overdue as escalate_overdue


@shared_task
def complaints_escalate_overdue() -> int:
    """Hand complaints whose lembaga or buyer missed the deadline to programme staff."""
    return escalate_overdue()
