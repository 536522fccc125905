"""What the storefront pages show; grows with the catalog and campaigns."""

from typing import Any

from sellers.selectors import regency_list


def home_context() -> dict[str, Any]:
    return {"regencies": list(regency_list())}
