"""The ``products`` query and the storefront pages, beside hand-written views of the same
data (issue #15), served by the same Django stack in the same run.

- ``products(first: 100, sortBy: NAME)`` through ``/graphql/`` (the whole view: limits,
  parsing, validation, execution, dataloaders) beside ``bench/floors.py``'s JSON view
  taking the same page of ids from ``search_products`` (no facets, no suggestions) and
  the same fields with ``select_related``/``prefetch_related``; queries at 1 and at 100
  rows (constant) and the same query selecting ``facets``.
- ``/produk/`` (first page, facets) and a product page beside a minimal template of
  the same data; each page's size before images (target under 100 KB).

Target: p50 within 2x of the floor's p50. It times the products a ``search_bench.py
--keep`` run left (``make bench`` runs that first); with none, it generates
``--products`` of them and deletes them at the end.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ovop_bench .venv/bin/python bench/api_bench.py
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DEBUG", "0")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench import search_bench  # noqa: E402
from bench.protocol import emit, emit_ratio, interleaved, percentiles  # noqa: E402
from catalog.models import Product  # noqa: E402
from catalog.selectors import products_visible  # noqa: E402
from shop.rows import is_postgres  # noqa: E402

PRODUCTS = """query($first: Int) { products(first: $first, sortBy: {field: NAME}) {
  totalCount edges { node { id name slug seller { name } category { name }
  originVillage { name } variants { sku price { amount } } } } } }"""
WITH_FACETS = """query($first: Int) { products(first: $first, sortBy: {field: NAME}) {
  totalCount facets { name values { key label count } }
  edges { node { id name slug } } } }"""
PAGE_LIMIT_BYTES = 100 * 1024
RATIO = 2


def graphql(client: Client, query: str, first: int):
    response = client.post(
        "/graphql/",
        {"query": query, "variables": {"first": first}},
        content_type="application/json",
    )
    body = response.json()
    assert response.status_code == 200, body
    assert not body.get("errors"), body
    return body


def get(client: Client, url: str):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


def queries_of(fn) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--products", type=int, default=5000, help="when none are there")
    args = parser.parse_args()
    if not is_postgres():
        sys.exit("Run against PostgreSQL: set DATABASE_URL=postgres://...")
    # the real URLs and the floors beside them; no collectstatic here: plain static
    # URLs instead of the manifest's hashed names (override_settings resets the caches)
    override_settings(
        ELASTICSEARCH_URL="",
        ROOT_URLCONF="bench.floors",
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ).enable()
    generated = False
    if not Product.objects.filter(slug__regex=search_bench.PRODUCT_SLUGS).exists():
        search_bench.index(search_bench.generate(args.products))
        generated = True
    try:
        run(args.runs)
    finally:
        if generated:
            search_bench.cleanup()


def run(runs: int) -> None:
    client = Client(SERVER_NAME="localhost")
    # the same page of products the two answer
    api = graphql(client, PRODUCTS, 100)["data"]["products"]
    floor = get(client, "/bench-floor/products.json?first=100").json()["data"]["products"]
    assert [e["node"]["id"] for e in api["edges"]] == [e["node"]["id"] for e in floor["edges"]]
    assert api["totalCount"] == floor["totalCount"]
    visible = products_visible().filter(slug__regex=search_bench.PRODUCT_SLUGS)
    slug = visible.filter(variants__isnull=False).order_by("pk").values_list("slug", flat=True)[0]
    paths = {
        "api": lambda: graphql(client, PRODUCTS, 100),
        "api floor": lambda: get(client, "/bench-floor/products.json?first=100"),
        "api facets": lambda: graphql(client, WITH_FACETS, 100),
        "list": lambda: get(client, "/produk/"),
        "list floor": lambda: get(client, "/bench-floor/produk/"),
        "detail": lambda: get(client, f"/produk/{slug}/"),
        "detail floor": lambda: get(client, f"/bench-floor/produk/{slug}/"),
    }
    samples = interleaved(paths, runs)
    at_1 = queries_of(lambda: graphql(client, PRODUCTS, 1))
    at_100 = queries_of(lambda: graphql(client, PRODUCTS, 100))
    print(f"products query: {at_1} queries at 1 row, {at_100} at 100 rows")
    emit_ratio(
        "products query, 100 rows (GraphQL) vs JSON view",
        samples["api"],
        samples["api floor"],
        limit=RATIO,
        queries=at_100,
    )
    emit(
        "products query, queries at 1 and 100 rows",
        p50_ms=None,
        p95_ms=None,
        queries=f"{at_1} / {at_100}",
        target="constant in page size",
        passed=at_1 == at_100,
    )
    p50, p95 = percentiles(samples["api facets"])
    emit(
        "products query, 100 rows + facets (not in target)",
        p50_ms=p50,
        p95_ms=p95,
        throughput=1000 / p50,
        queries=queries_of(lambda: graphql(client, WITH_FACETS, 100)),
    )
    for key, label, url in (
        ("list", "/produk/ (24 products, facets)", "/produk/"),
        ("detail", "product page /produk/<slug>/", f"/produk/{slug}/"),
    ):
        size = len(get(client, url).content)
        print(f"{url}: {size:,} bytes before images (target < {PAGE_LIMIT_BYTES:,})")
        emit_ratio(
            f"{label} vs minimal template",
            samples[key],
            samples[f"{key} floor"],
            limit=RATIO,
            queries=queries_of(lambda url=url: get(client, url)),
        )
        emit(
            f"{label}: page size {size / 1024:.1f} KB",
            p50_ms=None,
            p95_ms=None,
            target="< 100 KB before images",
            passed=size < PAGE_LIMIT_BYTES,
        )


if __name__ == "__main__":
    main()
