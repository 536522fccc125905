import pytest

from catalog.models import ProductVariant
from tests.graphql import gid_of

pytestmark = pytest.mark.django_db

CREATE = """
mutation($input: ProductVariantCreateInput!) {
  productVariantCreate(input: $input) {
    variant { id sku name price { amount currency } weightGrams quantityAvailable }
    errors { field code message }
  }
}
"""
UPDATE = """
mutation($id: ID!, $input: ProductVariantUpdateInput!) {
  productVariantUpdate(id: $id, input: $input) {
    variant { sku price { amount } }
    errors { field code message }
  }
}
"""


def _create(gql, product, **extra):
    input = {
        "product": gid_of("Product", product.pk),
        "sku": "jt-250",
        "name": "250 g",
        "price": 35000,
        "weightGrams": 300,
    }
    return gql(CREATE, {"input": {**input, **extra}})["data"]["productVariantCreate"]


def test_pengurus_adds_a_variant_in_whole_rupiah(gql, pengurus, make_product):
    product = make_product(price=None)
    gql.login(pengurus)
    data = _create(gql, product)
    assert data["errors"] == []
    assert data["variant"]["sku"] == "JT-250"
    assert data["variant"]["price"] == {"amount": 35000, "currency": "IDR"}
    assert data["variant"]["weightGrams"] == 300
    assert data["variant"]["quantityAvailable"] == 0


def test_duplicate_sku_is_a_field_error(gql, pengurus, make_product):
    product = make_product(price=None)
    gql.login(pengurus)
    _create(gql, product)
    data = _create(gql, product, sku="JT-250 ")
    assert data["errors"] == [
        {"field": "sku", "code": "UNIQUE", "message": "SKU JT-250 sudah dipakai."}
    ]
    assert ProductVariant.objects.count() == 1


def test_negative_price_and_weight_are_refused(gql, pengurus, make_product):
    product = make_product(price=None)
    gql.login(pengurus)
    data = _create(gql, product, price=-1, weightGrams=-5)
    assert sorted((e["field"], e["code"]) for e in data["errors"]) == [
        ("price", "NEGATIVE"),
        ("weightGrams", "NEGATIVE"),
    ]
    assert ProductVariant.objects.count() == 0


def test_outsider_cannot_add_variants(gql, make_user, make_product):
    product = make_product(price=None)
    gql.login(make_user())
    assert _create(gql, product)["errors"][0]["code"] == "PERMISSION_DENIED"


def test_variant_update_changes_price_and_keeps_sku_unique(gql, pengurus, make_product):
    product = make_product(price=None)
    gql.login(pengurus)
    first = _create(gql, product)["variant"]
    _create(gql, product, sku="JT-500")
    data = gql(UPDATE, {"id": first["id"], "input": {"price": 40000}})["data"][
        "productVariantUpdate"
    ]
    assert data == {"variant": {"sku": "JT-250", "price": {"amount": 40000}}, "errors": []}
    data = gql(UPDATE, {"id": first["id"], "input": {"sku": "jt-500"}})["data"][
        "productVariantUpdate"
    ]
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("sku", "UNIQUE")]


def test_zero_price_is_refused_on_create_and_update(gql, pengurus, make_product):
    product = make_product(price=None)
    gql.login(pengurus)
    data = _create(gql, product, price=0)
    assert data["variant"] is None
    assert data["errors"] == [
        {"field": "price", "code": "INVALID", "message": "Harga paling sedikit Rp 1."}
    ]
    assert ProductVariant.objects.count() == 0
    variant = _create(gql, product)["variant"]
    data = gql(UPDATE, {"id": variant["id"], "input": {"price": 0}})["data"]["productVariantUpdate"]
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("price", "INVALID")]
    assert ProductVariant.objects.get().price == 35000
