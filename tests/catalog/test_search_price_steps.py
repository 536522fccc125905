"""A text search sorted by price past the count cap walks the price steps of the text
index (migration catalog 0018) instead of sorting every match, and gives exactly the
order of sorting them all: cheapest (or dearest) first, ties by id, no price last."""

import importlib
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

import catalog.search.database as database
from catalog.models import Product, ProductVariant
from catalog.search import SearchQuery, search_products
from catalog.search.price_steps import (
    MAX_PRICE,
    NO_PRICE_STEP,
    THRESHOLDS,
    price_step,
    price_step_sql,
)
from tests.catalog.search_corpus import build_corpus, explain_search

pytestmark = pytest.mark.django_db

# Around the first thresholds (Rp 1.000, 1.050, 1.102), a tie, the largest prices.
EXTRA_PRICES = [999, 1_000, 1_049, 1_050, 1_101, 1_102, 50_000, 50_000, 2_000_000_000, None]


@pytest.fixture
def kopi(settings):
    """The corpus plus ten "Kopi uji" products priced on the step edges (one without a
    variant: no price); returns every product "kopi" matches, as (id, price)."""
    settings.ELASTICSEARCH_URL = ""
    corpus = build_corpus()
    seller = corpus.sellers["53.05"]
    category = corpus.categories["kopi"]
    for i, price in enumerate(EXTRA_PRICES):
        product = Product.objects.create(
            seller=seller,
            category=category,
            name=f"Kopi uji {i}",
            slug=f"kopi-uji-{i}",
            description="Kopi uji harga.",
            origin_village=seller.village,
            is_published=True,
        )
        if price is not None:
            ProductVariant.objects.create(product=product, sku=f"UJI-{i}", price=price)
    database.index_products(list(Product.objects.values_list("pk", flat=True)))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT product_id, price FROM catalog_search_entry"
            " WHERE vector @@ to_tsquery('indonesian', %s)",
            [database.text_tsqueries(["kopi"], any_word=False)[0]],
        )
        rows = cursor.fetchall()
    assert len(rows) == 2 + len(EXTRA_PRICES)
    return rows


def by_price(rows, *, descending: bool) -> list[int]:
    priced = sorted((r for r in rows if r[1] is not None), key=lambda r: r[0])
    priced.sort(key=lambda r: r[1], reverse=descending)
    unpriced = sorted(r[0] for r in rows if r[1] is None)
    return [r[0] for r in priced] + unpriced


def test_a_price_sits_in_the_step_of_the_highest_threshold_it_reaches():
    assert THRESHOLDS[:3] == (1_000, 1_050, 1_102)
    assert all(b == a + a // 20 for a, b in itertools.pairwise(THRESHOLDS))
    assert THRESHOLDS[-1] <= MAX_PRICE < THRESHOLDS[-1] + THRESHOLDS[-1] // 20
    assert [price_step(p) for p in (-5, 0, 999, 1_000, 1_049, 1_050, 1_101, 1_102)] == [
        0,
        0,
        0,
        1,
        1,
        2,
        2,
        3,
    ]
    assert price_step(THRESHOLDS[-1] - 1) == len(THRESHOLDS) - 1
    assert price_step(MAX_PRICE) == len(THRESHOLDS)
    assert price_step(None) == NO_PRICE_STEP


def test_postgresql_gives_each_price_the_same_step_as_python():
    prices = [-5, 0, 999, 1_000, 1_049, 1_050, 50_000, 2_000_000_000, MAX_PRICE, None]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {price_step_sql('p')} FROM unnest(%s::integer[]) WITH ORDINALITY"
            " AS t(p, i) ORDER BY i",
            [prices],
        )
        assert [step for (step,) in cursor.fetchall()] == [price_step(p) for p in prices]


def test_the_query_writes_the_step_as_the_index_does():
    """The planner uses the index only for the very same expression."""
    migration = importlib.import_module("catalog.migrations.0018_search_entry_price_step")
    assert price_step_sql("price") == migration.PRICE_STEP
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes"
            " WHERE indexname = 'catalog_search_entry_vector_regency_step'"
        )
        (definition,) = cursor.fetchone()
    assert "gin (vector, regency, COALESCE(width_bucket(price, '{1000,1050,1102," in definition


@pytest.mark.parametrize("descending", [False, True], ids=["cheapest", "dearest"])
@pytest.mark.parametrize("cap", [2, 10_000], ids=["past-the-cap", "within-the-cap"])
def test_every_page_of_a_price_order_is_the_order_of_sorting_every_match(
    kopi, monkeypatch, cap, descending
):
    """Past the cap the steps are walked, within it every match is sorted: both give
    each page of the one order, the ties at Rp 50.000 by id and the product without a
    price last, whichever the direction."""
    monkeypatch.setattr(database, "COUNT_CAP", cap)
    expected = by_price(kopi, descending=descending)
    for limit in (1, 3, len(expected)):
        pages = [
            search_products(
                SearchQuery(
                    text="kopi", sort="PRICE", descending=descending, limit=limit, offset=offset
                )
            ).ids
            for offset in range(0, len(expected), limit)
        ]
        assert [i for page in pages for i in page] == expected, limit
    past_the_end = SearchQuery(text="kopi", sort="PRICE", offset=len(expected))
    assert search_products(past_the_end).ids == []


@pytest.mark.parametrize("cap", [2, 10_000], ids=["past-the-cap", "within-the-cap"])
def test_a_price_order_keeps_its_filters_and_asks_for_no_count(kopi, monkeypatch, cap):
    monkeypatch.setattr(database, "COUNT_CAP", cap)
    rows = [r for r in kopi if r[1] is not None and 1_000 <= r[1] <= 60_000]
    query = SearchQuery(text="kopi", sort="PRICE", price_gte=1_000, price_lte=60_000)
    assert search_products(query).ids == by_price(rows, descending=False)
    bare = SearchQuery(text="kopi", sort="PRICE", limit=4, with_total=False, with_facets=False)
    assert search_products(bare).ids == by_price(kopi, descending=False)[:4]


STEPS = "WITH RECURSIVE walk"  # in the statement that walks the steps


def statements(query: SearchQuery) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        search_products(query)
    return [q["sql"] for q in captured.captured_queries]


def step_rounds(plan: list[str]) -> str:
    """The plan row of the sort of one step's matches (by ``price + 0``): its loops are
    the steps the walk asked. Found by its sort key, not by the table's alias, which
    the planner numbers by plan shape (the catalogue's min/max price read from the
    price index takes ``e_1`` itself)."""
    key = next(i for i, row in enumerate(plan) if "Sort Key: ((e" in row and "price + 0" in row)
    return plan[key - 1]


def test_past_the_cap_the_page_reads_the_steps_from_the_text_index(kopi, monkeypatch):
    """The page past the cap asks the GIN index for the words and one step at a time
    (a recursive walk, each step's ids read once)."""
    monkeypatch.setattr(database, "COUNT_CAP", 2)
    # a small table: leave the planner only the bitmap scans of the GIN index
    plan = "\n".join(
        explain_search(
            SearchQuery(text="kopi", sort="PRICE"),
            "SET LOCAL enable_seqscan = off",
            "SET LOCAL enable_indexscan = off",
            marker=STEPS,
        )
    )
    assert "Bitmap Index Scan on catalog_search_entry_vector_regency_step" in plan, plan
    assert "COALESCE(width_bucket(price," in plan, plan
    assert "Recursive Union" in plan, plan
    assert plan.count("Bitmap Index Scan on catalog_search_entry_vector_regency_step") == 1, plan


def test_the_migration_goes_back_to_the_two_column_index_and_forward_again():
    migration = importlib.import_module("catalog.migrations.0018_search_entry_price_step")

    def text_indexes() -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'catalog_search_entry'"
                " AND indexdef LIKE '%USING gin%'"
            )
            return {name for (name,) in cursor.fetchall()}

    assert text_indexes() == {"catalog_search_entry_vector_regency_step"}
    with connection.cursor() as cursor:
        for sql in migration.BACKWARD:
            cursor.execute(sql)
        assert text_indexes() == {"catalog_search_entry_vector_regency"}
        for sql in migration.FORWARD:
            cursor.execute(sql)
    assert text_indexes() == {"catalog_search_entry_vector_regency_step"}


@pytest.mark.parametrize(
    ("cap", "stepped"), [(11, True), (12, False)], ids=["one-past", "at-the-cap"]
)
def test_the_steps_are_walked_only_when_the_matches_pass_the_cap(kopi, monkeypatch, cap, stepped):
    """Twelve matches: a cap of 11 walks the steps (a second statement), a cap of 12
    (exactly the matches) sorts them all in the one statement."""
    monkeypatch.setattr(database, "COUNT_CAP", cap)
    query = SearchQuery(text="kopi", sort="PRICE")
    ran = statements(query)
    assert sum("matched AS" in sql for sql in ran) == 1
    assert sum(STEPS in sql for sql in ran) == stepped
    assert search_products(query).ids == by_price(kopi, descending=False)


def test_a_word_still_being_typed_is_sorted_whole(kopi, monkeypatch):
    """A prefix ("kop") would list every word it begins again on each step: its
    matches are sorted whole, in the same order."""
    monkeypatch.setattr(database, "COUNT_CAP", 2)
    query = SearchQuery(text="kop", sort="PRICE")
    ran = statements(query)
    assert ":*" in " ".join(ran)
    assert not any(STEPS in sql for sql in ran)
    assert search_products(query).ids == by_price(kopi, descending=False)


def test_a_price_filter_bounds_the_steps_walked(kopi, monkeypatch):
    """Rp 1.050-1.102 walks steps 2 and 3 (then the no-price step), not the ~300 steps
    between the catalogue's cheapest and dearest."""
    monkeypatch.setattr(database, "COUNT_CAP", 2)
    query = SearchQuery(text="kopi", sort="PRICE", price_gte=1_050, price_lte=1_102)
    result = search_products(query)
    assert result.ids == by_price(
        [r for r in kopi if r[1] is not None and 1_050 <= r[1] <= 1_102], descending=False
    )
    assert len(result.ids) == 3
    plan = explain_search(query, analyze=True, marker=STEPS)
    # the walk's rounds: one per step asked
    assert "loops=3)" in step_rounds(plan), plan


def test_the_walk_ends_at_the_step_that_fills_the_page(kopi, monkeypatch):
    """Rp 999 (step 0), then Rp 1.000 and 1.049 (step 1) fill a page of three: two
    steps asked, not the third."""
    monkeypatch.setattr(database, "COUNT_CAP", 2)
    query = SearchQuery(text="kopi", sort="PRICE", limit=3)
    assert search_products(query).ids == by_price(kopi, descending=False)[:3]
    plan = explain_search(query, analyze=True, marker=STEPS)
    assert "loops=2)" in step_rounds(plan), plan
