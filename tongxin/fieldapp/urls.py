from django.urls import path

from . import views

app_name = "fieldapp"
urlpatterns = [
    path("", views.home, name="home"),
    *views.APP.urls(),
]
