from django.urls import path

from . import views

app_name = "participation"
urlpatterns = [
    path("", views.index, name="index"),
    path("points/", views.points, name="points"),
    path("wishes/", views.wishes, name="wishes"),
    path("wishes/<int:pk>/<str:step>/", views.wish_step, name="wish_step"),
]
