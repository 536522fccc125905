from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    """Trust after the sale (reviews, ratings, invoices): part of orders, label ``reviews``."""

    name = "orders.reviews"
    label = "reviews"
