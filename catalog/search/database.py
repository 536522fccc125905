"""The database search backend (the default).

On PostgreSQL: full-text search with the built-in ``indonesian`` configuration
over a stored, weighted ``search_vector`` (name A; category, seller, village,
kecamatan, kabupaten B; description, material, technique, motif C), widened by
the synonym list, plus pg_trgm word similarity on ``search_document`` (name,
category, place names) so a misspelt word still matches ("sika" -> Sikka).
Every query word must match (by full text, a synonym, or similarity); when
nothing matches, any word may. On SQLite (the embedded default) a plain
``icontains`` over name, description, category and place names stands in.
"""

from functools import lru_cache

from django.contrib.postgres.search import SearchQuery as PgSearchQuery
from django.contrib.postgres.search import SearchRank, TrigramWordSimilarity
from django.db import connection
from django.db.models import (
    Exists,
    F,
    FloatField,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone

from catalog.models import Certificate, Product, ProductVariant
from catalog.selectors import products_in_stock, products_visible

from .common import (
    apply_id_filter,
    band_key,
    build_facets,
    category_with_descendants,
    empty_facets,
    price_band_case,
)
from .interface import SearchQuery, SearchResult
from .text import query_words, synonyms_of

TS_CONFIG = "indonesian"
TRIGRAM_MIN_LENGTH = 4  # shorter words match too much by similarity
TRIGRAM_WEIGHT = 0.5

_INDEX_SQL = """
WITH doc AS (
    SELECT p.id,
           p.name AS name,
           concat_ws(' ', c.name, c.name_en, pc.name, pc.name_en, s.name,
                     v.name, d.name, r.name) AS place,
           concat_ws(' ', p.description, p.raw_material, p.technique, p.motif) AS body,
           (SELECT min(pv.price) FROM catalog_productvariant pv WHERE pv.product_id = p.id)
               AS price
      FROM catalog_product p
      JOIN catalog_category c ON c.id = p.category_id
      LEFT JOIN catalog_category pc ON pc.id = c.parent_id
      JOIN sellers_seller s ON s.id = p.seller_id
      JOIN sellers_village v ON v.code = p.origin_village_id
      JOIN sellers_district d ON d.code = v.district_id
      JOIN sellers_regency r ON r.code = d.regency_id
     WHERE p.id = ANY(%s)
)
UPDATE catalog_product p
   SET search_vector = setweight(to_tsvector('indonesian', doc.name), 'A')
                    || setweight(to_tsvector('indonesian', doc.place), 'B')
                    || setweight(to_tsvector('indonesian', doc.body), 'C'),
       search_document = lower(concat_ws(' ', doc.name, doc.place)),
       search_price = doc.price
  FROM doc
 WHERE p.id = doc.id
"""


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def index_products(product_ids: list[int]) -> int:
    """Recompute the stored search fields of these products; return how many rows changed."""
    if not product_ids:
        return 0
    if is_postgres():
        with connection.cursor() as cursor:
            cursor.execute(_INDEX_SQL, [list(product_ids)])
            return cursor.rowcount
    return _index_products_plain(product_ids)


def _index_products_plain(product_ids: list[int]) -> int:
    products = Product.objects.filter(pk__in=product_ids).select_related(
        "category", "seller", "origin_village__district__regency"
    )
    prices = dict(
        ProductVariant.objects.filter(product_id__in=product_ids)
        .values("product_id")
        .annotate(p=Min("price"))
        .values_list("product_id", "p")
    )
    for product in products:
        village = product.origin_village
        parts = [
            product.name,
            product.category.name,
            product.category.name_en,
            product.seller.name,
            village.name,
            village.district.name,
            village.district.regency.name,
        ]
        product.search_document = " ".join(p for p in parts if p).lower()
        product.search_price = prices.get(product.pk)
    Product.objects.bulk_update(products, ["search_document", "search_price"])
    return len(products)


@lru_cache(maxsize=4096)
def _is_stopword(word: str) -> bool:
    """True when the ``indonesian`` configuration drops ``word`` (dan, yang, untuk, ...)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT numnode(to_tsquery(%s::regconfig, %s))", [TS_CONFIG, word])
        return cursor.fetchone()[0] == 0


def _alternatives(word: str) -> str:
    """A raw tsquery: the word or any synonym, each as a prefix ("kopi:* | coffee:*")."""
    terms = [word, *synonyms_of(word)]
    parts = []
    for term in terms:
        pieces = term.split()
        parts.append(" <-> ".join(pieces) if len(pieces) > 1 else f"{term}:*")
    return " | ".join(f"({p})" for p in parts)


def _tsquery(raw: str) -> PgSearchQuery:
    return PgSearchQuery(raw, search_type="raw", config=TS_CONFIG)


class DatabaseBackend:
    name = "database"

    # -- filters shared by search and facets ---------------------------------
    def filtered(self, query: SearchQuery) -> QuerySet[Product]:
        qs = apply_id_filter(products_visible(), query)
        if query.regency:
            qs = qs.filter(origin_village__code__startswith=query.regency + ".")
        if query.category is not None:
            qs = qs.filter(category_id__in=category_with_descendants(query.category))
        if query.seller is not None:
            qs = qs.filter(seller_id=query.seller)
        if query.zone is not None:
            qs = qs.filter(seller__zone_id=query.zone)
        today = timezone.localdate()
        for cert_type in query.certifications:
            valid = Certificate.objects.filter(
                Q(product=OuterRef("pk")) | Q(seller=OuterRef("seller_id")),
                Q(expires_at__isnull=True) | Q(expires_at__gte=today),
                type=cert_type,
                status=Certificate.Status.APPROVED,
            )
            qs = qs.filter(Exists(valid))
        if query.in_stock:
            qs = products_in_stock(qs)
        qs = qs.annotate(price=self.price_expression())
        if query.price_gte is not None:
            qs = qs.filter(price__gte=query.price_gte)
        if query.price_lte is not None:
            qs = qs.filter(price__lte=query.price_lte)
        return qs

    @staticmethod
    def price_expression():
        # The stored minimum price, or (for a product never indexed) the live one.
        live = (
            ProductVariant.objects.filter(product=OuterRef("pk"))
            .values("product")
            .annotate(p=Min("price"))
            .values("p")
        )
        return Coalesce(F("search_price"), Subquery(live), output_field=IntegerField())

    def matched(self, qs: QuerySet[Product], words: list[str], *, any_word: bool):
        """Filter ``qs`` to the words (all, or any) and annotate ``rank``."""
        if not is_postgres():
            cond = Q()
            for word in words:
                one = (
                    Q(name__icontains=word)
                    | Q(description__icontains=word)
                    | Q(search_document__icontains=word)
                )
                for synonym in synonyms_of(word):
                    one |= Q(name__icontains=synonym) | Q(search_document__icontains=synonym)
                cond = (cond | one) if any_word else (cond & one)
            return qs.filter(cond).annotate(rank=Value(0.0, output_field=FloatField()))
        words = [w for w in words if not _is_stopword(w)] or words
        cond = Q()
        rank = SearchRank(
            F("search_vector"), _tsquery(" | ".join(f"({_alternatives(w)})" for w in words))
        )
        for word in words:
            one = Q(search_vector=_tsquery(_alternatives(word)))
            if len(word) >= TRIGRAM_MIN_LENGTH:
                one |= Q(search_document__trigram_word_similar=word)
                rank = rank + TRIGRAM_WEIGHT * TrigramWordSimilarity(word, "search_document")
            cond = (cond | one) if any_word else (cond & one)
        return qs.filter(cond).annotate(rank=rank)

    # -- the interface -------------------------------------------------------
    def search(self, query: SearchQuery) -> SearchResult:
        qs = self.filtered(query)
        words = query_words(query.text)
        if words:
            base = qs
            qs = self.matched(base, words, any_word=False)
            if len(words) > 1 and not qs.exists():
                qs = self.matched(base, words, any_word=True)
        sign = "-" if query.descending else ""
        if query.sort == "PRICE":
            order = [F("price").desc(nulls_last=True) if sign else F("price").asc(nulls_last=True)]
        elif query.sort == "CREATED":
            order = [sign + "created_at"]
        elif query.sort == "NAME" or not words:
            order = [sign + "name"]
        else:  # relevance: best first (descending flips it)
            order = ["rank" if query.descending else "-rank", "name"]
        page = list(
            qs.order_by(*order, "pk").values_list("pk", flat=True)[
                query.offset : query.offset + query.limit
            ]
        )
        if query.with_facets:
            total, facets = self.facets(qs)
        else:
            total, facets = qs.count(), empty_facets()
        suggestions = []
        if words and query.with_suggestions and total < query.limit:
            suggestions = self.suggest(" ".join(words), 5)
        return SearchResult(
            ids=page, total=total, facets=facets, suggestions=suggestions, backend=self.name
        )

    def facets(self, qs: QuerySet[Product]) -> tuple[int, dict]:
        """Count the matches by kabupaten, category, price band and certificate, and in all."""
        rows = qs.order_by().values(
            "id",
            "seller_id",
            reg=Substr("origin_village_id", 1, 5),
            cat=F("category_id"),
            band=price_band_case("price"),
        )
        sql, params = rows.query.sql_with_params()
        regency: dict[str, int] = {}
        category: dict[str, int] = {}
        price: dict[str, int] = {}
        total = 0
        today = timezone.localdate()
        cert_sql = f"""
            WITH m AS ({sql})
            SELECT type, count(DISTINCT id) FROM (
                SELECT c.type, m.id FROM m JOIN catalog_certificate c ON c.product_id = m.id
                 WHERE c.status = %s AND (c.expires_at IS NULL OR c.expires_at >= %s)
                UNION ALL
                SELECT c.type, m.id FROM m JOIN catalog_certificate c ON c.seller_id = m.seller_id
                 WHERE c.status = %s AND (c.expires_at IS NULL OR c.expires_at >= %s)
            ) x GROUP BY type
        """
        status = Certificate.Status.APPROVED.value
        with connection.cursor() as cursor:
            if is_postgres():
                cursor.execute(
                    f"""SELECT GROUPING(reg), GROUPING(cat), GROUPING(band), reg, cat, band, count(*)
                          FROM ({sql}) m GROUP BY GROUPING SETS ((reg), (cat), (band), ())""",
                    params,
                )
                for g_reg, g_cat, g_band, reg, cat, band, n in cursor.fetchall():
                    if not g_reg:
                        regency[reg] = n
                    elif not g_cat:
                        category[str(cat)] = n
                    elif not g_band:
                        price[band_key(band)] = n
                    else:
                        total = n
            else:
                for column, target in (("reg", regency), ("cat", category), ("band", price)):
                    cursor.execute(
                        f"SELECT {column}, count(*) FROM ({sql}) m GROUP BY {column}", params
                    )
                    for key, n in cursor.fetchall():
                        target[band_key(key) if column == "band" else str(key)] = n
                total = sum(regency.values())
            certificate: dict[str, int] = {}
            if total:
                cursor.execute(cert_sql, (*params, status, today, status, today))
                certificate = dict(cursor.fetchall())
        return total, build_facets(
            regency=regency, category=category, certificate=certificate, price=price
        )

    def suggest(self, text: str, limit: int) -> list[str]:
        """Return visible product names that complete or resemble ``text``."""
        qs = products_visible()
        if not is_postgres():
            names = qs.filter(name__icontains=text).order_by("name").values_list("name", flat=True)
            return list(dict.fromkeys(names[: limit * 3]))[:limit]
        cond = Q(name__istartswith=text) | Q(search_document__trigram_word_similar=text)
        rows = (
            qs.filter(cond)
            .values("name")
            .annotate(score=Max(TrigramWordSimilarity(text, "name")))
            .order_by("-score", "name")[:limit]
        )
        return [row["name"] for row in rows]

    def index(self, product_ids: list[int]) -> None:
        index_products(product_ids)
