"""Fixtures of the lembaga tests (files, codes and GraphQL helpers are plain modules:
tests/files.py, tests/regions.py, tests/graphql.py)."""

import pytest

from sellers import services
from sellers.models import OfficerRegency, PendampingAssignment, Seller, Zone
from shop.roles import Role
from tests.files import PDF_BYTES, upload
from tests.regions import ALL_YES, FATUMNASI, NITA, NITAKLOANG, TAKAPLAGER


@pytest.fixture
def zone_sikka(db) -> Zone:
    zone = Zone.objects.create(
        regency_id="53.07",
        name="Klaster Tenun Ikat Nita",
        slug="sikka-tenun-nita",
        commodity="Tenun ikat",
    )
    zone.production_villages.set([NITA, NITAKLOANG])
    zone.buffer_villages.set([TAKAPLAGER])
    return zone


@pytest.fixture
def zone_tts(db) -> Zone:
    zone = Zone.objects.create(
        regency_id="53.02", name="Kawasan Madu Mutis", slug="tts-madu-mutis", commodity="Madu"
    )
    zone.production_villages.set([FATUMNASI])
    return zone


@pytest.fixture
def pengurus(make_user):
    return make_user(email="pengurus@lepo.id", first_name="Yohanes")


@pytest.fixture
def officer(make_user):
    return make_user(Role.PROGRAMME_OFFICER, email="pmd@ntt.go.id", first_name="Paulus")


@pytest.fixture
def sikka_officer(make_user):
    user = make_user(Role.KABUPATEN_OFFICER, email="sikka@ntt.go.id")
    OfficerRegency.objects.create(user=user, regency_id="53.07")
    return user


@pytest.fixture
def make_seller(db):
    """A lembaga registered through the service, optionally complete and moved along."""
    counter = iter(range(10, 99))

    def make(
        *, user, village=NITA, zone=None, status=Seller.Status.DRAFT, name=None, reviewer=None
    ) -> Seller:
        n = next(counter)
        seller = services.seller_register(
            user=user,
            name=name or f"Kelompok Tenun {n}",
            kind="KELOMPOK_USAHA",
            village_code=village,
            nib=f"91200012345{n}",
            phone="0812 3700 01" + str(n),
            email=f"lembaga{n}@desa.id",
            zone=zone.pk if zone else None,
            address="Jalan Desa No. 1",
            bank_name="Bank NTT",
            bank_account_number="0010112345",
            bank_account_holder="Kelompok Tenun",
        )
        if status == Seller.Status.DRAFT:
            return seller
        for kind in ("AD_ART", "SK"):
            services.seller_document_upload(
                user=user, seller=seller, kind=kind, file=upload(f"{kind}.pdf", PDF_BYTES)
            )
        seller = services.seller_submit(user=user, seller=seller)
        if status == Seller.Status.SUBMITTED:
            return seller
        if status == Seller.Status.REJECTED:
            return services.seller_review(
                user=reviewer, seller=seller, decision="REJECT", note="Dokumen SK buram."
            )
        seller = services.seller_review(
            user=reviewer, seller=seller, decision="APPROVE", checklist=ALL_YES
        )
        if status == Seller.Status.SUSPENDED:
            seller = services.seller_review(
                user=reviewer, seller=seller, decision="SUSPEND", note="Produk palsu dilaporkan."
            )
        return seller

    return make


@pytest.fixture
def pendamping_for(make_user):
    def make(seller: Seller):
        user = make_user(Role.PENDAMPING, email=f"pendamping{seller.pk}@ovop.id")
        PendampingAssignment.objects.create(seller=seller, user=user)
        return user

    return make
