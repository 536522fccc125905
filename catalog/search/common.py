"""What both backends share: validating a query, price bands, facet labels."""

import re
from dataclasses import replace

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.models import Category, CertificateType
from sellers.models import Regency

from .errors import SearchErrorCode
from .interface import Facet, SearchQuery
from .text import MAX_QUERY_LENGTH, clean_text

SORTS = ("RELEVANCE", "NAME", "PRICE", "CREATED", "RATING", "BEST_SELLING")
MAX_LIMIT = 100
REGENCY_CODE = re.compile(r"^\d{2}\.\d{2}$")

# Price bands (whole rupiah): key, lower bound (inclusive), upper bound (exclusive).
PRICE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("UNDER_50K", 0, 50_000),
    ("50K_150K", 50_000, 150_000),
    ("150K_500K", 150_000, 500_000),
    ("OVER_500K", 500_000, None),
)
NO_PRICE = "NO_PRICE"
PRICE_BAND_LABELS = {
    "UNDER_50K": gettext_lazy("Di bawah Rp 50rb"),
    "50K_150K": gettext_lazy("Rp 50rb - 150rb"),
    "150K_500K": gettext_lazy("Rp 150rb - 500rb"),
    "OVER_500K": gettext_lazy("Rp 500rb ke atas"),
    NO_PRICE: gettext_lazy("Belum ada harga"),
}


def price_band(price: int | None) -> str:
    """Return the key of the band ``price`` falls in."""
    if price is None:
        return NO_PRICE
    for key, low, high in PRICE_BANDS:
        if price >= low and (high is None or price < high):
            return key
    return NO_PRICE


def price_band_case(field: str) -> Case:
    """A SQL CASE giving the band index (0..3, 4 = no price) of the price in ``field``."""
    whens = []
    for index, (_key, low, high) in enumerate(PRICE_BANDS):
        cond = Q(**{f"{field}__gte": low})
        if high is not None:
            cond &= Q(**{f"{field}__lt": high})
        whens.append(When(cond, then=Value(index)))
    return Case(*whens, default=Value(len(PRICE_BANDS)), output_field=IntegerField())


def band_key(index: int) -> str:
    return PRICE_BANDS[index][0] if 0 <= index < len(PRICE_BANDS) else NO_PRICE


def validate_query(query: SearchQuery) -> SearchQuery:
    """Check ``query`` and return it with its text cleaned; raise ValidationError when it is bad.

    Empty or symbol-only text means no text filter (the whole catalogue, filtered).
    """
    text = query.text or ""
    if len(text) > MAX_QUERY_LENGTH:
        raise ValidationError(
            {
                "search": ValidationError(
                    _("Kata pencarian terlalu panjang (paling banyak %(max)d karakter).")
                    % {"max": MAX_QUERY_LENGTH},
                    code=SearchErrorCode.QUERY_TOO_LONG,
                )
            }
        )
    errors = {}
    if query.regency is not None and not REGENCY_CODE.match(query.regency):
        errors["regency"] = ValidationError(
            _("Kode kabupaten/kota tidak valid, contoh: 53.07."), code=SearchErrorCode.INVALID
        )
    unknown = [c for c in query.certifications if c not in CertificateType.values]
    if unknown:
        errors["certifications"] = ValidationError(
            _("Jenis sertifikat tidak dikenal: %(types)s.") % {"types": ", ".join(unknown)},
            code=SearchErrorCode.INVALID,
        )
    for name in ("price_gte", "price_lte"):
        value = getattr(query, name)
        if value is not None and value < 0:
            errors[name] = ValidationError(
                _("Harga tidak boleh negatif."), code=SearchErrorCode.INVALID
            )
    if query.sort not in SORTS:
        errors["sort"] = ValidationError(
            _("Urutan tidak dikenal: %(sort)s.") % {"sort": query.sort},
            code=SearchErrorCode.INVALID,
        )
    if query.offset < 0:
        errors["offset"] = ValidationError(
            _("Posisi halaman tidak boleh negatif."), code=SearchErrorCode.INVALID
        )
    if not 1 <= query.limit <= MAX_LIMIT:
        errors["limit"] = ValidationError(
            _("Ukuran halaman harus 1 sampai %(max)d.") % {"max": MAX_LIMIT},
            code=SearchErrorCode.INVALID,
        )
    if errors:
        raise ValidationError(errors)
    return replace(query, text=clean_text(text))


def category_with_descendants(category_id: int) -> list[int]:
    """Return ``category_id`` and the ids of all categories below it."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in Category.objects.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, todo = [], [category_id]
    while todo:
        pk = todo.pop()
        if pk in found:
            continue
        found.append(pk)
        todo.extend(children.get(pk, []))
    return found


LABEL_CACHE_SECONDS = 60


def _labels(kind: str, counts: dict[str, int], load) -> dict[str, str]:
    """Facet labels by key, from the cache (a minute), loading the missing ones in one query."""
    keys = {k: f"search:label:{kind}:{k}" for k in counts}
    cached = cache.get_many(list(keys.values()))
    labels = {k: cached[ck] for k, ck in keys.items() if ck in cached}
    missing = [k for k in counts if k not in labels]
    if missing:
        loaded = load(missing)
        labels.update(loaded)
        cache.set_many({keys[k]: v for k, v in loaded.items()}, LABEL_CACHE_SECONDS)
    return labels


def build_facets(
    *,
    regency: dict[str, int],
    category: dict[str, int],
    certificate: dict[str, int],
    price: dict[str, int],
) -> dict[str, list[Facet]]:
    """Turn raw counts into labelled facets, biggest first (price bands in their order)."""
    regency_names = _labels(
        "regency",
        regency,
        lambda keys: {r.code: r.short_name for r in Regency.objects.filter(code__in=keys)},
    )
    category_names = _labels(
        "category",
        category,
        lambda keys: {
            str(pk): name
            for pk, name in Category.objects.filter(pk__in=[int(k) for k in keys]).values_list(
                "pk", "name"
            )
        },
    )
    cert_labels = dict(CertificateType.choices)

    def ordered(counts: dict[str, int], label) -> list[Facet]:
        facets = [Facet(key=k, label=str(label(k)), count=n) for k, n in counts.items() if n]
        return sorted(facets, key=lambda f: (-f.count, f.label))

    price_order = [key for key, _low, _high in PRICE_BANDS] + [NO_PRICE]
    return {
        "regency": ordered(regency, lambda k: regency_names.get(k, k)),
        "category": ordered(category, lambda k: category_names.get(k, k)),
        "certificate": ordered(certificate, lambda k: cert_labels.get(k, k)),
        "price": [
            Facet(key=k, label=str(PRICE_BAND_LABELS[k]), count=price[k])
            for k in price_order
            if price.get(k)
        ],
    }


def empty_facets() -> dict[str, list[Facet]]:
    return {"regency": [], "category": [], "certificate": [], "price": []}


def apply_id_filter(qs: QuerySet, query: SearchQuery) -> QuerySet:
    if query.product_ids is not None:
        qs = qs.filter(pk__in=list(query.product_ids))
    return qs
