import graphene
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from graphql import GraphQLError

from orders import selectors
from orders.errors import CheckoutErrorCode, OrderErrorCode
from orders.models import ShippingMethod
from orders.services.checkout import checkout_get
from sellers.models import Seller
from shop.access import Access
from shop.graphql.base import PagedConnectionField, field_error, query_pk

from .types import (
    CheckoutType,
    OrderCountableConnection,
    OrderStatusEnum,
    OrderType,
    PayoutReportType,
    SellerShippingMethodType,
)


class OrderFilterInput(graphene.InputObjectType):
    seller = graphene.ID(description="Seller ID.")
    status = OrderStatusEnum(description="Order status.")
    regency = graphene.String(description="Destination regency code, e.g. 53.07.")
    created_gte = graphene.DateTime(description="Placed at or after.")
    created_lte = graphene.DateTime(description="Placed at or before.")


class OrderQueries(graphene.ObjectType):
    checkout = graphene.Field(
        CheckoutType,
        token=graphene.String(required=True, description="The cart's token."),
        description="A cart by its token (a signed-in user's cart only for that user).",
    )
    orders = PagedConnectionField(
        OrderCountableConnection,
        filter=OrderFilterInput(description="Filters."),
        description="Orders you may see: your purchases, your lembaga's orders, or all (staff).",
    )
    order = graphene.Field(
        OrderType,
        id=graphene.ID(required=True, description="Order ID."),
        description="One order, if you may see it (else a NOT_FOUND error).",
    )
    shipping_methods = graphene.List(
        graphene.NonNull(SellerShippingMethodType),
        required=True,
        seller=graphene.ID(required=True, description="Seller ID."),
        description="A lembaga's shipping methods, active ones only unless you manage it.",
    )
    seller_payouts = graphene.Field(
        PayoutReportType,
        seller=graphene.ID(required=True, description="Seller ID."),
        start=graphene.DateTime(required=True, description="Period start (inclusive)."),
        end=graphene.DateTime(required=True, description="Period end (exclusive)."),
        description="A lembaga's payouts for orders paid in a period (its members or staff).",
    )

    @staticmethod
    def resolve_checkout(root, info, token):
        try:
            return checkout_get(token=token, user=info.context.user)
        except ValidationError:
            raise field_error(
                _("Keranjang tidak ditemukan."), code=CheckoutErrorCode.NOT_FOUND, field="token"
            ) from None

    @staticmethod
    def resolve_orders(root, info, filter=None, **kwargs):
        qs = selectors.orders_visible_to(user=info.context.user)
        filter = filter or {}
        seller_id = query_pk(
            filter.get("seller"), "Seller", field="seller", code=OrderErrorCode.NOT_FOUND
        )
        status = filter.get("status")
        return selectors.orders_filter(
            qs,
            seller_id=seller_id,
            status=getattr(status, "value", status),
            regency=filter.get("regency"),
            created_gte=filter.get("created_gte"),
            created_lte=filter.get("created_lte"),
        )

    @staticmethod
    def resolve_order(root, info, id):
        return _one_or_not_found(
            selectors.orders_visible_to(user=info.context.user),
            id,
            "Order",
            field="id",
            message=_("Pesanan tidak ditemukan."),
        )

    @staticmethod
    def resolve_seller_payouts(root, info, seller, start, end):
        obj = _seller(seller)
        if not Access(info.context.user).may_manage_orders_of(obj):
            raise field_error(
                _("Anda tidak memiliki izin untuk tindakan ini."),
                code=OrderErrorCode.PERMISSION_DENIED,
                field="seller",
            )
        return selectors.seller_payouts(seller=obj, start=start, end=end)

    @staticmethod
    def resolve_shipping_methods(root, info, seller):
        obj = _seller(seller)
        qs = ShippingMethod.objects.filter(seller=obj).order_by("kind", "name", "pk")
        if not Access(info.context.user).may_manage_orders_of(obj):
            qs = qs.filter(is_active=True)
        return qs


def _seller(global_id: str) -> Seller:
    """Any lembaga by its ID (payouts and shipping methods check rights themselves)."""
    return _one_or_not_found(
        Seller.objects.all(),
        global_id,
        "Seller",
        field="seller",
        message=_("Lembaga tidak ditemukan."),
    )


def _one_or_not_found(qs, global_id: str, type_name: str, *, field: str, message: str):
    """The row of ``qs`` the ID names; a bad, missing or hidden ID answers one NOT_FOUND."""
    not_found = field_error(message, code=OrderErrorCode.NOT_FOUND, field=field)
    try:
        pk = query_pk(global_id, type_name, field=field, code=OrderErrorCode.NOT_FOUND)
    except GraphQLError:
        raise not_found from None
    row = qs.filter(pk=pk).first() if pk is not None else None
    if row is None:
        raise not_found
    return row
