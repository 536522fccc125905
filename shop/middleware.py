from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import check_for_language


class LanguageMiddleware(LocaleMiddleware):
    """Pages speak Bahasa Indonesia unless the visitor chose English; the API follows
    ``Accept-Language`` as its contract says.

    Many phones in NTT are set to English, yet the store's audience reads Indonesian
    first, so a page only turns English through the language switch (its cookie).
    """

    api_prefixes = ("/graphql/", "/webhooks/")

    def process_request(self, request):
        if request.path.startswith(self.api_prefixes):
            return super().process_request(request)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen and check_for_language(chosen) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class PermissionsPolicyMiddleware:
    """Send ``Permissions-Policy`` (settings.PERMISSIONS_POLICY): the browser features the
    store's pages may use. Django's SecurityMiddleware sends the other security headers."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allowed)})"
            for feature, allowed in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


class PublicCacheMiddleware:
    """Let a shared cache (a village ISP's proxy, a CDN) keep anonymous pages for a while.

    Only a GET/HEAD answered 200 to a visitor who is not signed in, that sets no
    cookie and says nothing itself about caching; it varies on the cookie (the
    language and a guest's cart) so no visitor gets another's page. Everything
    else (portal, cart, checkout, sign-in, any page that sets a cookie, such as
    a CSRF token or a flash message) stays private as Django leaves it.
    """

    private_prefixes = ("/portal/", "/tinjau/", "/keranjang/", "/checkout/", "/pesanan/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not response.cookies
            and "Cache-Control" not in response
            and not (user is not None and user.is_authenticated)
            and not request.path.startswith(self.private_prefixes)
            and not request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        ):
            response["Cache-Control"] = f"public, max-age={settings.PUBLIC_PAGE_MAX_AGE}"
            patch_vary_headers(response, ("Cookie",))
        return response
