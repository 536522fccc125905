import io

import pytest
from django.core.management import call_command

from sellers.models import Seller, SellerEvent, Zone

pytestmark = pytest.mark.django_db


def test_seed_demo_grows_lembaga_in_several_kabupaten_and_is_idempotent():
    call_command("seed_demo", stdout=io.StringIO())
    first = sorted(Seller.objects.values_list("nib", "status", "slug"))
    events = SellerEvent.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert sorted(Seller.objects.values_list("nib", "status", "slug")) == first
    assert SellerEvent.objects.count() == events
    assert Zone.objects.count() == 14
    assert {s.regency_code for s in Seller.objects.all()} == {
        "53.01",
        "53.02",
        "53.05",
        "53.06",
        "53.07",
        "53.09",
        "53.10",
        "53.14",
        "53.21",
        "53.71",
    }
    assert Seller.objects.filter(status="ACTIVE").count() == 12
    for seller in Seller.objects.select_related("zone", "village"):
        assert seller.zone.regency_id == seller.regency_code
        assert seller.zone.production_villages.filter(code=seller.village_id).exists()
    lepo = Seller.objects.get(slug="kelompok-tenun-ikat-lepo-nita")
    assert lepo.members.get().user.email == "pengurus@ovop.test"
    assert lepo.pendamping.get().user.email == "pendamping@ovop.test"


def test_seeded_active_sellers_have_public_pages(client):
    call_command("seed_demo", stdout=io.StringIO())
    page = client.get("/lembaga/bumdes-mrian-kufeu/").content.decode()
    assert "Klaster Kelor Io Kufeu" in page
    assert client.get("/lembaga/bumdes-tablolong-bahari/").status_code == 404  # a draft
