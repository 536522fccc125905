from django import template

from shop.money import format_idr, format_idr_input

register = template.Library()


@register.filter
def rupiah(amount: int | None) -> str:
    """``{{ 1250000|rupiah }}`` -> ``Rp 1.250.000``."""
    return format_idr(amount)


@register.filter
def rupiah_input(amount: int | None) -> str:
    """``{{ 25000|rupiah_input }}`` -> ``25.000``: what a person types and the parser reads."""
    return format_idr_input(amount)
