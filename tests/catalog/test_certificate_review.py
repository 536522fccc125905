import datetime

import pytest
from django.utils import timezone

from catalog.models import Certificate, CertificateType
from shop.roles import Role
from tests.graphql import gid_of

pytestmark = pytest.mark.django_db

REVIEW = """
mutation($id: ID!, $decision: CertificateDecision!, $note: String) {
  certificateReview(id: $id, decision: $decision, note: $note) {
    certificate { id status }
    errors { field code message }
  }
}
"""


def _pending(product, **extra):
    return Certificate.objects.create(
        product=product, type=CertificateType.HALAL, number="ID53110000123450623", **extra
    )


def test_programme_officer_approves_a_certificate(gql, officer, make_product):
    cert = _pending(make_product())
    gql.login(officer)
    before = timezone.now()
    data = gql(REVIEW, {"id": gid_of("Certificate", cert.pk), "decision": "APPROVE"})["data"][
        "certificateReview"
    ]
    after = timezone.now()
    assert data == {
        "certificate": {"id": gid_of("Certificate", cert.pk), "status": "APPROVED"},
        "errors": [],
    }
    cert.refresh_from_db()
    assert cert.reviewed_by == officer
    assert before <= cert.reviewed_at <= after


@pytest.mark.parametrize(
    "role", [Role.SELLER_MEMBER, Role.PENDAMPING, Role.KABUPATEN_OFFICER, Role.CAMPAIGN_STAFF]
)
def test_other_roles_cannot_review(gql, make_user, make_product, role):
    cert = _pending(make_product())
    gql.login(make_user(role))
    data = gql(REVIEW, {"id": gid_of("Certificate", cert.pk), "decision": "APPROVE"})["data"][
        "certificateReview"
    ]
    assert data["errors"][0]["code"] == "PERMISSION_DENIED"
    cert.refresh_from_db()
    assert cert.status == Certificate.Status.PENDING


def test_the_seller_cannot_approve_its_own_certificate(gql, pengurus, make_product):
    cert = _pending(make_product())
    gql.login(pengurus)
    data = gql(REVIEW, {"id": gid_of("Certificate", cert.pk), "decision": "APPROVE"})["data"][
        "certificateReview"
    ]
    assert data["errors"][0]["code"] == "PERMISSION_DENIED"


def test_rejection_needs_a_note(gql, officer, make_product):
    cert = _pending(make_product())
    gql.login(officer)
    data = gql(REVIEW, {"id": gid_of("Certificate", cert.pk), "decision": "REJECT"})["data"][
        "certificateReview"
    ]
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("note", "REQUIRED")]
    data = gql(
        REVIEW,
        {"id": gid_of("Certificate", cert.pk), "decision": "REJECT", "note": "Scan tidak terbaca."},
    )["data"]["certificateReview"]
    assert data["certificate"]["status"] == "REJECTED"
    cert.refresh_from_db()
    assert cert.review_note == "Scan tidak terbaca."


def test_an_expired_certificate_cannot_be_approved(gql, officer, make_product):
    cert = _pending(make_product(), expires_at=timezone.localdate() - datetime.timedelta(days=1))
    gql.login(officer)
    data = gql(REVIEW, {"id": gid_of("Certificate", cert.pk), "decision": "APPROVE"})["data"][
        "certificateReview"
    ]
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("decision", "EXPIRED")]


def test_rejecting_a_required_certificate_withdraws_the_published_product(
    gql, officer, make_product, approve
):
    product = make_product(published=True)
    approve(product, type="PIRT", number="206530701002330", expires_at=datetime.date(2030, 1, 1))
    halal = approve(product, type="HALAL", number="ID53110000123450623")
    gql.login(officer)
    data = gql(
        REVIEW,
        {"id": gid_of("Certificate", halal.pk), "decision": "REJECT", "note": "Dicabut BPJPH."},
    )["data"]["certificateReview"]
    assert data["errors"] == []
    product.refresh_from_db()
    assert product.is_published is False


def test_a_later_rejection_records_its_own_review_time_and_note(
    gql, officer, make_user, make_product, approve
):
    halal = approve(make_product(), type="HALAL", number="ID53110000123450623")
    approved_at = halal.reviewed_at
    second = make_user(Role.PROGRAMME_OFFICER, email="pmd2@contoh.id")
    gql.login(second)
    before = timezone.now()
    data = gql(
        REVIEW,
        {"id": gid_of("Certificate", halal.pk), "decision": "REJECT", "note": "Dicabut BPJPH."},
    )["data"]["certificateReview"]
    after = timezone.now()
    assert data["errors"] == []
    halal.refresh_from_db()
    assert approved_at < before <= halal.reviewed_at <= after
    assert (halal.status, halal.reviewed_by, halal.review_note) == (
        Certificate.Status.REJECTED,
        second,
        "Dicabut BPJPH.",
    )


def test_unknown_certificate_id_is_not_found(gql, officer):
    gql.login(officer)
    data = gql(REVIEW, {"id": gid_of("Certificate", 999999), "decision": "APPROVE"})["data"][
        "certificateReview"
    ]
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("id", "NOT_FOUND")]
