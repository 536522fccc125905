"""Cache and broker unreachable: requests answer fast and right, the e-mails wait in the outbox.

Issue #10: with Redis (cache) and the Celery broker on a closed port,
``checkoutComplete`` and ``orderAccept`` hung about 19 s and answered an
error although the order was committed, and their e-mails were lost. Now the
e-mails are outbox rows written with the order; handing them to the broker
fails within the broker timeout and is only logged; the sweeper delivers each
one once the broker is back.
"""

import time
from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from config.celery_app import app
from orders.models import Order
from shop import outbox
from shop.models import OutboxMessage
from shop.roles import Role
from shop.tasks import outbox_sweep
from tests.shopping import checkout_ready, complete, pay

pytestmark = pytest.mark.django_db

CLOSED = "redis://127.0.0.1:9/0"  # nothing listens on the discard port
ACTION = """mutation($id: ID!) { %s(id: $id) { order { status } errors { field code } } }"""
FULFILL = """mutation($id: ID!, $t: String) { orderFulfill(id: $id, trackingNumber: $t) {
  order { status trackingNumber } errors { field code } } }"""
TOKEN_CREATE = """mutation($email: String!, $password: String!) {
  tokenCreate(email: $email, password: $password) { token errors { field code message } } }"""
UNAVAILABLE = "Layanan masuk sedang terganggu. Coba lagi dalam beberapa menit."
# One request with both services down may wait for a few timeouts, never ~19 s.
FAST = 4.0


def _use_broker(url: str, *, eager: bool) -> None:
    app.conf.broker_url = url
    app.conf.task_always_eager = eager
    # Celery keeps its connection and producer pools: drop them so the new URL is used.
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def services_down(settings):
    """The cache and the broker on a closed port, tasks really sent (not run eagerly)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": CLOSED,
            "OPTIONS": settings.REDIS_CACHE_OPTIONS,
        }
    }
    broker = app.conf.broker_url
    _use_broker(CLOSED, eager=False)
    yield
    _use_broker(broker, eager=True)


def broker_back() -> None:
    """The broker answers again (tests deliver in-process, as a worker would)."""
    _use_broker(settings.CELERY_BROKER_URL, eager=True)


def an_hour_later() -> datetime:
    """When the sweeper also takes the messages of the last minute."""
    return timezone.now() + timedelta(hours=1)


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def test_checkout_and_order_changes_answer_fast_and_their_emails_arrive_once_the_broker_is_back(
    gql, world, make_user, services_down, django_capture_on_commit_callbacks
):
    buyer = make_user(Role.CONSUMER, email="maria@contoh.id")
    gql.login(buyer)
    token = checkout_ready(gql, world)
    assert pay(gql, token)["errors"] == []
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        completed, elapsed = timed(lambda: complete(gql, token))
    assert completed["errors"] == []
    assert elapsed < FAST
    numbers = sorted(o["number"] for o in completed["orders"])
    assert len(numbers) == 2
    sikka = Order.objects.get(seller=world.sikka)

    gql.login(world.sikka_member)
    gid = next(o["id"] for o in completed["orders"] if o["number"] == sikka.number)
    with django_capture_on_commit_callbacks(execute=True):
        accepted, elapsed = timed(lambda: gql(ACTION % "orderAccept", {"id": gid}))
    assert accepted["data"]["orderAccept"] == {"order": {"status": "PROCESSING"}, "errors": []}
    assert elapsed < FAST
    with django_capture_on_commit_callbacks(execute=True):
        shipped, elapsed = timed(lambda: gql(FULFILL, {"id": gid, "t": "JNE0123456789"}))
    assert shipped["data"]["orderFulfill"] == {
        "order": {"status": "SHIPPED", "trackingNumber": "JNE0123456789"},
        "errors": [],
    }
    assert elapsed < FAST

    # Nothing was sent, nothing was lost: every e-mail waits in the outbox.
    assert mail.outbox == []
    waiting = OutboxMessage.objects.filter(delivered_at__isnull=True)
    assert waiting.count() == OutboxMessage.objects.count() > 0

    broker_back()
    result = outbox_sweep.apply(kwargs={}).get()
    # Messages younger than OUTBOX_SWEEP_AFTER_SECONDS are left to their own task:
    assert result["delivered"] == 0
    result = outbox.sweep(now=an_hour_later())
    assert result["failed"] == 0
    assert not OutboxMessage.objects.filter(delivered_at__isnull=True).exists()
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == sorted(
        [
            *(f"Pembayaran pesanan {n} berhasil" for n in numbers),
            *(f"Pesanan baru {n}" for n in numbers),
            f"Pesanan {sikka.number} sedang diproses",
            f"Pesanan {sikka.number} sudah dikirim",
        ]
    )
    # Delivered once: a second sweep and a late task send nothing again.
    assert outbox.sweep(now=an_hour_later())["delivered"] == 0
    assert [outbox.deliver(message_id=m.pk) for m in OutboxMessage.objects.all()] == [
        False
    ] * OutboxMessage.objects.count()
    assert len(mail.outbox) == len(subjects)


def test_sign_in_fails_closed_fast_with_the_generic_message(gql, make_user, services_down):
    make_user(email="ina@contoh.id", password="kuat-123!")
    response, elapsed = timed(
        lambda: gql(TOKEN_CREATE, {"email": "ina@contoh.id", "password": "kuat-123!"})
    )
    assert response["data"]["tokenCreate"] == {
        "token": None,
        "errors": [{"field": None, "code": "TEMPORARILY_UNAVAILABLE", "message": UNAVAILABLE}],
    }
    assert elapsed < FAST


def test_pages_that_only_read_answer_fast(client, services_down):
    for url in ("/", "/masuk/", "/produk/?q=kopi"):
        response, elapsed = timed(lambda url=url: client.get(url))
        assert response.status_code == 200, url
        assert elapsed < FAST, url


def test_a_handover_to_a_broker_that_is_down_is_logged_not_raised(services_down, caplog):
    message = outbox.notify("orders.emails.order_email_send", order_id=0, kind="PAID")
    assert message is not None
    handed, elapsed = timed(lambda: outbox.dispatch(message_id=message.pk))
    assert handed is False
    assert elapsed < FAST
    assert f"outbox message {message.pk} not handed to the broker" in caplog.text
