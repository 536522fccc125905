from django.urls import path

from . import views

app_name = "outlets"
urlpatterns = [
    path("gerai/", views.outlet_list, name="outlet_list"),
    path("gerai/<int:pk>/", views.outlet_detail, name="outlet_detail"),
    path("portal/gerai/", views.portal_outlets, name="portal_outlets"),
]
