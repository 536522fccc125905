"""Storefront shell pages: home, sign-in, registration (health checks: shop/health.py)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache

from catalog.selectors import sellers_catalog_dashboard
from orders.selectors import NEEDS_ACTION_FILTER, sellers_sales_dashboard
from sellers.selectors import sellers_for_user

from . import privacy as privacy_services
from . import services
from .access import Access
from .form_errors import form_errors_add
from .forms import LoginForm, RegisterForm
from .monitoring.charts import month_columns
from .storefront import home_context, sitemap_entries


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "shop/home.html", home_context())


class LoginView(auth_views.LoginView):
    template_name = "shop/login.html"
    authentication_form = LoginForm


def _safe_next(request: HttpRequest) -> str:
    """The page to go back to (the cart, a product) when it is on this site, else ""."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def register(request: HttpRequest) -> HttpResponse:
    form = RegisterForm(request.POST or None)
    back = _safe_next(request)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.account_register(**form.cleaned_data)
        except ValidationError as exc:
            form_errors_add(exc, form=form)
        else:
            if user.pk is None:
                # The address already has an account; its owner was e-mailed. Say no more
                # than that, so that this page does not reveal who is registered.
                messages.info(
                    request,
                    _("Kami mengirim e-mail ke %(email)s. Ikuti petunjuknya, lalu masuk.")
                    % {"email": user.email},
                )
                return redirect("shop:login")
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Akun Anda sudah dibuat. Selamat berbelanja!"))
            return redirect(back or "shop:home")
    return render(request, "shop/register.html", {"form": form, "next": back})


@cache_control(public=True, max_age=3600)
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Let search engines in, keep them out of private and endless pages, point to the sitemap."""
    lines = [
        "User-agent: *",
        "Disallow: /portal/",
        "Disallow: /tinjau/",
        "Disallow: /keranjang/",
        "Disallow: /checkout/",
        "Disallow: /pesanan/",
        "Disallow: /akun/",
        "Disallow: /bukti-transfer/",
        "Disallow: /masuk/",
        "Disallow: /daftar/",
        "Disallow: /graphql",
        "Disallow: /cari/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@cache_control(public=True, max_age=3600)
def sitemap_xml(request: HttpRequest) -> HttpResponse:
    """Products, lembaga and categories, each with its absolute address."""
    return render(
        request,
        "shop/sitemap.xml",
        {
            "entries": [
                (request.build_absolute_uri(path), updated) for path, updated in sitemap_entries()
            ]
        },
        content_type="application/xml; charset=utf-8",
    )


@never_cache
def language_switch(request: HttpRequest, code: str) -> HttpResponse:
    """Switch the pages' language with a plain link and go back to where the visitor was.

    A GET, unlike Django's ``set_language``: the header then needs no POST form,
    so an anonymous page carries no CSRF cookie and a shared cache may keep it.
    Only the language cookie changes, and only to a language the store speaks.
    """
    response = redirect(_safe_next(request) or "/")
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        )
    return response


def privacy(request: HttpRequest) -> HttpResponse:
    """The privacy policy (UU 27/2022), in the visitor's language: Indonesian or English."""
    template = "shop/privacy_en.html" if get_language() == "en" else "shop/privacy_id.html"
    return render(
        request,
        template,
        {
            "version": settings.PRIVACY_POLICY_VERSION,
            "complaint_days": settings.COMPLAINT_WINDOW_DAYS,
        },
    )


@login_required
@never_cache
def personal_data(request: HttpRequest) -> HttpResponse:
    """The buyer's own data: download a copy, or delete the account (password confirmed)."""
    if request.method == "POST":
        try:
            privacy_services.account_delete(
                user=request.user, password=request.POST.get("password", "")
            )
        except ValidationError as exc:
            form_errors_add(exc, request=request)
        else:
            logout(request)
            messages.success(
                request, _("Akun Anda sudah dihapus. Pesanan disimpan tanpa data pribadi Anda.")
            )
            return redirect("shop:home")
    return render(
        request,
        "shop/personal_data.html",
        {"consents": request.user.consents.all()},
    )


@login_required
@never_cache
def personal_data_download(request: HttpRequest) -> HttpResponse:
    """A copy of everything kept about the buyer, as a JSON file."""
    data = privacy_services.personal_data_export(user=request.user)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="data-pribadi-ovop-ntt.json"'
    return response


@login_required
def portal(request: HttpRequest) -> HttpResponse:
    """The lembaga portal: the user's lembaga and, for active ones, what needs doing.

    It lives in shop's high part because it reads three apps (sellers, catalog,
    orders); each read is a selector of its app. Figures cover the user's active
    lembaga together (most users belong to one).
    """
    sellers = list(sellers_for_user(user=request.user).select_related("village__district__regency"))
    active = [s for s in sellers if s.status == s.Status.ACTIVE]
    context = {"sellers": sellers, "is_reviewer": Access(request.user).is_seller_reviewer()}
    if active:
        today = timezone.localdate()
        sales = sellers_sales_dashboard(sellers=active, today=today)
        context.update(
            sales=sales,
            catalog=sellers_catalog_dashboard(sellers=sellers, today=today),
            chart=month_columns(sales.monthly),
            needs_action_filter=NEEDS_ACTION_FILTER,
        )
    return render(request, "shop/portal.html", context)
