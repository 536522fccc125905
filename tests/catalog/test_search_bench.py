"""Smoke test of the search benchmark's generator (the benchmark itself is not run here)."""

import uuid

import pytest
from django.db import connection, transaction

from bench import search_bench
from catalog.models import Certificate, Product, ProductVariant
from catalog.search import SearchQuery, search_products
from catalog.selectors import products_visible
from sellers.models import Seller

pytestmark = pytest.mark.django_db


def test_the_generator_makes_realistic_searchable_products_and_cleans_up(settings):
    settings.ELASTICSEARCH_URL = ""
    ids = search_bench.generate(600)
    products = Product.objects.filter(slug__startswith="bench-")
    assert len(ids) == products.count() == 600
    # spread over all 22 kabupaten/kota and most of the taxonomy's leaf categories
    assert (
        Seller.objects.filter(slug__startswith="bench-")
        .values("village__district__regency")
        .distinct()
        .count()
        == 22
    )
    assert products.values("category").distinct().count() >= 15
    # a visible/hidden mix: unpublished products and sellers that are not ACTIVE
    visible = products_visible().filter(pk__in=ids).count()
    assert 0.7 * 600 < visible < 0.97 * 600
    assert products.filter(is_published=False).exists()
    assert products.exclude(seller__status=Seller.Status.ACTIVE).exists()
    # variants (some products have two, a few none), certificates of products and sellers
    priced = products.filter(search_price__isnull=False).count()
    assert priced < ProductVariant.objects.filter(product_id__in=ids).count()
    assert Certificate.objects.filter(product_id__in=ids, type="HALAL").exists()
    assert Certificate.objects.filter(seller__slug__startswith="bench-", type="NIB").exists()

    search_bench.index(ids)
    for label, query in search_bench.typical_queries():
        result = search_products(query)
        for name in ("regency", "category", "price"):
            assert sum(f.count for f in result.facets[name]) == result.total, (label, name)
    assert search_products(SearchQuery(text="madu")).total > 0
    assert next(label for label, _q in search_bench.typical_queries()) == "tenun ikat sika"
    search_bench.cleanup()
    assert Product.objects.filter(slug__startswith="bench-").count() == 0
    assert Seller.objects.filter(slug__startswith="bench-").count() == 0


def _last_checkpoint() -> str:
    """Where the last completed checkpoint starts in the write-ahead log, from the control
    file. The checkpointer writes it there before it wakes the backend that asked, so it
    has moved by the time CHECKPOINT returns; pg_stat_bgwriter's checkpoints_req is
    reported only later (it was read unchanged once in CI)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT checkpoint_lsn::text FROM pg_control_checkpoint()")
        return cursor.fetchone()[0]


def test_the_generated_catalogue_is_written_out_before_the_timed_rounds(capsys):
    before = _last_checkpoint()
    search_bench.checkpoint()
    assert _last_checkpoint() != before
    assert capsys.readouterr().out == ""


def test_a_user_who_may_not_checkpoint_is_told_and_the_run_goes_on(capsys):
    role = f"bench_plain_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
    savepoint = transaction.savepoint()
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {role}")
    search_bench.checkpoint()
    transaction.savepoint_rollback(savepoint)
    assert "CHECKPOINT not allowed" in capsys.readouterr().out
