"""The one pricing path for campaign discounts: which campaign covers what, and for how much.

Everything here reads; holding and redeeming (the writes) live in
``services``. The product list and page, GraphQL ``pricing.discounted``, the
cart and the order all price through ``discounts_compute`` (orders passes
its lines as ``Item`` rows), so a buyer never sees two prices for one thing.

Stacking rule: each line gets the best single automatic item campaign (the
largest discount per unit); then the best automatic order-level campaign;
then at most one voucher, each on the price left by the step before.
Percentages are rounded to whole rupiah, half up, per unit (item benefits)
or on the covered subtotal (order benefits); an order benefit is split over
the lines it covers in proportion to their price, by largest remainder, so
the parts add up to the rupiah.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.legality import category_min_buyer_age
from catalog.models import Category, Product
from catalog.offers import CampaignPrice

from .errors import PromotionErrorCode as Code
from .models import (
    AppliesTo,
    Campaign,
    CampaignStatus,
    DiscountType,
    FundedBy,
    Redemption,
    Voucher,
    status_q,
)

LIVE = (Redemption.Status.HELD, Redemption.Status.REDEEMED)


def percent_of(amount: int, percent: int) -> int:
    """``percent`` % of ``amount`` in whole rupiah, half up (10% of Rp 65.005 is Rp 6.501)."""
    return (amount * percent * 2 + 100) // 200


def split_proportionally(total: int, weights: Sequence[int]) -> list[int]:
    """Split ``total`` rupiah in proportion to ``weights``; the parts add up to ``total``.

    Largest remainder: each part is rounded down, then the rupiah left go one
    each to the largest remainders (the first of equal ones).
    """
    whole = sum(weights)
    if whole <= 0 or total <= 0:
        return [0] * len(weights)
    parts = [total * w // whole for w in weights]
    order = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % whole), i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


# ----------------------------------------------------------------- scope


def category_children() -> dict[int | None, list[int]]:
    """The taxonomy as parent id -> child ids (one query; the tree is small)."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent in Category.objects.values_list("pk", "parent_id"):
        children[parent].append(pk)
    return children


def category_descendants(
    category_ids: Iterable[int], children: dict[int | None, list[int]] | None = None
) -> set[int]:
    """The categories and every sub-category below them."""
    children = category_children() if children is None else children
    found, todo = set(), list(category_ids)
    while todo:
        pk = todo.pop()
        if pk not in found:
            found.add(pk)
            todo.extend(children[pk])
    return found


@dataclass
class Offer:
    """A campaign with its scope loaded as sets, to match products without a query each."""

    campaign: Campaign
    product_ids: set[int]
    category_ids: set[int]
    seller_ids: set[int]
    regency_codes: set[str]
    zone_ids: set[int]
    opted_in: set[int]

    def covers(self, product: Product) -> bool:
        """In scope: every dimension the campaign names matches (any of its values)."""
        c = self.campaign
        if self.product_ids and product.pk not in self.product_ids:
            return False
        if self.category_ids and product.category_id not in self.category_ids:
            return False
        if self.seller_ids and product.seller_id not in self.seller_ids:
            return False
        if self.regency_codes and product.origin_village_id[:5] not in self.regency_codes:
            return False
        if self.zone_ids and product.seller.zone_id not in self.zone_ids:
            return False
        if c.funded_by == FundedBy.SELLER and product.seller_id not in self.opted_in:
            return False
        # Sopi and the like never get a government-funded discount.
        return not (c.funded_by == FundedBy.GOVERNMENT and category_min_buyer_age(product.category))


def offers_load(campaigns: Iterable[Campaign]) -> list[Offer]:
    """Offers for ``campaigns`` (prefetch their scope with ``campaigns_with_scope``)."""
    campaigns = list(campaigns)
    children = category_children() if any(c.categories.all() for c in campaigns) else {}
    offers = []
    for c in campaigns:
        roots = {x.pk for x in c.categories.all()}
        cats = category_descendants(roots, children) if roots else set()
        offers.append(
            Offer(
                campaign=c,
                product_ids={x.pk for x in c.products.all()},
                category_ids=cats,
                seller_ids={x.pk for x in c.sellers.all()},
                regency_codes={x.pk for x in c.regencies.all()},
                zone_ids={x.pk for x in c.zones.all()},
                opted_in={o.seller_id for o in c.opt_ins.all() if o.opted_in},
            )
        )
    return offers


def campaigns_with_scope(qs: QuerySet[Campaign] | None = None) -> QuerySet[Campaign]:
    qs = Campaign.objects.all() if qs is None else qs
    return qs.prefetch_related("products", "categories", "sellers", "regencies", "zones", "opt_ins")


def campaigns_active(now=None) -> QuerySet[Campaign]:
    return Campaign.objects.filter(status_q(CampaignStatus.ACTIVE, now))


def campaign_products(campaign: Campaign) -> QuerySet[Product]:
    """The products a campaign covers, in SQL (the ``campaign`` filter and its page)."""
    q = Q()
    products = list(campaign.products.values_list("pk", flat=True))
    if products:
        q &= Q(pk__in=products)
    roots = list(campaign.categories.values_list("pk", flat=True))
    if roots:
        q &= Q(category_id__in=category_descendants(roots))
    sellers = list(campaign.sellers.values_list("pk", flat=True))
    if sellers:
        q &= Q(seller_id__in=sellers)
    regencies = list(campaign.regencies.values_list("pk", flat=True))
    if regencies:
        q &= Q(origin_village__district__regency_id__in=regencies)
    zones = list(campaign.zones.values_list("pk", flat=True))
    if zones:
        q &= Q(seller__zone_id__in=zones)
    if campaign.funded_by == FundedBy.SELLER:
        q &= Q(seller_id__in=campaign.opt_ins.filter(opted_in=True).values("seller_id"))
    else:  # as Offer.covers: no age limit and no alcohol, the category's or its parent's
        q &= Q(category__min_buyer_age__isnull=True) | Q(category__min_buyer_age=0)
        q &= (
            Q(category__parent__isnull=True)
            | Q(category__parent__min_buyer_age__isnull=True)
            | Q(category__parent__min_buyer_age=0)
        )
        q &= Q(category__is_alcoholic=False) & (
            Q(category__parent__isnull=True) | Q(category__parent__is_alcoholic=False)
        )
    return Product.objects.filter(q)


# ------------------------------------------------------------ benefits


def unit_discount(campaign: Campaign, price: int) -> int:
    """An item benefit on one unit; a price never goes below Rp 0."""
    if campaign.discount_type == DiscountType.PERCENTAGE:
        return min(price, percent_of(price, campaign.value))
    return min(price, campaign.value)


@dataclass
class Customer:
    """Who buys: a signed-in user, or a guest by e-mail; ``first_order`` if they never ordered."""

    user_id: int | None = None
    email: str = ""
    first_order: bool = True

    @property
    def key(self) -> str:
        if self.user_id:
            return f"user:{self.user_id}"
        return f"email:{self.email.strip().lower()}" if self.email else ""


@dataclass
class Item:
    """One cart line as promotions prices it; orders builds these from its lines."""

    key: int
    product: Product
    unit_price: int
    quantity: int
    discount: int = 0
    government: int = 0
    campaign: Campaign | None = None  # the line's item campaign
    voucher: Voucher | None = None

    @property
    def gross(self) -> int:
        return self.unit_price * self.quantity

    @property
    def net(self) -> int:
        return self.gross - self.discount

    @property
    def seller_id(self) -> int:
        return self.product.seller_id


@dataclass
class Share:
    """What one campaign gives one lembaga's part of the checkout (a future ``Redemption``)."""

    campaign: Campaign
    seller_id: int
    voucher: Voucher | None = None
    amount: int = 0
    goods: int = 0
    units: int = 0


@dataclass
class Outcome:
    items: list[Item]
    shares: list[Share] = field(default_factory=list)
    voucher: Voucher | None = None
    voucher_error: ValidationError | None = None

    @property
    def total(self) -> int:
        return sum(i.discount for i in self.items)


class Ledger:
    """Budget left and per-customer uses, as this checkout sees them (its own hold given back)."""

    def __init__(self, campaigns: Iterable[Campaign], *, checkout_id: int | None, customer: str):
        ids = [c.pk for c in campaigns]
        own = dict(
            Redemption.objects.filter(
                campaign_id__in=ids, checkout_id=checkout_id or 0, status=Redemption.Status.HELD
            )
            .values("campaign_id")
            .annotate(s=Sum("amount"))
            .values_list("campaign_id", "s")
        )
        self.left = {
            c.pk: None if c.budget is None else c.budget - c.budget_spent + own.get(c.pk, 0)
            for c in campaigns
        }
        self.used: dict[int, int] = {}
        if customer:
            self.used = dict(
                Redemption.objects.filter(campaign_id__in=ids, customer=customer, status__in=LIVE)
                .exclude(checkout_id=checkout_id or 0)
                .values("campaign_id")
                .annotate(n=Count("checkout_id", distinct=True))
                .values_list("campaign_id", "n")
            )

    def allowed(self, campaign: Campaign) -> bool:
        limit = campaign.per_customer_limit
        return limit is None or self.used.get(campaign.pk, 0) < limit

    def cap(self, campaign: Campaign, amount: int) -> int:
        left = self.left.get(campaign.pk)
        return amount if left is None else max(0, min(amount, left))

    def spend(self, campaign: Campaign, amount: int) -> None:
        if self.left.get(campaign.pk) is not None:
            self.left[campaign.pk] -= amount


def _shares_add(shares: dict, campaign, voucher, item: Item, amount: int, units: int) -> None:
    if amount <= 0:
        return
    share = shares.setdefault(
        (campaign.pk, item.seller_id), Share(campaign=campaign, seller_id=item.seller_id)
    )
    share.voucher = voucher or share.voucher
    share.amount += amount
    share.goods += item.gross
    share.units += units
    item.discount += amount
    if campaign.funded_by == FundedBy.GOVERNMENT:
        item.government += amount


def _item_campaigns(items, offers, ledger, shares) -> None:
    for item in sorted(items, key=lambda i: i.key):
        candidates = sorted(
            (
                (unit_discount(o.campaign, item.unit_price), o)
                for o in offers
                if o.campaign.applies_to == AppliesTo.ITEM
                and ledger.allowed(o.campaign)
                and o.covers(item.product)
            ),
            key=lambda pair: (-pair[0], pair[1].campaign.pk),
        )
        for per_unit, offer in candidates:
            if per_unit <= 0:
                break
            units = item.quantity
            left = ledger.left.get(offer.campaign.pk)
            if left is not None:
                units = min(units, max(0, left) // per_unit)
            if units <= 0:
                continue
            ledger.spend(offer.campaign, per_unit * units)
            item.campaign = offer.campaign
            _shares_add(shares, offer.campaign, None, item, per_unit * units, units)
            break


def _order_amount(offer: Offer, covered: list[Item], ledger: Ledger) -> int:
    c = offer.campaign
    base = sum(i.net for i in covered)
    if not covered or base <= 0 or base < c.min_subtotal:
        return 0
    amount = percent_of(base, c.value) if c.discount_type == DiscountType.PERCENTAGE else c.value
    return ledger.cap(c, min(amount, base))


def _order_apply(offer: Offer, covered: list[Item], amount: int, ledger, shares, voucher) -> None:
    ledger.spend(offer.campaign, amount)
    for item, part in zip(
        covered, split_proportionally(amount, [i.net for i in covered]), strict=True
    ):
        if voucher is not None and part:
            item.voucher = voucher
        elif part and item.campaign is None:
            item.campaign = offer.campaign
        _shares_add(shares, offer.campaign, voucher, item, part, item.quantity if part else 0)


def _order_campaigns(items, offers, ledger, shares) -> None:
    best = None
    for offer in offers:
        if offer.campaign.applies_to != AppliesTo.ORDER or not ledger.allowed(offer.campaign):
            continue
        covered = [i for i in items if offer.covers(i.product)]
        amount = _order_amount(offer, covered, ledger)
        if amount > 0 and (best is None or amount > best[0]):
            best = (amount, offer, covered)
    if best:
        _order_apply(best[1], best[2], best[0], ledger, shares, None)


def voucher_find(code: str) -> Voucher | None:
    code = (code or "").strip().upper()
    if not code:
        return None
    return Voucher.objects.select_related("campaign").filter(code=code).first()


def _refuse(message: str, code: Code, **params) -> ValidationError:
    return ValidationError({"code": ValidationError(message, code=code, params=params or None)})


def voucher_problem(
    *, voucher: Voucher | None, customer: Customer, checkout_id: int | None, now=None
) -> ValidationError | None:
    """Why this voucher cannot be used by this customer now, or None (scope is checked later)."""
    now = now or timezone.now()
    if voucher is None:
        return _refuse(_("Kode voucher tidak ditemukan."), Code.VOUCHER_NOT_FOUND)
    campaign = voucher.campaign
    status = campaign.status_at(now)
    if status == CampaignStatus.ENDED or (voucher.valid_until and now >= voucher.valid_until):
        return _refuse(_("Voucher ini sudah kedaluwarsa."), Code.VOUCHER_EXPIRED)
    if status != CampaignStatus.ACTIVE or (voucher.valid_from and now < voucher.valid_from):
        return _refuse(_("Voucher ini sedang tidak berlaku."), Code.VOUCHER_NOT_ACTIVE)
    held_here = Redemption.objects.filter(
        voucher=voucher, checkout_id=checkout_id or 0, status=Redemption.Status.HELD
    ).exists()
    if voucher.usage_limit is not None and voucher.uses - held_here >= voucher.usage_limit:
        return _refuse(_("Voucher ini sudah habis dipakai."), Code.VOUCHER_USED_UP)
    if voucher.first_order_only and not customer.first_order:
        return _refuse(_("Voucher ini hanya untuk pesanan pertama."), Code.VOUCHER_FIRST_ORDER_ONLY)
    limits = [x for x in (voucher.per_customer_limit, campaign.per_customer_limit) if x]
    if limits and customer.key:
        used = (
            Redemption.objects.filter(customer=customer.key, status__in=LIVE)
            .exclude(checkout_id=checkout_id or 0)
            .filter(
                Q(voucher=voucher) if voucher.per_customer_limit else Q(campaign=campaign),
            )
            .values("checkout_id")
            .distinct()
            .count()
        )
        if used >= min(limits):
            return _refuse(
                _("Anda sudah memakai voucher ini sebanyak batas per pembeli (%(n)s kali)."),
                Code.VOUCHER_CUSTOMER_LIMIT,
                n=min(limits),
            )
    return None


def _voucher_apply(items, voucher: Voucher, ledger: Ledger, shares) -> ValidationError | None:
    [offer] = offers_load(campaigns_with_scope(Campaign.objects.filter(pk=voucher.campaign_id)))
    covered = [i for i in items if offer.covers(i.product) and i.net > 0]
    if not covered:
        return _refuse(
            _("Voucher ini tidak berlaku untuk produk di keranjang Anda."),
            Code.VOUCHER_NOT_APPLICABLE,
        )
    campaign = offer.campaign
    if campaign.applies_to == AppliesTo.ORDER:
        base = sum(i.net for i in covered)
        if base < campaign.min_subtotal:
            return _refuse(
                _("Voucher ini berlaku untuk belanja minimal Rp %(min)s."),
                Code.VOUCHER_NOT_APPLICABLE,
                min=f"{campaign.min_subtotal:,}".replace(",", "."),
            )
        amount = _order_amount(offer, covered, ledger)
        if amount <= 0:
            return _refuse(_("Anggaran voucher ini sudah habis."), Code.VOUCHER_BUDGET_SPENT)
        _order_apply(offer, covered, amount, ledger, shares, voucher)
        return None
    given = 0
    for item in covered:
        if campaign.discount_type == DiscountType.PERCENTAGE:
            amount = percent_of(item.net, campaign.value)
        else:
            amount = min(item.net, campaign.value * item.quantity)
        amount = ledger.cap(campaign, amount)
        ledger.spend(campaign, amount)
        if amount:
            item.voucher = voucher
            given += amount
        _shares_add(shares, campaign, voucher, item, amount, item.quantity if amount else 0)
    if not given:
        return _refuse(_("Anggaran voucher ini sudah habis."), Code.VOUCHER_BUDGET_SPENT)
    return None


def discounts_compute(
    *,
    items: list[Item],
    customer: Customer,
    checkout_id: int | None = None,
    voucher_code: str = "",
    now=None,
) -> Outcome:
    """Price ``items`` with the active campaigns and the voucher; fills each item's discount.

    The budget a checkout sees includes what it holds itself, so the price
    computed when paying and when completing is the price that was held.
    """
    now = now or timezone.now()
    automatic = list(campaigns_with_scope(campaigns_active(now).filter(voucher_only=False)))
    voucher = voucher_find(voucher_code) if voucher_code else None
    campaigns = automatic + ([voucher.campaign] if voucher else [])
    ledger = Ledger(campaigns, checkout_id=checkout_id, customer=customer.key)
    offers = offers_load(automatic)
    shares: dict = {}
    _item_campaigns(items, offers, ledger, shares)
    _order_campaigns(items, offers, ledger, shares)
    outcome = Outcome(items=items)
    if voucher_code:
        problem = voucher_problem(
            voucher=voucher, customer=customer, checkout_id=checkout_id, now=now
        )
        if problem is None:
            problem = _voucher_apply(items, voucher, ledger, shares)
        if problem is None:
            outcome.voucher = voucher
        outcome.voucher_error = problem
    outcome.shares = list(shares.values())
    return outcome


# ------------------------------------------------------- product prices


class ProductPricer:
    """Best campaign price of one product at a time, with the running campaigns loaded once.

    Make one per request or list: pricing a product then costs no query
    (its variants, category and seller loaded with it). Per-customer limits
    are not known here (the visitor may be anonymous); the cart applies them.
    """

    def __init__(self, now=None):
        automatic = campaigns_with_scope(
            campaigns_active(now).filter(voucher_only=False, applies_to=AppliesTo.ITEM)
        )
        self.offers = [o for o in offers_load(automatic) if o.campaign.budget_left != 0]

    def _best(self, product: Product, price: int) -> tuple[int, Campaign] | None:
        """The lowest price of one unit at ``price`` and the campaign giving it."""
        best = None
        for offer in self.offers:
            if not offer.covers(product):
                continue
            left = offer.campaign.budget_left
            cut = unit_discount(offer.campaign, price)
            if cut <= 0 or (left is not None and cut > left):
                continue
            if best is None or price - cut < best[0]:
                best = (price - cut, offer.campaign)
        return best

    def __call__(self, product: Product, prices: list[int] | None = None) -> CampaignPrice | None:
        if not self.offers:
            return None
        if prices is None:
            prices = [v.price for v in product.variants.all()]
        found = [b for b in (self._best(product, price) for price in prices) if b is not None]
        if not found:
            return None
        best = min(found, key=lambda b: b[0])
        return CampaignPrice(
            price=best[0],
            regular=min(prices),
            campaign_name=best[1].name,
            campaign_slug=best[1].slug,
        )

    def variants(self, product: Product, variants: Sequence[Any]) -> dict[int, CampaignPrice]:
        """Variant id -> its own campaign price, for the variants a campaign discounts."""
        prices = {}
        for variant in variants if self.offers else ():
            best = self._best(product, variant.price)
            if best is not None:
                prices[variant.pk] = CampaignPrice(
                    price=best[0],
                    regular=variant.price,
                    campaign_name=best[1].name,
                    campaign_slug=best[1].slug,
                )
        return prices


def product_offers(products: Sequence[Product], now=None) -> dict[int, CampaignPrice]:
    """Product id -> campaign price for the products that have one."""
    pricer = ProductPricer(now)
    found = {p.pk: pricer(p) for p in products}
    return {pk: price for pk, price in found.items() if price is not None}


def variant_offers(product: Product, variants: Sequence[Any], now=None) -> dict[int, CampaignPrice]:
    """Variant id -> its campaign price, for a product page's buy box (same path as the list)."""
    return ProductPricer(now).variants(product, variants)
