"""Smoke test of the search benchmark's generator (the benchmark itself is not run here)."""

import pytest

from bench import search_bench
from catalog.models import Certificate, Product, ProductVariant
from catalog.search import SearchQuery, search_products
from sellers.models import Seller

pytestmark = pytest.mark.django_db


def test_the_generator_makes_searchable_products_and_cleans_up(settings):
    settings.ELASTICSEARCH_URL = ""
    ids = search_bench.generate(200)
    assert len(ids) == Product.objects.filter(slug__startswith="bench-").count() == 200
    assert ProductVariant.objects.filter(product_id__in=ids).count() == 200
    assert Certificate.objects.filter(product_id__in=ids, type="HALAL").count() > 0
    search_bench.index(ids)
    result = search_products(SearchQuery(text="madu"))
    assert result.total > 0
    for name in ("regency", "category", "price"):
        assert sum(f.count for f in result.facets[name]) == result.total
    assert next(label for label, _q in search_bench.typical_queries()) == "tenun ikat sika"
    search_bench.cleanup()
    assert Product.objects.filter(slug__startswith="bench-").count() == 0
    assert Seller.objects.filter(slug__startswith="bench-").count() == 0
