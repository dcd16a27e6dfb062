from django.urls import path

from tongxin.triage import similar_views

from . import actions, inbox, personal, views

app_name = "workbench"
urlpatterns = [
    path("", views.home, name="home"),
    path("cases/", views.case_list, name="cases"),
    path("cases/new/", views.case_new, name="case_new"),
    path("cases/export.csv", personal.case_export, name="case_export"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/reveal/", personal.case_reveal, name="case_reveal"),
    path("cases/<int:pk>/act/<slug:action>/", actions.case_act, name="act"),
    path("cases/<int:pk>/files/<int:attachment_pk>/", views.attachment, name="attachment"),
    path("cases/<int:pk>/similar/link/", similar_views.link, name="similar_link"),
    path("cases/<int:pk>/similar/unlink/", similar_views.unlink, name="similar_unlink"),
    path("cases/<int:pk>/similar/merge/", similar_views.merge, name="similar_merge"),
    path("notifications/", inbox.inbox, name="notifications"),
    path("notifications/<int:pk>/open/", inbox.open_notification, name="notification_open"),
    path("notifications/read-all/", inbox.mark_all_read, name="notifications_read_all"),
]
