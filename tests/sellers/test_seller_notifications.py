import pytest
from django.core import mail

from sellers import services
from sellers.models import SellerEvent
from sellers.signals import seller_status_changed
from sellers.tasks import seller_event_notify
from tests.files import PDF_BYTES, upload
from tests.regions import ALL_YES

pytestmark = pytest.mark.django_db


@pytest.fixture
def received():
    calls = []

    def handler(sender, **kwargs):
        calls.append((sender.__name__, kwargs["seller_id"], kwargs["old"], kwargs["new"]))

    seller_status_changed.connect(handler, weak=False)
    yield calls
    seller_status_changed.disconnect(handler)


def _draft(make_seller, pengurus, zone):
    seller = make_seller(user=pengurus, zone=zone, name="Tenun Lepo Nita")
    for kind in ("AD_ART", "AKTA"):
        services.seller_document_upload(
            user=pengurus, seller=seller, kind=kind, file=upload("a.pdf", PDF_BYTES)
        )
    return seller


def test_submission_emails_the_lembaga_and_its_reviewers_in_indonesian(
    pengurus,
    officer,
    sikka_officer,
    make_user,
    make_seller,
    zone_sikka,
    received,
    django_capture_on_commit_callbacks,
):
    from sellers.models import OfficerRegency
    from shop.roles import Role

    tts_officer = make_user(Role.KABUPATEN_OFFICER, email="tts@ntt.go.id")
    OfficerRegency.objects.create(user=tts_officer, regency_id="53.02")
    seller = _draft(make_seller, pengurus, zone_sikka)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.seller_submit(user=pengurus, seller=seller)
    assert [(m.subject, sorted(m.to)) for m in mail.outbox] == [
        ("Pengajuan Tenun Lepo Nita sudah kami terima", [seller.email, "pengurus@lepo.id"]),
        (
            "Pengajuan baru menunggu tinjauan: Tenun Lepo Nita",
            ["pmd@ntt.go.id", "sikka@ntt.go.id"],
        ),
    ]
    assert f"/tinjau/{seller.slug}/" in mail.outbox[1].body
    assert received == [("Seller", seller.pk, "DRAFT", "SUBMITTED")]


@pytest.mark.parametrize(
    ("decision", "note", "subject", "phrase"),
    [
        ("APPROVE", "", "Tenun Lepo Nita disetujui: toko Anda sudah aktif", "Selamat!"),
        (
            "REJECT",
            "SK tidak terbaca.",
            "Pengajuan Tenun Lepo Nita perlu diperbaiki",
            "Alasan: SK tidak terbaca.",
        ),
    ],
)
def test_review_decision_emails_the_lembaga_and_sends_the_signal_after_commit(
    pengurus,
    officer,
    make_seller,
    zone_sikka,
    received,
    django_capture_on_commit_callbacks,
    decision,
    note,
    subject,
    phrase,
):
    seller = _draft(make_seller, pengurus, zone_sikka)
    services.seller_submit(user=pengurus, seller=seller)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.seller_review(
            user=officer, seller=seller, decision=decision, note=note, checklist=ALL_YES
        )
    assert received == []  # nothing leaves before the transaction commits
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    new = "ACTIVE" if decision == "APPROVE" else "REJECTED"
    assert received == [("Seller", seller.pk, "SUBMITTED", new)]
    assert [m.subject for m in mail.outbox] == [subject]
    assert phrase in mail.outbox[0].body


def test_suspension_emails_the_lembaga(
    pengurus, officer, make_seller, zone_sikka, received, django_capture_on_commit_callbacks
):
    seller = make_seller(user=pengurus, zone=zone_sikka, status="ACTIVE", reviewer=officer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.seller_review(user=officer, seller=seller, decision="SUSPEND", note="Audit.")
    assert [m.subject for m in mail.outbox] == [f"{seller.name} dibekukan sementara"]
    assert received[-1] == ("Seller", seller.pk, "ACTIVE", "SUSPENDED")


def test_seller_event_notify_is_safe_to_run_twice(
    pengurus, officer, make_seller, zone_sikka, django_capture_on_commit_callbacks
):
    seller = make_seller(user=pengurus, zone=zone_sikka, status="ACTIVE", reviewer=officer)
    event = SellerEvent.objects.filter(seller=seller, to_status="ACTIVE").get()
    mail.outbox.clear()
    assert seller_event_notify.delay(event.pk).get() == 1
    assert seller_event_notify.delay(event.pk).get() == 0
    assert len(mail.outbox) == 1
    assert seller_event_notify.delay(999_999).get() == 0


def test_a_failing_signal_receiver_neither_undoes_the_change_nor_stops_the_email(
    pengurus, officer, make_seller, zone_sikka, django_capture_on_commit_callbacks, caplog
):
    def broken(sender, **kwargs):
        raise RuntimeError("indeks mati")

    seller = make_seller(user=pengurus, zone=zone_sikka, status="ACTIVE", reviewer=officer)
    mail.outbox.clear()
    seller_status_changed.connect(broken, weak=False)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.seller_review(user=officer, seller=seller, decision="SUSPEND", note="Audit.")
    finally:
        seller_status_changed.disconnect(broken)
    seller.refresh_from_db()
    assert seller.status == "SUSPENDED"
    assert len(mail.outbox) == 1
    assert "seller_status_changed receiver" in caplog.text
