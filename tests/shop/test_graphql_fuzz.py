"""Keep finding them: a bounded schemathesis run over every query and mutation of the
schema (issue #10), through the Django app over WSGI, failing on any 5xx.

Queries and mutations are generated from ``schema.graphql`` (the committed SDL, so the
run needs no introspection) and sent as a programme officer, who may reach the most
code. ``FUZZ_EXAMPLES`` sets the examples per operation (default 3, about 40 s); the
run is derandomized, so a failure reproduces on the next run.
"""

import os

import pytest
import schemathesis
from django.conf import settings
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis.graphql import nodes

from shop.roles import Role
from shop.tokens import token_issue

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))
FORBIDDEN = ("Traceback", "PostgreSQL", "NoneType", "object has no attribute", "psycopg")

# A file can only arrive as a multipart part; generated text in its place must be refused.
schemathesis.graphql.scalar("Upload", st.text(max_size=20).map(nodes.String))
schema = schemathesis.graphql.from_path(settings.BASE_DIR / "schema.graphql")
schema.app = get_wsgi_application()
schema.location = "/graphql/"


@pytest.fixture
def officer_token(make_user):
    return token_issue(user=make_user(Role.PROGRAMME_OFFICER), kind="access")


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Django closes the connection at the end of each WSGI request; the test client
    stops that, and so must a WSGI client inside a test's transaction."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_generated_request_answers_a_5xx(case, officer_token):
    response = case.call(
        headers={"Authorization": f"Bearer {officer_token}", "Accept-Encoding": "identity"}
    )
    assert response.status_code < 500, response.text[:500]
    for word in FORBIDDEN:
        assert word not in response.text, (word, response.text[:500])
