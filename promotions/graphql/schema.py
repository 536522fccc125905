from .mutations import PromotionMutations
from .queries import PromotionQueries

__all__ = ["PromotionMutations", "PromotionQueries"]
