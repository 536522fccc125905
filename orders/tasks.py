"""Background work of checkout and orders: e-mails and the periodic clean-ups.

Each task takes ids, loads what it needs and calls one function; the
services queue the e-mail tasks by name through ``orders.notifications``.
"""

from celery import shared_task

from . import emails
from .services.orders import orders_complete_delivered as complete_delivered
from .services.orders import orders_expire_unpaid as expire_unpaid
from .services.reservations import reservations_release_expired as release_expired


@shared_task
def order_email_send(order_id: int, kind: str) -> bool:
    """E-mail the buyer (in Bahasa Indonesia) about a step of their order."""
    return emails.order_email_send(order_id=order_id, kind=kind)


@shared_task
def seller_new_order_email_send(order_id: int) -> bool:
    """E-mail the lembaga about a new order."""
    return emails.seller_new_order_email_send(order_id=order_id)


@shared_task
def reservations_release_expired() -> int:
    """Give back stock held by checkouts that did not finish paying in time."""
    return release_expired()


@shared_task
def orders_expire_unpaid() -> int:
    """Cancel bank-transfer orders not paid before their deadline."""
    return expire_unpaid()


@shared_task
def orders_complete_delivered() -> int:
    """Complete delivered orders whose complaint window passed without an open complaint."""
    return complete_delivered()
