"""Synonym groups folded into the index: each product's vector carries one token per
synonym group it matches, and once every product was indexed with the current list
a search matches a word's group by that one token instead of the union of the
group's terms - with the very same results."""

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

from catalog.models import Product
from catalog.search import SearchQuery, search_products
from catalog.search.database import (
    SYNONYMS_STATE_KEY,
    query_lookup,
    synonyms_indexed_record,
    synonyms_indexed_version,
    synonyms_refold,
    text_tsqueries,
)
from catalog.search.tasks import search_synonyms_refold
from catalog.search.text import synonym_groups, synonym_token, synonym_tokens_of, synonyms_version
from tests.catalog.search_corpus import build_corpus

pytestmark = pytest.mark.django_db

KOPI = synonym_token(next(g for g in synonym_groups() if "kopi" in g))
MADU = synonym_token(next(g for g in synonym_groups() if "madu" in g))
SEI = synonym_token(next(g for g in synonym_groups() if "sei" in g))
SAPI = synonym_token(next(g for g in synonym_groups() if "sapi" in g))


@pytest.fixture
def corpus(settings):
    settings.ELASTICSEARCH_URL = ""
    return build_corpus()


def tokens_of(product: Product) -> set[str]:
    """The synonym tokens in the product's stored vector and in its search entry."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT array(SELECT unnest(tsvector_to_array(p.search_vector))),
                      array(SELECT unnest(tsvector_to_array(e.vector)))
                 FROM catalog_product p JOIN catalog_search_entry e ON e.product_id = p.id
                WHERE p.id = %s""",
            [product.pk],
        )
        stored, entry = cursor.fetchone()
    assert {w for w in stored if w.startswith("zsyn")} == {w for w in entry if w.startswith("zsyn")}
    return {w for w in stored if w.startswith("zsyn")}


def unfolded() -> None:
    """As after a deploy that edited the synonym list: no vector is known to carry it."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM catalog_search_state")
    cache.delete(SYNONYMS_STATE_KEY)


def test_a_token_is_one_parser_word_no_stemmer_changes_and_names_its_group():
    tokens = [synonym_token(group) for group in synonym_groups()]
    assert len(set(tokens)) == len(tokens)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT array_agg(to_tsquery('indonesian', t)::text) FROM unnest(%s::text[]) t",
            [tokens],
        )
        assert cursor.fetchone()[0] == [f"'{t}'" for t in tokens]
    assert synonym_token(("kopi", "coffee")) != synonym_token(("kopi", "coffee", "robusta"))
    assert synonym_tokens_of("coffee") == synonym_tokens_of("robusta") == [KOPI]
    assert synonym_tokens_of("bajawa") == []


def test_indexing_adds_the_token_of_every_group_whose_term_or_phrase_the_product_holds(corpus):
    assert tokens_of(corpus.products["Kopi Arabika Flores Bajawa"]) == {KOPI}
    assert tokens_of(corpus.products["Madu hutan Mutis"]) == {MADU}
    # "Se'i sapi": se'i's group (the phrase "se i") and sapi's (beef)
    assert tokens_of(corpus.products["Se'i sapi"]) == {SEI, SAPI}
    assert tokens_of(corpus.products["Garam SoE (iodised)"]).isdisjoint({KOPI, MADU, SEI})


def test_a_phrase_synonym_gives_its_token_only_to_its_words_in_a_row(corpus):
    product = corpus.products["Jagung bose"]
    Product.objects.filter(pk=product.pk).update(
        name="Daging sapi asap", description="Daging dari sapi, diasap."
    )
    from catalog.search.database import index_products

    index_products([product.pk])
    assert SEI not in tokens_of(product)  # "daging sapi asap": not "daging asap"
    Product.objects.filter(pk=product.pk).update(name="Daging asap Kupang")
    index_products([product.pk])
    assert SEI in tokens_of(product)


def test_searches_match_by_token_only_once_every_product_carries_this_list(corpus):
    unfolded()
    assert query_lookup(["coffee"]).folded is False
    match, _rank = text_tsqueries(["coffee"], any_word=False)
    assert match == "((coffee) | (kopi) | (arabika) | (arabica) | (robusta))"
    synonyms_indexed_record()
    assert synonyms_indexed_version() == synonyms_version()
    assert query_lookup(["coffee"]).folded is True
    match, rank = text_tsqueries(["coffee"], any_word=False)
    assert match == f"({KOPI})"  # "coffee" is a whole indexed word: the token stands for it
    assert rank == "(coffee)"  # the rank still weighs the typed word
    # a word no product holds whole ("robusta") keeps its prefix beside the token
    match, _rank = text_tsqueries(["robusta"], any_word=False)
    assert match == f"((robusta:*) | ({KOPI}))"
    match, _rank = text_tsqueries(["kop"], any_word=False)
    assert match == "(kop:*)"  # "kop" is no group's term: no token


QUERIES = [
    SearchQuery(text="coffee"),
    SearchQuery(text="kopi"),
    SearchQuery(text="kopi bajawa"),
    SearchQuery(text="robusta arabika"),
    SearchQuery(text="honey"),
    SearchQuery(text="madu hutan"),
    SearchQuery(text="weaving"),
    SearchQuery(text="tenun ikat sika"),
    SearchQuery(text="sei"),
    SearchQuery(text="arak"),
    SearchQuery(text="beef"),
    SearchQuery(text="cashew"),
    SearchQuery(text="salt", sort="PRICE"),
    SearchQuery(text="fish", certifications=("HALAL",)),
    SearchQuery(text="kop"),
    SearchQuery(text="moringa kapsul"),
]


@pytest.mark.parametrize("query", QUERIES, ids=[q.text for q in QUERIES])
def test_the_token_finds_exactly_what_the_group_terms_find(corpus, query):
    unfolded()
    widened = search_products(query)
    synonyms_indexed_record()
    folded = search_products(query)
    assert folded.total > 0, query.text
    assert (folded.ids, folded.total, folded.facets) == (
        widened.ids,
        widened.total,
        widened.facets,
    )


def test_an_edited_list_widens_by_terms_until_the_refold_indexes_everything(corpus):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO catalog_search_state (name, value) VALUES ('synonyms', 'an-older-list')"
        )
    cache.delete(SYNONYMS_STATE_KEY)
    assert query_lookup(["kopi"]).folded is False
    assert search_products(SearchQuery(text="coffee")).total == 2
    everything = Product.objects.count()
    assert search_synonyms_refold() == everything
    assert synonyms_indexed_version() == synonyms_version()
    assert query_lookup(["kopi"]).folded is True
    assert search_products(SearchQuery(text="coffee")).total == 2
    assert synonyms_refold() == 0  # nothing to do until the list changes again


def test_search_reindex_records_the_synonym_list_it_indexed_with(corpus):
    unfolded()
    call_command("search_reindex", "--no-progress", stdout=io.StringIO())
    assert synonyms_indexed_version() == synonyms_version()
    assert query_lookup(["madu"]).folded is True


def test_the_state_table_migration_goes_back_and_forth(corpus):
    import importlib

    state = importlib.import_module("catalog.migrations.0016_search_state")
    synonyms_indexed_record()
    with connection.cursor() as cursor:
        for sql in state.BACKWARD:
            cursor.execute(sql)
        cursor.execute("SELECT to_regclass('catalog_search_state')")
        assert cursor.fetchone()[0] is None
        for sql in state.FORWARD:
            cursor.execute(sql)
    assert synonyms_indexed_version() == ""  # a new table records nothing: widen
    cache.delete(SYNONYMS_STATE_KEY)
    assert query_lookup(["kopi"]).folded is False
