"""Catalog pages: the public product list and page, the seller portal, the review queue."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sellers.models import Seller
from sellers.selectors import regency_list, sellers_for_user
from shop.access import Access, require
from shop.form_errors import form_errors_add
from shop.held_files import HeldFilesMixin
from shop.money import CURRENCY, format_idr, parse_idr
from shop.private_files import private_file_response, request_viewer

from . import legality, selectors, services
from .forms import (
    CertificateForm,
    DesignationForm,
    MediaForm,
    ProductForm,
    ReviewForm,
    SellerCertificateForm,
    StockForm,
    VariantForm,
    VariantUpdateForm,
)
from .models import Certificate, CertificateType, Product, ProductVariant
from .offers import campaign_prices, campaign_variant_prices_attach
from .search import SearchQuery, search_products, spelling_suggestion
from .search.common import PRICE_BANDS
from .templatetags.catalog_tags import thumbnail_url

PAGE_SIZE = 24
# Past this page a number in ``?halaman=`` is refused: it would only make an absurd SQL OFFSET.
MAX_PAGE = 10_000
SORTS = {
    "": ("RELEVANCE", False),
    "nama": ("NAME", False),
    "harga": ("PRICE", False),
    "harga-tertinggi": ("PRICE", True),
    "terbaru": ("CREATED", True),
    "ulasan": ("RATING", True),
    "terlaris": ("BEST_SELLING", True),
}


FACET_PARAMS = {"regency": "kabupaten", "category": "kategori", "certificate": "sertifikat"}


def _facet_links(params, facets: dict, categories) -> list[dict]:
    """Each facet value as a link that narrows the list to it (or, when on, widens it
    again), keeping the other filters and the sort; page 1."""
    slugs = {str(c.pk): c.slug for c in categories}
    bands = {key: (low, high) for key, low, high in PRICE_BANDS}
    groups = []
    for name, values in facets.items():
        links = []
        for f in values:
            keep = params.copy()
            keep.pop("halaman", None)
            if name == "price":
                if f.key not in bands:
                    continue
                low, high = bands[f.key]
                wanted = {"harga_min": str(low), "harga_maks": str(high - 1) if high else ""}
            else:
                value = slugs.get(f.key, "") if name == "category" else f.key
                wanted = {FACET_PARAMS[name]: value}
            active = all(params.get(k, "") == v for k, v in wanted.items())
            for k, v in wanted.items():
                if active or not v:
                    keep.pop(k, None)
                else:
                    keep[k] = v
            links.append({"facet": f, "url": f"?{keep.urlencode()}", "active": active})
        if links:
            groups.append({"name": name, "links": links})
    return groups


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def product_list(request: HttpRequest) -> HttpResponse:
    """Search and filter published products; ids, total and facets come from the search."""
    params = request.GET
    categories = list(selectors.category_list())
    category = next((c for c in categories if c.slug == params.get("kategori")), None)
    page_number = max(_int(params.get("halaman")) or 1, 1)
    errors: list[str] = []
    if page_number > MAX_PAGE:
        errors.append(_("Nomor halaman terlalu besar (paling banyak %(max)d).") % {"max": MAX_PAGE})
        page_number = 1
    price_bounds = {}
    for key in ("harga_min", "harga_maks"):
        try:
            price_bounds[key] = parse_idr(params.get(key))
        except ValidationError as error:
            label = _("Harga min") if key == "harga_min" else _("Harga maks")
            errors.append(f"{label}: {error.messages[0]}")
            price_bounds[key] = None
    sort, descending = SORTS.get(params.get("urut", ""), SORTS[""])
    certificate = params.get("sertifikat") or ""
    query = SearchQuery(
        text=(params.get("q") or "").strip()[:200],
        regency=params.get("kabupaten") or None,
        zone=_int(params.get("zona")),
        category=category.pk if category else None,
        certifications=(certificate,) if certificate in CertificateType.values else (),
        price_gte=price_bounds["harga_min"],
        price_lte=price_bounds["harga_maks"],
        in_stock=True if params.get("tersedia") else None,
        ovop_designated=True if params.get("ovop") else None,
        sort=sort,
        descending=descending,
        offset=(page_number - 1) * PAGE_SIZE,
        limit=PAGE_SIZE,
    )
    result = None
    if not errors:
        try:
            result = search_products(query)
        except ValidationError as error:
            errors = list(error.messages)
    capped = False
    if errors:
        # A bad filter is the visitor's mistake: say what is wrong, show nothing, answer 400.
        products, total, facets = [], 0, {}
    else:
        products = selectors.products_by_ids(result.ids)
        total, facets, capped = result.total, result.facets, result.total_capped
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    keep = params.copy()
    keep.pop("halaman", None)
    return render(
        request,
        "catalog/product_list.html",
        {
            "products": products,
            "total": total,
            # a text search counts up to 10,000 matches: "10.000+ produk"
            "total_capped": capped,
            "total_shown": f"{total:,}".replace(",", "."),
            "facets": facets,
            "facet_links": _facet_links(params, facets, categories) if facets else [],
            # Nothing found: a spelling that would find something, and where to look.
            "spelling": spelling_suggestion(query.text) if not total and query.text else "",
            "popular_categories": selectors.categories_popular() if not total else [],
            "errors": errors,
            "query": query,
            "params": params,
            "categories": categories,
            "regencies": list(regency_list()),
            "zones": list(selectors.zone_choices()),
            "facet_labels": {
                "regency": _("Kabupaten/kota"),
                "category": _("Kategori"),
                "certificate": _("Sertifikat"),
                "price": _("Harga"),
            },
            "certificate_types": CertificateType.choices,
            "page": page_number,
            "pages": pages,
            "keep": keep.urlencode(),
            # Search results and filtered lists are not pages to index; a category is.
            "noindex": any(v for k, v in params.items() if k not in ("kategori", "halaman")),
            "canonical_query": f"?kategori={category.slug}" if category else "",
            "sorts": [
                ("", _("Paling relevan")),
                ("nama", _("Nama")),
                ("harga", _("Harga terendah")),
                ("harga-tertinggi", _("Harga tertinggi")),
                ("terbaru", _("Terbaru")),
                ("ulasan", _("Penilaian tertinggi")),
                ("terlaris", _("Terlaris")),
            ],
        },
        status=400 if errors else 200,
    )


def product_json_ld(
    *, product: Product, url: str, image_url: str, prices: list[int], is_available: bool
) -> str:
    """schema.org Product with its price and availability, safe inside a ``<script>`` block."""
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.name,
        "description": product.description[:500],
        "url": url,
        "category": product.category.name,
        "brand": {"@type": "Organization", "name": product.seller.name},
    }
    if image_url:
        data["image"] = [image_url]
    if prices:
        availability = "InStock" if is_available else "OutOfStock"
        data["offers"] = {
            "@type": "AggregateOffer",
            "priceCurrency": CURRENCY,
            "lowPrice": min(prices),
            "highPrice": max(prices),
            "offerCount": len(prices),
            "availability": f"https://schema.org/{availability}",
            "url": url,
        }
    # "</script>" or "<!--" inside a name must not end the block.
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


def product_detail(request: HttpRequest, slug: str) -> HttpResponse:
    product, preview = selectors.product_get(user=request.user, slug=slug)
    if product is None:
        raise Http404
    variants = list(campaign_variant_prices_attach(product, list(product.variants.all())))
    prices = [v.price for v in variants]
    today = timezone.localdate()
    certificates = [
        c
        for c in selectors.product_all_certificates(product)
        if legality.certificate_is_valid(c, today)
    ]
    is_available = any(v.quantity_available > 0 for v in variants)
    media = list(product.media.all())
    image_url = request.build_absolute_uri(thumbnail_url(media[0], 800)) if media else ""
    # The storefront (shop's high part) may wrap the page with its buy box; the
    # catalog itself knows nothing of carts.
    return render(
        request,
        ["shop/product_detail.html", "catalog/product_detail.html"],
        {
            "image_url": image_url,
            "json_ld": product_json_ld(
                product=product,
                url=request.build_absolute_uri(request.path),
                image_url=image_url,
                prices=prices,
                is_available=is_available,
            ),
            "product": product,
            "preview": preview,
            "variants": variants,
            "price_min": min(prices) if prices else None,
            "price_max": max(prices) if prices else None,
            "campaign_price": campaign_prices([product]).get(product.pk),
            "certificates": certificates,
            "min_buyer_age": legality.category_min_buyer_age(product.category),
            "restriction_note": product.category.restriction_note
            or (product.category.parent.restriction_note if product.category.parent else ""),
            "is_available": is_available,
            "first_available_variant": next(
                (v.pk for v in variants if v.quantity_available > 0), None
            ),
            "in_wishlist": selectors.product_in_wishlist(user=request.user, product=product),
        },
    )


@login_required
def wishlist(request: HttpRequest) -> HttpResponse:
    """The buyer's saved products; a POST adds or removes one, then goes back."""
    if request.method == "POST":
        product_id = request.POST.get("product", "")
        try:
            if request.POST.get("action") == "remove":
                services.wishlist_remove(user=request.user, product_id=product_id)
                messages.success(request, _("Produk dihapus dari wishlist."))
            else:
                services.wishlist_add(user=request.user, product_id=product_id)
                messages.success(request, _("Produk disimpan ke wishlist."))
        except ValidationError as exc:
            form_errors_add(exc, request=request)
        back = request.POST.get("next", "")
        # Only a page of this site (a path), never another host.
        if back.startswith("/") and not back.startswith("//"):
            return redirect(back)
        return redirect("catalog:wishlist")
    return render(
        request,
        "catalog/wishlist.html",
        {"products": selectors.wishlist_products(user=request.user)},
    )


# ------------------------------------------------------------------ portal


@login_required
def portal_products(request: HttpRequest) -> HttpResponse:
    sellers = list(sellers_for_user(user=request.user))
    products = selectors.products_of_sellers([s.pk for s in sellers])
    return render(
        request,
        "catalog/portal_products.html",
        {"sellers": sellers, "products": products},
    )


@login_required
def portal_product_create(request: HttpRequest, seller_slug: str) -> HttpResponse:
    seller = get_object_or_404(Seller, slug=seller_slug)
    require(Access(request.user).may_manage_seller(seller))
    form = ProductForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        try:
            product = services.product_create(
                user=request.user,
                seller=seller,
                category=data.pop("category"),
                name=data.pop("name"),
                **data,
            )
        except ValidationError as exc:
            form_errors_add(exc, form=form, request=request)
        else:
            messages.success(request, _("Produk disimpan sebagai draf."))
            return redirect("catalog:portal_product", pk=product.pk)
    return render(request, "catalog/portal_product_form.html", {"form": form, "seller": seller})


def _warn_unusual_price(request: HttpRequest, *, product: Product, price: int | None) -> None:
    """Flag a price far from the category's usual one: ``25.000`` meant, ``25`` typed."""
    if price is None:
        return
    median = selectors.price_is_unusual(
        price=price, category_id=product.category_id, exclude_product_id=product.pk
    )
    if median:
        messages.warning(
            request,
            _("Periksa harga %(price)s: produk %(category)s biasanya sekitar %(median)s.")
            % {
                "price": format_idr(price),
                "category": product.category.name,
                "median": format_idr(median),
            },
        )


@login_required
def portal_product(request: HttpRequest, pk: int) -> HttpResponse:
    """One page to edit a product: fields, variants, images, certificates, publication."""
    product = selectors.product_any_get(pk=pk)
    if product is None:
        raise Http404
    require(Access(request.user).may_manage_seller(product.seller))
    action = request.POST.get("action") if request.method == "POST" else None
    # Five forms on one page: each gets its own id prefix (the field names stay), so no
    # two inputs share an id and every label points at its own box.
    forms = {
        "product": ProductForm(
            request.POST if action == "product" else None,
            initial=ProductForm.initial_for(product),
            auto_id="product_%s",
        ),
        "variant": VariantForm(request.POST if action == "variant" else None, auto_id="variant_%s"),
        "variant_update": VariantUpdateForm(
            request.POST if action == "variant_update" else None, auto_id="variant_update_%s"
        ),
        "media": MediaForm(
            request.POST if action == "media" else None,
            request.FILES if action == "media" else None,
            auto_id="media_%s",
        ),
        "certificate": CertificateForm(
            request.POST if action == "certificate" else None,
            request.FILES if action == "certificate" else None,
            auto_id="certificate_%s",
        ),
    }
    done = None
    warn_price = None
    try:
        if action == "product" and forms["product"].is_valid():
            services.product_update(
                user=request.user, product=product, **forms["product"].service_data()
            )
            done = _("Produk diperbarui.")
        elif action == "variant" and forms["variant"].is_valid():
            services.product_variant_create(
                user=request.user, product=product, **forms["variant"].cleaned_data
            )
            done = _("Varian ditambahkan.")
            warn_price = forms["variant"].cleaned_data["price"]
        elif action == "variant_update" and forms["variant_update"].is_valid():
            data = dict(forms["variant_update"].cleaned_data)
            variant = get_object_or_404(ProductVariant, pk=data.pop("variant"), product=product)
            variant.product = product
            services.product_variant_update(user=request.user, variant=variant, **data)
            done = _("Varian diperbarui.")
            warn_price = data["price"]
        elif action == "media" and forms["media"].is_valid():
            services.product_media_create(
                user=request.user,
                product=product,
                image=forms["media"].cleaned_data["image"],
                alt=forms["media"].cleaned_data["alt"],
            )
            done = _("Gambar diunggah.")
        elif action == "certificate" and forms["certificate"].is_valid():
            services.certificate_create(
                user=request.user, product=product, **forms["certificate"].cleaned_data
            )
            done = _("Sertifikat dikirim untuk ditinjau.")
        elif action == "ovop_propose":
            services.product_assessment_submit(
                user=request.user, product=product, note=request.POST.get("note", "")[:2000]
            )
            done = _("Produk diusulkan sebagai calon produk OVOP; Dinas PMD akan menilainya.")
        elif action in ("publish", "withdraw"):
            services.product_publish(
                user=request.user, product=product, published=action == "publish"
            )
            done = (
                _("Produk diterbitkan.")
                if action == "publish"
                else _("Produk ditarik dari etalase.")
            )
    except ValidationError as exc:
        form_errors_add(exc, form=forms.get(action), request=request)
    if done:
        messages.success(request, done)
        _warn_unusual_price(request, product=product, price=warn_price)
        return redirect("catalog:portal_product", pk=product.pk)
    if isinstance(forms.get(action), HeldFilesMixin):  # an error: keep the chosen file
        forms[action].hold_files()
    missing = legality.product_missing_requirements(
        product, certificates=services.product_certificates(product)
    )
    return render(
        request,
        "catalog/portal_product.html",
        {
            "product": product,
            "forms": forms,
            "certificates": selectors.product_all_certificates(product),
            "missing": missing,
            "assessments": selectors.product_assessments(product=product),
            "events": selectors.product_events(product=product),
        },
        status=400 if action and not done else 200,
    )


@login_required
def portal_stock(request: HttpRequest) -> HttpResponse:
    """Stock of the seller's own location: set counts; every change is ledgered."""
    sellers = list(sellers_for_user(user=request.user))
    if not sellers:
        raise PermissionDenied
    seller = next((s for s in sellers if s.slug == request.GET.get("lembaga")), sellers[0])
    form = StockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        variant = get_object_or_404(
            ProductVariant.objects.select_related("product__seller"),
            pk=form.cleaned_data["variant"],
            product__seller=seller,
        )
        try:
            services.stock_set(
                user=request.user,
                variant=variant,
                quantity=form.cleaned_data["quantity"],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form_errors_add(exc, request=request, prefix=f"{variant.sku}: ")
        else:
            messages.success(request, _("Stok %(sku)s disimpan.") % {"sku": variant.sku})
            return redirect(reverse("catalog:portal_stock") + f"?lembaga={seller.slug}")
    return render(
        request,
        "catalog/portal_stock.html",
        {
            "seller": seller,
            "sellers": sellers,
            "rows": selectors.seller_stock_rows(seller=seller),
            "movements": selectors.stock_movements_recent(seller=seller),
            "reasons": StockForm.base_fields["reason"].choices,
        },
    )


@login_required
def portal_certificate_review(request: HttpRequest) -> HttpResponse:
    """Programme staff's queue of certificates waiting for review."""
    require(Access(request.user).may_review_certificates())
    if request.method == "POST":
        form = ReviewForm(request.POST)
        cert = get_object_or_404(Certificate, pk=_int(request.POST.get("certificate")) or 0)
        if form.is_valid():
            try:
                services.certificate_review(
                    user=request.user,
                    certificate=cert,
                    decision=form.cleaned_data["decision"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                form_errors_add(exc, request=request, prefix=f"{cert}: ")
            else:
                messages.success(request, _("Tinjauan %(cert)s disimpan.") % {"cert": cert})
        return redirect("catalog:portal_certificate_review")
    paginator = Paginator(selectors.certificates_pending(), 50)
    page = paginator.get_page(request.GET.get("halaman"))
    return render(request, "catalog/portal_certificate_review.html", {"page": page})


def certificate_document(request: HttpRequest, pk: int) -> FileResponse:
    """A certificate's scan, for those ``Access.may_see_certificate_document`` allows; 404 for others.

    Served as an attachment of the type its stored name says (the store chose
    it from the sniffed content), so a scan is never rendered as a page.
    """
    viewer = request_viewer(request)
    cert = (
        Certificate.objects.select_related("product__seller", "seller")
        .filter(pk=pk)
        .exclude(document="")
        .first()
    )
    if cert is None or viewer is None or not Access(viewer).may_see_certificate_document(cert):
        raise Http404
    return private_file_response(file=cert.document, download_name=f"{cert.type.lower()}-{cert.pk}")


@login_required
def portal_seller_certificates(request: HttpRequest, seller_slug: str) -> HttpResponse:
    """The lembaga's own certificates (NIB, trademark, geographical indication)."""
    seller = get_object_or_404(Seller, slug=seller_slug)
    require(Access(request.user).may_manage_seller(seller))
    form = SellerCertificateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.certificate_create(user=request.user, seller=seller, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_add(exc, form=form, request=request)
        else:
            messages.success(request, _("Sertifikat dikirim untuk ditinjau."))
            return redirect("catalog:portal_seller_certificates", seller_slug=seller.slug)
    if form.is_bound:
        form.hold_files()
    return render(
        request,
        "catalog/portal_seller_certificates.html",
        {
            "seller": seller,
            "form": form,
            "certificates": selectors.seller_certificates(seller=seller),
        },
        status=400 if request.method == "POST" else 200,
    )


# ------------------------------------------------------- OVOP designation (II.3)


@login_required
def ovop_assessment_queue(request: HttpRequest) -> HttpResponse:
    """Programme staff's list of OVOP candidates waiting for assessment."""
    require(Access(request.user).may_designate_ovop_products())
    return render(
        request,
        "catalog/ovop_assessment_queue.html",
        {"candidates": list(selectors.ovop_candidates())},
    )


@login_required
def ovop_assessment(request: HttpRequest, pk: int) -> HttpResponse:
    """Assess one candidate: criteria a-d with evidence, then a decree or a reason."""
    require(Access(request.user).may_designate_ovop_products())
    product = selectors.product_any_get(pk=pk)
    if product is None:
        raise Http404
    form = DesignationForm(
        request.POST or None, initial={"decree_issuer": services.DEFAULT_DECREE_ISSUER}
    )
    if request.method == "POST" and form.is_valid():
        try:
            product = services.product_designate(
                user=request.user, product=product, **form.service_data()
            )
        except ValidationError as exc:
            form_errors_add(exc, form=form, request=request)
        else:
            if product.ovop_status == Product.OvopStatus.DESIGNATED:
                messages.success(
                    request,
                    _("%(name)s ditetapkan sebagai produk OVOP.") % {"name": product.name},
                )
            else:
                messages.success(request, _("%(name)s tidak ditetapkan.") % {"name": product.name})
            return redirect("catalog:ovop_assessment_queue")
    return render(
        request,
        "catalog/ovop_assessment.html",
        {
            "product": product,
            "form": form,
            "assessments": selectors.product_assessments(product=product),
            "events": selectors.product_events(product=product),
        },
        status=400 if request.method == "POST" else 200,
    )


# ------------------------------------------------- zones and the potential map


def zone_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A zone's public page: production and buffer villages, lembaga, products."""
    page = selectors.zone_page(slug=slug)
    if page is None:
        raise Http404
    return render(request, "catalog/zone_detail.html", page)


def potential_map(request: HttpRequest) -> HttpResponse:
    """The province overview of the potential map (Pergub II.2): the 22 kabupaten/kota."""
    rows = selectors.province_potential()
    return render(
        request,
        "catalog/potential_map.html",
        {
            "rows": rows,
            "totals": {
                key: sum(r[key] for r in rows)
                for key in ("zones", "designated", "candidates", "lembaga")
            },
        },
    )


def potential_regency(request: HttpRequest, code: str) -> HttpResponse:
    """One kabupaten's potential: zones, commodities, products, lembaga."""
    page = selectors.regency_potential(code=code)
    if page is None:
        raise Http404
    return render(request, "catalog/potential_regency.html", page)
