import pytest
from django.utils import timezone

from catalog.models import Product, ProductEvent

pytestmark = pytest.mark.django_db


def test_lembaga_proposes_from_its_portal_and_sees_the_stage(client, pengurus, make_product):
    product = make_product()
    client.force_login(pengurus)
    page = f"/portal/produk/{product.pk}/"
    response = client.post(page, {"action": "ovop_propose", "note": "Motif khas desa"})
    assert response.status_code == 302
    assert Product.objects.get(pk=product.pk).ovop_status == "CANDIDATE"
    html = client.get(page).content.decode()
    assert "Calon produk OVOP" in html
    assert "menunggu penilaian Dinas PMD" in html


def test_staff_assess_a_candidate_and_the_mark_shows_on_the_storefront(
    client, officer, make_product
):
    product = make_product(ovop_status=Product.OvopStatus.CANDIDATE, published=True)
    client.force_login(officer)
    queue = client.get("/portal/penilaian-ovop/").content.decode()
    assert product.name in queue
    form = {
        f"{key}{suffix}": value
        for key in (
            "raw_material_local",
            "raw_material_from_buffer_villages",
            "economic_value",
            "market_potential",
        )
        for suffix, value in (("_met", "on"), ("", "Bukti lapangan"), ("_note", ""))
    }
    future = (timezone.localdate() + timezone.timedelta(days=1)).isoformat()
    bad = client.post(
        f"/portal/penilaian-ovop/{product.pk}/",
        {**form, "decision": "DESIGNATE", "decree_number": "", "decree_date": future},
    )
    assert bad.status_code == 400
    assert "Nomor SK penetapan wajib diisi." in bad.content.decode()
    assert "Tanggal SK tidak boleh di masa depan." in bad.content.decode()
    assert Product.objects.get(pk=product.pk).ovop_status == "CANDIDATE"
    good = client.post(
        f"/portal/penilaian-ovop/{product.pk}/",
        {
            **form,
            "decision": "DESIGNATE",
            "decree_number": "188/2026",
            "decree_date": timezone.localdate().isoformat(),
            "decree_issuer": "Dinas PMD Provinsi NTT",
        },
    )
    assert good.status_code == 302
    assert ProductEvent.objects.get(product=product).kind == "DESIGNATED"
    client.logout()
    detail = client.get(f"/produk/{product.slug}/").content.decode()
    assert 'data-mark="ovop"' in detail
    assert "188/2026" in detail


def test_the_assessment_pages_are_for_programme_staff_only(client, pengurus, make_product):
    product = make_product(ovop_status=Product.OvopStatus.CANDIDATE)
    client.force_login(pengurus)
    assert client.get("/portal/penilaian-ovop/").status_code == 403
    assert client.get(f"/portal/penilaian-ovop/{product.pk}/").status_code == 403


def test_the_lembaga_reads_the_decline_reason_on_its_portal(
    client, officer, pengurus, make_product
):
    from catalog import services

    product = make_product(ovop_status=Product.OvopStatus.CANDIDATE)
    criteria = {
        key: {"met": False, "evidence": "Belum ada bukti"}
        for key in (
            "raw_material_local",
            "raw_material_from_buffer_villages",
            "economic_value",
            "market_potential",
        )
    }
    services.product_designate(
        user=officer,
        product=product,
        criteria=criteria,
        decision="DECLINE",
        note="Bahan baku masih dibeli dari luar zona.",
    )
    client.force_login(pengurus)
    html = client.get(f"/portal/produk/{product.pk}/").content.decode()
    assert "Tidak ditetapkan" in html
    assert "Bahan baku masih dibeli dari luar zona." in html
    assert "Usulkan sebagai calon produk OVOP" in html  # it may be proposed again
