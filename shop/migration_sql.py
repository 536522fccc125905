"""Raw SQL migrations that only PostgreSQL runs (SQLite, the embedded default, keeps
the plain search and has none of these tables, indexes or triggers)."""

from collections.abc import Sequence

from django.db import migrations


def postgres_sql(forward: Sequence[str], backward: Sequence[str]) -> migrations.RunPython:
    """A migration operation running ``forward`` (or, unapplied, ``backward``) statement
    by statement on PostgreSQL, and nothing elsewhere."""

    def run(statements: Sequence[str]):
        def apply(apps, schema_editor):
            if schema_editor.connection.vendor == "postgresql":
                for sql in statements:
                    schema_editor.execute(sql)

        return apply

    return migrations.RunPython(run(forward), run(backward), elidable=False)
