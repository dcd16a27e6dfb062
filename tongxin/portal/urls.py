from django.urls import path

from . import anonymous_views, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.phone_login, name="login"),
    path("cases/", views.my_cases, name="cases"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("notices/", views.notices, name="notices"),
    path("board/", views.board, name="board"),
    path("offline/", views.offline, name="offline"),
    path("anonymous/report/", anonymous_views.report, name="anonymous_report"),
    path("follow/<str:token>/", anonymous_views.follow, name="follow"),
    path("follow/<str:token>/rate/", anonymous_views.follow_rate, name="follow_rate"),
    *views.APP.urls(),
]
