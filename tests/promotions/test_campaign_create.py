"""campaignCreate: staff only, ACTIVE at once when begun, DRAFT on request, bad input coded."""

from datetime import timedelta

import pytest
from django.utils import timezone
from graphql_relay import to_global_id

from promotions.models import Campaign
from tests.shopping import make_category, make_variant

CREATE = """mutation($input: CampaignCreateInput!) { campaignCreate(input: $input) {
  campaign { id status slug name fundedBy budget { amount } } errors { field code message } } }"""


def _input(world, **extra):
    now = timezone.now()
    return {
        "name": "Beli Produk NTT: Tenun Sikka dan Belu",
        "startsAt": (now - timedelta(hours=1)).isoformat(),
        "endsAt": (now + timedelta(days=30)).isoformat(),
        "discountType": "PERCENTAGE",
        "value": 15,
        "scope": {
            "categories": [to_global_id("Category", world.tenun.product.category_id)],
            "regencies": ["53.07", "53.04"],
        },
        "budget": 10_000_000,
        "fundedBy": "GOVERNMENT",
        "fundingReference": "APBD 2026, DPA 1.03.02",
        **extra,
    }


def test_campaign_begun_is_active_at_once(gql, world, staff):
    gql.login(staff)
    result = gql(CREATE, {"input": _input(world)})["data"]["campaignCreate"]
    assert result["errors"] == []
    assert result["campaign"]["status"] == "ACTIVE"
    assert result["campaign"]["slug"] == "beli-produk-ntt-tenun-sikka-dan-belu"
    assert result["campaign"]["budget"] == {"amount": 10_000_000}
    campaign = Campaign.objects.get()
    assert sorted(campaign.regencies.values_list("pk", flat=True)) == ["53.04", "53.07"]
    assert campaign.created_by == staff


def test_draft_true_keeps_it_a_draft_hidden_from_the_public(gql, world, staff):
    gql.login(staff)
    result = gql(CREATE, {"input": _input(world, draft=True)})["data"]["campaignCreate"]
    assert result["campaign"]["status"] == "DRAFT"
    gql.logout()
    data = gql("{ campaigns { edges { node { name } } } }")["data"]
    assert data["campaigns"]["edges"] == []


def test_future_campaign_is_scheduled_and_filtered_by_status(gql, world, staff):
    gql.login(staff)
    now = timezone.now()
    future = _input(
        world,
        name="Natal",
        startsAt=(now + timedelta(days=3)).isoformat(),
        endsAt=(now + timedelta(days=9)).isoformat(),
    )
    assert gql(CREATE, {"input": future})["data"]["campaignCreate"]["campaign"]["status"] == (
        "SCHEDULED"
    )
    gql(CREATE, {"input": _input(world)})
    data = gql("{ campaigns(filter: {status: SCHEDULED}) { edges { node { name status } } } }")
    assert data["data"]["campaigns"]["edges"] == [
        {"node": {"name": "Natal", "status": "SCHEDULED"}}
    ]


@pytest.mark.parametrize(
    ("extra", "field", "code"),
    [
        ({"value": 101}, "value", "PERCENTAGE_OUT_OF_RANGE"),
        ({"value": 0}, "value", "PERCENTAGE_OUT_OF_RANGE"),
        ({"discountType": "FIXED", "value": 0}, "value", "VALUE_INVALID"),
        ({"budget": -1}, "budget", "BUDGET_NEGATIVE"),
        ({"perCustomerLimit": 0}, "perCustomerLimit", "LIMIT_INVALID"),
    ],
)
def test_bad_input_is_refused_with_its_code(gql, world, staff, extra, field, code):
    gql.login(staff)
    result = gql(CREATE, {"input": _input(world, **extra)})["data"]["campaignCreate"]
    assert [(e["field"], e["code"]) for e in result["errors"]] == [(field, code)]
    assert result["campaign"] is None
    assert Campaign.objects.count() == 0


def test_end_before_start_is_refused(gql, world, staff):
    gql.login(staff)
    now = timezone.now()
    bad = _input(world, startsAt=now.isoformat(), endsAt=(now - timedelta(days=1)).isoformat())
    result = gql(CREATE, {"input": bad})["data"]["campaignCreate"]
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("endsAt", "PERIOD_INVALID")]


def test_fixed_discount_above_the_price_is_refused(gql, world, staff):
    gql.login(staff)
    bad = _input(
        world,
        discountType="FIXED",
        value=65_001,
        scope={"products": [to_global_id("Product", world.kopi.product_id)]},
    )
    result = gql(CREATE, {"input": bad})["data"]["campaignCreate"]
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("value", "FIXED_ABOVE_PRICE")]
    bad["value"] = 65_000
    assert gql(CREATE, {"input": bad})["data"]["campaignCreate"]["errors"] == []


def test_government_discount_on_sopi_is_refused(gql, world, staff):
    gql.login(staff)
    sopi = make_variant(world.belu, name="Sopi", category=make_category("Sopi", min_buyer_age=21))
    scope = {"products": [to_global_id("Product", sopi.product_id)]}
    result = gql(CREATE, {"input": _input(world, scope=scope)})["data"]["campaignCreate"]
    assert [(e["field"], e["code"]) for e in result["errors"]] == [
        ("scope", "GOVERNMENT_DISCOUNT_AGE_RESTRICTED")
    ]
    ok = gql(CREATE, {"input": _input(world, scope=scope, fundedBy="SELLER")})
    assert ok["data"]["campaignCreate"]["errors"] == []


@pytest.mark.parametrize("role", ["consumer", "seller_member", "programme_officer"])
def test_only_campaign_staff_create(gql, world, make_user, role):
    gql.login(make_user(role))
    result = gql(CREATE, {"input": _input(world)})["data"]["campaignCreate"]
    assert [e["code"] for e in result["errors"]] == ["PERMISSION_DENIED"]
    assert Campaign.objects.count() == 0


def test_pause_and_resume(gql, world, staff):
    gql.login(staff)
    campaign_id = gql(CREATE, {"input": _input(world)})["data"]["campaignCreate"]["campaign"]["id"]
    pause = """mutation($id: ID!, $p: Boolean) { campaignPause(id: $id, paused: $p) {
      campaign { status } errors { code } } }"""
    assert gql(pause, {"id": campaign_id})["data"]["campaignPause"]["campaign"]["status"] == (
        "PAUSED"
    )
    resumed = gql(pause, {"id": campaign_id, "p": False})["data"]["campaignPause"]
    assert resumed["campaign"]["status"] == "ACTIVE"
