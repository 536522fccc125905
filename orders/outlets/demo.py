"""Demo offline channels: two NTT Mart outlets, their assortment, deliveries, a POS token
and a day of receipts. Idempotent: a second run creates nothing."""

import random
from datetime import timedelta

from django.contrib.auth.models import Group
from django.db.models import F
from django.utils import timezone

from catalog.models import ProductVariant, Stock, StockLocation
from sellers.models import Seller
from shop.models import User
from shop.roles import Role

from .models import ApiToken, OfflineReceipt, OutletAssortment, OutletOperator, Terms
from .services import (
    DeliveryLine,
    ReceiptLine,
    api_token_create,
    offline_sale_record,
    outlet_delivery_receive,
)

OUTLETS = [
    {
        "name": "NTT Mart Kupang",
        "regency_id": "53.71",
        "address": "Jl. El Tari No. 52, Oebobo, Kota Kupang",
        "opening_hours": "Senin-Sabtu 08.00-21.00 WITA",
    },
    {
        "name": "NTT Mart Maumere",
        "regency_id": "53.07",
        "address": "Jl. Soekarno-Hatta No. 8, Kota Baru, Maumere, Kabupaten Sikka",
        "opening_hours": "Senin-Sabtu 08.00-20.00 WITA",
    },
]
DEMO_OFFICER = "gerai@ovop.test"
DEMO_OPERATOR = "nttmart@ovop.test"


def seed_outlets() -> list[StockLocation]:
    """The two outlets (before shipping methods, so lembaga there offer outlet pickup)."""
    outlets = []
    for spec in OUTLETS:
        outlet, _created = StockLocation.objects.get_or_create(
            name=spec["name"],
            kind=StockLocation.Kind.NTT_MART,
            defaults={
                **spec,
                "channel": StockLocation.Channel.NTT_MART,
                "sells_online": False,
            },
        )
        outlets.append(outlet)
    return outlets


def seed_officer() -> User:
    """The Disperindag outlet officer of the demo (password: the demo password)."""
    from shop.demo import DEMO_PASSWORD

    officer = User.objects.filter(email=DEMO_OFFICER).first()
    if officer is None:
        officer = User.objects.create_user(
            email=DEMO_OFFICER, password=DEMO_PASSWORD, first_name="Marselinus", last_name="Tefa"
        )
    officer.groups.add(Group.objects.get(name=Role.OUTLET_OFFICER))
    return officer


def seed_trading() -> str | None:
    """Assortment on both terms, a delivery per lembaga, a token, today's receipts.

    Answers the new POS token (shown once) or None when the demo already had one.
    """
    officer = seed_officer()
    outlets = seed_outlets()
    operator = User.objects.filter(email=DEMO_OPERATOR).first()
    if operator is not None:
        OutletOperator.objects.get_or_create(user=operator, location=outlets[0])
    if OfflineReceipt.objects.filter(location__in=outlets).exists():
        return None
    rng = random.Random(12)
    now = timezone.now()
    for index, outlet in enumerate(outlets):
        free = {
            stock.variant_id: stock.quantity - stock.quantity_reserved
            for stock in Stock.objects.filter(
                location__kind=StockLocation.Kind.SELLER,
                variant__product__is_published=True,
                variant__product__seller__status=Seller.Status.ACTIVE,
                quantity__gte=F("quantity_reserved") + 4,
            )
        }
        stocked = list(
            ProductVariant.objects.filter(pk__in=free)
            .select_related("product")
            .order_by("product__seller_id", "pk")
        )
        chosen = stocked[index * 6 : index * 6 + 6]
        for position, variant in enumerate(chosen):
            OutletAssortment.objects.get_or_create(
                location=outlet,
                variant=variant,
                defaults={
                    "terms": Terms.OUTRIGHT if position % 3 == 2 else Terms.CONSIGNMENT,
                    "margin_percent": 20 if position % 3 != 2 else 25,
                },
            )
        by_seller: dict[int, list[ProductVariant]] = {}
        for variant in chosen:
            by_seller.setdefault(variant.product.seller_id, []).append(variant)
        for number, (_seller_id, variants) in enumerate(sorted(by_seller.items()), start=1):
            outlet_delivery_receive(
                actor=officer,
                location=outlet,
                number=f"SJ/{now:%Y/%m}/{index + 1}{number:03d}",
                lines=[DeliveryLine(v.sku, min(12, free[v.pk])) for v in variants],
            )
        on_shelf = {
            s.variant_id: s.quantity for s in Stock.objects.filter(location=outlet, quantity__gt=0)
        }
        for n in range(8):
            sellable = [v for v in chosen if on_shelf.get(v.pk, 0) >= 1]
            if not sellable:
                break
            variant = rng.choice(sellable)
            units = min(rng.randint(1, 2), on_shelf[variant.pk])
            on_shelf[variant.pk] -= units
            offline_sale_record(
                actor=officer,
                location=outlet,
                receipt_id=f"KSR{index + 1}-{now:%Y%m%d}-{n + 1:04d}",
                sold_at=now - timedelta(minutes=20 * (8 - n)),
                lines=[ReceiptLine(variant.sku, units, variant.price)],
                payment_method=rng.choice(["CASH", "QRIS", "TRANSFER"]),
            )
    if ApiToken.objects.filter(location=outlets[0]).exists():
        return None
    return api_token_create(user=officer, location=outlets[0], name="Kasir demo").token
