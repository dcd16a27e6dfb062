from django.urls import path

from . import kb_views, views

app_name = "hotline"
urlpatterns = [
    path("", views.console, name="console"),
    path("kb/", kb_views.kb_list, name="kb"),
    path("kb/new/", kb_views.kb_edit, name="kb_new"),
    path("kb/<int:pk>/", kb_views.kb_edit, name="kb_edit"),
    path("kb/<int:pk>/reviewed/", kb_views.kb_reviewed, name="kb_reviewed"),
    path("kb/<int:pk>/retire/", kb_views.kb_retire, name="kb_retire"),
]
