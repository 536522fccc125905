"""A fixed, realistic corpus for the search tests: the real NTT products of
/work/shared/data/ovop-products.csv (copied here as data), each with a seller in
its kabupaten, a village, a variant price and, for some, certificates."""

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.text import slugify

from catalog.models import Category, Certificate, Product, ProductVariant
from catalog.search import SearchQuery, search_products
from catalog.search.database import index_products
from sellers.models import Seller, Village

# product, category, kabupaten code, place (kecamatan/desa hint), price (Rp), certificates
PRODUCTS_CSV = """\
product,category,kabupaten_code,place,price,certificates
Tenun ikat Sikka (natural dye),tenun,53.07,Maumere,2500000,INDIKASI_GEOGRAFIS
Tenun ikat (expo price),tenun,53.07,,450000,
Tenun ikat Ngada,tenun,53.09,,900000,INDIKASI_GEOGRAFIS
Tenun ikat Alor / tenun songket Alor,tenun,53.05,,1200000,
Kopi Arabika Flores Bajawa,kopi,53.09,Bajawa,85000,INDIKASI_GEOGRAFIS PIRT HALAL
Kopi Arabika Flores Manggarai,kopi,53.10,,80000,PIRT
Madu hutan Timor (Amfoang),madu,53.01,Amfoang,75000,PIRT HALAL
Madu hutan Mutis,madu,53.02,Fatumnasi,95000,PIRT
Tepung kelor / kapsul kelor (BUMDes M'rian),herbal,53.21,,50000,BPOM_TR HALAL
Rumput laut kering,hasil-laut,53.14,,30000,
Rumput laut (Tablolong),hasil-laut,53.01,,25000,
Garam SoE (iodised),garam,53.02,,12000,SNI PIRT
Abon ikan Alor,pangan-olahan,53.05,,45000,PIRT HALAL
Minyak kemiri Flores Timur,pangan-olahan,53.06,,60000,PIRT
Ikan asap Alor Besar,pangan-olahan,53.05,,55000,PIRT
Se'i sapi,pangan-olahan,53.71,,120000,PIRT HALAL
Se'i babi,pangan-olahan,53.71,,110000,PIRT
Jagung bose,pangan-olahan,53.01,,20000,PIRT HALAL
Kacang mete Malaka,pangan-olahan,53.21,,65000,PIRT HALAL
Vanili Alor,hasil-kebun,53.05,,150000,INDIKASI_GEOGRAFIS
Jeruk Soe Mollo,hasil-kebun,53.02,Mollo,40000,
Sopi (standardised; 21+),minuman,53.71,,175000,PIRT
"""

CATEGORIES = {
    # slug: (name, English name, parent slug)
    "kain": ("Kain dan wastra", "Textiles", None),
    "tenun": ("Tenun", "Weaving", "kain"),
    "kopi": ("Kopi", "Coffee", None),
    "madu": ("Madu", "Honey", None),
    "herbal": ("Herbal", "Herbal", None),
    "hasil-laut": ("Hasil laut", "Sea produce", None),
    "garam": ("Garam", "Salt", None),
    "pangan-olahan": ("Pangan olahan", "Processed food", None),
    "hasil-kebun": ("Hasil kebun", "Garden produce", None),
    "minuman": ("Minuman", "Beverages", None),
}


# The corpus's categories inside the migrated OVOP taxonomy.
TAXONOMY = {
    "kain": "tenun-dan-kain",
    "tenun": "tenun-ikat",
    "kopi": "kopi-bubuk-sangrai",
    "madu": "madu",
    "herbal": "teh-dan-serbuk-herbal",
    "hasil-laut": "rumput-laut",
    "garam": "garam",
    "pangan-olahan": "camilan-dan-kue",
    "minuman": "minuman-olahan",
}


@dataclass
class Corpus:
    products: dict[str, Product] = field(default_factory=dict)
    categories: dict[str, Category] = field(default_factory=dict)
    sellers: dict[str, Seller] = field(default_factory=dict)

    def ids(self, *names: str) -> list[int]:
        return [self.products[n].pk for n in names]


def village_in(regency_code: str, place: str) -> Village:
    villages = Village.objects.filter(code__startswith=regency_code + ".").order_by("code")
    if place:
        hit = (
            villages.filter(district__name__iexact=place).first()
            or villages.filter(name__iexact=place).first()
        )
        if hit:
            return hit
    return villages.first()


def build_corpus() -> Corpus:
    """Create the corpus (published products of ACTIVE sellers) and index it."""
    corpus = Corpus()
    for slug, (name, name_en, parent) in CATEGORIES.items():
        # Every database has the OVOP taxonomy (a data migration): use its nodes.
        taxonomy_slug = TAXONOMY.get(slug)
        if taxonomy_slug:
            corpus.categories[slug] = Category.objects.get(slug=taxonomy_slug)
        else:
            corpus.categories[slug] = Category.objects.create(
                name=name, name_en=name_en, slug=slug, parent=corpus.categories.get(parent)
            )
    rows = list(csv.DictReader(io.StringIO(PRODUCTS_CSV)))
    for i, row in enumerate(rows, start=1):
        regency = row["kabupaten_code"]
        village = village_in(regency, row["place"])
        seller = corpus.sellers.get(regency)
        if seller is None:
            seller = Seller.objects.create(
                name=f"BUMDes {village.name}",
                slug=f"bumdes-{regency.replace('.', '-')}",
                kind=Seller.Kind.BUMDES,
                status=Seller.Status.ACTIVE,
                village=village,
                nib=f"91200{i:08d}",
                phone="+6281234567890",
                email=f"bumdes{i}@contoh.id",
            )
            corpus.sellers[regency] = seller
        product = Product.objects.create(
            seller=seller,
            category=corpus.categories[row["category"]],
            name=row["product"],
            slug=slugify(row["product"])[:200] or f"produk-{i}",
            description=f"{row['product']} dari desa {village.name}, produk OVOP NTT.",
            origin_village=village,
            is_published=True,
        )
        ProductVariant.objects.create(product=product, sku=f"SKU-{i:03d}", price=int(row["price"]))
        for cert_type in row["certificates"].split():
            Certificate.objects.create(
                product=product,
                type=cert_type,
                number=f"{cert_type}-{i}",
                status=Certificate.Status.APPROVED,
                expires_at=date(2030, 12, 31),
            )
        corpus.products[row["product"]] = product
    index_products([p.pk for p in corpus.products.values()])
    return corpus


def explain_search(
    query: SearchQuery, *setup: str, analyze: bool = False, marker: str = "matched AS"
) -> list[str]:
    """The plan of the statement holding ``marker`` that ``query``'s search runs (after
    the ``setup`` statements, in the test's transaction), as lines: ``analyze`` runs
    it too."""
    with CaptureQueriesContext(connection) as captured:
        search_products(query)
    statement = next(q["sql"] for q in captured.captured_queries if marker in q["sql"])
    with connection.cursor() as cursor:
        for sql in setup:
            cursor.execute(sql)
        options = "ANALYZE, COSTS OFF, TIMING OFF" if analyze else "COSTS OFF"
        cursor.execute(f"EXPLAIN ({options}) {statement}")
        return [row for (row,) in cursor.fetchall()]
