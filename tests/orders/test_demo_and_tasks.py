from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from orders import tasks
from orders.demo import seed
from orders.models import Order, ShippingMethod, StockReservation
from tests.graphql import gid
from tests.shopping import checkout_ready, complete, make_seller, pay, stock_of

pytestmark = pytest.mark.django_db


def test_demo_seed_gives_each_active_seller_pickup_and_courier_idempotently(db):
    make_seller("BUMDes Demo")
    assert seed() == 2
    assert seed() == 0
    assert set(ShippingMethod.objects.values_list("kind", flat=True)) == {
        "PICKUP_VILLAGE",
        "COURIER",
    }


def test_beat_schedules_the_release_and_expiry_tasks():
    tasks_scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {
        "orders.tasks.reservations_release_expired",
        "orders.tasks.orders_expire_unpaid",
    } <= tasks_scheduled


def test_release_task_gives_back_expired_reservations(gql, world):
    token = checkout_ready(gql, world, lines=[{"variant": gid(world.kopi), "quantity": 4}])
    pay(gql, token, "COD")
    assert stock_of(world.kopi).quantity_reserved == 4
    assert tasks.reservations_release_expired.delay().get() == 0
    StockReservation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert tasks.reservations_release_expired.delay().get() == 1
    assert stock_of(world.kopi).quantity_reserved == 0
    assert tasks.reservations_release_expired.delay().get() == 0


def test_expiry_task_cancels_unpaid_bank_transfer_orders_and_mails_the_buyer(
    gql, world, django_capture_on_commit_callbacks
):
    token = checkout_ready(gql, world, lines=[{"variant": gid(world.kopi), "quantity": 1}])
    pay(gql, token, "BANK_TRANSFER")
    with django_capture_on_commit_callbacks(execute=True):
        complete(gql, token)
    assert mail.outbox[0].subject.endswith("menunggu pembayaran")
    assert mail.outbox[1].subject.startswith("Pesanan baru")
    Order.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.orders_expire_unpaid.delay().get() == 1
    assert Order.objects.get().status == "CANCELLED"
    assert "dibatalkan karena belum dibayar" in mail.outbox[-1].subject
    assert "pembayaran tidak kami terima tepat waktu" in mail.outbox[-1].body


def test_cod_orders_do_not_expire(gql, world):
    token = checkout_ready(gql, world, lines=[{"variant": gid(world.kopi), "quantity": 1}])
    pay(gql, token, "COD")
    complete(gql, token)
    assert Order.objects.get().expires_at is None
    assert tasks.orders_expire_unpaid.delay().get() == 0


def test_email_task_is_safe_for_a_missing_order():
    assert tasks.order_email_send.delay(999_999, "PAID").get() is False
