from .mutations import ComplaintMutations
from .queries import ComplaintQueries

__all__ = ["ComplaintMutations", "ComplaintQueries"]
