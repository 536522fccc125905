"""Demo products of the demo lembaga, from real NTT OVOP commodities.

Each product goes to the first ACTIVE seller (by slug) in its kabupaten;
with no such seller it is skipped, so this runs after the sellers' demo.
Idempotent: keyed by product slug and SKU.
"""

import datetime
import io

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from sellers.models import Seller

from . import services
from .models import (
    Category,
    Certificate,
    Product,
    ProductMedia,
    ProductVariant,
    Stock,
    StockMovement,
)

ISSUED = datetime.date(2025, 6, 1)
EXPIRES = datetime.date(2030, 5, 31)

# slug, name, category, regency, variants (sku, name, price, grams), certificates, extra
PRODUCTS = [
    (
        "tenun-ikat-sikka-pewarna-alam",
        "Sarung tenun ikat Sikka pewarna alam",
        "tenun-ikat",
        "53.07",
        [("SKA-TNN-001", "Sarung 180 x 70 cm", 1_750_000, 900)],
        [("INDIKASI_GEOGRAFIS", "ID G 000 000 071", None)],
        {
            "raw_material": "benang kapas, akar mengkudu, daun tarum",
            "technique": "ikat lungsin, pewarna alam",
            "motif": "Mawarani",
        },
    ),
    (
        "kopi-arabika-flores-bajawa-sangrai",
        "Kopi Arabika Flores Bajawa sangrai",
        "kopi-bubuk-sangrai",
        "53.09",
        [
            ("NGD-KOPI-250", "Biji sangrai 250 g", 85_000, 300),
            ("NGD-KOPI-500", "Bubuk 500 g", 160_000, 560),
        ],
        [
            ("PIRT", None, EXPIRES),
            ("HALAL", "ID53110000178450624", None),
            ("INDIKASI_GEOGRAFIS", "ID G 000 000 014", None),
        ],
        {"raw_material": "kopi arabika petik merah", "technique": "olah basah, sangrai medium"},
    ),
    (
        "madu-hutan-mutis",
        "Madu hutan Mutis",
        "madu",
        "53.02",
        [("TTS-MADU-250", "Botol 250 ml", 75_000, 400)],
        [("PIRT", None, EXPIRES), ("HALAL", "ID53110000188450625", None)],
        {
            "raw_material": "madu lebah hutan Apis dorsata",
            "technique": "panen lestari, saring dingin",
        },
    ),
    (
        "tepung-kelor-io-kufeu",
        "Tepung daun kelor",
        "teh-dan-serbuk-herbal",
        "53.21",
        [("MLK-KELOR-100", "Kemasan 100 g", 50_000, 150)],
        [("PIRT", None, EXPIRES), ("HALAL", "ID53110000198450626", None)],
        {"raw_material": "daun kelor kebun warga", "technique": "kering angin, giling halus"},
    ),
    (
        "abon-ikan-alor",
        "Abon ikan tuna Alor",
        "ikan-olahan",
        "53.05",
        [("ALR-ABON-200", "Kemasan 200 g", 45_000, 250)],
        [("PIRT", None, EXPIRES), ("HALAL", "ID53110000208450627", None)],
        {"raw_material": "ikan tuna tangkapan nelayan Alor"},
    ),
    (
        "rumput-laut-kering-tablolong",
        "Rumput laut kering Tablolong",
        "rumput-laut",
        "53.01",
        [("KPG-RL-1KG", "1 kg", 30_000, 1000)],
        [],
        {"raw_material": "Kappaphycus alvarezii", "technique": "jemur para-para"},
    ),
]

COLOURS = [
    (142, 60, 30),
    (90, 60, 40),
    (200, 150, 40),
    (80, 130, 60),
    (180, 110, 60),
    (60, 110, 130),
]


def _pirt_number(regency: str) -> str:
    return f"206{regency.replace('.', '')}0100{23:02d}{EXPIRES.year % 100:02d}"


def _image(colour: tuple[int, int, int], label: str) -> bytes:
    image = Image.new("RGB", (900, 900), colour)
    ImageDraw.Draw(image).text((40, 40), label, fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def seed() -> list[Product]:
    """Create (or keep) the demo products; publish those whose seller is ACTIVE."""
    made = []
    for index, (slug, name, category_slug, regency, variants, certs, extra) in enumerate(PRODUCTS):
        seller = (
            Seller.objects.filter(
                status=Seller.Status.ACTIVE, village__code__startswith=regency + "."
            )
            .order_by("slug")
            .first()
        )
        if seller is None:
            continue
        product, created = Product.objects.get_or_create(
            slug=slug,
            defaults={
                "seller": seller,
                "category": Category.objects.get(slug=category_slug),
                "name": name,
                "description": f"{name} dari {seller.village.name}, produk unggulan desa NTT.",
                "origin_village": seller.village,
                "ovop_status": Product.OvopStatus.CANDIDATE,
                **extra,
            },
        )
        if created and seller.zone_id:
            product.buffer_villages.set(seller.zone.buffer_villages.all())
        location = services.stock_location_ensure_for_seller(seller=seller)
        for position, (sku, variant_name, price, grams) in enumerate(variants):
            variant, _ = ProductVariant.objects.get_or_create(
                sku=sku,
                defaults={
                    "product": product,
                    "name": variant_name,
                    "price": price,
                    "weight_grams": grams,
                    "position": position,
                },
            )
            stock, created_stock = Stock.objects.get_or_create(
                variant=variant, location=location, defaults={"quantity": 25}
            )
            if created_stock:
                StockMovement.objects.create(
                    stock=stock,
                    delta=25,
                    quantity_after=25,
                    reason=StockMovement.Reason.RECEIVED,
                    note="Saldo awal demo",
                )
        for type_, number, expires in certs:
            Certificate.objects.get_or_create(
                product=product,
                type=type_,
                defaults={
                    "number": number or _pirt_number(seller.regency_code),
                    "issued_at": ISSUED,
                    "expires_at": expires,
                    "status": Certificate.Status.APPROVED,
                    "reviewed_at": timezone.now(),
                    "issuer": {"PIRT": "Dinas Kesehatan", "HALAL": "BPJPH"}.get(type_, "DJKI"),
                },
            )
        if not product.media.exists():
            media = ProductMedia(product=product, alt=name, width=900, height=900)
            media.image.save(
                f"demo-{slug}.jpg",
                ContentFile(_image(COLOURS[index % len(COLOURS)], name)),
                save=False,
            )
            media.width, media.height = 900, 900
            media.save()
            services.product_media_thumbnails(media=media)
        if not product.is_published:
            Product.objects.filter(pk=product.pk).update(
                is_published=True, published_at=timezone.now()
            )
        made.append(product)
    return made
