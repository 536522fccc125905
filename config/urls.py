from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

from orders.webhooks import stripe_webhook
from shop.graphql.views import graphql_view

urlpatterns = [
    path("graphql/", csrf_exempt(graphql_view()), name="graphql"),
    path("webhooks/stripe/", stripe_webhook, name="stripe-webhook"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("sellers.urls")),
    path("", include("catalog.urls")),
    path("", include("promotions.urls")),
    path("", include("orders.urls")),
    path("", include("orders.outlets.urls")),
    path("", include("orders.complaints.urls")),
    path("", include("orders.reviews.urls")),
    path("cari/", include("catalog.search.urls")),
    path("monitoring/", include("shop.monitoring.urls")),
    path("", include("shop.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
