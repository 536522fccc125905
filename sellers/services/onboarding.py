"""A lembaga registers, edits its draft, uploads founding documents and submits."""

from typing import Any

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shop.access import Access, require
from shop.private_files import private_file_name
from shop.roles import Role

from ..errors import SellerErrorCode as Code
from ..models import (
    Seller,
    SellerDocument,
    SellerMember,
)
from ..validators import sniff_upload
from .common import (
    IDENTITY_FIELDS,
    S,
    coded_error,
    kind_village_check,
    seller_event_record,
    seller_fields_clean,
    seller_lock,
    unique_slug,
    zone_check,
)


@transaction.atomic
def seller_register(
    *,
    user,
    name: str,
    kind: str,
    village_code: str,
    nib: str,
    phone: str,
    email: str,
    description: str = "",
    **optional: Any,
) -> Seller:
    """Create a lembaga as a DRAFT; the signed-in user becomes its first pengurus."""
    require(Access(user).authenticated)
    data = {
        "name": name,
        "kind": kind,
        "village_code": village_code,
        "nib": nib,
        "phone": phone,
        "email": email,
        "description": description,
        **{k: v for k, v in optional.items() if v is not None},
    }
    errors: dict = {}
    values = seller_fields_clean(data, seller=None, errors=errors)
    zone = zone_check(data.get("zone"), village=values.get("village"), errors=errors)
    if "kind" not in errors:
        kind_village_check(values.get("kind"), values.get("village"), errors=errors)
    if errors:
        raise ValidationError(errors)
    logo = values.pop("logo", None)
    seller = Seller(**values, zone=zone, status=S.DRAFT)
    seller.slug = unique_slug(Seller, values["name"])
    try:
        with transaction.atomic():
            seller.save()
    except IntegrityError as exc:  # a concurrent registration took the NIB
        raise ValidationError(
            {"nib": coded_error(_("NIB ini sudah terdaftar untuk lembaga lain."), Code.UNIQUE)}
        ) from exc
    if logo is not None:
        seller.logo.save(logo.name or "logo", logo, save=True)
    SellerMember.objects.create(seller=seller, user=user, role=SellerMember.Role.PENGURUS)
    user.groups.add(Group.objects.get(name=Role.SELLER_MEMBER))
    seller_event_record(
        seller=seller, actor=user, old="", new=S.DRAFT, note=_("Lembaga didaftarkan.")
    )
    return seller


@transaction.atomic
def seller_update(*, user, seller: Seller, data: dict[str, Any]) -> Seller:
    """Change a lembaga's data; a REJECTED seller goes back to DRAFT for fixes.

    DRAFT and REJECTED sellers may change everything; once submitted the
    identity (name, kind, village, zone, NIB, NPWP) is fixed and only the
    profile (contact, story, logo, bank account) may change, except while
    SUBMITTED, when nothing changes until the review is done.
    """
    require(Access(user).may_manage_seller(seller, full_rights=True))
    seller = seller_lock(seller)
    data = {k: v for k, v in data.items() if v is not None}
    errors: dict = {}
    if seller.status == S.SUBMITTED:
        raise ValidationError(
            _("Lembaga sedang ditinjau; data tidak dapat diubah sampai peninjauan selesai."),
            code=Code.NOT_EDITABLE,
        )
    if seller.status not in (S.DRAFT, S.REJECTED):
        for field in IDENTITY_FIELDS:
            if field in data:
                errors[field] = coded_error(
                    _("Data ini tidak dapat diubah setelah lembaga disetujui."), Code.NOT_EDITABLE
                )
    values = seller_fields_clean(data, seller=seller, errors=errors)
    if "zone" in data:
        zone = zone_check(
            data["zone"], village=values.get("village", seller.village), errors=errors
        )
        values["zone"] = zone
    elif "village" in values and seller.zone_id:
        zone_check(seller.zone_id, village=values["village"], errors=errors)
    if ("kind" in values or "village" in values) and "kind" not in errors:
        kind_village_check(
            values.get("kind", seller.kind), values.get("village", seller.village), errors=errors
        )
    if errors:
        raise ValidationError(errors)
    logo = values.pop("logo", None)
    for attr, value in values.items():
        setattr(seller, attr, value)
    if "name" in values and seller.approved_at is None:
        seller.slug = unique_slug(Seller, seller.name, exclude_pk=seller.pk)
    old = seller.status
    if old == S.REJECTED:
        seller.status = S.DRAFT
    try:
        with transaction.atomic():
            seller.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"nib": coded_error(_("NIB ini sudah terdaftar untuk lembaga lain."), Code.UNIQUE)}
        ) from exc
    if logo is not None:
        seller.logo.save(logo.name or "logo", logo, save=True)
    if old != seller.status:
        seller_event_record(
            seller=seller, actor=user, old=old, new=seller.status, note=_("Data diperbaiki.")
        )
    return seller


@transaction.atomic
def seller_document_upload(*, user, seller: Seller, kind: str, file) -> SellerDocument:
    """Attach a founding document (AD/ART, SK, akta), checked by its content."""
    require(Access(user).may_manage_seller(seller, full_rights=True))
    errors: dict = {}
    if kind not in SellerDocument.Kind.values:
        errors["kind"] = coded_error(_("Jenis dokumen tidak dikenal."), Code.INVALID)
    if file is None:
        errors["file"] = coded_error(_("Berkas wajib diunggah."), Code.REQUIRED)
        content_type = ""
    else:
        try:
            content_type = sniff_upload(file)
        except ValidationError as exc:
            errors["file"] = exc
    if seller.status == S.SUBMITTED:
        errors.setdefault(
            "file",
            coded_error(
                _("Lembaga sedang ditinjau; dokumen tidak dapat diubah."), Code.NOT_EDITABLE
            ),
        )
    if errors:
        raise ValidationError(errors)
    document = SellerDocument(seller=seller, kind=kind, content_type=content_type, uploaded_by=user)
    document.file.save(private_file_name(content_type=content_type), file, save=True)
    return document


def seller_missing_for_submit(*, seller: Seller) -> dict[str, ValidationError]:
    """What a lembaga still lacks before it can be submitted for review."""
    missing: dict[str, ValidationError] = {}
    kinds = set(seller.documents.values_list("kind", flat=True))
    if SellerDocument.Kind.AD_ART not in kinds:
        missing["documents"] = coded_error(_("Unggah AD/ART lembaga."), Code.INCOMPLETE)
    elif not kinds & {SellerDocument.Kind.SK, SellerDocument.Kind.AKTA}:
        missing["documents"] = coded_error(
            _("Unggah SK atau akta pendirian lembaga."), Code.INCOMPLETE
        )
    if not seller.zone_id:
        missing["zone"] = coded_error(
            _("Pilih zona OVOP tempat lembaga berproduksi."), Code.INCOMPLETE
        )
    if not (seller.bank_name and seller.bank_account_number and seller.bank_account_holder):
        missing["bank_account_number"] = coded_error(
            _("Lengkapi rekening bank untuk pembayaran (bank, nomor, nama pemilik)."),
            Code.INCOMPLETE,
        )
    if not seller.address:
        missing["address"] = coded_error(_("Alamat lembaga wajib diisi."), Code.INCOMPLETE)
    return missing


@transaction.atomic
def seller_submit(*, user, seller: Seller) -> Seller:
    """Send a complete DRAFT to the programme staff for review."""
    require(Access(user).may_manage_seller(seller, full_rights=True))
    seller = seller_lock(seller)
    if seller.status != S.DRAFT:
        raise ValidationError(
            {
                "id": coded_error(
                    _("Hanya lembaga berstatus draf yang dapat diajukan (status: %(status)s)."),
                    Code.INVALID_TRANSITION,
                    status=seller.get_status_display(),
                )
            }
        )
    missing = seller_missing_for_submit(seller=seller)
    if missing:
        raise ValidationError(missing)
    seller.status = S.SUBMITTED
    seller.submitted_at = timezone.now()
    seller.rejection_reason = ""
    seller.save(update_fields=["status", "submitted_at", "rejection_reason", "updated_at"])
    seller_event_record(seller=seller, actor=user, old=S.DRAFT, new=S.SUBMITTED)
    return seller
