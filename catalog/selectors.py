"""Catalog reads shared by the storefront, search and checkout."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from sellers.models import Regency, Seller, Village, Zone
from shop.access import Access, product_is_public

from .legality import certificate_is_valid, normalize_number, product_missing_requirements
from .models import (
    Category,
    Certificate,
    CertificateType,
    Product,
    ProductAssessment,
    ProductEvent,
    ProductVariant,
    Stock,
    StockLocation,
    StockMovement,
    WishlistItem,
)
from .offers import campaign_prices_attach

# Units count towards online availability when they sit in one of the
# seller's own locations that sells online; NTT Mart shelves sell offline.
ONLINE_STOCK = Q(location__sells_online=True, location__kind=StockLocation.Kind.SELLER)


def products_visible(*, user=None) -> QuerySet[Product]:
    """Products ``user`` may see; without a user, what the public sees.

    The one place that decides it: published products of an ACTIVE seller are
    public (storefront, search, GraphQL ``products``, the seller's page); a
    seller's managers and certificate reviewers also see its drafts and
    withdrawn products (``Access.may_see_product`` per object).
    """
    return _products_visible(None if user is None else Access(user))


def _products_visible(access: Access | None) -> QuerySet[Product]:
    visible = Q(is_published=True, seller__status=Seller.Status.ACTIVE)
    if access is not None and access.may_see_all_products():
        return Product.objects.all()
    if access is not None and access.own_seller_ids:
        visible |= Q(seller_id__in=access.own_seller_ids)
    return Product.objects.filter(visible)


def variants_with_availability(
    qs: QuerySet[ProductVariant] | None = None,
) -> QuerySet[ProductVariant]:
    """Annotate ``quantity_available``: online stock minus reservations, never below 0."""
    qs = ProductVariant.objects.all() if qs is None else qs
    online = Stock.objects.filter(ONLINE_STOCK, variant=OuterRef("pk"))
    free = (
        online.values("variant").annotate(n=Sum(F("quantity") - F("quantity_reserved"))).values("n")
    )
    return qs.annotate(quantity_available=Coalesce(Subquery(free), 0))


def variant_quantity_available(variant_id: int) -> int:
    return (
        variants_with_availability(ProductVariant.objects.filter(pk=variant_id))
        .get()
        .quantity_available
    )


def products_in_stock(qs: QuerySet[Product] | None = None) -> QuerySet[Product]:
    """Products with at least one unit available online."""
    qs = products_visible() if qs is None else qs
    available = Stock.objects.filter(
        ONLINE_STOCK, variant__product=OuterRef("pk"), quantity__gt=F("quantity_reserved")
    )
    return qs.filter(Exists(available))


def _public_certificates() -> QuerySet[Certificate]:
    """What consumers see: approved and not expired."""
    return Certificate.objects.filter(status=Certificate.Status.APPROVED).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gte=timezone.localdate())
    )


def product_rows(qs: QuerySet[Product], *, public: bool = True) -> QuerySet[Product]:
    """Load products with everything a list or page shows, in a fixed number of queries."""
    certs = _public_certificates() if public else Certificate.objects.all()
    return qs.select_related(
        "category__parent",
        "seller__village__district__regency",
        "seller__zone__regency",
        "origin_village__district__regency",
    ).prefetch_related(
        Prefetch("variants", queryset=variants_with_availability()),
        "media",
        Prefetch("certificates", queryset=certs.order_by("type", "-created_at")),
        Prefetch(
            "seller__certificates",
            queryset=certs.filter(product__isnull=True).order_by("type", "-created_at"),
        ),
        Prefetch(
            "buffer_villages",
            queryset=Village.objects.select_related("district__regency").order_by("name"),
        ),
    )


def product_card_rows(qs: QuerySet[Product]) -> QuerySet[Product]:
    """Load products with what a product card (``catalog/_product_card.html``) shows and
    no more: no stock availability, buffer villages or the seller's own place, which
    only a product page shows (a list page of 24 cards: 5 queries, light joins)."""
    certs = _public_certificates()
    return qs.select_related(
        "category__parent", "seller", "origin_village__district__regency"
    ).prefetch_related(
        "variants",
        "media",
        Prefetch("certificates", queryset=certs.order_by("type", "-created_at")),
        Prefetch(
            "seller__certificates",
            queryset=certs.filter(product__isnull=True).order_by("type", "-created_at"),
        ),
    )


def products_by_ids(ids: list[int], *, with_relations: bool = True) -> list[Product]:
    """Visible products in the order of ``ids`` (a search result page). Pages of
    product cards load what a card shows here, and campaign prices
    (``product.campaign_price``); GraphQL passes ``with_relations=False`` and loads only
    the fields asked for through its dataloaders."""
    qs = products_visible().filter(pk__in=ids)
    rows = {p.pk: p for p in (product_card_rows(qs) if with_relations else qs)}
    found = [rows[pk] for pk in ids if pk in rows]
    return list(campaign_prices_attach(found)) if with_relations else found


def seller_product_pages(
    *, seller_ids: list[int], offset: int, limit: int
) -> dict[int, tuple[list[int], int]]:
    """For each seller, the ids of one page of its public products by name and how
    many it has, in two queries whatever the number of sellers (a list of sellers
    with their products)."""
    visible = products_visible().filter(seller_id__in=seller_ids)
    ranked = visible.annotate(
        rank=Window(RowNumber(), partition_by=F("seller_id"), order_by=[F("name"), F("pk")])
    ).filter(rank__gt=offset, rank__lte=offset + limit)
    pages: dict[int, tuple[list[int], int]] = {pk: ([], 0) for pk in seller_ids}
    totals = visible.order_by().values("seller_id").annotate(n=Count("pk"))
    for row in totals:
        pages[row["seller_id"]] = ([], row["n"])
    for seller_id, pk in ranked.order_by("seller_id", "rank").values_list("seller_id", "pk"):
        pages[seller_id][0].append(pk)
    return pages


def product_get(
    *, user, slug: str | None = None, pk: int | str | None = None
) -> tuple[Product | None, bool]:
    """The product by slug or pk if ``user`` may see it, and whether it is a preview
    (not public). Who may preview the seller's catalog gets all its certificates;
    everyone else the approved, unexpired ones."""
    access = Access(user)
    # One load with the public certificates (a visitor's page: no query to find the
    # product first); only who may preview the catalog loads it again with all of them.
    # (Filtered directly by the unique slug or pk: a subquery of ids made the planner
    # join every visible product before picking the one.)
    lookup = {"slug": slug} if slug else {"pk": pk}
    product = product_rows(_products_visible(access).filter(**lookup)).first()
    if product is None:
        return None, False
    preview = not product_is_public(product)
    if access.may_preview_catalog_of(product.seller):
        product = product_rows(Product.objects.filter(pk=product.pk), public=False).first()
    return product, preview


def product_any_get(*, slug: str | None = None, pk: int | str | None = None) -> Product | None:
    """A product whatever its state (for its seller's portal; check ``Access`` first)."""
    qs = Product.objects.filter(slug=slug) if slug else Product.objects.filter(pk=pk)
    return product_rows(qs, public=False).first()


def certificate_visible(*, user, certificate: Certificate) -> bool:
    """May ``user`` see this certificate? Approved, unexpired ones of a visible product or an
    ACTIVE seller are public (as on the product page); the rest only for who may preview
    the seller's catalog."""
    access = Access(user)
    owner = certificate.seller if certificate.product_id is None else certificate.product.seller
    if access.may_preview_catalog_of(owner):
        return True
    valid = certificate_is_valid(certificate, timezone.localdate())
    if certificate.product_id is None:
        return valid and owner.status == Seller.Status.ACTIVE
    return valid and access.may_see_product(certificate.product)


def products_of_sellers(seller_ids) -> QuerySet[Product]:
    return product_rows(Product.objects.filter(seller_id__in=seller_ids), public=False).order_by(
        "seller__name", "name"
    )


def product_all_certificates(product: Product) -> list[Certificate]:
    """Its own certificates and its seller's (prefetched by ``product_rows``)."""
    own = list(product.certificates.all())
    return own + [c for c in product.seller.certificates.all() if c.product_id is None]


def category_list() -> QuerySet[Category]:
    return Category.objects.select_related("parent").order_by("position", "name")


def categories_popular(*, limit: int = 6) -> list[Category]:
    """The categories with the most visible products, offered when a search finds nothing."""
    counts = (
        products_visible()
        .order_by()
        .values("category_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "category_id")[:limit]
    )
    order = [row["category_id"] for row in counts]
    found = Category.objects.in_bulk(order)
    return [found[pk] for pk in order if pk in found]


def stock_location_list(*, seller_id: int | None = None, kind: str | None = None):
    qs = StockLocation.objects.select_related("seller", "regency").order_by("kind", "name")
    if seller_id is not None:
        qs = qs.filter(seller_id=seller_id)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def seller_stock_rows(*, seller: Seller) -> QuerySet[ProductVariant]:
    """Every variant of a seller with its stock in the seller's own location."""
    own = Stock.objects.filter(
        variant=OuterRef("pk"), location__seller=seller, location__kind=StockLocation.Kind.SELLER
    )
    return (
        variants_with_availability(ProductVariant.objects.filter(product__seller=seller))
        .annotate(
            own_quantity=Coalesce(Subquery(own.values("quantity")[:1]), 0),
            own_reserved=Coalesce(Subquery(own.values("quantity_reserved")[:1]), 0),
        )
        .select_related("product")
        .order_by("product__name", "position", "pk")
    )


def stock_movements_recent(*, seller: Seller, limit: int = 30):
    return (
        StockMovement.objects.filter(stock__location__seller=seller)
        .select_related("stock__variant", "actor")
        .order_by("-created_at", "-pk")[:limit]
    )


def certificates_pending() -> QuerySet[Certificate]:
    return (
        Certificate.objects.filter(status=Certificate.Status.PENDING)
        .select_related("product__seller", "seller")
        .order_by("created_at", "pk")
    )


def seller_certificates(*, seller: Seller) -> QuerySet[Certificate]:
    return Certificate.objects.filter(seller=seller, product__isnull=True).order_by(
        "type", "-created_at"
    )


def zone_choices() -> QuerySet[Zone]:
    """OVOP zones for the product filter."""
    return Zone.objects.select_related("regency").order_by("regency_id", "name")


def products_of_seller_public(*, seller_id: int, limit: int = 48) -> list[Product]:
    """A seller's visible products for its public page."""
    return list(
        campaign_prices_attach(
            list(
                product_rows(products_visible().filter(seller_id=seller_id)).order_by("name")[
                    :limit
                ]
            )
        )
    )


# ----------------------------------------------------------- OVOP designation


def product_assessments(*, product: Product) -> list[ProductAssessment]:
    """The product's assessment rounds, newest first (the lembaga reads stage and reasons)."""
    return list(
        ProductAssessment.objects.filter(product=product).select_related(
            "proposed_by", "decided_by"
        )
    )


def product_events(*, product: Product) -> list[ProductEvent]:
    """The product's OVOP audit log, oldest first."""
    return list(ProductEvent.objects.filter(product=product).select_related("actor"))


def ovop_candidates() -> QuerySet[Product]:
    """Products waiting for the programme's assessment, oldest proposal first."""
    return (
        Product.objects.filter(ovop_status=Product.OvopStatus.CANDIDATE)
        .select_related("seller__zone", "category", "origin_village__district__regency")
        .prefetch_related("buffer_villages")
        .order_by("updated_at", "pk")
    )


# ------------------------------------------- zones and the potential map (II.2)


def zone_page(*, slug: str) -> dict | None:
    """A zone with its production and buffer villages, active lembaga and public products
    (designated first): what the zone's public page shows."""
    zone = Zone.objects.select_related("regency").filter(slug=slug).first()
    if zone is None:
        return None
    villages = Village.objects.select_related("district").order_by("name")
    sellers = (
        Seller.objects.filter(zone=zone, status=Seller.Status.ACTIVE)
        .select_related("village")
        .order_by("name")
    )
    products = product_rows(products_visible().filter(seller__zone=zone)).order_by(
        # DESIGNATED sorts before the other stages.
        Case(When(ovop_status=Product.OvopStatus.DESIGNATED, then=0), default=1),
        "name",
    )
    return {
        "zone": zone,
        "production_villages": list(villages.filter(production_zones=zone)),
        "buffer_villages": list(villages.filter(buffer_zones=zone)),
        "sellers": list(sellers),
        "products": list(products[:96]),
    }


def _regency_of(field: str):
    return Substr(field, 1, 5)


def province_potential() -> list[dict]:
    """One row per kabupaten/kota (22 in NTT) with the counts of the potential map:
    zones, commodities, designated and candidate products, active lembaga. A fixed
    number of queries: one per count, grouped by kabupaten."""
    regencies = list(Regency.objects.order_by("code"))
    zones: dict[str, list[Zone]] = {}
    for zone in Zone.objects.order_by("name"):
        zones.setdefault(zone.regency_id, []).append(zone)
    active = Seller.objects.filter(status=Seller.Status.ACTIVE)
    lembaga = dict(
        active.annotate(r=_regency_of("village_id"))
        .values("r")
        .annotate(n=Count("pk"))
        .values_list("r", "n")
    )
    stages = {}
    for code, status, n in (
        Product.objects.filter(
            seller__status=Seller.Status.ACTIVE,
            ovop_status__in=(Product.OvopStatus.DESIGNATED, Product.OvopStatus.CANDIDATE),
        )
        .annotate(r=_regency_of("seller__village_id"))
        .values("r", "ovop_status")
        .annotate(n=Count("pk"))
        .values_list("r", "ovop_status", "n")
    ):
        stages[(code, status)] = n
    return [
        {
            "regency": r,
            "zones": len(zones.get(r.code, [])),
            "commodities": sorted({z.commodity for z in zones.get(r.code, [])}),
            "designated": stages.get((r.code, Product.OvopStatus.DESIGNATED), 0),
            "candidates": stages.get((r.code, Product.OvopStatus.CANDIDATE), 0),
            "lembaga": lembaga.get(r.code, 0),
        }
        for r in regencies
    ]


def regency_potential(*, code: str) -> dict | None:
    """A kabupaten's potential: its zones (villages counted), designated products (public),
    candidates waiting (names only) and active lembaga."""
    regency = Regency.objects.filter(code=code).first()
    if regency is None:
        return None
    zones = list(
        Zone.objects.filter(regency=regency)
        .annotate(
            production_count=Count("production_villages", distinct=True),
            buffer_count=Count("buffer_villages", distinct=True),
        )
        .order_by("name")
    )
    in_regency = Q(seller__village__code__startswith=f"{code}.")
    designated = product_rows(
        products_visible().filter(in_regency, ovop_status=Product.OvopStatus.DESIGNATED)
    ).order_by("name")
    candidates = (
        Product.objects.filter(
            in_regency,
            seller__status=Seller.Status.ACTIVE,
            ovop_status=Product.OvopStatus.CANDIDATE,
        )
        .select_related("seller")
        .order_by("name")
    )
    sellers = (
        Seller.objects.filter(status=Seller.Status.ACTIVE, village__code__startswith=f"{code}.")
        .select_related("village", "zone")
        .order_by("name")
    )
    return {
        "regency": regency,
        "zones": zones,
        "designated": list(designated),
        "candidates": list(candidates),
        "sellers": list(sellers),
    }


# A price this many times above or below the category's median is probably a typo.
PRICE_OUTLIER_FACTOR = 5
# Fewer published prices than this and the category has no "usual" range yet.
PRICE_RANGE_MIN_SAMPLES = 3


def category_price_median(*, category_id: int, exclude_product_id: int | None = None) -> int | None:
    """The median variant price of the category's published products, or None when too few.

    The seller portal compares a new price with it: ``25.000`` typed as ``25``
    (or an extra zero) is far from what the category usually costs.
    """
    qs = ProductVariant.objects.filter(product__category_id=category_id, product__is_published=True)
    if exclude_product_id is not None:
        qs = qs.exclude(product_id=exclude_product_id)
    prices = sorted(qs.values_list("price", flat=True)[:1000])
    if len(prices) < PRICE_RANGE_MIN_SAMPLES:
        return None
    return prices[len(prices) // 2]


def price_is_unusual(*, price: int, category_id: int, exclude_product_id: int | None = None):
    """Return the category's median when ``price`` is far from it (a likely typo), else None."""
    median = category_price_median(category_id=category_id, exclude_product_id=exclude_product_id)
    if not median or not price:
        return median if median and price == 0 else None
    if price * PRICE_OUTLIER_FACTOR < median or price > median * PRICE_OUTLIER_FACTOR:
        return median
    return None


@dataclass(frozen=True)
class BlockedProduct:
    """An unpublished product and every reason ``product_publish`` would refuse it."""

    product: Product
    reasons: list[str]


@dataclass(frozen=True)
class CatalogDashboard:
    """What a lembaga's portal dashboard lists from the catalog."""

    low_stock: list[ProductVariant]
    blocked: list[BlockedProduct]
    expiring: list[Certificate]


def sellers_catalog_dashboard(
    *, sellers: Iterable[Seller], today: datetime.date | None = None
) -> CatalogDashboard:
    """Low stock, products that cannot be published (and why), certificates about to lapse.

    Low stock: a variant of a published product with at most ``PORTAL_LOW_STOCK``
    units free online (a sale may then fail). Blocked: each unpublished product with
    the reasons publishing would be refused (lembaga not active, no variant, missing
    certificate groups), so the seller knows what to do before trying. Expiring: an
    approved certificate (the product's or the lembaga's) that lapses within
    ``CATALOG_EXPIRY_WARNING_DAYS`` days or already has, the day the daily check
    withdraws its products.
    """
    today = today or timezone.localdate()
    sellers = list(sellers)
    ids = [s.pk for s in sellers]
    low = list(
        variants_with_availability(
            ProductVariant.objects.filter(product__seller_id__in=ids, product__is_published=True)
        )
        .filter(quantity_available__lte=settings.PORTAL_LOW_STOCK)
        .select_related("product")
        .order_by("quantity_available", "product__name", "pk")[:20]
    )
    blocked = []
    for product in products_of_sellers(ids).filter(is_published=False):
        reasons = []
        if product.seller.status != Seller.Status.ACTIVE:
            reasons.append(_("Lembaga belum aktif."))
        if not product.variants.all():
            reasons.append(_("Belum ada varian dengan harga."))
        missing = product_missing_requirements(
            product, certificates=product_all_certificates(product), today=today
        )
        if missing:
            reasons.append(
                _("Sertifikat belum disetujui atau sudah tidak berlaku: %(missing)s.")
                % {"missing": "; ".join(r.label for r in missing)}
            )
        if reasons:
            blocked.append(BlockedProduct(product=product, reasons=reasons))
    soon = today + datetime.timedelta(days=settings.CATALOG_EXPIRY_WARNING_DAYS)
    expiring = list(
        Certificate.objects.filter(
            Q(product__seller_id__in=ids) | Q(seller_id__in=ids, product__isnull=True),
            status=Certificate.Status.APPROVED,
            expires_at__lte=soon,
            expires_at__gte=today - datetime.timedelta(days=settings.CATALOG_EXPIRY_WARNING_DAYS),
        )
        .select_related("product", "seller")
        .order_by("expires_at", "pk")
    )
    return CatalogDashboard(low_stock=low, blocked=blocked, expiring=expiring)


def seller_nib_used_elsewhere(*, seller: Seller) -> list[str]:
    """Names of other lembaga holding an NIB certificate with this lembaga's NIB.

    ``Seller.nib`` is unique, but an NIB is also uploaded as a certificate (with
    spaces or dots as printed): the same number on another lembaga means one OSS
    business registered twice, which a reviewer must see before approving.
    """
    if not seller.nib:
        return []
    certificates = Certificate.objects.filter(
        type=CertificateType.NIB, seller__isnull=False, product__isnull=True
    ).exclude(seller=seller)
    return sorted(
        {
            c.seller.name
            for c in certificates.select_related("seller")
            if normalize_number(c.number) == seller.nib
        }
    )


def wishlist_products(*, user) -> list[Product]:
    """The products the buyer saved that are still for sale, last saved first."""
    if not getattr(user, "is_authenticated", False):
        return []
    ids = list(
        WishlistItem.objects.filter(user=user, product__in=products_visible(user=user))
        .order_by("-created_at", "-pk")
        .values_list("product_id", flat=True)[:200]
    )
    return products_by_ids(ids)


def product_in_wishlist(*, user, product: Product) -> bool:
    """Whether the product page shows "Hapus dari wishlist" rather than "Simpan"."""
    if not getattr(user, "is_authenticated", False):
        return False
    return WishlistItem.objects.filter(user=user, product=product).exists()
