from django.apps import AppConfig


class OutletsConfig(AppConfig):
    """Offline channels (NTT Mart and other outlets): part of orders, label ``outlets``."""

    name = "orders.outlets"
    label = "outlets"
