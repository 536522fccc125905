"""``node(id:)`` follows the same visibility as ``product``: drafts and pending papers stay private."""

import pytest

from catalog.models import Certificate, ProductMedia
from tests.graphql import gid_of

pytestmark = pytest.mark.django_db

NODE = "query($id: ID!) { node(id: $id) { id } }"


def _node(gql, type_name, pk):
    return gql(NODE, {"id": gid_of(type_name, pk)})["data"]["node"]


def test_draft_product_and_its_parts_are_hidden_from_the_public(gql, make_product, pengurus):
    product = make_product()
    variant = product.variants.get()
    media = ProductMedia.objects.create(product=product, image="products/x.jpg", width=1, height=1)
    cert = Certificate.objects.create(product=product, type="HALAL", number="ID53110000123450623")
    for type_name, pk in (
        ("Product", product.pk),
        ("ProductVariant", variant.pk),
        ("ProductMedia", media.pk),
        ("Certificate", cert.pk),
    ):
        assert _node(gql, type_name, pk) is None
    gql.login(pengurus)
    for type_name, pk in (
        ("Product", product.pk),
        ("ProductVariant", variant.pk),
        ("ProductMedia", media.pk),
        ("Certificate", cert.pk),
    ):
        assert _node(gql, type_name, pk) == {"id": gid_of(type_name, pk)}


def test_published_product_is_a_public_node_but_pending_certificate_is_not(
    gql, make_product, approve
):
    product = make_product(published=True)
    approved = approve(product, type="HALAL", number="ID53110000123450623")
    pending = Certificate.objects.create(product=product, type="PIRT", number="206530701002330")
    assert _node(gql, "Product", product.pk) == {"id": gid_of("Product", product.pk)}
    assert _node(gql, "Certificate", approved.pk) == {"id": gid_of("Certificate", approved.pk)}
    assert _node(gql, "Certificate", pending.pk) is None


def test_certificate_node_is_public_only_as_the_product_page_shows_it(
    gql, make_product, make_seller, approve, pengurus, seller
):
    """An expired certificate, or an approved one of a lembaga not yet ACTIVE, was a public
    node although no public list shows it; now only who may preview the catalog sees it."""
    import datetime

    from django.utils import timezone

    product = make_product(published=True)
    expired = approve(
        product,
        type="PIRT",
        number="206530701002330",
        expires_at=timezone.localdate() - datetime.timedelta(days=1),
    )
    still_valid = approve(
        product, type="HALAL", number="ID53110000123450623", expires_at=timezone.localdate()
    )
    submitted = make_seller(status="SUBMITTED")
    unapproved_sellers = approve(seller=submitted, type="NIB", number="9120000012345")
    assert _node(gql, "Certificate", expired.pk) is None
    assert _node(gql, "Certificate", unapproved_sellers.pk) is None
    assert _node(gql, "Certificate", still_valid.pk) == {
        "id": gid_of("Certificate", still_valid.pk)
    }
    gql.login(pengurus)
    assert _node(gql, "Certificate", expired.pk) == {"id": gid_of("Certificate", expired.pk)}
    assert _node(gql, "Certificate", unapproved_sellers.pk) is None


def test_product_node_and_product_query_answer_the_same_certificates(
    gql, make_product, approve, pengurus
):
    """Its managers see every certificate of a published product, by slug or by node."""
    product = make_product(published=True)
    approve(product, type="HALAL", number="ID53110000123450623")
    Certificate.objects.create(product=product, type="BPOM_MD", number="MD224131001234")
    by_slug = "query($slug: String) { product(slug: $slug) { certificates { status } } }"
    by_node = "query($id: ID!) { node(id: $id) { ... on Product { certificates { status } } } }"

    def statuses():
        one = gql(by_slug, {"slug": product.slug})["data"]["product"]["certificates"]
        two = gql(by_node, {"id": gid_of("Product", product.pk)})["data"]["node"]["certificates"]
        assert sorted(c["status"] for c in one) == sorted(c["status"] for c in two)
        return sorted(c["status"] for c in one)

    assert statuses() == ["APPROVED"]
    gql.login(pengurus)
    assert statuses() == ["APPROVED", "PENDING"]
