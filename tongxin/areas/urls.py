from django.urls import path

from . import views

app_name = "areas"
urlpatterns = [
    path("", views.home, name="home"),
    path("property/", views.property_ranking, name="property"),
    path("police/", views.police, name="police"),
    path("<str:code>/notice/", views.notice, name="notice"),
]
