"""Campaign prices of products, as the layer above the catalog computes them.

Promotions sit above the catalog (they discount its products), yet the
catalog's pages and ``Product.pricing.discounted`` show the discounted price.
So the catalog asks through this module and promotions answers: it registers
its functions here when Django starts (``PromotionsConfig.ready``). Without
promotions installed, nothing is discounted and no product is in a campaign.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class CampaignPrice:
    """A product's lowest price after its best running campaign."""

    price: int
    regular: int
    campaign_name: str
    campaign_slug: str


PricesFunction = Callable[[Sequence[Any]], dict[int, CampaignPrice]]
PricerFactory = Callable[[], Callable[..., CampaignPrice | None]]
ProductIdsFunction = Callable[[int], list[int] | None]
VariantPricesFunction = Callable[[Any, Sequence[Any]], dict[int, CampaignPrice]]

_registry: dict[str, Callable] = {}


def offers_register(
    *,
    prices: PricesFunction,
    pricer: PricerFactory,
    campaign_product_ids: ProductIdsFunction,
    variant_prices: VariantPricesFunction | None = None,
) -> None:
    """Called once by the promotions app at start-up."""
    _registry["prices"] = prices
    if variant_prices is not None:
        _registry["variant_prices"] = variant_prices
    _registry["pricer"] = pricer
    _registry["campaign_product_ids"] = campaign_product_ids


def campaign_prices(products: Sequence[Any]) -> dict[int, CampaignPrice]:
    """Product id -> its campaign price, for the products that have one (one batch per list)."""
    provider = _registry.get("prices")
    return provider(products) if provider and products else {}


def campaign_price_for_request(
    request, product, prices: list[int] | None = None
) -> CampaignPrice | None:
    """One product's campaign price (``prices``: its variants' prices, if already loaded);
    the running campaigns are loaded once per request."""
    factory = _registry.get("pricer")
    if factory is None:
        return None
    pricer = getattr(request, "ovop_campaign_pricer", None)
    if pricer is None:
        pricer = factory()
        request.ovop_campaign_pricer = pricer
    return pricer(product, prices)


def campaign_variant_prices_attach(product, variants: Sequence[Any]) -> Sequence[Any]:
    """Set ``campaign_price`` on each variant of ``product`` (its own price, discounted)."""
    provider = _registry.get("variant_prices")
    prices = provider(product, variants) if provider and variants else {}
    for variant in variants:
        variant.campaign_price = prices.get(variant.pk)
    return variants


def campaign_prices_attach(products: Sequence[Any]) -> Sequence[Any]:
    """Set ``campaign_price`` (a ``CampaignPrice`` or None) on each product, for the templates."""
    prices = campaign_prices(products)
    for product in products:
        product.campaign_price = prices.get(product.pk)
    return products


def campaign_product_ids(campaign_id: int) -> list[int] | None:
    """Ids of the products a running campaign covers; None for an unknown campaign."""
    provider = _registry.get("campaign_product_ids")
    return provider(campaign_id) if provider else None
