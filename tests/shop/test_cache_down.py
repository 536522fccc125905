"""With the cache (Redis) unreachable or silent, sign-in refuses and pages that only read work."""

import json
import socket
import time
import uuid

import pytest
from django.core.cache import caches
from django.test import Client

pytestmark = pytest.mark.django_db

TOKEN_CREATE = """
mutation($email: String!, $password: String!) {
  tokenCreate(email: $email, password: $password) { token errors { field code message } }
}
"""
UNAVAILABLE = "Layanan masuk sedang terganggu. Coba lagi dalam beberapa menit."


def _redis_cache(settings, location: str) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": location,
            "OPTIONS": settings.REDIS_CACHE_OPTIONS,
        }
    }


@pytest.fixture
def cache_closed_port(settings):
    _redis_cache(settings, "redis://127.0.0.1:9/0")  # nothing listens on the discard port


@pytest.fixture
def cache_silent(settings):
    """A server that accepts connections and never answers: only timeouts end the wait."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    _redis_cache(settings, f"redis://127.0.0.1:{server.getsockname()[1]}/0")
    yield
    server.close()


def _token_create(client: Client) -> tuple[dict, str]:
    response = client.post(
        "/graphql/",
        data=json.dumps(
            {
                "query": TOKEN_CREATE,
                "variables": {"email": "ina@contoh.id", "password": "kuat-123!"},
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 200
    return response.json()["data"]["tokenCreate"], response.content.decode()


def test_token_create_fails_closed_with_a_coded_error_when_the_cache_is_down(
    client, make_user, cache_closed_port
):
    make_user(email="ina@contoh.id", password="kuat-123!")
    payload, raw = _token_create(client)
    assert payload == {
        "token": None,
        "errors": [{"field": None, "code": "TEMPORARILY_UNAVAILABLE", "message": UNAVAILABLE}],
    }
    assert "Error 111" not in raw
    assert "127.0.0.1:9" not in raw


def test_token_create_gives_up_within_the_timeouts_when_the_cache_never_answers(
    client, make_user, cache_silent, settings
):
    make_user(email="ina@contoh.id", password="kuat-123!")
    started = time.monotonic()
    payload, _raw = _token_create(client)
    elapsed = time.monotonic() - started
    assert [e["code"] for e in payload["errors"]] == ["TEMPORARILY_UNAVAILABLE"]
    # Two cache calls (add, incr), each bounded by the socket timeout.
    assert elapsed < 4 * settings.REDIS_CACHE_OPTIONS["SOCKET_TIMEOUT"] + 1


def test_sign_in_page_fails_closed_and_shows_no_internal_text_when_the_cache_is_down(
    client, make_user, cache_closed_port
):
    make_user(email="ina@contoh.id", password="kuat-123!")
    response = client.post("/masuk/", {"username": "ina@contoh.id", "password": "kuat-123!"})
    assert response.status_code == 200
    page = response.content.decode()
    assert UNAVAILABLE in page
    assert "Error 111" not in page
    assert "_auth_user_id" not in client.session


def test_pages_that_only_read_answer_without_the_cache(client, cache_closed_port):
    assert client.get("/masuk/").status_code == 200
    assert client.get("/produk/?q=kopi").status_code == 200
    assert client.get("/produk/?q=tenun+ikat").status_code == 200


def test_the_sign_in_limit_still_counts_when_the_cache_is_up(client, make_user, settings):
    """The same code path with a working Redis: the generic error, then the limit."""
    _redis_cache(settings, settings.TEST_REDIS_URL)  # shared with Celery: never cleared here
    settings.CACHES["default"]["KEY_PREFIX"] = f"test-{uuid.uuid4().hex}"
    settings.LOGIN_MAX_FAILURES = 1
    make_user(email="ina@contoh.id", password="kuat-123!")
    wrong = client.post("/masuk/", {"username": "ina@contoh.id", "password": "salah"})
    assert "E-mail atau kata sandi salah." in wrong.content.decode()
    blocked = client.post("/masuk/", {"username": "ina@contoh.id", "password": "kuat-123!"})
    assert "Terlalu banyak percobaan masuk" in blocked.content.decode()
    caches["default"].delete("login-failures:ina@contoh.id:127.0.0.1")
