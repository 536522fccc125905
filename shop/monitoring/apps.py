from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    """Programme monitoring: the top layer, reading orders, sellers and the catalog."""

    name = "shop.monitoring"
    label = "monitoring"
    verbose_name = "Monitoring dan evaluasi"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from orders.models import Order

        from .receivers import order_saved

        post_save.connect(order_saved, sender=Order, dispatch_uid="monitoring-order-facts")
