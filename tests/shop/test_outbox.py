"""shop.outbox: a row with the change, delivered once after commit, re-sent by the sweeper."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.utils import timezone

from shop import outbox
from shop.models import OutboxMessage
from shop.tasks import outbox_deliver, outbox_sweep

WELCOME = "shop.tasks.send_welcome_email"


@pytest.fixture
def user(make_user):
    return make_user(email="yohana@contoh.id", first_name="Yohana")


def an_hour_later():
    return timezone.now() + timedelta(hours=1)


@pytest.mark.django_db
def test_a_rolled_back_change_leaves_no_message(user):
    @transaction.atomic
    def change_that_fails() -> None:
        outbox.notify(WELCOME, user_id=user.pk)
        raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        change_that_fails()
    assert not OutboxMessage.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_message_is_delivered_after_commit_and_only_once(
    user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        message = outbox.notify(WELCOME, user_id=user.pk)
    assert (message.kind, message.handler, message.kwargs) == (
        OutboxMessage.Kind.NOTIFICATION,
        WELCOME,
        {"user_id": user.pk},
    )
    assert mail.outbox == []
    before = timezone.now()
    callbacks[0]()
    after = timezone.now()
    message.refresh_from_db()
    delivered_at = message.delivered_at
    assert before <= delivered_at <= after
    assert message.last_attempt_at == delivered_at
    assert message.attempts == 1
    assert [m.to for m in mail.outbox] == [["yohana@contoh.id"]]
    assert outbox_deliver.apply(kwargs={"message_id": message.pk}).get() is False
    assert outbox.sweep(now=an_hour_later())["delivered"] == 0
    assert len(mail.outbox) == 1
    message.refresh_from_db()  # the replays neither moved the stamp nor counted an attempt
    assert (message.delivered_at, message.last_attempt_at, message.attempts) == (
        delivered_at,
        delivered_at,
        1,
    )


@pytest.mark.django_db
def test_notifications_off_writes_no_notification_but_background_work_still_runs(user):
    with outbox.notifications_off():
        assert outbox.notify(WELCOME, user_id=user.pk) is None
        work = outbox.later("catalog.search.tasks.product_index", product_ids=[])
    assert list(OutboxMessage.objects.values_list("pk", "kind")) == [
        (work.pk, OutboxMessage.Kind.WORK)
    ]


@pytest.mark.django_db
def test_a_failing_handler_records_the_attempt_and_stays_undelivered(user, settings):
    message = OutboxMessage.objects.create(
        kind=OutboxMessage.Kind.NOTIFICATION,
        handler="orders.emails.order_email_send",
        kwargs={"order_id": 1, "kind": "PAID", "unexpected": True},
    )
    with pytest.raises(outbox.DeliveryFailed):
        outbox.deliver(message_id=message.pk)
    message.refresh_from_db()
    assert message.delivered_at is None
    assert message.attempts == 1
    assert message.last_error.startswith("TypeError: ")
    # The sweeper tries again until OUTBOX_MAX_ATTEMPTS, then leaves it to the admin.
    settings.OUTBOX_MAX_ATTEMPTS = 2
    assert outbox.sweep(now=an_hour_later()) == {"delivered": 0, "failed": 1, "purged": 0}
    assert outbox.sweep(now=an_hour_later()) == {"delivered": 0, "failed": 0, "purged": 0}
    message.refresh_from_db()
    assert message.attempts == 2


@pytest.mark.django_db
def test_only_functions_marked_as_handlers_run():
    message = OutboxMessage.objects.create(
        kind=OutboxMessage.Kind.WORK, handler="django.core.mail.send_mail", kwargs={}
    )
    with pytest.raises(outbox.DeliveryFailed):
        outbox.deliver(message_id=message.pk)
    message.refresh_from_db()
    assert message.last_error == (
        "DeliveryFailed: django.core.mail.send_mail is not an outbox handler"
    )


@pytest.mark.django_db
def test_the_sweeper_leaves_fresh_messages_to_their_task_and_purges_old_delivered_ones(user):
    fresh = OutboxMessage.objects.create(
        kind=OutboxMessage.Kind.NOTIFICATION, handler=WELCOME, kwargs={"user_id": user.pk}
    )
    old = OutboxMessage.objects.create(
        kind=OutboxMessage.Kind.NOTIFICATION,
        handler=WELCOME,
        kwargs={"user_id": user.pk},
        delivered_at=timezone.now() - timedelta(days=settings.OUTBOX_KEEP_DELIVERED_DAYS, hours=1),
    )
    assert outbox.sweep() == {"delivered": 0, "failed": 0, "purged": 1}
    assert list(OutboxMessage.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert not OutboxMessage.objects.filter(pk=old.pk).exists()


def test_the_sweeper_runs_every_minute():
    assert settings.CELERY_BEAT_SCHEDULE["shop-outbox-sweep"] == {
        "task": "shop.tasks.outbox_sweep",
        "schedule": 60.0,
    }


def _deliver_again(client, message: OutboxMessage) -> str:
    """The admin's "deliver again" action on one message; answers the page it lands on."""
    response = client.post(
        "/admin/shop/outboxmessage/",
        {"action": "deliver_again", "_selected_action": [message.pk]},
        follow=True,
    )
    return response.content.decode()


@pytest.mark.django_db
def test_the_admin_lists_messages_and_delivers_again(client, make_user, user):
    admin = make_user(email="admin@contoh.id", is_staff=True, is_superuser=True)
    client.force_login(admin)
    message = OutboxMessage.objects.create(
        kind=OutboxMessage.Kind.NOTIFICATION,
        handler=WELCOME,
        kwargs={"user_id": user.pk},
        attempts=settings.OUTBOX_MAX_ATTEMPTS,
    )
    page = client.get("/admin/shop/outboxmessage/")
    assert page.status_code == 200
    assert WELCOME in page.content.decode()
    before = timezone.now()
    page = _deliver_again(client, message)
    after = timezone.now()
    assert "1 dari 1 pesan diserahkan untuk dikirim." in page
    message.refresh_from_db()
    delivered_at = message.delivered_at
    assert before <= delivered_at <= after
    assert message.attempts == 1  # counted afresh from zero
    assert [m.to for m in mail.outbox] == [["yohana@contoh.id"]]
    # Asked again for the delivered message: nothing is handed over, the stamp stays.
    assert "0 dari 0 pesan diserahkan untuk dikirim." in _deliver_again(client, message)
    message.refresh_from_db()
    assert (message.delivered_at, message.attempts) == (delivered_at, 1)
    assert len(mail.outbox) == 1


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_delivers_through_redis_and_its_sweeper_delivers_what_waited(
    redis_celery, user
):
    before = timezone.now()
    message = outbox.notify(WELCOME, user_id=user.pk)  # autocommit: handed over at once
    deadline = before + timedelta(seconds=30)
    while timezone.now() < deadline:
        message.refresh_from_db()
        if message.delivered_at:
            break
    assert before <= message.delivered_at <= timezone.now()
    assert [m.to for m in mail.outbox] == [["yohana@contoh.id"]]
    # A message the broker never got (it was down) is sent by the sweeper task.
    waited = OutboxMessage.objects.create(
        kind=OutboxMessage.Kind.NOTIFICATION,
        handler=WELCOME,
        kwargs={"user_id": user.pk},
    )
    OutboxMessage.objects.filter(pk=waited.pk).update(
        created_at=timezone.now() - timedelta(minutes=5)
    )
    before = timezone.now()
    assert outbox_sweep.delay().get(timeout=30) == {"delivered": 1, "failed": 0, "purged": 0}
    after = timezone.now()
    waited.refresh_from_db()
    assert before <= waited.delivered_at <= after
    assert len(mail.outbox) == 2


REFRESH = "shop.monitoring.tasks.facts_refresh_order"


@pytest.mark.django_db
def test_work_queued_once_per_transaction_is_one_row_per_transaction_and_arguments(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        first = outbox.later(REFRESH, once_per_transaction=True, order_id=1)
        again = outbox.later(REFRESH, once_per_transaction=True, order_id=1)
        other = outbox.later(REFRESH, once_per_transaction=True, order_id=2)
        plain = outbox.later(REFRESH, order_id=1)
    assert again.pk == first.pk
    assert len({first.pk, other.pk, plain.pk}) == 3
    assert len(callbacks) == 3
    assert OutboxMessage.objects.filter(kwargs={"order_id": 1}).count() == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_work_queued_once_per_transaction_is_queued_again_by_the_next_transaction():
    with transaction.atomic():
        first = outbox.later(REFRESH, once_per_transaction=True, order_id=404)
    with transaction.atomic():
        second = outbox.later(REFRESH, once_per_transaction=True, order_id=404)
    assert second.pk != first.pk
    outside_any_transaction = outbox.later(REFRESH, once_per_transaction=True, order_id=404)
    assert outside_any_transaction.pk not in {first.pk, second.pk}
