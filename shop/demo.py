"""Demo people: one account per role, with a password printed by ``seed_demo``."""

from django.contrib.auth.models import Group

from .models import User
from .roles import Role

DEMO_PASSWORD = "demo-ovop-ntt"

DEMO_USERS = [
    ("admin@ovop.test", "Admin", "OVOP", None),
    ("pembeli@ovop.test", "Maria", "Ndun", Role.CONSUMER),
    ("pengurus@ovop.test", "Yohanes", "Da Silva", Role.SELLER_MEMBER),
    ("pendamping@ovop.test", "Agustina", "Bere", Role.PENDAMPING),
    ("kampanye@ovop.test", "Fransiskus", "Lake", Role.CAMPAIGN_STAFF),
    ("nttmart@ovop.test", "Theresia", "Lewa", Role.NTT_MART_OPERATOR),
    ("pmd@ovop.test", "Paulus", "Kause", Role.PROGRAMME_OFFICER),
    ("sikka@ovop.test", "Veronika", "Moa", Role.KABUPATEN_OFFICER),
]


def seed_users() -> dict[str, User]:
    """Create (or keep) the demo accounts; idempotent."""
    users = {}
    for email, first, last, role in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email,
                password=DEMO_PASSWORD,
                first_name=first,
                last_name=last,
                is_staff=role is None,
                is_superuser=role is None,
            )
        if role is not None:
            user.groups.add(Group.objects.get(name=role))
        users[email] = user
    return users
