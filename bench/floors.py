"""Hand-written views of the same data the ``products`` query and the storefront pages
show: the floors of ``bench/api_bench.py``.

They take the same search result (``search_products``), load the same fields with
``select_related``/``prefetch_related`` and answer JSON or a minimal template - no
GraphQL, no context processors, no base template. They are served beside the real
URLs by ``bench.urls`` (the benchmark's URLconf), through the same middleware.
"""

from django.db.models import Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.template import engines
from django.urls import include, path
from graphql_relay import to_global_id

from catalog.models import Product
from catalog.search import SearchQuery, search_products
from catalog.selectors import products_visible, variants_with_availability

LIST_TEMPLATE = engines["django"].from_string(
    """<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Produk</title></head>
<body><h1>{{ total }} produk</h1>
<ul>{% for name, facet in facets.items %}<li>{{ name }}:{% for f in facet %}
 {{ f.label }} ({{ f.count }}){% endfor %}</li>{% endfor %}</ul>
<ul>{% for p in products %}<li><a href="/produk/{{ p.slug }}/">{{ p.name }}</a>
{{ p.seller.name }}, {{ p.origin_village.district.regency.short_name }},
{{ p.category.name }}{% for v in p.variants.all %} Rp {{ v.price }}{% endfor %}
{% for m in p.media.all %}<img src="{{ m.image.url }}" alt="">{% endfor %}
{% for c in p.certificates.all %}{{ c.type }} {% endfor %}
{% for c in p.seller.certificates.all %}{{ c.type }} {% endfor %}</li>
{% endfor %}</ul></body></html>"""
)

DETAIL_TEMPLATE = engines["django"].from_string(
    """<!doctype html><html lang="id"><head><meta charset="utf-8"><title>{{ p.name }}</title>
</head><body><h1>{{ p.name }}</h1><p>{{ p.description }}</p>
<p>{{ p.seller.name }}, {{ p.origin_village.name }},
{{ p.origin_village.district.regency.short_name }}; {{ p.category.name }}</p>
<ul>{% for v in p.variants.all %}<li>{{ v.sku }} {{ v.name }} Rp {{ v.price }}
({{ v.quantity_available }})</li>{% endfor %}
</ul><ul>{% for c in p.certificates.all %}<li>{{ c.type }} {{ c.number }}</li>{% endfor %}
</ul>{% for m in p.media.all %}<img src="{{ m.image.url }}" alt="">{% endfor %}
<p>{% for v in p.buffer_villages.all %}{{ v.name }} {% endfor %}</p>
<p>{{ p.seller.village.name }}, {{ p.seller.village.district.regency.short_name }}</p>
<ul>{% for c in p.seller.certificates.all %}<li>{{ c.type }} {{ c.number }}</li>{% endfor %}</ul>
</body></html>"""
)

PAGE_SIZE = 24  # the storefront list's page size (catalog.views.PAGE_SIZE)


def products_json(request):
    """The ``products(first: N, sortBy: NAME)`` answer of ``api_bench.PRODUCTS``."""
    first = int(request.GET.get("first", 100))
    result = search_products(
        SearchQuery(sort="NAME", limit=first, with_facets=False, with_suggestions=False)
    )
    rows = {
        p.pk: p
        for p in Product.objects.filter(pk__in=result.ids)
        .select_related("seller", "category", "origin_village")
        .prefetch_related("variants")
    }
    edges = [
        {
            "node": {
                "id": to_global_id("Product", p.pk),
                "name": p.name,
                "slug": p.slug,
                "seller": {"name": p.seller.name},
                "category": {"name": p.category.name},
                "originVillage": {"name": p.origin_village.name},
                "variants": [
                    {"sku": v.sku, "price": {"amount": v.price}} for v in p.variants.all()
                ],
            }
        }
        for p in (rows[pk] for pk in result.ids if pk in rows)
    ]
    return JsonResponse({"data": {"products": {"totalCount": result.total, "edges": edges}}})


def product_list(request):
    """The first page of ``/produk/``: the same search (facets too), what a card shows
    (prices, images, the product's and the seller's certificates), a minimal page."""
    result = search_products(SearchQuery(limit=PAGE_SIZE))
    rows = {
        p.pk: p
        for p in Product.objects.filter(pk__in=result.ids)
        .select_related("seller", "category__parent", "origin_village__district__regency")
        .prefetch_related("variants", "media", "certificates", "seller__certificates")
    }
    products = [rows[pk] for pk in result.ids if pk in rows]
    return HttpResponse(
        LIST_TEMPLATE.render({"products": products, "total": result.total, "facets": result.facets})
    )


def product_detail(request, slug: str):
    """``/produk/<slug>/``: the product, its variants (with the units available),
    its and its seller's certificates, images, buffer villages, the seller's place."""
    product = (
        products_visible()
        .filter(slug=slug)
        .select_related(
            "seller__village__district__regency",
            "category__parent",
            "origin_village__district__regency",
        )
        .prefetch_related(
            Prefetch("variants", queryset=variants_with_availability()),
            "media",
            "certificates",
            "seller__certificates",
            "buffer_villages",
        )
        .first()
    )
    if product is None:
        raise Http404
    return HttpResponse(DETAIL_TEMPLATE.render({"p": product}))


urlpatterns = [
    path("bench-floor/products.json", products_json),
    path("bench-floor/produk/", product_list),
    path("bench-floor/produk/<slug:slug>/", product_detail),
    path("", include("config.urls")),
]
