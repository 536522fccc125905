"""The officer's review page flags contradictions (issue #16): a desa outside the zone,
an address naming another desa, an NIB or bank account another lembaga uses. The zone
check is one selector, read by the page and by the approval rule alike."""

import pytest

from catalog.models import CertificateType
from sellers.models import Seller, Village
from sellers.selectors import (
    ZoneRole,
    address_named_villages,
    seller_review_warnings,
    seller_village_zone_role,
)
from shop.roles import Role
from tests.factories import CertificateFactory, SellerFactory, UserFactory, ZoneFactory
from tests.regions import NITA, SIKKA_VILLAGE, TAKAPLAGER

pytestmark = pytest.mark.django_db


@pytest.fixture
def zone():
    return ZoneFactory(
        name="Klaster Tenun Nita",
        production_villages=[Village.objects.get(code=NITA)],
        buffer_villages=[Village.objects.get(code=TAKAPLAGER)],
    )


def _seller(code, zone=None, **extra) -> Seller:
    extra.setdefault("bank_account_number", "")
    return SellerFactory(village=Village.objects.get(code=code), zone=zone, **extra)


def test_one_selector_places_the_desa_in_the_zone(zone):
    assert seller_village_zone_role(seller=_seller(NITA, zone)) == ZoneRole.PRODUCTION
    assert seller_village_zone_role(seller=_seller(TAKAPLAGER, zone)) == ZoneRole.BUFFER
    assert seller_village_zone_role(seller=_seller(SIKKA_VILLAGE, zone)) == ZoneRole.OUTSIDE
    assert seller_village_zone_role(seller=_seller(SIKKA_VILLAGE)) is None


def test_the_page_warns_of_a_desa_outside_the_zone_not_of_a_buffer_desa(zone):
    # (The approval rule reads the same selector: a buffer desa needs the reviewer's
    # reason, tests/sellers/test_seller_review_programme_rules.py.)
    buffer = _seller(TAKAPLAGER, zone)
    outside = _seller(SIKKA_VILLAGE, zone)
    assert seller_review_warnings(seller=buffer) == []
    assert seller_review_warnings(seller=outside) == [
        "Desa Masabewa tidak termasuk desa produksi atau penyangga zona Klaster Tenun Nita."
    ]


@pytest.mark.parametrize(
    ("address", "named"),
    [
        ("Jl. Maumere-Larantuka, Desa Nita, Kec. Nita", ["Nita"]),
        ("RT 02 RW 01 Ds. Watu Omok Kecamatan Bola", ["Watu Omok"]),
        ("Kel. Kota Uneng, Alok", ["Kota Uneng"]),
        ("Jl. El Tari No. 5, Maumere", []),
        ("Jalan Desa No. 1", []),
    ],
)
def test_the_desa_named_in_an_address(address, named):
    assert address_named_villages(address) == named


def test_an_address_naming_another_desa_is_flagged_and_its_own_is_not():
    other = _seller(SIKKA_VILLAGE, address="Jl. Raya, Desa Nita, Kec. Nita")
    own = _seller(SIKKA_VILLAGE, address="Dusun 2, desa MASABEWA, Kec. Paga")
    assert seller_review_warnings(seller=other) == [
        "Alamat menyebut desa Nita, tetapi desa terdaftar lembaga ini Masabewa."
    ]
    assert seller_review_warnings(seller=own) == []


def test_a_bank_account_and_an_nib_used_by_another_lembaga_show_on_the_page(client):
    first = SellerFactory(name="BUMDes Nita Jaya", bank_account_number="0010112345")
    second = SellerFactory(
        name="Koperasi Baru", status=Seller.Status.SUBMITTED, bank_account_number="0010112345"
    )
    # The second lembaga's NIB, printed with spaces, is a certificate of the first.
    CertificateFactory(
        product=None,
        seller=first,
        type=CertificateType.NIB,
        number=" ".join([second.nib[:4], second.nib[4:8], second.nib[8:]]),
        expires_at=None,
    )
    SellerFactory(
        name="Lembaga Lain", nib="9129999999999", bank_account_number="0020"
    )  # another NIB: no warning
    officer = UserFactory(roles=[Role.PROGRAMME_OFFICER])
    client.force_login(officer)

    html = client.get(f"/tinjau/{second.slug}/").content.decode()

    assert "Nomor rekening ini juga dipakai oleh: BUMDes Nita Jaya." in html
    assert f"NIB {second.nib} juga tercatat sebagai sertifikat NIB milik: BUMDes Nita Jaya." in html
    assert html.count("review-warnings") == 1
