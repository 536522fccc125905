"""Programme staff review a submitted lembaga with the Pergub II.4 location checklist."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shop.access import Access, require

from ..errors import SellerErrorCode as Code
from ..models import (
    LocationChecklist,
    Seller,
)
from ..selectors import ZoneRole, seller_village_zone_role
from .common import (
    S,
    coded_error,
    seller_event_record,
    seller_lock,
)


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
    for item in (*LocationChecklist.ITEMS, "umkm_community_group"):
        if item in checklist and checklist[item] is not None:
            setattr(record, item, bool(checklist[item]))
    if checklist.get("notes") is not None:
        record.notes = checklist["notes"].strip()
    record.reviewed_by = user
    record.save()
    return record


def _check_programme_rules(*, seller: Seller, record: LocationChecklist, note: str) -> None:
    """Approval rules of the regulation beyond the II.4 checklist: the village of a zoned
    lembaga is one of the zone's production villages (or the reviewer says why not), and an
    UMKM is accepted only as a kelompok usaha formed by the community (Ps. 1 angka 11)."""
    if seller.kind == Seller.Kind.UMKM and record.umkm_community_group is not True:
        raise ValidationError(
            {
                "checklist": coded_error(
                    _(
                        "UMKM hanya diterima sebagai kelompok usaha yang dibentuk kelompok "
                        "masyarakat (Pergub Ps. 1 angka 11); centang butir itu bila terpenuhi."
                    ),
                    Code.UMKM_NOT_COMMUNITY_GROUP,
                )
            }
        )
    # Pergub I.a, IV.1: a zoned lembaga sits in one of the zone's production villages.
    if seller_village_zone_role(seller=seller) not in (None, ZoneRole.PRODUCTION) and not note:
        raise ValidationError(
            {
                "note": coded_error(
                    _(
                        "%(village)s bukan desa produksi zona %(zone)s; tuliskan alasannya "
                        "di catatan keputusan."
                    ),
                    Code.VILLAGE_NOT_PRODUCTION,
                    village=str(seller.village),
                    zone=seller.zone.name,
                )
            }
        )


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
    require(Access(user).may_review_seller(seller))
    seller = seller_lock(seller)
    note = (note or "").strip()
    target = TRANSITIONS.get(decision, {}).get(seller.status)
    if decision not in TRANSITIONS:
        raise ValidationError(
            {"decision": coded_error(_("Keputusan tidak dikenal."), Code.INVALID)}
        )
    if target is None:
        raise ValidationError(
            {
                "decision": coded_error(
                    _("Keputusan %(decision)s tidak berlaku untuk lembaga berstatus %(status)s."),
                    Code.INVALID_TRANSITION,
                    decision=decision,
                    status=seller.get_status_display(),
                )
            }
        )
    if decision in (Decision.REJECT, Decision.SUSPEND) and not note:
        raise ValidationError(
            {"note": coded_error(_("Tuliskan alasan yang akan dibaca lembaga."), Code.REQUIRED)}
        )
    record = _checklist_save(seller=seller, user=user, checklist=checklist or {})
    if decision == Decision.APPROVE:
        _check_programme_rules(seller=seller, record=record, note=note)
        unmet = [item for item in LocationChecklist.ITEMS if getattr(record, item) is not True]
        if unmet:
            raise ValidationError(
                {
                    "checklist": coded_error(
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
    seller_event_record(seller=seller, actor=user, old=old, new=target, note=note)
    return seller
