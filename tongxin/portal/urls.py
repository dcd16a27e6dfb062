from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.phone_login, name="login"),
    path("cases/", views.my_cases, name="cases"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("notices/", views.notices, name="notices"),
    path("board/", views.board, name="board"),
    path("offline/", views.offline, name="offline"),
    *views.APP.urls(),
]
