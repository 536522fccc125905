from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"

    def ready(self) -> None:
        # Inside ready(): other apps' modules and our receivers need a loaded registry.
        from django.conf import settings
        from PIL import Image

        # Pillow's own guard against decompression bombs follows our limit.
        Image.MAX_IMAGE_PIXELS = settings.CATALOG_IMAGE_MAX_PIXELS

        from sellers.signals import seller_status_changed

        from .receivers import seller_location_on_activation
        from .search.receivers import seller_products_reindex

        seller_status_changed.connect(
            seller_location_on_activation, dispatch_uid="catalog-seller-location"
        )
        seller_status_changed.connect(
            seller_products_reindex, dispatch_uid="catalog-search-seller-reindex"
        )
