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

from django.db import migrations

FORWARD = [
    "ALTER TABLE catalog_search_entry ADD COLUMN facet bigint GENERATED ALWAYS AS"
    " ((regency::bigint << 48) | (category_id << 16) | (band::bigint << 12) | certs::bigint)"
    " STORED",
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
