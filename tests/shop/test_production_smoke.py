"""The production build, as deployed: ``collectstatic`` with the manifest storage, then
gunicorn under ``config.settings.production`` serving pages, the API and the health
endpoints over HTTPS (as the TLS-terminating proxy forwards them).

Runs in every ``make test`` so that a broken production build never lands again
(issue #10: a missing source map stopped ``collectstatic`` and every page answered 500).
"""

import json
import time

import pytest

from tests.servers import collectstatic, request
from tests.servers import gunicorn as running_gunicorn
from tests.servers import production_env as _production_env


def _request(url: str, **kwargs):
    """One request, redirects not followed: (status, headers as a dict, body)."""
    status, headers, body = request(url, **kwargs)
    return status, dict(headers), body


@pytest.fixture
def product(tenun):
    """Committed (the test's database is transactional), so that gunicorn sees it."""
    return tenun


@pytest.fixture
def gunicorn(tmp_path, product):
    """collectstatic into a temporary STATIC_ROOT, then gunicorn on a free loopback port."""
    env = _production_env(tmp_path)
    collectstatic(env)
    assert (tmp_path / "static" / "staticfiles.json").exists()
    with running_gunicorn(env, tmp_path / "gunicorn.log") as base:
        yield base


# Committed data, as the browser tests; serialized_rollback restores the migrations' data
# (regions, groups, categories) after the flush for the tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_production_build_serves_pages_api_and_health_under_gunicorn(gunicorn, product, tmp_path):
    base = gunicorn

    status, headers, html = _request(f"{base}/")
    assert status == 200, html
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    csp = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self' https://js.stripe.com" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    # The manifest storage names static files by their content.
    assert "/static/css/site." in html
    assert '/static/css/site.css"' not in html

    status, _headers, html = _request(f"{base}/produk/{product.slug}/")
    assert status == 200, html
    assert "Tenun Ikat Sikka" in html

    # A hashed static file is served by WhiteNoise with a far-future cache.
    css = html.split('href="/static/css/site.', 1)[1].split('"', 1)[0]
    status, headers, _body = _request(f"{base}/static/css/site.{css}")
    assert status == 200
    assert "immutable" in headers["Cache-Control"]

    status, _headers, body = _request(
        f"{base}/graphql/",
        data=json.dumps(
            {
                "query": "query($slug: String!) { product(slug: $slug) { name } }",
                "variables": {"slug": product.slug},
            }
        ).encode(),
        headers={"Content-Type": "application/json"},
    )
    assert status == 200, body
    assert json.loads(body) == {"data": {"product": {"name": "Tenun Ikat Sikka"}}}

    status, _headers, body = _request(f"{base}/healthz")
    assert (status, json.loads(body)) == (200, {"status": "ok"})
    status, _headers, body = _request(f"{base}/readyz")
    assert status == 200, body
    assert json.loads(body)["status"] == "ok"

    # Plain HTTP is sent to HTTPS, except the probes of the balancer.
    status, headers, _body = _request(f"{base}/", headers={"X-Forwarded-Proto": "http"})
    assert (status, headers["Location"]) == (301, f"https://127.0.0.1:{base.rsplit(':', 1)[1]}/")
    assert _request(f"{base}/readyz", headers={"X-Forwarded-Proto": "http"})[0] == 200

    # Logs are one JSON object per line, carrying the request id.
    status, headers, _body = _request(
        f"{base}/tidak-ada/", headers={"X-Request-ID": "smoke-request-0001"}
    )
    assert (status, headers["X-Request-ID"]) == (404, "smoke-request-0001")
    deadline = time.monotonic() + 5
    while True:
        records = [
            json.loads(line)
            for line in (tmp_path / "gunicorn.log").read_text().splitlines()
            if line.startswith("{")
        ]
        not_found = [r for r in records if r.get("request_id") == "smoke-request-0001"]
        if not_found or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert not_found, (tmp_path / "gunicorn.log").read_text()
    assert not_found[0]["level"] == "WARNING"
    assert not_found[0]["logger"] == "django.request"
    assert not_found[0]["message"] == "Not Found: /tidak-ada/"
    assert not_found[0]["status_code"] == 404
