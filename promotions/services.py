"""Promotion writes: campaigns, opt-ins, vouchers, and the discount ledger's lifecycle.

The ledger follows the stock reservation's lifecycle: a checkout that pays
*holds* its discounts (``checkout_discounts_hold``, with the campaign and
voucher rows locked, so budgets and usage limits hold under concurrency),
completing *redeems* them onto its orders, and expiry, cancellation and a
full refund *release* them, giving the budget and the voucher use back.
The orders app calls these; promotions never imports orders.
"""

import secrets
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from catalog.legality import category_min_buyer_age
from catalog.models import Category, Product
from catalog.services.media import image_clean
from sellers.models import Regency, Seller, Zone
from shop.access import Access, require

from .errors import PromotionErrorCode as Code
from .models import (
    AppliesTo,
    Campaign,
    CampaignStatus,
    DiscountType,
    FundedBy,
    Redemption,
    SellerOptIn,
    Voucher,
)
from .offers import Customer, Item, Outcome, discounts_compute, voucher_find, voucher_problem

# Codes: no 0/O, 1/I/L, 2/Z, 5/S, 8/B, so a code read aloud or typed is never ambiguous.
VOUCHER_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
VOUCHER_LENGTH = 10
VOUCHERS_MAX_PER_CALL = 5000


def _error(field: str | None, message: str, code: Code, **params) -> ValidationError:
    error = ValidationError(message, code=code, params=params or None)
    return ValidationError({field: error}) if field else error


def _require_staff(user) -> None:
    require(
        Access(user).may_manage_campaigns(),
        _("Hanya staf kampanye yang dapat mengelola kampanye."),
    )


@dataclass
class Scope:
    products: list[int] = field(default_factory=list)
    categories: list[int] = field(default_factory=list)
    sellers: list[int] = field(default_factory=list)
    regencies: list[str] = field(default_factory=list)
    zones: list[int] = field(default_factory=list)


@dataclass
class CampaignInput:
    """What staff send to create or edit a campaign; None on edit means "unchanged"."""

    name: str | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    discount_type: str | None = None
    value: int | None = None
    scope: Scope | None = None
    budget: int | None = None
    funded_by: str | None = None
    description: str | None = None
    agency: str | None = None
    applies_to: str | None = None
    min_subtotal: int | None = None
    per_customer_limit: int | None = None
    voucher_only: bool | None = None
    funding_reference: str | None = None
    slug: str | None = None


def _slug_free(base: str, exclude: int | None = None) -> str:
    base = (slugify(base) or "kampanye")[:150]
    slug, n = base, 1
    while Campaign.objects.filter(slug=slug).exclude(pk=exclude).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _scope_check(campaign: Campaign, scope: Scope) -> None:
    """Every id named exists; a government discount never covers an age-restricted product."""
    models = {
        "products": Product,
        "categories": Category,
        "sellers": Seller,
        "regencies": Regency,
        "zones": Zone,
    }
    for name, model in models.items():
        wanted = set(getattr(scope, name))
        found = set(model.objects.filter(pk__in=wanted).values_list("pk", flat=True))
        if wanted - found:
            raise _error("scope", _("Cakupan memuat data yang tidak dikenal."), Code.NOT_FOUND)
    if campaign.funded_by == FundedBy.GOVERNMENT:
        products = Product.objects.filter(pk__in=scope.products).select_related("category__parent")
        categories = Category.objects.filter(pk__in=scope.categories).select_related("parent")
        restricted = [p.name for p in products if category_min_buyer_age(p.category)]
        restricted += [c.name for c in categories if category_min_buyer_age(c)]
        if restricted:
            raise _error(
                "scope",
                _(
                    "Produk dengan batas usia pembeli (%(names)s) tidak boleh diberi potongan "
                    "yang didanai pemerintah."
                ),
                Code.GOVERNMENT_DISCOUNT_AGE_RESTRICTED,
                names=", ".join(sorted(restricted)),
            )
    if campaign.discount_type == DiscountType.FIXED and campaign.applies_to == AppliesTo.ITEM:
        cheapest = (
            Product.objects.filter(pk__in=scope.products)
            .values_list("variants__price", flat=True)
            .order_by("variants__price")
            .first()
        )
        if cheapest is not None and campaign.value > cheapest:
            raise _error(
                "value",
                _(
                    "Potongan Rp %(value)s melebihi harga produk termurah dalam cakupan "
                    "(Rp %(price)s); harga tidak boleh di bawah Rp 0."
                ),
                Code.FIXED_ABOVE_PRICE,
                value=f"{campaign.value:,}".replace(",", "."),
                price=f"{cheapest:,}".replace(",", "."),
            )


def _campaign_check(campaign: Campaign) -> None:
    errors = {}
    if not (campaign.name or "").strip():
        errors["name"] = ValidationError(_("Nama kampanye wajib diisi."), code=Code.REQUIRED)
    if campaign.starts_at and campaign.ends_at and campaign.ends_at <= campaign.starts_at:
        errors["ends_at"] = ValidationError(
            _("Akhir kampanye harus setelah awalnya."), code=Code.PERIOD_INVALID
        )
    if campaign.discount_type not in DiscountType.values:
        errors["discount_type"] = ValidationError(
            _("Jenis potongan tidak dikenal."), code=Code.INVALID
        )
    elif campaign.discount_type == DiscountType.PERCENTAGE and not (1 <= campaign.value <= 100):
        errors["value"] = ValidationError(
            _("Persentase potongan harus antara 1 dan 100."), code=Code.PERCENTAGE_OUT_OF_RANGE
        )
    elif campaign.value is None or campaign.value < 1:
        errors["value"] = ValidationError(
            _("Potongan harus paling sedikit Rp 1."), code=Code.VALUE_INVALID
        )
    if campaign.funded_by not in FundedBy.values:
        errors["funded_by"] = ValidationError(_("Sumber dana tidak dikenal."), code=Code.INVALID)
    if campaign.budget is not None and campaign.budget < 0:
        errors["budget"] = ValidationError(
            _("Anggaran tidak boleh kurang dari Rp 0."), code=Code.BUDGET_NEGATIVE
        )
    elif campaign.budget is not None and campaign.budget < campaign.budget_spent:
        errors["budget"] = ValidationError(
            _("Anggaran tidak boleh di bawah yang sudah terpakai (Rp %(spent)s)."),
            code=Code.BUDGET_BELOW_SPENT,
            params={"spent": f"{campaign.budget_spent:,}".replace(",", ".")},
        )
    if campaign.min_subtotal is not None and campaign.min_subtotal < 0:
        errors["min_subtotal"] = ValidationError(
            _("Minimum belanja tidak boleh negatif."), code=Code.INVALID
        )
    if campaign.per_customer_limit is not None and campaign.per_customer_limit < 1:
        errors["per_customer_limit"] = ValidationError(
            _("Batas per pembeli paling sedikit 1."), code=Code.LIMIT_INVALID
        )
    if campaign.agency not in (None, "") and campaign.agency not in (
        a for a, _l in Campaign._meta.get_field("agency").choices
    ):
        errors["agency"] = ValidationError(_("Instansi tidak dikenal."), code=Code.INVALID)
    if errors:
        raise ValidationError(errors)


def _apply(campaign: Campaign, data: CampaignInput) -> None:
    for name in (
        "name",
        "starts_at",
        "ends_at",
        "discount_type",
        "value",
        "funded_by",
        "description",
        "agency",
        "applies_to",
        "min_subtotal",
        "per_customer_limit",
        "voucher_only",
        "funding_reference",
    ):
        value = getattr(data, name)
        if value is not None:
            setattr(campaign, name, value.strip() if isinstance(value, str) else value)


def _banner_set(campaign: Campaign, banner: UploadedFile) -> None:
    """The same checks as product images: real JPEG/PNG/WebP, size and pixel limits, EXIF gone."""
    try:
        content, ext, _size = image_clean(banner)
    except ValidationError as exc:
        [error] = exc.error_dict["image"]
        raise _error("banner", error.message, Code(error.code)) from None
    campaign.banner.save(f"{uuid.uuid4().hex}.{ext}", content, save=False)


def _scope_set(campaign: Campaign, scope: Scope) -> None:
    campaign.products.set(scope.products)
    campaign.categories.set(scope.categories)
    campaign.sellers.set(scope.sellers)
    campaign.regencies.set(scope.regencies)
    campaign.zones.set(scope.zones)


@transaction.atomic
def campaign_create(
    *, user, data: CampaignInput, draft: bool = False, banner: UploadedFile | None = None
) -> Campaign:
    """Create a campaign; one whose period has begun is ACTIVE at once unless ``draft``."""
    _require_staff(user)
    for name in ("name", "starts_at", "ends_at", "discount_type", "value", "funded_by"):
        if getattr(data, name) in (None, ""):
            raise _error(name, _("Wajib diisi."), Code.REQUIRED)
    campaign = Campaign(is_draft=draft, created_by=user, budget=data.budget)
    _apply(campaign, data)
    campaign.slug = _slug_free(data.slug or data.name)
    _campaign_check(campaign)
    scope = data.scope or Scope()
    _scope_check(campaign, scope)
    if banner is not None:
        _banner_set(campaign, banner)
    campaign.save()
    _scope_set(campaign, scope)
    return campaign


@transaction.atomic
def campaign_update(
    *,
    user,
    campaign: Campaign,
    data: CampaignInput,
    budget_set: bool = False,
    banner: UploadedFile | None = None,
) -> Campaign:
    """Edit a campaign (``budget_set``: ``data.budget`` is meant, even None = no limit)."""
    _require_staff(user)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status == CampaignStatus.ENDED:
        raise _error(
            None, _("Kampanye yang sudah selesai tidak dapat diubah."), Code.CAMPAIGN_ENDED
        )
    _apply(campaign, data)
    if budget_set:
        campaign.budget = data.budget
    if data.slug:
        campaign.slug = _slug_free(data.slug, exclude=campaign.pk)
    _campaign_check(campaign)
    scope = data.scope
    if scope is None:
        scope = Scope(
            products=[p.pk for p in campaign.products.all()],
            categories=[c.pk for c in campaign.categories.all()],
            sellers=[s.pk for s in campaign.sellers.all()],
            regencies=[r.pk for r in campaign.regencies.all()],
            zones=[z.pk for z in campaign.zones.all()],
        )
    _scope_check(campaign, scope)
    if banner is not None:
        _banner_set(campaign, banner)
    campaign.save()
    if data.scope is not None:
        _scope_set(campaign, scope)
    return campaign


@transaction.atomic
def campaign_pause(*, user, campaign: Campaign, paused: bool = True) -> Campaign:
    """Pause (or resume) a campaign by hand: while PAUSED it discounts nothing."""
    _require_staff(user)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status == CampaignStatus.ENDED:
        raise _error(
            None, _("Kampanye yang sudah selesai tidak dapat diubah."), Code.CAMPAIGN_ENDED
        )
    campaign.is_paused = paused
    campaign.save(update_fields=["is_paused", "updated_at"])
    return campaign


@transaction.atomic
def campaign_publish(*, user, campaign: Campaign) -> Campaign:
    """Take a campaign out of DRAFT: it runs from its start."""
    _require_staff(user)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    campaign.is_draft = False
    campaign.save(update_fields=["is_draft", "updated_at"])
    return campaign


@transaction.atomic
def campaign_seller_opt_in(
    *, user, campaign: Campaign, seller: Seller, opted_in: bool
) -> SellerOptIn:
    """A lembaga joins or leaves a seller-funded campaign; who decided and when is kept."""
    require(
        Access(user).may_opt_in_campaign(seller),
        _("Hanya pengurus lembaga yang dapat mengikutkan lembaga dalam kampanye."),
    )
    if campaign.funded_by != FundedBy.SELLER:
        raise _error(
            "campaign",
            _("Kampanye ini didanai pemerintah; lembaga tidak perlu ikut serta."),
            Code.NOT_SELLER_FUNDED,
        )
    if campaign.status == CampaignStatus.ENDED:
        raise _error(
            None, _("Kampanye yang sudah selesai tidak dapat diubah."), Code.CAMPAIGN_ENDED
        )
    opt_in, _created = SellerOptIn.objects.update_or_create(
        campaign=campaign,
        seller=seller,
        defaults={"opted_in": opted_in, "decided_by": user, "decided_at": timezone.now()},
    )
    return opt_in


def voucher_code_new() -> str:
    """A random code of the unambiguous alphabet (25^10, about 2^46: not guessable)."""
    return "".join(secrets.choice(VOUCHER_ALPHABET) for _i in range(VOUCHER_LENGTH))


@transaction.atomic
def vouchers_generate(
    *,
    user,
    campaign: Campaign,
    count: int,
    usage_limit: int | None = None,
    per_customer_limit: int | None = None,
    first_order_only: bool = False,
    valid_until: datetime | None = None,
) -> list[Voucher]:
    """Make ``count`` unique codes for a voucher-only campaign."""
    _require_staff(user)
    if not campaign.voucher_only:
        raise _error(
            "campaign",
            _("Voucher hanya untuk kampanye yang berlaku dengan voucher."),
            Code.NOT_VOUCHER_ONLY,
        )
    if campaign.status == CampaignStatus.ENDED:
        raise _error(
            None, _("Kampanye yang sudah selesai tidak dapat diubah."), Code.CAMPAIGN_ENDED
        )
    if count is None or not (1 <= count <= VOUCHERS_MAX_PER_CALL):
        raise _error(
            "count",
            _("Jumlah voucher harus antara 1 dan %(max)s."),
            Code.COUNT_OUT_OF_RANGE,
            max=VOUCHERS_MAX_PER_CALL,
        )
    for name, value in (("usage_limit", usage_limit), ("per_customer_limit", per_customer_limit)):
        if value is not None and value < 1:
            raise _error(name, _("Batas pemakaian paling sedikit 1."), Code.LIMIT_INVALID)
    codes: set[str] = set()
    while len(codes) < count:
        wanted = {voucher_code_new() for _i in range(count - len(codes))}
        taken = set(Voucher.objects.filter(code__in=wanted).values_list("code", flat=True))
        codes |= wanted - taken
    return Voucher.objects.bulk_create(
        [
            Voucher(
                campaign=campaign,
                code=code,
                usage_limit=usage_limit,
                per_customer_limit=per_customer_limit,
                first_order_only=first_order_only,
                valid_until=valid_until,
            )
            for code in sorted(codes)
        ]
    )


# --------------------------------------------------------------- ledger


def voucher_check(
    *, code: str, items: list[Item], customer: Customer, checkout_id: int | None
) -> Voucher:
    """The voucher ``code`` names if it gives this cart a discount now; else a coded error."""
    voucher = voucher_find(code)
    problem = voucher_problem(voucher=voucher, customer=customer, checkout_id=checkout_id)
    if problem is not None:
        raise problem
    outcome = discounts_compute(
        items=items, customer=customer, checkout_id=checkout_id, voucher_code=voucher.code
    )
    if outcome.voucher_error is not None:
        raise outcome.voucher_error
    return voucher


def _release(rows) -> int:
    """Give the rows' amounts back to their budgets and their voucher uses; answer how many."""
    rows = list(rows)
    now = timezone.now()
    for row in rows:
        Campaign.objects.filter(pk=row.campaign_id).update(
            budget_spent=F("budget_spent") - row.amount
        )
    vouchers = {(r.voucher_id, r.checkout_id) for r in rows if r.voucher_id}
    Redemption.objects.filter(pk__in=[r.pk for r in rows]).update(
        status=Redemption.Status.RELEASED, released_at=now
    )
    for voucher_id, checkout_id in vouchers:
        still = Redemption.objects.filter(
            voucher_id=voucher_id,
            checkout_id=checkout_id,
            status__in=(Redemption.Status.HELD, Redemption.Status.REDEEMED),
        ).exists()
        if not still:
            Voucher.objects.filter(pk=voucher_id, uses__gt=0).update(uses=F("uses") - 1)
    return len(rows)


def checkout_discounts_hold(
    *,
    checkout_id: int,
    items: list[Item],
    customer: Customer,
    voucher_code: str = "",
    expires_at: datetime | None = None,
    regency_code: str = "",
    held: bool | None = None,
    campaigns: bool | None = None,
) -> Outcome:
    """Hold this checkout's discounts against the budgets and voucher limits; replaces its hold.

    Call inside the transaction that pays. The candidate campaigns and the
    voucher are locked (by id order) first, so of many checkouts racing for
    the last rupiah of a budget or the last use of a voucher exactly the ones
    that fit get it; a budget that runs out stops the discount, not the sale,
    while a used-up or invalid voucher refuses the payment with its code.
    ``held``: whether the checkout holds discounts now, when the caller read it
    with the checkout's lock (``False`` spares the query); ``campaigns``: whether
    any automatic campaign runs now, read in the same query (``False`` with no
    voucher and nothing held: no discount, and nothing to lock or hold).
    """
    if held is False and campaigns is False and not voucher_code:
        return Outcome(items=items)
    # Only this checkout's transactions (which hold its lock) touch its HELD rows.
    held_rows = (
        []
        if held is False
        else list(
            Redemption.objects.select_for_update().filter(
                checkout_id=checkout_id, status=Redemption.Status.HELD
            )
        )
    )
    draft = discounts_compute(
        items=[Item(i.key, i.product, i.unit_price, i.quantity) for i in items],
        customer=customer,
        checkout_id=checkout_id,
        voucher_code=voucher_code,
    )
    ids = {s.campaign.pk for s in draft.shares} | {r.campaign_id for r in held_rows}
    voucher = voucher_find(voucher_code) if voucher_code else None
    if voucher is None and not ids:
        # No campaign, voucher or earlier hold is involved: nothing to lock or hold,
        # and the draft is the outcome (it has the voucher's error, if any).
        if voucher_code and draft.voucher_error is not None:
            raise draft.voucher_error
        for item, priced in zip(items, draft.items, strict=True):
            item.discount, item.government = priced.discount, priced.government
            item.campaign, item.voucher = priced.campaign, priced.voucher
        draft.items = items
        return draft
    if voucher is not None:
        ids.add(voucher.campaign_id)
        Voucher.objects.select_for_update().filter(pk=voucher.pk).first()
    list(Campaign.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    _release(held_rows)
    outcome = discounts_compute(
        items=items, customer=customer, checkout_id=checkout_id, voucher_code=voucher_code
    )
    if voucher_code and outcome.voucher_error is not None:
        raise outcome.voucher_error
    rows = [
        Redemption(
            campaign=share.campaign,
            voucher=share.voucher,
            seller_id=share.seller_id,
            checkout_id=checkout_id,
            customer=customer.key,
            user_id=customer.user_id,
            amount=share.amount,
            goods=share.goods,
            units=share.units,
            funded_by=share.campaign.funded_by,
            regency_code=regency_code,
            expires_at=expires_at,
        )
        for share in outcome.shares
        if share.amount > 0
    ]
    for row in rows:  # the constraint refuses a budget overspent by a campaign left unlocked
        Campaign.objects.filter(pk=row.campaign_id).update(
            budget_spent=F("budget_spent") + row.amount
        )
    Redemption.objects.bulk_create(rows)
    if outcome.voucher is not None:
        taken = Voucher.objects.filter(pk=outcome.voucher.pk).filter(
            usage_limit__isnull=True
        ) | Voucher.objects.filter(pk=outcome.voucher.pk, uses__lt=F("usage_limit"))
        if not taken.update(uses=F("uses") + 1):
            raise _error("code", _("Voucher ini sudah habis dipakai."), Code.VOUCHER_USED_UP)
    return outcome


def checkout_discounts_redeem(*, checkout_id: int, orders_by_seller: dict[int, int]) -> int:
    """The checkout became orders: its held discounts are now the orders' (seller id -> order id)."""
    now = timezone.now()
    count = 0
    for seller_id, order_id in orders_by_seller.items():
        count += Redemption.objects.filter(
            checkout_id=checkout_id, seller_id=seller_id, status=Redemption.Status.HELD
        ).update(
            status=Redemption.Status.REDEEMED, order_id=order_id, redeemed_at=now, expires_at=None
        )
    return count


def checkout_discounts_release(*, checkout_id: int) -> int:
    """The checkout's hold lapsed or its payment failed: budgets and voucher uses go back."""
    with transaction.atomic():
        return _release(
            Redemption.objects.select_for_update().filter(
                checkout_id=checkout_id, status=Redemption.Status.HELD
            )
        )


def order_discounts_release(*, order_id: int) -> int:
    """The order was cancelled or fully refunded: its discounts go back to the budgets."""
    with transaction.atomic():
        return _release(
            Redemption.objects.select_for_update().filter(
                order_id=order_id, status=Redemption.Status.REDEEMED
            )
        )
