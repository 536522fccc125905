"""What the page header needs to know about the visitor, computed only when used."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from shop.access import Access


def navigation(request) -> dict:
    def build() -> dict[str, bool]:
        access = Access(request.user)
        if not access.authenticated:
            return {}
        return {
            "seller": bool(access.own_seller_ids),
            "review_sellers": access.is_seller_reviewer(),
            "review_certificates": access.may_review_certificates(),
            "monitoring": access.may_view_programme_reports(),
            "campaigns": access.may_see_campaign_report(),
            "designate_ovop": access.may_designate_ovop_products(),
            "asn": settings.ASN_PARTICIPATION_ENABLED and access.may_keep_asn_profile(),
            "decide_complaints": access.may_decide_complaints(),
        }

    return {"nav": SimpleLazyObject(build)}
