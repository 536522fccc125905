"""The Elasticsearch backend: mappings and queries tested as data everywhere; against a
real cluster when ELASTICSEARCH_URL is set; falling back to the database when it is down."""

import logging
import os

import pytest
from celery.exceptions import Retry

from catalog.models import Product
from catalog.search import SearchQuery, elastic, search_products, search_suggest
from catalog.search.backends import get_backend
from catalog.search.errors import SearchIndexUnavailable
from catalog.search.tasks import product_index
from catalog.search.text import synonym_lines
from catalog.selectors import products_visible
from sellers.models import Seller
from tests.catalog.search_corpus import build_corpus

pytestmark = pytest.mark.django_db

ES_URL = os.environ.get("ELASTICSEARCH_URL", "")
needs_cluster = pytest.mark.skipif(
    not ES_URL, reason="ELASTICSEARCH_URL is not set: no Elasticsearch cluster to test against"
)


# -- as data --------------------------------------------------------------------
def test_the_index_has_an_indonesian_analyzer_with_the_repo_synonym_list():
    body = elastic.index_definition("ovop-products-test").to_dict()
    analysis = body["settings"]["analysis"]
    assert analysis["filter"]["id_stem"] == {"type": "stemmer", "language": "indonesian"}
    assert analysis["filter"]["id_stop"] == {"type": "stop", "stopwords": "_indonesian_"}
    synonyms = analysis["filter"]["id_synonyms"]
    assert synonyms["type"] == "synonym_graph"
    assert synonyms["synonyms"] == synonym_lines()
    assert "kopi, coffee, arabika, arabica, robusta" in synonyms["synonyms"]
    assert "madu, honey, madu hutan" in synonyms["synonyms"]
    assert synonyms["synonyms"][0].startswith("tenun, kain tenun, ikat")
    assert analysis["analyzer"]["id_search"]["filter"] == [
        "lowercase",
        "asciifolding",
        "id_synonyms",
        "id_stop",
        "id_stem",
    ]
    assert "id_synonyms" not in analysis["analyzer"]["id_text"]["filter"]


def test_the_mapping_has_keyword_facets_a_completion_suggester_and_weighted_text():
    props = elastic.index_definition("x").to_dict()["mappings"]["properties"]
    for name in ("regency", "category_id", "certificates", "price_band", "seller_id", "zone_id"):
        assert props[name] == {"type": "keyword"}, name
    assert props["price"] == {"type": "integer"}
    assert props["suggest"]["type"] == "completion"
    assert props["name"]["search_analyzer"] == "id_search"
    assert props["name"]["fields"]["raw"] == {"type": "keyword"}
    assert props["description"]["copy_to"] == "all_text"


def test_the_query_requires_every_word_with_synonyms_or_typos_and_filters_facets():
    body = elastic.build_search(
        SearchQuery(
            text="Kopi  Bajawa!",
            regency="53.09",
            certifications=("HALAL", "PIRT"),
            price_lte=100_000,
            in_stock=True,
            sort="PRICE",
            offset=20,
            limit=10,
        )
    ).to_dict()
    required = body["query"]["bool"]["must"][0]["bool"]
    assert required["minimum_should_match"] == 1
    assert required["should"][0] == {
        "match": {"all_text": {"query": "kopi bajawa", "operator": "and"}}
    }
    assert required["should"][1]["match"]["all_plain"]["fuzziness"] == "AUTO"
    assert body["query"]["bool"]["should"][0]["multi_match"]["fields"][0] == "name^4"
    assert body["query"]["bool"]["filter"] == [
        {
            "bool": {
                "filter": [
                    {"term": {"regency": "53.09"}},
                    {"term": {"certificates": "HALAL"}},
                    {"term": {"certificates": "PIRT"}},
                    {"term": {"in_stock": True}},
                    {"range": {"price": {"lte": 100_000}}},
                ]
            }
        }
    ]
    assert set(body["aggs"]) == {"regency", "category", "certificate", "price"}
    assert body["sort"] == [{"price": {"order": "asc", "missing": "_last"}}, "name.raw"]
    assert (body["from"], body["size"], body["track_total_hits"]) == (20, 10, True)
    assert body["suggest"]["names"]["completion"]["field"] == "suggest"


def test_no_text_sorts_by_name_and_a_page_past_the_window_is_empty():
    body = elastic.build_search(SearchQuery(offset=20_000)).to_dict()
    assert "query" not in body
    assert body["sort"] == [{"name.raw": {"order": "asc"}}]
    assert (body["from"], body["size"]) == (10_000, 0)


def test_a_category_filter_includes_its_subcategories(settings):
    corpus = build_corpus()
    kain, tenun = corpus.categories["kain"], corpus.categories["tenun"]
    body = elastic.build_search(SearchQuery(category=kain.pk)).to_dict()
    terms = body["query"]["bool"]["filter"][0]["bool"]["filter"][0]["terms"]["category_id"]
    subtree = [str(kain.pk), *(str(c.pk) for c in kain.children.all())]
    assert str(tenun.pk) in terms
    assert sorted(terms) == sorted(subtree)


def test_documents_carry_facet_keys_and_only_valid_certificates():
    corpus = build_corpus()
    sikka = corpus.products["Tenun ikat Sikka (natural dye)"]
    sikka.certificates.create(type="SNI", number="SNI-1")  # pending: left out
    docs = {d["_id"]: d for d in elastic.documents(elastic.indexable([sikka.pk]))}
    doc = docs[str(sikka.pk)]
    assert doc["regency"] == "53.07"
    assert doc["category_id"] == str(corpus.categories["tenun"].pk)
    assert doc["certificates"] == ["INDIKASI_GEOGRAFIS"]
    assert (doc["price"], doc["price_band"]) == (2_500_000, "OVER_500K")
    assert "Sikka" in doc["place"]
    assert doc["suggest"]["input"][0] == "Tenun ikat Sikka (natural dye)"


def test_an_invisible_product_gets_no_document():
    corpus = build_corpus()
    madu = corpus.products["Madu hutan Mutis"]
    Product.objects.filter(pk=madu.pk).update(is_published=False)
    assert list(elastic.indexable([madu.pk])) == []


# -- Elasticsearch down ------------------------------------------------------------
def test_elasticsearch_down_falls_back_to_the_database_and_logs_it(settings, caplog):
    corpus = build_corpus()
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    with caplog.at_level(logging.WARNING, logger="catalog.search"):
        result = search_products(SearchQuery(text="madu"))
        names = search_suggest("mad")
    assert result.backend == "database"
    assert sorted(result.ids) == sorted(
        corpus.ids("Madu hutan Mutis", "Madu hutan Timor (Amfoang)")
    )
    assert names == ["Madu hutan Mutis", "Madu hutan Timor (Amfoang)"]
    assert "Elasticsearch failed" in caplog.text


def test_indexing_while_elasticsearch_is_down_refreshes_the_database_then_raises_to_retry(
    settings, caplog
):
    corpus = build_corpus()
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    jeruk = corpus.products["Jeruk Soe Mollo"]
    Product.objects.filter(pk=jeruk.pk).update(name="Jeruk keprok Soe Mollo")
    with (
        caplog.at_level(logging.WARNING, logger="catalog.search"),
        pytest.raises(SearchIndexUnavailable),
    ):
        get_backend().index([jeruk.pk])
    assert "search_reindex" in caplog.text
    assert search_products(SearchQuery(text="keprok")).ids == [jeruk.pk]


def test_the_index_task_retries_with_backoff_while_elasticsearch_is_down(settings):
    corpus = build_corpus()
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    jeruk = corpus.products["Jeruk Soe Mollo"]
    Product.objects.filter(pk=jeruk.pk).update(name="Jeruk keprok Soe Mollo")
    assert product_index.autoretry_for == (SearchIndexUnavailable,)
    assert (product_index.retry_backoff, product_index.max_retries) == (True, 5)
    with pytest.raises(Retry, match="SearchIndexUnavailable"):
        product_index.apply(args=[[jeruk.pk]])  # a first attempt asks to be retried
    last = product_index.apply(args=[[jeruk.pk]], retries=5, throw=False)  # the last gives up
    assert last.state == "FAILURE"
    assert isinstance(last.result, SearchIndexUnavailable)
    # the database part of every attempt stayed committed
    assert search_products(SearchQuery(text="keprok")).ids == [jeruk.pk]


# -- writing decisions, with a fake cluster that records what it is asked -----------
class FakeCluster:
    """Stands in for an Elasticsearch client: records every ``indices`` call."""

    def __init__(self, *, alias_exists: bool, aliased: tuple[str, ...] = ()):
        self.calls: list[tuple[str, dict]] = []
        self.answers = {
            "exists_alias": alias_exists,
            "get_alias": {name: {} for name in aliased},
        }
        self.indices = self

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)

        def call(**kwargs):
            self.calls.append((name, kwargs))
            return self.answers.get(name, {})

        return call

    def called(self) -> list[str]:
        return [name for name, _ in self.calls]


def test_indexing_before_any_full_reindex_creates_no_index_and_warns(settings, caplog):
    corpus = build_corpus()
    settings.ELASTICSEARCH_INDEX = "ovop-products"
    es = FakeCluster(alias_exists=False)
    with caplog.at_level(logging.WARNING, logger="catalog.search"):
        wrote = elastic.index_products([corpus.products["Madu hutan Mutis"].pk], es=es)
    assert wrote is False
    assert es.calls == [("exists_alias", {"name": "ovop-products"})]  # no create, no alias
    assert "alias ovop-products does not exist" in caplog.text
    assert "search_reindex" in caplog.text


def fake_bulk(failing_ids: set[str]):
    def bulk(es, actions, *, chunk_size, raise_on_error):
        assert raise_on_error is False
        for action in actions:
            ok = action["_id"] not in failing_ids
            yield ok, {"index": {"_id": action["_id"], "status": 201 if ok else 400}}

    return bulk


def test_a_reindex_with_failed_documents_drops_the_new_index_and_keeps_the_alias(settings):
    corpus = build_corpus()
    settings.ELASTICSEARCH_INDEX = "ovop-products"
    es = FakeCluster(alias_exists=True, aliased=("ovop-products-old",))
    madu, kopi = corpus.ids("Madu hutan Mutis", "Kopi Arabika Flores Bajawa")
    with pytest.raises(elastic.ReindexFailed, match="2 products could not be indexed"):
        elastic.reindex_all(es=es, bulk=fake_bulk({str(madu), str(kopi)}))
    assert es.called() == ["create", "delete"]
    created = es.calls[0][1]["index"]
    assert created.startswith("ovop-products-")
    assert created != "ovop-products-old"
    assert es.calls[1] == ("delete", {"index": created, "ignore_unavailable": True})


def test_a_complete_reindex_swaps_the_alias_and_drops_the_old_index(settings):
    build_corpus()
    settings.ELASTICSEARCH_INDEX = "ovop-products"
    es = FakeCluster(alias_exists=True, aliased=("ovop-products-old",))
    counted = []
    name = elastic.reindex_all(es=es, bulk=fake_bulk(set()), progress=counted.append)
    assert len(counted) == products_visible().count()
    assert es.called() == [
        "create",
        "refresh",
        "exists_alias",
        "get_alias",
        "update_aliases",
        "delete",
    ]
    assert es.calls[4][1]["actions"] == [
        {"remove": {"index": "ovop-products-old", "alias": "ovop-products"}},
        {"add": {"index": name, "alias": "ovop-products"}},
    ]
    assert es.calls[5][1]["index"] == "ovop-products-old"


# -- a real cluster ------------------------------------------------------------------
@pytest.fixture
def es_corpus(settings):
    settings.ELASTICSEARCH_URL = ES_URL
    settings.ELASTICSEARCH_INDEX = f"ovop-test-{os.getpid()}"
    corpus = build_corpus()
    elastic.reindex_all()
    yield corpus
    es = elastic.client()
    es.indices.delete(index=f"{settings.ELASTICSEARCH_INDEX}-*", ignore_unavailable=True)


@needs_cluster
def test_cluster_relevance_matches_the_database(es_corpus):
    def names(text):
        result = search_products(SearchQuery(text=text))
        assert result.backend == "elasticsearch"
        by_id = {p.pk: n for n, p in es_corpus.products.items()}
        return [by_id[i] for i in result.ids]

    assert set(names("tenun ikat sika")[:2]) == {
        "Tenun ikat Sikka (natural dye)",
        "Tenun ikat (expo price)",
    }
    assert names("kopi bajawa")[0] == "Kopi Arabika Flores Bajawa"
    assert sorted(names("madu")) == ["Madu hutan Mutis", "Madu hutan Timor (Amfoang)"]
    assert len(names("coffee")) == 2


@needs_cluster
def test_cluster_facets_add_up_and_suggest_completes(es_corpus):
    result = search_products(SearchQuery(text="alor"))
    assert result.total == 4
    for name in ("regency", "category", "price"):
        assert sum(f.count for f in result.facets[name]) == result.total
    assert "Madu hutan Mutis" in search_suggest("mad")


@needs_cluster
def test_cluster_a_suspended_seller_disappears_and_reindex_swaps_the_alias(
    es_corpus, settings, django_capture_on_commit_callbacks
):
    from sellers.signals import seller_status_changed

    ngada = es_corpus.sellers["53.09"]
    Seller.objects.filter(pk=ngada.pk).update(status=Seller.Status.SUSPENDED)
    with django_capture_on_commit_callbacks(execute=True):
        seller_status_changed.send(sender=Seller, seller_id=ngada.pk, old="ACTIVE", new="SUSPENDED")
    settings.ELASTICSEARCH_URL = ES_URL
    assert search_products(SearchQuery(text="kopi")).total == 1
    first = list(elastic.client().indices.get_alias(name=settings.ELASTICSEARCH_INDEX))
    second = elastic.reindex_all()
    assert list(elastic.client().indices.get_alias(name=settings.ELASTICSEARCH_INDEX)) == [second]
    assert second not in first
    assert not elastic.client().indices.exists(index=first[0])


def test_a_response_becomes_a_result_with_labelled_facets():
    from elasticsearch_dsl.response import Response

    corpus = build_corpus()
    kopi = corpus.categories["kopi"]
    bajawa, manggarai = corpus.ids("Kopi Arabika Flores Bajawa", "Kopi Arabika Flores Manggarai")
    query = SearchQuery(text="kopi")
    response = Response(
        elastic.build_search(query),
        {
            "hits": {
                "total": {"value": 2, "relation": "eq"},
                "hits": [{"_id": str(bajawa)}, {"_id": str(manggarai)}],
            },
            "aggregations": {
                "regency": {
                    "buckets": [{"key": "53.09", "doc_count": 1}, {"key": "53.10", "doc_count": 1}]
                },
                "category": {"buckets": [{"key": str(kopi.pk), "doc_count": 2}]},
                "certificate": {"buckets": [{"key": "PIRT", "doc_count": 2}]},
                "price": {"buckets": [{"key": "50K_150K", "doc_count": 2}]},
            },
            "suggest": {"names": [{"text": "kopi", "options": [{"text": "Kopi Colol"}]}]},
        },
    )
    result = elastic.result_from_response(query, response)
    assert (result.ids, result.total, result.backend) == ([bajawa, manggarai], 2, "elasticsearch")
    assert [(f.key, f.label, f.count) for f in result.facets["regency"]] == [
        ("53.10", "Manggarai", 1),
        ("53.09", "Ngada", 1),
    ]
    assert [(f.label, f.count) for f in result.facets["category"]] == [(kopi.name, 2)]
    assert [(f.key, f.count) for f in result.facets["price"]] == [("50K_150K", 2)]
    assert result.suggestions == ["Kopi Colol"]
