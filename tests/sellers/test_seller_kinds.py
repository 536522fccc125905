"""Lembaga kinds (Pergub Ps. 1 angka 11): BUMDes only in a desa, UMKM only as a kelompok
usaha formed by the community, Koperasi Desa Merah Putih named for a kelurahan."""

import pytest
from django.core.exceptions import ValidationError

from sellers import services
from sellers.models import Seller
from tests.graphql import gid_of
from tests.regions import ALL_YES, NITA

pytestmark = pytest.mark.django_db

NAMOSAIN = "53.71.01.1001"  # Kelurahan Namosain, Kota Kupang

REGISTER = """
mutation($input: SellerRegisterInput!) {
  sellerRegister(input: $input) {
    seller { id kind kindLabel } errors { field code message }
  }
}
"""


def _input(**over):
    return {
        "name": "BUMDes Namosain",
        "kind": "BUMDES",
        "villageCode": NAMOSAIN,
        "nib": "9120 0012 34501",
        "phone": "0812-3700-0101",
        "email": "lembaga@desa.id",
        **over,
    }


@pytest.mark.parametrize("kind", ["BUMDES", "BUMDES_BERSAMA"])
def test_a_bumdes_cannot_be_registered_in_a_kelurahan(gql, pengurus, kind):
    gql.login(pengurus)
    data = gql(REGISTER, {"input": _input(kind=kind)})["data"]["sellerRegister"]
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("kind", "BUMDES_IN_KELURAHAN")]
    assert "tidak dapat berdiri di kelurahan (Namosain)" in data["errors"][0]["message"]
    assert Seller.objects.count() == 0


def test_the_bumdes_rule_speaks_english_too(gql, pengurus):
    gql.login(pengurus)
    gql.language = "en"
    data = gql(REGISTER, {"input": _input()})["data"]["sellerRegister"]
    assert data["errors"][0]["message"] == (
        "A BUMDes (village-owned enterprise) is founded by a desa and cannot stand in a "
        "kelurahan (Namosain). Choose another kind, e.g. Koperasi Kelurahan Merah Putih or "
        "kelompok usaha."
    )


def test_a_bumdes_in_a_desa_is_accepted(gql, pengurus):
    gql.login(pengurus)
    data = gql(REGISTER, {"input": _input(villageCode=NITA)})["data"]["sellerRegister"]
    assert data["errors"] == []


def test_moving_a_draft_bumdes_to_a_kelurahan_is_refused(pengurus):
    seller = services.seller_register(
        user=pengurus,
        **{k: v for k, v in _input(villageCode=NITA).items() if k != "villageCode"},
        village_code=NITA,
    )
    with pytest.raises(ValidationError) as caught:
        services.seller_update(user=pengurus, seller=seller, data={"village_code": NAMOSAIN})
    assert caught.value.error_dict["kind"][0].code == "BUMDES_IN_KELURAHAN"
    assert Seller.objects.get(pk=seller.pk).village_id == NITA


def test_a_koperasi_desa_merah_putih_in_a_kelurahan_is_named_for_it(gql, pengurus):
    gql.login(pengurus)
    data = gql(
        REGISTER,
        {"input": _input(name="Kopdes Namosain", kind="KOPERASI_DESA_MERAH_PUTIH")},
    )["data"]["sellerRegister"]
    assert data["errors"] == []
    assert data["seller"]["kind"] == "KOPERASI_DESA_MERAH_PUTIH"
    assert data["seller"]["kindLabel"] == "Koperasi Kelurahan Merah Putih"
    in_desa = gql(
        REGISTER,
        {
            "input": _input(
                name="Kopdes Nita",
                kind="KOPERASI_DESA_MERAH_PUTIH",
                villageCode=NITA,
                nib="9120 0012 34502",
            )
        },
    )["data"]["sellerRegister"]
    assert in_desa["seller"]["kindLabel"] == "Koperasi Desa Merah Putih"


REVIEW = """
mutation($id: ID!, $checklist: LocationChecklistInput) {
  sellerReview(id: $id, decision: APPROVE, checklist: $checklist) {
    seller { status checklist { umkmCommunityGroup } } errors { field code }
  }
}
"""


def test_an_umkm_is_approved_only_as_a_community_kelompok_usaha(
    gql, pengurus, officer, make_seller, zone_sikka
):
    seller = make_seller(user=pengurus, zone=zone_sikka, status="SUBMITTED")
    Seller.objects.filter(pk=seller.pk).update(kind="UMKM")
    checklist = {
        "followsProgramme": True,
        "hasLocalPotential": True,
        "hasRawMaterial": True,
        "hasExistingProduct": True,
        "isCommitted": True,
        "willCooperate": True,
        "hasMinInfrastructure": True,
    }
    gql.login(officer)
    data = gql(REVIEW, {"id": gid_of("Seller", seller.pk), "checklist": checklist})["data"][
        "sellerReview"
    ]
    assert data["errors"] == [{"field": "checklist", "code": "UMKM_NOT_COMMUNITY_GROUP"}]
    assert Seller.objects.get(pk=seller.pk).status == "SUBMITTED"
    data = gql(
        REVIEW,
        {"id": gid_of("Seller", seller.pk), "checklist": {**checklist, "umkmCommunityGroup": True}},
    )["data"]["sellerReview"]
    assert data == {
        "seller": {"status": "ACTIVE", "checklist": {"umkmCommunityGroup": True}},
        "errors": [],
    }


def test_the_review_page_asks_the_umkm_item_only_for_an_umkm(
    client, pengurus, officer, make_seller, zone_sikka
):
    seller = make_seller(user=pengurus, zone=zone_sikka, status="SUBMITTED")
    client.force_login(officer)
    assert "umkm_community_group" not in client.get(f"/tinjau/{seller.slug}/").content.decode()
    Seller.objects.filter(pk=seller.pk).update(kind="UMKM")
    assert "umkm_community_group" in client.get(f"/tinjau/{seller.slug}/").content.decode()


def test_all_yes_fixture_still_approves_kelompok_usaha(pengurus, officer, make_seller, zone_sikka):
    seller = make_seller(user=pengurus, zone=zone_sikka, status="SUBMITTED")
    seller = services.seller_review(
        user=officer, seller=seller, decision="APPROVE", checklist=ALL_YES
    )
    assert seller.status == "ACTIVE"
