"""Account reads."""

from .models import User
from .roles import Role


def user_roles(*, user: User) -> list[str]:
    """Role codes of a user, with ``superuser`` for the platform's superusers."""
    if not user.is_authenticated:
        return []
    known = {r.value for r in Role}
    roles = sorted(g.name for g in user.groups.all() if g.name in known)
    if user.is_superuser:
        roles.append("superuser")
    return roles
