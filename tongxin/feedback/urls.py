from django.urls import path

from . import views

app_name = "feedback"
urlpatterns = [
    path("", views.index, name="index"),
    path("rate/<str:token>/", views.rate, name="rate"),
    path("callbacks/", views.callbacks, name="callbacks"),
    path("visits/<int:pk>/answer/", views.record, name="record"),
    path("visits/<int:pk>/reveal/", views.reveal, name="reveal"),
]
