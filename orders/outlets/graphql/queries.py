import graphene
from django.utils.translation import gettext as _

from orders.outlets.errors import OutletErrorCode
from orders.outlets.models import ApiToken
from shop.access import Access
from shop.graphql.base import field_error, query_pk

from .types import ApiTokenType


class OutletQueries(graphene.ObjectType):
    api_tokens = graphene.List(
        graphene.NonNull(ApiTokenType),
        required=True,
        location=graphene.ID(required=True, description="The outlet (StockLocation ID)."),
        description="An outlet's POS tokens, newest first (Disperindag staff; secrets never).",
    )

    @staticmethod
    def resolve_api_tokens(root, info, location):
        if not Access(info.context.user).may_manage_outlets():
            raise field_error(
                _("Hanya petugas gerai Disperindag."),
                code=OutletErrorCode.PERMISSION_DENIED,
                field=None,
            )
        pk = query_pk(location, "StockLocation", field="location", code=OutletErrorCode.NOT_FOUND)
        return ApiToken.objects.filter(location_id=pk).order_by("-created_at", "-pk")
