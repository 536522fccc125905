from django.urls import path

from . import views

app_name = "monitoring"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("laporan/", views.report_list, name="reports"),
    path("laporan/buat/", views.report_generate, name="report_generate"),
    path("laporan/<int:pk>/telaah/", views.report_review, name="report_review"),
    path("laporan/<int:pk>/sampaikan/", views.report_submit, name="report_submit"),
    path("laporan/<int:pk>/unduh.<str:fmt>", views.report_download, name="report_download"),
    path("lembaga/<slug:slug>/", views.seller_figures, name="seller_figures"),
]
