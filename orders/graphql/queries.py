import graphene
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from graphql import GraphQLError

from orders import selectors
from orders.services.checkout import checkout_get
from sellers.models import Seller
from shop.access import Access
from shop.graphql.base import global_id_to_pk

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


def _error(message: str, code: str, field: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": code, "field": field})


class OrderQueries(graphene.ObjectType):
    checkout = graphene.Field(
        CheckoutType,
        token=graphene.String(required=True, description="The cart's token."),
        description="A cart by its token (a signed-in user's cart only for that user).",
    )
    orders = graphene.ConnectionField(
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
            raise _error(_("Keranjang tidak ditemukan."), "NOT_FOUND", "token") from None

    @staticmethod
    def resolve_orders(root, info, filter=None, **kwargs):
        qs = selectors.orders_visible_to(user=info.context.user)
        filter = filter or {}
        seller_id = None
        if filter.get("seller"):
            try:
                seller_id = int(global_id_to_pk(filter["seller"], "Seller", field="seller"))
            except ValidationError:
                raise _error(_("ID tidak dikenal."), "NOT_FOUND", "seller") from None
        status = filter.get("status")
        return selectors.orders_filter(
            qs,
            seller_id=seller_id,
            status=getattr(status, "value", status),
            regency=filter.get("regency"),
            created_gte=filter.get("created_gte"),
            created_lte=filter.get("created_lte"),
        ).prefetch_related("lines")

    @staticmethod
    def resolve_order(root, info, id):
        try:
            pk = global_id_to_pk(id, "Order", field="id")
        except ValidationError:
            pk = None
        order = pk and selectors.orders_visible_to(user=info.context.user).filter(pk=pk).first()
        if not order:
            raise _error(_("Pesanan tidak ditemukan."), "NOT_FOUND", "id")
        return order

    @staticmethod
    def resolve_seller_payouts(root, info, seller, start, end):
        user = info.context.user
        try:
            pk = global_id_to_pk(seller, "Seller", field="seller")
        except ValidationError:
            pk = None
        obj = pk and Seller.objects.filter(pk=pk).first()
        if not obj:
            raise _error(_("Lembaga tidak ditemukan."), "NOT_FOUND", "seller")
        if not Access(user).may_manage_orders_of(obj):
            raise _error(
                _("Anda tidak memiliki izin untuk tindakan ini."), "PERMISSION_DENIED", "seller"
            )
        return selectors.seller_payouts(seller=obj, start=start, end=end)

    @staticmethod
    def resolve_shipping_methods(root, info, seller):
        from orders.models import ShippingMethod

        try:
            pk = global_id_to_pk(seller, "Seller", field="seller")
        except ValidationError:
            pk = None
        obj = pk and Seller.objects.filter(pk=pk).first()
        if not obj:
            raise _error(_("Lembaga tidak ditemukan."), "NOT_FOUND", "seller")
        user = info.context.user
        qs = ShippingMethod.objects.filter(seller=obj).order_by("kind", "name", "pk")
        if not Access(user).may_manage_orders_of(obj):
            qs = qs.filter(is_active=True)
        return qs
