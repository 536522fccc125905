import json
import os
from collections.abc import Callable
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from config.celery_app import app as celery_app
from shop.models import User
from shop.roles import Role
from shop.tokens import token_issue

# Property tests pin behaviour, not speed (that lives in `make bench`): no per-example
# deadline (Hypothesis's default is 200 ms, which a loaded 2-core CI machine can pass;
# the `split_proportionally` property failed once under load and passed on re-run).
hypothesis_settings.register_profile("suite", deadline=None)
hypothesis_settings.load_profile("suite")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture(autouse=True)
def _language_reset():
    """A request in English activates English for the rest of the thread (LocaleMiddleware
    never deactivates): every test starts and ends in the default, Bahasa Indonesia."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def make_user(db) -> Callable[..., User]:
    counter = iter(range(1, 10_000))

    def make(*roles: Role, email: str | None = None, password: str = "rahasia-kuat-123", **extra):
        user = User.objects.create_user(
            email=email or f"user{next(counter)}@contoh.id", password=password, **extra
        )
        for role in roles or (Role.CONSUMER,):
            user.groups.add(Group.objects.get(name=role))
        return user

    return make


class GraphQLClient:
    """Posts GraphQL over HTTP, as an API client would, optionally with a Bearer token."""

    def __init__(self, client: Client):
        self.client = client
        self.token: str | None = None
        self.language = "id"

    def login(self, user: User) -> None:
        self.token = token_issue(user=user, kind="access")

    def logout(self) -> None:
        self.token = None

    def raw(self, body: Any, **headers) -> Any:
        extra = {"HTTP_ACCEPT_LANGUAGE": self.language, **headers}
        if self.token:
            extra["HTTP_AUTHORIZATION"] = f"Bearer {self.token}"
        return self.client.post(
            "/graphql/", data=json.dumps(body), content_type="application/json", **extra
        )

    def __call__(self, query: str, variables: dict | None = None, **headers) -> dict:
        response = self.raw({"query": query, "variables": variables or {}}, **headers)
        assert response.status_code in (200, 400), response.content
        return response.json()


@pytest.fixture
def gql(client) -> GraphQLClient:
    return GraphQLClient(client)


from tests.browser import browser  # noqa: E402, F401  (fixture)


def celery_queues_forget() -> None:
    """Drop Celery's cached queue objects so the next worker fixture's queue name is used."""
    for name in ("default_queue", "queues", "router"):
        celery_app.amqp.__dict__.pop(name, None)


@pytest.fixture
def redis_celery():
    """A real Celery worker over Redis: eager off, a queue of this process's own.

    Parallel test processes never swap tasks; the queue cache is dropped before
    and after, so every worker consumes the queue its tasks are sent to.
    """
    assert celery_app.conf.broker_url == settings.TEST_REDIS_URL
    celery_queues_forget()
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = (
        f"test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{os.getpid()}"
    )
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield celery_app
    finally:
        celery_app.conf.task_always_eager = True
        celery_app.conf.task_default_queue = "celery"
        celery_queues_forget()
