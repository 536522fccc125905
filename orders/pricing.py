"""The one place where a checkout's money is computed.

Unit prices come from the catalog, shipping from the seller's methods, and
discounts from promotions (``promotions.offers.discounts_compute``, the same
path the product list and page use); the client never sends a price. Orders
copy these figures when they are placed.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from django.conf import settings
from django.db import connection
from django.db.models import Case, Exists, OuterRef, Value, When

from catalog.models import Category, Product, ProductVariant
from catalog.selectors import products_visible
from promotions.models import Campaign, Voucher
from promotions.offers import Customer, Item, discounts_compute
from sellers.models import District, Seller, Village
from shop import rows

from .models import Checkout, CheckoutDelivery, CheckoutLine, Order, ShippingMethod

NTT_PROVINCE_CODE = "53"


class Band:
    SAME_REGENCY = "SAME_REGENCY"
    NTT = "NTT"
    OUTSIDE_NTT = "OUTSIDE_NTT"


@dataclass
class LinePrice:
    line: CheckoutLine
    variant: ProductVariant
    quantity: int
    unit_price: int
    total: int
    weight_grams: int
    discount: int = 0
    discount_government: int = 0  # the part the province pays the lembaga
    campaign: Campaign | None = None
    voucher: Voucher | None = None

    @property
    def net(self) -> int:
        """The line after its discount: what the buyer pays for it."""
        return self.total - self.discount


@dataclass
class MethodPrice:
    method: ShippingMethod
    price: int


@dataclass
class SellerPart:
    """One seller's share of the checkout: becomes one order."""

    seller: Seller
    lines: list[LinePrice] = field(default_factory=list)
    methods: list[MethodPrice] = field(default_factory=list)
    selected: MethodPrice | None = None
    subtotal: int = 0
    weight_grams: int = 0

    @property
    def discount(self) -> int:
        return sum(lp.discount for lp in self.lines)

    @property
    def discount_government(self) -> int:
        return sum(lp.discount_government for lp in self.lines)

    @property
    def discount_seller(self) -> int:
        return self.discount - self.discount_government

    @property
    def shipping(self) -> int:
        return self.selected.price if self.selected else 0

    @property
    def total(self) -> int:
        return max(0, self.subtotal - self.discount) + self.shipping

    @property
    def commission(self) -> int:
        """Platform commission on the goods, never on shipping.

        Its base is the price before a government-funded discount (the
        province pays that part to the lembaga) and after a seller-funded one.
        """
        rate = Decimal(str(settings.PLATFORM_COMMISSION_PERCENT)) / 100
        base = Decimal(max(0, self.subtotal - self.discount_seller))
        return int((base * rate).quantize(Decimal(1), rounding=ROUND_HALF_UP))

    @property
    def payout(self) -> int:
        """What the lembaga is paid: the buyer's money plus the province's share, less commission."""
        return self.total + self.discount_government - self.commission


@dataclass
class CheckoutPrices:
    parts: list[SellerPart]
    voucher: Voucher | None = None

    @property
    def lines(self) -> list[LinePrice]:
        """Every priced line, seller part after seller part."""
        return [lp for part in self.parts for lp in part.lines]

    @property
    def subtotal(self) -> int:
        return sum(p.subtotal for p in self.parts)

    @property
    def shipping_total(self) -> int:
        return sum(p.shipping for p in self.parts)

    @property
    def discount_total(self) -> int:
        return sum(p.discount for p in self.parts)

    @property
    def total(self) -> int:
        return sum(p.total for p in self.parts)


def destination_band(*, checkout: Checkout, seller: Seller) -> str | None:
    """Where the parcel goes relative to the seller, or None before an address is known."""
    return destination_band_from(checkout=checkout, regency_id=seller.village.district.regency_id)


def destination_band_from(*, checkout: Checkout, regency_id: str) -> str | None:
    """``destination_band`` for a seller in kabupaten ``regency_id``."""
    if checkout.ship_village_id:
        if checkout.ship_village.district.regency_id == regency_id:
            return Band.SAME_REGENCY
        return Band.NTT
    if checkout.ship_city and checkout.ship_province:
        return Band.OUTSIDE_NTT
    return None


def shipping_price(*, method: ShippingMethod, band: str | None, weight_grams: int) -> int | None:
    """The method's price for this destination and weight; None when it cannot deliver."""
    if method.kind != ShippingMethod.Kind.COURIER:
        return method.pickup_fee
    if band is None or weight_grams > method.max_weight_grams:
        return None
    if band == Band.OUTSIDE_NTT and not method.ships_outside_ntt:
        return None
    base, per_kg = {
        Band.SAME_REGENCY: (method.same_regency_base, method.same_regency_per_kg),
        Band.NTT: (method.ntt_base, method.ntt_per_kg),
        Band.OUTSIDE_NTT: (method.outside_base, method.outside_per_kg),
    }[band]
    extra_kg = max(0, -(-weight_grams // 1000) - 1)
    return base + per_kg * extra_kg


def has_earlier_orders() -> Case:
    """For a query on ``Checkout``: whether its buyer (the user, else the e-mail) has orders
    from other checkouts; the checkout's locking query reads it as ``has_earlier_orders``."""
    others = Order.objects.exclude(checkout_id=OuterRef("pk"))
    return Case(
        When(user_id__isnull=False, then=Exists(others.filter(user_id=OuterRef("user_id")))),
        When(email="", then=Value(False)),
        default=Exists(others.filter(email__iexact=OuterRef("email"))),
    )


def checkout_customer(checkout: Checkout) -> Customer:
    """Who buys, as promotions counts per-customer limits: the user, else the e-mail."""
    email = (checkout.email or "").strip().lower()
    known = getattr(checkout, "has_earlier_orders", None)
    if known is not None:  # read with the checkout's lock (``checkout_lock``)
        return Customer(user_id=checkout.user_id, email=email, first_order=not known)
    if checkout.user_id:
        earlier = Order.objects.filter(user_id=checkout.user_id)
    else:
        earlier = Order.objects.filter(email__iexact=email) if email else Order.objects.none()
    return Customer(
        user_id=checkout.user_id,
        email=email,
        first_order=not earlier.exclude(checkout=checkout).exists(),
    )


def promotion_items(parts: list[SellerPart]) -> list[Item]:
    """The checkout's lines as promotions prices them."""
    return [
        Item(
            key=lp.line.pk,
            product=lp.variant.product,
            unit_price=lp.unit_price,
            quantity=lp.quantity,
        )
        for part in parts
        for lp in part.lines
    ]


def discounts_apply(*, checkout: Checkout, prices: CheckoutPrices, outcome=None) -> None:
    """Set each line's discount (campaign, voucher, who funds it) from promotions.

    A voucher that no longer applies (expired, used up) simply gives nothing
    here; paying with it answers its coded error (``checkout_discounts_hold``).
    ``outcome``: what the hold just computed for these lines, under its locks
    (paying and completing), so it is not computed twice.
    """
    if outcome is None:
        outcome = discounts_compute(
            items=promotion_items(prices.parts),
            customer=checkout_customer(checkout),
            checkout_id=checkout.pk,
            voucher_code=checkout.voucher_code,
        )
    prices.voucher = outcome.voucher
    by_line = {item.key: item for item in outcome.items}
    for part in prices.parts:
        for lp in part.lines:
            item = by_line[lp.line.pk]
            lp.discount = item.discount
            lp.discount_government = item.government
            lp.campaign = item.campaign
            lp.voucher = item.voucher


@cache
def _lines_statement() -> tuple[str, tuple]:
    """The line query of ``checkout_lines_priced``, written once per process; the
    visibility test is the public selector's own SQL (``products_visible``)."""
    visible, visible_params = products_visible().order_by().values("pk").query.sql_with_params()
    sql = f"""
        SELECT {rows.columns(CheckoutLine, "l")}, {rows.columns(ProductVariant, "v")},
               {rows.columns(Product, "p")}, {rows.columns(Seller, "s")},
               {rows.columns(Village, "vi")}, {rows.columns(District, "d")},
               {rows.columns(Category, "c")}, {rows.columns(Category, "pc")},
               EXISTS (SELECT 1 FROM ({visible}) vis WHERE vis.pk = p.id) AS visible
          FROM {CheckoutLine._meta.db_table} l
          JOIN {ProductVariant._meta.db_table} v ON v.id = l.variant_id
          JOIN {Product._meta.db_table} p ON p.id = v.product_id
          JOIN {Seller._meta.db_table} s ON s.id = p.seller_id
          JOIN {Village._meta.db_table} vi ON vi.code = s.village_id
          JOIN {District._meta.db_table} d ON d.code = vi.district_id
          JOIN {Category._meta.db_table} c ON c.id = p.category_id
          LEFT JOIN {Category._meta.db_table} pc ON pc.id = c.parent_id
         WHERE l.checkout_id = %s
         ORDER BY l.id"""
    return sql, tuple(visible_params)


def checkout_lines_priced(checkout: Checkout) -> list[CheckoutLine]:
    """The lines with what pricing reads (variant, product, seller and its village and
    district, category and its parent) and ``visible`` (still on sale), in one query.

    Hand-written (``shop.rows``): the ORM spent more CPU compiling this query than
    the database spent answering it, twice in every checkout.
    """
    sql, visible_params = _lines_statement()
    fetched = rows.fetch(sql, [*visible_params, checkout.pk])
    lines = []
    for row in fetched:
        line, at = rows.take(CheckoutLine, row, 0)
        variant, at = rows.take(ProductVariant, row, at)
        product, at = rows.take(Product, row, at)
        seller, at = rows.take(Seller, row, at)
        village, at = rows.take(Village, row, at)
        district, at = rows.take(District, row, at)
        category, at = rows.take(Category, row, at)
        parent, at = rows.take(Category, row, at)
        village.district = district
        seller.village = village
        category.parent = parent
        product.seller = seller
        product.category = category
        variant.product = product
        line.variant = variant
        line.visible = row[at]
        lines.append(line)
    return lines


@cache
def _methods_statement() -> str:
    """The sellers' active methods, each with ``chosen`` (this checkout's choice), in the
    order the page lists them; written once per process (``shop.rows``)."""
    return f"""
        SELECT {rows.columns(ShippingMethod, "m")},
               EXISTS (SELECT 1 FROM {CheckoutDelivery._meta.db_table} cd
                        WHERE cd.checkout_id = %s AND cd.method_id = m.id) AS chosen
          FROM {ShippingMethod._meta.db_table} m
         WHERE m.seller_id = ANY(%s) AND m.is_active
         ORDER BY m.kind, m.name, m.id"""


def _methods_offered(checkout: Checkout, seller_ids: list[int]) -> list[ShippingMethod]:
    """The sellers' active methods, each with ``chosen``, in the order the page lists them."""
    if not rows.is_postgres():  # SQLite, the embedded default of `make run`
        return list(
            ShippingMethod.objects.filter(seller_id__in=seller_ids, is_active=True)
            .annotate(
                chosen=Exists(
                    CheckoutDelivery.objects.filter(checkout=checkout, method=OuterRef("pk"))
                )
            )
            .order_by("kind", "name", "pk")
        )
    with connection.cursor() as cursor:
        cursor.execute(_methods_statement(), [checkout.pk, seller_ids])
        fetched = cursor.fetchall()
    methods = []
    for row in fetched:
        method, at = rows.take(ShippingMethod, row, 0)
        method.chosen = row[at]
        methods.append(method)
    return methods


def checkout_prices(
    *, checkout: Checkout, lines: list[CheckoutLine] | None = None
) -> CheckoutPrices:
    """Price every line, offer and price each seller's shipping methods, apply discounts."""
    prices = checkout_prices_plain(checkout=checkout, lines=lines)
    discounts_apply(checkout=checkout, prices=prices)
    return prices


def checkout_prices_plain(
    *, checkout: Checkout, lines: list[CheckoutLine] | None = None
) -> CheckoutPrices:
    """``checkout_prices`` before any discount (what promotions is asked to discount)."""
    lines = checkout_lines_priced(checkout) if lines is None else lines
    parts: dict[int, SellerPart] = {}
    for line in lines:
        variant = line.variant
        seller = variant.product.seller
        part = parts.setdefault(seller.pk, SellerPart(seller=seller))
        price = LinePrice(
            line=line,
            variant=variant,
            quantity=line.quantity,
            unit_price=variant.price,
            total=variant.price * line.quantity,
            weight_grams=variant.weight_grams * line.quantity,
        )
        part.lines.append(price)
        part.subtotal += price.total
        part.weight_grams += price.weight_grams
    if parts:
        for method in _methods_offered(checkout, list(parts)):
            part = parts[method.seller_id]
            band = destination_band(checkout=checkout, seller=part.seller)
            price = shipping_price(method=method, band=band, weight_grams=part.weight_grams)
            if price is None:
                continue
            offer = MethodPrice(method=method, price=price)
            part.methods.append(offer)
            if method.chosen:
                part.selected = offer
    return CheckoutPrices(parts=sorted(parts.values(), key=lambda p: p.seller.name))
