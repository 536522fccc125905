from django.urls import path

from . import views

app_name = "promotions"
urlpatterns = [
    path("kampanye/<slug:slug>/", views.campaign_detail, name="campaign"),
    path("akun/asn/", views.asn_profile, name="asn_profile"),
    path("staf/kampanye/", views.staff_campaigns, name="staff_campaigns"),
    path("staf/kampanye/baru/", views.staff_campaign_create, name="staff_campaign_create"),
    path("staf/kampanye/<slug:slug>/", views.staff_campaign, name="staff_campaign"),
    path("staf/kampanye/<slug:slug>/ubah/", views.staff_campaign_edit, name="staff_campaign_edit"),
    path(
        "staf/kampanye/<slug:slug>/jeda/", views.staff_campaign_pause, name="staff_campaign_pause"
    ),
    path(
        "staf/kampanye/<slug:slug>/laporan.xlsx",
        views.staff_campaign_xlsx,
        name="staff_campaign_xlsx",
    ),
    path(
        "staf/kampanye/<slug:slug>/voucher.csv",
        views.staff_vouchers_csv,
        name="staff_vouchers_csv",
    ),
]
