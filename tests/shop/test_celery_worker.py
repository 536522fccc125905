"""A real Celery worker consuming from Redis runs the welcome e-mail task."""

import os

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail

from config.celery_app import app
from shop.tasks import send_welcome_email


@pytest.fixture
def redis_celery():
    """Eager off, and a queue of this xdist worker's own so parallel runs never swap tasks."""
    assert app.conf.broker_url == settings.TEST_REDIS_URL
    app.conf.task_always_eager = False
    app.conf.task_default_queue = (
        f"test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{os.getpid()}"
    )
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield app
    finally:
        app.conf.task_always_eager = True
        app.conf.task_default_queue = "celery"


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_welcome_email_is_sent_by_a_real_worker_over_redis(redis_celery, make_user):
    user = make_user(email="yohana@contoh.id", first_name="Yohana")
    result = send_welcome_email.delay(user.pk)
    assert result.get(timeout=30) is True
    assert result.status == "SUCCESS"
    assert [m.to for m in mail.outbox] == [["yohana@contoh.id"]]
    assert "Halo Yohana" in mail.outbox[0].body


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_welcome_email_task_skips_a_deleted_user(redis_celery):
    assert send_welcome_email.delay(987654).get(timeout=30) is False
    assert mail.outbox == []
