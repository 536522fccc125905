"""Two of everything on one PostgreSQL and one Redis behave as one (issue #15).

Two gunicorn servers (production settings, one worker each, as two machines
behind a load balancer) and two Celery workers share the test database and
Redis. Nothing that must be shared lives in a process's memory:

- the sign-in rate limit counts failures across both servers (Redis);
- a cart put together on one server is the cart on the other (the session
  and the checkout are rows in PostgreSQL, the session cookie is signed with
  the one SECRET_KEY);
- a sign-in on one server is valid on the other;
- a product change is re-indexed once, whichever worker takes the outbox
  message, however many times it is handed over.
"""

import json
import time
import urllib.parse
import uuid

import pytest
from django.db import connection

from catalog.models import Product
from catalog.search.backends import search_products
from catalog.search.interface import SearchQuery
from config.celery_app import app as celery_app
from orders.models import CheckoutLine
from shop.models import OutboxMessage
from tests.servers import (
    celery_worker,
    collectstatic,
    cookies_of,
    gunicorn,
    production_env,
    request,
)

HOST = "toko.test"  # both servers answer for one site name, as behind a load balancer
SITE = {"Host": HOST}
TOKEN_CREATE = """mutation($e: String!, $p: String!) { tokenCreate(email: $e, password: $p) {
  token errors { code } } }"""


@pytest.fixture
def site(tmp_path):
    """Two gunicorn servers and two Celery workers (own queue) on the test database."""
    queue = f"scale-out-{time.monotonic_ns()}"
    env = production_env(tmp_path, ALLOWED_HOSTS=f"127.0.0.1,{HOST}")
    collectstatic(env)
    with (
        gunicorn(env, tmp_path / "a.log") as a,
        gunicorn(env, tmp_path / "b.log") as b,
        celery_worker(env, tmp_path / "w1.log", name="w1", queue=queue) as w1,
        celery_worker(env, tmp_path / "w2.log", name="w2", queue=queue) as w2,
    ):
        yield {"a": a, "b": b, "queue": queue, "workers": (w1, w2), "logs": tmp_path}


def _gql(base: str, query: str, variables: dict) -> dict:
    status, _headers, text = request(
        f"{base}/graphql/",
        data=json.dumps({"query": query, "variables": variables}).encode(),
        headers={**SITE, "Content-Type": "application/json"},
    )
    assert status == 200, text
    return json.loads(text)["data"]


def _cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def _form_post(base: str, path: str, fields: dict, cookies: dict, referer: str):
    """POST a page form as a browser does: cookies, CSRF token, same-site Referer."""
    return request(
        f"{base}{path}",
        data=urllib.parse.urlencode(fields).encode(),
        headers={
            **SITE,
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": _cookie_header(cookies),
            "Referer": f"https://{HOST}{referer}",
        },
    )


def _errors(body: str) -> str:
    """The form's error texts (for a failing assertion's message)."""
    import re

    return " | ".join(re.findall(r'class="[^"]*error[^"]*"[^>]*>([^<]{3,200})', body))


def _csrf(body: str) -> str:
    marker = 'name="csrfmiddlewaretoken" value="'
    start = body.index(marker) + len(marker)
    return body[start : body.index('"', start)]


# Committed rows (the servers are other processes); serialized_rollback restores the
# migrations' data (regions, groups, categories) for the tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.worker
@pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")  # send_task is meant
def test_two_servers_and_two_workers_behave_as_one(site, tenun, make_user, settings):
    # Passwords hashed as production checks them (the test settings' fast hasher is not
    # among production's).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    a, b = site["a"], site["b"]
    variant = tenun.variants.get()
    # Redis outlives the test database: an address of this run only (fresh counter).
    ina = f"ina-{uuid.uuid4().hex[:8]}@contoh.id"
    make_user(email=ina, password="tenun-ikat-sikka")

    # 1. Sign-in rate limit: five failures alternating between the servers, then both
    #    refuse, even the right password (per-process counters would allow 3 + 3).
    for i in range(settings.LOGIN_MAX_FAILURES):
        server = (a, b)[i % 2]
        payload = _gql(server, TOKEN_CREATE, {"e": ina, "p": "salah"})["tokenCreate"]
        assert payload["errors"] == [{"code": "INVALID_CREDENTIALS"}]
    for server in (b, a):
        payload = _gql(server, TOKEN_CREATE, {"e": ina, "p": "tenun-ikat-sikka"})
        assert payload["tokenCreate"]["errors"] == [{"code": "TOO_MANY_ATTEMPTS"}]

    # 2. A cart made on A is the cart on B.
    status, headers, page = request(f"{a}/produk/{tenun.slug}/", headers=SITE)
    assert status == 200
    cookies = cookies_of(headers)
    status, headers, _ = _form_post(
        a,
        "/keranjang/tambah/",
        {"csrfmiddlewaretoken": _csrf(page), "variant": variant.pk, "quantity": 2},
        cookies,
        f"/produk/{tenun.slug}/",
    )
    assert status == 302
    cookies |= cookies_of(headers)
    assert "sessionid" in cookies
    status, _, cart = request(
        f"{b}/keranjang/", headers={**SITE, "Cookie": _cookie_header(cookies)}
    )
    assert status == 200
    assert tenun.name in cart
    # ... and B changes it: A sees the change.
    status, headers, _ = _form_post(
        b,
        "/keranjang/ubah/",
        {"csrfmiddlewaretoken": _csrf(cart), "variant": variant.pk, "quantity": 3},
        cookies,
        "/keranjang/",
    )
    assert status == 302
    assert list(CheckoutLine.objects.values_list("variant_id", "quantity")) == [(variant.pk, 3)]

    # 3. A session signed in on B is valid on A (and a visitor without it is sent to sign in).
    make_user(email="maria@contoh.id", password="kopi-lamaknen-belu")
    status, headers, login = request(f"{b}/masuk/", headers=SITE)
    fresh = cookies_of(headers)
    status, headers, _ = _form_post(
        b,
        "/masuk/",
        {
            "csrfmiddlewaretoken": _csrf(login),
            "username": "maria@contoh.id",
            "password": "kopi-lamaknen-belu",
        },
        fresh,
        "/masuk/",
    )
    assert status == 302, _ if status != 200 else _errors(_)
    signed_in = fresh | cookies_of(headers)
    status, _, _ = request(f"{a}/pesanan/", headers={**SITE, "Cookie": _cookie_header(signed_in)})
    assert status == 200
    assert request(f"{a}/pesanan/", headers=SITE)[0] == 302

    # 4. A product change is indexed once, by whichever worker takes it, though the
    #    message is handed over four times (sweeper and task racing, a redelivery).
    Product.objects.filter(pk=tenun.pk).update(name="Sarung zanzibarikat Sikka")
    assert search_products(SearchQuery(text="zanzibarikat")).ids == []
    message = OutboxMessage.objects.create(
        kind=OutboxMessage.Kind.WORK,
        handler="catalog.search.tasks.product_index",
        kwargs={"product_ids": [tenun.pk]},
    )
    for _ in range(4):
        celery_app.send_task(
            "shop.tasks.outbox_deliver", kwargs={"message_id": message.pk}, queue=site["queue"]
        )
    deadline = time.monotonic() + 60
    while True:
        message.refresh_from_db()
        if message.delivered_at is not None or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert message.delivered_at is not None, "no worker delivered the message"
    time.sleep(2)  # the other hand-overs arrive, find it stamped, do nothing
    message.refresh_from_db()
    assert message.attempts == 1
    connection.close()  # read what the workers committed with a fresh snapshot
    assert search_products(SearchQuery(text="zanzibarikat")).ids == [tenun.pk]
    received = [
        (site["logs"] / f"{w}.log").read_text().count("outbox_deliver") for w in ("w1", "w2")
    ]
    assert sum(received) >= 4
