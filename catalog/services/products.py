"""Products and variants: listing, provenance, publication against the legality rules."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from catalog.search import product_index_later
from sellers.models import Seller, Village

from .. import legality
from ..errors import CatalogErrorCode
from ..models import (
    Category,
    Certificate,
    Product,
    ProductVariant,
)
from .common import field_error, require_manager


def _unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    base = (slugify(name) or "produk")[:200]
    slug, n = base, 2
    qs = Product.objects.all()
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    while qs.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


PRODUCT_TEXT_FIELDS = ("description", "raw_material", "technique", "motif", "non_halal_statement")


def _village_or_error(code: str, field: str) -> Village:
    village = Village.objects.filter(code=code).first()
    if village is None:
        raise field_error(
            field,
            _("Kode desa/kelurahan tidak dikenal: %(code)s.") % {"code": code},
            CatalogErrorCode.NOT_FOUND,
        )
    return village


OVOP_FIELDS = ("ovop_status", "ovop_decree_number", "ovop_decree_date")


def _refuse_designation_change(
    product: Product, data: dict[str, Any], errors: dict[str, list[ValidationError]]
) -> None:
    """The OVOP stage and decree are the programme's (``product_designate``): a lembaga may
    send them back unchanged, never change them (it could designate its own product)."""
    for field in OVOP_FIELDS:
        value = data.get(field)
        if value is None:
            continue
        current = getattr(product, field)
        if isinstance(value, str):
            value, current = value.strip(), current or ""
        if value != current:
            errors[field] = [
                ValidationError(
                    _(
                        "Status dan SK produk OVOP hanya ditetapkan oleh Dinas PMD; "
                        "usulkan produk sebagai calon produk OVOP."
                    ),
                    code=CatalogErrorCode.DESIGNATION_BY_PROGRAMME_ONLY,
                )
            ]


def _apply_product_fields(product: Product, data: dict[str, Any]) -> list[Village] | None:
    """Validate and set the editable fields; answer buffer villages to set, if given."""
    errors: dict[str, list[ValidationError]] = {}
    if "name" in data:
        name = (data["name"] or "").strip()
        if not name:
            errors["name"] = [
                ValidationError(_("Nama produk wajib diisi."), code=CatalogErrorCode.REQUIRED)
            ]
        product.name = name
    if data.get("category") is not None:
        product.category = data["category"]
    if data.get("origin_village_code"):
        product.origin_village = _village_or_error(
            data["origin_village_code"], "origin_village_code"
        )
    for field in PRODUCT_TEXT_FIELDS:
        if field in data and data[field] is not None:
            setattr(product, field, data[field].strip())
    if "attributes" in data and data["attributes"] is not None:
        if not isinstance(data["attributes"], dict):
            errors["attributes"] = [
                ValidationError(
                    _("Atribut harus berupa objek JSON."), code=CatalogErrorCode.INVALID
                )
            ]
        else:
            product.attributes = data["attributes"]
    if "is_halal" in data:
        product.is_halal = data["is_halal"]
    _refuse_designation_change(product, data, errors)
    if legality.category_is_alcoholic(product.category):
        # Sopi and other alcoholic drinks are never halal: the statement is mandatory.
        if product.is_halal is True:
            errors["is_halal"] = [
                ValidationError(
                    _(
                        "Minuman beralkohol tidak halal; produk ini wajib memuat pernyataan "
                        "tidak halal dan hanya dijual kepada pembeli 21 tahun ke atas."
                    ),
                    code=CatalogErrorCode.ALCOHOL_NOT_HALAL,
                )
            ]
        product.is_halal = False
        if not product.non_halal_statement:
            product.non_halal_statement = _("Minuman beralkohol. Produk ini tidak halal.")
    if product.is_halal is False and not product.non_halal_statement:
        product.non_halal_statement = _("Produk ini tidak halal.")
    if errors:
        raise ValidationError(errors)
    buffer = None
    if data.get("buffer_village_codes") is not None:
        codes = list(dict.fromkeys(data["buffer_village_codes"]))
        buffer = list(Village.objects.filter(code__in=codes))
        missing = sorted(set(codes) - {v.code for v in buffer})
        if missing:
            raise field_error(
                "buffer_village_codes",
                _("Kode desa/kelurahan tidak dikenal: %(code)s.") % {"code": ", ".join(missing)},
                CatalogErrorCode.NOT_FOUND,
            )
        _check_buffer_in_zone(product, buffer)
    return buffer


def _check_buffer_in_zone(product: Product, buffer: list[Village]) -> None:
    """Pergub II.3.b: raw material comes from villages of the same zone (its buffer or
    production villages); a lembaga outside any zone cannot name buffer villages."""
    if not buffer:
        return
    zone = Seller.objects.select_related("zone").get(pk=product.seller_id).zone
    if zone is None:
        raise field_error(
            "buffer_village_codes",
            _("Lembaga belum masuk zona OVOP; desa penyangga harus berada dalam zona lembaga."),
            CatalogErrorCode.BUFFER_VILLAGE_OUTSIDE_ZONE,
        )
    inside = set(zone.buffer_villages.values_list("code", flat=True)) | set(
        zone.production_villages.values_list("code", flat=True)
    )
    outside = [v for v in buffer if v.code not in inside]
    if outside:
        raise field_error(
            "buffer_village_codes",
            _("Desa penyangga harus berada dalam zona %(zone)s; di luar zona: %(villages)s.")
            % {
                "zone": zone.name,
                "villages": ", ".join(f"{v.name} ({v.code})" for v in outside),
            },
            CatalogErrorCode.BUFFER_VILLAGE_OUTSIDE_ZONE,
        )


@transaction.atomic
def product_create(
    *, user, seller: Seller, category: Category | None, name: str | None, **data: Any
) -> Product:
    """Create an unpublished product for a seller the user manages."""
    require_manager(user=user, seller=seller)
    if category is None:
        raise field_error("category", _("Kategori wajib diisi."), CatalogErrorCode.REQUIRED)
    if not data.get("origin_village_code"):
        data["origin_village_code"] = seller.village_id
    product = Product(seller=seller, category=category)
    buffer = _apply_product_fields(product, {**data, "name": name})
    product.slug = _unique_slug(product.name)
    product.save()
    if buffer is not None:
        product.buffer_villages.set(buffer)
    product_index_later([product.pk])
    return product


@transaction.atomic
def product_update(*, user, product: Product, **data: Any) -> Product:
    """Change a product's description, provenance or designation; re-check if published."""
    require_manager(user=user, seller=product.seller)
    product = Product.objects.select_for_update().get(pk=product.pk)
    buffer = _apply_product_fields(product, data)
    product.save()
    if buffer is not None:
        product.buffer_villages.set(buffer)
    if product.is_published:
        # A change of category or halal declaration may change what it needs.
        _raise_if_missing(product)
    product_index_later([product.pk])
    return product


def product_certificates(product: Product) -> list[Certificate]:
    """The certificates that count for a product: its own and its seller's."""
    return list(
        Certificate.objects.filter(
            Q(product=product) | Q(seller_id=product.seller_id, product__isnull=True)
        )
    )


def _raise_if_missing(product: Product) -> None:
    missing = legality.product_missing_requirements(
        product, certificates=product_certificates(product)
    )
    if missing:
        raise field_error(
            "published",
            _("Belum ada sertifikat yang disetujui dan masih berlaku: %(missing)s.")
            % {"missing": "; ".join(r.label for r in missing)},
            CatalogErrorCode.CERTIFICATES_MISSING,
        )


@transaction.atomic
def product_publish(*, user, product: Product, published: bool) -> Product:
    """Publish (after checking every required certificate) or withdraw a product."""
    require_manager(user=user, seller=product.seller)
    product = (
        Product.objects.select_for_update(of=("self",))
        .select_related("seller", "category__parent")
        .get(pk=product.pk)
    )
    if published:
        if product.seller.status != Seller.Status.ACTIVE:
            raise field_error(
                "published",
                _("Lembaga belum aktif; produk belum dapat diterbitkan."),
                CatalogErrorCode.SELLER_NOT_ACTIVE,
            )
        if not product.variants.exists():
            raise field_error(
                "published",
                _("Tambahkan setidaknya satu varian dengan harga sebelum menerbitkan."),
                CatalogErrorCode.NO_VARIANTS,
            )
        _raise_if_missing(product)
        if not product.is_published:
            product.published_at = timezone.now()
    product.is_published = published
    product.save(update_fields=["is_published", "published_at", "updated_at"])
    product_index_later([product.pk])
    return product


def _check_variant_numbers(*, price: int | None, weight_grams: int | None) -> None:
    """A price is whole rupiah, at least Rp 1 (a free variant would check out at Rp 0)."""
    errors = {}
    if price is not None and price < 0:
        errors["price"] = ValidationError(_("Harga tidak boleh negatif."), code="NEGATIVE")
    elif price is not None and price < 1:
        errors["price"] = ValidationError(
            _("Harga paling sedikit Rp 1."), code=CatalogErrorCode.INVALID
        )
    if weight_grams is not None and weight_grams < 0:
        errors["weight_grams"] = ValidationError(_("Berat tidak boleh negatif."), code="NEGATIVE")
    if errors:
        raise ValidationError(errors)


def _check_sku(sku: str, *, exclude_pk: int | None = None) -> str:
    sku = (sku or "").strip().upper()
    if not sku:
        raise field_error("sku", _("SKU wajib diisi."), CatalogErrorCode.REQUIRED)
    qs = ProductVariant.objects.filter(sku=sku)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        raise field_error(
            "sku", _("SKU %(sku)s sudah dipakai.") % {"sku": sku}, CatalogErrorCode.UNIQUE
        )
    return sku


@transaction.atomic
def product_variant_create(
    *,
    user,
    product: Product,
    sku: str,
    price: int,
    name: str = "",
    weight_grams: int | None = None,
) -> ProductVariant:
    """Add a sellable variant (SKU unique across the store, price in whole rupiah)."""
    require_manager(user=user, seller=product.seller)
    _check_variant_numbers(price=price, weight_grams=weight_grams)
    sku = _check_sku(sku)
    try:
        with transaction.atomic():
            variant = ProductVariant.objects.create(
                product=product,
                sku=sku,
                name=(name or "").strip(),
                price=price,
                weight_grams=weight_grams or 0,
                position=product.variants.count(),
            )
    except IntegrityError as exc:  # a concurrent insert of the same SKU
        raise field_error(
            "sku", _("SKU %(sku)s sudah dipakai.") % {"sku": sku}, CatalogErrorCode.UNIQUE
        ) from exc
    product_index_later([product.pk])
    return variant


@transaction.atomic
def product_variant_update(
    *,
    user,
    variant: ProductVariant,
    sku: str | None = None,
    name: str | None = None,
    price: int | None = None,
    weight_grams: int | None = None,
) -> ProductVariant:
    """Change a variant's SKU, name, price or weight."""
    require_manager(user=user, seller=variant.product.seller)
    _check_variant_numbers(price=price, weight_grams=weight_grams)
    if sku is not None:
        variant.sku = _check_sku(sku, exclude_pk=variant.pk)
    if name is not None:
        variant.name = name.strip()
    if price is not None:
        variant.price = price
    if weight_grams is not None:
        variant.weight_grams = weight_grams
    variant.save()
    product_index_later([variant.product_id])
    return variant
