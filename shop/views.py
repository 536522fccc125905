"""Storefront shell pages: home, sign-in, registration (health checks: shop/health.py)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache

from . import services
from .form_errors import form_errors_add
from .forms import LoginForm, RegisterForm
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
