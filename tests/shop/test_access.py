"""The access policy (shop/access.py): every actor x every question, from one table.

Lembaga A (ACTIVE) and A2 (SUBMITTED) are in Sikka (53.07) with the same
pengurus, staff member and pendamping; lembaga B (ACTIVE) is in Timor Tengah
Selatan (53.02). The consumer bought ``order`` from A. Each question's row
lists the actors answered yes; every other actor must be answered no.
The selectors that answer the same questions in SQL must agree with it.
"""

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from catalog.models import Category, Certificate, Product
from catalog.selectors import products_visible
from orders.models import Checkout, Order, Payment
from orders.selectors import orders_visible_to
from sellers.models import (
    OfficerRegency,
    PendampingAssignment,
    Seller,
    SellerDocument,
    SellerMember,
)
from sellers.selectors import (
    seller_documents_visible_to,
    sellers_for_user,
    sellers_reviewable_by,
    sellers_visible_to,
)
from shop import access
from shop.access import Access
from shop.models import User
from shop.roles import Role

pytestmark = pytest.mark.django_db

NITA = "53.07.04.2001"  # Kab. Sikka
FATUMNASI = "53.02.12.2004"  # Kab. Timor Tengah Selatan

ACTORS = (
    "anonymous",
    "consumer",
    "pengurus_a",
    "staff_a",
    "member_b",
    "pendamping_a",
    "pendamping_b",
    "sikka_officer",
    "tts_officer",
    "programme_officer",
    "campaign_staff",
    "superuser",
)
EVERYONE = frozenset(ACTORS)
MANAGERS_A = {"pengurus_a", "staff_a", "pendamping_a", "superuser"}
FULL_MANAGERS_A = {"pengurus_a", "pendamping_a", "superuser"}
REVIEWERS_A = {"sikka_officer", "programme_officer", "superuser"}
PRIVATE_A = MANAGERS_A | REVIEWERS_A

# question -> (how to ask it, who is answered yes)
MATRIX = {
    "manage lembaga A": (lambda a, w: a.may_manage_seller(w["A"]), MANAGERS_A),
    "manage lembaga A with full rights": (
        lambda a, w: a.may_manage_seller(w["A"], full_rights=True),
        FULL_MANAGERS_A,
    ),
    "review lembaga A": (lambda a, w: a.may_review_seller(w["A"]), REVIEWERS_A),
    "review kabupaten Sikka": (lambda a, w: a.may_review_regency("53.07"), REVIEWERS_A),
    "review lembaga at all": (
        lambda a, w: a.is_seller_reviewer(),
        REVIEWERS_A | {"tts_officer"},
    ),
    "see lembaga A's private data": (lambda a, w: a.may_see_seller_private(w["A"]), PRIVATE_A),
    "see lembaga A's document": (lambda a, w: a.may_see_seller_document(w["doc"]), PRIVATE_A),
    "see submitted lembaga A2": (lambda a, w: a.may_see_seller(w["A2"]), PRIVATE_A),
    "see active lembaga B": (lambda a, w: a.may_see_seller(w["B"]), EVERYONE),
    "see A's published product": (lambda a, w: a.may_see_product(w["published"]), EVERYONE),
    "see A's draft product": (
        lambda a, w: a.may_see_product(w["draft"]),
        MANAGERS_A | {"programme_officer"},
    ),
    "see the scan of a certificate of A": (
        lambda a, w: a.may_see_certificate_document(w["certificate"]),
        PRIVATE_A,
    ),
    "review certificates": (
        lambda a, w: a.may_review_certificates(),
        {"programme_officer", "superuser"},
    ),
    "manage catalog rules": (
        lambda a, w: a.may_manage_catalog_rules(),
        {"programme_officer", "superuser"},
    ),
    "see the order from A": (
        lambda a, w: a.may_see_order(w["order"]),
        MANAGERS_A | {"consumer", "programme_officer"},
    ),
    "handle the order from A": (
        lambda a, w: a.may_manage_order(w["order"]),
        MANAGERS_A | {"programme_officer"},
    ),
    "refund the order from A": (
        lambda a, w: a.may_manage_order(w["order"], full_rights=True),
        FULL_MANAGERS_A | {"programme_officer"},
    ),
    "see the consumer's account": (
        lambda a, w: a.may_see_user(w["consumer"].public_id),
        {"consumer", "superuser"},
    ),
    "set A's shipping methods": (
        lambda a, w: a.may_manage_orders_of(w["A"], full_rights=True),
        FULL_MANAGERS_A | {"programme_officer"},
    ),
}

# The selectors that answer a question for a whole table, and the row to look for.
SQL_FORMS = {
    "see A's draft product": (lambda u, w: products_visible(user=u), "draft"),
    "see A's published product": (lambda u, w: products_visible(user=u), "published"),
    "see submitted lembaga A2": (lambda u, w: sellers_visible_to(user=u), "A2"),
    "see active lembaga B": (lambda u, w: sellers_visible_to(user=u), "B"),
    "review lembaga A": (lambda u, w: sellers_reviewable_by(user=u), "A"),
    "see lembaga A's document": (lambda u, w: seller_documents_visible_to(user=u), "doc"),
    "see the order from A": (lambda u, w: orders_visible_to(user=u), "order"),
}


def _lembaga(n: int, village: str, status: str) -> Seller:
    return Seller.objects.create(
        name=f"Lembaga {n}",
        slug=f"lembaga-{n}",
        kind=Seller.Kind.KELOMPOK_USAHA,
        status=status,
        village_id=village,
        nib=f"912000123450{n}",
        phone="+6281237000100",
        email=f"lembaga{n}@desa.id",
    )


def _user(email: str, *roles: Role, **extra) -> User:
    user = User.objects.create_user(email=email, password="rahasia-kuat-123", **extra)
    for role in roles:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def world():
    a = _lembaga(1, NITA, Seller.Status.ACTIVE)
    a2 = _lembaga(2, NITA, Seller.Status.SUBMITTED)
    b = _lembaga(3, FATUMNASI, Seller.Status.ACTIVE)
    users = {
        "anonymous": AnonymousUser(),
        "consumer": _user("konsumen@contoh.id", Role.CONSUMER),
        "pengurus_a": _user("pengurus-a@desa.id", Role.SELLER_MEMBER),
        "staff_a": _user("staf-a@desa.id", Role.SELLER_MEMBER),
        "member_b": _user("pengurus-b@desa.id", Role.SELLER_MEMBER),
        "pendamping_a": _user("pd-a@ovop.id", Role.PENDAMPING),
        "pendamping_b": _user("pd-b@ovop.id", Role.PENDAMPING),
        "sikka_officer": _user("sikka@ntt.go.id", Role.KABUPATEN_OFFICER),
        "tts_officer": _user("tts@ntt.go.id", Role.KABUPATEN_OFFICER),
        "programme_officer": _user("pmd@ntt.go.id", Role.PROGRAMME_OFFICER),
        "campaign_staff": _user("kampanye@ntt.go.id", Role.CAMPAIGN_STAFF),
        "superuser": User.objects.create_superuser("root@ovop.id", "rahasia-kuat-123"),
    }
    for seller in (a, a2):
        SellerMember.objects.create(seller=seller, user=users["pengurus_a"], role="PENGURUS")
        SellerMember.objects.create(seller=seller, user=users["staff_a"], role="STAFF")
        PendampingAssignment.objects.create(seller=seller, user=users["pendamping_a"])
    SellerMember.objects.create(seller=b, user=users["member_b"], role="PENGURUS")
    PendampingAssignment.objects.create(seller=b, user=users["pendamping_b"])
    OfficerRegency.objects.create(user=users["sikka_officer"], regency_id="53.07")
    OfficerRegency.objects.create(user=users["tts_officer"], regency_id="53.02")
    category = Category.objects.create(name="Kain tenun", slug="kain-tenun")
    published, draft = (
        Product.objects.create(
            seller=a,
            category=category,
            name=name,
            slug=name.lower(),
            origin_village_id=NITA,
            is_published=is_published,
        )
        for name, is_published in (("Terbit", True), ("Draf", False))
    )
    checkout = Checkout.objects.create(user=users["consumer"], email="konsumen@contoh.id")
    payment = Payment.objects.create(
        checkout=checkout,
        gateway=Payment.Gateway.BANK_TRANSFER,
        amount=100_000,
        idempotency_key="k",
    )
    order = Order.objects.create(
        number="OVOP-2026-000001",
        checkout=checkout,
        payment=payment,
        seller=a,
        user=users["consumer"],
        email="konsumen@contoh.id",
        ship_name="Maria",
        ship_phone="+6281237000200",
        ship_street="Jalan Nita",
        ship_postal_code="86152",
        shipping_method_name="Ambil di desa",
        subtotal=100_000,
        shipping_total=0,
        total=100_000,
        commission_percent=5,
        commission_amount=5_000,
        seller_payout=95_000,
    )
    doc = SellerDocument.objects.create(
        seller=a, kind=SellerDocument.Kind.AD_ART, file="x.pdf", content_type="application/pdf"
    )
    certificate = Certificate.objects.create(
        product=published, type="HALAL", number="ID53110000123450623", status="APPROVED"
    )
    objects = {
        "certificate": certificate,
        "consumer": users["consumer"],
        "A": a,
        "A2": a2,
        "B": b,
        "published": published,
        "draft": draft,
        "order": order,
        "doc": doc,
    }
    return users, objects


@pytest.mark.parametrize("question", MATRIX)
def test_access_policy_answers_each_actor_exactly(world, question):
    users, objects = world
    ask, allowed = MATRIX[question]
    answers = {name: ask(Access(users[name]), objects) for name in ACTORS}
    assert answers == {name: name in allowed for name in ACTORS}


@pytest.mark.parametrize("question", SQL_FORMS)
def test_selectors_agree_with_the_access_policy(world, question):
    users, objects = world
    _ask, allowed = MATRIX[question]
    rows, key = SQL_FORMS[question]
    row = objects[key]
    in_sql = {name: rows(users[name], objects).filter(pk=row.pk).exists() for name in ACTORS}
    assert in_sql == {name: name in allowed for name in ACTORS}


def test_a_users_own_lembaga_are_those_they_belong_to_or_accompany(world):
    users, objects = world
    own = {name: list(sellers_for_user(user=users[name])) for name in ACTORS}
    a, a2, b = objects["A"], objects["A2"], objects["B"]
    assert own == {
        **{name: [] for name in ACTORS},
        "pengurus_a": [a, a2],
        "staff_a": [a, a2],
        "pendamping_a": [a, a2],
        "member_b": [b],
        "pendamping_b": [b],
    }


def test_anonymous_access_needs_no_query(world, django_assert_num_queries):
    users, objects = world
    anonymous = Access(users["anonymous"])
    with django_assert_num_queries(0):
        assert anonymous.may_manage_seller(objects["A"]) is False
        assert anonymous.may_see_order(objects["order"]) is False
        assert anonymous.reviewed_regencies == frozenset()


def test_the_policys_spelling_of_sellers_values_matches_the_sellers_app():
    assert access.PENGURUS == SellerMember.Role.PENGURUS
    assert access.SELLER_ACTIVE == Seller.Status.ACTIVE
