"""A real Celery worker over Redis runs the search index task."""

import pytest

from catalog.models import Product
from catalog.search import SearchQuery, search_products
from catalog.search.tasks import product_index
from config.celery_app import app
from tests.catalog.search_corpus import build_corpus


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
