"""Liveness and readiness for the load balancer and the orchestrator.

``/healthz`` (liveness) touches nothing: it says the process answers, so a database
outage never makes the orchestrator kill every app server at once. ``/readyz``
(readiness) runs the ``django-health-check`` probes of what a request needs (the
database, the cache, the Celery broker, both file storages) and answers 503 while any
of them fails, so the balancer sends traffic elsewhere.

The public answer names each check and says ``ok`` or ``unavailable``, nothing more:
the checks' own messages (hosts, ports, driver errors) go to the log only.
"""

import asyncio
import dataclasses
import datetime
import logging

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from health_check.base import HealthCheck
from health_check.checks import Cache, Database, Storage
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

logger = logging.getLogger(__name__)


@dataclasses.dataclass
class Broker(HealthCheck):
    """Open (and close) a connection to the Celery broker within ``timeout``.

    No worker has to answer: a worker that is down delays e-mails but does not stop
    the store from taking orders, so it must not take the app servers out of service.
    """

    timeout: datetime.timedelta = dataclasses.field(
        default=datetime.timedelta(seconds=2), repr=False
    )

    def run(self) -> None:
        from config.celery_app import app

        seconds = self.timeout.total_seconds()
        try:
            with app.connection_for_write(connect_timeout=seconds) as connection:
                connection.ensure_connection(max_retries=1, timeout=seconds)
        except Exception as exc:
            raise ServiceUnavailable("broker unreachable") from exc


# Public name of each check -> the check; the names are part of the answer.
READINESS_CHECKS = {
    "database": Database,
    "cache": Cache,
    "broker": Broker,
    "storage": (Storage, {"alias": "default"}),
    "private_storage": (Storage, {"alias": "private"}),
}


class ReadinessView(HealthCheckView):
    """Every check in :data:`READINESS_CHECKS`, answered as short JSON."""

    checks = tuple(READINESS_CHECKS.values())

    async def get(self, request, *args, **kwargs):
        with self.get_executor() as executor:
            results = await asyncio.gather(
                *(check.get_result(executor) for check in self.get_checks())
            )
        answer = {}
        for name, result in zip(READINESS_CHECKS, results, strict=True):
            answer[name] = "unavailable" if result.error else "ok"
            if result.error:
                logger.warning("Readiness check %s failed: %s", name, result.error)
        healthy = all(value == "ok" for value in answer.values())
        return JsonResponse(
            {"status": "ok" if healthy else "unavailable", "checks": answer},
            status=200 if healthy else 503,
        )


readyz = ReadinessView.as_view()


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process is up and answers; no dependency is touched."""
    return JsonResponse({"status": "ok"})
