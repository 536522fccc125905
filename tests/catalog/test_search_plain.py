"""The plain fallback used on SQLite (the embedded default): substring matching, facets in
Python. It runs here on PostgreSQL with the vendor check turned to "not PostgreSQL"."""

import pytest

from catalog.models import Product
from catalog.search import SearchQuery, database, search_products, search_suggest
from tests.catalog.search_corpus import build_corpus

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(settings, monkeypatch):
    settings.ELASTICSEARCH_URL = ""
    monkeypatch.setattr(database, "is_postgres", lambda *_db: False)
    corpus = build_corpus()  # indexed by the plain indexer too
    return corpus


def names(corpus, result) -> list[str]:
    by_id = {p.pk: name for name, p in corpus.products.items()}
    return [by_id[i] for i in result.ids]


def test_plain_search_matches_substrings_synonyms_and_place_names(corpus):
    assert sorted(names(corpus, search_products(SearchQuery(text="madu")))) == [
        "Madu hutan Mutis",
        "Madu hutan Timor (Amfoang)",
    ]
    assert len(search_products(SearchQuery(text="coffee")).ids) == 2
    assert sorted(names(corpus, search_products(SearchQuery(text="tenun sikka")))) == [
        "Tenun ikat (expo price)",
        "Tenun ikat Sikka (natural dye)",
    ]


def test_plain_indexing_stores_document_price_and_certificates(corpus):
    bajawa = Product.objects.get(pk=corpus.products["Kopi Arabika Flores Bajawa"].pk)
    assert "ngada" in bajawa.search_document
    assert bajawa.search_price == 85_000
    assert bajawa.search_certificates == " HALAL INDIKASI_GEOGRAFIS PIRT "


def test_plain_facets_add_up_and_sort_by_price(corpus):
    result = search_products(SearchQuery(sort="PRICE", descending=True, limit=3))
    assert result.total == 22
    assert names(corpus, result) == [
        "Tenun ikat Sikka (natural dye)",
        "Tenun ikat Alor / tenun songket Alor",
        "Tenun ikat Ngada",
    ]
    for name in ("regency", "category", "price"):
        assert sum(f.count for f in result.facets[name]) == 22
    halal = search_products(SearchQuery(certifications=("HALAL",)))
    assert halal.total == 7
    assert {f.key: f.count for f in halal.facets["certificate"]}["HALAL"] == 7


def test_plain_suggestions(corpus):
    assert search_suggest("kopi") == [
        "Kopi Arabika Flores Bajawa",
        "Kopi Arabika Flores Manggarai",
    ]
