"""Who may run each catalog operation: one table (actor -> allowed operations), one test per
(actor, operation) generated from it (tests/authz.py has the cast and the rule).

Every product, variant and certificate belongs to lembaga A and is published, so every
actor sees it: a denied actor gets PERMISSION_DENIED and nothing changes.
"""

import pytest
from django.utils import timezone

from catalog.models import Category, Certificate, Product, ProductVariant, Stock
from tests.authz import cell_check, cells, operation
from tests.factories import CertificateFactory, ProductFactory, ProductVariantFactory
from tests.graphql import gid

pytestmark = pytest.mark.django_db

MANAGE = {
    "productCreate",
    "productUpdate",
    "productVariantCreate",
    "productVariantUpdate",
    "productVariantStockSet",
    "productPublish",
    "certificateCreate",
    "productAssessmentSubmit",
}
PROGRAMME = {"certificateReview", "categoryRulesUpdate", "productDesignate"}

# The table: actor -> the catalog operations it may run on lembaga A's catalog.
ALLOWED: dict[str, set[str]] = {
    "staff_a": MANAGE,
    "pengurus_a": MANAGE,
    "pendamping_a": MANAGE,
    # REVIEW_CERTIFICATES, MANAGE_CATALOG_RULES, DESIGNATE_OVOP_PRODUCTS; never the
    # lembaga's own listing.
    "programme_officer": PROGRAMME,
    "superuser": MANAGE | PROGRAMME,
}


def _product(cast, **extra):
    return ProductFactory(seller=cast.seller_a, name="Jagung titi A", **extra)


def _variant(cast):
    return ProductVariantFactory(product=_product(cast), sku="A-1", price=25_000)


def _fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def _create_setup(cast):
    food = Category.objects.get(slug="camilan-dan-kue")
    variables = {"i": {"seller": gid(cast.seller_a), "category": gid(food), "name": "Kopi A"}}
    return variables, None


def _variant_create_setup(cast):
    product = _product(cast)
    return {"i": {"product": gid(product), "sku": "A-NEW", "price": 30_000}}, product


def _certificate_setup(cast):
    variables = {"i": {"seller": gid(cast.seller_a), "type": "NIB", "number": "9120012345678"}}
    return variables, cast.seller_a


def _pending_certificate(cast):
    cert = CertificateFactory(
        product=_product(cast), status=Certificate.Status.PENDING, reviewed_at=None
    )
    return {"id": gid(cert)}, cert


def _criteria():
    return {
        "rawMaterialLocal": {"met": True, "evidence": "Jagung desa"},
        "rawMaterialFromBufferVillages": {"met": True, "evidence": "Jagung desa penyangga"},
        "economicValue": {"met": True, "evidence": "30 petani"},
        "marketPotential": {"met": True, "evidence": "Pesanan NTT Mart"},
    }


def _candidate(cast):
    product = _product(cast, ovop_status=Product.OvopStatus.CANDIDATE)
    return {"p": gid(product), "c": _criteria()}, product


def _designate_setup(cast):
    variables, product = _candidate(cast)
    return {**variables, "d": timezone.localdate().isoformat()}, product


OPS = {
    "productCreate": operation(
        "productCreate",
        "($i: ProductCreateInput!) | (input: $i)",
        _create_setup,
        lambda _: Product.objects.filter(name="Kopi A").exists(),
    ),
    "productUpdate": operation(
        "productUpdate",
        '($id: ID!) | (id: $id, input: {name: "Jagung titi baru"})',
        lambda cast: ({"id": gid(p := _product(cast))}, p),
        lambda p: _fresh(p).name == "Jagung titi baru",
    ),
    "productVariantCreate": operation(
        "productVariantCreate",
        "($i: ProductVariantCreateInput!) | (input: $i)",
        _variant_create_setup,
        lambda p: ProductVariant.objects.filter(product=p, sku="A-NEW").exists(),
    ),
    "productVariantUpdate": operation(
        "productVariantUpdate",
        "($id: ID!) | (id: $id, input: {price: 26000})",
        lambda cast: ({"id": gid(v := _variant(cast))}, v),
        lambda v: _fresh(v).price == 26_000,
    ),
    "productVariantStockSet": operation(
        "productVariantStockSet",
        "($v: ID!) | (variant: $v, quantity: 7)",
        lambda cast: ({"v": gid(v := _variant(cast))}, v),
        lambda v: list(Stock.objects.filter(variant=v).values_list("quantity", flat=True)) == [7],
    ),
    "productPublish": operation(
        "productPublish",
        "($id: ID!) | (id: $id, published: false)",
        lambda cast: ({"id": gid(p := _product(cast))}, p),
        lambda p: _fresh(p).is_published is False,
    ),
    "certificateCreate": operation(
        "certificateCreate",
        "($i: CertificateCreateInput!) | (input: $i)",
        _certificate_setup,
        lambda seller: Certificate.objects.filter(seller=seller, type="NIB").exists(),
    ),
    "certificateReview": operation(
        "certificateReview",
        "($id: ID!) | (id: $id, decision: APPROVE)",
        _pending_certificate,
        lambda cert: _fresh(cert).status == Certificate.Status.APPROVED,
    ),
    "categoryRulesUpdate": operation(
        "categoryRulesUpdate",
        "($id: ID!) | (id: $id, input: {minBuyerAge: 21})",
        lambda cast: ({"id": gid(c := Category.objects.get(slug="camilan-dan-kue"))}, c),
        lambda c: _fresh(c).min_buyer_age == 21,
    ),
    "productAssessmentSubmit": operation(
        "productAssessmentSubmit",
        "($p: ID!) | (product: $p)",
        lambda cast: ({"p": gid(p := _product(cast))}, p),
        lambda p: _fresh(p).ovop_status == Product.OvopStatus.CANDIDATE,
    ),
    "productDesignate": operation(
        "productDesignate",
        "($p: ID!, $c: OvopCriteriaInput!, $d: Date) | (product: $p, criteria: $c, "
        'decision: DESIGNATE, decreeNumber: "188.45/Kep/DPMD/2026", decreeDate: $d)',
        _designate_setup,
        lambda p: _fresh(p).ovop_status == Product.OvopStatus.DESIGNATED,
    ),
}


@pytest.mark.parametrize(("actor", "op"), cells(ALLOWED, OPS))
def test_catalog_matrix(gql, actor, op):
    cell_check(gql, OPS, ALLOWED, {}, actor, op)
