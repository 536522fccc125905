"""The Stripe gateway reads Stripe's event JSON into a PaymentNotification (rupiah, our terms)."""

from orders.gateways import PaymentNotification
from orders.gateways.stripe_gateway import webhook_event_read


def test_intent_success_reads_as_succeeded_with_whole_rupiah():
    event = {
        "id": "evt_1",
        "type": "payment_intent.succeeded",
        "data": {
            "object": {
                "object": "payment_intent",
                "id": "pi_1",
                "amount": 47_500_000,
                "amount_received": 47_500_000,
                "currency": "idr",
            }
        },
    }
    assert webhook_event_read(event=event) == PaymentNotification(
        gateway="STRIPE",
        event_id="evt_1",
        event_type="payment_intent.succeeded",
        kind=PaymentNotification.SUCCEEDED,
        external_id="pi_1",
        amount=475_000,
        currency="IDR",
        payload=event,
    )


def test_charge_refund_reads_as_a_refund_of_the_charges_intent():
    event = {
        "id": "evt_2",
        "type": "charge.refunded",
        "data": {
            "object": {
                "object": "charge",
                "id": "ch_1",
                "payment_intent": "pi_1",
                "amount_refunded": 5_000_000,
                "currency": "idr",
            }
        },
    }
    notification = webhook_event_read(event=event)
    assert (notification.kind, notification.external_id, notification.amount) == (
        PaymentNotification.REFUNDED,
        "pi_1",
        50_000,
    )


def test_an_event_type_we_do_not_act_on_reads_as_other():
    event = {
        "id": "evt_3",
        "type": "payment_intent.created",
        "data": {"object": {"object": "payment_intent", "id": "pi_1", "amount": 100}},
    }
    notification = webhook_event_read(event=event)
    assert (notification.kind, notification.external_id, notification.amount) == (
        PaymentNotification.OTHER,
        "pi_1",
        0,
    )
