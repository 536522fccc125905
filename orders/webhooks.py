"""Gateway webhooks: ``POST /webhooks/stripe/``."""

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .gateways.stripe_gateway import InvalidWebhook, webhook_event_read, webhook_event_verify
from .services.completion import payment_notification_process

logger = logging.getLogger(__name__)


def stripe_event_process(*, event: dict) -> str:
    """Apply one verified Stripe event once: Stripe's module reads it, the services apply it."""
    return payment_notification_process(notification=webhook_event_read(event=event))


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    """Verify Stripe's signature, then apply the event once; a bad signature records nothing."""
    try:
        event = webhook_event_verify(
            payload=request.body, signature=request.headers.get("Stripe-Signature", "")
        )
    except InvalidWebhook as exc:
        logger.warning("stripe webhook refused: %s", exc)
        return HttpResponseBadRequest("invalid signature")
    outcome = stripe_event_process(event=event)
    return HttpResponse(outcome, content_type="text/plain")
