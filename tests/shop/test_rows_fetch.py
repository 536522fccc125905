"""shop.rows.fetch: the checkout's hot statements run prepared on Django's own
connection, and still go through Django's cursor wrapping (query log, error types)."""

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from shop import rows
from shop.models import User

pytestmark = pytest.mark.django_db

PREPARED = "SELECT count(*) FROM pg_prepared_statements WHERE statement = %s"


def prepared(sql: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(PREPARED, [sql])
        return cursor.fetchone()[0]


def test_a_statement_is_prepared_once_per_connection_and_answers_its_rows():
    sql = "SELECT %s::int + 1, 'satu'"
    assert prepared(sql.replace("%s", "$1")) == 0
    assert rows.fetch(sql, [41]) == [(42, "satu")]
    assert rows.fetch(sql, [-1]) == [(0, "satu")]
    assert prepared(sql.replace("%s", "$1")) == 1


def test_the_query_log_and_execute_wrappers_see_it():
    seen = []

    def wrapper(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with CaptureQueriesContext(connection) as queries, connection.execute_wrapper(wrapper):
        rows.fetch("SELECT 1 WHERE %s", [True])
    assert len(queries.captured_queries) == 1  # counted by the query-count pins
    assert seen == ["SELECT 1 WHERE %s"]


def test_a_statement_without_rows_answers_an_empty_list_and_writes():
    user = User.objects.create_user(email="rows@example.id", password="x-Panjang-123")
    assert rows.fetch("UPDATE shop_user SET first_name = %s WHERE id = %s", ["Ina", user.pk]) == []
    user.refresh_from_db()
    assert user.first_name == "Ina"


def test_a_database_error_arrives_as_djangos_own():
    user = User.objects.create_user(email="dua@example.id", password="x-Panjang-123")
    with pytest.raises(IntegrityError):
        rows.fetch("UPDATE shop_user SET email = NULL WHERE id = %s", [user.pk])
