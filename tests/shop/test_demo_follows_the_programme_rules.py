"""Demo data follows the regulation (issue #14)."""

import io

import pytest
from django.core.management import call_command

from catalog.models import Certificate, Product, ProductAssessment, ProductEvent
from sellers.models import OpdAssignment, Seller, Village
from sellers.regions import village_kind

pytestmark = pytest.mark.django_db


def test_the_demo_follows_the_programme_rules():
    call_command("seed_demo", stdout=io.StringIO())
    designated = Product.objects.filter(ovop_status=Product.OvopStatus.DESIGNATED)
    assert designated.count() >= 2
    for product in designated:
        assert product.ovop_decree_issuer == "Dinas Pemberdayaan Masyarakat dan Desa Provinsi NTT"
        assert "DPMD" in product.ovop_decree_number
        assessment = ProductAssessment.objects.get(product=product)
        assert assessment.decision == "DESIGNATE"
        assert assessment.decided_by.email == "pmd@ovop.test"
        assert all(c["met"] and c["evidence"] for c in assessment.criteria.values())
        assert list(
            ProductEvent.objects.filter(product=product).values_list("kind", flat=True)
        ) == ["PROPOSED", "DESIGNATED"]
    candidates = Product.objects.filter(ovop_status=Product.OvopStatus.CANDIDATE)
    assert candidates.count() == 1
    waiting = ProductAssessment.objects.get(product=candidates.get())
    assert waiting.decision == ""
    assert waiting.proposed_by.email == "pendamping@ovop.test"
    for product in Product.objects.select_related("seller__zone"):
        zone = product.seller.zone
        inside = (
            set(zone.buffer_villages.values_list("code", flat=True))
            | set(zone.production_villages.values_list("code", flat=True))
            if zone
            else set()
        )
        assert set(product.buffer_villages.values_list("code", flat=True)) <= inside
    for seller in Seller.objects.filter(kind__in=("BUMDES", "BUMDES_BERSAMA")):
        assert village_kind(seller.village_id) == Village.Kind.DESA
    assert not Certificate.objects.filter(type="BPOM_ML", product__isnull=False).exists()
    sopi = Product.objects.filter(category__slug="sopi-moke")
    assert all(p.is_halal is False and p.non_halal_statement for p in sopi)
    assert OpdAssignment.objects.filter(user__email="opd@ovop.test", agency="LHK").count() == 1
