"""A real Celery worker over Redis runs the search index task."""

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings

from catalog.models import Product
from catalog.search import SearchQuery, search_products
from catalog.search.tasks import product_index
from config.celery_app import app
from tests.catalog.search_corpus import build_corpus


@pytest.fixture
def redis_celery(worker_id):
    assert app.conf.broker_url == settings.TEST_REDIS_URL
    app.conf.task_always_eager = False
    app.conf.task_default_queue = f"test-{worker_id}"  # as tests/shop: the queue set is cached
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield app
    finally:
        app.conf.task_always_eager = True
        app.conf.task_default_queue = "celery"


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_index_task_runs_on_a_real_worker(redis_celery, settings):
    settings.ELASTICSEARCH_URL = ""
    corpus = build_corpus()
    vanili = corpus.products["Vanili Alor"]
    Product.objects.filter(pk=vanili.pk).update(name="Vanili Pura Alor")
    assert "catalog.search.tasks.product_index" in app.tasks
    assert product_index.delay([vanili.pk]).get(timeout=30) == 1
    assert search_products(SearchQuery(text="pura")).ids == [vanili.pk]
