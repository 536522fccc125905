"""Background work of the monitoring: fact refreshes and the report after each period."""

import datetime

from celery import shared_task
from django.utils import timezone

from shop import outbox

from .facts import facts_refresh


@outbox.handler
@shared_task(name="shop.monitoring.tasks.facts_refresh_order", acks_late=True)
def facts_refresh_order(order_id: int) -> int:
    """Recompute one order's sales facts (idempotent); answer the rows written."""
    return facts_refresh(order_ids=[order_id])


@shared_task(acks_late=True)
def report_generate_closed_period(today: str | None = None) -> int | None:
    """Draft the report of the period that closed yesterday, once; answer its id.

    Beat runs this daily, so the report is ready the morning after a period
    (Semester I or II by default) ends, whatever the configured calendar.
    """
    from .periods import period_containing
    from .services import report_generate_for_period

    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    period = period_containing(day - datetime.timedelta(days=1))
    if period.end != day - datetime.timedelta(days=1):
        return None
    report = report_generate_for_period(period=period, actor=None, only_if_missing=True)
    return report.pk if report else None


@shared_task(acks_late=True)
def report_generate_task(period_key: str, actor_id: int | None) -> int | None:
    """Generate a new version of a period's report on demand (from the dashboard)."""
    from shop.models import User

    from .periods import period_from_key
    from .services import report_generate_for_period

    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    report = report_generate_for_period(period=period_from_key(period_key), actor=actor)
    return report.pk if report else None
