"""The transactional outbox: work that must follow a committed change, never lost.

Services never call Celery. Each app's ``notifications`` module (and search
indexing) calls :func:`notify` or :func:`later` with the dotted path of a plain
function marked :func:`handler` and its JSON keyword arguments. That writes an
:class:`~shop.models.OutboxMessage` row in the *same* transaction as the change,
and after the commit hands the row's id to the Celery task
``shop.tasks.outbox_deliver``:

- the change rolls back: the row rolls back too, nothing is sent;
- the broker is down: the hand-over fails fast (short broker timeouts, no
  publish retry), is logged, and the request answers normally; the periodic
  ``shop.tasks.outbox_sweep`` delivers the row once a worker runs again;
- a message is delivered once: :func:`deliver` locks the row, runs the handler
  and stamps ``delivered_at`` in one transaction; a second delivery of the same
  row (the sweeper and a late task) finds it stamped and does nothing.

``notifications_off()`` is the documented switch that stops notifications
(e-mails) inside a block, e.g. the demo data's year of past orders; background
work (search re-indexing) still runs.
"""

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta
from typing import Any

from celery import Task
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from config import celery_app

from . import rows
from .models import OutboxMessage

logger = logging.getLogger(__name__)

DELIVER_TASK = "shop.tasks.outbox_deliver"

_notifications_off: ContextVar[bool] = ContextVar("outbox_notifications_off", default=False)
_batch: ContextVar[list | None] = ContextVar("outbox_batch", default=None)


def handler(function: Callable[..., Any]) -> Callable[..., Any]:
    """Mark ``function`` (or a Celery task) as deliverable through the outbox.

    Only marked callables run, whatever a row names.
    A handler takes keyword arguments that JSON can hold (ids, not objects) and
    may run more than once if a delivery fails half-way: it reads the current
    rows, so running it again does no harm.
    """
    function.outbox_handler = True
    return function


@contextmanager
def notifications_off() -> Iterator[None]:
    """Write no notification while the block runs (e.g. demo orders backdated a year)."""
    token = _notifications_off.set(True)
    try:
        yield
    finally:
        _notifications_off.reset(token)


@contextmanager
def batched() -> Iterator[None]:
    """Write the messages queued inside the block as one INSERT when it ends.

    For a service that queues several messages in one transaction (placing a
    checkout's orders): one round trip instead of one per message. Each message
    is still dispatched after commit; a block that raises writes nothing.
    """
    if _batch.get() is not None:  # already batching: the outer block writes
        yield
        return
    pending: list[OutboxMessage] = []
    token = _batch.set(pending)
    try:
        yield
    finally:
        _batch.reset(token)
    if not pending:
        return
    if not rows.is_postgres():  # SQLite, the embedded default of `make run`
        OutboxMessage.objects.bulk_create(pending)
        return
    # one hand-written INSERT (``shop.rows``): placing a checkout's orders
    with connection.cursor() as cursor:
        cursor.execute(rows.insert(OutboxMessage), rows.insert_params(OutboxMessage, pending))
        rows.inserted(pending, [pk for (pk,) in cursor.fetchall()])


def notify(handler_path: str, **kwargs: Any) -> OutboxMessage | None:
    """Queue a notification (an e-mail) to run ``handler_path(**kwargs)`` after commit.

    Answers ``None`` inside ``notifications_off()``.
    """
    if _notifications_off.get():
        return None
    return _enqueue(OutboxMessage.Kind.NOTIFICATION, handler_path, kwargs)


def later(handler_path: str, *, once_per_transaction: bool = False, **kwargs: Any) -> OutboxMessage:
    """Queue background work (a search re-index, thumbnails) to run after commit.

    ``once_per_transaction``: work that reads the current rows when it runs (a
    refresh) is queued once however often the same row changes inside one
    transaction; the message already queued in it is answered instead.
    """
    if once_per_transaction:
        queued = _queued_in_this_transaction(handler_path, kwargs)
        if queued is not None:
            return queued
    return _enqueue(OutboxMessage.Kind.WORK, handler_path, kwargs)


class _Dispatch:
    """The after-commit hand-over of one message; knows what it hands over."""

    def __init__(self, message: OutboxMessage):
        self.message = message

    def __call__(self) -> None:
        dispatch(message_id=self.message.pk)


def _queued_in_this_transaction(handler_path: str, kwargs: dict[str, Any]) -> OutboxMessage | None:
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return None
    for _savepoints, function, *_rest in connection.run_on_commit:
        if (
            isinstance(function, _Dispatch)
            and function.message.handler == handler_path
            and function.message.kwargs == kwargs
        ):
            return function.message
    return None


def _enqueue(kind: str, handler_path: str, kwargs: dict[str, Any]) -> OutboxMessage:
    message = OutboxMessage(kind=kind, handler=handler_path, kwargs=kwargs)
    pending = _batch.get()
    if pending is None:
        message.save()
    else:
        pending.append(message)  # saved with its batch, before the commit dispatches it
    transaction.on_commit(_Dispatch(message))
    return message


def dispatch(*, message_id: int) -> bool:
    """Hand one message to the broker; a broker that is down is logged, never raised.

    The caller's change is already committed: failing here must not turn it
    into an error. The sweeper delivers what was not handed over.
    """
    try:
        if DELIVER_TASK not in celery_app.tasks:
            # A web process starts no worker, so Celery has not imported the apps'
            # tasks modules yet (shop.tasks imports this module, so this one looks
            # the task up by name): this imports them, and registers their tasks, once.
            celery_app.loader.import_default_modules()
        celery_app.tasks[DELIVER_TASK].apply_async(kwargs={"message_id": message_id})
    except Exception:
        logger.warning("outbox message %s not handed to the broker; the sweeper will", message_id)
        return False
    return True


class DeliveryFailed(Exception):
    """The handler of an outbox message raised; the message stays undelivered."""


def deliver(*, message_id: int) -> bool:
    """Run one message's handler and stamp it delivered; answers False if there was nothing to do.

    Raises :class:`DeliveryFailed` (after recording the attempt) when the handler
    raises, so the Celery task retries it.
    """
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, delivered_at__isnull=True)
            .first()
        )
        if message is None:
            return False
        message.attempts += 1
        message.last_attempt_at = timezone.now()
        try:
            function = import_string(message.handler)
            if not getattr(function, "outbox_handler", False):
                raise DeliveryFailed(f"{message.handler} is not an outbox handler")
            with transaction.atomic():
                if isinstance(function, Task):
                    # A Celery task runs here, in this process, with its signals.
                    function.apply(kwargs=message.kwargs, throw=True)
                else:
                    function(**message.kwargs)
        except Exception as error:
            message.last_error = f"{type(error).__name__}: {error}"[:500]
            message.save(update_fields=["attempts", "last_attempt_at", "last_error"])
            failure = error
        else:
            message.delivered_at = message.last_attempt_at
            message.last_error = ""
            message.save(
                update_fields=["attempts", "last_attempt_at", "last_error", "delivered_at"]
            )
            return True
    logger.warning("outbox message %s failed: %s", message_id, message.last_error)
    raise DeliveryFailed(message.last_error) from failure


def sweep(*, now=None) -> dict[str, int]:
    """Deliver messages still waiting (the broker was down, a task gave up); purge old ones.

    Runs every minute in a worker. It leaves alone messages younger than
    ``OUTBOX_SWEEP_AFTER_SECONDS`` (their own task is probably on its way) and
    those that failed ``OUTBOX_MAX_ATTEMPTS`` times (an officer re-sends them
    from the admin after fixing the cause).
    """
    now = now or timezone.now()
    pending = OutboxMessage.objects.filter(
        delivered_at__isnull=True,
        created_at__lte=now - timedelta(seconds=settings.OUTBOX_SWEEP_AFTER_SECONDS),
        attempts__lt=settings.OUTBOX_MAX_ATTEMPTS,
    ).values_list("pk", flat=True)[: settings.OUTBOX_SWEEP_BATCH]
    delivered = failed = 0
    for message_id in list(pending):
        try:
            delivered += deliver(message_id=message_id)
        except DeliveryFailed:
            failed += 1
    purged, _ = OutboxMessage.objects.filter(
        delivered_at__lt=now - timedelta(days=settings.OUTBOX_KEEP_DELIVERED_DAYS)
    ).delete()
    return {"delivered": delivered, "failed": failed, "purged": purged}


def pending_count() -> int:
    """How many messages wait for delivery (for the admin and health checks)."""
    return OutboxMessage.objects.filter(delivered_at__isnull=True).count()
