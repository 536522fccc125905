"""What the page header needs to know about the visitor, computed only when used."""

from django.utils.functional import SimpleLazyObject

from shop.permissions import Perm


def navigation(request) -> dict:
    def build() -> dict[str, bool]:
        from sellers.selectors import sellers_for_user

        user = request.user
        if not user.is_authenticated:
            return {}
        return {
            "seller": sellers_for_user(user=user).exists(),
            "review_sellers": user.has_perm(Perm.REVIEW_SELLERS.full)
            or user.has_perm(Perm.REVIEW_SELLERS_OWN_REGENCY.full),
            "review_certificates": user.has_perm(Perm.REVIEW_CERTIFICATES.full),
        }

    return {"nav": SimpleLazyObject(build)}
