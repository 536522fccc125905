"""Roles are Django groups holding a fixed set of permissions.

The mapping below is the single source of truth; ``roles_sync`` makes the
database match it after every migrate, so a new permission given to a role
reaches every environment without a hand-written data migration.
"""

from enum import StrEnum

from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

from .permissions import Perm


class Role(StrEnum):
    CONSUMER = "consumer"
    SELLER_MEMBER = "seller_member"
    PENDAMPING = "pendamping"
    CAMPAIGN_STAFF = "campaign_staff"
    NTT_MART_OPERATOR = "ntt_mart_operator"
    OUTLET_OFFICER = "outlet_officer"
    PROGRAMME_OFFICER = "programme_officer"
    KABUPATEN_OFFICER = "kabupaten_officer"
    TIM_AHLI = "tim_ahli"
    TIM_VERIFIKASI = "tim_verifikasi"


ROLE_NAMES = {
    Role.CONSUMER: "Konsumen",
    Role.SELLER_MEMBER: "Anggota lembaga",
    Role.PENDAMPING: "Pendamping",
    Role.CAMPAIGN_STAFF: "Staf kampanye Disperindag",
    Role.NTT_MART_OPERATOR: "Operator NTT Mart",
    Role.OUTLET_OFFICER: "Petugas gerai Disperindag",
    Role.PROGRAMME_OFFICER: "Petugas program Dinas PMD",
    Role.KABUPATEN_OFFICER: "Petugas kabupaten",
    Role.TIM_AHLI: "Tim Ahli Program OVOP",
    Role.TIM_VERIFIKASI: "Tim Verifikasi dan Evaluasi",
}

ROLE_PERMISSIONS: dict[Role, tuple[Perm, ...]] = {
    Role.CONSUMER: (),
    Role.SELLER_MEMBER: (Perm.MANAGE_OWN_SELLER,),
    Role.PENDAMPING: (Perm.ACT_FOR_ASSIGNED_SELLERS,),
    Role.CAMPAIGN_STAFF: (Perm.MANAGE_CAMPAIGNS, Perm.VIEW_PROGRAMME_REPORTS),
    Role.NTT_MART_OPERATOR: (Perm.OPERATE_OUTLET,),
    # Disperindag runs NTT Mart, the Night Market and Dapur Flobamorata (Pergub VI.1.b.2):
    # its officers, not Dinas PMD's, open outlets, set their assortment and issue POS tokens.
    Role.OUTLET_OFFICER: (Perm.MANAGE_STOCK_LOCATIONS, Perm.VIEW_PROGRAMME_REPORTS),
    Role.PROGRAMME_OFFICER: (
        Perm.REVIEW_SELLERS,
        Perm.REVIEW_CERTIFICATES,
        Perm.MANAGE_CATALOG_RULES,
        Perm.MANAGE_ORDERS,
        Perm.VIEW_PROGRAMME_REPORTS,
        Perm.MANAGE_PROGRAMME_REPORTS,
        Perm.RECORD_INTERVENTIONS,
    ),
    Role.KABUPATEN_OFFICER: (
        Perm.REVIEW_SELLERS_OWN_REGENCY,
        Perm.VIEW_PROGRAMME_REPORTS_OWN_REGENCY,
    ),
    # Read-only over the province's figures; reviews the report for the Governor.
    Role.TIM_AHLI: (Perm.VIEW_PROGRAMME_REPORTS, Perm.REVIEW_PROGRAMME_REPORTS),
    Role.TIM_VERIFIKASI: (Perm.VIEW_PROGRAMME_REPORTS, Perm.VET_GRANTS),
}


# ---- OVOP programme actors (issue #14, Pergub NTT 45/2025 section VI) ----------------
# Dinas PMD (``PROGRAMME_OFFICER``) designates OVOP products; the other OPD that run
# interventions read the lembaga they assist; the Sekretariat Bersama reads the
# programme's records. Kept in one block so parallel branches merge cleanly.
class ProgrammeRole(StrEnum):
    OPD_OFFICER = "opd_officer"
    SEKRETARIAT_BERSAMA = "sekretariat_bersama"


PROGRAMME_ROLE_NAMES = {
    ProgrammeRole.OPD_OFFICER: "Petugas OPD pelaksana intervensi",
    ProgrammeRole.SEKRETARIAT_BERSAMA: "Sekretariat Bersama Program OVOP",
}
PROGRAMME_ROLE_PERMISSIONS: dict[StrEnum, tuple[Perm, ...]] = {
    ProgrammeRole.OPD_OFFICER: (Perm.VIEW_ASSISTED_SELLERS,),
    ProgrammeRole.SEKRETARIAT_BERSAMA: (
        Perm.VIEW_PROGRAMME_RECORDS,
        Perm.VIEW_PROGRAMME_REPORTS,
    ),
}
# Dinas PMD's programme officers also assess and designate OVOP products (II.3).
PROGRAMME_EXTRA_PERMISSIONS: dict[StrEnum, tuple[Perm, ...]] = {
    Role.PROGRAMME_OFFICER: (Perm.DESIGNATE_OVOP_PRODUCTS,),
}
ROLE_NAMES.update(PROGRAMME_ROLE_NAMES)
ROLE_PERMISSIONS.update(PROGRAMME_ROLE_PERMISSIONS)
for _role, _perms in PROGRAMME_EXTRA_PERMISSIONS.items():
    ROLE_PERMISSIONS[_role] = (*ROLE_PERMISSIONS[_role], *_perms)
# ---- end of the OVOP programme block ---------------------------------------------------


def roles_sync() -> None:
    """Create or update one group per role with exactly its permissions."""
    perms = {p.codename: p for p in Permission.objects.filter(content_type__app_label="shop")}
    for role, role_perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role.value)
        group.permissions.set([perms[p.value] for p in role_perms if p.value in perms])


def roles_sync_on_migrate(**kwargs) -> None:
    create_permissions(kwargs["app_config"], verbosity=0, using=kwargs.get("using", "default"))
    roles_sync()
