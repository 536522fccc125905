"""Fixtures of the catalog tests (defined in tests/lembaga_fixtures.py)."""

from tests.lembaga_fixtures import (  # noqa: F401
    approve,
    food,
    make_product,
    make_seller,
    officer,
    pengurus,
    seller,
    zone,
)
