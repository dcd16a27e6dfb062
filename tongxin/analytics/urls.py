from django.urls import path

from . import views

app_name = "analytics"
urlpatterns = [
    path("", views.dashboard_page, name="dashboard"),
    path("screen/", views.screen_page, name="screen"),
    path("map/", views.map_page, name="map"),
    path("insights/", views.insights_page, name="insights"),
    path("api/dashboard.json", views.dashboard_json, name="dashboard_json"),
    path("api/regions.json", views.regions_json, name="regions_json"),
    path("api/points.json", views.points_json, name="points_json"),
    path("api/hexes.json", views.hexes_json, name="hexes_json"),
    path("api/objects.json", views.objects_json, name="objects_json"),
    path("api/warnings.json", views.warnings_json, name="warnings_json"),
    path("api/hot.json", views.hot_json, name="hot_json"),
]
