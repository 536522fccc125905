"""Reads of regions and sellers."""

from django.db.models import Q, QuerySet

from .models import District, PendampingAssignment, Regency, Seller, SellerMember, Village


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
