"""Order events are an enum the database enforces, and each has its buyer e-mail."""

import pytest
from django.db import IntegrityError

from orders.complaints.emails import SUBJECTS as COMPLAINT_SUBJECTS
from orders.emails import SUBJECTS
from orders.models import OrderEvent, OrderEventType
from tests.shopping import order_of_sikka


def test_database_refuses_an_event_type_outside_the_enum(world):
    order = order_of_sikka(world)
    assert list(order.events.values_list("type", flat=True)) == [OrderEventType.PLACED]
    with pytest.raises(IntegrityError):
        OrderEvent.objects.create(order=order, type="PLACED_AGAIN")


def test_every_event_type_has_a_buyer_email_subject():
    """Complaint steps are e-mailed by orders.complaints; an acceptance and a restock are
    told in the same "complaint settled" e-mail that follows them in one transaction."""
    told_by_resolved = {OrderEventType.COMPLAINT_ACCEPTED, OrderEventType.RETURN_RESTOCKED}
    assert set(SUBJECTS) | set(COMPLAINT_SUBJECTS) | told_by_resolved == set(OrderEventType)


def test_event_label_is_the_histories_text():
    assert OrderEvent(type=OrderEventType.EXPIRED).type_label == "Dibatalkan karena tidak dibayar"
