"""The actors of Pergub VI: Dinas PMD designates, OPD read the lembaga they assist,
the Sekretariat Bersama reads every lembaga, nobody of them acts for a lembaga."""

import pytest
from graphql_relay import to_global_id

from sellers.models import OpdAssignment, Seller
from shop.access import Access
from shop.permissions import Perm
from shop.roles import ROLE_PERMISSIONS, ProgrammeRole, Role

pytestmark = pytest.mark.django_db

SELLER = "query($id: ID!) { seller(id: $id) { name phone nib } }"
UPDATE = """mutation($id: ID!) { sellerUpdate(id: $id, input: {description: "x"}) {
  errors { code } } }"""


def _seller(n: int, status="ACTIVE") -> Seller:
    return Seller.objects.create(
        name=f"Kelompok {n}",
        slug=f"kelompok-{n}",
        kind="KELOMPOK_USAHA",
        status=status,
        village_id="53.07.01.2001",
        nib=f"91200000000{n:02d}",
        phone="+6281234567890",
        email=f"k{n}@desa.id",
    )


def test_the_roles_match_section_vi():
    assert Perm.DESIGNATE_OVOP_PRODUCTS in ROLE_PERMISSIONS[Role.PROGRAMME_OFFICER]
    assert ROLE_PERMISSIONS[ProgrammeRole.OPD_OFFICER] == (Perm.VIEW_ASSISTED_SELLERS,)
    assert set(ROLE_PERMISSIONS[ProgrammeRole.SEKRETARIAT_BERSAMA]) == {
        Perm.VIEW_PROGRAMME_RECORDS,
        Perm.VIEW_PROGRAMME_REPORTS,
    }
    for role in (Role.SELLER_MEMBER, Role.PENDAMPING, ProgrammeRole.OPD_OFFICER):
        assert Perm.DESIGNATE_OVOP_PRODUCTS not in ROLE_PERMISSIONS[role]


def test_an_opd_officer_reads_only_the_lembaga_it_assists_and_cannot_act(gql, make_user):
    assisted, other = _seller(1, status="SUBMITTED"), _seller(2, status="SUBMITTED")
    officer = make_user(ProgrammeRole.OPD_OFFICER)
    OpdAssignment.objects.create(
        user=officer, seller=assisted, agency="PARIWISATA_EKRAF", intervention="Pelatihan"
    )
    gql.login(officer)
    seen = gql(SELLER, {"id": to_global_id("Seller", assisted.pk)})["data"]["seller"]
    assert seen == {"name": "Kelompok 1", "phone": "+6281234567890", "nib": "9120000000001"}
    assert gql(SELLER, {"id": to_global_id("Seller", other.pk)})["data"]["seller"] is None
    data = gql(UPDATE, {"id": to_global_id("Seller", assisted.pk)})["data"]["sellerUpdate"]
    assert data["errors"][0]["code"] == "PERMISSION_DENIED"
    access = Access(officer)
    assert not access.may_manage_seller(assisted)
    assert not access.may_designate_ovop_products()


def test_the_sekretariat_bersama_reads_every_lembaga_but_designates_nothing(gql, make_user):
    seller = _seller(3, status="SUBMITTED")
    sekber = make_user(ProgrammeRole.SEKRETARIAT_BERSAMA)
    gql.login(sekber)
    seen = gql(SELLER, {"id": to_global_id("Seller", seller.pk)})["data"]["seller"]
    assert seen["phone"] == "+6281234567890"
    access = Access(sekber)
    assert access.may_see_ovop_assessment_of(seller.pk)
    assert not access.may_designate_ovop_products()
    assert not access.may_manage_seller(seller)


def test_dinas_pmd_designates(make_user):
    assert Access(make_user(Role.PROGRAMME_OFFICER)).may_designate_ovop_products()
