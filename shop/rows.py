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

import psycopg
from django.db import connection, connections, models

NEVER_BY_ITSELF = 2**31 - 1


def is_postgres(db: str = "default") -> bool:
    """Whether the hand-written statements can run on the ``db`` connection: they are
    PostgreSQL's (arrays, ``unnest``, row locks, data-modifying ``WITH``). Elsewhere
    (SQLite, the embedded default of ``make run``) their callers take a plain ORM
    branch."""
    return connections[db].vendor == "postgresql"


def fetch(sql: str, params: Sequence = ()) -> list[tuple]:
    """Run a hot hand-written statement as a prepared statement and return its rows.

    Planning the checkout's line query (eight tables) took 4 to 7 ms on every call,
    against under 1 ms to run it; prepared once per connection, PostgreSQL plans it
    for its first five runs and then keeps a generic plan. Django's cursors bind
    client-side and cannot prepare, so this opens a server-binding cursor on the same
    connection, wrapped as Django wraps its own (``execute_wrapper`` and the query
    log, which the query-count tests read, still see it; psycopg keeps no text of a
    prepared statement, so the log is given the statement as written). On SQLite: a
    plain cursor.
    Prepared statements live as long as the connection (``CONN_MAX_AGE``).
    """
    if not is_postgres():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if cursor.description else []
    connection.ensure_connection()
    if connection.connection.prepare_threshold is None:
        # Django's default (None) forbids preparing on the connection. Its own cursors
        # bind client-side and never prepare, so only this function's statements are
        # prepared: a threshold nothing reaches by itself.
        connection.connection.prepare_threshold = NEVER_BY_ITSELF
    raw = _PreparedCursor(connection.connection)
    cursor = (
        connection.make_debug_cursor(raw)
        if connection.queries_logged
        else connection.make_cursor(raw)
    )
    with cursor:
        cursor.execute(sql, params)
        if connection.queries_logged and connection.queries_log[-1]["sql"] is None:
            # psycopg keeps no text of a prepared statement: the log (which the tests
            # read for the statements' kinds and locks) gets the statement as written
            connection.queries_log[-1]["sql"] = sql
        return cursor.fetchall() if cursor.description else []


class _PreparedCursor(psycopg.Cursor):
    """Binds server-side and prepares every statement it runs."""

    def execute(self, query, params=None, *, prepare=None, binary=None):
        return super().execute(query, params, prepare=True, binary=binary)


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
    if not is_postgres(db):
        return _take_plain(model, values, db), end
    for position, convert in _converters(model):
        values[position] = convert(values[position], None, connections[db])
    return model.from_db(db, _attnames(model), values), end


def _take_plain(model: type[models.Model], values: list, db: str) -> models.Model:
    """``take`` on SQLite (the embedded default of ``make run``): every converter the
    ORM's compiler applies (SQLite answers times as text, decimals as floats)."""
    conn = connections[db]
    for position, field in enumerate(model._meta.concrete_fields):
        col = field.get_col(model._meta.db_table)
        for convert in [*conn.ops.get_db_converters(col), *col.get_db_converters(conn)]:
            values[position] = convert(values[position], col, conn)
    return model.from_db(db, _attnames(model), values)


@cache
def _attnames(model: type[models.Model]) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields]


@cache
def insertable(model: type[models.Model]) -> tuple[models.Field, ...]:
    """The columns an INSERT writes: every concrete field but the (generated) primary key."""
    return tuple(field for field in model._meta.concrete_fields if not field.primary_key)


@cache
def _array_types(model: type[models.Model]) -> tuple[str, ...]:
    """Each insertable column's array type, as Django's own UNNEST insert casts them
    (``varchar[]``, not ``varchar(50)[]``: no truncation)."""
    connection = connections["default"]
    return tuple(f"{field.db_type(connection).split('(')[0]}[]" for field in insertable(model))


@cache
def insert(
    model: type[models.Model],
    *,
    link: str = "",
    parent: str = "",
    key: str = "",
    returning: str = "id",
) -> str:
    """``INSERT INTO <model> (<every insertable column>) SELECT ... FROM unnest(<one array
    per column>) RETURNING <returning>``, for ``params`` (one statement whatever the rows).

    ``link``: a foreign-key column whose value is the id of a row inserted by the same
    statement, in the data-modifying ``WITH`` query ``parent``: the row whose ``key``
    expression equals this row's one extra text array element. So an order and its lines
    are written in one statement, before the order's id is known.
    """
    table = model._meta.db_table
    fields = insertable(model)
    cols = ", ".join(f'"{field.column}"' for field in fields)
    arrays = ", ".join(f"%s::{array}" for array in _array_types(model))
    tail = f" RETURNING {returning}" if returning else ""
    if not link:
        return f"INSERT INTO {table} ({cols}) SELECT * FROM unnest({arrays}){tail}"
    names = ", ".join(f"c{i}" for i in range(len(fields)))
    select = ", ".join(
        f"{parent}.id" if field.column == link else f"u.c{i}" for i, field in enumerate(fields)
    )
    return (
        f"INSERT INTO {table} ({cols}) SELECT {select}"
        f" FROM unnest({arrays}, %s::text[]) WITH ORDINALITY AS u({names}, k, n)"
        # in the arrays' order (the join may reorder): ids, and so an order's history,
        # follow the order the rows were given in
        f" JOIN {parent} ON {key} = u.k ORDER BY u.n{tail}"
    )


def insert_params(
    model: type[models.Model], objs: Sequence[models.Model], *, keys: Sequence[str] = ()
) -> list[list]:
    """The arrays of ``insert(model)`` for ``objs``: each field's value as ``save()`` writes
    it (``pre_save``: an ``auto_now_add`` time is set on the instance too); ``keys``: the
    extra array of a linked insert."""
    connection = connections["default"]
    fields = insertable(model)
    columns: list[list] = [[] for _ in fields]
    for obj in objs:
        for column, field in zip(columns, fields, strict=True):
            column.append(field.get_db_prep_save(field.pre_save(obj, True), connection))
    return [*columns, list(keys)] if keys else columns


def inserted(objs: Sequence[models.Model], ids: Sequence[int], *, db: str = "default") -> None:
    """Mark ``objs`` saved with the ``ids`` their INSERT answered, as ``bulk_create`` does."""
    for obj, pk in zip(objs, ids, strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = db
