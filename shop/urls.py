from django.contrib.auth import views as auth_views
from django.urls import path

from . import health, views

app_name = "shop"
urlpatterns = [
    path("", views.home, name="home"),
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("daftar/", views.register, name="register"),
    path("portal/", views.portal, name="portal"),
    path("bahasa/<str:code>/", views.language_switch, name="language"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", views.sitemap_xml, name="sitemap"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]
