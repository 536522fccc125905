"""Legality corrections (issue #14): BPOM ML, alcohol and halal, rules changed in the admin."""

import pytest
from django.contrib.auth.models import Permission

from catalog import legality
from catalog.models import Category, Certificate, Product
from tests.graphql import gid_of

pytestmark = pytest.mark.django_db

CERT = """
mutation($input: CertificateCreateInput!) {
  certificateCreate(input: $input) { certificate { id } errors { field code message } }
}
"""


def test_bpom_ml_is_refused_for_a_village_product_in_both_languages(gql, pengurus, make_product):
    product = make_product()
    gql.login(pengurus)
    variables = {
        "input": {
            "product": gid_of("Product", product.pk),
            "type": "BPOM_ML",
            "number": "ML224131001234567",
            "expiresAt": "2030-01-01",
        }
    }
    data = gql(CERT, variables)["data"]["certificateCreate"]
    assert data["errors"] == [
        {
            "field": "type",
            "code": "BPOM_ML_NOT_FOR_VILLAGE_PRODUCTS",
            "message": "BPOM ML hanya untuk pangan impor; produk lembaga desa memakai BPOM MD "
            "atau P-IRT.",
        }
    ]
    gql.language = "en"
    data = gql(CERT, variables)["data"]["certificateCreate"]
    assert data["errors"][0]["message"] == (
        "BPOM ML is for imported food only; a village lembaga's product uses BPOM MD or P-IRT."
    )
    assert Certificate.objects.count() == 0


def test_md_and_pirt_stay_accepted(gql, pengurus, make_product):
    product = make_product()
    gql.login(pengurus)
    data = gql(
        CERT,
        {
            "input": {
                "product": gid_of("Product", product.pk),
                "type": "BPOM_MD",
                "number": "MD 224131001234",
                "expiresAt": "2030-01-01",
            }
        },
    )["data"]["certificateCreate"]
    assert data["errors"] == []


def test_no_category_requires_bpom_ml_any_more():
    for category in Category.objects.exclude(certificate_rules=None):
        assert all("BPOM_ML" not in group for group in category.certificate_rules)
    food = Category.objects.get(slug="pangan-olahan")
    assert food.certificate_rules == [["PIRT", "BPOM_MD"]]


def test_sopi_is_not_halal_applicable_and_21_plus():
    sopi = Category.objects.select_related("parent").get(slug="sopi-moke")
    assert sopi.is_alcoholic is True
    assert legality.category_halal_applicable(sopi) is False
    assert legality.category_min_buyer_age(sopi) == 21
    assert sopi.certificate_rules == [["BPOM_MD"]]


def test_an_alcoholic_category_without_an_age_still_means_21():
    parent = Category.objects.get(slug="minuman")
    moke = Category.objects.create(name="Moke", slug="moke", parent=parent, is_alcoholic=True)
    assert legality.category_min_buyer_age(moke) == 21


UPDATE = """mutation($id: ID!, $input: ProductFieldsInput!) { productUpdate(id: $id, input: $input) {
  product { isHalal nonHalalStatement halalCertified minBuyerAge } errors { field code message } } }"""


def test_sopi_cannot_be_declared_halal_and_always_carries_the_statement(
    gql, pengurus, make_product
):
    sopi = make_product(category=Category.objects.get(slug="sopi-moke"))
    gql.login(pengurus)
    data = gql(UPDATE, {"id": gid_of("Product", sopi.pk), "input": {"isHalal": True}})["data"][
        "productUpdate"
    ]
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("isHalal", "ALCOHOL_NOT_HALAL")]
    assert Product.objects.get(pk=sopi.pk).is_halal is None
    data = gql(UPDATE, {"id": gid_of("Product", sopi.pk), "input": {"motif": "-"}})["data"][
        "productUpdate"
    ]
    assert data["product"] == {
        "isHalal": False,
        "nonHalalStatement": "Minuman beralkohol. Produk ini tidak halal.",
        "halalCertified": False,
        "minBuyerAge": 21,
    }


def test_is_halal_is_the_statement_and_halal_certified_needs_an_approved_certificate(
    gql, pengurus, make_product, approve
):
    product = make_product(is_halal=True)
    gql.login(pengurus)
    query = "query($id: ID!) { product(id: $id) { isHalal halalCertified } }"
    seen = gql(query, {"id": gid_of("Product", product.pk)})["data"]["product"]
    assert seen == {"isHalal": True, "halalCertified": False}
    approve(product, type="HALAL", number="ID53110000123450623")
    seen = gql(query, {"id": gid_of("Product", product.pk)})["data"]["product"]
    assert seen == {"isHalal": True, "halalCertified": True}


def test_rules_changed_in_the_admin_withdraw_products_that_no_longer_qualify(
    client, make_user, make_product
):
    tenun = Category.objects.get(slug="tenun-ikat")
    product = make_product(category=tenun, published=True)
    admin = make_user(is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post(
        f"/admin/catalog/category/{tenun.pk}/change/",
        {
            "parent": tenun.parent_id,
            "name": tenun.name,
            "name_en": tenun.name_en,
            "slug": tenun.slug,
            "description": "",
            "position": tenun.position,
            "certificate_rules": '[["SNI"]]',
            "halal_applicable": "unknown",
            "min_buyer_age": "",
            "restriction_note": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Product.objects.get(pk=product.pk).is_published is False
    assert Permission.objects.exists()
