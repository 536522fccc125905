import graphene
from graphene import relay
from graphene_django import DjangoObjectType
from graphql_relay import to_global_id

from catalog.graphql.dataloaders import StockLocationByIdLoader
from catalog.graphql.types import ProductVariantType, StockLocationType
from catalog.legality import category_min_buyer_age
from orders.models import Checkout, Order, OrderEvent, OrderLine, Payment, ShippingMethod
from orders.pricing import CheckoutPrices, checkout_prices
from orders.selectors import orders_visible_to
from promotions.graphql.types import CampaignType
from sellers.graphql.dataloaders import RegencyByCodeLoader, SellerByIdLoader, VillageByCodeLoader
from sellers.graphql.types import RegencyType, SellerType, VillageType
from shop.graphql.base import CountableConnection, Money, money

from .dataloaders import OrderEventsByOrderIdLoader, OrderLinesByOrderIdLoader, PaymentByIdLoader

OrderStatusEnum = graphene.Enum.from_enum(
    Order.Status, name="OrderStatus", description="Where an order stands."
)
PaymentGatewayEnum = graphene.Enum.from_enum(
    Payment.Gateway, name="PaymentGateway", description="A payment gateway."
)
PaymentStatusEnum = graphene.Enum.from_enum(
    Payment.Status, name="PaymentStatus", description="A payment's state."
)
OrderChannelEnum = graphene.Enum.from_enum(
    Order.Channel, name="OrderChannel", description="Where an order was sold."
)
ShippingMethodKindEnum = graphene.Enum.from_enum(
    ShippingMethod.Kind, name="ShippingMethodKind", description="Pickup or courier."
)


def _prices(checkout: Checkout) -> CheckoutPrices:
    if not hasattr(checkout, "_prices"):
        checkout._prices = checkout_prices(checkout=checkout)
    return checkout._prices


class ShippingMethodType(graphene.ObjectType):
    id = graphene.ID(required=True, description="Global ID.")
    name = graphene.String(required=True, description="Name shown to the buyer.")
    kind = graphene.Field(ShippingMethodKindEnum, required=True, description="Pickup or courier.")
    price = graphene.Field(Money, required=True, description="Price for this checkout.")

    class Meta:
        name = "ShippingMethod"
        description = "A way a lembaga delivers, priced for this checkout's address and weight."

    @staticmethod
    def resolve_id(root, info):
        return to_global_id("ShippingMethod", root.method.pk)

    @staticmethod
    def resolve_name(root, info):
        return root.method.name

    @staticmethod
    def resolve_kind(root, info):
        return root.method.kind


class SellerShippingMethodType(DjangoObjectType):
    id = graphene.ID(required=True, description="Global ID (ShippingMethod).")
    name = graphene.String(required=True, description="Shown to buyers.")
    kind = graphene.Field(ShippingMethodKindEnum, required=True, description="Pickup or courier.")
    pickup_fee = graphene.Int(required=True, description="Pickup fee, rupiah.")
    same_regency_base = graphene.Int(required=True, description="Same kabupaten, first kg.")
    same_regency_per_kg = graphene.Int(required=True, description="Same kabupaten, further kg.")
    ntt_base = graphene.Int(required=True, description="Elsewhere in NTT, first kg.")
    ntt_per_kg = graphene.Int(required=True, description="Elsewhere in NTT, further kg.")
    outside_base = graphene.Int(required=True, description="Outside NTT, first kg.")
    outside_per_kg = graphene.Int(required=True, description="Outside NTT, further kg.")
    ships_outside_ntt = graphene.Boolean(required=True, description="Delivers outside NTT.")
    max_weight_grams = graphene.Int(required=True, description="Heaviest parcel accepted.")
    is_active = graphene.Boolean(required=True, description="Offered to buyers.")

    class Meta:
        model = ShippingMethod
        name = "SellerShippingMethod"
        fields = (
            "id",
            "name",
            "kind",
            "pickup_fee",
            "same_regency_base",
            "same_regency_per_kg",
            "ntt_base",
            "ntt_per_kg",
            "outside_base",
            "outside_per_kg",
            "ships_outside_ntt",
            "max_weight_grams",
            "is_active",
        )
        description = "A lembaga's shipping method as it configured it."

    @staticmethod
    def resolve_id(root, info):
        return to_global_id("ShippingMethod", root.pk)


class CheckoutLineType(graphene.ObjectType):
    variant = graphene.Field(ProductVariantType, required=True, description="What is bought.")
    quantity = graphene.Int(required=True, description="Units.")
    unit_price = graphene.Field(Money, required=True, description="Current unit price.")
    total = graphene.Field(Money, required=True, description="Unit price times quantity.")
    discount = graphene.Field(
        Money, required=True, description="Campaign and voucher discount on this line."
    )
    campaign = graphene.Field(CampaignType, description="The campaign whose price the line got.")

    class Meta:
        name = "CheckoutLine"
        description = "A line of the cart."


class CheckoutDeliveryType(graphene.ObjectType):
    seller = graphene.Field(SellerType, required=True, description="The lembaga.")
    lines = graphene.List(
        graphene.NonNull(CheckoutLineType), required=True, description="This seller's lines."
    )
    subtotal = graphene.Field(Money, required=True, description="This seller's goods.")
    weight_grams = graphene.Int(required=True, description="Total weight of the parcel.")
    available_methods = graphene.List(
        graphene.NonNull(ShippingMethodType),
        required=True,
        description="Methods this seller offers for the address and weight.",
    )
    selected_method = graphene.Field(ShippingMethodType, description="The chosen method.")

    class Meta:
        name = "CheckoutDelivery"
        description = "One seller's part of the checkout: becomes one order."

    @staticmethod
    def resolve_available_methods(root, info):
        return root.methods

    @staticmethod
    def resolve_selected_method(root, info):
        return root.selected


class CheckoutType(graphene.ObjectType):
    id = graphene.ID(required=True, description="Global ID.")
    token = graphene.String(required=True, description="Secret token of this cart.")
    email = graphene.String(required=True, description="Buyer's e-mail.")
    age_confirmed = graphene.Boolean(
        required=True, description="The buyer confirmed the minimum age of restricted products."
    )
    requires_age_confirmation = graphene.Boolean(
        required=True, description="Some line's category has a minimum buyer age."
    )
    lines = graphene.List(graphene.NonNull(CheckoutLineType), required=True, description="Lines.")
    deliveries = graphene.List(
        graphene.NonNull(CheckoutDeliveryType), required=True, description="One per seller."
    )
    subtotal = graphene.Field(Money, required=True, description="Goods.")
    shipping_total = graphene.Field(Money, required=True, description="Shipping of all sellers.")
    discount_total = graphene.Field(Money, required=True, description="Discounts.")
    voucher_code = graphene.String(description="The voucher applied, if any.")
    total = graphene.Field(Money, required=True, description="What the buyer pays.")

    class Meta:
        name = "Checkout"
        description = "The cart and checkout; amounts are always computed on the server."

    @staticmethod
    def resolve_id(root, info):
        return to_global_id("Checkout", root.token)

    @staticmethod
    def resolve_token(root, info):
        return str(root.token)

    @staticmethod
    def resolve_voucher_code(root, info):
        return root.voucher_code or None

    @staticmethod
    def resolve_requires_age_confirmation(root, info):
        return any(
            category_min_buyer_age(lp.variant.product.category)
            for part in _prices(root).parts
            for lp in part.lines
        )

    @staticmethod
    def resolve_lines(root, info):
        return [lp for part in _prices(root).parts for lp in part.lines]

    @staticmethod
    def resolve_deliveries(root, info):
        return _prices(root).parts

    @staticmethod
    def resolve_subtotal(root, info):
        return money(_prices(root).subtotal)

    @staticmethod
    def resolve_shipping_total(root, info):
        return money(_prices(root).shipping_total)

    @staticmethod
    def resolve_discount_total(root, info):
        return money(_prices(root).discount_total)

    @staticmethod
    def resolve_total(root, info):
        return money(_prices(root).total)


class PaymentType(DjangoObjectType):
    id = graphene.ID(required=True, description="Global ID.")
    gateway = graphene.Field(PaymentGatewayEnum, required=True, description="The gateway.")
    status = graphene.Field(PaymentStatusEnum, required=True, description="Its state.")
    amount = graphene.Field(Money, required=True, description="Amount for the whole checkout.")
    client_secret = graphene.String(
        description="For Stripe Elements (STRIPE only); give it only to the buyer's browser."
    )

    class Meta:
        model = Payment
        name = "Payment"
        fields = ("id", "gateway", "status", "amount", "client_secret")
        description = "One payment for a whole checkout."

    @staticmethod
    def resolve_id(root, info):
        return to_global_id("Payment", root.pk)

    @staticmethod
    def resolve_client_secret(root, info):
        # Only the buyer's checkoutPaymentCreate answer carries it, never an order view.
        if getattr(root, "show_client_secret", False):
            return root.client_secret or None
        return None


class OrderLineType(DjangoObjectType):
    product_name = graphene.String(required=True, description="Product name at purchase.")
    variant_name = graphene.String(required=True, description="Variant name at purchase.")
    sku = graphene.String(required=True, description="SKU.")
    quantity = graphene.Int(required=True, description="Units.")
    unit_price = graphene.Field(Money, required=True, description="Unit price paid.")
    total = graphene.Field(Money, required=True, description="Line total.")

    class Meta:
        model = OrderLine
        name = "OrderLine"
        fields = ("product_name", "variant_name", "sku", "quantity", "unit_price", "total")
        description = "A line of an order, frozen at purchase."


class OrderEventType(DjangoObjectType):
    type = graphene.String(required=True, description="PLACED, PAID, SHIPPED, CANCELLED, ...")
    from_status = graphene.String(required=True, description="Status before, or empty.")
    to_status = graphene.String(required=True, description="Status after.")
    actor_email = graphene.String(
        description="Who did it (staff/seller view), null for the system."
    )
    note = graphene.String(required=True, description="Tracking number, amount, or a note.")
    created_at = graphene.DateTime(required=True, description="When.")

    class Meta:
        model = OrderEvent
        name = "OrderEvent"
        fields = ("type", "from_status", "to_status", "note", "created_at")
        description = "A step in an order's history."

    @staticmethod
    def resolve_actor_email(root, info):
        return root.actor.email if root.actor_id else None


class OrderType(DjangoObjectType):
    number = graphene.String(required=True, description="Human-readable, e.g. OVOP-2026-000123.")
    seller = graphene.Field(SellerType, required=True, description="The lembaga fulfilling it.")
    status = graphene.Field(OrderStatusEnum, required=True, description="Current status.")
    email = graphene.String(required=True, description="Buyer's e-mail.")
    ship_name = graphene.String(required=True, description="Recipient.")
    ship_phone = graphene.String(required=True, description="Recipient's phone, +62.")
    ship_street = graphene.String(required=True, description="Street address.")
    ship_village = graphene.Field(VillageType, description="Desa/kelurahan in NTT.")
    ship_regency = graphene.Field(RegencyType, description="Kabupaten/kota in NTT.")
    ship_city = graphene.String(required=True, description="City outside NTT.")
    ship_province = graphene.String(required=True, description="Province outside NTT.")
    ship_postal_code = graphene.String(required=True, description="Postal code.")
    shipping_method_name = graphene.String(required=True, description="How it is delivered.")
    tracking_number = graphene.String(required=True, description="Courier tracking number.")
    subtotal = graphene.Field(Money, required=True, description="Goods.")
    shipping_total = graphene.Field(Money, required=True, description="Shipping.")
    discount_total = graphene.Field(Money, required=True, description="Discount.")
    total = graphene.Field(Money, required=True, description="Total paid for this order.")
    refunded = graphene.Field(Money, required=True, description="Refunded so far.")
    commission = graphene.Field(Money, required=True, description="Platform commission.")
    seller_payout = graphene.Field(Money, required=True, description="What the lembaga receives.")
    payment = graphene.Field(PaymentType, required=True, description="The checkout's payment.")
    lines = graphene.List(graphene.NonNull(OrderLineType), required=True, description="Lines.")
    events = graphene.List(
        graphene.NonNull(OrderEventType), required=True, description="History, oldest first."
    )
    created_at = graphene.DateTime(required=True, description="When it was placed.")
    paid_at = graphene.DateTime(description="When the money arrived.")
    channel = graphene.Field(
        OrderChannelEnum, required=True, description="ONLINE, or OFFLINE: sold at an outlet."
    )
    outlet = graphene.Field(StockLocationType, description="The outlet of an OFFLINE order.")

    class Meta:
        model = Order
        name = "Order"
        interfaces = (relay.Node,)
        fields = (
            "id",
            "number",
            "seller",
            "status",
            "email",
            "ship_name",
            "ship_phone",
            "ship_street",
            "ship_village",
            "ship_regency",
            "ship_city",
            "ship_province",
            "ship_postal_code",
            "shipping_method_name",
            "tracking_number",
            "subtotal",
            "shipping_total",
            "discount_total",
            "total",
            "payment",
            "lines",
            "events",
            "created_at",
            "paid_at",
            "channel",
            "outlet",
        )
        description = "What one lembaga delivers from one checkout."

    @classmethod
    def get_queryset(cls, queryset, info):
        return orders_visible_to(user=info.context.user)

    @staticmethod
    def resolve_refunded(root, info):
        return money(root.refunded_amount)

    @staticmethod
    def resolve_commission(root, info):
        return money(root.commission_amount)

    @staticmethod
    def resolve_seller(root: Order, info):
        return SellerByIdLoader(info.context).load(root.seller_id)

    @staticmethod
    def resolve_ship_village(root: Order, info):
        if not root.ship_village_id:
            return None
        return VillageByCodeLoader(info.context).load(root.ship_village_id)

    @staticmethod
    def resolve_ship_regency(root: Order, info):
        if not root.ship_regency_id:
            return None
        return RegencyByCodeLoader(info.context).load(root.ship_regency_id)

    @staticmethod
    def resolve_payment(root: Order, info):
        return PaymentByIdLoader(info.context).load(root.payment_id)

    @staticmethod
    def resolve_lines(root: Order, info):
        return OrderLinesByOrderIdLoader(info.context).load(root.pk)

    @staticmethod
    def resolve_events(root: Order, info):
        return OrderEventsByOrderIdLoader(info.context).load(root.pk)

    @staticmethod
    def resolve_outlet(root: Order, info):
        if not root.outlet_id:
            return None
        return StockLocationByIdLoader(info.context).load(root.outlet_id)


class OrderCountableConnection(CountableConnection):
    class Meta:
        node = OrderType
        description = "A page of orders."


class PayoutReportType(graphene.ObjectType):
    orders = graphene.Int(required=True, description="Orders paid in the period.")
    gross = graphene.Field(Money, required=True, description="What buyers paid.")
    commission = graphene.Field(Money, required=True, description="Platform commission kept.")
    refunded = graphene.Field(Money, required=True, description="Refunded to buyers.")
    payout = graphene.Field(Money, required=True, description="Due to the lembaga.")
    held = graphene.Field(
        Money, required=True, description="Held back while complaints dispute it (not in payout)."
    )

    class Meta:
        name = "PayoutReport"
        description = "A lembaga's earnings for a period."
