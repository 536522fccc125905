import graphene
from graphene import relay
from graphene_django import DjangoObjectType

from orders.outlets.errors import OutletErrorCode
from orders.outlets.models import ApiToken, OfflineReceipt, OutletDelivery, PaymentMethod, Terms

OutletTermsEnum = graphene.Enum.from_enum(
    Terms, name="OutletTerms", description="CONSIGNMENT (konsinyasi) or OUTRIGHT (beli putus)."
)
OfflinePaymentMethodEnum = graphene.Enum.from_enum(
    PaymentMethod, name="OfflinePaymentMethod", description="How a POS receipt was paid."
)
OutletErrorCodeEnum = graphene.Enum.from_enum(
    OutletErrorCode, name="OutletErrorCode", description="Error codes of outlet and POS calls."
)


class StockBulkUpdateError(graphene.ObjectType):
    """A line's error (``index`` and ``sku`` set) or the whole request's (both null)."""

    index = graphene.Int(description="Position of the line in ``lines`` (0-based), or null.")
    sku = graphene.String(description="The line's SKU, or null.")
    field = graphene.String(description="The input field for a whole-request error, or null.")
    code = graphene.Field(OutletErrorCodeEnum, required=True, description="Machine-readable code.")
    message = graphene.String(required=True, description="Message in the request's language.")

    code_enum = OutletErrorCode


class StockLineResult(graphene.ObjectType):
    sku = graphene.String(required=True, description="The line's SKU.")
    quantity = graphene.Int(required=True, description="Units at the location after the call.")

    class Meta:
        description = "A line applied by stockBulkUpdate."


class ApiTokenType(DjangoObjectType):
    name = graphene.String(required=True, description="What the client is, e.g. 'Kasir 1'.")
    prefix = graphene.String(
        required=True, description="Public part of the token (to tell them apart)."
    )
    scopes = graphene.List(
        graphene.NonNull(graphene.String), required=True, description="stock, sales."
    )
    created_at = graphene.DateTime(required=True, description="Issued.")
    expires_at = graphene.DateTime(description="Stops working after this.")
    revoked_at = graphene.DateTime(description="Revoked.")
    last_used_at = graphene.DateTime(description="Last request (to the minute).")

    class Meta:
        model = ApiToken
        name = "ApiToken"
        interfaces = (relay.Node,)
        fields = (
            "id",
            "name",
            "prefix",
            "scopes",
            "created_at",
            "expires_at",
            "revoked_at",
            "last_used_at",
        )
        description = "A POS client's API token for one outlet (the secret is never shown again)."


class OutletDeliveryType(DjangoObjectType):
    number = graphene.String(required=True, description="Surat jalan number.")
    received_at = graphene.DateTime(required=True, description="When the outlet received it.")

    class Meta:
        model = OutletDelivery
        name = "OutletDelivery"
        interfaces = (relay.Node,)
        fields = ("id", "number", "received_at")
        description = "Goods an outlet received from one lembaga (surat jalan)."


class OfflineReceiptType(DjangoObjectType):
    receipt_id = graphene.String(required=True, description="The POS's receipt id.")
    sold_at = graphene.DateTime(required=True, description="When it was sold.")
    voided_at = graphene.DateTime(description="When it was voided.")

    class Meta:
        model = OfflineReceipt
        name = "OfflineReceipt"
        interfaces = (relay.Node,)
        fields = ("id", "receipt_id", "sold_at", "voided_at")
        description = "A POS receipt recorded at an outlet."
