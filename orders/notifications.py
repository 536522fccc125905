"""What the buyer and the lembaga are told about an order, and through which channel.

Services call one function per notification (``notify_order_placed(order)``)
and never a task: this module decides the channel (e-mail today, sent by the
tasks in ``orders.tasks``) and hands the work over after the transaction
commits, through its single exit ``_queue``. Tasks are looked up by name, so
this module does not import ``orders.tasks`` (which imports the services).

``notifications_suppressed()`` turns every notification off inside a block:
the demo data uses it for a history that never happened.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction

from config import celery_app

from .models import Order, OrderEventType

_suppressed: ContextVar[bool] = ContextVar("orders_notifications_suppressed", default=False)

BUYER_EMAIL_TASK = "orders.tasks.order_email_send"
SELLER_EMAIL_TASK = "orders.tasks.seller_new_order_email_send"


@contextmanager
def notifications_suppressed() -> Iterator[None]:
    """Queue no notification while the block runs (e.g. demo orders backdated a year).

    Only this module's notifications stop; other after-commit work (search
    re-indexing) still runs.
    """
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def _queue(task_name: str, **kwargs) -> None:
    """Run the Celery task ``task_name`` with ``kwargs`` once the current transaction commits.

    The one place notifications leave this module. ``apply_async`` (not
    ``send_task``) keeps eager mode working in tests and the demo.
    """
    if _suppressed.get():
        return

    def send() -> None:
        if task_name not in celery_app.tasks:
            # A web process starts no worker, so Celery has not imported the apps'
            # tasks modules yet: this imports them (and registers their tasks) once.
            celery_app.loader.import_default_modules()
        celery_app.tasks[task_name].apply_async(kwargs=kwargs)

    transaction.on_commit(send)


def notify_order_placed(order: Order) -> None:
    """Tell the buyer their unpaid order was received (and by when to pay)."""
    _queue(BUYER_EMAIL_TASK, order_id=order.pk, kind=OrderEventType.PLACED.value)


def notify_order_paid(order: Order) -> None:
    """Tell the buyer their payment arrived."""
    _queue(BUYER_EMAIL_TASK, order_id=order.pk, kind=OrderEventType.PAID.value)


def notify_order_accepted(order: Order) -> None:
    """Tell the buyer the lembaga is preparing the order."""
    _queue(BUYER_EMAIL_TASK, order_id=order.pk, kind=OrderEventType.ACCEPTED.value)


def notify_order_shipped(order: Order) -> None:
    """Tell the buyer the parcel left (with its tracking number)."""
    _queue(BUYER_EMAIL_TASK, order_id=order.pk, kind=OrderEventType.SHIPPED.value)


def notify_order_delivered(order: Order) -> None:
    """Tell the buyer the parcel is recorded as delivered."""
    _queue(BUYER_EMAIL_TASK, order_id=order.pk, kind=OrderEventType.DELIVERED.value)


def notify_order_completed(order: Order) -> None:
    """Tell the buyer the order is closed."""
    _queue(BUYER_EMAIL_TASK, order_id=order.pk, kind=OrderEventType.COMPLETED.value)


def notify_order_cancelled(order: Order) -> None:
    """Tell the buyer the order was cancelled (money paid goes back)."""
    _queue(BUYER_EMAIL_TASK, order_id=order.pk, kind=OrderEventType.CANCELLED.value)


def notify_order_expired(order: Order) -> None:
    """Tell the buyer the order was cancelled because it was not paid in time."""
    _queue(BUYER_EMAIL_TASK, order_id=order.pk, kind=OrderEventType.EXPIRED.value)


def notify_order_refunded(order: Order) -> None:
    """Tell the buyer their money for the order was refunded in full."""
    _queue(BUYER_EMAIL_TASK, order_id=order.pk, kind=OrderEventType.REFUNDED.value)


def notify_order_partially_refunded(order: Order) -> None:
    """Tell the buyer part of their money was refunded."""
    _queue(BUYER_EMAIL_TASK, order_id=order.pk, kind=OrderEventType.PARTIALLY_REFUNDED.value)


def notify_seller_new_order(order: Order) -> None:
    """Tell the lembaga it has a new order to handle."""
    _queue(SELLER_EMAIL_TASK, order_id=order.pk)
