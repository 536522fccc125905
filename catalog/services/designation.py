"""OVOP product designation (Pergub NTT 45/2025 II.3): proposal, assessment, decree.

A lembaga (or its pendamping) proposes a product; the province's programme staff
(Dinas PMD) record the criteria a-d with evidence and designate it by a decree or
decline it with a reason. Only this module moves ``Product.ovop_status``, and every
step leaves a ``ProductEvent`` row.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.search import product_index_later
from shop.access import Access, require

from ..errors import CatalogErrorCode
from ..models import OvopCriterion, Product, ProductAssessment, ProductEvent
from .common import field_error

DEFAULT_DECREE_ISSUER = "Dinas Pemberdayaan Masyarakat dan Desa Provinsi NTT"
# The columns of ProductAssessment and Product that keep them.
DECREE_NUMBER_MAX_LENGTH = 100
DECREE_ISSUER_MAX_LENGTH = 200
PROPOSABLE = (Product.OvopStatus.NONE, Product.OvopStatus.DECLINED)


def _event(
    *, product: Product, access: Access, kind: str, from_status: str, note: str = ""
) -> ProductEvent:
    return ProductEvent.objects.create(
        product=product,
        actor=access.user,
        acting_as_pendamping=product.seller_id in access.pendamping_of,
        kind=kind,
        from_status=from_status,
        to_status=product.ovop_status,
        note=note,
    )


@transaction.atomic
def product_assessment_submit(*, user, product: Product, note: str = "") -> Product:
    """Propose the product as an OVOP candidate: it waits for the programme's assessment."""
    access = Access(user)
    require(
        access.may_propose_ovop_product(product),
        _("Hanya lembaga pemilik produk atau pendampingnya yang dapat mengusulkan produk ini."),
    )
    product = Product.objects.select_for_update().get(pk=product.pk)
    if product.ovop_status == Product.OvopStatus.CANDIDATE:
        raise field_error(
            "product",
            _("Produk ini sudah diusulkan dan menunggu penilaian."),
            CatalogErrorCode.ALREADY_PROPOSED,
        )
    if product.ovop_status == Product.OvopStatus.DESIGNATED:
        raise field_error(
            "product",
            _("Produk ini sudah ditetapkan sebagai produk OVOP."),
            CatalogErrorCode.ALREADY_DESIGNATED,
        )
    note = (note or "").strip()
    from_status = product.ovop_status
    ProductAssessment.objects.create(product=product, proposed_by=user, proposal_note=note)
    product.ovop_status = Product.OvopStatus.CANDIDATE
    product.save(update_fields=["ovop_status", "updated_at"])
    _event(
        product=product,
        access=access,
        kind=ProductEvent.Kind.PROPOSED,
        from_status=from_status,
        note=note,
    )
    product_index_later([product.pk])
    return product


def _clean_criteria(
    criteria: dict[str, Any] | None, errors: dict[str, list[ValidationError]]
) -> dict[str, dict]:
    """Each criterion a-d needs its evidence; answer them as stored (met, evidence, note)."""
    criteria = criteria or {}
    cleaned = {}
    for criterion in OvopCriterion:
        item = criteria.get(criterion.value) or {}
        evidence = (item.get("evidence") or "").strip()
        if not evidence:
            errors.setdefault(criterion.value, []).append(
                ValidationError(
                    _("Isi bukti untuk kriteria %(label)s.") % {"label": criterion.label},
                    code=CatalogErrorCode.REQUIRED,
                )
            )
        cleaned[criterion.value] = {
            "met": bool(item.get("met")),
            "evidence": evidence,
            "note": (item.get("note") or "").strip(),
        }
    return cleaned


@transaction.atomic
def product_designate(
    *,
    user,
    product: Product,
    criteria: dict[str, Any] | None,
    decision: str,
    decree_number: str | None = None,
    decree_date: datetime.date | None = None,
    decree_issuer: str | None = None,
    note: str = "",
) -> Product:
    """Record the II.3 criteria a-d and designate the candidate by a decree, or decline it.

    Designation needs every criterion met, a decree number, a decree date not in the
    future (WITA) and the issuing agency; declining needs a reason the lembaga will read.
    """
    access = Access(user)
    require(
        access.may_designate_ovop_products(),
        _("Hanya petugas program Dinas PMD yang dapat menetapkan produk OVOP."),
    )
    product = Product.objects.select_for_update().get(pk=product.pk)
    if product.ovop_status != Product.OvopStatus.CANDIDATE:
        raise field_error(
            "product",
            _("Produk ini tidak sedang diusulkan sebagai calon produk OVOP."),
            CatalogErrorCode.NOT_A_CANDIDATE,
        )
    errors: dict[str, list[ValidationError]] = {}
    cleaned = _clean_criteria(criteria, errors)
    note = (note or "").strip()
    decree_number = (decree_number or "").strip()
    decree_issuer = (decree_issuer or "").strip() or DEFAULT_DECREE_ISSUER

    def add(field: str, message: str, code: CatalogErrorCode) -> None:
        errors.setdefault(field, []).append(ValidationError(message, code=code))

    if decision == ProductAssessment.Decision.DESIGNATE:
        unmet = [c.label for c in OvopCriterion if not cleaned[c.value]["met"]]
        if unmet:
            add(
                "criteria",
                _("Produk hanya dapat ditetapkan bila semua kriteria terpenuhi; belum: %(items)s.")
                % {"items": "; ".join(str(u) for u in unmet)},
                CatalogErrorCode.CRITERIA_NOT_MET,
            )
        if not decree_number:
            add(
                "decree_number",
                _("Nomor SK penetapan wajib diisi."),
                CatalogErrorCode.REQUIRED,
            )
        elif len(decree_number) > DECREE_NUMBER_MAX_LENGTH:
            add(
                "decree_number",
                _("Nomor SK paling panjang %(limit)d karakter.")
                % {"limit": DECREE_NUMBER_MAX_LENGTH},
                CatalogErrorCode.INVALID,
            )
        if len(decree_issuer) > DECREE_ISSUER_MAX_LENGTH:
            add(
                "decree_issuer",
                _("Nama penerbit SK paling panjang %(limit)d karakter.")
                % {"limit": DECREE_ISSUER_MAX_LENGTH},
                CatalogErrorCode.INVALID,
            )
        if decree_date is None:
            add("decree_date", _("Tanggal SK penetapan wajib diisi."), CatalogErrorCode.REQUIRED)
        elif decree_date > timezone.localdate():
            add(
                "decree_date",
                _("Tanggal SK tidak boleh di masa depan."),
                CatalogErrorCode.DECREE_DATE_IN_FUTURE,
            )
    elif decision == ProductAssessment.Decision.DECLINE:
        if not note:
            add(
                "note",
                _("Tuliskan alasan produk tidak ditetapkan; lembaga akan membacanya."),
                CatalogErrorCode.REQUIRED,
            )
    else:
        add("decision", _("Keputusan tidak dikenal."), CatalogErrorCode.INVALID)
    if errors:
        raise ValidationError(errors)
    assessment = product.assessments.filter(decision="").first() or ProductAssessment(
        product=product
    )
    assessment.criteria = cleaned
    assessment.decision = decision
    assessment.reason = note
    assessment.decided_by = user
    assessment.decided_at = timezone.now()
    from_status = product.ovop_status
    if decision == ProductAssessment.Decision.DESIGNATE:
        assessment.decree_number = decree_number
        assessment.decree_date = decree_date
        assessment.decree_issuer = decree_issuer
        product.ovop_status = Product.OvopStatus.DESIGNATED
        product.ovop_decree_number = decree_number
        product.ovop_decree_date = decree_date
        product.ovop_decree_issuer = decree_issuer
        kind = ProductEvent.Kind.DESIGNATED
        event_note = f"SK {decree_number} ({decree_date.isoformat()}), {decree_issuer}"
        if note:
            event_note = f"{event_note}. {note}"
    else:
        product.ovop_status = Product.OvopStatus.DECLINED
        kind = ProductEvent.Kind.DECLINED
        event_note = note
    assessment.save()
    product.save()
    _event(product=product, access=access, kind=kind, from_status=from_status, note=event_note)
    product_index_later([product.pk])
    return product
