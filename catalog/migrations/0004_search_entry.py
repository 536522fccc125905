# Search (issue #5), faster PostgreSQL path: catalog_search_entry, a narrow table of
# the VISIBLE products only (published, seller ACTIVE) with what a search filters,
# counts and sorts on: kabupaten code as a number (53.07 -> 5307), category, seller,
# zone, price band, valid certificate types as a bitmask, price, name, created_at
# and the search vector. Search reads this one table instead of catalog_product
# joined to sellers, so matching, paging and every facet touch small rows.
#
# catalog_search_count holds how many entries share each (kabupaten, category, price
# band, certificates): a search without text and without seller/zone/price/stock
# filters counts its facets from it instead of from the entries.
#
# The entries are laid out by category (CLUSTER, redone daily by the search
# tasks): the matches of a typical query sit on few pages.
#
# Database triggers keep both exact: any change to a product (the index task's
# UPDATE of the stored search fields, publishing, a plain queryset .update()) or
# to a seller's status/zone re-derives the entries of the products concerned, in
# one set-based statement per SQL statement (statement-level triggers with
# transition tables). PostgreSQL only; SQLite keeps the plain search.
#
# The certificate bit of a type is its position in CertificateType (below, as of
# this migration); catalog.search.database.CERTIFICATE_BITS must list the same
# order (a test compares them): adding a type needs a migration replacing
# catalog_search_entry_refresh.

from django.db import migrations

CERTIFICATE_TYPES = [
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
]
PRICE_BANDS = [50_000, 150_000, 500_000]  # band 0..3 below/above these; 4 = no price


def _certs_expression() -> str:
    return " | ".join(
        f"(CASE WHEN strpos(p.search_certificates, ' {t} ') > 0 THEN {1 << i} ELSE 0 END)"
        for i, t in enumerate(CERTIFICATE_TYPES)
    )


def _band_expression() -> str:
    low, mid, high = PRICE_BANDS
    return (
        "CASE WHEN p.search_price IS NULL THEN 4"
        f" WHEN p.search_price < {low} THEN 0 WHEN p.search_price < {mid} THEN 1"
        f" WHEN p.search_price < {high} THEN 2 ELSE 3 END"
    )


# Also run by catalog.search.database.entries_cluster (keep the two equal).
COMPACT_COUNTS = """
    WITH gone AS (DELETE FROM catalog_search_count RETURNING *)
    INSERT INTO catalog_search_count (regency, category_id, band, certs, n)
    SELECT regency, category_id, band, certs, sum(n) FROM gone
     GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0
"""

CREATE = [
    """
    CREATE TABLE IF NOT EXISTS catalog_search_entry (
        product_id bigint PRIMARY KEY,
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
    # fastupdate off: no pending list that every search would scan until a vacuum
    "CREATE INDEX IF NOT EXISTS catalog_search_entry_vector"
    " ON catalog_search_entry USING gin (vector) WITH (fastupdate = off)",
    "CREATE INDEX IF NOT EXISTS catalog_search_entry_category"
    " ON catalog_search_entry (category_id, regency, band, certs)",
    "CREATE INDEX IF NOT EXISTS catalog_search_entry_regency"
    " ON catalog_search_entry (regency, category_id, band, certs)",
    "CREATE INDEX IF NOT EXISTS catalog_search_entry_seller"
    " ON catalog_search_entry (seller_id)",
    # pages of a search without text, in each sort's order
    "CREATE INDEX IF NOT EXISTS catalog_search_entry_name"
    " ON catalog_search_entry (name, product_id)",
    "CREATE INDEX IF NOT EXISTS catalog_search_entry_created"
    " ON catalog_search_entry (created_at, product_id)",
    "CREATE INDEX IF NOT EXISTS catalog_search_entry_price"
    " ON catalog_search_entry (price, product_id)",
    # ... and within a category (a category page merges its sub-categories' first rows)
    "CREATE INDEX IF NOT EXISTS catalog_search_entry_category_name"
    " ON catalog_search_entry (category_id, name, product_id)",
    "CREATE INDEX IF NOT EXISTS catalog_search_entry_category_created"
    " ON catalog_search_entry (category_id, created_at, product_id)",
    "CREATE INDEX IF NOT EXISTS catalog_search_entry_category_price"
    " ON catalog_search_entry (category_id, price, product_id)",
    # How many visible products share each (kabupaten, category, band, certificates):
    # the facets of a search without text are sums over these few rows. The trigger
    # on catalog_search_entry only APPENDS signed deltas (no row is updated in place,
    # so concurrent writers never wait for or deadlock on a counter row); readers sum
    # per key, and the nightly upkeep (catalog.search.database.entries_cluster)
    # compacts the deltas to one row per key.
    """
    CREATE TABLE IF NOT EXISTS catalog_search_count (
        regency smallint NOT NULL,
        category_id bigint NOT NULL,
        band smallint NOT NULL,
        certs integer NOT NULL,
        n integer NOT NULL
    )
    """,
    """
    CREATE OR REPLACE FUNCTION catalog_search_count_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            INSERT INTO catalog_search_count (regency, category_id, band, certs, n)
            SELECT regency, category_id, band, certs, count(*) FROM new_rows
             GROUP BY 1, 2, 3, 4;
        ELSIF TG_OP = 'DELETE' THEN
            INSERT INTO catalog_search_count (regency, category_id, band, certs, n)
            SELECT regency, category_id, band, certs, -count(*) FROM old_rows
             GROUP BY 1, 2, 3, 4;
        ELSE
            INSERT INTO catalog_search_count (regency, category_id, band, certs, n)
            SELECT regency, category_id, band, certs, sum(d) FROM (
                SELECT regency, category_id, band, certs, 1 AS d FROM new_rows
                UNION ALL
                SELECT regency, category_id, band, certs, -1 FROM old_rows) x
             GROUP BY 1, 2, 3, 4 HAVING sum(d) <> 0;
        END IF;
        RETURN NULL;
    END
    $$
    """,
    "DROP TRIGGER IF EXISTS catalog_search_count_insert ON catalog_search_entry",
    "CREATE TRIGGER catalog_search_count_insert AFTER INSERT ON catalog_search_entry"
    " REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT"
    " EXECUTE FUNCTION catalog_search_count_changed()",
    "DROP TRIGGER IF EXISTS catalog_search_count_update ON catalog_search_entry",
    "CREATE TRIGGER catalog_search_count_update AFTER UPDATE ON catalog_search_entry"
    " REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT"
    " EXECUTE FUNCTION catalog_search_count_changed()",
    "DROP TRIGGER IF EXISTS catalog_search_count_delete ON catalog_search_entry",
    "CREATE TRIGGER catalog_search_count_delete AFTER DELETE ON catalog_search_entry"
    " REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT"
    " EXECUTE FUNCTION catalog_search_count_changed()",
    f"""
    CREATE OR REPLACE FUNCTION catalog_search_entry_refresh(ids bigint[]) RETURNS void
    LANGUAGE sql AS $$
        DELETE FROM catalog_search_entry e
         WHERE e.product_id = ANY(ids)
           AND NOT EXISTS (
               SELECT 1 FROM catalog_product p JOIN sellers_seller s ON s.id = p.seller_id
                WHERE p.id = e.product_id AND p.is_published AND s.status = 'ACTIVE');
        INSERT INTO catalog_search_entry AS e
              (product_id, regency, category_id, seller_id, zone_id, band, certs, price,
               created_at, name, vector)
        SELECT p.id, replace(substr(p.origin_village_id, 1, 5), '.', '')::smallint,
               p.category_id, p.seller_id, s.zone_id, {_band_expression()},
               {_certs_expression()}, p.search_price, p.created_at, p.name, p.search_vector
          FROM catalog_product p JOIN sellers_seller s ON s.id = p.seller_id
         WHERE p.id = ANY(ids) AND p.is_published AND s.status = 'ACTIVE'
        ON CONFLICT (product_id) DO UPDATE
           SET regency = EXCLUDED.regency, category_id = EXCLUDED.category_id,
               seller_id = EXCLUDED.seller_id, zone_id = EXCLUDED.zone_id,
               band = EXCLUDED.band, certs = EXCLUDED.certs, price = EXCLUDED.price,
               created_at = EXCLUDED.created_at, name = EXCLUDED.name, vector = EXCLUDED.vector
         WHERE (e.regency, e.category_id, e.seller_id, e.zone_id, e.band, e.certs, e.price,
                e.created_at, e.name, e.vector)
               IS DISTINCT FROM
               (EXCLUDED.regency, EXCLUDED.category_id, EXCLUDED.seller_id, EXCLUDED.zone_id,
                EXCLUDED.band, EXCLUDED.certs, EXCLUDED.price, EXCLUDED.created_at,
                EXCLUDED.name, EXCLUDED.vector);
    $$
    """,
    """
    CREATE OR REPLACE FUNCTION catalog_search_entry_product_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM catalog_search_entry e USING old_rows o WHERE e.product_id = o.id;
        ELSE
            PERFORM catalog_search_entry_refresh(ARRAY(SELECT id FROM new_rows));
        END IF;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE OR REPLACE FUNCTION catalog_search_entry_seller_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM catalog_search_entry_refresh(ARRAY(
            SELECT p.id FROM catalog_product p
              JOIN new_rows n ON n.id = p.seller_id
              JOIN old_rows o ON o.id = n.id
             WHERE (o.status, o.zone_id) IS DISTINCT FROM (n.status, n.zone_id)));
        RETURN NULL;
    END
    $$
    """,
    "DROP TRIGGER IF EXISTS catalog_search_entry_insert ON catalog_product",
    "CREATE TRIGGER catalog_search_entry_insert AFTER INSERT ON catalog_product"
    " REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT"
    " EXECUTE FUNCTION catalog_search_entry_product_changed()",
    "DROP TRIGGER IF EXISTS catalog_search_entry_update ON catalog_product",
    "CREATE TRIGGER catalog_search_entry_update AFTER UPDATE ON catalog_product"
    " REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT"
    " EXECUTE FUNCTION catalog_search_entry_product_changed()",
    "DROP TRIGGER IF EXISTS catalog_search_entry_delete ON catalog_product",
    "CREATE TRIGGER catalog_search_entry_delete AFTER DELETE ON catalog_product"
    " REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT"
    " EXECUTE FUNCTION catalog_search_entry_product_changed()",
    # TRUNCATE (e.g. Django's flush between transactional tests) fires no DELETE trigger
    """
    CREATE OR REPLACE FUNCTION catalog_search_entry_truncated() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        TRUNCATE catalog_search_entry, catalog_search_count;
        RETURN NULL;
    END
    $$
    """,
    "DROP TRIGGER IF EXISTS catalog_search_entry_truncate ON catalog_product",
    "CREATE TRIGGER catalog_search_entry_truncate AFTER TRUNCATE ON catalog_product"
    " FOR EACH STATEMENT EXECUTE FUNCTION catalog_search_entry_truncated()",
    "DROP TRIGGER IF EXISTS catalog_search_entry_seller ON sellers_seller",
    "CREATE TRIGGER catalog_search_entry_seller AFTER UPDATE ON sellers_seller"
    " REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT"
    " EXECUTE FUNCTION catalog_search_entry_seller_changed()",
    # the products already there
    "SELECT catalog_search_entry_refresh(ARRAY(SELECT id FROM catalog_product))",
    COMPACT_COUNTS,
    "CLUSTER catalog_search_entry USING catalog_search_entry_category",
    "ANALYZE catalog_search_entry",
    "ANALYZE catalog_search_count",
]
DROP = [
    "DROP TABLE IF EXISTS catalog_search_count",
    "DROP FUNCTION IF EXISTS catalog_search_count_changed() CASCADE",
    "DROP TRIGGER IF EXISTS catalog_search_entry_seller ON sellers_seller",
    "DROP TRIGGER IF EXISTS catalog_search_entry_truncate ON catalog_product",
    "DROP FUNCTION IF EXISTS catalog_search_entry_truncated()",
    "DROP TRIGGER IF EXISTS catalog_search_entry_delete ON catalog_product",
    "DROP TRIGGER IF EXISTS catalog_search_entry_update ON catalog_product",
    "DROP TRIGGER IF EXISTS catalog_search_entry_insert ON catalog_product",
    "DROP FUNCTION IF EXISTS catalog_search_entry_seller_changed()",
    "DROP FUNCTION IF EXISTS catalog_search_entry_product_changed()",
    "DROP FUNCTION IF EXISTS catalog_search_entry_refresh(bigint[])",
    "DROP TABLE IF EXISTS catalog_search_entry",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in CREATE:
            schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0003_search"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
