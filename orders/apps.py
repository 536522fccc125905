from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "orders"

    def ready(self) -> None:
        from promotions.asn import asn_spend_register

        from .selectors import buyer_monthly_spend

        asn_spend_register(buyer_monthly_spend)
