"""Outlet and POS mutations: thin, each calls one service."""

import graphene

from catalog.graphql.types import (
    StockLocationChannelEnum,
    StockLocationKindEnum,
    StockLocationType,
)
from catalog.models import StockLocation
from orders.graphql.types import OrderType
from orders.outlets import services
from orders.outlets.errors import OutletErrorCode
from orders.outlets.models import ApiToken
from shop.graphql.base import BaseMutation, enum_value, error_type

from .types import (
    ApiTokenType,
    OfflinePaymentMethodEnum,
    OfflineReceiptType,
    OutletDeliveryType,
    OutletTermsEnum,
    StockBulkUpdateError,
    StockLineResult,
)

OutletError = error_type("OutletError", OutletErrorCode, "An error from an outlet mutation.")


class StockLocationCreateInput(graphene.InputObjectType):
    name = graphene.String(required=True, description="Outlet name, e.g. NTT Mart Kupang.")
    kind = StockLocationKindEnum(required=True, description="NTT_MART (outlets only).")
    regency_code = graphene.String(required=True, description="Kabupaten/kota code, e.g. 53.71.")
    address = graphene.String(description="Street address.")
    channel = StockLocationChannelEnum(description="Offline channel (default NTT_MART).")
    opening_hours = graphene.String(description="e.g. 'Senin-Sabtu 08.00-21.00 WITA'.")


def _location(mutation, info, global_id: str, field: str = "location") -> StockLocation:
    return mutation.get_node_or_error(info, global_id, model=StockLocation, field=field)


class StockLocationCreate(BaseMutation):
    location = graphene.Field(StockLocationType, description="The new outlet.")

    class Arguments:
        input = StockLocationCreateInput(required=True, description="The outlet.")

    class Meta:
        description = "Open an outlet of an offline channel (Disperindag staff)."
        error_type = OutletError
        login_required = True

    @classmethod
    def perform(cls, root, info, input):
        location = services.stock_location_create(
            user=info.context.user,
            name=input.get("name"),
            kind=enum_value(input.get("kind")),
            regency_code=input.get("regency_code"),
            address=input.get("address") or "",
            channel=enum_value(input.get("channel")) or "",
            opening_hours=input.get("opening_hours") or "",
        )
        return cls(location=location)


class OutletAssortmentAdd(BaseMutation):
    location = graphene.Field(StockLocationType, description="The outlet.")

    class Arguments:
        location = graphene.ID(required=True, description="The outlet (StockLocation ID).")
        skus = graphene.List(graphene.NonNull(graphene.String), required=True, description="SKUs.")
        terms = OutletTermsEnum(required=True, description="CONSIGNMENT or OUTRIGHT.")
        margin_percent = graphene.Int(description="The outlet's margin in percent (default 20).")

    class Meta:
        description = "Carry these SKUs at an outlet on these terms (Disperindag staff)."
        error_type = OutletError
        login_required = True

    @classmethod
    def perform(cls, root, info, location, skus, terms, margin_percent=None):
        outlet = _location(cls, info, location)
        services.outlet_assortment_add(
            user=info.context.user,
            location=outlet,
            skus=skus,
            terms=enum_value(terms),
            margin_percent=margin_percent,
        )
        return cls(location=outlet)


class ApiTokenCreate(BaseMutation):
    token = graphene.String(description="The secret token: shown only in this answer.")
    api_token = graphene.Field(ApiTokenType, description="The token's record.")

    class Arguments:
        location = graphene.ID(required=True, description="The outlet (StockLocation ID).")
        name = graphene.String(required=True, description="What the client is, e.g. 'Kasir 1'.")
        scopes = graphene.List(
            graphene.NonNull(graphene.String), description="stock and/or sales (default both)."
        )
        expires_at = graphene.DateTime(description="Stop working after this (default never).")

    class Meta:
        description = "Issue a POS API token for one outlet (Disperindag staff)."
        error_type = OutletError
        login_required = True

    @classmethod
    def perform(cls, root, info, location, name, scopes=None, expires_at=None):
        issued = services.api_token_create(
            user=info.context.user,
            location=_location(cls, info, location),
            name=name,
            scopes=scopes,
            expires_at=expires_at,
        )
        return cls(token=issued.token, api_token=issued.api_token)


class ApiTokenRevoke(BaseMutation):
    api_token = graphene.Field(ApiTokenType, description="The revoked token.")

    class Arguments:
        id = graphene.ID(required=True, description="ApiToken ID.")

    class Meta:
        description = "Revoke a POS API token at once (Disperindag staff)."
        error_type = OutletError
        login_required = True

    @classmethod
    def perform(cls, root, info, id):
        api_token = cls.get_node_or_error(info, id, model=ApiToken)
        return cls(api_token=services.api_token_revoke(user=info.context.user, api_token=api_token))


class StockBulkLineInput(graphene.InputObjectType):
    sku = graphene.String(required=True, description="The variant's SKU.")
    quantity = graphene.Int(required=True, description="SET: the count; ADJUST: the change.")
    counted_at = graphene.DateTime(description="When it was counted (SET); older counts are stale.")


class StockBulkModeEnum(graphene.Enum):
    SET = "SET"
    ADJUST = "ADJUST"

    class Meta:
        name = "StockBulkMode"
        description = "SET a counted quantity or ADJUST by a delta."


class StockBulkUpdate(BaseMutation):
    updated_count = graphene.Int(description="Lines applied (good lines).")
    results = graphene.List(
        graphene.NonNull(StockLineResult), description="Each good line's quantity after."
    )

    class Arguments:
        location = graphene.ID(required=True, description="StockLocation ID.")
        idempotency_key = graphene.String(
            required=True, description="Unique per call; a retry sends the same key and body."
        )
        mode = StockBulkModeEnum(description="SET (default) or ADJUST.")
        lines = graphene.List(
            graphene.NonNull(StockBulkLineInput), required=True, description="Up to 5,000 lines."
        )

    class Meta:
        description = (
            "Set or adjust many stocks of one location at once, idempotently (POS tokens of the "
            "outlet, its operators, or the lembaga's members on its own location)."
        )
        error_type = StockBulkUpdateError
        login_required = True

    @classmethod
    def perform(cls, root, info, location, idempotency_key, lines, mode=None):
        answer = services.stock_bulk_update(
            actor=info.context.user,
            location=_location(cls, info, location),
            idempotency_key=idempotency_key,
            mode=enum_value(mode) or services.Mode.SET,
            lines=[
                services.SyncLine(
                    sku=(line.get("sku") or "").strip(),
                    quantity=line.get("quantity"),
                    counted_at=line.get("counted_at"),
                )
                for line in lines
            ],
        )
        return cls(
            updated_count=answer["updatedCount"],
            results=[StockLineResult(**r) for r in answer["results"]],
            errors=answer["errors"],
        )


class OfflineSaleLineInput(graphene.InputObjectType):
    sku = graphene.String(required=True, description="The variant's SKU.")
    quantity = graphene.Int(required=True, description="Units sold, at least 1.")
    unit_price = graphene.Int(required=True, description="Price per unit in whole rupiah.")


class OfflineSaleRecordInput(graphene.InputObjectType):
    location = graphene.ID(required=True, description="The outlet (StockLocation ID).")
    receipt_id = graphene.String(
        required=True, description="The POS's receipt id, unique per outlet."
    )
    sold_at = graphene.DateTime(required=True, description="When it was sold.")
    lines = graphene.List(
        graphene.NonNull(OfflineSaleLineInput), required=True, description="Lines."
    )
    payment_method = OfflinePaymentMethodEnum(description="CASH (default), QRIS or TRANSFER.")


class OfflineSaleRecord(BaseMutation):
    order = graphene.Field(OrderType, description="The first lembaga's order.")
    orders = graphene.List(
        graphene.NonNull(OrderType), description="One order per lembaga sold on consignment."
    )
    receipt = graphene.Field(OfflineReceiptType, description="The recorded receipt.")

    class Arguments:
        input = OfflineSaleRecordInput(required=True, description="The receipt.")

    class Meta:
        description = "Record a POS receipt once (idempotent by outlet and receiptId)."
        error_type = OutletError
        login_required = True

    @classmethod
    def perform(cls, root, info, input):
        receipt = services.offline_sale_record(
            actor=info.context.user,
            location=_location(cls, info, input.get("location")),
            receipt_id=input.get("receipt_id"),
            sold_at=input.get("sold_at"),
            lines=[
                services.ReceiptLine(
                    sku=(line.get("sku") or "").strip(),
                    quantity=line.get("quantity"),
                    unit_price=line.get("unit_price"),
                )
                for line in input.get("lines")
            ],
            payment_method=enum_value(input.get("payment_method")) or "CASH",
        )
        orders = list(receipt.orders.select_related("seller").order_by("pk"))
        return cls(order=orders[0] if orders else None, orders=orders, receipt=receipt)


class OfflineSaleVoid(BaseMutation):
    receipt = graphene.Field(OfflineReceiptType, description="The voided receipt.")

    class Arguments:
        location = graphene.ID(required=True, description="The outlet (StockLocation ID).")
        receipt_id = graphene.String(required=True, description="The POS's receipt id.")

    class Meta:
        description = "Void a recorded receipt: units back on the shelf, its orders cancelled."
        error_type = OutletError
        login_required = True

    @classmethod
    def perform(cls, root, info, location, receipt_id):
        receipt = services.offline_sale_void(
            actor=info.context.user,
            location=_location(cls, info, location),
            receipt_id=receipt_id,
        )
        return cls(receipt=receipt)


class OutletDeliveryLineInput(graphene.InputObjectType):
    sku = graphene.String(required=True, description="The variant's SKU.")
    quantity = graphene.Int(required=True, description="Units received, at least 1.")


class OutletDeliveryReceive(BaseMutation):
    delivery = graphene.Field(OutletDeliveryType, description="The delivery.")

    class Arguments:
        location = graphene.ID(required=True, description="The outlet (StockLocation ID).")
        number = graphene.String(required=True, description="Surat jalan number.")
        lines = graphene.List(
            graphene.NonNull(OutletDeliveryLineInput), required=True, description="Goods received."
        )

    class Meta:
        description = "Record goods received from one lembaga (surat jalan); moves its stock."
        error_type = OutletError
        login_required = True

    @classmethod
    def perform(cls, root, info, location, number, lines):
        delivery = services.outlet_delivery_receive(
            actor=info.context.user,
            location=_location(cls, info, location),
            number=number,
            lines=[
                services.DeliveryLine(
                    sku=(line.get("sku") or "").strip(), quantity=line.get("quantity")
                )
                for line in lines
            ],
        )
        return cls(delivery=delivery)


class OutletMutations(graphene.ObjectType):
    stock_location_create = StockLocationCreate.Field()
    outlet_assortment_add = OutletAssortmentAdd.Field()
    api_token_create = ApiTokenCreate.Field()
    api_token_revoke = ApiTokenRevoke.Field()
    stock_bulk_update = StockBulkUpdate.Field()
    offline_sale_record = OfflineSaleRecord.Field()
    offline_sale_void = OfflineSaleVoid.Field()
    outlet_delivery_receive = OutletDeliveryReceive.Field()
