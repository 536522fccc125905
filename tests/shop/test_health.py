"""Liveness touches nothing; readiness checks every service and says no more than ok/unavailable."""

import json

import pytest

CHECKS = ("database", "cache", "broker", "storage", "private_storage")


def test_liveness_answers_without_touching_the_database(client):
    # No database mark: any query would fail this test.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_liveness_refuses_post(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_readiness_checks_database_cache_broker_and_storages(client):
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    assert response.json() == {"status": "ok", "checks": dict.fromkeys(CHECKS, "ok")}
    assert "no-cache" in response["Cache-Control"]


@pytest.fixture
def cache_and_broker_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens on the discard port
            "OPTIONS": settings.REDIS_CACHE_OPTIONS,
        }
    }
    from config.celery_app import app

    previous = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:9/0"
    yield
    app.conf.broker_url = previous


@pytest.mark.django_db
def test_readiness_answers_503_naming_the_failed_checks_without_internal_text(
    client, cache_and_broker_down, caplog
):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {**dict.fromkeys(CHECKS, "ok"), "cache": "unavailable", "broker": "unavailable"},
    }
    raw = response.content.decode()
    assert "127.0.0.1" not in raw
    assert "Error" not in raw
    # The detail is for the operators, in the log.
    assert "Readiness check broker failed" in caplog.text


@pytest.mark.django_db
def test_readiness_is_json_whatever_the_client_accepts(client):
    response = client.get("/readyz", HTTP_ACCEPT="text/html")
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["status"] == "ok"
