from django.urls import path

from . import views

app_name = "basedata"
urlpatterns = [
    path("", views.home, name="home"),
    path("grids/<str:code>/", views.grid, name="grid"),
    path("people/<int:pk>/", views.person, name="person"),
    path("people/<int:pk>/reveal/", views.reveal, name="reveal"),
    path("proposals/", views.proposals, name="proposals"),
    path("proposals/<int:pk>/decide/", views.decide, name="decide"),
    path("cases/<int:pk>/link/", views.link_case, name="link_case"),
]
