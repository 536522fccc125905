"""The database search backend (the default).

On PostgreSQL: full-text search with the built-in ``indonesian`` configuration
over a stored, weighted ``search_vector`` (name A; category, seller, village,
kecamatan, kabupaten B; description, material, technique, motif C). Each query
word matches as a prefix, or through a synonym, or - when no indexed word starts
with it - through its nearest words by pg_trgm similarity in the vocabulary table
``catalog_search_word`` (the words of names, categories and places), so a
misspelt word still matches ("sika" -> sikka). Every word must match; when
nothing does, any word may. The whole match is one ``@@`` on the GIN index.

Searches read ``catalog_search_entry`` (migration catalog 0004), a narrow table of
the visible products only, kept exact by database triggers on catalog_product and
sellers_seller; searches without text count their facets from
``catalog_search_count`` (per kabupaten, category, price band, certificate mask).
Counts are exact up to COUNT_CAP matches of a text search; past it the total is
COUNT_CAP with ``total_capped`` ("10.000+"). On SQLite (the embedded default) a plain ``icontains`` over name,
description, category and place names stands in, over catalog_product.
"""

from dataclasses import dataclass, replace

from django.contrib.postgres.search import SearchQuery as PgSearchQuery
from django.contrib.postgres.search import SearchRank
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import (
    ExpressionWrapper,
    F,
    FloatField,
    Min,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Cast, NullIf, Substr
from django.utils import timezone

from catalog.models import Certificate, Product, ProductVariant
from catalog.selectors import products_in_stock, products_visible
from shop.rows import is_postgres

from .common import (
    apply_id_filter,
    band_key,
    build_facets,
    category_with_descendants,
    empty_facets,
    price_band_case,
)
from .interface import COUNT_CAP, SearchQuery, SearchResult
from .price_steps import NO_PRICE_STEP, price_step, price_step_sql
from .text import (
    query_words,
    synonym_groups,
    synonym_token,
    synonym_tokens_of,
    synonyms_of,
    synonyms_version,
)

TS_CONFIG = "indonesian"
# A relevance search ranks the first RANK_CAP of its (at most COUNT_CAP + 1) candidates.
RANK_CAP = 2_000
TRIGRAM_MIN_LENGTH = 3  # shorter words are not corrected
NEAR_WORDS = 3
NEAR_MIN_SIMILARITY = 0.35
WORD_CACHE_SECONDS = 300
SYNONYMS_STATE_KEY = "search:synonyms-indexed"

_INDEX_SQL = """
WITH doc AS (
    SELECT p.id,
           p.name AS name,
           concat_ws(' ', c.name, c.name_en, pc.name, pc.name_en, s.name,
                     v.name, d.name, r.name) AS place,
           concat_ws(' ', p.description, p.raw_material, p.technique, p.motif) AS body,
           (SELECT min(pv.price) FROM catalog_productvariant pv WHERE pv.product_id = p.id)
               AS price,
           (SELECT coalesce(' ' || string_agg(DISTINCT ct.type, ' ' ORDER BY ct.type) || ' ', '')
              FROM catalog_certificate ct
             WHERE (ct.product_id = p.id OR ct.seller_id = p.seller_id)
               AND ct.status = 'APPROVED'
               AND (ct.expires_at IS NULL OR ct.expires_at >= %s)) AS certs
      FROM catalog_product p
      JOIN catalog_category c ON c.id = p.category_id
      LEFT JOIN catalog_category pc ON pc.id = c.parent_id
      JOIN sellers_seller s ON s.id = p.seller_id
      JOIN sellers_village v ON v.code = p.origin_village_id
      JOIN sellers_district d ON d.code = v.district_id
      JOIN sellers_regency r ON r.code = d.regency_id
     WHERE p.id = ANY(%s)
),
weighted AS (
    SELECT doc.*,
           setweight(to_tsvector('indonesian', doc.name), 'A')
           || setweight(to_tsvector('indonesian', doc.place), 'B')
           || setweight(to_tsvector('indonesian', doc.body), 'C') AS vector
      FROM doc
),
synonym_group AS (  -- (token, the group's terms as one tsquery), parsed once
    SELECT g.token, to_tsquery('indonesian', g.terms) AS terms
      FROM unnest(%s::text[], %s::text[]) AS g(token, terms)
)
UPDATE catalog_product p
   SET search_vector = w.vector || coalesce(
           (SELECT setweight(to_tsvector('indonesian', string_agg(g.token, ' ')), 'D')
              FROM synonym_group g
             WHERE w.vector @@ g.terms), ''),
       search_document = lower(concat_ws(' ', w.name, w.place)),
       search_price = w.price,
       search_certificates = w.certs
  FROM weighted w
 WHERE p.id = w.id
"""

_VOCABULARY_SQL = """
INSERT INTO catalog_search_word (word)
SELECT DISTINCT w
  FROM catalog_product p, regexp_split_to_table(p.search_document, '[^[:alnum:]]+') AS w
 WHERE p.id = ANY(%s) AND length(w) >= 3
ON CONFLICT DO NOTHING
"""

_WORDS_SQL = """
SELECT q.w,
       numnode(to_tsquery('indonesian', q.w)) = 0,
       EXISTS (SELECT 1 FROM catalog_search_word s
                WHERE s.word >= q.w COLLATE "C"
                  AND s.word < (q.w || chr(1114111)) COLLATE "C"),
       EXISTS (SELECT 1 FROM catalog_search_word s WHERE s.word = q.w COLLATE "C"),
       ARRAY(SELECT s.word || ' ' || similarity(s.word, q.w)::text
               FROM catalog_search_word s
              WHERE length(q.w) >= %s AND s.word %% q.w
              ORDER BY similarity(s.word, q.w) DESC, s.word
              LIMIT %s)
  FROM unnest(%s::text[]) AS q(w)
"""


# Bit i of catalog_search_entry.certs = CERTIFICATE_BITS[i] (the order of migration
# catalog 0004, which fills the column; a test keeps the two equal).
CERTIFICATE_BITS: tuple[str, ...] = (
    "NIB",
    "PIRT",
    "BPOM_MD",
    "BPOM_ML",
    "BPOM_NA",
    "BPOM_TR",
    "HALAL",
    "SNI",
    "HKI_MEREK",
    "INDIKASI_GEOGRAFIS",
)


# How catalog_search_entry.facet (migration catalog 0015) packs the four facet values:
# regency << 48 | category_id << 16 | band << 12 | certs. Each part unpacks one.
FACET_KEY_PARTS: tuple[str, ...] = (
    ">> 48",
    ">> 16 & 4294967295",
    ">> 12 & 15",
    "& 4095",
)


def certificate_mask(types) -> int:
    """The bitmask of these certificate types in ``catalog_search_entry.certs``."""
    mask = 0
    for cert_type in types:
        mask |= 1 << CERTIFICATE_BITS.index(cert_type)
    return mask


def regency_number(code: str) -> int:
    """ "53.07" -> 5307, as ``catalog_search_entry.regency`` stores it."""
    return int(code.replace(".", ""))


def regency_code(number: int) -> str:
    """5307 -> "53.07"."""
    return f"{number // 100:02d}.{number % 100:02d}"


def index_products(product_ids: list[int]) -> int:
    """Recompute the stored search fields of these products; return how many rows changed."""
    if not product_ids:
        return 0
    if is_postgres():
        groups = synonym_groups()
        with connection.cursor() as cursor:
            cursor.execute(
                _INDEX_SQL,
                [
                    timezone.localdate(),
                    list(product_ids),
                    [synonym_token(group) for group in groups],
                    [_terms_tsquery(group) for group in groups],
                ],
            )
            count = cursor.rowcount
            cursor.execute(_VOCABULARY_SQL, [list(product_ids)])
            return count
    return _index_products_plain(product_ids)


# The deltas the triggers appended to catalog_search_count, summed to one row per key
# in one statement (rows appended meanwhile by other transactions are kept).
COMPACT_COUNTS = """
    WITH gone AS (DELETE FROM catalog_search_count RETURNING *)
    INSERT INTO catalog_search_count (regency, category_id, band, certs, n)
    SELECT regency, category_id, band, certs, sum(n) FROM gone
     GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0
"""


def entries_cluster() -> None:
    """Lay ``catalog_search_entry`` out by category again, compact the count deltas of
    ``catalog_search_count`` to one row per key, and refresh the statistics.

    Rows a trigger rewrote since the last run sit wherever there was room; laid out by
    category, the matches of a typical query ("madu", "kopi bajawa") share few pages.
    CLUSTER locks the table for about a second per 100,000 products: run at night.
    """
    if is_postgres():
        with connection.cursor() as cursor:
            cursor.execute(COMPACT_COUNTS)
            cursor.execute("CLUSTER catalog_search_entry USING catalog_search_entry_category")
            # VACUUM marks the rewritten pages all-visible (index-only scans for the
            # ordered pages); it cannot run inside a transaction: ANALYZE only there
            vacuum = "VACUUM (ANALYZE)" if not connection.in_atomic_block else "ANALYZE"
            cursor.execute(f"{vacuum} catalog_search_entry")
            cursor.execute(f"{vacuum} catalog_search_count")


def valid_certificates() -> QuerySet[Certificate]:
    """Approved certificates that have not expired (today in WITA)."""
    today = timezone.localdate()
    return Certificate.objects.filter(
        Q(expires_at__isnull=True) | Q(expires_at__gte=today),
        status=Certificate.Status.APPROVED,
    )


def certificates_text(types) -> str:
    """The stored form of a product's certificate types: " HALAL PIRT " (or "")."""
    return f" {' '.join(sorted(types))} " if types else ""


def _index_products_plain(product_ids: list[int]) -> int:
    products = list(
        Product.objects.filter(pk__in=product_ids).select_related(
            "category", "seller", "origin_village__district__regency"
        )
    )
    prices = dict(
        ProductVariant.objects.filter(product_id__in=product_ids)
        .values("product_id")
        .annotate(p=Min("price"))
        .values_list("product_id", "p")
    )
    certs: dict[int, set[str]] = {}
    sellers = {p.seller_id: p.pk for p in products}
    for product_id, seller_id, cert_type in (
        valid_certificates()
        .filter(Q(product_id__in=product_ids) | Q(seller_id__in=list(sellers)))
        .values_list("product_id", "seller_id", "type")
    ):
        for p in products:
            if p.pk == product_id or (seller_id and p.seller_id == seller_id):
                certs.setdefault(p.pk, set()).add(cert_type)
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
        product.search_certificates = certificates_text(certs.get(product.pk, ()))
    Product.objects.bulk_update(
        products, ["search_document", "search_price", "search_certificates"]
    )
    return len(products)


@dataclass(frozen=True)
class WordInfo:
    stopword: bool  # dropped by the indonesian configuration (dan, yang, untuk, ...)
    known: bool  # some indexed word starts with it
    exact: bool  # it is an indexed word
    near: tuple[str, ...]  # the closest indexed words, when it is not known


@dataclass(frozen=True)
class QueryLookup:
    words: dict[str, WordInfo]
    folded: bool  # every stored vector carries the current synonym list's tokens


def query_lookup(words: list[str]) -> QueryLookup:
    """Look the query words up in the vocabulary, and whether the synonym tokens can be
    used (both cached for a few minutes, read in one cache round trip)."""
    keys = {w: f"search:word:{w}" for w in words}
    cached = cache.get_many([*keys.values(), SYNONYMS_STATE_KEY])
    infos = {w: cached[k] for w, k in keys.items() if k in cached}
    missing = [w for w in words if w not in infos]
    if missing:
        with connection.cursor() as cursor:
            cursor.execute(_WORDS_SQL, [TRIGRAM_MIN_LENGTH, NEAR_WORDS, missing])
            for word, stopword, known, exact, near in cursor.fetchall():
                scored = [(n.rsplit(" ", 1)[0], float(n.rsplit(" ", 1)[1])) for n in near]
                best = scored[0][1] if scored else 0
                close = tuple(
                    w for w, score in scored if score >= max(NEAR_MIN_SIMILARITY, best - 0.15)
                )
                infos[word] = WordInfo(
                    stopword=stopword, known=known, exact=exact, near=() if known else close
                )
        cache.set_many({keys[w]: infos[w] for w in missing}, WORD_CACHE_SECONDS)
    indexed = cached.get(SYNONYMS_STATE_KEY)
    if indexed is None:
        indexed = synonyms_indexed_version()
        cache.set(SYNONYMS_STATE_KEY, indexed, WORD_CACHE_SECONDS)
    return QueryLookup(words=infos, folded=indexed == synonyms_version())


def synonyms_indexed_version() -> str:
    """The synonym list version every stored vector was built with ("" if unknown)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM catalog_search_state WHERE name = 'synonyms'")
        row = cursor.fetchone()
    return row[0] if row else ""


def synonyms_indexed_record() -> None:
    """Record that every product was just indexed with the current synonym list, so
    searches may match a word's synonym group by its one token. Call it only after a
    re-index of every product (``search_reindex``, ``synonyms_refold``)."""
    if not is_postgres():
        return
    version = synonyms_version()
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO catalog_search_state (name, value) VALUES ('synonyms', %s)
               ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value, updated_at = now()""",
            [version],
        )
    # Forget the cached version now and again once this commits: a search meanwhile
    # reads the version still committed, and at worst widens for a few more minutes.
    cache.delete(SYNONYMS_STATE_KEY)
    transaction.on_commit(lambda: cache.delete(SYNONYMS_STATE_KEY))


def synonyms_refold(*, batch_size: int = 1000) -> int:
    """Re-index every product when the stored vectors were built with another synonym
    list (an edited ``synonyms_id.txt``, or none yet), then record the current one;
    return how many products were indexed (0: nothing to do). Until it has run, searches
    widen each word with its synonyms at query time: the same results, slower."""
    if not is_postgres() or synonyms_indexed_version() == synonyms_version():
        return 0
    return products_index_all(batch_size=batch_size)


def products_index_all(*, batch_size: int = 1000, progress=None) -> int:
    """Recompute the stored search fields of every product, in batches (``progress``
    is told each batch's size), then record the synonym list the vectors now carry;
    return how many products were indexed."""
    ids = list(Product.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        batch = ids[start : start + batch_size]
        index_products(batch)
        if progress is not None:
            progress(len(batch))
    synonyms_indexed_record()
    return len(ids)


def _phrase(term: str) -> str:
    """A term as a raw tsquery: a phrase as its words in a row."""
    return " <-> ".join(term.split())


def _terms_tsquery(terms) -> str:
    """A raw tsquery matching any of these terms."""
    return " | ".join(f"({_phrase(term)})" for term in terms)


def _alternatives(
    word: str, info: WordInfo, *, prefix: bool, synonyms: bool = True, folded: bool = False
) -> str:
    """A raw tsquery: the word (as a prefix when asked), a synonym or a near word.

    ``folded`` (every vector carries its synonym groups' tokens): a word of a synonym
    group matches as the group's token, one posting list where the group's terms are
    several ("coffee" read five); a word typed whole is a term of its group, so the token
    stands for it too. Otherwise a phrase synonym containing a single-word alternative
    is left out: it could only match what that word matches already, and phrases are
    costly to check.
    """
    tokens = synonym_tokens_of(word) if synonyms and folded else []
    if tokens:
        parts = [f"{word}:*"] if prefix else []
        parts.extend(t for t in (*tokens, *info.near) if t not in parts)
    else:
        terms = [word, *(synonyms_of(word) if synonyms else ()), *info.near]
        singles = {t for t in terms if " " not in t}
        parts = [f"{word}:*" if prefix else word]
        for term in terms[1:]:
            if " " in term and singles & set(term.split()):
                continue
            if _phrase(term) not in parts:
                parts.append(_phrase(term))
    return " | ".join(f"({p})" for p in parts) if len(parts) > 1 else parts[0]


def text_tsqueries(words: list[str], *, any_word: bool) -> tuple[str, str]:
    """Return (match, rank) raw tsqueries for the query words."""
    lookup = query_lookup(words)
    infos = lookup.words
    kept = [w for w in words if not infos[w].stopword] or words
    # Prefix matching (costly on the index) only for a word that is not a whole indexed
    # word, e.g. one still being typed; whole words match exactly (after stemming).
    groups = [
        f"({_alternatives(w, infos[w], prefix=not infos[w].exact, folded=lookup.folded)})"
        for w in kept
    ]
    # The rank weighs the typed words (and their corrections), not their synonyms,
    # when the word itself is indexed: a product named with the very word comes
    # first, one found only through a synonym after it; and ts_rank's cost grows with
    # every term (five for "coffee" with its synonyms), paid on every match.
    rank = " | ".join(
        f"({_alternatives(w, infos[w], prefix=not infos[w].exact, synonyms=not infos[w].known)})"
        for w in kept
    )
    return (" | ".join(groups) if any_word else " & ".join(groups)), rank


def _capped(n: int, cap: int | None) -> int:
    return n if cap is None else min(n, cap)


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
        for cert_type in query.certifications:
            qs = qs.filter(search_certificates__contains=f" {cert_type} ")
        if query.in_stock:
            qs = products_in_stock(qs)
        if query.ovop_designated:
            qs = qs.filter(ovop_status=Product.OvopStatus.DESIGNATED)
        qs = qs.annotate(price=self.price_expression())
        if query.price_gte is not None:
            qs = qs.filter(price__gte=query.price_gte)
        if query.price_lte is not None:
            qs = qs.filter(price__lte=query.price_lte)
        return qs

    @staticmethod
    def price_expression():
        # The minimum variant price stored at indexing (a product never indexed has none).
        return F("search_price")

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
        match, rank = text_tsqueries(words, any_word=any_word)
        return qs.filter(search_vector=_tsquery(match)).annotate(
            rank=SearchRank(F("search_vector"), _tsquery(rank))
        )

    # -- the interface -------------------------------------------------------
    def search(self, query: SearchQuery) -> SearchResult:
        words = query_words(query.text)
        capped = False
        if is_postgres():
            page, total, facets, capped = self._run_entries(query, words, any_word=False)
            if not total and len(words) > 1:
                page, total, facets, capped = self._run_entries(query, words, any_word=True)
        else:
            base = self.filtered(query)
            qs = self.matched(base, words, any_word=False) if words else base
            page, total, facets = self._run_plain(qs, query, words)
            if not total and len(words) > 1:
                qs = self.matched(base, words, any_word=True)
                page, total, facets = self._run_plain(qs, query, words)
        suggestions = []
        if words and query.with_suggestions and total < query.limit:
            suggestions = self.suggest(" ".join(words), 5)
        return SearchResult(
            ids=page,
            total=total,
            facets=facets,
            suggestions=suggestions,
            backend=self.name,
            total_capped=capped,
        )

    @staticmethod
    def _order(query: SearchQuery, words: list[str]) -> list[tuple[str, str]]:
        """The page order as (column of the match, direction) pairs, ending with the id."""
        direction = "DESC" if query.descending else "ASC"
        if query.sort == "PRICE":
            order = [("price", direction + " NULLS LAST")]
        elif query.sort == "RATING":
            # the average of the product's review counters; unrated products last
            order = [("rating", direction + " NULLS LAST"), ("name", "ASC")]
        elif query.sort == "CREATED":
            order = [("created_at", direction)]
        elif query.sort == "BEST_SELLING":
            order = [("units_sold", direction), ("name", "ASC")]
        elif query.sort == "NAME" or not words:
            order = [("name", direction)]
        else:  # relevance: best first (descending flips it)
            order = [("rank", "ASC" if query.descending else "DESC"), ("name", "ASC")]
        return [*order, ("id", "ASC")]

    def _rows(self, qs: QuerySet[Product], words: list[str]) -> QuerySet:
        columns = ["id", "name", "created_at", "price", "search_certificates", "units_sold"]
        if words:
            columns.append("rank")
        return qs.order_by().values(
            *columns,
            rating=ExpressionWrapper(
                Cast("rating_sum", FloatField()) / NullIf("rating_count", 0),
                output_field=FloatField(),
            ),
            reg=Substr("origin_village_id", 1, 5),
            cat=F("category_id"),
            band=price_band_case("price"),
        )

    @staticmethod
    def _entry_filters(
        query: SearchQuery, categories: list[int] | None = None
    ) -> tuple[list[str], list]:
        """SQL conditions on ``catalog_search_entry e`` for the query's filters
        (``categories``: the category and its descendants, when already looked up)."""
        conds: list[str] = []
        params: list = []
        if query.product_ids is not None:
            conds.append("e.product_id = ANY(%s)")
            params.append(list(query.product_ids))
        if query.regency:
            # a smallint, as the column: the GIN index on (vector, regency) then
            # intersects the words' postings with the kabupaten's (migrations 0017 and 0018)
            conds.append("e.regency = %s::smallint")
            params.append(regency_number(query.regency))
        if query.category is not None:
            conds.append("e.category_id = ANY(%s)")
            params.append(categories or category_with_descendants(query.category))
        if query.seller is not None:
            conds.append("e.seller_id = %s")
            params.append(query.seller)
        if query.zone is not None:
            conds.append("e.zone_id = %s")
            params.append(query.zone)
        if query.certifications:
            mask = certificate_mask(query.certifications)
            conds.append("e.certs & %s = %s")
            params.extend([mask, mask])
        if query.in_stock:
            sql, stock_params = (
                products_in_stock(Product.objects.all()).values("pk").query.sql_with_params()
            )
            conds.append(f"e.product_id IN ({sql})")
            params.extend(stock_params)
        if query.ovop_designated:
            conds.append("e.product_id IN (SELECT id FROM catalog_product WHERE ovop_status = %s)")
            params.append(Product.OvopStatus.DESIGNATED.value)
        if query.price_gte is not None:
            conds.append("e.price >= %s")
            params.append(query.price_gte)
        if query.price_lte is not None:
            conds.append("e.price <= %s")
            params.append(query.price_lte)
        return conds, params

    @staticmethod
    def _counted(query: SearchQuery, words: list[str]) -> bool:
        """Whether the facets can be summed from ``catalog_search_count``: no text, and
        only filters on its columns (kabupaten, category, certificates)."""
        return not words and (
            query.sort not in ("RATING", "BEST_SELLING")  # counters on catalog_product
            and query.product_ids is None
            and query.seller is None
            and query.zone is None
            and not query.in_stock
            and not query.ovop_designated
            and query.price_gte is None
            and query.price_lte is None
        )

    def _run_entries(self, query: SearchQuery, words: list[str], *, any_word: bool):
        """One statement (one round trip) over ``catalog_search_entry``: the page is a
        top-N sort of the matches, the facets one hash aggregate of the same matches by
        (kabupaten, category, price band, certificates), rolled up per facet.
        Without text (and filters only on kabupaten, category, certificates) the page
        comes from an ordered index and the facets from ``catalog_search_count``."""
        categories = (
            category_with_descendants(query.category) if query.category is not None else None
        )
        conds, params = self._entry_filters(query, categories)
        pairs = self._order(query, words)
        bounded = not self._counted(query, words)  # the count table's totals are exact
        stepped: tuple[str, list] | None = None  # a second statement for the page
        if not bounded:
            where = " AND ".join(conds) or "TRUE"
            order = ", ".join(
                f"e.{'product_id' if column == 'id' else column} {direction}"
                for column, direction in pairs
            )
            sums = "sum(e.n)" if query.with_facets else "coalesce(sum(e.n), 0)"
            sets = (
                "GROUP BY GROUPING SETS ((e.regency), (e.category_id), (e.band), (e.certs))"
                if query.with_facets
                else ""
            )
            kind = (
                """CASE WHEN GROUPING(e.regency) = 0 THEN 1 WHEN GROUPING(e.category_id) = 0
                        THEN 2 WHEN GROUPING(e.band) = 0 THEN 3 ELSE 4 END,
                   coalesce(e.regency::bigint, e.category_id, e.band::bigint, e.certs::bigint)"""
                if query.with_facets
                else "1, 0"
            )
            if query.category is None:
                page = f"""SELECT e.product_id AS id FROM catalog_search_entry e WHERE {where}
                            ORDER BY {order} LIMIT %s OFFSET %s"""
                page_params = [*params, query.limit, query.offset]
            else:
                # A category with sub-categories: the first offset+limit rows of each
                # from its ordered index (category, sort column, id), merged - rather
                # than walking the whole name index or sorting the whole category.
                inner_conds, inner_params = self._entry_filters(replace(query, category=None))
                inner_where = " AND ".join(["e.category_id = c.id", *inner_conds])
                columns = ", ".join(
                    f"e.{column}" for column, _d in pairs if column not in ("id", "rank")
                )
                outer = ", ".join(f"x.{column} {direction}" for column, direction in pairs)
                page = f"""SELECT x.id FROM unnest(%s::bigint[]) AS c(id),
                                  LATERAL (SELECT e.product_id AS id, {columns}
                                             FROM catalog_search_entry e
                                            WHERE {inner_where}
                                            ORDER BY {order} LIMIT %s) x
                            ORDER BY {outer} LIMIT %s OFFSET %s"""
                page_params = [
                    categories,
                    *inner_params,
                    query.offset + query.limit,
                    query.limit,
                    query.offset,
                ]
            statement = f"""
                SELECT 0, p.id, row_number() OVER () FROM ({page}) p
                UNION ALL
                SELECT {kind}, {sums} FROM catalog_search_count e
                 WHERE e.n <> 0 AND {where} {sets}
            """
            params = [*page_params, *params]
        else:
            # The candidates: at most COUNT_CAP + 1 matches (the first in the table's
            # order, which is by category), read by the page (relevance: the first
            # RANK_CAP of them ranked, see _ranked_page) and by the counts (grouped by
            # the four facet columns at once, then per facet). A
            # word found in most of the catalogue ("ntt") costs what 10,000 matches
            # cost, at any catalogue size; its total is "10.000+", its page the best of
            # those candidates and its facets count them (an explicit sort pages over
            # every match, below). ``matched`` is planned apart
            # from the LIMIT (a materialised CTE is planned to be read whole: the GIN
            # bitmap scan; a plain LIMIT made the planner scan the table sequentially,
            # hoping for early matches) and read lazily, so the LIMIT stops its heap
            # reads. Its two readers (the page and the counts) each take the first
            # COUNT_CAP + 1 rows of the one materialisation (``cand``): copying them into a
            # second CTE cost about a tenth of a 10,000-match search.
            columns = ["e.product_id AS id", "e.facet"]
            if words:
                match, rank = text_tsqueries(words, any_word=any_word)
                conds.append(f"e.vector @@ to_tsquery('{TS_CONFIG}', %s)")
                params.append(match)
            relevance = pairs[0][0] == "rank"
            if relevance:
                columns.append("e.ctid AS row")  # the page re-reads its candidates by row
            for column, _direction in pairs:
                if column == "rating":
                    # the review counters live on catalog_product (orders.reviews moves them)
                    columns.append(
                        "(SELECT p.rating_sum::float8 / NULLIF(p.rating_count, 0)"
                        " FROM catalog_product p WHERE p.id = e.product_id) AS rating"
                    )
                elif column == "units_sold":  # one primary-key lookup per match
                    columns.append(
                        "(SELECT p.units_sold FROM catalog_product p WHERE p.id = e.product_id)"
                        " AS units_sold"
                    )
                elif not relevance and column != "id":
                    columns.append(f"e.{column}")
            where = " AND ".join(conds) or "TRUE"
            cand = f"(SELECT * FROM matched LIMIT {COUNT_CAP + 1})"
            page_params: list = [
                query.limit if query.with_total or query.with_facets else query.limit + 1,
                query.offset,
            ]
            if relevance:
                # Relevance ranks a bounded candidate set: the first RANK_CAP matches
                # (ts_rank reads the whole stored vector: ranking all 10,000 candidates
                # of "madu" cost a quarter of the search), re-read by their row address;
                # a page beyond them continues with the next candidates, by name.
                page = self._ranked_page(query, pairs)
                page_params = [rank, *page_params]
            else:
                # An explicit order (name, price, newest, rating, best selling) sorts
                # every match, so "termurah" is the cheapest of all: a top-N sort. (A
                # walk of the column's ordered index, testing each row against the words,
                # was tried: prices follow categories, so "tenun" by price walked 12,000
                # cheaper rows and "rumput laut", highest first, 60,000.)
                order = ", ".join(f"c.{column} {direction}" for column, direction in pairs)
                page = f"SELECT c.id FROM matched c ORDER BY {order} LIMIT %s OFFSET %s"
                if words and pairs[0][0] == "price" and ":*" not in match:
                    # Past the cap the cheapest (or dearest) come from the price steps
                    # the page needs, not from a sort of every match: this statement
                    # sorts only up to the cap (a one-time filter on the candidates'
                    # count) and says the count; past it a second one walks the steps.
                    # (A prefix of a word being typed is left out: the index lists
                    # every word it begins on each step again.)
                    page = f"""SELECT c.id FROM matched c
                                WHERE (SELECT sum(g.n) FROM grouped g) <= {COUNT_CAP}
                                ORDER BY {order} LIMIT %s OFFSET %s"""
                    stepped = self._stepped_price_page(query, where, params, page_params[0])
            if query.with_facets:
                # grouped once by the packed facet key (a few hundred groups), then
                # rolled up per facet over those groups
                grouped = f"SELECT c.facet, count(*) AS n FROM {cand} c GROUP BY c.facet"
                regency, category, band, certs = (f"(g.facet {part})" for part in FACET_KEY_PARTS)
                counts = f"""SELECT CASE WHEN GROUPING({regency}) = 0 THEN 1
                                       WHEN GROUPING({category}) = 0 THEN 2
                                       WHEN GROUPING({band}) = 0 THEN 3 ELSE 4 END,
                                  coalesce({regency}, {category}, {band}, {certs}),
                                  sum(g.n)::bigint
                             FROM grouped g
                            GROUP BY GROUPING SETS (({regency}), ({category}), ({band}),
                                                    ({certs}))"""
            else:
                grouped = f"SELECT 0::bigint AS facet, count(*) AS n FROM {cand} c"
                counts = "SELECT 1, 0, sum(g.n)::bigint FROM grouped g"
            # ``grouped`` is computed once, when first read (by the price page's choice
            # or by the counts), and not at all when nothing reads it
            statement = f"""
                WITH matched AS MATERIALIZED (
                         SELECT {", ".join(columns)} FROM catalog_search_entry e
                          WHERE {where}),
                     grouped AS MATERIALIZED ({grouped})
                SELECT 0, p.id, row_number() OVER () FROM ({page}) p
            """
            params = [*params, *page_params]
            if query.with_total or query.with_facets:
                statement += f" UNION ALL {counts}"
            if stepped:
                statement += " UNION ALL SELECT 5, 0, sum(g.n)::bigint FROM grouped g"
        rows: dict[int, dict[int, int]] = {0: {}, 1: {}, 2: {}, 3: {}, 4: {}, 5: {}}
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            for kind, key, n in cursor.fetchall():
                rows[kind][key] = n
            if stepped and sum(rows[5].values()) > COUNT_CAP:
                cursor.execute(*stepped)
                rows[0] = {product_id: i for i, (product_id,) in enumerate(cursor.fetchall())}
        ids = sorted(rows[0], key=rows[0].__getitem__)
        if not rows[1] and not query.with_total and not query.with_facets:
            # no count asked: the total only says whether a next page exists
            total = query.offset + len(ids)
            ids = ids[: query.limit]
        else:
            total = sum(rows[1].values())
        capped = bounded and total > COUNT_CAP
        if capped:
            total = COUNT_CAP
        if not query.with_facets:
            return ids, total, empty_facets(), capped
        certificate: dict[str, int] = {}
        for mask, n in rows[4].items():
            for bit, cert_type in enumerate(CERTIFICATE_BITS):
                if mask & (1 << bit):
                    certificate[cert_type] = certificate.get(cert_type, 0) + n
        cap = COUNT_CAP if capped else None
        return (
            ids,
            total,
            build_facets(
                regency={regency_code(k): _capped(n, cap) for k, n in rows[1].items()},
                category={str(k): _capped(n, cap) for k, n in rows[2].items()},
                price={band_key(k): _capped(n, cap) for k, n in rows[3].items()},
                certificate={k: _capped(n, cap) for k, n in certificate.items()},
            ),
            capped,
        )

    @staticmethod
    def _stepped_price_page(
        query: SearchQuery, where: str, where_params: list, limit: int
    ) -> tuple[str, list]:
        """The statement and parameters of a price page of a text search over
        ``catalog_search_entry e`` (``where``: its words and filters), walking the
        price steps (``price_steps``) from the cheapest, or the dearest when
        descending, then the products without a price. Each step's matches come from
        the GIN index on (vector, regency, price step), sorted and cut to offset +
        limit; the walk (a recursive query, one step a round) stops at the step that
        fills the page, so a common phrase reads the matches of a few steps instead of
        all of them, and the page is the same as sorting every match: a step holds a
        range of prices, in order.

        Each step is sorted by ``price + 0``: sorted by the column itself, the planner
        walked the price index testing every row (765,000 rows a step for "kopi" at a
        million products). ``OFFSET 0`` keeps a step's ids one value: inlined, the
        step was read twice (once for the ids, once for their count). A lateral join
        of the steps under an incremental sort gave the same pages but read the step
        after a full page too (to see where its group ended): at a million products
        "kopi" by price 4.6 -> 2.1 ms, "rumput laut" highest first 18 -> 15 ms."""
        direction = "DESC" if query.descending else "ASC"
        step = price_step_sql("e.price")
        lowest, highest = (price_step_sql(f"{f}(e.price)", no_price="NULL") for f in ("min", "max"))
        # the steps of a price filter bound the walk (no step outside them can match)
        if query.price_gte is not None:
            lowest = f"greatest({lowest}, {price_step(query.price_gte)})"
        if query.price_lte is not None:
            highest = f"least({highest}, {price_step(query.price_lte)})"
        series = "b.lo, b.hi" if direction == "ASC" else "b.hi, b.lo, -1"
        wanted = query.offset + limit
        sql = f"""
            WITH RECURSIVE walk (ord, got, ids, steps) AS (
                SELECT 0, 0, ARRAY[]::bigint[],
                       ARRAY(SELECT generate_series({series})
                               FROM (SELECT {lowest} AS lo, {highest} AS hi
                                       FROM catalog_search_entry e) b) || {NO_PRICE_STEP}
              UNION ALL
                SELECT w.ord + 1, w.got + cardinality(p.ids), p.ids, w.steps
                  FROM walk w,
                       LATERAL (SELECT ARRAY(
                                    SELECT e.product_id FROM catalog_search_entry e
                                     WHERE {where} AND {step} = w.steps[w.ord + 1]
                                     ORDER BY e.price + 0 {direction} NULLS LAST, e.product_id
                                     LIMIT %s) AS ids
                                OFFSET 0) p
                 WHERE w.got < %s AND w.ord < cardinality(w.steps))
            SELECT u.id FROM walk w, unnest(w.ids) WITH ORDINALITY AS u(id, k)
             ORDER BY w.ord, u.k LIMIT %s OFFSET %s"""
        return sql, [*where_params, wanted, wanted, limit, query.offset]

    @staticmethod
    def _ranked_page(query: SearchQuery, pairs: list[tuple[str, str]]) -> str:
        """The page of a relevance search over ``matched``: the first RANK_CAP candidates
        by rank (then name, id), then - for a page that reaches past them - the next
        candidates by name (then id). Its parameters: the rank tsquery, limit, offset."""
        direction = pairs[0][1]
        ranked_cap = min(RANK_CAP, COUNT_CAP + 1)  # never more than the candidates
        ranked = f"""SELECT e.product_id AS id, 0 AS tier,
                            ts_rank(e.vector, to_tsquery('{TS_CONFIG}', %s)) AS rank,
                            e.name
                       FROM catalog_search_entry e
                      WHERE e.ctid = ANY(ARRAY(SELECT row FROM matched LIMIT {ranked_cap}))"""
        if query.offset + query.limit <= ranked_cap or ranked_cap == COUNT_CAP + 1:
            return f"""SELECT x.id FROM ({ranked}) x
                        ORDER BY x.rank {direction}, x.name, x.id LIMIT %s OFFSET %s"""
        rest = f"""SELECT e.product_id, 1, NULL, e.name
                     FROM catalog_search_entry e
                    WHERE e.ctid = ANY(ARRAY(SELECT row FROM matched
                                             OFFSET {ranked_cap} LIMIT {COUNT_CAP + 1 - ranked_cap}))"""
        return f"""SELECT x.id FROM ({ranked} UNION ALL {rest}) x
                    ORDER BY x.tier, x.rank {direction}, x.name, x.id LIMIT %s OFFSET %s"""

    def _run_plain(self, qs, query: SearchQuery, words: list[str]):
        """SQLite: page with the ORM, count the facets in Python (a small catalogue)."""
        rows = list(self._rows(qs, words))
        order = self._order(query, words)

        for column, direction in reversed(order):
            none_last = [r for r in rows if r[column] is None]
            present = [r for r in rows if r[column] is not None]
            present.sort(key=lambda r, c=column: r[c], reverse=direction.startswith("DESC"))
            rows = present + none_last
        ids = [r["id"] for r in rows[query.offset : query.offset + query.limit]]
        if not query.with_facets:
            return ids, len(rows), empty_facets()
        regency: dict[str, int] = {}
        category: dict[str, int] = {}
        price: dict[str, int] = {}
        certificate: dict[str, int] = {}
        for r in rows:
            regency[r["reg"]] = regency.get(r["reg"], 0) + 1
            category[str(r["cat"])] = category.get(str(r["cat"]), 0) + 1
            band = band_key(r["band"])
            price[band] = price.get(band, 0) + 1
            for c in r["search_certificates"].split():
                certificate[c] = certificate.get(c, 0) + 1
        return (
            ids,
            len(rows),
            build_facets(regency=regency, category=category, certificate=certificate, price=price),
        )

    def suggest(self, text: str, limit: int) -> list[str]:
        """Return visible product names that complete or resemble ``text``."""
        qs = products_visible()
        if not is_postgres():
            names = qs.filter(name__icontains=text).order_by("name").values_list("name", flat=True)
            return list(dict.fromkeys(names[: limit * 3]))[:limit]
        words = query_words(text)
        if not words:
            return []
        match, rank = text_tsqueries(words, any_word=False)
        with connection.cursor() as cursor:
            cursor.execute(
                f"""SELECT e.name FROM catalog_search_entry e
                     WHERE e.vector @@ to_tsquery('{TS_CONFIG}', %s)
                     GROUP BY e.name
                     ORDER BY max(ts_rank(e.vector, to_tsquery('{TS_CONFIG}', %s))) DESC, e.name
                     LIMIT %s""",
                [match, rank, limit],
            )
            return [name for (name,) in cursor.fetchall()]

    def index(self, product_ids: list[int]) -> None:
        index_products(product_ids)


_SPELLING_SQL = """
SELECT q.w,
       EXISTS (SELECT 1 FROM catalog_search_word s
                WHERE s.word >= q.w COLLATE "C"
                  AND s.word < (q.w || chr(1114111)) COLLATE "C"),
       (SELECT s.word FROM catalog_search_word s
         WHERE similarity(s.word, q.w) >= %s
         ORDER BY similarity(s.word, q.w) DESC, s.word
         LIMIT 1)
  FROM unnest(%s::text[]) WITH ORDINALITY AS q(w, i)
 ORDER BY q.i
"""
SPELLING_MIN_SIMILARITY = 0.25


def spelling_suggestion(text: str) -> str:
    """The query with each unknown word replaced by the nearest known one ("" if none).

    Known words are those of visible products' names, categories and places
    (``catalog_search_word``); a word that begins one of them is kept. For the
    "Mungkin maksud Anda: Bajawa?" line of an empty result page.
    """
    words = query_words(text)
    if not words or not is_postgres():
        return ""
    with connection.cursor() as cursor:
        cursor.execute(_SPELLING_SQL, [SPELLING_MIN_SIMILARITY, words])
        rows = cursor.fetchall()
    fixed = [w if known or not nearest else nearest for w, known, nearest in rows]
    return " ".join(fixed) if fixed != words else ""
