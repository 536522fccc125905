from .mutations import CatalogMutations
from .queries import CatalogQueries

__all__ = ("CatalogMutations", "CatalogQueries")
