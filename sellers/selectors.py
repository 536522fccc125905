"""Reads of regions (and, later, sellers)."""

from django.db.models import QuerySet

from .models import District, Regency, Village


def regency_list() -> QuerySet[Regency]:
    return Regency.objects.order_by("code")


def district_list(*, regency_code: str) -> QuerySet[District]:
    return District.objects.filter(regency_id=regency_code).order_by("code")


def village_list(*, district_code: str) -> QuerySet[Village]:
    return Village.objects.filter(district_id=district_code).order_by("code")


def regency_exists(code: str) -> bool:
    return Regency.objects.filter(code=code).exists()


def district_exists(code: str) -> bool:
    return District.objects.filter(code=code).exists()


def village_get(*, code: str) -> Village | None:
    return Village.objects.select_related("district__regency").filter(code=code).first()
