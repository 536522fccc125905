import pytest
from django.utils import timezone

from sellers import services
from sellers.models import Seller, SellerEvent
from tests.files import PDF_BYTES, upload
from tests.graphql import gid_of

pytestmark = pytest.mark.django_db

SELLER_SUBMIT = """
mutation($id: ID!) {
  sellerSubmit(id: $id) { seller { id status } errors { field code message } }
}
"""


def _documents(user, seller, kinds=("AD_ART", "SK")):
    for kind in kinds:
        services.seller_document_upload(
            user=user, seller=seller, kind=kind, file=upload(f"{kind}.pdf", PDF_BYTES)
        )


def test_seller_submit_sends_a_complete_draft_for_review(gql, pengurus, make_seller, zone_sikka):
    seller = make_seller(user=pengurus, zone=zone_sikka)
    _documents(pengurus, seller)
    gql.login(pengurus)
    before = timezone.now()
    data = gql(SELLER_SUBMIT, {"id": gid_of("Seller", seller.pk)})["data"]["sellerSubmit"]
    after = timezone.now()
    assert data == {
        "seller": {"id": gid_of("Seller", seller.pk), "status": "SUBMITTED"},
        "errors": [],
    }
    seller.refresh_from_db()
    assert before <= seller.submitted_at <= after
    event = SellerEvent.objects.filter(seller=seller).last()
    assert (event.actor, event.from_status, event.to_status) == (pengurus, "DRAFT", "SUBMITTED")


def test_seller_submit_after_a_rejection_records_the_new_submission_time(
    gql, pengurus, officer, make_seller, zone_sikka
):
    made = timezone.now()
    seller = make_seller(user=pengurus, zone=zone_sikka, status="REJECTED", reviewer=officer)
    first = Seller.objects.get(pk=seller.pk).submitted_at
    assert made <= first
    services.seller_update(user=pengurus, seller=seller, data={"story": "SK baru, terbaca."})
    assert Seller.objects.values_list("status", "submitted_at").get(pk=seller.pk) == (
        "DRAFT",
        first,
    )
    gql.login(pengurus)
    before = timezone.now()
    data = gql(SELLER_SUBMIT, {"id": gid_of("Seller", seller.pk)})["data"]["sellerSubmit"]
    after = timezone.now()
    assert data["errors"] == []
    assert first < before <= Seller.objects.get(pk=seller.pk).submitted_at <= after


def test_seller_submit_lists_what_is_missing_and_keeps_the_draft(gql, pengurus, make_seller):
    seller = make_seller(user=pengurus)
    _documents(pengurus, seller, kinds=("AD_ART",))
    gql.login(pengurus)
    data = gql(SELLER_SUBMIT, {"id": gid_of("Seller", seller.pk)})["data"]["sellerSubmit"]
    assert data["seller"] is None
    assert [(e["field"], e["code"], e["message"]) for e in data["errors"]] == [
        ("documents", "INCOMPLETE", "Unggah SK atau akta pendirian lembaga."),
        ("zone", "INCOMPLETE", "Pilih zona OVOP tempat lembaga berproduksi."),
    ]
    assert Seller.objects.get().status == "DRAFT"


def test_seller_submit_refuses_a_seller_that_is_not_a_draft(gql, pengurus, make_seller, zone_sikka):
    seller = make_seller(user=pengurus, zone=zone_sikka, status="SUBMITTED")
    gql.login(pengurus)
    data = gql(SELLER_SUBMIT, {"id": gid_of("Seller", seller.pk)})["data"]["sellerSubmit"]
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("id", "INVALID_TRANSITION")]


def test_seller_submit_is_refused_to_staff_members_and_strangers(
    gql, pengurus, make_user, make_seller, zone_sikka
):
    from sellers.models import SellerMember

    seller = make_seller(user=pengurus, zone=zone_sikka)
    _documents(pengurus, seller)
    staff = make_user(email="staf@desa.id")
    SellerMember.objects.create(seller=seller, user=staff, role="STAFF")
    gql.login(staff)
    data = gql(SELLER_SUBMIT, {"id": gid_of("Seller", seller.pk)})["data"]["sellerSubmit"]
    assert [e["code"] for e in data["errors"]] == ["PERMISSION_DENIED"]
    gql.login(make_user(email="asing@desa.id"))
    data = gql(SELLER_SUBMIT, {"id": gid_of("Seller", seller.pk)})["data"]["sellerSubmit"]
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("id", "NOT_FOUND")]
    assert Seller.objects.get().status == "DRAFT"


def test_seller_submit_by_the_pendamping_is_logged_as_acting_for_the_lembaga(
    gql, pengurus, make_seller, pendamping_for, zone_sikka
):
    seller = make_seller(user=pengurus, zone=zone_sikka)
    _documents(pengurus, seller)
    pendamping = pendamping_for(seller)
    gql.login(pendamping)
    data = gql(SELLER_SUBMIT, {"id": gid_of("Seller", seller.pk)})["data"]["sellerSubmit"]
    assert data["errors"] == []
    event = SellerEvent.objects.filter(seller=seller).last()
    assert (event.actor, event.acting_as_pendamping) == (pendamping, True)


def test_seller_submit_of_a_name_stored_with_a_line_break_reports_success_and_tells_reviewers(
    gql, pengurus, officer, make_seller, zone_sikka, django_capture_on_commit_callbacks
):
    """Issue #10 item 8: the seller became SUBMITTED, yet the answer was Django's
    "Header values can't contain newlines" and no reviewer was told."""
    from django.core import mail

    seller = make_seller(user=pengurus, zone=zone_sikka)
    Seller.objects.filter(pk=seller.pk).update(name="Tenun\r\nNita")  # stored before the check
    _documents(pengurus, seller)
    mail.outbox.clear()
    gql.login(pengurus)
    with django_capture_on_commit_callbacks(execute=True):
        data = gql(SELLER_SUBMIT, {"id": gid_of("Seller", seller.pk)})["data"]["sellerSubmit"]
    assert data["errors"] == []
    assert data["seller"]["status"] == "SUBMITTED"
    assert Seller.objects.get(pk=seller.pk).status == "SUBMITTED"
    subjects = [m.subject for m in mail.outbox]
    assert len(subjects) == 2
    assert all("\n" not in s and "\r" not in s and "Tenun Nita" in s for s in subjects)
    assert officer.email in mail.outbox[1].to
