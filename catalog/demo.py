"""Demo products of the demo lembaga, from real NTT OVOP commodities.

One product (or more) for every line of ../shared/data/ovop-products.csv that
fits a demo lembaga and a category of the taxonomy (fresh Jeruk Soe Mollo has
no category yet and is left out). Each product belongs to its demo lembaga
(by NIB); the first six also go, when that lembaga does not exist, to the
first ACTIVE seller of their kabupaten (so the catalog works on any seed).
Certificates are those the category requires, in the formats of
``catalog.legality``, approved by the demo programme officer; a product is
published only when ``catalog.legality`` finds nothing missing and its
lembaga is ACTIVE, so drafts of lembaga under review stay drafts.
Idempotent: keyed by product slug, SKU and certificate type.
"""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from sellers.models import Seller
from shop.models import User

from . import services
from .demo_pictures import demo_picture
from .legality import product_missing_requirements
from .models import (
    Category,
    Certificate,
    Product,
    ProductAssessment,
    ProductEvent,
    ProductMedia,
    ProductVariant,
    Stock,
    StockMovement,
)
from .search import product_index_later

ISSUED = datetime.date(2025, 6, 1)
EXPIRES = datetime.date(2030, 5, 31)
OPENING_STOCK = 25
IMAGE_SIZE = 480

PIRT = ("PIRT", None, EXPIRES)


def _halal(n: int) -> tuple:
    return ("HALAL", f"ID5311000{n:04d}8450625", None)


def _ig(number: str) -> tuple:
    return ("INDIKASI_GEOGRAFIS", number, None)


NOT_HALAL_PORK = "Mengandung daging babi. Produk ini TIDAK HALAL."
NOT_HALAL_ALCOHOL = "Minuman beralkohol (40% ABV). Produk ini TIDAK HALAL."

# Every product: slug, name, category slug, seller NIB, fallback kabupaten (or None),
# variants (sku, name, price Rp, grams), certificates (type, number or None, expires),
# opening stock per variant, and extra Product fields.
PRODUCTS = [
    {
        "slug": "tenun-ikat-sikka-pewarna-alam",
        "name": "Sarung tenun ikat Sikka pewarna alam",
        "category": "tenun-ikat",
        "nib": "9120001234501",
        "fallback": "53.07",
        "variants": [
            ("SKA-TNN-001", "Sarung 180 x 70 cm", 1_750_000, 900),
            ("SKA-TNN-002", "Sarung motif Jata Rempe 190 x 75 cm", 3_500_000, 1_000),
        ],
        "certs": [_ig("ID G 000 000 071")],
        "stock": 6,
        "extra": {
            "raw_material": "benang kapas pintal tangan, akar mengkudu, daun tarum",
            "technique": "ikat lungsin, pewarna alam",
            "motif": "Mawarani",
            "ovop_status": Product.OvopStatus.DESIGNATED,
            "ovop_decree_number": "188.45/123/DPMD/2025",
            "ovop_decree_date": datetime.date(2025, 8, 12),
            "ovop_decree_issuer": services.DEFAULT_DECREE_ISSUER,
        },
    },
    {
        "slug": "selendang-tenun-ikat-sikka",
        "name": "Selendang dan syal tenun ikat Sikka",
        "category": "tenun-ikat",
        "nib": "9120001234501",
        "variants": [
            ("SKA-SLD-001", "Selendang 200 x 30 cm", 350_000, 250),
            ("SKA-SLD-002", "Syal 150 x 20 cm", 175_000, 150),
        ],
        "certs": [],
        "stock": 10,
        "extra": {
            "raw_material": "benang kapas, pewarna alam",
            "technique": "ikat lungsin",
            "motif": "Okukirei",
            # Proposed by the pendamping; waits for Dinas PMD's assessment.
            "ovop_status": Product.OvopStatus.CANDIDATE,
        },
    },
    {
        "slug": "tenun-ikat-ngada-motif-kuda",
        "name": "Sarung tenun ikat Ngada motif kuda",
        "category": "tenun-ikat",
        "nib": "9120001234515",
        "variants": [
            ("NGD-TNN-001", "Sarung 170 x 65 cm", 1_250_000, 850),
            ("NGD-TNN-002", "Selendang 180 x 35 cm", 300_000, 250),
        ],
        "certs": [_ig("ID G 000 000 155")],
        "stock": 6,
        "extra": {
            "raw_material": "benang kapas, pewarna alam mengkudu dan tarum",
            "technique": "ikat lungsin, tenun gedogan",
            "motif": "Jara (kuda) dan gajah",
        },
    },
    {
        "slug": "kain-tenun-ikat-alor",
        "name": "Kain tenun ikat Alor",
        "category": "tenun-ikat",
        "nib": "9120001234510",
        "variants": [("ALR-TNN-001", "Kain 160 x 60 cm", 1_500_000, 800)],
        "certs": [_ig("ID G 000 000 132")],
        "stock": 5,
        "extra": {
            "raw_material": "benang kapas, pewarna alam",
            "technique": "ikat lungsin",
            "motif": "Moko",
        },
    },
    {
        "slug": "kopi-arabika-flores-bajawa-sangrai",
        "name": "Kopi Arabika Flores Bajawa sangrai",
        "category": "kopi-bubuk-sangrai",
        "nib": "9120001234503",
        "fallback": "53.09",
        "variants": [
            ("NGD-KOPI-250", "Biji sangrai 250 g", 85_000, 300),
            ("NGD-KOPI-500", "Bubuk 500 g", 160_000, 560),
        ],
        "certs": [PIRT, ("HALAL", "ID53110000178450624", None), _ig("ID G 000 000 014")],
        "extra": {
            "raw_material": "kopi arabika petik merah",
            "technique": "olah basah, sangrai medium",
            "ovop_status": Product.OvopStatus.DESIGNATED,
            "ovop_decree_number": "188.45/124/DPMD/2025",
            "ovop_decree_date": datetime.date(2025, 8, 12),
            "ovop_decree_issuer": services.DEFAULT_DECREE_ISSUER,
        },
    },
    {
        "slug": "kopi-arabika-flores-manggarai",
        "name": "Kopi Arabika Flores Manggarai",
        "category": "kopi-bubuk-sangrai",
        "nib": "9120001234512",
        "variants": [
            ("MGR-KOPI-250", "Biji sangrai 250 g", 80_000, 300),
            ("MGR-KOPI-1KG", "Biji sangrai 1 kg", 290_000, 1_100),
        ],
        "certs": [PIRT, _halal(11), _ig("ID G 000 000 044")],
        "extra": {
            "raw_material": "kopi arabika petik merah",
            "technique": "semi-washed, jemur para-para",
        },
    },
    {
        "slug": "madu-hutan-mutis",
        "name": "Madu hutan Mutis",
        "category": "madu",
        "nib": "9120001234502",
        "fallback": "53.02",
        "variants": [("TTS-MADU-250", "Botol 250 ml", 75_000, 400)],
        "certs": [PIRT, ("HALAL", "ID53110000188450625", None)],
        "extra": {
            "raw_material": "madu lebah hutan Apis dorsata",
            "technique": "panen lestari, saring dingin",
        },
    },
    {
        "slug": "madu-hutan-timor-amfoang",
        "name": "Madu hutan Timor Amfoang",
        "category": "madu",
        "nib": "9120001234507",
        "variants": [
            ("KPG-MADU-250", "Botol 250 ml", 75_000, 400),
            ("KPG-MADU-500", "Botol 500 ml", 140_000, 750),
        ],
        "certs": [PIRT, _halal(12)],
        "extra": {
            "raw_material": "madu lebah hutan Apis dorsata",
            "technique": "panen tiris, tanpa pemanasan",
        },
    },
    {
        "slug": "tepung-kelor-io-kufeu",
        "name": "Tepung daun kelor",
        "category": "teh-dan-serbuk-herbal",
        "nib": "9120001234504",
        "fallback": "53.21",
        "variants": [
            ("MLK-KELOR-100", "Kemasan 100 g", 50_000, 150),
            ("MLK-KELOR-250", "Kemasan 250 g", 110_000, 320),
        ],
        "certs": [PIRT, ("HALAL", "ID53110000198450626", None)],
        "extra": {
            "raw_material": "daun kelor kebun warga",
            "technique": "kering angin, giling halus",
        },
    },
    {
        "slug": "kapsul-kelor-io-kufeu",
        "name": "Kapsul daun kelor",
        "category": "obat-tradisional",
        "nib": "9120001234504",
        "variants": [("MLK-KAPSUL-60", "Botol 60 kapsul", 65_000, 120)],
        "certs": [],  # BPOM TR still being applied for: stays a draft
        "extra": {"raw_material": "serbuk daun kelor", "technique": "kapsul cangkang nabati"},
    },
    {
        "slug": "kacang-mete-malaka",
        "name": "Kacang mete Malaka sangrai",
        "category": "camilan-dan-kue",
        "nib": "9120001234504",
        "variants": [
            ("MLK-METE-250", "Kemasan 250 g", 65_000, 280),
            ("MLK-METE-500", "Kemasan 500 g", 120_000, 540),
        ],
        "certs": [PIRT, _halal(13)],
        "extra": {"raw_material": "mete kebun Malaka", "technique": "kupas tangan, sangrai pasir"},
    },
    {
        "slug": "abon-ikan-alor",
        "name": "Abon ikan tuna Alor",
        "category": "ikan-olahan",
        "nib": "9120001234505",
        "fallback": "53.05",
        "variants": [("ALR-ABON-200", "Kemasan 200 g", 45_000, 250)],
        "certs": [PIRT, ("HALAL", "ID53110000208450627", None)],
        "extra": {"raw_material": "ikan tuna tangkapan nelayan Alor"},
    },
    {
        "slug": "ikan-asap-alor-besar",
        "name": "Ikan asap Alor Besar",
        "category": "ikan-olahan",
        "nib": "9120001234505",
        "variants": [("ALR-ASAP-500", "Kemasan vakum 500 g", 60_000, 550)],
        "certs": [PIRT, _halal(14)],
        "extra": {"raw_material": "ikan cakalang segar", "technique": "asap kayu kusambi"},
    },
    {
        "slug": "vanili-kering-kepulauan-alor",
        "name": "Vanili kering Kepulauan Alor",
        "category": "kemiri-dan-hhbk-lain",
        "nib": "9120001234510",
        "variants": [
            ("ALR-VNL-050", "Polong kering 50 g", 130_000, 80),
            ("ALR-VNL-100", "Polong kering 100 g", 250_000, 140),
        ],
        "certs": [_ig("ID G 000 000 070")],
        "extra": {
            "raw_material": "polong Vanilla planifolia",
            "technique": "penyerbukan tangan, pemeraman 3 bulan",
        },
    },
    {
        "slug": "minyak-kemiri-tanjung-bunga",
        "name": "Minyak kemiri Flores Timur",
        "category": "bumbu-dan-saus",
        "nib": "9120001234511",
        "variants": [
            ("FLT-KMR-100", "Botol 100 ml", 35_000, 160),
            ("FLT-KMR-250", "Botol 250 ml", 75_000, 350),
        ],
        "certs": [PIRT, _halal(15)],
        "extra": {"raw_material": "biji kemiri kebun warga", "technique": "pres dingin"},
    },
    {
        "slug": "rumput-laut-kering-tablolong",
        "name": "Rumput laut kering Tablolong",
        "category": "rumput-laut",
        "nib": "9120001234506",
        "fallback": "53.01",
        "variants": [("KPG-RL-1KG", "1 kg", 30_000, 1_000)],
        "certs": [],
        "extra": {"raw_material": "Kappaphycus alvarezii", "technique": "jemur para-para"},
    },
    {
        "slug": "rumput-laut-kering-oeseli",
        "name": "Rumput laut kering Rote",
        "category": "rumput-laut",
        "nib": "9120001234513",
        "variants": [("ROT-RL-1KG", "1 kg", 28_000, 1_000)],
        "certs": [],
        "extra": {"raw_material": "Kappaphycus alvarezii", "technique": "jemur para-para"},
    },
    {
        "slug": "garam-beriodium-oebelo",
        "name": "Garam beriodium SoE",
        "category": "garam",
        "nib": "9120001234514",
        "variants": [
            ("TTS-GRM-500", "Kemasan 500 g", 8_000, 520),
            ("TTS-GRM-1KG", "Kemasan 1 kg", 14_000, 1_020),
        ],
        "certs": [
            ("SNI", "SNI 3556 2024 / 0412/LSPro/2025", datetime.date(2029, 5, 31)),
            PIRT,
            _halal(16),
        ],
        "extra": {
            "raw_material": "air laut pesisir selatan Timor",
            "technique": "tambak, iodisasi",
        },
    },
    {
        "slug": "sei-sapi-naikoten",
        "name": "Se'i sapi Naikoten",
        "category": "daging-olahan",
        "nib": "9120001234508",
        "variants": [
            ("KPG-SEISP-250", "Vakum 250 g", 95_000, 300),
            ("KPG-SEISP-500", "Vakum 500 g", 180_000, 560),
        ],
        "certs": [PIRT, _halal(17)],
        "extra": {"raw_material": "daging sapi Timor", "technique": "asap kayu dan daun kosambi"},
    },
    {
        "slug": "sei-babi-naikoten",
        "name": "Se'i babi Naikoten",
        "category": "daging-olahan",
        "nib": "9120001234508",
        "variants": [
            ("KPG-SEIBB-250", "Vakum 250 g", 85_000, 300),
            ("KPG-SEIBB-500", "Vakum 500 g", 160_000, 560),
        ],
        "certs": [PIRT],
        "extra": {
            "raw_material": "daging babi peternak Kupang",
            "technique": "asap kayu dan daun kosambi",
            "is_halal": False,
            "non_halal_statement": NOT_HALAL_PORK,
        },
    },
    {
        "slug": "jagung-bose-amfoang",
        "name": "Jagung bose siap masak",
        "category": "pangan-olahan",
        "nib": "9120001234507",
        "variants": [
            ("KPG-BOSE-500", "Kemasan 500 g", 25_000, 520),
            ("KPG-BOSE-1KG", "Kemasan 1 kg", 45_000, 1_020),
        ],
        "certs": [PIRT, _halal(18)],
        "extra": {"raw_material": "jagung putih lokal, kacang nasi", "technique": "tumbuk, jemur"},
    },
    {
        "slug": "sopi-manutapen",
        "name": "Sopi Manutapen terstandar",
        "category": "sopi-moke",
        "nib": "9120001234509",
        "variants": [
            ("KPG-SOPI-320", "Botol 320 ml, 40% ABV", 95_000, 600),
            ("KPG-SOPI-620", "Botol 620 ml, 40% ABV", 165_000, 1_000),
        ],
        "certs": [("BPOM_MD", "MD 262131001509", datetime.date(2030, 5, 31))],
        "extra": {
            "raw_material": "nira lontar",
            "technique": "suling bertingkat, kadar alkohol 40% ABV",
            "is_halal": False,
            "non_halal_statement": NOT_HALAL_ALCOHOL,
            "attributes": {"kadar_alkohol": "40%"},
        },
    },
]

CERT_ISSUERS = {
    "PIRT": "Dinas Kesehatan",
    "HALAL": "BPJPH",
    "SNI": "LSPro Balai Standardisasi",
    "BPOM_MD": "Badan POM",
}


def _pirt_number(regency: str, index: int) -> str:
    """15 digits: 206, the kabupaten (53xx), product no., 4 digits, the expiry year."""
    return f"206{regency.replace('.', '')}{index:02d}{23 + index:04d}{EXPIRES.year % 100:02d}"


def _seller(spec: dict) -> Seller | None:
    seller = Seller.objects.filter(nib=spec["nib"]).first()
    if seller is None and spec.get("fallback"):
        seller = (
            Seller.objects.filter(
                status=Seller.Status.ACTIVE, village__code__startswith=spec["fallback"] + "."
            )
            .order_by("slug")
            .first()
        )
    return seller


def seed() -> list[Product]:
    """Create (or keep) the demo products; publish those the legality rules allow."""
    officer = User.objects.filter(email="pmd@ovop.test").first()
    made = []
    for index, spec in enumerate(PRODUCTS, start=1):
        seller = _seller(spec)
        if seller is None:
            continue
        category = Category.objects.select_related("parent").get(slug=spec["category"])
        product, created = Product.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "seller": seller,
                "category": category,
                "name": spec["name"],
                "description": f"{spec['name']} dari {seller.village.name}, "
                f"produk unggulan desa NTT. {seller.story}".strip(),
                "origin_village": seller.village,
                "ovop_status": Product.OvopStatus.NONE,
                **spec["extra"],
            },
        )
        if created:
            _ovop_history(product, officer=officer, pendamping=seller.pendamping.first())
        if created and seller.zone_id:
            product.buffer_villages.set(seller.zone.buffer_villages.all())
        location = services.stock_location_ensure_for_seller(seller=seller)
        opening = spec.get("stock", OPENING_STOCK)
        for position, (sku, variant_name, price, grams) in enumerate(spec["variants"]):
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
                variant=variant, location=location, defaults={"quantity": opening}
            )
            if created_stock:
                StockMovement.objects.create(
                    stock=stock,
                    delta=opening,
                    quantity_after=opening,
                    reason=StockMovement.Reason.RECEIVED,
                    note="Saldo awal demo",
                )
        for type_, number, expires in spec["certs"]:
            Certificate.objects.get_or_create(
                product=product,
                type=type_,
                defaults={
                    "number": number or _pirt_number(seller.regency_code, index),
                    "issued_at": ISSUED,
                    "expires_at": expires,
                    "status": Certificate.Status.APPROVED,
                    "reviewed_by": officer,
                    "reviewed_at": timezone.now(),
                    "issuer": CERT_ISSUERS.get(type_, "DJKI"),
                },
            )
        if not product.media.exists():
            media = ProductMedia(
                product=product,
                alt=f"Foto {spec['name']} dari {seller.name}",
                width=IMAGE_SIZE,
                height=IMAGE_SIZE,
            )
            content = demo_picture(
                category_slug=spec["category"], name=spec["name"], size=IMAGE_SIZE
            )
            media.image.save(f"demo-{spec['slug']}.jpg", ContentFile(content), save=False)
            media.width, media.height = IMAGE_SIZE, IMAGE_SIZE
            media.save()
            services.product_media_thumbnails(media=media)
        if not product.is_published and _publishable(product):
            Product.objects.filter(pk=product.pk).update(
                is_published=True, published_at=timezone.now()
            )
            product.is_published = True
            product_index_later([product.pk])
        made.append(product)
    return made


DEMO_CRITERIA = {
    "raw_material_local": "Motif dan teknik leluhur desa; bahan dari kebun desa",
    "raw_material_from_buffer_villages": "Bahan baku dari desa penyangga zona",
    "economic_value": "Puluhan perajin, pendapatan rutin kelompok",
    "market_potential": "Pesanan NTT Mart dan pembeli luar provinsi",
}


def _ovop_history(product: Product, *, officer, pendamping) -> None:
    """The audit trail a real designation leaves: proposal, assessment a-d, decree."""
    if product.ovop_status == Product.OvopStatus.NONE:
        return
    proposer = pendamping.user if pendamping is not None else None
    assessment = ProductAssessment.objects.create(
        product=product, proposed_by=proposer, proposal_note="Usulan musyawarah desa."
    )
    ProductEvent.objects.create(
        product=product,
        actor=proposer,
        acting_as_pendamping=proposer is not None,
        kind=ProductEvent.Kind.PROPOSED,
        from_status=Product.OvopStatus.NONE,
        to_status=Product.OvopStatus.CANDIDATE,
        note="Usulan musyawarah desa.",
    )
    if product.ovop_status != Product.OvopStatus.DESIGNATED:
        return
    assessment.criteria = {
        key: {"met": True, "evidence": evidence, "note": ""}
        for key, evidence in DEMO_CRITERIA.items()
    }
    assessment.decision = ProductAssessment.Decision.DESIGNATE
    assessment.decree_number = product.ovop_decree_number
    assessment.decree_date = product.ovop_decree_date
    assessment.decree_issuer = product.ovop_decree_issuer
    assessment.decided_by = officer
    assessment.decided_at = timezone.now()
    assessment.save()
    ProductEvent.objects.create(
        product=product,
        actor=officer,
        kind=ProductEvent.Kind.DESIGNATED,
        from_status=Product.OvopStatus.CANDIDATE,
        to_status=Product.OvopStatus.DESIGNATED,
        note=f"SK {product.ovop_decree_number} ({product.ovop_decree_date.isoformat()}), "
        f"{product.ovop_decree_issuer}",
    )


def _publishable(product: Product) -> bool:
    """What ``product_publish`` checks: an ACTIVE lembaga, a variant, every certificate."""
    product = Product.objects.select_related("seller", "category__parent").get(pk=product.pk)
    return (
        product.seller.status == Seller.Status.ACTIVE
        and product.variants.exists()
        and not product_missing_requirements(
            product, certificates=services.product_certificates(product)
        )
    )
