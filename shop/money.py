"""Money is whole rupiah (int) everywhere; this is the one formatter."""

CURRENCY = "IDR"


def format_idr(amount: int | None) -> str:
    """Format whole rupiah the Indonesian way: ``Rp 1.250.000``, ``-Rp 5.000``."""
    if amount is None:
        return ""
    value = int(amount)
    digits = f"{abs(value):,}".replace(",", ".")
    return f"-Rp {digits}" if value < 0 else f"Rp {digits}"
