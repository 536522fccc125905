"""Who may use each staff or portal page that writes, for reviews, complaints and campaign
staff: one table (actor -> allowed pages), one test per (actor, page) generated from it.
The GraphQL matrices pin the services; this pins that no page skips its check.

Every actor of tests/authz.py's cast POSTs the form (or GETs the page). The answer of a
cell: allowed => 302 (a POST's redirect after the write, and the write happened) or 200
(a GET); anonymous => the redirect to sign-in; an actor who may not see the object =>
404; any other denied actor => the page's refusal (403, or the same page again with the
error shown: ``Page.refused``) and nothing changed.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.utils import timezone

from orders.complaints.models import Complaint
from orders.models import Order
from orders.reviews.models import Review
from promotions.models import Campaign, Voucher
from tests.authz import ACTORS, cast_build
from tests.promotions.factories import make_campaign
from tests.trust import bought_by_consumer, complaint_of_consumer, reviewed_by_consumer

pytestmark = pytest.mark.django_db

S = Complaint.Status
LOGIN = "login"


@dataclass(frozen=True)
class Page:
    """``setup(cast) -> (url, data, state)``; ``changed(state)`` for a POST's write."""

    method: str
    setup: Callable
    changed: Callable = lambda state: False
    refused: int = 403


def _review_page(url):
    def setup(cast):
        review = reviewed_by_consumer(cast)
        return url, {"review": review.pk, "reply": "Terima kasih", "reason": "Kasar"}, review

    return setup


def _fresh_review(review):
    return Review.objects.get(pk=review.pk)


def _review_create(cast):
    order = bought_by_consumer(cast)
    data = {"product": order.lines.get().variant.product_id, "rating": "5"}
    return f"/pesanan/{order.number}/ulasan/", data, order


def _complaint_create(cast):
    order = bought_by_consumer(cast, status=Order.Status.DELIVERED)
    data = {"reason": "DAMAGED", "description": "Kain sobek", "remedy": "REPLACEMENT"}
    return f"/pesanan/{order.number}/komplain/", data, order


def _complaint_page(status, **data):
    def setup(cast):
        made = complaint_of_consumer(cast, status)
        return f"/komplain/{made.pk}/", data, made

    return setup


def _complaint_status(made):
    return Complaint.objects.get(pk=made.pk).status


def _campaign_form(campaign=None, **changes) -> dict:
    now = timezone.localtime(timezone.now())
    data = {
        "name": "Kampanye halaman matriks",
        "agency": "DISPERINDAG",
        "starts_at": (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (now + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
        "discount_type": "PERCENTAGE",
        "value": 10,
        "applies_to": "ITEM",
        "funded_by": "GOVERNMENT",
    }
    if campaign is not None:
        data |= {"name": campaign.name, "agency": campaign.agency}
        data |= {"applies_to": campaign.applies_to}
    return data | changes


def _campaign_page(suffix, data=None, **fields):
    def setup(cast):
        campaign = make_campaign(**fields)
        form = data(campaign) if callable(data) else dict(data or {})
        return f"/staf/kampanye/{campaign.slug}/{suffix}", form, campaign

    return setup


def _fresh_campaign(campaign):
    return Campaign.objects.get(pk=campaign.pk)


def _get(url):
    return Page("GET", lambda cast: (url, {}, None))


def _get_complaint(cast):
    return f"/komplain/{complaint_of_consumer(cast, S.OPEN).pk}/", {}, None


def _get_campaign(suffix):
    return Page("GET", lambda cast: (f"/staf/kampanye/{make_campaign().slug}/{suffix}", {}, None))


PAGES = {
    "POST /pesanan/<n>/ulasan/": Page(
        "POST",
        _review_create,
        lambda order: Review.objects.filter(order=order, rating=5).exists(),
        refused=302,  # back to the order page with the error
    ),
    "POST /penjual/ulasan/": Page(
        "POST",
        _review_page("/penjual/ulasan/"),
        lambda review: _fresh_review(review).reply == "Terima kasih",
    ),
    "POST /staf/ulasan/": Page(
        "POST", _review_page("/staf/ulasan/"), lambda review: _fresh_review(review).is_hidden
    ),
    "POST /pesanan/<n>/komplain/": Page(
        "POST",
        _complaint_create,
        lambda order: Complaint.objects.filter(order=order).exists(),
    ),
    "POST /komplain/<pk>/ respond": Page(
        "POST",
        _complaint_page(S.OPEN, action="respond", response="REJECT", note="Kain utuh"),
        lambda made: _complaint_status(made) == S.ESCALATED,
        refused=200,  # the complaint page again, with the error
    ),
    "POST /komplain/<pk>/ offer_decline": Page(
        "POST",
        _complaint_page(S.OFFERED, action="offer_decline"),
        lambda made: _complaint_status(made) == S.ESCALATED,
        refused=200,
    ),
    "POST /komplain/<pk>/ decide": Page(
        "POST",
        _complaint_page(S.ESCALATED, action="decide", decision="REJECT", note="Tidak terbukti"),
        lambda made: _complaint_status(made) == S.REJECTED,
        refused=200,
    ),
    "POST /staf/kampanye/baru/": Page(
        "POST",
        lambda cast: ("/staf/kampanye/baru/", _campaign_form(), None),
        lambda _: Campaign.objects.filter(name="Kampanye halaman matriks").exists(),
    ),
    "POST /staf/kampanye/<slug>/ubah/": Page(
        "POST",
        _campaign_page("ubah/", lambda campaign: _campaign_form(campaign, value=15)),
        lambda campaign: _fresh_campaign(campaign).value == 15,
    ),
    "POST /staf/kampanye/<slug>/jeda/": Page(
        "POST",
        _campaign_page("jeda/", {"paused": "1"}),
        lambda campaign: _fresh_campaign(campaign).is_paused,
    ),
    "POST /staf/kampanye/<slug>/ vouchers": Page(
        "POST",
        _campaign_page("", {"count": 2}, voucher_only=True),
        lambda campaign: Voucher.objects.filter(campaign=campaign).count() == 2,
    ),
    "GET /staf/ulasan/": _get("/staf/ulasan/"),
    "GET /penjual/ulasan/": _get("/penjual/ulasan/"),
    "GET /staf/komplain/": _get("/staf/komplain/"),
    "GET /penjual/komplain/": _get("/penjual/komplain/"),
    "GET /komplain/<pk>/": Page("GET", _get_complaint),
    "GET /staf/kampanye/": _get("/staf/kampanye/"),
    "GET /staf/kampanye/baru/": _get("/staf/kampanye/baru/"),
    "GET /staf/kampanye/<slug>/": _get_campaign(""),
}

MANAGERS_OF_A = {"staff_a", "pengurus_a", "pendamping_a"}
PORTAL = {"POST /penjual/ulasan/", "GET /penjual/ulasan/", "GET /penjual/komplain/"}
MODERATE = {"POST /staf/ulasan/", "GET /staf/ulasan/", "GET /staf/komplain/"}
DECIDE = MODERATE | {"POST /komplain/<pk>/ decide", "GET /komplain/<pk>/"}
CAMPAIGN_REPORT = {"GET /staf/kampanye/", "GET /staf/kampanye/<slug>/"}
CAMPAIGNS = CAMPAIGN_REPORT | {page for page in PAGES if "/staf/kampanye/" in page}
COMPLAINT_PAGES = {page for page in PAGES if page.startswith(("POST /komplain", "GET /komplain"))}

# The table: actor -> the pages it may use (lembaga A's order, review and complaint).
ALLOWED: dict[str, set[str]] = {
    "consumer": {
        "POST /pesanan/<n>/ulasan/",
        "POST /pesanan/<n>/komplain/",
        "POST /komplain/<pk>/ offer_decline",
        "GET /komplain/<pk>/",
    },
    "staff_a": PORTAL | {"GET /komplain/<pk>/"},
    "pengurus_a": PORTAL | {"POST /komplain/<pk>/ respond", "GET /komplain/<pk>/"},
    "pendamping_a": PORTAL | {"POST /komplain/<pk>/ respond", "GET /komplain/<pk>/"},
    "pengurus_b": PORTAL - {"POST /penjual/ulasan/"},  # its own portal, not A's review
    "programme_officer": DECIDE | CAMPAIGN_REPORT,
    "campaign_staff": CAMPAIGNS,
    "outlet_officer": CAMPAIGN_REPORT,
    "tim_ahli": CAMPAIGN_REPORT,
    "tim_verifikasi": CAMPAIGN_REPORT,
    "sekretariat": CAMPAIGN_REPORT,
    # Not a member of any lembaga, so no seller portal; never the buyer.
    "superuser": DECIDE | CAMPAIGNS | {"POST /komplain/<pk>/ respond"},
}
SEE_ORDER = {"consumer", "programme_officer", "superuser"} | MANAGERS_OF_A
# Who may not even see the object the page is about: 404.
HIDDEN: dict[str, set[str]] = {
    actor: (COMPLAINT_PAGES if actor not in SEE_ORDER else set())
    | ({"POST /pesanan/<n>/ulasan/"} if actor not in SEE_ORDER else set())
    | {"POST /pesanan/<n>/komplain/"}  # only the buyer's complaint form exists
    | ({"POST /penjual/ulasan/"} if actor == "pengurus_b" else set())
    for actor in ACTORS
}


def expected(actor: str, name: str) -> int | str:
    page = PAGES[name]
    if name in ALLOWED.get(actor, set()):
        return 302 if page.method == "POST" else 200
    if actor == "anonymous":
        return LOGIN
    return 404 if name in HIDDEN[actor] else page.refused


@pytest.mark.parametrize(("actor", "name"), [(a, p) for p in PAGES for a in ACTORS])
def test_page_matrix(client, actor, name):
    cast = cast_build()
    page = PAGES[name]
    url, data, state = page.setup(cast)
    if cast.users[actor] is not None:
        client.force_login(cast.users[actor])
    response = client.post(url, data) if page.method == "POST" else client.get(url)
    answer = expected(actor, name)
    status = response.status_code
    if answer == LOGIN:
        login = resolve_url(settings.LOGIN_URL)
        assert (status, response["Location"].startswith(login)) == (302, True)
    else:
        assert status == answer
    allowed_write = page.method == "POST" and name in ALLOWED.get(actor, set())
    assert page.changed(state) == allowed_write


def test_the_table_names_known_pages_only():
    named = {page for pages in ALLOWED.values() for page in pages}
    assert named <= set(PAGES)
    assert set(ALLOWED) <= set(ACTORS)
