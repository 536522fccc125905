"""Campaigns for the promotions tests."""

import itertools
from datetime import timedelta

from django.utils import timezone

from promotions.models import Campaign, Redemption
from tests.factories import SellerFactory

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


def make_redemption(
    *,
    campaign: Campaign,
    checkout_id: int,
    status: str = "REDEEMED",
    voucher=None,
    amount: int = 1_000,
    customer: str = "email:maria@contoh.id",
) -> Redemption:
    """One campaign's discount on one (new) lembaga's part of a checkout."""
    return Redemption.objects.create(
        campaign=campaign,
        voucher=voucher,
        seller=SellerFactory(),
        checkout_id=checkout_id,
        customer=customer,
        status=status,
        amount=amount,
        funded_by="GOVERNMENT",
    )
