from django.urls import path

from . import views

app_name = "catalog"
urlpatterns = [
    path("produk/", views.product_list, name="product_list"),
    path("produk/<slug:slug>/", views.product_detail, name="product_detail"),
    path("akun/wishlist/", views.wishlist, name="wishlist"),
    path("portal/produk/", views.portal_products, name="portal_products"),
    path(
        "portal/produk/baru/<slug:seller_slug>/",
        views.portal_product_create,
        name="portal_product_create",
    ),
    path("portal/produk/<int:pk>/", views.portal_product, name="portal_product"),
    path(
        "portal/produk/sertifikat/tinjau/",
        views.portal_certificate_review,
        name="portal_certificate_review",
    ),
    path(
        "portal/produk/sertifikat/<int:pk>/dokumen/",
        views.certificate_document,
        name="certificate_document",
    ),
    path(
        "portal/produk/sertifikat-lembaga/<slug:seller_slug>/",
        views.portal_seller_certificates,
        name="portal_seller_certificates",
    ),
    path("portal/stok/", views.portal_stock, name="portal_stock"),
    path("zona/<slug:slug>/", views.zone_detail, name="zone_detail"),
    path("peta-potensi/", views.potential_map, name="potential_map"),
    path("peta-potensi/<str:code>/", views.potential_regency, name="potential_regency"),
    path("portal/penilaian-ovop/", views.ovop_assessment_queue, name="ovop_assessment_queue"),
    path("portal/penilaian-ovop/<int:pk>/", views.ovop_assessment, name="ovop_assessment"),
]
