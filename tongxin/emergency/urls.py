from django.urls import path

from . import views

app_name = "emergency"
urlpatterns = [
    path("", views.home, name="home"),
    path("resources/", views.resources, name="resources"),
    path("drill/", views.drill, name="drill"),
    path("incidents/<int:pk>/", views.board, name="board"),
    path("incidents/<int:pk>/<slug:name>/", views.step, name="step"),
]
