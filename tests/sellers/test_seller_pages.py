import pytest
from django.core import mail

from sellers.models import Seller, SellerDocument
from shop.roles import Role
from tests.files import PDF_BYTES, jpeg_bytes, upload
from tests.regions import FATUMNASI, NITA

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Kelompok Tenun Ikat Lepo Nita",
    "kind": "KELOMPOK_USAHA",
    "village_code": NITA,
    "nib": "9120001234501",
    "phone": "0812 3700 0101",
    "email": "lepo@desa.id",
    "address": "Jalan Nita No. 1",
    "story": "Mama-mama penenun Nita mewariskan motif leluhur.",
    "bank_name": "Bank NTT",
    "bank_account_number": "0010112345",
    "bank_account_holder": "Kelompok Tenun Ikat Lepo Nita",
}


def test_a_new_lembaga_registers_submits_is_approved_and_appears_on_its_public_page(
    client, pengurus, officer, zone_sikka, django_capture_on_commit_callbacks
):
    # The lembaga registers through the portal; the first try has a bad NIB.
    client.force_login(pengurus)
    response = client.post("/portal/daftar/", {**FORM, "nib": "12345", "zone": zone_sikka.pk})
    assert response.status_code == 200
    assert "NIB harus 13 digit angka" in response.content.decode()
    assert 'value="0010112345"' in response.content.decode()  # nothing typed is lost
    assert "Jalan Nita No. 1</textarea>" in response.content.decode()
    assert Seller.objects.count() == 0
    response = client.post("/portal/daftar/", {**FORM, "zone": zone_sikka.pk})
    seller = Seller.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/portal/lembaga/{seller.slug}/"
    page = client.get(response["Location"]).content.decode()
    assert "Unggah AD/ART lembaga." in page

    # It uploads its founding documents (one refused by content) and submits.
    response = client.post(
        f"/portal/lembaga/{seller.slug}/dokumen/",
        {"kind": "AD_ART", "file": upload("ad-art.pdf", b"bukan pdf")},
        follow=True,
    )
    assert "Berkas harus PDF, JPEG atau PNG." in response.content.decode()
    for kind, content in (("AD_ART", PDF_BYTES), ("SK", jpeg_bytes())):
        client.post(
            f"/portal/lembaga/{seller.slug}/dokumen/",
            {"kind": kind, "file": upload("dok", content, "image/jpeg")},
        )
    assert SellerDocument.objects.filter(seller=seller).count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/portal/lembaga/{seller.slug}/ajukan/", follow=True)
    assert "Pengajuan terkirim." in response.content.decode()
    seller.refresh_from_db()
    assert seller.status == "SUBMITTED"
    assert client.get(f"/lembaga/{seller.slug}/").status_code == 404  # not public yet

    # A programme officer finds it in the queue and approves it with the checklist.
    client.force_login(officer)
    queue = client.get("/tinjau/").content.decode()
    assert "Kelompok Tenun Ikat Lepo Nita" in queue
    checklist = dict.fromkeys(
        [
            "follows_programme",
            "has_local_potential",
            "has_raw_material",
            "has_existing_product",
            "is_committed",
            "will_cooperate",
            "has_min_infrastructure",
        ],
        "on",
    )
    response = client.post(f"/tinjau/{seller.slug}/", {"decision": "APPROVE"})
    assert "Semua syarat lokasi" in response.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/tinjau/{seller.slug}/", {"decision": "APPROVE", **checklist})
    assert response.status_code == 302
    seller.refresh_from_db()
    assert seller.status == "ACTIVE"
    assert [m.subject for m in mail.outbox] == [
        "Kelompok Tenun Ikat Lepo Nita disetujui: toko Anda sudah aktif"
    ]

    # Anyone sees its public page: name, village, kabupaten, zone, story.
    client.logout()
    page = client.get(f"/lembaga/{seller.slug}/").content.decode()
    for text in (
        "Kelompok Tenun Ikat Lepo Nita",
        "Desa Nita",
        "Kabupaten Sikka",
        "Klaster Tenun Ikat Nita",
        "Mama-mama penenun Nita mewariskan motif leluhur.",
        "Takaplager",
    ):
        assert text in page
    assert "9120001234501" not in page  # the NIB is private
    assert "0010112345" not in page


def test_portal_pages_of_a_lembaga_are_closed_to_members_of_another(
    client, pengurus, make_user, make_seller, zone_sikka
):
    seller = make_seller(user=pengurus, zone=zone_sikka)
    other = make_user(email="lain@desa.id")
    make_seller(user=other)
    client.force_login(other)
    base = f"/portal/lembaga/{seller.slug}/"
    assert client.get(base).status_code == 404
    assert client.post(base, FORM).status_code == 404
    assert (
        client.post(base + "dokumen/", {"kind": "SK", "file": upload("a.pdf", PDF_BYTES)})
    ).status_code == 404
    assert client.post(base + "ajukan/").status_code == 404
    assert (
        client.post(base + "undang/", {"email": "x@desa.id", "role": "PENGURUS"}).status_code == 404
    )
    seller.refresh_from_db()
    assert seller.name != FORM["name"]
    assert seller.documents.count() == 0


def test_staff_member_sees_the_portal_page_but_cannot_change_it(
    client, pengurus, make_user, make_seller
):
    from sellers.models import SellerMember

    seller = make_seller(user=pengurus, name="Tenun Lepo")
    staff = make_user(email="staf@desa.id")
    SellerMember.objects.create(seller=seller, user=staff, role="STAFF")
    client.force_login(staff)
    page = client.get(f"/portal/lembaga/{seller.slug}/").content.decode()
    assert "Tenun Lepo" in page
    assert "Simpan" not in page
    assert client.post(f"/portal/lembaga/{seller.slug}/", FORM).status_code == 403
    seller.refresh_from_db()
    assert seller.name == "Tenun Lepo"


def test_portal_lists_the_users_lembaga_and_needs_sign_in(client, pengurus, make_seller):
    assert client.get("/portal/").status_code == 302
    make_seller(user=pengurus, name="Tenun Lepo")
    client.force_login(pengurus)
    page = client.get("/portal/").content.decode()
    assert "Tenun Lepo" in page
    assert "Draf" in page


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.CONSUMER, 403),
        (Role.SELLER_MEMBER, 403),
        (Role.PENDAMPING, 403),
        (Role.PROGRAMME_OFFICER, 200),
        (Role.KABUPATEN_OFFICER, 200),
    ],
)
def test_review_queue_is_open_only_to_reviewers(client, make_user, role, status):
    client.force_login(make_user(role))
    assert client.get("/tinjau/").status_code == status


def test_review_page_of_a_kabupaten_officer_covers_only_their_kabupaten(
    client, make_user, make_seller, sikka_officer, zone_sikka, zone_tts
):

    sikka = make_seller(user=make_user(), zone=zone_sikka, status="SUBMITTED", name="Tenun Nita")
    tts = make_seller(
        user=make_user(), village=FATUMNASI, zone=zone_tts, status="SUBMITTED", name="Madu Mutis"
    )
    client.force_login(sikka_officer)
    queue = client.get("/tinjau/").content.decode()
    assert "Tenun Nita" in queue
    assert "Madu Mutis" not in queue
    assert client.get(f"/tinjau/{sikka.slug}/").status_code == 200
    assert client.get(f"/tinjau/{tts.slug}/").status_code == 404
    response = client.post(f"/tinjau/{tts.slug}/", {"decision": "REJECT", "note": "x"})
    assert response.status_code == 404
    tts.refresh_from_db()
    assert tts.status == "SUBMITTED"


def test_rejected_seller_sees_the_reason_and_fixes_its_draft(
    client, pengurus, officer, make_seller, zone_sikka
):
    seller = make_seller(user=pengurus, zone=zone_sikka, status="REJECTED", reviewer=officer)
    client.force_login(pengurus)
    page = client.get(f"/portal/lembaga/{seller.slug}/").content.decode()
    assert "Dokumen SK buram." in page
    data = {**FORM, "nib": seller.nib, "name": seller.name, "zone": zone_sikka.pk}
    response = client.post(f"/portal/lembaga/{seller.slug}/", data)
    assert response.status_code == 302
    seller.refresh_from_db()
    assert seller.status == "DRAFT"


def test_invitation_page_lets_the_invitee_join(client, pengurus, make_user, make_seller):
    from sellers import services

    seller = make_seller(user=pengurus, name="Tenun Lepo")
    invitation = services.seller_member_invite(
        user=pengurus, seller=seller, email="maria@desa.id", role="STAFF"
    )
    maria = make_user(email="maria@desa.id")
    client.force_login(maria)
    url = f"/portal/undangan/{invitation.token}/"
    assert "Tenun Lepo" in client.get(url).content.decode()
    response = client.post(url)
    assert response["Location"] == f"/portal/lembaga/{seller.slug}/"
    assert seller.members.filter(user=maria, role="STAFF").exists()


def test_register_page_finds_a_village_code_by_name(client, pengurus):
    client.force_login(pengurus)
    page = client.get("/portal/daftar/", {"cari_desa": "nitaklo"}).content.decode()
    assert "53.07.04.2005" in page
    assert "Desa Nitakloang" in page
    assert "Kabupaten Sikka" in page
    page = client.get("/portal/daftar/", {"cari_desa": "zzzq"}).content.decode()
    assert "Tidak ada desa/kelurahan di NTT dengan nama itu." in page


@pytest.mark.parametrize(
    ("status", "offered"),
    [
        ("SUBMITTED", ["APPROVE", "REJECT"]),
        ("ACTIVE", ["SUSPEND"]),
        ("SUSPENDED", ["APPROVE"]),
        ("DRAFT", []),
    ],
)
def test_review_page_offers_only_the_decisions_the_status_allows(
    client, pengurus, officer, make_seller, zone_sikka, status, offered
):
    seller = make_seller(user=pengurus, zone=zone_sikka, status=status, reviewer=officer)
    client.force_login(officer)
    page = client.get(f"/tinjau/{seller.slug}/").content.decode()
    shown = [d for d in ("APPROVE", "REJECT", "SUSPEND") if f'value="{d}"' in page]
    assert shown == offered
    response = client.post(f"/tinjau/{seller.slug}/", {"decision": "SUSPEND", "note": "x"})
    seller.refresh_from_db()
    assert seller.status == ("SUSPENDED" if status == "ACTIVE" else status)
    if status != "ACTIVE":
        assert response.status_code == 200
