"""Demo shipping methods of every active lembaga, and a year of demo orders; idempotent."""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from catalog.legality import category_min_buyer_age
from catalog.models import ProductVariant, Stock, StockLocation, StockMovement
from catalog.search import product_index_later
from catalog.selectors import products_visible
from sellers.models import Seller
from shop import outbox
from shop.models import User

from .gateways import gateways_enabled
from .models import (
    Checkout,
    Order,
    OrderEvent,
    OrderEventType,
    OrderNumberCounter,
    Payment,
    PaymentRefund,
    ShippingMethod,
)
from .services import checkout as checkout_services
from .services import completion as completion_services
from .services import orders as order_services
from .services import payments as payment_services
from .services.checkout import AddressInput, LineInput

# Courier tariffs (Rp) for the first kilogram and each further kilogram, by band,
# in the range of what JNE/POS charge from a kabupaten town in NTT in 2025.
COURIER = {
    "same_regency_base": 12_000,
    "same_regency_per_kg": 6_000,
    "ntt_base": 28_000,
    "ntt_per_kg": 14_000,
    "outside_base": 62_000,
    "outside_per_kg": 31_000,
}


def seed() -> int:
    """Give each ACTIVE seller pickup at the village, a courier, and NTT Mart pickup in its
    kabupaten when there is an outlet; answer how many methods were created."""
    created = 0
    outlets = {
        loc.regency_id: loc
        for loc in StockLocation.objects.filter(kind=StockLocation.Kind.NTT_MART).order_by("pk")
    }
    for seller in Seller.objects.filter(status=Seller.Status.ACTIVE).select_related(
        "village__district"
    ):
        _, new = ShippingMethod.objects.get_or_create(
            seller=seller,
            name=f"Ambil di {seller.village.name}",
            defaults={"kind": ShippingMethod.Kind.PICKUP_VILLAGE},
        )
        created += new
        _, new = ShippingMethod.objects.get_or_create(
            seller=seller,
            name="Kurir (JNE/POS)",
            defaults={"kind": ShippingMethod.Kind.COURIER, **COURIER},
        )
        created += new
        outlet = outlets.get(seller.village.district.regency_id)
        if outlet is not None:
            _, new = ShippingMethod.objects.get_or_create(
                seller=seller,
                name=f"Ambil di {outlet.name}",
                defaults={
                    "kind": ShippingMethod.Kind.PICKUP_OUTLET,
                    "outlet": outlet,
                    "pickup_fee": 5_000,
                },
            )
            created += new
    return created


# --- A year of orders -------------------------------------------------------------------

HISTORY_SEED = 20251117
HISTORY_ORDERS = 300
HISTORY_DAYS = 365

# Demo buyers (shop.demo) and where they live: four in NTT, one in Java.
BUYERS = {
    "pembeli@ovop.test": AddressInput(
        name="Maria Ndun",
        phone="081237111001",
        street="Jl. Frans Seda No. 12",
        village_code="53.71.04.1001",
        postal_code="85111",
    ),
    "yosef.lake@pembeli.ovop.test": AddressInput(
        name="Yosef Lake",
        phone="081237111002",
        street="Jl. Soekarno No. 4",
        village_code="53.08.04.1003",
        postal_code="86318",
    ),
    "maria.goreti@pembeli.ovop.test": AddressInput(
        name="Maria Goreti Wula",
        phone="081237111003",
        street="Jl. Sudirman No. 21",
        village_code="53.07.05.1006",
        postal_code="86111",
    ),
    "anton.fanggidae@pembeli.ovop.test": AddressInput(
        name="Anton Fanggidae",
        phone="081237111004",
        street="Jl. Soekarno-Hatta No. 7",
        village_code="53.15.05.1025",
        postal_code="86754",
    ),
    "sari.wijaya@pembeli.ovop.test": AddressInput(
        name="Sari Wijaya",
        phone="081337111005",
        street="Jl. Kemang Raya No. 18",
        city="Jakarta Selatan",
        province="DKI Jakarta",
        postal_code="12730",
    ),
    "kornelis.bria@pembeli.ovop.test": AddressInput(
        name="Kornelis Bria",
        phone="081237111006",
        street="Jl. El Tari No. 3",
        village_code="53.71.03.1001",
        postal_code="85228",
    ),
}
# How often each buyer orders (the Kupang buyers most).
BUYER_WEIGHTS = [5, 3, 3, 2, 2, 4]


@dataclass
class _Plan:
    """One demo checkout: when, who, what, and how far its orders get."""

    at: datetime.datetime
    email: str
    lines: list[tuple[ProductVariant, int]]
    fate: str


def _fate(rng: random.Random, age_days: float) -> str:
    """The final status of an order placed ``age_days`` ago, as a lembaga would get it."""
    roll = rng.random()
    if roll < 0.03:
        return Order.Status.CANCELLED
    if age_days > 21:
        return Order.Status.COMPLETED
    if age_days > 10:
        return Order.Status.COMPLETED if roll < 0.8 else Order.Status.DELIVERED
    if age_days > 5:
        return Order.Status.SHIPPED if roll < 0.7 else Order.Status.DELIVERED
    if age_days > 2:
        return Order.Status.PROCESSING if roll < 0.6 else Order.Status.SHIPPED
    return Order.Status.PAID if roll < 0.7 else Order.Status.PROCESSING


def _plans(now: datetime.datetime, variants: list[ProductVariant]) -> list[_Plan]:
    """The same checkouts on every run (a seeded generator), dated back from ``now``.

    Each checkout is drawn as whole days before today plus a time of day
    (08:00-21:59 local), so neither the order of the checkouts nor their
    fate depends on the hour the seed runs.
    """
    rng = random.Random(HISTORY_SEED)
    by_seller: dict[str, list[ProductVariant]] = defaultdict(list)
    for variant in variants:
        by_seller[variant.product.seller.nib].append(variant)
    nibs = sorted(by_seller)
    emails = list(BUYERS)
    today = timezone.localdate(now)
    drawn = []
    orders = 0
    while orders < HISTORY_ORDERS:
        # Sales grow over the year; about one checkout in ten is still open (last 12 days).
        if rng.random() < 0.1:
            days = rng.randint(1, 12)
        else:
            days = 1 + int((HISTORY_DAYS - 1) * (1 - rng.random() ** 0.8))
        minute = rng.randint(8 * 60, 22 * 60 - 1)
        sellers = rng.sample(nibs, 2 if rng.random() < 0.15 else 1)
        lines = []
        for nib in sellers:
            pool = by_seller[nib]
            for variant in rng.sample(pool, 2 if len(pool) > 1 and rng.random() < 0.3 else 1):
                cheap = variant.price < 200_000
                lines.append((variant, rng.choice([1, 1, 2, 2, 3, 4]) if cheap else 1))
        email = rng.choices(emails, weights=BUYER_WEIGHTS)[0]
        fate = _fate(rng, days)
        at = timezone.make_aware(
            datetime.datetime.combine(today - datetime.timedelta(days=days), datetime.time())
        ) + datetime.timedelta(minutes=minute)
        drawn.append((at, len(drawn), _Plan(at, email, lines, fate)))
        orders += len(sellers)
    return [plan for _at, _n, plan in sorted(drawn, key=lambda d: (d[0], d[1]))]


def _receive(stock: Stock, units: int, at: datetime.datetime, moved: list) -> None:
    """Goods arrive from the lembaga's producers: stock up, a RECEIVED ledger row."""
    stock = Stock.objects.select_for_update().get(pk=stock.pk)
    stock.quantity += units
    stock.save(update_fields=["quantity", "updated_at"])
    movement = StockMovement.objects.create(
        stock=stock,
        delta=units,
        quantity_after=stock.quantity,
        reason=StockMovement.Reason.RECEIVED,
        note="Barang masuk dari kelompok produsen (demo)",
    )
    moved.append((movement.pk, at))


def _stock_up(lines: list[tuple[ProductVariant, int]], at: datetime.datetime, moved: list) -> None:
    for variant, quantity in lines:
        stock = Stock.objects.get(variant=variant, location__kind=StockLocation.Kind.SELLER)
        free = stock.quantity - stock.quantity_reserved
        if free < quantity + 1:
            batch = 5 if variant.price >= 1_000_000 else 20
            _receive(stock, batch + quantity, at - datetime.timedelta(days=3), moved)


def _method(checkout: Checkout, seller_id: int, rng: random.Random) -> ShippingMethod:
    methods = {
        m.kind: m for m in ShippingMethod.objects.filter(seller_id=seller_id, is_active=True)
    }
    same_regency = (
        checkout.ship_village_id is not None
        and Seller.objects.filter(
            pk=seller_id, village__district__regency_id=checkout.ship_village.district.regency_id
        ).exists()
    )
    if same_regency and rng.random() < 0.5:
        return methods[ShippingMethod.Kind.PICKUP_VILLAGE]
    return methods[ShippingMethod.Kind.COURIER]


def _advance(order: Order, fate: str, *, buyer, staff, rng: random.Random) -> list[OrderEventType]:
    """Move a paid order along the real services up to its fate; answer the events written."""
    E = OrderEventType
    if fate == Order.Status.CANCELLED:
        order_services.order_cancel(order=order, actor=staff, note="Stok rusak saat pengemasan")
        return [E.CANCELLED]
    if fate == "REFUND":
        order_services.order_accept(order=order, actor=staff)
        order_services.order_refund(order=Order.objects.get(pk=order.pk), actor=staff)
        return [E.ACCEPTED, E.REFUNDED]
    steps = []
    ladder = [
        Order.Status.PROCESSING,
        Order.Status.SHIPPED,
        Order.Status.DELIVERED,
        Order.Status.COMPLETED,
    ]
    for status in ladder[: ladder.index(fate) + 1] if fate in ladder else []:
        order = Order.objects.select_related("shipping_method", "payment").get(pk=order.pk)
        if status == Order.Status.PROCESSING:
            order_services.order_accept(order=order, actor=staff)
            steps.append(E.ACCEPTED)
        elif status == Order.Status.SHIPPED:
            tracking = f"JP{rng.randint(10**9, 10**10 - 1)}"
            order_services.order_fulfill(order=order, actor=staff, tracking_number=tracking)
            steps.append(E.SHIPPED)
        elif status == Order.Status.DELIVERED:
            order_services.order_mark_delivered(order=order, actor=buyer)
            steps.append(E.DELIVERED)
        else:
            order_services.order_complete(order=order, actor=buyer)
            steps.append(E.COMPLETED)
    return steps


# Hours after checkout at which each event happened (backdated, capped before "now").
STEP_HOURS = {
    OrderEventType.PAID: 0.05,
    OrderEventType.ACCEPTED: 20,
    OrderEventType.SHIPPED: 44,
    OrderEventType.DELIVERED: 120,
    OrderEventType.COMPLETED: 150,
    OrderEventType.CANCELLED: 26,
    OrderEventType.REFUNDED: 30,
}


def _backdate(order: Order, at: datetime.datetime, now: datetime.datetime) -> None:
    """Give an order's rows the dates they would have had; ``.update()`` skips auto_now."""
    latest = now - datetime.timedelta(minutes=30)
    order = Order.objects.get(pk=order.pk)

    def when(hours: float) -> datetime.datetime:
        return min(at + datetime.timedelta(hours=hours), latest)

    last = at
    for event in OrderEvent.objects.filter(order=order).order_by("pk"):
        placed = event.type == OrderEventType.PLACED
        stamp = at if placed else when(STEP_HOURS.get(event.type, 1))
        stamp = max(stamp, last)
        OrderEvent.objects.filter(pk=event.pk).update(created_at=stamp)
        last = stamp
    Order.objects.filter(pk=order.pk).update(
        created_at=at,
        updated_at=last,
        paid_at=when(STEP_HOURS[OrderEventType.PAID]) if order.paid_at else None,
    )
    PaymentRefund.objects.filter(order=order).update(created_at=last)
    StockMovement.objects.filter(reference=f"order:{order.number}").update(created_at=last)


def _renumber(orders: list[Order]) -> None:
    """Number the backdated orders by the year they were placed, as the counter would have."""
    prefix = settings.ORDER_NUMBER_PREFIX
    final = {}
    per_year: dict[int, int] = defaultdict(int)
    for order in sorted(orders, key=lambda o: (o.created_at, o.pk)):
        year = timezone.localtime(order.created_at).year
        per_year[year] += 1
        final[order.pk] = (order.number, f"{prefix}-{year}-{per_year[year]:06d}")
    for pk in final:
        Order.objects.filter(pk=pk).update(number=f"TMP-{pk}")
    for pk, (old, new) in final.items():
        Order.objects.filter(pk=pk).update(number=new)
        StockMovement.objects.filter(reference=f"order:{old}").update(reference=f"order:{new}")
    for year, count in per_year.items():
        OrderNumberCounter.objects.bulk_create(
            [OrderNumberCounter(year=year)], ignore_conflicts=True
        )
        OrderNumberCounter.objects.filter(year=year, last__lt=count).update(last=count)


def seed_history(*, now: datetime.datetime | None = None) -> int:
    """Place about a year of orders of the demo buyers through the real checkout and order
    services (DUMMY payment), then date them back; answer how many orders were created.

    Runs once: when the demo buyers already have orders it does nothing. The
    checkouts are drawn from a seeded generator, so every run makes the same
    orders (numbers, lines, totals); only the dates move with ``now``. The
    buyers' and lembaga's e-mails of these orders are not sent
    (``shop.outbox.notifications_off``).
    """
    now = now or timezone.now()
    users = {u.email: u for u in User.objects.filter(email__in=BUYERS)}
    staff = User.objects.filter(email="pmd@ovop.test").first()
    if len(users) != len(BUYERS) or staff is None:
        return 0
    if Order.objects.filter(user__in=users.values()).exists():
        return 0
    variants = list(
        ProductVariant.objects.filter(
            product__in=products_visible(),
            stocks__location__kind=StockLocation.Kind.SELLER,
        )
        .select_related("product__category__parent", "product__seller")
        .order_by("sku")
        .distinct()
    )
    sellers = {v.product.seller_id for v in variants}
    if not variants or ShippingMethod.objects.filter(seller_id__in=sellers).count() < len(sellers):
        return 0
    gateway = "DUMMY" if "DUMMY" in gateways_enabled() else Payment.Gateway.BANK_TRANSFER
    rng = random.Random(HISTORY_SEED + 1)
    plans = _plans(now, variants)
    refund_at = next(  # one order, paid and being packed, is refunded in full
        i
        for i, p in enumerate(plans)
        if p.fate == Order.Status.COMPLETED and len({v.product.seller_id for v, _q in p.lines}) == 1
    )
    created: list[tuple[Order, datetime.datetime]] = []
    moved: list[tuple[int, datetime.datetime]] = []
    with transaction.atomic(), outbox.notifications_off():
        for number, plan in enumerate(plans):
            _stock_up(plan.lines, plan.at, moved)
            buyer = users[plan.email]
            restricted = any(category_min_buyer_age(v.product.category) for v, _q in plan.lines)
            checkout = checkout_services.checkout_create(
                user=buyer,
                lines=[LineInput(variant_id=v.pk, quantity=q) for v, q in plan.lines],
                address=BUYERS[plan.email],
                age_confirmed=restricted,
            )
            for seller_id in sorted({v.product.seller_id for v, _q in plan.lines}):
                method = _method(checkout, seller_id, rng)
                checkout_services.checkout_shipping_method_set(
                    checkout=checkout, seller_id=seller_id, method_id=method.pk
                )
            payment_services.checkout_payment_create(checkout=checkout, gateway=gateway)
            orders = completion_services.checkout_complete(checkout=checkout, actor=buyer)
            fate = "REFUND" if number == refund_at else plan.fate
            for order in orders:
                if not order.paid_at:
                    order = order_services.order_confirm_payment(order=order, actor=staff)
                _advance(order, fate, buyer=buyer, staff=staff, rng=rng)
                created.append((order, plan.at))
            Checkout.objects.filter(pk=checkout.pk).update(
                created_at=plan.at,
                updated_at=plan.at + datetime.timedelta(minutes=3),
                completed_at=plan.at + datetime.timedelta(minutes=3),
            )
            Payment.objects.filter(checkout=checkout).update(
                created_at=plan.at, updated_at=plan.at + datetime.timedelta(minutes=3)
            )
            StockMovement.objects.filter(reference=f"checkout:{checkout.token.hex}").update(
                created_at=plan.at + datetime.timedelta(minutes=3)
            )
        for order, at in created:
            _backdate(order, at, now)
        for pk, at in moved:
            StockMovement.objects.filter(pk=pk).update(created_at=at)
        _renumber([Order.objects.get(pk=order.pk) for order, _at in created])
        # The search index learns the stock the history left once (one task per batch).
        product_index_later(sorted({v.product_id for v in variants}))
    return len(created)
