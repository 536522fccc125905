"""A real Celery worker over Redis makes the thumbnails queued after the upload commits."""

import os
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings

from catalog.models import ProductMedia
from catalog.services import product_media_create
from config.celery_app import app
from tests.files import image_upload


@pytest.fixture
def redis_celery():
    """Eager off, on the same per-process queue name as tests/shop/test_celery_worker.py."""
    assert app.conf.broker_url == settings.TEST_REDIS_URL
    _forget_queues()
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
        _forget_queues()


def _forget_queues() -> None:
    """Drop Celery's cached queue objects so the next worker fixture's queue name is used."""
    for name in ("default_queue", "queues", "router"):
        app.amqp.__dict__.pop(name, None)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_thumbnails_are_made_by_a_worker_after_commit(redis_celery, pengurus, make_product):
    product = make_product()
    media = product_media_create(user=pengurus, product=product, image=image_upload("PNG"))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        media.refresh_from_db()
        if media.thumbnails:
            break
        time.sleep(0.2)
    assert sorted(media.thumbnails, key=int) == ["200", "400", "800"]
    assert ProductMedia.objects.get().thumbnails["400"].endswith(f"/{media.pk}-400.webp")
