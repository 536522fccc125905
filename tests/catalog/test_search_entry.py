"""catalog_search_entry (the narrow table of visible products the PostgreSQL search reads)
stays exact: database triggers follow every product and seller change, and its counts
equal a plain count over catalog.selectors.products_visible()."""

import importlib

import pytest
from django.db import connection

from catalog.models import CertificateType, Product
from catalog.search import SearchQuery, search_products
from catalog.search.common import PRICE_BANDS, band_key, price_band
from catalog.search.database import CERTIFICATE_BITS, FACET_KEY_PARTS, DatabaseBackend
from catalog.selectors import products_visible
from sellers.models import Seller
from tests.catalog.search_corpus import build_corpus, explain_search, village_in

pytestmark = pytest.mark.django_db

migration = importlib.import_module("catalog.migrations.0004_search_entry")


@pytest.fixture
def corpus(settings):
    settings.ELASTICSEARCH_URL = ""
    return build_corpus()


def entries() -> dict[int, tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT product_id, regency, category_id, band, certs, price, name"
            " FROM catalog_search_entry"
        )
        return {row[0]: row[1:] for row in cursor.fetchall()}


def test_certificate_bits_and_price_bands_match_the_migration_and_the_models():
    assert list(CERTIFICATE_BITS) == migration.CERTIFICATE_TYPES == list(CertificateType.values)
    assert [high for _key, _low, high in PRICE_BANDS if high] == migration.PRICE_BANDS


def test_the_table_holds_exactly_the_visible_products_with_their_stored_fields(corpus):
    rows = entries()
    visible = products_visible()
    assert set(rows) == set(visible.values_list("pk", flat=True))
    bajawa = Product.objects.get(pk=corpus.products["Kopi Arabika Flores Bajawa"].pk)
    regency, category, band, certs, price, name = rows[bajawa.pk]
    assert (regency, category, price, name) == (5309, bajawa.category_id, 85_000, bajawa.name)
    assert band_key(band) == price_band(85_000) == "50K_150K"
    assert {t for i, t in enumerate(CERTIFICATE_BITS) if certs & (1 << i)} == {
        "HALAL",
        "INDIKASI_GEOGRAFIS",
        "PIRT",
    }


def test_the_facet_key_unpacks_to_the_four_facet_columns_and_follows_a_move(corpus):
    """FACET_KEY_PARTS reads back what migration 0015 packs, and the key follows a
    product that moves to another kabupaten."""

    def unpacked() -> dict[int, tuple]:
        parts = ", ".join(f"facet {part}" for part in FACET_KEY_PARTS)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT product_id, regency, category_id, band, certs, {parts}"
                " FROM catalog_search_entry"
            )
            return {row[0]: row[1:] for row in cursor.fetchall()}

    rows = unpacked()
    assert rows
    assert all(row[:4] == row[4:] for row in rows.values())
    madu = corpus.products["Madu hutan Mutis"]
    assert rows[madu.pk][0] != 5309
    Product.objects.filter(pk=madu.pk).update(origin_village=village_in("53.09", ""))
    moved = unpacked()[madu.pk]
    assert moved[0] == moved[4] == 5309
    assert moved[:4] == moved[4:]


def test_rebuilding_the_table_with_the_facet_key_keeps_rows_indexes_and_triggers(corpus):
    """Migration 0015 rebuilds a filled table: the same rows, every index of 0004, and
    the count triggers still following a product that leaves."""
    rebuild = importlib.import_module("catalog.migrations.0015_search_entry_facet_key")

    def indexes() -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'catalog_search_entry'"
            )
            return {name for (name,) in cursor.fetchall()}

    later = [
        importlib.import_module(f"catalog.migrations.{name}")
        for name in ("0017_search_entry_vector_regency", "0018_search_entry_price_step")
    ]
    before, names = entries(), indexes()
    with connection.cursor() as cursor:
        # as a migrate from before 0015 runs
        for sql in (*rebuild.FORWARD, *(sql for module in later for sql in module.FORWARD)):
            cursor.execute(sql)
    assert entries() == before
    assert indexes() == names
    assert len(names) == 11
    madu = corpus.products["Madu hutan Mutis"]
    Product.objects.filter(pk=madu.pk).update(is_published=False)
    assert madu.pk not in entries()
    assert search_products(SearchQuery()).total == len(before) - 1


def test_the_facet_key_parts_keep_the_widest_values_apart():
    """Every certificate bit, the highest band (4: no price), a category id of
    2^31 - 1 and the highest kabupaten number unpack without spilling into each other."""
    widest = 9471 << 48 | (2**31 - 1) << 16 | 4 << 12 | 1023
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT " + ", ".join(f"%s::bigint {part}" for part in FACET_KEY_PARTS),
            [widest] * len(FACET_KEY_PARTS),
        )
        assert cursor.fetchone() == (9471, 2**31 - 1, 4, 1023)


def test_triggers_follow_unpublishing_suspension_reactivation_and_deletion(corpus):
    madu = corpus.products["Madu hutan Mutis"]
    Product.objects.filter(pk=madu.pk).update(is_published=False)
    assert madu.pk not in entries()
    Product.objects.filter(pk=madu.pk).update(is_published=True)
    assert madu.pk in entries()

    alor = corpus.sellers["53.05"]
    alor_products = set(Product.objects.filter(seller=alor).values_list("pk", flat=True))
    Seller.objects.filter(pk=alor.pk).update(status=Seller.Status.SUSPENDED)
    assert not alor_products & set(entries())
    Seller.objects.filter(pk=alor.pk).update(status=Seller.Status.ACTIVE)
    assert alor_products <= set(entries())

    jagung = corpus.products["Jagung bose"]
    jagung.variants.all().delete()
    Product.objects.filter(pk=jagung.pk).delete()
    assert jagung.pk not in entries()
    assert set(entries()) == set(products_visible().values_list("pk", flat=True))


def test_a_moved_product_is_counted_in_its_new_category_at_once(corpus):
    garam = corpus.products["Garam SoE (iodised)"]
    coffee = corpus.products["Kopi Arabika Flores Bajawa"].category
    Product.objects.filter(pk=garam.pk).update(category=coffee)
    result = search_products(SearchQuery(category=coffee.pk))
    assert garam.pk in result.ids
    assert sum(f.count for f in result.facets["category"]) == result.total == 3


FILTERED = [
    SearchQuery(),
    SearchQuery(regency="53.05"),
    SearchQuery(certifications=("PIRT",)),
    SearchQuery(certifications=("PIRT", "HALAL"), price_lte=100_000),
    SearchQuery(price_gte=50_000, sort="PRICE", descending=True),
    SearchQuery(sort="CREATED", limit=5, offset=3),
]


@pytest.mark.parametrize("query", FILTERED, ids=range(len(FILTERED)))
def test_pages_and_facets_equal_a_plain_count_of_the_visible_products(corpus, query):
    """The reference: the plain path (ORM over products_visible(), counted in Python)."""
    Product.objects.filter(pk=corpus.products["Vanili Alor"].pk).update(is_published=False)
    fast = search_products(query)
    backend = DatabaseBackend()
    reference_ids, reference_total, reference_facets = backend._run_plain(
        backend.filtered(query), query, []
    )
    assert fast.total == reference_total > 0
    assert fast.ids == reference_ids
    for name in ("regency", "category", "certificate", "price"):
        assert {f.key: f.count for f in fast.facets[name]} == {
            f.key: f.count for f in reference_facets[name]
        }, name


SORTED_TEXT = [
    SearchQuery(text="tenun", sort="PRICE"),
    SearchQuery(text="tenun", sort="PRICE", descending=True, limit=2, offset=1),
    SearchQuery(text="kopi", sort="NAME", limit=1, offset=1),
    SearchQuery(text="kopi", sort="CREATED", descending=True),
    SearchQuery(text="tenun", sort="PRICE", regency="53.09"),
    SearchQuery(text="tenun", sort="NAME", certifications=("INDIKASI_GEOGRAFIS",)),
]


@pytest.mark.parametrize("query", SORTED_TEXT, ids=range(len(SORTED_TEXT)))
def test_a_text_search_in_an_explicit_order_pages_every_match_in_that_order(corpus, query):
    """An explicit order sorts every match (not only the ranked candidates): the same
    ids, in the same order, as the plain path."""
    backend = DatabaseBackend()
    fast = search_products(query)
    ids, total, _facets = backend._run_plain(
        backend.matched(backend.filtered(query), [query.text], any_word=False), query, []
    )
    assert fast.total == total > 0
    assert fast.ids == ids


def test_seller_zone_and_stock_filters_follow_the_seller_and_equal_the_plain_count(corpus):
    from sellers.models import Zone

    alor = corpus.sellers["53.05"]
    zone = Zone.objects.create(
        regency_id="53.05", name="Zona tenun Alor", slug="zona-tenun-alor", commodity="tenun"
    )
    Seller.objects.filter(pk=alor.pk).update(zone=zone)  # the trigger re-derives zone_id
    backend = DatabaseBackend()
    for query in (
        SearchQuery(zone=zone.pk),
        SearchQuery(seller=corpus.sellers["53.09"].pk, sort="PRICE"),
        SearchQuery(in_stock=True),
        SearchQuery(text="alor", zone=zone.pk),
    ):
        fast = search_products(query)
        ids, total, _facets = backend._run_plain(
            backend.matched(backend.filtered(query), [query.text], any_word=False)
            if query.text
            else backend.filtered(query),
            query,
            [],
        )
        assert fast.total == total, query
        assert sorted(fast.ids) == sorted(ids), query
    assert search_products(SearchQuery(zone=zone.pk)).total == 4


def test_the_rank_weighs_the_typed_word_and_its_corrections_not_its_synonyms(corpus):
    from catalog.search.database import text_tsqueries

    match, rank = text_tsqueries(["coffee"], any_word=False)
    assert "kopi" in match
    assert "arabika" in match
    assert rank == "(coffee)"
    match, rank = text_tsqueries(["kopi", "bjawa"], any_word=False)
    assert "bajawa" in rank
    assert "coffee" not in rank
    # the synonyms still find: "coffee" finds both coffees
    assert search_products(SearchQuery(text="coffee")).total == 2


def test_a_category_page_merges_its_sub_categories_in_every_sort(corpus):
    """A category page takes each sub-category's first rows from its ordered index."""
    from catalog.models import Category

    food = Category.objects.get(slug="pangan-olahan")  # parent of several leaves
    backend = DatabaseBackend()
    for sort, descending in (("NAME", False), ("CREATED", True), ("PRICE", False)):
        for offset in (0, 2, 5):
            query = SearchQuery(
                category=food.pk, sort=sort, descending=descending, offset=offset, limit=3
            )
            fast = search_products(query)
            ids, total, _facets = backend._run_plain(backend.filtered(query), query, [])
            assert (fast.ids, fast.total) == (ids, total), (sort, offset)
    assert search_products(SearchQuery(category=food.pk)).total > 5


def counts() -> dict[tuple, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT regency, category_id, band, certs, sum(n) FROM catalog_search_count"
            " GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0"
        )
        return {row[:4]: row[4] for row in cursor.fetchall()}


def test_count_deltas_sum_to_the_entries_and_compact_to_one_row_per_key(corpus):
    from catalog.search.database import entries_cluster

    def expected():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT regency, category_id, band, certs, count(*) FROM catalog_search_entry"
                " GROUP BY 1, 2, 3, 4"
            )
            return {row[:4]: row[4] for row in cursor.fetchall()}

    madu = corpus.products["Madu hutan Mutis"]
    Product.objects.filter(pk=madu.pk).update(is_published=False)
    Product.objects.filter(pk=madu.pk).update(is_published=True)
    Seller.objects.filter(pk=corpus.sellers["53.05"].pk).update(status=Seller.Status.SUSPENDED)
    assert counts() == expected()
    entries_cluster()
    assert counts() == expected()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM catalog_search_count")
        assert cursor.fetchone()[0] == len(expected())


def _refreshes() -> int:
    """How often this connection ran catalog_search_entry_refresh() (counts not yet
    reported to the statistics collector: compare two readings)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(calls), 0) FROM pg_stat_xact_user_functions"
            " WHERE funcname = 'catalog_search_entry_refresh'"
        )
        return cursor.fetchone()[0]


@pytest.fixture
def counted_functions(corpus):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL track_functions = 'all'")
    return corpus


def test_a_sales_or_rating_counter_leaves_the_entry_alone(counted_functions):
    """A sale moves ``units_sold`` inside the checkout's locked window: the entry is not
    refreshed (a refresh row-locks it, even when nothing changed)."""
    from django.db.models import F

    madu = counted_functions.products["Madu hutan Mutis"]
    before, refreshed = entries()[madu.pk], _refreshes()
    Product.objects.filter(pk=madu.pk).update(
        units_sold=F("units_sold") + 3, rating_count=1, rating_sum=5
    )
    assert _refreshes() == refreshed
    assert entries()[madu.pk] == before


@pytest.mark.parametrize(
    ("column", "value", "position"),
    [("name", "Madu hutan Mutis asli", 5), ("search_price", 600_000, 4)],
)
def test_a_column_of_the_entry_refreshes_it_at_once(counted_functions, column, value, position):
    madu = counted_functions.products["Madu hutan Mutis"]
    refreshed = _refreshes()
    Product.objects.filter(pk=madu.pk).update(**{column: value})
    assert _refreshes() == refreshed + 1
    assert entries()[madu.pk][position] == value


def _alor_candidates() -> list[tuple[int, float, str]]:
    """The matches of "alor" in the table's order: (id, rank, name)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT product_id, ts_rank(vector, to_tsquery('indonesian', 'alor')), name"
            " FROM catalog_search_entry WHERE vector @@ to_tsquery('indonesian', 'alor')"
            " ORDER BY ctid"
        )
        return cursor.fetchall()


def test_relevance_ranks_the_first_candidates_then_pages_on_by_name(corpus, monkeypatch):
    """Only the first RANK_CAP candidates are ranked (ts_rank reads the whole vector);
    pages past them continue with the next candidates by name: every match exactly
    once, in one order across pages."""
    import catalog.search.database as database

    monkeypatch.setattr(database, "RANK_CAP", 2)
    candidates = _alor_candidates()
    assert len(candidates) == 4
    ranked = sorted(candidates[:2], key=lambda c: (-c[1], c[2], c[0]))
    rest = sorted(candidates[2:], key=lambda c: (c[2], c[0]))
    expected = [c[0] for c in ranked + rest]
    pages = [
        search_products(SearchQuery(text="alor", offset=offset, limit=1)).ids for offset in range(4)
    ]
    assert [ids[0] for ids in pages] == expected
    assert search_products(SearchQuery(text="alor", limit=3)).ids == expected[:3]
    assert search_products(SearchQuery(text="alor")).total == 4


def test_relevance_within_the_cap_ranks_every_candidate(corpus):
    candidates = _alor_candidates()
    expected = [c[0] for c in sorted(candidates, key=lambda c: (-c[1], c[2], c[0]))]
    assert search_products(SearchQuery(text="alor")).ids == expected
    worst_first = sorted(candidates, key=lambda c: (c[1], c[2], c[0]))
    assert search_products(SearchQuery(text="alor", descending=True)).ids == [
        c[0] for c in worst_first
    ]


def test_a_text_search_in_a_kabupaten_asks_the_text_index_for_both(corpus):
    """The kabupaten is compared as a smallint, so the GIN index on (vector, regency,
    price step) (migrations 0017, 0018) takes both conditions: it intersects the words'
    postings with the kabupaten's instead of listing every match of the words."""
    query = SearchQuery(text="madu hutan", regency="53.02")
    assert search_products(query).ids == corpus.ids("Madu hutan Mutis")
    # 22 rows: every path costs nothing, so leave the planner only the bitmap scans
    # of the GIN index (the test's transaction rolls the drops back)
    plan = "\n".join(
        explain_search(
            query,
            "SET LOCAL enable_seqscan = off",
            "SET LOCAL enable_indexscan = off",
            "DROP INDEX catalog_search_entry_regency, catalog_search_entry_category",
        )
    )
    assert "catalog_search_entry_vector_regency_step" in plan, plan
    assert "AND (regency = '5302'::smallint))" in plan, plan
