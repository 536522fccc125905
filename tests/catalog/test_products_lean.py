"""Issue #15: the ``products`` query pays only for what it is asked (facets, the total),
parses a document once, costs the same queries at 1 and at 100 rows; a text search
counts exactly up to COUNT_CAP matches, then says "10.000+"; storefront pages stay
under 100 KB before images."""

import pytest

import catalog.search.backends as search_backends
import shop.graphql.views as graphql_views
from catalog.search import COUNT_CAP, SearchQuery, search_products
from catalog.search.database import index_products
from tests.factories import ProductFactory, ProductVariantFactory, SellerFactory
from tests.graphql import queries_and_data

pytestmark = pytest.mark.django_db

PAGE = """query($first: Int) { products(first: $first, sortBy: {field: NAME}) {
  totalCount edges { node { id name slug seller { name } category { name }
  originVillage { name } variants { sku price { amount } } } } } }"""
BARE = """query($first: Int, $after: String) { products(first: $first, after: $after,
  sortBy: {field: NAME}) { pageInfo { hasNextPage } edges { node { name } } } }"""
FACETS = """{ products(first: 2) { totalCount facets { name values { key count } } } }"""
CAPPED = """query($q: String) { products(filter: {search: $q}) { totalCount totalCountCapped
  facets { name values { key count } } } }"""


def _products(n: int, name: str = "Kopi Bajawa") -> list:
    sellers = SellerFactory.create_batch(3)
    products = []
    for i in range(n):
        product = ProductFactory(seller=sellers[i % 3], name=f"{name} {i:03d}")
        ProductVariantFactory(product=product, price=50_000 + i)
        products.append(product)
    index_products([p.pk for p in products])
    return products


@pytest.fixture
def searched(monkeypatch):
    """The SearchQuery of every search the request made."""
    seen: list[SearchQuery] = []
    backend = search_backends.get_backend

    class Spy:
        def __getattr__(self, name):
            return getattr(backend(), name)

        def search(self, query):
            seen.append(query)
            return backend().search(query)

    monkeypatch.setattr(search_backends, "get_backend", Spy)
    return seen


def test_queries_are_the_same_at_1_and_at_100_rows(gql):
    _products(100)
    gql(PAGE, {"first": 1})  # warms the per-process caches
    one, data = queries_and_data(gql, PAGE, {"first": 1})
    assert len(data["products"]["edges"]) == 1
    hundred, data = queries_and_data(gql, PAGE, {"first": 100})
    assert len(data["products"]["edges"]) == 100
    assert data["products"]["totalCount"] == 100
    assert one == hundred


def test_facets_and_total_are_computed_only_when_selected(gql, searched):
    _products(3)
    gql(BARE, {"first": 2})
    assert searched[-1].with_facets is False
    assert searched[-1].with_total is False
    assert searched[-1].with_suggestions is False
    answer = gql(FACETS)
    assert searched[-1].with_facets is True
    assert searched[-1].with_total is True
    facets = {f["name"]: f["values"] for f in answer["data"]["products"]["facets"]}
    assert sum(v["count"] for v in facets["price"]) == 3


def test_a_fragment_selecting_facets_counts_as_selected(gql, searched):
    _products(2)
    answer = gql(
        """{ products(first: 1) { ...Counted ... on ProductCountableConnection {
             edges { node { name } } } } }
           fragment Counted on ProductCountableConnection { totalCountCapped
             facets { name values { count } } }"""
    )
    assert searched[-1].with_facets is True
    assert searched[-1].with_total is True
    assert answer["data"]["products"]["totalCountCapped"] is False


def test_without_the_total_the_next_page_is_still_known_exactly(gql):
    _products(4)
    page = gql(BARE, {"first": 2})["data"]["products"]
    assert page["pageInfo"]["hasNextPage"] is True
    assert [e["node"]["name"] for e in page["edges"]] == ["Kopi Bajawa 000", "Kopi Bajawa 001"]
    # the last two rows: exactly at the end, no next page
    after = gql(BARE, {"first": 2, "after": "YXJyYXljb25uZWN0aW9uOjE="})["data"]["products"]
    assert [e["node"]["name"] for e in after["edges"]] == ["Kopi Bajawa 002", "Kopi Bajawa 003"]
    assert after["pageInfo"]["hasNextPage"] is False
    whole = gql(BARE, {"first": 4})["data"]["products"]
    assert whole["pageInfo"]["hasNextPage"] is False


def test_a_document_is_parsed_once(gql, monkeypatch):
    graphql_views.parsed_cached.cache_clear()
    graphql_views.validated_cached.cache_clear()
    calls = []
    parse = graphql_views.parse
    monkeypatch.setattr(graphql_views, "parse", lambda text: calls.append(text) or parse(text))
    _products(1)
    gql(BARE, {"first": 1})
    assert calls == [BARE]
    gql(BARE, {"first": 1})  # the same text again: parsed and validated before
    assert calls == [BARE]
    # a text past the cached length: parsed once per request, never kept
    long_text = BARE + " " * graphql_views.CACHED_QUERY_LENGTH
    gql(long_text, {"first": 1})
    gql(long_text, {"first": 1})
    assert calls == [BARE, long_text, long_text]
    assert graphql_views.parsed_cached.cache_info().currsize == 1


def test_counts_are_exact_up_to_the_cap_then_capped(gql, monkeypatch):
    assert COUNT_CAP == 10_000
    monkeypatch.setattr("catalog.search.database.COUNT_CAP", 3)
    _products(3, name="Madu hutan")
    _products(4, name="Tenun ikat")
    exactly = search_products(SearchQuery(text="madu"))
    assert (exactly.total, exactly.total_capped) == (3, False)
    over = search_products(SearchQuery(text="tenun"))
    assert (over.total, over.total_capped) == (3, True)
    assert len(over.ids) == 4  # the page ranks the COUNT_CAP + 1 candidates read
    assert all(f.count <= 3 for facet in over.facets.values() for f in facet)
    answer = gql(CAPPED, {"q": "tenun"})["data"]["products"]
    assert (answer["totalCount"], answer["totalCountCapped"]) == (3, True)
    answer = gql(CAPPED, {"q": "madu"})["data"]["products"]
    assert (answer["totalCount"], answer["totalCountCapped"]) == (3, False)
    # browsing (no text) counts from the count table: exact at any size
    browse = search_products(SearchQuery())
    assert (browse.total, browse.total_capped) == (7, False)


def test_an_explicit_order_sorts_every_match_past_the_cap(monkeypatch):
    monkeypatch.setattr("catalog.search.database.COUNT_CAP", 2)
    products = _products(6, name="Tenun ikat")
    last = products[-1].pk  # "Tenun ikat 005", written last
    by_name = search_products(SearchQuery(text="tenun", sort="NAME", descending=True))
    assert (by_name.total, by_name.total_capped) == (2, True)
    assert by_name.ids[:2] == [last, products[-2].pk]
    by_price = search_products(SearchQuery(text="tenun", sort="PRICE", descending=True))
    assert by_price.ids[0] == last  # the dearest of all six (50,005)
    # relevance ranks the 3 candidates read (equal ranks: by name)
    ranked = search_products(SearchQuery(text="tenun"))
    assert len(ranked.ids) == 3


def test_the_product_list_says_10000_plus_past_the_cap(client, monkeypatch):
    monkeypatch.setattr("catalog.search.database.COUNT_CAP", 3)
    _products(3, name="Madu hutan")
    _products(4, name="Tenun ikat")
    page = client.get("/produk/", {"q": "tenun"}).content.decode()
    assert "3+ produk" in page
    page = client.get("/produk/", {"q": "madu"}).content.decode()
    assert "3 produk" in page
    assert "3+ produk" not in page


def test_storefront_pages_are_under_100_kb_before_images(client):
    products = _products(24)
    listing = client.get("/produk/")
    assert listing.status_code == 200
    assert listing.content.count(b"Kopi Bajawa") >= 24
    assert len(listing.content) < 100 * 1024
    detail = client.get(f"/produk/{products[0].slug}/")
    assert detail.status_code == 200
    assert len(detail.content) < 100 * 1024
