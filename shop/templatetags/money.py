from django import template

from shop.money import format_idr

register = template.Library()


@register.filter
def rupiah(amount: int | None) -> str:
    """``{{ 1250000|rupiah }}`` -> ``Rp 1.250.000``."""
    return format_idr(amount)
