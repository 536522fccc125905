"""Reads of regions and sellers."""

import re
import unicodedata
from dataclasses import dataclass

from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import Func, Q, QuerySet, Value
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from shop.access import Access
from shop.models import User
from shop.permissions import Perm

from .models import (
    District,
    LocationChecklist,
    Regency,
    Seller,
    SellerDocument,
    SellerEvent,
    SellerInvitation,
    SellerMember,
    Village,
    Zone,
)


def regency_list() -> QuerySet[Regency]:
    return Regency.objects.order_by("code")


def district_list(*, regency_code: str) -> QuerySet[District]:
    return District.objects.filter(regency_id=regency_code).order_by("code")


def village_list(*, district_code: str) -> QuerySet[Village]:
    return Village.objects.filter(district_id=district_code).order_by("code")


def regency_exists(code: str) -> bool:
    return Regency.objects.filter(code=code).exists()


def district_exists(code: str) -> bool:
    return District.objects.filter(code=code).exists()


def village_get(*, code: str) -> Village | None:
    return Village.objects.select_related("district__regency").filter(code=code).first()


def sellers_for_user(*, user) -> QuerySet[Seller]:
    """Sellers the user belongs to or is the pendamping of."""
    ids = Access(user).own_seller_ids
    return Seller.objects.filter(pk__in=ids).order_by("name") if ids else Seller.objects.none()


def sellers_reviewable_by(*, user) -> QuerySet[Seller]:
    """Sellers whose applications the user may review (``Access.may_review_seller`` in SQL)."""
    regencies = Access(user).reviewed_regencies
    if regencies is None:
        return Seller.objects.all()
    if not regencies:
        return Seller.objects.none()
    return Seller.objects.filter(village__district__regency__in=regencies)


def seller_documents_visible_to(
    *, user, qs: QuerySet[SellerDocument] | None = None
) -> QuerySet[SellerDocument]:
    """Founding documents the user may see (``Access.may_see_seller_document`` in SQL)."""
    qs = SellerDocument.objects.all() if qs is None else qs
    access = Access(user)
    regencies = access.reviewed_regencies
    if regencies is None or access.superuser or access.has(Perm.VIEW_PROGRAMME_RECORDS):
        return qs
    visible = Q(seller__in=access.own_seller_ids | access.assisted_seller_ids)
    if regencies:
        visible |= Q(seller__village__district__regency__in=regencies)
    return qs.filter(visible)


def _with_relations(qs: QuerySet[Seller]) -> QuerySet[Seller]:
    return qs.select_related("village__district__regency", "zone__regency")


def sellers_visible_to(*, user) -> QuerySet[Seller]:
    """ACTIVE sellers for everyone, plus the user's own and those they may review
    (``Access.may_see_seller`` in SQL)."""
    access = Access(user)
    regencies = access.reviewed_regencies
    if regencies is None or access.has(Perm.VIEW_PROGRAMME_RECORDS):
        return _with_relations(Seller.objects.all())
    visible = Q(status=Seller.Status.ACTIVE)
    if access.own_seller_ids or access.assisted_seller_ids:
        visible |= Q(pk__in=access.own_seller_ids | access.assisted_seller_ids)
    if regencies:
        visible |= Q(village__district__regency__in=regencies)
    return _with_relations(Seller.objects.filter(visible))


def seller_list(
    *,
    user,
    regency: str | None = None,
    zone_id: int | str | None = None,
    status: str | None = None,
    search: str | None = None,
) -> QuerySet[Seller]:
    """Sellers the user may see, filtered; ordered by name."""
    qs = sellers_visible_to(user=user)
    if regency:
        qs = qs.filter(village__district__regency_id=regency)
    if zone_id:
        qs = qs.filter(zone_id=zone_id)
    if status:
        qs = qs.filter(status=status)
    if search:
        qs = qs.filter(
            Q(name__icontains=search)
            | Q(village__name__icontains=search)
            | Q(zone__name__icontains=search)
            | Q(zone__commodity__icontains=search)
        )
    return qs.order_by("name", "pk")


def seller_get(*, user, slug: str | None = None, pk: int | str | None = None) -> Seller | None:
    """One seller the user may see, by slug or primary key."""
    qs = sellers_visible_to(user=user)
    if slug:
        qs = qs.filter(slug=slug)
    if pk:
        qs = qs.filter(pk=pk)
    if not slug and not pk:
        return None
    return qs.first()


def seller_public_get(*, slug: str) -> Seller | None:
    """An ACTIVE seller for its public page."""
    return (
        _with_relations(Seller.objects.filter(slug=slug, status=Seller.Status.ACTIVE))
        .prefetch_related("zone__production_villages", "zone__buffer_villages")
        .first()
    )


def review_queue(*, user, status: str = Seller.Status.SUBMITTED) -> QuerySet[Seller]:
    """Applications waiting for the user's review, oldest first."""
    return _with_relations(sellers_reviewable_by(user=user).filter(status=status)).order_by(
        "submitted_at", "pk"
    )


def seller_events(*, seller: Seller) -> QuerySet[SellerEvent]:
    return seller.events.select_related("actor").order_by("created_at", "pk")


def seller_members(*, seller: Seller) -> QuerySet[SellerMember]:
    return seller.members.select_related("user").order_by("created_at", "pk")


def seller_checklist(*, seller: Seller) -> LocationChecklist | None:
    return LocationChecklist.objects.filter(seller=seller).first()


def zone_list(*, regency: str | None = None) -> QuerySet[Zone]:
    qs = Zone.objects.select_related("regency")
    if regency:
        qs = qs.filter(regency_id=regency)
    return qs.order_by("regency_id", "name")


def zone_get(*, pk: int | str | None = None, slug: str | None = None) -> Zone | None:
    qs = Zone.objects.select_related("regency")
    if pk:
        return qs.filter(pk=pk).first()
    if slug:
        return qs.filter(slug=slug).first()
    return None


def invitation_get(*, token: str) -> SellerInvitation | None:
    return SellerInvitation.objects.select_related("seller").filter(token=token).first()


def reviewer_emails(*, regency_code: str) -> list[str]:
    """Addresses of the programme officers and this kabupaten's officers."""
    users = User.objects.filter(is_active=True).filter(
        Q(groups__permissions__codename=Perm.REVIEW_SELLERS.value)
        | Q(
            groups__permissions__codename=Perm.REVIEW_SELLERS_OWN_REGENCY.value,
            officer_regencies__regency_id=regency_code,
        )
    )
    return sorted(set(users.values_list("email", flat=True)))


def seller_member_users(*, seller_id: int) -> QuerySet[User]:
    """The lembaga's members (pengurus and staf) with an active account and an e-mail."""
    return (
        User.objects.filter(seller_memberships__seller_id=seller_id, is_active=True)
        .exclude(email="")
        .order_by("email")
    )


def search_key(text: str) -> str:
    """Lower-case ASCII letters and digits only: ``"Oé'ekam"`` and ``"oe ekam"`` -> ``oeekam``."""
    plain = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", plain.lower())


def _name_key(field: str) -> Func:
    return Func(Lower(field), Value("[^a-z0-9]"), Value(""), Value("g"), function="regexp_replace")


@dataclass(frozen=True)
class VillageSearch:
    villages: list
    # True when nothing matched and ``villages`` are the closest spellings instead.
    suggested: bool = False


def village_find(*, query: str, limit: int = 20) -> VillageSearch:
    """Find a desa by what a person remembers of its name, to get its Kemendagri code.

    Matches part of the name regardless of case, spaces, apostrophes and
    accents (``watu omok``, ``Watuomok``, ``oeekam`` for ``Oe'Ekam``), and the
    name of its kecamatan (all its desa). When nothing matches, the closest
    spellings (trigram similarity) are offered instead, marked as suggestions.
    """
    key = search_key(query)
    if len(key) < 3:
        return VillageSearch(villages=[])
    qs = Village.objects.select_related("district__regency")
    found = list(
        qs.annotate(key=_name_key("name"), district_key=_name_key("district__name"))
        .filter(Q(key__contains=key) | Q(district_key__contains=key))
        .order_by("name", "code")[:limit]
    )
    if found:
        return VillageSearch(villages=found)
    close = list(
        qs.annotate(similarity=TrigramSimilarity("name", query.strip()))
        .filter(similarity__gte=0.3)
        .order_by("-similarity", "name")[: min(limit, 5)]
    )
    return VillageSearch(villages=close, suggested=bool(close))


class ZoneRole:
    """Where a lembaga's desa stands in its chosen zone (``seller_village_zone_role``)."""

    PRODUCTION = "PRODUCTION"
    BUFFER = "BUFFER"
    OUTSIDE = "OUTSIDE"


def seller_village_zone_role(*, seller: Seller) -> str | None:
    """The one answer to "is the lembaga's desa in its zone?" (None: no zone chosen).

    Pergub I.a, IV.1: a zoned lembaga sits in one of the zone's production villages.
    A buffer village (desa penyangga) supplies the zone but is not where it
    produces: approving it needs the reviewer's reason, like a village outside.
    The review page's warnings and the approval rule both read this.
    """
    zone = seller.zone
    if zone is None or not seller.village_id:
        return None
    if zone.production_villages.filter(code=seller.village_id).exists():
        return ZoneRole.PRODUCTION
    if zone.buffer_villages.filter(code=seller.village_id).exists():
        return ZoneRole.BUFFER
    return ZoneRole.OUTSIDE


# "Desa Nita", "Kel. Kota Uneng", "Ds. Watublapi": the name a written address gives its desa,
# up to a comma, a line end, a digit or the next part ("Kec.", "RT").
_ADDRESS_VILLAGE = re.compile(
    r"\b(?:desa|kelurahan|kel\.|ds\.)\s+([^\d,;\n/()]+?)(?=\s*(?:$|[\d,;\n/()]|\b(?:kec|kecamatan|kab|kabupaten|rt|rw|kode)\b))",
    re.IGNORECASE,
)


# "Jalan Desa No. 1": the word used as a common noun, not a name.
_NOT_A_NAME = frozenset({"no", "nomor", "jl", "jalan", "gg", "gang", "blok", "setempat"})


def address_named_villages(address: str) -> list[str]:
    """The desa/kelurahan names written in an address ("Desa Nita, Kec. Nita" -> ["Nita"])."""
    names = [m.group(1).strip() for m in _ADDRESS_VILLAGE.finditer(address or "")]
    return [n for n in names if len(search_key(n)) >= 3 and search_key(n) not in _NOT_A_NAME]


def seller_review_warnings(*, seller: Seller) -> list[str]:
    """What a reviewer must look at twice before approving: facts that contradict each other.

    The village outside the chosen zone (neither a production nor a buffer
    village of it), an address that names another desa than the registered one,
    and an NIB or bank account another lembaga already uses. The catalog adds
    lembaga holding this NIB as a certificate (its review template).
    """
    warnings = []
    if seller_village_zone_role(seller=seller) == ZoneRole.OUTSIDE:
        warnings.append(
            _("Desa %(village)s tidak termasuk desa produksi atau penyangga zona %(zone)s.")
            % {"village": seller.village.name, "zone": seller.zone.name}
        )
    own = search_key(seller.village.name) if seller.village_id else ""
    for named in address_named_villages(seller.address):
        if search_key(named) != own:
            warnings.append(
                _("Alamat menyebut desa %(named)s, tetapi desa terdaftar lembaga ini %(village)s.")
                % {"named": named, "village": seller.village.name}
            )
    if seller.bank_account_number:
        others = (
            Seller.objects.filter(bank_account_number=seller.bank_account_number)
            .exclude(pk=seller.pk)
            .values_list("name", flat=True)
        )
        if others:
            warnings.append(
                _("Nomor rekening ini juga dipakai oleh: %(names)s.")
                % {"names": ", ".join(sorted(others))}
            )
    return warnings
