from django.urls import path

from . import views

app_name = "reviews"
urlpatterns = [
    path("pesanan/<str:number>/ulasan/", views.review_create, name="create"),
    path("pesanan/<str:number>/faktur.pdf", views.invoice_download, name="invoice"),
    path("penjual/ulasan/", views.seller_reviews, name="seller-reviews"),
    path("staf/ulasan/", views.staff_reviews, name="staff-reviews"),
]
