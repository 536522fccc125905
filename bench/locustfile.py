"""The store under load: browsing visitors and a few buyers, as ``bench/load_test.py`` runs it.

Browsers (9 in 10) look at the home page, search, the product list, product
pages and the ``products`` GraphQL query a mobile client sends, with 1-3 s
between clicks; each also opens ``/bench/floor/`` now and then, the
hand-written page the same gunicorn serves (the floor). Buyers (1 in 10) put
a product in the cart on the pages (session and CSRF as a browser does),
open the cart, and check out over GraphQL with the DUMMY gateway: create,
shipping per lembaga, payment, complete.

Reads the products to visit from the JSON file ``LOADTEST_DATA`` (written by
load_test.py): ``[{"slug", "variant", "seller", "method"}, ...]``; with
``LOADTEST_SAMPLES`` set, appends every response time to that file. Loopback only.
"""

import json
import os
import random
import re
from pathlib import Path

from locust import HttpUser, between, events, task

SAMPLES_PATH = os.environ.get("LOADTEST_SAMPLES")
# Open for the whole run (locust has no end hook that every exit passes through).
SAMPLES = open(SAMPLES_PATH, "a", encoding="utf-8") if SAMPLES_PATH else None  # noqa: SIM115


@events.request.add_listener
def _sample(name, response_time, exception, **kwargs):
    """Every response time (ms), for exact percentiles over a group of requests."""
    if SAMPLES is not None:
        SAMPLES.write(f"{name}\t{response_time:.1f}\t{int(exception is not None)}\n")
        SAMPLES.flush()  # locust may end without closing files


DATA = json.loads(Path(os.environ["LOADTEST_DATA"]).read_text(encoding="utf-8"))
WORDS = ["kopi", "tenun", "madu", "sopi", "garam", "jagung", "kain ikat", "coffee", "ntt"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

PRODUCTS = """query($first: Int) { products(first: $first, sortBy: {field: NAME}) {
  totalCount edges { node { id name slug seller { name } variants { id price { amount } } } } } }"""
CREATE = """mutation($input: CheckoutCreateInput!) { checkoutCreate(input: $input) {
  checkout { token total { amount } } errors { code } } }"""
SHIPPING = """mutation($t: String!, $s: ID!, $m: ID!) { checkoutShippingMethodUpdate(
  token: $t, seller: $s, method: $m) { errors { code } } }"""
PAY = """mutation($t: String!) { checkoutPaymentCreate(token: $t, gateway: DUMMY) {
  payment { status } errors { code } } }"""
COMPLETE = """mutation($t: String!) { checkoutComplete(token: $t) {
  orders { number } errors { code } } }"""
ADDRESS = {
    "name": "Pembeli Uji Beban",
    "phone": "081234567890",
    "street": "Jl. El Tari No. 5",
    "villageCode": "53.71.01.1001",
    "postalCode": "85228",
}


class Browser(HttpUser):
    """A visitor browsing the catalogue."""

    weight = 9
    wait_time = between(1, 3)

    @task(2)
    def home(self):
        self.client.get("/", name="home")

    @task(2)
    def search(self):
        self.client.get("/produk/", params={"q": random.choice(WORDS)}, name="search")

    @task(3)
    def product_list(self):
        self.client.get("/produk/", name="list")

    @task(3)
    def product_page(self):
        self.client.get(f"/produk/{random.choice(DATA)['slug']}/", name="product page")

    @task(1)
    def products_query(self):
        self.client.post(
            "/graphql/", json={"query": PRODUCTS, "variables": {"first": 20}}, name="products query"
        )

    @task(1)
    def floor(self):
        self.client.get("/bench/floor/", name="floor (hand-written)")


class Buyer(HttpUser):
    """A visitor who puts a product in the cart and checks out (DUMMY payment)."""

    weight = 1
    wait_time = between(1, 3)

    def _gql(self, query: str, variables: dict, name: str) -> dict:
        with self.client.post(
            "/graphql/",
            json={"query": query, "variables": variables},
            name=name,
            catch_response=True,
        ) as response:
            try:
                data = response.json()["data"]
                payload = next(iter(data.values()))
            except (ValueError, KeyError, TypeError, StopIteration):
                response.failure("no data")
                return {}
            if payload.get("errors"):
                response.failure(str(payload["errors"]))
            return payload

    @task
    def buy(self):
        item = random.choice(DATA)
        page = self.client.get(f"/produk/{item['slug']}/", name="product page")
        token = CSRF.search(page.text)
        if token:
            self.client.post(
                "/keranjang/tambah/",
                data={
                    "csrfmiddlewaretoken": token.group(1),
                    "variant": item["variant_pk"],
                    "quantity": 1,
                },
                headers={"Referer": page.url},
                name="cart add",
            )
        self.client.get("/keranjang/", name="cart")
        created = self._gql(
            CREATE,
            {
                "input": {
                    "lines": [{"variant": item["variant"], "quantity": 1}],
                    "email": "beban@contoh.id",
                    "shippingAddress": ADDRESS,
                }
            },
            "checkout create",
        )
        checkout = created.get("checkout") or {}
        if not checkout.get("token"):
            return
        self._gql(
            SHIPPING,
            {"t": checkout["token"], "s": item["seller"], "m": item["method"]},
            "checkout shipping",
        )
        self._gql(PAY, {"t": checkout["token"]}, "checkout pay")
        self._gql(COMPLETE, {"t": checkout["token"]}, "checkout complete")
