from .mutations import OrderMutations
from .queries import OrderQueries

__all__ = ["OrderMutations", "OrderQueries"]
