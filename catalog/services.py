"""Catalog writes: products, variants, media, certificates, publication and stock.

Every service checks its input fully before it writes, writes inside one
transaction, and queues the search re-index (and other background work)
after commit.
"""

import datetime
import io
import uuid
import warnings
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from catalog.search import product_index_later
from sellers.models import Seller, Village
from sellers.selectors import seller_user_can_manage
from shop.permissions import Perm

from . import legality
from .errors import CatalogErrorCode
from .models import (
    Category,
    Certificate,
    CertificateType,
    Product,
    ProductMedia,
    ProductVariant,
    Stock,
    StockLocation,
    StockMovement,
)

# ---------------------------------------------------------------- helpers


def _field_error(field: str, message: str, code: CatalogErrorCode) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _require_manager(*, user, seller: Seller) -> None:
    if not seller_user_can_manage(user=user, seller=seller):
        raise PermissionDenied(_("Anda tidak dapat mengelola produk lembaga ini."))


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
        raise _field_error(
            field,
            _("Kode desa/kelurahan tidak dikenal: %(code)s.") % {"code": code},
            CatalogErrorCode.NOT_FOUND,
        )
    return village


def _apply_product_fields(product: Product, data: dict[str, Any]) -> list[Village] | None:
    """Validate and set the editable fields; answer buffer villages to set, if given."""
    errors: dict[str, list[ValidationError]] = {}
    if "name" in data:
        name = (data["name"] or "").strip()
        if not name:
            errors["name"] = [ValidationError(_("Nama produk wajib diisi."), code="REQUIRED")]
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
                ValidationError(_("Atribut harus berupa objek JSON."), code="INVALID")
            ]
        else:
            product.attributes = data["attributes"]
    if "is_halal" in data:
        product.is_halal = data["is_halal"]
    if data.get("ovop_status"):
        product.ovop_status = data["ovop_status"]
    if "ovop_decree_number" in data and data["ovop_decree_number"] is not None:
        product.ovop_decree_number = data["ovop_decree_number"].strip()
    if "ovop_decree_date" in data:
        product.ovop_decree_date = data["ovop_decree_date"]
    if product.ovop_status == Product.OvopStatus.DESIGNATED and not (
        product.ovop_decree_number and product.ovop_decree_date
    ):
        errors["ovop_decree_number"] = [
            ValidationError(
                _("Produk OVOP yang ditetapkan wajib mencantumkan nomor dan tanggal SK."),
                code="REQUIRED",
            )
        ]
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
            raise _field_error(
                "buffer_village_codes",
                _("Kode desa/kelurahan tidak dikenal: %(code)s.") % {"code": ", ".join(missing)},
                CatalogErrorCode.NOT_FOUND,
            )
    return buffer


# ---------------------------------------------------------------- products


@transaction.atomic
def product_create(*, user, seller: Seller, category: Category, name: str, **data: Any) -> Product:
    """Create an unpublished product for a seller the user manages."""
    _require_manager(user=user, seller=seller)
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
    _require_manager(user=user, seller=product.seller)
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
        raise _field_error(
            "published",
            _("Belum ada sertifikat yang disetujui dan masih berlaku: %(missing)s.")
            % {"missing": "; ".join(r.label for r in missing)},
            CatalogErrorCode.CERTIFICATES_MISSING,
        )


@transaction.atomic
def product_publish(*, user, product: Product, published: bool) -> Product:
    """Publish (after checking every required certificate) or withdraw a product."""
    _require_manager(user=user, seller=product.seller)
    product = (
        Product.objects.select_for_update(of=("self",))
        .select_related("seller", "category__parent")
        .get(pk=product.pk)
    )
    if published:
        if product.seller.status != Seller.Status.ACTIVE:
            raise _field_error(
                "published",
                _("Lembaga belum aktif; produk belum dapat diterbitkan."),
                CatalogErrorCode.SELLER_NOT_ACTIVE,
            )
        if not product.variants.exists():
            raise _field_error(
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


# ---------------------------------------------------------------- variants


def _check_variant_numbers(*, price: int | None, weight_grams: int | None) -> None:
    errors = {}
    if price is not None and price < 0:
        errors["price"] = ValidationError(_("Harga tidak boleh negatif."), code="NEGATIVE")
    if weight_grams is not None and weight_grams < 0:
        errors["weight_grams"] = ValidationError(_("Berat tidak boleh negatif."), code="NEGATIVE")
    if errors:
        raise ValidationError(errors)


def _check_sku(sku: str, *, exclude_pk: int | None = None) -> str:
    sku = (sku or "").strip().upper()
    if not sku:
        raise _field_error("sku", _("SKU wajib diisi."), CatalogErrorCode.REQUIRED)
    qs = ProductVariant.objects.filter(sku=sku)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        raise _field_error(
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
    _require_manager(user=user, seller=product.seller)
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
        raise _field_error(
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
    _require_manager(user=user, seller=variant.product.seller)
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


# ---------------------------------------------------------------- media

IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def image_clean(upload: UploadedFile) -> tuple[ContentFile, str, tuple[int, int]]:
    """Check an upload is a real JPEG/PNG/WebP within limits; answer it re-encoded.

    The pixel count is read from the header before any decoding, so a
    decompression bomb is refused without being expanded. Re-encoding drops
    EXIF (GPS included) after the orientation it carries is applied.
    """
    if upload.size is not None and upload.size > settings.CATALOG_IMAGE_MAX_BYTES:
        raise _field_error(
            "image",
            _("Berkas terlalu besar; maksimal %(mb)s MB.")
            % {"mb": settings.CATALOG_IMAGE_MAX_BYTES // (1024 * 1024)},
            CatalogErrorCode.FILE_TOO_LARGE,
        )
    not_image = _field_error(
        "image",
        _("Berkas bukan gambar JPEG, PNG, atau WebP yang sah."),
        CatalogErrorCode.NOT_AN_IMAGE,
    )
    too_large = _field_error(
        "image",
        _("Gambar terlalu besar; maksimal %(mp)s megapiksel.")
        % {"mp": settings.CATALOG_IMAGE_MAX_PIXELS // 1_000_000},
        CatalogErrorCode.IMAGE_TOO_LARGE,
    )
    upload.seek(0)
    raw = upload.read()
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(raw)) as probe:
                fmt = probe.format
                width, height = probe.size
                if fmt not in IMAGE_FORMATS:
                    raise not_image
                if width * height > settings.CATALOG_IMAGE_MAX_PIXELS:
                    raise too_large
                probe.verify()
            with Image.open(io.BytesIO(raw)) as image:
                image.load()
                image = ImageOps.exif_transpose(image)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise too_large from exc
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            raise not_image from exc
    out = io.BytesIO()
    if fmt == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=88, optimize=True)
    elif fmt == "PNG":
        image.save(out, "PNG", optimize=True)
    else:
        image.save(out, "WEBP", quality=88)
    return ContentFile(out.getvalue()), IMAGE_FORMATS[fmt], image.size


@transaction.atomic
def product_media_create(
    *, user, product: Product, image: UploadedFile, alt: str = ""
) -> ProductMedia:
    """Store a cleaned product image; thumbnails are made by a task after commit."""
    _require_manager(user=user, seller=product.seller)
    content, ext, (width, height) = image_clean(image)
    media = ProductMedia(
        product=product,
        width=width,
        height=height,
        alt=(alt or product.name).strip()[:255],
        position=product.media.count(),
    )
    media.image.save(f"{uuid.uuid4().hex}.{ext}", content, save=False)
    media.width, media.height = width, height
    media.save()
    from .tasks import product_media_thumbnails_make

    transaction.on_commit(lambda: product_media_thumbnails_make.delay(media.pk))
    product_index_later([product.pk])
    return media


def product_media_thumbnails(*, media: ProductMedia) -> dict[str, str]:
    """Write WebP thumbnails of every configured width and record their paths; idempotent."""
    storage = media.image.storage
    thumbs: dict[str, str] = {}
    with media.image.open("rb") as handle, Image.open(handle) as image:
        image.load()
        for width in settings.CATALOG_THUMBNAIL_WIDTHS:
            copy = image.copy()
            if copy.width > width:
                copy.thumbnail((width, width * 4))
            buffer = io.BytesIO()
            copy.convert("RGBA" if copy.mode in ("RGBA", "LA", "P") else "RGB").save(
                buffer, "WEBP", quality=82
            )
            path = f"products/{media.product_id}/thumbs/{media.pk}-{width}.webp"
            if storage.exists(path):
                storage.delete(path)
            thumbs[str(width)] = storage.save(path, ContentFile(buffer.getvalue()))
    media.thumbnails = thumbs
    media.save(update_fields=["thumbnails"])
    return thumbs


# ---------------------------------------------------------------- certificates


@transaction.atomic
def certificate_create(
    *,
    user,
    type: str,
    number: str,
    product: Product | None = None,
    seller: Seller | None = None,
    issuer: str = "",
    issued_at: datetime.date | None = None,
    expires_at: datetime.date | None = None,
    document: UploadedFile | None = None,
) -> Certificate:
    """Record a legality certificate for review; on a product or on a seller (NIB, HKI)."""
    if (product is None) == (seller is None):
        raise _field_error(
            "product",
            _("Pilih tepat satu: produk atau lembaga."),
            CatalogErrorCode.REQUIRED,
        )
    owner_seller = product.seller if product is not None else seller
    _require_manager(user=user, seller=owner_seller)
    if type not in CertificateType.values:
        raise _field_error("type", _("Jenis sertifikat tidak dikenal."), CatalogErrorCode.INVALID)
    allowed = legality.PRODUCT_CERTIFICATE_TYPES if product else legality.SELLER_CERTIFICATE_TYPES
    if type not in allowed:
        raise _field_error(
            "type",
            _("Sertifikat %(type)s tidak dapat dipasang pada %(owner)s.")
            % {
                "type": CertificateType(type).label,
                "owner": _("produk") if product else _("lembaga"),
            },
            CatalogErrorCode.WRONG_OWNER,
        )
    errors = legality.certificate_number_errors(
        type=type,
        number=number,
        regency_code=owner_seller.regency_code,
        issued_at=issued_at,
        expires_at=expires_at,
    )
    if document is not None and document.size > settings.CATALOG_DOCUMENT_MAX_BYTES:
        errors.setdefault("document", []).append(
            ValidationError(
                _("Berkas terlalu besar; maksimal %(mb)s MB.")
                % {"mb": settings.CATALOG_DOCUMENT_MAX_BYTES // (1024 * 1024)},
                code=CatalogErrorCode.FILE_TOO_LARGE,
            )
        )
    if document is not None and not _looks_like_document(document):
        errors.setdefault("document", []).append(
            ValidationError(
                _("Dokumen harus berupa PDF, JPEG, PNG, atau WebP."),
                code=CatalogErrorCode.INVALID,
            )
        )
    if errors:
        raise ValidationError(errors)
    cert = Certificate(
        product=product,
        seller=seller,
        type=type,
        number=" ".join((number or "").split()).upper(),
        issuer=(issuer or "").strip(),
        issued_at=issued_at,
        expires_at=expires_at,
    )
    if document is not None:
        cert.document.save(f"{uuid.uuid4().hex}-{document.name}"[-100:], document, save=False)
    cert.save()
    product_index_later(_products_of_certificate(cert))
    return cert


DOCUMENT_SIGNATURES = (b"%PDF-", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")


def _looks_like_document(upload: UploadedFile) -> bool:
    """A scan must be a PDF or an image, judged by its first bytes, not its name."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    return head.startswith(DOCUMENT_SIGNATURES) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")


@transaction.atomic
def certificate_review(
    *, user, certificate: Certificate, decision: str, note: str = ""
) -> Certificate:
    """Approve or reject a certificate (programme staff); a rejection withdraws products it backed."""
    if not user.has_perm(Perm.REVIEW_CERTIFICATES.full):
        raise PermissionDenied(_("Hanya petugas program yang dapat meninjau sertifikat."))
    cert = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if decision == "APPROVE":
        if cert.expires_at and cert.expires_at < timezone.localdate():
            raise _field_error(
                "decision",
                _("Sertifikat sudah kedaluwarsa dan tidak dapat disetujui."),
                CatalogErrorCode.EXPIRED,
            )
        cert.status = Certificate.Status.APPROVED
    elif decision == "REJECT":
        if not (note or "").strip():
            raise _field_error("note", _("Tuliskan alasan penolakan."), CatalogErrorCode.REQUIRED)
        cert.status = Certificate.Status.REJECTED
    else:
        raise _field_error("decision", _("Keputusan tidak dikenal."), CatalogErrorCode.INVALID)
    cert.review_note = (note or "").strip()
    cert.reviewed_by = user
    cert.reviewed_at = timezone.now()
    cert.save()
    affected = _products_of_certificate(cert)
    if cert.status == Certificate.Status.REJECTED:
        products_enforce_legality(product_ids=affected)
    product_index_later(affected)
    return cert


def _products_of_certificate(cert: Certificate) -> list[int]:
    if cert.product_id:
        return [cert.product_id]
    return list(Product.objects.filter(seller_id=cert.seller_id).values_list("pk", flat=True))


def products_enforce_legality(
    *, product_ids: list[int], today: datetime.date | None = None
) -> list[int]:
    """Unpublish the published products among these that miss a required certificate.

    Answers the ids unpublished; the sellers are told by e-mail.
    """
    today = today or timezone.localdate()
    products = list(
        Product.objects.filter(pk__in=product_ids, is_published=True)
        .select_related("seller", "category__parent")
        .prefetch_related("certificates", "seller__certificates")
    )
    unpublished = []
    for product in products:
        certs = list(product.certificates.all()) + [
            c for c in product.seller.certificates.all() if c.product_id is None
        ]
        missing = legality.product_missing_requirements(product, certificates=certs, today=today)
        if missing:
            Product.objects.filter(pk=product.pk).update(
                is_published=False, updated_at=timezone.now()
            )
            unpublished.append(product.pk)
            _notify_seller(
                product.seller,
                _("Produk %(name)s diturunkan dari etalase") % {"name": product.name},
                _(
                    "Produk %(name)s tidak lagi tampil karena sertifikat berikut tidak "
                    "berlaku: %(missing)s. Unggah sertifikat baru di portal lembaga."
                )
                % {"name": product.name, "missing": "; ".join(r.label for r in missing)},
            )
    if unpublished:
        product_index_later(unpublished)
    return unpublished


def _notify_seller(seller: Seller, subject: str, body: str) -> None:
    if seller.email:
        transaction.on_commit(
            lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [seller.email])
        )


def certificates_expiry_check(*, today: datetime.date | None = None) -> dict[str, int]:
    """The daily run: withdraw products whose required certificate expired; warn 30 days ahead."""
    today = today or timezone.localdate()
    expired = Certificate.objects.filter(status=Certificate.Status.APPROVED, expires_at__lt=today)
    product_ids = set(
        Product.objects.filter(is_published=True, certificates__in=expired).values_list(
            "pk", flat=True
        )
    ) | set(
        Product.objects.filter(
            is_published=True, seller__certificates__in=expired.filter(product__isnull=True)
        ).values_list("pk", flat=True)
    )
    with transaction.atomic():
        unpublished = products_enforce_legality(product_ids=sorted(product_ids), today=today)
    soon = today + datetime.timedelta(days=settings.CATALOG_EXPIRY_WARNING_DAYS)
    warned = 0
    for cert in Certificate.objects.filter(
        status=Certificate.Status.APPROVED,
        expires_at__gte=today,
        expires_at__lte=soon,
        expiry_warned_at__isnull=True,
    ).select_related("product__seller", "seller"):
        seller = cert.seller or cert.product.seller
        with transaction.atomic():
            updated = Certificate.objects.filter(pk=cert.pk, expiry_warned_at__isnull=True).update(
                expiry_warned_at=timezone.now()
            )
            if updated:
                warned += 1
                _notify_seller(
                    seller,
                    _("Sertifikat %(cert)s segera berakhir") % {"cert": str(cert)},
                    _(
                        "Sertifikat %(cert)s%(on)s berlaku sampai %(date)s. Perpanjang dan "
                        "unggah sertifikat baru agar produk tetap tampil."
                    )
                    % {
                        "cert": str(cert),
                        "on": f" ({cert.product.name})" if cert.product else "",
                        "date": cert.expires_at.isoformat(),
                    },
                )
    return {"unpublished": len(unpublished), "warned": warned}


# ---------------------------------------------------------------- stock


def stock_location_ensure_for_seller(*, seller: Seller) -> StockLocation:
    """Answer the seller's own SELLER location, creating it once (when it becomes ACTIVE)."""
    location = (
        StockLocation.objects.filter(seller=seller, kind=StockLocation.Kind.SELLER)
        .order_by("pk")
        .first()
    )
    if location is None:
        location = StockLocation.objects.create(
            seller=seller,
            kind=StockLocation.Kind.SELLER,
            name=seller.name[:150],
            regency_id=seller.regency_code,
            address=seller.address,
        )
    return location


@transaction.atomic
def stock_set(
    *,
    user,
    variant: ProductVariant,
    quantity: int,
    reason: str = StockMovement.Reason.COUNT,
    note: str = "",
) -> Stock:
    """Set the units of a variant in its seller's own location, writing the ledger row."""
    seller = variant.product.seller
    _require_manager(user=user, seller=seller)
    if quantity is None or quantity < 0:
        raise _field_error("quantity", _("Stok tidak boleh negatif."), CatalogErrorCode.NEGATIVE)
    if reason not in StockMovement.Reason.values:
        raise _field_error("reason", _("Alasan tidak dikenal."), CatalogErrorCode.INVALID)
    location = stock_location_ensure_for_seller(seller=seller)
    stock, _created = Stock.objects.get_or_create(variant=variant, location=location)
    stock = Stock.objects.select_for_update().get(pk=stock.pk)
    if quantity < stock.quantity_reserved:
        raise _field_error(
            "quantity",
            _("Stok tidak boleh kurang dari jumlah yang sedang dipesan (%(n)s).")
            % {"n": stock.quantity_reserved},
            CatalogErrorCode.BELOW_RESERVED,
        )
    delta = quantity - stock.quantity
    if delta:
        stock.quantity = quantity
        stock.save(update_fields=["quantity", "updated_at"])
        StockMovement.objects.create(
            stock=stock,
            delta=delta,
            quantity_after=quantity,
            reason=reason,
            actor=user if getattr(user, "is_authenticated", False) else None,
            note=(note or "")[:255],
        )
        product_index_later([variant.product_id])
    return stock


# ---------------------------------------------------------------- category rules


@transaction.atomic
def category_rules_update(
    *,
    user,
    category: Category,
    certificate_rules: list[list[str]] | None = None,
    halal_applicable: bool | None = None,
    min_buyer_age: int | None = None,
    clear_min_buyer_age: bool = False,
    restriction_note: str | None = None,
) -> Category:
    """Change what a category's products must hold; published products that no longer qualify
    are withdrawn at once (their sellers are told)."""
    if not user.has_perm(Perm.MANAGE_CATALOG_RULES.full):
        raise PermissionDenied(_("Hanya petugas program yang dapat mengubah aturan kategori."))
    if certificate_rules is not None:
        groups = [list(dict.fromkeys(g)) for g in certificate_rules if g]
        unknown = sorted({t for g in groups for t in g} - set(CertificateType.values))
        if unknown:
            raise _field_error(
                "certificate_rules",
                _("Jenis sertifikat tidak dikenal: %(types)s.") % {"types": ", ".join(unknown)},
                CatalogErrorCode.INVALID,
            )
        category.certificate_rules = groups
    if halal_applicable is not None:
        category.halal_applicable = halal_applicable
    if min_buyer_age is not None:
        if not 0 < min_buyer_age < 100:
            raise _field_error(
                "min_buyer_age",
                _("Usia minimum harus antara 1 dan 99."),
                CatalogErrorCode.INVALID,
            )
        category.min_buyer_age = min_buyer_age
    elif clear_min_buyer_age:
        category.min_buyer_age = None
    if restriction_note is not None:
        category.restriction_note = restriction_note.strip()
    category.save()
    affected = list(
        Product.objects.filter(Q(category=category) | Q(category__parent=category)).values_list(
            "pk", flat=True
        )
    )
    products_enforce_legality(product_ids=affected)
    product_index_later(affected)
    return category
