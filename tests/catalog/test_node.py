"""``node(id:)`` follows the same visibility as ``product``: drafts and pending papers stay private."""

import pytest

from catalog.models import Certificate, ProductMedia

from .conftest import gid

pytestmark = pytest.mark.django_db

NODE = "query($id: ID!) { node(id: $id) { id } }"


def _node(gql, type_name, pk):
    return gql(NODE, {"id": gid(type_name, pk)})["data"]["node"]


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
        assert _node(gql, type_name, pk) == {"id": gid(type_name, pk)}


def test_published_product_is_a_public_node_but_pending_certificate_is_not(
    gql, make_product, approve
):
    product = make_product(published=True)
    approved = approve(product, type="HALAL", number="ID53110000123450623")
    pending = Certificate.objects.create(product=product, type="PIRT", number="206530701002330")
    assert _node(gql, "Product", product.pk) == {"id": gid("Product", product.pk)}
    assert _node(gql, "Certificate", approved.pk) == {"id": gid("Certificate", approved.pk)}
    assert _node(gql, "Certificate", pending.pk) is None
