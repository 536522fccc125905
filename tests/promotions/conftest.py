"""Campaign factories on top of the checkout world (two lembaga, tenun and kopi)."""

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from promotions.models import Campaign
from tests.orders.conftest import world  # noqa: F401  (fixture)

_seq = itertools.count(1)


def make_campaign(
    *,
    products=(),
    categories=(),
    sellers=(),
    regencies=(),
    funded_by: str = "GOVERNMENT",
    discount_type: str = "PERCENTAGE",
    value: int = 10,
    budget: int | None = None,
    started: bool = True,
    **fields,
) -> Campaign:
    now = timezone.now()
    n = next(_seq)
    campaign = Campaign.objects.create(
        name=fields.pop("name", f"Beli Produk NTT {n}"),
        slug=f"kampanye-{n}",
        starts_at=now - timedelta(days=1) if started else now + timedelta(days=1),
        ends_at=now + timedelta(days=30),
        discount_type=discount_type,
        value=value,
        funded_by=funded_by,
        budget=budget,
        **fields,
    )
    campaign.products.set(products)
    campaign.categories.set(categories)
    campaign.sellers.set(sellers)
    campaign.regencies.set(regencies)
    return campaign


@pytest.fixture
def staff(make_user):
    from shop.roles import Role

    return make_user(Role.CAMPAIGN_STAFF, email="kampanye@ntt.go.id")
