"""Checkout and order mutations: thin, each calls one service."""

import graphene

from orders.errors import CheckoutErrorCode, OrderErrorCode
from orders.models import Order, ShippingMethod
from orders.selectors import orders_visible_to
from orders.services import checkout as checkout_services
from orders.services import completion as completion_services
from orders.services import orders as order_services
from orders.services import payments as payment_services
from orders.services import shipping as shipping_services
from sellers.models import Seller
from shop.graphql.base import BaseMutation, error_type, global_id_to_pk

from .types import (
    CheckoutType,
    OrderType,
    PaymentGatewayEnum,
    PaymentType,
    SellerShippingMethodType,
    ShippingMethodKindEnum,
)

CheckoutError = error_type("CheckoutError", CheckoutErrorCode, "An error from a checkout mutation.")
OrderError = error_type("OrderError", OrderErrorCode, "An error from an order mutation.")


class CheckoutLineInput(graphene.InputObjectType):
    variant = graphene.ID(required=True, description="ProductVariant ID.")
    quantity = graphene.Int(required=True, description="Units, at least 1.")


class AddressInput(graphene.InputObjectType):
    name = graphene.String(description="Recipient's name.")
    phone = graphene.String(description="Phone; stored as +62...")
    street = graphene.String(description="Street, house number, RT/RW.")
    village_code = graphene.String(description="Desa/kelurahan code in NTT, e.g. 53.07.01.2001.")
    city = graphene.String(description="City/regency outside NTT (with province, no villageCode).")
    province = graphene.String(description="Province outside NTT.")
    postal_code = graphene.String(description="Five-digit postal code.")


class CheckoutCreateInput(graphene.InputObjectType):
    lines = graphene.List(graphene.NonNull(CheckoutLineInput), required=True, description="Lines.")
    email = graphene.String(description="Buyer's e-mail (defaults to the signed-in user's).")
    shipping_address = graphene.Field(AddressInput, description="Where to deliver.")
    age_confirmed = graphene.Boolean(
        description="The buyer confirms they are old enough for age-restricted products."
    )


class CheckoutUpdateInput(graphene.InputObjectType):
    email = graphene.String(description="Buyer's e-mail.")
    shipping_address = graphene.Field(AddressInput, description="Where to deliver.")
    age_confirmed = graphene.Boolean(description="The buyer confirms the minimum age.")


def _lines(items) -> list[checkout_services.LineInput]:
    return [
        checkout_services.LineInput(
            variant_id=int(global_id_to_pk(item.variant, "ProductVariant", field="variant")),
            quantity=item.quantity,
        )
        for item in items
    ]


def address_from_input(data) -> checkout_services.AddressInput | None:
    if data is None:
        return None
    return checkout_services.AddressInput(**{k: v or "" for k, v in data.items()})


def checkout_for(info, token):
    return checkout_services.checkout_get(token=token, user=info.context.user)


class CheckoutCreate(BaseMutation):
    checkout = graphene.Field(CheckoutType, description="The new cart.")

    class Arguments:
        input = CheckoutCreateInput(required=True)

    class Meta:
        description = "Start a cart (guest or signed-in) with lines, contact and address."
        error_type = CheckoutError

    @classmethod
    def perform(cls, root, info, input):
        checkout = checkout_services.checkout_create(
            user=info.context.user,
            lines=_lines(input.lines),
            email=input.get("email") or "",
            address=address_from_input(input.get("shipping_address")),
            age_confirmed=bool(input.get("age_confirmed")),
        )
        return cls(checkout=checkout)


class CheckoutLinesAdd(BaseMutation):
    checkout = graphene.Field(CheckoutType, description="The cart.")

    class Arguments:
        token = graphene.String(required=True)
        lines = graphene.List(graphene.NonNull(CheckoutLineInput), required=True)

    class Meta:
        description = "Add units to the cart."
        error_type = CheckoutError

    @classmethod
    def perform(cls, root, info, token, lines):
        checkout = checkout_services.checkout_lines_add(
            checkout=checkout_for(info, token), lines=_lines(lines)
        )
        return cls(checkout=checkout)


class CheckoutLinesUpdate(BaseMutation):
    checkout = graphene.Field(CheckoutType, description="The cart.")

    class Arguments:
        token = graphene.String(required=True)
        lines = graphene.List(graphene.NonNull(CheckoutLineInput), required=True)

    class Meta:
        description = "Set line quantities (at least 1; use checkoutLineDelete to remove)."
        error_type = CheckoutError

    @classmethod
    def perform(cls, root, info, token, lines):
        checkout = checkout_services.checkout_lines_update(
            checkout=checkout_for(info, token), lines=_lines(lines)
        )
        return cls(checkout=checkout)


class CheckoutLineDelete(BaseMutation):
    checkout = graphene.Field(CheckoutType, description="The cart.")

    class Arguments:
        token = graphene.String(required=True)
        variant = graphene.ID(required=True)

    class Meta:
        description = "Remove a variant from the cart."
        error_type = CheckoutError

    @classmethod
    def perform(cls, root, info, token, variant):
        checkout = checkout_services.checkout_line_delete(
            checkout=checkout_for(info, token),
            variant_id=int(global_id_to_pk(variant, "ProductVariant", field="variant")),
        )
        return cls(checkout=checkout)


class CheckoutUpdate(BaseMutation):
    checkout = graphene.Field(CheckoutType, description="The cart.")

    class Arguments:
        token = graphene.String(required=True)
        input = CheckoutUpdateInput(required=True)

    class Meta:
        description = "Set contact e-mail, shipping address and the age confirmation."
        error_type = CheckoutError

    @classmethod
    def perform(cls, root, info, token, input):
        checkout = checkout_services.checkout_update(
            checkout=checkout_for(info, token),
            email=input.get("email"),
            address=address_from_input(input.get("shipping_address")),
            age_confirmed=input.get("age_confirmed"),
        )
        return cls(checkout=checkout)


class CheckoutShippingMethodUpdate(BaseMutation):
    checkout = graphene.Field(CheckoutType, description="The cart.")

    class Arguments:
        token = graphene.String(required=True)
        seller = graphene.ID(required=True)
        method = graphene.ID(required=True)

    class Meta:
        description = "Choose one seller's shipping method."
        error_type = CheckoutError

    @classmethod
    def perform(cls, root, info, token, seller, method):
        checkout = checkout_services.checkout_shipping_method_set(
            checkout=checkout_for(info, token),
            seller_id=int(global_id_to_pk(seller, "Seller", field="seller")),
            method_id=int(global_id_to_pk(method, "ShippingMethod", field="method")),
        )
        return cls(checkout=checkout)


class CheckoutVoucherApply(BaseMutation):
    checkout = graphene.Field(CheckoutType, description="The cart.")

    class Arguments:
        token = graphene.String(required=True)
        code = graphene.String(required=True)

    class Meta:
        description = (
            "Apply a voucher code (case-insensitive; one per checkout, a new code replaces it)."
        )
        error_type = CheckoutError

    @classmethod
    def perform(cls, root, info, token, code):
        checkout = checkout_services.checkout_voucher_apply(
            checkout=checkout_for(info, token), code=code
        )
        return cls(checkout=checkout)


class CheckoutPaymentCreate(BaseMutation):
    payment = graphene.Field(PaymentType, description="The payment (reused when called again).")

    class Arguments:
        token = graphene.String(required=True)
        gateway = PaymentGatewayEnum(required=True)
        expected_total = graphene.Int(
            description="The total the buyer saw; refused with TOTAL_MISMATCH if it differs."
        )

    class Meta:
        description = "Reserve the stock and open one payment for the whole checkout."
        error_type = CheckoutError

    @classmethod
    def perform(cls, root, info, token, gateway, expected_total=None):
        payment = payment_services.checkout_payment_create(
            checkout=checkout_for(info, token),
            gateway=getattr(gateway, "value", gateway),
            expected_total=expected_total,
        )
        payment.show_client_secret = True
        return cls(payment=payment)


class CheckoutComplete(BaseMutation):
    orders = graphene.List(
        graphene.NonNull(OrderType), description="The orders placed, one per seller."
    )

    class Arguments:
        token = graphene.String(required=True)

    class Meta:
        description = "Place the orders (one per seller) of a paid or bank-transfer/COD checkout."
        error_type = CheckoutError

    @classmethod
    def perform(cls, root, info, token):
        orders = completion_services.checkout_complete(
            checkout=checkout_for(info, token), actor=info.context.user
        )
        return cls(orders=orders)


class OrderActionMutation(BaseMutation):
    """An action on one order the user may see: ``service(order=..., actor=..., **arguments)``."""

    order = graphene.Field(OrderType, description="The changed order.")

    class Meta:
        abstract = True

    class Arguments:
        id = graphene.ID(required=True)

    @classmethod
    def __init_subclass_with_meta__(cls, error_type=OrderError, login_required=True, **options):
        super().__init_subclass_with_meta__(
            error_type=error_type, login_required=login_required, **options
        )

    @staticmethod
    def service(*, order: Order, actor, **data) -> Order:
        raise NotImplementedError

    @classmethod
    def perform(cls, root, info, id, **data):
        user = info.context.user
        order = cls.get_node_or_error(info, id, model=Order, qs=orders_visible_to(user=user))
        return cls(order=cls.service(order=order, actor=user, **data))


class OrderConfirmPayment(OrderActionMutation):
    class Meta:
        description = "Seller or staff: a bank transfer or COD payment was received."

    service = staticmethod(order_services.order_confirm_payment)


class OrderAccept(OrderActionMutation):
    class Meta:
        description = "Seller: start preparing a paid order."

    service = staticmethod(order_services.order_accept)


class OrderFulfill(OrderActionMutation):
    class Arguments(OrderActionMutation.Arguments):
        tracking_number = graphene.String(description="Courier tracking number.")

    class Meta:
        description = "Seller: the order is shipped (tracking number required for couriers)."

    service = staticmethod(order_services.order_fulfill)


class OrderMarkDelivered(OrderActionMutation):
    class Meta:
        description = "Buyer, seller or staff: the parcel arrived."

    service = staticmethod(order_services.order_mark_delivered)


class OrderComplete(OrderActionMutation):
    class Meta:
        description = "Buyer or staff: close a delivered order."

    service = staticmethod(order_services.order_complete)


class OrderCancel(OrderActionMutation):
    class Meta:
        description = "Cancel before shipping: stock goes back, money paid is refunded."

    service = staticmethod(order_services.order_cancel)


class OrderRefund(OrderActionMutation):
    class Arguments(OrderActionMutation.Arguments):
        amount = graphene.Int(description="Rupiah; default the whole remaining amount.")

    class Meta:
        description = "Pengurus or staff: refund all (status REFUNDED) or part of an order."

    service = staticmethod(order_services.order_refund)


class ShippingMethodInput(graphene.InputObjectType):
    name = graphene.String(description="Shown to buyers, e.g. 'Kurir JNE'.")
    kind = ShippingMethodKindEnum(description="PICKUP_VILLAGE, PICKUP_OUTLET or COURIER.")
    outlet = graphene.ID(description="StockLocation ID of the NTT Mart outlet (PICKUP_OUTLET).")
    pickup_fee = graphene.Int(description="Pickup fee in rupiah.")
    same_regency_base = graphene.Int(description="Courier, same kabupaten: first kg.")
    same_regency_per_kg = graphene.Int(description="Courier, same kabupaten: each further kg.")
    ntt_base = graphene.Int(description="Courier, elsewhere in NTT: first kg.")
    ntt_per_kg = graphene.Int(description="Courier, elsewhere in NTT: each further kg.")
    outside_base = graphene.Int(description="Courier, outside NTT: first kg.")
    outside_per_kg = graphene.Int(description="Courier, outside NTT: each further kg.")
    ships_outside_ntt = graphene.Boolean(description="Delivers outside NTT.")
    max_weight_grams = graphene.Int(description="Heaviest parcel accepted.")
    is_active = graphene.Boolean(description="Offered to buyers.")


def _method_data(input) -> dict:
    data = {k: v for k, v in input.items() if k != "outlet"}
    if data.get("kind") is not None:
        data["kind"] = getattr(data["kind"], "value", data["kind"])
    if input.get("outlet"):
        data["outlet_id"] = int(global_id_to_pk(input["outlet"], "StockLocation", field="outlet"))
    return data


class ShippingMethodCreate(BaseMutation):
    shipping_method = graphene.Field(SellerShippingMethodType, description="The new method.")

    class Arguments:
        seller = graphene.ID(required=True)
        input = ShippingMethodInput(required=True)

    class Meta:
        description = "A lembaga's pengurus (or staff) adds a pickup point or courier tariff."
        error_type = OrderError
        login_required = True

    @classmethod
    def perform(cls, root, info, seller, input):
        obj = cls.get_node_or_error(info, seller, model=Seller, field="seller")
        method = shipping_services.shipping_method_create(
            actor=info.context.user, seller=obj, data=_method_data(input)
        )
        return cls(shipping_method=method)


class ShippingMethodUpdate(BaseMutation):
    shipping_method = graphene.Field(SellerShippingMethodType, description="The method.")

    class Arguments:
        id = graphene.ID(required=True)
        input = ShippingMethodInput(required=True)

    class Meta:
        description = "Change a shipping method's tariff, or switch it off with isActive: false."
        error_type = OrderError
        login_required = True

    @classmethod
    def perform(cls, root, info, id, input):
        method = cls.get_node_or_error(
            info, id, model=ShippingMethod, qs=ShippingMethod.objects.select_related("seller")
        )
        method = shipping_services.shipping_method_update(
            actor=info.context.user, method=method, data=_method_data(input)
        )
        return cls(shipping_method=method)


class CheckoutOrderMutations(graphene.ObjectType):
    checkout_create = CheckoutCreate.Field()
    checkout_lines_add = CheckoutLinesAdd.Field()
    checkout_lines_update = CheckoutLinesUpdate.Field()
    checkout_line_delete = CheckoutLineDelete.Field()
    checkout_update = CheckoutUpdate.Field()
    checkout_shipping_method_update = CheckoutShippingMethodUpdate.Field()
    checkout_voucher_apply = CheckoutVoucherApply.Field()
    checkout_payment_create = CheckoutPaymentCreate.Field()
    checkout_complete = CheckoutComplete.Field()
    order_confirm_payment = OrderConfirmPayment.Field()
    order_accept = OrderAccept.Field()
    order_fulfill = OrderFulfill.Field()
    order_mark_delivered = OrderMarkDelivered.Field()
    order_complete = OrderComplete.Field()
    order_cancel = OrderCancel.Field()
    order_refund = OrderRefund.Field()
    shipping_method_create = ShippingMethodCreate.Field()
    shipping_method_update = ShippingMethodUpdate.Field()
