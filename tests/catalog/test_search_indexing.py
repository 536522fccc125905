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
from tests.graphql import gid_of

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


# -- the catalog's own mutations queue the index task -------------------------------
PRODUCTS = """
query($filter: ProductFilterInput) {
  products(filter: $filter, first: 100) { totalCount edges { node { id name } } }
}
"""
VARIANT_UPDATE = """
mutation($id: ID!, $input: ProductVariantUpdateInput!) {
  productVariantUpdate(id: $id, input: $input) { errors { field code message } }
}
"""
STOCK_SET = """
mutation($variant: ID!, $quantity: Int!) {
  productVariantStockSet(variant: $variant, quantity: $quantity, note: "Stok opname") {
    errors { field code message }
  }
}
"""
PUBLISH = """
mutation($id: ID!, $published: Boolean!) {
  productPublish(id: $id, published: $published) { errors { field code message } }
}
"""


@pytest.fixture
def indexed_tasks():
    """The product ids of every ``product_index`` run (observed through Celery's signal)."""
    from celery.signals import task_prerun

    runs: list[list[int]] = []

    def record(sender=None, args=None, kwargs=None, **_):
        if sender is not None and sender.name == "catalog.search.tasks.product_index":
            runs.append(list((args or [kwargs.get("product_ids")])[0]))

    task_prerun.connect(record, weak=False)
    yield runs
    task_prerun.disconnect(record)


@pytest.fixture
def jagung_manager(corpus, make_user, gql):
    from sellers.models import SellerMember
    from shop.roles import Role

    jagung = corpus.products["Jagung bose"]
    user = make_user(Role.SELLER_MEMBER, email="pengurus.jagung@contoh.id")
    SellerMember.objects.create(seller=jagung.seller, user=user, role=SellerMember.Role.PENGURUS)
    gql.login(user)
    return jagung


def listed(gql, **filter) -> list[str]:
    data = gql(PRODUCTS, {"filter": filter})["data"]["products"]
    return [edge["node"]["name"] for edge in data["edges"]]


def test_a_variant_price_update_through_graphql_reindexes_the_product(
    gql, jagung_manager, indexed_tasks, django_capture_on_commit_callbacks
):
    jagung = jagung_manager
    assert "Jagung bose" not in listed(gql, priceGte=500_000)
    variant = jagung.variants.get()
    with django_capture_on_commit_callbacks(execute=True):
        data = gql(
            VARIANT_UPDATE,
            {"id": gid_of("ProductVariant", variant.pk), "input": {"price": 600_000}},
        )["data"]["productVariantUpdate"]
    assert data["errors"] == []
    assert "Jagung bose" in listed(gql, priceGte=500_000)  # the stored search price moved
    assert indexed_tasks == [[jagung.pk]]


def test_stock_set_through_graphql_reindexes_the_product(
    gql, jagung_manager, indexed_tasks, django_capture_on_commit_callbacks
):
    # The database backend reads stock live; Elasticsearch stores ``in_stock`` in the
    # document, so the index task must run on every stock change: asserted below.
    jagung = jagung_manager
    variant = gid_of("ProductVariant", jagung.variants.get().pk)
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            gql(STOCK_SET, {"variant": variant, "quantity": 5})["data"]["productVariantStockSet"][
                "errors"
            ]
            == []
        )
    assert "Jagung bose" in listed(gql, inStock=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            gql(STOCK_SET, {"variant": variant, "quantity": 0})["data"]["productVariantStockSet"][
                "errors"
            ]
            == []
        )
    assert indexed_tasks == [[jagung.pk], [jagung.pk]]
    assert "Jagung bose" not in listed(gql, inStock=True)
    assert "Jagung bose" in listed(gql)


def test_unpublishing_through_graphql_reindexes_and_hides_the_product(
    gql, jagung_manager, indexed_tasks, django_capture_on_commit_callbacks
):
    jagung = jagung_manager
    assert "Jagung bose" in listed(gql, search="jagung")
    with django_capture_on_commit_callbacks(execute=True):
        data = gql(PUBLISH, {"id": gid_of("Product", jagung.pk), "published": False})["data"][
            "productPublish"
        ]
    assert data["errors"] == []
    assert indexed_tasks == [[jagung.pk]]
    assert "Jagung bose" not in listed(gql, search="jagung")
    assert "Jagung bose" not in listed(gql)
