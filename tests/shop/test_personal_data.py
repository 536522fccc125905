"""Personal data (UU 27/2022): consent at sign-up, the privacy page in both languages,
the buyer's JSON copy, deleting the account with the orders kept anonymised (monitoring
and payouts unchanged), and staff exports without buyers' personal data."""

import io
import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone
from openpyxl import load_workbook

from catalog.models import WishlistItem
from catalog.services.wishlist import wishlist_add
from orders.complaints.models import Complaint, ComplaintPhoto
from orders.complaints.services import complaint_create
from orders.models import BuyerAddress, Checkout, Order
from orders.reviews.models import Review
from orders.selectors import seller_payouts
from orders.services.addresses import buyer_address_save
from promotions.asn import asn_profile_set
from promotions.models import AsnParticipant, Redemption
from shop.models import Consent, User
from shop.monitoring.documents import build_xlsx
from shop.monitoring.facts import facts_refresh
from shop.monitoring.periods import period_containing
from shop.monitoring.selectors import ProgramReport, Scope
from shop.privacy import account_delete, pseudonym
from shop.roles import Role
from tests.complaints_world import delivered_order, photo
from tests.promotions.factories import make_campaign
from tests.shopping import KUPANG_ADDRESS, world_make

pytestmark = pytest.mark.django_db

NIP = "198503122010011012"
SIGN_UP = {"email": "yosef@contoh.id", "first_name": "Yosef", "password": "rahasia-kuat-123"}


@pytest.fixture
def world(db, make_user):
    return world_make(make_user)


@pytest.fixture
def buyer(make_user):
    user = make_user(Role.CONSUMER, email="maria@contoh.id")
    user.set_password("kain-tenun-2026")
    user.first_name, user.phone = "Maria", "+6281234567890"
    user.save()
    return user


def test_sign_up_without_consent_is_refused_and_creates_nothing(client):
    page = client.post("/daftar/", SIGN_UP).content.decode()
    assert "Persetujuan diperlukan untuk membuat akun." in page
    assert not User.objects.filter(email="yosef@contoh.id").exists()


def test_sign_up_records_the_consent_with_its_time_and_policy_version(client, settings):
    settings.PRIVACY_POLICY_VERSION = "2026-11"
    before = timezone.now()
    client.post("/daftar/", {**SIGN_UP, "privacy_consent": "on"})
    [consent] = Consent.objects.filter(user__email="yosef@contoh.id")
    assert (consent.purpose, consent.policy_version) == ("ACCOUNT", "2026-11")
    assert before <= consent.given_at <= timezone.now()


def test_account_register_over_graphql_records_consent_when_given(gql):
    query = """mutation($i: AccountRegisterInput!) { accountRegister(input: $i) {
      user { id } errors { code } } }"""
    gql(query, {"i": {"email": "a@contoh.id", "password": "rahasia-kuat-123"}})
    gql(
        query,
        {"i": {"email": "b@contoh.id", "password": "rahasia-kuat-123", "privacyConsent": True}},
    )
    assert list(Consent.objects.values_list("user__email", flat=True)) == ["b@contoh.id"]


def test_privacy_page_in_bahasa_indonesia_and_english(client):
    page = client.get("/privasi/").content.decode()
    assert "Kebijakan Privasi Pasar OVOP NTT" in page
    assert "Undang-Undang Nomor 27 Tahun 2022" in page
    client.get("/bahasa/en/")
    page = client.get("/privasi/").content.decode()
    assert "OVOP NTT Marketplace Privacy Policy" in page
    assert "Law No. 27 of 2022" in page


def test_the_buyer_downloads_their_data_as_json(client, world, buyer):
    order = delivered_order(world, buyer)
    complaint_create(
        user=buyer,
        order=order,
        reason="DAMAGED",
        description="Kain sobek.",
        remedy="REFUND",
    )
    client.force_login(buyer)
    response = client.get("/akun/data-pribadi/unduh/")
    assert response["Content-Disposition"] == 'attachment; filename="data-pribadi-ovop-ntt.json"'
    data = json.loads(response.content)
    assert data["account"]["email"] == "maria@contoh.id"
    assert data["account"]["phone"] == "+6281234567890"
    assert data["addresses"] == [
        {
            "name": "Maria Goreti",
            "phone": "+6281234567890",
            "street": "Jl. El Tari No. 5",
            "village": order.ship_village.name,
            "city": "",
            "province": "",
            "postal_code": "85228",
        }
    ]
    assert [(o["number"], o["total"]) for o in data["orders"]] == [(order.number, order.total)]
    assert data["orders"][0]["lines"][0]["quantity"] == 2
    assert [(c["order"], c["reason"], c["description"]) for c in data["complaints"]] == [
        (order.number, "DAMAGED", "Kain sobek.")
    ]
    # nothing kept elsewhere yet: the sections are there, empty
    assert (data["address_book"], data["reviews"], data["wishlist"], data["asn"]) == (
        [],
        [],
        [],
        None,
    )


def kept_beside_orders(world, buyer, order, *, rating: int, comment: str) -> None:
    """What else the store keeps of the buyer: a review of the order, a saved address
    ("Rumah"), a wishlist item and a NIP (the ASN switch on)."""
    Review.objects.create(
        order=order,
        product=world.tenun.product,
        seller=world.sikka,
        user=buyer,
        author_name="Maria G.",
        rating=rating,
        comment=comment,
    )
    buyer_address_save(user=buyer, address=KUPANG_ADDRESS, label="Rumah")
    wishlist_add(user=buyer, product_id=world.tenun.product_id)
    with override_settings(ASN_PARTICIPATION_ENABLED=True):
        asn_profile_set(user=buyer, nip=NIP, agency="BPKAD NTT", consent=True)


def test_the_copy_holds_the_address_book_reviews_wishlist_and_whole_nip(client, world, buyer):
    order = delivered_order(world, buyer)
    kept_beside_orders(world, buyer, order, rating=4, comment="Tenunnya rapi.")
    client.force_login(buyer)
    data = json.loads(client.get("/akun/data-pribadi/unduh/").content)
    [address] = data["address_book"]
    assert (address["label"], address["name"], address["street"], address["is_default"]) == (
        "Rumah",
        "Maria Goreti",
        "Jl. El Tari No. 5",
        True,
    )
    assert [w["product"] for w in data["wishlist"]] == [world.tenun.product.name]
    assert [(r["order"], r["rating"], r["comment"], r["shown_as"]) for r in data["reviews"]] == [
        (order.number, 4, "Tenunnya rapi.", "Maria G.")
    ]
    # their own copy: the NIP whole, though it is kept encrypted
    assert (data["asn"]["nip"], data["asn"]["agency"]) == (NIP, "BPKAD NTT")


def test_download_needs_sign_in(client):
    assert client.get("/akun/data-pribadi/unduh/").status_code == 302


def test_deleting_the_account_keeps_orders_anonymised_and_every_figure_whole(world, buyer):
    first = delivered_order(world, buyer)
    second = delivered_order(world, buyer, quantity=1)
    complaint_create(
        user=buyer,
        order=first,
        reason="DAMAGED",
        description="Kain sobek, telepon saya 0812...",
        remedy="PARTIAL_REFUND",
        amount=50_000,
        photos=[photo()],
    )
    ids = [first.pk, second.pk]
    facts_refresh(order_ids=ids)
    period = period_containing(timezone.localdate())
    before = ProgramReport(period=period, scope=Scope())
    totals_before = (before.gmv, before.orders, before.units, before.buyers)
    start, end = first.paid_at - timedelta(days=1), first.paid_at + timedelta(days=1)
    payout_before = seller_payouts(seller=world.sikka, start=start, end=end)
    alias = pseudonym(buyer)
    # what else hangs on the person, and a discount used once as a guest by the same e-mail
    kept_beside_orders(world, buyer, first, rating=5, comment="Bagus.")
    campaign = make_campaign()
    guest_discount, someone_else = (
        Redemption.objects.create(
            campaign=campaign,
            seller=world.sikka,
            checkout_id=1,
            customer=customer,
            amount=1000,
            funded_by="GOVERNMENT",
        )
        for customer in ("email:maria@contoh.id", "email:yosef@contoh.id")
    )

    assert sorted(account_delete(user=buyer, password="kain-tenun-2026")) == sorted(ids)

    assert not User.objects.filter(email="maria@contoh.id").exists()
    for order in Order.objects.filter(pk__in=ids):
        assert (order.user_id, order.email, order.ship_name, order.ship_phone) == (
            None,
            alias,
            "(dihapus)",
            "",
        )
        assert (order.ship_street, order.ship_postal_code) == ("(dihapus)", "85228")
    assert not Order.objects.filter(email="maria@contoh.id").exists()
    assert not Checkout.objects.filter(email="maria@contoh.id").exists()
    complaint = Complaint.objects.get()
    assert (complaint.buyer_id, complaint.description) == (None, "(dihapus)")
    assert ComplaintPhoto.objects.count() == 0
    review = Review.objects.get()  # the rating stays, shown as "Pembeli"
    assert (review.user_id, review.author_name, review.rating) == (None, "", 5)
    assert Redemption.objects.get(pk=guest_discount.pk).customer == f"email:{alias}"
    assert Redemption.objects.get(pk=someone_else.pk).customer == "email:yosef@contoh.id"
    assert not BuyerAddress.objects.exists()
    assert not WishlistItem.objects.exists()
    assert not AsnParticipant.objects.exists()
    after = ProgramReport(period=period, scope=Scope())
    assert (after.gmv, after.orders, after.units, after.buyers) == totals_before
    assert seller_payouts(seller=world.sikka, start=start, end=end) == payout_before


def test_deleting_with_a_wrong_password_changes_nothing(world, buyer):
    order = delivered_order(world, buyer)
    with pytest.raises(ValidationError) as info:
        account_delete(user=buyer, password="salah")
    assert info.value.error_dict["password"][0].code == "INVALID_CREDENTIALS"
    order.refresh_from_db()
    assert (order.email, order.user_id) == ("maria@contoh.id", buyer.pk)


def test_a_lembaga_pengurus_cannot_delete_their_account_themselves(world):
    member = world.sikka_member
    member.set_password("rahasia-kuat-123")
    member.save()
    with pytest.raises(ValidationError) as info:
        account_delete(user=member, password="rahasia-kuat-123")
    assert info.value.error_list[0].code == "ACCOUNT_HAS_ROLES"
    assert User.objects.filter(pk=member.pk).exists()


def test_the_delete_page_signs_out_and_says_so(client, world, buyer):
    delivered_order(world, buyer)
    client.force_login(buyer)
    response = client.post("/akun/data-pribadi/", {"password": "kain-tenun-2026"}, follow=True)
    assert "Akun Anda sudah dihapus." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_programme_workbook_carries_no_buyer_personal_data(world, buyer):
    order = delivered_order(world, buyer)
    facts_refresh(order_ids=[order.pk])
    report = ProgramReport(period=period_containing(timezone.localdate()), scope=Scope())
    book = load_workbook(io.BytesIO(build_xlsx(report)))
    cells = " ".join(
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )
    assert "Sarung tenun ikat Sikka" in cells  # the sales are there
    for personal in ("maria@contoh.id", "Maria Goreti", "+6281234567890", "El Tari"):
        assert personal not in cells
