"""Legality certificates: submission, review, expiry."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.search import product_index_later
from sellers.errors import SellerErrorCode
from sellers.models import Seller
from sellers.validators import sniff_upload
from shop.access import Access, require
from shop.private_files import private_file_name

from .. import legality
from ..errors import CatalogErrorCode
from ..models import (
    Category,
    Certificate,
    CertificateType,
    Product,
)
from ..notifications import notify_seller
from .common import field_error, require_manager


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
        raise field_error(
            "product",
            _("Pilih tepat satu: produk atau lembaga."),
            CatalogErrorCode.REQUIRED,
        )
    owner_seller = product.seller if product is not None else seller
    require_manager(user=user, seller=owner_seller)
    if type not in CertificateType.values:
        raise field_error("type", _("Jenis sertifikat tidak dikenal."), CatalogErrorCode.INVALID)
    if type in legality.NOT_FOR_VILLAGE_PRODUCTS:
        raise field_error(
            "type",
            _("BPOM ML hanya untuk pangan impor; produk lembaga desa memakai BPOM MD atau P-IRT."),
            CatalogErrorCode.BPOM_ML_NOT_FOR_VILLAGE_PRODUCTS,
        )
    allowed = legality.PRODUCT_CERTIFICATE_TYPES if product else legality.SELLER_CERTIFICATE_TYPES
    if type not in allowed:
        raise field_error(
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
    content_type = None
    if document is not None:
        try:
            content_type = _sniff_document(document)
        except ValidationError as exc:
            errors.setdefault("document", []).append(exc)
    if errors:
        raise ValidationError(errors)
    cert = Certificate(
        product=product,
        seller=seller,
        type=type,
        number=" ".join((number or "").split()).upper(),
        issuer=(issuer or "").strip(),
        issued_at=issued_at,
        # P-IRT: the expiry its number states when no date was typed (legality.pirt_expiry_date).
        expires_at=legality.certificate_expiry(
            type=type, number=number, issued_at=issued_at, expires_at=expires_at
        ),
    )
    if content_type is not None:
        cert.document.save(private_file_name(content_type=content_type), document, save=False)
    cert.save()
    product_index_later(_products_of_certificate(cert))
    return cert


def _sniff_document(upload: UploadedFile) -> str:
    """A scan must be a PDF, JPEG or PNG judged by its bytes, not its name (nor its claim)."""
    try:
        return sniff_upload(upload, max_bytes=settings.CATALOG_DOCUMENT_MAX_BYTES)
    except ValidationError as exc:
        if exc.code == SellerErrorCode.FILE_TOO_LARGE:
            message = _("Berkas terlalu besar; maksimal %(mb)s MB.") % {
                "mb": settings.CATALOG_DOCUMENT_MAX_BYTES // (1024 * 1024)
            }
            raise ValidationError(message, code=CatalogErrorCode.FILE_TOO_LARGE) from exc
        if exc.code == SellerErrorCode.IMAGE_TOO_LARGE:
            raise ValidationError(
                exc.message % exc.params, code=CatalogErrorCode.IMAGE_TOO_LARGE
            ) from exc
        raise ValidationError(
            _("Dokumen harus berupa PDF, JPEG atau PNG."), code=CatalogErrorCode.INVALID
        ) from exc


@transaction.atomic
def certificate_review(
    *, user, certificate: Certificate, decision: str, note: str = ""
) -> Certificate:
    """Approve or reject a certificate (programme staff); a rejection withdraws products it backed."""
    require(
        Access(user).may_review_certificates(),
        _("Hanya petugas program yang dapat meninjau sertifikat."),
    )
    cert = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if decision == "APPROVE":
        if cert.expires_at and cert.expires_at < timezone.localdate():
            raise field_error(
                "decision",
                _("Sertifikat sudah kedaluwarsa dan tidak dapat disetujui."),
                CatalogErrorCode.EXPIRED,
            )
        cert.status = Certificate.Status.APPROVED
    elif decision == "REJECT":
        if not (note or "").strip():
            raise field_error("note", _("Tuliskan alasan penolakan."), CatalogErrorCode.REQUIRED)
        cert.status = Certificate.Status.REJECTED
    else:
        raise field_error("decision", _("Keputusan tidak dikenal."), CatalogErrorCode.INVALID)
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
            notify_seller(
                product.seller,
                subject=_("Produk %(name)s diturunkan dari etalase") % {"name": product.name},
                body=_(
                    "Produk %(name)s tidak lagi tampil karena sertifikat berikut tidak "
                    "berlaku: %(missing)s. Unggah sertifikat baru di portal lembaga."
                )
                % {"name": product.name, "missing": "; ".join(r.label for r in missing)},
            )
    if unpublished:
        product_index_later(unpublished)
    return unpublished


def certificates_expiry_check(*, today: datetime.date | None = None) -> dict[str, int]:
    """The daily run: withdraw products whose required certificate expired; warn 30 days ahead.

    Once halal is mandatory (``CATALOG_HALAL_MANDATORY_FROM``) it also re-checks every
    published product of a halal-applicable category without an approved HALAL certificate,
    so products published before the deadline without one (and not declared "tidak halal")
    are withdrawn and their sellers told.
    """
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
    if legality.halal_mandatory(today):
        # Products published before halal became mandatory (or in a category that became
        # halal-applicable) never had an expiring certificate to trigger a re-check.
        halal_categories = [
            c.pk
            for c in Category.objects.select_related("parent")
            if legality.category_halal_applicable(c)
        ]
        product_ids |= set(
            Product.objects.filter(is_published=True, category_id__in=halal_categories)
            .exclude(
                certificates__type=CertificateType.HALAL,
                certificates__status=Certificate.Status.APPROVED,
            )
            .values_list("pk", flat=True)
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
                notify_seller(
                    seller,
                    subject=_("Sertifikat %(cert)s segera berakhir") % {"cert": str(cert)},
                    body=_(
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
