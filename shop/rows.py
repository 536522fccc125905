"""Model instances from hand-written SQL, for the hot queries of checkout and stock.

The ORM rebuilds and recompiles a query on every call: for the checkout's
seven-table line query that is about 2.5 ms of CPU of its 4.5, paid twice per
checkout (paying and completing), on the request path of every buyer. The
statements here are written once per process from the models' own metadata (so
a new field is read without touching them) and then only executed; the rows
become ordinary model instances (``Model.from_db``) linked as ``select_related``
links them.
"""

from collections.abc import Sequence
from functools import cache

from django.db import connections, models


@cache
def columns(model: type[models.Model], alias: str) -> str:
    """The model's concrete columns, in field order, qualified by ``alias``."""
    return ", ".join(f'{alias}."{field.column}"' for field in model._meta.concrete_fields)


@cache
def _converters(model: type[models.Model]) -> tuple:
    """(position, converter) of the fields that convert what the database answers (a
    JSON field's text): the ORM's compiler applies them, ``from_db`` does not."""
    return tuple(
        (position, field.from_db_value)
        for position, field in enumerate(model._meta.concrete_fields)
        if hasattr(field, "from_db_value")
    )


def take(
    model: type[models.Model], row: Sequence, start: int, *, db: str = "default"
) -> tuple[models.Model | None, int]:
    """The instance whose columns start at ``row[start]`` (None for a LEFT JOIN that found
    nothing), and where the next model's columns start."""
    fields = model._meta.concrete_fields
    end = start + len(fields)
    values = list(row[start:end])
    if values[0] is None:  # a primary key is never NULL: the outer join found no row
        return None, end
    for position, convert in _converters(model):
        values[position] = convert(values[position], None, connections[db])
    return model.from_db(db, _attnames(model), values), end


@cache
def _attnames(model: type[models.Model]) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields]
