from django.urls import path

from . import views

app_name = "sellers"
urlpatterns = [
    path("lembaga/<slug:slug>/", views.seller_public, name="public"),
    path("portal/daftar/", views.seller_register, name="register"),
    path("portal/lembaga/<slug:slug>/", views.seller_manage, name="manage"),
    path("portal/lembaga/<slug:slug>/dokumen/", views.document_upload, name="document_upload"),
    path(
        "portal/lembaga/<slug:slug>/dokumen/<int:pk>/",
        views.document_download,
        name="document_download",
    ),
    path("portal/lembaga/<slug:slug>/ajukan/", views.seller_submit, name="submit"),
    path("portal/lembaga/<slug:slug>/undang/", views.member_invite, name="invite"),
    path("portal/undangan/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("tinjau/", views.review_queue, name="review_queue"),
    path("tinjau/<slug:slug>/", views.seller_review, name="review"),
]
