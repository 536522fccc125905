"""Members of a lembaga (pengurus, staff) and its pendamping."""

import secrets

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shop.access import Access, require
from shop.models import User
from shop.roles import Role

from ..errors import SellerErrorCode as Code
from ..models import (
    PendampingAssignment,
    Seller,
    SellerInvitation,
    SellerMember,
)
from ..notifications import notify_invitation
from .common import (
    INVITATION_TTL,
    coded_error,
)


@transaction.atomic
def seller_member_invite(*, user, seller: Seller, email: str, role: str) -> SellerInvitation:
    """Invite someone by e-mail to join the lembaga as pengurus or staff."""
    require(Access(user).may_manage_seller(seller, full_rights=True))
    errors: dict = {}
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = coded_error(_("Alamat e-mail tidak valid."), Code.INVALID)
    if role not in SellerMember.Role.values:
        errors["role"] = coded_error(_("Peran tidak dikenal."), Code.INVALID)
    if "email" not in errors and seller.members.filter(user__email__iexact=email).exists():
        errors["email"] = coded_error(
            _("Orang ini sudah menjadi anggota lembaga."), Code.ALREADY_MEMBER
        )
    if errors:
        raise ValidationError(errors)
    invitation = SellerInvitation.objects.create(
        seller=seller, email=email, role=role, token=secrets.token_urlsafe(32), invited_by=user
    )

    notify_invitation(invitation)
    return invitation


@transaction.atomic
def seller_invitation_accept(*, user, token: str) -> SellerMember:
    """Join a lembaga with an invitation addressed to the signed-in user's e-mail."""
    require(Access(user).authenticated)
    invitation = SellerInvitation.objects.select_for_update().filter(token=token or "").first()
    if (
        invitation is None
        or invitation.accepted_at is not None
        or invitation.created_at < timezone.now() - INVITATION_TTL
    ):
        raise ValidationError(
            {
                "token": coded_error(
                    _("Undangan tidak berlaku atau sudah digunakan."), Code.INVITATION_INVALID
                )
            }
        )
    if invitation.email.lower() != user.email.lower():
        raise ValidationError(
            {"token": coded_error(_("Undangan ini untuk alamat e-mail lain."), Code.EMAIL_MISMATCH)}
        )
    member, created = SellerMember.objects.get_or_create(
        seller=invitation.seller, user=user, defaults={"role": invitation.role}
    )
    if not created:
        raise ValidationError(
            {
                "token": coded_error(
                    _("Anda sudah menjadi anggota lembaga ini."), Code.ALREADY_MEMBER
                )
            }
        )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    user.groups.add(Group.objects.get(name=Role.SELLER_MEMBER))
    return member


@transaction.atomic
def seller_pendamping_assign(*, user, seller: Seller, email: str) -> PendampingAssignment:
    """Assign a field facilitator to act for a lembaga (its reviewers decide)."""
    require(Access(user).may_review_seller(seller))
    pendamping = User.objects.filter(
        email__iexact=(email or "").strip(), groups__name=Role.PENDAMPING, is_active=True
    ).first()
    if pendamping is None:
        raise ValidationError(
            {"email": coded_error(_("Tidak ada pendamping dengan e-mail ini."), Code.NOT_FOUND)}
        )
    assignment, _created = PendampingAssignment.objects.get_or_create(
        seller=seller, user=pendamping
    )
    return assignment
