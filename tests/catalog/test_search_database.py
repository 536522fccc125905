"""Relevance, filters and facets of the PostgreSQL backend on the fixed NTT corpus."""

import pytest

from catalog.search import SearchQuery, search_products
from tests.catalog.search_corpus import build_corpus

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(settings):
    settings.ELASTICSEARCH_URL = ""
    return build_corpus()


def names(corpus, result) -> list[str]:
    by_id = {p.pk: name for name, p in corpus.products.items()}
    return [by_id[i] for i in result.ids]


def test_tenun_ikat_sika_finds_the_sikka_weavings_first(corpus):
    result = search_products(SearchQuery(text="tenun ikat sika"))
    assert set(names(corpus, result)[:2]) == {
        "Tenun ikat Sikka (natural dye)",
        "Tenun ikat (expo price)",
    }
    assert result.backend == "database"


def test_kopi_bajawa_finds_the_ngada_coffee_first(corpus):
    result = search_products(SearchQuery(text="kopi bajawa"))
    assert names(corpus, result)[0] == "Kopi Arabika Flores Bajawa"


def test_misspelt_bajawa_still_finds_the_ngada_coffee(corpus):
    result = search_products(SearchQuery(text="kopi bjawa"))
    assert names(corpus, result)[0] == "Kopi Arabika Flores Bajawa"


def test_madu_finds_exactly_the_honeys(corpus):
    result = search_products(SearchQuery(text="madu"))
    assert sorted(names(corpus, result)) == ["Madu hutan Mutis", "Madu hutan Timor (Amfoang)"]
    assert result.total == 2


def test_english_words_find_through_the_synonym_list(corpus):
    coffee = search_products(SearchQuery(text="coffee"))
    honey = search_products(SearchQuery(text="honey"))
    assert sorted(names(corpus, coffee)) == [
        "Kopi Arabika Flores Bajawa",
        "Kopi Arabika Flores Manggarai",
    ]
    assert sorted(names(corpus, honey)) == ["Madu hutan Mutis", "Madu hutan Timor (Amfoang)"]


def test_a_word_prefix_matches_as_the_user_types(corpus):
    result = search_products(SearchQuery(text="rumput la"))
    assert sorted(names(corpus, result)) == ["Rumput laut (Tablolong)", "Rumput laut kering"]


def test_a_word_matching_nothing_relaxes_to_any_word(corpus):
    result = search_products(SearchQuery(text="madu xyzzyq"))
    assert sorted(names(corpus, result)) == ["Madu hutan Mutis", "Madu hutan Timor (Amfoang)"]


def test_the_kabupaten_name_is_searchable(corpus):
    result = search_products(SearchQuery(text="malaka"))
    assert sorted(names(corpus, result)) == [
        "Kacang mete Malaka",
        "Tepung kelor / kapsul kelor (BUMDes M'rian)",
    ]


def test_facets_add_up_to_the_total(corpus):
    for query in (SearchQuery(), SearchQuery(text="alor"), SearchQuery(text="tenun")):
        result = search_products(query)
        assert result.total > 0
        for name in ("regency", "category", "price"):
            assert sum(f.count for f in result.facets[name]) == result.total, (query, name)


def test_facets_label_kabupaten_by_short_name_and_count_certificates(corpus):
    result = search_products(SearchQuery(text="tenun"))
    assert result.total == 4
    regency = {(f.key, f.label): f.count for f in result.facets["regency"]}
    assert regency == {("53.07", "Sikka"): 2, ("53.09", "Ngada"): 1, ("53.05", "Alor"): 1}
    cert = {f.key: f.count for f in result.facets["certificate"]}
    assert cert == {"INDIKASI_GEOGRAFIS": 2}
    price = {f.key: f.count for f in result.facets["price"]}
    assert price == {"150K_500K": 1, "OVER_500K": 3}
    category = [(f.label, f.count) for f in result.facets["category"]]
    assert category == [("Tenun ikat", 4)]


def test_filter_by_regency_category_and_certificate(corpus):
    alor = search_products(SearchQuery(regency="53.05", limit=100))
    assert sorted(names(corpus, alor)) == [
        "Abon ikan Alor",
        "Ikan asap Alor Besar",
        "Tenun ikat Alor / tenun songket Alor",
        "Vanili Alor",
    ]
    textiles = search_products(SearchQuery(category=corpus.categories["kain"].pk))
    assert textiles.total == 4  # the parent category includes its child "Tenun"
    halal_coffee = search_products(SearchQuery(text="kopi", certifications=("HALAL", "PIRT")))
    assert names(corpus, halal_coffee) == ["Kopi Arabika Flores Bajawa"]


def test_a_certificate_expired_yesterday_leaves_after_the_daily_task(
    corpus, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from catalog.models import Certificate
    from catalog.search.tasks import certificates_expired_reindex

    bajawa = corpus.products["Kopi Arabika Flores Bajawa"]
    yesterday = timezone.localdate() - timedelta(days=1)
    bajawa.certificates.filter(type="HALAL").update(expires_at=yesterday)
    manggarai = corpus.products["Kopi Arabika Flores Manggarai"]
    Certificate.objects.create(product=manggarai, type="HALAL", number="H-P")  # pending
    with django_capture_on_commit_callbacks(execute=True):
        assert certificates_expired_reindex.delay().get() == 1
    result = search_products(SearchQuery(text="kopi", certifications=("HALAL",)))
    assert result.total == 0
    assert [f.key for f in search_products(SearchQuery(text="kopi")).facets["certificate"]] == [
        "PIRT",
        "INDIKASI_GEOGRAFIS",
    ]


def test_a_sellers_certificate_counts_for_its_products(corpus):
    from catalog.models import Certificate
    from catalog.search.database import index_products

    malaka = corpus.sellers["53.21"]
    Certificate.objects.create(
        seller=malaka, type="NIB", number="NIB-1", status=Certificate.Status.APPROVED
    )
    index_products([p.pk for p in corpus.products.values() if p.seller_id == malaka.pk])
    result = search_products(SearchQuery(certifications=("NIB",)))
    assert sorted(names(corpus, result)) == [
        "Kacang mete Malaka",
        "Tepung kelor / kapsul kelor (BUMDes M'rian)",
    ]


def test_price_range_and_price_sort(corpus):
    result = search_products(
        SearchQuery(price_gte=50_000, price_lte=60_000, sort="PRICE", limit=100)
    )
    assert names(corpus, result) == [
        "Tepung kelor / kapsul kelor (BUMDes M'rian)",
        "Ikan asap Alor Besar",
        "Minyak kemiri Flores Timur",
    ]
    desc = search_products(SearchQuery(text="tenun", sort="PRICE", descending=True))
    assert names(corpus, desc)[0] == "Tenun ikat Sikka (natural dye)"


def test_an_unpublished_product_or_a_suspended_seller_disappears(corpus):
    from sellers.models import Seller

    corpus.products["Madu hutan Mutis"].__class__.objects.filter(
        pk=corpus.products["Madu hutan Mutis"].pk
    ).update(is_published=False)
    assert names(corpus, search_products(SearchQuery(text="madu"))) == [
        "Madu hutan Timor (Amfoang)"
    ]
    Seller.objects.filter(pk=corpus.sellers["53.09"].pk).update(status=Seller.Status.SUSPENDED)
    result = search_products(SearchQuery(text="kopi"))
    assert names(corpus, result) == ["Kopi Arabika Flores Manggarai"]
    assert sum(f.count for f in result.facets["regency"]) == 1


def test_pages_follow_each_other_and_a_page_past_the_end_is_empty(corpus):
    first = search_products(SearchQuery(limit=10, sort="NAME"))
    second = search_products(SearchQuery(limit=10, offset=10, sort="NAME"))
    past = search_products(SearchQuery(limit=10, offset=500))
    assert first.total == second.total == past.total == 22
    assert len(first.ids) == 10
    assert not set(first.ids) & set(second.ids)
    assert past.ids == []


def test_suggestions_come_with_a_thin_result(corpus):
    result = search_products(SearchQuery(text="vanil"))
    assert result.suggestions == ["Vanili Alor"]


def test_a_sentence_with_extra_words_still_ranks_the_best_match_first(corpus):
    result = search_products(SearchQuery(text="kopi enak dari Bajawa"))
    assert names(corpus, result)[0] == "Kopi Arabika Flores Bajawa"
    assert "Kopi Arabika Flores Manggarai" in names(corpus, result)
