"""The storefront search box and its suggestions endpoint."""

import pytest

from tests.catalog.search_corpus import build_corpus

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(settings):
    settings.ELASTICSEARCH_URL = ""
    return build_corpus()


def test_every_page_has_a_search_box_sending_q_to_the_product_list(client):
    html = client.get("/").content.decode()
    assert '<form class="search" role="search" method="get" action="/produk/"' in html
    assert 'name="q"' in html
    assert 'data-suggest-url="/cari/saran/"' in html
    assert 'maxlength="200"' in html


def test_suggestions_answer_json_product_names(client, corpus):
    response = client.get("/cari/saran/", {"q": "kop"})
    assert response.status_code == 200
    assert response.json() == {
        "query": "kop",
        "suggestions": ["Kopi Arabika Flores Bajawa", "Kopi Arabika Flores Manggarai"],
    }


def test_suggestions_correct_a_misspelling(client, corpus):
    response = client.get("/cari/saran/", {"q": "vanilli"})
    assert response.json()["suggestions"] == ["Vanili Alor"]


def test_suggestions_for_nothing_or_symbols_are_empty(client, corpus):
    assert client.get("/cari/saran/").json() == {"query": "", "suggestions": []}
    assert client.get("/cari/saran/", {"q": "%%%"}).json()["suggestions"] == []


def test_a_huge_query_answers_400_with_the_code(client, corpus):
    response = client.get("/cari/saran/", {"q": "a" * 300})
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "QUERY_TOO_LONG"
    assert response.json()["errors"][0]["field"] == "search"
