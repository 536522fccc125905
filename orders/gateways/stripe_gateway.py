"""Stripe: the only module that imports ``stripe`` or reads Stripe's event JSON.

IDR is a two-decimal currency in Stripe's API: Rp 125.000 is sent as
``amount=12500000``. We keep whole rupiah everywhere else and convert here.
A verified webhook event is read here into a ``PaymentNotification``; the
payment services apply it without knowing Stripe's field names.
"""

import contextlib
import json
from typing import Any

import stripe
from django.conf import settings

from .base import Gateway, GatewayError, GatewayResult, PaymentNotification

CURRENCY = "idr"
MINOR_UNITS = 100


class InvalidWebhook(Exception):
    """The payload is not JSON or its signature does not verify."""


def to_minor(rupiah: int) -> int:
    return int(rupiah) * MINOR_UNITS


def from_minor(amount: int) -> int:
    return int(amount) // MINOR_UNITS


def _configure() -> dict:
    stripe.api_base = settings.STRIPE_API_BASE
    return {"api_key": settings.STRIPE_SECRET_KEY}


def _status(intent) -> str:
    if intent["status"] == "succeeded":
        return "succeeded"
    if intent["status"] in ("canceled",):
        return "failed"
    return "pending"


class StripeGateway(Gateway):
    name = "STRIPE"

    def create(self, *, payment) -> GatewayResult:
        try:
            intent = stripe.PaymentIntent.create(
                amount=to_minor(payment.amount),
                currency=CURRENCY,
                metadata={"payment": str(payment.pk), "checkout": str(payment.checkout.token)},
                idempotency_key=payment.idempotency_key,
                **_configure(),
            ).to_dict()
        except stripe.StripeError as exc:
            raise GatewayError(str(exc)) from exc
        return GatewayResult(
            status=_status(intent),
            external_id=intent["id"],
            client_secret=intent["client_secret"],
            amount_received=from_minor(intent.get("amount_received") or 0),
        )

    def status(self, *, payment) -> GatewayResult:
        try:
            intent = stripe.PaymentIntent.retrieve(payment.external_id, **_configure()).to_dict()
        except stripe.StripeError as exc:
            raise GatewayError(str(exc)) from exc
        received = intent.get("amount_received")
        if received is None:  # localstripe and old API versions
            received = intent["amount"] if intent["status"] == "succeeded" else 0
        return GatewayResult(
            status=_status(intent),
            external_id=intent["id"],
            client_secret=intent["client_secret"],
            amount_received=from_minor(received),
        )

    def refund(self, *, payment, amount: int) -> str:
        try:
            refund = stripe.Refund.create(
                payment_intent=payment.external_id,
                amount=to_minor(amount),
                idempotency_key=f"{payment.idempotency_key}-refund-{payment.refunded_amount}-{amount}",
                **_configure(),
            )
        except stripe.StripeError as exc:
            raise GatewayError(str(exc)) from exc
        return refund.id

    def cancel(self, *, payment) -> None:
        if not payment.external_id:
            return
        # Already succeeded or cancelled at Stripe: nothing to undo here.
        with contextlib.suppress(stripe.StripeError):
            stripe.PaymentIntent.cancel(payment.external_id, **_configure())


def webhook_event_verify(*, payload: bytes, signature: str) -> dict:
    """Check the ``Stripe-Signature`` header with Stripe's own code; answer the event as a dict.

    A correctly signed body is still only trusted to be JSON: anything but an event
    object (``id`` and ``type`` strings, ``data.object`` an object) is refused here, so
    the code that reads events never meets a list or a string where it expects a dict.
    """
    try:
        text = payload.decode("utf-8")
        stripe.WebhookSignature.verify_header(
            text, signature, settings.STRIPE_WEBHOOK_SECRET, stripe.Webhook.DEFAULT_TOLERANCE
        )
        event = json.loads(text)
    except (ValueError, RecursionError, stripe.SignatureVerificationError) as exc:
        raise InvalidWebhook(str(exc)) from exc
    if not _is_event(event):
        raise InvalidWebhook("the signed body is not a Stripe event object")
    return event


def _is_event(event: Any) -> bool:
    if not isinstance(event, dict) or not isinstance(event.get("data"), dict):
        return False
    return (
        isinstance(event.get("id"), str)
        and isinstance(event.get("type"), str)
        and isinstance(event["data"].get("object"), dict)
    )


# Stripe event types -> what happened to the payment, in our terms.
EVENT_KINDS = {
    "payment_intent.succeeded": PaymentNotification.SUCCEEDED,
    "payment_intent.payment_failed": PaymentNotification.FAILED,
    "charge.refunded": PaymentNotification.REFUNDED,
}


def webhook_event_read(*, event: dict) -> PaymentNotification:
    """Translate a verified Stripe event into a ``PaymentNotification`` (amounts in rupiah).

    The payment is the event's PaymentIntent, or the intent a charge belongs to.
    """
    obj = event.get("data", {}).get("object", {})
    intent_id = (
        obj.get("id") if obj.get("object") == "payment_intent" else obj.get("payment_intent")
    )
    kind = EVENT_KINDS.get(event.get("type", ""), PaymentNotification.OTHER)
    amount = 0
    if kind == PaymentNotification.SUCCEEDED:
        amount = from_minor(obj.get("amount_received") or obj.get("amount") or 0)
    elif kind == PaymentNotification.REFUNDED:
        amount = from_minor(obj.get("amount_refunded") or 0)
    return PaymentNotification(
        gateway="STRIPE",
        event_id=event["id"],
        event_type=event["type"],
        kind=kind,
        external_id=intent_id,
        amount=amount,
        currency=(obj.get("currency") or "").upper(),
        payload=event,
    )
