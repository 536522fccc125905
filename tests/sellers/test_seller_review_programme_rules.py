import pytest

from sellers.models import Seller
from tests.graphql import gid_of
from tests.regions import TAKAPLAGER

pytestmark = pytest.mark.django_db

CHECKLIST_ALL_YES_GQL = {
    "followsProgramme": True,
    "hasLocalPotential": True,
    "hasRawMaterial": True,
    "hasExistingProduct": True,
    "isCommitted": True,
    "willCooperate": True,
    "hasMinInfrastructure": True,
}

REVIEW = """
mutation($id: ID!, $note: String, $checklist: LocationChecklistInput) {
  sellerReview(id: $id, decision: APPROVE, note: $note, checklist: $checklist) {
    seller { status } errors { field code message }
  }
}
"""


def test_a_lembaga_outside_its_zones_production_villages_needs_the_reason(
    gql, pengurus, officer, make_seller, zone_sikka
):
    seller = make_seller(user=pengurus, village=TAKAPLAGER, zone=zone_sikka, status="SUBMITTED")
    gql.login(officer)
    data = gql(REVIEW, {"id": gid_of("Seller", seller.pk), "checklist": CHECKLIST_ALL_YES_GQL})[
        "data"
    ]["sellerReview"]
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("note", "VILLAGE_NOT_PRODUCTION")]
    assert data["errors"][0]["message"] == (
        "Desa Takaplager bukan desa produksi zona Klaster Tenun Ikat Nita; tuliskan alasannya "
        "di catatan keputusan."
    )
    assert Seller.objects.get(pk=seller.pk).status == "SUBMITTED"
    data = gql(
        REVIEW,
        {
            "id": gid_of("Seller", seller.pk),
            "checklist": CHECKLIST_ALL_YES_GQL,
            "note": "Sentra tenun pindah ke Takaplager sejak 2025; zona akan diperbarui.",
        },
    )["data"]["sellerReview"]
    assert data == {"seller": {"status": "ACTIVE"}, "errors": []}
