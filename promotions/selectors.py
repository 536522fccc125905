"""Promotion reads: campaigns as each viewer may see them, their products, and their report."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncDate

from catalog.models import Product
from catalog.selectors import product_rows, products_visible
from sellers.models import Regency, Seller
from shop.access import Access

from .models import Campaign, CampaignStatus, FundedBy, Redemption, status_q
from .offers import campaign_products


def campaigns_visible(*, user=None) -> QuerySet[Campaign]:
    """Published campaigns for everyone; drafts too for campaign staff."""
    if user is not None and Access(user).may_manage_campaigns():
        return Campaign.objects.all()
    return Campaign.objects.filter(is_draft=False)


def campaign_list(*, user=None, status: str | None = None) -> QuerySet[Campaign]:
    qs = campaigns_visible(user=user)
    if status:
        qs = qs.filter(status_q(status))
    return qs.order_by("-starts_at", "pk")


def campaigns_running() -> list[Campaign]:
    """ACTIVE campaigns that show on the home page (voucher-only ones are not advertised)."""
    return list(campaign_list(status=CampaignStatus.ACTIVE).filter(voucher_only=False))


def campaign_get(*, user=None, slug: str | None = None, pk=None) -> Campaign | None:
    qs = campaigns_visible(user=user)
    if slug is not None:
        return qs.filter(slug=slug).first()
    if pk is not None and str(pk).isdigit():
        return qs.filter(pk=pk).first()
    return None


def campaign_products_visible(campaign: Campaign) -> QuerySet[Product]:
    """The published products a campaign covers, loaded for a list."""
    ids = campaign_products(campaign).values("pk")
    return product_rows(products_visible().filter(pk__in=ids)).order_by("name", "pk")


def campaign_product_ids(campaign_id: int) -> list[int] | None:
    """The ``products(filter: {campaign})`` answer: covered ids of a published campaign."""
    campaign = Campaign.objects.filter(pk=campaign_id, is_draft=False).first()
    if campaign is None:
        return None
    return list(campaign_products(campaign).values_list("pk", flat=True))


@dataclass
class Row:
    key: str
    label: str
    orders: int = 0
    gmv: int = 0
    units: int = 0
    discount: int = 0


@dataclass
class CampaignStats:
    """What a campaign sold and what it cost (redeemed discounts only; released ones went back).

    ``gmv`` is the value of the discounted goods before the discount;
    ``government`` is what the province owes the lembaga for it.
    """

    orders: int = 0
    gmv: int = 0
    units: int = 0
    discount_total: int = 0
    government: int = 0
    held: int = 0
    new_buyers: int = 0
    by_regency: list[Row] = field(default_factory=list)
    by_seller: list[Row] = field(default_factory=list)
    by_day: list[Row] = field(default_factory=list)


def campaign_stats(*, campaign: Campaign, breakdown: bool = False) -> CampaignStats:
    """The campaign's report: totals, and by kabupaten, lembaga and day when ``breakdown``."""
    rows = Redemption.objects.filter(campaign=campaign, status=Redemption.Status.REDEEMED)
    totals = rows.aggregate(
        orders=Count("order_id", distinct=True),
        gmv=Sum("goods"),
        units=Sum("units"),
        discount=Sum("amount"),
        government=Sum("amount", filter=Q(funded_by=FundedBy.GOVERNMENT)),
        buyers=Count("customer", distinct=True),
    )
    held = Redemption.objects.filter(campaign=campaign, status=Redemption.Status.HELD).aggregate(
        s=Sum("amount")
    )["s"]
    earlier = Redemption.objects.filter(
        status__in=(Redemption.Status.REDEEMED,),
        customer__in=rows.values("customer"),
        redeemed_at__lt=campaign.starts_at,
    ).values("customer")
    stats = CampaignStats(
        orders=totals["orders"] or 0,
        gmv=totals["gmv"] or 0,
        units=totals["units"] or 0,
        discount_total=totals["discount"] or 0,
        government=totals["government"] or 0,
        held=held or 0,
        new_buyers=rows.exclude(customer__in=earlier).values("customer").distinct().count(),
    )
    if not breakdown:
        return stats

    def grouped(key: str) -> list[tuple]:
        return list(
            rows.values(key)
            .annotate(
                orders=Count("order_id", distinct=True),
                gmv=Sum("goods"),
                units=Sum("units"),
                discount=Sum("amount"),
            )
            .order_by(key)
            .values_list(key, "orders", "gmv", "units", "discount")
        )

    regencies = dict(Regency.objects.values_list("code", "name"))
    stats.by_regency = [
        Row(k or "", regencies.get(k, "") or "Luar NTT", *rest)
        for k, *rest in grouped("regency_code")
    ]
    sellers = dict(Seller.objects.values_list("pk", "name"))
    stats.by_seller = [Row(str(k), sellers.get(k, ""), *rest) for k, *rest in grouped("seller_id")]
    by_day = (
        rows.filter(redeemed_at__isnull=False)
        .annotate(day=TruncDate("redeemed_at"))
        .values("day")
        .annotate(
            orders=Count("order_id", distinct=True),
            gmv=Sum("goods"),
            units=Sum("units"),
            discount=Sum("amount"),
        )
        .order_by("day")
        .values_list("day", "orders", "gmv", "units", "discount")
    )
    stats.by_day = [Row(d.isoformat(), _day_label(d), *rest) for d, *rest in by_day]
    return stats


def _day_label(day: date) -> str:
    return day.strftime("%d/%m")
