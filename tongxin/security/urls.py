from django.urls import path

from . import views

app_name = "security"
urlpatterns = [
    path("", views.index, name="index"),
    path("totp/", views.second_factor, name="totp"),
    path("password/", views.password_change, name="password_change"),
    path("audit/", views.audit_log, name="audit"),
    path("audit/export.csv", views.audit_export, name="audit_export"),
]
