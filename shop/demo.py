"""Demo people: one account per role, with a password printed by ``seed_demo``."""

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from .models import User
from .roles import ProgrammeRole, Role

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
    ("ahli@ovop.test", "Yakobus", "Nitbani", Role.TIM_AHLI),
    ("verifikasi@ovop.test", "Elisabeth", "Tefa", Role.TIM_VERIFIKASI),
    ("opd@ovop.test", "Yakobus", "Tefa", ProgrammeRole.OPD_OFFICER),
    ("sekber@ovop.test", "Martha", "Seran", ProgrammeRole.SEKRETARIAT_BERSAMA),
]

# Buyers of the demo order history (their addresses are in orders/demo.py).
DEMO_CONSUMERS = [
    ("yosef.lake@pembeli.ovop.test", "Yosef", "Lake"),
    ("maria.goreti@pembeli.ovop.test", "Maria Goreti", "Wula"),
    ("anton.fanggidae@pembeli.ovop.test", "Anton", "Fanggidae"),
    ("sari.wijaya@pembeli.ovop.test", "Sari", "Wijaya"),
    ("kornelis.bria@pembeli.ovop.test", "Kornelis", "Bria"),
]


def seed_users() -> dict[str, User]:
    """Create (or keep) the demo accounts; idempotent.

    The password is hashed once and shared: hashing it per account would cost
    a second or more of the run.
    """
    cache: list[str] = []

    def hashed() -> str:
        if not cache:
            cache.append(make_password(DEMO_PASSWORD))
        return cache[0]

    users = {}
    for email, first, last, role in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email,
                first_name=first,
                last_name=last,
                is_staff=role is None,
                is_superuser=role is None,
            )
            user.password = hashed()
            user.save(update_fields=["password"])
        if role is not None:
            user.groups.add(Group.objects.get(name=role))
        users[email] = user
    consumer = Group.objects.get(name=Role.CONSUMER)
    for email, first, last in DEMO_CONSUMERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, first_name=first, last_name=last)
            user.password = hashed()
            user.save(update_fields=["password"])
        user.groups.add(consumer)
        users[email] = user
    return users
