import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from graphql_relay import offset_to_cursor

from catalog.models import Category, ProductMedia, Stock
from catalog.search.database import index_products
from catalog.services import stock_location_ensure_for_seller
from sellers.models import Seller
from tests.graphql import gid_of

pytestmark = pytest.mark.django_db

PRODUCTS = """
query($first: Int, $after: String, $filter: ProductFilterInput, $sortBy: ProductSortingInput) {
  products(first: $first, after: $after, filter: $filter, sortBy: $sortBy) {
    totalCount
    pageInfo { hasNextPage endCursor }
    facets { name values { key label count } }
    edges { node {
      id name slug isAvailable
      category { name requiredCertificates }
      seller { id name village { name district { regency { name } } } zone { name } }
      originVillage { name }
      bufferVillages { name }
      pricing { priceRange { start { amount } stop { amount } } discounted { amount } }
      certificates { type number expiresAt status }
      media { url thumbnailUrl alt }
      variants { sku price { amount } quantityAvailable }
    } }
  }
}
"""


@pytest.fixture
def catalogue(make_product, approve, seller):
    def make(n):
        location = stock_location_ensure_for_seller(seller=seller)
        products = []
        for i in range(n):
            product = make_product(
                published=True,
                name=f"Produk {i:02d}",
                price=10_000 + i * 1000,
                category=Category.objects.get(slug="tenun-ikat"),
            )
            product.buffer_villages.set(["53.07.01.2003"])
            approve(
                product,
                type="HKI_MEREK",
                number="IDM000912345",
                expires_at=datetime.date(2034, 1, 1),
            )
            variant = product.variants.get()
            Stock.objects.create(variant=variant, location=location, quantity=i)
            ProductMedia.objects.create(product=product, image="products/x.jpg", width=1, height=1)
            products.append(product)
        # What the after-commit indexing task does in production.
        index_products([p.pk for p in products])
        return products

    return make


def _count(gql, variables):
    with CaptureQueriesContext(connection) as ctx:
        data = gql(PRODUCTS, variables)
    assert "errors" not in data, data
    return len(ctx.captured_queries), data["data"]["products"]


def test_product_list_costs_the_same_queries_for_one_or_many_products(gql, catalogue):
    catalogue(12)
    gql(PRODUCTS, {"first": 1})  # warms the cached facet labels (regency and category names)
    one, page = _count(gql, {"first": 1})
    assert len(page["edges"]) == 1
    many, page = _count(gql, {"first": 12})
    assert len(page["edges"]) == 12
    assert one == many
    assert many <= 14  # 12, one for the running campaigns (pricing.discounted), one for zones


def test_product_list_pages_with_cursors_and_counts(gql, catalogue):
    catalogue(5)
    data = gql(PRODUCTS, {"first": 2, "sortBy": {"field": "NAME", "direction": "ASC"}})["data"][
        "products"
    ]
    assert data["totalCount"] == 5
    assert [e["node"]["name"] for e in data["edges"]] == ["Produk 00", "Produk 01"]
    assert data["pageInfo"]["hasNextPage"] is True
    data = gql(
        PRODUCTS,
        {
            "first": 2,
            "after": data["pageInfo"]["endCursor"],
            "sortBy": {"field": "NAME", "direction": "ASC"},
        },
    )["data"]["products"]
    assert [e["node"]["name"] for e in data["edges"]] == ["Produk 02", "Produk 03"]


def test_product_list_node_carries_the_contract_fields(gql, catalogue):
    catalogue(2)
    node = gql(PRODUCTS, {"first": 1, "sortBy": {"field": "PRICE", "direction": "DESC"}})["data"][
        "products"
    ]["edges"][0]["node"]
    assert node["name"] == "Produk 01"
    assert node["isAvailable"] is True
    assert node["pricing"] == {
        "priceRange": {"start": {"amount": 11000}, "stop": {"amount": 11000}},
        "discounted": None,
    }
    assert node["certificates"] == [
        {
            "type": "HKI_MEREK",
            "number": "IDM000912345",
            "expiresAt": "2034-01-01",
            "status": "APPROVED",
        }
    ]
    assert node["variants"][0]["quantityAvailable"] == 1
    assert node["originVillage"] == {"name": "Masabewa"}
    assert node["seller"]["village"]["district"]["regency"]["name"].endswith("Sikka")


def test_unpublished_and_inactive_seller_products_are_not_listed(
    gql, catalogue, make_product, seller
):
    catalogue(2)
    make_product(name="Draf")
    assert gql(PRODUCTS, {"first": 20})["data"]["products"]["totalCount"] == 2
    Seller.objects.filter(pk=seller.pk).update(status=Seller.Status.SUSPENDED)
    assert gql(PRODUCTS, {"first": 20})["data"]["products"]["totalCount"] == 0


def test_filters_in_stock_price_and_category(gql, catalogue):
    catalogue(4)  # stock 0..3, prices 10.000..13.000

    def rows(f):
        return [
            e["node"]["name"]
            for e in gql(PRODUCTS, {"first": 20, "filter": f, "sortBy": {"field": "NAME"}})["data"][
                "products"
            ]["edges"]
        ]

    assert rows({"inStock": True}) == ["Produk 01", "Produk 02", "Produk 03"]
    assert rows({"priceGte": 11000, "priceLte": 12000}) == ["Produk 01", "Produk 02"]
    assert rows({"category": gid_of("Category", Category.objects.get(slug="kopi").pk)}) == []
    assert rows({"regency": "53.07", "search": "Produk 03"}) == ["Produk 03"]


def test_unknown_filter_id_is_a_not_found_error(gql):
    data = gql(PRODUCTS, {"first": 20, "filter": {"category": "bukan-id"}})
    assert data["errors"][0]["extensions"] == {"code": "NOT_FOUND", "field": "category"}


def test_invalid_cursor_is_an_invalid_error(gql):
    data = gql(PRODUCTS, {"first": 5, "after": "bukan-kursor"})
    assert data["errors"][0]["extensions"] == {"code": "INVALID", "field": "after"}


def test_products_default_to_relevance_order_and_search_text(gql, catalogue):
    catalogue(3)
    data = gql(PRODUCTS, {"first": 10, "filter": {"search": "Produk 02"}})["data"]["products"]
    assert [e["node"]["name"] for e in data["edges"]] == ["Produk 02"]
    assert data["totalCount"] == 1


def test_too_long_search_is_a_query_too_long_error(gql):
    data = gql(PRODUCTS, {"first": 5, "filter": {"search": "x" * 201}})
    assert data["data"] is None or data["data"]["products"] is None
    assert data["errors"][0]["extensions"] == {"code": "QUERY_TOO_LONG", "field": "search"}
    assert "200" in data["errors"][0]["message"]


def test_bad_regency_is_an_invalid_error_on_the_regency_field(gql):
    data = gql(PRODUCTS, {"first": 5, "filter": {"regency": "Sikka"}})
    assert data["errors"][0]["extensions"] == {"code": "INVALID", "field": "regency"}
    assert data["errors"][0]["message"] == "Kode kabupaten/kota tidak valid, contoh: 53.07."


def test_negative_price_error_field_is_camel_cased(gql):
    data = gql(PRODUCTS, {"first": 5, "filter": {"priceGte": -1}})
    assert data["errors"][0]["extensions"] == {"code": "INVALID", "field": "priceGte"}


def test_huge_cursor_offset_is_an_invalid_error(gql):
    data = gql(PRODUCTS, {"first": 5, "after": offset_to_cursor(10**20)})
    assert data["errors"][0]["extensions"] == {"code": "INVALID", "field": "after"}


def test_filters_zone_seller_certifications_category_and_newest_first(
    gql, make_product, make_seller, approve
):
    from sellers.models import Zone

    zone = Zone.objects.create(
        regency_id="53.07", name="Klaster Tenun Nita", slug="klaster-tenun-nita", commodity="Tenun"
    )
    in_zone = make_seller(zone=zone, name="Kelompok Tenun Nita")
    other = make_seller(name="BUMDes Lain")
    tenun = Category.objects.get(slug="tenun-ikat")
    kopi = Category.objects.get(slug="kopi-biji-mentah")
    sarung = make_product(seller=in_zone, category=tenun, published=True, name="Sarung Nita")
    selendang = make_product(seller=other, category=tenun, published=True, name="Selendang")
    beans = make_product(seller=other, category=kopi, published=True, name="Green bean Bajawa")
    approve(
        selendang, type="HKI_MEREK", number="IDM000912345", expires_at=datetime.date(2034, 1, 1)
    )
    for days, product in enumerate([sarung, selendang, beans]):
        type(product).objects.filter(pk=product.pk).update(
            created_at=datetime.datetime(2026, 1, 1 + days, tzinfo=datetime.UTC)
        )
    index_products([sarung.pk, selendang.pk, beans.pk])

    def rows(f, sort=None):
        data = gql(PRODUCTS, {"first": 20, "filter": f, "sortBy": sort or {"field": "NAME"}})
        assert "errors" not in data, data
        return [e["node"]["name"] for e in data["data"]["products"]["edges"]]

    assert rows({"zone": gid_of("Zone", zone.pk)}) == ["Sarung Nita"]
    assert rows({"seller": gid_of("Seller", other.pk)}) == ["Green bean Bajawa", "Selendang"]
    assert rows({"certifications": ["HKI_MEREK"]}) == ["Selendang"]
    assert rows({"category": gid_of("Category", tenun.pk)}) == ["Sarung Nita", "Selendang"]
    assert rows({"category": gid_of("Category", tenun.parent_id)}) == ["Sarung Nita", "Selendang"]
    assert rows({}, {"field": "CREATED", "direction": "DESC"}) == [
        "Green bean Bajawa",
        "Selendang",
        "Sarung Nita",
    ]
    assert rows({}, {"field": "CREATED", "direction": "ASC"}) == [
        "Sarung Nita",
        "Selendang",
        "Green bean Bajawa",
    ]
