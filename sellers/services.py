"""Writes of the sellers domain: zones, lembaga onboarding, review, members.

Every service checks who may act (raising ``PermissionDenied``) and reports
all bad input at once as a ``ValidationError`` keyed by field with a
``SellerErrorCode``; on error nothing is written, so a draft keeps what it had.
"""

import logging
import secrets
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from shop.phone import normalize_phone
from shop.roles import Role

from . import selectors
from .errors import SellerErrorCode as Code
from .models import (
    LocationChecklist,
    PendampingAssignment,
    Regency,
    Seller,
    SellerDocument,
    SellerEvent,
    SellerInvitation,
    SellerMember,
    Village,
    Zone,
)
from .signals import seller_status_changed
from .validators import clean_bank_account_number, clean_nib, clean_npwp, sniff_upload

logger = logging.getLogger(__name__)

INVITATION_TTL = timedelta(days=14)

# Fields a lembaga may still change once it has been submitted or approved
# (its storefront and contact data); identity fields are fixed after review.
PROFILE_FIELDS = (
    "phone",
    "email",
    "address",
    "description",
    "story",
    "bank_name",
    "bank_account_number",
    "bank_account_holder",
    "logo",
)
IDENTITY_FIELDS = ("name", "kind", "village_code", "zone", "nib", "npwp")

S = Seller.Status


def _denied() -> PermissionDenied:
    return PermissionDenied(_("Anda tidak memiliki izin untuk tindakan ini."))


def _error(message: str, error_code: Code, /, **params) -> ValidationError:
    return ValidationError(message, code=error_code, params=params or None)


def _unique_slug(model, base: str, *, exclude_pk=None) -> str:
    base = (slugify(base) or "lembaga")[:150]
    slug, n = base, 1
    while model.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _village(code: str, errors: dict, field: str = "village_code") -> Village | None:
    code = (code or "").strip()
    if not code:
        errors[field] = _error(_("Desa/kelurahan wajib diisi."), Code.REQUIRED)
        return None
    village = selectors.village_get(code=code)
    if village is None:
        if not code.startswith("53."):
            errors[field] = _error(
                _("Desa/kelurahan %(code)s tidak berada di Nusa Tenggara Timur."),
                Code.OUTSIDE_NTT,
                code=code,
            )
        else:
            errors[field] = _error(
                _("Kode desa/kelurahan tidak dikenal: %(code)s."), Code.NOT_FOUND, code=code
            )
    return village


def _acting_as_pendamping(*, user, seller: Seller) -> bool:
    return selectors.seller_member_role(
        user=user, seller=seller
    ) is None and selectors.seller_user_is_pendamping(user=user, seller=seller)


def _record(*, seller: Seller, actor, old: str, new: str, note: str = "") -> SellerEvent:
    """Write the audit row and, after commit, the signal and the e-mail."""
    event = SellerEvent.objects.create(
        seller=seller,
        actor=actor if actor is not None and actor.is_authenticated else None,
        acting_as_pendamping=bool(actor) and _acting_as_pendamping(user=actor, seller=seller),
        from_status=old,
        to_status=new,
        note=note,
    )
    if old != new:
        seller_id = seller.pk

        def _notify():
            from .tasks import seller_event_notify

            seller_event_notify.delay(event.pk)
            # The change is committed: a failing receiver is logged, not raised.
            for receiver, result in seller_status_changed.send_robust(
                sender=Seller, seller_id=seller_id, old=old, new=new
            ):
                if isinstance(result, Exception):
                    logger.error(
                        "seller_status_changed receiver %r failed for seller %s",
                        receiver,
                        seller_id,
                        exc_info=result,
                    )

        transaction.on_commit(_notify)
    return event


def _clean_fields(data: dict[str, Any], *, seller: Seller | None, errors: dict) -> dict[str, Any]:
    """Validate the given seller fields; returns model attribute values."""
    out: dict[str, Any] = {}
    if "name" in data:
        name = (data["name"] or "").strip()
        if not name:
            errors["name"] = _error(_("Nama lembaga wajib diisi."), Code.REQUIRED)
        elif len(name) > 200:
            errors["name"] = _error(_("Nama lembaga paling panjang 200 huruf."), Code.INVALID)
        out["name"] = name
    if "kind" in data:
        kind = str(data["kind"] or "")
        if kind not in Seller.Kind.values:
            errors["kind"] = _error(_("Jenis lembaga tidak dikenal."), Code.INVALID)
        out["kind"] = kind
    if "village_code" in data:
        village = _village(data["village_code"], errors)
        if village is not None:
            out["village"] = village
    if "nib" in data:
        try:
            nib = clean_nib(data["nib"])
        except ValidationError as exc:
            errors["nib"] = exc
        else:
            taken = Seller.objects.filter(nib=nib).exclude(pk=getattr(seller, "pk", None))
            if taken.exists():
                errors["nib"] = _error(
                    _("NIB ini sudah terdaftar untuk lembaga lain."), Code.UNIQUE
                )
            out["nib"] = nib
    if "npwp" in data:
        try:
            out["npwp"] = clean_npwp(data["npwp"])
        except ValidationError as exc:
            errors["npwp"] = exc
    if "phone" in data:
        if not (data["phone"] or "").strip():
            errors["phone"] = _error(_("Nomor telepon wajib diisi."), Code.REQUIRED)
        else:
            try:
                out["phone"] = normalize_phone(data["phone"])
            except ValidationError as exc:
                errors["phone"] = _error(exc.messages[0], Code.INVALID)
    if "email" in data:
        email = (data["email"] or "").strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            code = Code.REQUIRED if not email else Code.INVALID
            errors["email"] = _error(_("Alamat e-mail tidak valid."), code)
        out["email"] = email
    for field in ("address", "description", "story", "bank_name", "bank_account_holder"):
        if field in data:
            out[field] = (data[field] or "").strip()
    if "bank_account_number" in data:
        try:
            out["bank_account_number"] = clean_bank_account_number(data["bank_account_number"])
        except ValidationError as exc:
            errors["bank_account_number"] = exc
    if "logo" in data and data["logo"] is not None:
        try:
            sniff_upload(data["logo"], images_only=True)
        except ValidationError as exc:
            errors["logo"] = exc
        else:
            out["logo"] = data["logo"]
    return out


def _check_zone(zone_id, *, village: Village | None, errors: dict) -> Zone | None:
    if not zone_id:
        return None
    zone = selectors.zone_get(pk=zone_id)
    if zone is None:
        errors["zone"] = _error(_("Zona OVOP tidak ditemukan."), Code.NOT_FOUND)
        return None
    if village is not None and zone.regency_id != village.regency_code:
        errors["zone"] = _error(
            _("Zona %(zone)s berada di kabupaten lain dari desa lembaga."),
            Code.OUTSIDE_REGENCY,
            zone=zone.name,
        )
    return zone


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
    if not user.is_authenticated:
        raise _denied()
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
    values = _clean_fields(data, seller=None, errors=errors)
    zone = _check_zone(data.get("zone"), village=values.get("village"), errors=errors)
    if errors:
        raise ValidationError(errors)
    logo = values.pop("logo", None)
    seller = Seller(**values, zone=zone, status=S.DRAFT)
    seller.slug = _unique_slug(Seller, values["name"])
    try:
        with transaction.atomic():
            seller.save()
    except IntegrityError as exc:  # a concurrent registration took the NIB
        raise ValidationError(
            {"nib": _error(_("NIB ini sudah terdaftar untuk lembaga lain."), Code.UNIQUE)}
        ) from exc
    if logo is not None:
        seller.logo.save(logo.name or "logo", logo, save=True)
    SellerMember.objects.create(seller=seller, user=user, role=SellerMember.Role.PENGURUS)
    user.groups.add(Group.objects.get(name=Role.SELLER_MEMBER))
    _record(seller=seller, actor=user, old="", new=S.DRAFT, note=_("Lembaga didaftarkan."))
    return seller


def _lock(seller: Seller) -> Seller:
    return Seller.objects.select_for_update().get(pk=seller.pk)


@transaction.atomic
def seller_update(*, user, seller: Seller, data: dict[str, Any]) -> Seller:
    """Change a lembaga's data; a REJECTED seller goes back to DRAFT for fixes.

    DRAFT and REJECTED sellers may change everything; once submitted the
    identity (name, kind, village, zone, NIB, NPWP) is fixed and only the
    profile (contact, story, logo, bank account) may change, except while
    SUBMITTED, when nothing changes until the review is done.
    """
    if not selectors.seller_user_can_manage(user=user, seller=seller, full_rights=True):
        raise _denied()
    seller = _lock(seller)
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
                errors[field] = _error(
                    _("Data ini tidak dapat diubah setelah lembaga disetujui."), Code.NOT_EDITABLE
                )
    values = _clean_fields(data, seller=seller, errors=errors)
    if "zone" in data:
        zone = _check_zone(
            data["zone"], village=values.get("village", seller.village), errors=errors
        )
        values["zone"] = zone
    elif "village" in values and seller.zone_id:
        _check_zone(seller.zone_id, village=values["village"], errors=errors)
    if errors:
        raise ValidationError(errors)
    logo = values.pop("logo", None)
    for attr, value in values.items():
        setattr(seller, attr, value)
    if "name" in values and seller.approved_at is None:
        seller.slug = _unique_slug(Seller, seller.name, exclude_pk=seller.pk)
    old = seller.status
    if old == S.REJECTED:
        seller.status = S.DRAFT
    try:
        with transaction.atomic():
            seller.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"nib": _error(_("NIB ini sudah terdaftar untuk lembaga lain."), Code.UNIQUE)}
        ) from exc
    if logo is not None:
        seller.logo.save(logo.name or "logo", logo, save=True)
    if old != seller.status:
        _record(seller=seller, actor=user, old=old, new=seller.status, note=_("Data diperbaiki."))
    return seller


@transaction.atomic
def seller_document_upload(*, user, seller: Seller, kind: str, file) -> SellerDocument:
    """Attach a founding document (AD/ART, SK, akta), checked by its content."""
    if not selectors.seller_user_can_manage(user=user, seller=seller, full_rights=True):
        raise _denied()
    errors: dict = {}
    if kind not in SellerDocument.Kind.values:
        errors["kind"] = _error(_("Jenis dokumen tidak dikenal."), Code.INVALID)
    if file is None:
        errors["file"] = _error(_("Berkas wajib diunggah."), Code.REQUIRED)
        content_type = ""
    else:
        try:
            content_type = sniff_upload(file)
        except ValidationError as exc:
            errors["file"] = exc
    if seller.status == S.SUBMITTED:
        errors.setdefault(
            "file",
            _error(_("Lembaga sedang ditinjau; dokumen tidak dapat diubah."), Code.NOT_EDITABLE),
        )
    if errors:
        raise ValidationError(errors)
    document = SellerDocument(seller=seller, kind=kind, content_type=content_type, uploaded_by=user)
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}[content_type]
    document.file.save(f"{kind.lower()}-{secrets.token_hex(6)}.{extension}", file, save=True)
    return document


def seller_missing_for_submit(*, seller: Seller) -> dict[str, ValidationError]:
    """What a lembaga still lacks before it can be submitted for review."""
    missing: dict[str, ValidationError] = {}
    kinds = set(seller.documents.values_list("kind", flat=True))
    if SellerDocument.Kind.AD_ART not in kinds:
        missing["documents"] = _error(_("Unggah AD/ART lembaga."), Code.INCOMPLETE)
    elif not kinds & {SellerDocument.Kind.SK, SellerDocument.Kind.AKTA}:
        missing["documents"] = _error(_("Unggah SK atau akta pendirian lembaga."), Code.INCOMPLETE)
    if not seller.zone_id:
        missing["zone"] = _error(_("Pilih zona OVOP tempat lembaga berproduksi."), Code.INCOMPLETE)
    if not (seller.bank_name and seller.bank_account_number and seller.bank_account_holder):
        missing["bank_account_number"] = _error(
            _("Lengkapi rekening bank untuk pembayaran (bank, nomor, nama pemilik)."),
            Code.INCOMPLETE,
        )
    if not seller.address:
        missing["address"] = _error(_("Alamat lembaga wajib diisi."), Code.INCOMPLETE)
    return missing


@transaction.atomic
def seller_submit(*, user, seller: Seller) -> Seller:
    """Send a complete DRAFT to the programme staff for review."""
    if not selectors.seller_user_can_manage(user=user, seller=seller, full_rights=True):
        raise _denied()
    seller = _lock(seller)
    if seller.status != S.DRAFT:
        raise ValidationError(
            {
                "id": _error(
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
    _record(seller=seller, actor=user, old=S.DRAFT, new=S.SUBMITTED)
    return seller


class Decision:
    APPROVE = "APPROVE"
    REJECT = "REJECT"
    SUSPEND = "SUSPEND"


# decision -> {from status: to status}
TRANSITIONS = {
    Decision.APPROVE: {S.SUBMITTED: S.ACTIVE, S.SUSPENDED: S.ACTIVE},
    Decision.REJECT: {S.SUBMITTED: S.REJECTED},
    Decision.SUSPEND: {S.ACTIVE: S.SUSPENDED},
}


def _checklist_save(*, seller: Seller, user, checklist: dict[str, Any]) -> LocationChecklist:
    record, _created = LocationChecklist.objects.get_or_create(seller=seller)
    for item in LocationChecklist.ITEMS:
        if item in checklist and checklist[item] is not None:
            setattr(record, item, bool(checklist[item]))
    if checklist.get("notes") is not None:
        record.notes = checklist["notes"].strip()
    record.reviewed_by = user
    record.save()
    return record


@transaction.atomic
def seller_review(
    *,
    user,
    seller: Seller,
    decision: str,
    note: str = "",
    checklist: dict[str, Any] | None = None,
) -> Seller:
    """Approve, reject or suspend a lembaga; APPROVE also reactivates a SUSPENDED one.

    Approval needs every Pergub II.4 a-g location criterion recorded as met;
    rejection and suspension need a note, which the seller sees.
    """
    if not selectors.seller_user_can_review(user=user, seller=seller):
        raise _denied()
    seller = _lock(seller)
    note = (note or "").strip()
    target = TRANSITIONS.get(decision, {}).get(seller.status)
    if decision not in TRANSITIONS:
        raise ValidationError({"decision": _error(_("Keputusan tidak dikenal."), Code.INVALID)})
    if target is None:
        raise ValidationError(
            {
                "decision": _error(
                    _("Keputusan %(decision)s tidak berlaku untuk lembaga berstatus %(status)s."),
                    Code.INVALID_TRANSITION,
                    decision=decision,
                    status=seller.get_status_display(),
                )
            }
        )
    if decision in (Decision.REJECT, Decision.SUSPEND) and not note:
        raise ValidationError(
            {"note": _error(_("Tuliskan alasan yang akan dibaca lembaga."), Code.REQUIRED)}
        )
    record = _checklist_save(seller=seller, user=user, checklist=checklist or {})
    if decision == Decision.APPROVE:
        unmet = [item for item in LocationChecklist.ITEMS if getattr(record, item) is not True]
        if unmet:
            raise ValidationError(
                {
                    "checklist": _error(
                        _("Semua syarat lokasi (Pergub II.4 a-g) harus terpenuhi: %(items)s."),
                        Code.CHECKLIST_INCOMPLETE,
                        items=", ".join(
                            str(LocationChecklist._meta.get_field(i).verbose_name)[:2]
                            for i in unmet
                        ),
                    )
                }
            )
    old = seller.status
    seller.status = target
    fields = ["status", "updated_at"]
    if target == S.ACTIVE:
        seller.approved_at = seller.approved_at or timezone.now()
        seller.rejection_reason = ""
        fields += ["approved_at", "rejection_reason"]
    elif target in (S.REJECTED, S.SUSPENDED):
        seller.rejection_reason = note
        fields.append("rejection_reason")
    seller.save(update_fields=fields)
    _record(seller=seller, actor=user, old=old, new=target, note=note)
    return seller


def _clean_village_codes(codes, field: str, regency_code: str, errors: dict) -> list[Village]:
    villages = []
    for code in codes or []:
        sub: dict = {}
        village = _village(code, sub, field)
        if sub:
            errors.setdefault(field, sub[field])
        elif village.regency_code != regency_code:
            errors.setdefault(
                field,
                _error(
                    _("Desa %(code)s berada di luar kabupaten zona."),
                    Code.OUTSIDE_REGENCY,
                    code=code,
                ),
            )
        else:
            villages.append(village)
    return villages


@transaction.atomic
def zone_create(
    *,
    user,
    regency_code: str,
    name: str,
    commodity: str,
    description: str = "",
    production_village_codes: list[str],
    buffer_village_codes: list[str] | None = None,
) -> Zone:
    """Define an OVOP kawasan/klaster/zona: its production and buffer villages."""
    if not selectors.user_can_review_regency(user=user, regency_code=regency_code):
        raise _denied()
    errors: dict = {}
    regency = Regency.objects.filter(code=regency_code).first()
    if regency is None:
        errors["regency_code"] = _error(
            _("Kode kabupaten/kota tidak dikenal: %(code)s."), Code.NOT_FOUND, code=regency_code
        )
    name, commodity = (name or "").strip(), (commodity or "").strip()
    if not name:
        errors["name"] = _error(_("Nama zona wajib diisi."), Code.REQUIRED)
    elif Zone.objects.filter(regency_id=regency_code, name__iexact=name).exists():
        errors["name"] = _error(_("Nama zona ini sudah ada di kabupaten ini."), Code.UNIQUE)
    if not commodity:
        errors["commodity"] = _error(_("Fokus komoditas wajib diisi."), Code.REQUIRED)
    production = _clean_village_codes(
        production_village_codes, "production_village_codes", regency_code, errors
    )
    buffer = _clean_village_codes(
        buffer_village_codes, "buffer_village_codes", regency_code, errors
    )
    if not production_village_codes:
        errors["production_village_codes"] = _error(
            _("Sebutkan paling sedikit satu desa produksi."), Code.REQUIRED
        )
    if errors:
        raise ValidationError(errors)
    zone = Zone.objects.create(
        regency=regency,
        name=name,
        commodity=commodity,
        description=(description or "").strip(),
        slug=_unique_slug(Zone, f"{regency.short_name} {name}"),
    )
    zone.production_villages.set(production)
    zone.buffer_villages.set(buffer)
    return zone


@transaction.atomic
def seller_member_invite(*, user, seller: Seller, email: str, role: str) -> SellerInvitation:
    """Invite someone by e-mail to join the lembaga as pengurus or staff."""
    if not selectors.seller_user_can_manage(user=user, seller=seller, full_rights=True):
        raise _denied()
    errors: dict = {}
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _error(_("Alamat e-mail tidak valid."), Code.INVALID)
    if role not in SellerMember.Role.values:
        errors["role"] = _error(_("Peran tidak dikenal."), Code.INVALID)
    if "email" not in errors and seller.members.filter(user__email__iexact=email).exists():
        errors["email"] = _error(_("Orang ini sudah menjadi anggota lembaga."), Code.ALREADY_MEMBER)
    if errors:
        raise ValidationError(errors)
    invitation = SellerInvitation.objects.create(
        seller=seller, email=email, role=role, token=secrets.token_urlsafe(32), invited_by=user
    )

    def _send():
        from .tasks import seller_invitation_send

        seller_invitation_send.delay(invitation.pk)

    transaction.on_commit(_send)
    return invitation


@transaction.atomic
def seller_invitation_accept(*, user, token: str) -> SellerMember:
    """Join a lembaga with an invitation addressed to the signed-in user's e-mail."""
    if not user.is_authenticated:
        raise _denied()
    invitation = SellerInvitation.objects.select_for_update().filter(token=token or "").first()
    if (
        invitation is None
        or invitation.accepted_at is not None
        or invitation.created_at < timezone.now() - INVITATION_TTL
    ):
        raise ValidationError(
            {
                "token": _error(
                    _("Undangan tidak berlaku atau sudah digunakan."), Code.INVITATION_INVALID
                )
            }
        )
    if invitation.email.lower() != user.email.lower():
        raise ValidationError(
            {"token": _error(_("Undangan ini untuk alamat e-mail lain."), Code.EMAIL_MISMATCH)}
        )
    member, created = SellerMember.objects.get_or_create(
        seller=invitation.seller, user=user, defaults={"role": invitation.role}
    )
    if not created:
        raise ValidationError(
            {"token": _error(_("Anda sudah menjadi anggota lembaga ini."), Code.ALREADY_MEMBER)}
        )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    user.groups.add(Group.objects.get(name=Role.SELLER_MEMBER))
    return member


@transaction.atomic
def seller_pendamping_assign(*, user, seller: Seller, email: str) -> PendampingAssignment:
    """Assign a field facilitator to act for a lembaga (its reviewers decide)."""
    from shop.models import User

    if not selectors.seller_user_can_review(user=user, seller=seller):
        raise _denied()
    pendamping = User.objects.filter(
        email__iexact=(email or "").strip(), groups__name=Role.PENDAMPING, is_active=True
    ).first()
    if pendamping is None:
        raise ValidationError(
            {"email": _error(_("Tidak ada pendamping dengan e-mail ini."), Code.NOT_FOUND)}
        )
    assignment, _created = PendampingAssignment.objects.get_or_create(
        seller=seller, user=pendamping
    )
    return assignment
