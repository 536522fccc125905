"""The store's WSGI application plus ``/bench/floor/``: a hand-written page served by the
same gunicorn workers, the floor the load test prints beside every step.

The floor reads the same first page of published products as ``/produk/`` (name,
price, seller, kabupaten) in one query and writes a minimal HTML list: no template
engine, middleware, session, facets or images. What the store costs above it is the
price of everything else a real page does.
"""

import html

from config.wsgi import application as store  # sets Django up

FLOOR_PATH = "/bench/floor/"
PAGE = 24


def _floor(start_response):
    from catalog.models import Product  # once Django is set up

    rows = (
        Product.objects.filter(is_published=True, seller__status="ACTIVE")
        .order_by("name", "pk")
        .values_list("name", "slug", "seller__name", "seller__village__district__regency__name")[
            :PAGE
        ]
    )
    items = "".join(
        f'<li><a href="/produk/{html.escape(slug)}/">{html.escape(name)}</a>'
        f" {html.escape(seller)}, {html.escape(regency)}</li>"
        for name, slug, seller, regency in rows
    )
    body = f"<!doctype html><title>Produk</title><ul>{items}</ul>".encode()
    start_response(
        "200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))]
    )
    return [body]


def application(environ, start_response):
    if environ.get("PATH_INFO") == FLOOR_PATH:
        return _floor(start_response)
    return store(environ, start_response)
