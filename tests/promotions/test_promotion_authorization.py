"""Who may run each promotions operation: one table (actor -> allowed operations), one test
per (actor, operation) generated from it (tests/authz.py has the cast and the rule).

Campaign staff run campaigns (MANAGE_CAMPAIGNS); a lembaga joins a seller-funded one only
by its pengurus or pendamping (it costs the lembaga money): lembaga A is the one joining.
A DRAFT campaign answers PERMISSION_DENIED too.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from promotions.models import Campaign, SellerOptIn, Voucher
from tests.authz import cell_check, cells, operation
from tests.graphql import gid
from tests.promotions.factories import make_campaign

pytestmark = pytest.mark.django_db

STAFF = {
    "campaignCreate",
    "campaignUpdate",
    "campaignPause",
    "campaignPublish",
    "vouchersGenerate",
}

# The table: actor -> the promotions operations it may run.
ALLOWED: dict[str, set[str]] = {
    "pengurus_a": {"campaignSellerOptIn"},
    "pendamping_a": {"campaignSellerOptIn"},
    "campaign_staff": STAFF,
    "superuser": STAFF | {"campaignSellerOptIn"},
}


def _create_setup(cast):
    now = timezone.now()
    return {
        "i": {
            "name": "Kampanye matriks",
            "startsAt": now.isoformat(),
            "endsAt": (now + timedelta(days=7)).isoformat(),
            "discountType": "PERCENTAGE",
            "value": 10,
            "fundedBy": "GOVERNMENT",
        }
    }, None


def _campaign(**fields):
    def setup(cast):
        campaign = make_campaign(**fields)
        return {"id": gid(campaign)}, campaign

    return setup


def _fresh(campaign):
    return Campaign.objects.get(pk=campaign.pk)


def _opt_in_setup(cast):
    campaign = make_campaign(funded_by="SELLER")
    return {"c": gid(campaign), "s": gid(cast.seller_a)}, campaign


OPS = {
    "campaignCreate": operation(
        "campaignCreate",
        "($i: CampaignCreateInput!) | (input: $i)",
        _create_setup,
        lambda _: Campaign.objects.filter(name="Kampanye matriks").exists(),
    ),
    "campaignUpdate": operation(
        "campaignUpdate",
        "($id: ID!) | (id: $id, input: {value: 12})",
        _campaign(),
        lambda campaign: _fresh(campaign).value == 12,
    ),
    "campaignPause": operation(
        "campaignPause",
        "($id: ID!) | (id: $id)",
        _campaign(),
        lambda campaign: _fresh(campaign).is_paused,
    ),
    "campaignPublish": operation(
        "campaignPublish",
        "($id: ID!) | (id: $id)",
        _campaign(is_draft=True),
        lambda campaign: not _fresh(campaign).is_draft,
    ),
    "campaignSellerOptIn": operation(
        "campaignSellerOptIn",
        "($c: ID!, $s: ID!) | (campaign: $c, seller: $s, optedIn: true)",
        _opt_in_setup,
        lambda campaign: SellerOptIn.objects.filter(campaign=campaign, opted_in=True).exists(),
    ),
    "vouchersGenerate": operation(
        "vouchersGenerate",
        "($id: ID!) | (campaign: $id, count: 2)",
        _campaign(voucher_only=True),
        lambda campaign: Voucher.objects.filter(campaign=campaign).count() == 2,
    ),
}


@pytest.mark.parametrize(("actor", "op"), cells(ALLOWED, OPS))
def test_promotions_matrix(gql, actor, op):
    cell_check(gql, OPS, ALLOWED, {}, actor, op)
