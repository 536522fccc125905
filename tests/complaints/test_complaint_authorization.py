"""Who may run each complaints operation: one table (actor -> allowed operations), one
test per (actor, operation) generated from it (tests/authz.py has the cast and the rule).

The complaint is about a DELIVERED order of lembaga A bought by ``consumer``. The
mutations look the order (create) or the complaint (the others) up among what the actor
may see: its buyer, the members and the pendamping of A, and programme staff
(MANAGE_ORDERS) see it; anyone else gets NOT_FOUND. Among those who see it, only the
buyer opens a complaint and answers an offer (``may_open_complaint``), only A's pengurus
or pendamping answer for the lembaga (``may_answer_complaint``: accepting may refund
money, so not its staff), only programme staff decide (``may_decide_complaints``).
Each write is the one that moves no money: respond REJECT, decline the offer, decide
REJECT.
"""

import pytest

from orders.complaints.models import Complaint
from orders.models import Order
from tests.authz import ACTORS, cell_check, cells, operation
from tests.graphql import gid
from tests.trust import bought_by_consumer, complaint_of_consumer

pytestmark = pytest.mark.django_db

S = Complaint.Status
SEES = {"consumer", "staff_a", "pengurus_a", "pendamping_a", "programme_officer", "superuser"}

# The table: actor -> the complaints operations it may run on lembaga A's order.
ALLOWED: dict[str, set[str]] = {
    "consumer": {"complaintCreate", "complaintOfferAnswer"},  # the buyer
    "pengurus_a": {"complaintRespond"},
    "pendamping_a": {"complaintRespond"},
    "programme_officer": {"complaintDecide"},  # MANAGE_ORDERS
    "superuser": {"complaintRespond", "complaintDecide"},  # never the buyer
}
OPERATIONS = ("complaintCreate", "complaintRespond", "complaintOfferAnswer", "complaintDecide")
# Who does not even see the order or the complaint (anonymous is refused before looking).
HIDDEN = {actor: set(OPERATIONS) for actor in ACTORS if actor not in SEES | {"anonymous"}}


def _create_setup(cast):
    order = bought_by_consumer(cast, status=Order.Status.DELIVERED)
    data = {
        "order": gid(order),
        "reason": "DAMAGED",
        "description": "Sobek",
        "remedy": "REPLACEMENT",
    }
    return {"i": data}, order


def _in(status):
    def setup(cast):
        made = complaint_of_consumer(cast, status)
        return {"id": gid(made)}, made

    return setup


def _status(made) -> str:
    return Complaint.objects.get(pk=made.pk).status


OPS = {
    "complaintCreate": operation(
        "complaintCreate",
        "($i: ComplaintCreateInput!) | (input: $i)",
        _create_setup,
        lambda order: Complaint.objects.filter(order=order).exists(),
    ),
    "complaintRespond": operation(
        "complaintRespond",
        '($id: ID!) | (id: $id, response: REJECT, note: "Kain utuh saat dikirim")',
        _in(S.OPEN),
        lambda made: _status(made) == S.ESCALATED,
    ),
    "complaintOfferAnswer": operation(
        "complaintOfferAnswer",
        "($id: ID!) | (id: $id, accept: false)",
        _in(S.OFFERED),
        lambda made: _status(made) == S.ESCALATED,
    ),
    "complaintDecide": operation(
        "complaintDecide",
        '($id: ID!) | (id: $id, decision: REJECT, note: "Foto tidak menunjukkan kerusakan")',
        _in(S.ESCALATED),
        lambda made: _status(made) == S.REJECTED,
    ),
}
assert tuple(OPS) == OPERATIONS


@pytest.mark.parametrize(("actor", "op"), cells(ALLOWED, OPS))
def test_complaints_matrix(gql, actor, op):
    cell_check(gql, OPS, ALLOWED, HIDDEN, actor, op)
