from django.urls import path

from . import views

app_name = "complaints"
urlpatterns = [
    path("pesanan/<str:number>/komplain/", views.complaint_create, name="create"),
    path("komplain/<int:pk>/", views.complaint_detail, name="detail"),
    path("komplain/<int:pk>/foto/<int:photo_pk>/", views.complaint_photo, name="photo"),
    path("penjual/komplain/", views.seller_complaints, name="seller-list"),
    path("staf/komplain/", views.staff_complaints, name="staff-list"),
]
