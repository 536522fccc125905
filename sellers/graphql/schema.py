"""What the sellers domain adds to the root schema."""

from .mutations import SellerMutations
from .queries import RegionQueries, SellerQueries

__all__ = ["RegionQueries", "SellerMutations", "SellerQueries"]
