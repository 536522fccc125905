"""Indexing follows changes after commit, through Celery; search_reindex rebuilds everything."""

import io

import pytest
from django.core.management import call_command

from catalog.models import Product, ProductVariant
from catalog.search import SearchQuery, product_index_later, search_products
from catalog.search.tasks import product_index
from sellers.models import Seller
from sellers.signals import seller_status_changed
from tests.catalog.search_corpus import build_corpus

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(settings):
    settings.ELASTICSEARCH_URL = ""
    return build_corpus()


def found(text: str, **filters) -> list[int]:
    return search_products(SearchQuery(text=text, limit=100, **filters)).ids


def test_a_renamed_product_is_found_by_its_new_name_once_the_transaction_commits(
    corpus, django_capture_on_commit_callbacks
):
    garam = corpus.products["Garam SoE (iodised)"]
    with django_capture_on_commit_callbacks() as callbacks:
        Product.objects.filter(pk=garam.pk).update(name="Garam beryodium Kolbano")
        product_index_later([garam.pk])
        assert found("kolbano") == []  # not before commit
    assert len(callbacks) == 1
    callbacks[0]()
    assert found("kolbano") == [garam.pk]


def test_a_price_change_moves_the_product_to_its_new_band_and_price_filter(
    corpus, django_capture_on_commit_callbacks
):
    jagung = corpus.products["Jagung bose"]
    ProductVariant.objects.filter(product=jagung).update(price=600_000)
    with django_capture_on_commit_callbacks(execute=True):
        product_index_later([jagung.pk])
    assert jagung.pk in found("", price_gte=500_000)
    result = search_products(SearchQuery(text="jagung"))
    assert [(f.key, f.count) for f in result.facets["price"]] == [("OVER_500K", 1)]


def test_a_seller_status_change_reindexes_that_sellers_products(
    corpus, django_capture_on_commit_callbacks
):
    alor = corpus.sellers["53.05"]
    Seller.objects.filter(pk=alor.pk).update(name="Koperasi Tenun Kenari")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        seller_status_changed.send(sender=Seller, seller_id=alor.pk, old="ACTIVE", new="ACTIVE")
    assert len(callbacks) == 1
    assert sorted(found("kenari")) == sorted(
        p.pk for p in corpus.products.values() if p.seller_id == alor.pk
    )
    Seller.objects.filter(pk=alor.pk).update(status=Seller.Status.SUSPENDED)
    with django_capture_on_commit_callbacks(execute=True):
        seller_status_changed.send(sender=Seller, seller_id=alor.pk, old="ACTIVE", new="SUSPENDED")
    assert found("kenari") == []
    assert found("alor") == []


def test_the_index_task_is_idempotent_and_skips_deleted_products(corpus):
    madu = corpus.products["Madu hutan Mutis"]
    assert product_index.delay([madu.pk, madu.pk, 987654]).get() == 2
    assert product_index.delay([madu.pk]).get() == 1
    assert madu.pk in found("mutis")


def test_search_reindex_rebuilds_every_products_search_fields(corpus):
    Product.objects.update(search_vector=None, search_document="", search_price=None)
    assert found("madu") == []
    out = io.StringIO()
    call_command("search_reindex", "--no-progress", stdout=out)
    assert "Database: 22 products indexed." in out.getvalue()
    assert len(found("madu")) == 2
    assert Product.objects.filter(search_price__isnull=True).count() == 0


def test_search_reindex_draws_a_progress_bar(corpus):
    err = io.StringIO()
    call_command("search_reindex", "--batch-size", "5", stdout=io.StringIO(), stderr=err)
    assert "22/22" in err.getvalue()
