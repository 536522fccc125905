"""orders.notifications: one function per message, written to the outbox, sent after commit."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core import mail

from orders import notifications
from orders.models import Order
from shop import outbox
from shop.models import OutboxMessage
from tests.shopping import order_of_sikka


@pytest.fixture
def order(world) -> Order:
    """One unpaid bank-transfer order of BUMDes Sikka Jaya for maria@contoh.id."""
    return order_of_sikka(world)


def test_notification_waits_for_the_commit_then_emails_the_buyer(
    order, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        notifications.notify_order_shipped(order)
    assert len(callbacks) == 1
    assert mail.outbox == []
    callbacks[0]()
    assert [(m.subject, m.to) for m in mail.outbox] == [
        (f"Pesanan {order.number} sudah dikirim", ["maria@contoh.id"])
    ]


@pytest.mark.parametrize(
    ("notify", "subject"),
    [
        (notifications.notify_order_placed, "Pesanan {n} diterima — menunggu pembayaran"),
        (notifications.notify_order_paid, "Pembayaran pesanan {n} berhasil"),
        (notifications.notify_order_accepted, "Pesanan {n} sedang diproses"),
        (notifications.notify_order_shipped, "Pesanan {n} sudah dikirim"),
        (notifications.notify_order_delivered, "Pesanan {n} sudah diterima"),
        (notifications.notify_order_completed, "Pesanan {n} selesai"),
        (notifications.notify_order_cancelled, "Pesanan {n} dibatalkan"),
        (notifications.notify_order_expired, "Pesanan {n} dibatalkan karena belum dibayar"),
        (notifications.notify_order_refunded, "Dana pesanan {n} dikembalikan"),
        (
            notifications.notify_order_partially_refunded,
            "Sebagian dana pesanan {n} dikembalikan",
        ),
    ],
)
def test_each_buyer_notification_sends_its_own_email(
    order, django_capture_on_commit_callbacks, notify, subject
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(order)
    assert [(m.subject, m.to) for m in mail.outbox] == [
        (subject.format(n=order.number), ["maria@contoh.id"])
    ]


def test_new_order_notification_goes_to_the_lembaga(
    order, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify_seller_new_order(order)
    assert [(m.subject, m.to) for m in mail.outbox] == [
        (f"Pesanan baru {order.number}", [world.sikka.email])
    ]


def test_suppressed_notifications_queue_nothing_until_the_block_ends(
    order, django_capture_on_commit_callbacks
):
    OutboxMessage.objects.all().delete()  # the order's own placement messages
    with django_capture_on_commit_callbacks() as callbacks:
        with outbox.notifications_off():
            notifications.notify_order_paid(order)
            notifications.notify_seller_new_order(order)
        assert len(callbacks) == 0
        assert not OutboxMessage.objects.exists()
        notifications.notify_order_paid(order)
    assert len(callbacks) == 1
    assert list(OutboxMessage.objects.values_list("handler", "kwargs")) == [
        (notifications.BUYER_EMAIL, {"order_id": order.pk, "kind": "PAID"})
    ]


def test_a_fresh_web_process_finds_the_task_by_name(db):
    """No worker ever imported shop.tasks there: the outbox imports the tasks modules itself."""
    script = (
        "import django; django.setup()\n"
        "from config import celery_app\n"
        "from orders import notifications\n"
        "from orders.models import Order\n"
        "from shop import outbox\n"
        "name = outbox.DELIVER_TASK\n"
        "print(name in celery_app.tasks)\n"
        "notifications.notify_order_paid(Order(pk=0))  # autocommit: runs at once\n"
        "print(name in celery_app.tasks)\n"
        "print(outbox.OutboxMessage.objects.filter(kwargs__order_id=0).delete()[0])\n"
    )
    database = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
        ),
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "1"]
