"""ASN participation: a buyer's NIP and agency, and how much participating ASN spend a month.

A provincial appeal asks civil servants (ASN) to buy local products; it is
not part of the regulation, so it is off unless ``ASN_PARTICIPATION_ENABLED``.
A signed-in buyer may record, with explicit consent, a NIP and an agency;
campaign reports then count the campaign's ASN buyers by monthly spend
against ``ASN_MONTHLY_TARGET``. What a buyer spent lives in orders (above
promotions), so the orders app registers its spend function here at start-up
(``OrdersConfig.ready``), as promotions registers its prices with the catalog.

The NIP is personal data (UU 27/2022): shown whole only to its owner, masked
(``nip_mask``) everywhere else, never exported or logged, deleted by its owner.
"""

import calendar
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shop import encryption
from shop.access import Access, require

from .errors import PromotionErrorCode as Code
from .models import AsnParticipant, Campaign, Redemption, nip_digest

NIP_LENGTH = 18
ASN_MIN_AGE_AT_APPOINTMENT = 18
REPORT_MONTHS_MAX = 24

# (user ids, since, until) -> {(user id, first day of the month in WITA): rupiah spent}
SpendFunction = Callable[..., dict[tuple[int, date], int]]
_spend: dict[str, SpendFunction] = {}


def asn_spend_register(spend: SpendFunction) -> None:
    """Called once by the orders app at start-up: what each buyer paid per month."""
    _spend["monthly"] = spend


def asn_enabled() -> bool:
    return bool(getattr(settings, "ASN_PARTICIPATION_ENABLED", False))


def asn_monthly_target() -> int:
    return int(getattr(settings, "ASN_MONTHLY_TARGET", 100_000))


# ------------------------------------------------------------------ the NIP


def _nip_error(message: str, code: Code) -> ValidationError:
    return ValidationError({"nip": ValidationError(message, code=code)})


def _month_valid(year: int, month: int) -> bool:
    return 1 <= month <= 12 and year >= 1900


def nip_clean(raw: str, *, today: date | None = None) -> str:
    """The NIP as 18 digits, checked: birth date (1-8), appointment month (9-14), gender
    (15: 1 or 2) and sequence (16-18, not 000). Spaces and dots people type are dropped.

    An appointment is a month that has come, at least 18 years after the birth.
    """
    today = today or timezone.localdate()
    nip = "".join(ch for ch in (raw or "") if ch not in " .-")
    if len(nip) != NIP_LENGTH or not nip.isascii() or not nip.isdigit():
        raise _nip_error(_("NIP harus terdiri dari 18 angka."), Code.NIP_FORMAT)
    try:
        born = date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        born = None
    if born is None or born.year < 1900 or born > today:
        raise _nip_error(
            _("Tanggal lahir dalam NIP (angka 1-8, TTTTBBHH) tidak valid."), Code.NIP_BIRTH_DATE
        )
    year, month = int(nip[8:12]), int(nip[12:14])
    if (
        not _month_valid(year, month)
        or (year, month) > (today.year, today.month)
        or (year, month) < (born.year + ASN_MIN_AGE_AT_APPOINTMENT, born.month)
    ):
        raise _nip_error(
            _(
                "Bulan pengangkatan dalam NIP (angka 9-14, TTTTBB) tidak valid: paling "
                "cepat 18 tahun setelah lahir dan tidak di masa depan."
            ),
            Code.NIP_APPOINTMENT,
        )
    if nip[14] not in "12":
        raise _nip_error(
            _("Kode jenis kelamin dalam NIP (angka ke-15) harus 1 atau 2."), Code.NIP_GENDER
        )
    if nip[15:] == "000":
        raise _nip_error(
            _("Nomor urut dalam NIP (angka 16-18) tidak boleh 000."), Code.NIP_SEQUENCE
        )
    return nip


# ------------------------------------------------------------------ services


def _require_enabled() -> None:
    if not asn_enabled():
        raise ValidationError(
            _("Pencatatan partisipasi ASN tidak diaktifkan."), code=Code.ASN_DISABLED
        )


def asn_profile_get(*, user) -> AsnParticipant | None:
    """The signed-in person's own ASN record, or None."""
    if not Access(user).may_keep_asn_profile():
        return None
    return AsnParticipant.objects.filter(user=user).first()


@transaction.atomic
def asn_profile_set(*, user, nip: str, agency: str, consent: bool) -> AsnParticipant:
    """Record (or replace) one's own NIP and agency; consent is required each time and
    its moment kept, so a changed record is a freshly consented one."""
    require(
        Access(user).may_keep_asn_profile(),
        _("Masuk terlebih dahulu untuk mencatat NIP."),
    )
    _require_enabled()
    if not consent:
        raise ValidationError(
            {
                "consent": ValidationError(
                    _("Centang persetujuan untuk mencatat NIP Anda."), code=Code.CONSENT_REQUIRED
                )
            }
        )
    nip = nip_clean(nip)
    agency = (agency or "").strip()
    if not agency:
        raise ValidationError(
            {"agency": ValidationError(_("Instansi wajib diisi."), code=Code.AGENCY_REQUIRED)}
        )
    taken = AsnParticipant.objects.filter(nip_digest=nip_digest(nip)).exclude(user=user).exists()
    if taken:
        raise _nip_error(_("NIP ini sudah dicatat oleh akun lain."), Code.NIP_TAKEN)
    try:
        with transaction.atomic():
            participant = AsnParticipant.objects.select_for_update().filter(
                user=user
            ).first() or AsnParticipant(user=user)
            participant.nip = nip  # encrypted, with its digest
            participant.agency = agency[:200]
            participant.consented_at = timezone.now()
            participant.save()
    except IntegrityError:  # the same NIP recorded at the same moment by another account
        raise _nip_error(_("NIP ini sudah dicatat oleh akun lain."), Code.NIP_TAKEN) from None
    return participant


@transaction.atomic
def asn_profile_delete(*, user) -> bool:
    """Delete one's own NIP record for good (works even when the programme is switched off)."""
    require(
        Access(user).may_keep_asn_profile(),
        _("Masuk terlebih dahulu untuk menghapus NIP."),
    )
    deleted, _rows = AsnParticipant.objects.filter(user=user).delete()
    return bool(deleted)


def asn_nips_reencrypt() -> int:
    """Re-encrypt every recorded NIP with the first of ``PERSONAL_DATA_KEYS`` (key
    rotation, ``manage.py personal_data_rotate``); answer how many rows were written."""
    done = 0
    for pk, token in AsnParticipant.objects.values_list("pk", "nip_encrypted").iterator():
        # a row its owner changed meanwhile is already under the first key
        done += AsnParticipant.objects.filter(pk=pk, nip_encrypted=token).update(
            nip_encrypted=encryption.reencrypt(token)
        )
    return done


# ------------------------------------------------------------------ report


@dataclass
class AsnMonth:
    """How many of the campaign's ASN buyers spent nothing, below, at or twice the target."""

    month: date
    zero: int = 0
    below_target: int = 0
    at_target: int = 0
    double_target: int = 0

    @property
    def label(self) -> str:
        return self.month.strftime("%m/%Y")


@dataclass
class AsnReport:
    """``registered``: everyone with a NIP recorded now; ``participants``: those of them who
    bought with this campaign's discount; ``months``: their spend bands per month."""

    registered: int
    participants: int
    target: int
    months: list[AsnMonth] = field(default_factory=list)


def spend_band(spent: int, target: int) -> str:
    """0, below the target, at least the target, at least twice the target."""
    if spent <= 0:
        return "zero"
    if spent < target:
        return "below_target"
    if spent < 2 * target:
        return "at_target"
    return "double_target"


def _months(start: date, end: date) -> list[date]:
    months, day = [], start.replace(day=1)
    while day <= end and len(months) < REPORT_MONTHS_MAX:
        months.append(day)
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return months


def _month_end(day: date) -> datetime:
    last = calendar.monthrange(day.year, day.month)[1]
    return timezone.make_aware(datetime.combine(day.replace(day=last), time.max))


def campaign_asn_report(*, campaign: Campaign, now=None) -> AsnReport | None:
    """The campaign's ASN buyers by monthly spend (counts only); None when switched off.

    A month runs in WITA, over the campaign's months up to now. Spend is what
    the buyer paid for goods (after discounts and refunds, without shipping)
    in every order, online and at outlets, as the orders app reports it.
    """
    if not asn_enabled():
        return None
    now = now or timezone.now()
    target = asn_monthly_target()
    buyers = (
        Redemption.objects.filter(
            campaign=campaign, status=Redemption.Status.REDEEMED, user__isnull=False
        )
        .values("user_id")
        .distinct()
    )
    user_ids = list(
        AsnParticipant.objects.filter(user_id__in=buyers).values_list("user_id", flat=True)
    )
    report = AsnReport(
        registered=AsnParticipant.objects.count(), participants=len(user_ids), target=target
    )
    if campaign.starts_at > now:
        return report
    first = timezone.localtime(campaign.starts_at).date()
    last = timezone.localtime(min(campaign.ends_at, now)).date()
    months = _months(first, last)
    spent = _spend_of(user_ids, months)
    for month in months:
        row = AsnMonth(month=month)
        for user_id in user_ids:
            band = spend_band(spent.get((user_id, month), 0), target)
            setattr(row, band, getattr(row, band) + 1)
        report.months.append(row)
    return report


def _spend_of(user_ids: Iterable[int], months: list[date]) -> dict[tuple[int, date], int]:
    provider = _spend.get("monthly")
    if provider is None or not user_ids or not months:
        return {}
    since = timezone.make_aware(datetime.combine(months[0], time.min))
    return provider(user_ids=list(user_ids), since=since, until=_month_end(months[-1]))
