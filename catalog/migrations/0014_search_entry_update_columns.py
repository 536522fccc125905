"""The search entry of a product is refreshed only when a column it reads changed.

Migration 0004's trigger refreshed ``catalog_search_entry`` after every UPDATE of
``catalog_product``, so a sale moving the "Terlaris" counter (``units_sold``) or a
review moving the rating counters ran the whole refresh (a DELETE check and an
upsert that row-locks the entry) inside the checkout's locked window. The UPDATE
trigger now compares the old and new rows and refreshes only those whose entry
columns differ. (``UPDATE OF columns`` cannot be used: PostgreSQL refuses a column
list on a trigger with transition tables.)
"""

from django.db import migrations

# What catalog_search_entry_refresh() reads from catalog_product (the seller's own
# columns have their own trigger on sellers_seller).
ENTRY_COLUMNS = (
    "is_published",
    "seller_id",
    "category_id",
    "origin_village_id",
    "name",
    "created_at",
    "search_price",
    "search_certificates",
    "search_vector",
)


def _columns(alias: str) -> str:
    return ", ".join(f"{alias}.{column}" for column in ENTRY_COLUMNS)


FORWARD = [
    f"""
    CREATE OR REPLACE FUNCTION catalog_search_entry_product_updated() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        ids bigint[];
    BEGIN
        ids := ARRAY(
            SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
             WHERE ({_columns("n")}) IS DISTINCT FROM ({_columns("o")}));
        IF cardinality(ids) > 0 THEN
            PERFORM catalog_search_entry_refresh(ids);
        END IF;
        RETURN NULL;
    END
    $$
    """,
    "DROP TRIGGER IF EXISTS catalog_search_entry_update ON catalog_product",
    "CREATE TRIGGER catalog_search_entry_update AFTER UPDATE ON catalog_product"
    " REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT"
    " EXECUTE FUNCTION catalog_search_entry_product_updated()",
]

BACKWARD = [
    "DROP TRIGGER IF EXISTS catalog_search_entry_update ON catalog_product",
    "CREATE TRIGGER catalog_search_entry_update AFTER UPDATE ON catalog_product"
    " REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT"
    " EXECUTE FUNCTION catalog_search_entry_product_changed()",
    "DROP FUNCTION IF EXISTS catalog_search_entry_product_updated()",
]


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
        ("catalog", "0013_buyer_wishlist"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
