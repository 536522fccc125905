from pathlib import Path

from django.conf import settings
from graphql import print_schema

from shop.graphql.schema import schema


def test_committed_sdl_matches_the_code():
    """Every API change shows up in review: regenerate with `make schema`."""
    committed = (Path(settings.BASE_DIR) / "schema.graphql").read_text()
    assert committed.strip() == print_schema(schema.graphql_schema).strip(), (
        "schema.graphql is out of date: run `make schema` and commit it"
    )
