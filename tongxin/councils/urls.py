from django.urls import path

from . import views

app_name = "councils"
urlpatterns = [
    path("", views.topics, name="topics"),
    path("propose/", views.propose, name="propose"),
    path("minutes/", views.public, name="public"),
    path("<int:pk>/", views.topic, name="topic"),
    path("<int:pk>/<slug:name>/", views.step, name="step"),
]
