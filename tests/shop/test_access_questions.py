"""The access policy's other questions (issue 18): outlets, campaigns, OVOP designation,
programme reports and interventions, complaints, reviews, transfer proofs and ASN records,
every actor of tests/authz.py x every question, from one table (test_access.py has the
sellers, catalog and orders questions).

The OPD officer assists lembaga A (read only); ``outlet_operator`` runs NTT Mart Kupang.
The consumer bought ``order`` from A, filed ``complaint`` on it, uploaded ``proof`` for it
and keeps ``participant`` (their ASN record). The policy reads only ids and attributes, so
these are unsaved model instances: no query, no factory.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from catalog.models import Certificate, StockLocation
from catalog.services.stock import stock_location_ensure_for_seller
from orders.complaints.models import Complaint
from orders.models import Order, TransferProof
from orders.outlets import services
from orders.outlets.models import OutletOperator
from promotions.models import AsnParticipant
from sellers.models import OpdAssignment
from shop import access
from shop.access import Access, request_access, require
from tests.authz import ACTORS, cast_build
from tests.factories import ProductFactory, UserFactory

pytestmark = pytest.mark.django_db

MANAGERS_A = {"staff_a", "pengurus_a", "pendamping_a", "superuser"}
PROVINCE = {"programme_officer", "campaign_staff", "outlet_officer", "tim_ahli"}
PROVINCE |= {"tim_verifikasi", "sekretariat", "superuser"}  # VIEW_PROGRAMME_REPORTS
OUTLET_STAFF = {"outlet_officer", "superuser"}
ORDER_STAFF = {"programme_officer", "superuser"}  # MANAGE_ORDERS
SEES_A_PRIVATE = MANAGERS_A | {"programme_officer", "kabupaten_officer", "opd_officer"}
SEES_A_PRIVATE |= {"sekretariat"}
SIGNED_IN = {name for name in ACTORS if name != "anonymous"}

# question -> (how to ask it, who is answered yes)
TABLE = {
    "see A's private data": (lambda a, w: a.may_see_seller_private(w.A), SEES_A_PRIVATE),
    "see the scan of A's own certificate": (
        lambda a, w: a.may_see_certificate_document(w.seller_certificate),
        SEES_A_PRIVATE,
    ),
    "see B's private data": (
        lambda a, w: a.may_see_seller_private(w.B),
        {"pengurus_b", "programme_officer", "sekretariat", "superuser"},
    ),
    "see every product": (
        lambda a, w: a.may_see_all_products(),
        {"programme_officer", "superuser"},
    ),
    "open outlets": (lambda a, w: a.may_manage_outlets(), OUTLET_STAFF),
    "run NTT Mart Kupang": (
        lambda a, w: a.may_operate_outlet(w.outlet.pk),
        OUTLET_STAFF | {"outlet_operator"},
    ),
    "run another outlet": (lambda a, w: a.may_operate_outlet(w.other.pk), OUTLET_STAFF),
    "count NTT Mart Kupang's stock": (
        lambda a, w: a.may_sync_stock_of(w.outlet),
        OUTLET_STAFF | {"outlet_operator"},
    ),
    "record NTT Mart Kupang's sales": (
        lambda a, w: a.may_sync_stock_of(w.outlet, scope="sales"),
        OUTLET_STAFF | {"outlet_operator"},
    ),
    "count A's own stock": (lambda a, w: a.may_sync_stock_of(w.home_a), MANAGERS_A),
    "propose A's product for OVOP": (
        lambda a, w: a.may_propose_ovop_product(w.product),
        MANAGERS_A,
    ),
    "designate OVOP products": (
        lambda a, w: a.may_designate_ovop_products(),
        {"programme_officer", "superuser"},
    ),
    "see A's OVOP assessment": (
        lambda a, w: a.may_see_ovop_assessment_of(w.A.pk),
        MANAGERS_A | {"programme_officer", "sekretariat"},
    ),
    "run campaigns": (lambda a, w: a.may_manage_campaigns(), {"campaign_staff", "superuser"}),
    "see a campaign's report": (lambda a, w: a.may_see_campaign_report(), PROVINCE),
    "opt lembaga A into a campaign": (
        lambda a, w: a.may_opt_in_campaign(w.A),
        {"pengurus_a", "pendamping_a", "superuser"},
    ),
    "see the monitoring dashboard": (
        lambda a, w: a.may_view_programme_reports(),
        PROVINCE | {"kabupaten_officer"},
    ),
    "see Sikka's figures": (
        lambda a, w: a.may_see_programme_regency("53.07"),
        PROVINCE | {"kabupaten_officer"},
    ),
    "see TTS's figures": (lambda a, w: a.may_see_programme_regency("53.02"), PROVINCE),
    "see A's sales figures": (
        lambda a, w: a.may_see_seller_figures(w.A),
        PROVINCE | MANAGERS_A | {"kabupaten_officer"},
    ),
    "see B's sales figures": (
        lambda a, w: a.may_see_seller_figures(w.B),
        PROVINCE | {"pengurus_b"},
    ),
    "generate and submit reports": (
        lambda a, w: a.may_manage_programme_reports(),
        {"programme_officer", "superuser"},
    ),
    "review reports": (lambda a, w: a.may_review_programme_reports(), {"tim_ahli", "superuser"}),
    "record interventions": (
        lambda a, w: a.may_record_interventions(),
        {"programme_officer", "superuser"},
    ),
    "vet grants": (lambda a, w: a.may_vet_grants(), {"tim_verifikasi", "superuser"}),
    "handle A's orders": (
        lambda a, w: a.may_manage_orders_of(w.A),
        MANAGERS_A | {"programme_officer"},
    ),
    "complain about the consumer's order": (
        lambda a, w: a.may_open_complaint(w.order),
        {"consumer"},
    ),
    "answer the consumer's complaint for A": (
        lambda a, w: a.may_answer_complaint(w.complaint),
        {"pengurus_a", "pendamping_a", "superuser"},
    ),
    "decide complaints": (lambda a, w: a.may_decide_complaints(), ORDER_STAFF),
    "see the consumer's complaint": (
        lambda a, w: a.may_see_complaint(w.complaint),
        MANAGERS_A | ORDER_STAFF | {"consumer"},
    ),
    "hide a review": (lambda a, w: a.may_moderate_reviews(), ORDER_STAFF),
    "see the consumer's transfer proof": (
        lambda a, w: a.may_see_transfer_proof(w.proof, [w.order]),
        MANAGERS_A | ORDER_STAFF | {"consumer"},
    ),
    "keep one's own ASN record": (lambda a, w: a.may_keep_asn_profile(), SIGNED_IN),
    "keep one's own address book and wishlist": (
        lambda a, w: a.may_keep_buyer_lists(),
        SIGNED_IN,
    ),
    "see the consumer's NIP whole": (lambda a, w: a.may_see_nip_of(w.participant), {"consumer"}),
}


class World:
    def __init__(self):
        cast = cast_build()
        self.users, self.A, self.B = cast.users, cast.seller_a, cast.seller_b
        self.outlet, self.other = (
            StockLocation.objects.create(name=name, kind=StockLocation.Kind.NTT_MART, regency_id=r)
            for name, r in (("NTT Mart Kupang", "53.71"), ("NTT Mart Ende", "53.08"))
        )
        OutletOperator.objects.create(user=self.users["outlet_operator"], location=self.outlet)
        OpdAssignment.objects.create(
            user=self.users["opd_officer"], seller=self.A, agency="DISPERINDAG"
        )
        self.home_a = stock_location_ensure_for_seller(seller=self.A)
        self.product = ProductFactory(seller=self.A)
        consumer = self.users["consumer"]
        self.order = Order(seller=self.A, user=consumer)
        self.complaint = Complaint(order=self.order, buyer=consumer)
        self.proof = TransferProof(uploaded_by=consumer)
        self.participant = AsnParticipant(user=consumer)
        self.seller_certificate = Certificate(seller=self.A, type="NIB", number="9120001234501")


@pytest.fixture
def world():
    return World()


@pytest.mark.parametrize("question", TABLE)
def test_each_actor_is_answered_exactly(world, question):
    ask, allowed = TABLE[question]
    answers = {name: ask(Access(world.users[name]), world) for name in ACTORS}
    assert answers == {name: name in allowed for name in ACTORS}


def test_the_kabupaten_officer_sees_its_own_kabupaten_the_province_staff_all(world):
    regencies = {name: Access(world.users[name]).programme_regencies for name in ACTORS}
    assert regencies == {
        **{name: frozenset() for name in ACTORS},
        **dict.fromkeys(PROVINCE),
        "kabupaten_officer": frozenset({"53.07"}),
    }


def test_a_pos_token_syncs_its_own_outlet_within_its_scopes_only(world):
    token = services.api_token_create(
        user=world.users["outlet_officer"], location=world.outlet, name="Kasir", scopes=["stock"]
    )
    client = Access(token.api_token.user)
    assert client.service_client == (world.outlet.pk, frozenset({"stock"}))
    assert [
        client.may_sync_stock_of(world.outlet),
        client.may_sync_stock_of(world.outlet, scope="sales"),
        client.may_sync_stock_of(world.other),
        client.may_sync_stock_of(world.home_a),
        client.may_manage_outlets(),
    ] == [True, False, False, False, False]
    assert Access(world.users["outlet_officer"]).service_client is None


def test_a_pos_token_never_manages_outlets_even_with_the_permission(world):
    """The token's user is a service client: Disperindag's rights are people's only."""
    from django.contrib.auth.models import Permission

    token = services.api_token_create(
        user=world.users["outlet_officer"], location=world.outlet, name="Kasir"
    )
    user = token.api_token.user
    user.user_permissions.add(Permission.objects.get(codename="manage_stock_locations"))
    user = type(user).objects.get(pk=user.pk)
    assert Access(user).has(access.Perm.MANAGE_STOCK_LOCATIONS) is True
    assert Access(user).may_manage_outlets() is False


def test_require_refuses_with_the_policys_message_or_the_one_given():
    assert require(True) is None
    with pytest.raises(PermissionDenied) as default:
        require(False)
    assert str(default.value) == "Anda tidak memiliki izin untuk tindakan ini."
    with pytest.raises(PermissionDenied) as given:
        require(False, "Hanya petugas gerai Disperindag.")
    assert str(given.value) == "Hanya petugas gerai Disperindag."


def test_one_access_per_request_renewed_when_the_user_changes(world):
    request = RequestFactory().get("/")
    request.user = world.users["consumer"]
    first = request_access(request)
    assert first.user is world.users["consumer"]
    assert request_access(request) is first
    request.user = world.users["pengurus_a"]
    second = request_access(request)
    assert second is not first
    assert second.user is world.users["pengurus_a"]
    assert request_access(request) is second


def test_a_complaint_is_seen_by_who_filed_it_and_by_the_orders_buyer_each_alone(world):
    """Who filed it and the order's buyer are both "its buyer", even when they differ;
    the lembaga's own members see it, another lembaga's do not."""
    filer, stranger = UserFactory(), UserFactory()
    complaint = Complaint(order=Order(seller=world.B, user=world.users["consumer"]), buyer=filer)
    people = {**world.users, "filer": filer, "stranger": stranger}
    asked = ("filer", "consumer", "pengurus_b", "pengurus_a", "programme_officer")
    asked += ("stranger", "anonymous")
    answers = {name: Access(people[name]).may_see_complaint(complaint) for name in asked}
    assert answers == {
        "filer": True,
        "consumer": True,
        "pengurus_b": True,
        "pengurus_a": False,
        "programme_officer": True,
        "stranger": False,
        "anonymous": False,
    }


def test_a_transfer_proof_is_seen_by_its_uploader_and_by_who_sees_any_order_it_pays(world):
    """The uploader need not be a buyer; without orders only the uploader sees it."""
    uploader, stranger = UserFactory(), UserFactory()
    proof = TransferProof(uploaded_by=uploader)
    consumer = world.users["consumer"]
    orders = [Order(seller=world.B, user=consumer), Order(seller=world.A, user=consumer)]
    people = {**world.users, "uploader": uploader, "stranger": stranger}
    asked = ("uploader", "consumer", "pengurus_b", "staff_a", "stranger", "anonymous")

    def answers(paid):
        return {name: Access(people[name]).may_see_transfer_proof(proof, paid) for name in asked}

    assert answers(orders) == {
        "uploader": True,
        "consumer": True,
        "pengurus_b": True,
        "staff_a": True,
        "stranger": False,
        "anonymous": False,
    }
    assert answers([]) == {name: name == "uploader" for name in asked}


def test_a_pos_token_keeps_no_asn_record_address_book_or_wishlist(world):
    """These are a person's: the token's user is signed in but a service client."""
    token = services.api_token_create(
        user=world.users["outlet_officer"], location=world.outlet, name="Kasir"
    )
    assert Access(token.api_token.user).may_keep_asn_profile() is False
    assert Access(world.users["outlet_officer"]).may_keep_asn_profile() is True
    assert Access(token.api_token.user).may_keep_buyer_lists() is False
    assert Access(world.users["outlet_officer"]).may_keep_buyer_lists() is True
