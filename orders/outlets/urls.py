from django.urls import path

from . import views

app_name = "outlets"
urlpatterns = [
    path("gerai/", views.outlet_list, name="outlet_list"),
    path("gerai/<int:pk>/", views.outlet_detail, name="outlet_detail"),
    path("gerai/<int:pk>/stok/unggah/", views.outlet_stock_upload, name="outlet_stock_upload"),
    path("gerai/<int:pk>/penjualan/", views.outlet_sales_entry, name="outlet_sales_entry"),
    path("gerai/<int:pk>/opname/", views.outlet_opname, name="outlet_opname"),
    path("portal/gerai/", views.portal_outlets, name="portal_outlets"),
]
