from django.urls import path

from . import views

app_name = "scoring"
urlpatterns = [
    path("", views.index, name="index"),
    path("rankings/", views.rankings, name="rankings"),
    path("reports/", views.reports, name="reports"),
    path("peer/", views.peer, name="peer"),
    path("reports/generate/", views.generate_now, name="generate"),
    path("reports/<int:pk>/<str:fmt>/", views.download, name="download"),
]
