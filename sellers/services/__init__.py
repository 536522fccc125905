"""Writes of the sellers domain: zones, lembaga onboarding, review, members.

Every service checks who may act (raising ``PermissionDenied``) and reports
all bad input at once as a ``ValidationError`` keyed by field with a
``SellerErrorCode``; on error nothing is written, so a draft keeps what it had.
The package's modules hold one part of the domain each; callers import the
services from here.
"""

from .members import seller_invitation_accept, seller_member_invite, seller_pendamping_assign
from .onboarding import (
    seller_document_upload,
    seller_missing_for_submit,
    seller_register,
    seller_submit,
    seller_update,
)
from .review import TRANSITIONS, Decision, seller_review
from .zones import zone_create

__all__ = (
    "TRANSITIONS",
    "Decision",
    "seller_document_upload",
    "seller_invitation_accept",
    "seller_member_invite",
    "seller_missing_for_submit",
    "seller_pendamping_assign",
    "seller_register",
    "seller_review",
    "seller_submit",
    "seller_update",
    "zone_create",
)
