from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    """Complaints and returns (komplain) after delivery: part of orders, label ``complaints``."""

    name = "orders.complaints"
    label = "complaints"
