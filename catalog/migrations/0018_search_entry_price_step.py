"""The search entries' text index also holds the price step: GIN on (vector, regency,
price step).

A text search sorted by price sorted every one of its matches to give the cheapest:
"rumput laut" by price read and sorted 57,613 rows at 1,000,000 products, ten times
what it read at 100,000. With the price step (``catalog.search.price_steps``: 300
whole-rupiah thresholds 5 % apart, ``width_bucket``; no price: 32767) as a third
column of the text index, a price page past the count cap asks the index for the
matches of one step at a time, from the cheapest, and stops when the page is full.

The expression is written out here as it was when this migration was made (the
planner uses the index only for a query holding the very same expression; a test
keeps ``price_step_sql`` equal to it). The index is built in place: catalogue writes
wait for it (a few seconds per million visible products), searches go on.
"""

from django.db import migrations

from shop.migration_sql import postgres_sql


def _thresholds() -> list[int]:
    steps = [1_000]
    while (following := steps[-1] + steps[-1] // 20) <= 2**31 - 1:
        steps.append(following)
    return steps


PRICE_STEP = (
    f"coalesce(width_bucket(price, '{{{','.join(str(t) for t in _thresholds())}}}'"
    "::integer[]), 32767)"
)

FORWARD = [
    "CREATE INDEX IF NOT EXISTS catalog_search_entry_vector_regency_step"
    f" ON catalog_search_entry USING gin (vector, regency, ({PRICE_STEP}))"
    " WITH (fastupdate = off)",
    "DROP INDEX IF EXISTS catalog_search_entry_vector_regency",
    "ANALYZE catalog_search_entry",
]

BACKWARD = [
    "CREATE INDEX IF NOT EXISTS catalog_search_entry_vector_regency"
    " ON catalog_search_entry USING gin (vector, regency) WITH (fastupdate = off)",
    "DROP INDEX IF EXISTS catalog_search_entry_vector_regency_step",
]


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0017_search_entry_vector_regency"),
    ]

    operations = [postgres_sql(FORWARD, BACKWARD)]
