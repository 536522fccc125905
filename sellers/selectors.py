"""Reads of regions and sellers."""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from shop.permissions import Perm

from .models import (
    District,
    LocationChecklist,
    OfficerRegency,
    PendampingAssignment,
    Regency,
    Seller,
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


def seller_member_role(*, user, seller: Seller) -> str | None:
    """The user's role in the lembaga (PENGURUS or STAFF), or None."""
    if not user.is_authenticated:
        return None
    return (
        SellerMember.objects.filter(seller=seller, user=user).values_list("role", flat=True).first()
    )


def seller_user_is_pendamping(*, user, seller: Seller) -> bool:
    return (
        user.is_authenticated
        and PendampingAssignment.objects.filter(seller=seller, user=user).exists()
    )


def seller_user_can_manage(*, user, seller: Seller, full_rights: bool = False) -> bool:
    """May ``user`` act for ``seller``? Staff may list and handle orders; pengurus,
    the assigned pendamping and superusers may do everything (``full_rights``)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or seller_user_is_pendamping(user=user, seller=seller):
        return True
    role = seller_member_role(user=user, seller=seller)
    if full_rights:
        return role == SellerMember.Role.PENGURUS
    return role is not None


def sellers_for_user(*, user) -> QuerySet[Seller]:
    """Sellers the user belongs to or is the pendamping of."""
    if not user.is_authenticated:
        return Seller.objects.none()
    return (
        Seller.objects.filter(Q(members__user=user) | Q(pendamping__user=user))
        .distinct()
        .order_by("name")
    )


def user_is_seller_reviewer(*, user) -> bool:
    """Does the user review sellers at all (programme or kabupaten officer)?"""
    return user.is_authenticated and (
        user.is_superuser
        or user.has_perm(Perm.REVIEW_SELLERS.full)
        or user.has_perm(Perm.REVIEW_SELLERS_OWN_REGENCY.full)
    )


def officer_regency_codes(*, user) -> list[str]:
    return list(OfficerRegency.objects.filter(user=user).values_list("regency_id", flat=True))


def user_can_review_regency(*, user, regency_code: str) -> bool:
    """Programme staff review every kabupaten; a kabupaten officer only their own."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.has_perm(Perm.REVIEW_SELLERS.full):
        return True
    return user.has_perm(
        Perm.REVIEW_SELLERS_OWN_REGENCY.full
    ) and regency_code in officer_regency_codes(user=user)


def seller_user_can_review(*, user, seller: Seller) -> bool:
    return user_can_review_regency(user=user, regency_code=seller.regency_code)


def sellers_reviewable_by(*, user) -> QuerySet[Seller]:
    """Sellers whose applications the user may review."""
    if not user.is_authenticated:
        return Seller.objects.none()
    if user.is_superuser or user.has_perm(Perm.REVIEW_SELLERS.full):
        return Seller.objects.all()
    if user.has_perm(Perm.REVIEW_SELLERS_OWN_REGENCY.full):
        return Seller.objects.filter(
            village__district__regency__in=officer_regency_codes(user=user)
        )
    return Seller.objects.none()


def seller_user_can_view_private(*, user, seller: Seller) -> bool:
    """Members, the pendamping and the reviewers of its kabupaten see a seller's private data."""
    return seller_user_can_manage(user=user, seller=seller) or seller_user_can_review(
        user=user, seller=seller
    )


def _with_relations(qs: QuerySet[Seller]) -> QuerySet[Seller]:
    return qs.select_related("village__district__regency", "zone__regency")


def sellers_visible_to(*, user) -> QuerySet[Seller]:
    """ACTIVE sellers for everyone, plus the user's own and those they may review."""
    visible = Q(status=Seller.Status.ACTIVE)
    if user.is_authenticated:
        visible |= Q(pk__in=sellers_for_user(user=user).values("pk"))
        visible |= Q(pk__in=sellers_reviewable_by(user=user).values("pk"))
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
    from shop.models import User

    users = User.objects.filter(is_active=True).filter(
        Q(groups__permissions__codename=Perm.REVIEW_SELLERS.value)
        | Q(
            groups__permissions__codename=Perm.REVIEW_SELLERS_OWN_REGENCY.value,
            officer_regencies__regency_id=regency_code,
        )
    )
    return sorted(set(users.values_list("email", flat=True)))


@dataclass(frozen=True)
class ViewerScope:
    """What one user may do with sellers, loaded once (a few queries) per request.

    Lists of sellers ask it per row instead of querying per row.
    """

    authenticated: bool = False
    superuser: bool = False
    roles: dict[int, str] = field(default_factory=dict)  # seller id -> PENGURUS/STAFF
    pendamping_of: frozenset[int] = frozenset()
    review_all: bool = False
    review_regencies: frozenset[str] = frozenset()

    def can_manage(self, seller: Seller, *, full_rights: bool = False) -> bool:
        if not self.authenticated:
            return False
        if self.superuser or seller.pk in self.pendamping_of:
            return True
        role = self.roles.get(seller.pk)
        return role == SellerMember.Role.PENGURUS if full_rights else role is not None

    def can_review(self, seller: Seller) -> bool:
        return self.superuser or self.review_all or seller.regency_code in self.review_regencies

    def can_view_private(self, seller: Seller) -> bool:
        return self.can_manage(seller) or self.can_review(seller)


def viewer_scope(*, user) -> ViewerScope:
    if not user.is_authenticated:
        return ViewerScope()
    review_all = user.is_superuser or user.has_perm(Perm.REVIEW_SELLERS.full)
    regencies = (
        frozenset(officer_regency_codes(user=user))
        if user.has_perm(Perm.REVIEW_SELLERS_OWN_REGENCY.full)
        else frozenset()
    )
    return ViewerScope(
        authenticated=True,
        superuser=user.is_superuser,
        roles=dict(SellerMember.objects.filter(user=user).values_list("seller_id", "role")),
        pendamping_of=frozenset(
            PendampingAssignment.objects.filter(user=user).values_list("seller_id", flat=True)
        ),
        review_all=review_all,
        review_regencies=regencies,
    )


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
