import pytest

from catalog.models import Category
from sellers.models import Seller, SellerMember
from shop.roles import Role
from tests.graphql import gid_of

pytestmark = pytest.mark.django_db

PRODUCT = """
query($slug: String, $id: ID) {
  product(slug: $slug, id: $id) {
    id name isPublished isHalal nonHalalStatement minBuyerAge restrictionNote
    certificates { type status }
  }
}
"""


def test_published_product_is_public_by_slug_and_id(gql, make_product):
    product = make_product(published=True, category=Category.objects.get(slug="tenun-ikat"))
    by_slug = gql(PRODUCT, {"slug": product.slug})["data"]["product"]
    by_id = gql(PRODUCT, {"id": gid_of("Product", product.pk)})["data"]["product"]
    assert by_slug == by_id
    assert by_slug["name"] == product.name


def test_unpublished_product_is_hidden_from_the_public_but_not_from_its_seller(
    gql, make_product, make_user, pengurus, officer
):
    product = make_product()
    assert gql(PRODUCT, {"slug": product.slug})["data"]["product"] is None
    gql.login(make_user(Role.SELLER_MEMBER))
    assert gql(PRODUCT, {"slug": product.slug})["data"]["product"] is None
    gql.login(pengurus)
    assert gql(PRODUCT, {"slug": product.slug})["data"]["product"]["isPublished"] is False
    gql.login(officer)
    assert gql(PRODUCT, {"slug": product.slug})["data"]["product"]["name"] == product.name


def test_product_of_a_suspended_seller_is_never_public(gql, make_product, seller):
    product = make_product(published=True)
    Seller.objects.filter(pk=seller.pk).update(status=Seller.Status.SUSPENDED)
    assert gql(PRODUCT, {"slug": product.slug})["data"]["product"] is None


def test_sopi_carries_the_age_rule_and_the_non_halal_statement(gql, make_product):
    sopi = Category.objects.get(slug="sopi-moke")
    product = make_product(
        published=True,
        category=sopi,
        name="Sopi Kupang terstandar",
        is_halal=False,
        non_halal_statement="Minuman beralkohol, tidak halal.",
    )
    data = gql(PRODUCT, {"slug": product.slug})["data"]["product"]
    assert data["minBuyerAge"] == 21
    assert data["isHalal"] is False
    assert data["nonHalalStatement"] == "Minuman beralkohol, tidak halal."
    assert "Pergub NTT No. 44 Tahun 2019" in data["restrictionNote"]


def test_public_sees_only_approved_certificates_and_the_seller_sees_all(
    gql, make_product, approve, pengurus
):
    from catalog.models import Certificate

    product = make_product(published=True)
    approve(product, type="HALAL", number="ID53110000123450623")
    Certificate.objects.create(product=product, type="BPOM_MD", number="MD224131001234")
    assert gql(PRODUCT, {"slug": product.slug})["data"]["product"]["certificates"] == [
        {"type": "HALAL", "status": "APPROVED"}
    ]
    product.is_published = False
    product.save()
    gql.login(pengurus)
    certs = gql(PRODUCT, {"slug": product.slug})["data"]["product"]["certificates"]
    assert sorted(c["status"] for c in certs) == ["APPROVED", "PENDING"]


def test_pendamping_of_the_seller_sees_its_draft(gql, make_product, make_user, seller):
    from sellers.models import PendampingAssignment

    product = make_product()
    user = make_user(Role.PENDAMPING)
    PendampingAssignment.objects.create(seller=seller, user=user)
    gql.login(user)
    assert gql(PRODUCT, {"slug": product.slug})["data"]["product"]["name"] == product.name
    assert SellerMember.objects.count() == 0


def test_categories_list_the_taxonomy_with_rules(gql):
    rows = gql(
        "{ categories { slug name requiredCertificates halalApplicable minBuyerAge parent { slug } } }"
    )["data"]["categories"]
    by_slug = {r["slug"]: r for r in rows}
    assert {
        "tenun-dan-kain",
        "kopi",
        "pangan-olahan",
        "madu",
        "rumput-laut",
        "garam",
        "ikan-olahan",
        "minuman",
        "kerajinan",
        "kosmetik",
        "sopi-moke",
    } <= set(by_slug)
    assert by_slug["camilan-dan-kue"]["requiredCertificates"] == [["PIRT", "BPOM_MD"]]
    assert by_slug["camilan-dan-kue"]["halalApplicable"] is True
    assert by_slug["camilan-dan-kue"]["parent"] == {"slug": "pangan-olahan"}
    assert by_slug["kosmetik"]["requiredCertificates"] == [["BPOM_NA"]]
    assert by_slug["sopi-moke"]["minBuyerAge"] == 21
    assert by_slug["tenun-ikat"]["requiredCertificates"] == []


def test_public_certificates_leave_out_expired_ones(gql, make_product, approve):
    import datetime

    product = make_product(published=True, category=Category.objects.get(slug="tenun-ikat"))
    approve(product, type="HKI_MEREK", number="IDM000912345", expires_at=datetime.date(2020, 1, 1))
    approve(product, type="SNI", number="1234/LSPRO/2025", expires_at=datetime.date(2031, 1, 1))
    assert gql(PRODUCT, {"slug": product.slug})["data"]["product"]["certificates"] == [
        {"type": "SNI", "status": "APPROVED"}
    ]
