from .mutations import OutletMutations

__all__ = ["OutletMutations"]
