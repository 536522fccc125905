from django.contrib.auth import views as auth_views
from django.urls import path

from . import health, views

app_name = "shop"
urlpatterns = [
    path("", views.home, name="home"),
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("daftar/", views.register, name="register"),
    path("privasi/", views.privacy, name="privacy"),
    path("akun/data-pribadi/", views.personal_data, name="personal-data"),
    path("akun/data-pribadi/unduh/", views.personal_data_download, name="personal-data-download"),
    path("portal/", views.portal, name="portal"),
    path("bahasa/<str:code>/", views.language_switch, name="language"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", views.sitemap_xml, name="sitemap"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]
