"""The cast of the authorisation matrices (issue 18) and the one rule every cell checks.

Plain module, imported by the ``test_*_authorization.py`` files (no test imports a
conftest). Each app's matrix is one table, actor -> the operations it may run; every
(actor, operation) pair is a test: an allowed actor gets no error and the write happens,
any other actor gets the permission error code (or NOT_FOUND where it may not even see
the object) and nothing changes.

Lembaga A (Sikka, 53.07) is the target of every operation; lembaga B (TTS) is another
lembaga, so ``pengurus_b`` is a seller who is not A's.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sellers.models import OfficerRegency, PendampingAssignment, Seller, SellerMember, Village
from shop.models import User
from shop.roles import ProgrammeRole, Role
from tests.factories import SellerFactory, UserFactory
from tests.regions import FATUMNASI, SIKKA_VILLAGE

OK = "ok"
DENIED = "PERMISSION_DENIED"
NOT_FOUND = "NOT_FOUND"

ACTORS = (
    "anonymous",
    "consumer",
    "staff_a",
    "pengurus_a",
    "pendamping_a",
    "pengurus_b",
    "programme_officer",
    "kabupaten_officer",
    "campaign_staff",
    "outlet_officer",
    "outlet_operator",
    "tim_ahli",
    "tim_verifikasi",
    "opd_officer",
    "sekretariat",
    "superuser",
)


@dataclass
class Cast:
    users: dict[str, User | None]
    seller_a: Seller
    seller_b: Seller


def _user(name: str, *roles: str, **extra) -> User:
    user = UserFactory(email=f"{name.replace('_', '-')}@authz.id", **extra)
    from django.contrib.auth.models import Group

    user.groups.add(*Group.objects.filter(name__in=list(roles)))
    return user


def cast_build() -> Cast:
    """Every actor once, around lembaga A (Sikka) and B (TTS): 16 users, 2 lembaga."""
    seller_a = SellerFactory(name="BUMDes A", village=Village.objects.get(code=SIKKA_VILLAGE))
    seller_b = SellerFactory(name="BUMDes B", village=Village.objects.get(code=FATUMNASI))
    users: dict[str, User | None] = {
        "anonymous": None,
        "consumer": _user("consumer", Role.CONSUMER),
        "staff_a": _user("staff_a", Role.SELLER_MEMBER),
        "pengurus_a": _user("pengurus_a", Role.SELLER_MEMBER),
        "pendamping_a": _user("pendamping_a", Role.PENDAMPING),
        "pengurus_b": _user("pengurus_b", Role.SELLER_MEMBER),
        "programme_officer": _user("programme_officer", Role.PROGRAMME_OFFICER),
        "kabupaten_officer": _user("kabupaten_officer", Role.KABUPATEN_OFFICER),
        "campaign_staff": _user("campaign_staff", Role.CAMPAIGN_STAFF),
        "outlet_officer": _user("outlet_officer", Role.OUTLET_OFFICER),
        "outlet_operator": _user("outlet_operator", Role.NTT_MART_OPERATOR),
        "tim_ahli": _user("tim_ahli", Role.TIM_AHLI),
        "tim_verifikasi": _user("tim_verifikasi", Role.TIM_VERIFIKASI),
        "opd_officer": _user("opd_officer", ProgrammeRole.OPD_OFFICER),
        "sekretariat": _user("sekretariat", ProgrammeRole.SEKRETARIAT_BERSAMA),
        "superuser": _user("superuser", is_superuser=True, is_staff=True),
    }
    SellerMember.objects.create(seller=seller_a, user=users["staff_a"], role="STAFF")
    SellerMember.objects.create(seller=seller_a, user=users["pengurus_a"], role="PENGURUS")
    SellerMember.objects.create(seller=seller_b, user=users["pengurus_b"], role="PENGURUS")
    PendampingAssignment.objects.create(seller=seller_a, user=users["pendamping_a"])
    OfficerRegency.objects.create(user=users["kabupaten_officer"], regency_id="53.07")
    return Cast(users=users, seller_a=seller_a, seller_b=seller_b)


def expected(
    table: Mapping[str, set[str]], actor: str, op: str, hidden: Mapping[str, set[str]] = {}
) -> str:
    """The cell's answer: OK when the table allows it, NOT_FOUND when the actor may not
    see the object at all, else PERMISSION_DENIED."""
    if op in table.get(actor, set()):
        return OK
    return NOT_FOUND if op in hidden.get(actor, set()) else DENIED


def cells(table: Mapping[str, set[str]], ops: Mapping[str, Callable]) -> list[tuple[str, str]]:
    """Every (actor, operation) pair, for ``pytest.mark.parametrize``; the table may only
    name known actors and operations (a typo would silently deny)."""
    unknown = {a for a in table if a not in ACTORS} | {
        o for allowed in table.values() for o in allowed if o not in ops
    }
    assert not unknown, unknown
    return [(actor, op) for op in ops for actor in ACTORS]


def login(gql, user: User | None) -> None:
    if user is None:
        gql.logout()
    else:
        gql.login(user)


def assert_cell(payload: dict, answer: str, changed: bool) -> None:
    """Allowed: no error and the write happened; denied: exactly ``answer`` and no write."""
    codes = [error["code"] for error in payload["errors"]]
    if answer == OK:
        assert (codes, changed) == ([], True)
    else:
        assert (codes, changed) == ([answer], False)


def operation(mutation: str, signature: str, setup: Callable, changed: Callable) -> Callable:
    """A matrix operation: ``setup(cast) -> (variables, state)`` builds what the mutation
    acts on (before logging in), ``changed(state) -> bool`` tells whether it was written.
    ``signature`` is "($id: ID!) | (id: $id)": the variables, then the arguments."""
    variables_part, arguments = signature.split(" | ")

    def run(gql, cast, login_as):
        variables, state = setup(cast)
        login_as()
        query = f"mutation{variables_part} {{ {mutation}{arguments} {{ errors {{ code }} }} }}"
        return gql(query, variables)["data"][mutation], changed(state)

    return run


def cell_check(gql, ops, table, hidden, actor: str, op: str) -> None:
    """Run one cell of a matrix: a fresh cast, the operation as ``actor``, the rule."""
    cast = cast_build()
    data, changed = ops[op](gql, cast, lambda: login(gql, cast.users[actor]))
    assert_cell(data, expected(table, actor, op, hidden), changed)
