"""Bad queries get a clear error (a ValidationError code) or an empty page, never a crash."""

import pytest
from django.core.exceptions import ValidationError

from catalog.search import SearchQuery, search_products, search_suggest
from tests.catalog.search_corpus import build_corpus

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(settings):
    settings.ELASTICSEARCH_URL = ""
    return build_corpus()


def error_codes(exc: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in exc.error_dict.items()}


def test_a_query_over_200_characters_is_refused_with_query_too_long(corpus):
    with pytest.raises(ValidationError) as exc:
        search_products(SearchQuery(text="tenun " * 40))
    assert error_codes(exc.value) == {"search": ["QUERY_TOO_LONG"]}
    assert "200" in exc.value.error_dict["search"][0].message


def test_exactly_200_characters_is_accepted(corpus):
    result = search_products(SearchQuery(text="madu " + "x" * 195))
    assert len("madu " + "x" * 195) == 200
    assert result.total == 2  # the long word matches nothing; any-word relaxes to "madu"


@pytest.mark.parametrize("text", ["", "   ", "!!!", "%_*'\"", "</>", "—…"])
def test_empty_or_symbol_only_text_is_no_text_filter(corpus, text):
    result = search_products(SearchQuery(text=text))
    assert result.total == 22
    assert result.suggestions == []


def test_tsquery_syntax_in_the_text_is_just_words(corpus):
    result = search_products(SearchQuery(text="madu & | ! :* <-> ( )"))
    assert result.total == 2


def test_unknown_filter_values_are_invalid_or_empty(corpus):
    with pytest.raises(ValidationError) as exc:
        search_products(
            SearchQuery(
                regency="Sikka",
                certifications=("HALAL", "SUPER"),
                sort="POPULAR",
                price_gte=-1,
                limit=0,
                offset=-5,
            )
        )
    assert error_codes(exc.value) == {
        "regency": ["INVALID"],
        "certifications": ["INVALID"],
        "sort": ["INVALID"],
        "price_gte": ["INVALID"],
        "offset": ["INVALID"],
        "limit": ["INVALID"],
    }
    # well-formed but unknown: an empty page
    assert search_products(SearchQuery(regency="53.99")).total == 0
    assert search_products(SearchQuery(category=999_999)).total == 0
    assert search_products(SearchQuery(seller=999_999)).total == 0
    empty = search_products(SearchQuery(regency="53.99"))
    assert empty.ids == []
    assert empty.facets == {"regency": [], "category": [], "certificate": [], "price": []}


def test_a_page_far_past_the_end_is_empty(corpus):
    result = search_products(SearchQuery(text="tenun", offset=1_000_000))
    assert (result.ids, result.total) == ([], 4)


def test_suggest_refuses_a_huge_text_and_ignores_symbols(corpus):
    with pytest.raises(ValidationError):
        search_suggest("k" * 201)
    assert search_suggest("?!") == []
    assert search_suggest("mad") == ["Madu hutan Mutis", "Madu hutan Timor (Amfoang)"]
