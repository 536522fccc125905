import pytest
from django.utils import timezone

from sellers.models import LocationChecklist, Seller, SellerEvent
from shop.roles import Role
from tests.graphql import gid_of
from tests.regions import ALL_YES, FATUMNASI

pytestmark = pytest.mark.django_db

SELLER_REVIEW = """
mutation($id: ID!, $decision: SellerReviewDecision!, $note: String, $checklist: LocationChecklistInput) {
  sellerReview(id: $id, decision: $decision, note: $note, checklist: $checklist) {
    seller { id status rejectionReason checklist { followsProgramme hasMinInfrastructure notes } }
    errors { field code message }
  }
}
"""

CHECKLIST = {
    "followsProgramme": True,
    "hasLocalPotential": True,
    "hasRawMaterial": True,
    "hasExistingProduct": True,
    "isCommitted": True,
    "willCooperate": True,
    "hasMinInfrastructure": True,
    "notes": "Kunjungan lapangan 12 Nov.",
}


def _review(gql, seller, decision, note=None, checklist=None):
    variables = {"id": gid_of("Seller", seller.pk), "decision": decision, "note": note}
    if checklist is not None:
        variables["checklist"] = checklist
    return gql(SELLER_REVIEW, variables)["data"]["sellerReview"]


def test_seller_review_approves_with_the_full_location_checklist(
    gql, pengurus, officer, make_seller, zone_sikka
):
    seller = make_seller(user=pengurus, zone=zone_sikka, status="SUBMITTED")
    gql.login(officer)
    before = timezone.now()
    data = _review(gql, seller, "APPROVE", checklist=CHECKLIST)
    after = timezone.now()
    assert data["errors"] == []
    assert data["seller"]["status"] == "ACTIVE"
    assert data["seller"]["checklist"] == {
        "followsProgramme": True,
        "hasMinInfrastructure": True,
        "notes": "Kunjungan lapangan 12 Nov.",
    }
    seller.refresh_from_db()
    assert before <= seller.approved_at <= after
    assert LocationChecklist.objects.get(seller=seller).reviewed_by == officer
    event = SellerEvent.objects.filter(seller=seller).last()
    assert (event.actor, event.from_status, event.to_status) == (officer, "SUBMITTED", "ACTIVE")


def test_seller_review_refuses_approval_while_a_criterion_is_unmet(
    gql, pengurus, officer, make_seller, zone_sikka
):
    seller = make_seller(user=pengurus, zone=zone_sikka, status="SUBMITTED")
    gql.login(officer)
    data = _review(gql, seller, "APPROVE", checklist={**CHECKLIST, "willCooperate": False})
    assert data["errors"] == [
        {
            "field": "checklist",
            "code": "CHECKLIST_INCOMPLETE",
            "message": "Semua syarat lokasi (Pergub II.4 a-g) harus terpenuhi: f).",
        }
    ]
    assert Seller.objects.get().status == "SUBMITTED"


def test_seller_review_rejects_with_a_reason_the_seller_sees(
    gql, pengurus, officer, make_seller, zone_sikka
):
    seller = make_seller(user=pengurus, zone=zone_sikka, status="SUBMITTED")
    gql.login(officer)
    data = _review(gql, seller, "REJECT")
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("note", "REQUIRED")]
    data = _review(gql, seller, "REJECT", note="SK pendirian tidak terbaca.")
    assert data["seller"]["status"] == "REJECTED"
    gql.login(pengurus)
    query = "query($id: ID!) { seller(id: $id) { status rejectionReason } }"
    assert gql(query, {"id": gid_of("Seller", seller.pk)})["data"]["seller"] == {
        "status": "REJECTED",
        "rejectionReason": "SK pendirian tidak terbaca.",
    }


def test_seller_review_suspends_and_reactivates_an_active_seller(
    gql, pengurus, officer, make_seller, zone_sikka
):
    seller = make_seller(user=pengurus, zone=zone_sikka, status="ACTIVE", reviewer=officer)
    gql.login(officer)
    data = _review(gql, seller, "SUSPEND", note="Laporan produk palsu.")
    assert data["seller"]["status"] == "SUSPENDED"
    data = _review(gql, seller, "APPROVE", note="Sudah diklarifikasi.")
    assert data["errors"] == []
    assert data["seller"]["status"] == "ACTIVE"
    assert data["seller"]["rejectionReason"] == ""
    assert list(
        SellerEvent.objects.filter(seller=seller).values_list("from_status", "to_status")
    ) == [
        ("", "DRAFT"),
        ("DRAFT", "SUBMITTED"),
        ("SUBMITTED", "ACTIVE"),
        ("ACTIVE", "SUSPENDED"),
        ("SUSPENDED", "ACTIVE"),
    ]


def test_seller_review_reactivation_keeps_the_first_approval_time(
    gql, pengurus, officer, make_seller, zone_sikka
):
    before = timezone.now()
    seller = make_seller(user=pengurus, zone=zone_sikka, status="SUSPENDED", reviewer=officer)
    first = Seller.objects.get(pk=seller.pk).approved_at
    assert before <= first <= timezone.now()
    gql.login(officer)
    assert _review(gql, seller, "APPROVE", note="Sudah diklarifikasi.")["errors"] == []
    assert Seller.objects.values_list("status", "approved_at").get(pk=seller.pk) == (
        "ACTIVE",
        first,
    )


@pytest.mark.parametrize(
    ("status", "decision"),
    [
        ("DRAFT", "APPROVE"),
        ("DRAFT", "REJECT"),
        ("DRAFT", "SUSPEND"),
        ("SUBMITTED", "SUSPEND"),
        ("ACTIVE", "APPROVE"),
        ("ACTIVE", "REJECT"),
        ("REJECTED", "APPROVE"),
        ("SUSPENDED", "SUSPEND"),
        ("SUSPENDED", "REJECT"),
    ],
)
def test_seller_review_refuses_an_illegal_transition(
    gql, pengurus, officer, make_seller, zone_sikka, status, decision
):
    seller = make_seller(user=pengurus, zone=zone_sikka, status=status, reviewer=officer)
    gql.login(officer)
    data = _review(gql, seller, decision, note="Catatan.", checklist=CHECKLIST)
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("decision", "INVALID_TRANSITION")]
    assert Seller.objects.get().status == status


def test_seller_review_by_a_kabupaten_officer_only_in_their_kabupaten(
    gql, pengurus, sikka_officer, make_user, make_seller, zone_sikka, zone_tts
):
    in_sikka = make_seller(user=pengurus, zone=zone_sikka, status="SUBMITTED")
    in_tts = make_seller(
        user=make_user(email="tts@desa.id"), village=FATUMNASI, zone=zone_tts, status="SUBMITTED"
    )
    gql.login(sikka_officer)
    assert _review(gql, in_sikka, "APPROVE", checklist=CHECKLIST)["seller"]["status"] == "ACTIVE"
    data = _review(gql, in_tts, "APPROVE", checklist=CHECKLIST)
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("id", "NOT_FOUND")]
    assert Seller.objects.get(pk=in_tts.pk).status == "SUBMITTED"


@pytest.mark.parametrize(
    "role", [Role.CONSUMER, Role.SELLER_MEMBER, Role.PENDAMPING, Role.CAMPAIGN_STAFF]
)
def test_seller_review_is_refused_to_non_reviewers(
    gql, pengurus, officer, make_user, make_seller, zone_sikka, role
):
    seller = make_seller(user=pengurus, zone=zone_sikka, status="ACTIVE", reviewer=officer)
    gql.login(make_user(role))
    data = _review(gql, seller, "SUSPEND", note="x")
    assert [e["code"] for e in data["errors"]] == ["PERMISSION_DENIED"]
    assert Seller.objects.get().status == "ACTIVE"


def test_seller_review_is_refused_to_the_lembagas_own_pengurus_and_pendamping(
    gql, pengurus, make_seller, pendamping_for, zone_sikka
):
    seller = make_seller(user=pengurus, zone=zone_sikka, status="SUBMITTED")
    for user in (pengurus, pendamping_for(seller)):
        gql.login(user)
        data = _review(gql, seller, "APPROVE", checklist=CHECKLIST)
        assert [e["code"] for e in data["errors"]] == ["PERMISSION_DENIED"]
    assert Seller.objects.get().status == "SUBMITTED"


def test_seller_review_checklist_items_are_kept_one_by_one(
    gql, pengurus, officer, make_seller, zone_sikka
):
    seller = make_seller(user=pengurus, zone=zone_sikka, status="SUBMITTED")
    gql.login(officer)
    data = _review(
        gql, seller, "REJECT", note="Belum ada sarana.", checklist={"hasMinInfrastructure": False}
    )
    assert data["errors"] == []
    checklist = LocationChecklist.objects.get(seller=seller)
    assert checklist.has_min_infrastructure is False
    assert checklist.follows_programme is None
    assert ALL_YES.keys() == set(LocationChecklist.ITEMS)
