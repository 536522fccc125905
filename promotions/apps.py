from django.apps import AppConfig


class PromotionsConfig(AppConfig):
    name = "promotions"

    def ready(self) -> None:
        from catalog.offers import offers_register

        from .offers import ProductPricer, product_offers, variant_offers
        from .selectors import campaign_product_ids

        offers_register(
            prices=product_offers,
            pricer=ProductPricer,
            campaign_product_ids=campaign_product_ids,
            variant_prices=variant_offers,
        )
