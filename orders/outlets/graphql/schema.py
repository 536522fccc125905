from .mutations import OutletMutations
from .queries import OutletQueries

__all__ = ["OutletMutations", "OutletQueries"]
