"""Descriptions in the schema are whole sentences (a lost string continuation cut three)."""

import ast
from pathlib import Path

import pytest

from shop.graphql.schema import schema

ROOT = Path(__file__).resolve().parents[2]
APPS = ("shop", "sellers", "catalog", "promotions", "orders", "config")


def _descriptions():
    for t in schema.graphql_schema.type_map.values():
        if t.name.startswith("__"):
            continue
        yield t.name, t.description
        for name, field in (getattr(t, "fields", None) or {}).items():
            yield f"{t.name}.{name}", field.description
            for arg_name, arg in (getattr(field, "args", None) or {}).items():
                yield f"{t.name}.{name}({arg_name})", arg.description


def test_no_description_stops_mid_sentence():
    cut = [name for name, text in _descriptions() if text and text != text.rstrip()]
    assert cut == []


@pytest.mark.parametrize(
    ("mutation", "ending"),
    [
        ("categoryRulesUpdate", "longer qualify are withdrawn."),
        ("sellerUpdate", "after approval only contact, story, logo and bank account change."),
        ("sellerReview", "APPROVE on a SUSPENDED seller reactivates it."),
    ],
)
def test_mutation_descriptions_are_whole(mutation, ending):
    assert schema.graphql_schema.mutation_type.fields[mutation].description.endswith(ending)


def test_no_string_statement_outside_a_docstring():
    """A string alone on a line after ``description = "..."`` is a statement, not a
    continuation: Python drops it silently. Only docstrings may stand alone."""
    stray = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                body = getattr(node, "body", None)
                for i, st in enumerate(body if isinstance(body, list) else []):
                    if (
                        i > 0
                        and isinstance(st, ast.Expr)
                        and isinstance(st.value, ast.Constant)
                        and isinstance(st.value.value, str)
                    ):
                        stray.append(f"{path.relative_to(ROOT)}:{st.lineno}")
    assert stray == []
