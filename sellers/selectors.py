"""Reads of regions and sellers."""

from django.db.models import Q, QuerySet

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


def village_search(*, query: str, limit: int = 20) -> list[Village]:
    """Villages whose name contains ``query`` (for finding a village's code)."""
    query = (query or "").strip()
    if len(query) < 3:
        return []
    return list(
        Village.objects.select_related("district__regency")
        .filter(name__icontains=query)
        .order_by("name", "code")[:limit]
    )
