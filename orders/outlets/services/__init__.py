"""Outlet writes: outlets and assortment, POS tokens, stock syncs, deliveries, receipts."""

from .deliveries import DeliveryLine, outlet_delivery_receive
from .outlets import (
    DEFAULT_MARGIN_PERCENT,
    outlet_assortment_add,
    outlet_operator_add,
    stock_location_create,
)
from .sales import ReceiptLine, offline_sale_record, offline_sale_void
from .stock_sync import (
    MAX_LINES,
    Mode,
    SyncLine,
    stock_bulk_preview,
    stock_bulk_update,
    stock_sync_requests_purge,
)
from .tokens import (
    IssuedApiToken,
    TokenThrottled,
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
)

__all__ = (
    "DEFAULT_MARGIN_PERCENT",
    "MAX_LINES",
    "DeliveryLine",
    "IssuedApiToken",
    "Mode",
    "ReceiptLine",
    "SyncLine",
    "TokenThrottled",
    "api_token_authenticate",
    "api_token_create",
    "api_token_revoke",
    "offline_sale_record",
    "offline_sale_void",
    "outlet_assortment_add",
    "outlet_delivery_receive",
    "outlet_operator_add",
    "stock_bulk_preview",
    "stock_bulk_update",
    "stock_location_create",
    "stock_sync_requests_purge",
)
