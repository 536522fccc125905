"""One column holding a search entry's four facet values, for grouping matches.

A text search counts its matches per (kabupaten, category, price band, certificates).
Grouping up to 10,001 matches by four columns cost a fifth of a "madu" search
(issue #15); grouping by one bigint that packs them is cheaper, and the matched set
carries one column instead of four. The column is generated from the four, so the
triggers of migration 0004 keep it exact without change; ``FACET_KEY`` in
``catalog.search.database`` unpacks it (a test keeps the two equal).

Layout: regency << 48 | category_id << 16 | band << 12 | certs (certs: 10 bits,
band: 0-4, category ids below 2^32, regency e.g. 5302).
"""

import importlib

from django.db import migrations

ENTRY_0004 = importlib.import_module("catalog.migrations.0004_search_entry")

COLUMNS = (
    "product_id, regency, category_id, seller_id, zone_id, band, certs, price,"
    " created_at, name, vector"
)

# The table is built anew with the key as its second column: a search reads it from
# each matched row, and a column after ``name`` and ``vector`` (where ADD COLUMN would
# put it) costs a walk over both on every row (about a sixth more per match).
FORWARD = [
    """
    CREATE TABLE catalog_search_entry_new (
        product_id bigint PRIMARY KEY,
        facet bigint GENERATED ALWAYS AS ((regency::bigint << 48) | (category_id << 16)
                                          | (band::bigint << 12) | certs::bigint) STORED,
        regency smallint NOT NULL,
        category_id bigint NOT NULL,
        seller_id bigint NOT NULL,
        zone_id bigint,
        band smallint NOT NULL,
        certs integer NOT NULL,
        price integer,
        created_at timestamptz NOT NULL,
        name text NOT NULL,
        vector tsvector
    )
    """,
    # laid out by category (as CLUSTER would), with no trigger yet: the counts stand
    f"""INSERT INTO catalog_search_entry_new ({COLUMNS})
        SELECT {COLUMNS} FROM catalog_search_entry
         ORDER BY category_id, regency, band, certs""",
    "DROP TABLE catalog_search_entry",
    "ALTER TABLE catalog_search_entry_new RENAME TO catalog_search_entry",
    "ALTER INDEX catalog_search_entry_new_pkey RENAME TO catalog_search_entry_pkey",
    # migration 0004's indexes and count triggers of the table, as they were
    *(
        sql
        for sql in ENTRY_0004.CREATE
        if sql.lstrip().startswith(("CREATE INDEX", "DROP TRIGGER", "CREATE TRIGGER"))
        and " ON catalog_search_entry " in sql
    ),
    "ALTER TABLE catalog_search_entry CLUSTER ON catalog_search_entry_category",
    "ANALYZE catalog_search_entry",
]

BACKWARD = ["ALTER TABLE catalog_search_entry DROP COLUMN facet"]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in FORWARD:
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0014_search_entry_update_columns"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
