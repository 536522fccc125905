# Search (issue #5): stored search fields on Product, pg_trgm, and GIN indexes.
# The indexes and the extension exist on PostgreSQL only; SQLite (the embedded
# default) gets the plain columns and searches with icontains. catalog_search_word
# is a plain table (no model) the search backend reads and writes with SQL.

import django.contrib.postgres.search
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

INDEXES = [
    "CREATE INDEX IF NOT EXISTS catalog_product_search_vector_gin"
    " ON catalog_product USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS catalog_product_search_document_trgm"
    " ON catalog_product USING gin (search_document gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS catalog_product_search_price"
    " ON catalog_product (search_price)",
    # The vocabulary of indexed words (names, categories, places): typo correction
    # looks a misspelt word up here by trigram similarity, not in every product.
    'CREATE TABLE IF NOT EXISTS catalog_search_word (word text COLLATE "C" PRIMARY KEY)',
    "CREATE INDEX IF NOT EXISTS catalog_search_word_trgm"
    " ON catalog_search_word USING gin (word gin_trgm_ops)",
]
DROP = [
    "DROP INDEX IF EXISTS catalog_product_search_vector_gin",
    "DROP INDEX IF EXISTS catalog_product_search_document_trgm",
    "DROP INDEX IF EXISTS catalog_product_search_price",
    "DROP TABLE IF EXISTS catalog_search_word",
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in INDEXES:
            schema_editor.execute(sql)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0002_ovop_taxonomy'),
    ]

    operations = [
        TrigramExtension(),
        migrations.AddField(
            model_name='product',
            name='search_document',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='product',
            name='search_price',
            field=models.PositiveIntegerField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='product',
            name='search_certificates',
            field=models.CharField(blank=True, default='', editable=False, max_length=255),
        ),
        migrations.AddField(
            model_name='product',
            name='search_vector',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
