"""catalog_search_state: what the stored search vectors were built with.

Indexing adds to each product's vector one token per synonym group it matches
(``catalog.search.text.synonym_token``), so a search for "kopi" reads one posting
list instead of the union of kopi, coffee, arabika, arabica and robusta. A search
may use the tokens only when EVERY product was indexed with the current synonym
list: a full re-index records that list's version here (name ``synonyms``); until
then searches widen each word with its synonyms as before. PostgreSQL only.
"""

from django.db import migrations

from shop.migration_sql import postgres_sql

FORWARD = [
    """
    CREATE TABLE IF NOT EXISTS catalog_search_state (
        name text PRIMARY KEY,
        value text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
    )
    """,
]

BACKWARD = ["DROP TABLE IF EXISTS catalog_search_state"]


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0015_search_entry_facet_key"),
    ]

    operations = [postgres_sql(FORWARD, BACKWARD)]
