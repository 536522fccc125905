from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ShopConfig(AppConfig):
    name = "shop"
    verbose_name = "Toko OVOP NTT"

    def ready(self) -> None:
        # Inside ready(): the app registry must be loaded before roles (models) import.
        from .roles import roles_sync_on_migrate

        post_migrate.connect(roles_sync_on_migrate, sender=self)
