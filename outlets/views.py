"""Pages of the offline channels: the outlet staff page and the lembaga's outlet statement."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from catalog.models import StockLocation
from sellers.selectors import sellers_for_user
from shop.access import Access, require

from . import selectors


@login_required
def outlet_list(request: HttpRequest) -> HttpResponse:
    """The outlets the user runs (Disperindag staff: all of them)."""
    outlets = list(selectors.outlets_for_user(user=request.user))
    if not outlets:
        raise PermissionDenied
    return render(request, "outlets/outlet_list.html", {"outlets": outlets})


@login_required
def outlet_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An outlet's staff page: its shelf, goods received, and today's sales."""
    location = get_object_or_404(
        StockLocation.objects.select_related("regency"), pk=pk, kind=StockLocation.Kind.NTT_MART
    )
    require(Access(request.user).may_operate_outlet(location.pk))
    return render(
        request,
        "outlets/outlet_detail.html",
        {
            "outlet": location,
            "rows": selectors.outlet_stock_rows(location=location),
            "deliveries": selectors.outlet_deliveries(location=location),
            "today": selectors.outlet_sales_of_day(location=location),
            "now": timezone.localtime(),
        },
    )


@login_required
def portal_outlets(request: HttpRequest) -> HttpResponse:
    """The lembaga portal: per outlet, what it still holds of ours and what it owes us."""
    sellers = list(sellers_for_user(user=request.user))
    if not sellers:
        raise PermissionDenied
    seller = next((s for s in sellers if s.slug == request.GET.get("lembaga")), sellers[0])
    statements = selectors.seller_outlet_statements(seller=seller)
    return render(
        request,
        "outlets/portal_outlets.html",
        {
            "seller": seller,
            "sellers": sellers,
            "statements": statements,
            "total_owed": sum(s.owed for s in statements),
        },
    )
